"""Strategies for calendars and schools: :func:`school_calendars` and :func:`schools`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from cme_core.calendars import SchoolCalendar, Term
from cme_core.identifiers.local_authorities import LocalAuthorityKind, local_authorities
from cme_core.periods import REGS_2006_START
from cme_core.schools import Phase, School, SchoolKind
from cme_core.strategies._common import (
    InvalidArgument,
    SearchStrategy,
    _chance,
    _check_int,
    _day_between,
    _ints,
    _pick,
    _values,
    assume,
    st,
)

_FIRST_CALENDAR_YEAR = 2000
_LAST_CALENDAR_YEAR = 2098
_DEFAULT_YEARS = (REGS_2006_START.year, 2029)
_MONDAY, _FRIDAY = 0, 4


def _on_or_after(d: date, weekday: int) -> date:
    return d + timedelta(days=(weekday - d.weekday()) % 7)


def _on_or_before(d: date, weekday: int) -> date:
    return d - timedelta(days=(d.weekday() - weekday) % 7)


def _weekday_on_or_after(d: date) -> date:
    return d if d.weekday() < 5 else _on_or_after(d, _MONDAY)


def _draw_school_year_terms(draw: st.DrawFn, y: int) -> list[Term]:
    """Six half terms of a realistic English school year ``y``/``y+1``."""
    week, three = timedelta(days=7), timedelta(days=3)
    autumn = _weekday_on_or_after(date(y, 9, 1) + timedelta(days=draw(_ints(0, 6))))
    october = _on_or_before(date(y, 10, 31), _MONDAY) - week * draw(_ints(0, 1))
    christmas = _on_or_before(date(y, 12, draw(_ints(16, 22))), _FRIDAY)
    spring = _weekday_on_or_after(date(y + 1, 1, draw(_ints(3, 8))))
    february = _on_or_after(date(y + 1, 2, draw(_ints(10, 17))), _MONDAY)
    easter = _on_or_before(date(y + 1, 3, 24) + timedelta(days=draw(_ints(0, 18))), _FRIDAY)
    may = _on_or_before(date(y + 1, 5, 31), _MONDAY)
    summer_end = _on_or_before(date(y + 1, 7, draw(_ints(16, 24))), _FRIDAY)
    spans = (
        ("Autumn 1", autumn, october - three),
        ("Autumn 2", october + week, christmas),
        ("Spring 1", spring, february - three),
        ("Spring 2", february + week, easter),
        ("Summer 1", easter + three + 2 * week, may - three),
        ("Summer 2", may + week, summer_end),
    )
    return [Term(name=n, first_day=a, last_day=b) for n, a, b in spans]


@st.composite
def _school_calendars(
    draw: st.DrawFn, first_year: SearchStrategy[int], last_year: SearchStrategy[int] | None
) -> SchoolCalendar:
    y0 = draw(first_year)
    y1 = y0 if last_year is None else draw(last_year)
    assume(y0 <= y1)
    return _draw_calendar(draw, y0, y1)


def _draw_calendar(
    draw: st.DrawFn, y0: int, y1: int, closures: Iterable[date] = ()
) -> SchoolCalendar:
    """School years ``y0`` to ``y1`` of realistic terms with 0 to 5 INSET days a year, and
    ``closures`` (weekdays in term) also without sessions."""
    terms: list[Term] = []
    inset: set[date] = set(closures)
    for y in range(y0, y1 + 1):
        year_terms = _draw_school_year_terms(draw, y)
        terms.extend(year_terms)
        for _ in range(draw(_ints(0, 5))):
            term = _pick(draw, year_terms)
            day = term.first_day if draw(st.booleans()) else _day_between(draw, *_span(term))
            if day.weekday() < 5:
                inset.add(day)
    return SchoolCalendar.from_terms(terms, inset_days=sorted(inset))


def _span(term: Term) -> tuple[date, date]:
    return term.first_day, term.last_day


def _check_year(value: object, name: str) -> int:
    return _check_int(value, name, _FIRST_CALENDAR_YEAR, _LAST_CALENDAR_YEAR)


_SCHOOL_CALENDARS = _school_calendars(st.integers(*_DEFAULT_YEARS), None)


def school_calendars(
    *,
    first_year: int | SearchStrategy[int] | None = None,
    last_year: int | SearchStrategy[int] | None = None,
) -> SearchStrategy[SchoolCalendar]:
    """:class:`~cme_core.calendars.SchoolCalendar` values built by
    :meth:`~cme_core.calendars.SchoolCalendar.from_terms` from realistic English terms: six
    half terms a year (autumn from early September; half terms in late October, mid-February
    and late May; Christmas and Easter holidays; summer from mid to late July), England's bank
    holidays excluded, and 0 to 5 random INSET days a year.

    School years ``first_year`` to ``last_year`` (each named by the year it begins, 2024 meaning
    2024/25; from 2000 to 2098). By default one school year from 2006 to 2029; give
    ``first_year`` (or ``last_year``) alone for one year, or both for several.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(school_calendars(first_year=2024))
    ... def test_calendars(calendar):
    ...     assert [y.label for y in calendar.school_years] == ["2024/25"]
    ...     assert 170 <= len(calendar.days) <= 200
    >>> test_calendars()
    """
    if isinstance(first_year, int) and isinstance(last_year, int):
        _check_year(first_year, "first_year")
        if _check_year(last_year, "last_year") < first_year:
            raise InvalidArgument(f"last_year={last_year} is before first_year={first_year}")
    if first_year is None and last_year is None:
        return _SCHOOL_CALENDARS
    if first_year is None:
        return _school_calendars(_values(last_year, "last_year", _check_year), None)
    first = _values(first_year, "first_year", _check_year)
    last = None if last_year is None else _values(last_year, "last_year", _check_year)
    return _school_calendars(first, last)


_ENGLISH_LA_CODES: tuple[str, ...] = tuple(
    la.code
    for la in local_authorities()
    if la.kind is LocalAuthorityKind.ENGLISH and la.in_use_to is None
)
_NAME_PARTS = (
    "St Mary's", "Oakfield", "Riverside", "Hillside", "Kingsway", "Meadow View",
    "Holy Trinity", "Brookfield", "Parkside", "Castle", "Westfield", "Ashgrove",
)  # fmt: skip

# (phase, most junior year group, most senior year group, range of establishment numbers)
_Shape = tuple[Phase, int, int, tuple[int, int]]
_MAINSTREAM: tuple[_Shape, ...] = (
    (Phase.PRIMARY, 0, 6, (2000, 3999)),
    (Phase.PRIMARY, -1, 6, (2000, 3999)),
    (Phase.PRIMARY, 3, 6, (2000, 3999)),
    (Phase.SECONDARY, 7, 11, (4000, 5999)),
    (Phase.SECONDARY, 7, 13, (4000, 5999)),
    (Phase.ALL_THROUGH, 0, 13, (4000, 5999)),
    (Phase.MIDDLE_DEEMED_PRIMARY, 4, 7, (2000, 3999)),
    (Phase.MIDDLE_DEEMED_SECONDARY, 5, 8, (4000, 5999)),
)
_SHAPES: dict[SchoolKind, tuple[_Shape, ...]] = {
    SchoolKind.MAINTAINED: (*_MAINSTREAM, (Phase.NURSERY, -2, -1, (1000, 1099))),
    SchoolKind.ACADEMY: (*_MAINSTREAM, (Phase.SIXTEEN_PLUS, 12, 13, (4000, 5999))),
    SchoolKind.FREE_SCHOOL: _MAINSTREAM,
    SchoolKind.MAINTAINED_SPECIAL: ((Phase.NOT_APPLICABLE, 0, 13, (7000, 7999)),),
    SchoolKind.SPECIAL_ACADEMY: ((Phase.NOT_APPLICABLE, 7, 13, (7000, 7999)),),
    SchoolKind.NON_MAINTAINED_SPECIAL: ((Phase.NOT_APPLICABLE, 3, 13, (7000, 7999)),),
    SchoolKind.PUPIL_REFERRAL_UNIT: ((Phase.NOT_APPLICABLE, 5, 11, (1100, 1199)),),
    SchoolKind.CITY_TECHNOLOGY_COLLEGE: ((Phase.SECONDARY, 7, 13, (4000, 5999)),),
    SchoolKind.CITY_COLLEGE_TECHNOLOGY_ARTS: ((Phase.SECONDARY, 7, 13, (4000, 5999)),),
    SchoolKind.INDEPENDENT: (
        (Phase.NOT_APPLICABLE, -2, 13, (6000, 6999)),
        (Phase.NOT_APPLICABLE, 3, 8, (6000, 6999)),
        (Phase.NOT_APPLICABLE, 7, 13, (6000, 6999)),
    ),
}
_SUFFIX = {
    Phase.NURSERY: "Nursery School",
    Phase.PRIMARY: "Primary School",
    Phase.SECONDARY: "High School",
    Phase.ALL_THROUGH: "School",
    Phase.MIDDLE_DEEMED_PRIMARY: "Middle School",
    Phase.MIDDLE_DEEMED_SECONDARY: "Middle School",
    Phase.SIXTEEN_PLUS: "Sixth Form College",
    Phase.NOT_APPLICABLE: "School",
}


def _check_kind(value: object, name: str) -> SchoolKind:
    if not isinstance(value, SchoolKind):
        raise InvalidArgument(f"{name} must be a SchoolKind, got {type(value).__name__}")
    return value


def _check_calendar(value: object, name: str) -> SchoolCalendar:
    if not isinstance(value, SchoolCalendar):
        raise InvalidArgument(f"{name} must be a SchoolCalendar, got {type(value).__name__}")
    return value


@st.composite
def _schools(
    draw: st.DrawFn,
    kind: SearchStrategy[SchoolKind] | None,
    calendar: SearchStrategy[SchoolCalendar | None],
) -> School:
    k = _pick(draw, tuple(SchoolKind)) if kind is None else draw(kind)
    fields = _school_fields(draw, k, _pick(draw, _SHAPES[k]))
    return School(**fields, calendar=draw(calendar))


def _school_fields(
    draw: st.DrawFn, k: SchoolKind, shape: _Shape, boarders: bool | None = None
) -> dict[str, Any]:
    """A valid school's fields (all but its calendar) for kind ``k`` of ``shape``."""
    phase, junior, senior, (low, high) = shape
    place = _pick(draw, _NAME_PARTS)
    if k is SchoolKind.PUPIL_REFERRAL_UNIT:
        name = f"{place} Pupil Referral Unit"
    elif k.is_academy and draw(st.booleans()):
        name = f"{place} {_SUFFIX[phase].removesuffix(' School')} Academy".replace("  ", " ")
    else:
        name = f"{place} {_SUFFIX[phase]}"
    return {
        "laestab": f"{_pick(draw, _ENGLISH_LA_CODES)}{draw(_ints(low, high)):04d}",
        "name": name,
        "kind": k,
        "phase": phase,
        "urn": str(draw(_ints(100000, 149999))) if draw(st.booleans()) else None,
        "most_junior_year_group": junior,
        "most_senior_year_group": senior,
        "has_boarders": _chance(draw, 4) if boarders is None else boarders,
        "has_sixth_form": senior >= 12,
    }


