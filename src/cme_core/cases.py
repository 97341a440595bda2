"""The LA's children-missing-education case: an append-only history and its state machine.

After a referral the LA traces the child (``law.md`` section 4): other LAs, the DfE School to
School lost-pupil database, health, housing, benefits, police, border records. The case ends in
one outcome -- found on roll at a school, moved to another LA (which is notified), moved
abroad, electively home educated, in custody, deceased -- or the child stays missing, and the
LA escalates (police, children's social care, a lost-pupil search). This workflow is **LA
practice, not statute**: s436A only requires arrangements to identify children missing
education.

A :class:`CmeCase` is its dated events, in the order recorded. Nothing is overwritten: the
state on any day is derived (:meth:`CmeCase.state_on`), and :meth:`CmeCase.apply` returns a new
case with one more event, leaving the original unchanged. Which event may follow which state
is data, :data:`TRANSITIONS`; an event the table does not allow raises
:class:`IllegalTransition` (its message lists the events allowed), one dated before the last
raises :class:`EventOutOfOrder`. Cases read from wire data are checked with
:meth:`CmeCase.validate`, which reports every problem instead of raising.

Reports: :func:`open_cases_report` (open cases by state, age, year group and risk flag, and
overdue reviews) and :func:`dfe_cme_counts` (children missing on a census date by sex, year
group and length of time missing; the length bands are **unverified**).

No ``repr()``, message or problem here contains a name, address or phone number.

>>> import datetime as dt
>>> from cme_core.people import Pupil
>>> case = CmeCase.open("C1", Pupil(pupil_id="P1"), dt.date(2025, 1, 6))
>>> case = case.apply(TracingStarted(on=dt.date(2025, 1, 7)))
>>> case = case.apply(MovedToOtherLA(on=dt.date(2025, 1, 20), la_code="926",
...                                  notified_on=dt.date(2025, 1, 21)))
>>> case.state, case.state_on(dt.date(2025, 1, 19))
(<CaseState.MOVED_TO_OTHER_LA: 'moved_to_other_la'>, <CaseState.TRACING: 'tracing'>)
>>> case.apply(Deceased(on=dt.date(2025, 2, 1)))
Traceback (most recent call last):
...
cme_core.cases.IllegalTransition: event 'deceased' is not allowed in state ...; allowed: ...
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, timedelta
from types import MappingProxyType
from typing import Any, ClassVar, Final, cast

import attrs
from dateutil.relativedelta import relativedelta

from cme_core._checks import require_date as _require_date
from cme_core.errors import (
    CmeError,
    InvalidArgument,
    InvalidInput,
    InvalidLocalAuthorityCode,
)
from cme_core.identifiers import laestab
from cme_core.identifiers.local_authorities import LocalAuthorityKind, local_authority
from cme_core.people import Pupil, Sex
from cme_core.policy import CaseState, LAPolicy
from cme_core.problems import PathElement, Problem, ProblemType, Report, Severity
from cme_core.referral import (
    ReferralChild,
    ReferralDecision,
    ReferralOutcome,
    Vulnerability,
    _date_field,
    _instance_of,
    _optional_bool,
    _optional_date,
    _optional_str,
    _vulnerabilities,
)
from cme_core.school_age import academic_year_of, age_on, year_group

__all__ = [
    "CASE_EVENT_TYPES",
    "DEFAULT_DURATION_BANDS",
    "DURATION_BANDS_VERIFIED",
    "MISSING_STATES",
    "PROBLEM_TYPES",
    "TRANSITIONS",
    "WEEKLY_DURATION_BANDS",
    "Action",
    "ActionKind",
    "CaseClosed",
    "CaseError",
    "CaseEvent",
    "CaseReferred",
    "CaseReopened",
    "CaseReviewed",
    "CaseState",
    "CheckMade",
    "CmeCase",
    "CmeCounts",
    "CountRow",
    "Deceased",
    "DurationBand",
    "Escalated",
    "Escalation",
    "EventKind",
    "EventOutOfOrder",
    "FoundOnRoll",
    "HomeEducated",
    "IllegalTransition",
    "InCustody",
    "InvalidCaseEvent",
    "LaCheck",
    "MarkedMissing",
    "MovedAbroad",
    "MovedToOtherLA",
    "OpenCasesReport",
    "OverdueReview",
    "Period",
    "PeriodUnit",
    "SuitabilityChecked",
    "TracingStarted",
    "Transition",
    "allowed_events",
    "dfe_cme_counts",
    "next_state",
    "open_cases_report",
]

_PRACTICE: Final = "LA practice after a CME referral (local procedure, not statute)"


# --- vocabularies ----------------------------------------------------------------------------


class EventKind(enum.Enum):
    """What happened in a case. Each kind has one event class (``kind`` class attribute)."""

    REFERRED = "referred"
    TRACING_STARTED = "tracing_started"
    FOUND_ON_ROLL = "found_on_roll"
    MOVED_TO_OTHER_LA = "moved_to_other_la"
    MOVED_ABROAD = "moved_abroad"
    ELECTIVE_HOME_EDUCATION = "elective_home_education"
    IN_CUSTODY = "in_custody"
    DECEASED = "deceased"
    MARKED_MISSING = "marked_missing"
    ESCALATED = "escalated"
    CHECK_MADE = "check_made"
    SUITABILITY_CHECKED = "suitability_checked"
    REVIEWED = "reviewed"
    CLOSED = "closed"
    REOPENED = "reopened"


class Escalation(enum.Enum):
    """Where a case is escalated to (LA practice)."""

    POLICE = "police"
    """Reported to the police as a missing child."""
    CHILDRENS_SOCIAL_CARE = "childrens_social_care"
    LOST_PUPIL_SEARCH = "lost_pupil_search"
    """Searched for (or recorded) on the DfE School to School lost pupil database."""

    @property
    def description(self) -> str:
        """The escalation as an action, in plain English."""
        return _ESCALATION_DESCRIPTIONS[self]


_ESCALATION_DESCRIPTIONS: Final[Mapping[Escalation, str]] = MappingProxyType(
    {
        Escalation.POLICE: "Report the child missing to the police",
        Escalation.CHILDRENS_SOCIAL_CARE: "Refer to children's social care",
        Escalation.LOST_PUPIL_SEARCH: "Search the DfE School to School (S2S) lost pupil database",
    }
)


class LaCheck(enum.Enum):
    """A check the LA makes while tracing a child (``law.md`` section 4, LA practice)."""

    OTHER_LAS = "other_las"
    HEALTH = "health"
    HOUSING = "housing"
    BENEFITS = "benefits"
    POLICE = "police"
    BORDER_RECORDS = "border_records"

    @property
    def description(self) -> str:
        """What is checked, in plain English."""
        return _CHECK_DESCRIPTIONS[self]


_CHECK_DESCRIPTIONS: Final[Mapping[LaCheck, str]] = MappingProxyType(
    {
        LaCheck.OTHER_LAS: "Ask other local authorities",
        LaCheck.HEALTH: "Check with health services",
        LaCheck.HOUSING: "Check with housing",
        LaCheck.BENEFITS: "Check benefits records",
        LaCheck.POLICE: "Check with the police",
        LaCheck.BORDER_RECORDS: "Check border records",
    }
)


# --- events ----------------------------------------------------------------------------------


def _freeze_mapping(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return dict(value) if value else {}


def _redact_text(value: object) -> str:
    return repr(value) if value is None else "<redacted>"


@attrs.frozen(kw_only=True)
class _CaseEvent:
    """Fields every case event has. ``recorded_by`` and ``note`` are never shown in reprs."""

    kind: ClassVar[EventKind]
    type: ClassVar[str]

    on: date = attrs.field(validator=_date_field)
    """The day the event happened (or the fact was established)."""
    recorded_by: str | None = attrs.field(default=None, repr=_redact_text, validator=_optional_str)
    note: str | None = attrs.field(default=None, repr=_redact_text, validator=_optional_str)
    extra: Mapping[str, Any] = attrs.field(
        factory=dict, converter=_freeze_mapping, hash=False, repr=False
    )


@attrs.frozen(kw_only=True)
class CaseReferred(_CaseEvent):
    """The referral that opens a case.

    ``missing_since`` is the first day the child is counted as missing education (e.g. the day
    after the last attendance); ``None`` counts from ``on``.
    """

    kind: ClassVar[EventKind] = EventKind.REFERRED
    type: ClassVar[str] = EventKind.REFERRED.value
    referring_laestab: str | None = attrs.field(default=None, validator=_optional_str)
    referral_outcome: ReferralOutcome | None = None
    missing_since: date | None = attrs.field(default=None, validator=_optional_date)


@attrs.frozen(kw_only=True)
class TracingStarted(_CaseEvent):
    """The LA starts (or resumes) tracing the child."""

    kind: ClassVar[EventKind] = EventKind.TRACING_STARTED
    type: ClassVar[str] = EventKind.TRACING_STARTED.value


@attrs.frozen(kw_only=True)
class FoundOnRoll(_CaseEvent):
    """The child is registered at a school, in or out of the LA.

    Give ``laestab`` or ``school_name`` (or both); ``la_code`` is the school's LA where there
    is no LAESTAB. :attr:`school_la_code` is the LA the school is in.
    """

    kind: ClassVar[EventKind] = EventKind.FOUND_ON_ROLL
    type: ClassVar[str] = EventKind.FOUND_ON_ROLL.value
    laestab: str | None = attrs.field(default=None, validator=_optional_str)
    school_name: str | None = attrs.field(default=None, validator=_optional_str)
    la_code: str | None = attrs.field(default=None, validator=_optional_str)

    @property
    def school_la_code(self) -> str | None:
        if self.la_code is not None:
            return self.la_code
        if self.laestab is not None and laestab.is_valid(self.laestab):
            return laestab.compact(self.laestab)[:3]
        return None


@attrs.frozen(kw_only=True)
class MovedToOtherLA(_CaseEvent):
    """The child lives in another LA (``la_code``), which was notified on ``notified_on``."""

    kind: ClassVar[EventKind] = EventKind.MOVED_TO_OTHER_LA
    type: ClassVar[str] = EventKind.MOVED_TO_OTHER_LA.value
    la_code: str = attrs.field(validator=_instance_of(str, "a DfE LA code string"))
    notified_on: date = attrs.field(validator=_date_field)


@attrs.frozen(kw_only=True)
class MovedAbroad(_CaseEvent):
    """The child has left the country. ``evidence`` (required) is never shown in reprs."""

    kind: ClassVar[EventKind] = EventKind.MOVED_ABROAD
    type: ClassVar[str] = EventKind.MOVED_ABROAD.value
    evidence: str = attrs.field(repr=_redact_text, validator=_instance_of(str, "a string"))
    country: str | None = attrs.field(default=None, validator=_optional_str)


@attrs.frozen(kw_only=True)
class HomeEducated(_CaseEvent):
    """The child is electively home educated; the LA checks suitability (policy sets when)."""

    kind: ClassVar[EventKind] = EventKind.ELECTIVE_HOME_EDUCATION
    type: ClassVar[str] = EventKind.ELECTIVE_HOME_EDUCATION.value
    parent_notice_on: date | None = attrs.field(default=None, validator=_optional_date)


@attrs.frozen(kw_only=True)
class InCustody(_CaseEvent):
    kind: ClassVar[EventKind] = EventKind.IN_CUSTODY
    type: ClassVar[str] = EventKind.IN_CUSTODY.value


@attrs.frozen(kw_only=True)
class Deceased(_CaseEvent):
    kind: ClassVar[EventKind] = EventKind.DECEASED
    type: ClassVar[str] = EventKind.DECEASED.value


@attrs.frozen(kw_only=True)
class MarkedMissing(_CaseEvent):
    """Tracing is exhausted and the child has not been found."""

    kind: ClassVar[EventKind] = EventKind.MARKED_MISSING
    type: ClassVar[str] = EventKind.MARKED_MISSING.value


@attrs.frozen(kw_only=True)
class Escalated(_CaseEvent):
    """The case is escalated ``to`` the police, children's social care or a lost-pupil search."""

    kind: ClassVar[EventKind] = EventKind.ESCALATED
    type: ClassVar[str] = EventKind.ESCALATED.value
    to: Escalation = attrs.field(validator=_instance_of(Escalation, "an Escalation"))
    reference: str | None = attrs.field(default=None, validator=_optional_str)


