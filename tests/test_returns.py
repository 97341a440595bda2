from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import attrs
import hypothesis
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from cme_core.attendance_codes import ALL_CODES, code_set_for
from cme_core.calendars import SchoolCalendar
from cme_core.errors import InvalidArgument, InvalidDate
from cme_core.law.counting import DayKind, RunRule, day_kind
from cme_core.people import Address, Parent, PhoneNumber, Pupil, Sex
from cme_core.registers import (
    AM,
    PM,
    AdmissionEntry,
    AttendanceRecord,
    Deleted,
    Entered,
    SchoolRegister,
    encode_marks,
)
from cme_core.returns import (
    LONDON,
    AttendanceDetails,
    Deadline,
    DeletionDetails,
    DeletionReturn,
    LARequests,
    NewPupilDetails,
    NewPupilReturn,
    Obligation,
    ObligationStatus,
    ReturnKind,
    SicknessDetails,
    SicknessExpectation,
    _obligations,
    build_return,
    check_return,
    deletion_return_due,
    deletion_return_window,
    new_pupil_return_due,
    obligations,
)
from cme_core.school_age import compulsory_school_age_status
from cme_core.schools import Phase, School, SchoolKind
from cme_core.strategies import attendance_years, dates_of_birth, school_calendars

ONE = timedelta(days=1)
CAL = SchoolCalendar.typical_english(2014, 2026)
SCHOOL = School(
    laestab="8012000",
    name="Example Primary",
    kind=SchoolKind.ACADEMY,
    phase=Phase.PRIMARY,
    most_junior_year_group=0,
    most_senior_year_group=6,
    calendar=CAL,
)
HOME = Address(lines=("1 Example Road",), town="Exampleton", postcode="SW1A 1AA")
PARENT = Parent(
    full_name="Parent Example",
    address=HOME,
    lives_with_pupil=True,
    emergency_phones=(PhoneNumber(number="07700 900123"),),
)


def pupil(pid: str, dob: date = date(2016, 5, 1)) -> Pupil:
    return Pupil(
        pupil_id=pid,
        full_name="Child Example",
        name_used_at_school="Child",
        sex=Sex.FEMALE,
        date_of_birth=dob,
        upn="B801200005001",
        address=HOME,
        parents=(PARENT,),
    )


def entry(pid: str, *events: Entered | Deleted) -> AdmissionEntry:
    return AdmissionEntry(pupil_id=pid, events=events)


def register(
    *entries: AdmissionEntry, attendance: tuple[AttendanceRecord, ...] = ()
) -> SchoolRegister:
    return SchoolRegister(school=SCHOOL, admissions=entries, attendance=attendance)


# --- deadlines -------------------------------------------------------------------------------


def test_new_pupil_deadline_is_end_of_fifth_calendar_day() -> None:
    due = new_pupil_return_due(date(2024, 9, 4))
    assert due.last_day == date(2024, 9, 9)
    assert due.citation == "SI 2024/208 reg 13(1)-(3)"


def test_new_pupil_deadline_takes_the_entered_event_and_counts_from_its_entry_day() -> None:
    friday, monday = date(2025, 3, 28), date(2025, 3, 31)
    event = Entered(starting_day=monday, entered_on=friday, pupil=pupil("P1"))
    due = new_pupil_return_due(event)
    assert due == new_pupil_return_due(friday)
    assert due.last_day == date(2025, 4, 2)  # not 5 April, counted from the starting day
    # no entry day recorded: the starting day is the day the name was entered
    assert new_pupil_return_due(Entered(starting_day=monday, pupil=pupil("P1"))).last_day == (
        date(2025, 4, 5)
    )
    # the obligation derived from the register agrees
    reg = register(entry("P1", event))
    (ob,) = [o for o in obligations(reg, on=monday) if o.kind is ReturnKind.NEW_PUPIL]
    assert ob.due == due
    # the 2016 start of the duty is judged on the entry day, not the starting day
    late_start = Entered(
        starting_day=date(2016, 9, 5), entered_on=date(2016, 8, 31), pupil=pupil("P1")
    )
    with pytest.raises(InvalidDate):
        new_pupil_return_due(late_start)


def test_new_pupil_deadline_instant_across_clock_changes() -> None:
    spring = new_pupil_return_due(date(2025, 3, 28))  # clocks go forward 30 Mar 2025
    assert spring.ends_at is not None
    assert spring.ends_at.isoformat() == "2025-04-03T00:00:00+01:00"
    autumn = new_pupil_return_due(date(2024, 10, 25))  # clocks go back 27 Oct 2024
    assert autumn.ends_at is not None
    assert autumn.ends_at.isoformat() == "2024-10-31T00:00:00+00:00"


