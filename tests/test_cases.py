"""Tests for cme_core.cases: the LA's CME case lifecycle, its state machine and its reports."""

from __future__ import annotations

import inspect
import json
import pickle
import typing
from collections import deque
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cme_core import cases, policy
from cme_core.cases import (
    CASE_EVENT_TYPES,
    DEFAULT_DURATION_BANDS,
    DURATION_BANDS_VERIFIED,
    MISSING_STATES,
    PROBLEM_TYPES,
    TRANSITIONS,
    WEEKLY_DURATION_BANDS,
    ActionKind,
    CaseClosed,
    CaseError,
    CaseEvent,
    CaseReferred,
    CaseReopened,
    CaseReviewed,
    CaseState,
    CheckMade,
    CmeCase,
    Deceased,
    DurationBand,
    Escalated,
    Escalation,
    EventKind,
    EventOutOfOrder,
    FoundOnRoll,
    HomeEducated,
    IllegalTransition,
    InCustody,
    InvalidCaseEvent,
    LaCheck,
    MarkedMissing,
    MovedAbroad,
    MovedToOtherLA,
    Period,
    PeriodUnit,
    SuitabilityChecked,
    TracingStarted,
    allowed_events,
    dfe_cme_counts,
    next_state,
    open_cases_report,
)
from cme_core.errors import CmeError, InvalidArgument, InvalidInput
from cme_core.people import Address, Parent, PhoneNumber, Pupil, Sex
from cme_core.policy import EnquiryStep, LAPolicy
from cme_core.problems import Report
from cme_core.referral import (
    Enquiry,
    ReferralChild,
    ReferralOutcome,
    Registration,
    Vulnerability,
    assess_referral,
)

D0 = date(2025, 1, 6)
DAY = timedelta(days=1)
SENTINELS = ("Zebedee", "Quuxley", "Sentinel Road", "ZZ9 9ZZ", "07700 900999", "Sentinel evidence")

PUPIL = Pupil(
    pupil_id="P1",
    full_name="Zebedee Quuxley",
    date_of_birth=date(2014, 5, 1),  # Year 6 in 2024/25, age 10 in Jan 2025
    sex=Sex.MALE,
    address=Address(lines=("1 Sentinel Road",), postcode="ZZ9 9ZZ"),
    parents=(
        Parent(
            full_name="Zebedee Quuxley Senior",
            lives_with_pupil=True,
            emergency_phones=(PhoneNumber(number="07700 900999"),),
        ),
    ),
)

FACTORIES: dict[EventKind, Callable[[date], CaseEvent]] = {
    EventKind.REFERRED: lambda d: CaseReferred(on=d),
    EventKind.TRACING_STARTED: lambda d: TracingStarted(on=d),
    EventKind.FOUND_ON_ROLL: lambda d: FoundOnRoll(on=d, laestab="8012000"),
    EventKind.MOVED_TO_OTHER_LA: lambda d: MovedToOtherLA(on=d, la_code="926", notified_on=d),
    EventKind.MOVED_ABROAD: lambda d: MovedAbroad(on=d, evidence="Sentinel evidence"),
    EventKind.ELECTIVE_HOME_EDUCATION: lambda d: HomeEducated(on=d),
    EventKind.IN_CUSTODY: lambda d: InCustody(on=d),
    EventKind.DECEASED: lambda d: Deceased(on=d),
    EventKind.MARKED_MISSING: lambda d: MarkedMissing(on=d),
    EventKind.ESCALATED: lambda d: Escalated(on=d, to=Escalation.POLICE),
    EventKind.CHECK_MADE: lambda d: CheckMade(on=d, check=LaCheck.HEALTH),
    EventKind.SUITABILITY_CHECKED: lambda d: SuitabilityChecked(on=d, suitable=True),
    EventKind.REVIEWED: lambda d: CaseReviewed(on=d),
    EventKind.CLOSED: lambda d: CaseClosed(on=d, note="Zebedee moved in with Quuxley"),
    EventKind.REOPENED: lambda d: CaseReopened(on=d),
}


def empty_case(**overrides: Any) -> CmeCase:
    fields: dict[str, Any] = {"case_id": "C1", "child": PUPIL, "la_code": "801"}
    fields.update(overrides)
    return CmeCase(**fields)


def build(kinds: list[EventKind], *, start: date = D0, **overrides: Any) -> CmeCase:
    """A case with one event of each kind, a day apart, starting with ``start``."""
    case = empty_case(**overrides)
    for i, kind in enumerate(kinds):
        case = case.apply(FACTORIES[kind](start + i * DAY))
    return case


