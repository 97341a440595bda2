"""Returns to the local authority: which are owed, by when, their content, and their checks.

:func:`obligations` derives every return a school owes its LA up to a judging day from its
registers, under the regime in force when each triggering event happened (the rules are data:
:mod:`cme_core.law.return_rules`). Each :class:`Obligation` has its earliest day, its
:class:`Deadline` (the last permitted day and the Europe/London instant at its end) and
:meth:`Obligation.status`. :func:`build_return` assembles a return's content from the
register; :func:`check_return` checks a return's content (every problem at once).

>>> from datetime import date
>>> due = new_pupil_return_due(date(2025, 3, 28))
>>> due.last_day, due.ends_at.isoformat()
(datetime.date(2025, 4, 2), '2025-04-03T00:00:00+01:00')
"""

from __future__ import annotations

import enum
import typing
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

import attrs

from cme_core._checks import require_date as _require_date
from cme_core.attendance_codes import code_set_for
from cme_core.errors import CmeError, InvalidArgument, InvalidDate
from cme_core.law.counting import DayKind, RunRule, day_kind
from cme_core.law.model import AgeScope, UnknownGround
from cme_core.law.regimes import regime_by_id, regime_for
from cme_core.law.return_rules import ReturnKind, ReturnRule, Timing
from cme_core.people import Parent, Pupil, _redact
from cme_core.problems import PathElement, Problem, ProblemType, Report, Severity
from cme_core.registers import (
    AM,
    PM,
    AdmissionEntry,
    Deleted,
    EnrolmentStatus,
    Entered,
    EntryState,
    FutureAddress,
    OtherSchool,
    SchoolRegister,
)
from cme_core.school_age import compulsory_school_age_status, year_group
from cme_core.schools import School

__all__ = [
    "LONDON",
    "AttendanceReturn",
    "Deadline",
    "DeletionReturn",
    "LARequests",
    "NewPupilReturn",
    "Obligation",
    "ObligationStatus",
    "ReturnContent",
    "ReturnKind",
    "SicknessExpectation",
    "SicknessReturn",
    "build_return",
    "check_return",
    "deletion_return_window",
    "new_pupil_return_due",
    "obligations",
]

LONDON = ZoneInfo("Europe/London")
_ONE_DAY = timedelta(days=1)


@attrs.frozen(kw_only=True)
class Deadline:
    """The last permitted day of a return (``None``: no fixed day, e.g. "as soon as
    possible"), the rule in words, and its citation."""

    last_day: date | None
    rule: str
    citation: str

    @property
    def ends_at(self) -> datetime | None:
        """The Europe/London instant at the end of ``last_day`` (midnight starting the next
        day), correct across the clock changes."""
        if self.last_day is None:
            return None
        return datetime.combine(self.last_day + _ONE_DAY, time(0), tzinfo=LONDON)

    def to_dict(self) -> dict[str, Any]:
        ends = self.ends_at
        return {
            "last_day": self.last_day.isoformat() if self.last_day else None,
            "ends_at": ends.isoformat() if ends else None,
            "rule": self.rule,
            "citation": self.citation,
        }


def _rule(kind: ReturnKind, day: date) -> ReturnRule | None:
    try:
        regime = regime_for(day)
    except InvalidDate:
        return None
    for rule in regime.returns:
        if rule.kind is kind and rule.applies_on(day):
            return rule
    return None


def new_pupil_return_due(entered_on: date) -> Deadline:
    """The new-pupil return deadline: the end of the fifth calendar day after the day the
    particulars were entered (2006 reg 12(3) from 1 Sep 2016; 2024 reg 13(1)).

    Raises :class:`InvalidDate` for an entry before 1 September 2016 (no new-pupil return
    existed).

    >>> new_pupil_return_due(date(2024, 10, 25)).last_day  # across the clock change
    datetime.date(2024, 10, 30)
    """
    entered_on = _require_date(entered_on, "entered_on")
    rule = _rule(ReturnKind.NEW_PUPIL, entered_on)
    if rule is None or rule.days is None:
        raise InvalidDate(
            f"no new-pupil return was required for an entry on {entered_on.isoformat()} "
            "(the duty began on 2016-09-01)"
        )
    return Deadline(
        last_day=_plus_days(entered_on, rule.days),
        rule=f"by the end of the {rule.days}th day after the day of entry",
        citation=rule.citation,
    )