@pytest.mark.parametrize(
    ("entered", "ok"),
    [(date(2016, 8, 31), False), (date(2016, 9, 1), True), (date(2016, 9, 2), True)],
)
def test_new_pupil_return_began_1_sep_2016(entered: date, ok: bool) -> None:
    if ok:
        assert new_pupil_return_due(entered).last_day == entered + 5 * ONE
        assert "SI 2006/1751" in new_pupil_return_due(entered).citation
    else:
        with pytest.raises(InvalidDate):
            new_pupil_return_due(entered)


def test_deletion_return_due_is_a_deadline_at_the_deletion() -> None:
    for deleted, citation in [
        (date(2024, 8, 18), "SI 2006/1751 reg 12(6)"),  # the last day of the 2006 rules
        (date(2024, 8, 19), "SI 2024/208 reg 13(4)"),  # the first of the 2024 rules
        (date(2016, 8, 31), "SI 2006/1751 reg 12(3)"),  # the day before SI 2016/792
        (date(2006, 9, 1), "SI 2006/1751 reg 12(3)"),
    ]:
        due = deletion_return_due(deleted)
        assert isinstance(due, Deadline)
        assert due.last_day == deleted
        assert due.ends_at == datetime.combine(deleted + ONE, time(0), tzinfo=LONDON)
        assert due.citation.startswith(citation)
    assert deletion_return_due(date(2025, 3, 29)).ends_at.isoformat() == (  # type: ignore[union-attr]
        "2025-03-30T00:00:00+00:00"  # GMT until 01:00 that night
    )
    with pytest.raises(InvalidDate):
        deletion_return_due(date(2006, 8, 31))
    with pytest.raises(InvalidArgument):
        deletion_return_due(datetime(2025, 1, 6, 9))


def test_deletion_window_is_two_deadlines_by_regime() -> None:
    met = date(2024, 8, 16)
    soon, latest = deletion_return_window(date(2024, 8, 18), ground_met_on=met)
    assert (soon.last_day, latest.last_day) == (met, date(2024, 8, 18))
    assert soon.rule == "as soon as the ground for deletion is met"
    assert latest == deletion_return_due(date(2024, 8, 18))
    # 2006 without the ground-met day: the first deadline has no fixed day
    soon, latest = deletion_return_window(date(2024, 8, 18))
    assert soon.last_day is None
    assert soon.ends_at is None
    assert latest.last_day == date(2024, 8, 18)
    # 2024: both at the deletion, and the ground-met day is not asked for
    for given in ({}, {"ground_met_on": met}):
        soon, latest = deletion_return_window(date(2024, 8, 19), **given)
        assert soon == latest == deletion_return_due(date(2024, 8, 19))
        assert latest.rule == "when the name is deleted"
    with pytest.raises(InvalidDate):  # retrospective, under either regime
        deletion_return_window(date(2024, 8, 18), ground_met_on=date(2024, 8, 19))
    with pytest.raises(InvalidDate):
        deletion_return_window(date(2025, 8, 18), ground_met_on=date(2025, 8, 19))
    with pytest.raises(InvalidDate):
        deletion_return_window(date(2006, 8, 31))
    with pytest.raises(InvalidArgument):
        deletion_return_window(date(2025, 1, 6), ground_met_on="2025-01-01")  # type: ignore[call-overload]
    with pytest.raises(InvalidArgument):
        deletion_return_window()  # type: ignore[call-overload]


def test_deletion_window_old_call_shape_is_deprecated() -> None:
    old = "deletion_return_window.ground_met_on, deleted_on. returning two dates is deprecated"
    with pytest.warns(DeprecationWarning, match=old):
        assert deletion_return_window(date(2024, 8, 16), date(2024, 8, 18)) == (
            date(2024, 8, 16),
            date(2024, 8, 18),
        )
    with pytest.warns(DeprecationWarning, match=old):
        assert deletion_return_window(date(2024, 8, 16), date(2024, 8, 19)) == (
            date(2024, 8, 19),
            date(2024, 8, 19),
        )
    with pytest.warns(DeprecationWarning, match=old):
        assert deletion_return_window(
            ground_met_on=date(2024, 8, 16), deleted_on=date(2024, 8, 18)
        ) == (date(2024, 8, 16), date(2024, 8, 18))
    with pytest.warns(DeprecationWarning, match=old):
        assert deletion_return_window(date(2024, 8, 16), deleted_on=date(2024, 8, 18)) == (
            date(2024, 8, 16),
            date(2024, 8, 18),
        )
    with pytest.warns(DeprecationWarning, match=old), pytest.raises(InvalidDate):
        deletion_return_window(date(2024, 8, 19), date(2024, 8, 18))


