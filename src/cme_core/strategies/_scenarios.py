"""Deletion scenarios: :func:`deletion_scenarios` draws :class:`DeletionScenario` records,
facts under which a deletion ground is met, or narrowly not met."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

import attrs

from cme_core._fields import typed_fields
from cme_core.calendars import SchoolCalendar
from cme_core.errors import CmeError
from cme_core.law import (
    AgeScope,
    BoardingCharges,
    Condition,
    Consent,
    ContinuousAbsence,
    DeletionFacts,
    Detention,
    DetentionKind,
    Enquiries,
    EnquiriesMade,
    EnquiryOutcome,
    FirstLimb,
    Ground,
    GroundAssessment,
    Judgment,
    LeaveGranted,
    LeaveOfAbsence,
    MedicalCertificate,
    NurseryCompleted,
    NurseryCompletion,
    OtherRegistration,
    PermanentExclusion,
    SchoolAttendanceOrder,
    StopOrSixthForm,
    WrittenNotice,
    WrittenNoticeGiven,
    assess_ground,
    regime_by_id,
)
from cme_core.law import ground as law_ground
from cme_core.people import Pupil
from cme_core.periods import REGS_2006_START, RegimeId
from cme_core.registers import AdmissionEntry, EnrolmentStatus, Entered, OtherSchool
from cme_core.school_age import academic_year_of, school_leaving_date, year_group
from cme_core.schools import School, SchoolKind
from cme_core.strategies._calendars import (
    _ENGLISH_LA_CODES,
    _SHAPES,
    _draw_calendar,
    _school_fields,
)
from cme_core.strategies._common import (
    InvalidArgument,
    SearchStrategy,
    _chance,
    _check_bool,
    _day_between,
    _ints,
    _optional_values,
    _pick,
    st,
)
from cme_core.strategies._people import (
    _draw_csa_dob,
    _draw_non_csa_dob,
    _draw_pupil,
    _draw_pupil_id,
)
from cme_core.strategies._registers import (
    _ROLES,
    _check_on,
    _draw_marks,
    _draw_other_school,
    _record,
    _regime_on,
)


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class DeletionScenario:
    """One drawn deletion scenario (see :func:`deletion_scenarios`): the facts about a pupil,
    the day they are judged on, the ground (the version in force that day), and the key of the
    ground's own condition made to fail (``None`` when the ground is met).
    """

    facts: DeletionFacts
    on: date
    ground: Ground
    failing: str | None = None

    def assess(self) -> GroundAssessment:
        """``assess_ground(self.ground, self.facts, self.on)``."""
        return assess_ground(self.ground, self.facts, self.on)


_CSA = AgeScope.COMPULSORY_SCHOOL_AGE
_LAST_SCENARIO_DAY = date(2097, 7, 31)
"""Calendars (two school years around the day) reach 2098, the last year drawn."""
_DEFAULT_LAST_SCENARIO_DAY = date(2029, 7, 31)
_FIRST_HISTORY_DAY_2006 = date(2006, 11, 20)
"""The first day a 2006 ground that counts school days (runs of absence, return after leave,
the exclusion review window) can be drawn for: marks begin with the 2006 code set."""
_FIRST_ENCODED_DOB = date(1993, 8, 1)
"""Compulsory school age is encoded for fifth birthdays from 1 August 1998 (SI 1998/1607)."""
_HISTORY_KEYS = frozenset(
    {"continuous_absence", "no_attendance_after_leave", "exclusion_took_effect"}
)
_CEASES = "ceases_csa_before_school_next_meets"
_JUDGES = ("headteacher", "deputy headteacher", "attendance officer", "LA CME officer")
_BREAKERS = ("/", "L", "U", "B")
"""Marks that break a run under every rule and exist in both code sets."""
_RULE_BREAKERS = {
    "csa_2006": ("I", "C", "E", "H", "M"),
    "non_csa_2006": ("I", "C", "E", "H", "M"),
    "csa_2024": ("I", "C", "C1", "E", "K", "M"),
    "non_csa_2024": ("C", "C1", "C2", "S", "M"),
}
"""More breaking marks, used only on days whose code set is that of the rule's regime."""
_RELEVANT_EXCLUSIONS = (date(2020, 6, 1), date(2021, 3, 24))
"""Exclusions with a 25-school-day review window (SI 2012/1033 Sch 1 para 2(1A))."""


def _leaver_dobs(leaving: date) -> tuple[date, date] | None:
    """Dates of birth for which compulsory school age ends on ``leaving`` (the last Friday in
    June: EA 1996 s8(3), SI 1997/1970), within the encoded rules."""
    y = leaving.year
    low = max(date(y - 17, 9, 1), _FIRST_ENCODED_DOB)
    high = date(y - 16, 8, 31)
    return (low, high) if low <= high else None


def _leaving_window(day: date) -> date | None:
    """The leaving date if ``day`` is that day or one of the two weekdays before it, and a
    leaver's compulsory school age can be encoded."""
    if day.year < 1998:
        return None
    leaving = school_leaving_date(day.year)
    if leaving - timedelta(days=2) <= day <= leaving and _leaver_dobs(leaving):
        return leaving
    return None


def _check_scenario_day(value: object, name: str) -> date:
    day = _check_on(value, name)
    if day > _LAST_SCENARIO_DAY:
        raise InvalidArgument(f"{name} must be on or before {_LAST_SCENARIO_DAY}")
    return day


def _ground_versions(value: object, name: str, day: date | None = None) -> tuple[Ground, ...]:
    """The versions a ground argument stands for: a Ground pins one; a reference stands for
    every version of that ground (the one in force on the scenario's day is used)."""
    if isinstance(value, Ground):
        if value.regime not in tuple(RegimeId):
            raise InvalidArgument(f"{name}: a Ground of regime '2006' or '2024' is needed")
        unknown = [c.key for c in value.conditions if c.key not in _BUILDERS]
        if unknown:
            raise InvalidArgument(
                f"{name}: ground {value.ref} has conditions no scenario can be drawn for: {unknown}"
            )
        return (value,)
    if not isinstance(value, str) or not value.strip():
        raise InvalidArgument(
            f"{name} must be a Ground or a reference such as '9(1)(i)', got {type(value).__name__}"
        )
    try:
        found = law_ground(value) if day is None else law_ground(value, on=day)
    except CmeError as exc:
        raise InvalidArgument(f"{name}: {exc}") from None
    return regime_by_id(found.regime).history(found.ref)


