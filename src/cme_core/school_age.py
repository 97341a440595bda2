"""Compulsory school age in England: when it starts, when it ends, and school year groups.

The rules (Education Act 1996 s8, with the two Orders made under s8(4)):

* **Start** (s8(2); Education (Start of Compulsory School Age) Order 1998, SI 1998/1607 art 2):
  on the fifth birthday if that day is a *prescribed day* (31 March, 31 August, 31 December),
  otherwise at the beginning of the next prescribed day.
* **End** (s8(3); Education (School Leaving Date) Order 1997, SI 1997/1970 art 2): at the end
  of a *school leaving date* (the last Friday in June) -- (a) that of the year of the sixteenth
  birthday if the birthday falls after it but before the next school year begins, (b) that
  date if the birthday is on it, otherwise (c) the first leaving date after the birthday.
  :func:`compulsory_school_age_end` returns the **last day** on which the child is of
  compulsory school age, so a child can stop being of compulsory school age before turning 16.

Conventions this module chooses (each also kept as data below):

* A person attains an age at the start of the birthday (Family Law Reform Act 1969 s9).
* A 29 February birth has its anniversary on **1 March** in common years. This is a *choice*:
  the law on leap-day birthdays is contested (some read 28 February). It never changes the
  start or end of compulsory school age (see :func:`compulsory_school_age_start`), only
  :func:`age_on` on 28 February of a common year. Flagged by ``LEAP_DAY_READING_VERIFIED``.
* The school year (s579(1)) begins with the first term to begin after July, so it belongs to
  each school. Where no school-specific start is given, this module takes the school year to
  begin on **1 September** (``DEFAULT_SCHOOL_YEAR_START``), a convention, not statute.

Supported range: the Orders apply to 1998 and later years (31 March is prescribed from 1999).
Fifth birthdays before 1 August 1998 and sixteenth birthdays before 1998 were governed by
earlier rules, which are not encoded: they raise :class:`~cme_core.errors.InvalidDate`.

>>> from datetime import date
>>> compulsory_school_age_start(date(2019, 2, 10))
datetime.date(2024, 3, 31)
>>> compulsory_school_age_end(date(2007, 9, 23))
datetime.date(2024, 6, 28)
>>> is_of_compulsory_school_age(date(2008, 6, 29), date(2024, 6, 29))
False
>>> year_group_name(year_group(date(2019, 9, 1), 2024))
'Reception'
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final

from cme_core._checks import require_date as _require_date
from cme_core._checks import require_int as _require_int
from cme_core.errors import InvalidDate, InvalidInput

__all__ = [
    "AGE_CITATION",
    "DEFAULT_SCHOOL_YEAR_START",
    "DEFAULT_SCHOOL_YEAR_START_VERIFIED",
    "END_CITATION",
    "FIRST_LEAVING_DATE_YEAR",
    "LEAP_DAY_ANNIVERSARY",
    "LEAP_DAY_READING_VERIFIED",
    "LEAVING_DATE_CITATION",
    "PRESCRIBED_DAYS",
    "PRESCRIBED_DAYS_CITATION",
    "PRESCRIBED_DAYS_IN_FORCE_FROM",
    "SCHOOL_YEAR_CITATION",
    "START_CITATION",
    "YEAR_GROUP_CITATION",
    "YEAR_GROUP_VERIFIED",
    "academic_year_of",
    "age_on",
    "compulsory_school_age_end",
    "compulsory_school_age_start",
    "compulsory_school_age_status",
    "is_nursery_to_year_11",
    "is_of_compulsory_school_age",
    "next_prescribed_day",
    "prescribed_days",
    "school_leaving_date",
    "year_group",
    "year_group_name",
]

# ---------------------------------------------------------------------------------------------
# Data. Source: legislation.gov.uk texts of the Education Act 1996 (s8, s579), SI 1997/1970 and
# SI 1998/1607 (as published; neither Order has been amended), read via the machine-converted
# copies in legalize-dev/legalize-uk. Year-group numbering: DfE school census convention.
# ---------------------------------------------------------------------------------------------

#: Citation for the start of compulsory school age.
START_CITATION: Final = "Education Act 1996 s8(2); SI 1998/1607 art 2"
#: Citation for the end of compulsory school age.
END_CITATION: Final = "Education Act 1996 s8(3); SI 1997/1970 art 2"
#: Citation for the prescribed days.
PRESCRIBED_DAYS_CITATION: Final = (
    "Education (Start of Compulsory School Age) Order 1998 (SI 1998/1607) art 2"
)
#: Citation for the school leaving date.
LEAVING_DATE_CITATION: Final = "Education (School Leaving Date) Order 1997 (SI 1997/1970) art 2"
#: Citation for the meaning of "school year".
SCHOOL_YEAR_CITATION: Final = "Education Act 1996 s579(1)"
#: Citation for the time at which an age is attained.
AGE_CITATION: Final = "Family Law Reform Act 1969 s9"
#: Year groups are an administrative convention (DfE school census), not statute.
YEAR_GROUP_CITATION: Final = "DfE school census guidance: national curriculum year groups"
YEAR_GROUP_VERIFIED: Final = False

#: The prescribed days as (month, day): SI 1998/1607 art 2. 31 Aug and 31 Dec are prescribed
#: "for 1998 and successive years", 31 Mar "for 1999 and successive years".
PRESCRIBED_DAYS: Final = ((3, 31), (8, 31), (12, 31))
_FIRST_YEAR_OF_31_MARCH: Final = 1999
#: SI 1998/1607 came into force on 1 August 1998 (with the amended s8(2), per its footnote).
PRESCRIBED_DAYS_IN_FORCE_FROM: Final = date(1998, 8, 1)
#: SI 1997/1970 sets the leaving date "for 1998 and for successive years".
FIRST_LEAVING_DATE_YEAR: Final = 1998

#: Where a 29 February birth has its anniversary in a common year: (month, day) = 1 March.
#: A choice, not settled law.
LEAP_DAY_ANNIVERSARY: Final = (3, 1)
LEAP_DAY_READING_VERIFIED: Final = False

#: Default start of the school year as (month, day). s579(1) makes the school year begin with
#: the school's first term to begin after July; 1 September is a convention.
DEFAULT_SCHOOL_YEAR_START: Final = (9, 1)
DEFAULT_SCHOOL_YEAR_START_VERIFIED: Final = False

_YEAR_GROUP_NAMES: Final = {-2: "Nursery 1", -1: "Nursery 2", 0: "Reception"}
_MIN_YEAR_GROUP: Final = -2
_MAX_YEAR_GROUP: Final = 13
_LAST_YEAR_OF_COMPULSORY_AGE: Final = 11
_MAX_YEAR: Final = date.max.year


# ---------------------------------------------------------------------------------------------
# Argument checks
# ---------------------------------------------------------------------------------------------


def _anniversary(dob: date, years: int) -> date:
    """The ``years``-th birthday, with 29 February falling on 1 March in common years."""
    year = dob.year + years
    if year > _MAX_YEAR:
        raise InvalidDate(f"the birthday at age {years} is after the year {_MAX_YEAR}")
    try:
        return dob.replace(year=year)
    except ValueError:  # 29 February in a common year
        month, day = LEAP_DAY_ANNIVERSARY
        return date(year, month, day)


# ---------------------------------------------------------------------------------------------
# Ages
# ---------------------------------------------------------------------------------------------


def age_on(dob: date, on: date) -> int:
    """Age in whole years on ``on`` of a person born on ``dob``.

    An age is attained at the start of the birthday (Family Law Reform Act 1969 s9). A person
    born on 29 February attains each age on **1 March** in a common year: a documented choice
    (``LEAP_DAY_READING_VERIFIED`` is False), since the leap-day reading is contested.

    Raises :class:`InvalidArgument` if either argument is not a ``date`` (``datetime`` is
    refused) and :class:`InvalidDate` if ``on`` is before ``dob``.

    >>> from datetime import date
    >>> age_on(date(2019, 2, 10), date(2024, 2, 9)), age_on(date(2019, 2, 10), date(2024, 2, 10))
    (4, 5)
    >>> age_on(date(2020, 2, 29), date(2025, 2, 28)), age_on(date(2020, 2, 29), date(2025, 3, 1))
    (4, 5)
    """
    dob = _require_date(dob, "dob")
    on = _require_date(on, "on")
    if on < dob:
        raise InvalidDate("on must not be before the date of birth")
    years = on.year - dob.year
    return years - 1 if on < _anniversary(dob, years) else years


# ---------------------------------------------------------------------------------------------
# Start: s8(2) and SI 1998/1607
# ---------------------------------------------------------------------------------------------


def prescribed_days(year: int) -> tuple[date, date, date]:
    """The prescribed days of ``year``: 31 March, 31 August and 31 December.

    Education (Start of Compulsory School Age) Order 1998 (SI 1998/1607) art 2. 31 March is
    prescribed only from 1999, so years before 1999 (and after 9999) raise :class:`InvalidDate`.

    >>> prescribed_days(2024)
    (datetime.date(2024, 3, 31), datetime.date(2024, 8, 31), datetime.date(2024, 12, 31))
    """
    year = _require_int(year, "year")
    if not _FIRST_YEAR_OF_31_MARCH <= year <= _MAX_YEAR:
        raise InvalidDate(
            f"year must be from {_FIRST_YEAR_OF_31_MARCH} to {_MAX_YEAR}: SI 1998/1607 "
            f"prescribes all three days only from {_FIRST_YEAR_OF_31_MARCH}"
        )
    first, second, third = (date(year, month, day) for month, day in PRESCRIBED_DAYS)
    return first, second, third


def next_prescribed_day(d: date) -> date:
    """The first prescribed day on or after ``d`` (SI 1998/1607 art 2).

    Defined from 1 August 1998, when the Order came into force (in 1998 only 31 August and
    31 December are prescribed); earlier dates raise :class:`InvalidDate`.

    >>> from datetime import date
    >>> next_prescribed_day(date(2024, 3, 31)), next_prescribed_day(date(2024, 4, 1))
    (datetime.date(2024, 3, 31), datetime.date(2024, 8, 31))
    >>> next_prescribed_day(date(2025, 1, 1))
    datetime.date(2025, 3, 31)
    """
    d = _require_date(d, "d")
    if d < PRESCRIBED_DAYS_IN_FORCE_FROM:
        raise InvalidDate(
            "no prescribed days before 1 August 1998 (SI 1998/1607 came into force then)"
        )
    for month, day in PRESCRIBED_DAYS:
        if (month, day) == (3, 31) and d.year < _FIRST_YEAR_OF_31_MARCH:
            continue
        candidate = date(d.year, month, day)
        if candidate >= d:
            return candidate
    raise AssertionError("unreachable: 31 December is on or after every day of its year")


def compulsory_school_age_start(dob: date) -> date:
    """The first day on which a child born on ``dob`` is of compulsory school age.

    Education Act 1996 s8(2) with SI 1998/1607 art 2: the fifth birthday if it is a
    prescribed day (31 March, 31 August, 31 December), otherwise the next prescribed day
    (compulsory school age begins at the start of that day).

    29 February births: the fifth birthday is always in a common year and is read as
    **1 March** (``LEAP_DAY_ANNIVERSARY``). Reading it as 28 February gives the same answer,
    31 March, because no prescribed day lies between 28 February and 1 March.

    Raises :class:`InvalidDate` when the fifth birthday is before 1 August 1998 (earlier rules
    applied) or after the year 9999.

    >>> from datetime import date
    >>> compulsory_school_age_start(date(2019, 3, 31))
    datetime.date(2024, 3, 31)
    >>> compulsory_school_age_start(date(2019, 4, 1))
    datetime.date(2024, 8, 31)
    >>> compulsory_school_age_start(date(2019, 9, 1))
    datetime.date(2024, 12, 31)
    >>> compulsory_school_age_start(date(2020, 2, 29))
    datetime.date(2025, 3, 31)
    """
    dob = _require_date(dob, "dob")
    fifth = _anniversary(dob, 5)
    if fifth < PRESCRIBED_DAYS_IN_FORCE_FROM:
        raise InvalidDate(
            "the fifth birthday is before 1 August 1998; the rules in force then are not encoded"
        )
    return next_prescribed_day(fifth)


# ---------------------------------------------------------------------------------------------
# End: s8(3), SI 1997/1970 and s579(1)
# ---------------------------------------------------------------------------------------------


_FRIDAY = 4


def school_leaving_date(year: int) -> date:
    """The school leaving date of ``year``: the last Friday in June.

    Education (School Leaving Date) Order 1997 (SI 1997/1970) art 2, "for 1998 and for
    successive years"; years before 1998 (and after 9999) raise :class:`InvalidDate`.

    >>> school_leaving_date(2024), school_leaving_date(2023)
    (datetime.date(2024, 6, 28), datetime.date(2023, 6, 30))
    """
    year = _require_int(year, "year")
    if not FIRST_LEAVING_DATE_YEAR <= year <= _MAX_YEAR:
        raise InvalidDate(
            f"year must be from {FIRST_LEAVING_DATE_YEAR} to {_MAX_YEAR}: SI 1997/1970 sets "
            f"the leaving date from {FIRST_LEAVING_DATE_YEAR}"
        )
    last = date(year, 6, 30)
    return last - timedelta(days=(last.weekday() - _FRIDAY) % 7)


def _school_year_start(year: int, school_year_starts: date | None) -> date:
    """The start of the school year that begins after the leaving date of ``year``."""
    if school_year_starts is None:
        month, day = DEFAULT_SCHOOL_YEAR_START
        return date(year, month, day)
    start = _require_date(school_year_starts, "school_year_starts")
    if not date(year, 8, 1) <= start <= date(year, 12, 31):
        raise InvalidDate(
            "school_year_starts must fall after July of the year of the sixteenth birthday "
            "(s579(1): the school year begins with the first term to begin after July)"
        )
    return start


def compulsory_school_age_end(dob: date, *, school_year_starts: date | None = None) -> date:
    """The **last day** on which a child born on ``dob`` is of compulsory school age.

    Education Act 1996 s8(3): compulsory school age ends at the end of a school leaving date
    (the last Friday in June, SI 1997/1970). With Y the year of the sixteenth birthday and
    L(Y) its leaving date:

    (a) birthday after L(Y) but before the school year next following begins -> L(Y)
        (the child stops being of compulsory school age *before* turning 16);
    (b) birthday on L(Y) -> L(Y);
    (c) otherwise, the first leaving date after the birthday: L(Y) if the birthday is before
        it, L(Y + 1) if the birthday is on or after the start of the school year.

    ``school_year_starts`` is the day the school year following L(Y) begins -- the school's
    first term to begin after July (s579(1)); it must fall between 1 August and 31 December
    of Y, else :class:`InvalidDate`. A birthday strictly before it is case (a). When it is
    omitted the school year is taken to **begin on 1 September**: a birthday from the day
    after L(Y) to 31 August is case (a), and a birthday **on 1 September** is *not* before the
    beginning of the school year, so it is case (c) and ends at L(Y + 1). That open edge is
    a convention (``DEFAULT_SCHOOL_YEAR_START_VERIFIED`` is False); pass the school's own
    autumn-term start where it matters.

    29 February births: the sixteenth birthday, on 29 February or (in a common year such as
    2100) 1 March, is always before L(Y), so the reading never changes the answer.

    Raises :class:`InvalidDate` for sixteenth birthdays before 1998 (earlier rules applied) or
    when the answer would be after the year 9999.

    >>> from datetime import date
    >>> compulsory_school_age_end(date(2008, 6, 28))  # (b) birthday on the leaving date
    datetime.date(2024, 6, 28)
    >>> compulsory_school_age_end(date(2008, 6, 29))  # (a) ends before the birthday
    datetime.date(2024, 6, 28)
    >>> compulsory_school_age_end(date(2008, 9, 1))  # (c) default school year begins 1 Sep
    datetime.date(2025, 6, 27)
    >>> compulsory_school_age_end(date(2008, 9, 1), school_year_starts=date(2024, 9, 4))
    datetime.date(2024, 6, 28)
    """
    dob = _require_date(dob, "dob")
    if school_year_starts is not None:
        _require_date(school_year_starts, "school_year_starts")
    sixteenth = _anniversary(dob, 16)
    year = sixteenth.year
    if year < FIRST_LEAVING_DATE_YEAR:
        raise InvalidDate(
            "the sixteenth birthday is before 1998; the rules in force then are not encoded"
        )
    leaving = school_leaving_date(year)
    next_school_year = _school_year_start(year, school_year_starts)
    if sixteenth <= leaving:  # (b), or (c) with the same year's leaving date
        return leaving
    if sixteenth < next_school_year:  # (a)
        return leaving
    if year == _MAX_YEAR:
        raise InvalidDate(f"compulsory school age would end after the year {_MAX_YEAR}")
    return school_leaving_date(year + 1)  # (c)


def is_of_compulsory_school_age(
    dob: date, on: date, *, school_year_starts: date | None = None
) -> bool:
    """Whether a child born on ``dob`` is of compulsory school age on ``on`` (s8(1)-(3)).

    True exactly when ``compulsory_school_age_start(dob) <= on <= compulsory_school_age_end(dob,
    school_year_starts=...)``. Before the fifth birthday (including before birth) and from the
    seventeenth birthday the answer is False without consulting the Orders (compulsory school
    age never starts before 5 and always ends before 17), so it also holds for dates of birth
    outside the supported range; between those ages such dates raise :class:`InvalidDate`.

    >>> from datetime import date
    >>> dob = date(2019, 4, 1)
    >>> [is_of_compulsory_school_age(dob, date(2024, 8, d)) for d in (30, 31)]
    [False, True]
    >>> is_of_compulsory_school_age(date(1970, 1, 1), date(2024, 1, 1))
    False
    """
    dob = _require_date(dob, "dob")
    on = _require_date(on, "on")
    if school_year_starts is not None:
        _require_date(school_year_starts, "school_year_starts")
        if dob.year + 16 <= _MAX_YEAR:
            _school_year_start(_anniversary(dob, 16).year, school_year_starts)
    if dob.year + 5 > _MAX_YEAR or on < _anniversary(dob, 5):
        return False
    if dob.year + 17 <= _MAX_YEAR and on >= _anniversary(dob, 17):
        return False
    start = compulsory_school_age_start(dob)
    if on < start:
        return False
    return on <= compulsory_school_age_end(dob, school_year_starts=school_year_starts)


def compulsory_school_age_status(
    dob: date, on: date, *, school_year_starts: date | None = None
) -> bool | None:
    """:func:`is_of_compulsory_school_age`, or ``None`` where the encoded rules (1998 onwards)
    cannot decide it, for callers that report an undecidable age rather than fail on it.

    >>> compulsory_school_age_status(date(1991, 5, 1), date(2006, 10, 3)) is None
    True
    >>> compulsory_school_age_status(date(2015, 5, 1), date(2025, 1, 6))
    True
    """
    try:
        return is_of_compulsory_school_age(dob, on, school_year_starts=school_year_starts)
    except InvalidDate:
        return None


# ---------------------------------------------------------------------------------------------
# School years and year groups
# ---------------------------------------------------------------------------------------------


def academic_year_of(d: date) -> int:
    """The school year containing ``d``, named by the calendar year in which it begins.

    2024 means 2024/25. Uses the default start of 1 September (``DEFAULT_SCHOOL_YEAR_START``):
    s579(1) makes the school year begin with each school's first term to begin after July,
    so this is a convention for cohorts, not any particular school's year.

    >>> from datetime import date
    >>> academic_year_of(date(2024, 8, 31)), academic_year_of(date(2024, 9, 1))
    (2023, 2024)
    """
    d = _require_date(d, "d")
    return d.year if (d.month, d.day) >= DEFAULT_SCHOOL_YEAR_START else d.year - 1


def year_group(dob: date, school_year: int) -> int:
    """National curriculum year group in ``school_year`` of a child born on ``dob``.

    Cohorts run from 1 September to 31 August of birth. Reception is 0, Year 1 to Year 13
    are 1 to 13, and the two nursery years are -1 (the year before reception) and -2. Any
    int is returned (negative for younger children, above 13 for older people); use
    :func:`year_group_name` to name it. A convention (``YEAR_GROUP_CITATION``), not statute;
    it assumes the child is taught with their chronological cohort.

    >>> from datetime import date
    >>> year_group(date(2019, 9, 1), 2024), year_group(date(2020, 8, 31), 2024)
    (0, 0)
    >>> year_group(date(2007, 9, 23), 2023)
    11
    """
    dob = _require_date(dob, "dob")
    school_year = _require_int(school_year, "school_year")
    return school_year - academic_year_of(dob) - 5


def year_group_name(n: int) -> str:
    """The name of year group ``n``: "Nursery 1" (-2), "Nursery 2" (-1), "Reception" (0),
    "Year 1" ... "Year 13".

    Raises :class:`InvalidArgument` for a non-int and :class:`InvalidInput` for a value
    outside -2..13.

    >>> [year_group_name(n) for n in (-2, -1, 0, 1, 13)]
    ['Nursery 1', 'Nursery 2', 'Reception', 'Year 1', 'Year 13']
    """
    n = _require_int(n, "n")
    if not _MIN_YEAR_GROUP <= n <= _MAX_YEAR_GROUP:
        raise InvalidInput(
            f"year group must be from {_MIN_YEAR_GROUP} to {_MAX_YEAR_GROUP}, got {n}"
        )
    return _YEAR_GROUP_NAMES.get(n, f"Year {n}")


def is_nursery_to_year_11(n: int) -> bool:
    """Whether year group ``n`` is between Nursery 1 (-2) and Year 11 (11) inclusive.

    LA children-missing-education policies commonly describe their scope this way; it is an
    approximation of compulsory school age (use :func:`is_of_compulsory_school_age` for the
    statutory test).

    >>> is_nursery_to_year_11(11), is_nursery_to_year_11(12), is_nursery_to_year_11(-3)
    (True, False, False)
    """
    n = _require_int(n, "n")
    return _MIN_YEAR_GROUP <= n <= _LAST_YEAR_OF_COMPULSORY_AGE