def test_status_edges() -> None:
    reg = register(
        entry("P1", Entered(starting_day=date(2025, 1, 6), pupil=pupil("P1"), year_group=3))
    )
    (ob,) = obligations(reg, on=date(2025, 1, 20))
    last = date(2025, 1, 11)
    assert ob.due.last_day == last
    assert ob.status(date(2025, 1, 5)) is ObligationStatus.NOT_YET_DUE
    assert ob.status(date(2025, 1, 6)) is ObligationStatus.DUE
    assert ob.status(last) is ObligationStatus.DUE
    assert ob.status(last + ONE) is ObligationStatus.OVERDUE
    assert ob.status(last + ONE, submitted_on=last) is ObligationStatus.MADE_ON_TIME
    assert ob.status(last + ONE, submitted_on=last + ONE) is ObligationStatus.MADE_LATE


# --- obligations -----------------------------------------------------------------------------


def test_no_new_pupil_return_before_2016() -> None:
    reg = register(
        entry("P1", Entered(starting_day=date(2015, 1, 5), pupil=pupil("P1"), year_group=3))
    )
    assert obligations(reg, on=date(2015, 3, 1)) == ()


def test_reception_on_first_day_is_exempt_unless_la_asked_before() -> None:
    first_day = CAL.first_day_of_school_year(2024)
    e = entry(
        "P1", Entered(starting_day=first_day, pupil=pupil("P1", date(2020, 1, 5)), year_group=0)
    )
    assert obligations(register(e), on=first_day + 10 * ONE) == ()
    asked_before = LARequests(new_pupil_returns_from=first_day - ONE)
    assert len(obligations(register(e), on=first_day + 10 * ONE, la_requests=asked_before)) == 1
    asked_same_day = LARequests(new_pupil_returns_from=first_day)
    assert obligations(register(e), on=first_day + 10 * ONE, la_requests=asked_same_day) == ()
    # a reception pupil starting on the second day is not exempt
    late = entry(
        "P2", Entered(starting_day=CAL.next_school_day(first_day), pupil=pupil("P2"), year_group=0)
    )
    assert len(obligations(register(late), on=first_day + 10 * ONE)) == 1


def test_deletion_returns_2006_before_2016_only_some_grounds() -> None:
    h = entry(
        "P1",
        Entered(starting_day=date(2014, 9, 3), pupil=pupil("P1", date(2007, 5, 1)), year_group=2),
        Deleted(on=date(2015, 3, 2), ground="8(1)(h)"),
    )
    e = entry(
        "P2",
        Entered(starting_day=date(2014, 9, 3), pupil=pupil("P2", date(2007, 5, 1)), year_group=2),
        Deleted(on=date(2015, 3, 2), ground="e"),
    )
    found = obligations(register(h, e), on=date(2015, 3, 10))
    assert [(o.kind, o.pupil_id) for o in found] == [(ReturnKind.DELETION, "P2")]


def test_deletion_return_2016_window_from_ground_met() -> None:
    d = entry(
        "P1",
        Entered(
            starting_day=date(2016, 9, 5),
            entered_on=date(2016, 9, 1),
            pupil=pupil("P1", date(2008, 5, 1)),
        ),
        Deleted(on=date(2017, 3, 6), ground="8(1)(h)"),
    )
    found = [
        o
        for o in obligations(
            register(d), on=date(2017, 3, 10), ground_met_on={"P1": date(2017, 3, 1)}
        )
        if o.kind is ReturnKind.DELETION
    ]
    assert len(found) == 1
    assert found[0].earliest == date(2017, 3, 1)
    assert found[0].due.last_day == date(2017, 3, 6)


def test_pending_2006_deletion_return_before_the_deletion() -> None:
    e = entry("P1", Entered(starting_day=date(2018, 9, 5), pupil=pupil("P1", date(2010, 5, 1))))
    found = [
        o
        for o in obligations(
            register(e), on=date(2019, 3, 10), ground_met_on={"P1": date(2019, 3, 1)}
        )
        if o.kind is ReturnKind.DELETION
    ]
    assert found[0].due.last_day is None
    assert found[0].status(date(2019, 3, 10)) is ObligationStatus.DUE


