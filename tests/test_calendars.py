"""Tests for cme_core.calendars: school days (Education Act 1996 s579(1)) and bank holidays."""

from __future__ import annotations

import pickle
from bisect import bisect_left, bisect_right
from datetime import date, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from cme_core import calendars as calendars_module
from cme_core.calendars import (
    CalendarRangeError,
    InvalidCalendar,
    SchoolCalendar,
    SchoolYear,
    Term,
    check_terms,
    england_bank_holidays,
    england_bank_holidays_between,
    school_year_of_term_start,
)
from cme_core.errors import CmeError, InvalidArgument, InvalidDate, InvalidInput
from cme_core.strategies import school_calendars

ONE = timedelta(days=1)


def span(first: date, last: date) -> list[date]:
    """Every calendar day from first to last, inclusive."""
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def term(name: str, first: date, last: date) -> Term:
    return Term(name=name, first_day=first, last_day=last)


# An invented school's 2023/24 calendar, of the usual English shape. Half terms are closures
# inside the three terms; INSET days at the start of autumn, after October half term, at the end.
AUTUMN = term("Autumn", date(2023, 9, 4), date(2023, 12, 20))
SPRING = term("Spring", date(2024, 1, 4), date(2024, 3, 28))
SUMMER = term("Summer", date(2024, 4, 15), date(2024, 7, 23))
HALF_TERMS = (
    span(date(2023, 10, 30), date(2023, 11, 3))
    + span(date(2024, 2, 12), date(2024, 2, 16))
    + span(date(2024, 5, 27), date(2024, 5, 31))
)
INSET = [date(2023, 9, 4), date(2023, 11, 6), date(2024, 7, 23)]
EXAMPLE = SchoolCalendar.from_terms([SUMMER, AUTUMN, SPRING], closures=HALF_TERMS, inset_days=INSET)


# ---------------------------------------------------------------------------------------------
# England bank holidays (from the `holidays` package)
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "why"),
    [
        (date(2024, 12, 25), "Christmas Day"),
        (date(2024, 12, 26), "Boxing Day"),
        (date(2024, 3, 29), "Good Friday 2024"),
        (date(2024, 4, 1), "Easter Monday 2024"),
        (date(2025, 4, 21), "Easter Monday 2025"),
        (date(2022, 9, 19), "State funeral of Queen Elizabeth II"),
        (date(2023, 5, 8), "Coronation of Charles III"),
        (date(2022, 6, 2), "Spring bank holiday moved for the Platinum Jubilee"),
        (date(2022, 6, 3), "Platinum Jubilee"),
        (date(2020, 5, 8), "Early May bank holiday moved to VE Day"),
        (date(2012, 6, 5), "Diamond Jubilee"),
        (date(2011, 4, 29), "Royal wedding"),
        (date(2022, 12, 27), "substitute day for Christmas Day on a Sunday"),
        (date(2021, 12, 28), "substitute day for Boxing Day on a Sunday"),
        (date(2023, 1, 2), "substitute day for New Year's Day on a Sunday"),
    ],
)
def test_bank_holidays_include(day: date, why: str) -> None:
    assert day in england_bank_holidays(day.year), why


@pytest.mark.parametrize(
    ("day", "why"),
    [
        (date(2024, 1, 2), "2 January is a Scottish holiday only"),
        (date(2024, 8, 5), "first Monday in August is the Scottish summer holiday"),
        (date(2024, 3, 18), "St Patrick's Day (observed) is Northern Ireland only"),
        (date(2024, 5, 7), "the day after May Day"),
        (date(2020, 5, 4), "the usual May Day Monday, moved in 2020"),
        (date(2022, 5, 30), "the usual Spring bank holiday, moved in 2022"),
    ],
)
def test_bank_holidays_exclude(day: date, why: str) -> None:
    assert day not in england_bank_holidays(day.year), why


def test_bank_holidays_2024_in_full() -> None:
    assert sorted(england_bank_holidays(2024)) == [
        date(2024, 1, 1),
        date(2024, 3, 29),
        date(2024, 4, 1),
        date(2024, 5, 6),
        date(2024, 5, 27),
        date(2024, 8, 26),
        date(2024, 12, 25),
        date(2024, 12, 26),
    ]


def test_bank_holidays_between_is_inclusive_and_crosses_years() -> None:
    days = england_bank_holidays_between(date(2023, 12, 25), date(2024, 1, 1))
    assert sorted(days) == [date(2023, 12, 25), date(2023, 12, 26), date(2024, 1, 1)]
    assert england_bank_holidays_between(date(2023, 12, 26), date(2023, 12, 31)) == {
        date(2023, 12, 26)
    }
    assert england_bank_holidays_between(date(2023, 12, 27), date(2023, 12, 31)) == frozenset()
    with pytest.raises(InvalidDate):
        england_bank_holidays_between(date(2024, 1, 2), date(2024, 1, 1))


@pytest.mark.parametrize("year", [1, 1000, 1871, 2101, 9999])
def test_bank_holidays_outside_source_range_raise(year: int) -> None:
    with pytest.raises(CalendarRangeError, match="known for"):
        england_bank_holidays(year)


@pytest.mark.parametrize("bad", ["2024", 2024.0, True, None, date(2024, 1, 1)])
def test_bank_holidays_wrong_year_types(bad: Any) -> None:
    with pytest.raises(InvalidArgument, match="year must be an int"):
        england_bank_holidays(bad)


@pytest.mark.parametrize("bad", ["2024-01-01", 2024, None, (2024, 1, 1)])
def test_bank_holidays_between_wrong_types(bad: Any) -> None:
    with pytest.raises(InvalidArgument, match=r"must be a datetime\.date"):
        england_bank_holidays_between(bad, date(2024, 1, 1))
    with pytest.raises(InvalidArgument, match=r"must be a datetime\.date"):
        england_bank_holidays_between(date(2024, 1, 1), bad)


def test_bank_holiday_range_rejects_datetimes() -> None:
    with pytest.raises(InvalidArgument, match=r"\.date\(\)"):
        england_bank_holidays_between(datetime(2024, 1, 1), date(2024, 2, 1))


