"""The reconciliation: link the returns, then sort every deletion onto its list."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any, Final

import attrs
import pyarrow as pa

from cme_core.calendars import SchoolCalendar, england_bank_holidays
from cme_core.cases import CmeCase
from cme_core.errors import CmeError, InvalidArgument
from cme_core.law import ground
from cme_core.policy import LAPolicy, normalise_ground_ref
from cme_core.problems import Problem
from cme_core.reconcile._link import (
    DuckDBEngine,
    Engine,
    Link,
    SparkEngine,
    exact_links,
    probabilistic_links,
)
from cme_core.reconcile._records import Pseudonym, Record, RecordRef, record_of
from cme_core.reconcile._settings import ReconcileSettings
from cme_core.reconcile._sources import (
    NotificationKind,
    OtherLANotification,
    case_records,
    is_dual_state,
    notification_records,
    register_records,
)
from cme_core.reconcile._tables import is_table, read_table
from cme_core.referral import (
    CME_CITATION,
    ReferralChild,
    ReferralDecision,
    Registration,
    assess_referral,
)
from cme_core.registers import EnrolmentStatus, EntryState, SchoolRegister
from cme_core.returns import DeletionReturn, NewPupilReturn, new_pupil_return_due

ADMISSION_CITATION = (
    "new-pupil return within five days of entry: SI 2024/208 reg 13(1)-(3); "
    "SI 2006/1751 reg 12(3) as amended"
)
AWAITED_CITATION = (
    "registered at another school: SI 2024/208 reg 9(1)(a) (SI 2006/1751 reg 8(1)(b)); the "
    "receiving school's new-pupil return: SI 2024/208 reg 13(1) (SI 2006/1751 reg 12(3)); "
    "the number of school days waited is LA policy (local practice)"
)
REFERRAL_CITATION = (
    f"{CME_CITATION} (identifying children missing education); deletion grounds leaving the "
    "destination unknown: SI 2024/208 reg 9(1)(g)-(i) (SI 2006/1751 reg 8(1)(e), (f), (h))"
)
TWO_ROLLS_CITATION = (
    "a pupil registered at another school without an agreed dual registration is to be "
    "deleted: SI 2024/208 reg 9(1)(a) (SI 2006/1751 reg 8(1)(b)); dual registration: "
    "SI 2024/208 reg 9(1)(c) (SI 2006/1751 reg 8(1)(c))"
)
REVIEW_CITATION = "possible match below the link threshold: for an officer to decide (never merged)"
ON_ROLL_CITATION = (
    "on another school's roll without its new-pupil return, due within five days of entry: "
    "SI 2024/208 reg 13(1)-(3); SI 2006/1751 reg 12(3) as amended"
)
KNOWN_CASE_CITATION = (
    f"{CME_CITATION} (identifying children missing education): the child is already known "
    "to the LA's CME team (an open case, or another LA's CME team); the case workflow is "
    "local practice (Children missing education statutory guidance, 2016)"
)
NOTIFICATION_CITATION = (
    "notification between LAs: local practice (Children missing education statutory guidance, 2016)"
)
REVIEW_KINDS: Final = (
    "deletion-admission",
    "two-rolls",
    "deletion-register",
    "deletion-case",
    "deletion-notification",
)
"""The questions a :class:`ReviewItem` asks: is this deletion's child this admission /
register entry / case / notification's child, or are these two admissions one child?"""
_NAMED_DESTINATION = "9(1)(a)"  # registered at another school, which the deletion names
# The ground and its 2006 equivalents, read from the law data rather than written again.
_DESTINATION_GROUNDS = frozenset({_NAMED_DESTINATION, *ground(_NAMED_DESTINATION).equivalent})


