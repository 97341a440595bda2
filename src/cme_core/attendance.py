"""Attendance analytics: rates, persistent and severe absence, and runs of absence in school days.

**Counts and rates** (:func:`summarise`, :func:`summarise_each`, :func:`summarise_many`). Over
any range of calendar days, every session of a pupil's :class:`~cme_core.registers.AttendanceRecord`
is put in exactly one bucket:

* the five statistical treatments of :class:`~cme_core.attendance_codes.Treatment` (present,
  approved educational activity, authorised absence, unauthorised absence, not a possible
  session), read from the code set **in force on the session's date** (the 2006 set up to
  18 August 2024, the 2024 set from 19 August 2024: SI 2024/208 has no transitional provision,
  so a range spanning that day is split there);
* ``no_mark``: the session has :data:`~cme_core.registers.NO_MARK` (no session, or nothing
  recorded), including days outside the record;
* ``unknown``: the mark is not an attendance code of either regime (stored as ``?`` with the
  token in the record's ``unknown``; or any other stray character);
* ``not_in_force``: a code of the *other* regime (``H`` after 18 Aug 2024, ``K`` before 19 Aug
  2024).

Unknown and not-in-force marks are **counted and reported** (with their tokens), never dropped
silently and never guessed into a treatment: they are left out of the possible sessions, so a
summary with any of them says ``is_complete = False``.

*Possible sessions* = present + approved activity + authorised + unauthorised absence.
*Attendance* = present + approved activity. Rates are fractions from 0 to 1 (not percentages);
with **no possible sessions** every rate and flag is ``None`` (nothing to divide by: there is no
rate, not a rate of 0). Persistent absence is missing **10% or more** of possible sessions and
severe absence **50% or more** ("Working together to improve school attendance", DfE statutory
guidance from 19 August 2024); the flags compare whole numbers exactly (``10 * absent >=
possible``), never rounded floats. The same thresholds are applied to any range, including
ranges before the guidance became statutory (earlier DfE definitions differed: before 2015/16
persistent absence was 15%, unverified).

**Scale.** The marks are stored one character per session (see :mod:`cme_core.registers`), so
counting never loops over marks in Python: each record is sliced to the range, mapped to one
character per bucket with :meth:`str.translate` (a table built from the code sets) and counted
with :meth:`str.count`. Per-code totals for a group are counted on joined chunks of slices.
With a calendar, sessions with no mark on school days and marks on days the calendar has no
session are counted with bit masks (one ``bytes.translate``, ``int.from_bytes`` and two
``int.bit_count`` a record), again per record rather than per mark; the masks are built once
per calendar and range and kept by the calendar. The unknown bucket is what the seven counted
buckets leave, so it costs no pass over the marks. :func:`summarise_many` summarises 10,000
pupils' school year (about 3.8 million marks) in a fraction of a second.

**Calendars and gaps.** Counting needs no calendar. Given one, the whole range must lie within
the days it covers, or :class:`~cme_core.calendars.CalendarRangeError` (an
:class:`~cme_core.errors.InvalidDate`) is raised: outside that range whether the school met is
unknown, and the library does not guess. Runs of school days always need the school's own
calendar (Education Act 1996 s579(1)), and the judging date must be covered by it (the same
error otherwise; unlike :func:`cme_core.law.counting.absence_run`, no clamping).

**Runs of school days** reuse :mod:`cme_core.law.counting`:

* :func:`attendance_return_run` / :func:`longest_attendance_return_run`: absence recorded only
  with G, N, O or U for at least ten school days (SI 2024/208 reg 13(7)(b); SI 2006/1751 reg
  12(1)(b)).
* :func:`n_mark_deadlines` / :func:`overdue_n_marks`: code N must be amended "within five school
  days" (SI 2024/208 reg 10(7)).
* :func:`leave_return` / :func:`pupils_not_back_after_leave`: not attended within the ten school
  days immediately after leave ended (SI 2024/208 reg 9(1)(h)(i); SI 2006/1751 reg 8(1)(f)(i)).
* :func:`sickness_absence`: code I for 15 consecutive school days or 15 in the school year
  (SI 2024/208 reg 13(9)-(11)).

>>> import datetime as dt
>>> from cme_core.registers import AttendanceRecord
>>> r = AttendanceRecord.from_codes("P1", dt.date(2024, 9, 2), "/\\\\/\\\\/\\\\NNII")
>>> s = summarise(r, dt.date(2024, 9, 2), dt.date(2024, 9, 6))
>>> s.possible_sessions, s.attendance, s.absence, s.no_mark
(10, 6, 4, 0)
>>> s.absence_rate, s.persistent_absence, s.severe_absence
(0.4, True, False)
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime, timedelta
from fractions import Fraction
from types import MappingProxyType
from typing import Any

import attrs

from cme_core._checks import require_int
from cme_core._fields import (
    checked,
    date_field,
    freeze_mapping,
    instance_of,
    iso,
    optional_str,
    tuple_of,
    typed_fields,
)
from cme_core.attendance_codes import (
    ALL_CODES,
    CODES_2006,
    CODES_2024,
    REGIME_2006_END,
    REGIME_2006_START,
    REGIME_2024_START,
    CodeSet,
    RunEffect,
    Treatment,
    code_set_for,
)
from cme_core.calendars import CalendarRangeError, SchoolCalendar
from cme_core.errors import CmeError, InvalidArgument, InvalidDate, InvalidInput
from cme_core.law.counting import AbsenceRun, DayKind, RunRule, absence_run, attended_between
from cme_core.law.counting import day_kind as _day_kind
from cme_core.law.facts import LeaveOfAbsence
from cme_core.registers import AM, NO_MARK, PM, AttendanceRecord, encode_marks

__all__ = [
    "ATTENDANCE_RETURN_CITATION_2006",
    "ATTENDANCE_RETURN_CITATION_2024",
    "ATTENDANCE_RETURN_SCHOOL_DAYS",
    "BUCKETS",
    "LEAVE_RETURN_CITATION_2006",
    "LEAVE_RETURN_CITATION_2024",
    "LEAVE_RETURN_SCHOOL_DAYS",
    "N_RESOLUTION_CITATION",
    "N_RESOLUTION_SCHOOL_DAYS",
    "PERSISTENT_ABSENCE_CITATION",
    "PERSISTENT_ABSENCE_THRESHOLD",
    "SEVERE_ABSENCE_CITATION",
    "SEVERE_ABSENCE_THRESHOLD",
    "SICKNESS_RETURN_CITATION",
    "SICKNESS_RETURN_SCHOOL_DAYS",
    "WORKING_TOGETHER",
    "AttendanceGroupSummary",
    "AttendanceSummary",
    "LeaveReturn",
    "LeaveReturnStatus",
    "NMarkDeadline",
    "SicknessAbsence",
    "TenDayRun",
    "attendance_return_run",
    "leave_return",
    "leave_returns",
    "longest_attendance_return_run",
    "n_mark_deadlines",
    "overdue_n_marks",
    "pupils_not_back_after_leave",
    "sickness_absence",
    "summarise",
    "summarise_each",
    "summarise_many",
]

# ---------------------------------------------------------------------------------------------
# Rules as data
# ---------------------------------------------------------------------------------------------

WORKING_TOGETHER = (
    "DfE, 'Working together to improve school attendance' (statutory guidance from 19 August 2024)"
)
PERSISTENT_ABSENCE_THRESHOLD = Fraction(1, 10)
"""Persistent absence: missing 10% or more of possible sessions."""
PERSISTENT_ABSENCE_CITATION = (
    WORKING_TOGETHER + ": persistent absence is missing 10% or more of possible sessions"
)
SEVERE_ABSENCE_THRESHOLD = Fraction(1, 2)
"""Severe absence: missing 50% or more of possible sessions."""
SEVERE_ABSENCE_CITATION = (
    WORKING_TOGETHER + ": severe absence is missing 50% or more of possible sessions"
)

ATTENDANCE_RETURN_SCHOOL_DAYS = 10
"""A continuous period of at least ten school days (2024 reg 13(7)(b); 2006 reg 12(1)(b))."""
ATTENDANCE_RETURN_CITATION_2024 = (
    "SI 2024/208 reg 13(7)(b): absent for a continuous period of at least ten school days, "
    "recorded exclusively with G, N, O or U"
)
ATTENDANCE_RETURN_CITATION_2006 = (
    "SI 2006/1751 reg 12(1)(b): absent, not authorised, for a continuous period of not less "
    "than ten school days (letters G, N, O, U from DfE guidance, unverified)"
)

N_RESOLUTION_SCHOOL_DAYS = 5
"""Code N: the register is amended "within five school days" (2024 reg 10(7))."""
N_RESOLUTION_CITATION = (
    "SI 2024/208 reg 10(7): the register is amended within five school days (the start of the "
    "count is not stated; cme_core counts from the session's date)"
)

LEAVE_RETURN_SCHOOL_DAYS = 10
"""Not attended within the ten school days immediately after leave ended."""
LEAVE_RETURN_CITATION_2024 = (
    "SI 2024/208 reg 9(1)(h)(i): has not attended within the ten school days immediately after "
    "the end of the period of leave"
)
LEAVE_RETURN_CITATION_2006 = (
    "SI 2006/1751 reg 8(1)(f)(i): failed to attend within the ten school days immediately "
    "following the expiry of the leave"
)

SICKNESS_RETURN_SCHOOL_DAYS = 15
"""Sickness return: 15 consecutive school days, or 15 in total in the school year."""
SICKNESS_RETURN_CITATION = (
    "SI 2024/208 reg 13(9)-(11): code I, and reasonable grounds to believe at least 15 "
    "consecutive school days, or 15 in total in the school year, lost to sickness"
)

# ---------------------------------------------------------------------------------------------
# Translation tables (cheap module constants: about 50 entries each, immutable strings)
# ---------------------------------------------------------------------------------------------

# One output character per bucket. Every one is itself a compact code character, and every
# compact code character is mapped, so a stray input character (left unchanged by the table)
# can never be mistaken for a bucket: it is found as "length minus the buckets".
_BUCKET_OF_TREATMENT: Mapping[Treatment, str] = MappingProxyType(
    {
        Treatment.PRESENT: "/",
        Treatment.APPROVED_ACTIVITY: "B",
        Treatment.AUTHORISED_ABSENCE: "C",
        Treatment.UNAUTHORISED_ABSENCE: "O",
        Treatment.NOT_POSSIBLE: "#",
    }
)
_B_NOT_IN_FORCE = "H"
_B_UNKNOWN = "?"
_B_NO_MARK = NO_MARK
# Positions in the per-record count lists.
_I_PRESENT, _I_APPROVED, _I_AUTH, _I_UNAUTH, _I_NOT_POSSIBLE = range(5)
_I_NO_MARK, _I_UNKNOWN, _I_NIF = range(5, 8)

_COMPACT: Mapping[str, str] = MappingProxyType({code: encode_marks(code)[0] for code in ALL_CODES})
"""Every code of either regime -> its one-character compact form."""
_ALPHABET = frozenset(_COMPACT.values()) | {NO_MARK, "?"}


@attrs.frozen(field_transformer=typed_fields)
class _Table:
    """How one regime's code set reads compact marks."""

    code_set: CodeSet
    translate: str
    """A 128-character table for :meth:`str.translate` (indexed by ordinal; identity for
    characters that are not a compact code, so they stay out of every bucket)."""
    codes: tuple[tuple[str, str, bool], ...]
    """(compact char, readable code, in force in this regime) for every known code."""