# GOV.UK's "England and Wales" list (https://www.gov.uk/bank-holidays), kept as a fixture in the
# shared third-party data beside the checkout.
GOV_UK_FILE = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "external"
    / "govuk_bank_holidays"
    / "england_and_wales_2022_2027.txt"
)


def _gov_uk() -> dict[int, set[date]]:
    if not GOV_UK_FILE.exists():
        pytest.skip("GOV.UK bank holidays fixture not available")
    by_year: dict[int, set[date]] = {}
    for line in GOV_UK_FILE.read_text(encoding="utf-8").split():
        day = date.fromisoformat(line)
        by_year.setdefault(day.year, set()).add(day)
    return by_year


def test_weekdays_only_agrees_with_gov_uk_for_every_year_it_lists() -> None:
    gov_uk = _gov_uk()
    assert sorted(gov_uk) == list(range(2022, 2028))
    for year, days in gov_uk.items():
        assert england_bank_holidays(year, weekdays_only=True) == days, year
    first, last = min(min(d) for d in gov_uk.values()), max(max(d) for d in gov_uk.values())
    assert england_bank_holidays_between(
        date(first.year, 1, 1), date(last.year, 12, 31), weekdays_only=True
    ) == set().union(*gov_uk.values())


def test_by_default_weekend_holidays_are_listed_beside_their_substitutes() -> None:
    gov_uk = _gov_uk()
    for year, days in gov_uk.items():
        every = england_bank_holidays(year)
        assert every >= days
        assert all(d.weekday() >= 5 for d in every - days), year
    # Christmas Day 2022 was a Sunday: the day itself, Boxing Day, and Christmas's substitute
    assert sorted(d for d in england_bank_holidays(2022) if d.month == 12) == [
        date(2022, 12, 25),
        date(2022, 12, 26),
        date(2022, 12, 27),
    ]
    assert date(2022, 12, 25) not in england_bank_holidays(2022, weekdays_only=True)
    assert date(2022, 12, 27) in england_bank_holidays(2022, weekdays_only=True)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2022, 12, 24), date(2022, 12, 25), set()),  # Sat, Sun: no GOV.UK day
        (date(2022, 12, 25), date(2022, 12, 26), {date(2022, 12, 26)}),
        (date(2022, 12, 27), date(2022, 12, 27), {date(2022, 12, 27)}),  # the substitute
    ],
)
def test_weekdays_only_between_at_its_edges(start: date, end: date, expected: set[date]) -> None:
    assert england_bank_holidays_between(start, end, weekdays_only=True) == expected


@pytest.mark.parametrize("bad", [1, "yes", None])
def test_weekdays_only_must_be_a_bool(bad: Any) -> None:
    with pytest.raises(InvalidArgument, match="weekdays_only must be a bool"):
        england_bank_holidays(2024, weekdays_only=bad)
    with pytest.raises(InvalidArgument, match="weekdays_only must be a bool"):
        england_bank_holidays_between(date(2024, 1, 1), date(2024, 2, 1), weekdays_only=bad)


def test_the_holiday_table_is_built_once_per_year_range(monkeypatch: pytest.MonkeyPatch) -> None:
    import holidays

    calls: list[object] = []
    real = holidays.country_holidays

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs.get("years"))
        return real(*args, **kwargs)

    monkeypatch.setattr(holidays, "country_holidays", counting)
    calendars_module._england_holiday_table.cache_clear()
    try:
        first = england_bank_holidays(2031)
        for _ in range(5):
            assert england_bank_holidays(2031) == first
            SchoolCalendar.from_terms([term("T", date(2031, 1, 6), date(2031, 3, 28))])
        assert calls == [range(2031, 2032)]
    finally:
        calendars_module._england_holiday_table.cache_clear()


# ---------------------------------------------------------------------------------------------
# A worked calendar: INSET days, half terms, bank holidays in term
# ---------------------------------------------------------------------------------------------


def test_example_term_totals_hand_counted() -> None:
    # Autumn: 78 weekdays - 5 half term - 2 INSET; Spring: 61 - 5; Summer: 72 - 5 - May Day - INSET
    assert EXAMPLE.school_days_in(AUTUMN.first_day, AUTUMN.last_day) == 71
    assert EXAMPLE.school_days_in(SPRING.first_day, SPRING.last_day) == 56
    assert EXAMPLE.school_days_in(SUMMER.first_day, SUMMER.last_day) == 65
    assert len(EXAMPLE.days) == 192
    assert EXAMPLE.school_days_in(EXAMPLE.start, EXAMPLE.end) == 192


def test_example_range() -> None:
    assert EXAMPLE.start == date(2023, 9, 4)  # the first term day, an INSET day
    assert EXAMPLE.end == date(2024, 7, 23)
    assert EXAMPLE.first_school_day == date(2023, 9, 5)
    assert EXAMPLE.last_school_day == date(2024, 7, 22)
    assert EXAMPLE.terms == (AUTUMN, SPRING, SUMMER)  # sorted
    assert EXAMPLE.covers(date(2023, 9, 4))
    assert not EXAMPLE.covers(date(2023, 9, 3))
    assert EXAMPLE.covers(date(2024, 7, 23))
    assert not EXAMPLE.covers(date(2024, 7, 24))


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2023, 9, 4), False),  # INSET day, first day of term
        (date(2023, 9, 5), True),  # the day after it
        (date(2023, 10, 27), True),  # Friday before October half term
        (date(2023, 10, 30), False),  # first day of half term
        (date(2023, 11, 3), False),  # last day of half term
        (date(2023, 11, 6), False),  # INSET day after half term
        (date(2023, 11, 7), True),  # first pupil day after half term
        (date(2023, 12, 20), True),  # last day of autumn term
        (date(2023, 12, 21), False),  # first day of the Christmas holiday
        (date(2024, 1, 3), False),  # the day before spring term
        (date(2024, 1, 4), True),  # first day of spring term
        (date(2024, 3, 29), False),  # Good Friday, holiday anyway
        (date(2024, 4, 1), False),  # Easter Monday, holiday anyway
        (date(2024, 5, 3), True),  # the Friday before May Day
        (date(2024, 5, 6), False),  # May Day bank holiday in term
        (date(2024, 5, 7), True),  # the day after
        (date(2024, 5, 27), False),  # Spring bank holiday in half term
        (date(2024, 7, 22), True),  # last pupil day
        (date(2024, 7, 23), False),  # INSET day, last day of term
        (date(2023, 9, 9), False),  # Saturday
    ],
)
def test_example_school_days(day: date, expected: bool) -> None:
    assert EXAMPLE.is_school_day(day) is expected


