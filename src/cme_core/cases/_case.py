"""The case itself, :class:`CmeCase`: its errors, its checks and what it derives.

Part of :mod:`cme_core.cases`, which re-exports every public name here.
"""

from __future__ import annotations

import enum
import warnings
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, timedelta
from typing import Any, Final, cast

import attrs

from cme_core._checks import require_date as _require_date
from cme_core._fields import extra_field, instance_of, optional_str, tuple_of, typed_fields
from cme_core.cases._events import (
    CASE_EVENT_TYPES,
    CaseEvent,
    CaseReferred,
    CaseReopened,
    CheckMade,
    Escalated,
    Escalation,
    EventKind,
    FoundOnRoll,
    LaCheck,
    MovedAbroad,
    MovedToOtherLA,
)
from cme_core.cases._states import (
    _OPENING,
    _TABLE,
    MISSING_STATES,
    _state_name,
    allowed_events,
)
from cme_core.errors import (
    CmeError,
    InvalidArgument,
    InvalidInput,
    InvalidLocalAuthorityCode,
)
from cme_core.identifiers import laestab
from cme_core.identifiers.local_authorities import LocalAuthorityKind, local_authority
from cme_core.people import Pupil
from cme_core.policy import CaseState, LAPolicy
from cme_core.problems import PathElement, Problem, ProblemType, Report, Severity
from cme_core.referral import ReferralChild, ReferralDecision, ReferralOutcome, Vulnerability

_PRACTICE: Final = "LA practice after a CME referral (local procedure, not statute)"


def _vulnerabilities(value: object) -> frozenset[Vulnerability]:
    return frozenset(tuple_of(Vulnerability, "Vulnerability members", value))


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
"""Every rule :meth:`CmeCase.check` checks (LAESTABs are checked by
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


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Transition:
    """One event as replayed: the state before and after, and whether the table allowed it."""

    index: int
    event: CaseEvent
    before: CaseState | None
    after: CaseState | None
    accepted: bool

    @property
    def changed_state(self) -> bool:
        """True when the event was accepted and moved the case to another state."""
        return self.accepted and self.before is not self.after


class ActionKind(enum.Enum):
    """What kind of thing a case's next :class:`Action` asks a person to do."""

    START_TRACING = "start_tracing"
    MAKE_CHECK = "make_check"
    RECORD_OUTCOME_OR_MARK_MISSING = "record_outcome_or_mark_missing"
    ESCALATE = "escalate"
    REVIEW = "review"
    SUITABILITY_CHECK = "suitability_check"
    CONFIRM_ATTENDANCE = "confirm_attendance"
    CLOSE = "close"


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
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


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class CmeCase:
    """One child's CME case in one LA: identity, risk flags, and the dated events so far.

    ``child`` is the child's particulars (its ``repr`` is redacted); ``la_code`` is the LA that
    holds the case (used to query moves "to" the same LA); ``vulnerabilities`` are the risk
    flags from the referral. ``events`` are kept in the order recorded. The constructor checks
    types only; use :meth:`check` for everything else.
    """

    case_id: str = attrs.field(validator=instance_of(str, "a string"))
    child: Pupil = attrs.field(validator=instance_of(Pupil, "a cme_core.people.Pupil"))
    la_code: str | None = attrs.field(default=None, validator=optional_str)
    vulnerabilities: frozenset[Vulnerability] = attrs.field(
        default=frozenset(), converter=_vulnerabilities
    )
    events: tuple[CaseEvent, ...] = attrs.field(default=(), converter=_events)
    extra: Mapping[str, Any] = extra_field()

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
        >>> from cme_core.people import Pupil
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
        state unchanged; :meth:`check` reports it.
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
        """The day of the referral, when the first event is a referral (else ``None``)."""
        first = self.events[0] if self.events else None
        return first.on if isinstance(first, CaseReferred) else None

    @property
    def last_event_on(self) -> date | None:
        """The day of the latest event (``None`` when there is none)."""
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

    def check(self, *, on: date | None = None) -> Report:
        """Every problem with this case (built from wire data, say), as a
        :class:`~cme_core.Report`, without raising (``check*()`` returns a Report).

        Checks the case id, the LA code, the date of birth (QUERY), that the first event is a
        referral, that events are in date order and (with ``on``) not in the future, that each
        is allowed by :data:`TRANSITIONS` in the state reached so far, each event's own data,
        and that a missing child's case was not closed without a lost-pupil search (QUERY).

        >>> import datetime as dt
        >>> from cme_core.people import Pupil
        >>> bad = CmeCase(case_id="C2", child=Pupil(pupil_id="P2"), events=(
        ...     CaseReferred(on=dt.date(2025, 1, 6)), Deceased(on=dt.date(2025, 1, 5))))
        >>> bad.check().codes
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

    def validate(self, *, on: date | None = None) -> Report:
        """Deprecated since 0.2.0 (to be removed in 0.3.0): :meth:`check`, which returns the
        same :class:`~cme_core.Report` (``validate()`` is the name of methods that raise)."""
        warnings.warn(
            "CmeCase.validate() is deprecated: use CmeCase.check(), which returns the same Report",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.check(on=on)

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
        >>> from cme_core.people import Pupil
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