def test_2024_deletion_return_at_deletion_and_final_year_exemption() -> None:
    leaver = entry(
        "P1",
        Entered(starting_day=date(2024, 9, 4), pupil=pupil("P1", date(2013, 10, 1)), year_group=6),
        Deleted(on=CAL.last_day_of_school_year(2024), ground="9(1)(a)"),
    )
    mover = entry(
        "P2",
        Entered(starting_day=date(2024, 9, 4), pupil=pupil("P2", date(2015, 10, 1)), year_group=4),
        Deleted(on=date(2025, 2, 3), ground="9(1)(g)"),
    )
    early = entry(
        "P3",
        Entered(starting_day=date(2024, 9, 4), pupil=pupil("P3", date(2013, 10, 1)), year_group=6),
        Deleted(on=CAL.last_day_of_school_year(2024) - ONE, ground="9(1)(a)"),
    )
    found = [
        (o.pupil_id, o.earliest)
        for o in obligations(register(leaver, mover, early), on=date(2025, 8, 1))
        if o.kind is ReturnKind.DELETION
    ]
    assert found == [
        ("P2", date(2025, 2, 3)),
        ("P3", CAL.last_day_of_school_year(2024) - ONE),
    ]


def _marks(first: date, last: date, codes: str, absent_from: date, days: int) -> AttendanceRecord:
    out = []
    d = first
    absent = set(CAL.school_days(absent_from, CAL.add_school_days(absent_from, days - 1)))
    while d <= last:
        if not CAL.is_school_day(d):
            out.append("--")
        else:
            out.append(codes if d in absent else "/\\")
        d += ONE
    return AttendanceRecord.from_codes("P1", first, "".join(out))


@pytest.mark.parametrize(("days", "owed"), [(9, False), (10, True), (11, True)])
def test_attendance_return_ten_school_days_of_gnou(days: int, owed: bool) -> None:
    first = date(2024, 9, 2)
    record = _marks(first, date(2024, 12, 20), "NO", date(2024, 10, 1), days)
    e = entry("P1", Entered(starting_day=first, pupil=pupil("P1", date(2014, 5, 1)), year_group=5))
    found = [
        o
        for o in obligations(
            register(e, attendance=(record,)),
            on=date(2024, 12, 20),
            attendance_return_dates=(date(2024, 12, 20),),
            irregular_attendance_below=None,
        )
        if o.kind is ReturnKind.ATTENDANCE
    ]
    assert bool(found) is owed
    if owed:
        details = found[0].details
        assert isinstance(details, AttendanceDetails)
        assert details.longest_run_school_days == days


def test_attendance_return_authorised_mark_breaks_run() -> None:
    first = date(2024, 9, 2)
    record = _marks(first, date(2024, 12, 20), "NI", date(2024, 10, 1), 12)
    e = entry("P1", Entered(starting_day=first, pupil=pupil("P1", date(2014, 5, 1)), year_group=5))
    found = obligations(
        register(e, attendance=(record,)),
        on=date(2024, 12, 20),
        attendance_return_dates=(date(2024, 12, 20),),
        irregular_attendance_below=None,
    )
    assert [o for o in found if o.kind is ReturnKind.ATTENDANCE] == []


def test_sickness_return_once_per_period() -> None:
    e = entry("P1", Entered(starting_day=date(2024, 9, 2), pupil=pupil("P1", date(2014, 5, 1))))
    expect = SicknessExpectation(
        pupil_id="P1",
        recorded_on=date(2024, 11, 4),
        period_start=date(2024, 10, 21),
        consecutive=True,
    )
    again = SicknessExpectation(
        pupil_id="P1", recorded_on=date(2024, 11, 11), period_start=date(2024, 10, 21), total=True
    )
    found = [
        o
        for o in obligations(register(e), on=date(2024, 11, 20), sickness=(expect, again))
        if o.kind is ReturnKind.SICKNESS
    ]
    assert len(found) == 1
    assert found[0].due.last_day is None
    assert found[0].status(date(2024, 11, 20)) is ObligationStatus.DUE


# --- content -----------------------------------------------------------------------------------