def _version_on(versions: Sequence[Ground], day: date) -> Ground:
    for g in versions:
        if g.in_force_on(day):
            return g
    spans = ", ".join(f"{g.in_force.start} to {g.in_force.end or 'now'}" for g in versions)
    raise InvalidArgument(f"ground {versions[0].ref} (in force {spans}) is not in force on {day}")


def _earliest_day(g: Ground) -> date:
    keys = {c.key for c in g.conditions}
    if g.regime == RegimeId.REGS_2006 and keys & _HISTORY_KEYS:
        return max(g.in_force.start, _FIRST_HISTORY_DAY_2006)
    return g.in_force.start


def _failures(g: Ground, day: date | None) -> tuple[bool, tuple[str, ...]]:
    """Whether ``g`` can be met on ``day`` (any day if None), and the keys of its own
    conditions that can be made the one failing condition then."""
    keys = tuple(c.key for c in g.conditions)
    if day is None:
        return True, keys
    window = _CEASES not in keys or _leaving_window(day) is not None
    return window, keys if window else (_CEASES,)


def _check_scenario(g: Ground, met: bool, day: date) -> None:
    """InvalidArgument unless a scenario for ``g`` (met or not) can be drawn for ``day``."""
    if not g.in_force_on(day):
        end = g.in_force.end.isoformat() if g.in_force.end else "now"
        raise InvalidArgument(
            f"ground {g.ref} (this wording: {g.in_force.start} to {end}) is not in force on {day}"
        )
    if day < _earliest_day(g):
        raise InvalidArgument(
            f"ground {g.ref} counts school days of marks under SI 2006/1751, which began on "
            f"{REGS_2006_START}: on= must be from {_earliest_day(g)}"
        )
    can_meet, _ = _failures(g, day)
    if met and not can_meet:
        raise InvalidArgument(
            f"ground {g.ref} can be met only when compulsory school age ends (the last Friday "
            f"in June, EA 1996 s8(3)) before the school next meets: on= must be that Friday or "
            f"one of the two days before it, from 2009 (got {day})"
        )


class _Scenario:
    """The state of one scenario while it is drawn: the builders of the ground's conditions
    each add the facts that make their condition hold, or (for ``failing``) fail."""

    def __init__(
        self, draw: st.DrawFn, ground: Ground, day: date, failing: str | None, dob: date
    ) -> None:
        self.draw = draw
        self.ground = ground
        self.on = day
        self.failing = failing
        self.dob = dob
        self.case_start = max(dob + timedelta(days=400), day - timedelta(days=draw(_ints(0, 120))))
        self.fields: dict[str, Any] = {}
        self.sao: dict[str, Any] | None = None
        self.registrations: list[dict[str, Any]] | None = None
        self.certificate: dict[str, Any] | None = None
        self.boarder: bool | None = None
        self.variant: dict[str, str] = {}
        self.marks: dict[date, tuple[str, str]] = {}
        self.calendar: SchoolCalendar
        self.school: School
        self.days: tuple[date, ...] = ()
        self.leave_span: tuple[int, int, int] | None = None

    def past(self, low: date | None = None) -> date:
        """A day from the start of the case (or ``low``) to the judging day."""
        first = self.case_start if low is None else max(low, self.case_start)
        return _day_between(self.draw, min(first, self.on), self.on)

    def future(self) -> date:
        """A day after the judging day."""
        return self.on + timedelta(days=self.draw(_ints(1, 60)))

    def judgment(self, holds: bool) -> Judgment:
        return Judgment(holds=holds, by=_pick(self.draw, _JUDGES), on=self.past())

    def choose(self, key: str, options: Sequence[str]) -> str:
        """The variant of condition ``key`` (drawn once, remembered)."""
        if key not in self.variant:
            self.variant[key] = _pick(self.draw, options)
        return self.variant[key]

    def history(self, needed: int) -> int:
        """The index in ``days`` of the last school day on or before the judging day, after
        checking that ``needed`` school days with marks come before it."""
        last = len(self.days) - 1
        if last < needed:
            raise InvalidArgument(
                f"too few school days with marks before {self.on} for ground {self.ground.ref}"
            )
        return last

    def mark_span(self, first: int, last: int) -> None:
        """Realistic marks for ``days[first:last]`` (those not marked yet)."""
        span = [d for d in self.days[max(first, 0) : last] if d not in self.marks]
        self.marks.update(_draw_marks(self.draw, span))


def _qualifying(draw: st.DrawFn, rule: str, day: date) -> str:
    """A mark that continues a run of absence under ``rule`` (counting.RunRule) on ``day``:
    G, N or O under every rule; also I, E, R or T for pupils not of compulsory school age
    from 19 August 2024 (SI 2024/208 reg 9(3)(c)(i): only leave breaks the run)."""
    if rule == "non_csa_2024" and _regime_on(day) == RegimeId.REGS_2024:
        return _pick(draw, ("N", "N", "O", "O", "G", "I", "E", "R", "T"))
    return _pick(draw, ("N", "N", "O", "O", "G"))


def _breaking_day(draw: st.DrawFn, rule: str, day: date) -> tuple[str, str]:
    """Marks for a school day that breaks a run under ``rule``: present, or a breaking code
    in one session (or both)."""
    extra = _RULE_BREAKERS[rule] if _regime_on(day) == rule[-4:] else ()
    code = _pick(draw, (*_BREAKERS, *extra))
    if code == "/":
        return ("/", "\\")
    other = _qualifying(draw, rule, day) if draw(st.booleans()) else code
    return (code, other) if draw(st.booleans()) else (other, code)


