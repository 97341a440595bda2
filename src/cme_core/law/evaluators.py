"""The shared pieces every regime's evaluator table is built from.

Each function here tests one kind of condition against the facts and returns HOLDS, FAILS or
UNKNOWN with a plain-English reason and, where it can be computed, the first day the condition
held. A regime binds condition keys to these pieces in its own read-only table
(:attr:`cme_core.law.records.Regime.evaluators`, built with :func:`table` in
``law/regs2006`` and ``law/regs2024``); a piece that serves several wordings reads the
condition's typed parameters (:mod:`cme_core.law.params`), never a string to parse.

Conventions: a count condition holds *at the end* of its ``met_on`` day (after that day's
sessions), so a deletion dated ``met_on`` is not early. Nothing is guessed: a fact a condition
needs that is left ``None`` makes the condition UNKNOWN, and the same fact listed in
:attr:`DeletionFacts.known_none <cme_core.law.facts.DeletionFacts.known_none>` makes it FAIL.
A fact that only bars a ground (an order naming this school, a review requested) is read as
none when ``None`` (see :mod:`cme_core.law.facts`).

>>> sorted(table("died", "medical_certificate"))
['died', 'medical_certificate']
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import TypeVar

from cme_core._fields import checked, freeze_mapping
from cme_core.errors import InvalidInput
from cme_core.law.counting import absence_run, attended_between
from cme_core.law.facts import DeletionFacts, DetentionKind, EnquiryOutcome, Judgment, KnownNone
from cme_core.law.params import (
    ConditionParams,
    ContinuousAbsence,
    DaysAfterLeave,
    EnquiriesMade,
    FirstLimb,
    LeaveGranted,
    NurseryCompleted,
    SchoolNotMaintained,
    StopOrSixthForm,
    WrittenNoticeGiven,
)
from cme_core.law.records import (
    Condition,
    ConditionResult,
    ConditionStatus,
    Evaluator,
    Ground,
)
from cme_core.school_age import compulsory_school_age_end
from cme_core.schools import SchoolKind

__all__ = ["PIECES", "table"]

P = TypeVar("P", bound=ConditionParams)

_ONE_DAY = timedelta(days=1)
HOLDS, FAILS, UNKNOWN = ConditionStatus.HOLDS, ConditionStatus.FAILS, ConditionStatus.UNKNOWN


def _result(
    c: Condition,
    status: ConditionStatus,
    reason: str,
    met_on: date | None = None,
    *,
    under_way: bool = True,
) -> ConditionResult:
    """``under_way=False`` marks a failing temporal condition whose count has not begun (so
    time alone is not about to satisfy it)."""
    return ConditionResult(
        key=c.key,
        text=c.text,
        citation=c.citation,
        status=status,
        reason=reason,
        met_on=met_on if status is HOLDS else None,
        temporal=c.temporal and under_way,
        kind=c.kind,
    )


def _iso(d: date) -> str:
    return d.isoformat()


def _fact_date(c: Condition, when: date | None, on: date, what: str) -> ConditionResult:
    """A dated fact: holds from its date if that is on or before ``on``."""
    if when is None:
        return _result(c, UNKNOWN, f"no record that {what}")
    if when > on:
        return _result(c, FAILS, f"{what} only from {_iso(when)}, after {_iso(on)}")
    return _result(c, HOLDS, f"{what} on {_iso(when)}", when)


def _judgment(
    c: Condition, j: Judgment | None, on: date, what: str, *, want: bool = True
) -> ConditionResult:
    """A recorded judgment; ``want`` is the conclusion the condition needs."""
    if j is None:
        return _result(c, UNKNOWN, f"no recorded judgment whether {what}")
    if j.on > on:
        return _result(c, FAILS, f"the judgment whether {what} is dated after {_iso(on)}")
    answer = f"recorded on {_iso(j.on)}: {what}? {'yes' if j.holds else 'no'}"
    if j.holds is want:
        return _result(c, HOLDS, answer, j.on)
    return _result(c, FAILS, answer)


def _absent(
    c: Condition, f: DeletionFacts, which: KnownNone, unknown: str, none: str
) -> ConditionResult:
    """A fact the condition needs is ``None``: FAILS when it is known not to exist
    (``which`` in ``f.known_none``), else UNKNOWN."""
    if which in f.known_none:
        return _result(c, FAILS, f"known: {none}", under_way=False)
    return _result(c, UNKNOWN, unknown)


def _flag(c: Condition, value: bool | None, yes: str, no: str, unknown: str) -> ConditionResult:
    if value is None:
        return _result(c, UNKNOWN, unknown)
    return _result(c, HOLDS, yes) if value else _result(c, FAILS, no)


# --- parameters ------------------------------------------------------------------------------


def params(c: Condition, kind: type[P]) -> P:
    """The condition's parameters of type ``kind`` (its defaults where it has none)."""
    if c.params is None:
        try:
            return kind()
        except TypeError:
            raise InvalidInput(f"condition {c.key!r} needs {kind.__name__} parameters") from None
    if not isinstance(c.params, kind):
        raise InvalidInput(f"condition {c.key!r} needs {kind.__name__} parameters")
    return c.params