@attrs.frozen(kw_only=True)
class CheckMade(_CaseEvent):
    """A tracing check was made; ``found`` says whether it located the child (None: unclear)."""

    kind: ClassVar[EventKind] = EventKind.CHECK_MADE
    type: ClassVar[str] = EventKind.CHECK_MADE.value
    check: LaCheck = attrs.field(validator=_instance_of(LaCheck, "an LaCheck"))
    found: bool | None = attrs.field(default=None, validator=_optional_bool)


@attrs.frozen(kw_only=True)
class SuitabilityChecked(_CaseEvent):
    """The LA checked a home-educated child's education (``suitable``: its view, if formed)."""

    kind: ClassVar[EventKind] = EventKind.SUITABILITY_CHECKED
    type: ClassVar[str] = EventKind.SUITABILITY_CHECKED.value
    suitable: bool | None = attrs.field(default=None, validator=_optional_bool)


@attrs.frozen(kw_only=True)
class CaseReviewed(_CaseEvent):
    """A scheduled review of the case (restarts the review interval of the state)."""

    kind: ClassVar[EventKind] = EventKind.REVIEWED
    type: ClassVar[str] = EventKind.REVIEWED.value


@attrs.frozen(kw_only=True)
class CaseClosed(_CaseEvent):
    kind: ClassVar[EventKind] = EventKind.CLOSED
    type: ClassVar[str] = EventKind.CLOSED.value


@attrs.frozen(kw_only=True)
class CaseReopened(_CaseEvent):
    """The case is reopened and tracing resumes (e.g. the child never arrived at the school).

    ``missing_since`` starts a new count of time missing (``None``: from ``on``).
    """

    kind: ClassVar[EventKind] = EventKind.REOPENED
    type: ClassVar[str] = EventKind.REOPENED.value
    missing_since: date | None = attrs.field(default=None, validator=_optional_date)


CaseEvent = (
    CaseReferred
    | TracingStarted
    | FoundOnRoll
    | MovedToOtherLA
    | MovedAbroad
    | HomeEducated
    | InCustody
    | Deceased
    | MarkedMissing
    | Escalated
    | CheckMade
    | SuitabilityChecked
    | CaseReviewed
    | CaseClosed
    | CaseReopened
)
CASE_EVENT_TYPES: Final[tuple[type[_CaseEvent], ...]] = (
    CaseReferred,
    TracingStarted,
    FoundOnRoll,
    MovedToOtherLA,
    MovedAbroad,
    HomeEducated,
    InCustody,
    Deceased,
    MarkedMissing,
    Escalated,
    CheckMade,
    SuitabilityChecked,
    CaseReviewed,
    CaseClosed,
    CaseReopened,
)
"""Every event class, one per :class:`EventKind` (the wire tag is ``type``)."""


# --- the transition table (data) -------------------------------------------------------------