def path_to(state: CaseState) -> list[EventKind]:
    """The shortest sequence of event kinds from no case to ``state`` (BFS over the table)."""
    queue: deque[tuple[CaseState | None, list[EventKind]]] = deque([(None, [])])
    seen: set[CaseState | None] = {None}
    while queue:
        current, path = queue.popleft()
        if current is state:
            return path
        for src, kind, dst in TRANSITIONS:
            if src is current and dst not in seen:
                seen.add(dst)
                queue.append((dst, [*path, kind]))
    raise AssertionError(f"{state} unreachable")


def assert_no_personal_data(text: str) -> None:
    for sentinel in SENTINELS:
        assert sentinel not in text, sentinel


# --- the table -------------------------------------------------------------------------------


def test_event_classes_cover_every_kind_once() -> None:
    assert sorted(c.kind.value for c in CASE_EVENT_TYPES) == sorted(k.value for k in EventKind)
    assert all(c.type == c.kind.value for c in CASE_EVENT_TYPES)
    for kind, make in FACTORIES.items():
        assert make(D0).kind is kind


def test_table_is_deterministic_and_complete() -> None:
    pairs = [(src, kind) for src, kind, _ in TRANSITIONS]
    assert len(pairs) == len(set(pairs))
    assert {kind for _, kind, _ in TRANSITIONS} == set(EventKind)
    for state in CaseState:
        assert path_to(state)  # every state is reachable
        assert allowed_events(state), state  # and none is a dead end
    assert allowed_events(None) == (EventKind.REFERRED,)
    assert allowed_events(CaseState.CLOSED) == (EventKind.REOPENED,)
    assert allowed_events(CaseState.DECEASED) == (EventKind.CLOSED,)
    assert next_state(CaseState.CLOSED, EventKind.REOPENED) is CaseState.TRACING
    with pytest.raises(InvalidArgument):
        allowed_events("tracing")  # type: ignore[arg-type]


def test_outcomes_only_from_tracing_or_missing() -> None:
    outcomes = {
        EventKind.FOUND_ON_ROLL,
        EventKind.MOVED_TO_OTHER_LA,
        EventKind.MOVED_ABROAD,
        EventKind.ELECTIVE_HOME_EDUCATION,
        EventKind.IN_CUSTODY,
        EventKind.DECEASED,
    }
    sources = {src for src, kind, _ in TRANSITIONS if kind in outcomes}
    assert sources == {CaseState.TRACING, CaseState.MISSING, CaseState.ELECTIVE_HOME_EDUCATION}
    assert next_state(CaseState.REFERRED, EventKind.FOUND_ON_ROLL) is None


@pytest.mark.parametrize("state", [None, *CaseState])
@pytest.mark.parametrize("kind", list(EventKind))
def test_every_transition_is_allowed_or_refused(state: CaseState | None, kind: EventKind) -> None:
    case = empty_case() if state is None else build(path_to(state))
    assert case.state is state
    before_events = case.events
    on = (case.last_event_on or D0) + DAY
    event = FACTORIES[kind](on)
    expected = next_state(state, kind)
    if expected is None:
        with pytest.raises(IllegalTransition) as info:
            case.apply(event)
        err = info.value
        assert isinstance(err, CmeError)
        assert isinstance(err, ValueError)
        assert err.state is state
        assert err.kind is kind
        assert err.allowed == allowed_events(state)
        assert f"event {kind.value!r} is not allowed" in str(err)
        for allowed in err.allowed:
            assert allowed.value in str(err)
        assert case.events is before_events
        assert case.state is state
    else:
        new = case.apply(event)
        assert new.state is expected
        assert new.events == (*before_events, event)
        assert case.events is before_events  # the original is unchanged


@given(st.lists(st.tuples(st.sampled_from(EventKind), st.integers(0, 40)), max_size=30))
def test_property_random_sequences_never_corrupt_a_case(seq: list[tuple[EventKind, int]]) -> None:
    case = empty_case()
    on = D0
    accepted = 0
    for kind, gap in seq:
        on += gap * DAY
        before = case
        state = case.state
        event = FACTORIES[kind](on)
        expected = next_state(state, kind)
        if expected is None:
            with pytest.raises(IllegalTransition):
                case.apply(event)
            assert case == before
            assert case.state is state
        else:
            case = case.apply(event)
            accepted += 1
            assert case.state is expected
            assert case.events[:-1] == before.events
            assert before.state is state
    assert len(case.events) == accepted
    assert all(t.accepted for t in case.replay())
    if case.events:
        assert case.check().is_valid
        assert case.state_on(case.events[-1].on) is case.state
        assert case.state_on(case.events[0].on - DAY) is None


