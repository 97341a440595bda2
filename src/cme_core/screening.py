"""The CME screen: for every pupil and a judging day, the runs and rates an LA acts on.

:func:`screen` reads each pupil's :class:`~cme_core.registers.AttendanceRecord` against the
school's own :class:`~cme_core.calendars.SchoolCalendar` on the judging day ``on`` and reports,
under the regime in force on ``on``:

* ``run_days``: the current run of school days of absence that may form a continuous-absence
  ground (2024 reg 9(1)(i): only G, N, O; 2006 reg 8(1)(h): absence not authorised), from
  :func:`cme_core.law.counting.absence_run` (``RunRule.CSA_2024`` / ``RunRule.CSA_2006``);
  the threshold is 20 school days;
* ``return_run_days``: the current run recorded only with G, N, O or U, toward the attendance
  return (2024 reg 13(7)(b); 2006 reg 12(1)(b)), threshold 10 school days
  (:func:`cme_core.attendance.attendance_return_run`);
* ``sick_days`` and ``sick_days_in_year``: code I days toward the 15-day sickness return
  (2024 reg 13(9)-(11)), from :func:`cme_core.attendance.sickness_absence`;
* ``persistent_absence`` and ``severe_absence`` over the school year to ``on``
  (:func:`cme_core.attendance.summarise`);
* for each threshold, the school day it was reached (``*_reached_on``) or, if the current run
  continues, will be reached (``*_due_on``), in the school's calendar.

Nothing new is counted here: every figure is read from the functions named above, so the
screen, the Arrow path (:mod:`cme_core.frames`) and the Spark path (:mod:`cme_core.spark`)
give the same answers. A :class:`Screening` is a monoid: :meth:`Screening.merge` (or ``+``)
joins the rows of two screens of the same day, :meth:`Screening.empty` is its identity.

>>> import datetime as dt
>>> from cme_core.calendars import SchoolCalendar
>>> from cme_core.registers import AttendanceRecord
>>> cal = SchoolCalendar.typical_english(2024, 2024)
>>> week = "NNNNNNNNNN----"
>>> r = AttendanceRecord.from_codes("P1", dt.date(2024, 9, 2), week * 2)
>>> s = screen([r], calendar=cal, on=dt.date(2024, 9, 13))
>>> row = s.rows[0]
>>> row.run_days, row.run_due_on, row.return_run_days, row.return_run_reached_on
(10, datetime.date(2024, 9, 27), 10, datetime.date(2024, 9, 13))
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

import attrs

from cme_core._fields import date_field, iso, typed_fields
from cme_core.attendance import (
    ATTENDANCE_RETURN_SCHOOL_DAYS,
    attendance_return_run,
    sickness_absence,
    summarise,
)
from cme_core.attendance_codes import REGIME_2024_START
from cme_core.calendars import CalendarRangeError, SchoolCalendar
from cme_core.errors import CmeError, InvalidArgument, InvalidDate, InvalidInput
from cme_core.law.counting import AbsenceRun, RunRule, absence_run
from cme_core.periods import regime_id_on
from cme_core.problems import ProblemType, Severity
from cme_core.registers import AttendanceRecord

__all__ = [
    "CONTINUOUS_ABSENCE_CITATION_2006",
    "CONTINUOUS_ABSENCE_CITATION_2024",
    "CONTINUOUS_ABSENCE_SCHOOL_DAYS",
    "LONG_CONFLICT",
    "LONG_DUPLICATE",
    "LONG_GAP",
    "LONG_MISSING",
    "LONG_NOT_IN_FORCE",
    "LONG_SESSION",
    "LONG_UNKNOWN_CODE",
    "PupilScreen",
    "Screening",
    "period_start",
    "priority_of",
    "run_rule_for",
    "screen",
    "screen_one",
]

CONTINUOUS_ABSENCE_SCHOOL_DAYS = 20
"""Twenty school days' continuous absence (2024 reg 9(1)(i); 2006 reg 8(1)(h))."""
CONTINUOUS_ABSENCE_CITATION_2024 = (
    "SI 2024/208 reg 9(1)(i): continuously absent for at least twenty school days, recorded "
    "only with G, N or O"
)
CONTINUOUS_ABSENCE_CITATION_2006 = (
    "SI 2006/1751 reg 8(1)(h): continuously absent for not less than twenty school days, the "
    "absence not authorised"
)


