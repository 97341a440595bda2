"""Strategies for registers: :func:`attendance_years` (attendance marks),
:func:`admission_entries` and :func:`admission_registers`."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import attrs

from cme_core.calendars import SchoolCalendar
from cme_core.identifiers import upn as upn_module
from cme_core.law import REGS_2006, REGS_2024, AgeScope, Ground
from cme_core.people import Pupil, Sex, UpnUnknownReason
from cme_core.periods import REGS_2006_START, REGS_2024_START, RegimeId
from cme_core.registers import (
    AdmissionEntry,
    Amended,
    AttendanceRecord,
    BoarderStatusChanged,
    Deleted,
    EnrolmentStatus,
    EnrolmentStatusChanged,
    Entered,
    FutureAddress,
    FutureAddressRecorded,
    OtherSchool,
    OtherSchoolRecorded,
    RegisterEvent,
    SchoolRegister,
)
from cme_core.school_age import academic_year_of, age_on, compulsory_school_age_status
from cme_core.schools import School
from cme_core.strategies._calendars import (
    _DEFAULT_YEARS,
    _ENGLISH_LA_CODES,
    _LAST_CALENDAR_YEAR,
    _NAME_PARTS,
    _SCHOOL_CALENDARS,
    _SCHOOLS,
    _check_calendar,
    _school_calendars,
    _schools,
    school_calendars,
)
from cme_core.strategies._common import (
    _ONE_DAY,
    InvalidArgument,
    SearchStrategy,
    _chance,
    _check_date,
    _check_int,
    _check_str,
    _day_between,
    _ints,
    _optional_values,
    _pick,
    _values,
    st,
)
from cme_core.strategies._identifiers import _PREFIXES, _draw_upn
from cme_core.strategies._people import (
    _draw_any_address,
    _draw_full_name,
    _draw_parent,
    _draw_phone,
    _draw_pupil,
    _draw_pupil_id,
)

# ---------------------------------------------------------------------------------------------
# Attendance marks
# ---------------------------------------------------------------------------------------------

# Codes for runs of whole (or half) days, and for single sessions, per regime: only codes in
# force throughout their regime (not F, withdrawn in 2013; not Z or #, which mean no pupil on
# roll or no session at all).
_RUN_CODES = {
    RegimeId.REGS_2006: ("I", "I", "I", "I", "H", "G", "N", "O", "O", "C", "E", "R", "S", "T",
                         "B", "V", "P", "W", "D", "X", "Y"),
    RegimeId.REGS_2024: ("I", "I", "I", "I", "G", "N", "O", "O", "C", "C1", "C2", "E", "R", "S",
                         "T", "B", "V", "P", "W", "K", "D", "X", "Q", "Y1", "Y2", "Y3", "Y4", "Y5",
                         "Y6", "Y7"),
}  # fmt: skip
_SESSION_CODES = {
    RegimeId.REGS_2006: ("L", "L", "U", "M", "J"),
    RegimeId.REGS_2024: ("L", "L", "U", "M", "J1"),
}
_REGIMES = tuple(RegimeId)


def _regime_on(day: date) -> RegimeId:
    return RegimeId.REGS_2024 if day >= REGS_2024_START else RegimeId.REGS_2006


def _draw_marks(draw: st.DrawFn, days: Sequence[date]) -> dict[date, tuple[str, str]]:
    """Marks for each of ``days`` (school days, in order): mostly present, with a few runs
    of absence or activity and a few single-session codes (late, appointments), each in the
    code set in force on its date."""
    n = len(days)
    marks = dict.fromkeys(days, ("/", "\\"))
    if not n:
        return marks
    for _ in range(draw(_ints(0, 5))):
        start = draw(_ints(0, n - 1))
        regime = _regime_on(days[start])
        code = _pick(draw, _RUN_CODES[regime])
        length = draw(_ints(1, 10))
        session = _pick(draw, (None, None, None, 0, 1))
        for d in days[start : start + length]:
            if _regime_on(d) != regime:
                break
            am, pm = marks[d]
            marks[d] = (code if session != 1 else am, code if session != 0 else pm)
    for _ in range(draw(_ints(0, 6))):
        d = days[draw(_ints(0, n - 1))]
        code = _pick(draw, _SESSION_CODES[_regime_on(d)])
        am, pm = marks[d]
        marks[d] = (code, pm) if code in ("L", "U") or draw(st.booleans()) else (am, code)
    return marks


def _record(
    pupil_id: str, first_day: date, last_day: date, marks: dict[date, tuple[str, str]]
) -> AttendanceRecord:
    out: list[str] = []
    day = first_day
    while day <= last_day:
        out.extend(marks.get(day, ("-", "-")))
        day += _ONE_DAY
    return AttendanceRecord.from_codes(pupil_id, first_day, "".join(out))


def _year_periods(calendar: SchoolCalendar) -> list[tuple[date, date]]:
    """(first day, last day) of each school year the calendar knows, or its whole range."""
    if calendar.school_years:
        return [(y.first_day, y.last_day) for y in calendar.school_years]
    return [(calendar.start, calendar.end)]


_REGIME_YEARS: dict[str | None, tuple[int, int]] = {
    RegimeId.REGS_2006: (REGS_2006_START.year, REGS_2024_START.year - 1),
    RegimeId.REGS_2024: (REGS_2024_START.year, _DEFAULT_YEARS[1]),
    None: _DEFAULT_YEARS,
}
"""The school years :func:`attendance_years` draws by default, for each ``regime``."""


def _check_regime(value: object, name: str) -> str:
    if not isinstance(value, str) or value not in _REGIMES:
        raise InvalidArgument(f"{name} must be '2006' or '2024', got {value!r:.20}")
    return value


@functools.lru_cache(maxsize=4)
def _regime_calendars(regime: str | None) -> SearchStrategy[SchoolCalendar]:
    """The default calendars for ``regime``: school years wholly under it."""
    if regime is None:
        return _SCHOOL_CALENDARS
    return school_calendars(first_year=st.integers(*_REGIME_YEARS[regime]))


@st.composite
def _attendance_years(
    draw: st.DrawFn,
    pupil_id: SearchStrategy[str] | None,
    first_day: SearchStrategy[date | None],
    calendar: SearchStrategy[SchoolCalendar] | None,
    regime: SearchStrategy[str | None],
) -> AttendanceRecord:
    chosen = draw(regime)
    cal = draw(_regime_calendars(chosen) if calendar is None else calendar)
    start = draw(first_day)
    periods = [
        (a, b)
        for a, b in _year_periods(cal)
        if a >= REGS_2006_START and (chosen is None or _regime_on(a) == _regime_on(b) == chosen)
    ]
    if start is not None:
        if not cal.covers(start) or start < REGS_2006_START:
            raise InvalidArgument(
                f"first_day must be a day the calendar covers, from {REGS_2006_START} "
                "(SI 2006/1751)"
            )
        periods = [(start, b) for a, b in periods if a <= start <= b] or [(start, cal.end)]
    if not periods:
        raise InvalidArgument(
            "the calendar has no school year from September 2006"
            + ("" if chosen is None else f" wholly under the {chosen} regime")
        )
    first, last = _pick(draw, periods)
    pid = _draw_pupil_id(draw) if pupil_id is None else draw(pupil_id)
    return _record(pid, first, last, _draw_marks(draw, cal.school_days(first, last)))


_ATTENDANCE_YEARS = _attendance_years(None, st.none(), None, st.none())


def attendance_years(
    *,
    pupil_id: str | SearchStrategy[str] | None = None,
    first_day: date | SearchStrategy[date] | None = None,
    calendar: SchoolCalendar | SearchStrategy[SchoolCalendar] | None = None,
    regime: str | SearchStrategy[str] | None = None,
) -> SearchStrategy[AttendanceRecord]:
    """An :class:`~cme_core.registers.AttendanceRecord` for one school year of ``calendar``
    (by default :func:`school_calendars`), from the year's first day (or ``first_day``) to the
    last day of its final term: two marks on each school day, none on other days.

    Marks are realistic (mostly present; runs of illness, holiday, activities; late marks and
    appointments) and always of the code set in force on their date: the 2006 codes to
    18 August 2024, the 2024 codes (SI 2024/208 reg 10) from 19 August 2024. ``regime="2006"``
    or ``"2024"`` (or a strategy of them) draws only school years wholly under that regime.

    >>> from datetime import date
    >>> from hypothesis import given, settings
    >>> from cme_core.attendance_codes import is_valid_mark
    >>> @settings(max_examples=10)
    ... @given(attendance_years(regime="2024"))
    ... def test_attendance(record):
    ...     assert record.first_day >= date(2024, 8, 19)
    ...     assert all(is_valid_mark(code, day) for day, _, code in record.iter_marks())
    >>> test_attendance()
    """
    ids = None if pupil_id is None else _values(pupil_id, "pupil_id", _check_str)
    regimes = _optional_values(regime, "regime", _check_regime)
    starts = _optional_values(first_day, "first_day", _check_date)
    calendars = None if calendar is None else _values(calendar, "calendar", _check_calendar)
    if ids is None and first_day is None and calendar is None and regime is None:
        return _ATTENDANCE_YEARS
    return _attendance_years(ids, starts, calendars, regimes)


# ---------------------------------------------------------------------------------------------
# Admission entries and registers
# ---------------------------------------------------------------------------------------------

_ROLES = (None, "admissions officer", "attendance officer", "school office", "headteacher")
_TOLD_BY = (None, "parent", "local authority", "other school")
_CLASSES = (None, "R1", "1B", "2W", "3K", "4H", "5M", "6S", "7A", "8C", "9E", "10F", "11G")
_STATUSES = (EnrolmentStatus.SINGLE,) * 6 + (
    EnrolmentStatus.MAIN,
    EnrolmentStatus.SUBSIDIARY,
    EnrolmentStatus.GUEST,
)
_GROUNDS: dict[str, tuple[Ground, ...]] = {
    RegimeId.REGS_2006: REGS_2006.all_grounds,
    RegimeId.REGS_2024: REGS_2024.all_grounds,
}
_EVENT_KINDS = ("amended", "future_address", "other_school", "enrolment")


def _ground_refs(day: date, scope: AgeScope) -> list[str]:
    """The deletion grounds of the regime in force on ``day`` for pupils of ``scope``."""
    grounds = _GROUNDS[_regime_on(day)]
    return [g.ref for g in grounds if g.applies_to is scope and g.in_force_on(day)]


def _age_scope(dob: date | None, day: date) -> AgeScope:
    """Whether the pupil is of compulsory school age on ``day`` (by age alone where the
    encoded rules do not reach the pupil's dates)."""
    if dob is None:
        return AgeScope.COMPULSORY_SCHOOL_AGE
    csa = compulsory_school_age_status(dob, day)
    if csa is None:
        csa = dob <= day and 5 <= age_on(dob, day) < 16
    return AgeScope.COMPULSORY_SCHOOL_AGE if csa else AgeScope.NOT_COMPULSORY_SCHOOL_AGE


def _draw_other_school(draw: st.DrawFn, first_day: date | None = None) -> OtherSchool:
    return OtherSchool(
        name=f"{_pick(draw, _NAME_PARTS)} School",
        laestab=f"{_pick(draw, _ENGLISH_LA_CODES)}{draw(_ints(2000, 5999)):04d}",
        urn=str(draw(_ints(100000, 149999))) if draw(st.booleans()) else None,
        first_day=first_day,
    )


def _draw_amendment(draw: st.DrawFn, pupil: Pupil, spare_upn: str | None) -> tuple[Pupil, str]:
    """New particulars for ``pupil`` (still without ERROR) and the reason."""
    change = draw(_ints(0, 6))
    if change == 0 and spare_upn is not None and pupil.upn != spare_upn:
        former = (*pupil.former_upns, pupil.upn) if pupil.upn else pupil.former_upns
        new = attrs.evolve(pupil, upn=spare_upn, former_upns=former, upn_unknown_reason=None)
        return new, "permanent UPN received"
    if change == 1:
        return attrs.evolve(pupil, address=_draw_any_address(draw)), "change of address"
    if change == 2:
        return attrs.evolve(pupil, full_name=_draw_full_name(draw)), "name change: deed poll"
    if change == 3:
        return attrs.evolve(pupil, sex=_pick(draw, tuple(Sex))), "correction of a typing error"
    if change == 4 and pupil.parents:
        phones = tuple(_draw_phone(draw) for _ in range(draw(_ints(1, 2))))
        first = attrs.evolve(pupil.parents[0], emergency_phones=phones)
        return attrs.evolve(pupil, parents=(first, *pupil.parents[1:])), "new contact details"
    if change == 5:
        added = _draw_parent(draw, _pick(draw, (True, False)))
        return attrs.evolve(pupil, parents=(*pupil.parents, added)), "parent informed the school"
    known = _pick(draw, ("Sam", "Alex", "Jo", "Kit", None))
    return attrs.evolve(pupil, name_used_at_school=known), "parent informed the school"


_Spell = tuple[date, date | None]


def _draw_spells(draw: st.DrawFn, n: int) -> list[tuple[int, int | None]]:
    """Up to two spells on roll as indices into n school days: [entry, deletion), where
    deletion is None while the pupil is on roll; a re-admission follows a deletion."""
    spells: list[tuple[int, int | None]] = []
    start = 0 if draw(st.booleans()) else draw(_ints(0, n - 1))
    while len(spells) < 2 and start < n:
        end = draw(_ints(start, n - 1)) if _chance(draw, 3) else None
        spells.append((start, end))
        if end is None or end + 1 >= n or not _chance(draw, 3):
            break
        start = draw(_ints(end + 1, n - 1))
    return spells


def _draw_entry(
    draw: st.DrawFn,
    *,
    pupil_id: str,
    school: School,
    days: Sequence[date],
    judged_on: date,
    upn: str | None,
    spare_upn: str | None,
    max_events: int,
) -> tuple[AdmissionEntry, tuple[_Spell, ...]]:
    """One pupil's coherent history over ``days`` (school days), and its spells on roll."""
    calendar = school.calendar
    assert calendar is not None
    n = len(days)
    junior = school.most_junior_year_group
    senior = school.most_senior_year_group
    low = max(-2, 0 if junior is None else junior)
    year_group = draw(_ints(low, max(low, min(13, 11 if senior is None else senior))))
    school_year = calendar.school_year_containing(days[0])
    cohort = (school_year.year if school_year else academic_year_of(days[0])) - year_group - 5
    dob = _day_between(draw, date(cohort, 9, 1), date(cohort + 1, 8, 31))
    if upn is None:
        fields: dict[str, Any] = {"upn_unknown_reason": _pick(draw, tuple(UpnUnknownReason))}
    else:
        fields = {"upn": upn}
    pupil = _draw_pupil(draw, pupil_id, dob, fields)
    spells = _draw_spells(draw, n)

    # Other events: each inside a spell, after the entry and before the deletion day.
    kinds = (*_EVENT_KINDS, "boarder") if school.has_boarders else _EVENT_KINDS
    placed: list[tuple[int, str]] = []
    for _ in range(draw(_ints(0, max_events))):
        s, e = _pick(draw, spells)
        last = (n - 1) if e is None else e - 1
        if last >= s:
            placed.append((draw(_ints(s, last)), _pick(draw, kinds)))
    placed.sort(key=lambda p: p[0])

    events: list[tuple[int, int, RegisterEvent]] = []
    current = pupil
    for s, e in spells:
        day = days[s]
        status = _pick(draw, _STATUSES)
        boarder = draw(st.booleans()) if school.has_boarders else None
        recorded = min(day + timedelta(days=_pick(draw, (0, 0, 0, 1, 2))), judged_on)
        entered = Entered(
            starting_day=day,
            entered_on=None if recorded == day else recorded,
            recorded_by=_pick(draw, _ROLES),
            pupil=current,
            year_group=year_group,
            class_name=_pick(draw, _CLASSES),
            enrolment_status=status,
            dual_registered_with=_draw_other_school(draw) if status.is_dual else None,
            boarder=boarder,
            last_school=_draw_other_school(draw) if draw(st.booleans()) else None,
        )
        events.append((s, 0, entered))
        last = (n - 1) if e is None else e - 1
        for index, kind in [p for p in placed if s <= p[0] <= last]:
            day = days[index]
            event: RegisterEvent
            if kind == "amended":
                current, reason = _draw_amendment(draw, current, spare_upn)
                event = Amended(
                    on=day, pupil=current, reason=reason, recorded_by=_pick(draw, _ROLES)
                )
            elif kind == "future_address":
                names = tuple(p.full_name for p in current.parents[:1] if p.full_name)
                future = FutureAddress(
                    address=_draw_any_address(draw),
                    parent_names=names,
                    from_date=day + timedelta(days=draw(_ints(1, 120))),
                )
                event = FutureAddressRecorded(on=day, future_address=future)
            elif kind == "other_school":
                starts = day + timedelta(days=draw(_ints(0, 60)))
                event = OtherSchoolRecorded(
                    on=day,
                    other_school=_draw_other_school(draw, starts),
                    told_by=_pick(draw, _TOLD_BY),
                )
            elif kind == "boarder":
                boarder = not boarder
                event = BoarderStatusChanged(on=day, boarder=boarder)
            else:
                partner: OtherSchool | None = None
                if status is EnrolmentStatus.SINGLE:
                    status = _pick(draw, (EnrolmentStatus.MAIN, EnrolmentStatus.SUBSIDIARY))
                    partner = _draw_other_school(draw)
                else:
                    status = EnrolmentStatus.SINGLE
                event = EnrolmentStatusChanged(
                    on=day, enrolment_status=status, dual_registered_with=partner
                )
            events.append((index, 1, event))
        if e is not None:
            day = days[e]
            deleted = Deleted(
                on=day,
                ground=_pick(draw, _ground_refs(day, _age_scope(current.date_of_birth, day))),
                regime=_pick(draw, (None, _regime_on(day).value)),
                recorded_by=_pick(draw, _ROLES),
            )
            events.append((e, 2, deleted))
    events.sort(key=lambda item: (item[0], item[1]))
    entry = AdmissionEntry(pupil_id=pupil_id, events=tuple(ev for _, _, ev in events))
    return entry, tuple((days[s], None if e is None else days[e]) for s, e in spells)


def _draw_unique_upn(draw: st.DrawFn, taken: set[str]) -> str:
    """A permanent UPN not in ``taken`` (then added to it); unique by construction, so the
    simplest draws still give distinct UPNs."""
    la, estab, year = _pick(draw, _PREFIXES), draw(_ints(0, 9999)), draw(_ints(0, 99))
    serial = draw(_ints(0, 999))
    while True:
        body = f"{la}{estab:04d}{year:02d}{serial % 1000:03d}"
        value = upn_module.check_letter(body) + body
        if value not in taken:
            taken.add(value)
            return value
        serial += 1
        if serial % 1000 == 0:
            estab = (estab + 1) % 10000


def _window(calendar: SchoolCalendar, on: date | None) -> tuple[date, ...]:
    """The calendar's school days from September 2006 (the first code set) up to ``on``."""
    first = max(calendar.first_school_day, REGS_2006_START)
    last = calendar.last_school_day if on is None else min(on, calendar.last_school_day)
    if last < first:
        return ()
    return calendar.school_days(first, last)


def _check_on(value: object, name: str) -> date:
    day = _check_date(value, name)
    if day < REGS_2006_START:
        raise InvalidArgument(f"{name} must be on or after {REGS_2006_START} (SI 2006/1751)")
    return day


def _check_school(value: object, name: str) -> School:
    if not isinstance(value, School):
        raise InvalidArgument(f"{name} must be a School, got {type(value).__name__}")
    if value.calendar is None:
        raise InvalidArgument(f"{name} must have a calendar (School.calendar is None)")
    return value


@functools.lru_cache(maxsize=256)
def _schools_for_year(year: int) -> SearchStrategy[School]:
    return _schools(None, _school_calendars(st.just(year), None))


_NINE_DAYS = timedelta(days=9)


def _draw_school(
    draw: st.DrawFn, school: SearchStrategy[School] | None, judged_on: date | None
) -> School:
    """``school`` if given; else a school whose calendar is that of the school year of
    ``judged_on`` (any school year if there is no judging day)."""
    if school is not None:
        return draw(school)
    if judged_on is None:
        return draw(_SCHOOLS)
    # The school year whose first term has begun by the judging day (terms begin by 9 Sep).
    year = academic_year_of(min(judged_on, date(_LAST_CALENDAR_YEAR, 8, 31)) - _NINE_DAYS)
    return draw(_schools_for_year(year))


@st.composite
def _admission_entries(
    draw: st.DrawFn,
    school: SearchStrategy[School] | None,
    pupil_id: SearchStrategy[str] | None,
    on: SearchStrategy[date | None],
) -> AdmissionEntry:
    judged_on = draw(on)
    the_school = _draw_school(draw, school, judged_on)
    assert the_school.calendar is not None
    days = _window(the_school.calendar, judged_on)
    if not days:
        raise InvalidArgument("on= is before the school calendar's first school day")
    permanent = _draw_upn(draw, _pick(draw, _PREFIXES))
    spare = _draw_upn(draw, _pick(draw, _PREFIXES))
    entry, _ = _draw_entry(
        draw,
        pupil_id=_draw_pupil_id(draw) if pupil_id is None else draw(pupil_id),
        school=the_school,
        days=days,
        judged_on=judged_on or days[-1],
        upn=permanent if draw(_ints(0, 4)) else None,
        spare_upn=spare if spare != permanent else None,
        max_events=6,
    )
    return entry


_ADMISSION_ENTRIES = _admission_entries(None, None, st.none())


def admission_entries(
    *,
    school: School | SearchStrategy[School] | None = None,
    pupil_id: str | SearchStrategy[str] | None = None,
    on: date | SearchStrategy[date] | None = None,
) -> SearchStrategy[AdmissionEntry]:
    """Coherent :class:`~cme_core.registers.AdmissionEntry` histories at ``school`` (by default
    :func:`schools`; it must have a calendar). The pupil is entered on a school day and may be
    amended (a new address or name, a permanent UPN replacing ...), have a future address or
    another school recorded, start or end dual registration, change boarding status (boarding
    schools only), be deleted on a ground of the regime in force that day for the pupil's age
    (SI 2006/1751 reg 8; SI 2024/208 reg 9), and be re-admitted.

    Events are in date order and on or before ``on`` (by default the calendar's last school
    day); ``entry.problems(on=on)`` has no ERROR.

    >>> from datetime import date
    >>> from hypothesis import given, settings
    >>> from cme_core.registers import Entered
    >>> @settings(max_examples=10)
    ... @given(admission_entries(on=date(2025, 7, 31)))
    ... def test_entries(entry):
    ...     assert isinstance(entry.events[0], Entered)
    ...     assert not any(p.is_error for p in entry.problems(on=date(2025, 7, 31)))
    >>> test_entries()
    """
    schools_ = None if school is None else _values(school, "school", _check_school)
    ids = None if pupil_id is None else _values(pupil_id, "pupil_id", _check_str)
    if schools_ is None and ids is None and on is None:
        return _ADMISSION_ENTRIES
    return _admission_entries(schools_, ids, _optional_values(on, "on", _check_on))


@st.composite
def _admission_registers(
    draw: st.DrawFn,
    school: SearchStrategy[School] | None,
    on: SearchStrategy[date | None],
    min_pupils: int,
    max_pupils: int,
) -> SchoolRegister:
    judged_on = draw(on)
    the_school = _draw_school(draw, school, judged_on)
    assert the_school.calendar is not None
    days = _window(the_school.calendar, judged_on)
    if not days:
        if min_pupils:
            raise InvalidArgument("on= is before the school calendar's first school day")
        return SchoolRegister(school=the_school)
    count = draw(_ints(min_pupils, max_pupils))
    number = 0
    taken: set[str] = set()
    upn_list = [_draw_unique_upn(draw, taken) for _ in range(2 * count)]
    admissions: list[AdmissionEntry] = []
    attendance: list[AttendanceRecord] = []
    for i in range(count):
        number += draw(_ints(1, 500))
        pupil_id = f"P{number:05d}"
        entry, spells = _draw_entry(
            draw,
            pupil_id=pupil_id,
            school=the_school,
            days=days,
            judged_on=judged_on or days[-1],
            upn=upn_list[2 * i] if draw(_ints(0, 9)) else None,
            spare_upn=upn_list[2 * i + 1],
            max_events=4,
        )
        admissions.append(entry)
        on_roll = [d for d in days if any(a <= d and (b is None or d < b) for a, b in spells)]
        with_marks = draw(_ints(0, 9)) > 0
        if on_roll and with_marks:
            attendance.append(_record(pupil_id, days[0], days[-1], _draw_marks(draw, on_roll)))
    shuffled = [attendance.pop(draw(_ints(0, len(attendance) - 1))) for _ in list(attendance)]
    return SchoolRegister(school=the_school, admissions=admissions, attendance=shuffled)


_ADMISSION_REGISTERS = _admission_registers(None, st.none(), 0, 5)


def admission_registers(
    *,
    school: School | SearchStrategy[School] | None = None,
    on: date | SearchStrategy[date] | None = None,
    min_pupils: int = 0,
    max_pupils: int = 5,
) -> SearchStrategy[SchoolRegister]:
    """Coherent :class:`~cme_core.registers.SchoolRegister` values: ``school`` (by default
    :func:`schools`; it must have a calendar) with ``min_pupils`` to ``max_pupils`` admission
    entries (as :func:`admission_entries`, with distinct pupil ids and UPNs) and attendance.

    Marks are recorded only while the pupil is on roll -- from the day of entry up to, not
    including, the day of deletion, the convention of ``AdmissionEntry.roll_spells`` -- on the
    calendar's school days up to ``on`` (by default the calendar's last school day), in the
    code set in force on each date. ``register.check(on=on)`` has no ERROR.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(admission_registers(min_pupils=2))
    ... def test_registers(register):
    ...     assert len(register.admissions) >= 2
    ...     assert register.check(on=register.school.calendar.end).errors == ()
    >>> test_registers()
    """
    _check_int(min_pupils, "min_pupils", 0, 1000)
    _check_int(max_pupils, "max_pupils", 0, 1000)
    if min_pupils > max_pupils:
        raise InvalidArgument(f"min_pupils={min_pupils} is above max_pupils={max_pupils}")
    if school is None and on is None and (min_pupils, max_pupils) == (0, 5):
        return _ADMISSION_REGISTERS
    schools_ = None if school is None else _values(school, "school", _check_school)
    dates = _optional_values(on, "on", _check_on)
    return _admission_registers(schools_, dates, min_pupils, max_pupils)