def _build_run(s: _Scenario, c: Condition, fail: bool) -> None:
    """A run of qualifying absence -- exactly ``school_days`` (20) school days, or up to ten
    more -- ending on the last school day on or before the judging day, after a school day
    that breaks it; failing: exactly 19 such days, or a run broken by a mark within its last
    20 days."""
    draw = s.draw
    run = c.params
    assert isinstance(run, ContinuousAbsence)
    n, rule = run.school_days, run.rule.value
    last = s.history(n + 1)
    variant = s.choose(c.key, ("short", "broken")) if fail else "met"
    length = n - 1 if variant == "short" else n + draw(_ints(0, min(10, last - n)))
    start = last - length + 1
    for d in s.days[start : last + 1]:
        s.marks[d] = (_qualifying(draw, rule, d), _qualifying(draw, rule, d))
    if variant == "broken":
        d = s.days[draw(_ints(last - n + 1, last))]
        s.marks[d] = _breaking_day(draw, rule, d)
    s.marks[s.days[start - 1]] = _breaking_day(draw, rule, s.days[start - 1])
    s.mark_span(start - 1 - draw(_ints(0, 40)), start - 1)


def _leave_spans(s: _Scenario) -> tuple[int, int, int]:
    """(first, last) index in ``days`` of the leave, and the index of the last school day on
    or before the judging day (drawn once, for both leave conditions)."""
    if s.leave_span is None:
        draw = s.draw
        holiday = any(
            isinstance(c.params, LeaveGranted) and c.params.holiday_over_ten_school_days
            for c in s.ground.conditions
        )
        over_ten = holiday and s.failing != "leave_granted"
        last = s.history(31)
        early = (
            s.failing == "no_attendance_after_leave"
            and s.choose("no_attendance_after_leave", ("early", "attended")) == "early"
        )
        end = last - draw(_ints(0, 9)) if early else last - 10 - draw(_ints(0, 4))
        length = draw(_ints(11, 15)) if over_ten else draw(_ints(1, 10))
        first = max(end - length + 1, 1)
        granted: date | None = s.days[first] - timedelta(days=draw(_ints(1, 40)))
        floors = [
            c.params.granted_from
            for c in s.ground.conditions
            if isinstance(c.params, LeaveGranted) and c.params.granted_from is not None
        ]
        if floors:  # 2006 wording from Sep 2013: leave granted under the new reg 7(1A) only
            floor = floors[0]
            granted = max(granted, floor) if granted is not None else floor
        elif draw(_ints(0, 3)) == 0:
            granted = None
        s.fields["leave"] = LeaveOfAbsence(
            first_day=s.days[first],
            last_day=s.days[end],
            granted_on=granted,
            holiday_over_ten_school_days=over_ten if holiday else _pick(draw, (None, False)),
        )
        s.leave_span = (first, end, last)
    return s.leave_span


def _build_leave(s: _Scenario, c: Condition, fail: bool) -> None:
    """Leave of absence granted (for the 2006 wording to August 2013: holiday leave over ten
    school days); failing: holiday leave of ten days or fewer (that wording), else leave
    recorded as granted only after the judging day."""
    _leave_spans(s)
    leave: LeaveOfAbsence = s.fields["leave"]
    if fail and not (isinstance(c.params, LeaveGranted) and c.params.holiday_over_ten_school_days):
        s.fields["leave"] = attrs.evolve(leave, granted_on=s.future())


def _build_no_return(s: _Scenario, c: Condition, fail: bool) -> None:
    """No attendance within the ten school days after the leave (marks: leave codes, then
    absence); failing: fewer than ten of them have passed, or the pupil attended on one."""
    draw = s.draw
    first, end, last = _leave_spans(s)
    leave: LeaveOfAbsence = s.fields["leave"]
    code = "H" if leave.holiday_over_ten_school_days else "C"
    for d in s.days[first : end + 1]:
        s.marks[d] = (code, code)
    for d in s.days[end + 1 : last + 1]:
        s.marks[d] = (_qualifying(draw, "csa_2006", d), _qualifying(draw, "csa_2006", d))
    if fail and s.choose(c.key, ("early", "attended")) == "attended":
        s.marks[s.days[draw(_ints(end + 1, end + 10))]] = ("/", "\\")
    s.mark_span(first - draw(_ints(1, 40)), first)


def _build_exclusion(s: _Scenario, c: Condition, fail: bool) -> None:
    """A permanent exclusion that took effect (a written statement that no review will be
    sought, a review concluded, or the review window closed); failing: the pupil was
    reinstated, the responsible body's duties are not discharged, or the window is open."""
    draw = s.draw
    last = s.history(30)
    variant = (
        s.choose(c.key, ("reinstated", "duties", "window_open"))
        if fail
        else s.choose(c.key, ("statement", "review", "window"))
    )
    if variant == "window_open":
        decision = s.days[last - draw(_ints(0, 14))]
    elif variant == "window":
        decision = s.days[last - 25 - draw(_ints(0, min(20, last - 25)))]
    else:
        decision = s.past()
    excluded = decision - timedelta(days=draw(_ints(0, 10)))
    window = 25 if _RELEVANT_EXCLUSIONS[0] <= excluded <= _RELEVANT_EXCLUSIONS[1] else 15
    fields: dict[str, Any] = {
        "excluded_on": excluded,
        "decision_notified_on": decision,
        "review_window_school_days": window,
    }
    if variant in ("statement", "reinstated", "duties"):
        fields["statement_no_review_on"] = s.past(decision)
    elif variant == "review":
        fields["review_requested_on"] = s.past(decision)
        fields["review_concluded_on"] = s.past(fields["review_requested_on"])
    s.fields["exclusion"] = PermanentExclusion(
        **fields, reinstated=variant == "reinstated", duties_discharged=variant != "duties"
    )


