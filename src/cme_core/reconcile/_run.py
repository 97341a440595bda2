"""The reconciliation: link the returns, then sort every deletion onto its list."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

import attrs

from cme_core.calendars import SchoolCalendar, england_bank_holidays
from cme_core.errors import CmeError, InvalidArgument
from cme_core.law import ground
from cme_core.policy import LAPolicy, normalise_ground_ref
from cme_core.reconcile._link import Link, exact_links, probabilistic_links
from cme_core.reconcile._records import Pseudonym, Record, RecordRef, record_of
from cme_core.reconcile._settings import ReconcileSettings
from cme_core.referral import (
    CME_CITATION,
    ReferralChild,
    ReferralDecision,
    Registration,
    assess_referral,
)
from cme_core.registers import EnrolmentStatus
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
_NAMED_DESTINATION = "9(1)(a)"  # registered at another school, which the deletion names
# The ground and its 2006 equivalents, read from the law data rather than written again.
_DESTINATION_GROUNDS = frozenset({_NAMED_DESTINATION, *ground(_NAMED_DESTINATION).equivalent})


@attrs.frozen(kw_only=True)
class DeletionMatch:
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

    def to_dict(self) -> dict[str, Any]:
        """As JSON-compatible data."""
        return {
            "deletion": self.deletion.to_dict(),
            "admission": self.admission.to_dict(),
            "school_laestab": self.school_laestab,
            "days_between": self.days_between,
            "return_due": self.return_due.isoformat() if self.return_due else None,
            "return_on_time": self.return_on_time,
            "link": self.link.to_dict(),
            "citation": self.citation,
        }


@attrs.frozen(kw_only=True)
class AwaitedAdmission:
    """A deletion naming a destination school whose admission has not appeared after the
    LA's wait (``school_days_since`` of ``wait_school_days``, local practice): enquire now."""

    deletion: RecordRef
    destination_laestab: str | None
    school_days_since: int
    wait_school_days: int
    local_practice: bool = True
    citation: str = AWAITED_CITATION

    def to_dict(self) -> dict[str, Any]:
        """As JSON-compatible data."""
        return {
            "deletion": self.deletion.to_dict(),
            "destination_laestab": self.destination_laestab,
            "school_days_since": self.school_days_since,
            "wait_school_days": self.wait_school_days,
            "local_practice": self.local_practice,
            "citation": self.citation,
        }


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
class TwoRolls:
    """The same child admitted at two schools, both single registrations, neither deleted."""

    first: RecordRef
    second: RecordRef
    link: Link
    citation: str = TWO_ROLLS_CITATION

    def to_dict(self) -> dict[str, Any]:
        """As JSON-compatible data."""
        return {
            "first": self.first.to_dict(),
            "second": self.second.to_dict(),
            "link": self.link.to_dict(),
            "citation": self.citation,
        }


@attrs.frozen(kw_only=True)
class ReviewItem:
    """A possible match below the link threshold: an officer decides; never merged."""

    link: Link
    citation: str = REVIEW_CITATION

    def to_dict(self) -> dict[str, Any]:
        """As JSON-compatible data."""
        return {"link": self.link.to_dict(), "citation": self.citation}


@attrs.frozen(kw_only=True)
class Reconciliation:
    """Every list of a reconciliation judged on ``on``, with the settings used."""

    on: date
    settings: ReconcileSettings
    matches: tuple[DeletionMatch, ...]
    awaited: tuple[AwaitedAdmission, ...]
    referral_candidates: tuple[ReferralCandidate, ...]
    two_rolls: tuple[TwoRolls, ...]
    review: tuple[ReviewItem, ...]
    deletions: int
    admissions: int

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
        }


def _school_days(start: date, end: date, calendar: SchoolCalendar | None) -> int:
    """School days after ``start`` up to and including ``end``; without a calendar, weekdays
    that are not bank holidays in England (an approximation: no term dates)."""
    if end <= start:
        return 0
    if calendar is not None:
        try:
            return calendar.school_days_between(start, end)
        except CmeError:
            pass
    holidays: set[date] = set()
    for year in range(start.year, end.year + 1):
        holidays |= england_bank_holidays(year)
    count = 0
    day = start + timedelta(days=1)
    while day <= end:
        if day.weekday() < 5 and day not in holidays:
            count += 1
        day += timedelta(days=1)
    return count


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
    left: Sequence[Record], right: Sequence[Record], settings: ReconcileSettings
) -> tuple[list[Link], list[Link]]:
    """(links at or above the threshold, possible matches below it or with conflicting
    UPNs), exact ones first."""
    exact = list(exact_links(left, right))
    done_left = {link.left for link in exact}
    done_right = {link.right for link in exact}
    strong = list(exact)
    weak: list[Link] = []
    if settings.probabilistic:
        rest_left = [r for r in left if r.ref not in done_left]
        rest_right = [r for r in right if r.ref not in done_right]
        by_ref = {r.ref: r for r in (*rest_left, *rest_right)}
        for link in probabilistic_links(rest_left, rest_right, settings):
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