_SCHOOLS = _schools(None, _SCHOOL_CALENDARS)


def schools(
    *,
    kind: SchoolKind | SearchStrategy[SchoolKind] | None = None,
    calendar: SchoolCalendar | SearchStrategy[SchoolCalendar | None] | None = None,
) -> SearchStrategy[School]:
    """Valid :class:`~cme_core.schools.School` values (``school.problems() == ()``): a LAESTAB
    in a current English LA, with the establishment number, phase and year groups typical of
    the ``kind`` (any kind by default), and a calendar: by default from
    :func:`school_calendars`; pass ``calendar=st.none()`` for schools without one.

    >>> from hypothesis import given, settings
    >>> from cme_core.schools import SchoolKind
    >>> @settings(max_examples=10)
    ... @given(schools(kind=SchoolKind.ACADEMY))
    ... def test_schools(school):
    ...     assert school.kind.is_academy and school.problems() == ()
    ...     assert school.calendar is not None
    >>> test_schools()
    """
    kinds = None if kind is None else _values(kind, "kind", _check_kind)
    if calendar is None:
        calendars: SearchStrategy[SchoolCalendar | None] = _SCHOOL_CALENDARS
    elif isinstance(calendar, SearchStrategy):
        calendars = calendar.map(lambda c: None if c is None else _check_calendar(c, "calendar"))
    else:
        calendars = st.just(_check_calendar(calendar, "calendar"))
    if kinds is None and calendar is None:
        return _SCHOOLS
    return _schools(kinds, calendars)