S = CaseState
K = EventKind
#: The outcome events and the state each leads to (from TRACING, from MISSING, some from EHE).
_OUTCOMES: Final = (
    (K.FOUND_ON_ROLL, S.ON_ROLL),
    (K.MOVED_TO_OTHER_LA, S.MOVED_TO_OTHER_LA),
    (K.MOVED_ABROAD, S.MOVED_ABROAD),
    (K.ELECTIVE_HOME_EDUCATION, S.ELECTIVE_HOME_EDUCATION),
    (K.IN_CUSTODY, S.IN_CUSTODY),
    (K.DECEASED, S.DECEASED),
)

#: The state machine as (from state, event kind, to state). ``None`` is "no case yet": only a
#: referral opens a case. Any (state, event) pair not listed is illegal. Self-loops (REVIEWED,
#: ESCALATED, CHECK_MADE, SUITABILITY_CHECKED) record work without changing state. Outcomes are
#: reached from TRACING or MISSING (never straight from REFERRED); a home-educated child may later
#: be found on roll or move away; every outcome but DECEASED may be reopened (the child did not
#: arrive, or went missing again); CLOSED can only be reopened. LA practice, not statute.
TRANSITIONS: Final[tuple[tuple[CaseState | None, EventKind, CaseState], ...]] = (
    (None, K.REFERRED, S.REFERRED),
    (S.REFERRED, K.TRACING_STARTED, S.TRACING),
    (S.REFERRED, K.ESCALATED, S.REFERRED),
    (S.REFERRED, K.REVIEWED, S.REFERRED),
    (S.REFERRED, K.CLOSED, S.CLOSED),
    *((S.TRACING, kind, to) for kind, to in _OUTCOMES),
    (S.TRACING, K.MARKED_MISSING, S.MISSING),
    (S.TRACING, K.CHECK_MADE, S.TRACING),
    (S.TRACING, K.ESCALATED, S.TRACING),
    (S.TRACING, K.REVIEWED, S.TRACING),
    *((S.MISSING, kind, to) for kind, to in _OUTCOMES),
    (S.MISSING, K.TRACING_STARTED, S.TRACING),
    (S.MISSING, K.CHECK_MADE, S.MISSING),
    (S.MISSING, K.ESCALATED, S.MISSING),
    (S.MISSING, K.REVIEWED, S.MISSING),
    (S.MISSING, K.CLOSED, S.CLOSED),
    (S.ON_ROLL, K.REVIEWED, S.ON_ROLL),
    (S.ON_ROLL, K.CLOSED, S.CLOSED),
    (S.ON_ROLL, K.REOPENED, S.TRACING),
    (S.MOVED_TO_OTHER_LA, K.REVIEWED, S.MOVED_TO_OTHER_LA),
    (S.MOVED_TO_OTHER_LA, K.CLOSED, S.CLOSED),
    (S.MOVED_TO_OTHER_LA, K.REOPENED, S.TRACING),
    (S.MOVED_ABROAD, K.REVIEWED, S.MOVED_ABROAD),
    (S.MOVED_ABROAD, K.CLOSED, S.CLOSED),
    (S.MOVED_ABROAD, K.REOPENED, S.TRACING),
    (S.ELECTIVE_HOME_EDUCATION, K.SUITABILITY_CHECKED, S.ELECTIVE_HOME_EDUCATION),
    (S.ELECTIVE_HOME_EDUCATION, K.ESCALATED, S.ELECTIVE_HOME_EDUCATION),
    (S.ELECTIVE_HOME_EDUCATION, K.REVIEWED, S.ELECTIVE_HOME_EDUCATION),
    (S.ELECTIVE_HOME_EDUCATION, K.FOUND_ON_ROLL, S.ON_ROLL),
    (S.ELECTIVE_HOME_EDUCATION, K.MOVED_TO_OTHER_LA, S.MOVED_TO_OTHER_LA),
    (S.ELECTIVE_HOME_EDUCATION, K.MOVED_ABROAD, S.MOVED_ABROAD),
    (S.ELECTIVE_HOME_EDUCATION, K.CLOSED, S.CLOSED),
    (S.ELECTIVE_HOME_EDUCATION, K.REOPENED, S.TRACING),
    (S.IN_CUSTODY, K.REVIEWED, S.IN_CUSTODY),
    (S.IN_CUSTODY, K.CLOSED, S.CLOSED),
    (S.IN_CUSTODY, K.REOPENED, S.TRACING),
    (S.DECEASED, K.CLOSED, S.CLOSED),
    (S.CLOSED, K.REOPENED, S.TRACING),
)
del S, K

_TABLE: Final[Mapping[tuple[CaseState | None, EventKind], CaseState]] = MappingProxyType(
    {(src, kind): dst for src, kind, dst in TRANSITIONS}
)

#: States in which a child counts as missing education for :func:`dfe_cme_counts`.
MISSING_STATES: Final = frozenset({CaseState.REFERRED, CaseState.TRACING, CaseState.MISSING})

_OPENING: Final = frozenset({EventKind.REFERRED, EventKind.REOPENED})


def allowed_events(state: CaseState | None) -> tuple[EventKind, ...]:
    """The event kinds allowed in ``state`` (``None``: before the referral), in table order.

    >>> [k.value for k in allowed_events(CaseState.CLOSED)]
    ['reopened']
    """
    if state is not None and not isinstance(state, CaseState):
        raise InvalidArgument(f"state must be a CaseState or None, got {type(state).__name__}")
    return tuple(kind for src, kind, _ in TRANSITIONS if src is state)


def next_state(state: CaseState | None, kind: EventKind) -> CaseState | None:
    """The state an event of ``kind`` leads to from ``state``, or ``None`` if not allowed.

    >>> next_state(CaseState.TRACING, EventKind.MARKED_MISSING)
    <CaseState.MISSING: 'missing'>
    >>> next_state(CaseState.REFERRED, EventKind.DECEASED) is None
    True
    """
    return _TABLE.get((state, kind))


def _state_name(state: CaseState | None) -> str:
    return "none (no referral yet)" if state is None else f"'{state.value}'"


# --- errors ----------------------------------------------------------------------------------


class CaseError(CmeError, ValueError):
    """An event was refused by :meth:`CmeCase.apply`; the case is unchanged."""


class IllegalTransition(CaseError):
    """The event's kind is not allowed in the case's current state (see :data:`TRANSITIONS`)."""

    def __init__(self, state: CaseState | None, kind: EventKind) -> None:
        self.state = state
        self.kind = kind
        self.allowed = allowed_events(state)
        listed = ", ".join(k.value for k in self.allowed) or "none"
        super().__init__(
            f"event {kind.value!r} is not allowed in state {_state_name(state)}; allowed: {listed}"
        )


class EventOutOfOrder(CaseError):
    """The event is dated before the case's last event (history is append-only)."""

    def __init__(self, on: date, last: date) -> None:
        self.on = on
        self.last = last
        super().__init__(
            f"event dated {on.isoformat()} is before the case's last event "
            f"({last.isoformat()}); events are appended in date order"
        )


class InvalidCaseEvent(CaseError, InvalidInput):
    """The event's own data has errors (every one listed in ``report``)."""

    def __init__(self, report: Report) -> None:
        self.report = report
        listed = "; ".join(str(p) for p in report.errors)
        super().__init__(f"invalid case event: {listed}")


# --- problem types ---------------------------------------------------------------------------


def _rule(code: str, title: str, severity: Severity = Severity.ERROR) -> ProblemType:
    return ProblemType(code=code, severity=severity, title=title, citation=_PRACTICE)


