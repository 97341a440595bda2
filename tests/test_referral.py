"""Tests for cme_core.referral: CME referral eligibility (Education Act 1996 s436A + LA policy)."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cme_core.errors import CmeError, InvalidArgument, InvalidInput
from cme_core.people import Address, Parent, PhoneNumber, Pupil, Sex
from cme_core.policy import EnquiryStep, LAPolicy
from cme_core.referral import (
    REQUIREMENTS,
    Basis,
    Enquiry,
    ReferralChild,
    ReferralDecision,
    ReferralOutcome,
    Registration,
    SafeguardingConcern,
    StepStatus,
    Vulnerability,
    assess_referral,
    referral_form,
)
from cme_core.schools import Phase, School, SchoolKind

ON = date(2025, 3, 10)
DAY = timedelta(days=1)
ELIGIBLE = ReferralOutcome.ELIGIBLE
NOT_YET = ReferralOutcome.NOT_YET
NOT_CME = ReferralOutcome.NOT_CME
ESCALATE = ReferralOutcome.ESCALATE_SAFEGUARDING

SENTINELS = ("Zebedee", "Quuxley", "Sentinel Road", "ZZ9 9ZZ", "07700 900999", "0770090099")


def pupil(**overrides: Any) -> Pupil:
    fields: dict[str, Any] = {
        "pupil_id": "P1",
        "full_name": "Zebedee Quuxley",
        "date_of_birth": date(2014, 5, 1),  # Year 6 in 2024/25
        "sex": Sex.MALE,
        "address": Address(lines=("1 Sentinel Road",), town="Ambridge", postcode="ZZ9 9ZZ"),
        "parents": (
            Parent(
                full_name="Zebedee Quuxley Senior",
                address=Address(lines=("1 Sentinel Road",), postcode="ZZ9 9ZZ"),
                lives_with_pupil=True,
                emergency_phones=(PhoneNumber(number="07700 900999"),),
            ),
        ),
    }
    fields.update(overrides)
    return Pupil(**fields)


def child(**overrides: Any) -> ReferralChild:
    """A child who is eligible on ON under the default policy (with every enquiry done)."""
    fields: dict[str, Any] = {
        "pupil": pupil(),
        "registration": Registration.DELETION_UNDER_WAY,
        "deletion_ground": "9(1)(i)",
        "last_attended_on": date(2025, 2, 7),
        "receiving_suitable_education": False,
        "whereabouts_known": False,
        "family_in_contact": False,
        "unexplained_absence_school_days": 10,
        "vulnerabilities": frozenset({Vulnerability.POOR_ATTENDANCE}),
    }
    fields.update(overrides)
    return ReferralChild(**fields)


def enquiries(on: date = ON, *, without: tuple[EnquiryStep, ...] = ()) -> list[Enquiry]:
    return [
        Enquiry(step=s, done_on=on, by="Ms Zebedee Staff", outcome="Spoke to Quuxley neighbour")
        for s in EnquiryStep
        if s not in without
    ]


def keys(steps: Any) -> list[str]:
    return [s.key for s in steps]


# --- the eligible baseline -------------------------------------------------------------------


def test_baseline_is_eligible_with_every_step_listed() -> None:
    d = assess_referral(child(), enquiries(), ON)
    assert d.outcome is ELIGIBLE
    assert d.is_eligible
    assert d.unmet == ()
    assert keys(d.steps) == [r.key for r in REQUIREMENTS]
    # Still on roll while the deletion is under way: the statutory step is honestly UNMET,
    # deferred to the guidance step (refer before deletion); everything else is met.
    assert keys(d.deferred) == ["statute.not_registered_pupil"]
    assert {s.status for s in d.steps if not s.is_deferred} == {StepStatus.MET}
    assert not d.statutory_test_met
    assert d.year_group == 6
    assert d.reasons[0].startswith("Eligible for a CME referral before the deletion")
    assert d.pupil_id == "P1"
    assert d.policy_name == "Common LA practice"


def test_worked_example_from_module_doc() -> None:
    d = assess_referral(child(), enquiries(without=(EnquiryStep.HOME_VISIT,)), ON)
    assert d.outcome is NOT_YET
    assert keys(d.unmet) == ["policy.enquiry.home_visit"]


# --- minimum unexplained absence: 9 / 10 / 11 school days ------------------------------------


@pytest.mark.parametrize(
    ("days", "outcome"), [(0, NOT_YET), (9, NOT_YET), (10, ELIGIBLE), (11, ELIGIBLE)]
)
def test_absence_threshold_edges(days: int, outcome: ReferralOutcome) -> None:
    d = assess_referral(child(unexplained_absence_school_days=days), enquiries(), ON)
    assert d.outcome is outcome
    step = d.step("policy.unexplained_absence")
    assert step.is_met is (outcome is ELIGIBLE)
    assert step.detail == f"{days} of the 10 school days required"
    if outcome is NOT_YET:
        assert keys(d.unmet) == ["policy.unexplained_absence"]


@pytest.mark.parametrize(("days", "outcome"), [(14, NOT_YET), (15, ELIGIBLE)])
def test_absence_threshold_follows_policy(days: int, outcome: ReferralOutcome) -> None:
    policy = LAPolicy(min_unexplained_absence_school_days=15)
    d = assess_referral(child(unexplained_absence_school_days=days), enquiries(), ON, policy=policy)
    assert d.outcome is outcome


def test_absence_unknown_is_not_yet() -> None:
    d = assess_referral(child(unexplained_absence_school_days=None), enquiries(), ON)
    assert d.outcome is NOT_YET
    assert d.step("policy.unexplained_absence").status is StepStatus.UNKNOWN


def test_zero_minimum_needs_no_count() -> None:
    policy = LAPolicy(min_unexplained_absence_school_days=0)
    d = assess_referral(child(unexplained_absence_school_days=None), enquiries(), ON, policy=policy)
    assert d.outcome is ELIGIBLE


# --- the enquiry checklist -------------------------------------------------------------------


def test_missing_home_visit_is_not_yet() -> None:
    d = assess_referral(child(), enquiries(without=(EnquiryStep.HOME_VISIT,)), ON)
    assert d.outcome is NOT_YET
    step = d.step("policy.enquiry.home_visit")
    assert step.status is StepStatus.UNMET
    assert step.basis is Basis.POLICY
    assert step.citation.startswith("LA policy (Common LA practice): ")


def test_every_missing_step_is_listed() -> None:
    d = assess_referral(child(), [], ON)
    assert d.outcome is NOT_YET
    assert keys(d.unmet) == [f"policy.enquiry.{s.value}" for s in EnquiryStep]


def test_home_visit_only_policy() -> None:
    policy = LAPolicy.home_visit_only()
    visit = [Enquiry(step=EnquiryStep.HOME_VISIT, done_on=ON)]
    assert assess_referral(child(), visit, ON, policy=policy).outcome is ELIGIBLE
    d = assess_referral(child(), enquiries(without=(EnquiryStep.HOME_VISIT,)), ON, policy=policy)
    assert d.outcome is NOT_YET
    assert keys(d.unmet) == ["policy.enquiry.home_visit"]
    # Steps done but not required are met; steps neither done nor required are not applicable.
    d = assess_referral(
        child(), [*visit, Enquiry(step=EnquiryStep.SOCIAL_MEDIA, done_on=ON)], ON, policy=policy
    )
    assert d.step("policy.enquiry.social_media").status is StepStatus.MET
    assert d.step("policy.enquiry.letter_to_family").status is StepStatus.NOT_APPLICABLE


def test_enquiries_count_on_the_day_not_after() -> None:
    done_on_day = enquiries(ON)
    assert assess_referral(child(), done_on_day, ON).outcome is ELIGIBLE
    late = [
        *enquiries(without=(EnquiryStep.HOME_VISIT,)),
        Enquiry(step=EnquiryStep.HOME_VISIT, done_on=ON + DAY),
    ]
    d = assess_referral(child(), late, ON)
    assert d.outcome is NOT_YET
    assert keys(d.unmet) == ["policy.enquiry.home_visit"]
    assert any("1 enquiry record(s) dated after 2025-03-10" in r for r in d.reasons)
    assert assess_referral(child(), late, ON + DAY).outcome is ELIGIBLE


def test_latest_date_of_a_repeated_step_is_shown() -> None:
    twice = [*enquiries(ON - 5 * DAY), Enquiry(step=EnquiryStep.HOME_VISIT, done_on=ON - DAY)]
    d = assess_referral(child(), twice, ON)
    assert d.step("policy.enquiry.home_visit").detail == "done on 2025-03-09"


# --- safeguarding beats everything -----------------------------------------------------------


def test_safeguarding_beats_everything() -> None:
    concern = SafeguardingConcern(raised_on=ON, raised_by="Zebedee", description="Quuxley")
    bad = child(
        pupil=pupil(date_of_birth=None),
        registration=Registration.REGISTERED,
        receiving_suitable_education=True,
        whereabouts_known=True,
        unexplained_absence_school_days=0,
        safeguarding_concerns=[concern],
    )
    d = assess_referral(bad, [], ON)
    assert d.outcome is ESCALATE
    assert d.reasons[0].startswith("Safeguarding concern: refer to children's social care now")
    # Everything else is still judged and listed.
    unmet = keys(d.unmet)
    assert unmet[0] == "safeguarding"
    assert "statute.not_registered_pupil" in unmet
    assert "statute.no_suitable_education" in unmet
    assert "policy.enquiry.home_visit" in unmet


def test_safeguarding_concern_counts_from_the_day_raised() -> None:
    c = child(safeguarding_concerns=[SafeguardingConcern(raised_on=ON)])
    assert assess_referral(c, enquiries(ON - DAY), ON - DAY).outcome is ELIGIBLE
    assert assess_referral(c, enquiries(ON - DAY), ON).outcome is ESCALATE
    assert assess_referral(c, enquiries(ON - DAY), ON + DAY).outcome is ESCALATE


registrations = st.sampled_from(Registration)
maybe_bool = st.one_of(st.none(), st.booleans())


@given(
    registration=registrations,
    education=maybe_bool,
    whereabouts=maybe_bool,
    contact=maybe_bool,
    days=st.one_of(st.none(), st.integers(min_value=0, max_value=200)),
    dob=st.one_of(st.none(), st.dates(min_value=date(2004, 1, 1), max_value=date(2024, 1, 1))),
    steps=st.sets(st.sampled_from(EnquiryStep)),
    ground=st.sampled_from([None, "9(1)(i)", "9(1)(a)", "8(1)(h)"]),
    raised=st.dates(min_value=date(2024, 1, 1), max_value=ON),
)
def test_property_any_known_concern_escalates(
    registration: Registration,
    education: bool | None,
    whereabouts: bool | None,
    contact: bool | None,
    days: int | None,
    dob: date | None,
    steps: set[EnquiryStep],
    ground: str | None,
    raised: date,
) -> None:
    c = child(
        pupil=pupil(date_of_birth=dob),
        registration=registration,
        deletion_ground=ground,
        receiving_suitable_education=education,
        whereabouts_known=whereabouts,
        family_in_contact=contact,
        unexplained_absence_school_days=days,
        safeguarding_concerns=[SafeguardingConcern(raised_on=raised)],
    )
    done = [Enquiry(step=s, done_on=ON) for s in steps]
    d = assess_referral(c, done, ON)
    assert d.outcome is ESCALATE
    # Never first-failure-only: every requirement is judged.
    assert keys(d.steps) == [r.key for r in REQUIREMENTS]
    without = attrs.evolve(c, safeguarding_concerns=())
    other = assess_referral(without, done, ON)
    assert other.outcome is not ESCALATE
    # The outcome is the strongest any step leads to.
    rank = [ELIGIBLE, NOT_YET, NOT_CME, ESCALATE]
    leads = [s.leads_to for s in other.steps if s.leads_to is not None]
    expected = max(leads, key=rank.index) if leads else ELIGIBLE
    assert other.outcome is expected
    assert (other.outcome is ELIGIBLE) == (other.unmet == ())


# --- compulsory school age (s8) --------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "outcome"),
    [(date(2024, 6, 27), ELIGIBLE), (date(2024, 6, 28), ELIGIBLE), (date(2024, 6, 29), NOT_CME)],
)
def test_sixteen_year_old_past_the_leaving_date_is_not_cme(
    on: date, outcome: ReferralOutcome
) -> None:
    # law.md s1: born 29 Jun 2008 -> compulsory school age ends 28 Jun 2024, before turning 16.
    c = child(pupil=pupil(date_of_birth=date(2008, 6, 29)))
    d = assess_referral(c, enquiries(on), on)
    assert d.outcome is outcome
    step = d.step("statute.compulsory_school_age")
    assert step.is_met is (outcome is ELIGIBLE)
    assert step.basis is Basis.STATUTE
    assert "Education Act 1996 s436A" in step.citation


@pytest.mark.parametrize(
    ("on", "outcome"), [(date(2024, 8, 30), NOT_CME), (date(2024, 8, 31), ELIGIBLE)]
)
def test_start_of_compulsory_school_age(on: date, outcome: ReferralOutcome) -> None:
    # law.md s1: born 1 Apr 2019 -> starts 31 Aug 2024.
    c = child(pupil=pupil(date_of_birth=date(2019, 4, 1)))
    assert assess_referral(c, enquiries(on), on).outcome is outcome


def test_no_date_of_birth_is_not_yet_with_a_clear_step() -> None:
    d = assess_referral(child(pupil=pupil(date_of_birth=None)), enquiries(), ON)
    assert d.outcome is NOT_YET
    step = d.step("statute.compulsory_school_age")
    assert step.status is StepStatus.UNKNOWN
    assert step.detail == "date of birth needed"
    assert d.step("policy.year_group").status is StepStatus.UNKNOWN
    with_group = child(pupil=pupil(date_of_birth=None), year_group=6)
    d = assess_referral(with_group, enquiries(), ON)
    assert keys(d.unmet) == ["statute.compulsory_school_age"]


def test_date_of_birth_after_the_day_is_queried_not_crashed() -> None:
    d = assess_referral(child(pupil=pupil(date_of_birth=ON + DAY)), enquiries(), ON)
    assert d.outcome is NOT_YET
    assert d.step("statute.compulsory_school_age").status is StepStatus.UNKNOWN


def test_inconsistent_school_year_start_is_unknown_not_a_crash() -> None:
    c = child(pupil=pupil(date_of_birth=date(2008, 9, 1)), school_year_starts=date(2030, 9, 1))
    d = assess_referral(c, enquiries(date(2024, 7, 1)), date(2024, 7, 1))
    assert d.step("statute.compulsory_school_age").status is StepStatus.UNKNOWN


# --- registration, education, ground, contact ------------------------------------------------


def test_registered_pupil_is_an_attendance_case() -> None:
    d = assess_referral(child(registration=Registration.REGISTERED), enquiries(), ON)
    assert d.outcome is NOT_CME
    step = d.step("statute.not_registered_pupil")
    assert step.status is StepStatus.UNMET
    assert "attendance case" in (step.detail or "")


def test_statutory_and_policy_failures_are_both_listed() -> None:
    c = child(registration=Registration.REGISTERED, unexplained_absence_school_days=3)
    d = assess_referral(c, [], ON)
    assert d.outcome is NOT_CME
    unmet = keys(d.unmet)
    assert "statute.not_registered_pupil" in unmet
    assert "policy.unexplained_absence" in unmet
    assert "policy.enquiry.home_visit" in unmet
    assert len(d.reasons) == 1 + len(d.unmet)


def test_unknown_registration_is_not_yet() -> None:
    d = assess_referral(child(registration=Registration.UNKNOWN), enquiries(), ON)
    assert d.outcome is NOT_YET
    assert keys(d.unmet) == ["statute.not_registered_pupil"]


@pytest.mark.parametrize(
    ("value", "outcome"), [(True, NOT_CME), (None, NOT_YET), (False, ELIGIBLE)]
)
def test_suitable_education_otherwise(value: bool | None, outcome: ReferralOutcome) -> None:
    d = assess_referral(child(receiving_suitable_education=value), enquiries(), ON)
    assert d.outcome is outcome


@pytest.mark.parametrize(
    ("ground", "outcome"),
    [
        ("9(1)(i)", ELIGIBLE),
        ("9(1)(h)", ELIGIBLE),
        ("9(1)(g)", ELIGIBLE),
        ("reg 8(1)(h)", ELIGIBLE),
        ("9(1)(a)", NOT_CME),
        ("9(1)(f)", NOT_CME),
        (None, NOT_YET),
    ],
)
def test_deletion_ground(ground: str | None, outcome: ReferralOutcome) -> None:
    d = assess_referral(child(deletion_ground=ground), enquiries(), ON)
    assert d.outcome is outcome


@pytest.mark.parametrize(
    ("whereabouts", "contact", "outcome"),
    [
        (True, False, NOT_CME),
        (False, True, NOT_CME),
        (True, None, NOT_CME),
        (None, False, NOT_YET),
        (False, None, NOT_YET),
        (False, False, ELIGIBLE),
    ],
)
def test_family_in_contact_is_an_attendance_case_while_on_roll(
    whereabouts: bool | None, contact: bool | None, outcome: ReferralOutcome
) -> None:
    c = child(whereabouts_known=whereabouts, family_in_contact=contact)
    d = assess_referral(c, enquiries(), ON)
    assert d.outcome is outcome
    if outcome is NOT_CME:
        assert "attendance case" in (d.step("policy.not_contactable").detail or "")


def test_child_on_no_roll_is_cme_wherever_they_are() -> None:
    c = child(
        registration=Registration.NOT_REGISTERED,
        deletion_ground=None,
        whereabouts_known=True,
        family_in_contact=True,
        unexplained_absence_school_days=None,
    )
    d = assess_referral(c, [], ON)
    assert d.outcome is ELIGIBLE
    na = keys(d.not_applicable)
    assert "policy.not_contactable" in na
    assert "policy.unexplained_absence" in na
    assert "policy.enquiry.home_visit" in na


# --- referring before deletion: guidance, not statute ---------------------------------------


def test_pupil_whose_deletion_is_under_way_is_still_a_registered_pupil() -> None:
    # Education Act 1996 s436A(1)(a); SI 2024/208 reg 3(1): on roll = a registered pupil.
    d = assess_referral(child(registration=Registration.DELETION_UNDER_WAY), enquiries(), ON)
    step = d.step("statute.not_registered_pupil")
    assert step.status is StepStatus.UNMET
    assert step.basis is Basis.STATUTE
    assert step.deferred_to == "guidance.referral_before_deletion"
    assert step.is_deferred
    assert not step.is_outstanding
    assert step.leads_to is None
    guidance = d.step("guidance.referral_before_deletion")
    assert guidance.status is StepStatus.MET
    assert guidance.basis is Basis.GUIDANCE
    assert d.outcome is ELIGIBLE
    assert not d.statutory_test_met
    assert d.unmet == ()
    assert any(r.startswith("deferred: [unmet] Not a registered pupil") for r in d.reasons)
    data = d.to_dict()
    assert data["deferred"] == ["statute.not_registered_pupil"]
    assert data["statutory_test_met"] is False


@pytest.mark.parametrize(
    ("registration", "status", "guidance", "statutory_met"),
    [
        (Registration.REGISTERED, StepStatus.UNMET, StepStatus.NOT_APPLICABLE, False),
        (Registration.DELETION_UNDER_WAY, StepStatus.UNMET, StepStatus.MET, False),
        (Registration.DELETED, StepStatus.MET, StepStatus.NOT_APPLICABLE, True),
        (Registration.NOT_REGISTERED, StepStatus.MET, StepStatus.NOT_APPLICABLE, True),
        (Registration.UNKNOWN, StepStatus.UNKNOWN, StepStatus.NOT_APPLICABLE, False),
    ],
)
def test_statutory_step_is_met_only_off_roll(
    registration: Registration, status: StepStatus, guidance: StepStatus, statutory_met: bool
) -> None:
    """The day before deletion (under way), the day of (deleted): unmet, then met."""
    c = child(registration=registration, whereabouts_known=False, family_in_contact=False)
    d = assess_referral(c, enquiries(), ON)
    assert d.step("statute.not_registered_pupil").status is status
    assert d.step("guidance.referral_before_deletion").status is guidance
    assert d.statutory_test_met is statutory_met
    assert (d.step("statute.not_registered_pupil").deferred_to is not None) is (
        registration is Registration.DELETION_UNDER_WAY
    )


def test_deferred_step_does_not_hide_other_failures() -> None:
    c = child(registration=Registration.DELETION_UNDER_WAY, receiving_suitable_education=True)
    d = assess_referral(c, enquiries(), ON)
    assert d.outcome is NOT_CME
    assert keys(d.unmet) == ["statute.no_suitable_education"]
    assert keys(d.deferred) == ["statute.not_registered_pupil"]


def test_deleted_child_with_known_whereabouts_is_cme() -> None:
    c = child(registration=Registration.DELETED, whereabouts_known=True, family_in_contact=True)
    assert assess_referral(c, enquiries(), ON).outcome is ELIGIBLE


def test_year_group_outside_policy_is_not_yet_but_statute_still_met() -> None:
    c = child(year_group=12, registration=Registration.DELETED)
    d = assess_referral(c, enquiries(), ON)
    assert d.outcome is NOT_YET
    assert keys(d.unmet) == ["policy.year_group"]
    assert all(s.is_met for s in d.statutory)
    assert d.statutory_test_met


def test_statute_only_policy() -> None:
    c = child(unexplained_absence_school_days=0)
    d = assess_referral(c, [], ON, policy=LAPolicy.statute_only())
    assert d.outcome is ELIGIBLE
    assert d.policy_name == "Statute only"


# --- catalogue -------------------------------------------------------------------------------


def test_requirement_catalogue() -> None:
    assert len({r.key for r in REQUIREMENTS}) == len(REQUIREMENTS)
    for r in REQUIREMENTS:
        if r.basis is Basis.STATUTE:
            assert "Education Act 1996 s436A" in r.citation
            assert r.verified
        if r.basis is Basis.POLICY:
            assert not r.verified
    registered = next(r for r in REQUIREMENTS if r.key == "statute.not_registered_pupil")
    assert "being deleted" not in registered.description  # statute, not practice


def test_decision_step_lookup_and_dict() -> None:
    d = assess_referral(child(), enquiries(), ON)
    with pytest.raises(InvalidInput):
        d.step("nope")
    data = d.to_dict()
    json.dumps(data)
    assert data["outcome"] == "eligible"
    assert len(data["steps"]) == len(REQUIREMENTS)


# --- argument checking -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda: assess_referral("child", [], ON),  # type: ignore[arg-type]
        lambda: assess_referral(child(), Enquiry(step=EnquiryStep.HOME_VISIT, done_on=ON), ON),  # type: ignore[arg-type]
        lambda: assess_referral(child(), "abc", ON),  # type: ignore[arg-type]
        lambda: assess_referral(child(), [1], ON),  # type: ignore[list-item]
        lambda: assess_referral(child(), [], datetime(2025, 3, 10)),
        lambda: assess_referral(child(), [], "2025-03-10"),  # type: ignore[arg-type]
        lambda: assess_referral(child(), [], ON, policy="strict"),  # type: ignore[arg-type]
    ],
)
def test_wrong_argument_types(call: Any) -> None:
    with pytest.raises(InvalidArgument):
        call()


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"pupil": "P1"}, InvalidArgument),
        ({"registration": "registered"}, InvalidArgument),
        ({"unexplained_absence_school_days": -1}, InvalidInput),
        ({"unexplained_absence_school_days": True}, InvalidArgument),
        ({"unexplained_absence_school_days": 2.0}, InvalidArgument),
        ({"vulnerabilities": "IN_CARE"}, InvalidArgument),
        ({"vulnerabilities": ["in_care"]}, InvalidArgument),
        ({"deletion_ground": ""}, InvalidInput),
        ({"deletion_ground": 9}, InvalidArgument),
        ({"whereabouts_known": "yes"}, InvalidArgument),
        ({"last_attended_on": "2025-01-01"}, InvalidArgument),
        ({"safeguarding_concerns": [date(2025, 1, 1)]}, InvalidArgument),
        ({"year_group": "6"}, InvalidArgument),
    ],
)
def test_referral_child_structure(kwargs: dict[str, Any], error: type[CmeError]) -> None:
    with pytest.raises(error):
        child(**kwargs)


def test_enquiry_and_concern_structure() -> None:
    with pytest.raises(InvalidArgument):
        Enquiry(step="home_visit", done_on=ON)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument):
        Enquiry(step=EnquiryStep.HOME_VISIT, done_on=datetime(2025, 1, 1))
    with pytest.raises(InvalidArgument):
        SafeguardingConcern(raised_on=ON, description=5)  # type: ignore[arg-type]


@given(st.text(max_size=100))
def test_fuzz_deletion_ground(text: str) -> None:
    try:
        c = child(deletion_ground=text)
    except InvalidInput:
        return
    d = assess_referral(c, enquiries(), ON)
    assert d.outcome in (ELIGIBLE, NOT_CME)


@given(st.one_of(st.integers(), st.floats(), st.binary(), st.dictionaries(st.text(), st.text())))
def test_fuzz_enquiries_wrong_types(value: Any) -> None:
    with pytest.raises(InvalidArgument):
        assess_referral(child(), value, ON)


# --- the referral form -----------------------------------------------------------------------

SCHOOL = School(
    laestab="8012000",
    name="Example Primary",
    kind=SchoolKind.ACADEMY,
    phase=Phase.PRIMARY,
    most_junior_year_group=0,
    most_senior_year_group=6,
)


def test_referral_form_content() -> None:
    c = child()
    done = [
        Enquiry(step=EnquiryStep.HOME_VISIT, done_on=ON - DAY, outcome="No answer at Quuxley's"),
        *enquiries(ON - 3 * DAY, without=(EnquiryStep.HOME_VISIT,)),
        Enquiry(step=EnquiryStep.SOCIAL_MEDIA, done_on=ON + DAY),
    ]
    d = assess_referral(c, done, ON)
    form = referral_form(
        d,
        c,
        enquiries=done,
        school=SCHOOL,
        referrer_name="Zebedee Head",
        referrer_role="DSL",
        referrer_phone="07700 900999",
    )
    assert form.outcome is ELIGIBLE
    assert form.referral_date == ON
    assert form.year_group == 6
    assert len(form.enquiries) == len(EnquiryStep)  # the one after ON is left off
    assert [e.done_on for e in form.enquiries] == sorted(e.done_on for e in form.enquiries)
    assert form.enquiries[-1].step is EnquiryStep.HOME_VISIT
    assert form.outstanding == ()
    data = form.to_dict()
    json.dumps(data)
    assert data["child"]["full_name"] == "Zebedee Quuxley"
    assert data["child"]["date_of_birth"] == "2014-05-01"
    assert data["child"]["address"]["postcode"] == "ZZ9 9ZZ"
    assert data["family"][0]["emergency_phones"][0]["number"] == "07700 900999"
    assert data["school"]["laestab"] == "8012000"
    assert data["registration"]["last_attended_on"] == "2025-02-07"
    assert data["registration"]["deletion_ground"] == "9(1)(i)"
    assert data["enquiries"][-1]["outcome"] == "No answer at Quuxley's"
    assert data["vulnerabilities"] == ["poor_attendance"]
    assert data["referrer"] == {"name": "Zebedee Head", "role": "DSL", "phone": "07700 900999"}
    assert form.check().problems == ()


def test_referral_form_lists_outstanding_steps_and_queries_gaps() -> None:
    c = child(pupil=pupil(full_name=None, date_of_birth=None), last_attended_on=None)
    d = assess_referral(c, [], ON)
    form = referral_form(d, c)
    assert form.outcome is NOT_YET
    assert form.outstanding == d.unmet
    assert form.school is None
    codes = form.check().codes
    assert codes == ("CME-REF-001Q", "CME-REF-001Q", "CME-REF-002Q", "CME-REF-003Q")
    assert form.check().is_valid


def test_referral_form_problems_is_a_deprecated_alias_of_check() -> None:
    c = child(pupil=pupil(full_name=None, date_of_birth=None), last_attended_on=None)
    form = referral_form(assess_referral(c, [], ON), c)
    with pytest.warns(DeprecationWarning, match=r"ReferralForm\.problems\(\) is deprecated"):
        old = form.problems()
    assert old == form.check()
    assert "CME-REF-003Q" in old.codes


def test_referral_form_refuses_another_childs_decision() -> None:
    d = assess_referral(child(), enquiries(), ON)
    other = child(pupil=pupil(pupil_id="P2"))
    with pytest.raises(InvalidInput) as info:
        referral_form(d, other)
    assert "Zebedee" not in str(info.value)
    with pytest.raises(InvalidArgument):
        referral_form("decision", other)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument):
        referral_form(d, child(), school="Example Primary")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument):
        referral_form(d, child(), referrer_phone=7700900999)  # type: ignore[arg-type]


def test_concerns_after_the_day_are_left_off_the_form() -> None:
    c = child(safeguarding_concerns=[SafeguardingConcern(raised_on=ON + DAY)])
    form = referral_form(assess_referral(c, enquiries(), ON), c)
    assert form.safeguarding_concerns == ()


# --- no personal data in reprs, strings, messages --------------------------------------------


def assert_no_personal_data(text: str) -> None:
    for sentinel in SENTINELS:
        assert sentinel not in text, sentinel


def test_no_personal_data_in_reprs_and_messages() -> None:
    concern = SafeguardingConcern(raised_on=ON, raised_by="Zebedee", description="Quuxley saw")
    c = child(safeguarding_concerns=[concern])
    done = enquiries()
    d: ReferralDecision = assess_referral(c, done, ON)
    form = referral_form(
        d,
        c,
        enquiries=done,
        school=SCHOOL,
        referrer_name="Zebedee Head",
        referrer_phone="07700 900999",
    )
    texts = [
        repr(c),
        str(c),
        repr(done[0]),
        repr(concern),
        repr(d),
        str(d),
        json.dumps(d.to_dict()),
        *d.reasons,
        *(str(s) for s in d.steps),
        repr(form),
        str(form),
        *(str(p) for p in form.check()),
    ]
    for text in texts:
        assert_no_personal_data(text)
    # The form's content is the one place personal data is returned, on purpose.
    content = json.dumps(form.to_dict())
    assert "Zebedee Quuxley" in content
    assert "07700 900999" in content
    assert "Sentinel Road" in content
    assert "Spoke to Quuxley neighbour" in content


def test_no_personal_data_in_errors() -> None:
    bad = pupil(full_name="Zebedee Quuxley")
    for kwargs in ({"unexplained_absence_school_days": -1}, {"deletion_ground": " "}):
        with pytest.raises(CmeError) as info:
            ReferralChild(pupil=bad, **kwargs)
        assert_no_personal_data(str(info.value))