# The problems of reading a long register table (one row per pupil per session), declared here
# in the pure core so that the problem catalogue never needs pyarrow; raised by
# :func:`cme_core.frames.from_long`. Paths are ``("rows", i, column)`` into the input table or
# ``("pupils", j)`` into the wide table returned; no value the caller sent is repeated.
_REGISTER = "SI 2024/208 reg 10(1); SI 2006/1751 reg 6(1): a mark for every pupil at each session"
LONG_MISSING = ProblemType(
    code="CME-FRM-001",
    severity=Severity.ERROR,
    title="a register row without a pupil id, date, session or code (the row is not placed)",
    citation=_REGISTER,
)
LONG_SESSION = ProblemType(
    code="CME-FRM-002",
    severity=Severity.ERROR,
    title="a register row whose session is neither AM nor PM (the row is not placed)",
    citation="SI 2024/208 reg 10(1); SI 2006/1751 reg 6(1): morning and afternoon sessions",
)
LONG_UNKNOWN_CODE = ProblemType(
    code="CME-FRM-003",
    severity=Severity.ERROR,
    title="not an attendance code of either regime (kept as an unknown mark)",
    citation="SI 2024/208 reg 10; SI 2006/1751 reg 6 and DfE attendance-code guidance",
)
LONG_NOT_IN_FORCE = ProblemType(
    code="CME-FRM-004",
    severity=Severity.ERROR,
    title="attendance code not in the code set in force on the session's date (kept, counted "
    "as not in force)",
    citation="SI 2024/208 reg 10 (in force 19 Aug 2024, no transitional provision); "
    "SI 2006/1751 reg 6",
)
LONG_GAP = ProblemType(
    code="CME-FRM-005Q",
    severity=Severity.QUERY,
    title="Please check: school-day sessions with no register row between a pupil's first and "
    "last marks",
    citation=_REGISTER,
)
LONG_DUPLICATE = ProblemType(
    code="CME-FRM-006Q",
    severity=Severity.QUERY,
    title="Please check: the same mark given twice for one session (kept once)",
    citation=_REGISTER,
)
LONG_CONFLICT = ProblemType(
    code="CME-FRM-007",
    severity=Severity.ERROR,
    title="different marks for one session (stored as unknown, never guessed)",
    citation=_REGISTER,
)


def run_rule_for(on: date) -> RunRule:
    """The continuous-absence rule of the regime in force on ``on``."""
    return RunRule.CSA_2024 if on >= REGIME_2024_START else RunRule.CSA_2006


def priority_of(
    *,
    run_reached: bool,
    return_reached: bool,
    sick_reached: bool,
    severe: bool | None,
    persistent: bool | None,
) -> int:
    """The screen's priority (0 to 31, higher first): one bit per threshold reached, the
    continuous-absence run weighing most. Computed per pupil, so it survives merging."""
    return (
        16 * run_reached
        + 8 * return_reached
        + 4 * sick_reached
        + 2 * bool(severe)
        + 1 * bool(persistent)
    )


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class PupilScreen:
    """One pupil's screen on ``on`` (see the module docstring). Days are school days of the
    school's calendar; ``*_reached_on`` is the day a threshold was reached by the current run
    (``None`` if it has not been), ``*_due_on`` the day it will be reached if the current run
    continues (``None`` if there is no current run, it is reached, or the calendar ends first).
    ``evidence_gap`` is True if a run stopped at a school day with no usable mark.
    """

    pupil_id: str
    on: date
    regime: str
    run_days: int
    run_reached_on: date | None
    run_due_on: date | None
    return_run_days: int
    return_run_reached_on: date | None
    return_run_due_on: date | None
    sick_days: int
    sick_days_in_year: int
    sick_reached_on: date | None
    sick_due_on: date | None
    year_start: date
    possible_sessions: int
    absence: int
    persistent_absence: bool | None
    severe_absence: bool | None
    evidence_gap: bool
    priority: int

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (dates as ISO strings); the keys are the Arrow output's columns."""
        out: dict[str, Any] = {}
        for field in attrs.fields(PupilScreen):
            value = getattr(self, field.name)
            out[field.name] = iso(value) if isinstance(value, date) else value
        return out


def _ranking_key(row: PupilScreen) -> tuple[int, int, int, int, str]:
    return (-row.priority, -row.run_days, -row.return_run_days, -row.sick_days, row.pupil_id)


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Screening:
    """The screen of many pupils on one judging day: ``rows`` in the order screened.

    A monoid: screens of the same day merge with :meth:`merge` or ``+`` (rows joined in
    order; associative), and :meth:`empty` is the identity. :meth:`ranked` orders the rows for
    action: priority, then the longest runs first, then pupil_id.
    """

    on: date = attrs.field(validator=date_field)
    rows: tuple[PupilScreen, ...] = ()

    @classmethod
    def empty(cls, on: date) -> Screening:
        """The screen of no pupils on ``on``."""
        return cls(on=_on(on))

    def merge(self, *others: Screening) -> Screening:
        """This screen with ``others``' rows after its own, in order."""
        rows = list(self.rows)
        for other in others:
            if not isinstance(other, Screening):
                raise InvalidArgument(f"can only merge a Screening, got {type(other).__name__}")
            if other.on != self.on:
                raise InvalidInput("cannot merge screens of different judging days")
            rows.extend(other.rows)
        return Screening(on=self.on, rows=tuple(rows))

    def __add__(self, other: object) -> Screening:
        """``self.merge(other)``; another type gives ``NotImplemented``."""
        if not isinstance(other, Screening):
            return NotImplemented
        return self.merge(other)

    def ranked(self) -> tuple[PupilScreen, ...]:
        """The rows, the pupils to enquire about first."""
        return tuple(sorted(self.rows, key=_ranking_key))