NO_EVENTS: Final = _rule("CME-CASE-001", "Case has no events")
FIRST_NOT_REFERRAL: Final = _rule("CME-CASE-002", "A case must open with a referral event")
EVENT_OUT_OF_ORDER: Final = _rule(
    "CME-CASE-003", "Event is dated before an event recorded before it"
)
ILLEGAL_TRANSITION: Final = _rule(
    "CME-CASE-004", "Event is not allowed in the state the case is in"
)
BLANK_CASE_ID: Final = _rule("CME-CASE-005", "Case id is blank")
BAD_LA_CODE: Final = _rule("CME-CASE-006", "Not the DfE code of a local authority")
MOVED_TO_OWN_LA: Final = _rule(
    "CME-CASE-007Q",
    "Please check: the child is recorded as moving to the LA that holds the case",
    Severity.QUERY,
)
NO_EVIDENCE_ABROAD: Final = _rule("CME-CASE-008", "A move abroad needs evidence")
SCHOOL_NOT_IDENTIFIED: Final = _rule(
    "CME-CASE-009", "Found on roll, but neither a LAESTAB nor a school name is given"
)
NOTIFIED_BEFORE_MOVE: Final = _rule(
    "CME-CASE-010Q",
    "Please check: the other LA is recorded as notified before the move was established",
    Severity.QUERY,
)
EVENT_IN_FUTURE: Final = _rule("CME-CASE-011", "Event is dated after the day the case is judged on")
CLOSED_MISSING_NO_SEARCH: Final = _rule(
    "CME-CASE-012Q",
    "Please check: a missing child's case was closed without a lost-pupil database search",
    Severity.QUERY,
)
NO_DATE_OF_BIRTH: Final = _rule(
    "CME-CASE-013Q",
    "Please check: the child's date of birth is missing (needed for age and year-group counts)",
    Severity.QUERY,
)
MISSING_SINCE_AFTER_EVENT: Final = _rule(
    "CME-CASE-014", "'Missing since' is after the date of the event that records it"
)

PROBLEM_TYPES: Final[tuple[ProblemType, ...]] = (
    NO_EVENTS,
    FIRST_NOT_REFERRAL,
    EVENT_OUT_OF_ORDER,
    ILLEGAL_TRANSITION,
    BLANK_CASE_ID,
    BAD_LA_CODE,
    MOVED_TO_OWN_LA,
    NO_EVIDENCE_ABROAD,
    SCHOOL_NOT_IDENTIFIED,
    NOTIFIED_BEFORE_MOVE,
    EVENT_IN_FUTURE,
    CLOSED_MISSING_NO_SEARCH,
    NO_DATE_OF_BIRTH,
    MISSING_SINCE_AFTER_EVENT,
)
"""Every rule :meth:`CmeCase.validate` checks (LAESTABs are checked by
:func:`cme_core.identifiers.laestab.problems`)."""


def _blank(value: str | None) -> bool:
    return value is None or not value.strip()


def _la_code_problems(code: object, path: tuple[PathElement, ...]) -> list[Problem]:
    if not isinstance(code, str):
        return [BAD_LA_CODE.problem(path=path)]
    try:
        la = local_authority(code)
    except (InvalidArgument, InvalidLocalAuthorityCode):
        return [BAD_LA_CODE.problem(path=path)]
    if la.kind is LocalAuthorityKind.PSEUDO:
        return [
            BAD_LA_CODE.problem(
                "A pseudo-LA code names no local authority", path=path, values={"la_code": la.code}
            )
        ]
    return []


def _event_problems(
    event: CaseEvent, case_la: str | None, path: tuple[PathElement, ...]
) -> list[Problem]:
    found: list[Problem] = []
    if isinstance(event, CaseReferred):
        if event.referring_laestab is not None:
            found.extend(
                laestab.problems(event.referring_laestab, path=(*path, "referring_laestab"))
            )
        if event.missing_since is not None and event.missing_since > event.on:
            found.append(MISSING_SINCE_AFTER_EVENT.problem(path=(*path, "missing_since")))
    elif isinstance(event, CaseReopened):
        if event.missing_since is not None and event.missing_since > event.on:
            found.append(MISSING_SINCE_AFTER_EVENT.problem(path=(*path, "missing_since")))
    elif isinstance(event, FoundOnRoll):
        if event.laestab is not None:
            found.extend(laestab.problems(event.laestab, path=(*path, "laestab")))
        if _blank(event.laestab) and _blank(event.school_name):
            found.append(SCHOOL_NOT_IDENTIFIED.problem(path=(*path, "laestab")))
        if event.la_code is not None:
            found.extend(_la_code_problems(event.la_code, (*path, "la_code")))
    elif isinstance(event, MovedToOtherLA):
        la_problems = _la_code_problems(event.la_code, (*path, "la_code"))
        found.extend(la_problems)
        if not la_problems and case_la is not None and event.la_code.strip() == case_la.strip():
            found.append(
                MOVED_TO_OWN_LA.problem(path=(*path, "la_code"), values={"la_code": case_la})
            )
        if event.notified_on < event.on:
            found.append(
                NOTIFIED_BEFORE_MOVE.problem(
                    path=(*path, "notified_on"),
                    values={"notified_on": event.notified_on, "on": event.on},
                )
            )
    elif isinstance(event, MovedAbroad) and _blank(event.evidence):
        found.append(NO_EVIDENCE_ABROAD.problem(path=(*path, "evidence")))
    return found


# --- derived records -------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Transition:
    """One event as replayed: the state before and after, and whether the table allowed it."""

    index: int
    event: CaseEvent
    before: CaseState | None
    after: CaseState | None
    accepted: bool

    @property
    def changed_state(self) -> bool:
        return self.accepted and self.before is not self.after


class ActionKind(enum.Enum):
    START_TRACING = "start_tracing"
    MAKE_CHECK = "make_check"
    RECORD_OUTCOME_OR_MARK_MISSING = "record_outcome_or_mark_missing"
    ESCALATE = "escalate"
    REVIEW = "review"
    SUITABILITY_CHECK = "suitability_check"
    CONFIRM_ATTENDANCE = "confirm_attendance"
    CLOSE = "close"


@attrs.frozen(kw_only=True)
class Action:
    """Something the LA should do next on a case (derived, never stored).

    ``subject`` names the check or escalation (an enum value) where there is one; ``due`` is
    the date it falls due (``None``: no date) and ``overdue`` whether that date has passed.
    """

    kind: ActionKind
    description: str
    due: date | None = None
    overdue: bool = False
    subject: str | None = None
    citation: str = _PRACTICE


def _policy(policy: LAPolicy | None) -> LAPolicy:
    if policy is None:
        return LAPolicy()
    if not isinstance(policy, LAPolicy):
        raise InvalidArgument(f"policy must be an LAPolicy or None, got {type(policy).__name__}")
    return policy


def _events(value: object) -> tuple[CaseEvent, ...]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise InvalidArgument(
            f"events must be a collection of case events, got {type(value).__name__}"
        )
    items = tuple(value)
    for item in items:
        if not isinstance(item, CASE_EVENT_TYPES):
            raise InvalidArgument(f"events must be case events, got {type(item).__name__}")
    return cast(tuple[CaseEvent, ...], items)  # each item checked against CASE_EVENT_TYPES


