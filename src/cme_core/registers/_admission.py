"""The admission register: events, entries and the state derived from them.

Private: import from :mod:`cme_core.registers`.
"""

from __future__ import annotations

import enum
import warnings
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from functools import cached_property
from typing import Any, ClassVar

import attrs

from cme_core._fields import checked, extra_field, redact, typed_fields
from cme_core.errors import InvalidArgument
from cme_core.people import Address, Pupil
from cme_core.periods import regime_id_on
from cme_core.problems import PathElement, Problem, ProblemType, Severity


def _as_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(value)


def _names(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


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
        """True for a dual registration (the main or a subsidiary school)."""
        return self in (EnrolmentStatus.MAIN, EnrolmentStatus.SUBSIDIARY)


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class OtherSchool:
    """Another school: the last one attended, a dual-registration partner, or a future one."""

    name: str | None = None
    laestab: str | None = None
    urn: str | None = None
    first_day: date | None = None
    """The first day the pupil attends (or will attend) it, where known."""
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class FutureAddress:
    """Where the pupil will live and from when (2006 reg 5(1)(ca); 2024 reg 8(3))."""

    address: Address = attrs.field(repr=redact)
    parent_names: tuple[str, ...] = attrs.field(default=(), converter=_names, repr=redact)
    from_date: date | None = None
    extra: Mapping[str, Any] = extra_field()


# --- events --------------------------------------------------------------------------------


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class _Event:
    on: date
    """The day the event takes effect."""
    recorded_on: date | None = None
    """The day it was written in the register (``None``: the same day as ``on``)."""
    recorded_by: str | None = attrs.field(default=None, repr=redact)
    extra: Mapping[str, Any] = extra_field()

    type: ClassVar[str]

    @property
    def recorded(self) -> date:
        return self.recorded_on if self.recorded_on is not None else self.on


_ENTERED_RENAMED = {"on": "starting_day", "recorded_on": "entered_on"}
"""The 0.1 names of :class:`Entered`'s two days (constructor keywords and wire keys), and the
names that replace them (0.2)."""


@attrs.frozen(kw_only=True, field_transformer=typed_fields, init=False)
class Entered:
    """The pupil's name is entered (or re-entered) in the admission register.

    Two days, named as the Regulations name them:

    - ``starting_day``: "the first day on which the pupil attends or is expected to attend
      the school" (2024 reg 8(2)(h)), the 2006 rules' date of admission (2006 reg 5): the day
      the entry takes effect (the pupil is on roll from it);
    - ``entered_on``: the day the pupil's name (the particulars) was entered in the register,
      from which the new-pupil return is counted: "the fifth day after the day on which" the
      name is entered (2006 reg 12(3) as amended; 2024 reg 13(1)). ``None``: the starting
      day. :func:`~cme_core.returns.new_pupil_return_due` takes the event itself.

    Like every register event, an ``Entered`` also answers to the generic names ``on`` (the
    day it takes effect: the starting day), ``recorded_on`` (``entered_on``) and ``recorded``
    (``entered_on``, or the starting day). The constructor keywords ``on=`` and
    ``recorded_on=`` (and the wire keys ``"on"`` and ``"recorded_on"``) of 0.1 are still
    accepted for this event until 0.3, the keywords with a :class:`DeprecationWarning`.

    >>> from datetime import date
    >>> from cme_core.people import Pupil
    >>> e = Entered(starting_day=date(2025, 3, 31), entered_on=date(2025, 3, 28),
    ...             pupil=Pupil(pupil_id="P1"))
    >>> e.on, e.recorded
    (datetime.date(2025, 3, 31), datetime.date(2025, 3, 28))
    """

    type: ClassVar[str] = "entered"
    starting_day: date
    """The first day the pupil attends or is expected to attend (2024 reg 8(2)(h)); the date
    of admission (2006 reg 5)."""
    entered_on: date | None = None
    """The day the name was entered in the register (``None``: the starting day)."""
    recorded_by: str | None = attrs.field(default=None, repr=redact)
    extra: Mapping[str, Any] = extra_field()
    pupil: Pupil
    year_group: int | None = None
    class_name: str | None = None
    enrolment_status: EnrolmentStatus = EnrolmentStatus.SINGLE
    dual_registered_with: OtherSchool | None = None
    boarder: bool | None = None
    last_school: OtherSchool | None = None
    no_previous_school: bool = False
    """The school records that the pupil attended no school before (so no last school)."""

    def __init__(
        self,
        *,
        starting_day: date | None = None,
        entered_on: date | None = None,
        pupil: Pupil,
        recorded_by: str | None = None,
        extra: Mapping[str, Any] | None = None,
        year_group: int | None = None,
        class_name: str | None = None,
        enrolment_status: EnrolmentStatus = EnrolmentStatus.SINGLE,
        dual_registered_with: OtherSchool | None = None,
        boarder: bool | None = None,
        last_school: OtherSchool | None = None,
        no_previous_school: bool = False,
        on: date | None = None,
        recorded_on: date | None = None,
    ) -> None:
        """Build the event; ``on=`` and ``recorded_on=`` are the deprecated names of
        ``starting_day=`` and ``entered_on=``."""
        if on is not None:
            _warn_renamed("on")
            if starting_day is not None:
                raise InvalidArgument("give starting_day, not also its deprecated name on")
            starting_day = on
        if recorded_on is not None:
            _warn_renamed("recorded_on")
            if entered_on is not None:
                raise InvalidArgument("give entered_on, not also its deprecated name recorded_on")
            entered_on = recorded_on
        if starting_day is None:
            raise InvalidArgument("Entered needs starting_day (a datetime.date)")
        more = {} if extra is None else {"extra": extra}
        self.__attrs_init__(
            starting_day=starting_day,
            entered_on=entered_on,
            pupil=pupil,
            recorded_by=recorded_by,
            year_group=year_group,
            class_name=class_name,
            enrolment_status=enrolment_status,
            dual_registered_with=dual_registered_with,
            boarder=boarder,
            last_school=last_school,
            no_previous_school=no_previous_school,
            **more,
        )

    @property
    def on(self) -> date:
        """The generic name of the day the event takes effect: the starting day."""
        return self.starting_day

    @property
    def recorded_on(self) -> date | None:
        """The generic name of the day the event was written: ``entered_on``."""
        return self.entered_on

    @property
    def recorded(self) -> date:
        """The day the name was entered: ``entered_on``, or the starting day."""
        return self.entered_on if self.entered_on is not None else self.starting_day


def _warn_renamed(old: str) -> None:
    warnings.warn(
        f"Entered({old}=...) is deprecated: use Entered({_ENTERED_RENAMED[old]}=...), "
        "the name the Regulations use",
        DeprecationWarning,
        stacklevel=3,
    )


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Amended(_Event):
    """The pupil's particulars are amended (2024 reg 6: the original stays readable).

    ``pupil`` holds the particulars as they stand after the amendment; the fields that
    changed, and their original values, are derived (:meth:`AdmissionEntry.amendments`).
    """

    type: ClassVar[str] = "amended"
    pupil: Pupil
    reason: str | None = attrs.field(default=None, repr=redact)
    year_group: int | None = None


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class FutureAddressRecorded(_Event):
    """A parent has told the school of a future address (2006 5(1)(ca); 2024 8(3))."""

    type: ClassVar[str] = "future_address_recorded"
    future_address: FutureAddress


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class OtherSchoolRecorded(_Event):
    """The school has been told of another school (2006 5(1)(g); 2024 8(4)-(5))."""

    type: ClassVar[str] = "other_school_recorded"
    other_school: OtherSchool
    told_by: str | None = attrs.field(default=None, repr=redact)


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class BoarderStatusChanged(_Event):
    """The pupil becomes a boarder or a day pupil (2006 reg 5(2); 2024 reg 8(6))."""

    type: ClassVar[str] = "boarder_status_changed"
    boarder: bool


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class EnrolmentStatusChanged(_Event):
    """Single registration becomes dual, or the reverse."""

    type: ClassVar[str] = "enrolment_status_changed"
    enrolment_status: EnrolmentStatus
    dual_registered_with: OtherSchool | None = None


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Deleted(_Event):
    """The pupil's name is deleted, on ``on``, on a statutory ground.

    ``ground`` is a reference such as ``"8(1)(h)"`` or ``"9(1)(i)"``; ``regime`` is a
    :class:`~cme_core.periods.RegimeId` or its value (``None``: the regime in force on
    ``on``). The ground is checked against the law by :mod:`cme_core.law`; the register only
    records it.
    """

    type: ClassVar[str] = "deleted"
    ground: str
    regime: str | None = None

    @property
    def regime_id(self) -> str:
        """The regime the deletion is recorded under: ``regime``, or the one in force on
        ``on``."""
        if self.regime is not None:
            return self.regime
        return regime_id_on(self.on)


RegisterEvent = (
    Entered
    | Amended
    | FutureAddressRecorded
    | OtherSchoolRecorded
    | BoarderStatusChanged
    | EnrolmentStatusChanged
    | Deleted
)
EVENT_TYPES: tuple[type[Entered] | type[_Event], ...] = (
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

# --- derived state -------------------------------------------------------------------------


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
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
    def starting_day(self) -> date:
        """The starting day of the (latest) entry (2024 reg 8(2)(h); 2006: date of
        admission)."""
        return self.entered.starting_day

    @property
    def entered_on(self) -> date:
        """Deprecated since 0.2.0 (to be removed in 0.3.0): this is the *starting day*
        (:attr:`starting_day`); the day the name was entered is ``entered.recorded``."""
        warnings.warn(
            "EntryState.entered_on is deprecated: it is the starting day; use "
            "EntryState.starting_day (the day the name was entered is entered.recorded)",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.entered.starting_day


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Amendment:
    """One changed particular: original value, new value, reason, date and who (2024 reg 6)."""

    field: str
    original: Any = attrs.field(repr=redact)
    new: Any = attrs.field(repr=redact)
    reason: str | None = attrs.field(repr=redact)
    on: date
    recorded_by: str | None = attrs.field(repr=redact)


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


def _events(value: Iterable[RegisterEvent]) -> tuple[RegisterEvent, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class AdmissionEntry:
    """One pupil's history in a school's admission register.

    ``events`` are kept in the order given (the order they were written). State is derived by
    applying the events that took effect on or before a day in date order (events of the same
    day in the order given); :meth:`roll_spells` uses the same order.
    """

    pupil_id: str
    events: tuple[RegisterEvent, ...] = attrs.field(converter=_events)
    extra: Mapping[str, Any] = extra_field()

    @checked
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

    @checked
    def is_on_roll(self, day: date) -> bool:
        """True when the pupil's name is on the admission register on ``day``."""
        state = self.state_on(day)
        return state is not None and state.on_roll

    @property
    def entries(self) -> tuple[Entered, ...]:
        """The :class:`Entered` events, in order."""
        return tuple(e for e in self.events if isinstance(e, Entered))

    @property
    def deletions(self) -> tuple[Deleted, ...]:
        """The :class:`Deleted` events, in order."""
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

    @checked
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
        entered_on: date | None = None  # the starting day of the latest entry
        previous: date | None = None
        for i, event in enumerate(self.events):
            where = (*path, "events", i)
            day_key = "starting_day" if isinstance(event, Entered) else "on"
            if previous is not None and event.on < previous:
                yield OUT_OF_ORDER.problem(path=(*where, day_key))
            previous = event.on
            if event.on > on or event.recorded > on:
                yield FUTURE_EVENT.problem(
                    path=(*where, day_key), values={"event_on": event.on, "judged_on": on}
                )
            if isinstance(event, Entered | Amended):
                if event.pupil.pupil_id != self.pupil_id:
                    yield PUPIL_ID_MISMATCH.problem(path=(*where, "pupil", "pupil_id"))
                yield from event.pupil.problems(on=on, path=(*where, "pupil"))
            if isinstance(event, Entered | EnrolmentStatusChanged):
                yield from _dual_problems(event, where)
            if isinstance(event, Entered):
                if on_roll:
                    yield REENTERED.problem(path=where, values={"starting_day": entered_on})
                on_roll, entered_on = True, event.on
            elif isinstance(event, Deleted):
                if entered_on is not None and event.on < entered_on:
                    yield DELETION_BEFORE_ENTRY.problem(
                        path=(*where, "on"), values={"starting_day": entered_on}
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
