"""An LA's local rules for children missing education, layered on the statute.

The statute (Education Act 1996 s436A) says **who** is a child missing education: a child of
compulsory school age who is not a registered pupil at a school and is not receiving suitable
education otherwise. It says nothing about *when* a school should refer a child to the LA,
which enquiries it must make first, or how often the LA reviews its cases. Each LA sets those
in its own procedure, and they differ. :class:`LAPolicy` holds them, every threshold a field.

**Everything in this module is policy, not law.** The defaults restate common LA practice as
summarised in the project's law notes (``law.md`` section 4): a referral after **10 school days**
of unexplained absence (Ealing, Gloucestershire, Herefordshire), the school's reasonable-enquiries
checklist complete (first-day calls, every contact tried, siblings' schools, staff and friends,
other agencies, a letter, social media, and a **home visit**: Ealing refuses referrals without
one), and a scope of nursery to Year 11. Review intervals for the LA's own cases are
illustrative: no source fixes them, so they are marked unverified (:data:`POLICY_SOURCES`).
Where a local rule seems to contradict the statute, the statute wins: :mod:`cme_core.referral`
applies the statutory test first and lists the policy steps separately.

>>> p = LAPolicy()
>>> p.min_unexplained_absence_school_days, p.home_visit_required
(10, True)
>>> sorted(s.name for s in LAPolicy.home_visit_only().mandatory_steps)
['HOME_VISIT']
>>> p.covers_year_group(11), p.covers_year_group(12)
(True, False)
>>> p.review_interval(CaseState.TRACING)
14
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, Final

import attrs

from cme_core._fields import checked, freeze_mapping, typed_fields
from cme_core.errors import InvalidArgument, InvalidInput, InvalidLocalAuthorityCode
from cme_core.identifiers.local_authorities import LocalAuthorityKind, local_authority

__all__ = [
    "DEFAULT_MANDATORY_STEPS",
    "DEFAULT_REVIEW_INTERVAL_DAYS",
    "DEFAULT_UNKNOWN_DESTINATION_GROUNDS",
    "POLICY_SOURCES",
    "CaseState",
    "EnquiryStep",
    "LAPolicy",
    "PolicySource",
    "normalise_ground_ref",
]


class EnquiryStep(enum.Enum):
    """One item of a school's reasonable-enquiries checklist before a CME referral.

    The checklist is LA practice (``law.md`` section 4), not statute: the statutory guidance
    asks schools and LAs to make "reasonable enquiries" jointly without listing them.
    """

    FIRST_DAY_CONTACT = "first_day_contact"
    ALL_CONTACTS_TRIED = "all_contacts_tried"
    SIBLINGS_SCHOOLS = "siblings_schools"
    STAFF_AND_FRIENDS = "staff_and_friends"
    OTHER_AGENCIES = "other_agencies"
    LETTER_TO_FAMILY = "letter_to_family"
    SOCIAL_MEDIA = "social_media"
    HOME_VISIT = "home_visit"

    @property
    def description(self) -> str:
        """What the step asks for, in plain English.

        >>> EnquiryStep.HOME_VISIT.description
        'Home visit made to the last known address'
        """
        return _STEP_DESCRIPTIONS[self]


_STEP_DESCRIPTIONS: Final[Mapping[EnquiryStep, str]] = MappingProxyType(
    {
        EnquiryStep.FIRST_DAY_CONTACT: "Parents called on the first day of unexplained absence",
        EnquiryStep.ALL_CONTACTS_TRIED: "Every contact on record tried, at different times",
        EnquiryStep.SIBLINGS_SCHOOLS: "Schools of any siblings asked",
        EnquiryStep.STAFF_AND_FRIENDS: "Staff and the child's friends asked",
        EnquiryStep.OTHER_AGENCIES: (
            "Other agencies asked (children's social care, health, police, housing)"
        ),
        EnquiryStep.LETTER_TO_FAMILY: "Letter sent to the family at the last known address",
        EnquiryStep.SOCIAL_MEDIA: "Social media checked",
        EnquiryStep.HOME_VISIT: "Home visit made to the last known address",
    }
)


class CaseState(enum.Enum):
    """The state of an LA's CME case (see :mod:`cme_core.cases` for the transitions).

    Defined here because a policy sets a review interval for each state.
    """

    REFERRED = "referred"
    """Referral received; tracing not yet started."""
    TRACING = "tracing"
    """The LA is checking where the child is (other LAs, health, housing, ...)."""
    MISSING = "missing"
    """Checks exhausted and the child not found; escalations follow."""
    ON_ROLL = "on_roll"
    """Found registered at a school (in or out of the LA)."""
    MOVED_TO_OTHER_LA = "moved_to_other_la"
    """Found living in another LA in England or Wales, which has been notified."""
    MOVED_ABROAD = "moved_abroad"
    """Evidence that the child has left the country."""
    ELECTIVE_HOME_EDUCATION = "elective_home_education"
    """Educated at home by the parents; the LA checks the education is suitable."""
    IN_CUSTODY = "in_custody"
    """Detained (youth custody)."""
    DECEASED = "deceased"
    CLOSED = "closed"
    """No further action; the case can be reopened."""


#: Every step, the default: law.md says the checklist "must be complete" and usually includes
#: a home visit (Ealing refuses referrals without one). Local practice, not statute.
DEFAULT_MANDATORY_STEPS: Final[frozenset[EnquiryStep]] = frozenset(EnquiryStep)

#: Deletion grounds that leave the child's destination unknown, so that a pupil coming off
#: roll on one of them is a possible child missing education: 2006 Regulations (SI 2006/1751)
#: reg 8(1)(e) moved away, (f) no return after leave, (h) 20 school days' absence; 2024
#: Regulations (SI 2024/208) reg 9(1)(g), (h), (i), their equivalents. Other grounds name a
#: destination or another process (another school, home education, custody, death, leaving
#: age, exclusion): the choice of this set is the project's reading, kept configurable.
DEFAULT_UNKNOWN_DESTINATION_GROUNDS: Final[frozenset[str]] = frozenset(
    {"8(1)(e)", "8(1)(f)", "8(1)(h)", "9(1)(g)", "9(1)(h)", "9(1)(i)"}
)

#: Calendar days between reviews of a case in each state. Illustrative local practice
#: (unverified: no source fixes them). ELECTIVE_HOME_EDUCATION's 365 days is the DfE elective
#: home education guidance (2019) that LAs contact home educators "at least annually"
#: (guidance, not statute). CLOSED has no review.
DEFAULT_REVIEW_INTERVAL_DAYS: Final[Mapping[CaseState, int]] = MappingProxyType(
    {
        CaseState.REFERRED: 5,
        CaseState.TRACING: 14,
        CaseState.MISSING: 28,
        CaseState.ON_ROLL: 14,
        CaseState.MOVED_TO_OTHER_LA: 14,
        CaseState.MOVED_ABROAD: 14,
        CaseState.ELECTIVE_HOME_EDUCATION: 365,
        CaseState.IN_CUSTODY: 90,
        CaseState.DECEASED: 14,
    }
)


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class PolicySource:
    """Where a policy default comes from. ``basis`` is "local practice" or "guidance"."""

    basis: str
    source: str
    verified: bool


#: For each :class:`LAPolicy` field with a default: where the default comes from. None is law.
POLICY_SOURCES: Final[Mapping[str, PolicySource]] = MappingProxyType(
    {
        "min_unexplained_absence_school_days": PolicySource(
            basis="local practice",
            source="law.md s4: usually 10 school days (Ealing, Gloucestershire, Herefordshire)",
            verified=False,
        ),
        "mandatory_steps": PolicySource(
            basis="local practice",
            source=(
                "law.md s4: the school's reasonable-enquiries checklist must be complete, "
                "usually with a home visit (Ealing refuses referrals without one)"
            ),
            verified=False,
        ),
        "min_year_group": PolicySource(
            basis="local practice",
            source="law.md s4: LA policies describe their scope as nursery to Year 11",
            verified=False,
        ),
        "max_year_group": PolicySource(
            basis="local practice",
            source="law.md s4: LA policies describe their scope as nursery to Year 11",
            verified=False,
        ),
        "unknown_destination_grounds": PolicySource(
            basis="local practice",
            source=(
                "project reading of SI 2006/1751 reg 8(1) and SI 2024/208 reg 9(1): the "
                "grounds that leave the destination unknown"
            ),
            verified=False,
        ),
        "review_interval_days": PolicySource(
            basis="local practice",
            source=(
                "illustrative; EHE annual contact from DfE elective home education guidance (2019)"
            ),
            verified=False,
        ),
        "ehe_suitability_check_days": PolicySource(
            basis="local practice",
            source=(
                "illustrative: LAs publish first contact with new home educators within "
                "about 3 weeks to 2 months of deregistration (e.g. Cumberland)"
            ),
            verified=False,
        ),
    }
)


@checked
def normalise_ground_ref(ref: str) -> str:
    """A deletion-ground reference in the form used here: no spaces, lower case, no "reg".

    >>> normalise_ground_ref(" Reg 9(1)(I) ")
    '9(1)(i)'
    """
    if not isinstance(ref, str):
        raise InvalidArgument(
            f"a deletion ground must be a string such as '9(1)(i)', got {type(ref).__name__}"
        )
    text = "".join(ref.split()).lower()
    for prefix in ("regulation", "reg.", "reg"):
        if text.startswith(prefix):
            text = text[len(prefix) :]
            break
    if not text:
        raise InvalidInput("a deletion ground must not be empty (expected e.g. '9(1)(i)')")
    return text


# --- converters and validators (structural only) ---------------------------------------------


def _non_negative_int(name: str) -> Any:
    def check(_: object, __: object, value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidArgument(f"{name} must be an int, got {type(value).__name__}")
        if value < 0:
            raise InvalidInput(f"{name} must not be negative, got {value}")

    return check


def _optional_year_group(name: str) -> Any:
    def check(_: object, __: object, value: object) -> None:
        if value is None:
            return
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidArgument(f"{name} must be an int or None, got {type(value).__name__}")

    return check


def _steps(value: Iterable[EnquiryStep]) -> frozenset[EnquiryStep]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidArgument("mandatory_steps must be a collection of EnquiryStep members")
    steps = frozenset(value)
    for step in steps:
        if not isinstance(step, EnquiryStep):
            raise InvalidArgument(
                f"mandatory_steps must hold EnquiryStep members, got {type(step).__name__}"
            )
    return steps


def _grounds(value: Iterable[str]) -> frozenset[str]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidArgument("unknown_destination_grounds must be a collection of strings")
    return frozenset(normalise_ground_ref(g) for g in value)


def _intervals(value: Mapping[CaseState, int]) -> Mapping[CaseState, int]:
    if not isinstance(value, Mapping):
        raise InvalidArgument(
            "review_interval_days must be a mapping of CaseState to a number of days"
        )
    out: dict[CaseState, int] = {}
    for state, days in value.items():
        if not isinstance(state, CaseState):
            raise InvalidArgument(
                f"review_interval_days keys must be CaseState members, got {type(state).__name__}"
            )
        if isinstance(days, bool) or not isinstance(days, int):
            raise InvalidArgument(
                f"review_interval_days values must be ints, got {type(days).__name__}"
            )
        if days < 1:
            raise InvalidInput(f"review interval for {state.value} must be at least 1 day")
        out[state] = days
    return freeze_mapping(out)


def _la_code(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidArgument(
            f"la_code must be a string of three digits, got {type(value).__name__}"
        )
    la = local_authority(value)  # raises InvalidLocalAuthorityCode / UnknownLocalAuthority
    if la.kind is not LocalAuthorityKind.ENGLISH:
        raise InvalidLocalAuthorityCode(
            "la_code must be the DfE code of a local authority in England (s436A applies there)"
        )
    return la.code


def _name(_: object, __: object, value: object) -> None:
    if not isinstance(value, str):
        raise InvalidArgument(f"name must be a string, got {type(value).__name__}")
    if not value.strip():
        raise InvalidInput("name must not be blank")


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class LAPolicy:
    """An LA's local CME rules. **Every field is policy, not law** (see :data:`POLICY_SOURCES`).

    * ``name`` and ``la_code``: whose policy this is (``la_code``: a DfE code of an English LA,
      checked against :func:`~cme_core.identifiers.local_authority`).
    * ``min_unexplained_absence_school_days`` (default 10): school days of unexplained absence
      before a school refers; 0 means no minimum. School days are the school's own (s579).
    * ``mandatory_steps`` (default: every :class:`EnquiryStep`): the reasonable-enquiries
      checklist that must be done before a referral. The default includes ``HOME_VISIT``,
      because a home visit is usual and at least one LA (Ealing) refuses referrals without one;
      :meth:`home_visit_only` keeps only that step.
    * ``min_year_group`` / ``max_year_group`` (default -2 / 11, nursery to Year 11, as
      :func:`~cme_core.school_age.is_nursery_to_year_11`): the year groups the LA's CME
      procedure covers; ``None`` means no limit on that side.
    * ``unknown_destination_grounds``: deletion grounds that leave the destination unknown.
    * ``review_interval_days``: calendar days between reviews of a case in each state; a
      state missing from the mapping has no scheduled review.
    * ``ehe_suitability_check_days`` (default 28): calendar days after a case is found to be
      in elective home education by which the LA makes its first suitability check; later
      checks follow ``review_interval_days[ELECTIVE_HOME_EDUCATION]``.
    """

    name: str = attrs.field(default="Common LA practice", validator=_name)
    la_code: str | None = attrs.field(default=None, converter=_la_code)
    min_unexplained_absence_school_days: int = attrs.field(
        default=10, validator=_non_negative_int("min_unexplained_absence_school_days")
    )
    mandatory_steps: frozenset[EnquiryStep] = attrs.field(
        default=DEFAULT_MANDATORY_STEPS, converter=_steps
    )
    min_year_group: int | None = attrs.field(
        default=-2, validator=_optional_year_group("min_year_group")
    )
    max_year_group: int | None = attrs.field(
        default=11, validator=_optional_year_group("max_year_group")
    )
    unknown_destination_grounds: frozenset[str] = attrs.field(
        default=DEFAULT_UNKNOWN_DESTINATION_GROUNDS, converter=_grounds
    )
    review_interval_days: Mapping[CaseState, int] = attrs.field(
        default=DEFAULT_REVIEW_INTERVAL_DAYS, converter=_intervals, hash=False
    )
    ehe_suitability_check_days: int = attrs.field(
        default=28, validator=_non_negative_int("ehe_suitability_check_days")
    )

    def __attrs_post_init__(self) -> None:
        low, high = self.min_year_group, self.max_year_group
        if low is not None and high is not None and low > high:
            raise InvalidInput(f"min_year_group ({low}) must not be above max_year_group ({high})")

    # --- named constructors ---------------------------------------------------------------

    @classmethod
    def common_practice(
        cls, *, name: str = "Common LA practice", la_code: str | None = None
    ) -> LAPolicy:
        """The defaults: 10 school days, the whole checklist, nursery to Year 11."""
        return cls(name=name, la_code=la_code)

    @classmethod
    def home_visit_only(
        cls, *, name: str = "Home visit required", la_code: str | None = None, **overrides: Any
    ) -> LAPolicy:
        """Only the home visit is mandatory; other steps are recorded but not required.

        >>> LAPolicy.home_visit_only(min_unexplained_absence_school_days=15).home_visit_required
        True
        """
        return cls(
            name=name,
            la_code=la_code,
            mandatory_steps=frozenset({EnquiryStep.HOME_VISIT}),
            **overrides,
        )

    @classmethod
    def statute_only(cls, *, name: str = "Statute only", la_code: str | None = None) -> LAPolicy:
        """No local thresholds: no minimum absence, no mandatory steps, no year-group limit.

        Referral decisions under this policy turn on the statutory test alone (plus the
        deletion-ground and contact checks, which decide whether a pupil is leaving a roll).

        >>> p = LAPolicy.statute_only()
        >>> p.mandatory_steps, p.min_unexplained_absence_school_days, p.covers_year_group(13)
        (frozenset(), 0, True)
        """
        return cls(
            name=name,
            la_code=la_code,
            min_unexplained_absence_school_days=0,
            mandatory_steps=frozenset(),
            min_year_group=None,
            max_year_group=None,
        )

    def with_review_interval(self, state: CaseState, days: int | None) -> LAPolicy:
        """A copy with the review interval of ``state`` set to ``days`` (``None``: no review).

        >>> LAPolicy().with_review_interval(CaseState.TRACING, 7).review_interval(CaseState.TRACING)
        7
        """
        if not isinstance(state, CaseState):
            raise InvalidArgument(f"state must be a CaseState, got {type(state).__name__}")
        intervals = dict(self.review_interval_days)
        if days is None:
            intervals.pop(state, None)
        else:
            intervals[state] = days
        return attrs.evolve(self, review_interval_days=intervals)

    # --- queries -------------------------------------------------------------------------

    @property
    def home_visit_required(self) -> bool:
        """Whether a home visit must be made before a referral."""
        return EnquiryStep.HOME_VISIT in self.mandatory_steps

    def covers_year_group(self, n: int) -> bool:
        """Whether year group ``n`` (reception 0, nursery negative) is within the policy's scope.

        >>> LAPolicy().covers_year_group(-2), LAPolicy().covers_year_group(-3)
        (True, False)
        """
        if isinstance(n, bool) or not isinstance(n, int):
            raise InvalidArgument(f"year group must be an int, got {type(n).__name__}")
        if self.min_year_group is not None and n < self.min_year_group:
            return False
        return self.max_year_group is None or n <= self.max_year_group

    def review_interval(self, state: CaseState) -> int | None:
        """Calendar days between reviews in ``state`` (``None``: no scheduled review)."""
        if not isinstance(state, CaseState):
            raise InvalidArgument(f"state must be a CaseState, got {type(state).__name__}")
        return self.review_interval_days.get(state)

    def is_unknown_destination_ground(self, ref: str) -> bool:
        """Whether deletion ground ``ref`` leaves the destination unknown under this policy.

        >>> LAPolicy().is_unknown_destination_ground("9(1)(i)")
        True
        >>> LAPolicy().is_unknown_destination_ground("9(1)(a)")
        False
        """
        return normalise_ground_ref(ref) in self.unknown_destination_grounds

    def citation(self, what: str) -> str:
        """How a step taken from this policy is cited: ``"LA policy (<name>): <what>"``."""
        return f"LA policy ({self.name}): {what}"

    @property
    def year_group_range_text(self) -> str:
        """The year-group scope in words, e.g. "year groups -2 to 11"."""
        low = "any" if self.min_year_group is None else str(self.min_year_group)
        high = "any" if self.max_year_group is None else str(self.max_year_group)
        return f"year groups {low} to {high}"
