"""The assessment engine's shared conditions, branch by branch: what each result says.

``tests/law/test_assess.py`` checks each ground at its edges; this file checks what the
engine adds to every ground (age scope, period of force, the special-school consent rule),
its fall-backs (no evaluator, an evaluator that cannot decide), how a reference picks a
version of a ground, and how :func:`candidate_grounds` orders what it finds. Written against
the survivors of mutation testing (``make mutate``, benchmarks/MUTATION.md): each test fails
if a branch, a reason, a citation or a date in ``cme_core.law.assess`` is changed.
"""

from __future__ import annotations

import importlib
import warnings
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pytest

from cme_core.errors import InvalidArgument, InvalidInput
from cme_core.law import (
    REGS_2006,
    REGS_2024,
    Condition,
    ConditionKind,
    ConditionResult,
    ConditionStatus,
    Consent,
    DeletionFacts,
    Ground,
    KnownNone,
    Outcome,
    Regime,
    assess_ground,
    candidate_grounds,
)
from cme_core.law.evaluators import PIECES
from cme_core.law.records import AgeScope
from cme_core.schools import School, SchoolKind

from .helpers import CAL, facts, judgment

assess_module = importlib.import_module("cme_core.law.assess")

HOLDS, FAILS, UNKNOWN = ConditionStatus.HOLDS, ConditionStatus.FAILS, ConditionStatus.UNKNOWN
SPECIAL = School(
    laestab="8017000", name="Special", kind=SchoolKind.MAINTAINED_SPECIAL, calendar=CAL
)
ON = date(2025, 1, 6)
DIED = {"died_on": date(2024, 10, 1)}
SOS = assess_module.SECRETARY_OF_STATE


def by_key(result: Any, key: str) -> ConditionResult:
    (found,) = [c for c in result.conditions if c.key == key]
    assert isinstance(found, ConditionResult)
    return found


def consent_result(result: Any) -> ConditionResult:
    last = result.conditions[-1]
    assert last.key == "special_school_consent"
    assert isinstance(last, ConditionResult)
    return last


# --- the deprecated module attribute ----------------------------------------------------------


def test_evaluators_attribute_is_deprecated_and_points_at_the_caller() -> None:
    with pytest.warns(DeprecationWarning, match="EVALUATORS is deprecated") as caught:
        table = assess_module.EVALUATORS
    assert table is PIECES
    (warning,) = caught
    assert str(warning.message) == (
        "cme_core.law.EVALUATORS is deprecated: each regime carries its own table "
        "(Regime.evaluators); the shared pieces are cme_core.law.evaluators.PIECES"
    )
    # stacklevel 2: the warning names the line that read the attribute, not the module itself
    # (under mutmut its trampoline's frame sits between the two)
    assert warning.filename != assess_module.__file__
    assert warning.filename == __file__ or "mutmut" in Path(warning.filename).parts


def test_other_module_attributes_raise_attribute_error() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no deprecation warning for other names
        with pytest.raises(AttributeError) as info:
            _ = assess_module.evaluators
    assert str(info.value) == "module 'cme_core.law.assess' has no attribute 'evaluators'"


# --- age scope --------------------------------------------------------------------------------


def test_age_condition_text_citation_and_kind() -> None:
    csa = assess_ground("9(1)(k)", facts(**DIED), date(2024, 10, 1))
    age = csa.conditions[0]
    assert age.key == "age_scope"
    assert age.text == "pupil is of compulsory school age"
    assert age.citation == "SI 2024/208 reg 9(1); Education Act 1996 s8"
    assert age.kind is ConditionKind.FACT
    assert (age.status, age.reason) == (HOLDS, "so on 2024-10-01")
    assert age.met_on is None

    young = facts(date_of_birth=date(2020, 6, 1), **DIED)
    other = assess_ground("9(3)(d)", young, date(2024, 10, 1)).conditions[0]
    assert other.text == "pupil is not of compulsory school age"
    assert other.citation == "SI 2024/208 reg 9(3); Education Act 1996 s8"
    assert (other.status, other.reason) == (HOLDS, "so on 2024-10-01")

    wrong = assess_ground("9(1)(k)", young, date(2024, 10, 1)).conditions[0]
    assert wrong.status is FAILS
    assert wrong.reason == "not so on 2024-10-01: this ground is for the other age group"


def test_age_unknown_without_a_date_of_birth() -> None:
    result = assess_ground("9(1)(k)", facts(date_of_birth=None, **DIED), date(2024, 10, 1))
    age = result.conditions[0]
    assert (age.status, age.reason) == (UNKNOWN, "date of birth not given")
    assert result.outcome is Outcome.INSUFFICIENT_EVIDENCE
    assert result.met_on is None


