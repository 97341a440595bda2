"""People and places: :class:`Pupil`, :class:`Parent`, :class:`Address`, :class:`PhoneNumber`.

These are the particulars a school keeps in its admission register (2006 Regulations reg 5;
2024 Regulations reg 8). They hold what the caller gave, as given: nothing is normalised
away, and wire fields the model does not know are kept in ``extra``. Checking is separate
(``problems()`` methods return every problem at once), so a record can hold imperfect data
and still be reported on.

Pupils are children: the default ``repr()`` and ``str()`` of every class here redact names,
addresses, phone numbers, dates of birth and UPNs (which DfE treats as personal data). The
pupil is identified by ``pupil_id``, the school's own key for the register entry, which is
not personal data.

>>> import datetime as dt
>>> p = Pupil(pupil_id="A123", full_name="Ada Example", date_of_birth=dt.date(2015, 3, 4))
>>> "Ada" in repr(p)
False
>>> p
Pupil(pupil_id='A123', full_name=<redacted>, ...)
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, Final

import attrs

from cme_core._fields import REDACTED as _REDACTED
from cme_core._fields import checked, extra_field, redact, typed_fields, unchecked
from cme_core.identifiers import postcode, upn
from cme_core.problems import PathElement, Problem, ProblemType, Severity

__all__ = [
    "REDACTED",
    "Address",
    "Parent",
    "PhoneNumber",
    "Pupil",
    "Sex",
    "UpnUnknownReason",
]

REDACTED: Final = _REDACTED
"""What a redacted value shows as in ``repr()``."""

_redact = redact
"""Kept for the modules that still import ``_redact`` from here; use
:func:`cme_core._fields.redact`."""


def _strs(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _phones(value: Iterable[PhoneNumber]) -> tuple[PhoneNumber, ...]:
    return tuple(value)


def _parents(value: Iterable[Parent]) -> tuple[Parent, ...]:
    return tuple(value)


def _extra_field() -> Any:
    """Wire fields the model does not know, kept as given (never printed)."""
    return extra_field(repr_as=redact)


class Sex(enum.Enum):
    """Sex as the school census and the Common Transfer File code it (M/F)."""

    MALE = "M"
    FEMALE = "F"


class UpnUnknownReason(enum.Enum):
    """Why a UPN is missing, as DfE's SSDA903 return codes it (UN1-UN5).

    The meanings are restated from secondary sources and are **unverified**.
    """

    UN1 = "UN1"
    """Child aged 18 or over, or never allocated a UPN (unverified)."""
    UN2 = "UN2"
    """Child not in education in England, so no UPN allocated (unverified)."""
    UN3 = "UN3"
    """Child lives outside England and Wales (unverified)."""
    UN4 = "UN4"
    """UPN allocated but not yet known to the return's maker (unverified)."""
    UN5 = "UN5"
    """Sources disagree on the UPN (unverified)."""


# --- problem types -------------------------------------------------------------------------

_REG_2024 = "SI 2024/208 reg 8(2)"
MISSING_NAME = ProblemType(
    code="CME-PER-001",
    severity=Severity.ERROR,
    title="Full name is missing",
    citation="SI 2006/1751 reg 5(1)(a); SI 2024/208 reg 8(2)(a)",
)
MISSING_DOB = ProblemType(
    code="CME-PER-002",
    severity=Severity.ERROR,
    title="Date of birth is missing",
    citation="SI 2006/1751 reg 5(1)(d); SI 2024/208 reg 8(2)(g)",
)
DOB_IN_FUTURE = ProblemType(
    code="CME-PER-003",
    severity=Severity.ERROR,
    title="Date of birth is after the date the record is judged on",
)
UPN_AND_REASON = ProblemType(
    code="CME-PER-004Q",
    severity=Severity.QUERY,
    title="Please check: a UPN and a 'UPN unknown' reason are both given",
)
UPN_TEMPORARY = ProblemType(
    code="CME-PER-005Q",
    severity=Severity.QUERY,
    title="Please check: the UPN is temporary; replace it once the permanent UPN is known",
    citation="UK Government Data Standards Catalogue, Unique Pupil Number v2.0",
)
BAD_PHONE = ProblemType(
    code="CME-PER-006",
    severity=Severity.ERROR,
    title="Phone number is not 7 to 15 digits (with an optional leading +)",
)
UK_ADDRESS_NO_POSTCODE = ProblemType(
    code="CME-PER-007Q",
    severity=Severity.QUERY,
    title="Please check: a UK address has no postcode",
)
EMPTY_ADDRESS = ProblemType(
    code="CME-PER-008",
    severity=Severity.ERROR,
    title="Address has no lines",
)
NO_EMERGENCY_PHONE = ProblemType(
    code="CME-PER-009",
    severity=Severity.ERROR,
    title="A parent the pupil normally lives with has no emergency phone number",
    citation="SI 2006/1751 reg 5(1)(b); SI 2024/208 reg 8(2)(f)",
)
LIVES_WITH_NOT_RECORDED = ProblemType(
    code="CME-PER-010Q",
    severity=Severity.QUERY,
    title="Please check: no parent is marked as one the pupil normally lives with",
    citation="SI 2006/1751 reg 5(1)(b); SI 2024/208 reg 8(2)(f)",
)
MISSING_PARENT_NAME = ProblemType(
    code="CME-PER-011",
    severity=Severity.ERROR,
    title="Parent's full name is missing",
    citation="SI 2006/1751 reg 5(1)(b); SI 2024/208 reg 8(2)(e)",
)

