"""The admission register and the attendance register.

**Admission register.** Each pupil's entry is an append-only history of dated events
(:class:`Entered`, :class:`Amended`, :class:`FutureAddressRecorded`,
:class:`OtherSchoolRecorded`, :class:`BoarderStatusChanged`, :class:`EnrolmentStatusChanged`,
:class:`Deleted`). Nothing is overwritten: the state of an entry on any day is derived from the
events in force by then (:meth:`AdmissionEntry.state_on`), and the history of amendments
(2024 Regulations reg 6: original value, new value, reason, date, who) is derived from it too.

**Attendance register.** Two sessions a day, one mark a session (2006 reg 6; 2024 reg 10).
A pupil's marks are stored compactly, one character per session from a first day, so that a
whole LA's marks fit in memory: see :class:`AttendanceRecord`.

>>> import datetime as dt
>>> from cme_core.people import Pupil
>>> entry = AdmissionEntry(pupil_id="P1", events=(
...     Entered(on=dt.date(2024, 9, 4), pupil=Pupil(pupil_id="P1"), year_group=3),
...     Deleted(on=dt.date(2025, 2, 3), ground="9(1)(g)"),
... ))
>>> entry.is_on_roll(dt.date(2025, 2, 2)), entry.is_on_roll(dt.date(2025, 2, 3))
(True, False)
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, timedelta
from functools import cached_property
from typing import Any, ClassVar

import attrs

from cme_core import attendance_codes
from cme_core.errors import InvalidArgument, InvalidDate, InvalidInput
from cme_core.identifiers import upn as upn_module
from cme_core.people import Address, Pupil, _redact
from cme_core.problems import PathElement, Problem, ProblemType, Report, Severity
from cme_core.schools import School

__all__ = [
    "AM",
    "NO_MARK",
    "PM",
    "AdmissionEntry",
    "Amended",
    "Amendment",
    "AttendanceRecord",
    "BoarderStatusChanged",
    "Deleted",
    "EnrolmentStatus",
    "EnrolmentStatusChanged",
    "Entered",
    "EntryState",
    "FutureAddress",
    "FutureAddressRecorded",
    "OtherSchool",
    "OtherSchoolRecorded",
    "Particular",
    "RegisterEvent",
    "SchoolRegister",
    "decode_marks",
    "encode_marks",
    "particulars_for",
]

REGS_2024_FROM = date(2024, 8, 19)


def _as_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(value)


def _freeze_mapping(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return dict(value) if value else {}


class EnrolmentStatus(enum.Enum):
    """Census enrolment status: single registration, or main/subsidiary of a dual pair.

    ``GUEST`` is MIS practice, not a census value.
    """

    SINGLE = "C"
    MAIN = "M"
    SUBSIDIARY = "S"
    GUEST = "G"

    @property
    def is_dual(self) -> bool:
        return self in (EnrolmentStatus.MAIN, EnrolmentStatus.SUBSIDIARY)


@attrs.frozen(kw_only=True)
class OtherSchool:
    """Another school: the last one attended, a dual-registration partner, or a future one."""

    name: str | None = None
    laestab: str | None = None
    urn: str | None = None
    first_day: date | None = None
    """The first day the pupil attends (or will attend) it, where known."""
    extra: Mapping[str, Any] = attrs.field(
        factory=dict, converter=_freeze_mapping, hash=False, repr=False
    )


@attrs.frozen(kw_only=True)
class FutureAddress:
    """Where the pupil will live and from when (2006 reg 5(1)(ca); 2024 reg 8(3))."""

    address: Address = attrs.field(repr=_redact)
    parent_names: tuple[str, ...] = attrs.field(default=(), converter=_as_tuple, repr=_redact)
    from_date: date | None = None
    extra: Mapping[str, Any] = attrs.field(
        factory=dict, converter=_freeze_mapping, hash=False, repr=False
    )


# --- events --------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class _Event:
    on: date
    """The day the event takes effect."""
    recorded_on: date | None = None
    """The day it was written in the register (``None``: the same day as ``on``)."""
    recorded_by: str | None = attrs.field(default=None, repr=_redact)
    extra: Mapping[str, Any] = attrs.field(
        factory=dict, converter=_freeze_mapping, hash=False, repr=False
    )

    type: ClassVar[str]

    @property
    def recorded(self) -> date:
        return self.recorded_on if self.recorded_on is not None else self.on


@attrs.frozen(kw_only=True)
class Entered(_Event):
    """The pupil's name is entered (or re-entered) in the admission register.

    ``on`` is the date of admission (2006 reg 5) or the starting day (2024 reg 8(2)(h));
    ``recorded_on`` is the day the particulars were entered, from which the new-pupil return
    is counted (2006 reg 12(3) as amended; 2024 reg 13(1)).
    """

    type: ClassVar[str] = "entered"
    pupil: Pupil
    year_group: int | None = None
    class_name: str | None = None
    enrolment_status: EnrolmentStatus = EnrolmentStatus.SINGLE
    dual_registered_with: OtherSchool | None = None
    boarder: bool | None = None
    last_school: OtherSchool | None = None
    no_previous_school: bool = False
    """The school records that the pupil attended no school before (so no last school)."""


@attrs.frozen(kw_only=True)
class Amended(_Event):
    """The pupil's particulars are amended (2024 reg 6: the original stays readable).

    ``pupil`` holds the particulars as they stand after the amendment; the fields that
    changed, and their original values, are derived (:meth:`AdmissionEntry.amendments`).
    """

    type: ClassVar[str] = "amended"
    pupil: Pupil
    reason: str | None = attrs.field(default=None, repr=_redact)
    year_group: int | None = None


@attrs.frozen(kw_only=True)
class FutureAddressRecorded(_Event):
    """A parent has told the school of a future address (2006 5(1)(ca); 2024 8(3))."""

    type: ClassVar[str] = "future_address_recorded"
    future_address: FutureAddress


@attrs.frozen(kw_only=True)
class OtherSchoolRecorded(_Event):
    """The school has been told of another school (2006 5(1)(g); 2024 8(4)-(5))."""

    type: ClassVar[str] = "other_school_recorded"
    other_school: OtherSchool
    told_by: str | None = attrs.field(default=None, repr=_redact)


@attrs.frozen(kw_only=True)
class BoarderStatusChanged(_Event):
    """The pupil becomes a boarder or a day pupil (2006 reg 5(2); 2024 reg 8(6))."""

    type: ClassVar[str] = "boarder_status_changed"
    boarder: bool


@attrs.frozen(kw_only=True)
class EnrolmentStatusChanged(_Event):
    """Single registration becomes dual, or the reverse."""

    type: ClassVar[str] = "enrolment_status_changed"
    enrolment_status: EnrolmentStatus
    dual_registered_with: OtherSchool | None = None


@attrs.frozen(kw_only=True)
class Deleted(_Event):
    """The pupil's name is deleted, on ``on``, on a statutory ground.

    ``ground`` is a reference such as ``"8(1)(h)"`` or ``"9(1)(i)"``; ``regime`` is ``"2006"``
    or ``"2024"`` (``None``: the regime in force on ``on``). The ground is checked against the
    law by :mod:`cme_core.law`; the register only records it.
    """

    type: ClassVar[str] = "deleted"
    ground: str
    regime: str | None = None

    @property
    def regime_id(self) -> str:
        if self.regime is not None:
            return self.regime
        return "2024" if self.on >= REGS_2024_FROM else "2006"


RegisterEvent = (
    Entered
    | Amended
    | FutureAddressRecorded
    | OtherSchoolRecorded
    | BoarderStatusChanged
    | EnrolmentStatusChanged
    | Deleted
)
EVENT_TYPES: tuple[type[_Event], ...] = (
    Entered,
    Amended,
    FutureAddressRecorded,
    OtherSchoolRecorded,
    BoarderStatusChanged,
    EnrolmentStatusChanged,
    Deleted,
)

# --- problems ------------------------------------------------------------------------------

FIRST_NOT_ENTRY = ProblemType(
    code="CME-REG-001",
    severity=Severity.ERROR,
    title="The first event of an admission entry must be the entry of the pupil's name",
)
EVENT_OFF_ROLL = ProblemType(
    code="CME-REG-002",
    severity=Severity.ERROR,
    title="Event for a pupil whose name is not on the register at that date",
)
SECOND_DELETION = ProblemType(
    code="CME-REG-003",
    severity=Severity.ERROR,
    title="Deletion of a name that was already deleted",
)
DELETION_BEFORE_ENTRY = ProblemType(
    code="CME-REG-004",
    severity=Severity.ERROR,
    title="Deletion dated before the pupil's entry",
)
FUTURE_EVENT = ProblemType(
    code="CME-REG-005",
    severity=Severity.ERROR,
    title="Event dated after the date the register is judged on",
)
RECORDED_BEFORE_EFFECT = ProblemType(
    code="CME-REG-006Q",
    severity=Severity.QUERY,
    title="Please check: a deletion was recorded before the day it takes effect",
)
RETROSPECTIVE_DELETION = ProblemType(
    code="CME-REG-007Q",
    severity=Severity.QUERY,
    title="Please check: a deletion was recorded after the day it takes effect (retrospective)",
    citation="DfE, Working together to improve school attendance (2024): never retrospectively",
)
DUAL_WITH_SINGLE_STATUS = ProblemType(
    code="CME-REG-008",
    severity=Severity.ERROR,
    title="Dual registration recorded with enrolment status C (single registration)",
)
DUAL_STATUS_NO_PARTNER = ProblemType(
    code="CME-REG-009Q",
    severity=Severity.QUERY,
    title="Please check: enrolment status M or S but no other school recorded",
)
OUT_OF_ORDER = ProblemType(
    code="CME-REG-010Q",
    severity=Severity.QUERY,
    title="Please check: events are not in date order",
)
DUPLICATE_PUPIL_ID = ProblemType(
    code="CME-REG-011",
    severity=Severity.ERROR,
    title="The same pupil_id has two admission entries",
)
DUPLICATE_UPN = ProblemType(
    code="1520",
    severity=Severity.ERROR,
    title="The same UPN is used for more than one pupil",
    citation="DfE census rule 1520",
)
REENTERED = ProblemType(
    code="CME-REG-013",
    severity=Severity.ERROR,
    title="The pupil's name is entered again while it is still on the register",
)
PUPIL_ID_MISMATCH = ProblemType(
    code="CME-REG-012",
    severity=Severity.ERROR,
    title="The pupil_id in the particulars differs from the entry's pupil_id",
)
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
MARKS_NO_ENTRY = ProblemType(
    code="CME-ATT-105",
    severity=Severity.ERROR,
    title="Attendance marks for a pupil with no admission entry",
)
PARTICULAR_MISSING = ProblemType(
    code="CME-REG-020",
    severity=Severity.ERROR,
    title="A particular the admission register must contain is missing",
)

PROBLEM_TYPES: tuple[ProblemType, ...] = (
    FIRST_NOT_ENTRY,
    EVENT_OFF_ROLL,
    SECOND_DELETION,
    DELETION_BEFORE_ENTRY,
    FUTURE_EVENT,
    RECORDED_BEFORE_EFFECT,
    RETROSPECTIVE_DELETION,
    DUAL_WITH_SINGLE_STATUS,
    DUAL_STATUS_NO_PARTNER,
    OUT_OF_ORDER,
    DUPLICATE_PUPIL_ID,
    DUPLICATE_UPN,
    PUPIL_ID_MISMATCH,
    REENTERED,
    MARK_UNKNOWN,
    MARK_OFF_ROLL,
    MARK_IN_FUTURE,
    MARK_NOT_SCHOOL_DAY,
    MARKS_NO_ENTRY,
    PARTICULAR_MISSING,
)

# --- derived state -------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class EntryState:
    """What the admission register says of one pupil on one day (derived, never stored)."""

    pupil: Pupil = attrs.field(repr=False)
    on_roll: bool
    entered: Entered = attrs.field(repr=False)
    """The (latest) entry event."""
    year_group: int | None = None
    enrolment_status: EnrolmentStatus = EnrolmentStatus.SINGLE
    dual_registered_with: OtherSchool | None = None
    boarder: bool | None = None
    future_address: FutureAddress | None = attrs.field(default=None, repr=False)
    other_school: OtherSchool | None = None
    deleted: Deleted | None = None

    @property
    def entered_on(self) -> date:
        return self.entered.on


@attrs.frozen(kw_only=True)
class Amendment:
    """One changed particular: original value, new value, reason, date and who (2024 reg 6)."""

    field: str
    original: Any = attrs.field(repr=_redact)
    new: Any = attrs.field(repr=_redact)
    reason: str | None = attrs.field(repr=_redact)
    on: date
    recorded_by: str | None = attrs.field(repr=_redact)


_AMENDABLE = tuple(a.name for a in attrs.fields(Pupil) if a.name not in ("pupil_id", "extra"))


def _apply(state: EntryState | None, event: RegisterEvent) -> EntryState | None:
    if isinstance(event, Entered):
        return EntryState(
            pupil=event.pupil,
            on_roll=True,
            entered=event,
            year_group=event.year_group,
            enrolment_status=event.enrolment_status,
            dual_registered_with=event.dual_registered_with,
            boarder=event.boarder,
            other_school=None,
        )
    if state is None:
        return None
    if isinstance(event, Amended):
        year = event.year_group if event.year_group is not None else state.year_group
        return attrs.evolve(state, pupil=event.pupil, year_group=year)
    if isinstance(event, FutureAddressRecorded):
        return attrs.evolve(state, future_address=event.future_address)
    if isinstance(event, OtherSchoolRecorded):
        return attrs.evolve(state, other_school=event.other_school)
    if isinstance(event, BoarderStatusChanged):
        return attrs.evolve(state, boarder=event.boarder)
    if isinstance(event, EnrolmentStatusChanged):
        return attrs.evolve(
            state,
            enrolment_status=event.enrolment_status,
            dual_registered_with=event.dual_registered_with,
        )
    return attrs.evolve(state, on_roll=False, deleted=event)


@attrs.frozen(kw_only=True)
class AdmissionEntry:
    """One pupil's history in a school's admission register.

    ``events`` are kept in the order given (the order they were written). State is derived by
    applying the events that took effect on or before a day in date order (events of the same
    day in the order given); :meth:`roll_spells` uses the same order.
    """

    pupil_id: str
    events: tuple[RegisterEvent, ...] = attrs.field(converter=_as_tuple)
    extra: Mapping[str, Any] = attrs.field(
        factory=dict, converter=_freeze_mapping, hash=False, repr=False
    )

    def state_on(self, day: date, *, as_recorded: bool = False) -> EntryState | None:
        """The entry as it stood on ``day`` (``None`` before the first entry).

        With ``as_recorded=True`` only events *written* by ``day`` count ("what did the
        register say on ``day``"); otherwise every event that *took effect* by ``day``.
        """
        state: EntryState | None = None

        def when(event: RegisterEvent) -> date:
            return event.recorded if as_recorded else event.on

        for event in sorted(self.events, key=when):  # stable: same-day events keep their order
            if when(event) <= day:
                state = _apply(state, event)
        return state

    def is_on_roll(self, day: date) -> bool:
        state = self.state_on(day)
        return state is not None and state.on_roll

    @property
    def entries(self) -> tuple[Entered, ...]:
        return tuple(e for e in self.events if isinstance(e, Entered))

    @property
    def deletions(self) -> tuple[Deleted, ...]:
        return tuple(e for e in self.events if isinstance(e, Deleted))

    @property
    def latest_pupil(self) -> Pupil | None:
        """The latest particulars given for the pupil, whatever their date."""
        pupil = None
        for event in self.events:
            if isinstance(event, Entered | Amended):
                pupil = event.pupil
        return pupil

    @cached_property
    def roll_spells(self) -> tuple[tuple[date, date | None], ...]:
        """Periods on roll as (first day, day of deletion or ``None``); half-open intervals."""
        spells: list[tuple[date, date | None]] = []
        start: date | None = None
        for event in sorted(self.events, key=lambda e: e.on):
            if isinstance(event, Entered) and start is None:
                start = event.on
            elif isinstance(event, Deleted) and start is not None:
                spells.append((start, event.on))
                start = None
        if start is not None:
            spells.append((start, None))
        return tuple(spells)

    def amendments(self) -> tuple[Amendment, ...]:
        """Every changed particular, with original and new values, reason, date and who."""
        found: list[Amendment] = []
        current: Pupil | None = None
        for event in self.events:
            if isinstance(event, Entered):
                current = event.pupil
            elif isinstance(event, Amended) and current is not None:
                for name in _AMENDABLE:
                    old, new = getattr(current, name), getattr(event.pupil, name)
                    if old != new:
                        found.append(
                            Amendment(
                                field=name,
                                original=old,
                                new=new,
                                reason=event.reason,
                                on=event.on,
                                recorded_by=event.recorded_by,
                            )
                        )
                current = event.pupil
        return tuple(found)

    def problems(self, *, on: date, path: tuple[PathElement, ...] = ()) -> tuple[Problem, ...]:
        """Every problem with this entry's history, judged on ``on``."""
        return tuple(self._problems(on, path))

    def _problems(self, on: date, path: tuple[PathElement, ...]) -> Iterator[Problem]:
        if not self.events:
            yield FIRST_NOT_ENTRY.problem(path=(*path, "events"))
            return
        if not isinstance(self.events[0], Entered):
            yield FIRST_NOT_ENTRY.problem(path=(*path, "events", 0))
        on_roll = False
        entered_on: date | None = None
        previous: date | None = None
        for i, event in enumerate(self.events):
            where = (*path, "events", i)
            if previous is not None and event.on < previous:
                yield OUT_OF_ORDER.problem(path=(*where, "on"))
            previous = event.on
            if event.on > on or event.recorded > on:
                yield FUTURE_EVENT.problem(
                    path=(*where, "on"), values={"event_on": event.on, "judged_on": on}
                )
            if isinstance(event, Entered | Amended):
                if event.pupil.pupil_id != self.pupil_id:
                    yield PUPIL_ID_MISMATCH.problem(path=(*where, "pupil", "pupil_id"))
                yield from event.pupil.problems(on=on, path=(*where, "pupil"))
            if isinstance(event, Entered | EnrolmentStatusChanged):
                yield from _dual_problems(event, where)
            if isinstance(event, Entered):
                if on_roll:
                    yield REENTERED.problem(path=where, values={"entered_on": entered_on})
                on_roll, entered_on = True, event.on
            elif isinstance(event, Deleted):
                if entered_on is not None and event.on < entered_on:
                    yield DELETION_BEFORE_ENTRY.problem(
                        path=(*where, "on"), values={"entered_on": entered_on}
                    )
                elif not on_roll and entered_on is not None:
                    yield SECOND_DELETION.problem(path=where)
                if event.recorded < event.on:
                    yield RECORDED_BEFORE_EFFECT.problem(path=(*where, "recorded_on"))
                elif event.recorded > event.on:
                    yield RETROSPECTIVE_DELETION.problem(
                        path=(*where, "recorded_on"),
                        values={"deleted_on": event.on, "recorded_on": event.recorded},
                    )
                on_roll = False
            elif not on_roll and entered_on is not None:
                yield EVENT_OFF_ROLL.problem(path=where, values={"event": event.type})


def _dual_problems(
    event: Entered | EnrolmentStatusChanged, where: tuple[PathElement, ...]
) -> Iterator[Problem]:
    status = event.enrolment_status
    if status is EnrolmentStatus.SINGLE and event.dual_registered_with is not None:
        yield DUAL_WITH_SINGLE_STATUS.problem(path=(*where, "enrolment_status"))
    if status.is_dual and event.dual_registered_with is None:
        yield DUAL_STATUS_NO_PARTNER.problem(path=(*where, "dual_registered_with"))


# --- particulars per regime ----------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Particular:
    """One particular the admission register must hold, under one regime."""

    key: str
    title: str
    citation: str
    regime: str
    present: Callable[[EntryState], bool] = attrs.field(eq=False, repr=False)
    applies: Callable[[EntryState], bool] = attrs.field(
        default=lambda _s: True, eq=False, repr=False
    )


def _has(value: object) -> bool:
    return value is not None and (not isinstance(value, str) or bool(value.strip()))


def _parents_named(s: EntryState) -> bool:
    return bool(s.pupil.parents) and all(_has(p.full_name) for p in s.pupil.parents)


def _parents_addressed(s: EntryState) -> bool:
    return bool(s.pupil.parents) and all(p.address is not None for p in s.pupil.parents)


def _lives_with_and_phones(s: EntryState) -> bool:
    lived_with = s.pupil.parents_lived_with
    return bool(lived_with) and all(p.emergency_phones for p in lived_with)


def _last_school_given(s: EntryState) -> bool:
    """The last school is a particular "if any": not needed when the school records that there
    was none, or for a pupil entering nursery or reception (year group 0 or below)."""
    entered = s.entered
    if entered.last_school is not None or entered.no_previous_school:
        return True
    return s.year_group is not None and s.year_group <= 0


def _lives_with_marked_and_one_phone(s: EntryState) -> bool:
    lived_with = s.pupil.parents_lived_with
    return bool(lived_with) and any(p.emergency_phones for p in lived_with)


PARTICULARS_2006: tuple[Particular, ...] = (
    Particular(
        key="full_name",
        title="Full name",
        citation="SI 2006/1751 reg 5(1)(a)",
        regime="2006",
        present=lambda s: _has(s.pupil.full_name),
    ),
    Particular(
        key="sex",
        title="Sex",
        citation="SI 2006/1751 reg 5(1)(b)",
        regime="2006",
        present=lambda s: s.pupil.sex is not None,
    ),
    Particular(
        key="parents",
        title="Name and address of every known parent",
        citation="SI 2006/1751 reg 5(1)(c)",
        regime="2006",
        present=lambda s: _parents_named(s) and _parents_addressed(s),
    ),
    Particular(
        key="lives_with_and_phone",
        title="Parents the pupil normally lives with marked; an emergency phone number",
        citation="SI 2006/1751 reg 5(1)(c)",
        regime="2006",
        present=_lives_with_marked_and_one_phone,
    ),
    Particular(
        key="date_of_birth",
        title="Date of birth",
        citation="SI 2006/1751 reg 5(1)(d)",
        regime="2006",
        present=lambda s: s.pupil.date_of_birth is not None,
    ),
    Particular(
        key="date_of_admission",
        title="Date of admission or re-admission",
        citation="SI 2006/1751 reg 5(1)(e)",
        regime="2006",
        present=lambda s: True,
    ),
    Particular(
        key="last_school",
        title="Name and address of the last school attended, if any",
        citation="SI 2006/1751 reg 5(1)(f)",
        regime="2006",
        present=_last_school_given,
    ),
)
"""Particulars of the 2006 Regulations reg 5(1). Paragraph letters are **unverified**."""

PARTICULARS_2024: tuple[Particular, ...] = (
    Particular(
        key="full_name",
        title="Full name",
        citation="SI 2024/208 reg 8(2)(a)",
        regime="2024",
        present=lambda s: _has(s.pupil.full_name),
    ),
    Particular(
        key="name_used_at_school",
        title="Name used at school",
        citation="SI 2024/208 reg 8(2)(b)",
        regime="2024",
        present=lambda s: _has(s.pupil.name_used_at_school),
    ),
    Particular(
        key="sex",
        title="Sex",
        citation="SI 2024/208 reg 8(2)(c)",
        regime="2024",
        present=lambda s: s.pupil.sex is not None,
    ),
    Particular(
        key="address",
        title="Address",
        citation="SI 2024/208 reg 8(2)(d)",
        regime="2024",
        present=lambda s: s.pupil.address is not None,
    ),
    Particular(
        key="parents",
        title="Full name and address of each parent",
        citation="SI 2024/208 reg 8(2)(e)",
        regime="2024",
        present=lambda s: _parents_named(s) and _parents_addressed(s),
    ),
    Particular(
        key="lives_with_and_phones",
        title="Parents the pupil normally lives with; an emergency phone number for each",
        citation="SI 2024/208 reg 8(2)(f)",
        regime="2024",
        present=_lives_with_and_phones,
    ),
    Particular(
        key="date_of_birth",
        title="Date of birth",
        citation="SI 2024/208 reg 8(2)(g)",
        regime="2024",
        present=lambda s: s.pupil.date_of_birth is not None,
    ),
    Particular(
        key="starting_day",
        title="Starting day",
        citation="SI 2024/208 reg 8(2)(h)",
        regime="2024",
        present=lambda s: True,
    ),
    Particular(
        key="last_school",
        title="Last school attended, if any",
        citation="SI 2024/208 reg 8(2)(i)",
        regime="2024",
        present=_last_school_given,
    ),
)
"""Particulars of the 2024 Regulations reg 8(2)."""


_ENTRY_PARTICULARS = {
    "date_of_admission": "on",
    "starting_day": "on",
    "last_school": "last_school",
}
_PUPIL_PARTICULARS = {
    "lives_with_and_phone": "parents",
    "lives_with_and_phones": "parents",
}


def particulars_for(regime: str) -> tuple[Particular, ...]:
    """The particulars the admission register must hold under ``regime`` ("2006"/"2024")."""
    if regime == "2006":
        return PARTICULARS_2006
    if regime == "2024":
        return PARTICULARS_2024
    raise InvalidInput(f"regime must be '2006' or '2024', not {regime!r}")


# --- attendance: compact marks -------------------------------------------------------------

AM = 0
PM = 1
NO_MARK = "-"
"""The character for "no mark recorded / no session" in a marks string."""

_MULTI = {"C1": "a", "C2": "b", "J1": "j", **{f"Y{i}": str(i) for i in range(1, 8)}}
_ENCODE: dict[str, str] = dict(_MULTI)
_DECODE: dict[str, str] = {v: k for k, v in _MULTI.items()}
_SINGLE_CODES = frozenset("/\\LKVPWBDMSXCTRIQEGNOUZ#HJYF")


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


@attrs.frozen(kw_only=True)
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
    extra: Mapping[str, Any] = attrs.field(
        factory=dict, converter=_freeze_mapping, hash=False, repr=False
    )

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
        return 2 * (day - self.first_day).days + session

    def mark(self, day: date, session: int) -> str | None:
        """The code recorded for a session, or ``None`` when there is no mark."""
        if session not in (AM, PM):
            raise InvalidInput("session must be AM (0) or PM (1)")
        i = self.index(day, session)
        if i < 0 or i >= len(self.marks):
            return None
        char = self.marks[i]
        if char == NO_MARK:
            return None
        return dict(self.unknown).get(i) if char == "?" else decode_mark(char)

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
            found.extend(attendance_codes.validate_mark(code, day, path=where))
            if spells is not None and not _in_spells(day, spells):
                found.append(MARK_OFF_ROLL.problem(path=where, values={"day": day}))
            if calendar is not None and calendar.covers(day) and not calendar.is_school_day(day):
                found.append(MARK_NOT_SCHOOL_DAY.problem(path=where, values={"day": day}))
        return tuple(found)


def _in_spells(day: date, spells: Sequence[tuple[date, date | None]]) -> bool:
    return any(start <= day and (end is None or day < end) for start, end in spells)


# --- the whole register --------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class SchoolRegister:
    """A school's admission register and attendance register together: the wire document
    portals and MIS vendors hand to cme_core."""

    school: School
    admissions: tuple[AdmissionEntry, ...] = attrs.field(default=(), converter=_as_tuple)
    attendance: tuple[AttendanceRecord, ...] = attrs.field(default=(), converter=_as_tuple)
    extra: Mapping[str, Any] = attrs.field(
        factory=dict, converter=_freeze_mapping, hash=False, repr=False
    )

    @cached_property
    def _entries_by_id(self) -> dict[str, AdmissionEntry]:
        return {e.pupil_id: e for e in self.admissions}

    @cached_property
    def _attendance_by_id(self) -> dict[str, AttendanceRecord]:
        return {r.pupil_id: r for r in self.attendance}

    def entry(self, pupil_id: str) -> AdmissionEntry | None:
        return self._entries_by_id.get(pupil_id)

    def attendance_for(self, pupil_id: str) -> AttendanceRecord | None:
        return self._attendance_by_id.get(pupil_id)

    def on_roll(self, day: date) -> tuple[str, ...]:
        """The pupil_ids on roll on ``day``."""
        return tuple(e.pupil_id for e in self.admissions if e.is_on_roll(day))

    def validate(self, *, on: date) -> Report:
        """Every problem in both registers, judged on ``on``."""
        found: list[Problem] = list(self.school.problems(path=("school",)))
        seen: dict[str, int] = {}
        upns: dict[str, str] = {}
        for i, entry in enumerate(self.admissions):
            where: tuple[PathElement, ...] = ("admissions", i)
            if entry.pupil_id in seen:
                found.append(DUPLICATE_PUPIL_ID.problem(path=(*where, "pupil_id")))
            seen.setdefault(entry.pupil_id, i)
            found.extend(entry.problems(on=on, path=where))
            pupil = entry.latest_pupil
            if pupil is not None and pupil.upn and upn_module.is_valid(pupil.upn):
                key = upn_module.compact(pupil.upn)
                if key in upns and upns[key] != entry.pupil_id:
                    found.append(DUPLICATE_UPN.problem(path=(*where, "pupil_id")))
                upns.setdefault(key, entry.pupil_id)
        for i, record in enumerate(self.attendance):
            where = ("attendance", i)
            entry_for = self.entry(record.pupil_id)
            if entry_for is None:
                found.append(MARKS_NO_ENTRY.problem(path=(*where, "pupil_id")))
            found.extend(record.problems(on=on, entry=entry_for, school=self.school, path=where))
        return Report(problems=found)

    def particulars(self, pupil_id: str, *, on: date, regime: str | None = None) -> Report:
        """Which particulars the register holds for a pupil on ``on``, under ``regime``
        (default: the regime in force on ``on``): one ERROR per missing particular."""
        regime = regime or ("2024" if on >= REGS_2024_FROM else "2006")
        entry = self.entry(pupil_id)
        if entry is None:
            raise InvalidInput("no admission entry with that pupil_id")
        state = entry.state_on(on)
        if state is None:
            raise InvalidDate("the pupil had not been entered in the register by that date")
        index = self.admissions.index(entry)
        entered_at = entry.events.index(state.entered)
        pupil_at = max(
            (
                i
                for i, e in enumerate(entry.events)
                if isinstance(e, Entered | Amended) and e.on <= on and e.pupil is state.pupil
            ),
            default=entered_at,
        )

        def where(key: str) -> tuple[PathElement, ...]:
            base: tuple[PathElement, ...] = ("admissions", index, "events")
            if key in _ENTRY_PARTICULARS:
                return (*base, entered_at, _ENTRY_PARTICULARS[key])
            return (*base, pupil_at, "pupil", _PUPIL_PARTICULARS.get(key, key))

        return Report(
            problems=(
                attrs.evolve(
                    PARTICULAR_MISSING.problem(
                        f"Missing particular: {p.title}",
                        path=where(p.key),
                        values={"particular": p.key, "regime": regime},
                    ),
                    citation=p.citation,
                )
                for p in particulars_for(regime)
                if p.applies(state) and not p.present(state)
            )
        )