def test_example_counting_over_half_term_and_inset() -> None:
    assert EXAMPLE.next_school_day(date(2023, 10, 27)) == date(2023, 11, 7)
    assert EXAMPLE.previous_school_day(date(2023, 11, 7)) == date(2023, 10, 27)
    assert EXAMPLE.school_days_between(date(2023, 10, 27), date(2023, 11, 7)) == 1
    assert EXAMPLE.school_days_between(date(2023, 11, 7), date(2023, 10, 27)) == -1
    # from a non-school day: the next school day after the half-term Monday
    assert EXAMPLE.next_school_day(date(2023, 10, 30)) == date(2023, 11, 7)
    assert EXAMPLE.previous_school_day(date(2023, 10, 30)) == date(2023, 10, 27)
    assert EXAMPLE.school_day_on_or_after(date(2023, 10, 30)) == date(2023, 11, 7)
    assert EXAMPLE.school_day_on_or_before(date(2023, 11, 6)) == date(2023, 10, 27)
    assert EXAMPLE.school_day_on_or_after(date(2023, 11, 7)) == date(2023, 11, 7)
    assert EXAMPLE.school_day_on_or_before(date(2023, 11, 7)) == date(2023, 11, 7)


def test_ten_school_days_after_leave_expired() -> None:
    # Leave expires Fri 20 Oct 2023; the tenth school day after it: 23-27 Oct (5), half term,
    # INSET Mon 6 Nov, 7-10 Nov (9), Mon 13 Nov (10). Reg 8(1)(f) 2006 / 9(1)(h) 2024.
    tenth = EXAMPLE.add_school_days(date(2023, 10, 20), 10)
    assert tenth == date(2023, 11, 13)
    assert EXAMPLE.school_days(date(2023, 10, 21), tenth) == (
        *span(date(2023, 10, 23), date(2023, 10, 27)),
        *span(date(2023, 11, 7), date(2023, 11, 10)),
        date(2023, 11, 13),
    )


def test_twenty_school_days_of_absence_across_may_day() -> None:
    # absent from Mon 22 Apr 2024: 22 Apr-3 May (10), 7-10 May (14; 6 May a bank holiday),
    # 13-17 May (19), Mon 20 May (20)
    assert EXAMPLE.add_school_days(date(2024, 4, 22), 19) == date(2024, 5, 20)
    assert EXAMPLE.school_days_in(date(2024, 4, 22), date(2024, 5, 20)) == 20
    assert EXAMPLE.school_days_in(date(2024, 4, 22), date(2024, 5, 17)) == 19


def test_inclusive_and_step_counts_agree_on_school_days() -> None:
    a, b = date(2023, 9, 5), date(2023, 9, 29)  # both school days
    assert EXAMPLE.school_days_in(a, b) == EXAMPLE.school_days_between(a, b) + 1
    assert EXAMPLE.school_days_in(a, a) == 1
    assert EXAMPLE.school_days_in(date(2023, 9, 4), date(2023, 9, 4)) == 0
    assert EXAMPLE.school_days(date(2023, 9, 9), date(2023, 9, 10)) == ()
    assert EXAMPLE.school_days_between(a, a) == 0


def test_add_zero() -> None:
    assert EXAMPLE.add_school_days(date(2023, 9, 5), 0) == date(2023, 9, 5)
    with pytest.raises(InvalidDate, match="not a school day"):
        EXAMPLE.add_school_days(date(2023, 9, 4), 0)


# ---------------------------------------------------------------------------------------------
# Range: never guess outside the calendar
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.is_school_day(date(2023, 9, 3)),
        lambda c: c.is_school_day(date(2024, 7, 24)),
        lambda c: c.add_school_days(date(2023, 9, 3), 1),
        lambda c: c.add_school_days(date(2024, 7, 22), 1),  # last school day: nothing after
        lambda c: c.add_school_days(date(2024, 7, 23), 1),
        lambda c: c.add_school_days(date(2023, 9, 5), -1),  # first school day: nothing before
        lambda c: c.add_school_days(date(2023, 9, 6), -2),
        lambda c: c.add_school_days(date(2023, 9, 5), 192),
        lambda c: c.add_school_days(date(2024, 7, 23), -193),
        lambda c: c.school_days_between(date(2023, 9, 1), date(2023, 9, 30)),
        lambda c: c.school_days_between(date(2023, 9, 30), date(2024, 8, 1)),
        lambda c: c.school_days_in(date(2023, 9, 1), date(2023, 9, 30)),
        lambda c: c.school_days(date(2023, 9, 4), date(2024, 7, 24)),
        lambda c: c.next_school_day(date(2024, 7, 22)),
        lambda c: c.previous_school_day(date(2023, 9, 5)),
        lambda c: c.school_day_on_or_after(date(2024, 7, 23)),
        lambda c: c.school_day_on_or_before(date(2023, 9, 4)),
        lambda c: c.school_year_containing(date(2024, 8, 1)),
    ],
)
def test_outside_the_calendar_raises(call: Any) -> None:
    with pytest.raises(CalendarRangeError) as info:
        call(EXAMPLE)
    assert isinstance(info.value, InvalidDate)
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, CmeError)


def test_edges_of_the_range_still_answer() -> None:
    assert EXAMPLE.add_school_days(date(2024, 7, 22), -191) == date(2023, 9, 5)
    assert EXAMPLE.add_school_days(date(2023, 9, 4), 192) == date(2024, 7, 22)
    assert EXAMPLE.add_school_days(date(2024, 7, 23), -192) == date(2023, 9, 5)
    assert EXAMPLE.school_days_between(EXAMPLE.start, EXAMPLE.end) == 192
    assert EXAMPLE.school_days_between(EXAMPLE.end, EXAMPLE.start) == -192


