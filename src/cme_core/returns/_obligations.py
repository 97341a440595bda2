"""Obligations: every return a school owes its LA, derived from its registers.

Private: import from :mod:`cme_core.returns`.
"""

from __future__ import annotations

import enum
import warnings
from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from typing import Any

import attrs

from cme_core._checks import require_date as _require_date
from cme_core._fields import checked, redact, typed_fields
from cme_core.attendance_codes import (
    ALL_CODES,
    CODES_2006,
    CODES_2024,
    REGIME_2006_START,
    REGIME_2024_START,
    CodeSet,
    RunEffect,
    code_set_for,
)
from cme_core.calendars import SchoolCalendar
from cme_core.errors import CmeError, InvalidArgument, InvalidDate
from cme_core.law.records import UnknownGround
from cme_core.law.regimes import regime_by_id
from cme_core.law.return_rules import ReturnKind, Timing
from cme_core.registers import (
    NO_MARK,
    AdmissionEntry,
    AttendanceRecord,
    Deleted,
    Entered,
    EntryState,
    SchoolRegister,
    decode_mark,
    encode_marks,
)
from cme_core.returns._deadlines import _ONE_DAY, Deadline, _plus_days, _rule
from cme_core.school_age import (
    compulsory_school_age_end,
    compulsory_school_age_start,
    compulsory_school_age_status,
)
from cme_core.schools import School