_NO_SAO = "no school attendance order recorded"
_NONE_SAO = "no school attendance order concerns the pupil"


def _sao_registered_under(f: DeletionFacts, on: date, c: Condition, g: Ground) -> ConditionResult:
    sao = f.school_attendance_order
    if sao is None:
        return _absent(c, f, KnownNone.SCHOOL_ATTENDANCE_ORDER, _NO_SAO, _NONE_SAO)
    return _flag(
        c,
        sao.registered_here_under_it,
        "registered here under a school attendance order",
        "not registered here under a school attendance order",
        "",
    )


def _sao_amended(f: DeletionFacts, on: date, c: Condition, g: Ground) -> ConditionResult:
    sao = f.school_attendance_order
    if sao is None:
        return _absent(c, f, KnownNone.SCHOOL_ATTENDANCE_ORDER, _NO_SAO, _NONE_SAO)
    if not sao.names_this_school:
        return _result(c, FAILS, "the order does not name this school")
    if sao.amended_to_other_school_on is None:
        return _result(c, FAILS, "the order, as recorded, has not been amended")
    return _fact_date(
        c, sao.amended_to_other_school_on, on, "the order was amended to name another school"
    )


def _sao_revoked(f: DeletionFacts, on: date, c: Condition, g: Ground) -> ConditionResult:
    sao = f.school_attendance_order
    if sao is None:
        return _absent(c, f, KnownNone.SCHOOL_ATTENDANCE_ORDER, _NO_SAO, _NONE_SAO)
    if not sao.names_this_school:
        return _result(c, FAILS, "the order does not name this school")
    if sao.revoked_on is not None and sao.revoked_because_education_otherwise is False:
        return _result(c, FAILS, "revoked, but not because education is arranged otherwise")
    if sao.revoked_on is not None and sao.revoked_because_education_otherwise is None:
        return _result(c, UNKNOWN, "revoked; the reason is not recorded")
    if sao.revoked_on is None:
        return _result(c, FAILS, "the order, as recorded, has not been revoked")
    return _fact_date(c, sao.revoked_on, on, "the order was revoked (education otherwise)")


def _sao_substituted_or_revoked(
    f: DeletionFacts, on: date, c: Condition, g: Ground
) -> ConditionResult:
    amended = _sao_amended(f, on, c, g)
    if amended.status is HOLDS:
        return amended
    revoked = _sao_revoked(f, on, c, g)
    if revoked.status is HOLDS:
        return revoked
    if UNKNOWN in (amended.status, revoked.status):
        return _result(c, UNKNOWN, f"{amended.reason}; {revoked.reason}")
    return _result(c, FAILS, f"{amended.reason}; {revoked.reason}")


def _no_sao_naming(f: DeletionFacts, on: date, c: Condition, g: Ground) -> ConditionResult:
    sao = f.school_attendance_order
    if sao is None and f.known_to_be_none(KnownNone.SCHOOL_ATTENDANCE_ORDER):
        return _result(c, HOLDS, f"known: {_NONE_SAO}", g.in_force.start)
    if sao is None or not sao.in_force_naming_this_school(on):
        return _result(
            c, HOLDS, "no school attendance order naming this school is in force", g.in_force.start
        )
    return _result(c, FAILS, "a school attendance order naming this school is in force")