def _plain(value: object) -> Any:
    """One field's value as JSON-compatible data."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, RecordRef | Link):
        return value.to_dict()
    return value


class _Item:
    """An item of a reconciliation list whose JSON is its fields, in their order."""

    def to_dict(self) -> dict[str, Any]:
        """As JSON-compatible data (the caller's ids; no personal data): dates in ISO form,
        record references and links as theirs."""
        fields = attrs.fields(type(self))  # type: ignore[arg-type]  # subclasses are attrs
        return {f.name: _plain(getattr(self, f.name)) for f in fields}


@attrs.frozen(kw_only=True)
class DeletionMatch(_Item):
    """A deletion and the admission that accounts for the child.

    ``days_between`` is calendar days from the deletion to the admission's starting day
    (negative when the child started before the name came off the first roll).
    ``return_due`` is the last day of the new-pupil return (five days after entry);
    ``return_on_time`` is None when the return's ``submitted_on`` is not known.
    """

    deletion: RecordRef
    admission: RecordRef
    school_laestab: str
    days_between: int
    return_due: date | None
    return_on_time: bool | None
    link: Link
    citation: str = ADMISSION_CITATION


@attrs.frozen(kw_only=True)
class AwaitedAdmission(_Item):
    """A deletion naming a destination school whose admission has not appeared after the
    LA's wait (``school_days_since`` of ``wait_school_days``, local practice): enquire now.
    ``school_days_approximate`` is True when the days were counted as weekdays that are not
    bank holidays in England, because no school calendar was given or the one given does not
    cover the days (term dates unknown)."""

    deletion: RecordRef
    destination_laestab: str | None
    school_days_since: int
    wait_school_days: int
    school_days_approximate: bool = True
    local_practice: bool = True
    citation: str = AWAITED_CITATION


@attrs.frozen(kw_only=True)
class ReferralCandidate:
    """A deletion whose ground leaves the destination unknown, with no later admission found:
    a possible child missing education. ``child`` is the input handed to
    :func:`~cme_core.referral.assess_referral`; ``decision`` its answer (None when the
    ground could not be read)."""

    deletion: RecordRef
    ground: str
    child: ReferralChild = attrs.field(repr=False)
    decision: ReferralDecision | None
    facts: tuple[str, ...]
    citation: str = REFERRAL_CITATION

    def to_dict(self) -> dict[str, Any]:
        """As JSON-compatible data (the decision's outcome and unmet steps; no particulars)."""
        decision = self.decision
        return {
            "deletion": self.deletion.to_dict(),
            "ground": self.ground,
            "facts": list(self.facts),
            "outcome": decision.outcome.name if decision else None,
            "unmet_steps": [s.key for s in decision.unmet] if decision else [],
            "citation": self.citation,
        }


@attrs.frozen(kw_only=True)
class TwoRolls(_Item):
    """The same child on the rolls of two schools on the day judged, both single
    registrations, neither closed by a deletion: two new-pupil returns, two register
    entries (source ``"register"``), or one of each."""

    first: RecordRef
    second: RecordRef
    link: Link
    citation: str = TWO_ROLLS_CITATION


def _review_kind(_: object, attribute: attrs.Attribute[str], value: object) -> None:
    if value not in REVIEW_KINDS:
        raise InvalidArgument(f"{attribute.name} must be one of {', '.join(REVIEW_KINDS)}")


@attrs.frozen(kw_only=True)
class ReviewItem(_Item):
    """A possible match below the link threshold (or with conflicting UPNs): an officer
    decides; never merged. ``kind`` is the question (:data:`REVIEW_KINDS`): whether a
    deletion's child is an admission's (``"deletion-admission"``), a register entry's, a
    case's or a notification's, or whether two admissions or register entries at different
    schools are one child on two rolls (``"two-rolls"``)."""

    link: Link
    kind: str = attrs.field(default="deletion-admission", validator=_review_kind)
    citation: str = REVIEW_CITATION


@attrs.frozen(kw_only=True)
class OnRollWithoutReturn(_Item):
    """A deletion whose child is on another school's roll (its register, on the day judged)
    with no new-pupil return accounting for it: the receiving school's return is missing.

    ``school_laestab`` is the register's school; ``starting_day`` and ``entered_on`` (the
    day the name was entered, None when the register does not say) are the entry's;
    ``return_due`` the return's last day (five days after entry, or after the starting day
    when the entry day is unknown; None before the duty began) and ``return_overdue``
    whether that day has passed on the day judged."""

    deletion: RecordRef
    register: RecordRef
    school_laestab: str
    starting_day: date
    entered_on: date | None
    return_due: date | None
    return_overdue: bool | None
    link: Link
    citation: str = ON_ROLL_CITATION


@attrs.frozen(kw_only=True)
class KnownCase(_Item):
    """A deletion that would be a referral candidate or awaited (``instead_of``), whose
    child is already known: an open CME case of this LA (``case_id``), or another LA's
    notification that its CME team knows the child (``notification_id``, ``la_code``). It is
    not listed as a new referral candidate (nor as awaited): the case is where it is
    followed up."""

    deletion: RecordRef
    known_by: RecordRef
    case_id: str | None
    notification_id: str | None
    la_code: str | None
    instead_of: str
    link: Link
    local_practice: bool = True
    citation: str = KNOWN_CASE_CITATION


@attrs.frozen(kw_only=True)
class AccountedElsewhere(_Item):
    """A deletion whose child another LA notified as on a school roll there: accounted for
    (not a referral candidate, not awaited). Notification between LAs is local practice."""

    deletion: RecordRef
    notification: RecordRef
    la_code: str
    notified_on: date
    link: Link
    local_practice: bool = True
    citation: str = NOTIFICATION_CITATION


@attrs.frozen(kw_only=True)
class Reconciliation:
    """Every list of a reconciliation judged on ``on``, with the settings used.

    ``problems`` are the faults of table rows that could not be read as returns (each row
    skipped; see :func:`~cme_core.reconcile.deletions_from_table`); ``deletions`` and
    ``admissions`` count the returns reconciled."""

    on: date
    settings: ReconcileSettings
    matches: tuple[DeletionMatch, ...]
    awaited: tuple[AwaitedAdmission, ...]
    referral_candidates: tuple[ReferralCandidate, ...]
    two_rolls: tuple[TwoRolls, ...]
    review: tuple[ReviewItem, ...]
    deletions: int
    admissions: int
    on_roll_without_return: tuple[OnRollWithoutReturn, ...] = ()
    known_cases: tuple[KnownCase, ...] = ()
    accounted_elsewhere: tuple[AccountedElsewhere, ...] = ()
    problems: tuple[Problem, ...] = ()

    def summary(self) -> dict[str, int]:
        """How many records and how many on each list."""
        return {
            "deletions": self.deletions,
            "admissions": self.admissions,
            "matched": len(self.matches),
            "awaited": len(self.awaited),
            "referral_candidates": len(self.referral_candidates),
            "two_rolls": len(self.two_rolls),
            "review": len(self.review),
            "on_roll_without_return": len(self.on_roll_without_return),
            "known_cases": len(self.known_cases),
            "accounted_elsewhere": len(self.accounted_elsewhere),
            "problems": len(self.problems),
        }

    def to_dict(self) -> dict[str, Any]:
        """Every list as JSON-compatible data (the caller's ids; no personal data)."""
        return {
            "judged_on": self.on.isoformat(),
            "model_version": self.settings.version,
            "summary": self.summary(),
            "matches": [m.to_dict() for m in self.matches],
            "awaited": [a.to_dict() for a in self.awaited],
            "referral_candidates": [c.to_dict() for c in self.referral_candidates],
            "two_rolls": [t.to_dict() for t in self.two_rolls],
            "review": [r.to_dict() for r in self.review],
            "on_roll_without_return": [o.to_dict() for o in self.on_roll_without_return],
            "known_cases": [k.to_dict() for k in self.known_cases],
            "accounted_elsewhere": [a.to_dict() for a in self.accounted_elsewhere],
            "problems": [p.to_dict() for p in self.problems],
        }


def _school_days(start: date, end: date, calendar: SchoolCalendar | None) -> tuple[int, bool]:
    """School days after ``start`` up to and including ``end``, and whether the count is
    approximate: with a calendar that covers the days, its school days; otherwise weekdays
    that are not bank holidays in England (term dates unknown)."""
    if end <= start:
        return 0, calendar is None
    if calendar is not None and calendar.covers(start) and calendar.covers(end):
        return calendar.school_days_between(start, end), False
    import numpy as np  # the reconcile extra brings it (through pyarrow's frames extra)

    holidays: set[date] = set()
    for year in range(start.year, end.year + 1):
        holidays |= england_bank_holidays(year)
    after, through = start + timedelta(days=1), end + timedelta(days=1)
    return int(np.busday_count(after, through, holidays=sorted(holidays))), True


def _rank(link: Link) -> tuple[int, float]:
    return (0 if link.stage != "probabilistic" else 1, -(link.match_weight or 0.0))


def _on_time(adm: NewPupilReturn) -> tuple[date | None, bool | None]:
    try:
        due = new_pupil_return_due(adm.entered_on)
    except CmeError:
        return None, None
    if due.last_day is None or adm.submitted_on is None:
        return due.last_day, None
    return due.last_day, adm.submitted_on <= due.last_day


def _can_account_for(dele: DeletionReturn, adm: NewPupilReturn) -> bool:
    """An admission accounts for a deletion if it is at another school, or a re-admission."""
    return adm.school_laestab != dele.school_laestab or adm.starting_day > dele.deleted_on


def _upns_conflict(a: Record, b: Record) -> bool:
    """Both records have valid UPNs, and they differ (a different child, or a UPN typed as
    another valid one): such a pair is never linked by weight alone, only reviewed."""
    if a.upn is None or b.upn is None or a.upn == b.upn:
        return False
    return a.upn not in b.former_upns and b.upn not in a.former_upns


def _links(
    left: Sequence[Record],
    right: Sequence[Record],
    settings: ReconcileSettings,
    *,
    engine: Engine | None = None,
) -> tuple[list[Link], list[Link]]:
    """(links at or above the threshold, possible matches below it or with conflicting
    UPNs), exact ones first; the probabilistic stage runs on ``engine``."""
    exact = list(exact_links(left, right))
    done_left = {link.left for link in exact}
    done_right = {link.right for link in exact}
    strong = list(exact)
    weak: list[Link] = []
    if settings.probabilistic:
        rest_left = [r for r in left if r.ref not in done_left]
        rest_right = [r for r in right if r.ref not in done_right]
        by_ref = {r.ref: r for r in (*rest_left, *rest_right)}
        for link in probabilistic_links(rest_left, rest_right, settings, engine=engine):
            weight = link.match_weight if link.match_weight is not None else -1e9
            conflict = _upns_conflict(by_ref[link.left], by_ref[link.right])
            if weight >= settings.match_weight_threshold and not conflict:
                strong.append(link)
            else:
                weak.append(link)
    strong.sort(key=_rank)
    weak.sort(key=_rank)
    return strong, weak


def _require_date(value: object, name: str) -> date:
    if type(value) is not date:
        raise InvalidArgument(f"{name} must be a datetime.date")
    return value


def _returns(values: object, kind: str, problems: list[Problem]) -> list[tuple[int, object]]:
    """The returns given (an iterable, or an Arrow table whose bad rows become problems),
    each with its index: its position, or its row in the table."""
    if is_table(values):
        found, faults = read_table(values, kind)
        where = "deletions" if kind == "deletion" else "admissions"
        problems.extend(p.at(where) for p in faults)
        return found
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        name = "deletions" if kind == "deletion" else "admissions"
        raise InvalidArgument(f"{name} must be an iterable of returns or an Arrow table")
    return list(enumerate(values))


def _evidence(value: object, name: str) -> Iterable[Any]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidArgument(f"{name} must be an iterable")
    return value


def reconcile(
    deletions: Iterable[DeletionReturn] | pa.Table | pa.RecordBatch,
    admissions: Iterable[NewPupilReturn] | pa.Table | pa.RecordBatch,
    *,
    on: date,
    settings: ReconcileSettings | None = None,
    policy: LAPolicy | None = None,
    calendar: SchoolCalendar | None = None,
    pseudonym: Pseudonym | None = None,
    registers: Iterable[SchoolRegister] = (),
    cases: Iterable[CmeCase] = (),
    notifications: Iterable[OtherLANotification] = (),
    engine: Engine | None = None,
) -> Reconciliation:
    """Reconcile an LA's deletion returns with its new-pupil returns, judged on ``on``.

    ``deletions`` and ``admissions`` are iterables of returns or Arrow tables
    (:data:`~cme_core.reconcile.DELETION_SCHEMA`, :data:`~cme_core.reconcile.NEW_PUPIL_SCHEMA`);
    a table row that cannot be read is skipped and reported in
    :attr:`Reconciliation.problems`, and a record's index is its row in the table.

    Stage 1 links on the canonical UPN, former UPNs and (if ``pseudonym`` is given) the
    caller's pseudonymised key of each return; stage 2 scores the rest with Splink on DuckDB
    (:class:`ReconcileSettings`). Names, dates of birth and postcodes are used for matching
    only: results name records by :class:`RecordRef`. ``policy`` decides which grounds leave
    the destination unknown and is handed to :func:`~cme_core.referral.assess_referral`;
    ``calendar`` counts school days (default: weekdays that are not bank holidays).

    Other evidence, linked with the same two stages to the deletions no admission accounts
    for: ``registers`` (pupils on a school's roll on ``on``: :class:`OnRollWithoutReturn`;
    they also count for :class:`TwoRolls`), ``cases`` (CME cases open on ``on``:
    :class:`KnownCase`) and ``notifications`` from other LAs (on roll there:
    :class:`AccountedElsewhere`; known to their CME team: :class:`KnownCase`).

    ``engine`` is where the probabilistic stage runs: :class:`DuckDBEngine` (the default, in
    this process) or :class:`SparkEngine` (a Spark session, for national-scale runs); the
    settings and the results are the same on both.
    """
    on = _require_date(on, "on")
    settings = ReconcileSettings() if settings is None else settings
    if not isinstance(settings, ReconcileSettings):
        raise InvalidArgument("settings must be a ReconcileSettings or None")
    policy = LAPolicy() if policy is None else policy
    if not isinstance(policy, LAPolicy):
        raise InvalidArgument("policy must be an LAPolicy or None")
    if engine is not None and not isinstance(engine, DuckDBEngine | SparkEngine):
        raise InvalidArgument("engine must be a DuckDBEngine, a SparkEngine or None")
    problems: list[Problem] = []
    dels = [
        record_of(
            d, source="deletion", index=i, pseudonym=pseudonym, features=settings.probabilistic
        )
        for i, d in _returns(deletions, "deletion", problems)
    ]
    adms = [
        record_of(
            a, source="admission", index=i, pseudonym=pseudonym, features=settings.probabilistic
        )
        for i, a in _returns(admissions, "new_pupil", problems)
    ]
    given = {
        "register": list(_evidence(registers, "registers")),
        "case": list(_evidence(cases, "cases")),
        "notification": list(_evidence(notifications, "notifications")),
    }
    evidence = [
        *register_records(given["register"], on, features=settings.probabilistic),
        *case_records(given["case"], on, features=settings.probabilistic),
        *notification_records(given["notification"], on, features=settings.probabilistic),
    ]
    sources = frozenset(name for name, items in given.items() if items)
    by_ref = {r.ref: r for r in (*dels, *adms, *evidence)}

    strong, weak = _links(dels, adms, settings, engine=engine)
    matched: dict[RecordRef, DeletionMatch] = {}
    used: set[RecordRef] = set()
    closed: set[RecordRef] = set()
    for link in strong:
        dele, adm = by_ref[link.left].ret, by_ref[link.right].ret
        assert isinstance(dele, DeletionReturn)
        assert isinstance(adm, NewPupilReturn)
        if adm.school_laestab == dele.school_laestab and dele.deleted_on >= adm.starting_day:
            closed.add(link.right)  # the deletion closes this admission
        if link.left in matched or link.right in used or not _can_account_for(dele, adm):
            continue
        due, on_time = _on_time(adm)
        matched[link.left] = DeletionMatch(
            deletion=link.left,
            admission=link.right,
            school_laestab=adm.school_laestab,
            days_between=(adm.starting_day - dele.deleted_on).days,
            return_due=due,
            return_on_time=on_time,
            link=link,
        )
        used.add(link.right)

    review = [ReviewItem(link=link) for link in weak if link.left not in matched]

    sorted_out = _other_evidence(dels, evidence, matched, closed, by_ref, settings, on, engine)
    on_roll, elsewhere, known, weak_evidence = sorted_out
    accounted = {*matched, *on_roll, *elsewhere}

    awaited: list[AwaitedAdmission] = []
    candidates: list[ReferralCandidate] = []
    known_cases: list[KnownCase] = []
    for rec in dels:
        if rec.ref in accounted:
            continue
        dele = rec.ret
        assert isinstance(dele, DeletionReturn)
        try:
            ground = normalise_ground_ref(dele.ground)
        except (CmeError, ValueError):
            ground = dele.ground
        item: AwaitedAdmission | ReferralCandidate | None = None
        if policy.is_unknown_destination_ground(ground):
            item = _candidate(rec, dele, ground, on, policy, sources)
        elif ground in _DESTINATION_GROUNDS or dele.other_school is not None:
            since, approximate = _school_days(dele.deleted_on, on, calendar)
            if since >= settings.destination_wait_school_days:
                item = AwaitedAdmission(
                    deletion=rec.ref,
                    destination_laestab=(dele.other_school.laestab if dele.other_school else None),
                    school_days_since=since,
                    wait_school_days=settings.destination_wait_school_days,
                    school_days_approximate=approximate,
                )
        if item is None:
            continue
        if rec.ref in known:
            instead = "awaited" if isinstance(item, AwaitedAdmission) else "referral_candidate"
            known_cases.append(_known(rec.ref, known[rec.ref], by_ref, instead))
        elif isinstance(item, AwaitedAdmission):
            awaited.append(item)
        else:
            candidates.append(item)
    done = {*accounted, *known}
    review += (
        ReviewItem(link=link, kind=f"deletion-{link.right.source}")
        for link in weak_evidence
        if link.left not in done
    )

    current = [a for a in adms if a.ref not in closed]
    current += [e for e in evidence if e.ref.source == "register" and e.ref not in closed]
    two, two_review = _two_rolls(current, settings, on, engine=engine)
    return Reconciliation(
        on=on,
        settings=settings,
        matches=tuple(matched[r.ref] for r in dels if r.ref in matched),
        awaited=tuple(awaited),
        referral_candidates=tuple(candidates),
        two_rolls=two,
        review=(*review, *two_review),
        deletions=len(dels),
        admissions=len(adms),
        on_roll_without_return=tuple(on_roll[r.ref] for r in dels if r.ref in on_roll),
        known_cases=tuple(known_cases),
        accounted_elsewhere=tuple(elsewhere[r.ref] for r in dels if r.ref in elsewhere),
        problems=tuple(problems),
    )


_Sorted = tuple[
    dict[RecordRef, "OnRollWithoutReturn"],
    dict[RecordRef, "AccountedElsewhere"],
    dict[RecordRef, Link],
    list[Link],
]


def _other_evidence(
    dels: Sequence[Record],
    evidence: Sequence[Record],
    matched: dict[RecordRef, DeletionMatch],
    closed: set[RecordRef],
    by_ref: dict[RecordRef, Record],
    settings: ReconcileSettings,
    on: date,
    engine: Engine | None,
) -> _Sorted:
    """Link the deletions with the other evidence: the deletions on another school's roll,
    those accounted for by another LA, those known to a CME team (the best link to a case or
    a KNOWN notification), and the weak links (for review). A deletion also closes its own
    school's register entry (added to ``closed``)."""
    on_roll: dict[RecordRef, OnRollWithoutReturn] = {}
    elsewhere: dict[RecordRef, AccountedElsewhere] = {}
    known: dict[RecordRef, Link] = {}
    if not dels or not evidence:
        return on_roll, elsewhere, known, []
    strong, weak = _links(dels, evidence, settings, engine=engine)
    for link in strong:
        if link.right.source != "register":
            continue
        dele, state = by_ref[link.left].ret, by_ref[link.right].ret
        assert isinstance(dele, DeletionReturn)
        assert isinstance(state, EntryState)
        same_school = link.right.school_laestab == dele.school_laestab
        if same_school and dele.deleted_on >= state.starting_day:
            closed.add(link.right)  # the deleting school's own entry, not yet updated
    used: set[RecordRef] = set()
    for link in strong:
        if link.left in matched or link.right in closed:
            continue
        dele, other = by_ref[link.left].ret, by_ref[link.right].ret
        assert isinstance(dele, DeletionReturn)
        if isinstance(other, EntryState):
            if link.left in on_roll or link.right in used:
                continue
            if (
                link.right.school_laestab == dele.school_laestab
                and other.starting_day <= dele.deleted_on
            ):
                continue
            on_roll[link.left] = _on_roll(link, other, on)
            used.add(link.right)
        elif isinstance(other, OtherLANotification) and other.kind is NotificationKind.ON_ROLL:
            if link.left in elsewhere or link.right in used:
                continue
            elsewhere[link.left] = AccountedElsewhere(
                deletion=link.left,
                notification=link.right,
                la_code=other.la_code,
                notified_on=other.notified_on,
                link=link,
            )
            used.add(link.right)
        else:  # an open case, or a KNOWN notification: the best link is kept
            known.setdefault(link.left, link)
    for ref in on_roll:
        elsewhere.pop(ref, None)  # on a roll here comes first
    return on_roll, elsewhere, known, [w for w in weak if w.left not in matched]


def _on_roll(link: Link, state: EntryState, on: date) -> OnRollWithoutReturn:
    entered = state.entered
    try:
        due: date | None = new_pupil_return_due(entered).last_day
    except CmeError:
        due = None
    return OnRollWithoutReturn(
        deletion=link.left,
        register=link.right,
        school_laestab=link.right.school_laestab,
        starting_day=entered.starting_day,
        entered_on=entered.entered_on,
        return_due=due,
        return_overdue=None if due is None else on > due,
        link=link,
    )


def _known(
    deletion: RecordRef, link: Link, by_ref: dict[RecordRef, Record], instead: str
) -> KnownCase:
    other = by_ref[link.right].ret
    if isinstance(other, OtherLANotification):
        return KnownCase(
            deletion=deletion,
            known_by=link.right,
            case_id=None,
            notification_id=other.notification_id,
            la_code=other.la_code,
            instead_of=instead,
            link=link,
        )
    return KnownCase(
        deletion=deletion,
        known_by=link.right,
        case_id=link.right.pupil_id,
        notification_id=None,
        la_code=getattr(other, "la_code", None),
        instead_of=instead,
        link=link,
    )


_NOT_FOUND: Final = {
    "register": "not found on the roll of any school register reconciled",
    "case": "no open CME case matched",
    "notification": "no other LA's notification matched",
}
"""The fact added to a referral candidate for each kind of other evidence given."""


def _candidate(
    rec: Record,
    dele: DeletionReturn,
    ground: str,
    on: date,
    policy: LAPolicy,
    sources: frozenset[str] = frozenset(),
) -> ReferralCandidate:
    facts = (
        f"deleted on ground {ground}, which leaves the destination unknown",
        "no later admission found in the new-pupil returns reconciled",
        *(text for source, text in _NOT_FOUND.items() if source in sources),
    )
    try:
        child = ReferralChild(
            pupil=dele.pupil,
            registration=Registration.DELETED,
            deletion_ground=ground,
            year_group=dele.year_group,
        )
    except (CmeError, ValueError):
        child = ReferralChild(pupil=dele.pupil, registration=Registration.DELETED)
    try:
        decision: ReferralDecision | None = assess_referral(child, [], on, policy=policy)
    except (CmeError, ValueError):
        decision = None
    return ReferralCandidate(
        deletion=rec.ref, ground=ground, child=child, decision=decision, facts=facts
    )


def _is_dual(adm: NewPupilReturn) -> bool:
    single = adm.enrolment_status is EnrolmentStatus.SINGLE
    return not single or adm.dual_registered_with is not None


def _on_a_roll(rec: Record, on: date) -> bool:
    """A new-pupil return whose pupil has started by ``on``, or a register entry (on roll on
    ``on``), in both cases a single registration."""
    if isinstance(rec.ret, NewPupilReturn):
        return rec.ret.starting_day <= on and not _is_dual(rec.ret)
    return isinstance(rec.ret, EntryState) and not is_dual_state(rec.ret)


def _two_rolls(
    records: Sequence[Record],
    settings: ReconcileSettings,
    on: date,
    *,
    engine: Engine | None = None,
) -> tuple[tuple[TwoRolls, ...], tuple[ReviewItem, ...]]:
    """The pairs of records of one child on two schools' rolls, and the possible pairs below
    the threshold (for review, never merged)."""
    current = [r for r in records if _on_a_roll(r, on)]
    strong, weak = _links(current, current, settings, engine=engine)
    seen: set[frozenset[RecordRef]] = set()
    found: list[TwoRolls] = []
    for link in strong:
        if link.left == link.right or link.left.school_laestab == link.right.school_laestab:
            continue
        pair = frozenset((link.left, link.right))
        if pair in seen:
            continue
        seen.add(pair)
        first, second = sorted((link.left, link.right), key=_order)
        found.append(TwoRolls(first=first, second=second, link=link))
    review: list[ReviewItem] = []
    for link in weak:
        if link.left == link.right or link.left.school_laestab == link.right.school_laestab:
            continue
        pair = frozenset((link.left, link.right))
        if pair in seen:
            continue
        seen.add(pair)
        review.append(ReviewItem(link=link, kind="two-rolls"))
    return tuple(found), tuple(review)


def _order(ref: RecordRef) -> tuple[int, int, str]:
    return (0 if ref.source == "admission" else 1, ref.index, ref.pupil_id)
