"""Returns to the LA, as JSON payloads: :func:`returns` draws :class:`ReturnPayload`
records, valid or carrying a chosen problem."""

from __future__ import annotations

import warnings
from datetime import date, timedelta
from typing import Any

import attrs

from cme_core._fields import typed_fields
from cme_core.law import REGS_2006, AgeScope, regime_by_id, regime_for
from cme_core.people import Pupil, Sex
from cme_core.periods import (
    REGS_2006_START,
    REGS_2024_START,
    SI_2006_1751,
    SI_2011_1625,
    SI_2016_792,
    SI_2024_208,
    RegimeId,
)
from cme_core.problems import Report
from cme_core.registers import EnrolmentStatus, FutureAddress, OtherSchool
from cme_core.returns import (
    RETURN_TYPES,
    AttendanceReturn,
    DeletionReturn,
    NewPupilReturn,
    SicknessReturn,
)
from cme_core.school_age import academic_year_of, compulsory_school_age_status, year_group
from cme_core.schools import School
from cme_core.serialization import unstructure
from cme_core.strategies._calendars import _ENGLISH_LA_CODES
from cme_core.strategies._common import (
    InvalidArgument,
    SearchStrategy,
    _check_bool,
    _day_between,
    _ints,
    _optional_values,
    _pick,
    _values,
    st,
)
from cme_core.strategies._identifiers import _failing_1510
from cme_core.strategies._people import (
    _draw_any_address,
    _draw_csa_dob,
    _draw_non_csa_dob,
    _draw_pupil,
    _draw_pupil_id,
)
from cme_core.strategies._registers import _check_on, _draw_other_school
from cme_core.submissions import validate_return


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class ReturnPayload:
    """One drawn return (see :func:`returns`): ``payload`` is the JSON data an MIS would send
    (``serialization.unstructure`` of a return object, possibly damaged), ``on`` the day it is
    judged on, ``kind`` the return's kind and ``problem`` the code it was drawn to carry
    (``None``: valid).
    """

    payload: dict[str, Any] = attrs.field(hash=False)
    on: date
    kind: str
    problem: str | None = None

    def check(self, *, school: School | None = None) -> Report:
        """``validate_return(self.payload, on=self.on, school=school)``: a Report."""
        return validate_return(self.payload, on=self.on, school=school)

    def validate(self, *, school: School | None = None) -> Report:
        """Deprecated since 0.2.0 (to be removed in 0.3.0): :meth:`check`, which returns the
        same Report (``validate()`` is the name of methods that raise)."""
        warnings.warn(
            "ReturnPayload.validate() is deprecated: use ReturnPayload.check(), which returns "
            "the same Report",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.check(school=school)


RETURN_KINDS: tuple[str, ...] = tuple(RETURN_TYPES)
"""The values :func:`returns` takes for ``kind``."""

_ALL_KINDS = frozenset(RETURN_KINDS)
_RETURN_PROBLEM_KINDS: dict[str, frozenset[str]] = {
    "CME-RET-001": _ALL_KINDS,
    "CME-RET-002": _ALL_KINDS,
    "CME-RET-003": _ALL_KINDS,
    "CME-RET-004": _ALL_KINDS,
    "CME-RET-005": frozenset({"deletion"}),
    "CME-RET-006": frozenset({"deletion"}),
    "CME-RET-007": frozenset({"new_pupil", "deletion"}),
    "CME-RET-008": frozenset({"deletion"}),
    "CME-RET-009": _ALL_KINDS,
    "CME-RET-011": frozenset({"attendance", "sickness"}),
    "CME-RET-012": frozenset({"new_pupil", "deletion"}),
    "CME-RET-014": frozenset({"deletion"}),
    "CME-RET-015": frozenset({"attendance"}),
    "CME-RET-016": frozenset({"sickness"}),
    "1510": _ALL_KINDS,
    "CME-WIRE-001": _ALL_KINDS,
    "CME-WIRE-002": _ALL_KINDS,
    "CME-WIRE-003": _ALL_KINDS,
    "CME-WIRE-004": _ALL_KINDS,
}
RETURN_PROBLEMS: tuple[str, ...] = tuple(_RETURN_PROBLEM_KINDS)
"""The problem codes :func:`returns` can draw payloads for (``valid=False``), every one an
ERROR: content problems of :func:`cme_core.returns.check_return` (``CME-RET-*``), the UPN
check letter (census rule 1510), and wire problems of :mod:`cme_core.serialization`
(``CME-WIRE-001`` missing field, ``-002`` wrong JSON type, ``-003`` value not allowed,
``-004`` not a real ISO date). :func:`return_problem_kinds` says which kinds can carry each."""

_FIRST_RETURN_DAY: dict[str, date] = {
    "new_pupil": SI_2016_792.on,
    "deletion": REGS_2006_START,
    "attendance": REGS_2006_START,
    "sickness": REGS_2024_START,
}
"""The first day each kind of return existed (return_rules: SI 2016/792; SI 2024/208 reg 13)."""
_DEFAULT_LAST_RETURN_DAY = date(2029, 7, 31)
_EVENT_FIELD = {
    "new_pupil": "entered_on",
    "deletion": "deleted_on",
    "attendance": "period_end",
    "sickness": "recorded_on",
}
_DELETION_GROUNDS_AS_MADE: tuple[str, ...] = next(
    r.grounds for r in REGS_2006.returns if r.grounds is not None
)
"""2006 reg 12(3) as made (to 31 Aug 2016): deletion returns for 8(1)(d), (e), (g), (i), (m)."""
_BAD_REGIMES = ("2016", "2025", "2006/1751", "SI 2024/208", "", "1996")
_BAD_DATES = ("2025-02-30", "2023-02-29", "2024-13-01", "06/01/2025", "2025-1-6", "20250106",
              "yesterday", "")  # fmt: skip
_CAUSES = (None, None, "illness", "family holiday", "caring responsibilities", "not known")


def return_problem_kinds(problem: str) -> frozenset[str]:
    """The kinds of return :func:`returns` can draw with ``problem`` (one of
    :data:`RETURN_PROBLEMS`).

    >>> sorted(return_problem_kinds("CME-RET-012"))
    ['deletion', 'new_pupil']
    """
    if not isinstance(problem, str) or problem not in _RETURN_PROBLEM_KINDS:
        raise InvalidArgument(
            f"problem must be one of {list(RETURN_PROBLEMS)}, got {problem!r:.20}"
        )
    return _RETURN_PROBLEM_KINDS[problem]


def _check_kind_name(value: object, name: str) -> str:
    if not isinstance(value, str) or value not in RETURN_TYPES:
        raise InvalidArgument(f"{name} must be one of {list(RETURN_KINDS)}, got {value!r:.20}")
    return value


def _check_return_day(value: object, name: str) -> date:
    return _check_on(value, name)


def _check_problem(value: object, name: str) -> str:
    return_problem_kinds(value)  # type: ignore[arg-type]
    assert isinstance(value, str)
    return value


def _first_return_day(kind: str, problem: str | None) -> date:
    """The first judging day for which a return of ``kind`` with ``problem`` can be drawn
    (a return of a kind that did not yet exist can only carry CME-RET-004)."""
    return REGS_2006_START if problem == "CME-RET-004" else _FIRST_RETURN_DAY[kind]


def _check_return_args(kind: str, problem: str | None, on: date | None) -> None:
    if problem is not None and kind not in return_problem_kinds(problem):
        raise InvalidArgument(
            f"a {kind} return cannot carry {problem}: that problem needs one of "
            f"{sorted(return_problem_kinds(problem))}"
        )
    if on is not None and on < _first_return_day(kind, problem):
        raise InvalidArgument(
            f"no {kind} return existed on {on}: on= must be from "
            f"{_first_return_day(kind, problem)} for this return"
        )


def _recent(draw: st.DrawFn, first: date, on: date, days: int = 365) -> date:
    """A day from ``first`` (or ``days`` before ``on``, if later) to ``on``."""
    return _day_between(draw, max(first, on - timedelta(days=days)), on)


def _return_pupil(
    draw: st.DrawFn, dob: date, *, particulars: bool, regime: str, lived_with_only: bool
) -> Pupil:
    """A pupil with every particular a return needs: sex, the name used at school, an address,
    parents with addresses, one the pupil lives with (with an emergency phone number)."""
    pupil = _draw_pupil(draw, _draw_pupil_id(draw), dob)
    parents = tuple(
        p if p.address is not None else attrs.evolve(p, address=pupil.address)
        for p in pupil.parents
        if p.lives_with_pupil or not lived_with_only
    )
    changes: dict[str, Any] = {"parents": parents}
    if particulars:
        if pupil.sex is None:
            changes["sex"] = _pick(draw, tuple(Sex))
        if regime == RegimeId.REGS_2024 and not pupil.name_used_at_school:
            changes["name_used_at_school"] = (pupil.full_name or "Sam").split()[0]
    return attrs.evolve(pupil, **changes)


def _draw_return_dob(draw: st.DrawFn, day: date, csa: bool | None) -> date:
    """A date of birth whose compulsory-school-age status on ``day`` the encoded rules
    decide: of compulsory school age (``csa``), or not, or either (``None``: any pupil)."""
    if csa is None:
        csa = draw(_ints(0, 4)) > 0
    if csa:
        return _draw_csa_dob(draw, day)
    return _draw_non_csa_dob(draw, day, young=draw(st.booleans()))


def _submitted(draw: st.DrawFn, first: date, last: date) -> date | None:
    return None if draw(st.booleans()) or last < first else _day_between(draw, first, last)


def _dual(draw: st.DrawFn) -> tuple[EnrolmentStatus, OtherSchool | None]:
    single, main, subsidiary = (
        EnrolmentStatus.SINGLE,
        EnrolmentStatus.MAIN,
        EnrolmentStatus.SUBSIDIARY,
    )
    status = _pick(draw, (single, single, single, main, subsidiary))
    return status, _draw_other_school(draw) if status.is_dual else None


def _new_pupil_return(draw: st.DrawFn, on: date, entered: date) -> NewPupilReturn:
    regime = regime_for(entered).id
    starting = entered + timedelta(days=draw(_ints(-10, 14)))
    starting = min(starting, on)
    dob = _draw_return_dob(draw, starting, None)
    status, partner = _dual(draw)
    return NewPupilReturn(
        regime=regime.value,
        school_laestab=_draw_laestab(draw),
        pupil=_return_pupil(draw, dob, particulars=True, regime=regime, lived_with_only=False),
        entered_on=entered,
        starting_day=starting,
        year_group=max(-2, min(13, year_group(dob, academic_year_of(starting)))),
        enrolment_status=status,
        dual_registered_with=partner,
        boarder=_pick(draw, (None, False, True)),
        last_school=_draw_other_school(draw) if draw(st.booleans()) else None,
        submitted_on=_submitted(draw, entered, min(on, entered + timedelta(days=5))),
    )


def _deletion_return(
    draw: st.DrawFn, on: date, deleted: date, csa: bool | None = None
) -> DeletionReturn:
    regime = regime_by_id(regime_for(deleted).id)
    rule_grounds = None if deleted >= SI_2016_792.on else _DELETION_GROUNDS_AS_MADE
    if rule_grounds is not None:
        csa = True  # 2006 reg 12(3) as made: only grounds for pupils of compulsory school age
    dob = _draw_return_dob(draw, deleted, csa)
    scope = (
        AgeScope.COMPULSORY_SCHOOL_AGE
        if compulsory_school_age_status(dob, deleted)
        else AgeScope.NOT_COMPULSORY_SCHOOL_AGE
    )
    grounds = [
        g
        for g in regime.grounds_on(deleted, applies_to=scope)
        if rule_grounds is None or g.ref in rule_grounds
    ]
    g = _pick(draw, grounds)
    entered = deleted - timedelta(days=draw(_ints(0, 1500)))
    entered = max(entered, dob + timedelta(days=2 * 365))
    met = deleted - timedelta(days=draw(_ints(0, 10)))
    status, partner = _dual(draw)
    pupil = _return_pupil(
        draw, dob, particulars=False, regime=regime.id, lived_with_only=draw(st.booleans())
    )
    if regime.id == RegimeId.REGS_2006 and draw(st.booleans()):
        pupil = attrs.evolve(pupil, address=None)
    future = None
    if draw(st.booleans()):
        future = FutureAddress(
            address=_draw_any_address(draw),
            parent_names=tuple(p.full_name for p in pupil.parents[:1] if p.full_name),
            from_date=deleted + timedelta(days=draw(_ints(-10, 30))),
        )
    return DeletionReturn(
        regime=regime.id.value,
        school_laestab=_draw_laestab(draw),
        pupil=pupil,
        deleted_on=deleted,
        ground=g.ref,
        ground_met_on=_pick(draw, (None, min(met, deleted))),
        entered_on=_pick(draw, (None, entered)) if entered <= deleted else None,
        year_group=max(-2, min(13, year_group(dob, academic_year_of(deleted)))),
        future_address=future,
        other_school=_draw_other_school(draw, deleted) if draw(st.booleans()) else None,
        la_enquiries_on=(
            deleted - timedelta(days=draw(_ints(0, 20))) if g.requires_joint_enquiries else None
        ),
        enrolment_status=_pick(draw, (None, status)),
        dual_registered_with=partner,
        submitted_on=_pick(draw, (None, deleted)),
    )


def _attendance_return(draw: st.DrawFn, on: date, end: date, csa: bool = True) -> AttendanceReturn:
    regime = regime_for(end).id
    start = end - timedelta(days=draw(_ints(0, 120)))
    reasons = _pick(
        draw,
        (
            ("continuous_absence",),
            ("irregular_attendance",),
            ("continuous_absence", "irregular_attendance"),
        ),
    )
    dob = _draw_return_dob(draw, end, csa)
    run = draw(_ints(10, 60)) if "continuous_absence" in reasons else draw(_ints(0, 9))
    rate = draw(_ints(0, 8999 if "irregular_attendance" in reasons else 10000)) / 10000
    return AttendanceReturn(
        regime=regime.value,
        school_laestab=_draw_laestab(draw),
        pupil=_return_pupil(draw, dob, particulars=False, regime=regime, lived_with_only=True),
        period_start=start,
        period_end=end,
        reasons=reasons,
        longest_run_school_days=_pick(draw, (None, run)),
        attendance_rate=_pick(draw, (None, rate)),
        cause=_pick(draw, _CAUSES) if regime == RegimeId.REGS_2006 else None,
        submitted_on=_submitted(draw, end, on),
    )


def _sickness_return(draw: st.DrawFn, on: date, recorded: date, csa: bool = True) -> SicknessReturn:
    tests = _pick(draw, ((True, False), (False, True), (True, True)))
    dob = _draw_return_dob(draw, recorded, csa)
    return SicknessReturn(
        regime=RegimeId.REGS_2024.value,
        school_laestab=_draw_laestab(draw),
        pupil=_return_pupil(
            draw, dob, particulars=False, regime=RegimeId.REGS_2024, lived_with_only=True
        ),
        recorded_on=recorded,
        period_start=recorded - timedelta(days=draw(_ints(0, 30))),
        consecutive=tests[0],
        total=tests[1],
        submitted_on=_submitted(draw, recorded, on),
    )


def _draw_laestab(draw: st.DrawFn) -> str:
    return f"{_pick(draw, _ENGLISH_LA_CODES)}{draw(_ints(2000, 7999)):04d}"


def _valid_return(draw: st.DrawFn, kind: str, on: date, event: date | None = None) -> Any:
    """A return of ``kind`` with no ERROR on ``on`` (its event on ``event`` if given)."""
    day = _recent(draw, _FIRST_RETURN_DAY[kind], on) if event is None else event
    if kind == "new_pupil":
        return _new_pupil_return(draw, on, day)
    if kind == "deletion":
        return _deletion_return(draw, on, day)
    if kind == "attendance":
        return _attendance_return(draw, on, day)
    return _sickness_return(draw, on, day)


def _damaged_return(draw: st.DrawFn, kind: str, on: date, problem: str) -> Any:
    """A return of ``kind`` carrying ``problem`` (content problems; wire ones come later)."""
    if problem == "CME-RET-004":
        return _no_return_then(draw, kind, on)
    ret = _valid_return(draw, kind, on)
    later = on + timedelta(days=draw(_ints(1, 90)))
    if problem == "CME-RET-001":
        return _missing_particular(draw, ret)
    if problem == "CME-RET-002":
        return attrs.evolve(ret, regime=_pick(draw, _BAD_REGIMES))
    if problem == "CME-RET-003":
        other = RegimeId.REGS_2024 if ret.regime == RegimeId.REGS_2006 else RegimeId.REGS_2006
        return attrs.evolve(ret, regime=other.value)
    if problem == "CME-RET-005":
        return _unknown_ground(draw, ret)
    if problem == "CME-RET-006":
        return _ground_for_other_age(draw, on, ret)
    if problem == "CME-RET-007":
        return _before_birth(draw, ret)
    if problem == "CME-RET-008":
        return attrs.evolve(ret, entered_on=ret.deleted_on + timedelta(days=draw(_ints(1, 30))))
    if problem == "CME-RET-009":
        field = _pick(draw, [f for f in _RETURN_DATE_FIELDS[kind] if getattr(ret, f) is not None])
        return attrs.evolve(ret, **{field: later})
    if problem == "CME-RET-011":
        event = getattr(ret, _EVENT_FIELD[kind])
        builder = _attendance_return if kind == "attendance" else _sickness_return
        return builder(draw, on, event, csa=False)
    if problem == "CME-RET-012":
        if draw(st.booleans()):
            status = EnrolmentStatus.SINGLE
            return attrs.evolve(
                ret, enrolment_status=status, dual_registered_with=_draw_other_school(draw)
            )
        status = _pick(draw, (EnrolmentStatus.MAIN, EnrolmentStatus.SUBSIDIARY))
        return attrs.evolve(ret, enrolment_status=status, dual_registered_with=None)
    if problem == "CME-RET-014":
        return attrs.evolve(ret, ground_met_on=ret.deleted_on + timedelta(days=draw(_ints(1, 30))))
    if problem == "CME-RET-015":
        start = ret.period_end + timedelta(days=draw(_ints(1, 60)))
        return attrs.evolve(ret, period_start=start)
    if problem == "CME-RET-016":
        return attrs.evolve(ret, consecutive=False, total=False)
    assert problem == "1510", problem
    bad = _failing_1510(draw)
    return attrs.evolve(ret, pupil=attrs.evolve(ret.pupil, upn=bad, upn_unknown_reason=None))


_RETURN_DATE_FIELDS = {
    "new_pupil": ("entered_on", "starting_day"),
    "deletion": ("deleted_on", "ground_met_on", "entered_on", "la_enquiries_on"),
    "attendance": ("period_start", "period_end"),
    "sickness": ("recorded_on", "period_start"),
}


def _missing_particular(draw: st.DrawFn, ret: Any) -> Any:
    """``ret`` without one particular its kind (and regime) requires."""
    pupil: Pupil = ret.pupil
    options = ["full_name", "date_of_birth"]
    if isinstance(ret, AttendanceReturn | SicknessReturn) or ret.regime == RegimeId.REGS_2024:
        options.append("address")
    if isinstance(ret, NewPupilReturn):
        options += ["sex", "parents", "parent_address"]
        if ret.regime == RegimeId.REGS_2024:
            options.append("name_used_at_school")
    if isinstance(ret, DeletionReturn):
        options = ["full_name", "ground", "lives_with", "parent_address", *options[2:]]
    missing = _pick(draw, options)
    if missing == "ground":
        return attrs.evolve(ret, ground=_pick(draw, ("", "  ")))
    if missing in ("full_name", "date_of_birth", "address", "sex", "name_used_at_school"):
        blank: dict[str, Any] = {missing: None}
        return attrs.evolve(ret, pupil=attrs.evolve(pupil, **blank))
    if missing == "parents":
        return attrs.evolve(ret, pupil=attrs.evolve(pupil, parents=()))
    if missing == "lives_with":
        parents = tuple(attrs.evolve(p, lives_with_pupil=False) for p in pupil.parents)
        return attrs.evolve(ret, pupil=attrs.evolve(pupil, parents=parents))
    living = [i for i, p in enumerate(pupil.parents) if p.lives_with_pupil]
    i = _pick(draw, living)
    changed = [attrs.evolve(p, address=None) if j == i else p for j, p in enumerate(pupil.parents)]
    return attrs.evolve(ret, pupil=attrs.evolve(pupil, parents=tuple(changed)))


def _no_return_then(draw: st.DrawFn, kind: str, on: date) -> Any:
    """A return for an event on a day when no return of its kind existed: before the 2006
    Regulations, or (by kind) a new-pupil return before September 2016, a sickness return
    before 19 August 2024, a deletion before September 2016 on a ground without a return."""
    if draw(st.booleans()) or kind == "attendance":
        event = _day_between(draw, date(2005, 1, 1), SI_2006_1751.day_before)
        ret = _valid_return(draw, kind, on, REGS_2024_START if kind == "sickness" else on)
        fields = {_EVENT_FIELD[kind]: event, "regime": RegimeId.REGS_2006.value}
        if kind == "attendance":
            fields["period_start"] = event - timedelta(days=draw(_ints(0, 60)))
        elif kind == "sickness":
            fields["period_start"] = event
        elif kind == "deletion":
            fields.update(ground="8(1)(d)", ground_met_on=None, entered_on=None)
        elif kind == "new_pupil":
            fields["starting_day"] = event
        return attrs.evolve(ret, **fields)
    last = min(on, SI_2016_792.day_before if kind != "sickness" else SI_2024_208.day_before)
    event = _day_between(draw, REGS_2006_START, last)
    if kind == "new_pupil":
        return _new_pupil_return(draw, on, event)
    if kind == "sickness":
        return attrs.evolve(_sickness_return(draw, on, event), regime=RegimeId.REGS_2006.value)
    ret = _deletion_return(draw, on, event, csa=True)
    others = [
        g.ref
        for g in REGS_2006.grounds_on(event, applies_to=AgeScope.COMPULSORY_SCHOOL_AGE)
        if g.ref not in _DELETION_GROUNDS_AS_MADE
    ]
    return attrs.evolve(ret, ground=_pick(draw, others))


def _unknown_ground(draw: st.DrawFn, ret: DeletionReturn) -> DeletionReturn:
    """A ground no regime has, another regime's, or one not yet in force on the day."""
    other = "9(1)(a)" if ret.regime == RegimeId.REGS_2006 else "8(1)(b)"
    options = [other, "8(1)(p)", "9(2)(a)", "moved away", "16", "reg 10(1)(b)"]
    if ret.deleted_on < SI_2011_1625.on:
        options.append("8(1)(o)")
    return attrs.evolve(ret, ground=_pick(draw, options), la_enquiries_on=None)


def _ground_for_other_age(draw: st.DrawFn, on: date, ret: DeletionReturn) -> DeletionReturn:
    """A ground for the other age group than the pupil's on the day of deletion."""
    deleted = ret.deleted_on
    if deleted < SI_2016_792.on:
        young = _draw_non_csa_dob(draw, deleted, young=draw(st.booleans()))
        pupil = attrs.evolve(ret.pupil, date_of_birth=young)
        return attrs.evolve(ret, pupil=pupil, entered_on=None)
    regime = regime_by_id(ret.regime)
    dob = ret.pupil.date_of_birth
    assert dob is not None
    other = (
        AgeScope.NOT_COMPULSORY_SCHOOL_AGE
        if compulsory_school_age_status(dob, deleted)
        else AgeScope.COMPULSORY_SCHOOL_AGE
    )
    g = _pick(draw, regime.grounds_on(deleted, applies_to=other))
    return attrs.evolve(ret, ground=g.ref, la_enquiries_on=deleted)


def _before_birth(draw: st.DrawFn, ret: Any) -> Any:
    """An entry dated before the pupil's birth."""
    if isinstance(ret, NewPupilReturn):
        dob = ret.starting_day + timedelta(days=draw(_ints(1, 400)))
        return attrs.evolve(ret, pupil=attrs.evolve(ret.pupil, date_of_birth=dob))
    dob = ret.pupil.date_of_birth
    assert dob is not None
    entered = dob - timedelta(days=draw(_ints(1, 400)))
    return attrs.evolve(ret, entered_on=entered)


def _wire_damage(draw: st.DrawFn, kind: str, payload: dict[str, Any], problem: str) -> None:
    """Damage ``payload`` in place so loading it reports ``problem``."""
    pupil = payload["pupil"]
    if problem == "CME-WIRE-001":
        cls = RETURN_TYPES[kind]
        required = [
            a.name for a in attrs.fields(cls) if a.default is attrs.NOTHING and a.name != "kind"
        ]
        where = _pick(draw, (*required, "kind", "pupil.pupil_id"))
        if where == "pupil.pupil_id":
            del pupil["pupil_id"]
        else:
            del payload[where]
    elif problem == "CME-WIRE-004":
        dates = [f for f in _RETURN_DATE_FIELDS[kind] if f in payload]
        where = _pick(draw, [*dates, "pupil.date_of_birth"])
        target = pupil if where == "pupil.date_of_birth" else payload
        target[where.removeprefix("pupil.")] = _pick(draw, _BAD_DATES)
    elif problem == "CME-WIRE-002":
        options: list[tuple[dict[str, Any], str, object]] = [
            (payload, "school_laestab", int(payload["school_laestab"])),
            (payload, "regime", int(payload.get("regime", RegimeId.REGS_2024))),
            (payload, "pupil", pupil.get("pupil_id", "P1")),
            (pupil, "pupil_id", draw(_ints(1, 99_999))),
            (payload, _EVENT_FIELD[kind], int(payload[_EVENT_FIELD[kind]].replace("-", ""))),
        ]
        if "year_group" in payload:
            options.append((payload, "year_group", str(payload["year_group"])))
        if kind == "sickness":
            options.append((payload, "consecutive", "true"))
        target, key, value = _pick(draw, options)
        target[key] = value
    else:
        assert problem == "CME-WIRE-003", problem
        options3: list[tuple[dict[str, Any], str, object]] = [
            (payload, "kind", _pick(draw, ("new-pupil", "Deletion", "absence", "sick"))),
            (pupil, "sex", _pick(draw, ("male", "X", "U", "f"))),
        ]
        if kind in ("new_pupil", "deletion"):
            options3.append((payload, "enrolment_status", _pick(draw, ("D", "single", "main"))))
        target, key, value = _pick(draw, options3)
        target[key] = value


def _kinds_for(problem: str | None, valid: bool, day: date | None) -> list[str]:
    """The kinds of return that can be drawn with ``problem`` (``valid`` if None) on ``day``."""
    need = problem if problem is not None or valid else "CME-RET-004"
    return [
        k
        for k in RETURN_KINDS
        if (problem is None or k in _RETURN_PROBLEM_KINDS[problem])
        and (day is None or day >= _first_return_day(k, need))
    ]


@st.composite
def _returns(
    draw: st.DrawFn,
    kinds: SearchStrategy[str] | None,
    valid: SearchStrategy[bool],
    problems: SearchStrategy[str | None],
    on: SearchStrategy[date | None],
) -> ReturnPayload:
    day = draw(on)
    is_valid = draw(valid)
    problem = draw(problems)
    if is_valid and problem is not None:
        raise InvalidArgument("problem= needs valid=False (a valid return carries no problem)")
    if kinds is not None:
        kind = draw(kinds)
    else:
        options = _kinds_for(problem, is_valid, day)
        if not options:
            raise InvalidArgument(
                f"no kind of return can be drawn{' with ' + problem if problem else ''} on {day}"
            )
        kind = _pick(draw, options)
    if not is_valid and problem is None:
        problem = _pick(
            draw,
            [
                p
                for p in RETURN_PROBLEMS
                if kind in _RETURN_PROBLEM_KINDS[p]
                and (day is None or day >= _first_return_day(kind, p))
            ],
        )
    _check_return_args(kind, problem, day)
    if day is None:
        first = _first_return_day(kind, problem)
        day = _day_between(draw, first, _DEFAULT_LAST_RETURN_DAY)
    if problem is None or problem.startswith("CME-WIRE"):
        ret = _valid_return(draw, kind, day)
    else:
        ret = _damaged_return(draw, kind, day, problem)
    payload: dict[str, Any] = unstructure(ret)
    if problem is not None and problem.startswith("CME-WIRE"):
        _wire_damage(draw, kind, payload, problem)
    return ReturnPayload(payload=payload, on=day, kind=kind, problem=problem)


def returns(
    *,
    kind: str | SearchStrategy[str] | None = None,
    valid: bool | SearchStrategy[bool] = True,
    problem: str | SearchStrategy[str] | None = None,
    on: date | SearchStrategy[date] | None = None,
) -> SearchStrategy[ReturnPayload]:
    """Returns to the LA as the JSON payloads an MIS would send, in :class:`ReturnPayload`
    records (``record.payload``, judged on ``record.on``).

    ``kind`` is ``"new_pupil"``, ``"deletion"``, ``"attendance"`` or ``"sickness"``
    (:data:`RETURN_KINDS`), or a strategy of them; by default one is drawn (one that can carry
    ``problem``, and that existed on ``on``). With ``valid=True``,
    ``validate_return(record.payload, on=record.on)`` finds no ERROR: the regime is the one in
    force on the return's date (SI 2006/1751 to 18 August 2024, SI 2024/208 from 19 August
    2024), no date is after ``on``, submissions are on time, every particular the regime
    requires is there (queries, such as a temporary UPN, may occur). ``on`` is the judging
    day (by default one is drawn, up to July 2029); it must be a day on which the kind of
    return existed: new-pupil returns from 1 September 2016, sickness returns from 19 August
    2024, the others from 1 September 2006.

    With ``valid=False`` the payload carries ``problem`` -- one of :data:`RETURN_PROBLEMS`
    (ERROR codes; :func:`return_problem_kinds` gives the kinds that can carry each), or a
    strategy of them; by default one is drawn for the kind -- among the problems
    ``validate_return`` reports (others may come with it: a wire problem stops the content
    checks, and a date moved after ``on`` may also change the regime in force). ``valid`` may
    be a strategy too (``valid=st.booleans()``: valid and invalid returns mixed; ``problem``
    must then be left out).

    >>> from hypothesis import given, settings
    >>> from cme_core.submissions import validate_return
    >>> @settings(max_examples=10)
    ... @given(
    ...     returns(kind="deletion"),
    ...     returns(kind="deletion", valid=False, problem="CME-RET-005"),
    ...     returns(),
    ... )
    ... def test_deletion_returns(good, bad, any_kind):
    ...     assert validate_return(good.payload, on=good.on).errors == ()
    ...     assert "CME-RET-005" in validate_return(bad.payload, on=bad.on).codes
    ...     assert validate_return(any_kind.payload, on=any_kind.on).errors == ()
    >>> test_deletion_returns()
    """
    valids = _values(valid, "valid", _check_bool)
    if problem is not None and valid is not False:
        raise InvalidArgument("problem= needs valid=False")
    kinds = None if kind is None else _values(kind, "kind", _check_kind_name)
    problems = _optional_values(problem, "problem", _check_problem)
    day = None if on is None or isinstance(on, SearchStrategy) else _check_return_day(on, "on")
    plain_problem = None if isinstance(problem, SearchStrategy) else problem
    if isinstance(kind, str) and not isinstance(problem, SearchStrategy):
        if isinstance(valid, bool):
            # Without a problem, valid=False may draw CME-RET-004 (which any day allows).
            _check_return_args(kind, problem or (None if valid else "CME-RET-004"), day)
    elif kind is None and isinstance(valid, bool) and not _kinds_for(plain_problem, valid, day):
        raise InvalidArgument(f"no kind of return can be drawn on {day}")
    return _returns(kinds, valids, problems, _optional_values(on, "on", _check_return_day))