PROBLEM_TYPES: tuple[ProblemType, ...] = (
    MISSING_NAME,
    MISSING_DOB,
    DOB_IN_FUTURE,
    UPN_AND_REASON,
    UPN_TEMPORARY,
    BAD_PHONE,
    UK_ADDRESS_NO_POSTCODE,
    EMPTY_ADDRESS,
    NO_EMERGENCY_PHONE,
    LIVES_WITH_NOT_RECORDED,
    MISSING_PARENT_NAME,
)
"""Every rule this module checks, for documentation and catalogues."""

_UK_COUNTRIES = frozenset(
    {
        "",
        "GB",
        "GBR",
        "UK",
        "UNITED KINGDOM",
        "GREAT BRITAIN",
        "ENGLAND",
        "WALES",
        "SCOTLAND",
        "NORTHERN IRELAND",
    }
)
_PHONE_JUNK = re.compile(r"[\s\-().]")
_PHONE_OK = re.compile(r"\+?[0-9]{7,15}")
_PHONE = re.compile(r"[\s\-().]*(?:\+[\s\-().]*)?(?:[0-9][\s\-().]*){7,15}")
"""The phone check in one precompiled match on the number as written: what is left once the
separators (:data:`_PHONE_JUNK`) are removed fits :data:`_PHONE_OK`."""


_upn_problems = unchecked(upn.problems)
_postcode_problems = unchecked(postcode.problems)
"""``upn.problems`` and ``postcode.problems`` without their argument checks: called here only
with a model object's ``str`` field and a path tuple built here."""