def test_reversed_inclusive_ranges_raise() -> None:
    with pytest.raises(InvalidDate):
        EXAMPLE.school_days_in(date(2023, 9, 6), date(2023, 9, 5))
    with pytest.raises(InvalidDate):
        EXAMPLE.school_days(date(2023, 9, 6), date(2023, 9, 5))


# ---------------------------------------------------------------------------------------------
# Wrong types (fuzzed): typed errors, never a bare TypeError from deep inside
# ---------------------------------------------------------------------------------------------

not_dates = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(),
    st.sampled_from(["2024-01-04", "２０２４-０１-０４", "04/01/2024", "", " " * 10_000]),
    st.datetimes(min_value=datetime(2023, 9, 4), max_value=datetime(2024, 7, 23)),
    st.tuples(st.integers(), st.integers(), st.integers()),
)


@given(bad=not_dates)
def test_queries_reject_non_dates(bad: Any) -> None:
    for call in (
        lambda: EXAMPLE.is_school_day(bad),
        lambda: EXAMPLE.covers(bad),
        lambda: EXAMPLE.add_school_days(bad, 1),
        lambda: EXAMPLE.school_days_between(bad, date(2023, 9, 5)),
        lambda: EXAMPLE.school_days_between(date(2023, 9, 5), bad),
        lambda: EXAMPLE.school_days_in(date(2023, 9, 5), bad),
        lambda: EXAMPLE.school_days(bad, date(2023, 9, 5)),
        lambda: EXAMPLE.next_school_day(bad),
        lambda: EXAMPLE.school_year_containing(bad),
        lambda: EXAMPLE.school_day_on_or_after(bad),
        lambda: Term(name="x", first_day=bad, last_day=date(2024, 1, 1)),
        lambda: SchoolCalendar.from_school_days([bad]),
        lambda: SchoolCalendar.from_terms([AUTUMN], closures=[bad]),
    ):
        with pytest.raises(InvalidArgument):
            call()


@given(bad=st.one_of(st.none(), st.booleans(), st.floats(), st.text(), st.dates()))
def test_add_school_days_rejects_non_int_steps(bad: Any) -> None:
    with pytest.raises(InvalidArgument, match="n must be an int"):
        EXAMPLE.add_school_days(date(2023, 9, 5), bad)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"terms": "Autumn"}, InvalidArgument),
        ({"terms": AUTUMN}, InvalidArgument),
        ({"terms": [("Autumn", date(2023, 9, 4), date(2023, 12, 20))]}, InvalidArgument),
        ({"terms": [AUTUMN], "closures": date(2023, 10, 30)}, InvalidArgument),
        ({"terms": [AUTUMN], "closures": "2023-10-30"}, InvalidArgument),
        ({"terms": [AUTUMN], "inset_days": [datetime(2023, 9, 4)]}, InvalidArgument),
        ({"terms": [AUTUMN], "extra_school_days": None}, InvalidArgument),
        ({"terms": [AUTUMN], "exclude_bank_holidays": "yes"}, InvalidArgument),
        ({"terms": [AUTUMN], "weekends": "56"}, InvalidArgument),
        ({"terms": [AUTUMN], "weekends": ("5",)}, InvalidArgument),
        ({"terms": [AUTUMN], "weekends": (7,)}, InvalidInput),
        ({"terms": [AUTUMN], "weekends": (-1,)}, InvalidInput),
    ],
)
def test_from_terms_rejects_wrong_types(kwargs: dict[str, Any], error: type[Exception]) -> None:
    terms = kwargs.pop("terms")
    with pytest.raises(error):
        SchoolCalendar.from_terms(terms, **kwargs)
    with pytest.raises(error):
        check_terms(terms, **kwargs)


def test_term_rejects_non_string_name() -> None:
    with pytest.raises(InvalidArgument, match="name must be a str"):
        Term(name=1, first_day=date(2024, 1, 1), last_day=date(2024, 1, 2))  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# Validation: every problem at once
# ---------------------------------------------------------------------------------------------


def test_every_problem_is_reported_at_once() -> None:
    terms = [
        term("A", date(2024, 9, 2), date(2024, 10, 25)),
        term("B", date(2024, 10, 25), date(2024, 12, 20)),  # begins on A's last day
        term("C", date(2025, 1, 6), date(2025, 1, 5)),  # reversed
    ]
    kwargs: dict[str, Any] = {
        "closures": [date(2024, 8, 30)],  # before every term
        "inset_days": [date(2024, 9, 2), date(2024, 12, 21)],  # fine; after every term
        "extra_school_days": [date(2024, 12, 28), date(2024, 9, 2)],  # outside; also INSET
    }
    report = check_terms(terms, **kwargs)
    assert report.codes == (
        "CME-CAL-001",
        "CME-CAL-002",
        "CME-CAL-003",
        "CME-CAL-003",
        "CME-CAL-004",
        "CME-CAL-005",
    )
    assert [p.json_path for p in report] == [
        "$.terms[2]",
        "$.terms[1]",
        "$.closures[0]",
        "$.inset_days[1]",
        "$.extra_school_days[0]",
        "$.extra_school_days[1]",
    ]
    assert all(p.citation == "Education Act 1996 s579(1)" for p in report)
    with pytest.raises(InvalidCalendar) as info:
        SchoolCalendar.from_terms(terms, **kwargs)
    error = info.value
    assert isinstance(error, CmeError)
    assert isinstance(error, ValueError)
    assert tuple(p.code for p in error.problems) == report.codes
    assert "6 error(s)" in str(error)
    assert "CME-CAL-002" in str(error)


@pytest.mark.parametrize(
    ("second_first_day", "overlaps"),
    [
        (date(2024, 10, 24), True),  # the day before the first term's last day
        (date(2024, 10, 25), True),  # on its last day
        (date(2024, 10, 26), False),  # the day after: touching, not overlapping
    ],
)
def test_overlap_edges(second_first_day: date, overlaps: bool) -> None:
    terms = [
        term("A", date(2024, 9, 2), date(2024, 10, 25)),
        term("B", second_first_day, date(2024, 12, 20)),
    ]
    assert ("CME-CAL-002" in check_terms(terms).codes) is overlaps