@given(st.integers(min_value=1, max_value=400))
def test_property_events_out_of_order_are_refused(days_back: int) -> None:
    case = build(path_to(CaseState.TRACING), start=date(2026, 1, 1))
    last = case.last_event_on
    assert last is not None
    with pytest.raises(EventOutOfOrder) as info:
        case.apply(CheckMade(on=last - days_back * DAY, check=LaCheck.HOUSING))
    assert isinstance(info.value, CaseError)
    assert case.state is CaseState.TRACING
    # The same day as the last event is fine.
    assert case.apply(CheckMade(on=last, check=LaCheck.HOUSING)).state is CaseState.TRACING


# --- apply: event data -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "event",
    [
        MovedToOtherLA(on=D0 + 2 * DAY, la_code="999", notified_on=D0 + 2 * DAY),
        MovedToOtherLA(on=D0 + 2 * DAY, la_code="001", notified_on=D0 + 2 * DAY),
        MovedToOtherLA(on=D0 + 2 * DAY, la_code="Quuxley", notified_on=D0 + 2 * DAY),
        MovedAbroad(on=D0 + 2 * DAY, evidence="  "),
        FoundOnRoll(on=D0 + 2 * DAY),
        FoundOnRoll(on=D0 + 2 * DAY, laestab="801200"),
        FoundOnRoll(on=D0 + 2 * DAY, school_name="X", la_code="99"),
    ],
)
def test_events_with_bad_data_are_refused(event: CaseEvent) -> None:
    case = build(path_to(CaseState.TRACING))
    with pytest.raises(InvalidCaseEvent) as info:
        case.apply(event)
    assert isinstance(info.value, InvalidInput)
    assert not info.value.report.is_valid
    assert_no_personal_data(str(info.value))
    assert case.state is CaseState.TRACING


def test_queries_do_not_block_apply_but_are_validated() -> None:
    case = build(path_to(CaseState.TRACING))
    moved = case.apply(MovedToOtherLA(on=D0 + 5 * DAY, la_code="801", notified_on=D0 + 4 * DAY))
    assert moved.state is CaseState.MOVED_TO_OTHER_LA
    assert moved.check().codes == ("CME-CASE-007Q", "CME-CASE-010Q")


def test_found_on_roll_school_la() -> None:
    assert FoundOnRoll(on=D0, laestab="926 2000").school_la_code == "926"
    assert FoundOnRoll(on=D0, school_name="X", la_code="201").school_la_code == "201"
    assert FoundOnRoll(on=D0, school_name="X").school_la_code is None


def test_open_refuses_a_bad_referring_laestab() -> None:
    with pytest.raises(InvalidCaseEvent):
        CmeCase.open("C1", PUPIL, D0, referring_laestab="12345")
    with pytest.raises(InvalidCaseEvent):
        CmeCase.open("C1", PUPIL, D0, missing_since=D0 + DAY)


@pytest.mark.parametrize(
    "make",
    [
        lambda: empty_case().apply("referred"),  # type: ignore[arg-type]
        lambda: empty_case(events=[CaseReferred(on=D0), "x"]),
        lambda: empty_case(events="abc"),
        lambda: empty_case(child="Zebedee Quuxley"),
        lambda: empty_case(case_id=7),
        lambda: empty_case(vulnerabilities=["in_care"]),
        lambda: CaseReferred(on=datetime(2025, 1, 6)),
        lambda: Escalated(on=D0, to="police"),  # type: ignore[arg-type]
        lambda: CheckMade(on=D0, check=LaCheck.HEALTH, found="yes"),  # type: ignore[arg-type]
        lambda: MovedToOtherLA(on=D0, la_code=926, notified_on=D0),  # type: ignore[arg-type]
    ],
)
def test_wrong_types_raise_invalid_argument(make: Callable[[], object]) -> None:
    with pytest.raises(InvalidArgument) as info:
        make()
    assert_no_personal_data(str(info.value))


