"""School calendars and school-day counting (Education Act 1996 s579(1)).

A *school day* is school-specific: s579(1) makes it a day on which *that school* has a school
session. So every count of school days in cme_core takes the school's own calendar as an input;
there is no national default. This module builds that calendar and answers questions about it.

Build a :class:`SchoolCalendar` either from term dates (:meth:`SchoolCalendar.from_terms`: term
days, minus weekends, England's bank holidays, INSET days and other closures, plus any extra
school days such as a Saturday session) or from the sessions an attendance register shows as held
(:meth:`SchoolCalendar.from_school_days`).

Units and ends, used consistently by every method:

- *school days* are dates in the calendar's sorted tuple of school days; *calendar days* are
  plain dates. Method names say which they count.
- :meth:`~SchoolCalendar.add_school_days` and :meth:`~SchoolCalendar.school_days_between` count
  *steps*: the day you start from is never counted, the day you arrive at is. So
  ``school_days_between(d, add_school_days(d, n)) == n`` for every ``n`` (negative ``n`` counts
  backwards).
- :meth:`~SchoolCalendar.school_days` and :meth:`~SchoolCalendar.school_days_in` are inclusive
  of both ends (a run of absence "from" one day "to" another).
- A calendar *covers* a closed range of calendar days (:attr:`~SchoolCalendar.start` to
  :attr:`~SchoolCalendar.end`). Outside it whether a day has a session is unknown, so every query
  about such a day, and every answer that would fall outside it, raises
  :class:`CalendarRangeError` rather than guessing.

Every query is O(1): one lookup in a dense list from each covered day to the number of school
days before it, built once per calendar on first use (one entry a covered day) and kept on the
instance. The cost does not grow with the length of the calendar, and is never a loop over days.

>>> from datetime import date
>>> autumn = Term(name="Autumn", first_day=date(2024, 9, 2), last_day=date(2024, 12, 20))
>>> cal = SchoolCalendar.from_terms([autumn], inset_days=[date(2024, 9, 2)])
>>> cal.is_school_day(date(2024, 9, 2))  # an INSET day: no session for pupils
False
>>> cal.first_school_day
datetime.date(2024, 9, 3)
>>> cal.add_school_days(date(2024, 9, 3), 10)  # the tenth school day after Tue 3 Sep
datetime.date(2024, 9, 17)
>>> cal.school_days_between(date(2024, 9, 3), date(2024, 9, 17))
10
>>> cal.school_days_in(date(2024, 9, 2), date(2024, 9, 6))  # Mon-Fri, Monday an INSET day
4
"""

from __future__ import annotations

import functools
import warnings
from bisect import bisect_right
from collections.abc import Iterable
from datetime import date, timedelta
from itertools import pairwise

import attrs

from cme_core._checks import require_date as _require_date
from cme_core._checks import require_int as _require_int
from cme_core._fields import checked, typed_fields
from cme_core.errors import InvalidArgument, InvalidDate, InvalidInput
from cme_core.problems import Problem, ProblemType, Report, Severity

__all__ = [
    "BANK_HOLIDAYS_CITATION",
    "CALENDAR_CITATION",
    "CLOSURE_OUTSIDE_TERMS",
    "CLOSURE_VERSUS_EXTRA_DAY",
    "COVERAGE_MISSES_DAYS",
    "EXTRA_DAY_OUTSIDE_TERMS",
    "EXTRA_DAY_REDUNDANT",
    "NO_SCHOOL_DAYS",
    "NO_TERMS",
    "TERMS_OVERLAP",
    "TERM_ENDS_BEFORE_IT_BEGINS",
    "CalendarRangeError",
    "InvalidCalendar",
    "SchoolCalendar",
    "SchoolYear",
    "Term",
    "check_terms",
    "england_bank_holidays",
    "england_bank_holidays_between",
    "school_year_of_term_start",
]

CALENDAR_CITATION = "Education Act 1996 s579(1)"
"""Where "school day" (a day on which the school has a session) and "school year" are defined."""

BANK_HOLIDAYS_CITATION = (
    "Banking and Financial Dealings Act 1971 s1 and Sch 1 (England and Wales), with royal "
    "proclamations for one-off days; dates computed by the `holidays` package"
)

_ONE_DAY = timedelta(days=1)
_SATURDAY = 5


# ---------------------------------------------------------------------------------------------
# Errors and problem types
# ---------------------------------------------------------------------------------------------


class CalendarRangeError(InvalidDate):
    """A date, or the answer to a question, lies outside the range a calendar covers.

    Outside that range the calendar does not know whether the school has sessions, so it
    refuses to guess. Also raised for years the bank-holiday source does not cover.
    """


class InvalidCalendar(InvalidInput):
    """Term dates, closures or school days do not make a consistent calendar.

    Carries every problem found at once (not just the first) as a :class:`~cme_core.Report`.
    """

    def __init__(self, report: Report) -> None:
        self.report = report
        errors = report.errors
        listed = "; ".join(str(p) for p in errors)
        super().__init__(f"invalid school calendar: {len(errors)} error(s): {listed}")

    @property
    def problems(self) -> tuple[Problem, ...]:
        """The errors that stopped the calendar being built."""
        return self.report.errors


def _rule(code: str, title: str, severity: Severity = Severity.ERROR) -> ProblemType:
    return ProblemType(code=code, severity=severity, title=title, citation=CALENDAR_CITATION)


