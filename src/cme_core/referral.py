"""CME referral eligibility: is this a child missing education, and may the referral go now?

:func:`assess_referral` judges one child on one day in layers, and always lists every step:

1. **Statute** (Education Act 1996 s436A): a child missing education is of compulsory school
   age (s8), not a registered pupil at a school, and not receiving suitable education otherwise
   than at a school. A pupil still on roll with no deletion under way is an *attendance* case.
2. **Guidance** (referring before deletion): a pupil whose name is still on the roll is a
   registered pupil (SI 2024/208 reg 3(1)), so while a deletion is under way the statutory step
   ``statute.not_registered_pupil`` is honestly **UNMET**. DfE guidance and LA practice have
   the school refer *before* the name comes off (joint reasonable enquiries before deletions on
   the no-return and twenty-day grounds), so the step ``guidance.referral_before_deletion`` is
   MET then, and the statutory step is *deferred* to it (:attr:`Step.deferred_to`): it does not
   block the referral, and :attr:`ReferralDecision.deferred` lists it. The child becomes a child
   missing education under s436A only when the name is deleted.
3. **LA policy** (:class:`~cme_core.policy.LAPolicy`, local practice): the deletion ground
   leaves the destination unknown, the family cannot be contacted, the year group is in scope,
   the minimum unexplained absence is reached, and the reasonable-enquiries checklist is done.

Outcomes, strongest first: any safeguarding concern known on the day gives
``ESCALATE_SAFEGUARDING`` at once, whatever else is incomplete (refer to children's social care;
the CME route is bypassed). A statutory condition that fails gives ``NOT_CME``; so do the
policy's two "is this child leaving a roll into the unknown" checks. Any other step not met,
or a fact not known (``None``), gives ``NOT_YET``, with every outstanding step listed. With
everything met the outcome is ``ELIGIBLE``.

Two judgements this module makes, each documented where it applies:

* **No date of birth** is not an error: the compulsory-school-age step is ``UNKNOWN`` ("date of
  birth needed") and the outcome ``NOT_YET``. Referrals for children whose date of birth is not
  known (new arrivals) are real; a crash would hide them.
* **Known whereabouts** block a referral only while the child is still on a roll (an attendance
  case). A child on no roll with no education is missing education under s436A wherever they
  are ("whereabouts unknown *or no provision*", ``law.md`` section 4).

Personal data: the records here hold names and notes, but ``repr()``/``str()`` of every class
redact them, and no message or reason ever quotes them. Only :meth:`ReferralForm.to_dict`
returns personal data, because it *is* the form's content.

>>> import datetime as dt
>>> from cme_core.people import Pupil
>>> child = ReferralChild(
...     pupil=Pupil(pupil_id="P1", full_name="Ada Example", date_of_birth=dt.date(2014, 5, 1)),
...     registration=Registration.DELETION_UNDER_WAY, deletion_ground="9(1)(i)",
...     receiving_suitable_education=False, whereabouts_known=False, family_in_contact=False,
...     unexplained_absence_school_days=10)
>>> enquiries = [Enquiry(step=s, done_on=dt.date(2025, 3, 3)) for s in EnquiryStep]
>>> assess_referral(child, enquiries, dt.date(2025, 3, 10)).outcome
<ReferralOutcome.ELIGIBLE: 'eligible'>
>>> d = assess_referral(child, enquiries[:-1], dt.date(2025, 3, 10))
>>> d.outcome.name, [s.key for s in d.unmet]
('NOT_YET', ['policy.enquiry.home_visit'])
>>> d.step("statute.not_registered_pupil").status.name, [s.key for s in d.deferred]
('UNMET', ['statute.not_registered_pupil'])
"""

from __future__ import annotations

import enum
import warnings
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import Any, Final

import attrs

from cme_core._checks import require_date as _require_date
from cme_core._fields import (
    FrozenDict,
    checked,
    date_field,
    instance_of,
    iso,
    optional_bool,
    optional_date,
    optional_str,
    redact,
    tuple_of,
    typed_fields,
)
from cme_core.errors import InvalidArgument, InvalidInput
from cme_core.people import Address, Parent, Pupil
from cme_core.policy import EnquiryStep, LAPolicy, normalise_ground_ref
from cme_core.problems import ProblemType, Report, Severity
from cme_core.school_age import (
    academic_year_of,
    compulsory_school_age_status,
    year_group,
)
from cme_core.schools import School

__all__ = [
    "CME_CITATION",
    "REQUIREMENTS",
    "Basis",
    "Enquiry",
    "ReferralChild",
    "ReferralDecision",
    "ReferralForm",
    "ReferralOutcome",
    "Registration",
    "Requirement",
    "SafeguardingConcern",
    "Step",
    "StepStatus",
    "Vulnerability",
    "assess_referral",
    "referral_form",
]

#: The statutory definition of a child missing education.
CME_CITATION: Final = "Education Act 1996 s436A"


# --- vocabularies ----------------------------------------------------------------------------


class ReferralOutcome(enum.Enum):
    """What :func:`assess_referral` decides."""

    ELIGIBLE = "eligible"
    """Refer the child to the LA's CME service now: the statutory test is met (or, for a pupil
    whose deletion is under way, deferred to the guidance step until the name is deleted) and
    the policy's steps are met."""
    NOT_YET = "not_yet"
    """Possibly CME, but some step is outstanding or some fact unknown (listed in ``unmet``)."""
    NOT_CME = "not_cme"
    """Not a child missing education (or an attendance case while still on roll)."""
    ESCALATE_SAFEGUARDING = "escalate_safeguarding"
    """A safeguarding concern: refer to children's social care at once."""


_PRECEDENCE: Final[Mapping[ReferralOutcome, int]] = FrozenDict(
    {
        ReferralOutcome.ELIGIBLE: 0,
        ReferralOutcome.NOT_YET: 1,
        ReferralOutcome.NOT_CME: 2,
        ReferralOutcome.ESCALATE_SAFEGUARDING: 3,
    }
)