def _build_enquiries(s: _Scenario, c: Condition, fail: bool) -> None:
    """Reasonable enquiries (joint with the LA where the condition says so) that failed to
    find the pupil, or (2024) found the pupil and concluded the pupil will not attend again;
    failing: completed after the judging day, or the pupil was found (2006) / found and not
    judged unlikely to return (2024)."""
    how = c.params if isinstance(c.params, EnquiriesMade) else EnquiriesMade()
    joint, located_ok = how.joint, how.allow_located
    if fail:
        variant = s.choose(c.key, ("late", "located_not_agreed" if located_ok else "located"))
    else:
        variant = s.choose(c.key, ("not_found", "located") if located_ok else ("not_found",))
    school_part = s.past()
    la_part = s.past() if joint or s.draw(st.booleans()) else None
    if variant == "late":
        if joint:
            la_part = s.future()
        else:
            school_part = s.future()
    agreement: Judgment | None = None
    if variant == "located_not_agreed":
        agreement = s.judgment(False)
    elif variant == "located":
        agreement = s.judgment(True)
        own = {k.key for k in s.ground.conditions}
        if not joint and "will_not_attend_again" not in own and s.draw(st.booleans()):
            s.fields["will_not_attend_again"] = agreement  # the school's own judgment
            agreement = None
    s.fields["enquiries"] = Enquiries(
        school_part_on=school_part,
        la_part_on=la_part,
        outcome=EnquiryOutcome.NOT_FOUND
        if variant in ("not_found", "late")
        else EnquiryOutcome.LOCATED,
        agree_will_not_attend_again=agreement,
    )


def _judgment_builder(field: str, want: bool = True) -> _Builder:
    def build(s: _Scenario, c: Condition, fail: bool) -> None:
        s.fields[field] = s.judgment(want is not fail)

    return build


def _build_stop_or_sixth_form(s: _Scenario, c: Condition, fail: bool) -> None:
    """Either judgment holds (the other: either way, or not recorded); failing: both were
    recorded, and neither holds."""
    first = (
        "will_stop_attending_indicated"
        if isinstance(c.params, StopOrSixthForm) and c.params.first is FirstLimb.INDICATED
        else "will_not_attend_again"
    )
    second = "sixth_form_requirements_not_met"
    if fail:
        s.fields[first], s.fields[second] = s.judgment(False), s.judgment(False)
        return
    holding = _pick(s.draw, ((first,), (second,), (first, second)))
    for name in (first, second):
        if name in holding:
            s.fields[name] = s.judgment(True)
        elif s.draw(st.booleans()):
            s.fields[name] = s.judgment(False)


def _dated_builder(field: str) -> _Builder:
    """A dated fact: on or before the judging day; failing: after it."""

    def build(s: _Scenario, c: Condition, fail: bool) -> None:
        s.fields[field] = s.future() if fail else s.past()

    return build


def _build_ceased_or_boarder_left(s: _Scenario, c: Condition, fail: bool) -> None:
    """2006 8(3)(a): a day pupil ceased to attend, or a boarder ceased to be a pupil; failing:
    that date is after the judging day."""
    boarder = s.draw(st.booleans())
    s.boarder = boarder
    field = "ceased_to_be_pupil_on" if boarder else "ceased_to_attend_on"
    s.fields[field] = s.future() if fail else s.past()


def _flag_builder(field: str) -> _Builder:
    """An exclusion flag (reg 9 no fixed abode; mobile child): failing when set."""

    def build(s: _Scenario, c: Condition, fail: bool) -> None:
        s.fields[field] = True if fail else _pick(s.draw, (None, False))

    return build


def _sao(s: _Scenario) -> dict[str, Any]:
    if s.sao is None:
        s.sao = {"names_this_school": True, "served_by_la": s.school.laestab[:3]}
    return s.sao


def _build_sao_registered(s: _Scenario, c: Condition, fail: bool) -> None:
    _sao(s)["registered_here_under_it"] = not fail


def _build_sao_changed(s: _Scenario, c: Condition, fail: bool) -> None:
    """Amended to name another school, or revoked because education is arranged otherwise;
    failing: both decided only with effect after the judging day (an order left unamended
    and unrevoked is unknown, not failing, to the evaluator)."""
    sao = _sao(s)
    if fail:
        sao.update(
            amended_to_other_school_on=s.future(),
            revoked_on=s.future(),
            revoked_because_education_otherwise=s.draw(st.booleans()),
        )
    elif s.draw(st.booleans()):
        sao["amended_to_other_school_on"] = s.past()
    else:
        sao.update(revoked_on=s.past(), revoked_because_education_otherwise=True)


def _build_sao_amended(s: _Scenario, c: Condition, fail: bool) -> None:
    _sao(s)["amended_to_other_school_on"] = s.future() if fail else s.past()


def _build_sao_revoked(s: _Scenario, c: Condition, fail: bool) -> None:
    """Revoked because education is arranged otherwise; failing: revoked for another reason,
    or only after the judging day."""
    if fail and s.choose(c.key, ("other_reason", "later")) == "other_reason":
        _sao(s).update(revoked_on=s.past(), revoked_because_education_otherwise=False)
    else:
        _sao(s).update(
            revoked_on=s.future() if fail else s.past(), revoked_because_education_otherwise=True
        )


def _build_no_sao(s: _Scenario, c: Condition, fail: bool) -> None:
    """No order naming this school in force; failing: one is."""
    if fail:
        _sao(s)
    elif s.draw(_ints(0, 3)) == 0:
        sao = _sao(s)
        if s.draw(st.booleans()):
            sao["names_this_school"] = False
        else:
            sao.update(revoked_on=s.past(), revoked_because_education_otherwise=True)


def _build_not_sao_ground(s: _Scenario, c: Condition, fail: bool) -> None:
    """Not registered here under an order; failing: registered under one (8(1)(a) instead)."""
    if fail:
        _sao(s)["registered_here_under_it"] = True
    elif s.draw(_ints(0, 3)) == 0:
        _sao(s)["registered_here_under_it"] = False