class _Details:
    """Shared behaviour of the typed details of an obligation.

    The details were a plain mapping before 0.x; ``details["key"]`` and ``details.get("key")``
    still work (with a :class:`DeprecationWarning`) so that callers can move to attributes.
    """

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: dates as ISO text, tuples as lists, unset optional keys left out."""
        out: dict[str, Any] = {}
        for field in attrs.fields(type(self)):  # type: ignore[arg-type]
            value = getattr(self, field.name)
            if value is None and field.metadata.get("omit_none"):
                continue
            if value is False and field.metadata.get("omit_false"):
                continue
            if isinstance(value, date):
                value = value.isoformat()
            elif isinstance(value, tuple):
                value = list(value)
            out[field.name] = value
        return out

    def _legacy(self, key: str) -> Any:
        warnings.warn(
            "Obligation.details is a typed record: read its attributes instead of keys",
            DeprecationWarning,
            stacklevel=3,
        )
        if key not in attrs.fields_dict(type(self)):  # type: ignore[arg-type]
            raise KeyError(key)
        return getattr(self, key)

    def __getitem__(self, key: str) -> Any:
        """Deprecated mapping access: ``details["ground"]`` -> ``details.ground``."""
        return self._legacy(key)

    def get(self, key: str, default: Any = None) -> Any:
        """Deprecated mapping access: ``details.get("ground")`` -> ``details.ground``."""
        try:
            return self._legacy(key)
        except KeyError:
            return default


_OMIT_NONE = {"omit_none": True}


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class NewPupilDetails(_Details):
    """Details of a new-pupil return obligation."""

    starting_day: date
    """The first day the pupil is expected to attend (the day the entry takes effect)."""
    exemption: str | None = attrs.field(default=None, metadata=_OMIT_NONE)
    """Why the most-junior-class exemption could not be decided, when it could not."""
    la_request: date | None = attrs.field(default=None, metadata=_OMIT_NONE)
    """The day of the LA's request that makes an otherwise exempt pupil's return due."""


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class DeletionDetails(_Details):
    """Details of a deletion return obligation."""

    ground: str | None
    """The ground for deletion as the regime writes it (e.g. ``"9(1)(g)"``), when known."""
    ground_met_on: date | None
    """The day the ground was met, when the caller gave it."""
    pending: bool = attrs.field(default=False, metadata={"omit_false": True})
    """True while the ground is met but the name not yet deleted (2006 rules only)."""


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class AttendanceDetails(_Details):
    """Details of an attendance return obligation (one period between agreed return dates)."""

    period_start: date
    period_end: date
    reasons: tuple[str, ...]
    """``"continuous_absence"`` and/or ``"irregular_attendance"``."""
    longest_run_school_days: int
    """The longest run of school days recorded only with codes that continue an absence."""
    attendance_rate: float | None
    """Attended / possible sessions in the period, rounded to 4 places; None with none possible."""


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class SicknessDetails(_Details):
    """Details of a sickness return obligation."""

    period_start: date
    consecutive: bool
    """At least 15 consecutive school days of sickness expected."""
    total: bool
    """At least 15 school days of sickness in total in the school year expected."""


ObligationDetails = NewPupilDetails | DeletionDetails | AttendanceDetails | SicknessDetails
"""The typed details of an :class:`Obligation`, one class per return kind."""

_DETAILS_FOR_KIND: dict[ReturnKind, type[_Details]] = {
    ReturnKind.NEW_PUPIL: NewPupilDetails,
    ReturnKind.DELETION: DeletionDetails,
    ReturnKind.ATTENDANCE: AttendanceDetails,
    ReturnKind.SICKNESS: SicknessDetails,
}


class ObligationStatus(enum.Enum):
    """Where a return stands on the day it is judged: not yet due, due, overdue, or made
    (on time or late)."""

    NOT_YET_DUE = "not_yet_due"
    DUE = "due"
    OVERDUE = "overdue"
    MADE_ON_TIME = "made_on_time"
    MADE_LATE = "made_late"


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
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
    details: ObligationDetails = attrs.field(hash=False)
    """Typed facts behind the obligation; its class follows :attr:`kind`."""

    @details.validator
    def _check_details(self, _attribute: object, value: object) -> None:
        expected = _DETAILS_FOR_KIND[self.kind]
        if not isinstance(value, expected):
            raise InvalidArgument(
                f"details of a {self.kind.value} obligation must be a {expected.__name__}"
            )

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
        """The obligation as JSON-ready data; with ``on``, its status on that day too."""
        data: dict[str, Any] = {
            "kind": self.kind.value,
            "pupil_id": self.pupil_id,
            "regime": self.regime,
            "trigger": self.trigger,
            "triggered_on": self.triggered_on.isoformat(),
            "earliest": self.earliest.isoformat(),
            "due": self.due.to_dict(),
            "citation": self.citation,
            "details": self.details.to_dict(),
        }
        if on is not None:
            data["status"] = self.status(on).value
        return data


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class LARequests:
    """Returns the LA has asked for beyond the statutory minimum (2006 reg 12(4), 12(8);
    2024 reg 13(3), 13(6)): each covers events *after* the day of the request."""

    new_pupil_returns_from: date | None = None
    """Day of the LA's request for returns for pupils otherwise exempt (most junior class on
    the first day of the school year)."""
    deletion_returns_from: date | None = None
    """Day of the LA's request for returns for pupils leaving after the final year."""


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
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
    recorded_by: str | None = attrs.field(default=None, repr=redact)


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
    first_days = _first_days_of_year(school, event.starting_day)
    exemption: str | None = None
    la_request: date | None = None
    exempt = (
        junior is not None
        and event.year_group == junior
        and first_days is not None
        and event.starting_day in first_days
    )
    if first_days is None:
        exemption = "undetermined: no school calendar covers the starting day"
    if exempt:
        asked = requests.new_pupil_returns_from
        if asked is None or not (
            asked < recorded if rule.la_request_before_entry else asked <= recorded
        ):
            return None
        la_request = asked
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
        details=NewPupilDetails(
            starting_day=event.starting_day, exemption=exemption, la_request=la_request
        ),
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
        details=DeletionDetails(ground=ground_ref, ground_met_on=ground_met_on),
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
        details=DeletionDetails(ground=ground, ground_met_on=met, pending=True),
    )


def _attendance_periods(dates: Sequence[date], first: date) -> Iterator[tuple[date, date]]:
    previous = first - _ONE_DAY
    for due in sorted(dates):
        if due > previous:
            yield previous + _ONE_DAY, due
            previous = due


