"""The facts a deletion ground is assessed against, as explicit inputs.

Everything the grounds turn on is here, and nothing is guessed. The judgments the law leaves
to people ("no reasonable grounds to believe the pupil will attend again"; "school and LA ...
agree") are :class:`Judgment` records: who judged, when, and what they concluded. cme_core
records them; it cannot make them.

**None, and facts known not to exist.** A fact left as ``None`` (or, for
``registered_elsewhere``, empty) is *not recorded*. To say that a thing is known **not** to
exist (no school attendance order, no review of the exclusion requested, not placed here by an
LA), list it in :attr:`DeletionFacts.known_none` as a :class:`KnownNone` member. The readings:

* a fact a ground **needs** (the order of 8(1)(a) / 9(1)(d)-(e), the notice, the leave, the
  certificate, the detention, the death, the exclusion, ...): ``None`` is **unknown**, so the
  condition is UNKNOWN and the ground at best INSUFFICIENT_EVIDENCE; the :class:`KnownNone`
  member makes the condition fail, so the ground is NOT_MET.
* a fact that only **bars** a ground (an order naming this school; an LA placement at a special
  school; a review requested in time): ``None`` is read as **none**, as the school's own records
  are taken to be complete (this was, and stays, the reading of 0.1.0); the :class:`KnownNone`
  member says so explicitly, and the condition's reason then says it is known.

>>> from cme_core.schools import SchoolKind
>>> school = School(laestab="8012000", name="A", kind=SchoolKind.ACADEMY)
>>> facts = DeletionFacts(pupil_id="P1", school=school,
...                       known_none=[KnownNone.SCHOOL_ATTENDANCE_ORDER])
>>> facts.known_to_be_none(KnownNone.SCHOOL_ATTENDANCE_ORDER)
True
>>> DeletionFacts(pupil_id="P1", school=school, known_none=["school_attendance_order"])
Traceback (most recent call last):
...
cme_core.errors.InvalidArgument: known_none must hold KnownNone members, got str
"""

from __future__ import annotations

import enum
import typing
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import attrs

from cme_core._checks import require_date
from cme_core._fields import extra_field, redact, typed_fields
from cme_core.calendars import SchoolCalendar
from cme_core.errors import InvalidArgument, InvalidInput
from cme_core.registers import AdmissionEntry, AttendanceRecord, OtherSchool
from cme_core.schools import School

__all__ = [
    "BoardingCharges",
    "Consent",
    "DeletionFacts",
    "Detention",
    "DetentionKind",
    "Enquiries",
    "EnquiryOutcome",
    "Judgment",
    "KnownNone",
    "LeaveOfAbsence",
    "MedicalCertificate",
    "NurseryCompletion",
    "OtherRegistration",
    "PermanentExclusion",
    "SchoolAttendanceOrder",
    "WrittenNotice",
]


def _registrations(value: Iterable[OtherRegistration]) -> tuple[OtherRegistration, ...]:
    return tuple(value)