def _not_under_sao_ground(f: DeletionFacts, on: date, c: Condition, g: Ground) -> ConditionResult:
    sao = f.school_attendance_order
    if sao is None and f.known_to_be_none(KnownNone.SCHOOL_ATTENDANCE_ORDER):
        return _result(c, HOLDS, f"not a case under 8(1)(a); known: {_NONE_SAO}", g.in_force.start)
    if sao is None or not sao.registered_here_under_it:
        return _result(c, HOLDS, "not a case under 8(1)(a)", g.in_force.start)
    return _result(c, FAILS, "the pupil is registered under a school attendance order: see 8(1)(a)")


def _registered_elsewhere(f: DeletionFacts, on: date, c: Condition, g: Ground) -> ConditionResult:
    regs = [
        r for r in f.registered_elsewhere if r.registered_from is None or r.registered_from <= on
    ]
    if not regs:
        if f.registered_elsewhere:
            return _result(c, FAILS, "registration elsewhere starts after the day")
        return _absent(
            c,
            f,
            KnownNone.REGISTRATION_ELSEWHERE,
            "no registration at another school recorded",
            "not registered at any other school",
        )
    dates = [r.registered_from for r in regs if r.registered_from is not None]
    return _result(c, HOLDS, "registered at another school", min(dates) if dates else None)


def _not_dual_agreed(f: DeletionFacts, on: date, c: Condition, g: Ground) -> ConditionResult:
    if any(r.dual_registration_agreed for r in f.registered_elsewhere):
        return _result(c, FAILS, "dual registration was agreed: see the dual-registration ground")
    return _result(c, HOLDS, "no agreement to dual registration recorded", g.in_force.start)


def _dual_registered(f: DeletionFacts, on: date, c: Condition, g: Ground) -> ConditionResult:
    return _registered_elsewhere(f, on, c, g)


def _others_consented(f: DeletionFacts, on: date, c: Condition, g: Ground) -> ConditionResult:
    regs = f.registered_elsewhere
    if not regs:
        return _absent(
            c,
            f,
            KnownNone.REGISTRATION_ELSEWHERE,
            "no other school recorded",
            "not registered at any other school",
        )
    missing = [r for r in regs if r.consent_to_deletion is None]
    if missing:
        return _result(c, FAILS, f"{len(missing)} other school(s) have not consented")
    dates = [r.consent_to_deletion.on for r in regs if r.consent_to_deletion is not None]
    latest = max(dates)
    if latest > on:
        return _result(c, FAILS, f"the last consent is dated {_iso(latest)}, after {_iso(on)}")
    return _result(c, HOLDS, "every other school consented", latest)


def _not_nfa(f: DeletionFacts, on: date, c: Condition, g: Ground) -> ConditionResult:
    if f.no_fixed_abode_school_of_ordinary_attendance_here:
        return _result(
            c, FAILS, "reg 9: this is the no-fixed-abode pupil's school of ordinary attendance"
        )
    return _result(c, HOLDS, "no reg 9 (no fixed abode) case recorded", g.in_force.start)


def _not_mobile_main(f: DeletionFacts, on: date, c: Condition, g: Ground) -> ConditionResult:
    if f.mobile_child_main_school_here:
        return _result(c, FAILS, "a mobile child whose main school is this school (reg 9(4))")
    return _result(c, HOLDS, "not a mobile child whose main school is this one", g.in_force.start)


def _not_died_or_excluded(f: DeletionFacts, on: date, c: Condition, g: Ground) -> ConditionResult:
    if f.died_on is not None and f.died_on <= on:
        return _result(c, FAILS, "a case under the death ground")
    if f.exclusion is not None and not f.exclusion.reinstated:
        return _result(c, FAILS, "a case under the permanent-exclusion ground")
    return _result(c, HOLDS, "not a case under the death or exclusion grounds", g.in_force.start)


def _ceased_to_attend(f: DeletionFacts, on: date, c: Condition, g: Ground) -> ConditionResult:
    return _fact_date(c, f.ceased_to_attend_on, on, "the pupil ceased to attend")


def _ceased_attending_or_boarder_left(
    f: DeletionFacts, on: date, c: Condition, g: Ground
) -> ConditionResult:
    boarder = f.boarder_on(on)
    if boarder is None:
        return _result(c, UNKNOWN, "boarder status not recorded")
    if boarder:
        return _ceased_to_be_pupil(f, on, c, g)
    return _ceased_to_attend(f, on, c, g)