def _registrations(s: _Scenario) -> list[dict[str, Any]]:
    if s.registrations is None:
        regs = []
        for _ in range(s.draw(_ints(1, 2)) if "others_consented" in _keys(s.ground) else 1):
            start = s.past()
            regs.append(
                {
                    "school": _draw_other_school(s.draw, start),
                    "registered_from": None if s.draw(_ints(0, 4)) == 0 else start,
                }
            )
        s.registrations = regs
    return s.registrations


def _build_registered(s: _Scenario, c: Condition, fail: bool) -> None:
    """Registered at another school (for the dual-registration grounds, by agreement);
    failing: the registration there starts only after the judging day."""
    for reg in _registrations(s):
        if fail:
            reg["registered_from"] = s.future()
        if c.key == "dual_registered":
            reg["dual_registration_agreed"] = True


def _build_not_dual_agreed(s: _Scenario, c: Condition, fail: bool) -> None:
    regs = _registrations(s)
    for reg in regs:
        reg["dual_registration_agreed"] = False
    if fail:
        regs[0]["dual_registration_agreed"] = True


def _build_consented(s: _Scenario, c: Condition, fail: bool) -> None:
    """Every other school consented; failing: one did not, or only after the judging day."""
    regs = _registrations(s)
    for reg in regs:
        school: OtherSchool = reg["school"]
        reg["consent_to_deletion"] = Consent(by=school.laestab or "unknown", on=s.past())
    if fail:
        reg = _pick(s.draw, regs)
        if s.choose(c.key, ("missing", "later")) == "missing":
            reg["consent_to_deletion"] = None
        else:
            reg["consent_to_deletion"] = attrs.evolve(reg["consent_to_deletion"], on=s.future())


def _build_not_died_or_excluded(s: _Scenario, c: Condition, fail: bool) -> None:
    if not fail:
        return
    if s.choose(c.key, ("died", "excluded")) == "died":
        s.fields["died_on"] = s.past()
    else:
        s.fields["exclusion"] = PermanentExclusion(excluded_on=s.past())


def _build_written_notice(s: _Scenario, c: Condition, fail: bool) -> None:
    """The parent's written notice (2024: naming a day, now passed); failing: not in writing,
    received after the judging day, or (2024) the named day has not passed."""
    named = isinstance(c.params, WrittenNoticeGiven) and c.params.named_day_passed
    options = ("not_writing", "later", "not_passed") if named else ("not_writing", "later")
    variant = s.choose(c.key, options) if fail else "met"
    last: date | None = None
    if named:
        if variant == "not_passed":
            last = s.on + timedelta(days=s.draw(_ints(0, 30)))
        else:
            last = s.on - timedelta(days=s.draw(_ints(1, 30)))
    elif s.draw(st.booleans()):
        last = s.past()
    received = s.future() if variant == "later" else s.past()
    if last is not None and variant != "later":
        received = min(received, last)
    s.fields["home_education_notice"] = WrittenNotice(
        received_on=received, in_writing=variant != "not_writing", last_day_of_attendance=last
    )


def _build_boarder(want: bool) -> _Builder:
    def build(s: _Scenario, c: Condition, fail: bool) -> None:
        s.boarder = want is not fail

    return build


def _build_boarder_at_maintained(s: _Scenario, c: Condition, fail: bool) -> None:
    """A boarder (the school's kind is drawn beforehand); failing: a day pupil, or a boarder
    at a school neither maintained nor an Academy."""
    s.boarder = not (fail and s.variant.get(c.key) == "day_pupil")


def _build_charges(s: _Scenario, c: Condition, fail: bool) -> None:
    """Boarding charges payable by the parent, unpaid at the end of a term that has ended;
    failing: paid, not payable by the parent, or the term has not ended."""
    variant = s.choose(c.key, ("paid", "not_parent", "term_running")) if fail else "met"
    ended = [t.last_day for t in s.calendar.terms if t.last_day <= s.on]
    running = [t.last_day for t in s.calendar.terms if t.last_day > s.on]
    if variant == "term_running":
        term_end = running[0] if running else s.future()
    else:
        term_end = ended[-1] if ended else s.past()
    s.fields["boarding_charges"] = BoardingCharges(
        payable_by_parent=variant != "not_parent",
        term_last_day=term_end,
        unpaid_at_term_end=variant != "paid",
    )


def _build_nursery(s: _Scenario, c: Condition, fail: bool) -> None:
    """Completed nursery education here; failing: not yet completed, or (2006) moved up to
    reception here."""
    would_move_up = isinstance(c.params, NurseryCompleted) and c.params.would_move_up
    options = ("later",) if would_move_up else ("later", "transferred")
    variant = s.choose(c.key, options) if fail else "met"
    completed = s.future() if variant == "later" else s.past(s.dob + timedelta(days=3 * 365))
    s.fields["nursery"] = NurseryCompletion(
        completed_on=completed,
        transferred_to_reception_here=variant == "transferred"
        or (would_move_up and s.draw(_ints(0, 3)) == 0),
    )


def _certificate(s: _Scenario) -> dict[str, Any]:
    if s.certificate is None:
        s.certificate = {"certified_on": s.past()}
    return s.certificate


def _build_medical(s: _Scenario, c: Condition, fail: bool) -> None:
    cert = _certificate(s)
    if fail and s.choose(c.key, ("fit_in_time", "later")) == "later":
        cert["certified_on"] = s.future()
    else:
        cert["unlikely_fit_before_end_of_csa"] = not fail


def _build_no_intention(s: _Scenario, c: Condition, fail: bool) -> None:
    _certificate(s)["intention_to_continue_stated"] = fail


def _build_detention(s: _Scenario, c: Condition, fail: bool) -> None:
    """2006: a final order or order of recall of four months or more; 2024: a sentence of
    detention. Failing: remand, a shorter order (2006), or detention only after the day."""
    draw = s.draw
    sentence = c.key == "sentence_of_detention"
    options = ("remand", "later") if sentence else ("remand", "short", "later")
    variant = s.choose(c.key, options) if fail else "met"
    if variant == "remand":
        kind = DetentionKind.REMAND
    elif sentence:
        kind = DetentionKind.SENTENCE_OF_DETENTION
    else:
        kind = _pick(draw, (DetentionKind.FINAL_ORDER, DetentionKind.ORDER_OF_RECALL))
    months = draw(_ints(1, 3)) if variant == "short" else draw(_ints(4, 24))
    s.fields["detention"] = Detention(
        kind=kind,
        started_on=s.future() if variant == "later" else s.past(),
        order_months=None if sentence and draw(st.booleans()) else months,
    )