def _table(code_set: CodeSet) -> _Table:
    out = [chr(i) for i in range(128)]
    out[ord(NO_MARK)] = _B_NO_MARK
    out[ord("?")] = _B_UNKNOWN
    codes: list[tuple[str, str, bool]] = []
    for code in sorted(ALL_CODES):
        char = _COMPACT[code]
        entry = code_set.get(code)
        out[ord(char)] = _BUCKET_OF_TREATMENT[entry.treatment] if entry else _B_NOT_IN_FORCE
        codes.append((char, code, entry is not None))
    return _Table(code_set=code_set, translate="".join(out), codes=tuple(codes))


_TABLE_2006 = _table(CODES_2006)
_TABLE_2024 = _table(CODES_2024)

# Per-code counts: the two commonest marks are counted on the slices; the rest on the slices
# with those and "no mark" deleted (a fraction of the length).
_COMMON = "/\\"
_DROP_COMMON: Mapping[int, None] = MappingProxyType({ord(c): None for c in _COMMON + NO_MARK})
# Bytes table for the calendar checks, one byte a session: 1 where a session has no mark; 2
# where it has a mark that is not "no mark" or a planned closure ("#" agrees with a calendar
# that has no session). One translation and one int serve both masks.
_CALENDAR_BITS = bytes(1 if i == ord(NO_MARK) else 0 if i == ord("#") else 2 for i in range(256))

# ---------------------------------------------------------------------------------------------
# Argument checks
# ---------------------------------------------------------------------------------------------


def _date(value: object, name: str) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise InvalidArgument(f"{name} must be a datetime.date, got {type(value).__name__}")
    return value


def _range(start: object, end: object) -> tuple[date, date]:
    a, b = _date(start, "start"), _date(end, "end")
    if b < a:
        raise InvalidDate("end must not be before start")
    if a < REGIME_2006_START:
        raise InvalidDate(
            f"no attendance code set is encoded before {REGIME_2006_START.isoformat()} "
            "(SI 2006/1751): start the range on or after it"
        )
    return a, b


def _record(value: object, name: str = "record") -> AttendanceRecord:
    if not isinstance(value, AttendanceRecord):
        raise InvalidArgument(f"{name} must be an AttendanceRecord, got {type(value).__name__}")
    return value


def _calendar(value: object) -> SchoolCalendar:
    if not isinstance(value, SchoolCalendar):
        raise InvalidArgument(f"calendar must be a SchoolCalendar, got {type(value).__name__}")
    return value


def _covered(calendar: SchoolCalendar, day: date, name: str) -> None:
    if not calendar.covers(day):
        raise CalendarRangeError(
            f"{name} {day.isoformat()} is outside the calendar, which covers "
            f"{calendar.start.isoformat()} to {calendar.end.isoformat()}"
        )


def _safe_token(token: str) -> str:
    """A token as reported: short printable ASCII as given, anything else described only."""
    if 0 < len(token) <= 3 and token.isascii() and token.isprintable():
        return token
    return f"<{len(token)}-character token>"


# ---------------------------------------------------------------------------------------------
# The counting kernel
# ---------------------------------------------------------------------------------------------


@attrs.frozen(field_transformer=typed_fields)
class _Segment:
    """A part of the range under one code set, and where its sessions are in the range's
    marks (characters ``lo`` to ``hi``)."""

    start: date
    end: date
    table: _Table
    lo: int
    hi: int


def _segments(start: date, end: date) -> tuple[_Segment, ...]:
    parts: tuple[tuple[date, date, _Table], ...]
    if end < REGIME_2024_START:
        parts = ((start, end, _TABLE_2006),)
    elif start >= REGIME_2024_START:
        parts = ((start, end, _TABLE_2024),)
    else:
        parts = ((start, REGIME_2006_END, _TABLE_2006), (REGIME_2024_START, end, _TABLE_2024))
    return tuple(
        _Segment(start=a, end=b, table=t, lo=2 * (a - start).days, hi=2 * (b - start).days + 2)
        for a, b, t in parts
    )


def _calendar_masks(
    start: date, end: date, calendar: SchoolCalendar | None
) -> tuple[int, int] | None:
    """(school, other) bit masks of the whole range for :func:`_masks` (None without a
    calendar): ``school`` has 1 in each session of a school day, ``other`` 2 in each session of
    a day without one. The calendar builds and keeps them, once per range."""
    if calendar is None:
        return None
    _covered(calendar, start, "start")
    _covered(calendar, end, "end")
    school, other = calendar._session_masks(start, end)
    return school, other << 1


def _slice(record: AttendanceRecord, start: date, end: date) -> tuple[str, int]:
    """The record's compact marks for ``start``..``end`` (``-`` padded) and the first index."""
    marks = record.marks
    first = record.first_day
    lo = 2 * (start - first).days
    hi = 2 * (end - first).days + 2
    n = len(marks)
    if lo >= 0 and hi <= n:
        return marks[lo:hi], lo
    a, b = max(lo, 0), min(hi, n)
    if a >= b:
        return NO_MARK * (hi - lo), lo
    return NO_MARK * (a - lo) + marks[a:b] + NO_MARK * (hi - b), lo


def _count(text: str, table: _Table) -> tuple[int, int, int, int, int, int, int, int]:
    """``text``'s bucket counts, in the order of the ``_I_*`` positions.

    Seven buckets are counted; the unknown one (``?`` marks and stray characters that are no
    compact code) is what is left, so it costs no pass over the text. Only when it is not
    zero does the caller count the ``?`` marks, to tell them from stray characters."""
    x = text.translate(table.translate)
    p, a, c, o, np_ = x.count("/"), x.count("B"), x.count("C"), x.count("O"), x.count("#")
    nm, nif = x.count(NO_MARK), x.count(_B_NOT_IN_FORCE)
    return p, a, c, o, np_, nm, len(x) - (p + a + c + o + np_ + nm + nif), nif