def test_age_unknown_where_the_encoded_rules_cannot_decide() -> None:
    # Born 1 June 1990: the fifth birthday (1995) is before the 1998 Orders.
    f = facts(date_of_birth=date(1990, 6, 1), died_on=date(2007, 1, 8))
    result = assess_ground("8(1)(j)", f, date(2007, 1, 8))
    age = result.conditions[0]
    assert age.key == "age_scope"
    assert age.status is UNKNOWN
    assert age.reason == "the encoded rules (from 1998) cannot decide this age"
    assert age.text == "pupil is of compulsory school age"
    assert age.citation == "SI 2006/1751 reg 8(1); Education Act 1996 s8"
    assert result.outcome is Outcome.INSUFFICIENT_EVIDENCE


# --- period of force --------------------------------------------------------------------------


def test_in_force_condition_holds_from_the_start_of_the_wording() -> None:
    result = assess_ground("9(1)(k)", facts(**DIED), date(2024, 10, 1))
    in_force = result.conditions[1]
    assert in_force.key == "in_force"
    assert in_force.text == "the ground (in this wording) is in force on the day"
    assert in_force.citation == result.ground.citation == "SI 2024/208 reg 9(1)(k)"
    assert in_force.status is HOLDS
    assert in_force.reason == "in force 2024-08-19 to now"
    assert in_force.met_on == date(2024, 8, 19)


def test_in_force_condition_names_the_end_of_an_old_wording() -> None:
    f = facts(date_of_birth=date(2000, 1, 1), died_on=date(2010, 1, 4))
    held = assess_ground("8(1)(j)", f, date(2010, 1, 4)).conditions[1]
    assert held.reason == "in force 2006-09-01 to 2024-08-18"
    assert held.met_on == date(2006, 9, 1)
    old = REGS_2006.ground("8(1)(m)", on=date(2010, 1, 4))  # the 2006-2012 wording
    result = assess_ground(old, f, date(2015, 1, 5))
    in_force = result.conditions[1]
    assert (in_force.status, in_force.met_on) == (FAILS, None)
    assert in_force.reason == "this wording was in force 2006-09-01 to 2012-08-31 only"
    assert result.outcome is Outcome.NOT_MET
    assert result.met_on is None
    assert result.on == date(2015, 1, 5)


# --- a reference picks the version in force on the day -----------------------------------------


def test_a_reference_is_read_in_the_version_in_force_on_the_day() -> None:
    f = facts(date_of_birth=date(2000, 1, 1))
    result = assess_ground("8(1)(f)", f, date(2010, 1, 4))
    assert result.ground.in_force.start == date(2006, 9, 1)  # not the 2013 or 2016 wording
    assert result.ground == REGS_2006.ground("8(1)(f)", on=date(2010, 1, 4))
    assert result.conditions[1].status is HOLDS


def test_a_reference_not_in_force_on_the_day_gives_its_latest_wording_not_an_error() -> None:
    # 8(1)(o) was inserted from 1 September 2011.
    f = facts(date_of_birth=date(2000, 1, 1))
    result = assess_ground("8(1)(o)", f, date(2010, 1, 4))
    assert result.ground == REGS_2006.ground("8(1)(o)")
    assert result.outcome is Outcome.NOT_MET
    assert result.conditions[1].reason == "this wording was in force 2011-09-01 to 2024-08-18 only"


# --- the special-school consent rule ----------------------------------------------------------


def special(**changes: Any) -> DeletionFacts:
    """A pupil placed at a special school by LA 801 who moved away (2024 9(1)(g))."""
    base: dict[str, Any] = {
        "school": SPECIAL,
        "la_placed_special_by": "801",
        "boarder": False,
        "moved_away": judgment(ON),
        "will_not_attend_again": judgment(ON),
    }
    base.update(changes)
    return facts(**base)


def test_consent_condition_text_and_citation() -> None:
    result = assess_ground("9(1)(g)", special(), ON)
    c = consent_result(result)
    assert c.text == (
        "for a pupil placed at a special school by an LA: that LA consented (or the "
        "Secretary of State directed)"
    )
    assert c.citation == "SI 2024/208 reg 9(2)"
    old = assess_ground("8(1)(j)", facts(died_on=date(2019, 1, 7)), date(2019, 1, 7))
    assert consent_result(old).citation == "SI 2006/1751 reg 8(2)"


def test_consent_not_covering_an_exempt_ground() -> None:
    result = assess_ground("9(1)(k)", special(**DIED), date(2024, 10, 1))
    c = consent_result(result)
    assert (c.status, c.reason) == (HOLDS, "the consent rule does not cover this ground")
    assert c.met_on == date(2024, 8, 19)
    assert result.outcome is Outcome.MET


