"""The whole register: :class:`SchoolRegister`, the admission and attendance registers together.

Private: import from :mod:`cme_core.registers`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import cached_property
from typing import Any

import attrs

from cme_core._fields import freeze_mapping
from cme_core.errors import InvalidDate, InvalidInput
from cme_core.identifiers import upn as upn_module
from cme_core.periods import regime_id_on
from cme_core.problems import PathElement, Problem, ProblemType, Report, Severity
from cme_core.registers._admission import (
    DELETION_BEFORE_ENTRY,
    DUAL_STATUS_NO_PARTNER,
    DUAL_WITH_SINGLE_STATUS,
    EVENT_OFF_ROLL,
    FIRST_NOT_ENTRY,
    FUTURE_EVENT,
    OUT_OF_ORDER,
    PUPIL_ID_MISMATCH,
    RECORDED_BEFORE_EFFECT,
    REENTERED,
    RETROSPECTIVE_DELETION,
    SECOND_DELETION,
    AdmissionEntry,
    Amended,
    Entered,
    _as_tuple,
)
from cme_core.registers._attendance import (
    MARK_IN_FUTURE,
    MARK_NOT_SCHOOL_DAY,
    MARK_OFF_ROLL,
    MARK_UNKNOWN,
    AttendanceRecord,
)
from cme_core.registers._particulars import _ENTRY_PARTICULARS, _PUPIL_PARTICULARS, particulars_for
from cme_core.schools import School

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


# --- the whole register --------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class SchoolRegister:
    """A school's admission register and attendance register together: the wire document
    portals and MIS vendors hand to cme_core."""

    school: School
    admissions: tuple[AdmissionEntry, ...] = attrs.field(default=(), converter=_as_tuple)
    attendance: tuple[AttendanceRecord, ...] = attrs.field(default=(), converter=_as_tuple)
    extra: Mapping[str, Any] = attrs.field(
        factory=dict, converter=freeze_mapping, hash=False, repr=False
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
        regime = regime or regime_id_on(on)
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
                PARTICULAR_MISSING.problem(
                    f"Missing particular: {p.title}",
                    path=where(p.key),
                    values={"particular": p.key, "regime": regime},
                    citation=p.citation,
                )
                for p in particulars_for(regime)
                if p.applies(state) and not p.present(state)
            )
        )