def _unknown_tokens(
    record: AttendanceRecord,
    text: str,
    lo: int,
    question_marks: int,
    stray: int,
    into: Counter[str],
) -> None:
    """Add the tokens behind the unknown marks in ``text`` (starting at index ``lo``)."""
    if question_marks:
        hi = lo + len(text)
        marks = record.marks
        found = 0
        for index, token in record.unknown:
            if lo <= index < hi and index < len(marks) and marks[index] == "?":
                into[_safe_token(token)] += 1
                found += 1
        if question_marks > found:
            into["?"] += question_marks - found
    if stray:
        for char, n in Counter(ch for ch in text if ch not in _ALPHABET).items():
            into[_safe_token(char)] += n


def _masks(text: str, masks: tuple[int, int]) -> tuple[int, int]:
    """(sessions with no mark on school days, marks on days with no session) of the range's
    marks ``text``, with the range's :func:`_calendar_masks`."""
    bits = int.from_bytes(text.encode("ascii", "replace").translate(_CALENDAR_BITS), "big")
    return (bits & masks[0]).bit_count(), (bits & masks[1]).bit_count()


def _by_code(text: str, table: _Table, in_force: Counter[str], not_in_force: Counter[str]) -> None:
    """Add the count of every code in ``text`` (compact marks) to the counters.

    The two commonest marks are counted on ``text``; every other code on ``text`` with them
    (and "no mark") deleted, which is a fraction of its length."""
    rest = text.translate(_DROP_COMMON)
    for char, code, ok in table.codes:
        n = (text if char in _COMMON else rest).count(char)
        if n:
            (in_force if ok else not_in_force)[code] += n


# ---------------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------------


BUCKETS: tuple[str, ...] = (
    "present",
    "approved_activity",
    "authorised_absence",
    "unauthorised_absence",
    "not_possible",
    "no_mark",
    "unknown",
    "not_in_force",
)
"""The fields of :class:`AttendanceSummary` that hold sessions: every session is in one."""