# --- the case --------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class CmeCase:
    """One child's CME case in one LA: identity, risk flags, and the dated events so far.

    ``child`` is the child's particulars (its ``repr`` is redacted); ``la_code`` is the LA that
    holds the case (used to query moves "to" the same LA); ``vulnerabilities`` are the risk
    flags from the referral. ``events`` are kept in the order recorded. The constructor checks
    types only; use :meth:`validate` for everything else.
    """

    case_id: str = attrs.field(validator=_instance_of(str, "a string"))
    child: Pupil = attrs.field(validator=_instance_of(Pupil, "a cme_core.people.Pupil"))
    la_code: str | None = attrs.field(default=None, validator=_optional_str)
    vulnerabilities: frozenset[Vulnerability] = attrs.field(
        default=frozenset(), converter=_vulnerabilities
    )
    events: tuple[CaseEvent, ...] = attrs.field(default=(), converter=_events)
    extra: Mapping[str, Any] = attrs.field(
        factory=dict, converter=_freeze_mapping, hash=False, repr=False
    )

    # --- named constructors -----------------------------------------------------------------

    @classmethod
    def open(
        cls,
        case_id: str,
        child: Pupil,
        on: date,
        *,
        la_code: str | None = None,
        vulnerabilities: Iterable[Vulnerability] = (),
        referring_laestab: str | None = None,
        referral_outcome: ReferralOutcome | None = None,
        missing_since: date | None = None,
        recorded_by: str | None = None,
    ) -> CmeCase:
        """A new case opened by a referral on ``on``.

        >>> import datetime as dt
        >>> CmeCase.open("C9", Pupil(pupil_id="P9"), dt.date(2025, 1, 6)).state
        <CaseState.REFERRED: 'referred'>
        """
        referral = CaseReferred(
            on=on,
            referring_laestab=referring_laestab,
            referral_outcome=referral_outcome,
            missing_since=missing_since,
            recorded_by=recorded_by,
        )
        case = cls(case_id=case_id, child=child, la_code=la_code, vulnerabilities=vulnerabilities)
        return case.apply(referral)

    @classmethod
    def from_referral(
        cls,
        case_id: str,
        decision: ReferralDecision,
        child: ReferralChild,
        *,
        la_code: str | None = None,
        referring_laestab: str | None = None,
    ) -> CmeCase:
        """A case opened from an ELIGIBLE (or ESCALATE_SAFEGUARDING) referral decision.

        The child's risk flags come from ``child``; time missing is counted from the day after
        ``child.last_attended_on`` if known, else from the decision's day (a choice:
        **unverified** against the DfE collection's definition). Other outcomes raise
        :class:`~cme_core.errors.InvalidInput`: use :meth:`open` to open a case regardless.
        """
        if not isinstance(decision, ReferralDecision):
            raise InvalidArgument(
                f"decision must be a ReferralDecision, got {type(decision).__name__}"
            )
        if not isinstance(child, ReferralChild):
            raise InvalidArgument(f"child must be a ReferralChild, got {type(child).__name__}")
        if decision.pupil_id != child.pupil_id:
            raise InvalidInput("the decision is about a different pupil_id from the child given")
        if decision.outcome not in (
            ReferralOutcome.ELIGIBLE,
            ReferralOutcome.ESCALATE_SAFEGUARDING,
        ):
            raise InvalidInput(
                f"a case is opened from an eligible (or safeguarding) referral, not from "
                f"{decision.outcome.value!r}; use CmeCase.open to open one regardless"
            )
        since = None
        if child.last_attended_on is not None and child.last_attended_on < decision.on:
            since = child.last_attended_on + timedelta(days=1)
        return cls.open(
            case_id,
            child.pupil,
            decision.on,
            la_code=la_code,
            vulnerabilities=child.vulnerabilities,
            referring_laestab=referring_laestab,
            referral_outcome=decision.outcome,
            missing_since=since,
        )

    # --- replay -------------------------------------------------------------------------------

    def replay(self, *, until: date | None = None) -> tuple[Transition, ...]:
        """Every event (taking effect on or before ``until``, if given) with the states around
        it. An event the table does not allow is kept, marked ``accepted=False``, and leaves the
        state unchanged; :meth:`validate` reports it.
        """
        if until is not None:
            until = _require_date(until, "until")
        state: CaseState | None = None
        out: list[Transition] = []
        for i, event in enumerate(self.events):
            if until is not None and event.on > until:
                continue
            target = _TABLE.get((state, event.kind))
            after = target if target is not None else state
            out.append(
                Transition(
                    index=i, event=event, before=state, after=after, accepted=target is not None
                )
            )
            state = after
        return tuple(out)

    @property
    def state(self) -> CaseState | None:
        """The state after every event (``None`` for a case with no accepted referral)."""
        steps = self.replay()
        return steps[-1].after if steps else None

    def state_on(self, d: date) -> CaseState | None:
        """The state on ``d``: after the events that took effect on or before ``d``."""
        steps = self.replay(until=_require_date(d, "d"))
        return steps[-1].after if steps else None

    def is_open_on(self, d: date) -> bool:
        """Whether the case exists and is not closed on ``d``."""
        state = self.state_on(d)
        return state is not None and state is not CaseState.CLOSED

    @property
    def referred_on(self) -> date | None:
        first = self.events[0] if self.events else None
        return first.on if isinstance(first, CaseReferred) else None

    @property
    def last_event_on(self) -> date | None:
        return max((e.on for e in self.events), default=None)

    def _episode(self, steps: tuple[Transition, ...]) -> tuple[Transition, ...]:
        """The accepted transitions since the last referral or reopening."""
        start = 0
        for i, t in enumerate(steps):
            if t.accepted and t.event.kind in _OPENING:
                start = i
        return tuple(t for t in steps[start:] if t.accepted)

    def missing_since(self, on: date) -> date | None:
        """The first day of the current spell of missing education, as the case records it.

        ``missing_since`` of the referral or reopening that began the current episode, else
        that event's date; ``None`` if there is no case on ``on``.
        """
        episode = self._episode(self.replay(until=_require_date(on, "on")))
        if not episode:
            return None
        opener = episode[0].event
        if isinstance(opener, CaseReferred | CaseReopened) and opener.missing_since is not None:
            return opener.missing_since
        return opener.on

    # --- change ----------------------------------------------------------------------------------

    def apply(self, event: CaseEvent) -> CmeCase:
        """A new case with ``event`` appended; this case is never changed.

        Raises :class:`EventOutOfOrder` if ``event`` is dated before the last event,
        :class:`IllegalTransition` if :data:`TRANSITIONS` does not allow it in the current state
        (the message lists the allowed events), :class:`InvalidCaseEvent` if its data has
        errors (an unknown LA code, blank evidence, ...), :class:`~cme_core.errors.InvalidArgument`
        if it is not a case event.
        """
        if not isinstance(event, CASE_EVENT_TYPES):
            raise InvalidArgument(f"event must be a case event, got {type(event).__name__}")
        last = self.last_event_on
        if last is not None and event.on < last:
            raise EventOutOfOrder(event.on, last)
        state = self.state
        if _TABLE.get((state, event.kind)) is None:
            raise IllegalTransition(state, event.kind)
        errors = [
            p
            for p in _event_problems(event, self.la_code, ("events", len(self.events)))
            if p.is_error
        ]
        if errors:
            raise InvalidCaseEvent(Report(problems=errors))
        return attrs.evolve(self, events=(*self.events, event))

    # --- checks ----------------------------------------------------------------------------------

    def validate(self, *, on: date | None = None) -> Report:
        """Every problem with this case (built from wire data, say), without raising.

        Checks the case id, the LA code, the date of birth (QUERY), that the first event is a
        referral, that events are in date order and (with ``on``) not in the future, that each
        is allowed by :data:`TRANSITIONS` in the state reached so far, each event's own data,
        and that a missing child's case was not closed without a lost-pupil search (QUERY).

        >>> import datetime as dt
        >>> bad = CmeCase(case_id="C2", child=Pupil(pupil_id="P2"), events=(
        ...     CaseReferred(on=dt.date(2025, 1, 6)), Deceased(on=dt.date(2025, 1, 5))))
        >>> bad.validate().codes
        ('CME-CASE-013Q', 'CME-CASE-003', 'CME-CASE-004')
        """
        if on is not None:
            on = _require_date(on, "on")
        found: list[Problem] = []
        if _blank(self.case_id):
            found.append(BLANK_CASE_ID.problem(path=("case_id",)))
        if self.la_code is not None:
            found.extend(_la_code_problems(self.la_code, ("la_code",)))
        if self.child.date_of_birth is None:
            found.append(NO_DATE_OF_BIRTH.problem(path=("child", "date_of_birth")))
        if not self.events:
            found.append(NO_EVENTS.problem(path=("events",)))
            return Report(problems=found)
        first_bad = not isinstance(self.events[0], CaseReferred)
        if first_bad:
            found.append(FIRST_NOT_REFERRAL.problem(path=("events", 0)))
        latest: date | None = None
        steps = self.replay()
        for t in steps:
            event, path = t.event, ("events", t.index)
            if latest is not None and event.on < latest:
                found.append(
                    EVENT_OUT_OF_ORDER.problem(
                        path=(*path, "on"), values={"on": event.on, "latest_before": latest}
                    )
                )
            latest = event.on if latest is None else max(latest, event.on)
            if on is not None and event.on > on:
                found.append(EVENT_IN_FUTURE.problem(path=(*path, "on"), values={"on": event.on}))
            if not t.accepted and not (t.index == 0 and first_bad):
                found.append(
                    ILLEGAL_TRANSITION.problem(
                        f"Event {event.kind.value!r} is not allowed in state "
                        f"{_state_name(t.before)}",
                        path=path,
                        values={
                            "state": None if t.before is None else t.before.value,
                            "event": event.kind.value,
                            "allowed": [k.value for k in allowed_events(t.before)],
                        },
                    )
                )
            found.extend(_event_problems(event, self.la_code, path))
        found.extend(self._closed_missing_queries(steps))
        return Report(problems=found)

    def _closed_missing_queries(self, steps: tuple[Transition, ...]) -> Iterator[Problem]:
        searched = False
        for t in steps:
            if not t.accepted:
                continue
            if t.event.kind in _OPENING:
                searched = False
            if isinstance(t.event, Escalated) and t.event.to is Escalation.LOST_PUPIL_SEARCH:
                searched = True
            if t.event.kind is EventKind.CLOSED and t.before is CaseState.MISSING and not searched:
                yield CLOSED_MISSING_NO_SEARCH.problem(path=("events", t.index))

    # --- derived dates and actions -------------------------------------------------------------

    def review_due(self, policy: LAPolicy | None = None, *, on: date | None = None) -> date | None:
        """The date the case's next review falls due (as of ``on``; default: every event).

        The policy's interval for the current state, counted in calendar days from the event
        that entered the state or the last :class:`CaseReviewed`, whichever is later. For a
        home-educated child it is the suitability check (:meth:`suitability_check_due`).
        ``None`` for a closed case, no case, or a state the policy does not review.
        """
        policy = _policy(policy)
        steps = self.replay(until=None if on is None else _require_date(on, "on"))
        accepted = [t for t in steps if t.accepted]
        if not accepted:
            return None
        state = accepted[-1].after
        if state is None or state is CaseState.CLOSED:
            return None
        if state is CaseState.ELECTIVE_HOME_EDUCATION:
            return self._suitability_due(accepted, policy)
        interval = policy.review_interval(state)
        if interval is None:
            return None
        anchor = max(
            t.event.on
            for t in accepted
            if t.changed_state or t.event.kind in (*_OPENING, EventKind.REVIEWED)
        )
        return anchor + timedelta(days=interval)

    def _suitability_due(self, accepted: list[Transition], policy: LAPolicy) -> date | None:
        entered = max(
            i
            for i, t in enumerate(accepted)
            if t.after is CaseState.ELECTIVE_HOME_EDUCATION and t.changed_state
        )
        checks = [
            t.event.on
            for t in accepted[entered + 1 :]
            if t.event.kind is EventKind.SUITABILITY_CHECKED
        ]
        if not checks:
            return accepted[entered].event.on + timedelta(days=policy.ehe_suitability_check_days)
        interval = policy.review_interval(CaseState.ELECTIVE_HOME_EDUCATION)
        return None if interval is None else checks[-1] + timedelta(days=interval)

    def suitability_check_due(
        self, policy: LAPolicy | None = None, *, on: date | None = None
    ) -> date | None:
        """When the LA should next check a home-educated child's education (else ``None``).

        The first check falls ``policy.ehe_suitability_check_days`` after the case entered
        ELECTIVE_HOME_EDUCATION; later ones follow the policy's review interval for that state
        (annual by default, after DfE elective home education guidance).
        """
        state = self.state if on is None else self.state_on(on)
        if state is not CaseState.ELECTIVE_HOME_EDUCATION:
            return None
        return self.review_due(policy, on=on)

    def next_actions(self, on: date, policy: LAPolicy | None = None) -> tuple[Action, ...]:
        """What the LA should do next on ``on``, derived from the state, the episode's checks
        and escalations, the risk flags and the policy's review intervals.

        >>> import datetime as dt
        >>> case = CmeCase.open("C3", Pupil(pupil_id="P3"), dt.date(2025, 1, 6))
        >>> [(a.kind.value, a.due.isoformat(), a.overdue)
        ...  for a in case.next_actions(dt.date(2025, 1, 13))]
        [('start_tracing', '2025-01-11', True)]
        """
        on = _require_date(on, "on")
        policy = _policy(policy)
        steps = self.replay(until=on)
        state = steps[-1].after if steps else None
        if state is None or state is CaseState.CLOSED:
            return ()
        due = self.review_due(policy, on=on)

        def act(
            kind: ActionKind, text: str, when: date | None = due, subject: str | None = None
        ) -> Action:
            return Action(
                kind=kind,
                description=text,
                due=when,
                overdue=when is not None and when < on,
                subject=subject,
            )

        episode = self._episode(steps)
        escalated = {t.event.to for t in episode if isinstance(t.event, Escalated)}
        checked = {t.event.check for t in episode if isinstance(t.event, CheckMade)}
        actions: list[Action] = []
        if (
            state in MISSING_STATES
            and any(v.involves_social_care for v in self.vulnerabilities)
            and Escalation.CHILDRENS_SOCIAL_CARE not in escalated
        ):
            actions.append(
                act(
                    ActionKind.ESCALATE,
                    "Tell children's social care now: the child is known to them",
                    when=on,
                    subject=Escalation.CHILDRENS_SOCIAL_CARE.value,
                )
            )
        if state is CaseState.REFERRED:
            actions.append(act(ActionKind.START_TRACING, "Start tracing the child"))
        elif state is CaseState.TRACING:
            for check in LaCheck:
                if check not in checked:
                    actions.append(
                        act(
                            ActionKind.MAKE_CHECK,
                            check.description,
                            subject=check.value,
                        )
                    )
            if checked >= set(LaCheck):
                actions.append(
                    act(
                        ActionKind.RECORD_OUTCOME_OR_MARK_MISSING,
                        "Every check made: record where the child is, or mark the child missing",
                    )
                )
            actions.append(act(ActionKind.REVIEW, "Review the case"))
        elif state is CaseState.MISSING:
            for target in Escalation:
                if target not in escalated:
                    actions.append(
                        act(ActionKind.ESCALATE, target.description, subject=target.value)
                    )
            actions.append(act(ActionKind.REVIEW, "Review the case"))
        elif state is CaseState.ELECTIVE_HOME_EDUCATION:
            actions.append(
                act(ActionKind.SUITABILITY_CHECK, "Check that the home education is suitable")
            )
        elif state is CaseState.ON_ROLL:
            actions.append(
                act(
                    ActionKind.CONFIRM_ATTENDANCE,
                    "Confirm with the school that the child attends, then close the case",
                )
            )
        elif state is CaseState.IN_CUSTODY:
            actions.append(act(ActionKind.REVIEW, "Review the case and plan education on release"))
        else:  # MOVED_TO_OTHER_LA, MOVED_ABROAD, DECEASED
            actions.append(act(ActionKind.CLOSE, "Close the case"))
        return tuple(actions)