def test_consent_not_covering_a_ground_outside_the_rule() -> None:
    ground = attrs.evolve(REGS_2024.ground("9(1)(g)"), la_consent_rule=False)
    c = consent_result(assess_ground(ground, special(), ON))
    assert (c.status, c.reason) == (HOLDS, "the consent rule does not cover this ground")
    assert c.met_on == date(2024, 8, 19)


def test_consent_not_needed_at_a_school_that_is_not_special() -> None:
    c = consent_result(assess_ground("9(1)(g)", special(school=facts().school), ON))
    assert (c.status, c.reason, c.met_on) == (HOLDS, "not a special school", date(2024, 8, 19))


def test_2024_rule_covers_only_pupils_of_compulsory_school_age() -> None:
    young = special(date_of_birth=date(2020, 6, 1), **DIED)
    result = assess_ground("9(3)(d)", young, date(2024, 10, 1))
    c = consent_result(result)
    assert c.status is HOLDS
    assert c.reason == "SI 2024/208 reg 9(2) covers only pupils of compulsory school age"
    assert c.met_on == date(2024, 8, 19)
    assert result.outcome is Outcome.MET


def test_2006_rule_covers_pupils_not_of_compulsory_school_age_too() -> None:
    young = special(date_of_birth=date(2015, 6, 1), died_on=date(2019, 10, 1))
    result = assess_ground("8(3)(c)", young, date(2019, 10, 1))
    c = consent_result(result)
    assert (c.status, c.reason) == (FAILS, "placed by LA 801; no consent recorded")
    assert result.outcome is Outcome.NOT_MET


def test_2006_secretary_of_state_direction_needs_no_refusal_first() -> None:
    direction = Consent(by=SOS, on=date(2019, 9, 30))
    young = special(date_of_birth=date(2015, 6, 1), died_on=date(2019, 10, 1), la_consent=direction)
    c = consent_result(assess_ground("8(3)(c)", young, date(2019, 10, 1)))
    assert (c.status, c.reason) == (HOLDS, "consent by secretary_of_state on 2019-09-30")
    assert c.met_on == date(2019, 9, 30)


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"la_placed_special_by": None}, "not recorded as placed here by an LA"),
        (
            {"la_placed_special_by": None, "known_none": [KnownNone.LA_SPECIAL_PLACEMENT]},
            "known: not placed here by an LA",
        ),
    ],
)
def test_consent_not_needed_when_not_placed_by_an_la(changes: dict[str, Any], reason: str) -> None:
    result = assess_ground("9(1)(g)", special(**changes), ON)
    c = consent_result(result)
    assert (c.status, c.reason, c.met_on) == (HOLDS, reason, date(2024, 8, 19))
    assert result.outcome is Outcome.MET


@pytest.mark.parametrize(
    ("consent", "reason"),
    [
        (None, "placed by LA 801; no consent recorded"),
        (Consent(by="802", on=ON), "consent is from 802, not the placing LA 801"),
        (
            Consent(by=SOS, on=ON),
            "a Secretary of State direction applies only after the LA refused "
            "(SI 2024/208 reg 9(2))",
        ),
        (Consent(by="801", on=date(2025, 1, 7)), "consent dated 2025-01-07, after 2025-01-06"),
    ],
)
def test_consent_failing(consent: Consent | None, reason: str) -> None:
    result = assess_ground("9(1)(g)", special(la_consent=consent), ON)
    c = consent_result(result)
    assert (c.status, c.reason, c.met_on) == (FAILS, reason, None)
    assert result.outcome is Outcome.NOT_MET
    assert result.failing == (c,)


@pytest.mark.parametrize(
    ("consent", "reason"),
    [
        (Consent(by="801", on=date(2025, 1, 3)), "consent by 801 on 2025-01-03"),
        (
            Consent(by=SOS, on=date(2025, 1, 3), refused_first=True),
            "consent by secretary_of_state on 2025-01-03",
        ),
    ],
)
def test_consent_holding_dates_the_ground(consent: Consent, reason: str) -> None:
    result = assess_ground("9(1)(g)", special(la_consent=consent), ON)
    c = consent_result(result)
    assert (c.status, c.reason, c.met_on) == (HOLDS, reason, date(2025, 1, 3))
    assert result.outcome is Outcome.MET


# --- fall-backs: no evaluator, an evaluator that cannot decide ---------------------------------


def _with_condition(key: str) -> Ground:
    extra = Condition(key=key, text="a fictional condition", citation="Fictional reg 1")
    return attrs.evolve(REGS_2024.ground("9(1)(k)"), conditions=(extra,))


def test_a_condition_without_an_evaluator_is_unknown() -> None:
    result = assess_ground(_with_condition("no_such_key"), facts(**DIED), date(2024, 10, 1))
    c = by_key(result, "no_such_key")
    assert (c.status, c.reason) == (UNKNOWN, "no evaluator for condition 'no_such_key'")
    assert (c.text, c.citation) == ("a fictional condition", "Fictional reg 1")
    assert result.outcome is Outcome.INSUFFICIENT_EVIDENCE