def _ceased_to_be_pupil(f: DeletionFacts, on: date, c: Condition, g: Ground) -> ConditionResult:
    return _fact_date(
        c, f.ceased_to_be_pupil_on, on, "the pupil ceased to be a pupil of the school"
    )


def _written_notice(f: DeletionFacts, on: date, c: Condition, g: Ground) -> ConditionResult:
    notice = f.home_education_notice
    if notice is None:
        return _absent(
            c,
            f,
            KnownNone.HOME_EDUCATION_NOTICE,
            "no parent's notice of education otherwise recorded",
            "no parent's notice of education otherwise was received",
        )
    if not notice.in_writing:
        return _result(c, FAILS, "the parent's notice was not in writing", under_way=False)
    received = _fact_date(c, notice.received_on, on, "written notice received")
    if received.status is not HOLDS or not params(c, WrittenNoticeGiven).named_day_passed:
        return received
    last = notice.last_day_of_attendance
    if last is None:
        return _result(
            c, UNKNOWN, "the notice's day after which the pupil will not attend is not recorded"
        )
    if last >= on:
        return _result(
            c, FAILS, f"the day named in the notice ({_iso(last)}) has not passed", under_way=True
        )
    return _result(
        c,
        HOLDS,
        f"notice received {_iso(notice.received_on)}; named day {_iso(last)} has passed",
        max(notice.received_on, last + _ONE_DAY),
    )


def _not_boarder(f: DeletionFacts, on: date, c: Condition, g: Ground) -> ConditionResult:
    boarder = f.boarder_on(on)
    return _flag(
        c,
        None if boarder is None else not boarder,
        "not a boarder",
        "the pupil is a boarder",
        "boarder status not recorded",
    )


def _boarder(f: DeletionFacts, on: date, c: Condition, g: Ground) -> ConditionResult:
    boarder = f.boarder_on(on)
    return _flag(c, boarder, "a boarder", "not a boarder", "boarder status not recorded")


def _moved_away(f: DeletionFacts, on: date, c: Condition, g: Ground) -> ConditionResult:
    return _judgment(c, f.moved_away, on, "the pupil no longer lives within a reasonable distance")


def _will_not_attend_again(f: DeletionFacts, on: date, c: Condition, g: Ground) -> ConditionResult:
    return _judgment(
        c,
        f.will_not_attend_again,
        on,
        "there are no reasonable grounds to believe the pupil will attend again",
    )


def _no_sickness_belief(f: DeletionFacts, on: date, c: Condition, g: Ground) -> ConditionResult:
    return _judgment(
        c,
        f.sickness_or_unavoidable_cause,
        on,
        "there are reasonable grounds to believe the pupil is unable to attend through sickness "
        "or unavoidable cause",
        want=False,
    )


def _leave_granted(f: DeletionFacts, on: date, c: Condition, g: Ground) -> ConditionResult:
    leave = f.leave
    if leave is None:
        return _absent(
            c,
            f,
            KnownNone.LEAVE_OF_ABSENCE,
            "no leave of absence recorded",
            "no leave of absence was granted",
        )
    which = params(c, LeaveGranted)
    if which.holiday_over_ten_school_days:
        if leave.holiday_over_ten_school_days is None:
            return _result(
                c,
                UNKNOWN,
                "whether the leave was holiday leave over ten school days is not recorded",
            )
        if not leave.holiday_over_ten_school_days:
            return _result(
                c, FAILS, "before 1 Sep 2013 only holiday leave over ten school days counts"
            )
    granted = leave.granted_on or leave.first_day
    granted_from = which.granted_from
    if granted_from is not None and granted < granted_from:
        if leave.granted_on is None:
            return _result(
                c,
                UNKNOWN,
                f"leave began before {_iso(granted_from)}; when it was granted is not recorded",
            )
        return _result(
            c, FAILS, f"granted before {_iso(granted_from)}, under the old reg 7(3), not reg 7(1A)"
        )
    return _fact_date(c, granted, on, "leave of absence granted")


