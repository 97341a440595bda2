"""Guard rails for a deletion: off-rolling, retrospective deletion, consent, wrong regime.

:func:`check_deletion` judges a proposed or recorded deletion against the law in force on its
date and returns a :class:`DeletionCheck` whose report lists every reason it is unlawful.
A deletion without a met ground is *off-rolling*; a deletion dated before its ground was met,
or recorded after the day it takes effect, is *retrospective* (DfE guidance: deletions are made
when the ground is met and never retrospectively).
"""

from __future__ import annotations

from datetime import date

import attrs

from cme_core.errors import CmeError, InvalidArgument
from cme_core.law.assess import assess_ground, pupil_age_scope
from cme_core.law.facts import DeletionFacts
from cme_core.law.records import AgeScope, Ground, GroundAssessment, Outcome, UnknownGround
from cme_core.law.regimes import regime_for
from cme_core.problems import Problem, ProblemType, Report, Severity
from cme_core.registers import Deleted

__all__ = ["PROBLEM_TYPES", "DeletionCheck", "UnlawfulDeletion", "check_deletion"]

GROUND_NOT_IN_REGIME = ProblemType(
    code="CME-LAW-001",
    severity=Severity.ERROR,
    title="The ground is not a ground of the regime in force on the deletion date",
)
OFF_ROLLING = ProblemType(
    code="CME-LAW-002",
    severity=Severity.ERROR,
    title="Off-rolling: the ground relied on is not met on the deletion date",
)
EVIDENCE_MISSING = ProblemType(
    code="CME-LAW-003Q",
    severity=Severity.QUERY,
    title="Please check: the facts given do not show that the ground is met",
)
BEFORE_MET = ProblemType(
    code="CME-LAW-004",
    severity=Severity.ERROR,
    title="Retrospective deletion: dated before the day the ground was met",
)
RECORDED_LATE = ProblemType(
    code="CME-LAW-005",
    severity=Severity.ERROR,
    title="Retrospective deletion: recorded after the day it is dated to take effect",
    citation="DfE, Working together to improve school attendance (2024)",
)
NO_CONSENT = ProblemType(
    code="CME-LAW-006",
    severity=Severity.ERROR,
    title="Special-school pupil placed by an LA: no consent of that LA (or direction)",
)
WRONG_AGE_GROUP = ProblemType(
    code="CME-LAW-007",
    severity=Severity.ERROR,
    title="The ground is for pupils of the other age group (compulsory school age or not)",
)
PROBLEM_TYPES = (
    GROUND_NOT_IN_REGIME,
    OFF_ROLLING,
    EVIDENCE_MISSING,
    BEFORE_MET,
    RECORDED_LATE,
    NO_CONSENT,
    WRONG_AGE_GROUP,
)


class UnlawfulDeletion(CmeError, ValueError):
    """Raised by :meth:`DeletionCheck.raise_if_unlawful`; ``report`` holds every reason."""

    def __init__(self, report: Report) -> None:
        codes = ", ".join(p.code for p in report.errors)
        super().__init__(f"the deletion is unlawful ({codes}); see .report")
        self.report = report


@attrs.frozen(kw_only=True)
class DeletionCheck:
    """The verdict on one deletion: the ground's assessment and every problem found."""

    deletion: Deleted
    assessment: GroundAssessment | None
    report: Report

    @property
    def lawful(self) -> bool:
        return self.report.is_valid

    def raise_if_unlawful(self) -> None:
        if not self.lawful:
            raise UnlawfulDeletion(self.report)


def _met_when_recorded(
    deletion: Deleted, facts: DeletionFacts, ground: Ground, assessment: GroundAssessment
) -> date | None:
    """For a deletion not met on its date but recorded later: the day the ground was met, if
    it was met by the day of recording (a backdated, retrospective deletion)."""
    if assessment.outcome is not Outcome.NOT_MET or deletion.recorded <= deletion.on:
        return None
    if not ground.in_force_on(deletion.recorded):
        return None
    later = assess_ground(ground, facts, deletion.recorded)
    if not later.is_met:
        return None
    return later.met_on or deletion.recorded


def check_deletion(
    deletion: Deleted, facts: DeletionFacts, *, path: tuple[str | int, ...] = ()
) -> DeletionCheck:
    """Judge a deletion against the regime in force on its date (``deletion.on``)."""
    if not isinstance(deletion, Deleted):
        raise InvalidArgument(f"deletion must be a Deleted event, not {type(deletion).__name__}")
    on = deletion.on
    regime = regime_for(on)
    found: list[Problem] = []
    try:
        ground = regime.ground(deletion.ground, on=on)
    except UnknownGround as exc:
        found.append(
            GROUND_NOT_IN_REGIME.problem(
                f"{exc}", path=(*path, "ground"), values={"regime": regime.id}
            )
        )
        return DeletionCheck(deletion=deletion, assessment=None, report=Report(problems=found))
    if deletion.regime is not None and deletion.regime != regime.id:
        found.append(
            GROUND_NOT_IN_REGIME.problem(
                f"the deletion names regime {deletion.regime} but {regime.citation} was in force",
                path=(*path, "regime"),
            )
        )
    assessment = assess_ground(ground, facts, on)
    scope = pupil_age_scope(facts, on)
    for result in assessment.conditions:
        if result.status.value != "fails":
            continue
        if result.key == "age_scope":
            wanted = "of" if ground.applies_to is AgeScope.COMPULSORY_SCHOOL_AGE else "not of"
            found.append(
                WRONG_AGE_GROUP.problem(
                    f"{ground.ref} is for pupils {wanted} compulsory school age",
                    path=(*path, "ground"),
                    values={"pupil_scope": scope.value if scope else None},
                )
            )
        elif result.key == "special_school_consent":
            found.append(
                NO_CONSENT.problem(result.reason, path=(*path, "ground"), citation=result.citation)
            )
    later = _met_when_recorded(deletion, facts, ground, assessment)
    if later is not None:
        found.append(
            BEFORE_MET.problem(
                f"{ground.ref} was met only by {later.isoformat()}, after the deletion date",
                path=(*path, "on"),
                values={"deleted_on": on, "met_on": later},
                citation=ground.citation,
            )
        )
    elif assessment.outcome is Outcome.NOT_MET:
        reasons = [f"{c.text}: {c.reason}" for c in assessment.failing]
        found.append(
            OFF_ROLLING.problem(
                f"{ground.ref} not met on {on.isoformat()}: " + "; ".join(reasons),
                path=(*path, "ground"),
                values={"failing": [c.key for c in assessment.failing]},
                citation=ground.citation,
            )
        )
    elif assessment.outcome is Outcome.INSUFFICIENT_EVIDENCE:
        found.append(
            EVIDENCE_MISSING.problem(
                f"{ground.ref}: not shown on the facts given",
                path=(*path, "ground"),
                values={"unknown": [c.key for c in assessment.unknown]},
                citation=ground.citation,
            )
        )
    elif assessment.met_on is not None and on < assessment.met_on:
        found.append(
            BEFORE_MET.problem(
                path=(*path, "on"), values={"deleted_on": on, "met_on": assessment.met_on}
            )
        )
    if deletion.recorded > on:
        found.append(
            RECORDED_LATE.problem(
                path=(*path, "recorded_on"),
                values={"deleted_on": on, "recorded_on": deletion.recorded},
            )
        )
    return DeletionCheck(deletion=deletion, assessment=assessment, report=Report(problems=found))