def _undecidable(*_: object) -> ConditionResult:
    raise InvalidInput("the facts disagree")


def _fictional_regime() -> Regime:
    """The 2024 regime with one more evaluator, a renamed consent rule and one ground
    (9(1)(k)) carrying a fictional note."""
    died = REGS_2024.ground("9(1)(k)")
    noted = attrs.evolve(died, notes=("Fictional (test fixture).",))
    return attrs.evolve(
        REGS_2024,
        all_grounds=tuple(noted if g is died else g for g in REGS_2024.all_grounds),
        evaluators={**REGS_2024.evaluators, "undecidable": _undecidable},
        consent_rule=attrs.evolve(REGS_2024.consent_rule, citation="Fictional reg 9(2)"),
    )


def test_an_evaluator_that_raises_a_cme_error_gives_unknown_with_the_reason() -> None:
    regime = _fictional_regime()
    ground = _with_condition("undecidable")
    result = assess_ground(ground, facts(**DIED), date(2024, 10, 1), regime=regime)
    c = by_key(result, "undecidable")
    assert c.status is UNKNOWN
    assert c.reason == (
        "cannot be worked out from the facts given (InvalidInput: the facts disagree)"
    )
    assert consent_result(result).citation == "Fictional reg 9(2)"  # the regime given is used
    assert result.outcome is Outcome.INSUFFICIENT_EVIDENCE


def test_a_reference_is_read_in_the_regime_given() -> None:
    regime = _fictional_regime()
    result = assess_ground("9(1)(k)", facts(**DIED), date(2024, 10, 1), regime=regime)
    assert result.ground.notes == ("Fictional (test fixture).",)
    assert consent_result(result).citation == "Fictional reg 9(2)"


# --- arguments --------------------------------------------------------------------------------


def test_wrong_arguments_are_named() -> None:
    """Each wrong argument is named with the type found (the wording may come from the
    function or from a checking decorator in front of it)."""
    f = facts(**DIED)
    with pytest.raises(InvalidArgument, match=r"^on must be a datetime\.date"):
        assess_ground("9(1)(k)", f, "2024-10-01")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match=r"^facts must be .*\bdict\b"):
        assess_ground("9(1)(k)", {"pupil_id": "P1"}, date(2024, 10, 1))  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match=r"^ground must be a Ground.*\bint\b"):
        assess_ground(9, f, date(2024, 10, 1))  # type: ignore[arg-type]
    ground = REGS_2024.ground("9(1)(k)")
    with pytest.raises(InvalidArgument, match=r"^regime must be a Regime.*\bstr"):
        assess_ground(ground, f, date(2024, 10, 1), regime="2024")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument) as info:
        assess_ground(ground, f, date(2024, 10, 1), regime=REGS_2006)
    assert str(info.value) == "the ground belongs to another regime than the one given"
    with pytest.raises(InvalidArgument, match=r"^on must be a datetime\.date"):
        candidate_grounds(f, "2024-10-01")  # type: ignore[arg-type]


# --- candidate_grounds ------------------------------------------------------------------------


def test_candidate_grounds_uses_the_regime_given() -> None:
    regime = _fictional_regime()
    found = candidate_grounds(facts(**DIED), date(2024, 10, 1), regime=regime)
    assert [a.ground.ref for a in found if a.is_met] == ["9(1)(k)"]
    assert found[0].ground.notes == ("Fictional (test fixture).",)
    assert consent_result(found[0]).citation == "Fictional reg 9(2)"


def test_candidate_grounds_considers_only_the_pupils_age_group() -> None:
    on = date(2024, 10, 1)
    f = facts(**DIED)
    every = candidate_grounds(f, on, include_all=True)
    expected = REGS_2024.grounds_on(on, applies_to=AgeScope.COMPULSORY_SCHOOL_AGE)
    assert sorted(a.ground.ref for a in every) == sorted(g.ref for g in expected)
    young = candidate_grounds(facts(date_of_birth=date(2020, 6, 1), **DIED), on, include_all=True)
    assert {a.ground.applies_to for a in young} == {AgeScope.NOT_COMPULSORY_SCHOOL_AGE}


def test_candidate_grounds_are_met_first_then_by_what_is_missing_then_by_ref() -> None:
    found = candidate_grounds(facts(**DIED), date(2024, 10, 1), include_all=True)
    assert len(found) > 2
    assert found[0].ground.ref == "9(1)(k)"
    assert found[0].is_met
    assert not any(a.is_met for a in found[1:])
    keys = [(not a.is_met, len(a.missing), a.ground.ref) for a in found]
    assert keys == sorted(keys)
    assert [a.ground.ref for a in found] != sorted(a.ground.ref for a in found)