def _no_attendance_after_leave(
    f: DeletionFacts, on: date, c: Condition, g: Ground
) -> ConditionResult:
    leave, calendar, record = f.leave, f.school_calendar, f.attendance
    n = params(c, DaysAfterLeave).school_days
    if leave is None:
        return _absent(
            c,
            f,
            KnownNone.LEAVE_OF_ABSENCE,
            "no leave of absence recorded",
            "no leave of absence was granted",
        )
    if calendar is None:
        return _result(c, UNKNOWN, "no school calendar: school days cannot be counted")
    if record is None:
        return _result(c, UNKNOWN, "no attendance marks given")
    if not calendar.covers(on):
        return _result(c, UNKNOWN, f"the school calendar does not cover {_iso(on)}")
    days = tuple(calendar.add_school_days(leave.last_day, i) for i in range(1, n + 1))
    passed = tuple(d for d in days if d <= on)
    attended, gaps = attended_between(record, passed)
    gaps = tuple(d for d in gaps if d != on)  # the judging day may not be marked yet
    if attended is not None:
        return _result(c, FAILS, f"the pupil attended on {_iso(attended)}, within {n} school days")
    if len(passed) < n:
        return _result(
            c,
            FAILS,
            f"only {len(passed)} of the {n} school days after the leave have passed "
            f"(the {n}th is {_iso(days[-1])})",
        )
    if gaps:
        return _result(
            c, UNKNOWN, f"no marks for {len(gaps)} of the {n} school days (first {_iso(gaps[0])})"
        )
    return _result(c, HOLDS, f"no attendance in the {n} school days to {_iso(days[-1])}", days[-1])


def _continuous_absence(f: DeletionFacts, on: date, c: Condition, g: Ground) -> ConditionResult:
    run_params = params(c, ContinuousAbsence)
    n, rule = run_params.school_days, run_params.rule
    calendar, record = f.school_calendar, f.attendance
    if calendar is None:
        return _result(c, UNKNOWN, "no school calendar: school days cannot be counted")
    if record is None:
        return _result(c, UNKNOWN, "no attendance marks given")
    if not calendar.covers(on):
        return _result(c, UNKNOWN, f"the school calendar does not cover {_iso(on)}")
    run = absence_run(record, calendar, on, rule)
    if run.length >= n:
        nth = run.nth_day(n)
        return _result(
            c,
            HOLDS,
            f"{run.length} school days of qualifying absence from {_iso(run.days[0])}; "
            f"the {n}th was {_iso(nth) if nth else '?'}",
            nth,
        )
    stop = ""
    if run.stopped_on is not None and run.stopped_by is not None:
        what = "no usable mark" if run.stopped_by.value == "gap" else "a mark that breaks the run"
        stop = f"; {what} on {_iso(run.stopped_on)}"
        if run.stopped_by.value == "gap" and run.stopped_on >= record.first_day:
            return _result(c, UNKNOWN, f"{run.length} of {n} school days counted{stop}")
    elif run.length and not _record_covers_admission(f, record.first_day):
        return _result(
            c,
            UNKNOWN,
            f"{run.length} of {n} school days counted; the marks given start "
            f"{_iso(record.first_day)}, after the pupil's admission (or it is not given)",
        )
    return _result(
        c,
        FAILS,
        f"{run.length} of {n} school days of qualifying absence{stop}",
        under_way=run.length > 0,
    )


def _record_covers_admission(f: DeletionFacts, first_day: date) -> bool:
    """True when the marks start on or before the pupil's (latest) admission."""
    if f.entry is None or not f.entry.entries:
        return False
    return f.entry.entries[-1].on >= first_day


def _enquiries(f: DeletionFacts, on: date, c: Condition, g: Ground) -> ConditionResult:
    how = params(c, EnquiriesMade)
    joint, allow_located = how.joint, how.allow_located
    e = f.enquiries
    if e is None:
        return _result(c, UNKNOWN, "no record of reasonable enquiries / efforts")
    if e.school_part_on is None:
        return _result(c, UNKNOWN, "the school's part of the enquiries is not recorded")
    if joint and e.la_part_on is None:
        return _result(c, UNKNOWN, "the LA's part of the joint enquiries is not recorded")
    done = e.completed_on if joint else e.school_part_on
    assert done is not None
    if done > on:
        return _result(c, FAILS, f"the enquiries were completed on {_iso(done)}, after {_iso(on)}")
    if e.outcome is EnquiryOutcome.NOT_FOUND:
        return _result(c, HOLDS, f"enquiries completed {_iso(done)}: location not found", done)
    if not allow_located:
        return _result(
            c, FAILS, "the pupil was located: this ground needs the enquiries to have failed"
        )
    agreement = (
        e.agree_will_not_attend_again
        if joint
        else (e.agree_will_not_attend_again or f.will_not_attend_again)
    )
    if agreement is None:
        return _result(
            c, UNKNOWN, "located; no recorded agreement that the pupil will not attend again"
        )
    if not agreement.holds:
        return _result(c, FAILS, "located, and it is not agreed the pupil will not attend again")
    when = max(done, agreement.on)
    if when > on:
        return _result(c, FAILS, f"the agreement is dated after {_iso(on)}")
    return _result(
        c, HOLDS, f"located; agreed on {_iso(agreement.on)} the pupil will not attend again", when
    )