TERM_ENDS_BEFORE_IT_BEGINS = _rule("CME-CAL-001", "term ends before it begins")
TERMS_OVERLAP = _rule("CME-CAL-002", "terms overlap")
CLOSURE_OUTSIDE_TERMS = _rule("CME-CAL-003", "closure or INSET day outside every term")
EXTRA_DAY_OUTSIDE_TERMS = _rule("CME-CAL-004", "extra school day outside every term")
CLOSURE_VERSUS_EXTRA_DAY = _rule("CME-CAL-005", "day is both a closure and an extra school day")
EXTRA_DAY_REDUNDANT = _rule(
    "CME-CAL-006", "extra school day is already a school day", Severity.WARNING
)
NO_TERMS = _rule("CME-CAL-007", "no terms given")
NO_SCHOOL_DAYS = _rule("CME-CAL-008", "calendar has no school day")
COVERAGE_MISSES_DAYS = _rule("CME-CAL-009", "covered range does not include every school day")


# ---------------------------------------------------------------------------------------------
# Argument checks
# ---------------------------------------------------------------------------------------------


def _require_dates(values: object, name: str) -> tuple[date, ...]:
    if isinstance(values, str | bytes | date) or not isinstance(values, Iterable):
        raise InvalidArgument(f"{name} must be an iterable of datetime.date")
    return tuple(_require_date(v, f"{name}[{i}]") for i, v in enumerate(values))


def _require_weekends(values: object) -> frozenset[int]:
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise InvalidArgument("weekends must be an iterable of weekday numbers (Monday is 0)")
    out = set()
    for i, v in enumerate(values):
        n = _require_int(v, f"weekends[{i}]")
        if not 0 <= n <= 6:
            raise InvalidInput(f"weekends[{i}] must be a weekday number 0-6 (Monday is 0)")
        out.add(n)
    return frozenset(out)


def _validate_date_field(_: object, attribute: attrs.Attribute[date], value: object) -> None:
    _require_date(value, attribute.name)


def _validate_name(_: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str):
        raise InvalidArgument(f"{attribute.name} must be a str, got {type(value).__name__}")


# ---------------------------------------------------------------------------------------------
# Bank holidays (the one place that calls the untyped `holidays` package)
# ---------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _england_holiday_table(first_year: int, last_year: int) -> frozenset[date]:
    """Every date the ``holidays`` package lists for England in ``first_year``-``last_year``
    (weekend holidays and their substitute days alike), built once per year range.

    The core's only use of the ``holidays`` package, and its only read of that package's data:
    the first call imports it (which reads its installed metadata and its GB gettext
    catalogue); later calls for the same years are answered from this cache.
    """
    import holidays  # imported here: slow to import, and only needed to build calendars

    table = holidays.country_holidays(
        "GB", subdiv="ENG", years=range(first_year, last_year + 1), observed=True
    )
    supported_from, supported_to = int(table.start_year), int(table.end_year)
    if first_year < supported_from or last_year > supported_to:
        raise CalendarRangeError(
            f"England bank holidays are known for {supported_from}-{supported_to} only "
            f"(asked for {first_year}-{last_year})"
        )
    return frozenset(d for d in table if type(d) is date)


def _weekdays(days: frozenset[date]) -> frozenset[date]:
    return frozenset(d for d in days if d.weekday() < _SATURDAY)


