"""Tests for cme_core.school_age (Education Act 1996 s8; SI 1998/1607; SI 1997/1970)."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, datetime, timedelta
from itertools import pairwise
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from cme_core.errors import InvalidArgument, InvalidDate, InvalidInput
from cme_core.school_age import (
    LEAP_DAY_ANNIVERSARY,
    LEAP_DAY_READING_VERIFIED,
    PRESCRIBED_DAYS,
    academic_year_of,
    age_on,
    compulsory_school_age_end,
    compulsory_school_age_start,
    compulsory_school_age_status,
    is_nursery_to_year_11,
    is_of_compulsory_school_age,
    next_prescribed_day,
    prescribed_days,
    school_leaving_date,
    year_group,
    year_group_name,
)

D = date
ONE = timedelta(days=1)

# --- independent oracles (brute force, no dateutil) -------------------------------------------


def oracle_leaving_date(year: int) -> date:
    """Last Friday in June by walking back from 30 June."""
    d = D(year, 6, 30)
    while d.weekday() != calendar.FRIDAY:
        d -= ONE
    return d


def is_prescribed(d: date) -> bool:
    return (d.month, d.day) in {(3, 31), (8, 31), (12, 31)}


def oracle_start(fifth_birthday: date) -> date:
    d = fifth_birthday
    while not is_prescribed(d):
        d += ONE
    return d


def fifth_birthday(dob: date) -> date:
    try:
        return dob.replace(year=dob.year + 5)
    except ValueError:
        return D(dob.year + 5, 3, 1)


def sixteenth_birthday(dob: date) -> date:
    try:
        return dob.replace(year=dob.year + 16)
    except ValueError:
        return D(dob.year + 16, 3, 1)


# Dates of birth for which both the start and the end are defined.
dobs = st.dates(min_value=D(1993, 8, 1), max_value=D(2400, 12, 31))
leap_day_dobs = st.sampled_from([y for y in range(1996, 2400, 4) if calendar.isleap(y)]).map(
    lambda y: D(y, 2, 29)
)
any_dob = st.one_of(dobs, leap_day_dobs)


# --- worked examples (law.md §1) --------------------------------------------------------------


@pytest.mark.parametrize(
    ("dob", "start"),
    [
        (D(2019, 2, 10), D(2024, 3, 31)),
        (D(2019, 3, 31), D(2024, 3, 31)),
        (D(2019, 4, 1), D(2024, 8, 31)),
        (D(2019, 9, 1), D(2024, 12, 31)),
    ],
)
def test_worked_examples_start(dob: date, start: date) -> None:
    assert compulsory_school_age_start(dob) == start


@pytest.mark.parametrize(
    ("dob", "end"),
    [
        (D(2007, 9, 23), D(2024, 6, 28)),
        (D(2008, 6, 29), D(2024, 6, 28)),  # (a): ends the day before the 16th birthday
        (D(2008, 6, 28), D(2024, 6, 28)),  # (b): birthday on the leaving date
    ],
)
def test_worked_examples_end(dob: date, end: date) -> None:
    assert compulsory_school_age_end(dob) == end


def test_example_child_stops_before_turning_16() -> None:
    dob = D(2008, 6, 29)
    end = compulsory_school_age_end(dob)
    assert age_on(dob, end) == 15
    assert is_of_compulsory_school_age(dob, end)
    assert not is_of_compulsory_school_age(dob, end + ONE)


# --- prescribed days --------------------------------------------------------------------------


def test_prescribed_days() -> None:
    assert prescribed_days(2024) == (D(2024, 3, 31), D(2024, 8, 31), D(2024, 12, 31))
    assert prescribed_days(1999)[0] == D(1999, 3, 31)
    assert prescribed_days(9999)[2] == D(9999, 12, 31)
    assert PRESCRIBED_DAYS == ((3, 31), (8, 31), (12, 31))


@pytest.mark.parametrize("year", [1998, 1997, 0, -5, 10_000])
def test_prescribed_days_out_of_range(year: int) -> None:
    with pytest.raises(InvalidDate):
        prescribed_days(year)


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (D(2024, 3, 30), D(2024, 3, 31)),
        (D(2024, 3, 31), D(2024, 3, 31)),
        (D(2024, 4, 1), D(2024, 8, 31)),
        (D(2024, 8, 30), D(2024, 8, 31)),
        (D(2024, 8, 31), D(2024, 8, 31)),
        (D(2024, 9, 1), D(2024, 12, 31)),
        (D(2024, 12, 30), D(2024, 12, 31)),
        (D(2024, 12, 31), D(2024, 12, 31)),
        (D(2025, 1, 1), D(2025, 3, 31)),
        (D(9999, 12, 31), D(9999, 12, 31)),
        # 1998: only 31 Aug and 31 Dec are prescribed; the Order is in force from 1 Aug 1998.
        (D(1998, 8, 1), D(1998, 8, 31)),
        (D(1998, 9, 1), D(1998, 12, 31)),
        (D(1999, 1, 1), D(1999, 3, 31)),
    ],
)
def test_next_prescribed_day_edges(d: date, expected: date) -> None:
    assert next_prescribed_day(d) == expected


def test_next_prescribed_day_before_the_order() -> None:
    with pytest.raises(InvalidDate):
        next_prescribed_day(D(1998, 7, 31))


@given(st.dates(min_value=D(1998, 8, 1)))
def test_next_prescribed_day_matches_brute_force(d: date) -> None:
    assert next_prescribed_day(d) == oracle_start(d)


# --- start: edges either side of every prescribed day ------------------------------------------


@pytest.mark.parametrize(
    ("dob", "start"),
    [
        (D(2019, 3, 30), D(2024, 3, 31)),
        (D(2019, 3, 31), D(2024, 3, 31)),
        (D(2019, 4, 1), D(2024, 8, 31)),
        (D(2019, 8, 30), D(2024, 8, 31)),
        (D(2019, 8, 31), D(2024, 8, 31)),
        (D(2019, 9, 1), D(2024, 12, 31)),
        (D(2019, 12, 30), D(2024, 12, 31)),
        (D(2019, 12, 31), D(2024, 12, 31)),
        (D(2020, 1, 1), D(2025, 3, 31)),
    ],
)
def test_start_edges(dob: date, start: date) -> None:
    assert compulsory_school_age_start(dob) == start
    assert not is_of_compulsory_school_age(dob, start - ONE)
    assert is_of_compulsory_school_age(dob, start)
    assert is_of_compulsory_school_age(dob, start + ONE)


def test_start_range() -> None:
    assert compulsory_school_age_start(D(1993, 8, 1)) == D(1998, 8, 31)
    with pytest.raises(InvalidDate):
        compulsory_school_age_start(D(1993, 7, 31))
    with pytest.raises(InvalidDate):
        compulsory_school_age_start(D(9995, 1, 1))


# --- 29 February ------------------------------------------------------------------------------


def test_leap_day_reading_is_flagged_as_a_choice() -> None:
    assert LEAP_DAY_ANNIVERSARY == (3, 1)
    assert LEAP_DAY_READING_VERIFIED is False


@pytest.mark.parametrize("year", [2000, 2004, 2016, 2020, 2096])
def test_leap_day_start_is_31_march_under_both_readings(year: int) -> None:
    dob = D(year, 2, 29)
    fifth_year = year + 5
    assert not calendar.isleap(fifth_year)
    start = compulsory_school_age_start(dob)
    assert start == D(fifth_year, 3, 31)
    # Reading the fifth birthday as 28 February or as 1 March gives the same start.
    assert next_prescribed_day(D(fifth_year, 2, 28)) == start
    assert next_prescribed_day(D(fifth_year, 3, 1)) == start


@pytest.mark.parametrize("year", [1996, 2004, 2008, 2084])
def test_leap_day_end_is_unaffected_by_the_reading(year: int) -> None:
    dob = D(year, 2, 29)
    y16 = year + 16
    end = compulsory_school_age_end(dob)
    assert end == school_leaving_date(y16)
    # Whichever day the 16th birthday is read as, it is before the leaving date: limb (c).
    for birthday in (D(y16, 2, 28), D(y16, 3, 1)):
        assert birthday < end


def test_leap_day_sixteenth_birthday_in_a_common_century_year() -> None:
    dob = D(2084, 2, 29)  # 16 in 2100, which is not a leap year
    assert not calendar.isleap(2100)
    assert age_on(dob, D(2100, 2, 28)) == 15
    assert age_on(dob, D(2100, 3, 1)) == 16
    assert compulsory_school_age_end(dob) == school_leaving_date(2100)


def test_age_on_leap_day() -> None:
    dob = D(2020, 2, 29)
    assert age_on(dob, D(2021, 2, 28)) == 0
    assert age_on(dob, D(2021, 3, 1)) == 1
    assert age_on(dob, D(2024, 2, 28)) == 3
    assert age_on(dob, D(2024, 2, 29)) == 4
    assert age_on(dob, D(2024, 3, 1)) == 4


# --- ages -------------------------------------------------------------------------------------


def test_age_on_edges() -> None:
    dob = D(2010, 5, 15)
    assert age_on(dob, dob) == 0
    assert age_on(dob, D(2026, 5, 14)) == 15
    assert age_on(dob, D(2026, 5, 15)) == 16
    assert age_on(dob, D(2026, 5, 16)) == 16
    assert age_on(D(1, 1, 1), D(9999, 12, 31)) == 9998
    with pytest.raises(InvalidDate):
        age_on(dob, dob - ONE)


@given(st.dates(), st.dates())
def test_age_on_agrees_with_tuple_comparison(a: date, b: date) -> None:
    dob, on = min(a, b), max(a, b)
    expected = on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))
    # For a 29 February birth this is the 1 March reading: on 28 February of a common year
    # (2, 28) < (2, 29), so the age is not yet attained.
    assert age_on(dob, on) == expected


# --- school leaving date ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (1998, D(1998, 6, 26)),
        (2019, D(2019, 6, 28)),
        (2020, D(2020, 6, 26)),
        (2021, D(2021, 6, 25)),
        (2022, D(2022, 6, 24)),
        (2023, D(2023, 6, 30)),  # 30 June itself is a Friday
        (2024, D(2024, 6, 28)),
        (2025, D(2025, 6, 27)),
        (2026, D(2026, 6, 26)),
        (9999, oracle_leaving_date(9999)),
    ],
)
def test_school_leaving_date_known_years(year: int, expected: date) -> None:
    assert school_leaving_date(year) == expected


@pytest.mark.parametrize("year", [1997, 0, -1, 10_000])
def test_school_leaving_date_out_of_range(year: int) -> None:
    with pytest.raises(InvalidDate):
        school_leaving_date(year)


@given(st.integers(min_value=1998, max_value=9999))
def test_school_leaving_date_is_last_friday_in_june(year: int) -> None:
    d = school_leaving_date(year)
    assert d == oracle_leaving_date(year)
    assert d.weekday() == calendar.FRIDAY
    assert (d.year, d.month) == (year, 6)
    assert (d + timedelta(days=7)).month == 7


# --- end: edges either side of the leaving date and the school-year start -----------------------

# 2024: leaving date Friday 28 June. Children turning 16 in 2024 were born in 2008.


@pytest.mark.parametrize(
    ("dob", "end"),
    [
        (D(2008, 1, 1), D(2024, 6, 28)),  # (c) same year
        (D(2008, 6, 27), D(2024, 6, 28)),  # (c) day before the leaving date
        (D(2008, 6, 28), D(2024, 6, 28)),  # (b) on the leaving date
        (D(2008, 6, 29), D(2024, 6, 28)),  # (a) day after
        (D(2008, 8, 31), D(2024, 6, 28)),  # (a) last day before the default school year
        (D(2008, 9, 1), D(2025, 6, 27)),  # (c) default school year begins on 1 September
        (D(2008, 9, 2), D(2025, 6, 27)),  # (c)
        (D(2008, 12, 31), D(2025, 6, 27)),  # (c)
    ],
)
def test_end_edges_default_school_year(dob: date, end: date) -> None:
    assert compulsory_school_age_end(dob) == end
    assert is_of_compulsory_school_age(dob, end)
    assert not is_of_compulsory_school_age(dob, end + ONE)
    assert is_of_compulsory_school_age(dob, end - ONE)


@pytest.mark.parametrize(
    ("dob", "end"),
    [
        (D(2008, 9, 1), D(2024, 6, 28)),  # (a): before a 4 September start
        (D(2008, 9, 3), D(2024, 6, 28)),  # (a): day before the start
        (D(2008, 9, 4), D(2025, 6, 27)),  # (c): on the start
        (D(2008, 9, 5), D(2025, 6, 27)),  # (c): day after
        (D(2008, 6, 28), D(2024, 6, 28)),  # (b) is unaffected by the school year
        (D(2008, 6, 27), D(2024, 6, 28)),  # (c) same year is unaffected
    ],
)
def test_end_edges_given_school_year_start(dob: date, end: date) -> None:
    start = D(2024, 9, 4)
    assert compulsory_school_age_end(dob, school_year_starts=start) == end
    assert is_of_compulsory_school_age(dob, end, school_year_starts=start)
    assert not is_of_compulsory_school_age(dob, end + ONE, school_year_starts=start)


def test_end_with_an_august_school_year_start() -> None:
    start = D(2024, 8, 1)  # "after July": the earliest allowed
    assert compulsory_school_age_end(D(2008, 7, 31), school_year_starts=start) == D(2024, 6, 28)
    assert compulsory_school_age_end(D(2008, 8, 1), school_year_starts=start) == D(2025, 6, 27)
    assert compulsory_school_age_end(D(2008, 8, 31), school_year_starts=start) == D(2025, 6, 27)


def test_school_year_start_as_late_as_31_december_is_allowed() -> None:
    """The window's last day: a school year beginning on 31 December of the sixteenth year
    (31 July and 1 January after it are refused, below)."""
    last = D(2024, 12, 31)
    assert compulsory_school_age_end(D(2008, 12, 30), school_year_starts=last) == D(2024, 6, 28)
    assert compulsory_school_age_end(D(2008, 12, 31), school_year_starts=last) == D(2025, 6, 27)


@pytest.mark.parametrize(
    "start",
    [D(2024, 7, 31), D(2024, 6, 1), D(2023, 9, 1), D(2025, 9, 1), D(2025, 1, 6), D(2025, 1, 1)],
)
def test_school_year_start_must_be_after_july_of_the_sixteenth_year(start: date) -> None:
    with pytest.raises(InvalidDate):
        compulsory_school_age_end(D(2008, 9, 1), school_year_starts=start)
    with pytest.raises(InvalidDate):
        is_of_compulsory_school_age(D(2008, 9, 1), D(2014, 1, 1), school_year_starts=start)


def test_end_range() -> None:
    assert compulsory_school_age_end(D(1982, 1, 1)) == D(1998, 6, 26)
    with pytest.raises(InvalidDate):
        compulsory_school_age_end(D(1981, 12, 31))
    assert compulsory_school_age_end(D(9983, 1, 1)) == school_leaving_date(9999)
    with pytest.raises(InvalidDate):
        compulsory_school_age_end(D(9983, 12, 1))  # would need the 10000 leaving date
    with pytest.raises(InvalidDate):
        compulsory_school_age_end(D(9984, 1, 1))


def test_is_of_compulsory_school_age_outside_the_supported_range() -> None:
    # Under 5 or 17 and over: False whatever the rules were.
    assert not is_of_compulsory_school_age(D(1970, 1, 1), D(2024, 1, 1))
    assert not is_of_compulsory_school_age(D(1970, 1, 1), D(1974, 12, 31))
    assert not is_of_compulsory_school_age(D(9999, 1, 1), D(9999, 12, 31))
    assert not is_of_compulsory_school_age(D(2020, 1, 1), D(2019, 1, 1))  # before birth
    with pytest.raises(InvalidDate):
        is_of_compulsory_school_age(D(1970, 1, 1), D(1980, 1, 1))


# --- properties -------------------------------------------------------------------------------


@given(any_dob)
def test_start_is_the_first_prescribed_day_on_or_after_the_fifth_birthday(dob: date) -> None:
    start = compulsory_school_age_start(dob)
    fifth = fifth_birthday(dob)
    assert is_prescribed(start)
    assert fifth <= start
    assert (start - fifth).days <= 152  # longest gap: 1 April to 31 August
    assert start == oracle_start(fifth)
    assert age_on(dob, start) == 5
    # The start falls in the reception year (1 September cohorts).
    assert year_group(dob, academic_year_of(start)) == 0


@given(any_dob)
def test_end_is_a_last_friday_in_june(dob: date) -> None:
    end = compulsory_school_age_end(dob)
    assert end.weekday() == calendar.FRIDAY
    assert end.month == 6
    assert (end + timedelta(days=7)).month == 7


@given(any_dob)
def test_end_is_close_to_the_sixteenth_birthday(dob: date) -> None:
    end = compulsory_school_age_end(dob)
    sixteenth = sixteenth_birthday(dob)
    assert sixteenth - timedelta(days=70) < end < sixteenth + timedelta(days=366)
    assert end in (oracle_leaving_date(sixteenth.year), oracle_leaving_date(sixteenth.year + 1))
    assert age_on(dob, end) in (15, 16)
    # With the default school year, the end is the leaving date of the Year 11 school year.
    assert end == school_leaving_date(academic_year_of(dob) + 17)
    assert year_group(dob, academic_year_of(end)) == 11


school_year_offsets = st.integers(min_value=0, max_value=152)  # 1 Aug .. 31 Dec


@given(any_dob, school_year_offsets)
def test_end_with_school_year_start_follows_the_limbs(dob: date, offset: int) -> None:
    sixteenth = sixteenth_birthday(dob)
    y = sixteenth.year
    sys_start = D(y, 8, 1) + timedelta(days=offset)
    end = compulsory_school_age_end(dob, school_year_starts=sys_start)
    leaving = oracle_leaving_date(y)
    if sixteenth <= leaving or sixteenth < sys_start:
        assert end == leaving
    else:
        assert end == oracle_leaving_date(y + 1)
    assert end < D(y + 1, 8, 1)
    assert age_on(dob, end) in (15, 16)


def days_around(d: date) -> list[date]:
    return [d - ONE, d, d + ONE]


@given(any_dob, st.lists(st.integers(min_value=-400, max_value=365 * 18), max_size=25))
def test_of_age_exactly_on_start_to_end(dob: date, offsets: list[int]) -> None:
    start = compulsory_school_age_start(dob)
    end = compulsory_school_age_end(dob)
    days = [dob + timedelta(days=o) for o in offsets]
    days += days_around(start) + days_around(end)
    for d in days:
        assert is_of_compulsory_school_age(dob, d) == (start <= d <= end)


@given(
    any_dob,
    school_year_offsets,
    st.lists(st.integers(min_value=0, max_value=365 * 18), max_size=25),
)
def test_of_age_is_monotone(dob: date, offset: int, offsets: list[int]) -> None:
    sys_start = D(sixteenth_birthday(dob).year, 8, 1) + timedelta(days=offset)
    start = compulsory_school_age_start(dob)
    end = compulsory_school_age_end(dob, school_year_starts=sys_start)
    days = sorted(
        {dob + timedelta(days=o) for o in offsets} | {*days_around(start), *days_around(end)}
    )
    values = [is_of_compulsory_school_age(dob, d, school_year_starts=sys_start) for d in days]
    # False*, True+, False*: exactly one run of True.
    changes = sum(1 for a, b in pairwise(values) if a != b)
    assert values[0] is False
    assert values[-1] is False
    assert changes == 2
    assert True in values


# --- school years and year groups --------------------------------------------------------------


@pytest.mark.parametrize(
    ("d", "year"),
    [(D(2024, 8, 31), 2023), (D(2024, 9, 1), 2024), (D(2024, 9, 2), 2024), (D(2025, 1, 1), 2024)],
)
def test_academic_year_of(d: date, year: int) -> None:
    assert academic_year_of(d) == year


@pytest.mark.parametrize(
    ("dob", "school_year", "group"),
    [
        (D(2019, 9, 1), 2024, 0),
        (D(2020, 8, 31), 2024, 0),
        (D(2019, 8, 31), 2024, 1),
        (D(2020, 9, 1), 2024, -1),
        (D(2021, 9, 1), 2024, -2),
        (D(2007, 9, 23), 2023, 11),
        (D(2008, 8, 31), 2023, 11),
        (D(2008, 9, 1), 2023, 10),
        (D(2005, 9, 1), 2023, 13),
        (D(2023, 1, 1), 2024, -3),  # any int is returned
    ],
)
def test_year_group(dob: date, school_year: int, group: int) -> None:
    assert year_group(dob, school_year) == group


@given(dobs, st.integers(min_value=-50, max_value=50))
def test_year_group_advances_one_per_school_year(dob: date, k: int) -> None:
    assert year_group(dob, 2000 + k) - year_group(dob, 2000) == k


def test_year_group_names() -> None:
    names = [year_group_name(n) for n in range(-2, 14)]
    assert names[:4] == ["Nursery 1", "Nursery 2", "Reception", "Year 1"]
    assert names[-1] == "Year 13"
    assert len(set(names)) == 16


@pytest.mark.parametrize("n", [-3, 14, 100, -100])
def test_year_group_name_out_of_range(n: int) -> None:
    with pytest.raises(InvalidInput) as info:
        year_group_name(n)
    assert not isinstance(info.value, TypeError)


@pytest.mark.parametrize(("n", "expected"), [(-3, False), (-2, True), (0, True), (11, True)])
def test_is_nursery_to_year_11(n: int, expected: bool) -> None:
    assert is_nursery_to_year_11(n) is expected
    assert is_nursery_to_year_11(12) is False


# --- bad input --------------------------------------------------------------------------------

PERSONAL = "Jane Doe, 1 High Street"

not_dates = st.one_of(
    st.none(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=2000),
    st.just(PERSONAL),
    st.just("2024-03-31"),
    st.just("２０２４－０３－３１"),  # full-width look-alike
    st.datetimes(),
    st.lists(st.integers(), max_size=3),
    st.booleans(),
)

DateFn = Callable[[Any], object]

date_functions: list[tuple[str, DateFn]] = [
    ("start", lambda v: compulsory_school_age_start(v)),
    ("end", lambda v: compulsory_school_age_end(v)),
    ("end-sys", lambda v: compulsory_school_age_end(D(2008, 9, 1), school_year_starts=v)),
    ("of-dob", lambda v: is_of_compulsory_school_age(v, D(2024, 1, 1))),
    ("of-on", lambda v: is_of_compulsory_school_age(D(2015, 1, 1), v)),
    (
        "of-sys",
        lambda v: is_of_compulsory_school_age(D(2008, 9, 1), D(2024, 1, 1), school_year_starts=v),
    ),
    ("next", lambda v: next_prescribed_day(v)),
    ("age-dob", lambda v: age_on(v, D(2024, 1, 1))),
    ("age-on", lambda v: age_on(D(2000, 1, 1), v)),
    ("academic", lambda v: academic_year_of(v)),
    ("group-dob", lambda v: year_group(v, 2024)),
]

int_functions: list[tuple[str, DateFn]] = [
    ("prescribed", lambda v: prescribed_days(v)),
    ("leaving", lambda v: school_leaving_date(v)),
    ("group-year", lambda v: year_group(D(2019, 9, 1), v)),
    ("group-name", lambda v: year_group_name(v)),
    ("nursery-11", lambda v: is_nursery_to_year_11(v)),
]


@pytest.mark.parametrize(("name", "fn"), date_functions, ids=[n for n, _ in date_functions])
@given(value=not_dates)
def test_non_dates_are_rejected(name: str, fn: DateFn, value: object) -> None:
    assume(value is not None or not name.endswith("sys"))  # None means "default" there
    with pytest.raises(InvalidArgument) as info:
        fn(value)
    assert isinstance(info.value, TypeError)
    assert isinstance(info.value, InvalidInput)
    assert PERSONAL not in str(info.value)
    assert "date" in str(info.value)


@pytest.mark.parametrize(("name", "fn"), date_functions, ids=[n for n, _ in date_functions])
def test_datetime_is_rejected_with_a_reason(name: str, fn: DateFn) -> None:
    with pytest.raises(InvalidArgument, match="datetime"):
        fn(datetime(2024, 3, 31, 12, 0))


@pytest.mark.parametrize(("name", "fn"), int_functions, ids=[n for n, _ in int_functions])
@pytest.mark.parametrize("value", [None, "2024", 2024.0, True, False, D(2024, 1, 1), PERSONAL])
def test_non_ints_are_rejected(name: str, fn: DateFn, value: object) -> None:
    with pytest.raises(InvalidArgument) as info:
        fn(value)
    assert PERSONAL not in str(info.value)


# --- what the errors say (each names the argument, never its value) ---------------------------

named_arguments: list[tuple[str, str, DateFn]] = [
    ("age-dob", "dob", lambda v: age_on(v, D(2024, 1, 1))),
    ("age-on", "on", lambda v: age_on(D(2000, 1, 1), v)),
    ("prescribed", "year", lambda v: prescribed_days(v)),
    ("next", "d", lambda v: next_prescribed_day(v)),
    ("start", "dob", lambda v: compulsory_school_age_start(v)),
    ("leaving", "year", lambda v: school_leaving_date(v)),
    ("end", "dob", lambda v: compulsory_school_age_end(v)),
    (
        "end-sys",
        "school_year_starts",
        lambda v: compulsory_school_age_end(D(2008, 9, 1), school_year_starts=v),
    ),
    ("of-dob", "dob", lambda v: is_of_compulsory_school_age(v, D(2024, 1, 1))),
    ("of-on", "on", lambda v: is_of_compulsory_school_age(D(2015, 1, 1), v)),
    (
        "of-sys",
        "school_year_starts",
        lambda v: is_of_compulsory_school_age(D(2008, 9, 1), D(2024, 1, 1), school_year_starts=v),
    ),
    ("academic", "d", lambda v: academic_year_of(v)),
    ("group-dob", "dob", lambda v: year_group(v, 2024)),
    ("group-year", "school_year", lambda v: year_group(D(2019, 9, 1), v)),
    ("group-name", "n", lambda v: year_group_name(v)),
    ("nursery-11", "n", lambda v: is_nursery_to_year_11(v)),
]


@pytest.mark.parametrize(
    ("name", "argument", "fn"), named_arguments, ids=[n for n, _, _ in named_arguments]
)
def test_a_wrong_type_names_the_argument(name: str, argument: str, fn: DateFn) -> None:
    with pytest.raises(InvalidArgument) as info:
        fn(PERSONAL)
    assert str(info.value).startswith(f"{argument} must be {_expected_type(name)}")
    assert PERSONAL not in str(info.value)


def _expected_type(name: str) -> str:
    ints = ("prescribed", "leaving", "group-year", "group-name", "nursery-11")
    return "an int" if name in ints else "a datetime.date"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: age_on(D(2020, 1, 2), D(2020, 1, 1)),
            "on must not be before the date of birth",
        ),
        (
            lambda: prescribed_days(1998),
            "year must be from 1999 to 9999: SI 1998/1607 prescribes all three days only from 1999",
        ),
        (
            lambda: next_prescribed_day(D(1998, 7, 31)),
            "no prescribed days before 1 August 1998 (SI 1998/1607 came into force then)",
        ),
        (
            lambda: compulsory_school_age_start(D(1993, 7, 31)),
            "the fifth birthday is before 1 August 1998; the rules in force then are not encoded",
        ),
        (
            lambda: compulsory_school_age_start(D(9995, 1, 1)),
            "the birthday at age 5 is after the year 9999",
        ),
        (
            lambda: school_leaving_date(1997),
            "year must be from 1998 to 9999: SI 1997/1970 sets the leaving date from 1998",
        ),
        (
            lambda: compulsory_school_age_end(D(1981, 12, 31)),
            "the sixteenth birthday is before 1998; the rules in force then are not encoded",
        ),
        (
            lambda: compulsory_school_age_end(D(9983, 12, 1)),
            "compulsory school age would end after the year 9999",
        ),
        (
            lambda: compulsory_school_age_end(D(2008, 9, 1), school_year_starts=D(2024, 7, 31)),
            "school_year_starts must fall after July of the year of the sixteenth birthday "
            "(s579(1): the school year begins with the first term to begin after July)",
        ),
        (lambda: year_group_name(14), "year group must be from -2 to 13, got 14"),
    ],
)
def test_invalid_date_messages(call: Callable[[], object], message: str) -> None:
    with pytest.raises(InvalidInput) as info:
        call()
    assert str(info.value) == message


# --- the short cuts of is_of_compulsory_school_age, at their edges ----------------------------


def test_seventeenth_birthday_is_false_without_the_orders() -> None:
    """From the 17th birthday the answer is False even where the Orders are not encoded (a
    1970 birth); the day before it they are needed, and the rules of 1975-1986 are not."""
    dob = D(1970, 1, 1)
    with pytest.raises(InvalidDate):
        is_of_compulsory_school_age(dob, D(1986, 12, 31))
    assert is_of_compulsory_school_age(dob, D(1987, 1, 1)) is False
    assert is_of_compulsory_school_age(dob, D(1987, 1, 2)) is False
    assert compulsory_school_age_status(dob, D(1986, 12, 31)) is None
    assert compulsory_school_age_status(dob, D(1987, 1, 1)) is False


def test_near_the_year_9999_only_what_is_needed_is_computed() -> None:
    # Fifth birthday in 9999: between it and the start, False; after the start the end
    # (in 10015) cannot be computed.
    assert is_of_compulsory_school_age(D(9994, 1, 10), D(9999, 1, 20)) is False
    with pytest.raises(InvalidDate, match="after the year 9999"):
        is_of_compulsory_school_age(D(9994, 1, 10), D(9999, 6, 1))
    # Fifth birthday in 9995, before the start: the 16th and 17th birthdays are after 9999
    # and never computed, even with a school year start given.
    assert is_of_compulsory_school_age(D(9990, 1, 10), D(9995, 1, 20)) is False
    assert (
        is_of_compulsory_school_age(
            D(9990, 1, 10), D(9995, 1, 20), school_year_starts=D(9999, 9, 1)
        )
        is False
    )


def test_school_year_starts_is_checked_even_when_the_answer_needs_no_order() -> None:
    # Before the fifth birthday the answer is False, but a school_year_starts outside
    # August-December of the sixteenth year is still an error, for 9983 as for 2010.
    for dob, bad in ((D(2010, 1, 1), D(2026, 6, 1)), (D(9983, 1, 1), D(9998, 9, 1))):
        with pytest.raises(InvalidDate, match="school_year_starts must fall after July"):
            is_of_compulsory_school_age(dob, dob + ONE, school_year_starts=bad)
        good = D(dob.year + 16, 9, 1)
        assert is_of_compulsory_school_age(dob, dob + ONE, school_year_starts=good) is False


def test_status_passes_the_school_year_start_on() -> None:
    # Born 1 Sep 2008: of compulsory school age until June 2025 by default, until June 2024
    # when the school year begins on 4 September 2024.
    dob, on = D(2008, 9, 1), D(2025, 1, 6)
    assert compulsory_school_age_status(dob, on) is True
    assert compulsory_school_age_status(dob, on, school_year_starts=D(2024, 9, 4)) is False
    assert compulsory_school_age_status(dob, on, school_year_starts=D(2024, 9, 1)) is True