@given(st.text(max_size=20))
def test_fuzz_other_la_code(text: str) -> None:
    case = build(path_to(CaseState.TRACING))
    event = MovedToOtherLA(on=D0 + 9 * DAY, la_code=text, notified_on=D0 + 9 * DAY)
    try:
        moved = case.apply(event)
    except InvalidCaseEvent as err:
        codes = err.report.codes
    else:
        assert moved.state is CaseState.MOVED_TO_OTHER_LA
        return
    assert codes == ("CME-CASE-006",)


# --- state_on and replay ---------------------------------------------------------------------


def test_state_on_edges() -> None:
    case = build([EventKind.REFERRED, EventKind.TRACING_STARTED, EventKind.MARKED_MISSING])
    assert case.state_on(D0 - DAY) is None
    assert case.state_on(D0) is CaseState.REFERRED
    assert case.state_on(D0 + DAY) is CaseState.TRACING
    assert case.state_on(D0 + 2 * DAY) is CaseState.MISSING
    assert case.state_on(D0 + 100 * DAY) is CaseState.MISSING
    assert not case.is_open_on(D0 - DAY)
    assert case.is_open_on(D0)
    assert case.referred_on == D0
    assert case.last_event_on == D0 + 2 * DAY


def test_lenient_replay_keeps_illegal_events_visible() -> None:
    wire = empty_case(events=(CaseReferred(on=D0), Deceased(on=D0 + DAY), TracingStarted(on=D0)))
    steps = wire.replay()
    assert [t.accepted for t in steps] == [True, False, True]
    assert wire.state is CaseState.TRACING


# --- check -----------------------------------------------------------------------------------


def test_validate_a_good_case() -> None:
    case = build(path_to(CaseState.ON_ROLL))
    assert case.check().problems == ()
    assert case.check(on=case.last_event_on).problems == ()


def test_validate_reports_every_problem_at_once() -> None:
    wire = CmeCase(
        case_id=" ",
        child=Pupil(pupil_id="P9", full_name="Zebedee Quuxley"),
        la_code="999",
        events=(
            TracingStarted(on=D0),
            CaseReferred(on=D0 + DAY),
            MovedAbroad(on=D0, evidence=""),
            CaseReviewed(on=D0 + 30 * DAY),
        ),
    )
    report = wire.check(on=D0 + 10 * DAY)
    assert report.codes == (
        "CME-CASE-005",
        "CME-CASE-006",
        "CME-CASE-013Q",
        "CME-CASE-002",
        "CME-CASE-003",
        "CME-CASE-004",
        "CME-CASE-008",
        "CME-CASE-011",
    )
    assert [p.json_path for p in report] == [
        "$.case_id",
        "$.la_code",
        "$.child.date_of_birth",
        "$.events[0]",
        "$.events[2].on",
        "$.events[2]",
        "$.events[2].evidence",
        "$.events[3].on",
    ]
    illegal = report.problems[5]
    assert illegal.values["state"] == "referred"
    assert illegal.values["event"] == "moved_abroad"
    assert "tracing_started" in illegal.values["allowed"]
    for problem in report:
        assert_no_personal_data(str(problem))
    json.dumps(report.to_dict())


def test_validate_an_empty_case() -> None:
    assert empty_case().check().codes == ("CME-CASE-001",)


def test_case_validate_is_a_deprecated_alias_of_check() -> None:
    case = empty_case()
    with pytest.warns(DeprecationWarning, match=r"CmeCase\.validate\(\) is deprecated: use Cm"):
        report = case.validate(on=D0)
    assert report == case.check(on=D0)
    assert isinstance(report, Report)


def test_problem_codes_are_unique_and_cited() -> None:
    codes = [p.code for p in PROBLEM_TYPES]
    assert len(codes) == len(set(codes))
    assert all(p.citation for p in PROBLEM_TYPES)
    assert all(p.code.endswith("Q") == (p.severity.value == "query") for p in PROBLEM_TYPES)


def test_closing_a_missing_case_without_a_lost_pupil_search_is_queried() -> None:
    missing = build(path_to(CaseState.MISSING))
    closed = missing.apply(CaseClosed(on=D0 + 10 * DAY))
    assert closed.check().codes == ("CME-CASE-012Q",)
    searched = missing.apply(Escalated(on=D0 + 9 * DAY, to=Escalation.LOST_PUPIL_SEARCH))
    assert searched.apply(CaseClosed(on=D0 + 10 * DAY)).check().codes == ()
    # A search in an earlier episode does not count after a reopening.
    again = (
        searched.apply(FoundOnRoll(on=D0 + 10 * DAY, laestab="8012000"))
        .apply(CaseReopened(on=D0 + 11 * DAY))
        .apply(MarkedMissing(on=D0 + 12 * DAY))
        .apply(CaseClosed(on=D0 + 13 * DAY))
    )
    assert again.check().codes == ("CME-CASE-012Q",)