class KnownNone(enum.Enum):
    """A fact known **not** to exist, for :attr:`DeletionFacts.known_none`.

    ``None`` in a :class:`DeletionFacts` field means *not recorded*; listing the field's member
    here means *known: there is none*. Each member's value is the field it qualifies (the wire
    form). Members pickle, compare and hash like any enum member.

    >>> KnownNone.SCHOOL_ATTENDANCE_ORDER
    KnownNone.SCHOOL_ATTENDANCE_ORDER
    >>> KnownNone.EXCLUSION_REVIEW.field
    'exclusion.review_requested_on'
    """

    SCHOOL_ATTENDANCE_ORDER = "school_attendance_order"
    """No school attendance order concerns the pupil (fails 2006 8(1)(a), 2024 9(1)(d)-(e))."""
    REGISTRATION_ELSEWHERE = "registered_elsewhere"
    """Not registered at any other school (fails 2006 8(1)(b)-(c), 2024 9(1)(a), (c))."""
    HOME_EDUCATION_NOTICE = "home_education_notice"
    """No parent's notice of education otherwise than at school was received."""
    LEAVE_OF_ABSENCE = "leave"
    """No leave of absence was granted (fails 2006 8(1)(f), 2024 9(1)(h))."""
    MEDICAL_CERTIFICATE = "medical_certificate"
    """No school medical officer's certificate (fails 2006 8(1)(g))."""
    DETENTION = "detention"
    """The pupil is not detained (fails 2006 8(1)(i), 2024 9(1)(j))."""
    DEATH = "died_on"
    """The pupil has not died (fails 2006 8(1)(j), 8(3)(c); 2024 9(1)(k), 9(3)(d))."""
    NURSERY_COMPLETION = "nursery"
    """The pupil did not complete nursery education here."""
    PERMANENT_EXCLUSION = "exclusion"
    """The pupil was not permanently excluded."""
    EXCLUSION_REVIEW = "exclusion.review_requested_on"
    """No review of the permanent exclusion was requested (SI 2012/1033 Sch 1 para 2)."""
    BOARDING_CHARGES = "boarding_charges"
    """No boarding charges are unpaid (fails 2006 8(1)(o), 2024 9(1)(m))."""
    LA_SPECIAL_PLACEMENT = "la_placed_special_by"
    """Not placed at this special school by an LA (2006 reg 8(2), 2024 reg 9(2) do not apply)."""

    def __repr__(self) -> str:
        return f"KnownNone.{self.name}"

    @property
    def field(self) -> str:
        """The :class:`DeletionFacts` field (dotted for a field of a record) it qualifies."""
        return self.value


def _known_none(value: object) -> tuple[KnownNone, ...]:
    """The members, once each, in declaration order (a tuple: it travels as a JSON array)."""
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise InvalidArgument(
            f"known_none must be a collection of KnownNone members, got {type(value).__name__}"
        )
    members = set()
    for item in value:
        if not isinstance(item, KnownNone):
            raise InvalidArgument(
                f"known_none must hold KnownNone members, got {type(item).__name__}"
            )
        members.add(item)
    return tuple(m for m in KnownNone if m in members)


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Judgment:
    """A judgment the law leaves to people, recorded with who made it and when.

    ``holds`` is the conclusion about the statement the condition asks about: for
    "no reasonable grounds to believe the pupil will attend again", ``holds=True`` means the
    school concluded there are **no** such grounds.
    """

    holds: bool
    by: str = attrs.field(repr=redact)
    """Who judged: a role ("headteacher", "LA CME officer") or a name (never printed)."""
    on: date
    note: str | None = attrs.field(default=None, repr=redact)


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Consent:
    """A consent or direction: an LA's consent (2006 reg 8(2); 2024 reg 9(2)), another
    school's consent to deletion (2006 8(1)(c); 2024 9(1)(c)), or a Secretary of State
    direction."""

    by: str
    """Who consented: an LA code, a school's LAESTAB, or "secretary_of_state"."""
    on: date
    refused_first: bool = False
    """For 2024 reg 9(2)(c): the LA refused and the Secretary of State then directed."""


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class OtherRegistration:
    """The pupil's registration at another school."""

    school: OtherSchool
    registered_from: date | None = None
    dual_registration_agreed: bool = False
    """The proprietors agreed the pupil should be registered at more than one school."""
    consent_to_deletion: Consent | None = None
    """That school's consent to deletion here (2006 8(1)(c)(iii); 2024 9(1)(c)(iii))."""


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class SchoolAttendanceOrder:
    """A school attendance order (Education Act 1996 s437) concerning the pupil."""

    names_this_school: bool
    """The order names (or named) this school."""
    registered_here_under_it: bool = False
    """2006 8(1)(a): the pupil is registered here under the order's requirements."""
    served_by_la: str | None = None
    amended_to_other_school_on: date | None = None
    revoked_on: date | None = None
    revoked_because_education_otherwise: bool | None = None
    """Revoked because suitable education is arranged otherwise than at school."""

    def in_force_naming_this_school(self, day: date) -> bool:
        """True when the order names this school and was neither amended to name another
        school nor revoked on or before ``day``."""
        if not self.names_this_school:
            return False
        ended = [d for d in (self.amended_to_other_school_on, self.revoked_on) if d is not None]
        return not any(d <= day for d in ended)


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class WrittenNotice:
    """A parent's notice that the pupil will be educated otherwise than at school.

    2006 8(1)(d) needs it in writing and the pupil to have ceased to attend; 2024 9(1)(f)
    needs it in writing, naming a day after which the pupil will no longer attend, and that
    day to have passed.
    """

    received_on: date
    in_writing: bool = True
    last_day_of_attendance: date | None = None
    """2024: the "certain day" after which the pupil will no longer attend."""


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class LeaveOfAbsence:
    """Leave of absence granted (2006 reg 7; 2024 reg 11 and 3(7))."""

    first_day: date
    last_day: date
    granted_on: date | None = None
    holiday_over_ten_school_days: bool | None = None
    """2006 8(1)(f) before 1 Sep 2013 applied only to holiday leave over ten school days
    granted under old reg 7(3)."""