def test_build_and_check_deletion_return() -> None:
    e = entry(
        "P1",
        Entered(starting_day=date(2024, 9, 4), pupil=pupil("P1", date(2015, 10, 1)), year_group=4),
        Deleted(on=date(2025, 2, 3), ground="9(1)(g)"),
    )
    reg = register(e)
    (ob,) = [o for o in obligations(reg, on=date(2025, 2, 3)) if o.kind is ReturnKind.DELETION]
    ret = build_return(ob, reg)
    assert isinstance(ret, DeletionReturn)
    assert ret.pupil.parents == (PARENT,)
    assert ret.pupil.name_used_at_school is None  # not a deletion-return particular
    assert check_return(ret, on=date(2025, 2, 3), school=SCHOOL).problems == ()
    assert ret.entered_on == date(2024, 9, 4)  # no separate entry day: the starting day


def test_returns_name_the_entry_day_as_the_register_does() -> None:
    friday, monday = date(2024, 9, 6), date(2024, 9, 9)
    e = entry(
        "P1",
        Entered(
            starting_day=monday,
            entered_on=friday,
            pupil=pupil("P1", date(2015, 10, 1)),
            year_group=4,
        ),
        Deleted(on=date(2025, 2, 3), ground="9(1)(g)"),
    )
    reg = register(e)
    owed = obligations(reg, on=date(2025, 2, 3))
    new_pupil = build_return(next(o for o in owed if o.kind is ReturnKind.NEW_PUPIL), reg)
    deletion = build_return(next(o for o in owed if o.kind is ReturnKind.DELETION), reg)
    assert isinstance(new_pupil, NewPupilReturn)
    assert isinstance(deletion, DeletionReturn)
    assert (new_pupil.entered_on, new_pupil.starting_day) == (friday, monday)
    assert deletion.entered_on == friday  # 0.1 gave the starting day under this name


def test_check_return_reports_every_problem() -> None:
    bad = DeletionReturn(
        regime="2006",
        school_laestab="8012000",
        pupil=Pupil(pupil_id="P1", date_of_birth=date(2015, 10, 1)),
        deleted_on=date(2025, 2, 3),
        ground="8(1)(h)",
        entered_on=date(2025, 3, 1),
    )
    codes = check_return(bad, on=date(2025, 2, 1)).codes
    for code in ("CME-RET-003", "CME-RET-001", "CME-RET-008", "CME-RET-009"):
        assert code in codes


def test_joint_enquiries_ground_without_la_part_is_a_query() -> None:
    ret = DeletionReturn(
        regime="2024",
        school_laestab="8012000",
        pupil=Pupil(
            pupil_id="P1",
            full_name="C",
            date_of_birth=date(2015, 10, 1),
            address=HOME,
            parents=(PARENT,),
        ),
        deleted_on=date(2025, 2, 3),
        ground="9(1)(i)",
    )
    report = check_return(ret, on=date(2025, 2, 3))
    assert report.codes == ("CME-RET-013Q",)
    assert report.is_valid


def test_new_pupil_return_2024_needs_name_used_at_school() -> None:
    p = pupil("P1")
    ret = NewPupilReturn(
        regime="2024",
        school_laestab="8012000",
        pupil=Pupil(
            **{
                a: getattr(p, a)
                for a in ("pupil_id", "full_name", "sex", "date_of_birth", "address", "parents")
            }
        ),
        entered_on=date(2025, 1, 6),
        starting_day=date(2025, 1, 6),
        year_group=3,
        submitted_on=date(2025, 1, 12),
    )
    report = check_return(ret, on=date(2025, 1, 20), school=SCHOOL)
    assert "CME-RET-001" in report.codes
    assert "CME-RET-010Q" in report.codes  # made after the 11th


def test_first_pupil_day_after_an_inset_day_counts_as_the_first_day() -> None:
    from cme_core.calendars import Term

    terms = [Term(name="Autumn", first_day=date(2024, 9, 2), last_day=date(2024, 12, 20))]
    cal = SchoolCalendar.from_terms(terms, inset_days=[date(2024, 9, 2)])
    school = SCHOOL.__class__(
        laestab="8012000", name="X", kind=SchoolKind.ACADEMY, most_junior_year_group=0, calendar=cal
    )
    e = entry(
        "P1",
        Entered(starting_day=date(2024, 9, 3), pupil=pupil("P1", date(2020, 1, 5)), year_group=0),
    )
    assert obligations(SchoolRegister(school=school, admissions=(e,)), on=date(2024, 9, 20)) == ()
    late = entry(
        "P2",
        Entered(starting_day=date(2024, 9, 4), pupil=pupil("P2", date(2020, 1, 5)), year_group=0),
    )
    assert (
        len(obligations(SchoolRegister(school=school, admissions=(late,)), on=date(2024, 9, 20)))
        == 1
    )


