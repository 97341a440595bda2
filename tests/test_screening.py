"""cme_core.screening: the CME screen on the object path (issue 14)."""

from __future__ import annotations

import datetime as dt
import pickle

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cme_core.attendance import attendance_return_run, sickness_absence, summarise
from cme_core.calendars import CalendarRangeError, SchoolCalendar
from cme_core.errors import InvalidArgument, InvalidDate, InvalidInput
from cme_core.registers import AttendanceRecord
from cme_core.screening import (
    CONTINUOUS_ABSENCE_SCHOOL_DAYS,
    PupilScreen,
    Screening,
    priority_of,
    screen,
    screen_one,
)
from cme_core.strategies import attendance_years, school_calendars

CAL = SchoolCalendar.typical_english(2024, 2024)
MON = dt.date(2024, 9, 2)
WEEK_N = "NNNNNNNNNN----"
WEEK_I = "IIIIIIIIII----"


def _weeks(week: str, n: int, pupil: str = "P1") -> AttendanceRecord:
    return AttendanceRecord.from_codes(pupil, MON, week * n)


def test_the_twenty_day_run_at_its_edges() -> None:
    r = _weeks(WEEK_N, 5)
    # 2 Sep + 19 school days = 27 Sep (the 20th school day)
    before = screen_one(r, calendar=CAL, on=dt.date(2024, 9, 26))
    of = screen_one(r, calendar=CAL, on=dt.date(2024, 9, 27))
    after = screen_one(r, calendar=CAL, on=dt.date(2024, 9, 30))
    assert (before.run_days, before.run_reached_on) == (19, None)
    assert before.run_due_on == dt.date(2024, 9, 27)
    assert (of.run_days, of.run_reached_on, of.run_due_on) == (20, dt.date(2024, 9, 27), None)
    assert (after.run_days, after.run_reached_on) == (21, dt.date(2024, 9, 27))
    assert of.priority & 16  # set only once reached
    assert not before.priority & 16
    assert of.regime == "2024"


def test_the_return_run_and_sickness_at_their_edges() -> None:
    n = _weeks(WEEK_N, 3)
    assert screen_one(n, calendar=CAL, on=dt.date(2024, 9, 12)).return_run_reached_on is None
    assert screen_one(n, calendar=CAL, on=dt.date(2024, 9, 13)).return_run_reached_on == (
        dt.date(2024, 9, 13)
    )
    sick = _weeks(WEEK_I, 4)
    day_14 = screen_one(sick, calendar=CAL, on=dt.date(2024, 9, 19))
    day_15 = screen_one(sick, calendar=CAL, on=dt.date(2024, 9, 20))
    assert (day_14.sick_days, day_14.sick_reached_on) == (14, None)
    assert day_14.sick_due_on == dt.date(2024, 9, 20)
    assert (day_15.sick_days, day_15.sick_reached_on, day_15.sick_due_on) == (
        15,
        dt.date(2024, 9, 20),
        None,
    )
    # sickness is not a continuous-absence run
    assert day_15.run_days == 0


def test_the_2006_regime_reads_unauthorised_absence() -> None:
    cal = SchoolCalendar.typical_english(2022, 2022)
    r = AttendanceRecord.from_codes("P1", dt.date(2022, 9, 5), "OOOOOOOOOO----" * 5)
    row = screen_one(r, calendar=cal, on=dt.date(2022, 10, 7))
    assert row.regime == "2006"
    assert row.run_days == 24  # 19 Sep 2022 (a bank holiday) is no school day


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_screen_reads_the_attendance_functions(data: st.DataObject) -> None:
    calendar = data.draw(school_calendars(first_year=st.integers(2022, 2025)))
    record = data.draw(attendance_years(calendar=calendar))
    year = calendar.school_years[0]
    on = min(year.first_day + dt.timedelta(days=data.draw(st.integers(0, 320))), calendar.end)
    row = screen_one(record, calendar=calendar, on=on)
    ret = attendance_return_run(record, calendar, on)
    sick = sickness_absence(record, calendar, on, school_year_start=year.first_day)
    s = summarise(record, year.first_day, on)
    assert row.return_run_days == ret.length
    assert row.return_run_reached_on == ret.reached_on
    assert (row.sick_days, row.sick_days_in_year) == (sick.consecutive_days, sick.total_days)
    assert (row.possible_sessions, row.absence) == (s.possible_sessions, s.absence)
    assert row.persistent_absence == s.persistent_absence
    assert row.severe_absence == s.severe_absence
    assert (row.run_reached_on is not None) == (row.run_days >= CONTINUOUS_ABSENCE_SCHOOL_DAYS)


def test_screens_merge_as_a_monoid_and_rank() -> None:
    absent = _weeks(WEEK_N, 5, "ABSENT")
    here = AttendanceRecord.from_codes("HERE", MON, "/\\" * 35)
    sick = _weeks(WEEK_I, 5, "SICK")
    on = dt.date(2024, 10, 4)
    a = screen([here], calendar=CAL, on=on)
    b = screen([absent], calendar=CAL, on=on)
    c = screen([sick], calendar=CAL, on=on)
    assert (a + b) + c == a + (b + c) == screen([here, absent, sick], calendar=CAL, on=on)
    assert Screening.empty(on) + a == a == a + Screening.empty(on)
    assert a.merge(b, c) == a + b + c
    assert [r.pupil_id for r in (a + b + c).ranked()] == ["ABSENT", "SICK", "HERE"]
    with pytest.raises(InvalidInput, match="different judging days"):
        a + screen([here], calendar=CAL, on=on - dt.timedelta(days=1))
    with pytest.raises(InvalidArgument):
        a.merge(object())  # type: ignore[arg-type]
    assert a.__add__(object()) is NotImplemented


def test_results_pickle_and_serialise() -> None:
    s = screen([_weeks(WEEK_N, 5)], calendar=CAL, on=dt.date(2024, 10, 4))
    assert pickle.loads(pickle.dumps(s)) == s
    assert pickle.loads(pickle.dumps(CAL)) == CAL  # calendars broadcast
    d = s.rows[0].to_dict()
    assert d["run_reached_on"] == "2024-09-27"
    assert list(d) == [f.name for f in attrs.fields(PupilScreen)]


def test_priority_bits() -> None:
    assert (
        priority_of(
            run_reached=True, return_reached=False, sick_reached=False, severe=None, persistent=None
        )
        == 16
    )
    assert (
        priority_of(
            run_reached=False, return_reached=True, sick_reached=True, severe=True, persistent=True
        )
        == 15
    )
    assert CONTINUOUS_ABSENCE_SCHOOL_DAYS == 20


def test_bad_arguments() -> None:
    r = _weeks(WEEK_N, 1)
    with pytest.raises(InvalidArgument):
        screen_one(r, calendar=CAL, on=dt.datetime(2024, 9, 2))
    with pytest.raises(InvalidArgument):
        screen_one("P1", calendar=CAL, on=MON)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument):
        screen_one(r, calendar="cal", on=MON)  # type: ignore[arg-type]
    with pytest.raises(CalendarRangeError):
        screen_one(r, calendar=CAL, on=dt.date(2030, 1, 1))
    with pytest.raises(InvalidDate, match="since"):
        screen_one(r, calendar=CAL, on=MON, since=dt.date(2024, 9, 3))
    no_terms = SchoolCalendar.from_school_days(CAL.days)
    with pytest.raises(InvalidDate, match="since="):
        screen_one(r, calendar=no_terms, on=dt.date(2024, 9, 6))
    row = screen_one(r, calendar=no_terms, on=dt.date(2024, 9, 6), since=MON)
    assert row.year_start == MON
