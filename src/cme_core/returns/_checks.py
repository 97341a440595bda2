"""Checking a return's content: the problem types and :func:`check_return`.

Private: import from :mod:`cme_core.returns`.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Mapping
from datetime import date, timedelta

from cme_core._checks import require_date as _require_date
from cme_core._fields import checked, describe, unchecked
from cme_core.errors import CmeError, InvalidArgument, InvalidDate
from cme_core.law.records import AgeScope, Regime, UnknownGround
from cme_core.law.regimes import regime_by_id, regime_for
from cme_core.law.return_rules import ReturnKind, ReturnRule, Timing
from cme_core.people import Pupil
from cme_core.periods import RegimeId
from cme_core.problems import PathElement, Problem, ProblemType, Report, Severity
from cme_core.registers import EnrolmentStatus, OtherSchool
from cme_core.returns._content import (
    RETURN_TYPES,
    AttendanceReturn,
    DeletionReturn,
    NewPupilReturn,
    ReturnContent,
    SicknessReturn,
)
from cme_core.returns._deadlines import _rule
from cme_core.school_age import compulsory_school_age_status, year_group
from cme_core.schools import School

# --- checking a return's content ------------------------------------------------------------


def _pt(code: str, severity: Severity, title: str, citation: str | None = None) -> ProblemType:
    return ProblemType(code=code, severity=severity, title=title, citation=citation)


E, Q = Severity.ERROR, Severity.QUERY
MISSING_PARTICULAR = _pt("CME-RET-001", E, "A particular the return must carry is missing")
_REGIME_IDS = frozenset(r.value for r in RegimeId)
UNKNOWN_REGIME = _pt(
    "CME-RET-002",
    E,
    "The regime is not one of " + ", ".join(repr(r.value) for r in RegimeId),
)
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


# Pure functions of dates (and of the fixed regimes), worked out once per distinct argument:
# a bulk file judged on one day repeats the same event days and birth dates row after row.
# Bounded caches of immutable answers: no state that could differ between calls.


@functools.lru_cache(maxsize=4096)
def _school_age(dob: date, day: date) -> bool | None:
    """:func:`~cme_core.school_age.compulsory_school_age_status` of ``dob`` on ``day``."""
    return compulsory_school_age_status(dob, day)


@functools.lru_cache(maxsize=1024)
def _regime_on(day: date) -> Regime:
    """:func:`~cme_core.law.regimes.regime_for` ``day`` (InvalidDate is raised, not kept)."""
    return regime_for(day)


@functools.lru_cache(maxsize=1024)
def _rule_on(kind: ReturnKind, day: date) -> ReturnRule | None:
    """The rule for a return of ``kind`` about an event on ``day`` (``None``: no such return)."""
    return _rule(kind, day)


@functools.lru_cache(maxsize=8)
def _regime(regime_id: RegimeId) -> Regime:
    """:func:`~cme_core.law.regimes.regime_by_id`."""
    return regime_by_id(regime_id)


def _missing(what: str, citation: str, path: tuple[PathElement, ...]) -> Problem:
    return MISSING_PARTICULAR.problem(
        f"Missing: {what}", path=path, values={"particular": what}, citation=citation
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


@checked
def check_return(ret: ReturnContent, *, on: date, school: School | None = None) -> Report:
    """Every problem with a return's content, judged on ``on``: required particulars per
    regime and kind, UPN rules, the ground, dates, age, dual registration, and queries for the
    unusual (age outside the school's range, a joint-enquiries ground with no LA part, a
    temporary UPN, a late return)."""
    on = _require_date(on, "on")
    if type(ret) not in RETURN_TYPES.values():
        raise InvalidArgument(f"check_return takes a return record, not {type(ret).__name__}")
    found: list[Problem] = []
    _check(ret, on, school, found)
    return Report(problems=tuple(found)) if found else _NO_PROBLEMS


_NO_PROBLEMS: typing.Final = Report()
"""The report of a return with no problems (frozen, so one is shared)."""


def _check(ret: ReturnContent, on: date, school: School | None, out: list[Problem]) -> None:
    day = _event_day(ret)
    if not isinstance(ret.regime, str) or ret.regime not in _REGIME_IDS:
        # Only the allowed values go into the problem; the value given is described, not
        # echoed (it is caller text, of any length).
        found = describe(ret.regime)
        out.append(
            UNKNOWN_REGIME.problem(
                f"{UNKNOWN_REGIME.title}; found {found}",
                path=("regime",),
                values={"allowed": sorted(_REGIME_IDS), "found": found},
            )
        )
        return
    try:
        in_force = _regime_on(day)
    except InvalidDate:
        out.append(NO_RETURN_THEN.problem(path=(_date_field(ret),)))
        return
    if in_force.id != ret.regime:
        out.append(
            WRONG_REGIME.problem(
                f"{in_force.citation} was in force on {day.isoformat()}",
                path=("regime",),
                values={"regime": ret.regime, "in_force": in_force.id},
            )
        )
    kind = ReturnKind(ret.kind)
    rule = _rule_on(kind, day)
    if rule is None:
        out.append(
            NO_RETURN_THEN.problem(
                f"No {kind.value} return existed on {day.isoformat()}", path=(_date_field(ret),)
            )
        )
        return
    pupil = ret.pupil
    # ``on`` was checked on the way in: ask the pupil without checking it again.
    for p in unchecked(type(pupil).problems)(pupil, on=on):
        if p.code not in _PARTICULAR_CODES:
            out.append(p.at("pupil"))
    for field in _date_fields(ret):
        value = getattr(ret, field)
        if value is not None and value > on:
            out.append(IN_FUTURE.problem(path=(field,), values={"judged_on": on}))
    if ret.submitted_on is not None and ret.submitted_on < _earliest_submission(ret, rule):
        out.append(EARLY_SUBMISSION.problem(path=("submitted_on",)))
    if isinstance(ret, NewPupilReturn):
        _check_new_pupil(ret, rule, school, out)
    elif isinstance(ret, DeletionReturn):
        _check_deletion(ret, rule, school, out)
    elif isinstance(ret, AttendanceReturn):
        _check_person(ret.pupil, rule, out, address=True)
        if ret.period_end < ret.period_start:
            out.append(PERIOD_REVERSED.problem(path=("period_end",)))
        _check_csa(ret.pupil, ret.period_end, rule, out)
    else:
        _check_person(ret.pupil, rule, out, address=True)
        _check_csa(ret.pupil, ret.recorded_on, rule, out)
        if not (ret.consecutive or ret.total):
            out.append(NO_SICKNESS_TEST.problem(path=("consecutive",)))


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


def _check_person(pupil: Pupil, rule: ReturnRule, out: list[Problem], *, address: bool) -> None:
    if _blank(pupil.full_name):
        out.append(_missing("full name", rule.citation, ("pupil", "full_name")))
    if address and pupil.address is None:
        out.append(_missing("address", rule.citation, ("pupil", "address")))


def _check_phones(pupil: Pupil, rule: ReturnRule, out: list[Problem], *, each: bool) -> None:
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
                out.append(
                    _missing(
                        "emergency phone number",
                        rule.citation,
                        ("pupil", "parents", i, "emergency_phones"),
                    )
                )
    elif lived_with and not any(p.emergency_phones for _, p in lived_with):
        out.append(
            _missing(
                "an emergency phone number for a parent the pupil lives with",
                rule.citation,
                ("pupil", "parents"),
            )
        )


def _check_csa(pupil: Pupil, day: date, rule: ReturnRule, out: list[Problem]) -> None:
    if pupil.date_of_birth is None:
        out.append(
            _missing(
                "date of birth (to confirm compulsory school age)",
                rule.citation,
                ("pupil", "date_of_birth"),
            )
        )
    else:
        csa = _school_age(pupil.date_of_birth, day)
        if csa is None:
            out.append(AGE_UNDECIDED.problem(path=("pupil", "date_of_birth")))
        elif not csa:
            out.append(NOT_CSA.problem(path=("pupil", "date_of_birth"), citation=rule.citation))


def _check_dual(
    status: EnrolmentStatus | None, partner: OtherSchool | None, out: list[Problem]
) -> None:
    if status is None:
        return
    if status is EnrolmentStatus.SINGLE and partner is not None:
        out.append(
            DUAL_STATUS.problem(
                "Status C (single) but a dual-registration school is given",
                path=("enrolment_status",),
            )
        )
    if status.is_dual and partner is None:
        out.append(
            DUAL_STATUS.problem(
                "Status M or S but no other school is given", path=("dual_registered_with",)
            )
        )


def _check_age_range(
    dob: date | None,
    year: int | None,
    day: date,
    school: School | None,
    out: list[Problem],
) -> None:
    if dob is None or school is None:
        return
    low, high = school.most_junior_year_group, school.most_senior_year_group
    if low is None or high is None:
        return
    school_year = day.year if day.month >= 9 else day.year - 1
    expected = year_group(dob, school_year)
    if not low <= expected <= high:
        out.append(
            AGE_OUT_OF_RANGE.problem(
                path=("pupil", "date_of_birth"),
                values={"expected_year_group": expected, "school_range": [low, high]},
            )
        )
    if year is not None and not low <= year <= high:
        out.append(
            AGE_OUT_OF_RANGE.problem(path=("year_group",), values={"school_range": [low, high]})
        )


def _check_new_pupil(
    ret: NewPupilReturn,
    rule: ReturnRule,
    school: School | None,
    out: list[Problem],
) -> None:
    pupil = ret.pupil
    _check_person(pupil, rule, out, address=rule.pupil_address)
    if pupil.date_of_birth is None:
        out.append(_missing("date of birth", rule.citation, ("pupil", "date_of_birth")))
    elif ret.starting_day < pupil.date_of_birth:
        out.append(ENTRY_BEFORE_BIRTH.problem(path=("starting_day",)))
    if pupil.sex is None:
        out.append(_missing("sex", rule.citation, ("pupil", "sex")))
    if not pupil.parents:
        out.append(_missing("parents' names and addresses", rule.citation, ("pupil", "parents")))
    for i, parent in enumerate(pupil.parents):
        if _blank(parent.full_name):
            out.append(
                _missing("parent's full name", rule.citation, ("pupil", "parents", i, "full_name"))
            )
        if parent.address is None:
            out.append(
                _missing("parent's address", rule.citation, ("pupil", "parents", i, "address"))
            )
    _check_phones(pupil, rule, out, each=rule.phone_for_each_parent)
    if pupil.parents and not pupil.parents_lived_with:
        out.append(
            _missing(
                "which parents the pupil normally lives with", rule.citation, ("pupil", "parents")
            )
        )
    if rule.name_used_at_school and _blank(pupil.name_used_at_school):
        out.append(_missing("name used at school", rule.citation, ("pupil", "name_used_at_school")))
    if (ret.starting_day - ret.entered_on).days > 366:
        out.append(ENTERED_LONG_BEFORE.problem(path=("entered_on",)))
    _check_dual(ret.enrolment_status, ret.dual_registered_with, out)
    _check_age_range(pupil.date_of_birth, ret.year_group, ret.starting_day, school, out)
    if ret.submitted_on is not None and rule.days is not None:
        last = ret.entered_on + timedelta(days=min(rule.days, (date.max - ret.entered_on).days))
        if ret.submitted_on > last:
            out.append(
                MADE_LATE.problem(
                    path=("submitted_on",), values={"last_day": last}, citation=rule.citation
                )
            )


def _check_deletion(
    ret: DeletionReturn,
    rule: ReturnRule,
    school: School | None,
    out: list[Problem],
) -> None:
    pupil = ret.pupil
    _check_person(pupil, rule, out, address=rule.pupil_address)
    regime = _regime(rule.regime)
    if _blank(ret.ground):
        out.append(_missing("the ground for deletion", rule.citation, ("ground",)))
    else:
        try:
            ground = regime.ground(ret.ground, on=ret.deleted_on)
        except (UnknownGround, CmeError) as exc:
            out.append(
                GROUND_UNKNOWN.problem(str(exc), path=("ground",), values={"regime": regime.id})
            )
        else:
            if rule.grounds is not None and ground.ref not in rule.grounds:
                out.append(
                    NO_RETURN_THEN.problem(
                        f"Before 1 Sep 2016 no return was required for ground {ground.ref}",
                        path=("ground",),
                    )
                )
            dob = pupil.date_of_birth
            csa = _school_age(dob, ret.deleted_on) if dob is not None else None
            if dob is not None and csa is None:
                out.append(AGE_UNDECIDED.problem(path=("pupil", "date_of_birth")))
            elif csa is not None:
                wanted = ground.applies_to is AgeScope.COMPULSORY_SCHOOL_AGE
                if csa != wanted:
                    out.append(GROUND_AGE.problem(path=("ground",), citation=ground.citation))
            if ground.requires_joint_enquiries and ret.la_enquiries_on is None:
                out.append(
                    NO_LA_ENQUIRIES.problem(path=("la_enquiries_on",), citation=ground.citation)
                )
    parents = pupil.parents_lived_with
    if not parents:
        out.append(
            _missing(
                "the parents the pupil normally lives with", rule.citation, ("pupil", "parents")
            )
        )
    names_needed = "parents_lived_with" in rule.content  # 2006 12(7)(b) from 2016; 2024 13(4)
    for i, parent in enumerate(pupil.parents):
        if parent.lives_with_pupil:
            if _blank(parent.full_name) and names_needed:
                out.append(
                    _missing(
                        "parent's full name", rule.citation, ("pupil", "parents", i, "full_name")
                    )
                )
            if parent.address is None:
                out.append(
                    _missing("parent's address", rule.citation, ("pupil", "parents", i, "address"))
                )
    _check_phones(pupil, rule, out, each=rule.phone_for_each_parent)
    if ret.entered_on is not None:
        if ret.deleted_on < ret.entered_on:
            out.append(DELETION_BEFORE_ENTRY.problem(path=("deleted_on",)))
        if pupil.date_of_birth is not None and ret.entered_on < pupil.date_of_birth:
            out.append(ENTRY_BEFORE_BIRTH.problem(path=("entered_on",)))
    if ret.ground_met_on is not None and ret.deleted_on < ret.ground_met_on:
        out.append(GROUND_BEFORE_MET.problem(path=("deleted_on",)))
    _check_dual(ret.enrolment_status, ret.dual_registered_with, out)
    _check_age_range(pupil.date_of_birth, ret.year_group, ret.deleted_on, school, out)
    if ret.submitted_on is not None and ret.submitted_on > ret.deleted_on:
        out.append(
            MADE_LATE.problem(
                path=("submitted_on",), values={"last_day": ret.deleted_on}, citation=rule.citation
            )
        )
