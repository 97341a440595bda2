"""The content of returns: one record class per kind, and :func:`build_return`.

Private: import from :mod:`cme_core.returns`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, ClassVar

import attrs

from cme_core._fields import bounded_number, checked, extra_field, redact, typed_fields
from cme_core.errors import InvalidArgument, InvalidDate
from cme_core.law.return_rules import ReturnKind
from cme_core.people import Parent, Pupil
from cme_core.periods import RegimeId
from cme_core.registers import (
    AdmissionEntry,
    EnrolmentStatus,
    Entered,
    EntryState,
    FutureAddress,
    OtherSchool,
    SchoolRegister,
)
from cme_core.returns._deadlines import _ONE_DAY, _rule
from cme_core.returns._obligations import (
    AttendanceDetails,
    DeletionDetails,
    Obligation,
    SicknessDetails,
)

# --- return content --------------------------------------------------------------------------


def _strs(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class NewPupilReturn:
    """A new-pupil return: every particular the admission register holds for the pupil
    (2006 reg 12(5); 2024 reg 13(1))."""

    kind: ClassVar[str] = "new_pupil"
    regime: str
    school_laestab: str
    pupil: Pupil
    entered_on: date
    """The day the pupil's name was entered in the register (the deadline counts from here:
    2006 reg 12(3) as amended; 2024 reg 13(1))."""
    starting_day: date
    """The first day the pupil attends or is expected to attend (2024 reg 8(2)(h); 2006: the
    date of admission)."""
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
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
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
    """The day the pupil's name was entered in the register, as on the new-pupil return
    (:attr:`~cme_core.registers.Entered.entered_on`; 0.1 built it from the starting day)."""
    year_group: int | None = None
    future_address: FutureAddress | None = None
    other_school: OtherSchool | None = None
    la_enquiries_on: date | None = None
    """The LA's part in joint enquiries / efforts (grounds 8(1)(f), (h); 9(1)(h), (i))."""
    enrolment_status: EnrolmentStatus | None = None
    dual_registered_with: OtherSchool | None = None
    submitted_on: date | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
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
    longest_run_school_days: int | None = bounded_number(minimum=0, integer=True)
    """The longest run of consecutive school days absent, where given: a whole number, 0 or
    more."""
    attendance_rate: float | None = bounded_number(minimum=0, maximum=1)
    """The share of possible sessions attended in the period, where given: from 0 to 1."""
    cause: str | None = attrs.field(default=None, repr=redact)
    submitted_on: date | None = None
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class SicknessReturn:
    """A sickness return: full name and address (2024 reg 13(9)-(11))."""

    kind: ClassVar[str] = "sickness"
    regime: str = RegimeId.REGS_2024.value
    school_laestab: str
    pupil: Pupil
    recorded_on: date
    period_start: date
    consecutive: bool = False
    total: bool = False
    submitted_on: date | None = None
    extra: Mapping[str, Any] = extra_field()


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


@checked
def build_return(obligation: Obligation, register: SchoolRegister) -> ReturnContent:
    """The content of the return an obligation calls for, from the register: exactly the
    particulars the regime requires, plus the pupil's identification (pupil_id, UPN, date of
    birth, sex) that LAs use to match records."""
    if not isinstance(obligation, Obligation) or not isinstance(register, SchoolRegister):
        raise InvalidArgument("build_return takes an Obligation and a SchoolRegister")
    details = obligation.details
    if isinstance(details, DeletionDetails) and details.pending:
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
            starting_day=entered.starting_day,
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
    if isinstance(details, AttendanceDetails):
        state = _state_in_period(entry, details.period_start, details.period_end)
    else:
        state = _state_before(entry, obligation.triggered_on)
    if state is None:
        raise InvalidDate("the pupil was not on the register before the triggering day")
    if isinstance(details, DeletionDetails):
        parents = state.pupil.parents_lived_with
        rule = _rule(ReturnKind.DELETION, obligation.triggered_on)
        if rule is not None and rule.parent_address_only:  # 2006 reg 12(3) as made
            parents = tuple(Parent(address=p.address, lives_with_pupil=True) for p in parents)
        deletion = next((d for d in entry.deletions if d.on == obligation.triggered_on), None)
        pupil = _identity(
            state.pupil,
            full_name=state.pupil.full_name,
            address=state.pupil.address if rule is not None and rule.pupil_address else None,
            parents=parents,
        )
        return DeletionReturn(
            regime=obligation.regime,
            school_laestab=laestab,
            pupil=pupil,
            deleted_on=obligation.triggered_on,
            ground=str(details.ground or (deletion.ground if deletion else "")),
            ground_met_on=details.ground_met_on,
            entered_on=state.entered.recorded,
            year_group=state.year_group,
            future_address=state.future_address,
            other_school=state.other_school,
            enrolment_status=state.enrolment_status,
            dual_registered_with=state.dual_registered_with,
        )
    pupil = _identity(state.pupil, full_name=state.pupil.full_name, address=state.pupil.address)
    if isinstance(details, AttendanceDetails):
        return AttendanceReturn(
            regime=obligation.regime,
            school_laestab=laestab,
            pupil=pupil,
            period_start=details.period_start,
            period_end=details.period_end,
            reasons=details.reasons,
            longest_run_school_days=details.longest_run_school_days,
            attendance_rate=details.attendance_rate,
        )
    if not isinstance(details, SicknessDetails):  # pragma: no cover - Obligation checks this
        raise InvalidArgument("the obligation's details do not match its kind")
    return SicknessReturn(
        school_laestab=laestab,
        pupil=pupil,
        recorded_on=obligation.triggered_on,
        period_start=details.period_start,
        consecutive=details.consecutive,
        total=details.total,
    )


def _entry_for(entry: AdmissionEntry, recorded: date) -> Entered:
    for event in entry.entries:
        if event.recorded == recorded:
            return event
    return entry.entries[-1]


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