def _non_negative(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if require_int(value, attribute.name) < 0:
        raise InvalidInput(f"{attribute.name} must not be negative")


def _optional_count(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _non_negative(instance, attribute, value)


def _sorted_counts(value: Mapping[str, int] | None) -> Mapping[str, int]:
    return freeze_mapping(sorted(value.items()) if value else None)


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _at_least(part: int, whole: int, threshold: Fraction) -> bool | None:
    if not whole:
        return None
    return part * threshold.denominator >= threshold.numerator * whole


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class AttendanceSummary:
    r"""Session counts, rates and flags for one pupil (or a group's totals) over a date range.

    Every session of the range (``sessions`` = 2 per calendar day, ``start`` to ``end``
    inclusive, for each of the ``pupils`` records summed) is in exactly one count: the five
    treatments, ``no_mark``, ``unknown`` or ``not_in_force`` (:attr:`buckets`; construction
    raises :class:`~cme_core.errors.InvalidInput` if they do not add up to ``sessions``).
    ``by_code`` counts the readable codes read under the set in force on their dates (a code
    of both sets, such as ``I``, is summed across a range spanning 19 August 2024);
    ``not_in_force_codes`` the codes of the other regime; ``unknown_tokens`` what the
    unknown marks were (long or non-ASCII tokens are described, not quoted). With a calendar,
    ``unmarked_school_sessions`` counts school-day sessions with no mark (missing evidence, or
    days the pupil was not on roll) and ``marks_on_non_school_days`` marks (other than ``#``)
    on days the calendar has no session; without one both are ``None``.

    Rates are fractions (0 to 1) of possible sessions, ``None`` when there are none; so are the
    flags. Persistent and severe absence: see :data:`PERSISTENT_ABSENCE_CITATION` and
    :data:`SEVERE_ABSENCE_CITATION`.

    >>> import datetime as dt
    >>> s = AttendanceSummary(pupil_id="P1", start=dt.date(2024, 9, 2), end=dt.date(2024, 9, 2),
    ...                       present=2)
    >>> s.attendance_rate, s.absence_rate, s.persistent_absence
    (1.0, 0.0, False)
    >>> AttendanceSummary(pupil_id=None, start=dt.date(2024, 9, 7), end=dt.date(2024, 9, 7),
    ...                   no_mark=2).absence_rate is None
    True
    """

    pupil_id: str | None = attrs.field(validator=optional_str)
    start: date = attrs.field(validator=date_field)
    end: date = attrs.field(validator=date_field)
    pupils: int = attrs.field(default=1, validator=_non_negative)
    """How many records are summed: 1 for one pupil; for a group's totals, its ``pupils``."""
    present: int = attrs.field(default=0, validator=_non_negative)
    approved_activity: int = attrs.field(default=0, validator=_non_negative)
    authorised_absence: int = attrs.field(default=0, validator=_non_negative)
    unauthorised_absence: int = attrs.field(default=0, validator=_non_negative)
    not_possible: int = attrs.field(default=0, validator=_non_negative)
    no_mark: int = attrs.field(default=0, validator=_non_negative)
    unknown: int = attrs.field(default=0, validator=_non_negative)
    not_in_force: int = attrs.field(default=0, validator=_non_negative)
    by_code: Mapping[str, int] = attrs.field(factory=dict, converter=_sorted_counts, hash=False)
    unknown_tokens: Mapping[str, int] = attrs.field(
        factory=dict, converter=_sorted_counts, hash=False
    )
    not_in_force_codes: Mapping[str, int] = attrs.field(
        factory=dict, converter=_sorted_counts, hash=False
    )
    unmarked_school_sessions: int | None = attrs.field(default=None, validator=_optional_count)
    marks_on_non_school_days: int | None = attrs.field(default=None, validator=_optional_count)

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise InvalidDate("end must not be before start")
        if self.pupil_id is not None and self.pupils != 1:
            raise InvalidInput("a summary with a pupil_id sums one record: pupils must be 1")
        counted = sum(self.buckets.values())
        if counted != self.sessions:
            raise InvalidInput(
                f"every session must fall in exactly one bucket: the buckets hold {counted} "
                f"sessions, the range has {self.sessions} ({self.pupils} record(s))"
            )

    # -- derived counts ------------------------------------------------------------------------

    @property
    def sessions(self) -> int:
        """Sessions in the range: two per calendar day, for each of the ``pupils`` records."""
        return 2 * ((self.end - self.start).days + 1) * self.pupils

    @property
    def buckets(self) -> Mapping[str, int]:
        """The count of each bucket, by field name: the five treatments, ``no_mark``,
        ``unknown`` and ``not_in_force``. Every session is in exactly one, so they sum to
        :attr:`sessions`."""
        return {name: getattr(self, name) for name in BUCKETS}

    @property
    def attendance(self) -> int:
        """Present plus approved educational activity."""
        return self.present + self.approved_activity

    @property
    def absence(self) -> int:
        """Authorised plus unauthorised absence."""
        return self.authorised_absence + self.unauthorised_absence

    @property
    def possible_sessions(self) -> int:
        """Attendance plus absence (not-possible, unmarked, unknown and not-in-force excluded)."""
        return self.attendance + self.absence

    @property
    def by_treatment(self) -> Mapping[Treatment, int]:
        """The count for each :class:`~cme_core.attendance_codes.Treatment`."""
        return {
            Treatment.PRESENT: self.present,
            Treatment.APPROVED_ACTIVITY: self.approved_activity,
            Treatment.AUTHORISED_ABSENCE: self.authorised_absence,
            Treatment.UNAUTHORISED_ABSENCE: self.unauthorised_absence,
            Treatment.NOT_POSSIBLE: self.not_possible,
        }

    @property
    def is_complete(self) -> bool:
        """True when every mark in the range was a code in force on its date."""
        return not self.unknown and not self.not_in_force

    # -- rates and flags -----------------------------------------------------------------------

    @property
    def attendance_rate(self) -> float | None:
        """Attendance / possible sessions (``None`` without possible sessions)."""
        return _ratio(self.attendance, self.possible_sessions)

    @property
    def absence_rate(self) -> float | None:
        """Absence / possible sessions (``None`` without possible sessions)."""
        return _ratio(self.absence, self.possible_sessions)

    @property
    def authorised_absence_rate(self) -> float | None:
        """Authorised absence / possible sessions (``None`` without possible sessions)."""
        return _ratio(self.authorised_absence, self.possible_sessions)

    @property
    def unauthorised_absence_rate(self) -> float | None:
        """Unauthorised absence / possible sessions (``None`` without possible sessions)."""
        return _ratio(self.unauthorised_absence, self.possible_sessions)

    @property
    def persistent_absence(self) -> bool | None:
        """Missing 10% or more of possible sessions (:data:`PERSISTENT_ABSENCE_CITATION`)."""
        return _at_least(self.absence, self.possible_sessions, PERSISTENT_ABSENCE_THRESHOLD)

    @property
    def severe_absence(self) -> bool | None:
        """Missing 50% or more of possible sessions (:data:`SEVERE_ABSENCE_CITATION`)."""
        return _at_least(self.absence, self.possible_sessions, SEVERE_ABSENCE_THRESHOLD)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: counts, rates, flags and their citations (dates as ISO strings)."""
        return {
            "pupil_id": self.pupil_id,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "pupils": self.pupils,
            "sessions": self.sessions,
            "possible_sessions": self.possible_sessions,
            "attendance": self.attendance,
            "present": self.present,
            "approved_activity": self.approved_activity,
            "absence": self.absence,
            "authorised_absence": self.authorised_absence,
            "unauthorised_absence": self.unauthorised_absence,
            "not_possible": self.not_possible,
            "no_mark": self.no_mark,
            "unknown": self.unknown,
            "not_in_force": self.not_in_force,
            "by_treatment": {t.value: n for t, n in self.by_treatment.items()},
            "by_code": dict(self.by_code),
            "unknown_tokens": dict(self.unknown_tokens),
            "not_in_force_codes": dict(self.not_in_force_codes),
            "unmarked_school_sessions": self.unmarked_school_sessions,
            "marks_on_non_school_days": self.marks_on_non_school_days,
            "is_complete": self.is_complete,
            "attendance_rate": self.attendance_rate,
            "absence_rate": self.absence_rate,
            "authorised_absence_rate": self.authorised_absence_rate,
            "unauthorised_absence_rate": self.unauthorised_absence_rate,
            "persistent_absence": self.persistent_absence,
            "severe_absence": self.severe_absence,
            "citations": {
                "persistent_absence": PERSISTENT_ABSENCE_CITATION,
                "severe_absence": SEVERE_ABSENCE_CITATION,
            },
        }


def _summary(
    pupil_id: str | None,
    start: date,
    end: date,
    counts: Sequence[int],
    *,
    pupils: int = 1,
    by_code: Mapping[str, int],
    unknown_tokens: Mapping[str, int],
    not_in_force_codes: Mapping[str, int],
    unmarked: int | None,
    off_days: int | None,
) -> AttendanceSummary:
    return AttendanceSummary(
        pupil_id=pupil_id,
        start=start,
        end=end,
        pupils=pupils,
        present=counts[_I_PRESENT],
        approved_activity=counts[_I_APPROVED],
        authorised_absence=counts[_I_AUTH],
        unauthorised_absence=counts[_I_UNAUTH],
        not_possible=counts[_I_NOT_POSSIBLE],
        no_mark=counts[_I_NO_MARK],
        unknown=counts[_I_UNKNOWN],
        not_in_force=counts[_I_NIF],
        by_code=by_code,
        unknown_tokens=unknown_tokens,
        not_in_force_codes=not_in_force_codes,
        unmarked_school_sessions=unmarked,
        marks_on_non_school_days=off_days,
    )


def _summarise_one(
    record: AttendanceRecord,
    start: date,
    end: date,
    segments: tuple[_Segment, ...],
    masks: tuple[int, int] | None,
) -> AttendanceSummary:
    counts = [0] * 8
    by_code: Counter[str] = Counter()
    nif_codes: Counter[str] = Counter()
    tokens: Counter[str] = Counter()
    whole, first = _slice(record, start, end)
    for seg in segments:
        text = whole if len(segments) == 1 else whole[seg.lo : seg.hi]
        found = _count(text, seg.table)
        for i, n in enumerate(found):
            counts[i] += n
        if found[_I_UNKNOWN]:
            question_marks = text.count("?")
            stray = found[_I_UNKNOWN] - question_marks
            _unknown_tokens(record, text, first + seg.lo, question_marks, stray, tokens)
        _by_code(text, seg.table, by_code, nif_codes)
    unmarked, off_days = (None, None) if masks is None else _masks(whole, masks)
    return _summary(
        record.pupil_id,
        start,
        end,
        counts,
        by_code=by_code,
        unknown_tokens=tokens,
        not_in_force_codes=nif_codes,
        unmarked=unmarked,
        off_days=off_days,
    )


@checked
def summarise(
    record: AttendanceRecord,
    start: date,
    end: date,
    *,
    calendar: SchoolCalendar | None = None,
) -> AttendanceSummary:
    r"""One pupil's counts, rates and flags for the calendar days ``start`` to ``end`` inclusive.

    Each mark is read under the code set in force on its date (a range spanning 19 August 2024
    is split there). Raises :class:`~cme_core.errors.InvalidArgument` for wrong types,
    :class:`~cme_core.errors.InvalidDate` if ``end`` is before ``start`` or ``start`` is before
    1 September 2006 (no code set), and :class:`~cme_core.calendars.CalendarRangeError` if a
    ``calendar`` is given that does not cover the whole range.

    >>> import datetime as dt
    >>> from cme_core.registers import AttendanceRecord
    >>> # 18 Aug 2024 is read with the 2006 codes, 19 Aug with the 2024 codes (no H any more).
    >>> r = AttendanceRecord.from_codes("P1", dt.date(2024, 8, 18), "HHHH")
    >>> s = summarise(r, dt.date(2024, 8, 18), dt.date(2024, 8, 19))
    >>> s.authorised_absence, s.no_mark, s.not_in_force, dict(s.not_in_force_codes)
    (2, 0, 2, {'H': 2})
    >>> s.is_complete
    False
    """
    record = _record(record)
    a, b = _range(start, end)
    masks = _calendar_masks(a, b, None if calendar is None else _calendar(calendar))
    return _summarise_one(record, a, b, _segments(a, b), masks)


@checked
def summarise_each(
    records: Iterable[AttendanceRecord],
    start: date,
    end: date,
    *,
    calendar: SchoolCalendar | None = None,
) -> Iterator[AttendanceSummary]:
    """:func:`summarise` for each record, lazily (the code tables and calendar masks are built
    once). The arguments are checked before the first summary; each record as it is reached.

    >>> import datetime as dt
    >>> from cme_core.registers import AttendanceRecord
    >>> rs = [AttendanceRecord.from_codes(p, dt.date(2024, 9, 2), c)
    ...       for p, c in (("A", "/\\\\"), ("B", "NN"))]
    >>> [s.attendance_rate for s in summarise_each(rs, dt.date(2024, 9, 2), dt.date(2024, 9, 2))]
    [1.0, 0.0]
    """
    a, b = _range(start, end)
    masks = _calendar_masks(a, b, None if calendar is None else _calendar(calendar))
    return _each(records, a, b, _segments(a, b), masks)


def _each(
    records: Iterable[AttendanceRecord],
    a: date,
    b: date,
    segments: tuple[_Segment, ...],
    masks: tuple[int, int] | None,
) -> Iterator[AttendanceSummary]:
    for i, record in enumerate(records):
        yield _summarise_one(_record(record, f"records[{i}]"), a, b, segments, masks)


def _ids(value: object) -> tuple[str, ...]:
    return tuple_of(str, "pupil_ids (str)", value)


def _calendar_counts(
    a: AttendanceSummary, b: AttendanceSummary, a_pupils: int, b_pupils: int
) -> tuple[int | None, int | None]:
    """The merged calendar counts. A side with no records adds nothing (counted with a
    calendar, it adds only zeros); otherwise both sides must have been counted the same way."""
    x, y = a.unmarked_school_sessions, b.unmarked_school_sessions
    if x is None and not a_pupils:
        return y, b.marks_on_non_school_days
    if y is None and not b_pupils:
        return x, a.marks_on_non_school_days
    if x is None and y is None:
        return None, None
    if x is not None and y is not None:
        return x + y, (a.marks_on_non_school_days or 0) + (b.marks_on_non_school_days or 0)
    if not (a_pupils if x is not None else b_pupils):
        return None, None  # zeros counted with a calendar, and records counted without one
    raise InvalidInput("cannot merge a summary counted with a calendar and one counted without")


def _add_counts(a: Mapping[str, int], b: Mapping[str, int]) -> Counter[str]:
    out: Counter[str] = Counter(a)
    out.update(b)
    return out


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class AttendanceGroupSummary:
    """A school's (or any group's, up to a whole LA's) attendance over a date range.

    ``totals`` sums every record's sessions (``pupil_id`` None, ``totals.pupils`` the number
    of records). Each record counts as one enrolment, as in DfE statistics (a pupil with two
    records counts twice). ``persistent_absentees`` and ``severe_absentees`` are the pupil_ids
    flagged (a severe absentee is also persistent), in the order given;
    ``without_possible_sessions`` those with no possible session in the range (no rate, never
    flagged); ``with_unknown_marks`` those with unknown or not-in-force marks in the range
    (their counts leave those sessions out).

    **Merging.** Summaries of the same range merge with :meth:`merge` or ``+``: counts add up
    and the pupil_id lists are joined in order, so summarising a list of records in chunks and
    merging the chunks' summaries in order gives exactly the summary of the whole list (in
    another order, the same up to the order of the pupil_ids). Merging is associative, and
    :meth:`empty` is its identity. Summaries of different ranges, or one counted with a
    calendar and one without, do not merge (:class:`~cme_core.errors.InvalidInput`).

    >>> import datetime as dt
    >>> from cme_core.registers import AttendanceRecord
    >>> start, end = dt.date(2024, 9, 2), dt.date(2024, 9, 3)
    >>> rs = [AttendanceRecord.from_codes(p, start, "/\\\\/" + c) for p, c in
    ...       (("A", "\\\\"), ("B", "NN"), ("C", "GG"))]
    >>> whole = summarise_many(rs, start, end)
    >>> parts = summarise_many(rs[:1], start, end) + summarise_many(rs[1:], start, end)
    >>> parts == whole, whole.totals.sessions, whole.persistent_absentees
    (True, 12, ('B', 'C'))
    >>> AttendanceGroupSummary.empty(start, end) + whole == whole
    True
    """

    start: date = attrs.field(validator=date_field)
    end: date = attrs.field(validator=date_field)
    pupils: int = attrs.field(validator=_non_negative)
    totals: AttendanceSummary = attrs.field(
        validator=instance_of(AttendanceSummary, "an AttendanceSummary")
    )
    persistent_absentees: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    severe_absentees: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    without_possible_sessions: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    with_unknown_marks: tuple[str, ...] = attrs.field(default=(), converter=_ids)

    def __attrs_post_init__(self) -> None:
        totals = self.totals
        if (totals.start, totals.end) != (self.start, self.end):
            raise InvalidInput("totals must cover the group's range")
        if totals.pupil_id is not None or totals.pupils != self.pupils:
            raise InvalidInput("totals must sum the group's records (no pupil_id, same pupils)")

    @classmethod
    def empty(cls, start: date, end: date) -> AttendanceGroupSummary:
        """The summary of no records over ``start`` to ``end``: the identity of
        :meth:`merge` for that range (``empty(a, b) + g == g + empty(a, b) == g``).

        >>> import datetime as dt
        >>> e = AttendanceGroupSummary.empty(dt.date(2024, 9, 2), dt.date(2024, 9, 6))
        >>> e.pupils, e.totals.sessions, e.persistent_absence_rate
        (0, 0, None)
        """
        a, b = _range(start, end)
        return cls(
            start=a,
            end=b,
            pupils=0,
            totals=AttendanceSummary(pupil_id=None, start=a, end=b, pupils=0),
        )

    def merge(self, *others: AttendanceGroupSummary) -> AttendanceGroupSummary:
        """This summary merged with ``others``, in order (see the class docstring): the
        summary of all their records, as if summarised together in that order."""
        merged = self
        for other in others:
            merged = merged._merge_one(other)
        return merged

    def _merge_one(self, other: object) -> AttendanceGroupSummary:
        if not isinstance(other, AttendanceGroupSummary):
            raise InvalidArgument(
                f"can only merge an AttendanceGroupSummary, got {type(other).__name__}"
            )
        if (self.start, self.end) != (other.start, other.end):
            raise InvalidInput(
                f"cannot merge summaries of different ranges ({self.start.isoformat()} to "
                f"{self.end.isoformat()}, {other.start.isoformat()} to {other.end.isoformat()})"
            )
        a, b = self.totals, other.totals
        unmarked, off_days = _calendar_counts(a, b, self.pupils, other.pupils)
        pupils = self.pupils + other.pupils
        totals = AttendanceSummary(
            pupil_id=None,
            start=self.start,
            end=self.end,
            pupils=pupils,
            by_code=_add_counts(a.by_code, b.by_code),
            unknown_tokens=_add_counts(a.unknown_tokens, b.unknown_tokens),
            not_in_force_codes=_add_counts(a.not_in_force_codes, b.not_in_force_codes),
            unmarked_school_sessions=unmarked,
            marks_on_non_school_days=off_days,
            **{name: getattr(a, name) + getattr(b, name) for name in BUCKETS},
        )
        return AttendanceGroupSummary(
            start=self.start,
            end=self.end,
            pupils=pupils,
            totals=totals,
            persistent_absentees=self.persistent_absentees + other.persistent_absentees,
            severe_absentees=self.severe_absentees + other.severe_absentees,
            without_possible_sessions=self.without_possible_sessions
            + other.without_possible_sessions,
            with_unknown_marks=self.with_unknown_marks + other.with_unknown_marks,
        )

    def __add__(self, other: object) -> AttendanceGroupSummary:
        """``self.merge(other)``; another type gives ``NotImplemented``."""
        if not isinstance(other, AttendanceGroupSummary):
            return NotImplemented
        return self._merge_one(other)

    @property
    def pupils_with_possible_sessions(self) -> int:
        """Pupils (records) with at least one possible session in the range."""
        return self.pupils - len(self.without_possible_sessions)

    @property
    def persistent_absence_rate(self) -> float | None:
        """Persistent absentees / pupils with possible sessions (``None`` if there are none)."""
        return _ratio(len(self.persistent_absentees), self.pupils_with_possible_sessions)

    @property
    def severe_absence_rate(self) -> float | None:
        """Severe absentees / pupils with possible sessions (``None`` if there are none)."""
        return _ratio(len(self.severe_absentees), self.pupils_with_possible_sessions)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (dates as ISO strings)."""
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "pupils": self.pupils,
            "pupils_with_possible_sessions": self.pupils_with_possible_sessions,
            "totals": self.totals.to_dict(),
            "persistent_absentees": list(self.persistent_absentees),
            "severe_absentees": list(self.severe_absentees),
            "without_possible_sessions": list(self.without_possible_sessions),
            "with_unknown_marks": list(self.with_unknown_marks),
            "persistent_absence_rate": self.persistent_absence_rate,
            "severe_absence_rate": self.severe_absence_rate,
        }