def _require_flag(value: object, name: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidArgument(f"{name} must be a bool")
    return value


@checked
def england_bank_holidays(year: int, *, weekdays_only: bool = False) -> frozenset[date]:
    """England's bank and public holidays in calendar ``year``.

    What it returns, exactly: every day that is a bank or public holiday in England in
    ``year`` under the Banking and Financial Dealings Act 1971 Sch 1, the common law (Good
    Friday, Christmas Day) and royal proclamations (one-off days such as the 2022 state
    funeral and the 2023 coronation), **including a holiday that falls on a Saturday or
    Sunday** (e.g. Sunday 25 December 2022) **as well as** the substitute weekday given for it
    (Tuesday 27 December 2022).

    With ``weekdays_only=True`` it returns the GOV.UK meaning instead
    (https://www.gov.uk/bank-holidays, "England and Wales"): a holiday that falls at a weekend
    is replaced by its substitute day, so only the Monday-to-Friday days off remain. Compare
    with GOV.UK's list using this option.

    Source: the ``holidays`` package (country GB, subdivision ENG); years it does not cover
    raise :class:`CalendarRangeError`. Future one-off days are, of course, unknown until
    proclaimed.

    >>> from datetime import date
    >>> date(2024, 4, 1) in england_bank_holidays(2024)  # Easter Monday
    True
    >>> sorted(d for d in england_bank_holidays(2023) if d.month == 5)  # coronation on the 8th
    [datetime.date(2023, 5, 1), datetime.date(2023, 5, 8), datetime.date(2023, 5, 29)]
    >>> sorted(d.day for d in england_bank_holidays(2022) if d.month == 12)  # Sun 25th too
    [25, 26, 27]
    >>> sorted(d.day for d in england_bank_holidays(2022, weekdays_only=True) if d.month == 12)
    [26, 27]
    """
    y = _require_int(year, "year")
    table = _england_holiday_table(y, y)
    return _weekdays(table) if _require_flag(weekdays_only, "weekdays_only") else table


@checked
def england_bank_holidays_between(
    start: date, end: date, *, weekdays_only: bool = False
) -> frozenset[date]:
    """England's bank and public holidays from ``start`` to ``end``, both inclusive.

    Same source and contents as :func:`england_bank_holidays`: weekend holidays are included
    beside their substitute days unless ``weekdays_only`` is True (GOV.UK's meaning).

    >>> from datetime import date
    >>> sorted(england_bank_holidays_between(date(2022, 12, 25), date(2023, 1, 2)))
    ... # doctest: +NORMALIZE_WHITESPACE
    [datetime.date(2022, 12, 25), datetime.date(2022, 12, 26), datetime.date(2022, 12, 27),
     datetime.date(2023, 1, 1), datetime.date(2023, 1, 2)]
    >>> sorted(england_bank_holidays_between(date(2022, 12, 25), date(2023, 1, 2),
    ...                                      weekdays_only=True))
    [datetime.date(2022, 12, 26), datetime.date(2022, 12, 27), datetime.date(2023, 1, 2)]
    """
    first = _require_date(start, "start")
    last = _require_date(end, "end")
    if last < first:
        raise InvalidDate("end must not be before start")
    weekdays = _require_flag(weekdays_only, "weekdays_only")
    days = frozenset(d for d in _england_holiday_table(first.year, last.year) if first <= d <= last)
    return _weekdays(days) if weekdays else days


# ---------------------------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Term:
    """A period of a school's year in which sessions are normally held: a term or half term.

    ``first_day`` and ``last_day`` are both inclusive calendar days. A reversed term is not
    refused here but reported, with every other problem, by :func:`check_terms` and
    :meth:`SchoolCalendar.from_terms`.

    >>> from datetime import date
    >>> t = Term(name="Autumn 1", first_day=date(2024, 9, 4), last_day=date(2024, 10, 25))
    >>> t.contains(date(2024, 10, 25)), t.contains(date(2024, 10, 26))
    (True, False)
    """

    name: str = attrs.field(validator=_validate_name)
    first_day: date = attrs.field(validator=_validate_date_field)
    last_day: date = attrs.field(validator=_validate_date_field)

    def contains(self, d: date) -> bool:
        """Whether calendar day ``d`` is within this term (ends inclusive)."""
        return self.first_day <= _require_date(d, "d") <= self.last_day


@checked
def school_year_of_term_start(first_day: date) -> int:
    """The school year that a term beginning on ``first_day`` belongs to, named by its first year.

    s579(1): a school year begins with the first term to begin after July and ends with the
    beginning of the first such term to begin after the following July. So a term beginning from
    1 August of year Y to 31 July of year Y+1 belongs to school year Y (Y/Y+1).

    >>> from datetime import date
    >>> school_year_of_term_start(date(2024, 7, 31)), school_year_of_term_start(date(2024, 8, 1))
    (2023, 2024)
    """
    d = _require_date(first_day, "first_day")
    return d.year if d.month >= 8 else d.year - 1


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class SchoolYear:
    """One school year of one school, formed from its terms (Education Act 1996 s579(1)).

    ``year`` names it by the calendar year it begins in (2024 means 2024/25). It begins on the
    first day of its first term (``first_day``). ``last_day`` is the last day of its final term.
    In law the school year runs on until the next one begins ("ending with the beginning of the
    first such term to begin after the following July"): ``next_begins`` is that day where the
    calendar knows it, and :attr:`statutory_last_day` the day before.
    """

    year: int
    terms: tuple[Term, ...]
    next_begins: date | None = None

    @property
    def first_day(self) -> date:
        """The first day of the first term (the beginning of the school year)."""
        return self.terms[0].first_day

    @property
    def last_day(self) -> date:
        """The last day of the final term."""
        return self.terms[-1].last_day

    @property
    def statutory_last_day(self) -> date | None:
        """The day before the next school year begins, or None where the calendar ends first."""
        return None if self.next_begins is None else self.next_begins - _ONE_DAY

    @property
    def label(self) -> str:
        """The usual ``"2024/25"`` label."""
        return f"{self.year}/{(self.year + 1) % 100:02d}"


def _school_years(terms: tuple[Term, ...]) -> tuple[SchoolYear, ...]:
    """Group sorted, non-overlapping terms into school years.

    A leading group whose first term begins in January to July is dropped: the calendar then
    starts part-way through a school year whose beginning it does not know.
    """
    groups: list[list[Term]] = []
    labels: list[int] = []
    for term in terms:
        label = school_year_of_term_start(term.first_day)
        if labels and labels[-1] == label:
            groups[-1].append(term)
        else:
            groups.append([term])
            labels.append(label)
    if groups and groups[0][0].first_day.month < 8:
        del groups[0], labels[0]
    years = []
    for i, (label, group) in enumerate(zip(labels, groups, strict=True)):
        next_begins = groups[i + 1][0].first_day if i + 1 < len(groups) else None
        years.append(SchoolYear(year=label, terms=tuple(group), next_begins=next_begins))
    return tuple(years)


# ---------------------------------------------------------------------------------------------
# Building a calendar from terms
# ---------------------------------------------------------------------------------------------


def _iso(d: date) -> str:
    return d.isoformat()


def _plan(
    terms: object,
    closures: object,
    inset_days: object,
    extra_school_days: object,
    exclude_bank_holidays: object,
    weekends: object,
) -> tuple[Report, tuple[Term, ...], tuple[date, ...]]:
    """Check the inputs; return the report, the sorted terms and the school days (if buildable)."""
    if isinstance(terms, str | bytes) or not isinstance(terms, Iterable):
        raise InvalidArgument("terms must be an iterable of Term")
    term_list = tuple(terms)
    for i, t in enumerate(term_list):
        if not isinstance(t, Term):
            raise InvalidArgument(f"terms[{i}] must be a Term, got {type(t).__name__}")
    closure_list = _require_dates(closures, "closures")
    inset_list = _require_dates(inset_days, "inset_days")
    extra_list = _require_dates(extra_school_days, "extra_school_days")
    if not isinstance(exclude_bank_holidays, bool):
        raise InvalidArgument("exclude_bank_holidays must be a bool")
    weekend_set = _require_weekends(weekends)

    problems: list[Problem] = []
    if not term_list:
        problems.append(NO_TERMS.problem("a calendar built from terms needs at least one term"))

    ordered: list[tuple[date, date, int]] = []
    for i, t in enumerate(term_list):
        if t.last_day < t.first_day:
            problems.append(
                TERM_ENDS_BEFORE_IT_BEGINS.problem(
                    f"term {i} ({t.name!r}) ends {_iso(t.last_day)}, "
                    f"before it begins {_iso(t.first_day)}",
                    path=("terms", i),
                    values={"first_day": t.first_day, "last_day": t.last_day},
                )
            )
        else:
            ordered.append((t.first_day, t.last_day, i))
    ordered.sort()

    # Overlaps: each term against the furthest-reaching term that began before it.
    reach: tuple[date, int] | None = None
    for first, last, i in ordered:
        if reach is not None and first <= reach[0]:
            j = reach[1]
            problems.append(
                TERMS_OVERLAP.problem(
                    f"term {i} ({term_list[i].name!r}) begins {_iso(first)}, on or before "
                    f"the last day of term {j} ({term_list[j].name!r}), {_iso(reach[0])}",
                    path=("terms", i),
                    values={"other_term": j, "first_day": first, "other_last_day": reach[0]},
                )
            )
        if reach is None or last > reach[0]:
            reach = (last, i)

    starts = [first for first, _, _ in ordered]
    furthest: list[date] = []
    for _, last, _ in ordered:
        furthest.append(max(last, furthest[-1]) if furthest else last)

    def in_a_term(d: date) -> bool:
        k = bisect_right(starts, d) - 1
        return k >= 0 and d <= furthest[k]

    closed: set[date] = set()
    for field, days in (("closures", closure_list), ("inset_days", inset_list)):
        for i, d in enumerate(days):
            if in_a_term(d):
                closed.add(d)
            else:
                problems.append(
                    CLOSURE_OUTSIDE_TERMS.problem(
                        f"{field}[{i}] is {_iso(d)}, outside every term",
                        path=(field, i),
                        values={"date": d},
                    )
                )
    extras: set[date] = set()
    for i, d in enumerate(extra_list):
        if not in_a_term(d):
            problems.append(
                EXTRA_DAY_OUTSIDE_TERMS.problem(
                    f"extra_school_days[{i}] is {_iso(d)}, outside every term "
                    "(add a term covering it)",
                    path=("extra_school_days", i),
                    values={"date": d},
                )
            )
        elif d in closed:
            problems.append(
                CLOSURE_VERSUS_EXTRA_DAY.problem(
                    f"extra_school_days[{i}] is {_iso(d)}, also listed as a closure or INSET day",
                    path=("extra_school_days", i),
                    values={"date": d},
                )
            )
        else:
            extras.add(d)

    sorted_terms = tuple(term_list[i] for _, _, i in ordered)
    if any(p.severity is Severity.ERROR for p in problems):
        return Report(problems=problems), sorted_terms, ()

    bank: frozenset[date] = frozenset()
    if exclude_bank_holidays:
        bank = _england_holiday_table(ordered[0][0].year, max(furthest).year)
    base: list[date] = []
    for first, last, _ in ordered:
        d = first
        while d <= last:
            if d.weekday() not in weekend_set and d not in bank and d not in closed:
                base.append(d)
            d += _ONE_DAY
    base_set = set(base)
    for i, d in enumerate(extra_list):
        if d in base_set:
            problems.append(
                EXTRA_DAY_REDUNDANT.problem(
                    f"extra_school_days[{i}] is {_iso(d)}, already a school day",
                    path=("extra_school_days", i),
                    values={"date": d},
                )
            )
    days = tuple(sorted(base_set | extras))
    if not days:
        problems.append(
            NO_SCHOOL_DAYS.problem("every day of every term is a weekend, holiday or closure")
        )
    return Report(problems=problems), sorted_terms, days


@checked
def check_terms(
    terms: Iterable[Term],
    *,
    closures: Iterable[date] = (),
    inset_days: Iterable[date] = (),
    extra_school_days: Iterable[date] = (),
    exclude_bank_holidays: bool = True,
    weekends: Iterable[int] = (5, 6),
) -> Report:
    """Every problem with these calendar inputs at once, as a :class:`~cme_core.Report`.

    Takes the arguments of :meth:`SchoolCalendar.from_terms`. Errors: a term ending before it
    begins (CME-CAL-001), overlapping terms (CME-CAL-002), a closure or INSET day outside every
    term (CME-CAL-003), an extra school day outside every term (CME-CAL-004) or also listed as a
    closure (CME-CAL-005), no terms (CME-CAL-007), no school day left (CME-CAL-008). Warning: an
    extra school day that is a school day anyway (CME-CAL-006). Wrong types raise
    :class:`~cme_core.InvalidArgument` at once.

    >>> from datetime import date
    >>> a = Term(name="A", first_day=date(2024, 9, 2), last_day=date(2024, 10, 25))
    >>> b = Term(name="B", first_day=date(2024, 10, 21), last_day=date(2024, 10, 1))
    >>> check_terms([a, b], closures=[date(2024, 8, 30)]).codes
    ('CME-CAL-001', 'CME-CAL-003')
    """
    report, _, _ = _plan(
        terms, closures, inset_days, extra_school_days, exclude_bank_holidays, weekends
    )
    return report


def validate_terms(
    terms: Iterable[Term],
    *,
    closures: Iterable[date] = (),
    inset_days: Iterable[date] = (),
    extra_school_days: Iterable[date] = (),
    exclude_bank_holidays: bool = True,
    weekends: Iterable[int] = (5, 6),
) -> Report:
    """Deprecated since 0.2.0 (to be removed in 0.3.0): :func:`check_terms`, which returns the
    same :class:`~cme_core.Report` (``validate()`` is the name of functions that raise)."""
    warnings.warn(
        "validate_terms() is deprecated: use check_terms(), which returns the same Report",
        DeprecationWarning,
        stacklevel=2,
    )
    return check_terms(
        terms,
        closures=closures,
        inset_days=inset_days,
        extra_school_days=extra_school_days,
        exclude_bank_holidays=exclude_bank_holidays,
        weekends=weekends,
    )


# ---------------------------------------------------------------------------------------------
# The calendar
# ---------------------------------------------------------------------------------------------


def _tuple_of_dates(value: Iterable[date]) -> tuple[date, ...]:
    return tuple(value)


def _tuple_of_terms(value: Iterable[Term]) -> tuple[Term, ...]:
    return tuple(value)


def _on_or_after(d: date, weekday: int) -> date:
    return d + timedelta(days=(weekday - d.weekday()) % 7)


def _on_or_before(d: date, weekday: int) -> date:
    return d - timedelta(days=(d.weekday() - weekday) % 7)


_MONDAY, _FRIDAY = 0, 4
_MASKS_KEPT = 8


@attrs.frozen(kw_only=True, repr=False, field_transformer=typed_fields)
class SchoolCalendar:
    """One school's school days (Education Act 1996 s579(1)), with fast day arithmetic.

    Build it with :meth:`from_terms` or :meth:`from_school_days` (the plain constructor takes
    the precomputed fields and checks only that they are consistent). ``days`` is the sorted
    tuple of school days; ``start`` and ``end`` (inclusive) are the range of calendar days the
    calendar covers; ``terms`` are its terms, sorted (empty for a calendar built from school
    days); ``school_years`` are formed from the terms (see :meth:`school_year_containing`).

    Every method taking a date raises :class:`CalendarRangeError` when the date is not covered
    (see :meth:`covers`), and when the answer would lie outside the covered range.
    """

    days: tuple[date, ...] = attrs.field(converter=_tuple_of_dates)
    start: date = attrs.field(validator=_validate_date_field)
    end: date = attrs.field(validator=_validate_date_field)
    terms: tuple[Term, ...] = attrs.field(default=(), converter=_tuple_of_terms)
    school_years: tuple[SchoolYear, ...] = attrs.field(init=False, eq=False)
    _year_starts: tuple[date, ...] = attrs.field(init=False, eq=False)
    _base: int = attrs.field(init=False, eq=False, repr=False)
    _dense: list[int] | None = attrs.field(init=False, eq=False, repr=False, default=None)
    _masks: dict[tuple[date, date], tuple[int, int]] = attrs.field(
        init=False, eq=False, repr=False, factory=dict
    )

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        days = self.days
        for i, d in enumerate(days):
            _require_date(d, f"days[{i}]")
        for i, t in enumerate(self.terms):
            if not isinstance(t, Term):
                raise InvalidArgument(f"terms[{i}] must be a Term, got {type(t).__name__}")
        if not days:
            problems.append(NO_SCHOOL_DAYS.problem("a calendar needs at least one school day"))
        elif days[0] < self.start or days[-1] > self.end:
            problems.append(
                COVERAGE_MISSES_DAYS.problem(
                    f"school days run {_iso(days[0])} to {_iso(days[-1])}, outside "
                    f"{_iso(self.start)} to {_iso(self.end)}",
                    path=("days",),
                )
            )
        if any(later <= earlier for earlier, later in pairwise(days)):
            raise InvalidInput("days must be strictly increasing (sorted, no repeats)")
        for i, t in enumerate(self.terms):
            if t.last_day < t.first_day or (i and t.first_day <= self.terms[i - 1].last_day):
                raise InvalidInput(f"terms must be sorted, valid and disjoint (see terms[{i}])")
        if problems:
            raise InvalidCalendar(Report(problems=problems))
        years = _school_years(self.terms)
        object.__setattr__(self, "school_years", years)
        object.__setattr__(self, "_year_starts", tuple(y.first_day for y in years))
        # _dense (built on first use, see _index) maps a covered day to its position in `days`.
        object.__setattr__(self, "_base", self.start.toordinal())

    # -- construction --------------------------------------------------------------------------

    @classmethod
    def from_terms(
        cls,
        terms: Iterable[Term],
        *,
        closures: Iterable[date] = (),
        inset_days: Iterable[date] = (),
        extra_school_days: Iterable[date] = (),
        exclude_bank_holidays: bool = True,
        weekends: Iterable[int] = (5, 6),
    ) -> SchoolCalendar:
        """A calendar from term dates.

        School days are the days of the terms (ends inclusive) minus ``weekends`` (weekday
        numbers, Monday 0: by default Saturday and Sunday), England's bank holidays (unless
        ``exclude_bank_holidays`` is False), ``inset_days`` and other ``closures`` (days with no
        session for pupils), plus ``extra_school_days`` (such as a Saturday session; these win
        over weekends and bank holidays). The calendar covers the first day of the first term to
        the last day of the last term.

        Raises :class:`InvalidCalendar` listing *every* error :func:`check_terms` finds
        (warnings do not stop it); wrong types raise :class:`~cme_core.InvalidArgument`; terms in
        years the bank-holiday source does not cover raise :class:`CalendarRangeError` (unless
        ``exclude_bank_holidays`` is False).

        >>> from datetime import date
        >>> t = Term(name="Summer 2", first_day=date(2024, 6, 3), last_day=date(2024, 6, 9))
        >>> cal = SchoolCalendar.from_terms([t], extra_school_days=[date(2024, 6, 8)])
        >>> [d.day for d in cal.days]  # Mon 3 - Fri 7 June, and the Saturday session
        [3, 4, 5, 6, 7, 8]
        """
        report, sorted_terms, days = _plan(
            terms, closures, inset_days, extra_school_days, exclude_bank_holidays, weekends
        )
        if not report.is_valid:
            raise InvalidCalendar(report)
        return cls(
            days=days,
            start=sorted_terms[0].first_day,
            end=max(t.last_day for t in sorted_terms),
            terms=sorted_terms,
        )

    @classmethod
    def from_school_days(
        cls, days: Iterable[date], *, start: date | None = None, end: date | None = None
    ) -> SchoolCalendar:
        """A calendar whose school days are exactly ``days`` (any order; repeats ignored).

        Use it for the calendar an attendance register shows: pass the date of every session
        held (each distinct date with at least one session held is a school day, s579(1)). The
        calendar covers ``start`` to ``end``, by default its first and last school day; widen
        them to say that no session was held on the days around (e.g. the whole register period).
        Such a calendar has no terms, so no school years.

        >>> from datetime import date
        >>> cal = SchoolCalendar.from_school_days([date(2024, 9, 5), date(2024, 9, 4),
        ...                                        date(2024, 9, 5), date(2024, 9, 9)])
        >>> cal.next_school_day(date(2024, 9, 5))
        datetime.date(2024, 9, 9)
        """
        school_days = tuple(sorted(set(_require_dates(days, "days"))))
        if not school_days:
            raise InvalidCalendar(
                Report(problems=[NO_SCHOOL_DAYS.problem("no school days given", path=("days",))])
            )
        first = school_days[0] if start is None else _require_date(start, "start")
        last = school_days[-1] if end is None else _require_date(end, "end")
        return cls(days=school_days, start=first, end=last)

    @classmethod
    def typical_english(cls, first_year: int, last_year: int) -> SchoolCalendar:
        """An ILLUSTRATIVE calendar of a typical shape, for examples, tests and benchmarks.

        Not a national default and not any real school's calendar: school days are set by each
        school (s579(1)), so real counts need the school's own dates. School years
        ``first_year`` to ``last_year`` (each named by the year it begins), six half terms each:
        Monday on or after 2 Sep to late Oct; after an October half term (week of the last
        Monday in October) to the Friday on or before 20 Dec; Monday on or after 4 Jan to a
        mid-February half term (week of the Monday on or after 12 Feb); then to the Friday on
        or before 28 Mar; Monday on or after 14 Apr to a half term in the week of the last
        Monday in May; then to the Friday on or before 22 Jul. Bank holidays are excluded; no
        INSET days.

        >>> cal = SchoolCalendar.typical_english(2024, 2024)
        >>> [t.name for t in cal.terms][:2], cal.start, cal.end
        (['Autumn 1', 'Autumn 2'], datetime.date(2024, 9, 2), datetime.date(2025, 7, 18))
        """
        y0 = _require_int(first_year, "first_year")
        y1 = _require_int(last_year, "last_year")
        if y1 < y0:
            raise InvalidInput("last_year must not be before first_year")
        terms: list[Term] = []
        for y in range(y0, y1 + 1):
            october = _on_or_before(date(y, 10, 31), _MONDAY)
            february = _on_or_after(date(y + 1, 2, 12), _MONDAY)
            may = _on_or_before(date(y + 1, 5, 31), _MONDAY)
            week, three = timedelta(days=7), timedelta(days=3)
            spans = (
                ("Autumn 1", _on_or_after(date(y, 9, 2), _MONDAY), october - three),
                ("Autumn 2", october + week, _on_or_before(date(y, 12, 20), _FRIDAY)),
                ("Spring 1", _on_or_after(date(y + 1, 1, 4), _MONDAY), february - three),
                ("Spring 2", february + week, _on_or_before(date(y + 1, 3, 28), _FRIDAY)),
                ("Summer 1", _on_or_after(date(y + 1, 4, 14), _MONDAY), may - three),
                ("Summer 2", may + week, _on_or_before(date(y + 1, 7, 22), _FRIDAY)),
            )
            terms.extend(Term(name=n, first_day=a, last_day=b) for n, a, b in spans)
        return cls.from_terms(terms)

    def __repr__(self) -> str:
        return (
            f"SchoolCalendar(start={self.start!r}, end={self.end!r}, "
            f"school_days={len(self.days)}, terms={len(self.terms)})"
        )

    # -- range ---------------------------------------------------------------------------------

    @property
    def first_school_day(self) -> date:
        """The earliest school day in the calendar."""
        return self.days[0]

    @property
    def last_school_day(self) -> date:
        """The latest school day in the calendar."""
        return self.days[-1]

    def covers(self, d: date) -> bool:
        """Whether calendar day ``d`` is in the covered range ``start`` to ``end`` (inclusive)."""
        d = _require_date(d, "d")
        return self.start <= d <= self.end

    def _covered(self, value: object, name: str) -> date:
        d = value if type(value) is date else _require_date(value, name)
        if d < self.start or d > self.end:
            raise CalendarRangeError(
                f"{name} {d.isoformat()} is outside the calendar, which covers "
                f"{self.start.isoformat()} to {self.end.isoformat()}"
            )
        return d

    def _index(self) -> list[int]:
        """For the i-th covered day (``start`` is the 0th) and the day after ``end``, how many
        school days come before it: one list lookup answers every query in O(1), however long
        the calendar. Built on first use (O(covered days)) and kept on the (frozen) instance;
        it is no field of equality, hashing or the repr."""
        index = self._dense
        if index is None:
            base = self._base
            index = []
            for k, d in enumerate(self.days):
                index.extend([k] * (d.toordinal() - base + 1 - len(index)))
            index.extend([len(self.days)] * ((self.end - self.start).days + 2 - len(index)))
            object.__setattr__(self, "_dense", index)
        return index

    def _session_masks(self, start: date, end: date) -> tuple[int, int]:
        """(school, other) for the covered days ``start`` to ``end``: bit masks with one byte a
        session (two a day, morning first, most significant first), 1 in each session of a
        school day / of a day without a session. Built once per calendar and range (the last
        few ranges are kept), so counting many records, or one record at a time, never
        rebuilds them."""
        key = (start, end)
        masks = self._masks.get(key)
        if masks is None:
            length = 2 * ((end - start).days + 1)
            buf = bytearray(length)
            for day in self.school_days(start, end):
                i = 2 * (day - start).days
                buf[i] = buf[i + 1] = 1
            school = int.from_bytes(buf, "big")
            masks = (school, int.from_bytes(b"\x01" * length, "big") ^ school)
            if len(self._masks) >= _MASKS_KEPT:
                self._masks.clear()
            self._masks[key] = masks
        return masks

    def _before(self, d: date) -> int:
        """How many school days are before covered day ``d`` (its position in ``days``)."""
        index = self._dense
        if index is None:
            index = self._index()
        return index[d.toordinal() - self._base]

    def _up_to(self, d: date) -> int:
        """How many school days are on or before covered day ``d``."""
        index = self._dense
        if index is None:
            index = self._index()
        return index[d.toordinal() - self._base + 1]

    # -- single days ---------------------------------------------------------------------------

    def is_school_day(self, d: date) -> bool:
        """Whether the school has a session on calendar day ``d`` (s579(1))."""
        d = self._covered(d, "d")
        days = self.days
        i = self._before(d)
        return i < len(days) and days[i] == d

    def add_school_days(self, d: date, n: int) -> date:
        """The ``n``-th school day after ``d`` (``d`` itself not counted); before it if n < 0.

        ``n = 1`` is the next school day, ``n = -1`` the previous one, whether or not ``d`` is a
        school day. ``n = 0`` gives ``d`` itself if it is a school day, and raises
        :class:`~cme_core.InvalidDate` if it is not. So the result is always a school day and
        ``school_days_between(d, add_school_days(d, n)) == n``. Raises
        :class:`CalendarRangeError` if ``d`` is not covered or the answer lies beyond the
        calendar. For "within five school days of d" the last permitted day is
        ``add_school_days(d, 5)``.

        >>> cal = SchoolCalendar.typical_english(2024, 2024)
        >>> from datetime import date
        >>> cal.add_school_days(date(2024, 10, 25), 1)  # Friday before half term
        datetime.date(2024, 11, 4)
        >>> cal.add_school_days(date(2024, 11, 4), -1)
        datetime.date(2024, 10, 25)
        """
        d = self._covered(d, "d")
        if type(n) is not int:
            n = _require_int(n, "n")
        days = self.days
        if n > 0:
            j = self._up_to(d) + n - 1
            if j >= len(days):
                raise CalendarRangeError(
                    f"the calendar has only {len(days) - j + n - 1} school day(s) after "
                    f"{d.isoformat()} (it ends {self.end.isoformat()}); cannot step {n}"
                )
            return days[j]
        if n < 0:
            j = self._before(d) + n
            if j < 0:
                raise CalendarRangeError(
                    f"the calendar has only {j - n} school day(s) before {d.isoformat()} "
                    f"(it begins {self.start.isoformat()}); cannot step {n}"
                )
            return days[j]
        i = self._before(d)
        if i < len(days) and days[i] == d:
            return d
        raise InvalidDate(f"{d.isoformat()} is not a school day, so it is no 0th school day")

    def next_school_day(self, d: date) -> date:
        """The first school day after ``d`` (``add_school_days(d, 1)``)."""
        return self.add_school_days(d, 1)

    def previous_school_day(self, d: date) -> date:
        """The last school day before ``d`` (``add_school_days(d, -1)``)."""
        return self.add_school_days(d, -1)

    def school_day_on_or_after(self, d: date) -> date:
        """``d`` if it is a school day, else the next school day.

        >>> cal = SchoolCalendar.typical_english(2024, 2024)
        >>> from datetime import date
        >>> cal.school_day_on_or_after(date(2024, 12, 25))
        datetime.date(2025, 1, 6)
        """
        d = self._covered(d, "d")
        i = self._before(d)
        if i == len(self.days):
            raise CalendarRangeError(f"no school day on or after {d.isoformat()} in the calendar")
        return self.days[i]

    def school_day_on_or_before(self, d: date) -> date:
        """``d`` if it is a school day, else the previous school day."""
        d = self._covered(d, "d")
        i = self._up_to(d) - 1
        if i < 0:
            raise CalendarRangeError(f"no school day on or before {d.isoformat()} in the calendar")
        return self.days[i]

    # -- counting ------------------------------------------------------------------------------

    def school_days_between(self, start: date, end: date) -> int:
        """School days stepped over going from ``start`` to ``end``: ``start`` excluded, ``end``
        included.

        Forwards (``end >= start``) that is the number of school days ``x`` with
        ``start < x <= end``; backwards it is minus the number with ``end <= x < start``. So
        ``school_days_between(d, add_school_days(d, n)) == n``. For an inclusive count of a run
        of days use :meth:`school_days_in`.

        >>> cal = SchoolCalendar.typical_english(2024, 2024)
        >>> from datetime import date
        >>> cal.school_days_between(date(2024, 10, 25), date(2024, 11, 4))  # over half term
        1
        >>> cal.school_days_between(date(2024, 11, 4), date(2024, 10, 25))
        -1
        """
        a = self._covered(start, "start")
        b = self._covered(end, "end")
        if b >= a:
            return self._up_to(b) - self._up_to(a)
        return self._before(b) - self._before(a)

    def school_days_in(self, start: date, end: date) -> int:
        """The number of school days from ``start`` to ``end``, both inclusive.

        Raises :class:`~cme_core.InvalidDate` if ``end`` is before ``start``.

        >>> cal = SchoolCalendar.typical_english(2024, 2024)
        >>> from datetime import date
        >>> cal.school_days_in(date(2024, 9, 2), date(2024, 9, 13))  # two school weeks
        10
        """
        a = self._covered(start, "start")
        b = self._covered(end, "end")
        if b < a:
            raise InvalidDate("end must not be before start")
        return self._up_to(b) - self._before(a)

    def school_days(self, start: date, end: date) -> tuple[date, ...]:
        """The school days from ``start`` to ``end``, both inclusive, in order.

        Raises :class:`~cme_core.InvalidDate` if ``end`` is before ``start``.
        """
        a = self._covered(start, "start")
        b = self._covered(end, "end")
        if b < a:
            raise InvalidDate("end must not be before start")
        return self.days[self._before(a) : self._up_to(b)]

    # -- school years --------------------------------------------------------------------------

    def school_year_containing(self, d: date) -> SchoolYear | None:
        """The school year (s579(1)) in which calendar day ``d`` falls, or None if unknown.

        A school year runs from the first day of its first term until the next school year
        begins, so a summer-holiday day belongs to the year just ended. None for a day before
        the first school year the calendar knows (a calendar starting with a term that begins in
        January-July starts part-way through a school year), for a day after the last term of
        the last year, and for calendars without terms. Raises :class:`CalendarRangeError` if
        ``d`` is not covered.

        >>> cal = SchoolCalendar.typical_english(2023, 2024)
        >>> from datetime import date
        >>> cal.school_year_containing(date(2024, 8, 15)).label  # summer holiday
        '2023/24'
        >>> cal.school_year_containing(date(2024, 9, 2)).label
        '2024/25'
        """
        d = self._covered(d, "d")
        k = bisect_right(self._year_starts, d) - 1
        if k < 0:
            return None
        year = self.school_years[k]
        if year.next_begins is None and d > year.last_day:
            return None
        return year

    def school_year(self, year: int) -> SchoolYear:
        """The school year named ``year`` (2024 means 2024/25); CalendarRangeError if unknown."""
        y = _require_int(year, "year")
        for school_year in self.school_years:
            if school_year.year == y:
                return school_year
        known = ", ".join(str(s.year) for s in self.school_years) or "none"
        raise CalendarRangeError(f"school year {y} is not in the calendar (known: {known})")

    def first_day_of_school_year(self, year: int) -> date:
        """The first day of the first term of school year ``year`` (when s579(1) begins it)."""
        return self.school_year(year).first_day

    def last_day_of_school_year(self, year: int) -> date:
        """The last day of the final term of school year ``year``.

        Not the statutory end, which runs on to the day before the next school year begins: see
        :attr:`SchoolYear.statutory_last_day`.
        """
        return self.school_year(year).last_day
