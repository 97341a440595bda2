"""Other evidence that can account for a child: school registers, CME cases and other LAs'
notifications, as records the linkage can compare with the deletions."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date

import attrs

from cme_core._fields import typed_fields
from cme_core.cases import CmeCase
from cme_core.errors import InvalidArgument, InvalidLocalAuthorityCode
from cme_core.identifiers.local_authorities import LocalAuthorityKind, local_authority
from cme_core.people import Pupil
from cme_core.reconcile._records import NO_SCHOOL, Record, RecordRef, record_of_pupil
from cme_core.registers import EnrolmentStatus, EntryState, SchoolRegister


class NotificationKind(enum.Enum):
    """What another LA told this one about a child."""

    ON_ROLL = "on_roll"
    """The child is on the roll of a school in that LA."""
    KNOWN = "known"
    """The child is known to that LA's children-missing-education team."""


def _la_code(value: object) -> str:
    """A DfE LA code of three digits that names an authority (``local_authority``'s rules;
    a pseudo-LA code, which names none, is refused)."""
    if not isinstance(value, str):
        raise InvalidArgument(
            f"la_code must be a string of three digits, got {type(value).__name__}"
        )
    la = local_authority(value)  # InvalidLocalAuthorityCode / UnknownLocalAuthority
    if la.kind is LocalAuthorityKind.PSEUDO:
        raise InvalidLocalAuthorityCode("la_code must name a local authority (not a pseudo-LA)")
    return la.code


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class OtherLANotification:
    """Another LA's notification about a child: the child is on a school roll there
    (:attr:`NotificationKind.ON_ROLL`) or known to its CME team
    (:attr:`NotificationKind.KNOWN`). Notification between LAs is local practice (Children
    missing education statutory guidance, 2016), not a duty of the Regulations.

    ``la_code`` is the notifying LA's DfE code (three digits, validated as everywhere in
    cme_core); ``pupil`` the child's particulars as notified (used for matching only; the
    repr redacts them)."""

    notification_id: str
    la_code: str = attrs.field(converter=_la_code)
    pupil: Pupil = attrs.field(repr=False)
    notified_on: date
    kind: NotificationKind


def register_records(
    registers: Iterable[SchoolRegister], on: date, *, features: bool = True
) -> list[Record]:
    """A record for each pupil on a school's roll on ``on``: the source ``"register"``, the
    register's position in ``registers``, the school's LAESTAB and the entry's ``pupil_id``;
    the pupil's particulars as the entry stood on ``on``."""
    records = []
    for index, register in enumerate(registers):
        if not isinstance(register, SchoolRegister):
            raise InvalidArgument(
                f"registers[{index}] must be a SchoolRegister, got {type(register).__name__}"
            )
        for entry in register.admissions:
            state = entry.state_on(on)
            if state is None or not state.on_roll:
                continue
            ref = RecordRef(
                source="register",
                index=index,
                school_laestab=register.school.laestab,
                pupil_id=entry.pupil_id,
            )
            records.append(
                record_of_pupil(state.pupil, ref=ref, source_object=state, features=features)
            )
    return records


def case_records(cases: Iterable[CmeCase], on: date, *, features: bool = True) -> list[Record]:
    """A record for each CME case open on ``on`` (a child the CME team already knows): the
    source ``"case"``, its position in ``cases``, ``pupil_id`` the ``case_id``, no school."""
    records = []
    for index, case in enumerate(cases):
        if not isinstance(case, CmeCase):
            raise InvalidArgument(f"cases[{index}] must be a CmeCase, got {type(case).__name__}")
        if not case.is_open_on(on):
            continue
        ref = RecordRef(source="case", index=index, school_laestab=NO_SCHOOL, pupil_id=case.case_id)
        records.append(record_of_pupil(case.child, ref=ref, source_object=case, features=features))
    return records


def notification_records(
    notifications: Iterable[OtherLANotification], on: date, *, features: bool = True
) -> list[Record]:
    """A record for each notification made on or before ``on``: the source
    ``"notification"``, its position, ``pupil_id`` the ``notification_id``, no school."""
    records = []
    for index, note in enumerate(notifications):
        if not isinstance(note, OtherLANotification):
            raise InvalidArgument(
                f"notifications[{index}] must be an OtherLANotification, got {type(note).__name__}"
            )
        if note.notified_on > on:
            continue
        ref = RecordRef(
            source="notification",
            index=index,
            school_laestab=NO_SCHOOL,
            pupil_id=note.notification_id,
        )
        records.append(record_of_pupil(note.pupil, ref=ref, source_object=note, features=features))
    return records


def is_dual_state(state: EntryState) -> bool:
    """Whether a register entry is a dual registration on the day of its state."""
    single = state.enrolment_status is EnrolmentStatus.SINGLE
    return not single or state.dual_registered_with is not None