def _plus_days(day: date, days: int) -> date:
    """``day`` plus ``days``; the year 9999 is as far as dates go (a typed error beyond)."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        raise InvalidDate("the deadline would fall after the year 9999") from None


def deletion_return_window(ground_met_on: date, deleted_on: date) -> tuple[date, date]:
    """The window for a deletion return under the 2006 rules: from the day the ground is met
    to the day of deletion (2006 reg 12(3) as made; 12(6) from 1 Sep 2016). Under the 2024
    rules (reg 13(4)) the return is made when the name is deleted: (deleted_on, deleted_on).

    Raises :class:`InvalidDate` when the deletion is dated before the ground was met (that
    deletion is retrospective: see :func:`cme_core.law.check_deletion`).

    >>> deletion_return_window(date(2023, 5, 2), date(2023, 5, 4))
    (datetime.date(2023, 5, 2), datetime.date(2023, 5, 4))
    >>> deletion_return_window(date(2025, 5, 2), date(2025, 5, 4))
    (datetime.date(2025, 5, 4), datetime.date(2025, 5, 4))
    """
    ground_met_on = _require_date(ground_met_on, "ground_met_on")
    deleted_on = _require_date(deleted_on, "deleted_on")
    if deleted_on < ground_met_on:
        raise InvalidDate("the deletion is dated before the ground was met (retrospective)")
    rule = _rule(ReturnKind.DELETION, deleted_on)
    if rule is not None and rule.timing is Timing.AT_DELETION:
        return deleted_on, deleted_on
    return ground_met_on, deleted_on


def _details(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return dict(value) if value else {}


class ObligationStatus(enum.Enum):
    NOT_YET_DUE = "not_yet_due"
    DUE = "due"
    OVERDUE = "overdue"
    MADE_ON_TIME = "made_on_time"
    MADE_LATE = "made_late"


@attrs.frozen(kw_only=True)
class Obligation:
    """One return a school owes its LA."""

    kind: ReturnKind
    pupil_id: str
    regime: str
    trigger: str
    triggered_on: date
    earliest: date
    due: Deadline
    citation: str
    details: Mapping[str, Any] = attrs.field(factory=dict, converter=_details, hash=False)

    def status(self, on: date, submitted_on: date | None = None) -> ObligationStatus:
        """NOT_YET_DUE, DUE or OVERDUE on ``on``; MADE_ON_TIME or MADE_LATE once submitted.

        A return made on its last day is on time (the deadline is the *end* of that day). A
        ``submitted_on`` after ``on`` is ignored (the return had not been made by then).
        """
        on = _require_date(on, "on")
        last = self.due.last_day
        if submitted_on is not None and _require_date(submitted_on, "submitted_on") > on:
            submitted_on = None  # not yet made as at ``on``
        if submitted_on is not None:
            submitted_on = _require_date(submitted_on, "submitted_on")
            if last is None or submitted_on <= last:
                return ObligationStatus.MADE_ON_TIME
            return ObligationStatus.MADE_LATE
        if on < self.earliest:
            return ObligationStatus.NOT_YET_DUE
        if last is None or on <= last:
            return ObligationStatus.DUE
        return ObligationStatus.OVERDUE

    def to_dict(self, *, on: date | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": self.kind.value,
            "pupil_id": self.pupil_id,
            "regime": self.regime,
            "trigger": self.trigger,
            "triggered_on": self.triggered_on.isoformat(),
            "earliest": self.earliest.isoformat(),
            "due": self.due.to_dict(),
            "citation": self.citation,
            "details": {
                k: (v.isoformat() if isinstance(v, date) else v) for k, v in self.details.items()
            },
        }
        if on is not None:
            data["status"] = self.status(on).value
        return data


@attrs.frozen(kw_only=True)
class LARequests:
    """Returns the LA has asked for beyond the statutory minimum (2006 reg 12(4), 12(8);
    2024 reg 13(3), 13(6)): each covers events *after* the day of the request."""

    new_pupil_returns_from: date | None = None
    """Day of the LA's request for returns for pupils otherwise exempt (most junior class on
    the first day of the school year)."""
    deletion_returns_from: date | None = None
    """Day of the LA's request for returns for pupils leaving after the final year."""


@attrs.frozen(kw_only=True)
class SicknessExpectation:
    """A recorded expectation that a pupil recorded with code I will miss at least 15 school
    days through sickness (2024 reg 13(9))."""

    pupil_id: str
    recorded_on: date
    period_start: date
    consecutive: bool = False
    """At least 15 consecutive school days expected."""
    total: bool = False
    """At least 15 school days in total in the school year expected."""
    recorded_by: str | None = attrs.field(default=None, repr=_redact)


# --- deriving obligations --------------------------------------------------------------------


def _first_days_of_year(school: School, day: date) -> tuple[date, ...] | None:
    """The first day of the school year containing ``day`` and, where the year opens with
    days without sessions (INSET), also its first school day: a pupil starting on either
    starts "on the first day of the school year" (our reading of 2024 reg 13(2))."""
    calendar = school.calendar
    if calendar is None or not calendar.covers(day):
        return None
    year = calendar.school_year_containing(day)
    if year is None:
        return None
    return (year.first_day, calendar.school_day_on_or_after(year.first_day))


def _end_of_final_term(school: School, day: date) -> date | None:
    """The last day of the final term of the school year ``day`` falls in; a summer-holiday
    day after the calendar's last term (before 1 September) belongs to the year just ended."""
    calendar = school.calendar
    if calendar is None:
        return None
    if calendar.covers(day):
        year = calendar.school_year_containing(day)
        if year is not None:
            return year.last_day
    for year in reversed(calendar.school_years):
        if year.last_day <= day < date(year.last_day.year, 9, 1):
            return year.last_day
    return None


def _new_pupil(
    school: School, entry: AdmissionEntry, event: Entered, on: date, requests: LARequests
) -> Obligation | None:
    recorded = event.recorded
    if recorded > on:
        return None
    rule = _rule(ReturnKind.NEW_PUPIL, recorded)
    if rule is None or rule.days is None:
        return None
    junior = school.most_junior_year_group
    first_days = _first_days_of_year(school, event.on)
    details: dict[str, Any] = {"starting_day": event.on}
    exempt = (
        junior is not None
        and event.year_group == junior
        and first_days is not None
        and event.on in first_days
    )
    if first_days is None:
        details["exemption"] = "undetermined: no school calendar covers the starting day"
    if exempt:
        asked = requests.new_pupil_returns_from
        if asked is None or not (asked < recorded if rule.regime == "2024" else asked <= recorded):
            return None
        details["la_request"] = asked
    return Obligation(
        kind=ReturnKind.NEW_PUPIL,
        pupil_id=entry.pupil_id,
        regime=rule.regime,
        trigger="name entered in the admission register",
        triggered_on=recorded,
        earliest=recorded,
        due=Deadline(
            last_day=_plus_days(recorded, rule.days),
            rule=f"by the end of the {rule.days}th day after the day of entry",
            citation=rule.citation,
        ),
        citation=rule.citation,
        details=details,
    )