# --- reports ---------------------------------------------------------------------------------


def _check_cases(cases: object) -> tuple[CmeCase, ...]:
    if isinstance(cases, CmeCase):
        raise InvalidArgument("cases must be a collection of CmeCase records, not one case")
    if isinstance(cases, str | bytes | Mapping) or not isinstance(cases, Iterable):
        raise InvalidArgument(f"cases must be a collection of CmeCase, got {type(cases).__name__}")
    items = tuple(cases)
    seen: set[str] = set()
    for case in items:
        if not isinstance(case, CmeCase):
            raise InvalidArgument(f"cases must hold CmeCase records, got {type(case).__name__}")
        if case.case_id in seen:
            raise InvalidInput("a case_id appears more than once; each case must be counted once")
        seen.add(case.case_id)
    return items


def _sorted_counts(counts: dict[Any, int], key: Any) -> Mapping[Any, int]:
    return MappingProxyType(dict(sorted(counts.items(), key=key)))


def _none_last_int(item: tuple[int | None, int]) -> tuple[bool, int]:
    return (item[0] is None, item[0] if item[0] is not None else 0)


def _year_group_on(child: Pupil, on: date) -> int | None:
    dob = child.date_of_birth
    if dob is None or dob > on:
        return None
    return year_group(dob, academic_year_of(on))


