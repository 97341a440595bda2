"""Strategies for ``st.from_type``: one for every public attrs class of cme_core.

:func:`strategy_for` answers Hypothesis's type lookup (see :mod:`cme_core._hypothesis_plugin`,
which registers it lazily). Model records come from the named strategies of this package;
records the law or a service produces (assessments, checks, summaries, obligations, reports,
decisions) are produced by the real function from drawn inputs, so they are coherent;
catalogue records (grounds, regimes, codes, problem types, particulars ...) are drawn from the
catalogues themselves. :class:`~cme_core.law.DeletionFacts` has no strategy on purpose: facts
mean nothing without a ground and a day, so its lookup fails with a message naming
:func:`~cme_core.strategies.deletion_scenarios`.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any, TypeVar

import attrs

from cme_core import attendance as attendance_module
from cme_core import cases as cases_module
from cme_core.attendance_codes import CODES_2006, CODES_2024, AttendanceCode, CodeSet
from cme_core.calendars import SchoolCalendar, SchoolYear, Term
from cme_core.identifiers.local_authorities import LocalAuthority, local_authorities
from cme_core.law import (
    REGS_2006,
    REGS_2024,
    AgeScope,
    BoardingCharges,
    Condition,
    ConditionParams,
    ConditionResult,
    Consent,
    ConsentRule,
    DeletionCheck,
    DeletionFacts,
    Detention,
    DetentionKind,
    Enquiries,
    EnquiryOutcome,
    Ground,
    GroundAssessment,
    GroundRef,
    InForce,
    Judgment,
    LeaveOfAbsence,
    MedicalCertificate,
    NurseryCompletion,
    OtherRegistration,
    PermanentExclusion,
    Regime,
    SchoolAttendanceOrder,
    WrittenNotice,
    check_deletion,
    parse_ground_ref,
)
from cme_core.law.counting import AbsenceRun
from cme_core.law.return_rules import ReturnRule
from cme_core.people import Address, Parent, PhoneNumber, Pupil, Sex
from cme_core.periods import REGS_2006_START, REGS_2024_START, SI_2016_792
from cme_core.policy import EnquiryStep, LAPolicy
from cme_core.problems import Problem, Report
from cme_core.referral import (
    Enquiry,
    ReferralChild,
    ReferralDecision,
    ReferralForm,
    Registration,
    SafeguardingConcern,
    Step,
    Vulnerability,
    assess_referral,
    referral_form,
)
from cme_core.registers import (
    AdmissionEntry,
    Amended,
    Amendment,
    AttendanceRecord,
    BoarderStatusChanged,
    Deleted,
    EnrolmentStatus,
    EnrolmentStatusChanged,
    Entered,
    EntryState,
    FutureAddress,
    FutureAddressRecorded,
    OtherSchool,
    OtherSchoolRecorded,
    SchoolRegister,
)
from cme_core.returns import (
    AttendanceDetails,
    AttendanceReturn,
    Deadline,
    DeletionDetails,
    DeletionReturn,
    LARequests,
    NewPupilDetails,
    NewPupilReturn,
    Obligation,
    SicknessDetails,
    SicknessExpectation,
    SicknessReturn,
    new_pupil_return_due,
    obligations,
)
from cme_core.school_age import academic_year_of, year_group
from cme_core.schools import School
from cme_core.strategies._calendars import (
    _ENGLISH_LA_CODES,
    _SCHOOL_CALENDARS,
    school_calendars,
    schools,
)
from cme_core.strategies._common import (
    InvalidArgument,
    SearchStrategy,
    _chance,
    _day_between,
    _ints,
    _pick,
    assume,
    st,
)
from cme_core.strategies._people import (
    _draw_any_address,
    _draw_csa_dob,
    _draw_full_name,
    _draw_pupil,
    _draw_pupil_id,
    addresses,
    parents,
    phone_numbers,
    pupils,
)
from cme_core.strategies._registers import (
    _CLASSES,
    _ROLES,
    _STATUSES,
    _TOLD_BY,
    _age_scope,
    _draw_amendment,
    _draw_other_school,
    _ground_refs,
    _regime_on,
    _schools_for_year,
    admission_entries,
    admission_registers,
    attendance_years,
)
from cme_core.strategies._returns import (
    _FIRST_RETURN_DAY,
    ReturnPayload,
    _valid_return,
    returns,
)
from cme_core.strategies._scenarios import (
    _ALL_GROUNDS,
    _JUDGES,
    DeletionScenario,
    deletion_scenarios,
)
from cme_core.submissions import RowResult

T = TypeVar("T")

_LAST_DAY = date(2029, 7, 31)
"""The last day drawn by default (as the other strategies of this package)."""
_NOTES = (None, None, "spoke to parent", "letter sent", "see case file")


def _day(draw: st.DrawFn, first: date = REGS_2006_START, last: date = _LAST_DAY) -> date:
    return _day_between(draw, first, last)


def _maybe(draw: st.DrawFn, value: T) -> T | None:
    return value if draw(st.booleans()) else None


def _later(draw: st.DrawFn, day: date, most: int = 60) -> date:
    return day + timedelta(days=draw(_ints(0, most)))


_NOT_CATALOGUES = ("cme_core.cli", "cme_core.demo", "cme_core.strategies", "cme_core._")


def _catalogue(cls: type[T]) -> tuple[T, ...]:
    """Every instance of ``cls`` held by a cme_core module (as a module constant, or in a
    tuple or mapping constant), in a fixed order."""
    found: dict[int, T] = {}
    for name in sorted(sys.modules):
        module = sys.modules[name]
        if module is None or not (name == "cme_core" or name.startswith("cme_core.")):
            continue
        if name.startswith(_NOT_CATALOGUES):
            continue  # the edges: loaded or not, they must not change what is drawn
        for value in list(vars(module).values()):
            items: Iterable[object]
            if isinstance(value, tuple | list | frozenset):
                items = value
            elif isinstance(value, dict) or type(value).__name__ in ("FrozenDict", "mappingproxy"):
                items = [
                    v for vs in value.values() for v in (vs if isinstance(vs, tuple) else (vs,))
                ]
            else:
                items = (value,)
            for item in items:
                if type(item) is cls:
                    found.setdefault(id(item), item)
    return tuple(sorted(found.values(), key=repr))


def _sampled(values: Iterable[T]) -> SearchStrategy[T]:
    return st.sampled_from(tuple(values))


# ---------------------------------------------------------------------------------------------
# Register events and records
# ---------------------------------------------------------------------------------------------


def _draw_on_roll_pupil(draw: st.DrawFn, day: date) -> Pupil:
    return _draw_pupil(draw, _draw_pupil_id(draw), _draw_csa_dob(draw, day))


@st.composite
def _other_schools(draw: st.DrawFn) -> OtherSchool:
    return _draw_other_school(draw, _maybe(draw, _day(draw)))


def _draw_future_address(draw: st.DrawFn, day: date) -> FutureAddress:
    return FutureAddress(
        address=_draw_any_address(draw),
        parent_names=(_draw_full_name(draw),) if draw(st.booleans()) else (),
        from_date=_maybe(draw, _later(draw, day, 120)),
    )


@st.composite
def _future_addresses(draw: st.DrawFn) -> FutureAddress:
    return _draw_future_address(draw, _day(draw))


def _draw_entered(draw: st.DrawFn, day: date, pupil: Pupil) -> Entered:
    status = _pick(draw, _STATUSES)
    dob = pupil.date_of_birth
    group = None if dob is None else max(-2, min(13, year_group(dob, academic_year_of(day))))
    recorded = _later(draw, day, 2)
    return Entered(
        starting_day=day,
        entered_on=None if recorded == day else recorded,
        recorded_by=_pick(draw, _ROLES),
        pupil=pupil,
        year_group=group,
        class_name=_pick(draw, _CLASSES),
        enrolment_status=status,
        dual_registered_with=_draw_other_school(draw) if status.is_dual else None,
        boarder=_pick(draw, (None, False, True)),
        last_school=_draw_other_school(draw) if draw(st.booleans()) else None,
    )


@st.composite
def _events(draw: st.DrawFn, cls: type[Any]) -> Any:
    """A register event of class ``cls``, as :func:`admission_entries` would write it."""
    day = _day(draw)
    recorded_by = _pick(draw, _ROLES)
    if cls is Entered:
        return _draw_entered(draw, day, _draw_on_roll_pupil(draw, day))
    if cls is Amended:
        pupil, reason = _draw_amendment(draw, _draw_on_roll_pupil(draw, day), None)
        return Amended(on=day, pupil=pupil, reason=reason, recorded_by=recorded_by)
    if cls is FutureAddressRecorded:
        return FutureAddressRecorded(
            on=day, future_address=_draw_future_address(draw, day), recorded_by=recorded_by
        )
    if cls is OtherSchoolRecorded:
        return OtherSchoolRecorded(
            on=day,
            other_school=_draw_other_school(draw, _later(draw, day)),
            told_by=_pick(draw, _TOLD_BY),
            recorded_by=recorded_by,
        )
    if cls is BoarderStatusChanged:
        return BoarderStatusChanged(on=day, boarder=draw(st.booleans()), recorded_by=recorded_by)
    if cls is EnrolmentStatusChanged:
        status = _pick(draw, tuple(EnrolmentStatus))
        partner = _draw_other_school(draw) if status.is_dual else None
        return EnrolmentStatusChanged(
            on=day, enrolment_status=status, dual_registered_with=partner, recorded_by=recorded_by
        )
    assert cls is Deleted, cls
    dob = _draw_csa_dob(draw, day) if draw(_ints(0, 3)) else _day(draw, date(1990, 9, 1), day)
    refs = _ground_refs(day, _age_scope(dob, day)) or _ground_refs(
        day, AgeScope.COMPULSORY_SCHOOL_AGE
    )
    recorded = day + timedelta(days=_pick(draw, (0, 0, 0, 1, -1)))
    return Deleted(
        on=day,
        recorded_on=None if recorded == day else recorded,
        ground=_pick(draw, refs),
        regime=_pick(draw, (None, _regime_on(day).value)),
        recorded_by=recorded_by,
    )


@st.composite
def _amendments(draw: st.DrawFn) -> Amendment:
    day = _day(draw, last=_LAST_DAY - timedelta(days=400))
    pupil = _draw_on_roll_pupil(draw, day)
    later = _later(draw, day, 365)
    new, reason = _draw_amendment(draw, pupil, None)
    entry = AdmissionEntry(
        pupil_id=pupil.pupil_id,
        events=(
            _draw_entered(draw, day, pupil),
            Amended(on=later, pupil=new, reason=reason, recorded_by=_pick(draw, _ROLES)),
        ),
    )
    found = entry.amendments()
    if not found:  # the drawn change happened to change nothing: change the address
        moved = attrs.evolve(new, address=_draw_any_address(draw))
        amended = Amended(on=later, pupil=moved, reason="change of address")
        found = attrs.evolve(entry, events=(entry.events[0], amended)).amendments()
        assume(bool(found))
    return _pick(draw, found)


@st.composite
def _entry_states(draw: st.DrawFn) -> EntryState:
    entry = draw(admission_entries())
    day = _pick(draw, sorted({e.on for e in entry.events}))
    state = entry.state_on(max(day, entry.events[0].on))
    assert state is not None
    return state


# ---------------------------------------------------------------------------------------------
# The law: catalogues, facts, and what the engine produces
# ---------------------------------------------------------------------------------------------


def _conditions() -> tuple[Condition, ...]:
    seen: dict[Condition, None] = {}
    for g in _ALL_GROUNDS:
        for c in g.conditions:
            seen.setdefault(c, None)
    return tuple(seen)


def _params(cls: type[Any]) -> SearchStrategy[Any]:
    found = [c.params for c in _conditions() if isinstance(c.params, cls)]
    if not found:  # pragma: no cover - every parameter class is used by some ground
        return st.builds(cls)
    return _sampled(dict.fromkeys(found))


def _in_force_periods() -> tuple[InForce, ...]:
    periods = [g.in_force for g in _ALL_GROUNDS] + [REGS_2006.in_force, REGS_2024.in_force]
    return tuple(dict.fromkeys(periods))


_ANY_SCENARIOS = deletion_scenarios(met=st.booleans())


@st.composite
def _assessments(draw: st.DrawFn) -> GroundAssessment:
    return draw(_ANY_SCENARIOS).assess()


@st.composite
def _condition_results(draw: st.DrawFn) -> ConditionResult:
    assessment = draw(_ANY_SCENARIOS).assess()
    assume(bool(assessment.conditions))
    return _pick(draw, assessment.conditions)


@st.composite
def _deletion_checks(draw: st.DrawFn) -> DeletionCheck:
    scenario = draw(_ANY_SCENARIOS)
    deleted = Deleted(on=scenario.on, ground=scenario.ground.ref)
    return check_deletion(deleted, scenario.facts)


@st.composite
def _judgments(draw: st.DrawFn) -> Judgment:
    return Judgment(
        holds=draw(st.booleans()), by=_pick(draw, _JUDGES), on=_day(draw), note=_pick(draw, _NOTES)
    )


def _draw_consent(draw: st.DrawFn) -> Consent:
    return Consent(
        by=_pick(draw, ("local authority", "parent", "headteacher")),
        on=_day(draw),
        refused_first=_chance(draw, 4),
    )


@st.composite
def _consents(draw: st.DrawFn) -> Consent:
    return _draw_consent(draw)


@st.composite
def _other_registrations(draw: st.DrawFn) -> OtherRegistration:
    day = _day(draw)
    return OtherRegistration(
        school=_draw_other_school(draw, day),
        registered_from=_maybe(draw, day),
        dual_registration_agreed=draw(st.booleans()),
        consent_to_deletion=_draw_consent(draw) if _chance(draw, 3) else None,
    )


@st.composite
def _school_attendance_orders(draw: st.DrawFn) -> SchoolAttendanceOrder:
    day = _day(draw)
    revoked = _maybe(draw, _later(draw, day, 200))
    return SchoolAttendanceOrder(
        names_this_school=draw(st.booleans()),
        registered_here_under_it=draw(st.booleans()),
        served_by_la=_pick(draw, (None, *_ENGLISH_LA_CODES[:5])),
        amended_to_other_school_on=_maybe(draw, _later(draw, day, 100)),
        revoked_on=revoked,
        revoked_because_education_otherwise=None if revoked is None else draw(st.booleans()),
    )


@st.composite
def _written_notices(draw: st.DrawFn) -> WrittenNotice:
    day = _day(draw)
    return WrittenNotice(
        received_on=day,
        in_writing=not _chance(draw, 4),
        last_day_of_attendance=_maybe(draw, _later(draw, day, 20)),
    )


@st.composite
def _leaves(draw: st.DrawFn) -> LeaveOfAbsence:
    first = _day(draw)
    return LeaveOfAbsence(
        first_day=first,
        last_day=_later(draw, first, 30),
        granted_on=_maybe(draw, first - timedelta(days=draw(_ints(0, 30)))),
        holiday_over_ten_school_days=_pick(draw, (None, False, True)),
    )


@st.composite
def _enquiries(draw: st.DrawFn) -> Enquiries:
    day = _day(draw)
    agreed = draw(_judgments()) if _chance(draw, 3) else None
    return Enquiries(
        school_part_on=_maybe(draw, day),
        la_part_on=_maybe(draw, _later(draw, day, 20)),
        outcome=_pick(draw, tuple(EnquiryOutcome)),
        agree_will_not_attend_again=agreed,
    )


@st.composite
def _detentions(draw: st.DrawFn) -> Detention:
    day = _day(draw)
    return Detention(
        kind=_pick(draw, tuple(DetentionKind)),
        started_on=day,
        order_months=_pick(draw, (None, 4, 6, 8, 12, 18, 24)),
        released_on=_maybe(draw, _later(draw, day, 400)),
    )


@st.composite
def _medical_certificates(draw: st.DrawFn) -> MedicalCertificate:
    return MedicalCertificate(
        certified_on=_day(draw),
        unlikely_fit_before_end_of_csa=not _chance(draw, 4),
        intention_to_continue_stated=_chance(draw, 4),
    )


@st.composite
def _nursery_completions(draw: st.DrawFn) -> NurseryCompletion:
    return NurseryCompletion(
        completed_on=_day(draw), transferred_to_reception_here=draw(st.booleans())
    )


@st.composite
def _exclusions(draw: st.DrawFn) -> PermanentExclusion:
    day = _day(draw)
    notified = _later(draw, day, 3)
    requested = _maybe(draw, _later(draw, notified, 15))
    return PermanentExclusion(
        excluded_on=day,
        decision_notified_on=_maybe(draw, notified),
        duties_discharged=not _chance(draw, 5),
        statement_no_review_on=_later(draw, notified, 15) if _chance(draw, 4) else None,
        review_requested_on=requested,
        review_concluded_on=None if requested is None else _maybe(draw, _later(draw, requested)),
        reinstated=_chance(draw, 6),
        review_window_school_days=_pick(draw, (None, 15, 25)),
    )


@st.composite
def _boarding_charges(draw: st.DrawFn) -> BoardingCharges:
    return BoardingCharges(
        payable_by_parent=draw(st.booleans()),
        term_last_day=_day(draw),
        unpaid_at_term_end=draw(st.booleans()),
    )


def _no_deletion_facts(cls: type[Any]) -> SearchStrategy[Any]:
    from hypothesis.errors import ResolutionFailed

    raise ResolutionFailed(
        "cme_core registers no strategy for DeletionFacts on purpose: facts mean nothing "
        "without the ground and the day they are judged against. Draw them with "
        "cme_core.strategies.deletion_scenarios(ground=..., met=..., on=...), whose "
        "scenario.facts meet (or narrowly miss) the ground on scenario.on."
    )


# ---------------------------------------------------------------------------------------------
# Problems, returns, obligations
# ---------------------------------------------------------------------------------------------


@st.composite
def _reports(draw: st.DrawFn, non_empty: bool = False) -> Report:
    day = _day(draw, date(2010, 1, 1))
    pupil = draw(pupils(valid=True if non_empty else st.booleans(), on=day))
    if non_empty:
        pupil = draw(pupils(valid=False, on=day))
    return Report(problems=pupil.problems(on=day))


@st.composite
def _problems(draw: st.DrawFn) -> Problem:
    report = draw(_reports(non_empty=True))
    assume(bool(report.problems))
    return _pick(draw, report.problems)


_CONTENT_KINDS = {
    NewPupilReturn: "new_pupil",
    DeletionReturn: "deletion",
    AttendanceReturn: "attendance",
    SicknessReturn: "sickness",
}


@st.composite
def _return_contents(draw: st.DrawFn, kind: str) -> Any:
    on = _day(draw, _FIRST_RETURN_DAY[kind])
    return _valid_return(draw, kind, on)


@st.composite
def _deadlines(draw: st.DrawFn) -> Deadline:
    return new_pupil_return_due(_day(draw, SI_2016_792.on))


_REGISTERS_WITH_NEW_PUPILS = st.integers(2017, 2027).flatmap(
    lambda year: admission_registers(school=_schools_for_year(year), min_pupils=1, max_pupils=2)
)


@st.composite
def _obligations(draw: st.DrawFn) -> Obligation:
    register = draw(_REGISTERS_WITH_NEW_PUPILS)
    calendar = register.school.calendar
    assert calendar is not None
    found = obligations(register, on=calendar.last_school_day)
    assume(bool(found))
    return _pick(draw, found)


@st.composite
def _details(draw: st.DrawFn, cls: type[Any]) -> Any:
    day = _day(draw)
    if cls is NewPupilDetails:
        return NewPupilDetails(starting_day=day)
    if cls is DeletionDetails:
        refs = _ground_refs(day, AgeScope.COMPULSORY_SCHOOL_AGE)
        ground = _pick(draw, (None, *refs))
        met = None if ground is None else _maybe(draw, day - timedelta(days=draw(_ints(0, 10))))
        return DeletionDetails(ground=ground, ground_met_on=met, pending=_chance(draw, 5))
    if cls is AttendanceDetails:
        reasons = _pick(
            draw,
            (
                ("continuous_absence",),
                ("irregular_attendance",),
                ("continuous_absence", "irregular_attendance"),
            ),
        )
        return AttendanceDetails(
            period_start=day - timedelta(days=draw(_ints(0, 120))),
            period_end=day,
            reasons=reasons,
            longest_run_school_days=draw(_ints(0, 60)),
            attendance_rate=_maybe(draw, draw(_ints(0, 10000)) / 10000),
        )
    assert cls is SicknessDetails, cls
    consecutive, total = _pick(draw, ((True, False), (False, True), (True, True)))
    return SicknessDetails(period_start=day, consecutive=consecutive, total=total)


@st.composite
def _la_requests(draw: st.DrawFn) -> LARequests:
    return LARequests(
        new_pupil_returns_from=_maybe(draw, _day(draw)),
        deletion_returns_from=_maybe(draw, _day(draw)),
    )


@st.composite
def _sickness_expectations(draw: st.DrawFn) -> SicknessExpectation:
    day = _day(draw, REGS_2024_START)
    consecutive, total = _pick(draw, ((True, False), (False, True), (True, True)))
    return SicknessExpectation(
        pupil_id=_draw_pupil_id(draw),
        recorded_on=day,
        period_start=day - timedelta(days=draw(_ints(0, 30))),
        consecutive=consecutive,
        total=total,
        recorded_by=_pick(draw, _ROLES),
    )


@st.composite
def _row_results(draw: st.DrawFn) -> RowResult:
    record = draw(returns(valid=st.booleans()))
    pupil = record.payload.get("pupil")
    pupil_id = pupil.get("pupil_id") if isinstance(pupil, dict) else None
    return RowResult(
        row=draw(_ints(1, 10_000)),
        report=record.check(),
        pupil_id=pupil_id if isinstance(pupil_id, str) else None,
    )


# ---------------------------------------------------------------------------------------------
# Policy, referral, cases
# ---------------------------------------------------------------------------------------------


@st.composite
def _policies(draw: st.DrawFn) -> LAPolicy:
    low = _pick(draw, (None, -2, -1, 0, 1))
    high = _pick(draw, (None, 6, 11, 13))
    steps = frozenset(s for s in EnquiryStep if draw(st.booleans()))
    return LAPolicy(
        name=_pick(draw, ("Common LA practice", "Home visit required", "Northshire CME policy")),
        la_code=_pick(draw, (None, *_ENGLISH_LA_CODES[:8])),
        min_unexplained_absence_school_days=draw(_ints(0, 20)),
        mandatory_steps=steps,
        min_year_group=low,
        max_year_group=high,
        ehe_suitability_check_days=draw(_ints(0, 60)),
    )


_POLICIES = _policies()


@st.composite
def _enquiry_records(draw: st.DrawFn, day: date | None = None) -> Enquiry:
    return Enquiry(
        step=_pick(draw, tuple(EnquiryStep)),
        done_on=_day(draw) if day is None else day - timedelta(days=draw(_ints(0, 20))),
        by=_pick(draw, (None, "attendance officer", "school office", "LA CME officer")),
        outcome=_pick(draw, (None, "no answer", "family moved", "spoke to parent")),
    )


def _draw_concern(draw: st.DrawFn, day: date) -> SafeguardingConcern:
    raised = day - timedelta(days=draw(_ints(0, 30)))
    return SafeguardingConcern(
        raised_on=raised,
        raised_by=_pick(draw, (None, "class teacher", "DSL")),
        description=_pick(draw, (None, "unexplained absence", "neighbour's report")),
        referred_to_social_care_on=_maybe(draw, _later(draw, raised, 3)),
    )


@st.composite
def _concerns(draw: st.DrawFn) -> SafeguardingConcern:
    return _draw_concern(draw, _day(draw))


def _draw_referral_child(draw: st.DrawFn, day: date) -> ReferralChild:
    dob = _draw_csa_dob(draw, day)
    pupil = _draw_pupil(draw, _draw_pupil_id(draw), dob)
    registration = _pick(draw, tuple(Registration))
    leaving = registration in (Registration.DELETION_UNDER_WAY, Registration.DELETED)
    ground = _pick(draw, _ground_refs(day, AgeScope.COMPULSORY_SCHOOL_AGE)) if leaving else None
    return ReferralChild(
        pupil=pupil,
        registration=registration,
        deletion_ground=ground,
        last_attended_on=_maybe(draw, day - timedelta(days=draw(_ints(1, 60)))),
        receiving_suitable_education=_pick(draw, (None, False, True)),
        whereabouts_known=_pick(draw, (None, False, True)),
        family_in_contact=_pick(draw, (None, False, True)),
        safeguarding_concerns=tuple(_draw_concern(draw, day) for _ in range(draw(_ints(0, 1)))),
        unexplained_absence_school_days=_maybe(draw, draw(_ints(0, 40))),
        vulnerabilities=frozenset(v for v in Vulnerability if _chance(draw, 6)),
        year_group=_maybe(draw, max(-2, min(13, year_group(dob, academic_year_of(day))))),
    )


@st.composite
def _referral_children(draw: st.DrawFn) -> ReferralChild:
    return _draw_referral_child(draw, _day(draw, SI_2016_792.on))


@st.composite
def _referrals(draw: st.DrawFn) -> tuple[ReferralChild, tuple[Enquiry, ...], ReferralDecision]:
    day = _day(draw, SI_2016_792.on)
    child = _draw_referral_child(draw, day)
    done = tuple(draw(_enquiry_records(day)) for _ in range(draw(_ints(0, 4))))
    policy = draw(_POLICIES) if draw(st.booleans()) else None
    return child, done, assess_referral(child, done, day, policy=policy)


@st.composite
def _referral_decisions(draw: st.DrawFn) -> ReferralDecision:
    return draw(_referrals())[2]


@st.composite
def _steps(draw: st.DrawFn) -> Step:
    decision = draw(_referrals())[2]
    assume(bool(decision.steps))
    return _pick(draw, decision.steps)


@st.composite
def _referral_forms(draw: st.DrawFn) -> ReferralForm:
    child, done, decision = draw(_referrals())
    school = draw(schools(calendar=st.none())) if draw(st.booleans()) else None
    return referral_form(decision, child, enquiries=done, school=school)


def _draw_case_event(draw: st.DrawFn, cls: type[Any], day: date) -> Any:
    common: dict[str, Any] = {"on": day, "recorded_by": _pick(draw, (None, "LA CME officer"))}
    if cls is cases_module.CaseReferred:
        return cls(
            **common,
            referring_laestab=_maybe(
                draw, f"{_pick(draw, _ENGLISH_LA_CODES)}{draw(_ints(2000, 5999))}"
            ),
            missing_since=_maybe(draw, day - timedelta(days=draw(_ints(0, 60)))),
        )
    if cls is cases_module.FoundOnRoll:
        la = _pick(draw, _ENGLISH_LA_CODES)
        return cls(
            **common, laestab=f"{la}{draw(_ints(2000, 5999))}", school_name="Oakfield School"
        )
    if cls is cases_module.MovedToOtherLA:
        return cls(**common, la_code=_pick(draw, _ENGLISH_LA_CODES), notified_on=day)
    if cls is cases_module.MovedAbroad:
        return cls(
            **common, evidence="confirmed by parent", country=_pick(draw, (None, "FR", "PL"))
        )
    if cls is cases_module.HomeEducated:
        return cls(**common, parent_notice_on=_maybe(draw, day))
    if cls is cases_module.Escalated:
        return cls(**common, to=_pick(draw, tuple(cases_module.Escalation)))
    if cls is cases_module.CheckMade:
        return cls(
            **common,
            check=_pick(draw, tuple(cases_module.LaCheck)),
            found=_pick(draw, (None, False, True)),
        )
    if cls is cases_module.SuitabilityChecked:
        return cls(**common, suitable=_pick(draw, (None, False, True)))
    if cls is cases_module.CaseReopened:
        return cls(**common, missing_since=_maybe(draw, day))
    return cls(**common)


_CASE_EVENT_TYPES: tuple[type[Any], ...] = tuple(cases_module.CASE_EVENT_TYPES)


@st.composite
def _case_events(draw: st.DrawFn, cls: type[Any]) -> Any:
    return _draw_case_event(draw, cls, _day(draw))


def _draw_case(draw: st.DrawFn, case_id: str, day: date) -> cases_module.CmeCase:
    child = _draw_pupil(draw, _draw_pupil_id(draw), _draw_csa_dob(draw, day))
    case = cases_module.CmeCase.open(
        case_id,
        child,
        day,
        la_code=_pick(draw, (None, *_ENGLISH_LA_CODES[:8])),
        vulnerabilities=[v for v in Vulnerability if _chance(draw, 8)],
        missing_since=_maybe(draw, day - timedelta(days=draw(_ints(0, 30)))),
    )
    for _ in range(draw(_ints(0, 5))):
        day = _later(draw, day, 40)
        event = _draw_case_event(draw, _pick(draw, _CASE_EVENT_TYPES[1:]), day)
        try:
            case = case.apply(event)
        except cases_module.CaseError:
            continue  # not allowed in the case's state: skip it
    return case


@st.composite
def _cases(draw: st.DrawFn) -> cases_module.CmeCase:
    return _draw_case(draw, f"C{draw(_ints(1, 99_999)):05d}", _day(draw, SI_2016_792.on))


@st.composite
def _case_lists(draw: st.DrawFn) -> tuple[list[cases_module.CmeCase], date]:
    day = _day(draw, SI_2016_792.on, date(2027, 7, 31))
    found = [_draw_case(draw, f"C{i:05d}", day) for i in range(draw(_ints(0, 4)))]
    last = max((c.last_event_on or day for c in found), default=day)
    return found, _later(draw, last, 200)


@st.composite
def _transitions(draw: st.DrawFn) -> Any:
    return _pick(draw, draw(_cases()).replay())


@st.composite
def _actions(draw: st.DrawFn) -> Any:
    case = draw(_cases())
    last = case.last_event_on
    assert last is not None
    found = case.next_actions(_later(draw, last, 120))
    assume(bool(found))
    return _pick(draw, found)


@st.composite
def _open_cases_reports(draw: st.DrawFn) -> Any:
    found, on = draw(_case_lists())
    policy = draw(_POLICIES) if draw(st.booleans()) else None
    return cases_module.open_cases_report(found, on, policy=policy)


@st.composite
def _overdue_reviews(draw: st.DrawFn) -> Any:
    day = _day(draw)
    return cases_module.OverdueReview(
        case_id=f"C{draw(_ints(1, 99_999)):05d}",
        state=_pick(draw, tuple(cases_module.CaseState)),
        due=day,
        days_overdue=draw(_ints(1, 200)),
    )


@st.composite
def _counts(draw: st.DrawFn) -> Any:
    found, on = draw(_case_lists())
    bands = _pick(draw, (cases_module.DEFAULT_DURATION_BANDS, cases_module.WEEKLY_DURATION_BANDS))
    return cases_module.dfe_cme_counts(found, on, bands=bands)


@st.composite
def _count_rows(draw: st.DrawFn) -> Any:
    band = _pick(draw, cases_module.DEFAULT_DURATION_BANDS)
    return cases_module.CountRow(
        sex=_pick(draw, (None, *Sex)),
        year_group=_pick(draw, (None, *range(-2, 14))),
        band=band.key,
        count=draw(_ints(1, 50)),
    )


@st.composite
def _periods(draw: st.DrawFn) -> Any:
    unit = _pick(draw, tuple(cases_module.PeriodUnit))
    return cases_module.Period(amount=draw(_ints(1, 24)), unit=unit)


# ---------------------------------------------------------------------------------------------
# Attendance analytics
# ---------------------------------------------------------------------------------------------


@st.composite
def _years_on_calendars(draw: st.DrawFn) -> tuple[SchoolCalendar, AttendanceRecord]:
    calendar = draw(_SCHOOL_CALENDARS)
    return calendar, draw(attendance_years(calendar=calendar))


def _draw_span(draw: st.DrawFn, calendar: SchoolCalendar) -> tuple[date, date]:
    first = max(calendar.start, REGS_2006_START)
    start = _day_between(draw, first, calendar.end)
    return start, _day_between(draw, start, calendar.end)


@st.composite
def _summaries(draw: st.DrawFn) -> attendance_module.AttendanceSummary:
    calendar, record = draw(_years_on_calendars())
    start, end = _draw_span(draw, calendar)
    use = calendar if draw(st.booleans()) else None
    return attendance_module.summarise(record, start, end, calendar=use)


@st.composite
def _group_summaries(draw: st.DrawFn) -> attendance_module.AttendanceGroupSummary:
    calendar = draw(_SCHOOL_CALENDARS)
    records = [draw(attendance_years(calendar=calendar)) for _ in range(draw(_ints(0, 4)))]
    start, end = _draw_span(draw, calendar)
    use = calendar if draw(st.booleans()) else None
    return attendance_module.summarise_many(records, start, end, calendar=use)


@st.composite
def _ten_day_runs(draw: st.DrawFn) -> attendance_module.TenDayRun:
    calendar, record = draw(_years_on_calendars())
    return attendance_module.attendance_return_run(record, calendar, _draw_span(draw, calendar)[0])


@st.composite
def _absence_runs(draw: st.DrawFn) -> AbsenceRun:
    calendar, record = draw(_years_on_calendars())
    start, end = _draw_span(draw, calendar)
    return attendance_module.longest_attendance_return_run(record, calendar, start, end)


@st.composite
def _sickness(draw: st.DrawFn) -> attendance_module.SicknessAbsence:
    calendar, record = draw(_years_on_calendars())
    day = _day_between(draw, calendar.first_school_day, calendar.end)
    return attendance_module.sickness_absence(record, calendar, day)


@st.composite
def _leave_returns(draw: st.DrawFn) -> attendance_module.LeaveReturn:
    calendar, record = draw(_years_on_calendars())
    first, last = _draw_span(draw, calendar)
    leave = LeaveOfAbsence(first_day=first, last_day=min(last, first + timedelta(days=14)))
    on = _day_between(draw, leave.last_day, calendar.end)
    return attendance_module.leave_return(record, calendar, leave, on)


@st.composite
def _n_mark_deadlines(draw: st.DrawFn) -> attendance_module.NMarkDeadline:
    calendar = draw(school_calendars(first_year=st.integers(2024, 2028)))
    day = _pick(draw, calendar.school_days(calendar.first_school_day, calendar.last_school_day))
    try:
        resolve_by: date | None = calendar.add_school_days(day, 5)
    except Exception:  # the calendar ends first
        resolve_by = None
    on = _day_between(draw, day, calendar.end)
    return attendance_module.NMarkDeadline(
        pupil_id=_draw_pupil_id(draw),
        day=day,
        session=draw(_ints(0, 1)),
        resolve_by=resolve_by,
        overdue=False if resolve_by is None else on > resolve_by,
    )


# ---------------------------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------------------------


def _table() -> dict[type[Any], Callable[[], SearchStrategy[Any]]]:
    table: dict[type[Any], Callable[[], SearchStrategy[Any]]] = {
        # people, schools, calendars, registers
        Pupil: pupils,
        Parent: parents,
        Address: addresses,
        PhoneNumber: phone_numbers,
        School: schools,
        SchoolCalendar: school_calendars,
        SchoolYear: lambda: _SCHOOL_CALENDARS.map(lambda c: c.school_years[0]),
        Term: lambda: _SCHOOL_CALENDARS.flatmap(lambda c: _sampled(c.school_years[0].terms)),
        AdmissionEntry: admission_entries,
        AttendanceRecord: attendance_years,
        SchoolRegister: admission_registers,
        OtherSchool: _other_schools,
        FutureAddress: _future_addresses,
        Amendment: _amendments,
        EntryState: _entry_states,
        # the law
        Ground: lambda: _sampled(_ALL_GROUNDS),
        Regime: lambda: _sampled((REGS_2006, REGS_2024)),
        Condition: lambda: _sampled(_conditions()),
        ConsentRule: lambda: _sampled(
            dict.fromkeys((REGS_2006.consent_rule, REGS_2024.consent_rule))
        ),
        GroundRef: lambda: _sampled(dict.fromkeys(parse_ground_ref(g.ref) for g in _ALL_GROUNDS)),
        InForce: lambda: _sampled(_in_force_periods()),
        ReturnRule: lambda: _sampled(REGS_2006.returns + REGS_2024.returns),
        GroundAssessment: _assessments,
        ConditionResult: _condition_results,
        DeletionCheck: _deletion_checks,
        Judgment: _judgments,
        Consent: _consents,
        OtherRegistration: _other_registrations,
        SchoolAttendanceOrder: _school_attendance_orders,
        WrittenNotice: _written_notices,
        LeaveOfAbsence: _leaves,
        Enquiries: _enquiries,
        Detention: _detentions,
        MedicalCertificate: _medical_certificates,
        NurseryCompletion: _nursery_completions,
        PermanentExclusion: _exclusions,
        BoardingCharges: _boarding_charges,
        AbsenceRun: _absence_runs,
        # codes and identifiers
        AttendanceCode: lambda: _sampled([*CODES_2006, *CODES_2024]),
        CodeSet: lambda: _sampled((CODES_2006, CODES_2024)),
        LocalAuthority: lambda: _sampled(local_authorities()),
        # problems, returns
        Problem: _problems,
        Report: _reports,
        Deadline: _deadlines,
        Obligation: _obligations,
        LARequests: _la_requests,
        SicknessExpectation: _sickness_expectations,
        RowResult: _row_results,
        ReturnPayload: returns,
        DeletionScenario: lambda: _ANY_SCENARIOS,
        # policy, referral, cases
        LAPolicy: lambda: _POLICIES,
        Enquiry: _enquiry_records,
        SafeguardingConcern: _concerns,
        ReferralChild: _referral_children,
        ReferralDecision: _referral_decisions,
        ReferralForm: _referral_forms,
        Step: _steps,
        cases_module.CmeCase: _cases,
        cases_module.Transition: _transitions,
        cases_module.Action: _actions,
        cases_module.OpenCasesReport: _open_cases_reports,
        cases_module.OverdueReview: _overdue_reviews,
        cases_module.CmeCounts: _counts,
        cases_module.CountRow: _count_rows,
        cases_module.Period: _periods,
        # attendance analytics
        attendance_module.AttendanceSummary: _summaries,
        attendance_module.AttendanceGroupSummary: _group_summaries,
        attendance_module.TenDayRun: _ten_day_runs,
        attendance_module.SicknessAbsence: _sickness,
        attendance_module.LeaveReturn: _leave_returns,
        attendance_module.NMarkDeadline: _n_mark_deadlines,
    }
    for event in (
        Entered,
        Amended,
        FutureAddressRecorded,
        OtherSchoolRecorded,
        BoarderStatusChanged,
        EnrolmentStatusChanged,
        Deleted,
    ):
        table[event] = functools.partial(_events, event)
    for content, kind in _CONTENT_KINDS.items():
        table[content] = functools.partial(_return_contents, kind)
    for details in (NewPupilDetails, DeletionDetails, AttendanceDetails, SicknessDetails):
        table[details] = functools.partial(_details, details)
    for case_event in _CASE_EVENT_TYPES:
        table[case_event] = functools.partial(_case_events, case_event)
    from cme_core.law import params

    for name in params.__all__:
        cls = getattr(params, name)
        if isinstance(cls, type) and issubclass(cls, ConditionParams):
            table[cls] = functools.partial(_params, cls)
    # Catalogues of records defined once in the library (problem types, particulars,
    # referral requirements, duration bands, commencements, policy sources).
    from cme_core.cases import DurationBand
    from cme_core.periods import Commencement
    from cme_core.policy import PolicySource
    from cme_core.problems import ProblemType
    from cme_core.referral import Requirement
    from cme_core.registers import Particular

    for cls in (ProblemType, Particular, Requirement, DurationBand, Commencement, PolicySource):
        table[cls] = functools.partial(_catalogue_strategy, cls)
    return table


def _catalogue_strategy(cls: type[Any]) -> SearchStrategy[Any]:
    found = _catalogue(cls)
    if not found:  # pragma: no cover - each catalogue has entries
        raise InvalidArgument(f"no {cls.__name__} is defined in cme_core to draw from")
    return st.sampled_from(found)


@functools.cache
def _strategies() -> dict[type[Any], Callable[[], SearchStrategy[Any]]]:
    return _table()


_BUILT: dict[type[Any], SearchStrategy[Any]] = {}


def _cached(cls: type[Any]) -> SearchStrategy[Any]:
    if cls not in _BUILT:
        _BUILT[cls] = _strategies()[cls]()
    return _BUILT[cls]


def strategy_for(cls: type[Any]) -> Any:
    """The strategy ``st.from_type(cls)`` uses for a public cme_core class (a SearchStrategy,
    or ``NotImplemented``).

    A class with no strategy of its own whose fields all have defaults (a settings record)
    is drawn as ``cls()``; any other gives ``NotImplemented`` (Hypothesis then infers one
    from the fields). :class:`~cme_core.law.DeletionFacts` raises ResolutionFailed naming
    :func:`~cme_core.strategies.deletion_scenarios`."""
    if cls is DeletionFacts:
        return _no_deletion_facts(cls)
    if cls in _strategies():
        return _cached(cls)
    if attrs.has(cls) and all(a.default is not attrs.NOTHING for a in attrs.fields(cls)):
        return st.builds(cls)
    return NotImplemented