def test_overlap_with_an_earlier_long_term_is_found() -> None:
    terms = [
        term("long", date(2024, 9, 2), date(2024, 12, 20)),
        term("short", date(2024, 9, 9), date(2024, 9, 13)),
        term("later", date(2024, 11, 4), date(2024, 11, 8)),
    ]
    report = check_terms(terms)
    assert report.codes == ("CME-CAL-002", "CME-CAL-002")
    assert [p.values["other_term"] for p in report] == [0, 0]


def test_one_day_term_and_reversed_term_edges() -> None:
    d = date(2024, 9, 2)
    assert check_terms([term("one", d, d)]).codes == ()
    assert check_terms([term("rev", d, d - ONE)]).codes == ("CME-CAL-001",)


@pytest.mark.parametrize(
    ("closure", "outside"),
    [
        (date(2024, 9, 1), True),  # the day before the term
        (date(2024, 9, 2), False),  # its first day
        (date(2024, 10, 25), False),  # its last day
        (date(2024, 10, 26), True),  # the day after
    ],
)
def test_closure_edges(closure: date, outside: bool) -> None:
    terms = [term("A", date(2024, 9, 2), date(2024, 10, 25))]
    assert ("CME-CAL-003" in check_terms(terms, closures=[closure]).codes) is outside
    assert ("CME-CAL-003" in check_terms(terms, inset_days=[closure]).codes) is outside


def test_validate_terms_is_a_deprecated_alias_of_check_terms() -> None:
    from cme_core import calendars

    d = date(2024, 9, 2)
    terms = [term("rev", d, d - ONE)]
    with pytest.warns(DeprecationWarning, match=r"validate_terms\(\) is deprecated: use check"):
        old = calendars.validate_terms(terms, closures=[d + 400 * ONE])
    assert old == check_terms(terms, closures=[d + 400 * ONE])
    assert old.codes == ("CME-CAL-001", "CME-CAL-003")
    assert "validate_terms" not in calendars.__all__


def test_no_terms_and_no_school_days() -> None:
    assert check_terms([]).codes == ("CME-CAL-007",)
    weekend = [term("weekend", date(2024, 9, 7), date(2024, 9, 8))]
    assert check_terms(weekend).codes == ("CME-CAL-008",)
    with pytest.raises(InvalidCalendar, match="CME-CAL-008"):
        SchoolCalendar.from_terms(weekend)
    with pytest.raises(InvalidCalendar, match="CME-CAL-007"):
        SchoolCalendar.from_terms([])


def test_extra_school_days_win_over_weekends_and_bank_holidays() -> None:
    summer = term("Summer", date(2024, 4, 15), date(2024, 5, 24))
    saturday, may_day = date(2024, 5, 11), date(2024, 5, 6)
    cal = SchoolCalendar.from_terms([summer], extra_school_days=[saturday, may_day])
    assert cal.is_school_day(saturday)
    assert cal.is_school_day(may_day)
    assert not cal.is_school_day(saturday + ONE)
    assert cal.add_school_days(date(2024, 5, 10), 1) == saturday
    assert check_terms([summer], extra_school_days=[saturday]).codes == ()


def test_redundant_extra_school_day_is_a_warning_only() -> None:
    summer = term("Summer", date(2024, 4, 15), date(2024, 5, 24))
    report = check_terms([summer], extra_school_days=[date(2024, 5, 7)])
    assert report.codes == ("CME-CAL-006",)
    assert report.is_valid
    cal = SchoolCalendar.from_terms([summer], extra_school_days=[date(2024, 5, 7)])
    assert cal == SchoolCalendar.from_terms([summer])


def test_bank_holidays_can_be_kept_and_weekends_changed() -> None:
    summer = term("Summer", date(2024, 4, 15), date(2024, 5, 24))
    kept = SchoolCalendar.from_terms([summer], exclude_bank_holidays=False)
    assert kept.is_school_day(date(2024, 5, 6))
    friday_saturday = SchoolCalendar.from_terms([summer], weekends=(4, 5))
    assert not friday_saturday.is_school_day(date(2024, 5, 10))  # Friday
    assert friday_saturday.is_school_day(date(2024, 5, 12))  # Sunday
    assert not friday_saturday.is_school_day(date(2024, 5, 6))  # May Day still a holiday
    every_day = SchoolCalendar.from_terms([summer], weekends=(), exclude_bank_holidays=False)
    assert len(every_day.days) == (summer.last_day - summer.first_day).days + 1


# ---------------------------------------------------------------------------------------------
# Calendars from the sessions a register shows as held
# ---------------------------------------------------------------------------------------------


def test_from_school_days() -> None:
    held = [date(2024, 9, 5), date(2024, 9, 4), date(2024, 9, 5), date(2024, 9, 9)]
    cal = SchoolCalendar.from_school_days(held)
    assert cal.days == (date(2024, 9, 4), date(2024, 9, 5), date(2024, 9, 9))
    assert (cal.start, cal.end) == (date(2024, 9, 4), date(2024, 9, 9))
    assert cal.terms == ()
    assert cal.school_years == ()
    assert cal.school_year_containing(date(2024, 9, 5)) is None
    assert not cal.is_school_day(date(2024, 9, 6))
    assert cal.school_days_between(date(2024, 9, 4), date(2024, 9, 9)) == 2
    with pytest.raises(CalendarRangeError):
        cal.is_school_day(date(2024, 9, 3))
    wider = SchoolCalendar.from_school_days(held, start=date(2024, 9, 1), end=date(2024, 9, 30))
    assert not wider.is_school_day(date(2024, 9, 3))
    with pytest.raises(CalendarRangeError):
        wider.next_school_day(date(2024, 9, 9))


