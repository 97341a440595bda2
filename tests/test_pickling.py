"""Objects that travel: the regimes and every public record pickle, and come back equal.

The public attrs classes are found by walking ``cme_core.__all__`` and the ``__all__`` of every
public module. Instances are built from real work (the bundled demo LA, its registers, returns,
assessments and referrals, the regimes, the case lifecycle) and from the Hypothesis strategies
in :mod:`cme_core.strategies`; every attrs instance reachable from them is round-tripped. A
class for which no instance is built must be named in ``NOT_BUILT`` with the reason, so a new
public record cannot slip through untested.
"""

from __future__ import annotations

import importlib
import inspect
import pickle
import pkgutil
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, timedelta
from functools import cache
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import cme_core
from cme_core import attendance, cases, strategies
from cme_core.attendance_codes import CODES_2006, CODES_2024
from cme_core.demo import load_demo
from cme_core.identifiers import local_authority
from cme_core.law import (
    REGIMES,
    REGS_2006,
    REGS_2024,
    BoardingCharges,
    Consent,
    DeletionFacts,
    Detention,
    DetentionKind,
    Enquiries,
    EnquiryOutcome,
    Judgment,
    KnownNone,
    LeaveOfAbsence,
    MedicalCertificate,
    NurseryCompletion,
    OtherRegistration,
    PermanentExclusion,
    SchoolAttendanceOrder,
    Verdict,
    WrittenNotice,
    assess_ground,
    candidate_grounds,
    check_deletion,
    parse_ground_ref,
    regime_for,
)
from cme_core.law.counting import absence_run
from cme_core.law.params import ConditionParams, RunRule
from cme_core.periods import COMMENCEMENTS
from cme_core.policy import POLICY_SOURCES, LAPolicy
from cme_core.problems import catalogue
from cme_core.referral import (
    REQUIREMENTS,
    SafeguardingConcern,
    assess_referral,
    referral_form,
)
from cme_core.registers import (
    PARTICULARS,
    AdmissionEntry,
    Amended,
    AttendanceRecord,
    BoarderStatusChanged,
    Deleted,
    EnrolmentStatus,
    EnrolmentStatusChanged,
    Entered,
    FutureAddress,
    FutureAddressRecorded,
    OtherSchool,
    OtherSchoolRecorded,
    SchoolRegister,
)
from cme_core.returns import LARequests, SicknessExpectation, build_return, obligations
from cme_core.screening import screen
from cme_core.submissions import Limits, validate_rows

# --- the public attrs classes -----------------------------------------------------------------

_SKIP_MODULES = frozenset({"cme_core.law.model", "cme_core.__main__"})
"""``law.model`` is a deprecated alias that warns on import; ``__main__`` runs the CLI."""


def _public_modules() -> Iterator[Any]:
    yield cme_core
    for info in pkgutil.walk_packages(cme_core.__path__, "cme_core."):
        parts = info.name.split(".")
        if info.name in _SKIP_MODULES or any(p.startswith("_") for p in parts):
            continue
        yield importlib.import_module(info.name)


@cache
def public_classes() -> tuple[type, ...]:
    """Every attrs class named in the ``__all__`` of cme_core or a public module of it."""
    found: dict[type, None] = {}
    for module in _public_modules():
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name, None)
            if inspect.isclass(obj) and attrs.has(obj):
                found[obj] = None
    return tuple(sorted(found, key=lambda c: (c.__module__, c.__qualname__)))


def _name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


# --- building instances -----------------------------------------------------------------------

ON = date(2025, 3, 10)
DAY = timedelta(days=1)
_QUIET = settings(
    database=None,
    derandomize=True,
    max_examples=1,
    phases=[Phase.generate],
    suppress_health_check=list(HealthCheck),
)


def _walk(roots: Iterable[object]) -> dict[type, list[object]]:
    """Every attrs instance reachable from ``roots`` (through attrs fields, collections and
    mapping keys and values), by class; each object once."""
    found: dict[type, list[object]] = {}
    seen: set[int] = set()
    queue: deque[object] = deque(roots)
    while queue:
        obj = queue.popleft()
        if id(obj) in seen or isinstance(obj, str | bytes | int | float | date | None):
            continue
        seen.add(id(obj))
        cls: Any = type(obj)
        if attrs.has(cls):
            found.setdefault(cls, []).append(obj)
            queue.extend(getattr(obj, a.name) for a in attrs.fields(cls))
        elif isinstance(obj, Mapping):
            queue.extend(obj.keys())
            queue.extend(obj.values())
        elif isinstance(obj, tuple | list | set | frozenset):
            queue.extend(obj)
    return found