class EnquiryOutcome(enum.Enum):
    """What the reasonable enquiries found."""

    NOT_FOUND = "not_found"
    """(aa): they have not succeeded in finding out the pupil's location."""
    LOCATED = "located"
    """(bb): they found the pupil's location and circumstances."""


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Enquiries:
    """Reasonable enquiries / efforts to find the pupil (2006 8(1)(f)(iii), (h)(iii), 8(3)(b);
    2024 9(1)(h)(iii), (i)(iii), 9(3)(c)).

    ``la_part_on`` records the LA's part of *joint* enquiries; ``None`` means the LA took no
    recorded part (enough only for the school-alone grounds 8(3)(b) / 9(3)(c)).
    """

    school_part_on: date | None = None
    la_part_on: date | None = None
    outcome: EnquiryOutcome
    agree_will_not_attend_again: Judgment | None = None
    """2024 (bb): both agree there are no reasonable grounds to believe the pupil will attend
    again (taking into account reasonable steps either could take)."""

    @property
    def completed_on(self) -> date | None:
        """The day the last recorded part of the enquiries was made (``None``: no part)."""
        parts = [d for d in (self.school_part_on, self.la_part_on) if d is not None]
        return max(parts) if parts else None


class DetentionKind(enum.Enum):
    """The kind of detention (only some are grounds)."""

    SENTENCE_OF_DETENTION = "sentence_of_detention"
    """2024 reg 3: Sentencing Act 2020 ss233, 250, 252A, 254, 259."""
    FINAL_ORDER = "final_order"
    """2006 8(1)(i): a final order made by a court."""
    ORDER_OF_RECALL = "order_of_recall"
    """2006 8(1)(i): an order of recall by a court or the Secretary of State."""
    REMAND = "remand"
    """Remand or police detention: never a ground (2024 code Y5)."""


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Detention:
    """The pupil's detention (2006 8(1)(i); 2024 9(1)(j)): its kind, start and release."""

    kind: DetentionKind
    started_on: date
    order_months: int | None = None
    """The length of the order in months (2006: "not less than four months")."""
    released_on: date | None = None
    """The day the pupil was released (both grounds need the pupil to *be* detained)."""


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class MedicalCertificate:
    """2006 8(1)(g): the school medical officer's certificate."""

    certified_on: date
    unlikely_fit_before_end_of_csa: bool = True
    intention_to_continue_stated: bool = False


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class NurseryCompletion:
    """2006 8(1)(n) / 8(3)(d); 2024 9(1)(b): completion of nursery education here."""

    completed_on: date
    transferred_to_reception_here: bool = False