def _no_facts(s: _Scenario, c: Condition, fail: bool) -> None:
    """Conditions settled before the builders run (the school's kind, the date of birth)."""


_Builder = Callable[[_Scenario, Condition, bool], None]

_BUILDERS: dict[str, _Builder] = {
    "sao_registered_under": _build_sao_registered,
    "sao_substituted_or_revoked": _build_sao_changed,
    "sao_amended": _build_sao_amended,
    "sao_revoked": _build_sao_revoked,
    "no_sao_naming_school": _build_no_sao,
    "not_sao_ground": _build_not_sao_ground,
    "registered_elsewhere": _build_registered,
    "not_dual_agreed": _build_not_dual_agreed,
    "dual_registered": _build_registered,
    "others_consented": _build_consented,
    "not_nfa_ordinary_school": _flag_builder("no_fixed_abode_school_of_ordinary_attendance_here"),
    "not_mobile_main_school": _flag_builder("mobile_child_main_school_here"),
    "not_died_or_excluded": _build_not_died_or_excluded,
    "ceased_to_attend": _dated_builder("ceased_to_attend_on"),
    "ceased_to_be_pupil": _dated_builder("ceased_to_be_pupil_on"),
    "ceased_attending_or_boarder_left": _build_ceased_or_boarder_left,
    "written_notice": _build_written_notice,
    "not_boarder": _build_boarder(False),
    "boarder": _build_boarder(True),
    "moved_away": _judgment_builder("moved_away"),
    "will_not_attend_again": _judgment_builder("will_not_attend_again"),
    "no_sickness_belief": _judgment_builder("sickness_or_unavoidable_cause", want=False),
    "leave_granted": _build_leave,
    "no_attendance_after_leave": _build_no_return,
    "continuous_absence": _build_run,
    "enquiries_failed": _build_enquiries,
    "medical_certificate": _build_medical,
    "no_intention_to_continue": _build_no_intention,
    "detention_order_2006": _build_detention,
    "sentence_of_detention": _build_detention,
    "died": _dated_builder("died_on"),
    "ceases_csa_before_school_next_meets": _no_facts,
    "stop_attending_indicated": _judgment_builder("will_stop_attending_indicated"),
    "stop_or_sixth_form": _build_stop_or_sixth_form,
    "school_not_maintained": _no_facts,
    "boarder_at_maintained_or_academy": _build_boarder_at_maintained,
    "charges_unpaid": _build_charges,
    "nursery_completed": _build_nursery,
    "exclusion_took_effect": _build_exclusion,
}
"""How to draw facts for each condition key of :attr:`cme_core.law.Regime.evaluators`."""


def _keys(g: Ground) -> frozenset[str]:
    return frozenset(c.key for c in g.conditions)


# 8(1)(l) (SI 2006/1751): not maintained, an Academy, a CTC or a CCTA; 9(1)(n) (SI 2024/208):
# neither maintained by an LA nor an Academy (cme_core.law.assess._school_not_maintained).
_NOT_MAINTAINED_2006 = (SchoolKind.INDEPENDENT, SchoolKind.NON_MAINTAINED_SPECIAL)
_NOT_MAINTAINED_2024 = tuple(k for k in SchoolKind if not (k.is_la_maintained or k.is_academy))
# The first free schools and special academies opened then: dates of school organisation, not
# commencements of the registration law (so not in cme_core.periods).
_FIRST_FREE_SCHOOLS = date(2011, 9, 1)  # not a commencement: first free schools opened
_FIRST_SPECIAL_ACADEMIES = date(2012, 9, 1)  # not a commencement: first special academies
_BOARDING = tuple(
    k
    for k in SchoolKind
    if (k.is_la_maintained or k.is_academy) and k is not SchoolKind.PUPIL_REFERRAL_UNIT
)


def _school_kinds(s: _Scenario) -> tuple[SchoolKind, ...]:
    """The kinds of school the ground's conditions allow (or, failing, need)."""
    kinds = tuple(
        k
        for k in SchoolKind
        if not (k is SchoolKind.FREE_SCHOOL and s.on < _FIRST_FREE_SCHOOLS)
        and not (k is SchoolKind.SPECIAL_ACADEMY and s.on < _FIRST_SPECIAL_ACADEMIES)
    )
    keys = _keys(s.ground)
    if "school_not_maintained" in keys:
        allowed = (
            _NOT_MAINTAINED_2006 if s.ground.regime == RegimeId.REGS_2006 else _NOT_MAINTAINED_2024
        )
        if s.failing == "school_not_maintained":
            kinds = tuple(k for k in kinds if k not in allowed)
        else:
            kinds = tuple(k for k in kinds if k in allowed)
    if "boarder_at_maintained_or_academy" in keys:
        boarding_key = "boarder_at_maintained_or_academy"
        if s.failing == boarding_key and s.choose(boarding_key, ("day_pupil", "school")) == (
            "school"
        ):
            kinds = (SchoolKind.INDEPENDENT, SchoolKind.NON_MAINTAINED_SPECIAL)
        else:
            kinds = tuple(k for k in kinds if k in _BOARDING)
    return kinds


def _draw_scenario_school(s: _Scenario, calendar: SchoolCalendar, year: int) -> School:
    """A school of an allowed kind whose year groups include the pupil's (``year``)."""
    draw = s.draw
    kinds = _school_kinds(s)
    keys = _keys(s.ground)
    nursery = "nursery_completed" in keys
    year = max(-2, min(13, year))
    shapes = [(k, shape) for k in kinds for shape in _SHAPES[k] if shape[1] <= year <= shape[2]]
    if nursery:
        shapes = [(k, shape) for k, shape in shapes if shape[1] <= -1] or shapes
    if not shapes:
        shapes = [(k, shape) for k in kinds for shape in _SHAPES[k]]
    k, shape = _pick(draw, shapes)
    boarding = keys & {"boarder", "boarder_at_maintained_or_academy"}
    boarders = True if boarding or s.failing == "not_boarder" else None
    return School(**_school_fields(draw, k, shape, boarders), calendar=calendar)