def _case_objects() -> list[object]:
    """A case for every transition of the lifecycle, and the reports over them."""
    events: dict[cases.EventKind, Callable[[date], cases.CaseEvent]] = {
        cases.EventKind.REFERRED: lambda d: cases.CaseReferred(on=d),
        cases.EventKind.TRACING_STARTED: lambda d: cases.TracingStarted(on=d),
        cases.EventKind.FOUND_ON_ROLL: lambda d: cases.FoundOnRoll(on=d, laestab="8012000"),
        cases.EventKind.MOVED_TO_OTHER_LA: lambda d: cases.MovedToOtherLA(
            on=d, la_code="926", notified_on=d
        ),
        cases.EventKind.MOVED_ABROAD: lambda d: cases.MovedAbroad(on=d, evidence="a letter"),
        cases.EventKind.ELECTIVE_HOME_EDUCATION: lambda d: cases.HomeEducated(on=d),
        cases.EventKind.IN_CUSTODY: lambda d: cases.InCustody(on=d),
        cases.EventKind.DECEASED: lambda d: cases.Deceased(on=d),
        cases.EventKind.MARKED_MISSING: lambda d: cases.MarkedMissing(on=d),
        cases.EventKind.ESCALATED: lambda d: cases.Escalated(on=d, to=cases.Escalation.POLICE),
        cases.EventKind.CHECK_MADE: lambda d: cases.CheckMade(on=d, check=cases.LaCheck.HEALTH),
        cases.EventKind.SUITABILITY_CHECKED: lambda d: cases.SuitabilityChecked(
            on=d, suitable=True
        ),
        cases.EventKind.REVIEWED: lambda d: cases.CaseReviewed(on=d),
        cases.EventKind.CLOSED: lambda d: cases.CaseClosed(on=d, note="closed"),
        cases.EventKind.REOPENED: lambda d: cases.CaseReopened(on=d),
    }
    pupil = cme_core.Pupil(pupil_id="P1", date_of_birth=date(2014, 5, 1))
    start = date(2025, 1, 6)
    built: list[cases.CmeCase] = []
    # Breadth first over the transition table: one case per transition, by its shortest path.
    paths: deque[tuple[cases.CaseState | None, tuple[cases.EventKind, ...]]] = deque([(None, ())])
    reached: set[cases.CaseState | None] = {None}
    while paths:
        state, path = paths.popleft()
        for transition in cases.TRANSITIONS:
            src, kind, dst = transition
            if src is not state:
                continue
            case = cases.CmeCase(case_id=f"C{len(built)}", child=pupil, la_code="801")
            for i, step in enumerate((*path, kind)):
                case = case.apply(events[step](start + i * DAY))
            built.append(case)
            if dst not in reached:
                reached.add(dst)
                paths.append((dst, (*path, kind)))
    later = start + 400 * DAY
    return [
        *built,
        cases.TRANSITIONS,
        cases.DEFAULT_DURATION_BANDS,
        cases.WEEKLY_DURATION_BANDS,
        cases.dfe_cme_counts(built, later),
        cases.open_cases_report(built, later),
    ]


def _facts() -> DeletionFacts:
    """Facts with one of every fact record (not coherent for any one ground: records only)."""
    school = cme_core.School(laestab="8012000", name="A", kind=cme_core.SchoolKind.ACADEMY)
    judged = Judgment(holds=True, by="headteacher", on=ON)
    return DeletionFacts(
        pupil_id="P1",
        school=school,
        date_of_birth=date(2014, 5, 1),
        registered_elsewhere=[
            OtherRegistration(
                school=OtherSchool(name="B"),
                registered_from=ON,
                consent_to_deletion=Consent(by="8012001", on=ON),
            )
        ],
        school_attendance_order=SchoolAttendanceOrder(names_this_school=True),
        home_education_notice=WrittenNotice(received_on=ON),
        moved_away=judged,
        leave=LeaveOfAbsence(first_day=ON, last_day=ON + DAY),
        enquiries=Enquiries(school_part_on=ON, outcome=EnquiryOutcome.NOT_FOUND),
        medical_certificate=MedicalCertificate(certified_on=ON),
        detention=Detention(kind=DetentionKind.SENTENCE_OF_DETENTION, started_on=ON),
        nursery=NurseryCompletion(completed_on=ON),
        exclusion=PermanentExclusion(excluded_on=ON),
        boarding_charges=BoardingCharges(
            payable_by_parent=True, term_last_day=ON, unpaid_at_term_end=True
        ),
        la_consent=Consent(by="801", on=ON),
        known_none=[KnownNone.LA_SPECIAL_PLACEMENT, KnownNone.DEATH],
        extra={"note": "extra"},
    )