def test_years_without_school_days_and_year_ends() -> None:
    held = [date(2020, 12, 31), date(2021, 1, 1), date(2023, 6, 1)]
    cal = SchoolCalendar.from_school_days(held, start=date(2019, 1, 1), end=date(2024, 12, 31))
    assert cal.next_school_day(date(2019, 5, 5)) == date(2020, 12, 31)
    assert cal.next_school_day(date(2020, 12, 31)) == date(2021, 1, 1)
    assert cal.next_school_day(date(2021, 1, 1)) == date(2023, 6, 1)
    assert cal.previous_school_day(date(2022, 7, 1)) == date(2021, 1, 1)
    assert cal.previous_school_day(date(2024, 12, 31)) == date(2023, 6, 1)
    assert cal.school_days_between(date(2019, 1, 1), date(2024, 12, 31)) == 3
    assert cal.school_days_between(date(2022, 1, 1), date(2020, 12, 31)) == -2
    assert cal.school_days_in(date(2021, 1, 1), date(2022, 12, 31)) == 1
    assert not cal.is_school_day(date(2022, 1, 1))
    assert cal.is_school_day(date(2020, 12, 31))
    with pytest.raises(CalendarRangeError):
        cal.next_school_day(date(2023, 6, 1))


def test_from_school_days_problems() -> None:
    with pytest.raises(InvalidCalendar, match="CME-CAL-008"):
        SchoolCalendar.from_school_days([])
    with pytest.raises(InvalidCalendar, match="CME-CAL-009"):
        SchoolCalendar.from_school_days([date(2024, 9, 4)], start=date(2024, 9, 5))
    with pytest.raises(InvalidCalendar, match="CME-CAL-009"):
        SchoolCalendar.from_school_days([date(2024, 9, 4)], end=date(2024, 9, 3))
    with pytest.raises(InvalidArgument):
        SchoolCalendar.from_school_days(date(2024, 9, 4))  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument):
        SchoolCalendar.from_school_days([date(2024, 9, 4)], start="2024-09-01")  # type: ignore[arg-type]


def test_plain_constructor_checks_consistency() -> None:
    d1, d2 = date(2024, 9, 4), date(2024, 9, 5)
    assert SchoolCalendar(days=(d1, d2), start=d1, end=d2).days == (d1, d2)
    with pytest.raises(InvalidInput, match="strictly increasing"):
        SchoolCalendar(days=(d2, d1), start=d1, end=d2)
    with pytest.raises(InvalidInput, match="strictly increasing"):
        SchoolCalendar(days=(d1, d1), start=d1, end=d2)
    with pytest.raises(InvalidArgument):
        SchoolCalendar(days=("2024-09-04",), start=d1, end=d2)  # type: ignore[arg-type]
    overlapping = (term("a", d1, d2), term("b", d2, d2))
    with pytest.raises(InvalidInput, match="disjoint"):
        SchoolCalendar(days=(d1, d2), start=d1, end=d2, terms=overlapping)
    with pytest.raises(InvalidInput, match="disjoint"):
        SchoolCalendar(days=(d1, d2), start=d1, end=d2, terms=(term("rev", d2, d1),))


def test_repr_equality_and_hash() -> None:
    again = SchoolCalendar.from_terms(
        [AUTUMN, SPRING, SUMMER], closures=HALF_TERMS, inset_days=INSET
    )
    assert again == EXAMPLE
    assert hash(again) == hash(EXAMPLE)
    assert repr(EXAMPLE) == (
        "SchoolCalendar(start=datetime.date(2023, 9, 4), end=datetime.date(2024, 7, 23), "
        "school_days=192, terms=3)"
    )


# ---------------------------------------------------------------------------------------------
# School years (s579(1): a school year begins with the first term to begin after July)
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first_day", "year"),
    [
        (date(2024, 7, 31), 2023),
        (date(2024, 8, 1), 2024),
        (date(2024, 8, 2), 2024),
        (date(2024, 12, 31), 2024),
        (date(2025, 1, 1), 2024),
    ],
)
def test_school_year_of_term_start(first_day: date, year: int) -> None:
    assert school_year_of_term_start(first_day) == year


def test_example_has_one_school_year() -> None:
    (year,) = EXAMPLE.school_years
    assert year == SchoolYear(year=2023, terms=(AUTUMN, SPRING, SUMMER), next_begins=None)
    assert (year.first_day, year.last_day, year.label) == (
        AUTUMN.first_day,
        SUMMER.last_day,
        "2023/24",
    )
    assert year.statutory_last_day is None
    assert EXAMPLE.school_year_containing(date(2024, 3, 30)) == year  # Easter holiday
    assert EXAMPLE.first_day_of_school_year(2023) == date(2023, 9, 4)
    assert EXAMPLE.last_day_of_school_year(2023) == date(2024, 7, 23)
    with pytest.raises(CalendarRangeError, match="known: 2023"):
        EXAMPLE.school_year(2024)
    with pytest.raises(InvalidArgument):
        EXAMPLE.school_year("2023")  # type: ignore[arg-type]


def test_terms_group_into_school_years_at_the_end_of_july() -> None:
    terms = [
        term("Autumn", date(2023, 9, 4), date(2023, 12, 20)),
        term("July course", date(2024, 7, 31), date(2024, 7, 31)),  # begins in July: 2023/24
        term("August start", date(2024, 8, 1), date(2024, 8, 2)),  # after July: 2024/25
    ]
    cal = SchoolCalendar.from_terms(terms)
    first, second = cal.school_years
    assert (first.year, [t.name for t in first.terms]) == (2023, ["Autumn", "July course"])
    assert (second.year, [t.name for t in second.terms]) == (2024, ["August start"])
    assert first.next_begins == date(2024, 8, 1)
    assert first.statutory_last_day == date(2024, 7, 31)
    assert first.last_day == date(2024, 7, 31)
    assert cal.school_year_containing(date(2024, 7, 31)) == first
    assert cal.school_year_containing(date(2024, 8, 1)) == second
    assert cal.school_year_containing(date(2024, 3, 1)) == first  # a holiday inside the year


