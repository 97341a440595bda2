"""Tests for cme_core.policy: an LA's local CME rules (policy, not law)."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cme_core.errors import (
    CmeError,
    InvalidArgument,
    InvalidInput,
    InvalidLocalAuthorityCode,
    UnknownLocalAuthority,
)
from cme_core.policy import (
    DEFAULT_MANDATORY_STEPS,
    DEFAULT_REVIEW_INTERVAL_DAYS,
    DEFAULT_UNKNOWN_DESTINATION_GROUNDS,
    POLICY_SOURCES,
    CaseState,
    EnquiryStep,
    LAPolicy,
    normalise_ground_ref,
)
from cme_core.school_age import is_nursery_to_year_11

# --- defaults --------------------------------------------------------------------------------


def test_defaults_are_common_practice() -> None:
    p = LAPolicy()
    assert p.min_unexplained_absence_school_days == 10
    assert p.mandatory_steps == frozenset(EnquiryStep) == DEFAULT_MANDATORY_STEPS
    assert p.home_visit_required
    assert (p.min_year_group, p.max_year_group) == (-2, 11)
    assert p.ehe_suitability_check_days == 28
    assert dict(p.review_interval_days) == dict(DEFAULT_REVIEW_INTERVAL_DAYS)
    assert p.review_interval(CaseState.CLOSED) is None
    assert p.la_code is None
    assert LAPolicy.common_practice() == p


def test_default_checklist_makes_home_visit_mandatory() -> None:
    # law.md s4: Ealing refuses referrals without a home visit.
    assert EnquiryStep.HOME_VISIT in LAPolicy().mandatory_steps


@given(st.integers(min_value=-50, max_value=50))
def test_default_year_range_is_nursery_to_year_11(n: int) -> None:
    assert LAPolicy().covers_year_group(n) == is_nursery_to_year_11(n)


def test_year_range_edges() -> None:
    p = LAPolicy(min_year_group=0, max_year_group=6)
    assert [p.covers_year_group(n) for n in (-1, 0, 6, 7)] == [False, True, True, False]
    open_top = LAPolicy(min_year_group=1, max_year_group=None)
    assert open_top.covers_year_group(99)
    assert not open_top.covers_year_group(0)


def test_every_step_has_a_description() -> None:
    assert all(step.description for step in EnquiryStep)
    assert len({step.description for step in EnquiryStep}) == len(EnquiryStep)


def test_policy_sources_name_real_fields_and_are_unverified_policy() -> None:
    names = {a.name for a in attrs.fields(LAPolicy)}
    assert set(POLICY_SOURCES) <= names
    assert set(POLICY_SOURCES) == names - {"name", "la_code"}
    for source in POLICY_SOURCES.values():
        assert source.basis in ("local practice", "guidance")
        assert source.verified is False


# --- named constructors ----------------------------------------------------------------------


def test_home_visit_only() -> None:
    p = LAPolicy.home_visit_only(min_unexplained_absence_school_days=15, la_code="926")
    assert p.mandatory_steps == frozenset({EnquiryStep.HOME_VISIT})
    assert p.min_unexplained_absence_school_days == 15
    assert p.la_code == "926"
    assert p.home_visit_required


def test_statute_only_has_no_local_thresholds() -> None:
    p = LAPolicy.statute_only()
    assert p.mandatory_steps == frozenset()
    assert not p.home_visit_required
    assert p.min_unexplained_absence_school_days == 0
    assert p.covers_year_group(-99)
    assert p.covers_year_group(99)
    assert p.year_group_range_text == "year groups any to any"


def test_with_review_interval_returns_a_copy() -> None:
    p = LAPolicy()
    q = p.with_review_interval(CaseState.TRACING, 7)
    assert q.review_interval(CaseState.TRACING) == 7
    assert p.review_interval(CaseState.TRACING) == 14
    r = q.with_review_interval(CaseState.TRACING, None)
    assert r.review_interval(CaseState.TRACING) is None
    assert r.review_interval(CaseState.MISSING) == 28
    with pytest.raises(InvalidArgument):
        p.with_review_interval("tracing", 7)  # type: ignore[arg-type]


def test_citation_names_the_policy() -> None:
    assert LAPolicy(name="Borsetshire").citation("x") == "LA policy (Borsetshire): x"


def test_policy_is_frozen_and_hashable() -> None:
    p = LAPolicy()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        p.name = "x"  # type: ignore[misc]
    assert hash(p) == hash(LAPolicy())


# --- LA codes --------------------------------------------------------------------------------


def test_la_code_is_checked_and_normalised() -> None:
    assert LAPolicy(la_code=" 926 ").la_code == "926"
    with pytest.raises(InvalidLocalAuthorityCode):
        LAPolicy(la_code="92")
    with pytest.raises(UnknownLocalAuthority):
        LAPolicy(la_code="944")
    with pytest.raises(InvalidArgument):
        LAPolicy(la_code=926)


@pytest.mark.parametrize("code", ["660", "001", "702"])
def test_la_code_must_be_english(code: str) -> None:
    # Welsh, pseudo and overseas groupings: s436A is a duty of LAs in England.
    with pytest.raises(InvalidLocalAuthorityCode):
        LAPolicy(la_code=code)


@given(st.text(max_size=30))
def test_fuzz_la_code_never_crashes(text: str) -> None:
    try:
        p = LAPolicy(la_code=text)
    except InvalidInput:
        return
    assert p.la_code is not None
    assert len(p.la_code) == 3


@given(st.one_of(st.integers(), st.floats(), st.binary(), st.lists(st.integers()), st.none()))
def test_fuzz_name_wrong_types(value: Any) -> None:
    with pytest.raises(InvalidArgument):
        LAPolicy(name=value)


def test_name_must_not_be_blank() -> None:
    with pytest.raises(InvalidInput):
        LAPolicy(name="  ")


# --- invalid thresholds ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"min_unexplained_absence_school_days": -1}, InvalidInput),
        ({"min_unexplained_absence_school_days": True}, InvalidArgument),
        ({"min_unexplained_absence_school_days": 10.0}, InvalidArgument),
        ({"ehe_suitability_check_days": -1}, InvalidInput),
        ({"min_year_group": 5, "max_year_group": 4}, InvalidInput),
        ({"min_year_group": "1"}, InvalidArgument),
        ({"max_year_group": False}, InvalidArgument),
        ({"mandatory_steps": "HOME_VISIT"}, InvalidArgument),
        ({"mandatory_steps": ["HOME_VISIT"]}, InvalidArgument),
        ({"mandatory_steps": 3}, InvalidArgument),
        ({"review_interval_days": {CaseState.TRACING: 0}}, InvalidInput),
        ({"review_interval_days": {"tracing": 5}}, InvalidArgument),
        ({"review_interval_days": {CaseState.TRACING: 5.5}}, InvalidArgument),
        ({"review_interval_days": [5]}, InvalidArgument),
        ({"unknown_destination_grounds": "9(1)(i)"}, InvalidArgument),
        ({"unknown_destination_grounds": [""]}, InvalidInput),
        ({"unknown_destination_grounds": [9]}, InvalidArgument),
    ],
)
def test_invalid_policies_raise_typed_errors(kwargs: dict[str, Any], error: type[CmeError]) -> None:
    with pytest.raises(error):
        LAPolicy(**kwargs)


def test_zero_days_is_a_valid_threshold() -> None:
    assert LAPolicy(min_unexplained_absence_school_days=0).min_unexplained_absence_school_days == 0


# --- deletion grounds ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9(1)(i)", "9(1)(i)"),
        (" 9 (1) (I) ", "9(1)(i)"),
        ("reg 8(1)(h)", "8(1)(h)"),
        ("Regulation 9(1)(g)", "9(1)(g)"),
        ("reg.9(1)(h)", "9(1)(h)"),
    ],
)
def test_normalise_ground_ref(text: str, expected: str) -> None:
    assert normalise_ground_ref(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "reg", "Regulation "])
def test_normalise_ground_ref_refuses_empty(text: str) -> None:
    with pytest.raises(InvalidInput):
        normalise_ground_ref(text)


def test_normalise_ground_ref_refuses_non_strings() -> None:
    with pytest.raises(InvalidArgument):
        normalise_ground_ref(9)  # type: ignore[arg-type]


@given(st.text(max_size=200))
def test_fuzz_normalise_ground_ref(text: str) -> None:
    try:
        out = normalise_ground_ref(text)
    except InvalidInput:
        return
    assert out
    assert not any(c.isspace() for c in out)


def test_unknown_destination_grounds() -> None:
    p = LAPolicy()
    assert p.unknown_destination_grounds == DEFAULT_UNKNOWN_DESTINATION_GROUNDS
    for ref in ("8(1)(e)", "8(1)(f)", "8(1)(h)", "9(1)(g)", "9(1)(h)", "9(1)(i)"):
        assert p.is_unknown_destination_ground(ref)
    # Known destinations or other processes: another school, home education, custody, death.
    for ref in ("8(1)(b)", "8(1)(d)", "8(1)(i)", "9(1)(a)", "9(1)(f)", "9(1)(j)", "9(1)(k)"):
        assert not p.is_unknown_destination_ground(ref)
    custom = LAPolicy(unknown_destination_grounds=["reg 9(1)(o)"])
    assert custom.is_unknown_destination_ground("9(1)(o)")
    assert not custom.is_unknown_destination_ground("9(1)(i)")


@pytest.mark.parametrize("code", ["８０１", "٨٠١", "8O1", "801\u200b", "801" * 1000])
def test_la_code_look_alikes_and_long_strings_are_refused(code: str) -> None:
    with pytest.raises(InvalidLocalAuthorityCode):
        LAPolicy(la_code=code)


def test_very_long_ground_refs_are_kept_but_never_match() -> None:
    ref = "9(1)(i)" * 5000
    assert normalise_ground_ref(ref) == ref
    assert not LAPolicy().is_unknown_destination_ground(ref)
    assert not LAPolicy().is_unknown_destination_ground("９(1)(i)")