def _register_objects() -> list[object]:
    """A register with every kind of event, and the returns it owes (a sickness one too)."""
    calendar = cme_core.SchoolCalendar.typical_english(2024, 2024)
    school = cme_core.School(
        laestab="8012000",
        name="A",
        kind=cme_core.SchoolKind.MAINTAINED,
        phase=cme_core.Phase.PRIMARY,
        most_junior_year_group=0,
        most_senior_year_group=6,
        calendar=calendar,
    )
    home = cme_core.Address(lines=("1 High Street",), town="Bristol", postcode="BS1 1AA")
    pupil = cme_core.Pupil(
        pupil_id="P1", full_name="Sam Example", date_of_birth=date(2015, 1, 9), address=home
    )
    start = date(2024, 9, 2)
    other = OtherSchool(name="B", laestab="8012001")
    entry = AdmissionEntry(
        pupil_id="P1",
        events=(
            Entered(starting_day=start, pupil=pupil, year_group=4, boarder=False),
            Amended(on=start + DAY, pupil=cme_core.Pupil(pupil_id="P1", full_name="Sam B")),
            FutureAddressRecorded(
                on=start + 2 * DAY, future_address=FutureAddress(address=home, from_date=ON)
            ),
            OtherSchoolRecorded(on=start + 3 * DAY, other_school=other),
            BoarderStatusChanged(on=start + 4 * DAY, boarder=True),
            EnrolmentStatusChanged(
                on=start + 7 * DAY,
                enrolment_status=EnrolmentStatus.MAIN,
                dual_registered_with=other,
            ),
            Deleted(on=date(2024, 12, 2), ground="9(1)(a)"),
        ),
    )
    marks = AttendanceRecord.from_codes("P1", start, "II" * 60)
    register = SchoolRegister(school=school, admissions=[entry], attendance=[marks])
    owed = obligations(
        register,
        on=date(2024, 12, 20),
        la_requests=LARequests(new_pupil_returns_from=start, deletion_returns_from=start),
        sickness=[
            SicknessExpectation(
                pupil_id="P1", recorded_on=start, period_start=start, consecutive=True
            )
        ],
    )
    return [register, *owed, *(build_return(ob, register) for ob in owed), entry.amendments()]


def _demo_objects() -> list[object]:
    """The demo LA and everything the services make of it."""
    demo = load_demo()
    on = demo.judged_on
    made: list[object] = [demo]
    for school in demo.schools:
        register = school.register
        owed = obligations(register, on=on, attendance_return_dates=demo.attendance_return_dates)
        made.extend(owed)
        made.extend(build_return(ob, register) for ob in owed)
        made.extend(e.state_on(on) for e in register.admissions)
        calendar = register.school.calendar
        for pupil_id, facts in school.facts.items():
            made.extend(candidate_grounds(facts, on, include_all=True))
            entry = register.entry(pupil_id) if hasattr(register, "entry") else None
            deletions = facts.entry.deletions if facts.entry is not None else ()
            made.extend(check_deletion(d, facts) for d in deletions)
            made.append(entry)
        records = register.attendance
        if calendar is not None and records:
            first = min(r.first_day for r in records)
            made.append(attendance.summarise_many(records, first, on, calendar=calendar))
            for record in records:
                made.append(attendance.summarise(record, first, on, calendar=calendar))
                made.append(attendance.attendance_return_run(record, calendar, on))
                made.extend(attendance.n_mark_deadlines(record, calendar, on))
                made.append(attendance.sickness_absence(record, calendar, on))
                leave = LeaveOfAbsence(first_day=record.first_day, last_day=record.first_day)
                made.append(attendance.leave_return(record, calendar, leave, on))
                made.append(absence_run(record, calendar, on, RunRule.CSA_2024))
    for referral in demo.referrals:
        decision = assess_referral(referral.child, referral.enquiries, on, policy=demo.policy)
        made.append(decision)
        made.append(referral_form(decision, referral.child, enquiries=referral.enquiries))
    made.extend(validate_rows([(1, dict(demo.submission), cme_core.Report())], on=on))
    return made


def _draw(strategy: st.SearchStrategy[Any]) -> object:
    """One example of ``strategy``, the same every run (generated, not shrunk: quick)."""
    drawn: list[object] = []

    @_QUIET
    @given(strategy)
    def grab(value: object) -> None:
        drawn.append(value)

    grab()
    return drawn[0]


def _strategy_objects() -> list[object]:
    """Examples of the named Hypothesis strategies."""
    return [
        _draw(strategies.deletion_scenarios()),
        _draw(strategies.returns()),
        _draw(
            strategies.admission_registers().filter(
                lambda r: len(r.admissions) >= 1 and bool(r.attendance)
            )
        ),
        _draw(strategies.pupils().filter(lambda p: bool(p.parents))),
    ]