def reconcile(
    deletions: Iterable[DeletionReturn],
    admissions: Iterable[NewPupilReturn],
    *,
    on: date,
    settings: ReconcileSettings | None = None,
    policy: LAPolicy | None = None,
    calendar: SchoolCalendar | None = None,
    pseudonym: Pseudonym | None = None,
) -> Reconciliation:
    """Reconcile an LA's deletion returns with its new-pupil returns, judged on ``on``.

    Stage 1 links on the canonical UPN, former UPNs and (if ``pseudonym`` is given) the
    caller's pseudonymised key; stage 2 scores the rest with Splink on DuckDB
    (:class:`ReconcileSettings`). Names, dates of birth and postcodes are used for matching
    only: results name records by :class:`RecordRef`. ``policy`` decides which grounds leave
    the destination unknown and is handed to :func:`~cme_core.referral.assess_referral`;
    ``calendar`` counts school days (default: weekdays that are not bank holidays).
    """
    on = _require_date(on, "on")
    settings = ReconcileSettings() if settings is None else settings
    if not isinstance(settings, ReconcileSettings):
        raise InvalidArgument("settings must be a ReconcileSettings or None")
    policy = LAPolicy() if policy is None else policy
    if not isinstance(policy, LAPolicy):
        raise InvalidArgument("policy must be an LAPolicy or None")
    dels = [
        record_of(d, source="deletion", index=i, pseudonym=pseudonym)
        for i, d in enumerate(deletions)
    ]
    adms = [
        record_of(a, source="admission", index=i, pseudonym=pseudonym)
        for i, a in enumerate(admissions)
    ]
    by_ref = {r.ref: r for r in (*dels, *adms)}

    strong, weak = _links(dels, adms, settings)
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

    review = tuple(ReviewItem(link=link) for link in weak if link.left not in matched)

    awaited: list[AwaitedAdmission] = []
    candidates: list[ReferralCandidate] = []
    for rec in dels:
        if rec.ref in matched:
            continue
        dele = rec.ret
        assert isinstance(dele, DeletionReturn)
        try:
            ground = normalise_ground_ref(dele.ground)
        except (CmeError, ValueError):
            ground = dele.ground
        if policy.is_unknown_destination_ground(ground):
            candidates.append(_candidate(rec, dele, ground, on, policy))
        elif ground in _DESTINATION_GROUNDS or dele.other_school is not None:
            since = _school_days(dele.deleted_on, on, calendar)
            if since >= settings.destination_wait_school_days:
                awaited.append(
                    AwaitedAdmission(
                        deletion=rec.ref,
                        destination_laestab=(
                            dele.other_school.laestab if dele.other_school else None
                        ),
                        school_days_since=since,
                        wait_school_days=settings.destination_wait_school_days,
                    )
                )

    two = _two_rolls([a for a in adms if a.ref not in closed], settings, on)
    return Reconciliation(
        on=on,
        settings=settings,
        matches=tuple(matched[r.ref] for r in dels if r.ref in matched),
        awaited=tuple(awaited),
        referral_candidates=tuple(candidates),
        two_rolls=two,
        review=review,
        deletions=len(dels),
        admissions=len(adms),
    )


def _candidate(
    rec: Record, dele: DeletionReturn, ground: str, on: date, policy: LAPolicy
) -> ReferralCandidate:
    facts = (
        f"deleted on ground {ground}, which leaves the destination unknown",
        "no later admission found in the new-pupil returns reconciled",
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


def _two_rolls(
    adms: Sequence[Record], settings: ReconcileSettings, on: date
) -> tuple[TwoRolls, ...]:
    current = [
        a
        for a in adms
        if isinstance(a.ret, NewPupilReturn) and a.ret.starting_day <= on and not _is_dual(a.ret)
    ]
    strong, _weak = _links(current, current, settings)
    seen: set[frozenset[RecordRef]] = set()
    found: list[TwoRolls] = []
    for link in strong:
        if link.left == link.right or link.left.school_laestab == link.right.school_laestab:
            continue
        pair = frozenset((link.left, link.right))
        if pair in seen:
            continue
        seen.add(pair)
        first, second = sorted((link.left, link.right), key=lambda r: r.index)
        found.append(TwoRolls(first=first, second=second, link=link))
    return tuple(found)