def _draw_scenario_day(draw: st.DrawFn, g: Ground, failing: str | None) -> date:
    low = _earliest_day(g)
    high = min(g.in_force.end or _DEFAULT_LAST_SCENARIO_DAY, _DEFAULT_LAST_SCENARIO_DAY)
    if high < low:
        high = max(low, g.in_force.end or low)
    if _CEASES in _keys(g) and failing != _CEASES:
        years = [
            y
            for y in range(low.year, high.year + 1)
            if low <= school_leaving_date(y) <= high and _leaver_dobs(school_leaving_date(y))
        ]
        if not years:
            raise InvalidArgument(f"ground {g.ref} cannot be met on any day of its period")
        leaving = school_leaving_date(_pick(draw, years))
        return max(low, leaving - timedelta(days=draw(_ints(0, 2))))
    return _day_between(draw, low, high)


def _draw_dob(draw: st.DrawFn, g: Ground, day: date, failing: str | None) -> date:
    keys = _keys(g)
    if _CEASES in keys:
        if failing == _CEASES:
            return _draw_csa_dob(draw, day, 7, 10)
        window = _leaver_dobs(school_leaving_date(day.year))
        assert window is not None
        return _day_between(draw, *window)
    if g.applies_to is _CSA:
        if "nursery_completed" in keys:
            return _draw_csa_dob(draw, day, 0, 1)
        return _draw_csa_dob(draw, day)
    if "nursery_completed" in keys:
        return _draw_non_csa_dob(draw, day, young=True, min_age=3)
    if "exclusion_took_effect" in keys:
        return _draw_non_csa_dob(draw, day, young=_chance(draw, 5))
    return _draw_non_csa_dob(draw, day, young=draw(st.booleans()))


def _scenario_calendar(
    draw: st.DrawFn, g: Ground, day: date, failing: str | None
) -> SchoolCalendar:
    """Two school years around ``day`` (so there are school days before it and after it);
    for the ceasing-to-be-of-compulsory-school-age grounds, the school does not meet between
    the day and the leaving date (INSET days)."""
    year = academic_year_of(day)
    first = year - 1 if day.month >= 9 else year
    closures: list[date] = []
    if _CEASES in _keys(g) and failing != _CEASES:
        leaving = school_leaving_date(day.year)
        closures = [day + timedelta(days=i) for i in range(1, (leaving - day).days + 1)]
        closures = [d for d in closures if d.weekday() < 5]
    return _draw_calendar(draw, first, first + 1, closures)


def _draw_scenario(draw: st.DrawFn, g: Ground, met: bool, day: date | None) -> DeletionScenario:
    if day is not None:
        _check_scenario(g, met, day)
    _, options = _failures(g, day)
    failing = None if met else _pick(draw, options)
    if day is None:
        day = _draw_scenario_day(draw, g, failing)
    dob = _draw_dob(draw, g, day, failing)
    s = _Scenario(draw, g, day, failing, dob)
    s.calendar = _scenario_calendar(draw, g, day, failing)
    year = year_group(dob, academic_year_of(day))
    s.school = _draw_scenario_school(s, s.calendar, year)
    first = max(s.calendar.first_school_day, REGS_2006_START)
    last = s.calendar.school_day_on_or_before(day)
    s.days = s.calendar.school_days(first, last) if last >= first else ()
    for c in g.conditions:
        _BUILDERS[c.key](s, c, c.key == failing)
    return _finish(s)


def _finish(s: _Scenario) -> DeletionScenario:
    draw, school, day = s.draw, s.school, s.on
    fields = s.fields
    if s.sao is not None:
        fields["school_attendance_order"] = SchoolAttendanceOrder(**s.sao)
    if s.registrations is not None:
        fields["registered_elsewhere"] = [OtherRegistration(**r) for r in s.registrations]
    if s.certificate is not None:
        fields["medical_certificate"] = MedicalCertificate(**s.certificate)
    if school.kind.is_special_school and draw(st.booleans()):
        la = _pick(draw, (school.laestab[:3], _pick(draw, _ENGLISH_LA_CODES)))
        fields["la_placed_special_by"] = la
        fields["la_consent"] = Consent(by=la, on=s.past())
    pupil_id = _draw_pupil_id(draw)
    pupil = _draw_pupil(draw, pupil_id, s.dob)
    boarder = s.boarder
    if boarder is None and school.has_boarders:
        boarder = draw(st.booleans())
    entry = _scenario_entry(s, pupil, boarder)
    attendance = None
    if s.marks:
        marked = sorted(s.marks)
        attendance = _record(pupil_id, marked[0], marked[-1], s.marks)
    facts = DeletionFacts(
        pupil_id=pupil_id,
        school=school,
        date_of_birth=s.dob,
        entry=entry,
        attendance=attendance,
        boarder=s.boarder if s.boarder is not None else _pick(draw, (None, boarder)),
        **fields,
    )
    return DeletionScenario(facts=facts, on=day, ground=s.ground, failing=s.failing)