def test_summer_holiday_belongs_to_the_year_just_ended() -> None:
    cal = SchoolCalendar.typical_english(2023, 2024)
    y2023, y2024 = cal.school_years
    assert y2023.next_begins == date(2024, 9, 2) == y2024.first_day
    assert cal.school_year_containing(date(2024, 7, 19)) == y2023  # last day of summer term
    assert cal.school_year_containing(date(2024, 9, 1)) == y2023  # the day before next year
    assert cal.school_year_containing(date(2024, 9, 2)) == y2024  # the day it begins
    assert cal.school_year_containing(date(2024, 9, 3)) == y2024
    assert cal.last_day_of_school_year(2023) == date(2024, 7, 19)
    assert y2023.statutory_last_day == date(2024, 9, 1)


def test_a_calendar_starting_mid_year_does_not_invent_that_year() -> None:
    terms = [
        term("Spring", date(2024, 1, 8), date(2024, 3, 28)),
        term("Autumn", date(2024, 9, 2), date(2024, 12, 20)),
    ]
    cal = SchoolCalendar.from_terms(terms)
    assert [y.year for y in cal.school_years] == [2024]
    assert cal.school_year_containing(date(2024, 2, 1)) is None
    assert cal.school_year_containing(date(2024, 8, 31)) is None
    assert cal.school_year_containing(date(2024, 9, 2)) == cal.school_years[0]
    with pytest.raises(CalendarRangeError):
        cal.first_day_of_school_year(2023)


def test_label_wraps_century() -> None:
    year = SchoolYear(year=1999, terms=(term("x", date(1999, 9, 1), date(1999, 9, 2)),))
    assert year.label == "1999/00"


# ---------------------------------------------------------------------------------------------
# The illustrative calendar
# ---------------------------------------------------------------------------------------------


def test_typical_english_shape() -> None:
    cal = SchoolCalendar.typical_english(2019, 2025)
    assert [y.year for y in cal.school_years] == list(range(2019, 2026))
    for year in cal.school_years:
        assert [t.name for t in year.terms] == [
            "Autumn 1",
            "Autumn 2",
            "Spring 1",
            "Spring 2",
            "Summer 1",
            "Summer 2",
        ]
        assert year.first_day.month == 9
        assert year.first_day.weekday() == 0
        assert year.last_day.month == 7
        assert year.last_day.weekday() == 4
        count = cal.school_days_in(year.first_day, year.last_day)
        assert 180 <= count <= 195
    assert all(d.weekday() < 5 for d in cal.days)
    holidays = england_bank_holidays_between(cal.start, cal.end)
    assert date(2022, 9, 19) in holidays
    assert not any(cal.is_school_day(d) for d in holidays)
    assert not cal.is_school_day(date(2022, 9, 19))  # the state funeral fell in term
    assert cal.is_school_day(date(2022, 9, 16))
    assert cal.is_school_day(date(2022, 9, 20))


def test_typical_english_arguments() -> None:
    with pytest.raises(InvalidInput):
        SchoolCalendar.typical_english(2025, 2024)
    with pytest.raises(InvalidArgument):
        SchoolCalendar.typical_english("2024", 2024)  # type: ignore[arg-type]
    with pytest.raises(CalendarRangeError):
        SchoolCalendar.typical_english(1800, 1801)


# ---------------------------------------------------------------------------------------------
# Properties, against a naive day-by-day oracle on random small calendars
# ---------------------------------------------------------------------------------------------


class Oracle:
    """The school days of a calendar's inputs, worked out day by day: the obvious way."""

    def __init__(
        self,
        terms: list[Term],
        closed: set[date],
        extras: set[date],
        weekends: tuple[int, ...],
        exclude_bank_holidays: bool,
    ) -> None:
        self.start = min(t.first_day for t in terms)
        self.end = max(t.last_day for t in terms)
        bank = (
            england_bank_holidays_between(self.start, self.end)
            if exclude_bank_holidays
            else frozenset()
        )
        self.school: set[date] = set()
        for d in span(self.start, self.end):
            in_term = any(t.first_day <= d <= t.last_day for t in terms)
            normal = d.weekday() not in weekends and d not in bank and d not in closed
            if in_term and (normal or d in extras):
                self.school.add(d)
        self.bank = bank

    def step(self, d: date, n: int) -> date | None:
        """The n-th school day after (n > 0) or before (n < 0) d, or None off the calendar."""
        direction = ONE if n > 0 else -ONE
        left = abs(n)
        while True:
            d += direction
            if not self.start <= d <= self.end:
                return None
            if d in self.school:
                left -= 1
                if left == 0:
                    return d

    def between(self, a: date, b: date) -> int:
        if b >= a:
            return sum(1 for d in self.school if a < d <= b)
        return -sum(1 for d in self.school if b <= d < a)


@st.composite
def calendars(draw: st.DrawFn) -> tuple[SchoolCalendar, Oracle]:
    first = draw(st.dates(min_value=date(2019, 1, 1), max_value=date(2025, 12, 31)))
    terms: list[Term] = []
    for i in range(draw(st.integers(1, 4))):
        last = first + timedelta(days=draw(st.integers(0, 30)))
        terms.append(term(f"T{i}", first, last))
        first = last + timedelta(days=draw(st.integers(1, 20)))
    term_days = [d for t in terms for d in span(t.first_day, t.last_day)]
    closed = set(draw(st.lists(st.sampled_from(term_days), max_size=8)))
    extras = set(draw(st.lists(st.sampled_from(term_days), max_size=4))) - closed
    weekends = draw(st.sampled_from([(5, 6), (6,), (), (4, 5)]))
    exclude = draw(st.booleans())
    shuffled = draw(st.permutations(terms))
    oracle = Oracle(terms, closed, extras, weekends, exclude)
    assume(oracle.school)
    cal = SchoolCalendar.from_terms(
        shuffled,
        closures=sorted(closed),
        extra_school_days=sorted(extras),
        weekends=weekends,
        exclude_bank_holidays=exclude,
    )
    return cal, oracle


def covered_days(oracle: Oracle) -> list[date]:
    return span(oracle.start, oracle.end)


@given(calendars())
def test_school_days_match_the_oracle(pair: tuple[SchoolCalendar, Oracle]) -> None:
    cal, oracle = pair
    assert (cal.start, cal.end) == (oracle.start, oracle.end)
    assert set(cal.days) == oracle.school
    assert list(cal.days) == sorted(oracle.school)
    for d in covered_days(oracle):
        assert cal.is_school_day(d) is (d in oracle.school)
    for d in oracle.bank - set(cal.days):
        assert not cal.is_school_day(d)