def _deletion(
    school: School,
    entry: AdmissionEntry,
    event: Deleted,
    on: date,
    requests: LARequests,
    ground_met_on: date | None,
) -> Obligation | None:
    if event.on > on:
        return None
    rule = _rule(ReturnKind.DELETION, event.on)
    if rule is None:
        return None
    regime = regime_by_id(rule.regime)
    try:
        ground_ref = regime.normalise_ref(event.ground)
    except (UnknownGround, InvalidArgument):
        ground_ref = event.ground
    if rule.grounds is not None and ground_ref not in rule.grounds:
        return None
    state = entry.state_on(event.on - _ONE_DAY)
    senior = school.most_senior_year_group
    final_term_end = _end_of_final_term(school, event.on)
    if (
        rule.exemption
        and state is not None
        and senior is not None
        and state.year_group == senior
        and final_term_end is not None
        and event.on >= final_term_end
    ):
        asked = requests.deletion_returns_from
        if asked is None or asked >= event.on:
            return None
    if rule.timing is Timing.AT_DELETION:
        earliest = event.on
        text = "when the name is deleted"
    else:
        earliest = min(ground_met_on, event.on) if ground_met_on else event.on
        text = "from the day the ground is met, and no later than the deletion"
    return Obligation(
        kind=ReturnKind.DELETION,
        pupil_id=entry.pupil_id,
        regime=rule.regime,
        trigger=f"name deleted on ground {ground_ref}",
        triggered_on=event.on,
        earliest=earliest,
        due=Deadline(last_day=event.on, rule=text, citation=rule.citation),
        citation=rule.citation,
        details={"ground": ground_ref, "ground_met_on": ground_met_on},
    )


def _pending_deletion(pupil_id: str, met: date, ground: str | None, on: date) -> Obligation | None:
    """2006 (to 18 Aug 2024): the return is due once the ground is met, before deletion.

    Before 1 Sep 2016 only some grounds needed a return: without the ground, none is assumed.
    """
    if met > on:
        return None
    rule = _rule(ReturnKind.DELETION, met)
    if rule is None or rule.timing is not Timing.GROUND_MET_TO_DELETION:
        return None
    if ground is not None:
        try:
            ground = regime_by_id(rule.regime).normalise_ref(ground)
        except CmeError:
            ground = None
    if rule.grounds is not None and ground not in rule.grounds:
        return None
    return Obligation(
        kind=ReturnKind.DELETION,
        pupil_id=pupil_id,
        regime=rule.regime,
        trigger="a ground for deletion is met (name not yet deleted)",
        triggered_on=met,
        earliest=met,
        due=Deadline(
            last_day=None,
            rule="as soon as the ground is met, and no later than the deletion",
            citation=rule.citation,
        ),
        citation=rule.citation,
        details={"ground_met_on": met, "ground": ground, "pending": True},
    )


def _attendance_periods(dates: Sequence[date], first: date) -> Iterator[tuple[date, date]]:
    previous = first - _ONE_DAY
    for due in sorted(dates):
        if due > previous:
            yield previous + _ONE_DAY, due
            previous = due


def _period_facts(
    register: SchoolRegister, pupil_id: str, start: date, end: date
) -> tuple[int, float | None]:
    """(longest run of school days recorded only with G/N/O/U, attendance rate) in a period."""
    record = register.attendance_for(pupil_id)
    calendar = register.school.calendar
    if record is None or calendar is None:
        return 0, None
    lo = max(start, calendar.start)
    hi = min(end, calendar.end)
    if hi < lo:
        return 0, None
    longest = current = 0
    possible = attended = 0
    for day in calendar.school_days(lo, hi):
        kind = day_kind(record, day, RunRule.RETURN_10_DAY)
        if kind is DayKind.CONTINUES:
            current += 1
            longest = max(longest, current)
        elif kind is not DayKind.NEUTRAL:
            current = 0
        codes = code_set_for(day)
        for session in (AM, PM):
            mark = record.mark(day, session)
            code = codes.get(mark) if mark is not None else None
            if code is not None and code.treatment.is_possible_session:
                possible += 1
                attended += code.treatment.counts_as_attendance
    return longest, (attended / possible if possible else None)


def _attendance(
    register: SchoolRegister,
    entry: AdmissionEntry,
    period: tuple[date, date],
    on: date,
    irregular_below: float | None,
) -> Obligation | None:
    start, due = period
    rule = _rule(ReturnKind.ATTENDANCE, due)
    if rule is None:
        return None
    state = entry.state_on(due)
    if state is None or not any(
        s <= due and (e is None or e > start) for s, e in entry.roll_spells
    ):
        return None
    dob = state.pupil.date_of_birth
    if dob is None or not compulsory_school_age_status(dob, due):
        return None
    if state.boarder and rule.regime == "2024":
        return None
    run, rate = _period_facts(register, entry.pupil_id, start, min(due, on))
    reasons: list[str] = []
    if run >= 10:
        reasons.append("continuous_absence")
    if irregular_below is not None and rate is not None and rate < irregular_below:
        reasons.append("irregular_attendance")
    if not reasons:
        return None
    return Obligation(
        kind=ReturnKind.ATTENDANCE,
        pupil_id=entry.pupil_id,
        regime=rule.regime,
        trigger="absence since the last attendance return",
        triggered_on=start,
        earliest=due,
        due=Deadline(
            last_day=due, rule="at the interval agreed with the LA", citation=rule.citation
        ),
        citation=rule.citation,
        details={
            "period_start": start,
            "period_end": due,
            "reasons": reasons,
            "longest_run_school_days": run,
            "attendance_rate": None if rate is None else round(rate, 4),
        },
    )


def _sickness(
    register: SchoolRegister, expectation: SicknessExpectation, on: date
) -> Obligation | None:
    if expectation.recorded_on > on or not (expectation.consecutive or expectation.total):
        return None
    rule = _rule(ReturnKind.SICKNESS, expectation.recorded_on)
    if rule is None:
        return None
    entry = register.entry(expectation.pupil_id)
    state = entry.state_on(expectation.recorded_on) if entry else None
    dob = state.pupil.date_of_birth if state else None
    if dob is None or not compulsory_school_age_status(dob, expectation.recorded_on):
        return None
    return Obligation(
        kind=ReturnKind.SICKNESS,
        pupil_id=expectation.pupil_id,
        regime=rule.regime,
        trigger="code I with at least 15 school days of sickness expected",
        triggered_on=expectation.recorded_on,
        earliest=expectation.recorded_on,
        due=Deadline(last_day=None, rule="as soon as possible", citation=rule.citation),
        citation=rule.citation,
        details={
            "period_start": expectation.period_start,
            "consecutive": expectation.consecutive,
            "total": expectation.total,
        },
    )


