"""DfE local-authority (LA) codes: the three-digit numbers in UPNs and LAESTABs.

Two questions are kept apart on purpose:

* **Is this a valid UPN prefix?** (:func:`is_upn_prefix`, census rule 1530.) A UPN is for
  life, so a code stays a valid prefix after its authority is abolished: 820 Bedfordshire,
  875 Cheshire (before April 2009), 835-837 (Dorset, Poole and Bournemouth before April
  2019), 909 Cumbria and 928 Northamptonshire all still pass, and so do the pseudo-LA codes
  001-005 and 703, which is in the rule's list but named in no source read (see its row).
* **Was this authority in existence on a date?** (:func:`in_existence`.) 838 Dorset and 839
  Bournemouth, Christchurch and Poole from 1 April 2019; 940/941 from 1 April 2021; 942/943
  from 1 April 2023; 820, 835-837, 909 and 928 up to the day before their successors began.

The table models the numbering in use since April 1998 (rule 1530: "a valid post April 1998
LA code"); ``in_use_from`` of ``None`` means "since before April 1998". Pseudo-LA codes name
no authority and are never "in existence". Offshore and overseas codes (701-708) are DfE
groupings of establishments, not local authorities; they have no dates and count as in use.

Codes are strings of three ASCII digits (``"001"``, not ``1``), surrounding ASCII whitespace
allowed. The data and its sources are in :mod:`cme_core.identifiers._la_data`.

>>> from datetime import date
>>> local_authority("839").name
'Bournemouth, Christchurch and Poole'
>>> is_upn_prefix("820"), in_existence("820", date(2009, 4, 1))
(True, False)
>>> is_upn_prefix("875"), is_upn_prefix("703"), is_upn_prefix("001"), is_upn_prefix("906")
(True, True, True, False)
>>> len([la for la in local_authorities(on=date(2023, 4, 1))
...      if la.kind is LocalAuthorityKind.ENGLISH])
153
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import date, datetime
from types import MappingProxyType

import attrs

from cme_core._fields import typed_fields
from cme_core.errors import (
    InvalidArgument,
    InvalidDate,
    InvalidLocalAuthorityCode,
    UnknownLocalAuthority,
)
from cme_core.identifiers._la_data import LA_ROWS

__all__ = [
    "RULE_1530_CITATION",
    "UPN_PREFIXES",
    "LocalAuthority",
    "LocalAuthorityKind",
    "in_existence",
    "is_upn_prefix",
    "local_authorities",
    "local_authority",
]

RULE_1530_CITATION = "DfE census validation rule 1530 (UPN characters 2-4: a recognised LA code)"

_ASCII_DIGITS = frozenset("0123456789")
_ASCII_WHITESPACE = " \t\n\r\f\v"


class LocalAuthorityKind(enum.Enum):
    """What a DfE LA code stands for."""

    ENGLISH = "english"
    """An English local authority (education authority)."""
    WELSH = "welsh"
    """A Welsh local authority (660-681)."""
    OFFSHORE_OR_OVERSEAS = "offshore_or_overseas"
    """A DfE grouping of establishments outside England and Wales (701-708)."""
    PSEUDO = "pseudo"
    """A pseudo-LA code (001-005): accepted as a UPN prefix, names no authority."""


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class LocalAuthority:
    """One DfE LA code and what it stands for.

    ``in_use_from``/``in_use_to`` are the first and last days on which the code named an
    authority in being (``None``: since before April 1998 / still in use).
    ``valid_upn_prefix`` says whether census rule 1530 accepts the code as characters 2-4 of a
    UPN; it stays True after an authority is abolished. ``verified`` is False where some fact
    in the record was not confirmed against a source read; ``note`` says where facts come from.

    >>> from datetime import date
    >>> la = local_authority("928")
    >>> la.name, la.in_use_to, la.valid_upn_prefix
    ('Northamptonshire', datetime.date(2021, 3, 31), True)
    >>> la.in_existence(date(2021, 3, 31)), la.in_existence(date(2021, 4, 1))
    (True, False)
    """

    code: str
    name: str
    kind: LocalAuthorityKind
    in_use_from: date | None = None
    in_use_to: date | None = None
    valid_upn_prefix: bool
    verified: bool = True
    note: str = ""

    def in_existence(self, on: date) -> bool:
        """Whether the code named an authority in being on ``on`` (never for pseudo codes)."""
        on = _check_date(on)
        if self.kind is LocalAuthorityKind.PSEUDO:
            return False
        if self.in_use_from is not None and on < self.in_use_from:
            return False
        return self.in_use_to is None or on <= self.in_use_to


def _build() -> Mapping[str, LocalAuthority]:
    table: dict[str, LocalAuthority] = {}
    for code, name, kind, start, end, prefix, verified, note in LA_ROWS:
        table[code] = LocalAuthority(
            code=code,
            name=name,
            kind=LocalAuthorityKind[kind],
            in_use_from=start,
            in_use_to=end,
            valid_upn_prefix=prefix,
            verified=verified,
            note=note,
        )
    return MappingProxyType(dict(sorted(table.items())))


_BY_CODE: Mapping[str, LocalAuthority] = _build()

UPN_PREFIXES: frozenset[str] = frozenset(
    code for code, la in _BY_CODE.items() if la.valid_upn_prefix
)
"""Every code census rule 1530 accepts as characters 2-4 of a UPN (retired codes included)."""


def _check_date(on: object) -> date:
    if isinstance(on, datetime) or not isinstance(on, date):
        raise InvalidDate(f"expected a datetime.date, got {type(on).__name__}")
    return on


def _normalise_code(code: object) -> str:
    """Strip ASCII whitespace and check for exactly three ASCII digits."""
    if not isinstance(code, str):
        raise InvalidArgument(
            f"an LA code must be a string of three digits, got {type(code).__name__}"
        )
    text = str.__str__(code).strip(_ASCII_WHITESPACE)
    if len(text) != 3 or not _ASCII_DIGITS.issuperset(text):
        raise InvalidLocalAuthorityCode("an LA code must be exactly three digits 0-9")
    return text


def local_authority(code: str) -> LocalAuthority:
    """The record for a DfE LA code (retired and pseudo codes included).

    Raises :class:`~cme_core.errors.InvalidArgument` for a non-string,
    :class:`~cme_core.errors.InvalidLocalAuthorityCode` unless the code is three ASCII digits,
    and :class:`~cme_core.errors.UnknownLocalAuthority` for a well-formed code the table
    does not hold (e.g. ``"944"``; also GIAS's pre-1998 codes such as 906, as the table
    models the numbering in use since April 1998).

    >>> local_authority(" 942 ").name
    'Cumberland'
    >>> local_authority("944")
    Traceback (most recent call last):
    ...
    cme_core.errors.UnknownLocalAuthority: no local authority has the DfE code 944
    """
    text = _normalise_code(code)
    try:
        return _BY_CODE[text]
    except KeyError:
        raise UnknownLocalAuthority(f"no local authority has the DfE code {text}") from None


def is_upn_prefix(code: object) -> bool:
    """Whether census rule 1530 accepts ``code`` as characters 2-4 of a UPN. Never raises.

    >>> [is_upn_prefix(c) for c in ("200", "201", "213", "214", "000", "005", "006")]
    [False, True, True, False, False, True, False]
    >>> is_upn_prefix(201)
    False
    """
    try:
        return _normalise_code(code) in UPN_PREFIXES
    except (InvalidArgument, InvalidLocalAuthorityCode):
        return False


def in_existence(code: str, on: date) -> bool:
    """Whether ``code`` named an authority in being on ``on``.

    A well-formed code the table does not hold gives False; a malformed code raises like
    :func:`local_authority`; ``on`` must be a :class:`datetime.date` (not a ``datetime``).

    >>> from datetime import date
    >>> in_existence("838", date(2019, 3, 31)), in_existence("838", date(2019, 4, 1))
    (False, True)
    >>> in_existence("001", date(2020, 1, 1))
    False
    """
    on = _check_date(on)
    la = _BY_CODE.get(_normalise_code(code))
    return la is not None and la.in_existence(on)


def local_authorities(*, on: date | None = None) -> tuple[LocalAuthority, ...]:
    """Every record in code order, or only those :func:`in_existence` on ``on``.

    >>> from datetime import date
    >>> [la.code for la in local_authorities(on=date(2021, 4, 1)) if la.code >= "938"]
    ['938', '940', '941']
    """
    if on is None:
        return tuple(_BY_CODE.values())
    on = _check_date(on)
    return tuple(la for la in _BY_CODE.values() if la.in_existence(on))
