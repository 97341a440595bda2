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
:meth:`CmeCase.check`, which reports every problem instead of raising.

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

from cme_core._fields import rehome
from cme_core.cases._case import BAD_LA_CODE as BAD_LA_CODE
from cme_core.cases._case import BLANK_CASE_ID as BLANK_CASE_ID
from cme_core.cases._case import CLOSED_MISSING_NO_SEARCH as CLOSED_MISSING_NO_SEARCH
from cme_core.cases._case import EVENT_IN_FUTURE as EVENT_IN_FUTURE
from cme_core.cases._case import EVENT_OUT_OF_ORDER as EVENT_OUT_OF_ORDER
from cme_core.cases._case import FIRST_NOT_REFERRAL as FIRST_NOT_REFERRAL
from cme_core.cases._case import ILLEGAL_TRANSITION as ILLEGAL_TRANSITION
from cme_core.cases._case import MISSING_SINCE_AFTER_EVENT as MISSING_SINCE_AFTER_EVENT
from cme_core.cases._case import MOVED_TO_OWN_LA as MOVED_TO_OWN_LA
from cme_core.cases._case import NO_DATE_OF_BIRTH as NO_DATE_OF_BIRTH
from cme_core.cases._case import NO_EVENTS as NO_EVENTS
from cme_core.cases._case import NO_EVIDENCE_ABROAD as NO_EVIDENCE_ABROAD
from cme_core.cases._case import NOTIFIED_BEFORE_MOVE as NOTIFIED_BEFORE_MOVE
from cme_core.cases._case import (
    PROBLEM_TYPES,
    Action,
    ActionKind,
    CaseError,
    CmeCase,
    EventOutOfOrder,
    IllegalTransition,
    InvalidCaseEvent,
    Transition,
)
from cme_core.cases._case import SCHOOL_NOT_IDENTIFIED as SCHOOL_NOT_IDENTIFIED
from cme_core.cases._events import (
    CASE_EVENT_TYPES,
    CaseClosed,
    CaseEvent,
    CaseReferred,
    CaseReopened,
    CaseReviewed,
    CheckMade,
    Deceased,
    Escalated,
    Escalation,
    EventKind,
    FoundOnRoll,
    HomeEducated,
    InCustody,
    LaCheck,
    MarkedMissing,
    MovedAbroad,
    MovedToOtherLA,
    SuitabilityChecked,
    TracingStarted,
)
from cme_core.cases._reports import (
    DEFAULT_DURATION_BANDS,
    DURATION_BANDS_VERIFIED,
    WEEKLY_DURATION_BANDS,
    CmeCounts,
    CountRow,
    DurationBand,
    OpenCasesReport,
    OverdueReview,
    Period,
    PeriodUnit,
    dfe_cme_counts,
    open_cases_report,
)
from cme_core.cases._states import (
    MISSING_STATES,
    TRANSITIONS,
    allowed_events,
    next_state,
)
from cme_core.policy import CaseState

# The rule constants (BAD_LA_CODE, ..., SCHOOL_NOT_IDENTIFIED) are imported by name, outside
# __all__, so that cme_core.problems.catalogue names each cme_core.cases.<RULE>, as before.

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


def __dir__() -> list[str]:
    return list(__all__)


rehome(__name__, globals(), __all__)
