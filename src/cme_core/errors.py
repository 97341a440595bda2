"""The exception tree of cme_core.

Every exception the library raises on purpose derives from :class:`CmeError`. Errors about
what a caller passed in also derive from :class:`ValueError` (through :class:`InvalidInput`),
so ``except ValueError`` keeps working for code that does not know cme_core.

Messages say what was expected and never quote personal data (names, addresses, phone numbers).

>>> issubclass(InvalidChecksum, InvalidUPN) and issubclass(InvalidUPN, ValueError)
True
"""

from __future__ import annotations

__all__ = [
    "CmeError",
    "InvalidArgument",
    "InvalidChecksum",
    "InvalidDate",
    "InvalidFormat",
    "InvalidIdentifier",
    "InvalidInput",
    "InvalidLAESTAB",
    "InvalidLength",
    "InvalidLocalAuthorityCode",
    "InvalidPostcode",
    "InvalidUPN",
    "UnknownLocalAuthority",
]


class CmeError(Exception):
    """Base class of every error cme_core raises on purpose."""


class InvalidInput(CmeError, ValueError):
    """A value given to cme_core is not of the expected type, form or range."""


class InvalidArgument(InvalidInput, TypeError):
    """An argument has the wrong type (also a :class:`TypeError`)."""


class InvalidDate(InvalidInput):
    """A date is impossible, of the wrong type, or outside the range a rule is defined for."""


class InvalidIdentifier(InvalidInput):
    """An identifier (UPN, LA code, LAESTAB, postcode) is malformed."""


class InvalidUPN(InvalidIdentifier):
    """A Unique Pupil Number fails one of the DfE rules."""


class InvalidLength(InvalidUPN):
    """A UPN is not 13 characters long (after compaction)."""


class InvalidFormat(InvalidUPN):
    """A UPN has a character that is not allowed in its position (census rules 1540/1550)."""


class InvalidChecksum(InvalidUPN):
    """A UPN's first character is not the check letter of the rest (census rule 1510)."""


class InvalidLocalAuthorityCode(InvalidIdentifier):
    """A local-authority code is not three digits, or names no known authority."""


class UnknownLocalAuthority(InvalidUPN, InvalidLocalAuthorityCode):
    """Characters 2-4 of a UPN, or an LA code, are not a recognised LA (census rule 1530)."""


class InvalidLAESTAB(InvalidIdentifier):
    """A LAESTAB (DfE number) is not an LA code followed by a four-digit establishment number."""


class InvalidPostcode(InvalidIdentifier):
    """A UK postcode is not in one of the formats the Royal Mail uses."""
