r"""``cme demo``: one term of a fictional local authority, judged on one day.

The demonstration runs the library's main jobs on bundled example data
(``cme_core/data/demo_la.json``): *Exampleshire*, a fictional LA, with a primary academy and a
secondary maintained school, each with its own 2024/25 calendar (term dates and INSET days, so
each counts its own school days: Education Act 1996 s579(1)), the admission and attendance
registers of the autumn term, and a dozen invented pupils chosen for the interesting cases. On
the judging day it reports:

1. the returns each school owes the LA and their status (:func:`cme_core.returns.obligations`,
   with the attendance-return days agreed with the LA, and the returns already made);
2. for each pupil on roll with a deletion ground met or nearly met: the ground, the outcome, the
   day it was met and what is missing (:func:`cme_core.law.assess.candidate_grounds`, plus any
   ground the data asks to assess anyway). A nearly met ground is shown in full when a count is
   under way (twenty school days, ten after leave, a review window); the other candidates are
   only named, as their "evidence" is a judgment or enquiry shared with another ground;
3. the CME referral decisions (:func:`cme_core.referral.assess_referral`): who may be referred,
   and what is outstanding for the others;
4. the validation report of a deliberately broken return
   (:func:`cme_core.submissions.validate_return`).

:func:`demo_report` builds all four as one JSON-compatible document; :func:`render_text` prints
it as plain-text tables; :func:`run` does both for the command line. The text and the JSON name
pupils only by ``pupil_id``: no name, address, phone number or date of birth is printed.

This is an *edge* module: it reads package data (``importlib.resources``) and writes to a
stream. It never reads the clock: the judging day is in the data.

**The data file.** ``schools[].register`` is a ``school-register`` wire document (see
``cme schema school-register``) without its calendar and attendance records, which are built
here: the calendar by :meth:`~cme_core.calendars.SchoolCalendar.from_terms` from
``schools[].calendar`` (terms, INSET days, other closures; bank holidays excluded), the
attendance records from compact *patterns* (below). ``schools[].cases[].facts`` holds the
:class:`~cme_core.law.facts.DeletionFacts` fields a register cannot give (the pupil_id, school,
date of birth, admission entry, marks and calendar come from the register);
``cases[].also_assess`` names grounds to assess even when ``candidate_grounds`` would not list
them. ``returns_made`` lists returns already made, each matched to an obligation by kind,
pupil_id and ``event_on`` (the day of entry for a new-pupil return, of deletion for a deletion
return, the agreed return day closing the period for an attendance return).
``referrals[].child`` is a :class:`~cme_core.referral.ReferralChild` without its ``pupil`` (taken
from the register); ``unexplained_absence_school_days`` and ``last_attended_on`` are computed
from the register when not given. ``broken_submission.payload`` is a return as another system
might send it. Every part is loaded strictly: an unknown field, a wrong type, a pattern that
does not fit the calendar, a register with an ERROR or a return recorded as made that matches
no obligation raises :class:`DemoDataError` with every problem found.

**Attendance patterns.** A pattern is a list of segments ``"COUNT CODES"``. ``CODES`` are the
two marks (morning, afternoon) of one school day, written as in a register (``/\`` present,
``NN``, ``OO``, ``C1C1``); ``COUNT`` is how many consecutive school days carry them, or ``*``
(at most once) for every school day the other segments leave. The segments fill, in order, the
pupil's school days from the first school day on roll to the judging day (or to the day before
the name was deleted); days that are not school days get no mark (see :func:`expand_pattern`).

>>> import io
>>> out = io.StringIO()
>>> run(fmt="text", out=out)
0
>>> "9(1)(i)" in out.getvalue()
True
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from importlib import resources
from typing import Any, Literal, TextIO

import attrs

from cme_core._fields import describe, freeze_mapping, iso, typed_fields
from cme_core.attendance_codes import code_set_for
from cme_core.calendars import InvalidCalendar, SchoolCalendar, Term
from cme_core.errors import CmeError, InvalidArgument, InvalidInput
from cme_core.law.assess import assess_ground, candidate_grounds
from cme_core.law.counting import RunRule, absence_run
from cme_core.law.facts import DeletionFacts
from cme_core.law.records import ConditionKind, GroundAssessment
from cme_core.law.regimes import regime_for
from cme_core.policy import LAPolicy
from cme_core.problems import PathElement, Problem, ProblemType, Report, Severity
from cme_core.referral import Enquiry, ReferralChild, assess_referral
from cme_core.registers import AdmissionEntry, AttendanceRecord, SchoolRegister, encode_marks
from cme_core.returns import Obligation, ReturnKind, obligations
from cme_core.schools import School
from cme_core.serialization import load
from cme_core.submissions import validate_return

__all__ = [
    "DATA_FILE",
    "PROBLEM_TYPES",
    "DemoDataError",
    "DemoLA",
    "DemoReferral",
    "DemoSchool",
    "demo_report",
    "expand_pattern",
    "load_demo",
    "render_text",
    "run",
]

DATA_FILE = "demo_la.json"
"""The bundled data, in the ``cme_core.data`` package."""

_ONE_DAY = timedelta(days=1)

BAD_PATTERN = ProblemType(
    code="CME-DEMO-001",
    severity=Severity.ERROR,
    title="The attendance pattern does not fit the pupil's school days",
)
UNKNOWN_PUPIL = ProblemType(
    code="CME-DEMO-002",
    severity=Severity.ERROR,
    title="The pupil_id has no admission entry in the demo registers",
)
REGISTER_FACT = ProblemType(
    code="CME-DEMO-003",
    severity=Severity.ERROR,
    title="The field is derived (from the register, the calendar or the patterns) and must "
    "not be given here",
)
UNMATCHED_RETURN = ProblemType(
    code="CME-DEMO-004",
    severity=Severity.ERROR,
    title="A return recorded as made matches no obligation",
)
DUPLICATE = ProblemType(
    code="CME-DEMO-005",
    severity=Severity.ERROR,
    title="The pupil is given twice in this list",
)
UNKNOWN_SCHOOL = ProblemType(
    code="CME-DEMO-006",
    severity=Severity.ERROR,
    title="The LAESTAB is not one of the demo schools",
)
UNKNOWN_GROUND = ProblemType(
    code="CME-DEMO-007",
    severity=Severity.ERROR,
    title="Not a ground of the regime in force on the judging day",
)
NOT_JSON = ProblemType(
    code="CME-DEMO-008",
    severity=Severity.ERROR,
    title="The bundled demo data is not valid JSON",
)
PROBLEM_TYPES: tuple[ProblemType, ...] = (
    BAD_PATTERN,
    UNKNOWN_PUPIL,
    REGISTER_FACT,
    UNMATCHED_RETURN,
    DUPLICATE,
    UNKNOWN_SCHOOL,
    UNKNOWN_GROUND,
    NOT_JSON,
)

_REGISTER_FACTS = frozenset(
    {"pupil_id", "school", "date_of_birth", "entry", "attendance", "calendar"}
)


class DemoDataError(InvalidInput):
    """The demo data could not be loaded; ``report`` lists every problem (codes and JSON paths
    only in the message: no personal data)."""

    def __init__(self, report: Report) -> None:
        self.report = report
        listed = "; ".join(f"{p.code} at {p.json_path}" for p in report)
        super().__init__(f"the demo data has {len(report)} problem(s): {listed}")


# --- the wire shape of the data file (loaded strictly by cme_core.serialization) ---------------


@attrs.frozen(kw_only=True)
class _CalendarSpec:
    terms: tuple[Term, ...]
    inset_days: tuple[date, ...] = ()
    closures: tuple[date, ...] = ()


@attrs.frozen(kw_only=True)
class _Marks:
    pupil_id: str
    pattern: tuple[str, ...]


@attrs.frozen(kw_only=True)
class _Case:
    pupil_id: str
    note: str | None = None
    facts: Mapping[str, Any] = attrs.field(factory=dict, converter=freeze_mapping, hash=False)
    also_assess: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class _ReturnMade:
    kind: ReturnKind
    pupil_id: str
    event_on: date
    submitted_on: date


@attrs.frozen(kw_only=True)
class _SchoolDoc:
    register: SchoolRegister
    calendar: _CalendarSpec
    attendance: tuple[_Marks, ...] = ()
    cases: tuple[_Case, ...] = ()
    returns_made: tuple[_ReturnMade, ...] = ()


@attrs.frozen(kw_only=True)
class _ReferralDoc:
    pupil_id: str
    note: str | None = None
    child: Mapping[str, Any] = attrs.field(factory=dict, converter=freeze_mapping, hash=False)
    enquiries: tuple[Enquiry, ...] = ()


@attrs.frozen(kw_only=True)
class _LADoc:
    name: str
    code: str
    fictional: bool


@attrs.frozen(kw_only=True)
class _SubmissionDoc:
    note: str
    school_laestab: str
    payload: Mapping[str, Any] = attrs.field(hash=False)


@attrs.frozen(kw_only=True)
class _DemoDoc:
    description: tuple[str, ...] = ()
    la: _LADoc
    judged_on: date
    attendance_return_dates: tuple[date, ...] = ()
    policy: LAPolicy = attrs.field(factory=LAPolicy)
    schools: tuple[_SchoolDoc, ...]
    referrals: tuple[_ReferralDoc, ...] = ()
    broken_submission: _SubmissionDoc


# --- the loaded demo ---------------------------------------------------------------------------


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class DemoSchool:
    """One demo school: its registers (with calendar and marks), the deletion facts of every
    pupil with an admission entry, the grounds to assess anyway, and the returns made."""

    register: SchoolRegister
    facts: Mapping[str, DeletionFacts] = attrs.field(
        converter=freeze_mapping, hash=False, repr=False
    )
    also_assess: Mapping[str, tuple[str, ...]] = attrs.field(converter=freeze_mapping, hash=False)
    returns_made: Mapping[tuple[ReturnKind, str, date], date] = attrs.field(
        converter=freeze_mapping, hash=False
    )


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class DemoReferral:
    """One child to judge for a CME referral, with the enquiries made."""

    school: School
    child: ReferralChild
    enquiries: tuple[Enquiry, ...]


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class DemoLA:
    """The whole demonstration, loaded and checked (see :func:`load_demo`)."""

    name: str
    la_code: str
    judged_on: date
    attendance_return_dates: tuple[date, ...]
    policy: LAPolicy
    schools: tuple[DemoSchool, ...]
    referrals: tuple[DemoReferral, ...]
    submission_note: str
    submission_school: School
    submission: Mapping[str, Any] = attrs.field(hash=False, repr=False)


# --- patterns ----------------------------------------------------------------------------------


def _segment(text: object, index: int) -> tuple[int | None, str]:
    """(count or None for '*', the day's readable codes) of one pattern segment."""
    if not isinstance(text, str):
        raise InvalidArgument(f"segment {index} must be a str 'COUNT CODES'")
    parts = text.split()
    if len(parts) != 2:
        raise InvalidInput(f"segment {index} is not 'COUNT CODES' (e.g. '20 OO')")
    count_text, codes = parts
    compact, unknown = encode_marks(codes)
    if unknown:
        raise InvalidInput(f"segment {index}: {unknown[0][1]!r} is not an attendance code")
    if len(compact) != 2:
        raise InvalidInput(
            f"segment {index} gives {len(compact)} mark(s); a school day has two "
            "(morning and afternoon)"
        )
    if count_text == "*":
        return None, codes
    if not (count_text.isascii() and count_text.isdigit()) or int(count_text) < 1:
        raise InvalidInput(f"segment {index}: the count must be a positive whole number or '*'")
    return int(count_text), codes


def expand_pattern(
    pattern: Sequence[str], calendar: SchoolCalendar, first: date, last: date
) -> str:
    """The readable marks, two per calendar day from ``first`` to ``last``, for a pattern.

    Segments ``"COUNT CODES"`` fill the school days of ``calendar`` from ``first`` to ``last``
    in order (``COUNT`` school days with the day's two marks ``CODES``; ``*``, at most once, for
    the school days the others leave); other days get ``--`` (no mark). The counts must add up
    to the school days exactly. Raises :class:`~cme_core.errors.InvalidInput` otherwise (the
    message names the segment by its index), and ``CalendarRangeError`` for days the calendar
    does not cover. The result is what
    :meth:`~cme_core.registers.AttendanceRecord.from_codes` takes.

    >>> from cme_core.calendars import Term
    >>> cal = SchoolCalendar.from_terms(
    ...     [Term(name="T", first_day=date(2024, 9, 2), last_day=date(2024, 9, 20))])
    >>> expand_pattern(["3 LL", "* NN"], cal, date(2024, 9, 5), date(2024, 9, 10))
    'LLLL----LLNN'
    >>> expand_pattern(["3 LL"], cal, date(2024, 9, 5), date(2024, 9, 10))
    Traceback (most recent call last):
    ...
    cme_core.errors.InvalidInput: the pattern covers 3 school day(s), but there are 4
    """
    if isinstance(pattern, str) or not isinstance(pattern, Sequence):
        raise InvalidArgument("pattern must be a list of 'COUNT CODES' segments")
    if not isinstance(calendar, SchoolCalendar):
        raise InvalidArgument(f"calendar must be a SchoolCalendar, not {type(calendar).__name__}")
    segments = [_segment(text, i) for i, text in enumerate(pattern)]
    school_days = calendar.school_days(first, last) if first <= last else ()
    stars = sum(1 for count, _ in segments if count is None)
    given = sum(count for count, _ in segments if count is not None)
    if stars > 1:
        raise InvalidInput("the pattern has more than one '*' segment")
    if given > len(school_days) or (not stars and given != len(school_days)):
        raise InvalidInput(
            f"the pattern covers {given} school day(s), but there are {len(school_days)}"
        )
    per_day: list[str] = []
    for count, codes in segments:
        per_day.extend([codes] * (len(school_days) - given if count is None else count))
    marks = dict(zip(school_days, per_day, strict=True))
    days = (last - first).days + 1 if first <= last else 0
    return "".join(marks.get(first + timedelta(days=i), "--") for i in range(days))


# --- loading -----------------------------------------------------------------------------------


def _bundled() -> Any:
    text = resources.files("cme_core.data").joinpath(DATA_FILE).read_text(encoding="utf-8")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        problem = NOT_JSON.problem(f"{exc.msg} (line {exc.lineno})", values={"line": exc.lineno})
        raise DemoDataError(Report(problems=(problem,))) from None


def _roll_period(
    entry: AdmissionEntry, calendar: SchoolCalendar, on: date
) -> tuple[date, date] | None:
    """The first and last school days of the pupil's time on roll from the calendar's start to
    ``on`` (the last spell that began by ``on``), or None when there are none."""
    spells = [(start, end) for start, end in entry.roll_spells if start <= on]
    if not spells:
        return None
    start, end = spells[-1]
    last_day = on if end is None else min(on, end - _ONE_DAY)
    first_day = max(start, calendar.start)
    if last_day < first_day or last_day < calendar.start or first_day > calendar.end:
        return None
    first_school = calendar.school_day_on_or_after(first_day)
    last_school = calendar.school_day_on_or_before(min(last_day, calendar.end))
    return (first_school, last_school) if first_school <= last_school else None


def _last_day_on_roll(entry: AdmissionEntry, on: date) -> date | None:
    state = entry.state_on(on)
    if state is None:
        return None
    if state.on_roll:
        return on
    return None if state.deleted is None else state.deleted.on - _ONE_DAY


def _unexplained_absence(register: SchoolRegister, pupil_id: str, on: date) -> int | None:
    """School days in the run of absence recorded only with G, N or O (the count of 2024 reg
    9(1)(i)(i)) ending at the pupil's last day on roll by ``on``; None without marks."""
    entry = register.entry(pupil_id)
    record = register.attendance_for(pupil_id)
    calendar = register.school.calendar
    if entry is None or record is None or calendar is None:
        return None
    last = _last_day_on_roll(entry, on)
    if last is None:
        return None
    return absence_run(record, calendar, last, RunRule.CSA_2024).length


def _last_attended(record: AttendanceRecord | None) -> date | None:
    if record is None:
        return None
    last = None
    for day, _session, code in record.iter_marks():
        known = code_set_for(day).get(code)
        if known is not None and known.treatment.counts_as_attendance:
            last = day
    return last


def _obligation_key(ob: Obligation) -> tuple[ReturnKind, str, date]:
    day = ob.due.last_day if ob.kind is ReturnKind.ATTENDANCE else ob.triggered_on
    assert day is not None
    return ob.kind, ob.pupil_id, day


def _load_school(
    doc: _SchoolDoc, i: int, on: date, return_dates: tuple[date, ...], found: list[Problem]
) -> DemoSchool | None:
    where: tuple[PathElement, ...] = ("schools", i)
    spec = doc.calendar
    try:
        calendar = SchoolCalendar.from_terms(
            spec.terms, inset_days=spec.inset_days, closures=spec.closures
        )
    except InvalidCalendar as exc:
        found.extend(p.at(*where, "calendar") for p in exc.report.problems)
        return None
    if doc.register.attendance:
        found.append(REGISTER_FACT.problem(path=(*where, "register", "attendance")))
    if doc.register.school.calendar is not None:
        found.append(REGISTER_FACT.problem(path=(*where, "register", "school", "calendar")))
    school = attrs.evolve(doc.register.school, calendar=calendar)
    register = attrs.evolve(doc.register, school=school, attendance=())
    records: list[AttendanceRecord] = []
    seen: set[str] = set()
    for j, marks in enumerate(doc.attendance):
        at = (*where, "attendance", j)
        entry = register.entry(marks.pupil_id)
        if entry is None:
            found.append(UNKNOWN_PUPIL.problem(path=(*at, "pupil_id")))
            continue
        if marks.pupil_id in seen:
            found.append(DUPLICATE.problem(path=(*at, "pupil_id")))
            continue
        seen.add(marks.pupil_id)
        try:
            period = _roll_period(entry, calendar, on)
            if period is None:
                codes = expand_pattern(marks.pattern, calendar, on, on - _ONE_DAY)
            else:
                codes = expand_pattern(marks.pattern, calendar, *period)
        except CmeError as exc:
            found.append(BAD_PATTERN.problem(str(exc), path=(*at, "pattern")))
            continue
        if period is not None:
            records.append(AttendanceRecord.from_codes(marks.pupil_id, period[0], codes))
    register = attrs.evolve(register, attendance=records)
    found.extend(p.at(*where, "register") for p in register.check(on=on).errors)

    facts: dict[str, DeletionFacts] = {}
    for entry in register.admissions:
        pupil = entry.latest_pupil
        facts[entry.pupil_id] = DeletionFacts(
            pupil_id=entry.pupil_id,
            school=school,
            date_of_birth=None if pupil is None else pupil.date_of_birth,
            entry=entry,
            attendance=register.attendance_for(entry.pupil_id),
        )
    also: dict[str, tuple[str, ...]] = {}
    regime = regime_for(on)
    wire_school = {"laestab": school.laestab, "name": school.name, "kind": school.kind.value}
    for j, case in enumerate(doc.cases):
        at = (*where, "cases", j)
        base = facts.get(case.pupil_id)
        if base is None or case.pupil_id in also:
            kind = UNKNOWN_PUPIL if base is None else DUPLICATE
            found.append(kind.problem(path=(*at, "pupil_id")))
            continue
        also[case.pupil_id] = case.also_assess
        for k, ref in enumerate(case.also_assess):
            if not regime.has_ground(ref, on=on):
                found.append(UNKNOWN_GROUND.problem(path=(*at, "also_assess", k)))
        reserved = sorted(_REGISTER_FACTS.intersection(case.facts))
        found.extend(REGISTER_FACT.problem(path=(*at, "facts", key)) for key in reserved)
        if reserved:
            continue
        data = {"pupil_id": case.pupil_id, "school": wire_school, **case.facts}
        loaded, report = load(data, DeletionFacts, path=(*at, "facts"))
        found.extend(report.problems)
        if loaded is not None and not report.problems:
            facts[case.pupil_id] = attrs.evolve(
                loaded,
                school=school,
                date_of_birth=base.date_of_birth,
                entry=base.entry,
                attendance=base.attendance,
            )
    owed = {
        _obligation_key(ob)
        for ob in obligations(register, on=on, attendance_return_dates=return_dates)
    }
    made: dict[tuple[ReturnKind, str, date], date] = {}
    for j, ret in enumerate(doc.returns_made):
        key = (ret.kind, ret.pupil_id, ret.event_on)
        if key not in owed or key in made:
            kind = UNMATCHED_RETURN if key not in owed else DUPLICATE
            found.append(kind.problem(path=(*where, "returns_made", j)))
            continue
        made[key] = ret.submitted_on
    return DemoSchool(register=register, facts=facts, also_assess=also, returns_made=made)


def _load_referral(
    doc: _ReferralDoc, k: int, schools: Sequence[DemoSchool], on: date, found: list[Problem]
) -> DemoReferral | None:
    at: tuple[PathElement, ...] = ("referrals", k)
    home = next((s for s in schools if s.register.entry(doc.pupil_id) is not None), None)
    entry = None if home is None else home.register.entry(doc.pupil_id)
    pupil = None if entry is None else entry.latest_pupil
    if home is None or pupil is None:
        found.append(UNKNOWN_PUPIL.problem(path=(*at, "pupil_id")))
        return None
    if "pupil" in doc.child:
        found.append(REGISTER_FACT.problem(path=(*at, "child", "pupil")))
        return None
    child, report = load(
        {"pupil": {"pupil_id": doc.pupil_id}, **doc.child}, ReferralChild, path=(*at, "child")
    )
    found.extend(report.problems)
    if child is None or report.problems:
        return None
    register = home.register
    absence = child.unexplained_absence_school_days
    last = child.last_attended_on
    child = attrs.evolve(
        child,
        pupil=pupil,
        unexplained_absence_school_days=(
            _unexplained_absence(register, doc.pupil_id, on) if absence is None else absence
        ),
        last_attended_on=_last_attended(register.attendance_for(doc.pupil_id))
        if last is None
        else last,
    )
    return DemoReferral(school=register.school, child=child, enquiries=doc.enquiries)


def load_demo(data: object | None = None) -> DemoLA:
    """Load and check the demo data (the bundled file when ``data`` is None).

    Strict: any problem at all (an unknown field is one too) raises :class:`DemoDataError`
    listing every problem found, so a slip in the bundled data fails loudly.

    >>> demo = load_demo()
    >>> demo.judged_on, [s.register.school.laestab for s in demo.schools]
    (datetime.date(2024, 12, 13), ['8012990', '8014990'])
    """
    doc, report = load(_bundled() if data is None else data, _DemoDoc)
    if doc is None or report.problems:
        raise DemoDataError(report)
    on = doc.judged_on
    found: list[Problem] = []
    schools: list[DemoSchool] = []
    for i, school_doc in enumerate(doc.schools):
        school = _load_school(school_doc, i, on, doc.attendance_return_dates, found)
        if school is not None:
            schools.append(school)
    referrals = []
    for k, referral_doc in enumerate(doc.referrals):
        referral = _load_referral(referral_doc, k, schools, on, found)
        if referral is not None:
            referrals.append(referral)
    submission = doc.broken_submission
    target = next(
        (
            s.register.school
            for s in schools
            if s.register.school.laestab == submission.school_laestab
        ),
        None,
    )
    if target is None:
        found.append(UNKNOWN_SCHOOL.problem(path=("broken_submission", "school_laestab")))
    if found or target is None:
        raise DemoDataError(Report(problems=found))
    return DemoLA(
        name=doc.la.name,
        la_code=doc.la.code,
        judged_on=on,
        attendance_return_dates=doc.attendance_return_dates,
        policy=doc.policy,
        schools=tuple(schools),
        referrals=tuple(referrals),
        submission_note=submission.note,
        submission_school=target,
        submission=submission.payload,
    )


# --- the report --------------------------------------------------------------------------------


def _returns(demo: DemoLA) -> list[dict[str, Any]]:
    on = demo.judged_on
    rows = []
    for school in demo.schools:
        register = school.register
        found = obligations(register, on=on, attendance_return_dates=demo.attendance_return_dates)
        for ob in found:
            submitted = school.returns_made.get(_obligation_key(ob))
            rows.append(
                {
                    "school": register.school.laestab,
                    **ob.to_dict(),
                    "submitted_on": iso(submitted),
                    "status": ob.status(on, submitted).value,
                }
            )
    return rows


def _ground_row(school: School, pupil_id: str, a: GroundAssessment) -> dict[str, Any]:
    return {
        "school": school.laestab,
        "pupil_id": pupil_id,
        "ground": a.ground.ref,
        "regime": a.ground.regime,
        "citation": a.ground.citation,
        "title": a.ground.title,
        "outcome": a.outcome.value,
        "met_on": iso(a.met_on),
        "nearly_met": a.nearly_met,
        "missing": [c.to_dict() for c in a.missing],
    }


def _counting(a: GroundAssessment) -> bool:
    """Met, or nearly met with a count under way (a failing COUNT condition time may satisfy)."""
    return a.is_met or (a.nearly_met and any(c.kind is ConditionKind.COUNT for c in a.failing))


def _grounds(demo: DemoLA) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(rows shown: grounds met, nearly met with a count under way, or asked for by the data;
    the other candidates ``candidate_grounds`` listed, as pupil and ground only)."""
    on = demo.judged_on
    rows: list[dict[str, Any]] = []
    others: list[dict[str, Any]] = []
    for school in demo.schools:
        laestab = school.register.school.laestab
        for pupil_id in school.register.on_roll(on):
            facts = school.facts[pupil_id]
            asked = [assess_ground(ref, facts, on) for ref in school.also_assess.get(pupil_id, ())]
            asked_refs = {a.ground.ref for a in asked}
            shown: list[GroundAssessment] = []
            for a in candidate_grounds(facts, on):
                if _counting(a) or a.ground.ref in asked_refs:
                    shown.append(a)
                else:
                    others.append(
                        {
                            "school": laestab,
                            "pupil_id": pupil_id,
                            "ground": a.ground.ref,
                            "outcome": a.outcome.value,
                        }
                    )
            refs = {a.ground.ref for a in shown}
            shown.extend(a for a in asked if a.ground.ref not in refs)
            rows.extend(_ground_row(school.register.school, pupil_id, a) for a in shown)
    return rows, others


def _referrals(demo: DemoLA) -> list[dict[str, Any]]:
    rows = []
    for referral in demo.referrals:
        decision = assess_referral(
            referral.child, referral.enquiries, demo.judged_on, policy=demo.policy
        )
        deciding = [s.key for s in decision.steps if s.leads_to is decision.outcome]
        rows.append(
            {
                "school": referral.school.laestab,
                **decision.to_dict(),
                "unexplained_absence_school_days": referral.child.unexplained_absence_school_days,
                "deciding_steps": deciding,
            }
        )
    return rows


def _submission(demo: DemoLA) -> dict[str, Any]:
    payload = demo.submission
    report = validate_return(payload, on=demo.judged_on, school=demo.submission_school)
    pupil = payload.get("pupil")
    return {
        "note": demo.submission_note,
        "school": demo.submission_school.laestab,
        "kind": payload.get("kind"),
        "pupil_id": pupil.get("pupil_id") if isinstance(pupil, Mapping) else None,
        **report.to_dict(),
    }


def _schools(demo: DemoLA) -> list[dict[str, Any]]:
    on = demo.judged_on
    rows = []
    for school in demo.schools:
        register = school.register
        s = register.school
        calendar = s.calendar
        assert calendar is not None
        report = register.check(on=on)
        rows.append(
            {
                "laestab": s.laestab,
                "name": s.name,
                "kind": s.kind.value,
                "phase": s.phase.value,
                "school_days_to_judging_day": calendar.school_days_in(calendar.start, on),
                "pupils_on_roll": len(register.on_roll(on)),
                "register_check": {
                    **report.to_dict()["counts"],
                    "codes": sorted(set(report.codes)),
                },
            }
        )
    return rows


def demo_report(demo: DemoLA | None = None) -> dict[str, Any]:
    """The whole demonstration as one JSON-compatible document (pupils by pupil_id only).

    Sections: ``returns`` (1), ``grounds`` (2: each ground met, nearly met with a count under
    way, or named in ``also_assess``; ``other_candidate_grounds`` names the rest
    ``candidate_grounds`` listed), ``referrals`` (3) and ``submission`` (4), with ``la``,
    ``policy``, ``judged_on`` and ``schools`` for context.

    >>> report = demo_report()
    >>> [r["status"] for r in report["returns"] if r["pupil_id"] == "SM-05"]
    ['overdue']
    """
    demo = load_demo() if demo is None else demo
    grounds, other_grounds = _grounds(demo)
    return {
        "title": f"cme_core demo: {demo.name}, judged on {demo.judged_on.isoformat()}",
        "judged_on": demo.judged_on.isoformat(),
        "la": {"name": demo.name, "code": demo.la_code, "fictional": True},
        "policy": {
            "name": demo.policy.name,
            "min_unexplained_absence_school_days": demo.policy.min_unexplained_absence_school_days,
            "mandatory_steps": sorted(s.value for s in demo.policy.mandatory_steps),
        },
        "attendance_return_dates": [d.isoformat() for d in demo.attendance_return_dates],
        "schools": _schools(demo),
        "returns": _returns(demo),
        "grounds": grounds,
        "other_candidate_grounds": other_grounds,
        "referrals": _referrals(demo),
        "submission": _submission(demo),
    }


# --- text --------------------------------------------------------------------------------------


def _table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    cells = [list(headers), *[["-" if c is None else str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return lines


def _n(count: int, noun: str) -> str:
    plural = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    return f"{count} {noun if count == 1 else plural}"


def _due(row: Mapping[str, Any]) -> str:
    last = row["due"]["last_day"]
    return str(last) if last else "asap"


def render_text(report: Mapping[str, Any]) -> str:
    """The report of :func:`demo_report` as plain-text tables (pupils by pupil_id only)."""
    on = report["judged_on"]
    la = report["la"]
    out = [
        f"cme_core demo: {la['name']}, a fictional local authority "
        f"(LA code {la['code']} borrowed so that identifiers validate), judged on {on}",
        "",
        "Schools (each counts its own school days: Education Act 1996 s579(1))",
    ]
    out += _table(
        ["laestab", "school", "kind", "phase", "school days", "on roll", "register check"],
        (
            [
                s["laestab"],
                s["name"],
                s["kind"],
                s["phase"],
                s["school_days_to_judging_day"],
                s["pupils_on_roll"],
                f"{_n(s['register_check']['error'], 'error')}, "
                f"{_n(s['register_check']['query'], 'query')} "
                f"{' '.join(s['register_check']['codes'])}".rstrip(),
            ]
            for s in report["schools"]
        ),
    )
    out += ["", f"1. Returns to the LA and their status on {on}"]
    out += _table(
        ["school", "pupil", "return", "regime", "from", "due", "made", "status", "citation"],
        (
            [
                r["school"],
                r["pupil_id"],
                r["kind"],
                r["regime"],
                r["earliest"],
                _due(r),
                r["submitted_on"],
                r["status"],
                r["citation"],
            ]
            for r in report["returns"]
        ),
    )
    out += ["", f"2. Deletion grounds met or nearly met on {on} (pupils on roll)"]
    grounds = report["grounds"]
    out += _table(
        ["pupil", "ground", "title", "outcome", "met on", "missing"],
        (
            [
                g["pupil_id"],
                g["ground"],
                g["title"],
                "nearly met" if g["nearly_met"] else g["outcome"],
                g["met_on"],
                ", ".join(c["key"] for c in g["missing"]) or None,
            ]
            for g in grounds
        ),
    )
    details = [
        f"  {g['pupil_id']} {g['ground']} {c['key']} [{c['status']}]: {c['reason']} "
        f"({c['citation']})"
        for g in grounds
        for c in g["missing"]
    ]
    if details:
        out += ["What is missing:", *details]
    others = report["other_candidate_grounds"]
    if others:
        listed = ", ".join(f"{g['pupil_id']} {g['ground']}" for g in others)
        out += [
            "Also listed by candidate_grounds (a judgment or enquiry shared with the grounds "
            f"above, no count under way): {listed}"
        ]
    policy = report["policy"]["name"]
    out += ["", f"3. CME referrals on {on} (Education Act 1996 s436A; LA policy: {policy})"]
    referrals = report["referrals"]
    out += _table(
        ["pupil", "outcome", "unexplained absence (school days)", "deciding steps"],
        (
            [
                r["pupil_id"],
                r["outcome"],
                r["unexplained_absence_school_days"],
                ", ".join(r["deciding_steps"]) or None,
            ]
            for r in referrals
        ),
    )
    reasons = [
        f"  {r['pupil_id']} [{s['status']}] {s['description']}"
        + (f": {s['detail']}" if s["detail"] else "")
        + f" ({s['citation']})"
        for r in referrals
        for s in r["steps"]
        if s["key"] in r["deciding_steps"]
    ]
    if reasons:
        out += ["Why:", *reasons]
    sub = report["submission"]
    counts = sub["counts"]
    out += [
        "",
        f"4. Validation of a broken {sub['kind']} return ({sub['note']}): "
        f"{_n(counts['error'], 'error')}, {_n(counts['query'], 'query')}, "
        f"{_n(counts['warning'], 'warning')}",
    ]
    out += _table(
        ["code", "severity", "path", "message", "citation"],
        (
            [p["code"], p["severity"], p["json_path"], p["message"], p["citation"]]
            for p in sub["problems"]
        ),
    )
    return "\n".join(out) + "\n"


def run(*, fmt: Literal["text", "json"] = "text", out: TextIO) -> int:
    """Print the demonstration to ``out`` as text tables (``fmt="text"``) or one JSON document
    (``fmt="json"``); returns the exit code, 0. Raises :class:`DemoDataError` if the bundled
    data does not load."""
    if fmt not in ("text", "json"):
        raise InvalidInput(f"fmt must be 'text' or 'json', got {describe(fmt)}")
    report = demo_report(load_demo())
    if fmt == "json":
        json.dump(report, out, indent=2)
        out.write("\n")
    else:
        out.write(render_text(report))
    return 0
