"""The assessment engine: every condition of a ground tested against the facts, with reasons.

Each :class:`~cme_core.law.records.Condition` names an evaluator by its ``key`` in the
regime's own table (:attr:`~cme_core.law.records.Regime.evaluators`, built from the pieces in
:mod:`cme_core.law.evaluators`). The engine adds the conditions every ground shares: the
pupil's age scope, the ground's period of force, and the regime's special-school consent rule
(2006 reg 8(2); 2024 reg 9(2)), read from :attr:`~cme_core.law.records.Regime.consent_rule`.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from datetime import date

from cme_core._checks import require_date
from cme_core._fields import checked
from cme_core.errors import CmeError, InvalidArgument
from cme_core.law.evaluators import PIECES, _iso, _result
from cme_core.law.facts import DeletionFacts, KnownNone
from cme_core.law.records import (
    AgeScope,
    Condition,
    ConditionKind,
    ConditionResult,
    ConditionStatus,
    Evaluator,
    Ground,
    GroundAssessment,
    Outcome,
    Regime,
)
from cme_core.law.regimes import regime_by_id, regime_for
from cme_core.school_age import compulsory_school_age_status

__all__ = ["SECRETARY_OF_STATE", "assess_ground", "candidate_grounds", "pupil_age_scope"]

SECRETARY_OF_STATE = "secretary_of_state"
"""The ``Consent.by`` value for a direction of the Secretary of State."""
HOLDS, FAILS, UNKNOWN = ConditionStatus.HOLDS, ConditionStatus.FAILS, ConditionStatus.UNKNOWN


def _legacy_attribute(module: str, name: str) -> Mapping[str, Evaluator]:
    """The deprecated ``EVALUATORS`` of ``module`` (this one and :mod:`cme_core.law`)."""
    if name == "EVALUATORS":
        warnings.warn(
            "cme_core.law.EVALUATORS is deprecated: each regime carries its own table "
            "(Regime.evaluators); the shared pieces are cme_core.law.evaluators.PIECES",
            DeprecationWarning,
            stacklevel=3,
        )
        return PIECES
    raise AttributeError(f"module {module!r} has no attribute {name!r}")


def __getattr__(name: str) -> Mapping[str, Evaluator]:
    return _legacy_attribute(__name__, name)


# --- shared conditions -----------------------------------------------------------------------


@checked
def pupil_age_scope(facts: DeletionFacts, on: date) -> AgeScope | None:
    """Whether the pupil is of compulsory school age on ``on`` (``None``: no date of birth, or
    one the encoded rules cannot decide)."""
    if facts.date_of_birth is None:
        return None
    csa = compulsory_school_age_status(facts.date_of_birth, on)
    if csa is None:  # a date of birth the encoded rules (from 1998) cannot decide
        return None
    if csa:
        return AgeScope.COMPULSORY_SCHOOL_AGE
    return AgeScope.NOT_COMPULSORY_SCHOOL_AGE


def _age_condition(ground: Ground) -> Condition:
    csa = ground.applies_to is AgeScope.COMPULSORY_SCHOOL_AGE
    return Condition(
        key="age_scope",
        text="pupil is of compulsory school age"
        if csa
        else "pupil is not of compulsory school age",
        citation=f"{ground.citation.rsplit('(', 1)[0]}; Education Act 1996 s8",
        kind=ConditionKind.FACT,
    )


def _age(facts: DeletionFacts, on: date, c: Condition, ground: Ground) -> ConditionResult:
    scope = pupil_age_scope(facts, on)
    if scope is None:
        if facts.date_of_birth is None:
            return _result(c, UNKNOWN, "date of birth not given")
        return _result(c, UNKNOWN, "the encoded rules (from 1998) cannot decide this age")
    if scope is ground.applies_to:
        return _result(c, HOLDS, f"so on {_iso(on)}")
    return _result(c, FAILS, f"not so on {_iso(on)}: this ground is for the other age group")


def _in_force_condition(ground: Ground) -> Condition:
    return Condition(
        key="in_force",
        text="the ground (in this wording) is in force on the day",
        citation=ground.citation,
    )


def _in_force(facts: DeletionFacts, on: date, c: Condition, ground: Ground) -> ConditionResult:
    span = ground.in_force
    end = _iso(span.end) if span.end else "now"
    if ground.in_force_on(on):
        return _result(c, HOLDS, f"in force {_iso(span.start)} to {end}", span.start)
    return _result(c, FAILS, f"this wording was in force {_iso(span.start)} to {end} only")


def _consent_condition(regime: Regime) -> Condition:
    return Condition(
        key="special_school_consent",
        text="for a pupil placed at a special school by an LA: that LA consented (or the "
        "Secretary of State directed)",
        citation=regime.consent_rule.citation,
    )


def _consent(
    facts: DeletionFacts, on: date, c: Condition, ground: Ground, regime: Regime
) -> ConditionResult:
    rule = regime.consent_rule
    if ground.ref in rule.exempt or not ground.la_consent_rule:
        return _result(
            c, HOLDS, "the consent rule does not cover this ground", ground.in_force.start
        )
    if not facts.school.kind.is_special_school:
        return _result(c, HOLDS, "not a special school", ground.in_force.start)
    if (
        not rule.covers_not_compulsory_school_age
        and ground.applies_to is not AgeScope.COMPULSORY_SCHOOL_AGE
    ):
        return _result(
            c,
            HOLDS,
            f"{rule.citation} covers only pupils of compulsory school age",
            ground.in_force.start,
        )
    if facts.la_placed_special_by is None:
        # None bars nothing: read as not placed by an LA (known, if listed in known_none).
        reason = (
            "known: not placed here by an LA"
            if facts.known_to_be_none(KnownNone.LA_SPECIAL_PLACEMENT)
            else "not recorded as placed here by an LA"
        )
        return _result(c, HOLDS, reason, ground.in_force.start)
    consent = facts.la_consent
    placing = facts.la_placed_special_by
    if consent is None:
        return _result(c, FAILS, f"placed by LA {placing}; no consent recorded")
    if consent.by not in (placing, SECRETARY_OF_STATE):
        return _result(c, FAILS, f"consent is from {consent.by}, not the placing LA {placing}")
    if (
        consent.by == SECRETARY_OF_STATE
        and rule.direction_only_after_refusal
        and not consent.refused_first
    ):
        return _result(
            c,
            FAILS,
            f"a Secretary of State direction applies only after the LA refused ({rule.citation})",
        )
    if consent.on > on:
        return _result(c, FAILS, f"consent dated {_iso(consent.on)}, after {_iso(on)}")
    return _result(c, HOLDS, f"consent by {consent.by} on {_iso(consent.on)}", consent.on)


# --- ground conditions -----------------------------------------------------------------------


def _evaluate(
    c: Condition, facts: DeletionFacts, on: date, ground: Ground, regime: Regime
) -> ConditionResult:
    try:
        if c.key == "age_scope":
            return _age(facts, on, c, ground)
        if c.key == "in_force":
            return _in_force(facts, on, c, ground)
        if c.key == "special_school_consent":
            return _consent(facts, on, c, ground, regime)
        evaluator = regime.evaluators.get(c.key)
        if evaluator is None:
            return _result(c, UNKNOWN, f"no evaluator for condition {c.key!r}")
        return evaluator(facts, on, c, ground)
    except CmeError as exc:
        return _result(
            c, UNKNOWN, f"cannot be worked out from the facts given ({type(exc).__name__}: {exc})"
        )


def _regime_of(ground: Ground, regime: Regime | None) -> Regime:
    if regime is None:
        return regime_by_id(ground.regime)
    if not isinstance(regime, Regime):
        raise InvalidArgument(f"regime must be a Regime, not {type(regime).__name__}")
    if ground.regime is not regime.id:
        raise InvalidArgument("the ground belongs to another regime than the one given")
    return regime


@checked
def assess_ground(
    ground: Ground | str, facts: DeletionFacts, on: date, *, regime: Regime | None = None
) -> GroundAssessment:
    """Assess one ground against the facts on ``on``: MET, NOT_MET or INSUFFICIENT_EVIDENCE,
    with every condition's result, reason and citation, and ``met_on``.

    ``ground`` may be a :class:`Ground` or a reference ("9(1)(i)", "i") read in the regime in
    force on ``on``. ``regime`` is the catalogue whose evaluator table and consent rule apply
    (default: the published regime the ground belongs to; give one to assess against an
    amended catalogue).
    """
    on = require_date(on, "on")
    if not isinstance(facts, DeletionFacts):
        raise InvalidArgument(f"facts must be DeletionFacts, not {type(facts).__name__}")
    if isinstance(ground, str):
        catalogue = regime if regime is not None else regime_for(on)
        ground = (
            catalogue.ground(ground, on=on)
            if catalogue.has_ground(ground, on=on)
            else catalogue.ground(ground)
        )
    elif not isinstance(ground, Ground):
        raise InvalidArgument(
            f"ground must be a Ground or a reference, not {type(ground).__name__}"
        )
    regime = _regime_of(ground, regime)
    conditions = (
        _age_condition(ground),
        _in_force_condition(ground),
        *ground.conditions,
        _consent_condition(regime),
    )
    results = tuple(_evaluate(c, facts, on, ground, regime) for c in conditions)
    statuses = {r.status for r in results}
    if FAILS in statuses:
        outcome = Outcome.NOT_MET
    elif UNKNOWN in statuses:
        outcome = Outcome.INSUFFICIENT_EVIDENCE
    else:
        outcome = Outcome.MET
    met_on = None
    if outcome is Outcome.MET:
        dates = [r.met_on for r in results if r.met_on is not None]
        met_on = max(dates) if dates else None
    return GroundAssessment(
        ground=ground, on=on, outcome=outcome, conditions=results, met_on=met_on
    )


@checked
def candidate_grounds(
    facts: DeletionFacts,
    on: date,
    *,
    include_all: bool = False,
    regime: Regime | None = None,
) -> tuple[GroundAssessment, ...]:
    """The grounds met or nearly met on ``on``, best first, each with what is missing.

    A ground is *nearly met* when there is evidence for it, nothing fails except conditions
    that time alone may satisfy (a count not yet reached), and the rest is unknown. Met grounds
    come first, then the rest by how little is missing. With ``include_all`` every ground in
    force for the pupil's age group is returned. ``regime``: the catalogue to use (default: the
    regime in force on ``on``).
    """
    on = require_date(on, "on")
    catalogue = regime if regime is not None else regime_for(on)
    scope = pupil_age_scope(facts, on)
    grounds = catalogue.grounds_on(on, applies_to=scope)
    found = [assess_ground(g, facts, on, regime=catalogue) for g in grounds]
    if not include_all:
        found = [a for a in found if a.is_met or a.nearly_met]
    return tuple(sorted(found, key=lambda a: (not a.is_met, len(a.missing), a.ground.ref)))
