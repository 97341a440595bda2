"""The case's state machine: the transition table, as data, and the queries on it.

Part of :mod:`cme_core.cases`, which re-exports every public name here.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from cme_core._fields import checked
from cme_core.cases._events import EventKind
from cme_core.errors import InvalidArgument
from cme_core.policy import CaseState

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


@checked
def allowed_events(state: CaseState | None) -> tuple[EventKind, ...]:
    """The event kinds allowed in ``state`` (``None``: before the referral), in table order.

    >>> [k.value for k in allowed_events(CaseState.CLOSED)]
    ['reopened']
    """
    if state is not None and not isinstance(state, CaseState):
        raise InvalidArgument(f"state must be a CaseState or None, got {type(state).__name__}")
    return tuple(kind for src, kind, _ in TRANSITIONS if src is state)


@checked
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