@attrs.frozen(kw_only=True)
class OverdueReview:
    case_id: str
    state: CaseState
    due: date
    days_overdue: int


@attrs.frozen(kw_only=True)
class OpenCasesReport:
    """Open cases on ``on`` (every state but CLOSED), counted several ways. No personal data.

    ``by_year_group`` and ``by_age`` use ``None`` for children with no (or a future) date of
    birth. A case counts once under each of its risk flags in ``by_vulnerability``;
    ``without_vulnerability`` counts cases with none.
    """

    on: date
    policy_name: str
    total: int
    by_state: Mapping[CaseState, int] = attrs.field(hash=False)
    by_year_group: Mapping[int | None, int] = attrs.field(hash=False)
    by_age: Mapping[int | None, int] = attrs.field(hash=False)
    by_vulnerability: Mapping[Vulnerability, int] = attrs.field(hash=False)
    without_vulnerability: int
    overdue_reviews: tuple[OverdueReview, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "on": self.on.isoformat(),
            "policy": self.policy_name,
            "total": self.total,
            "by_state": {k.value: v for k, v in self.by_state.items()},
            "by_year_group": {
                ("unknown" if k is None else str(k)): v for k, v in self.by_year_group.items()
            },
            "by_age": {("unknown" if k is None else str(k)): v for k, v in self.by_age.items()},
            "by_vulnerability": {k.value: v for k, v in self.by_vulnerability.items()},
            "without_vulnerability": self.without_vulnerability,
            "overdue_reviews": [
                {
                    "case_id": r.case_id,
                    "state": r.state.value,
                    "due": r.due.isoformat(),
                    "days_overdue": r.days_overdue,
                }
                for r in self.overdue_reviews
            ],
        }


def open_cases_report(
    cases: Iterable[CmeCase], on: date, *, policy: LAPolicy | None = None
) -> OpenCasesReport:
    """Open cases on ``on`` by state, year group, age and risk flag, and overdue reviews.

    A review is overdue when :meth:`CmeCase.review_due` (as of ``on``) is before ``on``.
    Raises :class:`~cme_core.errors.InvalidInput` if a ``case_id`` repeats.

    >>> import datetime as dt
    >>> c = CmeCase.open("C4", Pupil(pupil_id="P4", date_of_birth=dt.date(2015, 1, 2)),
    ...                  dt.date(2025, 1, 6), vulnerabilities=[Vulnerability.IN_CARE])
    >>> r = open_cases_report([c], dt.date(2025, 1, 20))
    >>> r.total, dict(r.by_year_group), [o.days_overdue for o in r.overdue_reviews]
    (1, {5: 1}, [9])
    """
    items = _check_cases(cases)
    on = _require_date(on, "on")
    policy = _policy(policy)
    by_state: dict[CaseState, int] = {}
    by_group: dict[int | None, int] = {}
    by_age: dict[int | None, int] = {}
    by_flag: dict[Vulnerability, int] = {}
    without = 0
    overdue: list[OverdueReview] = []
    total = 0
    for case in items:
        state = case.state_on(on)
        if state is None or state is CaseState.CLOSED:
            continue
        total += 1
        by_state[state] = by_state.get(state, 0) + 1
        group = _year_group_on(case.child, on)
        by_group[group] = by_group.get(group, 0) + 1
        dob = case.child.date_of_birth
        age = age_on(dob, on) if dob is not None and dob <= on else None
        by_age[age] = by_age.get(age, 0) + 1
        for flag in case.vulnerabilities:
            by_flag[flag] = by_flag.get(flag, 0) + 1
        if not case.vulnerabilities:
            without += 1
        due = case.review_due(policy, on=on)
        if due is not None and due < on:
            overdue.append(
                OverdueReview(
                    case_id=case.case_id, state=state, due=due, days_overdue=(on - due).days
                )
            )
    state_order = {s: i for i, s in enumerate(CaseState)}
    flag_order = {v: i for i, v in enumerate(Vulnerability)}
    return OpenCasesReport(
        on=on,
        policy_name=policy.name,
        total=total,
        by_state=_sorted_counts(by_state, lambda kv: state_order[kv[0]]),
        by_year_group=_sorted_counts(by_group, _none_last_int),
        by_age=_sorted_counts(by_age, _none_last_int),
        by_vulnerability=_sorted_counts(by_flag, lambda kv: flag_order[kv[0]]),
        without_vulnerability=without,
        overdue_reviews=tuple(sorted(overdue, key=lambda r: (r.due, r.case_id))),
    )


class PeriodUnit(enum.Enum):
    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"
    """Calendar months; a day past the end of a shorter month clamps to its last day."""


@attrs.frozen(kw_only=True)
class Period:
    """A length of time such as "4 weeks" or "3 months"."""

    amount: int
    unit: PeriodUnit

    def after(self, start: date) -> date:
        """The day ``amount`` ``unit`` after ``start`` (months clamp: 31 Jan + 1 month = 28/29 Feb).

        >>> Period(amount=3, unit=PeriodUnit.MONTHS).after(date(2024, 11, 30))
        datetime.date(2025, 2, 28)
        """
        if self.unit is PeriodUnit.MONTHS:
            result: date = start + relativedelta(months=self.amount)
            return result
        days = self.amount * (7 if self.unit is PeriodUnit.WEEKS else 1)
        return start + timedelta(days=days)


@attrs.frozen(kw_only=True)
class DurationBand:
    """A band of time missing: at least ``at_least`` and under ``under`` (``None``: open)."""

    key: str
    label: str
    at_least: Period | None = None
    under: Period | None = None

    def contains(self, start: date, on: date) -> bool:
        """Whether a child missing since ``start`` falls in this band on ``on``."""
        if self.at_least is not None and on < self.at_least.after(start):
            return False
        return self.under is None or on < self.under.after(start)


def _weeks(n: int) -> Period:
    return Period(amount=n, unit=PeriodUnit.WEEKS)


def _months(n: int) -> Period:
    return Period(amount=n, unit=PeriodUnit.MONTHS)