# --- reviews and next actions ----------------------------------------------------------------


def test_review_due_by_state() -> None:
    referred = build([EventKind.REFERRED])
    assert referred.review_due() == D0 + 5 * DAY
    tracing = referred.apply(TracingStarted(on=D0 + DAY))
    assert tracing.review_due() == D0 + 15 * DAY
    checked = tracing.apply(CheckMade(on=D0 + 3 * DAY, check=LaCheck.HEALTH))
    assert checked.review_due() == D0 + 15 * DAY  # a check is not a review
    reviewed = checked.apply(CaseReviewed(on=D0 + 10 * DAY))
    assert reviewed.review_due() == D0 + 24 * DAY
    assert reviewed.review_due(on=D0 + 9 * DAY) == D0 + 15 * DAY
    fast = LAPolicy().with_review_interval(CaseState.TRACING, 7)
    assert reviewed.review_due(fast) == D0 + 17 * DAY
    none = LAPolicy().with_review_interval(CaseState.TRACING, None)
    assert reviewed.review_due(none) is None
    assert build(path_to(CaseState.CLOSED)).review_due() is None
    assert empty_case().review_due() is None


def test_elective_home_education_suitability_checks() -> None:
    ehe = build(path_to(CaseState.ELECTIVE_HOME_EDUCATION))
    entered = ehe.last_event_on
    assert entered is not None
    assert ehe.suitability_check_due() == entered + 28 * DAY
    assert ehe.review_due() == entered + 28 * DAY
    assert (
        ehe.apply(CaseReviewed(on=entered + 5 * DAY)).suitability_check_due() == entered + 28 * DAY
    )
    policy = LAPolicy(ehe_suitability_check_days=10)
    assert ehe.suitability_check_due(policy) == entered + 10 * DAY
    checked = ehe.apply(SuitabilityChecked(on=entered + 20 * DAY, suitable=True))
    assert checked.suitability_check_due() == entered + 385 * DAY
    assert build(path_to(CaseState.TRACING)).suitability_check_due() is None


@pytest.mark.parametrize(("offset", "overdue"), [(4, False), (5, False), (6, True)])
def test_next_actions_overdue_edges(offset: int, overdue: bool) -> None:
    case = build([EventKind.REFERRED])
    (action,) = case.next_actions(D0 + offset * DAY)
    assert action.kind is ActionKind.START_TRACING
    assert action.due == D0 + 5 * DAY
    assert action.overdue is overdue


def test_next_actions_while_tracing() -> None:
    tracing = build(path_to(CaseState.TRACING))
    on = D0 + 3 * DAY
    kinds = [(a.kind, a.subject) for a in tracing.next_actions(on)]
    assert kinds == [
        *((ActionKind.MAKE_CHECK, c.value) for c in LaCheck),
        (ActionKind.REVIEW, None),
    ]
    done = tracing
    for check in LaCheck:
        done = done.apply(CheckMade(on=on, check=check))
    assert [a.kind for a in done.next_actions(on)] == [
        ActionKind.RECORD_OUTCOME_OR_MARK_MISSING,
        ActionKind.REVIEW,
    ]


def test_next_actions_when_missing_and_known_to_social_care() -> None:
    missing = build(
        path_to(CaseState.MISSING), vulnerabilities=[Vulnerability.CHILD_PROTECTION_PLAN]
    )
    on = D0 + 5 * DAY
    actions = missing.next_actions(on)
    assert [(a.kind, a.subject) for a in actions] == [
        (ActionKind.ESCALATE, "childrens_social_care"),
        *((ActionKind.ESCALATE, e.value) for e in Escalation),
        (ActionKind.REVIEW, None),
    ]
    assert actions[0].due == on
    escalated = missing.apply(Escalated(on=on, to=Escalation.CHILDRENS_SOCIAL_CARE))
    assert [a.subject for a in escalated.next_actions(on)] == ["police", "lost_pupil_search", None]


