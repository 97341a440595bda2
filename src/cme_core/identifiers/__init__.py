"""Identifiers used in England's school data, each with its check rules (python-stdnum style).

One module per identifier, each with ``compact``, ``validate`` (returns the compact form or
raises a typed :class:`~cme_core.errors.InvalidIdentifier`), ``is_valid`` (never raises) and
``problems`` (every failing rule at once, as :class:`~cme_core.problems.Problem` records):

* :mod:`~cme_core.identifiers.upn` -- Unique Pupil Number (census rules 1500-1560Q);
* :mod:`~cme_core.identifiers.laestab` -- LA code + establishment number ("DfE number");
* :mod:`~cme_core.identifiers.urn` -- GIAS Unique Reference Number;
* :mod:`~cme_core.identifiers.postcode` -- UK postcodes;
* :mod:`~cme_core.identifiers.local_authorities` -- DfE LA codes, names and dates.

>>> from cme_core.identifiers import upn, local_authority
>>> upn.is_valid("B801200005001"), local_authority("801").name
(True, 'Bristol, City of')
"""

from __future__ import annotations

from cme_core.identifiers import laestab, local_authorities, postcode, upn, urn
from cme_core.identifiers.local_authorities import (
    LocalAuthority,
    LocalAuthorityKind,
    local_authority,
)

__all__ = [
    "LocalAuthority",
    "LocalAuthorityKind",
    "laestab",
    "local_authorities",
    "local_authority",
    "postcode",
    "upn",
    "urn",
]
