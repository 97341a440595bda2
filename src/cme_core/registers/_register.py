"""The whole register: :class:`SchoolRegister`, the admission and attendance registers together.

Private: import from :mod:`cme_core.registers`.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping
from datetime import date
from functools import cached_property
from typing import Any

import attrs

from cme_core._checks import require_int as _require_int
from cme_core._fields import checked, extra_field, typed_fields
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
PROBLEMS_SUMMARISED = ProblemType(
    code="CME-REG-030",
    severity=Severity.WARNING,
    title="More problems of this type about this record, summarised rather than listed",
    no_citation_reason="a limit on the report's length, not a rule of law or a data standard",
)

MAX_PROBLEMS_PER_RECORD = 20
"""The default of :meth:`SchoolRegister.check`'s ``max_problems_per_record``: how many
problems of one type about one record (the school, an admission entry, an attendance record)
are listed before the rest are summarised in one :data:`PROBLEMS_SUMMARISED` problem."""

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
    PROBLEMS_SUMMARISED,
)


def _require_limit(value: object) -> int | None:
    if value is None:
        return None
    limit = _require_int(value, "max_problems_per_record")
    if limit < 1:
        raise InvalidInput("max_problems_per_record must be at least 1 (or None for no limit)")
    return limit


def _capped(
    problems: Iterable[Problem], limit: int | None, where: tuple[PathElement, ...]
) -> list[Problem]:
    """``problems`` about the record at ``where``, the first ``limit`` of each type kept in
    order, and one :data:`PROBLEMS_SUMMARISED` problem per type for the rest."""
    if limit is None:
        return list(problems)
    kept: list[Problem] = []
    counts: dict[str, int] = {}
    severities: dict[str, Severity] = {}
    for problem in problems:
        seen = counts.get(problem.code, 0)
        counts[problem.code] = seen + 1
        if seen < limit:
            kept.append(problem)
            severities[problem.code] = problem.severity
    for code, count in counts.items():
        if count > limit:
            more = count - limit
            kept.append(
                PROBLEMS_SUMMARISED.problem(
                    f"{more} more problem(s) of type {code} about this record (not listed: "
                    f"the first {limit} are)",
                    path=where,
                    values={
                        "code": code,
                        "severity": severities[code].value,
                        "more": more,
                        "limit": limit,
                    },
                )
            )
    return kept


# --- the whole register --------------------------------------------------------------------


def _admissions(value: Iterable[AdmissionEntry]) -> tuple[AdmissionEntry, ...]:
    return tuple(value)


def _records(value: Iterable[AttendanceRecord]) -> tuple[AttendanceRecord, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class SchoolRegister:
    """A school's admission register and attendance register together: the wire document
    portals and MIS vendors hand to cme_core."""

    school: School
    admissions: tuple[AdmissionEntry, ...] = attrs.field(default=(), converter=_admissions)
    attendance: tuple[AttendanceRecord, ...] = attrs.field(default=(), converter=_records)
    extra: Mapping[str, Any] = extra_field()

    @cached_property
    def _entries_by_id(self) -> dict[str, AdmissionEntry]:
        return {e.pupil_id: e for e in self.admissions}

    @cached_property
    def _attendance_by_id(self) -> dict[str, AttendanceRecord]:
        return {r.pupil_id: r for r in self.attendance}

    @checked
    def entry(self, pupil_id: str) -> AdmissionEntry | None:
        """The admission register entry for ``pupil_id`` (``None`` when there is none)."""
        return self._entries_by_id.get(pupil_id)

    @checked
    def attendance_for(self, pupil_id: str) -> AttendanceRecord | None:
        """The attendance record for ``pupil_id`` (``None`` when there is none)."""
        return self._attendance_by_id.get(pupil_id)

    @checked
    def on_roll(self, day: date) -> tuple[str, ...]:
        """The pupil_ids on roll on ``day``."""
        return tuple(e.pupil_id for e in self.admissions if e.is_on_roll(day))

    @checked
    def check(
        self, *, on: date, max_problems_per_record: int | None = MAX_PROBLEMS_PER_RECORD
    ) -> Report:
        """Every problem in both registers, judged on ``on``, as a :class:`~cme_core.Report`
        (without raising: ``check*()`` returns a Report).

        The report is bounded by the number of records, not by the number of marks or
        events: of the problems of one type (one ``code``) about one record (the school, one
        admission entry, one attendance record) the first ``max_problems_per_record``
        (default :data:`MAX_PROBLEMS_PER_RECORD`, 20) are listed, and the rest are counted in
        one WARNING :data:`PROBLEMS_SUMMARISED` (CME-REG-030) at the record's path, whose
        ``values`` give the ``code``, its ``severity``, how many ``more`` and the ``limit``.
        Validity is unaffected (a type over the limit still has problems listed). ``None``
        lists every problem. Raises :class:`~cme_core.InvalidArgument` for a limit that is
        not an int and :class:`~cme_core.InvalidInput` for one below 1.

        >>> from datetime import date
        >>> from cme_core.schools import School, SchoolKind
        >>> school = School(laestab="8012000", name="Example", kind=SchoolKind.ACADEMY)
        >>> marks = AttendanceRecord.from_codes("P1", date(2024, 9, 2), "x" * 30)
        >>> register = SchoolRegister(school=school, attendance=[marks])
        >>> report = register.check(on=date(2024, 10, 1), max_problems_per_record=5)
        >>> [p.code for p in report.problems]  # doctest: +NORMALIZE_WHITESPACE
        ['CME-ATT-105', 'CME-ATT-101', 'CME-ATT-101', 'CME-ATT-101', 'CME-ATT-101',
         'CME-ATT-101', 'CME-REG-030']
        >>> report.problems[-1].message
        '25 more problem(s) of type CME-ATT-101 about this record (not listed: the first 5 are)'
        """
        limit = _require_limit(max_problems_per_record)
        found: list[Problem] = _capped(self.school.problems(path=("school",)), limit, ("school",))
        seen: dict[str, int] = {}
        upns: dict[str, str] = {}
        for i, entry in enumerate(self.admissions):
            where: tuple[PathElement, ...] = ("admissions", i)
            about: list[Problem] = []
            if entry.pupil_id in seen:
                about.append(DUPLICATE_PUPIL_ID.problem(path=(*where, "pupil_id")))
            seen.setdefault(entry.pupil_id, i)
            about.extend(entry.problems(on=on, path=where))
            pupil = entry.latest_pupil
            if pupil is not None and pupil.upn and upn_module.is_valid(pupil.upn):
                key = upn_module.compact(pupil.upn)
                if key in upns and upns[key] != entry.pupil_id:
                    about.append(DUPLICATE_UPN.problem(path=(*where, "pupil_id")))
                upns.setdefault(key, entry.pupil_id)
            found.extend(_capped(about, limit, where))
        for i, record in enumerate(self.attendance):
            where = ("attendance", i)
            entry_for = self.entry(record.pupil_id)
            about = []
            if entry_for is None:
                about.append(MARKS_NO_ENTRY.problem(path=(*where, "pupil_id")))
            about.extend(record.problems(on=on, entry=entry_for, school=self.school, path=where))
            found.extend(_capped(about, limit, where))
        return Report(problems=found)

    @checked
    def validate(
        self, *, on: date, max_problems_per_record: int | None = MAX_PROBLEMS_PER_RECORD
    ) -> Report:
        """Deprecated since 0.2.0 (to be removed in 0.3.0): :meth:`check`, which returns the
        same :class:`~cme_core.Report` (``validate()`` is the name of methods that raise)."""
        warnings.warn(
            "SchoolRegister.validate() is deprecated: use SchoolRegister.check(), which returns "
            "the same Report",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.check(on=on, max_problems_per_record=max_problems_per_record)

    @checked
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