class Registration(enum.Enum):
    """Whether the child is a registered pupil at a school (any school) on the day judged."""

    REGISTERED = "registered"
    """On a school roll, no deletion under way: an attendance case, not CME."""
    DELETION_UNDER_WAY = "deletion_under_way"
    """On roll, but the school is deleting the name on ``deletion_ground``. Still a registered
    pupil (SI 2024/208 reg 3(1)): the statutory step is UNMET, deferred to the guidance step."""
    DELETED = "deleted"
    """Deleted from the referring school's roll on ``deletion_ground``; on no other roll."""
    NOT_REGISTERED = "not_registered"
    """On no school roll and not coming off one (e.g. arrived in the area, never registered)."""
    UNKNOWN = "unknown"


_LEAVING_A_ROLL: Final = frozenset({Registration.DELETION_UNDER_WAY, Registration.DELETED})


class Vulnerability(enum.Enum):
    """Risk flags an LA's CME referral form asks about.

    ``named_in_cme_guidance`` marks the groups the DfE statutory guidance "Children missing
    education" names as at particular risk (``law.md`` section 4); the others are common on LA
    forms (local practice).
    """

    IN_CARE = "in_care"
    CHILD_PROTECTION_PLAN = "child_protection_plan"
    CHILD_IN_NEED = "child_in_need"
    SEN_EHCP = "sen_ehcp"
    """Education, health and care plan."""
    SEN_SUPPORT = "sen_support"
    GYPSY_ROMA_TRAVELLER = "gypsy_roma_traveller"
    REFUGEE_OR_ASYLUM_SEEKER = "refugee_or_asylum_seeker"
    YOUNG_CARER = "young_carer"
    PRIVATE_FOSTERING = "private_fostering"
    YOUNG_OFFENDER = "young_offender"
    REFUGE = "refuge"
    """The family is in, or has left for, a refuge."""
    SERVICE_FAMILY = "service_family"
    EXCLUDED = "excluded"
    POOR_ATTENDANCE = "poor_attendance"

    @property
    def named_in_cme_guidance(self) -> bool:
        """Named as at particular risk by the DfE CME statutory guidance (law.md s4).

        >>> [v.named_in_cme_guidance for v in (Vulnerability.REFUGE, Vulnerability.YOUNG_CARER)]
        [True, False]
        """
        return self in _IN_GUIDANCE

    @property
    def involves_social_care(self) -> bool:
        """Children's social care already knows the child (in care, CP plan, in need)."""
        return self in _SOCIAL_CARE


_IN_GUIDANCE: Final = frozenset(
    {
        Vulnerability.IN_CARE,
        Vulnerability.CHILD_PROTECTION_PLAN,
        Vulnerability.GYPSY_ROMA_TRAVELLER,
        Vulnerability.REFUGEE_OR_ASYLUM_SEEKER,
        Vulnerability.YOUNG_OFFENDER,
        Vulnerability.REFUGE,
        Vulnerability.SERVICE_FAMILY,
        Vulnerability.EXCLUDED,
        Vulnerability.POOR_ATTENDANCE,
    }
)
_SOCIAL_CARE: Final = frozenset(
    {Vulnerability.IN_CARE, Vulnerability.CHILD_PROTECTION_PLAN, Vulnerability.CHILD_IN_NEED}
)


class Basis(enum.Enum):
    """Where a requirement comes from."""

    STATUTE = "statute"
    GUIDANCE = "guidance"
    POLICY = "policy"
    """The LA's local practice (:class:`~cme_core.policy.LAPolicy`): not law."""


class StepStatus(enum.Enum):
    """How a requirement fared for one child."""

    MET = "met"
    UNMET = "unmet"
    UNKNOWN = "unknown"
    """A fact needed to decide is not known (``None``)."""
    NOT_APPLICABLE = "not_applicable"


# --- field checks (structural only) ----------------------------------------------------------


def _vulnerabilities(value: object) -> frozenset[Vulnerability]:
    return frozenset(tuple_of(Vulnerability, "Vulnerability members", value))


def _concerns(value: object) -> tuple[SafeguardingConcern, ...]:
    return tuple_of(SafeguardingConcern, "SafeguardingConcern records", value)