def _blank(value: str | None) -> bool:
    return value is None or not value.strip()


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class PhoneNumber:
    """A phone number as given, with an optional label ("mobile", "work")."""

    number: str = attrs.field(repr=redact)
    label: str | None = None
    extra: Mapping[str, Any] = _extra_field()

    def problems(self, *, path: tuple[PathElement, ...] = ()) -> tuple[Problem, ...]:
        """Format check: 7-15 digits, an optional leading ``+``; spaces, dashes, dots allowed.

        >>> PhoneNumber(number="07700 900123").problems()
        ()
        >>> [p.code for p in PhoneNumber(number="call me").problems()]
        ['CME-PER-006']
        """
        if _PHONE.fullmatch(self.number) is not None:
            return ()
        return (BAD_PHONE.problem(path=(*path, "number")),)


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Address:
    """A postal address. UK addresses are checked for a postcode; overseas ones are not.

    ``country`` is free text or an ISO code; ``None`` or any UK name means the UK.
    """

    lines: tuple[str, ...] = attrs.field(default=(), converter=_strs, repr=redact)
    town: str | None = attrs.field(default=None, repr=redact)
    postcode: str | None = attrs.field(default=None, repr=redact)
    country: str | None = None
    uprn: str | None = attrs.field(default=None, repr=redact)
    extra: Mapping[str, Any] = _extra_field()

    @property
    def is_uk(self) -> bool:
        """True when the address is in the United Kingdom (the default)."""
        return self.country is None or self.country.strip().upper() in _UK_COUNTRIES

    def problems(self, *, path: tuple[PathElement, ...] = ()) -> tuple[Problem, ...]:
        """Every problem with this address.

        >>> Address(lines=("1 High St",), postcode="SW1A 1AA").problems()
        ()
        >>> [p.code for p in Address(lines=("1 High St",), postcode="SW1A").problems()]
        ['CME-PC-002']
        >>> Address(lines=("5 Rue X",), country="FR").problems()
        ()
        """
        found: list[Problem] = []
        self._problems(path, found)
        return tuple(found)

    def _problems(self, path: tuple[PathElement, ...], found: list[Problem]) -> None:
        """:meth:`problems`, appended to ``found``."""
        for line in self.lines:
            if line.strip():
                break
        else:
            found.append(EMPTY_ADDRESS.problem(path=(*path, "lines")))
        if self.country is None or self.is_uk:
            value = self.postcode
            if value is None or not value.strip():
                found.append(UK_ADDRESS_NO_POSTCODE.problem(path=(*path, "postcode")))
            else:
                # A str field (checked when the address was made): no argument check needed.
                found.extend(_postcode_problems(value, path=(*path, "postcode")))


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Parent:
    """A parent (Education Act 1996 s576: anyone with parental responsibility or care).

    ``lives_with_pupil`` is ``None`` when the register does not say.
    """

    full_name: str | None = attrs.field(default=None, repr=redact)
    address: Address | None = attrs.field(default=None, repr=redact)
    lives_with_pupil: bool | None = None
    emergency_phones: tuple[PhoneNumber, ...] = attrs.field(
        default=(), converter=_phones, repr=redact
    )
    relationship: str | None = None
    extra: Mapping[str, Any] = _extra_field()

    def problems(self, *, path: tuple[PathElement, ...] = ()) -> tuple[Problem, ...]:
        """Every problem with this parent's particulars."""
        found: list[Problem] = []
        self._problems(path, found)
        return tuple(found)

    def _problems(self, path: tuple[PathElement, ...], found: list[Problem]) -> None:
        """:meth:`problems`, appended to ``found``."""
        if _blank(self.full_name):
            found.append(MISSING_PARENT_NAME.problem(path=(*path, "full_name")))
        if self.address is not None:
            found.extend(self.address.problems(path=(*path, "address")))
        for i, phone in enumerate(self.emergency_phones):
            found.extend(phone.problems(path=(*path, "emergency_phones", i)))
        if self.lives_with_pupil and not self.emergency_phones:
            found.append(NO_EMERGENCY_PHONE.problem(path=(*path, "emergency_phones")))


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Pupil:
    """A pupil's particulars (2006 reg 5(1); 2024 reg 8(2)).

    ``pupil_id`` is the school's own key for the pupil (an MIS id or admission number): it
    names the pupil in problems and logs instead of personal data. Every other field may be
    missing, because wire data often is; :meth:`problems` says what is missing.
    """

    pupil_id: str
    full_name: str | None = attrs.field(default=None, repr=redact)
    name_used_at_school: str | None = attrs.field(default=None, repr=redact)
    sex: Sex | None = None
    date_of_birth: date | None = attrs.field(default=None, repr=redact)
    upn: str | None = attrs.field(default=None, repr=redact)
    former_upns: tuple[str, ...] = attrs.field(default=(), converter=_strs, repr=redact)
    upn_unknown_reason: UpnUnknownReason | None = None
    address: Address | None = attrs.field(default=None, repr=redact)
    parents: tuple[Parent, ...] = attrs.field(default=(), converter=_parents, repr=redact)
    extra: Mapping[str, Any] = _extra_field()

    @property
    def parents_lived_with(self) -> tuple[Parent, ...]:
        """The parents the pupil normally lives with."""
        return tuple(p for p in self.parents if p.lives_with_pupil)

    @checked
    def problems(
        self, *, on: date | None = None, path: tuple[PathElement, ...] = ()
    ) -> tuple[Problem, ...]:
        """Every problem with these particulars, judged on ``on`` (if given).

        >>> import datetime as dt
        >>> p = Pupil(pupil_id="7", upn="B801200005001", date_of_birth=dt.date(2030, 1, 1))
        >>> [x.code for x in p.problems(on=dt.date(2025, 1, 1))]
        ['CME-PER-001', 'CME-PER-003']
        """
        return tuple(self._problems(on=on, path=path))

    def _problems(self, *, on: date | None, path: tuple[PathElement, ...]) -> list[Problem]:
        """:meth:`problems` as a list, without the argument checks (for internal callers
        whose ``on`` and ``path`` are already known to be a date or ``None`` and a tuple)."""
        found: list[Problem] = []
        if _blank(self.full_name):
            found.append(MISSING_NAME.problem(path=(*path, "full_name")))
        if self.date_of_birth is None:
            found.append(MISSING_DOB.problem(path=(*path, "date_of_birth")))
        elif on is not None and self.date_of_birth > on:
            found.append(
                DOB_IN_FUTURE.problem(path=(*path, "date_of_birth"), values={"judged_on": on})
            )
        if self.upn is not None:
            # Fields checked when the pupil was made, paths built here: no argument checks.
            upn_problems = _upn_problems(self.upn, path=(*path, "upn"))
            found.extend(upn_problems)
            if self.upn_unknown_reason is not None:
                found.append(UPN_AND_REASON.problem(path=(*path, "upn_unknown_reason")))
            if not upn_problems and upn.is_temporary(self.upn):
                found.append(UPN_TEMPORARY.problem(path=(*path, "upn")))
        for i, former in enumerate(self.former_upns):
            found.extend(_upn_problems(former, former=True, path=(*path, "former_upns", i)))
        if self.address is not None:
            found.extend(self.address.problems(path=(*path, "address")))
        lived_with = False
        for i, parent in enumerate(self.parents):
            found.extend(parent.problems(path=(*path, "parents", i)))
            lived_with = lived_with or bool(parent.lives_with_pupil)
        if self.parents and not lived_with:
            found.append(LIVES_WITH_NOT_RECORDED.problem(path=(*path, "parents")))
        return found