def test_2006_deletion_return_may_be_made_once_the_ground_is_met() -> None:
    ret = DeletionReturn(
        regime="2006",
        school_laestab="8012000",
        pupil=Pupil(
            pupil_id="P1",
            full_name="C",
            date_of_birth=date(2008, 10, 1),
            address=HOME,
            parents=(PARENT,),
        ),
        deleted_on=date(2019, 3, 8),
        ground="8(1)(e)",
        ground_met_on=date(2019, 3, 4),
        submitted_on=date(2019, 3, 5),
    )
    assert "CME-RET-017Q" not in check_return(ret, on=date(2019, 3, 8)).codes
    early = attrs.evolve(ret, submitted_on=date(2019, 3, 1))
    assert "CME-RET-017Q" in check_return(early, on=date(2019, 3, 8)).codes


def test_age_the_rules_cannot_decide_is_a_query_not_a_crash() -> None:
    ret = DeletionReturn(
        regime="2006",
        school_laestab="8012000",
        pupil=Pupil(
            pupil_id="P1", full_name="C", date_of_birth=date(1991, 5, 1), parents=(PARENT,)
        ),
        deleted_on=date(2006, 10, 2),
        ground="8(1)(d)",
    )
    assert "CME-RET-018Q" in check_return(ret, on=date(2006, 10, 3)).codes


def test_a_submission_after_the_judging_day_is_not_yet_made() -> None:
    reg = register(
        entry("P1", Entered(starting_day=date(2025, 1, 6), pupil=pupil("P1"), year_group=3))
    )
    (ob,) = obligations(reg, on=date(2025, 1, 20))
    assert ob.status(date(2025, 1, 8), submitted_on=date(2025, 1, 9)) is ObligationStatus.DUE


def test_summer_holiday_leaver_after_the_calendar_ends_is_exempt() -> None:
    one_year = SchoolCalendar.typical_english(2024, 2024)
    school = SCHOOL.__class__(
        laestab="8012000",
        name="X",
        kind=SchoolKind.ACADEMY,
        most_senior_year_group=6,
        calendar=one_year,
    )
    leaver = entry(
        "P1",
        Entered(starting_day=date(2024, 9, 4), pupil=pupil("P1", date(2013, 10, 1)), year_group=6),
        Deleted(on=date(2025, 7, 31), ground="9(1)(a)"),
    )
    found = obligations(SchoolRegister(school=school, admissions=(leaver,)), on=date(2025, 8, 5))
    assert [o for o in found if o.kind is ReturnKind.DELETION] == []


def test_pending_2006_return_before_2016_needs_a_ground_that_required_one() -> None:
    e = entry("P1", Entered(starting_day=date(2014, 9, 3), pupil=pupil("P1", date(2006, 5, 1))))
    on = date(2015, 3, 10)

    def pending(met: object) -> list[Any]:
        found = obligations(register(e), on=on, ground_met_on={"P1": met})  # type: ignore[dict-item]
        return [o.details.ground for o in found if isinstance(o.details, DeletionDetails)]

    assert pending((date(2015, 3, 2), "8(1)(h)")) == []
    assert pending((date(2015, 3, 2), "e")) == ["8(1)(e)"]
    assert pending(date(2015, 3, 2)) == []  # ground unknown: no return known to be owed


def test_attendance_return_built_for_a_pupil_admitted_mid_period() -> None:
    first = date(2024, 11, 4)
    record = _marks(first, date(2024, 12, 20), "NN", first, 20)
    e = entry("P1", Entered(starting_day=first, pupil=pupil("P1", date(2014, 5, 1)), year_group=5))
    reg = register(e, attendance=(record,))
    (ob,) = [
        o
        for o in obligations(
            reg, on=date(2024, 12, 20), attendance_return_dates=(date(2024, 12, 20),)
        )
        if o.kind is ReturnKind.ATTENDANCE
    ]
    ret = build_return(ob, reg)
    assert ret.pupil.full_name == "Child Example"


def test_2006_deletion_return_needs_one_phone_not_one_each() -> None:
    no_phone = attrs.evolve(PARENT, full_name="Other Parent", emergency_phones=())
    ret = DeletionReturn(
        regime="2006",
        school_laestab="8012000",
        pupil=Pupil(
            pupil_id="P1",
            full_name="C",
            date_of_birth=date(2008, 10, 1),
            parents=(PARENT, no_phone),
        ),
        deleted_on=date(2018, 12, 3),
        ground="8(1)(e)",
    )
    assert "CME-RET-001" not in check_return(ret, on=date(2018, 12, 3)).codes
    as_2024 = attrs.evolve(ret, regime="2024", deleted_on=date(2025, 2, 3), ground="9(1)(g)")
    assert "CME-RET-001" in check_return(as_2024, on=date(2025, 2, 3)).codes