@given(calendars(), st.data())
def test_add_school_days_matches_the_oracle(
    pair: tuple[SchoolCalendar, Oracle], data: st.DataObject
) -> None:
    cal, oracle = pair
    d = data.draw(st.sampled_from(covered_days(oracle)))
    n = data.draw(st.integers(-60, 60).filter(bool))
    expected = oracle.step(d, n)
    if expected is None:
        with pytest.raises(CalendarRangeError):
            cal.add_school_days(d, n)
        return
    got = cal.add_school_days(d, n)
    assert got == expected
    assert cal.is_school_day(got)
    assert cal.school_days_between(d, got) == n
    assert (got > d) is (n > 0)


@given(calendars(), st.data())
def test_counts_match_the_oracle(pair: tuple[SchoolCalendar, Oracle], data: st.DataObject) -> None:
    cal, oracle = pair
    days = covered_days(oracle)
    a = data.draw(st.sampled_from(days))
    b = data.draw(st.sampled_from(days))
    assert cal.school_days_between(a, b) == oracle.between(a, b)
    lo, hi = min(a, b), max(a, b)
    inclusive = sorted(d for d in oracle.school if lo <= d <= hi)
    assert cal.school_days(lo, hi) == tuple(inclusive)
    assert cal.school_days_in(lo, hi) == len(inclusive)
    after = [d for d in sorted(oracle.school) if d >= a]
    if after:
        assert cal.school_day_on_or_after(a) == after[0]
    else:
        with pytest.raises(CalendarRangeError):
            cal.school_day_on_or_after(a)
    before = [d for d in sorted(oracle.school) if d <= a]
    if before:
        assert cal.school_day_on_or_before(a) == before[-1]
    else:
        with pytest.raises(CalendarRangeError):
            cal.school_day_on_or_before(a)


@given(calendars(), st.data())
def test_monotonicity(pair: tuple[SchoolCalendar, Oracle], data: st.DataObject) -> None:
    cal, oracle = pair
    days = covered_days(oracle)
    c, a, b = (data.draw(st.sampled_from(days)) for _ in range(3))
    a, b = min(a, b), max(a, b)
    assert cal.school_days_between(c, a) <= cal.school_days_between(c, b)
    assert cal.school_days_between(a, c) >= cal.school_days_between(b, c)
    results = []
    for n in range(1, 6):
        try:
            results.append(cal.add_school_days(a, n))
        except CalendarRangeError:
            break
    assert results == sorted(set(results))
    if results:
        assert cal.add_school_days(a, 1) == cal.next_school_day(a)


@given(calendars())
def test_school_years_partition_the_terms(pair: tuple[SchoolCalendar, Oracle]) -> None:
    cal, _ = pair
    grouped = [t for y in cal.school_years for t in y.terms]
    assert grouped == list(cal.terms[len(cal.terms) - len(grouped) :])
    for year in cal.school_years:
        assert {school_year_of_term_start(t.first_day) for t in year.terms} == {year.year}
        assert cal.school_year_containing(year.first_day) == year
        assert cal.school_year_containing(year.last_day) == year
    for earlier, later in pairwise(cal.school_years):
        assert earlier.year < later.year
        assert earlier.next_begins == later.first_day
    dropped = cal.terms[: len(cal.terms) - len(grouped)]
    assert all(t.first_day.month < 8 for t in dropped[:1])


# --- O(1) school-day arithmetic: the dense index -------------------------------------------------


def _reference_add(cal: SchoolCalendar, d: date, n: int) -> date | type[CmeError]:
    """add_school_days by binary search in ``days`` (the 0.x implementation)."""
    days = cal.days
    if n > 0:
        j = bisect_right(days, d) + n - 1
        return days[j] if j < len(days) else CalendarRangeError
    if n < 0:
        j = bisect_left(days, d) + n
        return days[j] if j >= 0 else CalendarRangeError
    i = bisect_left(days, d)
    return d if i < len(days) and days[i] == d else InvalidDate


@given(
    school_calendars(first_year=st.integers(2006, 2026), last_year=st.integers(2026, 2028)),
    st.data(),
)
def test_dense_index_answers_as_a_binary_search_does(
    cal: SchoolCalendar, data: st.DataObject
) -> None:
    a = data.draw(st.dates(cal.start, cal.end))
    b = data.draw(st.dates(cal.start, cal.end))
    n = data.draw(st.integers(-400, 400))
    expected = _reference_add(cal, a, n)
    if isinstance(expected, date):
        assert cal.add_school_days(a, n) == expected
    else:
        with pytest.raises(expected):
            cal.add_school_days(a, n)
    days = cal.days
    forwards = bisect_right(days, b) - bisect_right(days, a)
    backwards = bisect_left(days, b) - bisect_left(days, a)
    assert cal.school_days_between(a, b) == (forwards if b >= a else backwards)
    assert cal.is_school_day(a) == (a in days)
    lo, hi = min(a, b), max(a, b)
    assert cal.school_days(lo, hi) == tuple(d for d in days if lo <= d <= hi)


def test_dense_index_is_built_once_and_is_no_part_of_equality_hash_or_pickle() -> None:
    built = SchoolCalendar.typical_english(2023, 2024)
    fresh = SchoolCalendar.typical_english(2023, 2024)
    assert built._dense is None
    assert built.add_school_days(date(2024, 10, 25), 1) == date(2024, 11, 4)
    index = built._dense
    assert index is not None
    assert len(index) == (built.end - built.start).days + 2
    built.next_school_day(date(2024, 3, 1))
    assert built._dense is index  # built once, kept
    assert built == fresh
    assert hash(built) == hash(fresh)
    assert repr(built) == repr(fresh)
    for cal in (built, fresh):
        copy = pickle.loads(pickle.dumps(cal))
        assert copy == cal
        assert hash(copy) == hash(cal)
        assert copy.add_school_days(date(2024, 10, 25), 1) == date(2024, 11, 4)