def obligations(
    register: SchoolRegister,
    *,
    on: date,
    la_requests: LARequests | None = None,
    attendance_return_dates: Sequence[date] = (),
    ground_met_on: Mapping[str, date | tuple[date, str]] | None = None,
    sickness: Sequence[SicknessExpectation] = (),
    irregular_attendance_below: float | None = 0.9,
) -> tuple[Obligation, ...]:
    """Every return the school owes its LA for events up to ``on``, each under the regime in
    force when its triggering event happened.

    ``attendance_return_dates`` are the days returns are due at the interval agreed with the
    LA (2006 reg 12(1); 2024 reg 13(8)); the first period runs from the start of the
    attendance register. "Fails to attend regularly" has no statutory threshold:
    ``irregular_attendance_below`` (default 0.9, the DfE persistent-absence line) is policy;
    ``None`` turns that limb off. ``ground_met_on`` gives, by pupil_id, the day a deletion
    ground was met, or (day, ground reference): under the 2006 rules the return is due from
    then, before the deletion (it applies to the first deletion on or after that day; with no
    such deletion yet, a pending return is listed, needing the ground before Sep 2016).
    ``sickness`` are the recorded expectations for 2024 reg 13(9).
    """
    on = _require_date(on, "on")
    if not isinstance(register, SchoolRegister):
        raise InvalidArgument(f"register must be a SchoolRegister, not {type(register).__name__}")
    requests = la_requests or LARequests()
    met = _met_dates(ground_met_on)
    dates = [_require_date(d, "attendance_return_dates[]") for d in attendance_return_dates]
    found: list[Obligation] = []
    school = register.school
    for entry in register.admissions:
        met_on, met_ground = met.get(entry.pupil_id, (None, None))
        used = False
        for event in entry.events:
            if isinstance(event, Entered):
                ob = _new_pupil(school, entry, event, on, requests)
            elif isinstance(event, Deleted):
                # the ground-met day belongs to the first deletion on or after it
                mine = met_on if met_on is not None and not used and met_on <= event.on else None
                used = used or mine is not None
                ob = _deletion(school, entry, event, on, requests, mine)
            else:
                continue
            if ob is not None:
                found.append(ob)
        if met_on is not None and not used and entry.is_on_roll(min(met_on, on)):
            pending = _pending_deletion(entry.pupil_id, met_on, met_ground, on)
            if pending is not None:
                found.append(pending)
    if dates and register.attendance:
        first = min(r.first_day for r in register.attendance)
        dates = sorted(dates)
        upcoming = [d for d in dates if d > on][:1]
        for period in _attendance_periods([d for d in dates if d <= on] + upcoming, first):
            for entry in register.admissions:
                ob = _attendance(register, entry, period, on, irregular_attendance_below)
                if ob is not None:
                    found.append(ob)
    seen: set[tuple[str, int | None, date]] = set()
    for expectation in sickness:
        ob = _sickness(register, expectation, on)
        if ob is None:
            continue
        key = (
            ob.pupil_id,
            _school_year(school, expectation.period_start),
            expectation.period_start,
        )
        if key in seen:
            continue
        seen.add(key)
        found.append(ob)
    return tuple(sorted(found, key=lambda o: (o.earliest, o.kind.value, o.pupil_id)))


def _met_dates(
    given: Mapping[str, date | tuple[date, str]] | None,
) -> dict[str, tuple[date, str | None]]:
    """``ground_met_on`` values: a date, or (date, ground reference)."""
    out: dict[str, tuple[date, str | None]] = {}
    for pupil_id, value in (given or {}).items():
        if isinstance(value, tuple):
            day, ground = value
            out[pupil_id] = (_require_date(day, f"ground_met_on[{pupil_id!r}]"), str(ground))
        else:
            out[pupil_id] = (_require_date(value, f"ground_met_on[{pupil_id!r}]"), None)
    return out


def _school_year(school: School, day: date) -> int | None:
    calendar = school.calendar
    if calendar is None or not calendar.covers(day):
        return day.year if day.month >= 9 else day.year - 1
    year = calendar.school_year_containing(day)
    return year.year if year else None


# --- return content --------------------------------------------------------------------------