@pytest.mark.parametrize(
    ("state", "kinds"),
    [
        (CaseState.ON_ROLL, [ActionKind.CONFIRM_ATTENDANCE]),
        (CaseState.MOVED_TO_OTHER_LA, [ActionKind.CLOSE]),
        (CaseState.MOVED_ABROAD, [ActionKind.CLOSE]),
        (CaseState.DECEASED, [ActionKind.CLOSE]),
        (CaseState.IN_CUSTODY, [ActionKind.REVIEW]),
        (CaseState.ELECTIVE_HOME_EDUCATION, [ActionKind.SUITABILITY_CHECK]),
        (CaseState.CLOSED, []),
    ],
)
def test_next_actions_by_outcome(state: CaseState, kinds: list[ActionKind]) -> None:
    case = build(path_to(state))
    on = (case.last_event_on or D0) + DAY
    assert [a.kind for a in case.next_actions(on)] == kinds
    assert empty_case().next_actions(on) == ()


# --- opening from a referral; time missing ---------------------------------------------------


def eligible_child(**overrides: Any) -> ReferralChild:
    fields: dict[str, Any] = {
        "pupil": PUPIL,
        "registration": Registration.DELETION_UNDER_WAY,
        "deletion_ground": "9(1)(i)",
        "last_attended_on": date(2025, 2, 7),
        "receiving_suitable_education": False,
        "whereabouts_known": False,
        "family_in_contact": False,
        "unexplained_absence_school_days": 20,
        "vulnerabilities": [Vulnerability.IN_CARE],
    }
    fields.update(overrides)
    return ReferralChild(**fields)


def test_from_referral() -> None:
    on = date(2025, 3, 10)
    c = eligible_child()
    decision = assess_referral(c, [Enquiry(step=s, done_on=on) for s in EnquiryStep], on)
    case = CmeCase.from_referral("C7", decision, c, la_code="801", referring_laestab="8012000")
    assert case.state is CaseState.REFERRED
    assert case.vulnerabilities == frozenset({Vulnerability.IN_CARE})
    first = case.events[0]
    assert isinstance(first, CaseReferred)
    assert first.referral_outcome is ReferralOutcome.ELIGIBLE
    assert case.missing_since(on) == date(2025, 2, 8)
    not_yet = assess_referral(c, [], on)
    with pytest.raises(InvalidInput):
        CmeCase.from_referral("C7", not_yet, c)
    with pytest.raises(InvalidInput):
        CmeCase.from_referral("C7", decision, eligible_child(pupil=Pupil(pupil_id="P2")))
    with pytest.raises(InvalidArgument):
        CmeCase.from_referral("C7", "eligible", c)  # type: ignore[arg-type]


def test_missing_since() -> None:
    plain = build([EventKind.REFERRED])
    assert plain.missing_since(D0 - DAY) is None
    assert plain.missing_since(D0) == D0
    given_date = CmeCase.open("C2", PUPIL, D0, missing_since=D0 - 30 * DAY)
    assert given_date.missing_since(D0) == D0 - 30 * DAY
    reopened = build(path_to(CaseState.ON_ROLL)).apply(
        CaseReopened(on=D0 + 20 * DAY, missing_since=D0 + 15 * DAY)
    )
    assert reopened.missing_since(D0 + 20 * DAY) == D0 + 15 * DAY
    assert reopened.missing_since(D0 + 19 * DAY) == D0


# --- reports ---------------------------------------------------------------------------------


def test_open_cases_report() -> None:
    on = D0 + 40 * DAY
    cases = [
        build(path_to(CaseState.TRACING), case_id="A", vulnerabilities=[Vulnerability.IN_CARE]),
        build(
            path_to(CaseState.MISSING),
            case_id="B",
            child=Pupil(pupil_id="P2", date_of_birth=date(2010, 9, 1)),  # Year 9, age 14
            vulnerabilities=[Vulnerability.IN_CARE, Vulnerability.SEN_EHCP],
        ),
        build(path_to(CaseState.CLOSED), case_id="C"),  # closed: not counted
        build([EventKind.REFERRED], case_id="D", start=on + DAY),  # opened later: not counted
        build(path_to(CaseState.ON_ROLL), case_id="E", child=Pupil(pupil_id="P3")),
    ]
    report = open_cases_report(cases, on)
    assert report.total == 3
    assert dict(report.by_state) == {
        CaseState.TRACING: 1,
        CaseState.MISSING: 1,
        CaseState.ON_ROLL: 1,
    }
    assert dict(report.by_year_group) == {6: 1, 9: 1, None: 1}
    assert list(report.by_year_group) == [6, 9, None]
    assert dict(report.by_age) == {10: 1, 14: 1, None: 1}
    assert dict(report.by_vulnerability) == {Vulnerability.IN_CARE: 2, Vulnerability.SEN_EHCP: 1}
    assert report.without_vulnerability == 1
    overdue = [(r.case_id, r.state, r.due) for r in report.overdue_reviews]
    assert overdue == [
        ("A", CaseState.TRACING, D0 + 15 * DAY),
        ("E", CaseState.ON_ROLL, D0 + 16 * DAY),
        ("B", CaseState.MISSING, D0 + 30 * DAY),
    ]
    assert report.overdue_reviews[0].days_overdue == 25
    data = report.to_dict()
    json.dumps(data)
    assert data["by_year_group"] == {"6": 1, "9": 1, "unknown": 1}
    assert_no_personal_data(repr(report) + json.dumps(data))


