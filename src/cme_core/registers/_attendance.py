"""The attendance register: sessions, compact marks and :class:`AttendanceRecord`.

Private: import from :mod:`cme_core.registers`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

import attrs

from cme_core import attendance_codes
from cme_core._checks import require_date
from cme_core._fields import checked, describe, extra_field, typed_fields
from cme_core.errors import InvalidArgument, InvalidDate, InvalidInput
from cme_core.problems import PathElement, Problem, ProblemType, Severity
from cme_core.registers._admission import AdmissionEntry
from cme_core.schools import School

# --- attendance: compact marks -------------------------------------------------------------

AM = 0
PM = 1
NO_MARK = "-"
"""The character for "no mark recorded / no session" in a marks string."""

_MULTI = {"C1": "a", "C2": "b", "J1": "j", **{f"Y{i}": str(i) for i in range(1, 8)}}
_ENCODE: dict[str, str] = dict(_MULTI)
_DECODE: dict[str, str] = {v: k for k, v in _MULTI.items()}
_SINGLE_CODES = frozenset("/\\LKVPWBDMSXCTRIQEGNOUZ#HJYF")

MARK_UNKNOWN = ProblemType(
    code="CME-ATT-101",
    severity=Severity.ERROR,
    title="Unknown attendance code",
    citation="SI 2006/1751 reg 6; SI 2024/208 reg 10",
)
MARK_OFF_ROLL = ProblemType(
    code="CME-ATT-102",
    severity=Severity.ERROR,
    title="Attendance mark for a day the pupil's name was not on the admission register",
)
MARK_IN_FUTURE = ProblemType(
    code="CME-ATT-103",
    severity=Severity.ERROR,
    title="Attendance mark dated after the date the register is judged on",
)
MARK_NOT_SCHOOL_DAY = ProblemType(
    code="CME-ATT-104Q",
    severity=Severity.QUERY,
    title="Please check: attendance mark on a day the school's calendar has no session",
)


@checked
def encode_marks(text: str) -> tuple[str, tuple[tuple[int, str], ...]]:
    """Turn a string of attendance codes into one character per session.

    Two-character codes (``C1``, ``C2``, ``J1``, ``Y1``-``Y7``) are read greedily (a letter
    ``C``, ``J`` or ``Y`` followed by a digit). ``-`` means no mark. Returns the compact string
    and the unknown tokens as (session index, token); unknown tokens are stored as ``?``.

    >>> encode_marks("//LNC1Y3-")
    ('//LNa3-', ())
    >>> encode_marks("/x")
    ('/?', ((1, 'x'),))
    """
    out: list[str] = []
    unknown: list[tuple[int, str]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in "CJY" and i + 1 < n and text[i + 1].isdigit():
            token = text[i : i + 2]
            i += 2
            code = _ENCODE.get(token)
            if code is None:
                unknown.append((len(out), token))
                out.append("?")
            else:
                out.append(code)
            continue
        i += 1
        if ch in _SINGLE_CODES or ch == NO_MARK:
            out.append(ch)
        else:
            unknown.append((len(out), ch))
            out.append("?")
    return "".join(out), tuple(unknown)


@checked
def decode_marks(compact: str) -> str:
    """The inverse of :func:`encode_marks` (for codes it knows).

    >>> decode_marks('//LNa3-')
    '//LNC1Y3-'
    """
    if not any(c in _DECODE for c in compact):
        return compact
    return "".join(_DECODE.get(c, c) for c in compact)


def decode_mark(char: str) -> str:
    """The attendance code for one compact character."""
    return _DECODE.get(char, char)


def _tuple_pairs(value: Iterable[tuple[int, str]]) -> tuple[tuple[int, str], ...]:
    return tuple((int(i), str(t)) for i, t in value)


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class AttendanceRecord:
    """One pupil's attendance marks: two sessions per calendar day from ``first_day``.

    ``marks`` holds one character per session: index ``2 * (day - first_day).days`` is the
    morning, the next the afternoon; ``-`` is no mark (no session held, or not recorded).
    Multi-character codes are stored as one character each (see :func:`encode_marks`); build
    records from readable codes with :meth:`from_codes`.

    >>> import datetime as dt
    >>> r = AttendanceRecord.from_codes("P1", dt.date(2024, 9, 2), "//NC1I")
    >>> r.mark(dt.date(2024, 9, 3), AM), r.mark(dt.date(2024, 9, 3), PM)
    ('N', 'C1')
    >>> r.codes
    '//NC1I'
    """

    pupil_id: str
    first_day: date
    marks: str = ""
    unknown: tuple[tuple[int, str], ...] = attrs.field(default=(), converter=_tuple_pairs)
    """Tokens that were not attendance codes, by session index (kept, never dropped)."""
    extra: Mapping[str, Any] = extra_field()

    @classmethod
    def from_codes(cls, pupil_id: str, first_day: date, codes: str) -> AttendanceRecord:
        """A record from readable codes (``"//LN C1"`` without spaces)."""
        if not isinstance(codes, str):
            raise InvalidArgument(f"codes must be a str of attendance codes, not {type(codes)}")
        if not isinstance(first_day, date):
            raise InvalidArgument(f"first_day must be a datetime.date, not {type(first_day)}")
        compact, unknown = encode_marks(codes)
        return cls(pupil_id=pupil_id, first_day=first_day, marks=compact, unknown=unknown)

    @property
    def codes(self) -> str:
        """The marks as readable codes (unknown tokens restored as given)."""
        if not self.unknown:
            return decode_marks(self.marks)
        replaced = dict(self.unknown)
        return "".join(replaced.get(i, decode_mark(c)) for i, c in enumerate(self.marks))

    @property
    def last_day(self) -> date:
        """The last calendar day the record covers (the first day when empty)."""
        return self.first_day + timedelta(days=max(len(self.marks) - 1, 0) // 2)

    def index(self, day: date, session: int) -> int:
        """The position in ``marks`` of the session (0: morning, 1: afternoon) of ``day``."""
        if type(day) is not date:  # checked inline, not by @checked: called once a session
            require_date(day, "day")
        if type(session) is not int:
            raise InvalidArgument(f"session must be an int, got {describe(session)}")
        return 2 * (day - self.first_day).days + session

    def mark(self, day: date, session: int) -> str | None:
        """The code recorded for a session, or ``None`` when there is no mark."""
        if session not in (AM, PM):
            if type(session) is not int:
                raise InvalidArgument(f"session must be an int, got {describe(session)}")
            raise InvalidInput("session must be AM (0) or PM (1)")
        i = self.index(day, session)
        if i < 0 or i >= len(self.marks):
            return None
        char = self.marks[i]
        if char == NO_MARK:
            return None
        return dict(self.unknown).get(i) if char == "?" else decode_mark(char)

    @checked
    def slice(self, start: date, end: date) -> str:
        """The compact marks for the days ``start`` to ``end`` inclusive (``-`` outside)."""
        if end < start:
            raise InvalidDate("end must not be before start")
        lo, hi = self.index(start, AM), self.index(end, PM) + 1
        inside = self.marks[max(lo, 0) : max(hi, 0)]
        pad_lo = NO_MARK * (min(hi, 0) - lo if lo < 0 else 0)
        return pad_lo + inside + NO_MARK * (hi - lo - len(pad_lo) - len(inside))

    def iter_marks(self) -> Iterator[tuple[date, int, str]]:
        """Every recorded mark as (day, session, code), in order."""
        unknown = dict(self.unknown)
        for i, char in enumerate(self.marks):
            if char != NO_MARK:
                code = unknown.get(i, "?") if char == "?" else decode_mark(char)
                yield self.first_day + timedelta(days=i // 2), i % 2, code

    @checked
    def problems(
        self,
        *,
        on: date,
        entry: AdmissionEntry | None = None,
        school: School | None = None,
        path: tuple[PathElement, ...] = (),
    ) -> tuple[Problem, ...]:
        """Every problem with these marks, judged on ``on``: unknown codes, codes not in force
        on their date, marks in the future, marks outside the pupil's time on roll, and (with
        a school calendar) marks on days the school did not meet."""
        found: list[Problem] = []
        for index, token in self.unknown:
            found.append(MARK_UNKNOWN.problem(path=(*path, "marks", index), values={"code": token}))
        calendar = school.calendar if school is not None else None
        spells = entry.roll_spells if entry is not None else None
        for day, session, code in self.iter_marks():
            where = (*path, "marks", self.index(day, session))
            if code == "?" or (self.unknown and self.marks[self.index(day, session)] == "?"):
                continue
            if day > on:
                found.append(MARK_IN_FUTURE.problem(path=where, values={"day": day}))
                continue
            found.extend(attendance_codes.mark_problems(code, day, path=where))
            if spells is not None and not _in_spells(day, spells):
                found.append(MARK_OFF_ROLL.problem(path=where, values={"day": day}))
            if calendar is not None and calendar.covers(day) and not calendar.is_school_day(day):
                found.append(MARK_NOT_SCHOOL_DAY.problem(path=where, values={"day": day}))
        return tuple(found)


def _in_spells(day: date, spells: Sequence[tuple[date, date | None]]) -> bool:
    return any(start <= day and (end is None or day < end) for start, end in spells)