def test_far_future_dates_are_typed_errors_or_problems() -> None:
    with pytest.raises(InvalidDate):
        new_pupil_return_due(date(9999, 12, 31))


def test_pre_2016_deletion_return_carries_only_the_parent_address() -> None:
    e = entry(
        "P2",
        Entered(starting_day=date(2014, 9, 3), pupil=pupil("P2", date(2007, 5, 1)), year_group=2),
        Deleted(on=date(2015, 3, 2), ground="e"),
    )
    reg = register(e)
    (ob,) = obligations(reg, on=date(2015, 3, 10))
    ret = build_return(ob, reg)
    assert [(p.full_name, p.emergency_phones, p.address) for p in ret.pupil.parents] == [
        (None, (), HOME)
    ]
    assert check_return(ret, on=date(2015, 3, 10)).problems == ()


class TestTypedDetails:
    """Obligation.details is a typed record per kind (issue 10); key access is deprecated."""

    def _deletion(self) -> Obligation:
        return Obligation(
            kind=ReturnKind.DELETION,
            pupil_id="P1",
            regime="2024",
            trigger="t",
            triggered_on=date(2025, 1, 6),
            earliest=date(2025, 1, 6),
            due=Deadline(last_day=date(2025, 1, 6), rule="r", citation="c"),
            citation="c",
            details=DeletionDetails(ground="9(1)(g)", ground_met_on=None),
        )

    def test_details_wrong_kind_refused(self) -> None:
        with pytest.raises(InvalidArgument):
            attrs.evolve(
                self._deletion(),
                details=SicknessDetails(
                    period_start=date(2025, 1, 6), consecutive=True, total=False
                ),
            )

    def test_mapping_details_refused(self) -> None:
        with pytest.raises(InvalidArgument):
            attrs.evolve(self._deletion(), details={"ground": "9(1)(g)"})  # type: ignore[arg-type]

    def test_key_access_warns_and_still_works(self) -> None:
        details = self._deletion().details
        with pytest.warns(DeprecationWarning, match="typed record"):
            assert details["ground"] == "9(1)(g)"
        with pytest.warns(DeprecationWarning, match="typed record"):
            assert details.get("nonesuch", 5) == 5
        with pytest.warns(DeprecationWarning, match="typed record"), pytest.raises(KeyError):
            details["nonesuch"]

    def test_wire_form_unchanged(self) -> None:
        assert self._deletion().to_dict()["details"] == {"ground": "9(1)(g)", "ground_met_on": None}
        pending = DeletionDetails(ground=None, ground_met_on=date(2024, 1, 2), pending=True)
        assert pending.to_dict() == {"ground": None, "ground_met_on": "2024-01-02", "pending": True}
        assert NewPupilDetails(starting_day=date(2025, 1, 6)).to_dict() == {
            "starting_day": "2025-01-06"
        }


# --- attendance returns: the run/rate kernel against the day-by-day reading -------------------


def _reference_period_facts(
    record: AttendanceRecord, calendar: SchoolCalendar, start: date, end: date
) -> tuple[int, float | None]:
    """The day-by-day reading obligations() used before 0.x (two ``record.mark`` calls and a
    ``day_kind`` per school day): the reference the kernel must equal."""
    lo = max(start, calendar.start)
    hi = min(end, calendar.end)
    if hi < lo:
        return 0, None
    longest = current = 0
    possible = attended = 0
    for day in calendar.school_days(lo, hi):
        kind = day_kind(record, day, RunRule.RETURN_10_DAY)
        if kind is DayKind.CONTINUES:
            current += 1
            longest = max(longest, current)
        elif kind is not DayKind.NEUTRAL:
            current = 0
        codes = code_set_for(day)
        for session in (AM, PM):
            mark = record.mark(day, session)
            code = codes.get(mark) if mark is not None else None
            if code is not None and code.treatment.is_possible_session:
                possible += 1
                attended += code.treatment.counts_as_attendance
    return longest, (attended / possible if possible else None)