def _optional_ground(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidArgument(
            f"deletion_ground must be a string such as '9(1)(i)', got {type(value).__name__}"
        )
    return normalise_ground_ref(value)


def _optional_count(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidArgument(
            f"{attribute.name} must be an int or None, got {type(value).__name__}"
        )
    if value < 0:
        raise InvalidInput(f"{attribute.name} must not be negative")


def _optional_int(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise InvalidArgument(
            f"{attribute.name} must be an int or None, got {type(value).__name__}"
        )


# --- input records ---------------------------------------------------------------------------


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Enquiry:
    """One reasonable enquiry made before a referral: which step, when, by whom, with what result.

    ``by`` (a person) and ``outcome`` (free text) are kept for the referral form but never shown
    in ``repr()``.
    """

    step: EnquiryStep = attrs.field(validator=instance_of(EnquiryStep, "an EnquiryStep"))
    done_on: date = attrs.field(validator=date_field)
    by: str | None = attrs.field(default=None, repr=redact, validator=optional_str)
    outcome: str | None = attrs.field(default=None, repr=redact, validator=optional_str)


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class SafeguardingConcern:
    """A safeguarding concern about the child: when it was raised, by whom, and whether it has
    gone to children's social care. ``raised_by`` and ``description`` are never shown in reprs.
    """

    raised_on: date = attrs.field(validator=date_field)
    raised_by: str | None = attrs.field(default=None, repr=redact, validator=optional_str)
    description: str | None = attrs.field(default=None, repr=redact, validator=optional_str)
    referred_to_social_care_on: date | None = attrs.field(default=None, validator=optional_date)


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class ReferralChild:
    """The child a referral is about: particulars (a :class:`~cme_core.people.Pupil`) and facts.

    Facts are as known on the day judged; ``None`` means not known.

    * ``registration`` and ``deletion_ground`` (e.g. ``"9(1)(i)"``, ``"8(1)(h)"``; stored
      normalised by :func:`~cme_core.policy.normalise_ground_ref`) -- the roll status.
    * ``receiving_suitable_education`` -- otherwise than at a school (s436A, s7).
    * ``whereabouts_known`` and ``family_in_contact``.
    * ``safeguarding_concerns`` -- any concern raised on or before the day decides the outcome.
    * ``unexplained_absence_school_days`` -- computed elsewhere from the attendance register.
    * ``vulnerabilities`` -- risk flags for the form and the LA's case.
    * ``year_group`` -- the year group the child is taught in, if not their chronological one
      (``None``: derived from the date of birth).
    * ``last_attended_on`` -- for the form.
    * ``school_year_starts`` -- passed to the compulsory-school-age rule (its s579 edge).
    """

    pupil: Pupil = attrs.field(validator=instance_of(Pupil, "a cme_core.people.Pupil"))
    registration: Registration = attrs.field(
        default=Registration.UNKNOWN, validator=instance_of(Registration, "a Registration")
    )
    deletion_ground: str | None = attrs.field(default=None, converter=_optional_ground)
    last_attended_on: date | None = attrs.field(default=None, validator=optional_date)
    receiving_suitable_education: bool | None = attrs.field(default=None, validator=optional_bool)
    whereabouts_known: bool | None = attrs.field(default=None, validator=optional_bool)
    family_in_contact: bool | None = attrs.field(default=None, validator=optional_bool)
    safeguarding_concerns: tuple[SafeguardingConcern, ...] = attrs.field(
        default=(), converter=_concerns
    )
    unexplained_absence_school_days: int | None = attrs.field(
        default=None, validator=_optional_count
    )
    vulnerabilities: frozenset[Vulnerability] = attrs.field(
        default=frozenset(), converter=_vulnerabilities
    )
    year_group: int | None = attrs.field(default=None, validator=_optional_int)
    school_year_starts: date | None = attrs.field(default=None, validator=optional_date)

    @property
    def pupil_id(self) -> str:
        """The child's ``pupil_id`` (from :attr:`pupil`)."""
        return self.pupil.pupil_id

    def year_group_on(self, on: date) -> int | None:
        """``year_group`` if given, else the chronological year group in the school year of
        ``on`` (:func:`~cme_core.school_age.year_group`); ``None`` without a date of birth.
        """
        if self.year_group is not None:
            return self.year_group
        dob = self.pupil.date_of_birth
        if dob is None:
            return None
        return year_group(dob, academic_year_of(on))


# --- requirements (the catalogue, as data) ---------------------------------------------------


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Requirement:
    """One condition of a referral. For ``POLICY`` requirements ``citation`` names the local
    rule; the step's citation adds the policy's name.
    """

    key: str
    description: str
    basis: Basis
    citation: str
    if_unmet: ReferralOutcome
    """The outcome a definite failure leads to (an unknown fact always leads to NOT_YET)."""
    verified: bool = True


SAFEGUARDING: Final = Requirement(
    key="safeguarding",
    description="No safeguarding concern (a concern goes to children's social care at once)",
    basis=Basis.GUIDANCE,
    citation="DfE statutory guidance 'Children missing education' (Sep 2016, updated Aug 2024)",
    if_unmet=ReferralOutcome.ESCALATE_SAFEGUARDING,
    verified=False,
)
COMPULSORY_SCHOOL_AGE: Final = Requirement(
    key="statute.compulsory_school_age",
    description="Of compulsory school age on the day judged",
    basis=Basis.STATUTE,
    citation=f"{CME_CITATION}; Education Act 1996 s8",
    if_unmet=ReferralOutcome.NOT_CME,
)
NOT_REGISTERED: Final = Requirement(
    key="statute.not_registered_pupil",
    description="Not a registered pupil at a school",
    basis=Basis.STATUTE,
    citation=f"{CME_CITATION}(1)(a); SI 2024/208 reg 3(1)",
    if_unmet=ReferralOutcome.NOT_CME,
)
REFERRAL_BEFORE_DELETION: Final = Requirement(
    key="guidance.referral_before_deletion",
    description="Name being deleted: the school refers before the deletion, and the statutory "
    "test is met once the name comes off the roll",
    basis=Basis.GUIDANCE,
    citation="DfE statutory guidance 'Children missing education' (Sep 2016, updated Aug 2024): "
    "reasonable enquiries with the LA before deletion; LA referral practice",
    if_unmet=ReferralOutcome.NOT_CME,
    verified=False,
)
NO_SUITABLE_EDUCATION: Final = Requirement(
    key="statute.no_suitable_education",
    description="Not receiving suitable education otherwise than at a school",
    basis=Basis.STATUTE,
    citation=f"{CME_CITATION}; Education Act 1996 s7",
    if_unmet=ReferralOutcome.NOT_CME,
)
DELETION_GROUND: Final = Requirement(
    key="policy.deletion_ground",
    description="The deletion ground leaves the child's destination unknown",
    basis=Basis.POLICY,
    citation="deletion grounds leaving the destination unknown (SI 2006/1751 reg 8(1); "
    "SI 2024/208 reg 9(1))",
    if_unmet=ReferralOutcome.NOT_CME,
    verified=False,
)
NOT_CONTACTABLE: Final = Requirement(
    key="policy.not_contactable",
    description="Whereabouts unknown and the family out of contact",
    basis=Basis.POLICY,
    citation="a family that can still be contacted is an attendance case",
    if_unmet=ReferralOutcome.NOT_CME,
    verified=False,
)
YEAR_GROUP_IN_SCOPE: Final = Requirement(
    key="policy.year_group",
    description="Year group within the LA's CME procedure",
    basis=Basis.POLICY,
    citation="scope of the CME procedure by year group",
    if_unmet=ReferralOutcome.NOT_YET,
    verified=False,
)
UNEXPLAINED_ABSENCE: Final = Requirement(
    key="policy.unexplained_absence",
    description="Minimum unexplained absence reached (school days)",
    basis=Basis.POLICY,
    citation="minimum unexplained absence before a referral",
    if_unmet=ReferralOutcome.NOT_YET,
    verified=False,
)
ENQUIRY_REQUIREMENTS: Final[Mapping[EnquiryStep, Requirement]] = FrozenDict(
    {
        step: Requirement(
            key=f"policy.enquiry.{step.value}",
            description=step.description,
            basis=Basis.POLICY,
            citation="reasonable-enquiries checklist before a referral",
            if_unmet=ReferralOutcome.NOT_YET,
            verified=False,
        )
        for step in EnquiryStep
    }
)

#: Every requirement, in the order steps are listed in a decision.
REQUIREMENTS: Final[tuple[Requirement, ...]] = (
    SAFEGUARDING,
    COMPULSORY_SCHOOL_AGE,
    NOT_REGISTERED,
    REFERRAL_BEFORE_DELETION,
    NO_SUITABLE_EDUCATION,
    DELETION_GROUND,
    NOT_CONTACTABLE,
    YEAR_GROUP_IN_SCOPE,
    UNEXPLAINED_ABSENCE,
    *ENQUIRY_REQUIREMENTS.values(),
)


# --- output records --------------------------------------------------------------------------


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Step:
    """One requirement as judged for one child: status, why (``detail``) and its citation.

    ``detail`` never holds personal data (no names, addresses, dates of birth).
    ``deferred_to`` is set on an UNMET statutory step that does not block the referral because
    a guidance step covers it (the key of that step): a pupil still on roll whose deletion is
    under way is referred before the name comes off.
    """

    key: str
    description: str
    citation: str
    basis: Basis
    status: StepStatus
    if_unmet: ReferralOutcome
    detail: str | None = None
    deferred_to: str | None = None

    @property
    def is_met(self) -> bool:
        """True when the step's status is MET."""
        return self.status is StepStatus.MET

    @property
    def is_deferred(self) -> bool:
        """Not met, but deferred to the guidance step named by :attr:`deferred_to`."""
        return self.deferred_to is not None and self.status is not StepStatus.MET

    @property
    def is_outstanding(self) -> bool:
        """Unmet or unknown, and not deferred: something stops the outcome being ELIGIBLE."""
        return self.status in (StepStatus.UNMET, StepStatus.UNKNOWN) and not self.is_deferred

    @property
    def leads_to(self) -> ReferralOutcome | None:
        """The outcome this step pushes towards (``None`` when met, not applicable or
        deferred)."""
        if self.is_deferred:
            return None
        if self.status is StepStatus.UNMET:
            return self.if_unmet
        if self.status is StepStatus.UNKNOWN:
            return ReferralOutcome.NOT_YET
        return None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-compatible dict (no personal data)."""
        return {
            "key": self.key,
            "description": self.description,
            "citation": self.citation,
            "basis": self.basis.value,
            "status": self.status.value,
            "detail": self.detail,
            "deferred_to": self.deferred_to,
        }

    def __str__(self) -> str:
        detail = f": {self.detail}" if self.detail else ""
        return f"[{self.status.value}] {self.description}{detail} ({self.citation})"


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class ReferralDecision:
    """The result of :func:`assess_referral`. Holds no personal data (the child is ``pupil_id``).

    ``steps`` lists every requirement, statutory, guidance and policy, in :data:`REQUIREMENTS`
    order, never only the first failure; ``met``, ``unmet`` and ``deferred`` are views of it
    (``unmet`` includes steps whose facts are unknown, and excludes ``deferred`` ones: statutory
    steps not met yet that do not block a referral before deletion). ``reasons`` are
    plain-English lines, the first a headline.
    """

    pupil_id: str
    on: date
    outcome: ReferralOutcome
    steps: tuple[Step, ...]
    reasons: tuple[str, ...]
    policy_name: str
    year_group: int | None = None

    @property
    def met(self) -> tuple[Step, ...]:
        """Steps met, in order."""
        return tuple(s for s in self.steps if s.status is StepStatus.MET)

    @property
    def unmet(self) -> tuple[Step, ...]:
        """Steps not met or not known that stop the outcome being ELIGIBLE, in order (deferred
        steps are in :attr:`deferred`)."""
        return tuple(s for s in self.steps if s.is_outstanding)

    @property
    def deferred(self) -> tuple[Step, ...]:
        """Statutory steps not met yet that do not block the referral: the pupil is still on roll
        while the deletion is under way, and guidance has the school refer first."""
        return tuple(s for s in self.steps if s.is_deferred)

    @property
    def statutory_test_met(self) -> bool:
        """True when every statutory step is MET on the day: the child *is* a child missing
        education under s436A (False for a pupil still on roll, even if ELIGIBLE)."""
        return all(s.is_met for s in self.statutory)

    @property
    def not_applicable(self) -> tuple[Step, ...]:
        """Steps that do not apply to this child, in order."""
        return tuple(s for s in self.steps if s.status is StepStatus.NOT_APPLICABLE)

    @property
    def statutory(self) -> tuple[Step, ...]:
        """The statutory steps (Education Act 1996 s436A, s8, s7), in order."""
        return tuple(s for s in self.steps if s.basis is Basis.STATUTE)

    @property
    def is_eligible(self) -> bool:
        """True when the outcome is ELIGIBLE (refer now)."""
        return self.outcome is ReferralOutcome.ELIGIBLE

    def step(self, key: str) -> Step:
        """The step with ``key`` (raises :class:`~cme_core.errors.InvalidInput` if none)."""
        for s in self.steps:
            if s.key == key:
                return s
        raise InvalidInput(f"no step with key {key!r}")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-compatible dict (no personal data)."""
        return {
            "pupil_id": self.pupil_id,
            "on": self.on.isoformat(),
            "outcome": self.outcome.value,
            "policy": self.policy_name,
            "year_group": self.year_group,
            "reasons": list(self.reasons),
            "met": [s.key for s in self.met],
            "unmet": [s.key for s in self.unmet],
            "deferred": [s.key for s in self.deferred],
            "statutory_test_met": self.statutory_test_met,
            "steps": [s.to_dict() for s in self.steps],
        }


# --- the assessment --------------------------------------------------------------------------


def _step(
    req: Requirement,
    status: StepStatus,
    detail: str | None = None,
    *,
    policy: LAPolicy | None = None,
    deferred_to: str | None = None,
) -> Step:
    citation = (
        policy.citation(req.citation) if req.basis is Basis.POLICY and policy else req.citation
    )
    return Step(
        key=req.key,
        description=req.description,
        citation=citation,
        basis=req.basis,
        status=status,
        if_unmet=req.if_unmet,
        detail=detail,
        deferred_to=deferred_to,
    )


def _safeguarding_step(child: ReferralChild, on: date) -> Step:
    known = [c for c in child.safeguarding_concerns if c.raised_on <= on]
    if not known:
        return _step(SAFEGUARDING, StepStatus.MET, "no concern recorded")
    first = min(c.raised_on for c in known)
    referred = [c for c in known if c.referred_to_social_care_on is not None]
    detail = (
        f"{len(known)} concern(s) recorded, the first raised on {first.isoformat()}; "
        f"{len(referred)} already referred to children's social care"
    )
    return _step(SAFEGUARDING, StepStatus.UNMET, detail)


def _age_step(child: ReferralChild, on: date) -> Step:
    dob = child.pupil.date_of_birth
    if dob is None:
        return _step(COMPULSORY_SCHOOL_AGE, StepStatus.UNKNOWN, "date of birth needed")
    if dob > on:
        return _step(
            COMPULSORY_SCHOOL_AGE,
            StepStatus.UNKNOWN,
            "the date of birth is after the day judged: check it",
        )
    of_age = compulsory_school_age_status(dob, on, school_year_starts=child.school_year_starts)
    if of_age is None:
        return _step(
            COMPULSORY_SCHOOL_AGE,
            StepStatus.UNKNOWN,
            "compulsory school age cannot be worked out from the date of birth and school-year "
            "start given (outside the encoded rules): check them",
        )
    if of_age:
        return _step(COMPULSORY_SCHOOL_AGE, StepStatus.MET)
    return _step(
        COMPULSORY_SCHOOL_AGE,
        StepStatus.UNMET,
        f"not of compulsory school age on {on.isoformat()}, so not a child missing education",
    )


def _registration_step(child: ReferralChild) -> Step:
    reg = child.registration
    if reg is Registration.REGISTERED:
        return _step(
            NOT_REGISTERED,
            StepStatus.UNMET,
            "a registered pupil with no deletion under way: an attendance case, not CME",
        )
    if reg is Registration.UNKNOWN:
        return _step(NOT_REGISTERED, StepStatus.UNKNOWN, "roll status needed")
    if reg is Registration.DELETION_UNDER_WAY:
        return _step(
            NOT_REGISTERED,
            StepStatus.UNMET,
            "still a registered pupil while the deletion is under way: met only when the name "
            "is deleted; the referral may go first (see the guidance step)",
            deferred_to=REFERRAL_BEFORE_DELETION.key,
        )
    if reg is Registration.DELETED:
        return _step(NOT_REGISTERED, StepStatus.MET, "name deleted; on no other roll")
    return _step(NOT_REGISTERED, StepStatus.MET, "on no school roll")


def _before_deletion_step(child: ReferralChild) -> Step:
    if child.registration is not Registration.DELETION_UNDER_WAY:
        return _step(
            REFERRAL_BEFORE_DELETION,
            StepStatus.NOT_APPLICABLE,
            "no deletion under way",
        )
    return _step(
        REFERRAL_BEFORE_DELETION,
        StepStatus.MET,
        "the name is being deleted: refer before the deletion, as guidance asks",
    )


def _education_step(child: ReferralChild) -> Step:
    value = child.receiving_suitable_education
    if value is None:
        return _step(
            NO_SUITABLE_EDUCATION,
            StepStatus.UNKNOWN,
            "whether the child receives suitable education otherwise is not known",
        )
    if value:
        return _step(
            NO_SUITABLE_EDUCATION,
            StepStatus.UNMET,
            "receiving suitable education otherwise than at a school: not CME",
        )
    return _step(NO_SUITABLE_EDUCATION, StepStatus.MET)


def _ground_step(child: ReferralChild, policy: LAPolicy) -> Step:
    if child.registration not in _LEAVING_A_ROLL:
        return _step(
            DELETION_GROUND,
            StepStatus.NOT_APPLICABLE,
            "the child is not coming off a roll",
            policy=policy,
        )
    ground = child.deletion_ground
    if ground is None:
        return _step(DELETION_GROUND, StepStatus.UNKNOWN, "deletion ground needed", policy=policy)
    if ground in policy.unknown_destination_grounds:
        return _step(
            DELETION_GROUND,
            StepStatus.MET,
            f"ground {ground} leaves the destination unknown",
            policy=policy,
        )
    return _step(
        DELETION_GROUND,
        StepStatus.UNMET,
        f"ground {ground} names a destination or another process; follow that ground's route",
        policy=policy,
    )


def _contact_step(child: ReferralChild, policy: LAPolicy) -> Step:
    if child.registration not in (Registration.REGISTERED, Registration.DELETION_UNDER_WAY):
        return _step(
            NOT_CONTACTABLE,
            StepStatus.NOT_APPLICABLE,
            "applies only while the child is on a roll (a child on no roll with no education "
            "is missing education wherever they are)",
            policy=policy,
        )
    known, contact = child.whereabouts_known, child.family_in_contact
    if known or contact:
        what = " and ".join(
            text
            for flag, text in ((known, "whereabouts known"), (contact, "family in contact"))
            if flag
        )
        return _step(
            NOT_CONTACTABLE,
            StepStatus.UNMET,
            f"{what}: an attendance case, not CME",
            policy=policy,
        )
    if known is None or contact is None:
        return _step(
            NOT_CONTACTABLE,
            StepStatus.UNKNOWN,
            "whether the whereabouts are known and the family in contact is needed",
            policy=policy,
        )
    return _step(NOT_CONTACTABLE, StepStatus.MET, policy=policy)


def _year_group_step(group: int | None, policy: LAPolicy) -> Step:
    if policy.min_year_group is None and policy.max_year_group is None:
        return _step(
            YEAR_GROUP_IN_SCOPE,
            StepStatus.MET,
            "the policy sets no year-group limit",
            policy=policy,
        )
    if group is None:
        return _step(
            YEAR_GROUP_IN_SCOPE,
            StepStatus.UNKNOWN,
            "year group needed (give a date of birth or a year group)",
            policy=policy,
        )
    if policy.covers_year_group(group):
        return _step(
            YEAR_GROUP_IN_SCOPE,
            StepStatus.MET,
            f"year group {group} is within {policy.year_group_range_text}",
            policy=policy,
        )
    return _step(
        YEAR_GROUP_IN_SCOPE,
        StepStatus.UNMET,
        f"year group {group} is outside {policy.year_group_range_text}",
        policy=policy,
    )


def _absence_step(child: ReferralChild, policy: LAPolicy) -> Step:
    if child.registration is Registration.NOT_REGISTERED:
        return _step(
            UNEXPLAINED_ABSENCE,
            StepStatus.NOT_APPLICABLE,
            "the child is on no school roll",
            policy=policy,
        )
    minimum = policy.min_unexplained_absence_school_days
    days = child.unexplained_absence_school_days
    if minimum == 0:
        return _step(
            UNEXPLAINED_ABSENCE, StepStatus.MET, "the policy sets no minimum", policy=policy
        )
    if days is None:
        return _step(
            UNEXPLAINED_ABSENCE,
            StepStatus.UNKNOWN,
            f"school days of unexplained absence needed (minimum {minimum})",
            policy=policy,
        )
    status = StepStatus.MET if days >= minimum else StepStatus.UNMET
    return _step(
        UNEXPLAINED_ABSENCE,
        status,
        f"{days} of the {minimum} school days required",
        policy=policy,
    )


def _enquiry_steps(
    child: ReferralChild, done: Mapping[EnquiryStep, date], policy: LAPolicy
) -> Iterator[Step]:
    for step, req in ENQUIRY_REQUIREMENTS.items():
        mandatory = step in policy.mandatory_steps
        when = done.get(step)
        if child.registration is Registration.NOT_REGISTERED:
            yield _step(
                req, StepStatus.NOT_APPLICABLE, "the child is on no school roll", policy=policy
            )
        elif when is not None:
            note = "" if mandatory else "; not required by this policy"
            yield _step(req, StepStatus.MET, f"done on {when.isoformat()}{note}", policy=policy)
        elif mandatory:
            yield _step(req, StepStatus.UNMET, "not done", policy=policy)
        else:
            yield _step(
                req,
                StepStatus.NOT_APPLICABLE,
                "not done; not required by this policy",
                policy=policy,
            )


def _check_enquiries(enquiries: object) -> tuple[Enquiry, ...]:
    if isinstance(enquiries, Enquiry):
        raise InvalidArgument("enquiries must be a collection of Enquiry records, not one Enquiry")
    return tuple_of(Enquiry, "Enquiry records", enquiries)


def _headline(outcome: ReferralOutcome, unmet: int, deferred: int) -> str:
    if outcome is ReferralOutcome.ESCALATE_SAFEGUARDING:
        return (
            "Safeguarding concern: refer to children's social care now; the CME route is "
            "bypassed whatever else is incomplete"
        )
    if outcome is ReferralOutcome.NOT_CME:
        return "Not a child missing education (Education Act 1996 s436A) on the facts given"
    if outcome is ReferralOutcome.NOT_YET:
        return f"Not yet: {unmet} step(s) outstanding"
    if deferred:
        return (
            "Eligible for a CME referral before the deletion (guidance): the policy's steps are "
            "met; the pupil is still on roll, so the statutory test is met only once the name "
            "is deleted"
        )
    return "Eligible for a CME referral: the statutory test and the policy's steps are met"


@checked
def assess_referral(
    child: ReferralChild,
    enquiries: Iterable[Enquiry],
    on: date,
    *,
    policy: LAPolicy | None = None,
) -> ReferralDecision:
    """Judge on ``on`` whether ``child`` is a child missing education who may be referred now.

    Every requirement in :data:`REQUIREMENTS` is judged and listed (statute and policy), and
    the outcome is the strongest any step leads to: ``ESCALATE_SAFEGUARDING`` (a safeguarding
    concern raised on or before ``on``) > ``NOT_CME`` (a statutory condition fails, or the
    child on roll is an attendance case or is leaving on a ground with a known destination) >
    ``NOT_YET`` (a policy step not met, or a fact unknown) > ``ELIGIBLE``.

    ``enquiries`` count only when done on or before ``on``. ``policy`` defaults to
    :class:`~cme_core.policy.LAPolicy` (common practice). A missing date of birth gives
    ``NOT_YET`` with the step "date of birth needed", not an error. Wrong argument types raise
    :class:`~cme_core.errors.InvalidArgument`.

    >>> import datetime as dt
    >>> from cme_core.people import Pupil
    >>> child = ReferralChild(pupil=Pupil(pupil_id="P2"), registration=Registration.REGISTERED,
    ...     safeguarding_concerns=[SafeguardingConcern(raised_on=dt.date(2025, 1, 6))])
    >>> assess_referral(child, [], dt.date(2025, 1, 6)).outcome.name
    'ESCALATE_SAFEGUARDING'
    >>> assess_referral(child, [], dt.date(2025, 1, 5)).outcome.name
    'NOT_CME'
    """
    if not isinstance(child, ReferralChild):
        raise InvalidArgument(f"child must be a ReferralChild, got {type(child).__name__}")
    checked = _check_enquiries(enquiries)
    on = _require_date(on, "on")
    if policy is None:
        policy = LAPolicy()
    elif not isinstance(policy, LAPolicy):
        raise InvalidArgument(f"policy must be an LAPolicy or None, got {type(policy).__name__}")

    done: dict[EnquiryStep, date] = {}
    late = 0
    for enquiry in checked:
        if enquiry.done_on > on:
            late += 1
            continue
        previous = done.get(enquiry.step)
        if previous is None or enquiry.done_on > previous:
            done[enquiry.step] = enquiry.done_on

    group = child.year_group_on(on)
    steps = (
        _safeguarding_step(child, on),
        _age_step(child, on),
        _registration_step(child),
        _before_deletion_step(child),
        _education_step(child),
        _ground_step(child, policy),
        _contact_step(child, policy),
        _year_group_step(group, policy),
        _absence_step(child, policy),
        *_enquiry_steps(child, done, policy),
    )
    outcome = ReferralOutcome.ELIGIBLE
    for s in steps:
        lead = s.leads_to
        if lead is not None and _PRECEDENCE[lead] > _PRECEDENCE[outcome]:
            outcome = lead
    outstanding = [s for s in steps if s.is_outstanding]
    deferred = [s for s in steps if s.is_deferred]
    reasons = [_headline(outcome, len(outstanding), len(deferred))]
    reasons.extend(str(s) for s in outstanding)
    reasons.extend(f"deferred: {s}" for s in deferred)
    if late:
        reasons.append(f"{late} enquiry record(s) dated after {on.isoformat()} were not counted")
    return ReferralDecision(
        pupil_id=child.pupil_id,
        on=on,
        outcome=outcome,
        steps=steps,
        reasons=tuple(reasons),
        policy_name=policy.name,
        year_group=group,
    )


# --- the referral form -----------------------------------------------------------------------

FORM_CHILD_PARTICULARS: Final = ProblemType(
    code="CME-REF-001Q",
    severity=Severity.QUERY,
    title="Please check: the child's particulars on the referral form are incomplete",
)
FORM_NO_LAST_ATTENDANCE: Final = ProblemType(
    code="CME-REF-002Q",
    severity=Severity.QUERY,
    title="Please check: the child is leaving a roll but no last day of attendance is given",
)
FORM_NO_ENQUIRIES: Final = ProblemType(
    code="CME-REF-003Q",
    severity=Severity.QUERY,
    title="Please check: no reasonable enquiries are recorded on the referral form",
)


def _address_dict(address: Address | None) -> dict[str, Any] | None:
    if address is None:
        return None
    return {
        "lines": list(address.lines),
        "town": address.town,
        "postcode": address.postcode,
        "country": address.country,
        "uprn": address.uprn,
    }


def _parent_dict(parent: Parent) -> dict[str, Any]:
    return {
        "full_name": parent.full_name,
        "relationship": parent.relationship,
        "lives_with_pupil": parent.lives_with_pupil,
        "address": _address_dict(parent.address),
        "emergency_phones": [
            {"number": phone.number, "label": phone.label} for phone in parent.emergency_phones
        ],
    }


@attrs.frozen(kw_only=True, repr=False, field_transformer=typed_fields)
class ReferralForm:
    """What an LA's CME referral form asks for, filled from a decision and the child's facts.

    Sections: the child's particulars (``pupil``: name, date of birth, sex, UPN, address) and
    year group; the family (``pupil.parents``: names, addresses, phones); the referring
    ``school``; roll status, deletion ground, last day of attendance and unexplained absence;
    what is known of whereabouts, contact and education; the reasonable ``enquiries`` with
    dates, who made them and their outcomes; ``vulnerabilities`` and ``safeguarding_concerns``;
    the referrer; the decision's ``outcome`` and the steps still ``outstanding``.

    ``repr()``/``str()`` show no personal data. :meth:`to_dict` **does return personal data**
    (names, date of birth, addresses, phone numbers, enquiry notes): it is the form's content,
    for sending to the LA over a channel fit for it. Never log it.
    """

    referral_date: date
    outcome: ReferralOutcome
    policy_name: str
    pupil: Pupil
    year_group: int | None
    school: School | None
    registration: Registration
    deletion_ground: str | None
    last_attended_on: date | None
    unexplained_absence_school_days: int | None
    whereabouts_known: bool | None
    family_in_contact: bool | None
    receiving_suitable_education: bool | None
    enquiries: tuple[Enquiry, ...]
    vulnerabilities: frozenset[Vulnerability]
    safeguarding_concerns: tuple[SafeguardingConcern, ...]
    outstanding: tuple[Step, ...]
    referrer_name: str | None = None
    referrer_role: str | None = None
    referrer_phone: str | None = None

    @property
    def pupil_id(self) -> str:
        """The child's ``pupil_id`` (from :attr:`pupil`)."""
        return self.pupil.pupil_id

    def __repr__(self) -> str:
        school = self.school.laestab if self.school is not None else None
        return (
            f"ReferralForm(pupil_id={self.pupil_id!r}, referral_date={self.referral_date!r}, "
            f"outcome={self.outcome}, school={school!r}, enquiries={len(self.enquiries)}, "
            f"vulnerabilities={sorted(v.value for v in self.vulnerabilities)!r}, "
            f"outstanding={len(self.outstanding)}, personal data redacted)"
        )

    __str__ = __repr__

    def check(self) -> Report:
        """Gaps worth querying before the form is sent, as a :class:`~cme_core.Report` (QUERY
        problems; no personal data; nothing is raised: ``check*()`` returns a Report)."""
        found = [
            FORM_CHILD_PARTICULARS.problem(p.message, path=("child", *p.path), values=p.values)
            for p in self.pupil.problems(on=self.referral_date)
            if p.code in ("CME-PER-001", "CME-PER-002", "CME-PER-003")
        ]
        if self.registration in _LEAVING_A_ROLL and self.last_attended_on is None:
            found.append(FORM_NO_LAST_ATTENDANCE.problem(path=("last_attended_on",)))
        if self.registration is not Registration.NOT_REGISTERED and not self.enquiries:
            found.append(FORM_NO_ENQUIRIES.problem(path=("enquiries",)))
        return Report(problems=found)

    def problems(self) -> Report:
        """Deprecated since 0.2.0 (to be removed in 0.3.0): :meth:`check`, which returns the
        same :class:`~cme_core.Report` (``problems()`` is the name of methods that return a
        tuple of problems)."""
        warnings.warn(
            "ReferralForm.problems() is deprecated: use ReferralForm.check(), which returns the "
            "same Report",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.check()

    def to_dict(self) -> dict[str, Any]:
        """The form's content as JSON-compatible data. **Contains personal data.**"""
        p = self.pupil
        school = self.school
        return {
            "referral_date": self.referral_date.isoformat(),
            "outcome": self.outcome.value,
            "policy": self.policy_name,
            "child": {
                "pupil_id": p.pupil_id,
                "upn": p.upn,
                "full_name": p.full_name,
                "name_used_at_school": p.name_used_at_school,
                "sex": None if p.sex is None else p.sex.value,
                "date_of_birth": iso(p.date_of_birth),
                "year_group": self.year_group,
                "address": _address_dict(p.address),
            },
            "family": [_parent_dict(parent) for parent in p.parents],
            "school": None
            if school is None
            else {
                "laestab": school.laestab,
                "name": school.name,
                "urn": school.urn,
                "la_code": school.la_code,
            },
            "registration": {
                "status": self.registration.value,
                "deletion_ground": self.deletion_ground,
                "last_attended_on": iso(self.last_attended_on),
                "unexplained_absence_school_days": self.unexplained_absence_school_days,
            },
            "circumstances": {
                "whereabouts_known": self.whereabouts_known,
                "family_in_contact": self.family_in_contact,
                "receiving_suitable_education": self.receiving_suitable_education,
            },
            "enquiries": [
                {
                    "step": e.step.value,
                    "description": e.step.description,
                    "done_on": e.done_on.isoformat(),
                    "by": e.by,
                    "outcome": e.outcome,
                }
                for e in self.enquiries
            ],
            "vulnerabilities": sorted(v.value for v in self.vulnerabilities),
            "safeguarding_concerns": [
                {
                    "raised_on": c.raised_on.isoformat(),
                    "raised_by": c.raised_by,
                    "description": c.description,
                    "referred_to_social_care_on": iso(c.referred_to_social_care_on),
                }
                for c in self.safeguarding_concerns
            ],
            "referrer": {
                "name": self.referrer_name,
                "role": self.referrer_role,
                "phone": self.referrer_phone,
            },
            "outstanding": [s.to_dict() for s in self.outstanding],
        }


_STEP_ORDER: Final[Mapping[EnquiryStep, int]] = FrozenDict(
    {step: i for i, step in enumerate(EnquiryStep)}
)


@checked
def referral_form(
    decision: ReferralDecision,
    child: ReferralChild,
    *,
    enquiries: Iterable[Enquiry] = (),
    school: School | None = None,
    referrer_name: str | None = None,
    referrer_role: str | None = None,
    referrer_phone: str | None = None,
) -> ReferralForm:
    """The referral form for ``child``, from ``decision`` (which must be about the same child).

    Enquiries dated after the decision's day are left off (they had not happened then); the
    rest are listed by date. Concerns raised after that day are left off too. Raises
    :class:`~cme_core.errors.InvalidInput` if the decision is about another ``pupil_id``.

    >>> import datetime as dt
    >>> from cme_core.people import Pupil
    >>> child = ReferralChild(pupil=Pupil(pupil_id="P3", full_name="Ada Example"))
    >>> form = referral_form(assess_referral(child, [], dt.date(2025, 1, 6)), child)
    >>> "Ada" in repr(form), form.to_dict()["child"]["full_name"]
    (False, 'Ada Example')
    """
    if not isinstance(decision, ReferralDecision):
        raise InvalidArgument(f"decision must be a ReferralDecision, got {type(decision).__name__}")
    if not isinstance(child, ReferralChild):
        raise InvalidArgument(f"child must be a ReferralChild, got {type(child).__name__}")
    if decision.pupil_id != child.pupil_id:
        raise InvalidInput("the decision is about a different pupil_id from the child given")
    if school is not None and not isinstance(school, School):
        raise InvalidArgument(f"school must be a School or None, got {type(school).__name__}")
    for name, value in (
        ("referrer_name", referrer_name),
        ("referrer_role", referrer_role),
        ("referrer_phone", referrer_phone),
    ):
        if value is not None and not isinstance(value, str):
            raise InvalidArgument(f"{name} must be a string or None, got {type(value).__name__}")
    on = decision.on
    listed = sorted(
        (e for e in _check_enquiries(enquiries) if e.done_on <= on),
        key=lambda e: (e.done_on, _STEP_ORDER[e.step]),
    )
    return ReferralForm(
        referral_date=on,
        outcome=decision.outcome,
        policy_name=decision.policy_name,
        pupil=child.pupil,
        year_group=decision.year_group,
        school=school,
        registration=child.registration,
        deletion_ground=child.deletion_ground,
        last_attended_on=child.last_attended_on,
        unexplained_absence_school_days=child.unexplained_absence_school_days,
        whereabouts_known=child.whereabouts_known,
        family_in_contact=child.family_in_contact,
        receiving_suitable_education=child.receiving_suitable_education,
        enquiries=tuple(listed),
        vulnerabilities=child.vulnerabilities,
        safeguarding_concerns=tuple(c for c in child.safeguarding_concerns if c.raised_on <= on),
        outstanding=decision.unmet,
        referrer_name=referrer_name,
        referrer_role=referrer_role,
        referrer_phone=referrer_phone,
    )
