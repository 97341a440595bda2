"""Exact counts of school days for the grounds: absence runs, return after leave, review windows.

Every count here is in *school days of the school's own calendar* (Education Act 1996
s579(1)), never calendar days, and a mark is read under the code set in force on its own
date (a run that spans 19 August 2024 reads its early marks as 2006 codes).

A day is classified from its sessions' marks: it **breaks** a run if any mark breaks it; it
**continues** the run if every mark is an absence that may form part of the run; it is
**neutral** if no session was held for the pupil (Y4, ``#``); and it is a **gap** (evidence
missing) if the calendar says the school met but no mark was recorded.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import date

import attrs

from cme_core._fields import checked, describe, typed_fields
from cme_core.attendance_codes import AttendanceCode, RunEffect, code_set_for
from cme_core.calendars import SchoolCalendar
from cme_core.errors import CmeError, InvalidArgument
from cme_core.registers import AM, PM, AttendanceRecord

__all__ = [
    "AbsenceRun",
    "DayKind",
    "RunRule",
    "absence_run",
    "attended_between",
    "day_kind",
]


class RunRule(enum.Enum):
    """Which statutory test decides whether a mark continues a run of absence."""

    CSA_2024 = "csa_2024"
    """2024 reg 9(1)(i): no Table 2 code, no Table 3 row but the final three (G, N, O)."""
    NON_CSA_2024 = "non_csa_2024"
    """2024 reg 9(3)(c)(i): not absent with leave (Table 3 rows 1-8) at any point."""
    CSA_2006 = "csa_2006"
    """2006 reg 8(1)(h)(i): none of the absence authorised under reg 6(2)."""
    NON_CSA_2006 = "non_csa_2006"
    """2006 reg 8(3)(b)(i): none of the absence agreed by the proprietor (read as authorised)."""
    RETURN_10_DAY = "return_10_day"
    """2024 reg 13(7)(b) / 2006 reg 12(1)(b): absence recorded only with G, N, O, U."""


class DayKind(enum.Enum):
    """What a school day does to a run of absence: continues it, breaks it, neither, or is
    a gap (a session without a usable mark)."""

    CONTINUES = "continues"
    BREAKS = "breaks"
    NEUTRAL = "neutral"
    GAP = "gap"


def _effect(code: AttendanceCode, rule: RunRule) -> RunEffect:
    if rule is RunRule.RETURN_10_DAY:
        return code.ten_day_return
    if rule is RunRule.NON_CSA_2024:
        return code.leave_run
    return code.twenty_day_run


def _mark_effect(mark: str, day: date, rule: RunRule) -> RunEffect | None:
    code = code_set_for(day).get(mark)
    return None if code is None else _effect(code, rule)


def day_kind(record: AttendanceRecord, day: date, rule: RunRule) -> DayKind:
    """Classify one school day of one pupil's marks under ``rule``."""
    # Checked inline, not by @checked: called once a school day (``day`` by record.mark).
    if not isinstance(record, AttendanceRecord):
        raise InvalidArgument(f"record must be an AttendanceRecord, got {describe(record)}")
    if not isinstance(rule, RunRule):
        raise InvalidArgument(f"rule must be a RunRule, got {describe(rule)}")
    both = (record.mark(day, AM), record.mark(day, PM))
    marks = [m for m in both if m is not None]
    if len(marks) < 2:  # a school day needs both sessions marked (Y4 or # where none was held)
        return DayKind.GAP
    effects = [_mark_effect(m, day, rule) for m in marks]
    if any(e is None for e in effects):
        return DayKind.GAP
    if RunEffect.BREAKS in effects:
        return DayKind.BREAKS
    if RunEffect.CONTINUES in effects:
        return DayKind.CONTINUES
    return DayKind.NEUTRAL


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class AbsenceRun:
    """The run of continuous absence (in school days) ending at the last school day on or
    before the judging day.

    ``days`` are the qualifying school days, oldest first. The run stopped at ``stopped_by``:
    ``BREAKS`` (a mark ended it, on ``stopped_on``), ``GAP`` (a school day with no usable mark:
    evidence missing), or ``None`` when it reached the start of the record or calendar.
    """

    days: tuple[date, ...]
    stopped_on: date | None = None
    stopped_by: DayKind | None = None

    @property
    def length(self) -> int:
        """The number of school days in the run."""
        return len(self.days)

    def nth_day(self, n: int) -> date | None:
        """The date of the ``n``-th school day of the run (1-based), if it is that long."""
        return self.days[n - 1] if 0 < n <= len(self.days) else None


@checked
def absence_run(
    record: AttendanceRecord,
    calendar: SchoolCalendar,
    on: date,
    rule: RunRule,
    *,
    limit: int | None = None,
) -> AbsenceRun:
    """The run of qualifying absence ending at the last school day on or before ``on``.

    An unmarked ``on`` itself is passed over (its sessions may not be marked yet, or the name
    is deleted that day). Walks back one school day at a time (O(run length * log calendar));
    with ``limit`` it stops once the run is that long.
    """
    if not calendar.covers(on):
        on = min(max(on, calendar.start), calendar.end)
    try:
        day = calendar.school_day_on_or_before(on)
    except CmeError:
        return AbsenceRun(days=())
    found: list[date] = []
    stopped_on: date | None = None
    stopped_by: DayKind | None = None
    while True:
        if day < record.first_day:
            break
        kind = day_kind(record, day, rule)
        if kind is DayKind.GAP and day == on and not found:
            # The judging day's own sessions may not be marked yet (or the pupil is deleted
            # that day): an unmarked judging day neither breaks nor extends the run.
            kind = DayKind.NEUTRAL
        if kind is DayKind.BREAKS or kind is DayKind.GAP:
            stopped_on, stopped_by = day, kind
            break
        if kind is DayKind.CONTINUES:
            found.append(day)
            if limit is not None and len(found) >= limit:
                break
        try:
            day = calendar.previous_school_day(day)
        except CmeError:
            break
    return AbsenceRun(days=tuple(reversed(found)), stopped_on=stopped_on, stopped_by=stopped_by)


@checked
def attended_between(
    record: AttendanceRecord, days: tuple[date, ...]
) -> tuple[date | None, tuple[date, ...]]:
    """The first of ``days`` on which the pupil attended (present or approved activity), and
    the days with no usable mark (evidence missing)."""
    gaps: list[date] = []
    for day in days:
        marks = [m for m in (record.mark(day, AM), record.mark(day, PM)) if m is not None]
        codes = [code_set_for(day).get(m) for m in marks]
        if not marks or any(c is None for c in codes):
            gaps.append(day)
            continue
        if any(c is not None and _attended(c) for c in codes):
            return day, tuple(gaps)
    return None, tuple(gaps)


EffectFn = Callable[[AttendanceCode], RunEffect]


def _attended(code: AttendanceCode) -> bool:
    """Present, at an approved activity, or U (arrived after the register closed: the pupil
    came to school that session, as for the 20-day runs)."""
    return code.treatment.counts_as_attendance or code.code == "U"