RELEVANT_EXCLUSIONS_FROM = date(2020, 6, 1)
RELEVANT_EXCLUSIONS_TO = date(2021, 3, 24)


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class PermanentExclusion:
    """A permanent exclusion and the review stage it must pass before it takes effect
    (2006 8(4)(d)-(e); 2024 9(5)(c)-(d); SI 2012/1033 Sch 1 para 2)."""

    excluded_on: date
    decision_notified_on: date | None = None
    """Written notice of the decision not to reinstate: the review window runs from here."""
    duties_discharged: bool = True
    """The responsible body has discharged its duties under the 2012 regulations."""
    statement_no_review_on: date | None = None
    review_requested_on: date | None = None
    review_concluded_on: date | None = None
    """The review was determined (2006) or abandoned / upheld / reconsidered with no
    reinstatement (2024)."""
    reinstated: bool = False
    review_window_school_days: int | None = None
    """Override of the review window; by default :attr:`window_school_days` derives it."""

    @property
    def window_school_days(self) -> int:
        """The school days allowed to ask for a review: 15 (SI 2012/1033 Sch 1 para 2(1)), or
        25 for a "relevant exclusion" (para 2(1A), inserted by SI 2020/543 from 1 Jun 2020 and
        omitted by SI 2023/571 for exclusions from 1 Sep 2023): one made from 1 Jun 2020 to
        24 Mar 2021 (exclusions before 1 Jun 2020 still open then are not detected here: set
        the override)."""
        if self.review_window_school_days is not None:
            return self.review_window_school_days
        if RELEVANT_EXCLUSIONS_FROM <= self.excluded_on <= RELEVANT_EXCLUSIONS_TO:
            return 25
        return 15


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class BoardingCharges:
    """2006 8(1)(o); 2024 9(1)(m)."""

    payable_by_parent: bool
    term_last_day: date
    unpaid_at_term_end: bool


_RECORDS: tuple[type, ...] = ()