def _reconcile_objects() -> list[object]:
    """Reconciliations with every list filled, and an other LA's notification
    (cme_core.reconcile)."""
    from cme_core.reconcile import DuckDBEngine
    from tests.test_reconcile import every_list_result
    from tests.test_reconcile_inputs import pickling_instances

    return [every_list_result(), *pickling_instances(), DuckDBEngine(threads=2)]


@cache
def instances() -> dict[type, list[object]]:
    """Every attrs instance built, by class."""
    roots: list[object] = [
        *REGIMES,
        regime_for(date(2015, 1, 5)),
        regime_for(ON),
        CODES_2006,
        CODES_2024,
        *catalogue(),
        *COMMENCEMENTS,
        *POLICY_SOURCES.values(),
        LAPolicy(),
        LAPolicy.statute_only(),
        local_authority("801"),
        local_authority("875"),
        *REQUIREMENTS,
        parse_ground_ref("9(1)(i)"),
        _facts(),
        assess_ground("9(1)(i)", _facts(), ON),
        *_case_objects(),
        *(case.replay() for case in _case_objects() if isinstance(case, cases.CmeCase)),
        *(
            case.next_actions(date(2026, 1, 5))
            for case in _case_objects()
            if isinstance(case, cases.CmeCase)
        ),
        *_register_objects(),
        PARTICULARS,
        Limits(),
        LARequests(new_pupil_returns_from=ON),
        SicknessExpectation(pupil_id="P1", recorded_on=ON, period_start=ON, total=True),
        ConditionParams(),
        SafeguardingConcern(raised_on=ON),
        *_demo_objects(),
        *_strategy_objects(),
        *_reconcile_objects(),
        screen(
            [AttendanceRecord.from_codes("P1", date(2024, 9, 2), "NNNNNNNNNN----" * 3)],
            calendar=cme_core.SchoolCalendar.typical_english(2024, 2024),
            on=date(2024, 9, 20),
        ),
    ]
    return _walk(roots)


NOT_BUILT: Mapping[str, str] = {
    "cme_core.reconcile._link.SparkEngine": (
        "holds a live SparkSession, which is not data and does not pickle (Spark's own rule); "
        "tests/test_reconcile_spark.py builds one on a local session"
    ),
}
"""Public attrs classes with no instance here, and why."""

KNOWN_UNPICKLABLE: Mapping[str, str] = {}
"""Public classes that do not pickle yet (strict xfail: fixing one makes its test fail until it
is taken off this list)."""


def test_every_public_record_class_has_an_instance() -> None:
    missing = sorted(_name(c) for c in public_classes() if c not in instances())
    assert missing == sorted(NOT_BUILT), missing


def _round_trip(obj: object) -> None:
    again = pickle.loads(pickle.dumps(obj))
    assert type(again) is type(obj)
    assert again == obj


def _classes_to_pickle() -> Iterator[Any]:
    for cls in public_classes():
        reason = KNOWN_UNPICKLABLE.get(_name(cls))
        marks = (
            [pytest.mark.xfail(raises=(pickle.PicklingError, AttributeError), reason=reason)]
            if reason
            else []
        )
        yield pytest.param(cls, marks=marks, id=_name(cls))


@pytest.mark.parametrize("cls", list(_classes_to_pickle()))
def test_public_records_pickle(cls: type) -> None:
    if _name(cls) in NOT_BUILT:
        pytest.skip(NOT_BUILT[_name(cls)])
    for obj in instances()[cls][:20]:
        _round_trip(obj)


# --- the regimes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day", [date(2006, 9, 1), date(2016, 8, 31), date(2016, 9, 1), date(2024, 8, 18), ON]
)
def test_regimes_pickle_and_still_work(day: date) -> None:
    regime = regime_for(day)
    again = pickle.loads(pickle.dumps(regime))
    assert again == regime
    assert again.grounds_on(day) == regime.grounds_on(day)
    assert again.attendance_codes.treatment_table() == regime.attendance_codes.treatment_table()
    ground = again.grounds_on(day)[0]
    assert assess_ground(ground, _facts(), day, regime=again).outcome is (
        assess_ground(ground, _facts(), day, regime=regime).outcome
    )


def test_module_constants_pickle() -> None:
    for obj in (REGS_2006, REGS_2024, REGIMES, CODES_2024.treatment_table(), REQUIREMENTS):
        _round_trip(obj)
    for member in (*KnownNone, *Verdict):
        assert pickle.loads(pickle.dumps(member)) is member


# --- property: whatever the strategies draw pickles -------------------------------------------


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        strategies.pupils(),
        strategies.schools(),
        strategies.admission_entries(),
        strategies.admission_registers(),
        strategies.returns(),
        strategies.deletion_scenarios(),
    )
)
def test_drawn_objects_pickle(obj: object) -> None:
    for cls, found in _walk([obj]).items():
        for item in found:
            _round_trip(item)
        assert cls is not None