# --- attendance returns: the run and rate kernel ---------------------------------------------
#
# Each session's mark is translated (bytes.translate, one table per code set) into one byte:
# bits 0-2 say what it does to a run of absence recorded only with G/N/O/U (1 continues, 2
# breaks, 4 no usable mark: a gap), bit 4 that it is a possible session, bit 5 that it counts
# as attendance. A school day's effect on the run is the OR of its two sessions (a gap or a
# break wins over a continuation, a neutral day is 0), taken on the whole span at once with
# int arithmetic; days without a session are masked out. Per period the day bytes are sliced,
# the neutral and non-school days deleted, and the run is the longest stretch of "continues"
# between breaks; the rates are two ``bytes.count`` calls. So a pupil costs a handful of C
# calls per period, not two ``registers.mark`` calls per school day.

_CONTINUES, _BREAKS, _GAP, _SEPARATOR, _POSSIBLE, _ATTENDED = 0x01, 0x02, 0x04, 0x08, 0x10, 0x20
_RUN_BITS = {RunEffect.CONTINUES: _CONTINUES, RunEffect.BREAKS: _BREAKS, RunEffect.NEUTRAL: 0}


def _session_table(codes: CodeSet) -> bytes:
    """256 bytes: compact mark (ASCII) -> its session byte under ``codes``."""
    out = bytearray([_GAP]) * 256
    for i in range(128):
        char = chr(i)
        if char in (NO_MARK, "?"):
            continue  # no mark, or an unknown token: no usable mark
        entry = codes.get(decode_mark(char))
        if entry is None:
            continue
        value = _RUN_BITS[entry.ten_day_return]
        if entry.treatment.is_possible_session:
            value |= _POSSIBLE
            if entry.treatment.counts_as_attendance:
                value |= _ATTENDED
        out[i] = value
    return bytes(out)


_SESSIONS_2006 = _session_table(CODES_2006)
_SESSIONS_2024 = _session_table(CODES_2024)
# A day's OR of its sessions' run bits -> b"c" (continues) or b"b" (breaks or gap), and the
# separator before each period -> b"|"; neutral days (0), days without a session and the
# morning bytes (0) are deleted as this table is read.
_DAY_CHARS = bytes(
    ord("c") if v == _CONTINUES
    else ord("b") if v & (_BREAKS | _GAP)
    else ord("|") if v == _SEPARATOR
    else 0
    for v in range(256)
)  # fmt: skip
_ATTENDED_SESSION = bytes([_POSSIBLE | _ATTENDED])
_POSSIBLE_SESSION = bytes([_POSSIBLE])
_COMPACT_OF_CODE = {code: encode_marks(code)[0] for code in ALL_CODES}


@attrs.frozen(kw_only=True)
class _Period:
    """One attendance-return period as the kernel reads it (built once per call)."""

    start: date
    due: date
    rule: Any
    """The attendance-return rule in force on the due day (None: no return then)."""
    invalid_day: date | None
    """A school day of the period before any code set is encoded (reading it raises)."""