_CHUNK = 2048
"""Slices joined per chunk for the per-code totals (bounded memory: about 1.4 MB a chunk)."""


@checked
def summarise_many(
    records: Iterable[AttendanceRecord],
    start: date,
    end: date,
    *,
    calendar: SchoolCalendar | None = None,
) -> AttendanceGroupSummary:
    """Summarise many pupils at once (a school, or a whole LA) for ``start`` to ``end``.

    The counts equal the sum of :func:`summarise` over the records, but no per-pupil summary is
    built: each record is sliced once per code set, translated and counted with ``str``
    methods, and only the flagged pupil_ids are kept. Memory beyond the records is bounded (one
    chunk of slices at a time). Errors as :func:`summarise`; a non-record raises
    :class:`~cme_core.errors.InvalidArgument` naming its position.

    >>> import datetime as dt
    >>> from cme_core.registers import AttendanceRecord
    >>> rs = [AttendanceRecord.from_codes("A", dt.date(2024, 9, 2), "/\\\\" * 5),
    ...       AttendanceRecord.from_codes("B", dt.date(2024, 9, 2), "/\\\\" * 4 + "GG"),
    ...       AttendanceRecord.from_codes("C", dt.date(2024, 9, 2), "XX" * 5)]
    >>> g = summarise_many(rs, dt.date(2024, 9, 2), dt.date(2024, 9, 6))
    >>> g.pupils, g.totals.possible_sessions, g.persistent_absentees, g.without_possible_sessions
    (3, 20, ('B',), ('C',))
    >>> g.persistent_absence_rate
    0.5
    """
    a, b = _range(start, end)
    masks = _calendar_masks(a, b, None if calendar is None else _calendar(calendar))
    segments = _segments(a, b)
    split = len(segments) > 1
    # The eight bucket totals, in the order of the _I_* positions.
    t_p = t_ap = t_au = t_un = t_np = t_nm = t_unk = t_nif = 0
    tokens: Counter[str] = Counter()
    by_code: Counter[str] = Counter()
    nif_codes: Counter[str] = Counter()
    pending: list[list[str]] = [[] for _ in segments]
    persistent: list[str] = []
    severe: list[str] = []
    none_possible: list[str] = []
    incomplete: list[str] = []
    unmarked = off_days = 0
    pupils = 0
    p_num, p_den = PERSISTENT_ABSENCE_THRESHOLD.numerator, PERSISTENT_ABSENCE_THRESHOLD.denominator
    s_num, s_den = SEVERE_ABSENCE_THRESHOLD.numerator, SEVERE_ABSENCE_THRESHOLD.denominator
    for record in records:
        if not isinstance(record, AttendanceRecord):
            raise InvalidArgument(
                f"records[{pupils}] must be an AttendanceRecord, got {type(record).__name__}"
            )
        pupils += 1
        whole, first = _slice(record, a, b)
        present = approved = absent = unknown = 0
        for k, seg in enumerate(segments):
            text = whole[seg.lo : seg.hi] if split else whole
            p, ap, au, un, np_, nm, unk, nif = _count(text, seg.table)
            t_p += p
            t_ap += ap
            t_au += au
            t_un += un
            t_np += np_
            t_nm += nm
            t_unk += unk
            t_nif += nif
            present += p
            approved += ap
            absent += au + un
            unknown += unk + nif
            if unk:
                question_marks = text.count("?")
                stray = unk - question_marks
                _unknown_tokens(record, text, first + seg.lo, question_marks, stray, tokens)
            chunk = pending[k]
            chunk.append(text)
            if len(chunk) >= _CHUNK:
                _by_code("".join(chunk), seg.table, by_code, nif_codes)
                chunk.clear()
        if masks is not None:
            m, o = _masks(whole, masks)
            unmarked += m
            off_days += o
        possible = absent + present + approved
        if unknown:
            incomplete.append(record.pupil_id)
        if not possible:
            none_possible.append(record.pupil_id)
        elif absent * p_den >= p_num * possible:
            persistent.append(record.pupil_id)
            if absent * s_den >= s_num * possible:
                severe.append(record.pupil_id)
    for seg, chunk in zip(segments, pending, strict=True):
        if chunk:
            _by_code("".join(chunk), seg.table, by_code, nif_codes)
    return AttendanceGroupSummary(
        start=a,
        end=b,
        pupils=pupils,
        totals=_summary(
            None,
            a,
            b,
            (t_p, t_ap, t_au, t_un, t_np, t_nm, t_unk, t_nif),
            pupils=pupils,
            by_code=by_code,
            unknown_tokens=tokens,
            not_in_force_codes=nif_codes,
            unmarked=None if masks is None else unmarked,
            off_days=None if masks is None else off_days,
        ),
        persistent_absentees=tuple(persistent),
        severe_absentees=tuple(severe),
        without_possible_sessions=tuple(none_possible),
        with_unknown_marks=tuple(incomplete),
    )