def _medical(f: DeletionFacts, on: date, c: Condition, g: Ground) -> ConditionResult:
    cert = f.medical_certificate
    if cert is None:
        return _absent(
            c,
            f,
            KnownNone.MEDICAL_CERTIFICATE,
            "no medical officer's certificate recorded",
            "the school medical officer has given no certificate",
        )
    if not cert.unlikely_fit_before_end_of_csa:
        return _result(
            c, FAILS, "the certificate does not say the pupil is unlikely to be fit in time"
        )
    return _fact_date(c, cert.certified_on, on, "certified unfit to attend")


def _no_intention_to_continue(
    f: DeletionFacts, on: date, c: Condition, g: Ground
) -> ConditionResult:
    cert = f.medical_certificate
    if cert is None:
        return _result(c, UNKNOWN, "no medical certificate recorded")
    if cert.intention_to_continue_stated:
        return _result(c, FAILS, "the pupil or parent said the pupil will continue")
    return _result(c, HOLDS, "no intention to continue stated", cert.certified_on)


def _detention_2006(f: DeletionFacts, on: date, c: Condition, g: Ground) -> ConditionResult:
    d = f.detention
    if d is None:
        return _absent(
            c, f, KnownNone.DETENTION, "no detention recorded", "the pupil is not detained"
        )
    if d.kind not in (DetentionKind.FINAL_ORDER, DetentionKind.ORDER_OF_RECALL):
        return _result(c, FAILS, "not a final order or an order of recall (remand is not enough)")
    if d.order_months is None:
        return _result(c, UNKNOWN, "the length of the order is not recorded")
    if d.order_months < 4:
        return _result(c, FAILS, f"the order is for {d.order_months} month(s), under four")
    if d.released_on is not None and d.released_on <= on:
        return _result(c, FAILS, f"released on {_iso(d.released_on)}: no longer detained")
    return _fact_date(c, d.started_on, on, "detained under an order of at least four months")


def _sentence_of_detention(f: DeletionFacts, on: date, c: Condition, g: Ground) -> ConditionResult:
    d = f.detention
    if d is None:
        return _absent(
            c, f, KnownNone.DETENTION, "no detention recorded", "the pupil is not detained"
        )
    if d.released_on is not None and d.released_on <= on:
        return _result(c, FAILS, f"released on {_iso(d.released_on)}: no longer detained")
    if d.kind is not DetentionKind.SENTENCE_OF_DETENTION:
        return _result(
            c, FAILS, "not a sentence of detention (reg 3): remand or police detention is not one"
        )
    return _fact_date(c, d.started_on, on, "detained under a sentence of detention")


def _died(f: DeletionFacts, on: date, c: Condition, g: Ground) -> ConditionResult:
    if f.died_on is None:
        return _absent(c, f, KnownNone.DEATH, "no record that the pupil died", "the pupil is alive")
    return _fact_date(c, f.died_on, on, "the pupil died")


def _ceases_csa(f: DeletionFacts, on: date, c: Condition, g: Ground) -> ConditionResult:
    if f.date_of_birth is None:
        return _result(c, UNKNOWN, "date of birth not given")
    calendar = f.school_calendar
    if calendar is None:
        return _result(c, UNKNOWN, "no school calendar: when the school next meets is unknown")
    end = compulsory_school_age_end(f.date_of_birth)
    next_meeting = calendar.next_school_day(on)
    if end >= next_meeting:
        return _result(
            c,
            FAILS,
            f"still of compulsory school age when the school next meets ({_iso(next_meeting)})",
            under_way=(end - on).days <= 120,
        )
    last = calendar.school_day_on_or_before(end) if calendar.covers(end) else end
    return _result(
        c,
        HOLDS,
        f"compulsory school age ends {_iso(end)}, before the school next meets",
        min(last, on),
    )