def test_report_refuses_duplicates_and_wrong_types() -> None:
    case = build([EventKind.REFERRED])
    with pytest.raises(InvalidInput):
        open_cases_report([case, case], D0)
    with pytest.raises(InvalidArgument):
        open_cases_report(case, D0)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument):
        open_cases_report(["C1"], D0)  # type: ignore[list-item]
    with pytest.raises(InvalidArgument):
        dfe_cme_counts([case], datetime(2025, 1, 6))
    with pytest.raises(InvalidArgument):
        open_cases_report([case], D0, policy="x")  # type: ignore[arg-type]


def months(start: date, n: int) -> date:
    return Period(amount=n, unit=PeriodUnit.MONTHS).after(start)


START = date(2024, 11, 30)


@pytest.mark.parametrize(
    ("census", "band"),
    [
        (START, "under_4_weeks"),
        (START + 27 * DAY, "under_4_weeks"),
        (START + 28 * DAY, "4_weeks_to_3_months"),
        (date(2025, 2, 27), "4_weeks_to_3_months"),  # 30 Nov + 3 months clamps to 28 Feb
        (date(2025, 2, 28), "3_to_6_months"),
        (date(2025, 5, 29), "3_to_6_months"),
        (date(2025, 5, 30), "6_months_or_more"),
        (date(2027, 1, 1), "6_months_or_more"),
    ],
)
def test_duration_band_edges(census: date, band: str) -> None:
    case = CmeCase.open("C1", PUPIL, START)
    counts = dfe_cme_counts([case], census)
    assert counts.total == 1
    assert [k for k, n in counts.by_duration.items() if n] == [band]


@pytest.mark.parametrize(
    ("days", "band"),
    [(13, "under_2_weeks"), (14, "2_to_4_weeks"), (363, "26_to_52_weeks"), (364, "over_52_weeks")],
)
def test_weekly_band_edges(days: int, band: str) -> None:
    case = CmeCase.open("C1", PUPIL, START)
    counts = dfe_cme_counts([case], START + days * DAY, bands=WEEKLY_DURATION_BANDS)
    assert [k for k, n in counts.by_duration.items() if n] == [band]


def test_dfe_counts_by_sex_year_group_and_state() -> None:
    census = date(2025, 3, 1)
    girl = Pupil(pupil_id="G", sex=Sex.FEMALE, date_of_birth=date(2012, 1, 1))  # Year 8
    cases = [
        build([EventKind.REFERRED], case_id="1"),
        build(path_to(CaseState.TRACING), case_id="2", child=girl),
        build(path_to(CaseState.MISSING), case_id="3", child=girl),
        build(path_to(CaseState.ELECTIVE_HOME_EDUCATION), case_id="4"),  # found: not missing
        build(path_to(CaseState.ON_ROLL), case_id="5"),
        build(path_to(CaseState.TRACING), case_id="6", child=Pupil(pupil_id="U")),
    ]
    counts = dfe_cme_counts(cases, census)
    assert counts.total == 4
    assert dict(counts.by_sex) == {Sex.MALE: 1, Sex.FEMALE: 2, None: 1}
    assert dict(counts.by_year_group) == {6: 1, 8: 2, None: 1}
    assert sum(counts.by_duration.values()) == 4
    assert sum(r.count for r in counts.rows) == 4
    assert counts.rows[0].sex is Sex.MALE
    assert counts.bands_verified is DURATION_BANDS_VERIFIED is False
    data = counts.to_dict()
    json.dumps(data)
    assert data["by_sex"] == {"M": 1, "F": 2, "unknown": 1}
    assert dfe_cme_counts(cases, D0 - DAY).total == 0