class _Kernel:
    """The span of calendar days all periods cover, its masks, and the per-pupil reader."""

    def __init__(self, calendar: SchoolCalendar, periods: Sequence[tuple[date, date]], on: date):
        clamped: list[tuple[date, date] | None] = []
        for start, due in periods:
            a, b = max(start, calendar.start), min(due, on, calendar.end)
            clamped.append((a, b) if a <= b else None)
        spans = [c for c in clamped if c is not None]
        self.first = min((c[0] for c in spans), default=calendar.start)
        last = max((c[1] for c in spans), default=self.first)
        self.length = length = 2 * ((last - self.first).days + 1)
        run_mask = bytearray(length)
        rate_mask = bytearray(length)
        if spans:
            for day in calendar.school_days(self.first, last):
                i = 2 * (day - self.first).days
                run_mask[i + 1] = _CONTINUES | _BREAKS | _GAP
                rate_mask[i] = rate_mask[i + 1] = _POSSIBLE | _ATTENDED
        self.run_mask = int.from_bytes(run_mask, "big")
        self.rate_mask = int.from_bytes(rate_mask, "big")
        self.split = (
            2 * (REGIME_2024_START - self.first).days if self.first < REGIME_2024_START else 0
        )
        self.periods: list[_Period] = []
        self.bounds: list[tuple[int, int]] = []  # byte offsets in the span (equal: no days)
        separators = bytearray(length)  # in the (otherwise zero) morning byte of a first day
        for (start, due), c in zip(periods, clamped, strict=True):
            lo = hi = 0
            invalid: date | None = None
            if c is not None:
                lo, hi = 2 * (c[0] - self.first).days, 2 * (c[1] - self.first).days + 2
                if c[0] < REGIME_2006_START:
                    early = calendar.school_days(c[0], c[1])
                    if early and early[0] < REGIME_2006_START:
                        invalid = early[0]
            self.bounds.append((lo, hi))
            if lo < hi:
                separators[lo] = _SEPARATOR
            self.periods.append(
                _Period(
                    start=start,
                    due=due,
                    rule=_rule(ReturnKind.ATTENDANCE, due),
                    invalid_day=invalid,
                )
            )

        self.separators = int.from_bytes(separators, "big")

    def _text(self, record: AttendanceRecord) -> bytes:
        """The record's session bytes over the span (no mark outside the record)."""
        marks = record.marks
        if record.unknown:
            marks = _with_known_tokens(record)
        lo = 2 * (self.first - record.first_day).days
        hi = lo + self.length
        n = len(marks)
        if lo >= 0 and hi <= n:
            text = marks[lo:hi]
        else:
            a, b = max(lo, 0), min(hi, n)
            inside = marks[a:b] if a < b else ""
            text = NO_MARK * (min(a, hi) - lo) + inside + NO_MARK * (hi - max(b, a, lo))
        raw = text.encode("ascii", "replace")
        k = self.split
        if k <= 0:
            return raw.translate(_SESSIONS_2024)
        if k >= len(raw):
            return raw.translate(_SESSIONS_2006)
        return raw[:k].translate(_SESSIONS_2006) + raw[k:].translate(_SESSIONS_2024)

    def facts(self, record: AttendanceRecord) -> list[tuple[int, float | None]]:
        """(longest run of school days recorded only with G/N/O/U, attendance rate) for each
        period, as the day-by-day reading gives them."""
        v = int.from_bytes(self._text(record), "big")
        length = self.length
        days = (((v | (v >> 8)) & self.run_mask) | self.separators).to_bytes(length, "big")
        rates = (v & self.rate_mask).to_bytes(length, "big")
        out: list[tuple[int, float | None]] = []
        # The day bytes with a separator before each period, neutral and non-school days
        # deleted: one string per period (after the first, empty, piece) of "c" and "b".
        parts = iter(days.translate(_DAY_CHARS, b"\x00").split(b"|")[1:])
        count = rates.count
        for lo, hi in self.bounds:
            if lo == hi:
                out.append((0, None))
                continue
            run = next(parts)
            longest = max(map(len, run.split(b"b"))) if b"c" in run else 0
            attended = count(_ATTENDED_SESSION, lo, hi)
            possible = attended + count(_POSSIBLE_SESSION, lo, hi)
            out.append((longest, attended / possible if possible else None))
        return out


def _with_known_tokens(record: AttendanceRecord) -> str:
    """The marks with each ``?`` whose stored token is itself a code replaced by that code's
    compact character (``record.mark`` reads such a token as the code)."""
    marks = record.marks
    chars: list[str] | None = None
    for index, token in dict(record.unknown).items():
        compact = _COMPACT_OF_CODE.get(token)
        if compact is not None and 0 <= index < len(marks) and marks[index] == "?":
            if chars is None:
                chars = list(marks)
            chars[index] = compact
    return marks if chars is None else "".join(chars)