# ---------------------------------------------------------------------------------------------
# Runs in school days
# ---------------------------------------------------------------------------------------------


def _judging_day(calendar: SchoolCalendar, on: object) -> date:
    day = _date(on, "on")
    _covered(calendar, day, "on")
    return day


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class TenDayRun:
    """The current run of absence recorded only with G, N, O or U, for the attendance return.

    ``run`` ends at the last school day on or before ``on`` (empty if that day breaks it); it
    stopped at ``run.stopped_on`` because of a breaking mark (``DayKind.BREAKS``) or a school
    day with no usable mark (``DayKind.GAP``: evidence missing, so the true run may be
    longer). ``citation`` is the regime in force on ``on``.
    """

    pupil_id: str
    on: date
    run: AbsenceRun
    citation: str
    threshold: int = ATTENDANCE_RETURN_SCHOOL_DAYS

    @property
    def length(self) -> int:
        """School days in the run."""
        return self.run.length

    @property
    def reached(self) -> bool:
        """At least ten school days (the condition of 2024 reg 13(7)(b) / 2006 reg 12(1)(b))."""
        return self.run.length >= self.threshold

    @property
    def reached_on(self) -> date | None:
        """The tenth school day of the run, if it is that long."""
        return self.run.nth_day(self.threshold)

    @property
    def evidence_gap(self) -> bool:
        """True if the run stopped at a school day with no usable mark."""
        return self.run.stopped_by is DayKind.GAP

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (dates as ISO strings)."""
        return {
            "pupil_id": self.pupil_id,
            "on": self.on.isoformat(),
            "length": self.length,
            "days": [d.isoformat() for d in self.run.days],
            "reached": self.reached,
            "reached_on": iso(self.reached_on),
            "stopped_on": iso(self.run.stopped_on),
            "stopped_by": None if self.run.stopped_by is None else self.run.stopped_by.value,
            "threshold": self.threshold,
            "citation": self.citation,
        }


def _return_citation(on: date) -> str:
    if on >= REGIME_2024_START:
        return ATTENDANCE_RETURN_CITATION_2024
    return ATTENDANCE_RETURN_CITATION_2006


@checked
def attendance_return_run(
    record: AttendanceRecord, calendar: SchoolCalendar, on: date
) -> TenDayRun:
    """The run of school days, ending at the last school day on or before ``on``, on which the
    pupil's absence is recorded only with G, N, O or U (2024 reg 13(7)(b); 2006 reg 12(1)(b)).

    Reuses :func:`cme_core.law.counting.absence_run` with ``RunRule.RETURN_10_DAY``: each mark
    is read under the code set in force on its date; a day breaks the run if any of its marks
    is another code (one authorised mark is enough); ``Y4`` and ``#`` days neither break nor
    extend it; unknown codes and unmarked school days stop it as evidence gaps.

    >>> import datetime as dt
    >>> from cme_core.registers import AttendanceRecord
    >>> cal = SchoolCalendar.typical_english(2024, 2024)
    >>> # Mon 2 Sep present, then N from Tue 3 Sep (weekends unmarked: not school days).
    >>> week = "NNNNNNNNNN----"
    >>> r = AttendanceRecord.from_codes("P1", dt.date(2024, 9, 2), "/\\\\" + "NN" * 4 + "----"
    ...                                 + week + week)
    >>> t = attendance_return_run(r, cal, dt.date(2024, 9, 16))
    >>> t.length, t.reached, t.reached_on
    (10, True, datetime.date(2024, 9, 16))
    """
    record = _record(record)
    calendar = _calendar(calendar)
    day = _judging_day(calendar, on)
    run = absence_run(record, calendar, day, RunRule.RETURN_10_DAY)
    return TenDayRun(pupil_id=record.pupil_id, on=day, run=run, citation=_return_citation(day))


@checked
def longest_attendance_return_run(
    record: AttendanceRecord, calendar: SchoolCalendar, start: date, end: date
) -> AbsenceRun:
    """The longest run of school days from ``start`` to ``end`` (inclusive) recorded only with
    G, N, O or U (the earliest, if several are equally long), classified day by day with
    :func:`cme_core.law.counting.day_kind` (``RunRule.RETURN_10_DAY``).

    ``stopped_on``/``stopped_by`` say what ended it (a breaking mark or a gap in the evidence),
    or are ``None`` if it ran to ``end``. Both ends must be covered by the calendar.

    >>> import datetime as dt
    >>> from cme_core.registers import AttendanceRecord
    >>> cal = SchoolCalendar.typical_english(2024, 2024)
    >>> r = AttendanceRecord.from_codes("P1", dt.date(2024, 9, 2), "GGGG/\\\\OOUU")
    >>> run = longest_attendance_return_run(r, cal, dt.date(2024, 9, 2), dt.date(2024, 9, 6))
    >>> run.length, run.days[0], run.stopped_on, run.stopped_by.value
    (2, datetime.date(2024, 9, 2), datetime.date(2024, 9, 4), 'breaks')
    """
    record = _record(record)
    calendar = _calendar(calendar)
    a, b = _range(start, end)
    _covered(calendar, a, "start")
    _covered(calendar, b, "end")
    best: AbsenceRun = AbsenceRun(days=())
    current: list[date] = []
    for day in calendar.school_days(a, b):
        kind = _day_kind(record, day, RunRule.RETURN_10_DAY)
        if kind is DayKind.CONTINUES:
            current.append(day)
        elif kind is DayKind.BREAKS or kind is DayKind.GAP:
            if len(current) > best.length:
                best = AbsenceRun(days=tuple(current), stopped_on=day, stopped_by=kind)
            current = []
    if len(current) > best.length:
        best = AbsenceRun(days=tuple(current))
    return best


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class NMarkDeadline:
    """A session still recorded with code N, and the last day to amend it (2024 reg 10(7)).

    ``resolve_by`` is ``calendar.add_school_days(day, 5)``: the five school days are counted
    from the session's date, the day the N was entered (the Regulations say "within five
    school days" without saying when the count starts; the day of the session is not counted).
    The N is overdue from the day after ``resolve_by``. ``resolve_by`` is ``None`` when the
    calendar does not reach it; ``overdue`` is then ``False`` (the judging day, which the
    calendar covers, is before it), or ``None`` if the session's date itself is not covered.
    """

    pupil_id: str
    day: date
    session: int
    resolve_by: date | None
    overdue: bool | None
    citation: str = N_RESOLUTION_CITATION

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (dates as ISO strings; the session as ``"AM"`` or ``"PM"``)."""
        return {
            "pupil_id": self.pupil_id,
            "day": self.day.isoformat(),
            "session": "AM" if self.session == AM else "PM",
            "resolve_by": iso(self.resolve_by),
            "overdue": self.overdue,
            "citation": self.citation,
        }