def _strs(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _freeze(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return dict(value) if value else {}


@attrs.frozen(kw_only=True)
class NewPupilReturn:
    """A new-pupil return: every particular the admission register holds for the pupil
    (2006 reg 12(5); 2024 reg 13(1))."""

    kind: ClassVar[str] = "new_pupil"
    regime: str
    school_laestab: str
    pupil: Pupil
    entered_on: date
    """The day the particulars were entered (the deadline counts from here)."""
    starting_day: date
    year_group: int | None = None
    enrolment_status: EnrolmentStatus = EnrolmentStatus.SINGLE
    dual_registered_with: OtherSchool | None = None
    boarder: bool | None = None
    last_school: OtherSchool | None = None
    no_previous_school: bool = False
    class_name: str | None = None
    future_address: FutureAddress | None = None
    other_school: OtherSchool | None = None
    submitted_on: date | None = None
    extra: Mapping[str, Any] = attrs.field(factory=dict, converter=_freeze, hash=False, repr=False)


@attrs.frozen(kw_only=True)
class DeletionReturn:
    """A deletion return (2006 reg 12(3)/(7); 2024 reg 13(4)). ``pupil`` carries the full
    name, address and the parents the pupil normally lives with, with emergency numbers."""

    kind: ClassVar[str] = "deletion"
    regime: str
    school_laestab: str
    pupil: Pupil
    deleted_on: date
    ground: str
    ground_met_on: date | None = None
    entered_on: date | None = None
    year_group: int | None = None
    future_address: FutureAddress | None = None
    other_school: OtherSchool | None = None
    la_enquiries_on: date | None = None
    """The LA's part in joint enquiries / efforts (grounds 8(1)(f), (h); 9(1)(h), (i))."""
    enrolment_status: EnrolmentStatus | None = None
    dual_registered_with: OtherSchool | None = None
    submitted_on: date | None = None
    extra: Mapping[str, Any] = attrs.field(factory=dict, converter=_freeze, hash=False, repr=False)


@attrs.frozen(kw_only=True)
class AttendanceReturn:
    """An attendance return: full name and address (and, under 2006, the cause if known)
    (2006 reg 12(1)-(2); 2024 reg 13(7))."""

    kind: ClassVar[str] = "attendance"
    regime: str
    school_laestab: str
    pupil: Pupil
    period_start: date
    period_end: date
    reasons: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    longest_run_school_days: int | None = None
    attendance_rate: float | None = None
    cause: str | None = attrs.field(default=None, repr=_redact)
    submitted_on: date | None = None
    extra: Mapping[str, Any] = attrs.field(factory=dict, converter=_freeze, hash=False, repr=False)


@attrs.frozen(kw_only=True)
class SicknessReturn:
    """A sickness return: full name and address (2024 reg 13(9)-(11))."""

    kind: ClassVar[str] = "sickness"
    regime: str = "2024"
    school_laestab: str
    pupil: Pupil
    recorded_on: date
    period_start: date
    consecutive: bool = False
    total: bool = False
    submitted_on: date | None = None
    extra: Mapping[str, Any] = attrs.field(factory=dict, converter=_freeze, hash=False, repr=False)


ReturnContent = NewPupilReturn | DeletionReturn | AttendanceReturn | SicknessReturn
RETURN_TYPES: Mapping[str, type] = {
    "new_pupil": NewPupilReturn,
    "deletion": DeletionReturn,
    "attendance": AttendanceReturn,
    "sickness": SicknessReturn,
}


def _identity(pupil: Pupil, **keep: Any) -> Pupil:
    """The pupil's identification (pupil_id, UPN, date of birth, sex) plus ``keep``."""
    return Pupil(
        pupil_id=pupil.pupil_id,
        upn=pupil.upn,
        former_upns=pupil.former_upns,
        upn_unknown_reason=pupil.upn_unknown_reason,
        date_of_birth=pupil.date_of_birth,
        sex=pupil.sex,
        **keep,
    )


def build_return(obligation: Obligation, register: SchoolRegister) -> ReturnContent:
    """The content of the return an obligation calls for, from the register: exactly the
    particulars the regime requires, plus the pupil's identification (pupil_id, UPN, date of
    birth, sex) that LAs use to match records."""
    if not isinstance(obligation, Obligation) or not isinstance(register, SchoolRegister):
        raise InvalidArgument("build_return takes an Obligation and a SchoolRegister")
    if obligation.details.get("pending"):
        raise InvalidArgument(
            "a pending deletion return (ground met, name not yet deleted): build it once the "
            "deletion is recorded, or send the particulars with the intended deletion date"
        )
    entry = register.entry(obligation.pupil_id)
    if entry is None:
        raise InvalidArgument("the register has no admission entry for that pupil_id")
    laestab = register.school.laestab
    if obligation.kind is ReturnKind.NEW_PUPIL:
        state = entry.state_on(obligation.triggered_on, as_recorded=True) or entry.state_on(
            obligation.triggered_on
        )
        entered = _entry_for(entry, obligation.triggered_on)
        pupil = state.pupil if state else entered.pupil
        return NewPupilReturn(
            regime=obligation.regime,
            school_laestab=laestab,
            pupil=pupil,
            entered_on=entered.recorded,
            starting_day=entered.on,
            year_group=entered.year_group,
            enrolment_status=entered.enrolment_status,
            dual_registered_with=entered.dual_registered_with,
            boarder=entered.boarder,
            last_school=entered.last_school,
            no_previous_school=entered.no_previous_school,
            class_name=entered.class_name,
            future_address=state.future_address if state else None,
            other_school=state.other_school if state else None,
        )
    if obligation.kind is ReturnKind.ATTENDANCE:
        state = _state_in_period(
            entry, obligation.details["period_start"], obligation.details["period_end"]
        )
    else:
        state = _state_before(entry, obligation.triggered_on)
    if state is None:
        raise InvalidDate("the pupil was not on the register before the triggering day")
    if obligation.kind is ReturnKind.DELETION:
        parents = state.pupil.parents_lived_with
        if obligation.triggered_on < _NEW_RETURNS_FROM:  # 2006 reg 12(3) as made: address only
            parents = tuple(Parent(address=p.address, lives_with_pupil=True) for p in parents)
        deletion = next((d for d in entry.deletions if d.on == obligation.triggered_on), None)
        pupil = _identity(
            state.pupil,
            full_name=state.pupil.full_name,
            address=state.pupil.address if obligation.regime == "2024" else None,
            parents=parents,
        )
        return DeletionReturn(
            regime=obligation.regime,
            school_laestab=laestab,
            pupil=pupil,
            deleted_on=obligation.triggered_on,
            ground=str(obligation.details.get("ground") or (deletion.ground if deletion else "")),
            ground_met_on=obligation.details.get("ground_met_on"),
            entered_on=state.entered_on,
            year_group=state.year_group,
            future_address=state.future_address,
            other_school=state.other_school,
            enrolment_status=state.enrolment_status,
            dual_registered_with=state.dual_registered_with,
        )
    pupil = _identity(state.pupil, full_name=state.pupil.full_name, address=state.pupil.address)
    if obligation.kind is ReturnKind.ATTENDANCE:
        return AttendanceReturn(
            regime=obligation.regime,
            school_laestab=laestab,
            pupil=pupil,
            period_start=obligation.details["period_start"],
            period_end=obligation.details["period_end"],
            reasons=tuple(obligation.details.get("reasons", ())),
            longest_run_school_days=obligation.details.get("longest_run_school_days"),
            attendance_rate=obligation.details.get("attendance_rate"),
        )
    return SicknessReturn(
        school_laestab=laestab,
        pupil=pupil,
        recorded_on=obligation.triggered_on,
        period_start=obligation.details["period_start"],
        consecutive=bool(obligation.details.get("consecutive")),
        total=bool(obligation.details.get("total")),
    )


def _entry_for(entry: AdmissionEntry, recorded: date) -> Entered:
    for event in entry.entries:
        if event.recorded == recorded:
            return event
    return entry.entries[-1]


_NEW_RETURNS_FROM = date(2016, 9, 1)


def _state_in_period(entry: AdmissionEntry, start: date, end: date) -> EntryState | None:
    """The entry as it stood on the last day the pupil was on roll within [start, end]."""
    last_on_roll: date | None = None
    for first, deleted in entry.roll_spells:
        stop = end if deleted is None else min(end, deleted - _ONE_DAY)
        if first <= stop and stop >= start:
            last_on_roll = stop
    return entry.state_on(last_on_roll) if last_on_roll is not None else None


def _state_before(entry: AdmissionEntry, day: date) -> EntryState | None:
    before = entry.state_on(day - _ONE_DAY)
    if before is not None and before.on_roll:
        return before
    return entry.state_on(day)


# --- checking a return's content ------------------------------------------------------------


def _pt(code: str, severity: Severity, title: str, citation: str | None = None) -> ProblemType:
    return ProblemType(code=code, severity=severity, title=title, citation=citation)


E, Q = Severity.ERROR, Severity.QUERY
MISSING_PARTICULAR = _pt("CME-RET-001", E, "A particular the return must carry is missing")
UNKNOWN_REGIME = _pt("CME-RET-002", E, "The regime is not '2006' or '2024'")
WRONG_REGIME = _pt(
    "CME-RET-003",
    E,
    "The regime named is not the one in force on the event's date",
    "SI 2024/208 reg 1 (in force 19 Aug 2024), reg 4(2) and Sch 2 (SI 2006/1751 revoked)",
)
NO_RETURN_THEN = _pt("CME-RET-004", E, "No return of this kind existed on the event's date")
GROUND_UNKNOWN = _pt(
    "CME-RET-005", E, "The ground is not a ground of the regime in force on the deletion date"
)
GROUND_AGE = _pt("CME-RET-006", E, "The ground does not apply to a pupil of this age")
ENTRY_BEFORE_BIRTH = _pt("CME-RET-007", E, "Entry dated before the pupil's date of birth")
DELETION_BEFORE_ENTRY = _pt("CME-RET-008", E, "Deletion dated before the pupil's entry")
IN_FUTURE = _pt("CME-RET-009", E, "Date after the day the return is judged on")
MADE_LATE = _pt("CME-RET-010Q", Q, "Please check: the return was made after its deadline")
NOT_CSA = _pt("CME-RET-011", E, "The return applies only to pupils of compulsory school age")
DUAL_STATUS = _pt("CME-RET-012", E, "Enrolment status and dual registration disagree")
AGE_OUT_OF_RANGE = _pt(
    "1601Q",
    Q,
    "Please check: the pupil's age is outside the range for the school",
    "DfE census rule 1601Q",
)
NO_LA_ENQUIRIES = _pt(
    "CME-RET-013Q",
    Q,
    "Please check: a ground needing joint enquiries with the LA, but no record of the LA's part",
)
GROUND_BEFORE_MET = _pt(
    "CME-RET-014", E, "Deletion dated before the day the ground was met (retrospective)"
)
PERIOD_REVERSED = _pt("CME-RET-015", E, "The period ends before it starts")
NO_SICKNESS_TEST = _pt(
    "CME-RET-016", E, "Neither the 15 consecutive nor the 15 total school days test is stated"
)
ENTERED_LONG_BEFORE = _pt(
    "CME-RET-019Q",
    Q,
    "Please check: the entry was recorded more than a year before the starting day",
)
AGE_UNDECIDED = _pt(
    "CME-RET-018Q",
    Q,
    "Please check: compulsory school age cannot be worked out for this date of birth (the "
    "rules before 1998 are not encoded)",
    "Education Act 1996 s8; SI 1998/1607; SI 1997/1970",
)
EARLY_SUBMISSION = _pt(
    "CME-RET-017Q", Q, "Please check: the return was made before the event it reports"
)

PROBLEM_TYPES: tuple[ProblemType, ...] = (
    MISSING_PARTICULAR,
    UNKNOWN_REGIME,
    WRONG_REGIME,
    NO_RETURN_THEN,
    GROUND_UNKNOWN,
    GROUND_AGE,
    ENTRY_BEFORE_BIRTH,
    DELETION_BEFORE_ENTRY,
    IN_FUTURE,
    MADE_LATE,
    NOT_CSA,
    DUAL_STATUS,
    AGE_OUT_OF_RANGE,
    NO_LA_ENQUIRIES,
    GROUND_BEFORE_MET,
    PERIOD_REVERSED,
    NO_SICKNESS_TEST,
    EARLY_SUBMISSION,
    AGE_UNDECIDED,
    ENTERED_LONG_BEFORE,
)


def _missing(what: str, citation: str, path: tuple[PathElement, ...]) -> Problem:
    return attrs.evolve(
        MISSING_PARTICULAR.problem(f"Missing: {what}", path=path, values={"particular": what}),
        citation=citation,
    )


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == ()


def _event_day(ret: ReturnContent) -> date:
    if isinstance(ret, NewPupilReturn):
        return ret.entered_on
    if isinstance(ret, DeletionReturn):
        return ret.deleted_on
    if isinstance(ret, AttendanceReturn):
        return ret.period_end
    return ret.recorded_on


def check_return(ret: ReturnContent, *, on: date, school: School | None = None) -> Report:
    """Every problem with a return's content, judged on ``on``: required particulars per
    regime and kind, UPN rules, the ground, dates, age, dual registration, and queries for the
    unusual (age outside the school's range, a joint-enquiries ground with no LA part, a
    temporary UPN, a late return)."""
    on = _require_date(on, "on")
    if type(ret) not in RETURN_TYPES.values():
        raise InvalidArgument(f"check_return takes a return record, not {type(ret).__name__}")
    return Report(problems=tuple(_check(ret, on, school)))


def _check(ret: ReturnContent, on: date, school: School | None) -> Iterator[Problem]:
    day = _event_day(ret)
    if ret.regime not in ("2006", "2024"):
        yield UNKNOWN_REGIME.problem(path=("regime",), values={"regime": ret.regime})
        return
    try:
        in_force = regime_for(day)
    except InvalidDate:
        yield NO_RETURN_THEN.problem(path=(_date_field(ret),))
        return
    if in_force.id != ret.regime:
        yield WRONG_REGIME.problem(
            f"{in_force.citation} was in force on {day.isoformat()}",
            path=("regime",),
            values={"regime": ret.regime, "in_force": in_force.id},
        )
    kind = ReturnKind(ret.kind)
    rule = _rule(kind, day)
    if rule is None:
        yield NO_RETURN_THEN.problem(
            f"No {kind.value} return existed on {day.isoformat()}", path=(_date_field(ret),)
        )
        return
    pupil = ret.pupil
    yield from (p.at("pupil") for p in pupil.problems(on=on) if p.code not in _PARTICULAR_CODES)
    for field in _date_fields(ret):
        value = getattr(ret, field)
        if value is not None and value > on:
            yield IN_FUTURE.problem(path=(field,), values={"judged_on": on})
    if ret.submitted_on is not None and ret.submitted_on < _earliest_submission(ret, rule):
        yield EARLY_SUBMISSION.problem(path=("submitted_on",))
    if isinstance(ret, NewPupilReturn):
        yield from _check_new_pupil(ret, rule, school)
    elif isinstance(ret, DeletionReturn):
        yield from _check_deletion(ret, rule, school)
    elif isinstance(ret, AttendanceReturn):
        yield from _check_person(ret.pupil, rule, address=True)
        if ret.period_end < ret.period_start:
            yield PERIOD_REVERSED.problem(path=("period_end",))
        yield from _check_csa(ret.pupil, ret.period_end, rule)
    else:
        yield from _check_person(ret.pupil, rule, address=True)
        yield from _check_csa(ret.pupil, ret.recorded_on, rule)
        if not (ret.consecutive or ret.total):
            yield NO_SICKNESS_TEST.problem(path=("consecutive",))


_DATE_FIELDS: Mapping[type, tuple[str, ...]] = {
    cls: tuple(
        name
        for name, hint in typing.get_type_hints(cls).items()
        if name != "submitted_on" and date in (hint, *typing.get_args(hint))
    )
    for cls in RETURN_TYPES.values()
}
"""The date fields of each return type (checked against the judging day)."""

_PARTICULAR_CODES = frozenset({"CME-PER-001", "CME-PER-002", "CME-PER-009", "CME-PER-011"})


def _earliest_submission(ret: ReturnContent, rule: ReturnRule) -> date:
    """The first day a return may be made: under the 2006 deletion rules, the day the ground
    was met (where given; else no earlier day is assumed); otherwise the event's day."""
    if isinstance(ret, DeletionReturn) and rule.timing is Timing.GROUND_MET_TO_DELETION:
        return ret.ground_met_on or date.min
    return _event_day(ret)


def _date_field(ret: ReturnContent) -> str:
    return {
        NewPupilReturn: "entered_on",
        DeletionReturn: "deleted_on",
        AttendanceReturn: "period_end",
        SicknessReturn: "recorded_on",
    }[type(ret)]


def _date_fields(ret: ReturnContent) -> tuple[str, ...]:
    return _DATE_FIELDS[type(ret)]


def _check_person(pupil: Pupil, rule: ReturnRule, *, address: bool) -> Iterator[Problem]:
    if _blank(pupil.full_name):
        yield _missing("full name", rule.citation, ("pupil", "full_name"))
    if address and pupil.address is None:
        yield _missing("address", rule.citation, ("pupil", "address"))


def _check_phones(pupil: Pupil, rule: ReturnRule, *, each: bool) -> Iterator[Problem]:
    """Emergency numbers: one for *each* parent the pupil lives with (2024 reg 8(2)(f),
    13(4)(d)), or at least one for such a parent (2006 reg 5, 12(7)(c)); a return whose
    content lists no phone (2006 12(3) as made) needs none."""
    if not any(key.startswith("emergency") for key in rule.content) and rule.kind is not (
        ReturnKind.NEW_PUPIL
    ):
        return
    lived_with = [(i, p) for i, p in enumerate(pupil.parents) if p.lives_with_pupil]
    if each:
        for i, parent in lived_with:
            if not parent.emergency_phones:
                yield _missing(
                    "emergency phone number",
                    rule.citation,
                    ("pupil", "parents", i, "emergency_phones"),
                )
    elif lived_with and not any(p.emergency_phones for _, p in lived_with):
        yield _missing(
            "an emergency phone number for a parent the pupil lives with",
            rule.citation,
            ("pupil", "parents"),
        )


def _check_csa(pupil: Pupil, day: date, rule: ReturnRule) -> Iterator[Problem]:
    if pupil.date_of_birth is None:
        yield _missing(
            "date of birth (to confirm compulsory school age)",
            rule.citation,
            ("pupil", "date_of_birth"),
        )
    else:
        csa = compulsory_school_age_status(pupil.date_of_birth, day)
        if csa is None:
            yield AGE_UNDECIDED.problem(path=("pupil", "date_of_birth"))
        elif not csa:
            yield attrs.evolve(
                NOT_CSA.problem(path=("pupil", "date_of_birth")), citation=rule.citation
            )


def _check_dual(status: EnrolmentStatus | None, partner: OtherSchool | None) -> Iterator[Problem]:
    if status is None:
        return
    if status is EnrolmentStatus.SINGLE and partner is not None:
        yield DUAL_STATUS.problem(
            "Status C (single) but a dual-registration school is given", path=("enrolment_status",)
        )
    if status.is_dual and partner is None:
        yield DUAL_STATUS.problem(
            "Status M or S but no other school is given", path=("dual_registered_with",)
        )


def _check_age_range(
    dob: date | None, year: int | None, day: date, school: School | None
) -> Iterator[Problem]:
    if dob is None or school is None:
        return
    low, high = school.most_junior_year_group, school.most_senior_year_group
    if low is None or high is None:
        return
    school_year = day.year if day.month >= 9 else day.year - 1
    expected = year_group(dob, school_year)
    if not low <= expected <= high:
        yield AGE_OUT_OF_RANGE.problem(
            path=("pupil", "date_of_birth"),
            values={"expected_year_group": expected, "school_range": [low, high]},
        )
    if year is not None and not low <= year <= high:
        yield AGE_OUT_OF_RANGE.problem(path=("year_group",), values={"year_group": year})


def _check_new_pupil(
    ret: NewPupilReturn, rule: ReturnRule, school: School | None
) -> Iterator[Problem]:
    pupil = ret.pupil
    yield from _check_person(pupil, rule, address=rule.regime == "2024")
    if pupil.date_of_birth is None:
        yield _missing("date of birth", rule.citation, ("pupil", "date_of_birth"))
    elif ret.starting_day < pupil.date_of_birth:
        yield ENTRY_BEFORE_BIRTH.problem(path=("starting_day",))
    if pupil.sex is None:
        yield _missing("sex", rule.citation, ("pupil", "sex"))
    if not pupil.parents:
        yield _missing("parents' names and addresses", rule.citation, ("pupil", "parents"))
    for i, parent in enumerate(pupil.parents):
        if _blank(parent.full_name):
            yield _missing(
                "parent's full name", rule.citation, ("pupil", "parents", i, "full_name")
            )
        if parent.address is None:
            yield _missing("parent's address", rule.citation, ("pupil", "parents", i, "address"))
    yield from _check_phones(pupil, rule, each=rule.regime == "2024")
    if pupil.parents and not pupil.parents_lived_with:
        yield _missing(
            "which parents the pupil normally lives with", rule.citation, ("pupil", "parents")
        )
    if rule.regime == "2024" and _blank(pupil.name_used_at_school):
        yield _missing("name used at school", rule.citation, ("pupil", "name_used_at_school"))
    if (ret.starting_day - ret.entered_on).days > 366:
        yield ENTERED_LONG_BEFORE.problem(path=("entered_on",))
    yield from _check_dual(ret.enrolment_status, ret.dual_registered_with)
    yield from _check_age_range(pupil.date_of_birth, ret.year_group, ret.starting_day, school)
    if ret.submitted_on is not None and rule.days is not None:
        last = ret.entered_on + timedelta(days=min(rule.days, (date.max - ret.entered_on).days))
        if ret.submitted_on > last:
            yield attrs.evolve(
                MADE_LATE.problem(path=("submitted_on",), values={"last_day": last}),
                citation=rule.citation,
            )


def _check_deletion(
    ret: DeletionReturn, rule: ReturnRule, school: School | None
) -> Iterator[Problem]:
    pupil = ret.pupil
    yield from _check_person(pupil, rule, address=rule.regime == "2024")
    regime = regime_by_id(rule.regime)
    if _blank(ret.ground):
        yield _missing("the ground for deletion", rule.citation, ("ground",))
    else:
        try:
            ground = regime.ground(ret.ground, on=ret.deleted_on)
        except (UnknownGround, CmeError) as exc:
            yield GROUND_UNKNOWN.problem(str(exc), path=("ground",), values={"regime": regime.id})
        else:
            if rule.grounds is not None and ground.ref not in rule.grounds:
                yield NO_RETURN_THEN.problem(
                    f"Before 1 Sep 2016 no return was required for ground {ground.ref}",
                    path=("ground",),
                )
            dob = pupil.date_of_birth
            csa = compulsory_school_age_status(dob, ret.deleted_on) if dob is not None else None
            if dob is not None and csa is None:
                yield AGE_UNDECIDED.problem(path=("pupil", "date_of_birth"))
            elif csa is not None:
                wanted = ground.applies_to is AgeScope.COMPULSORY_SCHOOL_AGE
                if csa != wanted:
                    yield attrs.evolve(
                        GROUND_AGE.problem(path=("ground",)), citation=ground.citation
                    )
            if ground.requires_joint_enquiries and ret.la_enquiries_on is None:
                yield attrs.evolve(
                    NO_LA_ENQUIRIES.problem(path=("la_enquiries_on",)), citation=ground.citation
                )
    parents = pupil.parents_lived_with
    if not parents:
        yield _missing(
            "the parents the pupil normally lives with", rule.citation, ("pupil", "parents")
        )
    names_needed = "parents_lived_with" in rule.content  # 2006 12(7)(b) from 2016; 2024 13(4)
    for i, parent in enumerate(pupil.parents):
        if parent.lives_with_pupil:
            if _blank(parent.full_name) and names_needed:
                yield _missing(
                    "parent's full name", rule.citation, ("pupil", "parents", i, "full_name")
                )
            if parent.address is None:
                yield _missing(
                    "parent's address", rule.citation, ("pupil", "parents", i, "address")
                )
    yield from _check_phones(pupil, rule, each="emergency_phones" in rule.content)
    if ret.entered_on is not None:
        if ret.deleted_on < ret.entered_on:
            yield DELETION_BEFORE_ENTRY.problem(path=("deleted_on",))
        if pupil.date_of_birth is not None and ret.entered_on < pupil.date_of_birth:
            yield ENTRY_BEFORE_BIRTH.problem(path=("entered_on",))
    if ret.ground_met_on is not None and ret.deleted_on < ret.ground_met_on:
        yield GROUND_BEFORE_MET.problem(path=("deleted_on",))
    yield from _check_dual(ret.enrolment_status, ret.dual_registered_with)
    yield from _check_age_range(pupil.date_of_birth, ret.year_group, ret.deleted_on, school)
    if ret.submitted_on is not None and ret.submitted_on > ret.deleted_on:
        yield attrs.evolve(
            MADE_LATE.problem(path=("submitted_on",), values={"last_day": ret.deleted_on}),
            citation=rule.citation,
        )
