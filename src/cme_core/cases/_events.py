"""The case's vocabularies and its event classes, one per :class:`EventKind`.

Part of :mod:`cme_core.cases`, which re-exports every public name here.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import date
from types import MappingProxyType
from typing import Any, ClassVar, Final

import attrs

from cme_core._fields import (
    date_field,
    extra_field,
    instance_of,
    optional_bool,
    optional_date,
    optional_str,
    redact,
    typed_fields,
)
from cme_core.identifiers import laestab
from cme_core.referral import ReferralOutcome

# --- vocabularies ----------------------------------------------------------------------------


class EventKind(enum.Enum):
    """What happened in a case. Each kind has one event class (``kind`` class attribute)."""

    REFERRED = "referred"
    TRACING_STARTED = "tracing_started"
    FOUND_ON_ROLL = "found_on_roll"
    MOVED_TO_OTHER_LA = "moved_to_other_la"
    MOVED_ABROAD = "moved_abroad"
    ELECTIVE_HOME_EDUCATION = "elective_home_education"
    IN_CUSTODY = "in_custody"
    DECEASED = "deceased"
    MARKED_MISSING = "marked_missing"
    ESCALATED = "escalated"
    CHECK_MADE = "check_made"
    SUITABILITY_CHECKED = "suitability_checked"
    REVIEWED = "reviewed"
    CLOSED = "closed"
    REOPENED = "reopened"


class Escalation(enum.Enum):
    """Where a case is escalated to (LA practice)."""

    POLICE = "police"
    """Reported to the police as a missing child."""
    CHILDRENS_SOCIAL_CARE = "childrens_social_care"
    LOST_PUPIL_SEARCH = "lost_pupil_search"
    """Searched for (or recorded) on the DfE School to School lost pupil database."""

    @property
    def description(self) -> str:
        """The escalation as an action, in plain English."""
        return _ESCALATION_DESCRIPTIONS[self]


_ESCALATION_DESCRIPTIONS: Final[Mapping[Escalation, str]] = MappingProxyType(
    {
        Escalation.POLICE: "Report the child missing to the police",
        Escalation.CHILDRENS_SOCIAL_CARE: "Refer to children's social care",
        Escalation.LOST_PUPIL_SEARCH: "Search the DfE School to School (S2S) lost pupil database",
    }
)


class LaCheck(enum.Enum):
    """A check the LA makes while tracing a child (``law.md`` section 4, LA practice)."""

    OTHER_LAS = "other_las"
    HEALTH = "health"
    HOUSING = "housing"
    BENEFITS = "benefits"
    POLICE = "police"
    BORDER_RECORDS = "border_records"

    @property
    def description(self) -> str:
        """What is checked, in plain English."""
        return _CHECK_DESCRIPTIONS[self]


_CHECK_DESCRIPTIONS: Final[Mapping[LaCheck, str]] = MappingProxyType(
    {
        LaCheck.OTHER_LAS: "Ask other local authorities",
        LaCheck.HEALTH: "Check with health services",
        LaCheck.HOUSING: "Check with housing",
        LaCheck.BENEFITS: "Check benefits records",
        LaCheck.POLICE: "Check with the police",
        LaCheck.BORDER_RECORDS: "Check border records",
    }
)


# --- events ----------------------------------------------------------------------------------


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class _CaseEvent:
    """Fields every case event has. ``recorded_by`` and ``note`` are never shown in reprs."""

    kind: ClassVar[EventKind]
    type: ClassVar[str]

    on: date = attrs.field(validator=date_field)
    """The day the event happened (or the fact was established)."""
    recorded_by: str | None = attrs.field(default=None, repr=redact, validator=optional_str)
    note: str | None = attrs.field(default=None, repr=redact, validator=optional_str)
    extra: Mapping[str, Any] = extra_field()


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class CaseReferred(_CaseEvent):
    """The referral that opens a case.

    ``missing_since`` is the first day the child is counted as missing education (e.g. the day
    after the last attendance); ``None`` counts from ``on``.
    """

    kind: ClassVar[EventKind] = EventKind.REFERRED
    type: ClassVar[str] = EventKind.REFERRED.value
    referring_laestab: str | None = attrs.field(default=None, validator=optional_str)
    referral_outcome: ReferralOutcome | None = None
    missing_since: date | None = attrs.field(default=None, validator=optional_date)


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class TracingStarted(_CaseEvent):
    """The LA starts (or resumes) tracing the child."""

    kind: ClassVar[EventKind] = EventKind.TRACING_STARTED
    type: ClassVar[str] = EventKind.TRACING_STARTED.value


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class FoundOnRoll(_CaseEvent):
    """The child is registered at a school, in or out of the LA.

    Give ``laestab`` or ``school_name`` (or both); ``la_code`` is the school's LA where there
    is no LAESTAB. :attr:`school_la_code` is the LA the school is in.
    """

    kind: ClassVar[EventKind] = EventKind.FOUND_ON_ROLL
    type: ClassVar[str] = EventKind.FOUND_ON_ROLL.value
    laestab: str | None = attrs.field(default=None, validator=optional_str)
    school_name: str | None = attrs.field(default=None, validator=optional_str)
    la_code: str | None = attrs.field(default=None, validator=optional_str)

    @property
    def school_la_code(self) -> str | None:
        """The LA code of the school found: ``la_code`` if given, else the first three digits
        of a valid ``laestab`` (``None`` when neither says)."""
        if self.la_code is not None:
            return self.la_code
        if self.laestab is not None and laestab.is_valid(self.laestab):
            return laestab.compact(self.laestab)[:3]
        return None


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class MovedToOtherLA(_CaseEvent):
    """The child lives in another LA (``la_code``), which was notified on ``notified_on``."""

    kind: ClassVar[EventKind] = EventKind.MOVED_TO_OTHER_LA
    type: ClassVar[str] = EventKind.MOVED_TO_OTHER_LA.value
    la_code: str = attrs.field(validator=instance_of(str, "a DfE LA code string"))
    notified_on: date = attrs.field(validator=date_field)


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class MovedAbroad(_CaseEvent):
    """The child has left the country. ``evidence`` (required) is never shown in reprs."""

    kind: ClassVar[EventKind] = EventKind.MOVED_ABROAD
    type: ClassVar[str] = EventKind.MOVED_ABROAD.value
    evidence: str = attrs.field(repr=redact, validator=instance_of(str, "a string"))
    country: str | None = attrs.field(default=None, validator=optional_str)


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class HomeEducated(_CaseEvent):
    """The child is electively home educated; the LA checks suitability (policy sets when)."""

    kind: ClassVar[EventKind] = EventKind.ELECTIVE_HOME_EDUCATION
    type: ClassVar[str] = EventKind.ELECTIVE_HOME_EDUCATION.value
    parent_notice_on: date | None = attrs.field(default=None, validator=optional_date)


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class InCustody(_CaseEvent):
    """The child was found to be in custody (a youth detention accommodation)."""

    kind: ClassVar[EventKind] = EventKind.IN_CUSTODY
    type: ClassVar[str] = EventKind.IN_CUSTODY.value


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Deceased(_CaseEvent):
    """The child has died."""

    kind: ClassVar[EventKind] = EventKind.DECEASED
    type: ClassVar[str] = EventKind.DECEASED.value


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class MarkedMissing(_CaseEvent):
    """Tracing is exhausted and the child has not been found."""

    kind: ClassVar[EventKind] = EventKind.MARKED_MISSING
    type: ClassVar[str] = EventKind.MARKED_MISSING.value


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Escalated(_CaseEvent):
    """The case is escalated ``to`` the police, children's social care or a lost-pupil search."""

    kind: ClassVar[EventKind] = EventKind.ESCALATED
    type: ClassVar[str] = EventKind.ESCALATED.value
    to: Escalation = attrs.field(validator=instance_of(Escalation, "an Escalation"))
    reference: str | None = attrs.field(default=None, validator=optional_str)


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class CheckMade(_CaseEvent):
    """A tracing check was made; ``found`` says whether it located the child (None: unclear)."""

    kind: ClassVar[EventKind] = EventKind.CHECK_MADE
    type: ClassVar[str] = EventKind.CHECK_MADE.value
    check: LaCheck = attrs.field(validator=instance_of(LaCheck, "an LaCheck"))
    found: bool | None = attrs.field(default=None, validator=optional_bool)


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class SuitabilityChecked(_CaseEvent):
    """The LA checked a home-educated child's education (``suitable``: its view, if formed)."""

    kind: ClassVar[EventKind] = EventKind.SUITABILITY_CHECKED
    type: ClassVar[str] = EventKind.SUITABILITY_CHECKED.value
    suitable: bool | None = attrs.field(default=None, validator=optional_bool)


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class CaseReviewed(_CaseEvent):
    """A scheduled review of the case (restarts the review interval of the state)."""

    kind: ClassVar[EventKind] = EventKind.REVIEWED
    type: ClassVar[str] = EventKind.REVIEWED.value


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class CaseClosed(_CaseEvent):
    """The case was closed."""

    kind: ClassVar[EventKind] = EventKind.CLOSED
    type: ClassVar[str] = EventKind.CLOSED.value


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class CaseReopened(_CaseEvent):
    """The case is reopened and tracing resumes (e.g. the child never arrived at the school).

    ``missing_since`` starts a new count of time missing (``None``: from ``on``).
    """

    kind: ClassVar[EventKind] = EventKind.REOPENED
    type: ClassVar[str] = EventKind.REOPENED.value
    missing_since: date | None = attrs.field(default=None, validator=optional_date)


CaseEvent = (
    CaseReferred
    | TracingStarted
    | FoundOnRoll
    | MovedToOtherLA
    | MovedAbroad
    | HomeEducated
    | InCustody
    | Deceased
    | MarkedMissing
    | Escalated
    | CheckMade
    | SuitabilityChecked
    | CaseReviewed
    | CaseClosed
    | CaseReopened
)
CASE_EVENT_TYPES: Final[tuple[type[_CaseEvent], ...]] = (
    CaseReferred,
    TracingStarted,
    FoundOnRoll,
    MovedToOtherLA,
    MovedAbroad,
    HomeEducated,
    InCustody,
    Deceased,
    MarkedMissing,
    Escalated,
    CheckMade,
    SuitabilityChecked,
    CaseReviewed,
    CaseClosed,
    CaseReopened,
)
"""Every event class, one per :class:`EventKind` (the wire tag is ``type``)."""