#: Length-of-time-missing bands: under 4 weeks, 4 weeks to under 3 months, 3 to under 6
#: months, 6 months or more. **Unverified**: the DfE CME collection's own bands were not read.
DEFAULT_DURATION_BANDS: Final[tuple[DurationBand, ...]] = (
    DurationBand(key="under_4_weeks", label="Under 4 weeks", under=_weeks(4)),
    DurationBand(
        key="4_weeks_to_3_months",
        label="4 weeks to under 3 months",
        at_least=_weeks(4),
        under=_months(3),
    ),
    DurationBand(
        key="3_to_6_months",
        label="3 months to under 6 months",
        at_least=_months(3),
        under=_months(6),
    ),
    DurationBand(key="6_months_or_more", label="6 months or more", at_least=_months(6)),
)
DURATION_BANDS_VERIFIED: Final = False

#: Weekly bands as they appear in a third-party script reading DfE's published "Children missing
#: education at census date" data (explore-education-statistics): less than 2 weeks, 2-4, 4-8,
#: 8-12, 12-26, 26-52, over 52 weeks. **Unverified** (secondary source; the edges' inclusivity
#: is a guess: each band here includes its lower edge).
WEEKLY_DURATION_BANDS: Final[tuple[DurationBand, ...]] = (
    DurationBand(key="under_2_weeks", label="Less than 2 weeks", under=_weeks(2)),
    DurationBand(key="2_to_4_weeks", label="2 to 4 weeks", at_least=_weeks(2), under=_weeks(4)),
    DurationBand(key="4_to_8_weeks", label="4 to 8 weeks", at_least=_weeks(4), under=_weeks(8)),
    DurationBand(key="8_to_12_weeks", label="8 to 12 weeks", at_least=_weeks(8), under=_weeks(12)),
    DurationBand(
        key="12_to_26_weeks", label="12 to 26 weeks", at_least=_weeks(12), under=_weeks(26)
    ),
    DurationBand(
        key="26_to_52_weeks", label="26 to 52 weeks", at_least=_weeks(26), under=_weeks(52)
    ),
    DurationBand(key="over_52_weeks", label="Over 52 weeks", at_least=_weeks(52)),
)


@attrs.frozen(kw_only=True)
class CountRow:
    """One cell of the cross-tabulation: children of one sex, year group and band."""

    sex: Sex | None
    year_group: int | None
    band: str
    count: int


@attrs.frozen(kw_only=True)
class CmeCounts:
    """Children missing education on a census date, by sex, year group and time missing.

    Counted: every case whose state on the census date is in :data:`MISSING_STATES`
    (referred, tracing or missing). ``None`` keys mean not recorded. ``bands_verified`` is
    False for the built-in bands.
    """

    census_date: date
    total: int
    by_sex: Mapping[Sex | None, int] = attrs.field(hash=False)
    by_year_group: Mapping[int | None, int] = attrs.field(hash=False)
    by_duration: Mapping[str, int] = attrs.field(hash=False)
    rows: tuple[CountRow, ...]
    bands: tuple[DurationBand, ...] = attrs.field(repr=False)
    bands_verified: bool = DURATION_BANDS_VERIFIED
    """False: the built-in bands are unverified (custom bands are the caller's own)."""

    def to_dict(self) -> dict[str, Any]:
        def sex(s: Sex | None) -> str:
            return "unknown" if s is None else s.value

        return {
            "census_date": self.census_date.isoformat(),
            "total": self.total,
            "bands_verified": self.bands_verified,
            "bands": [{"key": b.key, "label": b.label} for b in self.bands],
            "by_sex": {sex(k): v for k, v in self.by_sex.items()},
            "by_year_group": {
                ("unknown" if k is None else str(k)): v for k, v in self.by_year_group.items()
            },
            "by_duration": dict(self.by_duration),
            "rows": [
                {
                    "sex": sex(r.sex),
                    "year_group": r.year_group,
                    "band": r.band,
                    "count": r.count,
                }
                for r in self.rows
            ],
        }


def _check_bands(bands: object) -> tuple[DurationBand, ...]:
    if isinstance(bands, str | bytes | Mapping) or not isinstance(bands, Iterable):
        raise InvalidArgument("bands must be a collection of DurationBand records")
    items = tuple(bands)
    if not items:
        raise InvalidInput("at least one duration band is needed")
    for band in items:
        if not isinstance(band, DurationBand):
            raise InvalidArgument(
                f"bands must hold DurationBand records, got {type(band).__name__}"
            )
    if len({b.key for b in items}) != len(items):
        raise InvalidInput("duration band keys must be unique")
    return items


def dfe_cme_counts(
    cases: Iterable[CmeCase],
    census_date: date,
    *,
    bands: Iterable[DurationBand] = DEFAULT_DURATION_BANDS,
) -> CmeCounts:
    """Children missing education on ``census_date``: totals by sex, year group and time missing.

    Time missing runs from :meth:`CmeCase.missing_since` to the census date; each child falls in
    the first band that contains it (a child in none raises
    :class:`~cme_core.errors.InvalidInput`: the bands have a gap). The default bands are
    **unverified** (:data:`DURATION_BANDS_VERIFIED`); :data:`WEEKLY_DURATION_BANDS` is the other
    set offered. Year groups are chronological, from the date of birth.

    >>> import datetime as dt
    >>> c = CmeCase.open("C5", Pupil(pupil_id="P5", sex=Sex.FEMALE), dt.date(2025, 1, 6))
    >>> counts = dfe_cme_counts([c], dt.date(2025, 2, 3))
    >>> counts.total, dict(counts.by_duration)["4_weeks_to_3_months"]
    (1, 1)
    """
    items = _check_cases(cases)
    census_date = _require_date(census_date, "census_date")
    band_list = _check_bands(bands)
    by_sex: dict[Sex | None, int] = {}
    by_group: dict[int | None, int] = {}
    by_band: dict[str, int] = {b.key: 0 for b in band_list}
    cells: dict[tuple[Sex | None, int | None, str], int] = {}
    total = 0
    for case in items:
        if case.state_on(census_date) not in MISSING_STATES:
            continue
        since = case.missing_since(census_date)
        assert since is not None  # a case in a missing state has an opening event
        start = min(since, census_date)
        band = next((b for b in band_list if b.contains(start, census_date)), None)
        if band is None:
            raise InvalidInput(
                f"no duration band contains {(census_date - start).days} day(s) missing: "
                "the bands have a gap"
            )
        total += 1
        sex = case.child.sex
        group = _year_group_on(case.child, census_date)
        by_sex[sex] = by_sex.get(sex, 0) + 1
        by_group[group] = by_group.get(group, 0) + 1
        by_band[band.key] += 1
        cells[(sex, group, band.key)] = cells.get((sex, group, band.key), 0) + 1
    sex_order = {None: 2, Sex.MALE: 0, Sex.FEMALE: 1}
    band_order = {b.key: i for i, b in enumerate(band_list)}
    rows = tuple(
        CountRow(sex=s, year_group=g, band=b, count=n)
        for (s, g, b), n in sorted(
            cells.items(),
            key=lambda kv: (
                sex_order[kv[0][0]],
                _none_last_int((kv[0][1], 0)),
                band_order[kv[0][2]],
            ),
        )
    )
    return CmeCounts(
        census_date=census_date,
        total=total,
        by_sex=_sorted_counts(by_sex, lambda kv: sex_order[kv[0]]),
        by_year_group=_sorted_counts(by_group, _none_last_int),
        by_duration=MappingProxyType(by_band),
        rows=rows,
        bands=band_list,
        bands_verified=DURATION_BANDS_VERIFIED,
    )