# Compact marks of every code, no mark, unknown, a closure, and stray characters (one not ASCII).
_MARK_CHARS = "".join(sorted({encode_marks(c)[0] for c in ALL_CODES})) + "-?#x~é"
_TOKENS = st.sampled_from(["N", "O", "/", "C1", "H", "K", "zz", "x"])


@st.composite
def _records_near(draw: st.DrawFn, calendar: SchoolCalendar) -> AttendanceRecord:
    """Any marks (valid, not in force, unknown, stray, missing) from near the calendar's start,
    sometimes with runs of G/N/O/U long enough to count."""
    first = calendar.start + timedelta(days=draw(st.integers(-20, 60)))
    pieces = draw(
        st.lists(
            st.one_of(
                st.text(alphabet=_MARK_CHARS, max_size=30),
                st.builds(lambda c, n: c * n, st.sampled_from("GNOU/-#I"), st.integers(2, 60)),
            ),
            max_size=12,
        )
    )
    marks = "".join(pieces)
    places = [i for i, c in enumerate(marks) if c == "?"]
    unknown = tuple((i, draw(_TOKENS)) for i in places if draw(st.booleans())) + tuple(
        draw(st.lists(st.tuples(st.integers(0, 400), _TOKENS), max_size=2))
    )
    return AttendanceRecord(pupil_id="P1", first_day=first, marks=marks, unknown=unknown)


@st.composite
def _kernel_cases(
    draw: st.DrawFn,
) -> tuple[SchoolCalendar, AttendanceRecord, list[tuple[date, date]], date]:
    calendar = draw(school_calendars(first_year=st.sampled_from([2005, 2006, 2023, 2024, 2025])))
    if calendar.start.year > 2005 and draw(st.booleans()):
        record = draw(attendance_years(calendar=calendar))
    else:
        record = draw(_records_near(calendar))
    width = (calendar.end - calendar.start).days
    offsets = draw(st.lists(st.integers(-30, width + 30), min_size=1, max_size=8))
    dues = [calendar.start + timedelta(days=d) for d in offsets]
    first = calendar.start + timedelta(days=draw(st.integers(-30, 40)))
    on = calendar.start + timedelta(days=draw(st.integers(-10, width + 30)))
    upcoming = [d for d in sorted(dues) if d > on][:1]
    periods = list(_obligations._attendance_periods([d for d in dues if d <= on] + upcoming, first))
    return calendar, record, periods, on


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@hypothesis.given(_kernel_cases())
def test_attendance_return_kernel_equals_the_day_by_day_reading(
    case: tuple[SchoolCalendar, AttendanceRecord, list[tuple[date, date]], date],
) -> None:
    calendar, record, periods, on = case
    kernel = _obligations._Kernel(calendar, periods, on)
    facts = kernel.facts(record)
    assert len(facts) == len(periods) == len(kernel.periods)
    for (start, due), got, period in zip(periods, facts, kernel.periods, strict=True):
        end = min(due, on)
        if period.invalid_day is not None:
            with pytest.raises(InvalidDate):
                _reference_period_facts(record, calendar, start, end)
            continue
        assert got == _reference_period_facts(record, calendar, start, end)


@hypothesis.given(dates_of_birth(), st.dates(date(1995, 1, 1), date(2060, 12, 31)))
def test_compulsory_school_age_from_its_first_and_last_day_equals_the_status(
    dob: date, day: date
) -> None:
    pupil = _obligations._Pupil(entry("P1"), {})
    assert pupil.compulsory_school_age(dob, day) == compulsory_school_age_status(dob, day)
    assert pupil.compulsory_school_age(dob, day + ONE) == compulsory_school_age_status(
        dob, day + ONE
    )


def test_attendance_return_kernel_reads_a_known_token_as_its_code() -> None:
    # An unknown token that is itself a code (a record built by hand) reads as that code,
    # as record.mark does: ten school days of N, stored as "?" with the token "N".
    day = date(2024, 9, 2)
    days = CAL.school_days(day, date(2024, 9, 13))
    marks = "".join("??" if (day + timedelta(days=i)) in days else "--" for i in range(12))
    unknown = tuple((i, "N") for i, c in enumerate(marks) if c == "?")
    record = AttendanceRecord(pupil_id="P1", first_day=day, marks=marks, unknown=unknown)
    kernel = _obligations._Kernel(CAL, [(day, date(2024, 9, 13))], date(2024, 9, 20))
    assert kernel.facts(record) == [(10, 0.0)]
    assert _reference_period_facts(record, CAL, day, date(2024, 9, 13)) == (10, 0.0)