def _check_dates(obj: object, where: str) -> None:
    """Every date field of the facts and their records must be a ``date`` (not a string, not a
    ``datetime``): a wrong type is an :class:`InvalidArgument` here, not a crash later."""
    hints = typing.get_type_hints(type(obj))
    for field in attrs.fields(typing.cast(Any, type(obj))):
        value = getattr(obj, field.name)
        hint = hints[field.name]
        if date in (hint, *typing.get_args(hint)) and value is not None:
            require_date(value, f"{where}.{field.name}")
        elif isinstance(value, tuple):
            for i, item in enumerate(value):
                if type(item) in _RECORDS:
                    _check_dates(item, f"{where}.{field.name}[{i}]")
        elif type(value) in _RECORDS:
            _check_dates(value, f"{where}.{field.name}")


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class DeletionFacts:
    """Every fact a deletion ground may need, for one pupil at one school.

    Only ``pupil_id`` and ``school`` are required; each ground says which of the rest it needs
    and reports the unknown ones. The register history (``entry``) and the attendance marks
    (``attendance``) give the counts; the calendar defaults to the school's.

    ``None`` means *not recorded*; ``known_none`` lists the facts known **not** to exist
    (:class:`KnownNone`). A fact a ground needs that is ``None`` is unknown (the ground is at
    best INSUFFICIENT_EVIDENCE); listed in ``known_none`` it fails (NOT_MET). A fact that only
    bars a ground (an order naming this school, an LA placement, a review requested) is read as
    none when ``None``, as before; listing it says so explicitly. A fact both given and listed
    in ``known_none`` is an :class:`~cme_core.errors.InvalidInput`.
    """

    pupil_id: str
    school: School
    date_of_birth: date | None = attrs.field(default=None, repr=redact)
    entry: AdmissionEntry | None = attrs.field(default=None, repr=False)
    attendance: AttendanceRecord | None = attrs.field(default=None, repr=False)
    calendar: SchoolCalendar | None = attrs.field(default=None, repr=False)
    boarder: bool | None = None
    registered_elsewhere: tuple[OtherRegistration, ...] = attrs.field(
        default=(), converter=_registrations
    )
    school_attendance_order: SchoolAttendanceOrder | None = None
    home_education_notice: WrittenNotice | None = None
    ceased_to_attend_on: date | None = None
    ceased_to_be_pupil_on: date | None = None
    moved_away: Judgment | None = None
    """No longer (ordinarily / normally) lives within a reasonable distance of the school."""
    leave: LeaveOfAbsence | None = None
    sickness_or_unavoidable_cause: Judgment | None = None
    """``holds=True``: there ARE reasonable grounds to believe the pupil is unable to attend
    through sickness or an unavoidable cause (which bars the absence grounds)."""
    enquiries: Enquiries | None = None
    will_not_attend_again: Judgment | None = None
    """``holds=True``: there are no reasonable grounds to believe the pupil will attend again."""
    medical_certificate: MedicalCertificate | None = None
    detention: Detention | None = None
    died_on: date | None = None
    will_stop_attending_indicated: Judgment | None = None
    """2006 8(1)(k)(i): the relevant person indicated the pupil will cease to attend."""
    sixth_form_requirements_not_met: Judgment | None = None
    nursery: NurseryCompletion | None = None
    exclusion: PermanentExclusion | None = None
    boarding_charges: BoardingCharges | None = None
    la_placed_special_by: str | None = None
    """The LA code that arranged the pupil's place at this special school, if any."""
    la_consent: Consent | None = None
    mobile_child_main_school_here: bool | None = None
    """2024: a mobile child whose main school (reg 9(4)) is this school."""
    no_fixed_abode_school_of_ordinary_attendance_here: bool | None = None
    """2006 reg 9: no fixed abode (parent travels for trade), dual registered, and this is the
    school of ordinary attendance."""
    known_none: tuple[KnownNone, ...] = attrs.field(default=(), converter=_known_none)
    """The facts known **not** to exist (see :class:`KnownNone`); ``None`` elsewhere is
    *not recorded*."""
    extra: Mapping[str, Any] = extra_field()

    def __attrs_post_init__(self) -> None:
        _check_dates(self, "facts")
        for which in self.known_none:
            if self._given(which):
                raise InvalidInput(
                    f"facts.{which.field} is given and also listed in known_none as known not "
                    "to exist"
                )

    def _given(self, which: KnownNone) -> bool:
        if which is KnownNone.EXCLUSION_REVIEW:
            ex = self.exclusion
            return ex is not None and ex.review_requested_on is not None
        value = getattr(self, which.field)
        return value is not None and value != ()

    def known_to_be_none(self, which: KnownNone) -> bool:
        """True when ``which`` is listed in :attr:`known_none` (known not to exist)."""
        if not isinstance(which, KnownNone):
            raise InvalidArgument(f"which must be a KnownNone member, got {type(which).__name__}")
        return which in self.known_none

    @property
    def school_calendar(self) -> SchoolCalendar | None:
        """``calendar`` if given, else the school's own calendar (``None``: neither)."""
        return self.calendar if self.calendar is not None else self.school.calendar

    def boarder_on(self, day: date) -> bool | None:
        """Whether the pupil is a boarder on ``day``: ``boarder`` if given, else the register
        entry's state on that day (``None``: not recorded)."""
        if self.boarder is not None:
            return self.boarder
        if self.entry is not None:
            state = self.entry.state_on(day)
            if state is not None:
                return state.boarder
        return None


_RECORDS = (
    Judgment,
    Consent,
    OtherRegistration,
    SchoolAttendanceOrder,
    WrittenNotice,
    LeaveOfAbsence,
    Enquiries,
    Detention,
    MedicalCertificate,
    NurseryCompletion,
    PermanentExclusion,
    BoardingCharges,
)