def _stop_attending_indicated(
    f: DeletionFacts, on: date, c: Condition, g: Ground
) -> ConditionResult:
    return _judgment(
        c,
        f.will_stop_attending_indicated,
        on,
        "the relevant person indicated the pupil will stop attending",
    )


def _stop_or_sixth_form(f: DeletionFacts, on: date, c: Condition, g: Ground) -> ConditionResult:
    first = (
        _stop_attending_indicated(f, on, c, g)
        if params(c, StopOrSixthForm).first is FirstLimb.INDICATED
        else _will_not_attend_again(f, on, c, g)
    )
    second = _judgment(
        c,
        f.sixth_form_requirements_not_met,
        on,
        "the pupil does not meet the sixth form's entry requirements",
    )
    for r in (first, second):
        if r.status is HOLDS:
            return r
    if UNKNOWN in (first.status, second.status):
        return _result(c, UNKNOWN, f"{first.reason}; {second.reason}")
    return _result(c, FAILS, f"{first.reason}; {second.reason}")


_NOT_2006_L = frozenset(
    {
        SchoolKind.MAINTAINED,
        SchoolKind.MAINTAINED_SPECIAL,
        SchoolKind.PUPIL_REFERRAL_UNIT,
        SchoolKind.ACADEMY,
        SchoolKind.FREE_SCHOOL,
        SchoolKind.SPECIAL_ACADEMY,
        SchoolKind.CITY_TECHNOLOGY_COLLEGE,
        SchoolKind.CITY_COLLEGE_TECHNOLOGY_ARTS,
    }
)


def _school_not_maintained(f: DeletionFacts, on: date, c: Condition, g: Ground) -> ConditionResult:
    kind = f.school.kind
    if params(c, SchoolNotMaintained).ctc_excluded:
        ok = kind not in _NOT_2006_L
    else:
        ok = not (kind.is_la_maintained or kind.is_academy)
    return _flag(c, ok, f"the school is {kind.value}", f"the school is {kind.value}", "")


def _boarder_at_maintained(f: DeletionFacts, on: date, c: Condition, g: Ground) -> ConditionResult:
    kind = f.school.kind
    if not (kind.is_la_maintained or kind.is_academy):
        return _result(c, FAILS, f"the school is {kind.value}, not maintained or an Academy")
    return _boarder(f, on, c, g)


def _charges_unpaid(f: DeletionFacts, on: date, c: Condition, g: Ground) -> ConditionResult:
    ch = f.boarding_charges
    if ch is None:
        return _absent(
            c,
            f,
            KnownNone.BOARDING_CHARGES,
            "no boarding charges recorded",
            "no boarding charges are unpaid",
        )
    if not ch.payable_by_parent:
        return _result(c, FAILS, "the charges are not payable by the parent")
    if not ch.unpaid_at_term_end:
        return _result(c, FAILS, "the charges were paid by the end of the term")
    return _fact_date(c, ch.term_last_day, on, "charges unpaid at the end of the term")


def _nursery(f: DeletionFacts, on: date, c: Condition, g: Ground) -> ConditionResult:
    n = f.nursery
    if n is None:
        return _absent(
            c,
            f,
            KnownNone.NURSERY_COMPLETION,
            "no completion of nursery education recorded",
            "the pupil did not complete nursery education here",
        )
    if n.transferred_to_reception_here and not params(c, NurseryCompleted).would_move_up:
        return _result(c, FAILS, "the pupil transferred to reception here")
    return _fact_date(c, n.completed_on, on, "nursery education completed")