def _on(value: object) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise InvalidArgument(f"on must be a datetime.date, got {type(value).__name__}")
    return value


def _due(calendar: SchoolCalendar, run: AbsenceRun, threshold: int) -> date | None:
    if not run.days or run.length >= threshold:
        return None
    try:
        return calendar.add_school_days(run.days[-1], threshold - run.length)
    except CmeError:
        return None


def period_start(calendar: SchoolCalendar, on: date, since: date | None = None) -> date:
    """The first day of the screen's period: ``since``, or the first day of the calendar's
    school year containing ``on`` (:class:`~cme_core.errors.InvalidDate` if it has none)."""
    if since is not None:
        start = _on(since)
        if start > on:
            raise InvalidDate("since must not be after the judging day")
        if not calendar.covers(start):
            raise CalendarRangeError("since is outside the calendar")
        return start
    year = calendar.school_year_containing(on)
    if year is None:
        raise InvalidDate("the calendar has no school year containing the judging day: pass since=")
    return year.first_day


def screen_one(
    record: AttendanceRecord, *, calendar: SchoolCalendar, on: date, since: date | None = None
) -> PupilScreen:
    """The screen of one pupil (see :func:`screen`)."""
    if not isinstance(record, AttendanceRecord):
        raise InvalidArgument(f"record must be an AttendanceRecord, got {type(record).__name__}")
    if not isinstance(calendar, SchoolCalendar):
        raise InvalidArgument(f"calendar must be a SchoolCalendar, got {type(calendar).__name__}")
    day = _on(on)
    if not calendar.covers(day):
        raise CalendarRangeError("the judging day is outside the calendar")
    start = period_start(calendar, day, since)
    rule = run_rule_for(day)
    run = absence_run(record, calendar, day, rule)
    ret = attendance_return_run(record, calendar, day).run
    sick = sickness_absence(record, calendar, day, school_year_start=start)
    summary = summarise(record, start, day)
    reached = [d for d in (sick.consecutive_reached_on, sick.total_reached_on) if d is not None]
    due = [d for d in (sick.projected_consecutive_on, sick.projected_total_on) if d is not None]
    run_reached_on = run.nth_day(CONTINUOUS_ABSENCE_SCHOOL_DAYS)
    return_reached_on = ret.nth_day(ATTENDANCE_RETURN_SCHOOL_DAYS)
    sick_reached_on = min(reached) if reached else None
    return PupilScreen(
        pupil_id=record.pupil_id,
        on=day,
        regime=regime_id_on(day).value,
        run_days=run.length,
        run_reached_on=run_reached_on,
        run_due_on=_due(calendar, run, CONTINUOUS_ABSENCE_SCHOOL_DAYS),
        return_run_days=ret.length,
        return_run_reached_on=return_reached_on,
        return_run_due_on=_due(calendar, ret, ATTENDANCE_RETURN_SCHOOL_DAYS),
        sick_days=sick.consecutive_days,
        sick_days_in_year=sick.total_days,
        sick_reached_on=sick_reached_on,
        sick_due_on=min(due) if due and sick_reached_on is None else None,
        year_start=start,
        possible_sessions=summary.possible_sessions,
        absence=summary.absence,
        persistent_absence=summary.persistent_absence,
        severe_absence=summary.severe_absence,
        evidence_gap=run.stopped_by is not None and run.stopped_by.value == "gap",
        priority=priority_of(
            run_reached=run_reached_on is not None,
            return_reached=return_reached_on is not None,
            sick_reached=sick_reached_on is not None,
            severe=summary.severe_absence,
            persistent=summary.persistent_absence,
        ),
    )


def screen(
    records: Iterable[AttendanceRecord],
    *,
    calendar: SchoolCalendar,
    on: date,
    since: date | None = None,
) -> Screening:
    """Screen every record (one school's pupils, read in ``calendar``) on the judging day ``on``.

    ``since`` is the first day of the period for the persistent and severe absence rates and
    the sickness total (by default the first day of the calendar's school year containing
    ``on``; a calendar without terms needs it). Raises
    :class:`~cme_core.errors.InvalidArgument` for wrong types and
    :class:`~cme_core.calendars.CalendarRangeError` if ``on`` is outside the calendar.
    """
    day = _on(on)
    rows = tuple(screen_one(r, calendar=calendar, on=day, since=since) for r in records)
    return Screening(on=day, rows=rows)