@checked
def n_mark_deadlines(
    record: AttendanceRecord, calendar: SchoolCalendar, on: date
) -> tuple[NMarkDeadline, ...]:
    """Every session on or before ``on`` still marked N under the 2024 rules, with its deadline.

    Only sessions from 19 August 2024 are listed (reg 10(7) is a 2024 rule; the 2006
    Regulations set no day count for N). ``on`` must be covered by the calendar.

    >>> import datetime as dt
    >>> from cme_core.registers import AttendanceRecord
    >>> cal = SchoolCalendar.typical_english(2024, 2024)
    >>> r = AttendanceRecord.from_codes("P1", dt.date(2024, 9, 2), "N\\\\")
    >>> (d,) = n_mark_deadlines(r, cal, dt.date(2024, 9, 9))
    >>> d.day, d.resolve_by, d.overdue
    (datetime.date(2024, 9, 2), datetime.date(2024, 9, 9), False)
    >>> [d.overdue for d in n_mark_deadlines(r, cal, dt.date(2024, 9, 10))]
    [True]
    """
    record = _record(record)
    calendar = _calendar(calendar)
    day = _judging_day(calendar, on)
    marks = record.marks
    first = record.first_day
    lo = max(0, 2 * (REGIME_2024_START - first).days)
    hi = min(len(marks), 2 * (day - first).days + 2)
    found: list[NMarkDeadline] = []
    i = marks.find("N", lo, hi) if lo < hi else -1
    while i >= 0:
        when = first + timedelta(days=i // 2)
        resolve_by: date | None
        overdue: bool | None
        if not calendar.covers(when):
            resolve_by, overdue = None, None
        else:
            try:
                resolve_by = calendar.add_school_days(when, N_RESOLUTION_SCHOOL_DAYS)
            except CalendarRangeError:
                resolve_by, overdue = None, False
            else:
                overdue = day > resolve_by
        found.append(
            NMarkDeadline(
                pupil_id=record.pupil_id,
                day=when,
                session=i % 2,
                resolve_by=resolve_by,
                overdue=overdue,
            )
        )
        i = marks.find("N", i + 1, hi)
    return tuple(found)


@checked
def overdue_n_marks(
    record: AttendanceRecord, calendar: SchoolCalendar, on: date
) -> tuple[NMarkDeadline, ...]:
    """The N sessions not amended within five school days, judged on ``on`` (reg 10(7))."""
    return tuple(d for d in n_mark_deadlines(record, calendar, on) if d.overdue)


class LeaveReturnStatus(enum.Enum):
    """Whether a pupil came back within ten school days after leave of absence ended."""

    RETURNED = "returned"
    """Attended (present or approved activity) on one of the ten school days."""
    NOT_BACK = "not_back"
    """All ten school days have passed, every one marked, with no attendance."""
    PENDING = "pending"
    """No attendance yet, and fewer than ten school days have passed."""
    UNKNOWN = "unknown"
    """The ten days have passed with no attendance seen, but some have no usable mark."""


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class LeaveReturn:
    """The ten school days immediately after leave ended, and whether the pupil attended.

    A condition of the no-return-after-leave ground (2024 reg 9(1)(h); 2006 reg 8(1)(f)), not
    the ground itself: the judgments and enquiries it also needs are assessed by
    :mod:`cme_core.law`.
    """

    pupil_id: str
    leave: LeaveOfAbsence
    on: date
    window: tuple[date, ...]
    """The (up to) ten school days after ``leave.last_day`` (fewer if the calendar ends)."""
    returned_on: date | None
    missing_marks: tuple[date, ...]
    """Days of the window up to ``on`` with no usable mark."""
    status: LeaveReturnStatus
    citation: str

    @property
    def tenth_day(self) -> date | None:
        """The tenth school day after the leave ended (``None`` if the calendar ends first)."""
        return self.window[LEAVE_RETURN_SCHOOL_DAYS - 1] if len(self.window) >= 10 else None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (dates as ISO strings)."""
        return {
            "pupil_id": self.pupil_id,
            "leave_first_day": self.leave.first_day.isoformat(),
            "leave_last_day": self.leave.last_day.isoformat(),
            "on": self.on.isoformat(),
            "tenth_day": iso(self.tenth_day),
            "returned_on": iso(self.returned_on),
            "missing_marks": [d.isoformat() for d in self.missing_marks],
            "status": self.status.value,
            "citation": self.citation,
        }


def _leave(value: object) -> LeaveOfAbsence:
    if not isinstance(value, LeaveOfAbsence):
        raise InvalidArgument(f"leave must be a LeaveOfAbsence, got {type(value).__name__}")
    return value


@checked
def leave_return(
    record: AttendanceRecord, calendar: SchoolCalendar, leave: LeaveOfAbsence, on: date
) -> LeaveReturn:
    """Did the pupil attend within the ten school days immediately after ``leave`` ended?

    The window is the ten school days after ``leave.last_day`` (reused:
    :func:`cme_core.law.counting.attended_between` finds the first day attended). Judged on
    ``on`` (covered by the calendar); ``leave.last_day`` must be covered too.

    >>> import datetime as dt
    >>> from cme_core.registers import AttendanceRecord
    >>> from cme_core.law.facts import LeaveOfAbsence
    >>> cal = SchoolCalendar.typical_english(2024, 2024)
    >>> leave = LeaveOfAbsence(first_day=dt.date(2024, 9, 2), last_day=dt.date(2024, 9, 6))
    >>> r = AttendanceRecord.from_codes("P1", dt.date(2024, 9, 9), ("OO" * 5 + "----") * 2)
    >>> lr = leave_return(r, cal, leave, dt.date(2024, 9, 20))
    >>> lr.status.value, lr.tenth_day
    ('not_back', datetime.date(2024, 9, 20))
    """
    record = _record(record)
    calendar = _calendar(calendar)
    leave = _leave(leave)
    day = _judging_day(calendar, on)
    _covered(calendar, leave.last_day, "leave.last_day")
    window: tuple[date, ...] = ()
    if leave.last_day < calendar.last_school_day:
        window = calendar.school_days(calendar.next_school_day(leave.last_day), calendar.end)[
            :LEAVE_RETURN_SCHOOL_DAYS
        ]
    passed = tuple(d for d in window if d <= day)
    returned_on, missing = attended_between(record, passed)
    if returned_on is not None:
        status = LeaveReturnStatus.RETURNED
        missing = tuple(d for d in missing if d < returned_on)
    elif len(passed) < LEAVE_RETURN_SCHOOL_DAYS:
        status = LeaveReturnStatus.PENDING
    elif missing:
        status = LeaveReturnStatus.UNKNOWN
    else:
        status = LeaveReturnStatus.NOT_BACK
    citation = (
        LEAVE_RETURN_CITATION_2024 if day >= REGIME_2024_START else LEAVE_RETURN_CITATION_2006
    )
    return LeaveReturn(
        pupil_id=record.pupil_id,
        leave=leave,
        on=day,
        window=window,
        returned_on=returned_on,
        missing_marks=missing,
        status=status,
        citation=citation,
    )


@checked
def leave_returns(
    records: Iterable[AttendanceRecord],
    leaves: Mapping[str, Iterable[LeaveOfAbsence]],
    calendar: SchoolCalendar,
    on: date,
) -> tuple[LeaveReturn, ...]:
    """:func:`leave_return` for every leave (keyed by pupil_id) that ended before ``on``.

    Records are taken in order, each pupil's leaves in the order given. A pupil_id in
    ``leaves`` with no record is checked against no marks (so UNKNOWN or PENDING, never
    NOT_BACK: missing evidence is not evidence of absence), after the records.
    """
    calendar = _calendar(calendar)
    day = _judging_day(calendar, on)
    if not isinstance(leaves, Mapping):
        raise InvalidArgument(
            f"leaves must be a mapping of pupil_id to leaves, got {type(leaves).__name__}"
        )
    out: list[LeaveReturn] = []
    seen: set[str] = set()

    def check(record: AttendanceRecord, items: Iterable[LeaveOfAbsence]) -> None:
        for leave in items:
            if _leave(leave).last_day < day:
                out.append(leave_return(record, calendar, leave, day))

    for i, record in enumerate(records):
        record = _record(record, f"records[{i}]")
        seen.add(record.pupil_id)
        if record.pupil_id in leaves:
            check(record, leaves[record.pupil_id])
    for pupil_id, items in leaves.items():
        if pupil_id not in seen:
            check(AttendanceRecord(pupil_id=pupil_id, first_day=day), items)
    return tuple(out)


@checked
def pupils_not_back_after_leave(
    records: Iterable[AttendanceRecord],
    leaves: Mapping[str, Iterable[LeaveOfAbsence]],
    calendar: SchoolCalendar,
    on: date,
) -> tuple[LeaveReturn, ...]:
    """The leaves after which the pupil did not attend within ten school days (NOT_BACK)."""
    return tuple(
        r
        for r in leave_returns(records, leaves, calendar, on)
        if r.status is LeaveReturnStatus.NOT_BACK
    )


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class SicknessAbsence:
    """Sickness recorded with code I, against the 15-school-day tests of the sickness return.

    A *sick day* is a school day on which every marked session is ``I`` (cancelled sessions,
    ``Y4``/``#``, ignored); a day with one ``I`` session and one attended is not a sick day, and
    ends a consecutive run, but its ``I`` session is counted in ``sessions_in_school_year``
    (our reading of "school days ... unable to attend because of sickness": unverified).
    ``current_run`` is the consecutive run ending at the last school day on or before ``on``
    (it may reach back into the previous school year); ``days_in_school_year`` the sick days
    from the first day of the school year to ``on``.

    The duty (2024 reg 13(9)) turns on the school's *reasonable grounds to believe* the pupil
    will reach 15 days, so a return may be due before either count reaches 15: the projected
    dates say when 15 would be reached if the current run continues (``None`` if there is no
    current run, 15 is already reached, or the calendar or school year ends first).
    ``return_in_force`` is False before 19 August 2024 (no such return under the 2006
    Regulations).
    """

    pupil_id: str
    on: date
    school_year_start: date
    current_run: AbsenceRun
    days_in_school_year: tuple[date, ...]
    sessions_in_school_year: int
    consecutive_reached_on: date | None
    total_reached_on: date | None
    projected_consecutive_on: date | None
    projected_total_on: date | None
    return_in_force: bool
    threshold: int = SICKNESS_RETURN_SCHOOL_DAYS
    citation: str = SICKNESS_RETURN_CITATION

    @property
    def consecutive_days(self) -> int:
        """Sick days in the current consecutive run."""
        return self.current_run.length

    @property
    def total_days(self) -> int:
        """Sick days in the school year up to ``on``."""
        return len(self.days_in_school_year)

    @property
    def consecutive_reached(self) -> bool:
        """The consecutive run has reached the threshold (15 school days)."""
        return self.consecutive_days >= self.threshold

    @property
    def total_reached(self) -> bool:
        """The school year's sick days have reached the threshold (15)."""
        return self.total_days >= self.threshold

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (dates as ISO strings)."""
        return {
            "pupil_id": self.pupil_id,
            "on": self.on.isoformat(),
            "school_year_start": self.school_year_start.isoformat(),
            "consecutive_days": self.consecutive_days,
            "total_days": self.total_days,
            "sessions_in_school_year": self.sessions_in_school_year,
            "consecutive_reached": self.consecutive_reached,
            "total_reached": self.total_reached,
            "consecutive_reached_on": iso(self.consecutive_reached_on),
            "total_reached_on": iso(self.total_reached_on),
            "projected_consecutive_on": iso(self.projected_consecutive_on),
            "projected_total_on": iso(self.projected_total_on),
            "return_in_force": self.return_in_force,
            "threshold": self.threshold,
            "citation": self.citation,
        }


def _sick_day(record: AttendanceRecord, day: date) -> tuple[DayKind, int]:
    """How a school day reads for sickness, and how many of its sessions are ``I``."""
    marks = [m for m in (record.mark(day, AM), record.mark(day, PM)) if m is not None]
    if not marks:
        return DayKind.GAP, 0
    code_set = code_set_for(day)
    sick = 0
    neutral = 0
    for mark in marks:
        code = code_set.get(mark)
        if code is None:
            return DayKind.GAP, sum(m == "I" for m in marks)
        if mark == "I":
            sick += 1
        elif code.twenty_day_run is RunEffect.NEUTRAL:
            neutral += 1
    if sick and sick + neutral == len(marks):
        return DayKind.CONTINUES, sick
    if neutral == len(marks):
        return DayKind.NEUTRAL, 0
    return DayKind.BREAKS, sick


def _add_or_none(calendar: SchoolCalendar, day: date, n: int) -> date | None:
    try:
        return calendar.add_school_days(day, n)
    except CmeError:
        return None


@checked
def sickness_absence(
    record: AttendanceRecord,
    calendar: SchoolCalendar,
    on: date,
    *,
    school_year_start: date | None = None,
) -> SicknessAbsence:
    """Consecutive and school-year totals of sick days (code I), judged on ``on``.

    The school year is the calendar's (:meth:`SchoolCalendar.school_year_containing`) unless
    ``school_year_start`` is given; a calendar without terms needs it
    (:class:`~cme_core.errors.InvalidDate` otherwise). See :class:`SicknessAbsence`.

    >>> import datetime as dt
    >>> from cme_core.registers import AttendanceRecord
    >>> cal = SchoolCalendar.typical_english(2024, 2024)
    >>> r = AttendanceRecord.from_codes("P1", dt.date(2024, 9, 2), ("II" * 5 + "----") * 2)
    >>> s = sickness_absence(r, cal, dt.date(2024, 9, 13))
    >>> s.consecutive_days, s.total_days, s.consecutive_reached, s.projected_consecutive_on
    (10, 10, False, datetime.date(2024, 9, 20))
    """
    record = _record(record)
    calendar = _calendar(calendar)
    day = _judging_day(calendar, on)
    year_end: date | None = None
    if school_year_start is None:
        year = calendar.school_year_containing(day)
        if year is None:
            raise InvalidDate(
                "the calendar has no school year containing the judging day: pass school_year_start"
            )
        year_start = year.first_day
        year_end = year.statutory_last_day or year.last_day
    else:
        year_start = _date(school_year_start, "school_year_start")
        _covered(calendar, year_start, "school_year_start")
        if year_start > day:
            raise InvalidDate("school_year_start must not be after the judging day")
    days = calendar.school_days(year_start, day)
    kinds = [_sick_day(record, d) for d in days]
    sick_days = tuple(d for d, (k, _) in zip(days, kinds, strict=True) if k is DayKind.CONTINUES)
    sessions = sum(n for _, n in kinds)
    # The consecutive run ending at the last school day on or before `on`.
    run: list[date] = []
    stopped_on: date | None = None
    stopped_by: DayKind | None = None
    position = len(days) - 1
    current: date | None = days[-1] if days else None
    while current is not None:
        if current < record.first_day:
            break
        kind = kinds[position][0] if position >= 0 else _sick_day(record, current)[0]
        if kind is DayKind.BREAKS or kind is DayKind.GAP:
            stopped_on, stopped_by = current, kind
            break
        if kind is DayKind.CONTINUES:
            run.append(current)
        position -= 1
        current = _add_or_none(calendar, current, -1)
    current_run = AbsenceRun(
        days=tuple(reversed(run)), stopped_on=stopped_on, stopped_by=stopped_by
    )
    n = SICKNESS_RETURN_SCHOOL_DAYS
    projected_run = projected_total = None
    if current_run.days:
        last = current_run.days[-1]
        if current_run.length < n:
            projected_run = _add_or_none(calendar, last, n - current_run.length)
        if len(sick_days) < n:
            projected_total = _add_or_none(calendar, last, n - len(sick_days))
            if projected_total is not None and year_end is not None and projected_total > year_end:
                projected_total = None
    return SicknessAbsence(
        pupil_id=record.pupil_id,
        on=day,
        school_year_start=year_start,
        current_run=current_run,
        days_in_school_year=sick_days,
        sessions_in_school_year=sessions,
        consecutive_reached_on=current_run.nth_day(n),
        total_reached_on=sick_days[n - 1] if len(sick_days) >= n else None,
        projected_consecutive_on=projected_run,
        projected_total_on=projected_total,
        return_in_force=day >= REGIME_2024_START,
    )