def _scenario_entry(s: _Scenario, pupil: Pupil, boarder: bool | None) -> AdmissionEntry | None:
    """The pupil's admission: entered on a school day before the marks (and, where the
    calendar allows, before the case began)."""
    calendar, draw = s.calendar, s.draw
    earliest = max(calendar.first_school_day, s.dob + timedelta(days=2 * 365))
    latest = min(s.on, *s.marks) if s.marks else s.on
    if earliest > latest:
        return None
    days = calendar.school_days(earliest, latest)
    if not days:
        return None
    day = _pick(draw, [d for d in days if d <= s.case_start] or days)
    dual = None
    if s.registrations and any(r.get("dual_registration_agreed") for r in s.registrations):
        dual = s.registrations[0]["school"]
    status = EnrolmentStatus.SINGLE
    if dual is not None:
        status = _pick(draw, (EnrolmentStatus.MAIN, EnrolmentStatus.SUBSIDIARY))
    entered = Entered(
        starting_day=day,
        pupil=pupil,
        year_group=max(-2, min(13, year_group(s.dob, academic_year_of(day)))),
        enrolment_status=status,
        dual_registered_with=dual,
        boarder=boarder if s.school.has_boarders else None,
        recorded_by=_pick(draw, _ROLES),
    )
    return AdmissionEntry(pupil_id=pupil.pupil_id, events=(entered,))


_ALL_GROUNDS: tuple[Ground, ...] = tuple(
    g for regime in RegimeId for g in regime_by_id(regime).all_grounds
)
"""Every version of every ground of both regimes (``ground=None``)."""


def _drawable(g: Ground, met: bool, day: date) -> bool:
    try:
        _check_scenario(g, met, day)
    except InvalidArgument:
        return False
    return True


@st.composite
def _deletion_scenarios(
    draw: st.DrawFn,
    grounds: SearchStrategy[tuple[Ground, ...]] | None,
    ground_values: SearchStrategy[object] | None,
    met: SearchStrategy[bool],
    on: SearchStrategy[date | None],
) -> DeletionScenario:
    day = draw(on)
    if grounds is not None:
        versions = draw(grounds)
    elif ground_values is not None:
        versions = _ground_versions(draw(ground_values), "ground", day)
    else:
        versions = _ALL_GROUNDS
    is_met = draw(met)
    if day is None:
        g = _pick(draw, versions)
    elif versions is _ALL_GROUNDS:
        options = [v for v in versions if _drawable(v, is_met, day)]
        if not options:
            raise InvalidArgument(f"no ground can be drawn {'met' if is_met else ''} on {day}")
        g = _pick(draw, options)
    else:
        g = _version_on(versions, day)
    return _draw_scenario(draw, g, is_met, day)


def deletion_scenarios(
    *,
    ground: str | Ground | SearchStrategy[str] | SearchStrategy[Ground] | None = None,
    met: bool | SearchStrategy[bool] = True,
    on: date | SearchStrategy[date] | None = None,
) -> SearchStrategy[DeletionScenario]:
    """:class:`DeletionScenario` records: :class:`~cme_core.law.DeletionFacts` about a pupil
    at a school, judged on ``scenario.on``, under which
    ``assess_ground(scenario.ground, scenario.facts, scenario.on)`` is MET (``met=True``) or
    NOT_MET (``met=False``).

    ``ground`` is a :class:`~cme_core.law.Ground` (that version of the ground) or a reference
    :func:`cme_core.law.ground` accepts (``"9(1)(i)"``, ``"8(1)(f)"``: every version of the
    ground, the one in force on the drawn day), or a strategy of either, such as
    ``st.sampled_from(REGS_2024.grounds)``; by default any version of any ground of either
    regime (one that can be drawn on ``on``, if given). ``on`` must be in the ground's period
    of force; by default one is drawn (to July 2029 for grounds still in force). The pupil's
    date of birth puts them in the ground's age group that day (EA 1996 s8): of compulsory
    school age for 8(1) / 9(1), not for 8(3) / 9(3).

    With ``met=False`` exactly one of the ground's own conditions fails and every other
    condition holds -- a near miss: 19 school days of absence, or a run broken by a mark
    within its last 20; the tenth school day after leave not yet reached; a notice not in
    writing; remand rather than a sentence; enquiries that found the pupil ... The failing
    condition is drawn (``scenario.failing`` names its key). A failure of the shared
    conditions (age, period of force, the special-school consent rule) is never drawn.

    School days are counted on a drawn calendar of the school's own (two school years
    around the day), and runs of absence are marked exactly: every session of the run carries
    a code that continues it under the ground's rule (G, N, O; for 2024 9(3)(c) also I, E,
    R, T from 19 August 2024), after a school day with a code that breaks it. Grounds that
    count school days of 2006 marks need ``on`` from 20 November 2006. 8(1)(k) and 9(1)(l)
    are met only on the last Friday in June or the two days before it (the school not meeting
    again before compulsory school age ends), from 2009 (earlier leavers' ages are not
    encoded). Judgments the law leaves to people are recorded with who made them and when.
    The facts hold the school (with its calendar), the pupil's date of birth and admission
    entry, and, for grounds that count school days, the attendance marks. A given ``on`` on
    which the ground cannot be drawn (met, if asked) raises InvalidArgument.

    >>> from hypothesis import given, settings
    >>> from cme_core.law import Outcome
    >>> @settings(max_examples=10)
    ... @given(
    ...     deletion_scenarios(ground="9(1)(i)"),
    ...     deletion_scenarios(ground="8(1)(h)", met=False),
    ... )
    ... def test_absence_grounds(met, near_miss):
    ...     assert met.assess().outcome is Outcome.MET
    ...     assessment = near_miss.assess()
    ...     assert assessment.outcome is Outcome.NOT_MET
    ...     assert [c.key for c in assessment.failing] == [near_miss.failing]
    >>> test_absence_grounds()
    """
    if isinstance(met, SearchStrategy):
        mets = met.map(lambda v: _check_bool(v, "met"))
    else:
        mets = st.just(_check_bool(met, "met"))
    day = None if isinstance(on, SearchStrategy) or on is None else _check_scenario_day(on, "on")
    days = _optional_values(on, "on", _check_scenario_day)
    if ground is None:
        return _deletion_scenarios(None, None, mets, days)
    if isinstance(ground, SearchStrategy):
        return _deletion_scenarios(None, ground, mets, days)
    versions = _ground_versions(ground, "ground", day)
    if day is not None:
        # A strategy for met may draw False only: check now what any draw needs.
        _check_scenario(_version_on(versions, day), met is True, day)
    return _deletion_scenarios(st.just(versions), None, mets, days)