@given(
    st.lists(
        st.tuples(
            st.sampled_from(list(CaseState)),
            st.integers(min_value=0, max_value=800),
            st.sampled_from([None, Sex.MALE, Sex.FEMALE]),
        ),
        max_size=15,
    )
)
def test_property_counts_add_up(specs: list[tuple[CaseState, int, Sex | None]]) -> None:
    census = date(2027, 1, 1)
    cases = []
    for i, (state, back, sex) in enumerate(specs):
        child = Pupil(pupil_id=f"P{i}", sex=sex, date_of_birth=date(2015, 1, 1))
        start = census - back * DAY - 20 * DAY
        cases.append(build(path_to(state), case_id=str(i), child=child, start=start))
    counts = dfe_cme_counts(cases, census)
    expected = sum(1 for case in cases if case.state_on(census) in MISSING_STATES)
    assert counts.total == expected
    assert sum(counts.by_sex.values()) == expected
    assert sum(counts.by_year_group.values()) == expected
    assert sum(counts.by_duration.values()) == expected
    assert sum(r.count for r in counts.rows) == expected
    report = open_cases_report(cases, census)
    assert report.total == sum(1 for case in cases if case.is_open_on(census))
    assert report.total == sum(report.by_state.values()) == sum(report.by_age.values())


def test_bands_with_a_gap_are_refused() -> None:
    gappy = (
        DurationBand(key="a", label="a", under=Period(amount=1, unit=PeriodUnit.WEEKS)),
        DurationBand(key="b", label="b", at_least=Period(amount=2, unit=PeriodUnit.WEEKS)),
    )
    case = CmeCase.open("C1", PUPIL, D0)
    assert dfe_cme_counts([case], D0 + 3 * DAY, bands=gappy).total == 1
    with pytest.raises(InvalidInput):
        dfe_cme_counts([case], D0 + 10 * DAY, bands=gappy)
    with pytest.raises(InvalidInput):
        dfe_cme_counts([case], D0, bands=())
    with pytest.raises(InvalidInput):
        dfe_cme_counts([case], D0, bands=(gappy[0], gappy[0]))
    with pytest.raises(InvalidArgument):
        dfe_cme_counts([case], D0, bands=["a"])  # type: ignore[list-item]
    assert len(DEFAULT_DURATION_BANDS) == 4


# --- no personal data ------------------------------------------------------------------------


def test_no_personal_data_in_reprs_and_messages() -> None:
    case = build(path_to(CaseState.MOVED_ABROAD))
    texts = [repr(case), str(case), *(repr(e) for e in case.events)]
    texts += [repr(a) for a in case.next_actions(D0 + 20 * DAY)]
    closed = case.apply(CaseClosed(on=D0 + 30 * DAY, note="Quuxley", recorded_by="Zebedee"))
    texts += [repr(closed.events[-1])]
    attempts: list[Callable[[], object]] = [
        lambda: closed.apply(Deceased(on=D0 + 31 * DAY)),
        lambda: closed.apply(CaseReopened(on=D0)),
        lambda: build(path_to(CaseState.TRACING)).apply(
            MovedAbroad(on=D0 + 9 * DAY, evidence=" ", note="Zebedee Quuxley")
        ),
    ]
    for attempt in attempts:
        with pytest.raises(CaseError) as info:
            attempt()
        texts.append(str(info.value))
    texts += [str(p) for p in closed.check()]
    for text in texts:
        assert_no_personal_data(text)


# --- the package's public face -----------------------------------------------------------------


def test_every_public_name_is_presented_as_cme_core_cases() -> None:
    assert dir(cases) == sorted(cases.__all__)
    assert cases.CaseState is policy.CaseState
    for name in cases.__all__:
        obj = getattr(cases, name)
        if (inspect.isclass(obj) or inspect.isfunction(obj)) and obj is not CaseState:
            assert obj.__module__ == "cme_core.cases", name
        if inspect.isclass(obj) and attrs.has(obj):
            typing.get_type_hints(obj)  # annotations still resolve after the move
            attrs.resolve_types(obj)


def test_cases_pickle() -> None:
    case = build(path_to(CaseState.MOVED_ABROAD))
    assert pickle.loads(pickle.dumps(case)) == case
    report = dfe_cme_counts([build(path_to(CaseState.MISSING))], D0 + 40 * DAY)
    assert pickle.loads(pickle.dumps(report)) == report
