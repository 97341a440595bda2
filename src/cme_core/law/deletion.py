"""Guard rails for a deletion: off-rolling, retrospective deletion, consent, wrong regime.

:func:`check_deletion` judges a proposed or recorded deletion against the law in force on its
date and returns a :class:`DeletionCheck` whose report lists every reason it is unlawful.
A deletion without a met ground is *off-rolling*; a deletion dated before its ground was met,
or recorded after the day it takes effect, is *retrospective* (DfE guidance: deletions are made
when the ground is met and never retrospectively).

**Safe by default.** The check's :attr:`~DeletionCheck.verdict` has three values: LAWFUL
(the ground is MET and no guard rail fails), UNLAWFUL (a guard rail fails), and NOT_SHOWN (no
guard rail fails, but the facts given do not show the ground is met: INSUFFICIENT_EVIDENCE).
:attr:`~DeletionCheck.lawful` is true only for LAWFUL, and
:meth:`~DeletionCheck.raise_if_unlawful` raises for NOT_SHOWN too unless the caller opts out
with ``allow_not_shown=True``. An unproven deletion is never "lawful":

>>> from datetime import date
>>> from cme_core.law import DeletionFacts
>>> from cme_core.registers import Deleted
>>> from cme_core.schools import School, SchoolKind
>>> facts = DeletionFacts(pupil_id="P", school=School(laestab="8012000", name="A",
...                                     kind=SchoolKind.ACADEMY),
...                       date_of_birth=date(2014, 5, 1))
>>> check = check_deletion(Deleted(on=date(2025, 3, 3), ground="9(1)(g)"), facts)
>>> check.verdict, check.lawful, check.report.codes
(<Verdict.NOT_SHOWN: 'not_shown'>, False, ('CME-LAW-003Q',))
>>> check.raise_if_unlawful()
Traceback (most recent call last):
...
cme_core.law.deletion.DeletionNotShown: the deletion is not shown to be lawful (CME-LAW-003Q)...
>>> check.raise_if_unlawful(allow_not_shown=True)  # the caller's explicit choice
"""

from __future__ import annotations

import enum
from datetime import date
from typing import Any

import attrs

from cme_core._fields import checked, typed_fields
from cme_core.errors import CmeError, InvalidArgument
from cme_core.law.assess import assess_ground, pupil_age_scope
from cme_core.law.facts import DeletionFacts
from cme_core.law.records import AgeScope, Ground, GroundAssessment, Outcome, UnknownGround
from cme_core.law.regimes import regime_for
from cme_core.problems import Problem, ProblemType, Report, Severity
from cme_core.registers import Deleted

__all__ = [
    "PROBLEM_TYPES",
    "DeletionCheck",
    "DeletionNotShown",
    "UnlawfulDeletion",
    "Verdict",
    "check_deletion",
]

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


class Verdict(enum.Enum):
    """The three-way verdict of :func:`check_deletion`."""

    LAWFUL = "lawful"
    """The ground is MET on the deletion's date and no guard rail fails."""
    UNLAWFUL = "unlawful"
    """A guard rail fails: off-rolling, retrospective, no consent, wrong regime or age group."""
    NOT_SHOWN = "not_shown"
    """No guard rail fails, but the facts given do not show the ground is met
    (INSUFFICIENT_EVIDENCE). Not lawful: supply the missing facts (``report`` and
    ``assessment.unknown`` say which)."""


class UnlawfulDeletion(CmeError, ValueError):
    """Raised by :meth:`DeletionCheck.raise_if_unlawful`; ``report`` holds every reason."""

    def __init__(self, report: Report, message: str | None = None) -> None:
        if message is None:
            codes = ", ".join(p.code for p in report.errors)
            message = f"the deletion is unlawful ({codes}); see .report"
        super().__init__(message)
        self.report = report

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickle with the report, so the error can travel back from a worker process.
        return (UnlawfulDeletion, (self.report, str(self)))


class DeletionNotShown(UnlawfulDeletion):
    """Raised by :meth:`DeletionCheck.raise_if_unlawful` when the verdict is NOT_SHOWN: the facts
    given do not show the ground is met. A subclass of :class:`UnlawfulDeletion`, so code that
    catches that catches this too."""

    def __init__(self, report: Report) -> None:
        codes = ", ".join(p.code for p in report.problems) or "no problem recorded"
        super().__init__(
            report,
            f"the deletion is not shown to be lawful ({codes}): the facts given do not show "
            "its ground is met; see .report",
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (DeletionNotShown, (self.report,))


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class DeletionCheck:
    """The verdict on one deletion: the ground's assessment and every problem found.

    :attr:`verdict` is LAWFUL only when the ground is MET and no guard rail fails; a ground not
    shown on the facts (INSUFFICIENT_EVIDENCE) is NOT_SHOWN, which is **not** lawful.
    """

    deletion: Deleted
    assessment: GroundAssessment | None
    report: Report

    @property
    def verdict(self) -> Verdict:
        """LAWFUL, UNLAWFUL (an ERROR in :attr:`report`) or NOT_SHOWN (no ERROR, but the ground
        is not shown to be MET)."""
        if not self.report.is_valid:
            return Verdict.UNLAWFUL
        if self.assessment is not None and self.assessment.is_met:
            return Verdict.LAWFUL
        return Verdict.NOT_SHOWN

    @property
    def lawful(self) -> bool:
        """True only when the :attr:`verdict` is LAWFUL: the ground is MET on the deletion's
        date and no guard rail fails. False for UNLAWFUL **and** NOT_SHOWN (in 0.1.0 an
        unproven ground counted as lawful)."""
        return self.verdict is Verdict.LAWFUL

    @property
    def not_shown(self) -> bool:
        """True when the :attr:`verdict` is NOT_SHOWN (the ground is not shown on the facts)."""
        return self.verdict is Verdict.NOT_SHOWN

    def raise_if_unlawful(self, *, allow_not_shown: bool = False) -> None:
        """Raise unless the :attr:`verdict` is LAWFUL.

        UNLAWFUL raises :class:`UnlawfulDeletion`; NOT_SHOWN raises :class:`DeletionNotShown`
        (a subclass) unless ``allow_not_shown=True``, the caller's explicit choice to accept a
        deletion whose ground the facts do not show.
        """
        if not isinstance(allow_not_shown, bool):
            raise InvalidArgument(
                f"allow_not_shown must be a bool, got {type(allow_not_shown).__name__}"
            )
        verdict = self.verdict
        if verdict is Verdict.UNLAWFUL:
            raise UnlawfulDeletion(self.report)
        if verdict is Verdict.NOT_SHOWN and not allow_not_shown:
            raise DeletionNotShown(self.report)


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


@checked
def check_deletion(
    deletion: Deleted, facts: DeletionFacts, *, path: tuple[str | int, ...] = ()
) -> DeletionCheck:
    """Judge a deletion against the regime in force on its date (``deletion.on``).

    The result's :attr:`~DeletionCheck.verdict` is LAWFUL only when the ground is MET and no
    guard rail fails; UNLAWFUL when one fails (the report's ERRORs say which); NOT_SHOWN when
    nothing fails but the facts do not show the ground is met (a QUERY, ``CME-LAW-003Q``).
    Check ``result.lawful`` or call ``result.raise_if_unlawful()``: both treat NOT_SHOWN as not
    lawful.
    """
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