class _Pupil:
    """What the attendance-return checks read about one admission entry, computed once."""

    def __init__(self, entry: AdmissionEntry, ages: dict[date, tuple[date, date] | None]) -> None:
        self.entry = entry
        self.ons = sorted(e.on for e in entry.events)
        self.states: dict[int, EntryState | None] = {}
        self.spells: tuple[tuple[date, date | None], ...] | None = None
        self.ages = ages  # shared by the pupils of one call: by date of birth

    def state_on(self, day: date) -> EntryState | None:
        """``entry.state_on(day)``: it depends only on how many events took effect by then."""
        k = bisect_right(self.ons, day)
        if k not in self.states:
            self.states[k] = self.entry.state_on(day)
        return self.states[k]

    def on_roll_in(self, start: date, due: date) -> bool:
        """On roll at some point of the period."""
        if self.spells is None:
            self.spells = self.entry.roll_spells
        return any(s <= due and (e is None or e > start) for s, e in self.spells)

    def compulsory_school_age(self, dob: date, day: date) -> bool | None:
        """``compulsory_school_age_status(dob, day)``, from the dob's first and last day of
        compulsory school age (computed once): it is of that age exactly between them."""
        if dob not in self.ages:
            try:
                span: tuple[date, date] | None = (
                    compulsory_school_age_start(dob),
                    compulsory_school_age_end(dob),
                )
            except InvalidDate:
                span = None
            self.ages[dob] = span
        span = self.ages[dob]
        if span is None:
            return compulsory_school_age_status(dob, day)
        return span[0] <= day <= span[1]


def _attendance_obligations(
    register: SchoolRegister,
    periods: Sequence[tuple[date, date]],
    on: date,
    irregular_below: float | None,
) -> list[Obligation]:
    """The attendance-return obligations of every pupil for every period, in period order
    (pupils in register order within a period)."""
    calendar = register.school.calendar
    if calendar is None or not periods:
        return []  # no school days to read: no run, no rate, no return
    kernel = _Kernel(calendar, periods, on)
    found: list[list[Obligation]] = [[] for _ in periods]
    ages: dict[date, tuple[date, date] | None] = {}
    for entry in register.admissions:
        record = register.attendance_for(entry.pupil_id)
        if record is None:
            continue
        facts = kernel.facts(record)
        pupil: _Pupil | None = None
        for k, period in enumerate(kernel.periods):
            if period.rule is None:
                continue
            if period.invalid_day is not None:
                pupil = pupil or _Pupil(entry, ages)
                if _owes(pupil, period):
                    code_set_for(period.invalid_day)  # raises, as reading the day always did
                continue
            run, rate = facts[k]
            reasons = _reasons(run, rate, irregular_below)
            if not reasons:
                continue
            pupil = pupil or _Pupil(entry, ages)
            if not _owes(pupil, period):
                continue
            found[k].append(_attendance(entry, period, run, rate, reasons))
    return [ob for obs in found for ob in obs]


def _reasons(run: int, rate: float | None, irregular_below: float | None) -> list[str]:
    reasons: list[str] = []
    if run >= 10:
        reasons.append("continuous_absence")
    if irregular_below is not None and rate is not None and rate < irregular_below:
        reasons.append("irregular_attendance")
    return reasons


def _owes(pupil: _Pupil, period: _Period) -> bool:
    """On roll in the period, of compulsory school age on the due day, and not a boarder
    where the rule is for day pupils only."""
    due = period.due
    state = pupil.state_on(due)
    if state is None or not pupil.on_roll_in(period.start, due):
        return False
    dob = state.pupil.date_of_birth
    if dob is None or not pupil.compulsory_school_age(dob, due):
        return False
    return not (state.boarder and period.rule.day_pupils_only)


def _attendance(
    entry: AdmissionEntry, period: _Period, run: int, rate: float | None, reasons: list[str]
) -> Obligation:
    start, due, rule = period.start, period.due, period.rule
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
        details=AttendanceDetails(
            period_start=start,
            period_end=due,
            reasons=tuple(reasons),
            longest_run_school_days=run,
            attendance_rate=None if rate is None else round(rate, 4),
        ),
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
        details=SicknessDetails(
            period_start=expectation.period_start,
            consecutive=expectation.consecutive,
            total=expectation.total,
        ),
    )


@checked
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
        periods = list(_attendance_periods([d for d in dates if d <= on] + upcoming, first))
        found.extend(_attendance_obligations(register, periods, on, irregular_attendance_below))
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