def _exclusion_took_effect(f: DeletionFacts, on: date, c: Condition, g: Ground) -> ConditionResult:
    ex = f.exclusion
    if ex is None:
        return _absent(
            c,
            f,
            KnownNone.PERMANENT_EXCLUSION,
            "no permanent exclusion recorded",
            "the pupil was not permanently excluded",
        )
    if ex.reinstated:
        return _result(c, FAILS, "the pupil was reinstated")
    if not ex.duties_discharged:
        return _result(c, FAILS, "the responsible body has not discharged its duties")
    if ex.statement_no_review_on is not None:
        return _fact_date(
            c, ex.statement_no_review_on, on, "written statement that no review will be sought"
        )
    window = ex.window_school_days
    calendar = f.school_calendar
    closes = None
    if ex.decision_notified_on is not None and calendar is not None:
        closes = calendar.add_school_days(ex.decision_notified_on, window)
    requested = ex.review_requested_on
    if requested is not None and (closes is None or requested <= closes):
        if ex.review_concluded_on is None or ex.review_concluded_on > on:
            return _result(c, FAILS, "a review was requested in time and has not concluded")
        return _fact_date(
            c, ex.review_concluded_on, on, "the review concluded without reinstatement"
        )
    if ex.decision_notified_on is None:
        return _result(
            c, UNKNOWN, "the date of notice of the decision not to reinstate is not recorded"
        )
    if closes is None:
        return _result(c, UNKNOWN, "no school calendar: the review window cannot be counted")
    expired = closes + _ONE_DAY  # a review may still be asked for on the last day
    if expired > on:
        return _result(
            c,
            FAILS,
            f"the window for a review ({window} school days) runs to the end of {_iso(closes)}",
        )
    # ``review_requested_on`` None bars nothing: read as no review (known, if so listed).
    sought = (
        "known: no review was requested"
        if f.known_to_be_none(KnownNone.EXCLUSION_REVIEW)
        else "no review sought in time"
    )
    return _result(
        c,
        HOLDS,
        f"{sought}; the window closed at the end of {_iso(closes)}",
        expired,
    )


PIECES: Mapping[str, Evaluator] = freeze_mapping(
    {
        "sao_registered_under": _sao_registered_under,
        "sao_substituted_or_revoked": _sao_substituted_or_revoked,
        "sao_amended": _sao_amended,
        "sao_revoked": _sao_revoked,
        "no_sao_naming_school": _no_sao_naming,
        "not_sao_ground": _not_under_sao_ground,
        "registered_elsewhere": _registered_elsewhere,
        "not_dual_agreed": _not_dual_agreed,
        "dual_registered": _dual_registered,
        "others_consented": _others_consented,
        "not_nfa_ordinary_school": _not_nfa,
        "not_mobile_main_school": _not_mobile_main,
        "not_died_or_excluded": _not_died_or_excluded,
        "ceased_to_attend": _ceased_to_attend,
        "ceased_to_be_pupil": _ceased_to_be_pupil,
        "ceased_attending_or_boarder_left": _ceased_attending_or_boarder_left,
        "written_notice": _written_notice,
        "not_boarder": _not_boarder,
        "boarder": _boarder,
        "moved_away": _moved_away,
        "will_not_attend_again": _will_not_attend_again,
        "no_sickness_belief": _no_sickness_belief,
        "leave_granted": _leave_granted,
        "no_attendance_after_leave": _no_attendance_after_leave,
        "continuous_absence": _continuous_absence,
        "enquiries_failed": _enquiries,
        "medical_certificate": _medical,
        "no_intention_to_continue": _no_intention_to_continue,
        "detention_order_2006": _detention_2006,
        "sentence_of_detention": _sentence_of_detention,
        "died": _died,
        "ceases_csa_before_school_next_meets": _ceases_csa,
        "stop_attending_indicated": _stop_attending_indicated,
        "stop_or_sixth_form": _stop_or_sixth_form,
        "school_not_maintained": _school_not_maintained,
        "boarder_at_maintained_or_academy": _boarder_at_maintained,
        "charges_unpaid": _charges_unpaid,
        "nursery_completed": _nursery,
        "exclusion_took_effect": _exclusion_took_effect,
    }
)
"""Every shared piece, by the condition key the law data uses for it (read-only)."""


@checked
def table(*keys: str) -> Mapping[str, Evaluator]:
    """A regime's evaluator table: the pieces for ``keys``, read-only.

    Raises :class:`InvalidInput` for a key with no piece.
    """
    missing = [k for k in keys if k not in PIECES]
    if missing:
        raise InvalidInput(f"no evaluator piece for {', '.join(sorted(missing))}")
    return freeze_mapping({k: PIECES[k] for k in keys})
