"""LAESTAB ("DfE number"): an LA code followed by a four-digit establishment number.

Seven digits: characters 1-3 are the DfE code of the local authority (any code the LA table
holds, retired ones included, pseudo-LA codes 001-005 excluded), characters 4-7 the
establishment number. Establishment-number ranges (1xxx nursery/PRU, 2xxx-3xxx primary, 4xxx
secondary, 6xxx independent, 7xxx special) are conventions only: this module never infers a
school's type from them. Sources: DfE Get Information about Schools (GIAS); the project's
data-standards notes (standards.md section 2).

:func:`compact` removes ASCII whitespace and the separators ``/`` and ``-`` (LAESTABs are often
written ``801/2000``).

>>> validate("801/2000")
'8012000'
>>> split("8754123")
('875', '4123')
>>> is_valid("0011234"), is_valid("9991234")
(False, False)
>>> [p.code for p in problems("12345")]
['CME-LAESTAB-002']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from cme_core._fields import checked
from cme_core.errors import InvalidArgument, InvalidLAESTAB, UnknownLocalAuthority
from cme_core.identifiers.local_authorities import LocalAuthorityKind, local_authorities
from cme_core.problems import PathElement, Problem, ProblemType, Severity

__all__ = [
    "LAESTAB_FORMAT",
    "LAESTAB_MISSING",
    "LAESTAB_UNKNOWN_LA",
    "LENGTH",
    "compact",
    "is_valid",
    "problems",
    "split",
    "validate",
]

LENGTH = 7
"""Digits in a LAESTAB."""

_CITATION = "DfE Get Information about Schools: LA code + establishment number (LAESTAB)"

LAESTAB_MISSING = ProblemType(
    code="CME-LAESTAB-001", severity=Severity.ERROR, title="LAESTAB missing", citation=_CITATION
)
LAESTAB_FORMAT = ProblemType(
    code="CME-LAESTAB-002",
    severity=Severity.ERROR,
    title="LAESTAB is not seven digits",
    citation=_CITATION,
)
LAESTAB_UNKNOWN_LA = ProblemType(
    code="CME-LAESTAB-003",
    severity=Severity.ERROR,
    title="LAESTAB characters 1-3 are not a known LA code",
    citation=_CITATION,
)

_COMPACT_TABLE: Mapping[int, None] = {ord(c): None for c in " \t\n\r\f\v/-"}

# LA codes a LAESTAB may start with: every authority or establishment grouping the table
# holds, retired ones included; pseudo-LA codes are UPN prefixes only.
_LA_CODES: frozenset[str] = frozenset(
    la.code for la in local_authorities() if la.kind is not LocalAuthorityKind.PSEUDO
)


def _is_ascii_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def compact(s: str) -> str:
    """Remove ASCII whitespace, ``/`` and ``-``. Raises InvalidArgument for a non-string.

    >>> compact(" 801 / 2000 ")
    '8012000'
    """
    if not isinstance(s, str):
        raise InvalidArgument(f"a LAESTAB must be a string, got {type(s).__name__}")
    return str.__str__(s).translate(_COMPACT_TABLE)


def validate(s: str) -> str:
    """Return the compact LAESTAB or raise.

    Raises :class:`~cme_core.errors.InvalidArgument` for a non-string,
    :class:`~cme_core.errors.InvalidLAESTAB` unless there are exactly seven ASCII digits, and
    :class:`~cme_core.errors.UnknownLocalAuthority` if the first three are not a known LA code.

    >>> validate("9999999")
    Traceback (most recent call last):
    ...
    cme_core.errors.UnknownLocalAuthority: LAESTAB characters 1-3 (999) are not a known LA code
    """
    text = compact(s)
    if len(text) != LENGTH or not _is_ascii_digits(text):
        raise InvalidLAESTAB(
            "a LAESTAB is seven digits 0-9: a three-digit LA code and a four-digit "
            "establishment number"
        )
    if text[:3] not in _LA_CODES:
        raise UnknownLocalAuthority(f"LAESTAB characters 1-3 ({text[:3]}) are not a known LA code")
    return text


def is_valid(s: object) -> bool:
    """Whether ``s`` is a valid LAESTAB. Never raises.

    >>> is_valid("8012000"), is_valid(8012000)
    (True, False)
    """
    if not isinstance(s, str):
        return False
    text = str.__str__(s).translate(_COMPACT_TABLE)
    return len(text) == LENGTH and _is_ascii_digits(text) and text[:3] in _LA_CODES


def split(s: str) -> tuple[str, str]:
    """The LA code and the establishment number of a valid LAESTAB (raises like validate).

    >>> split("801 2000")
    ('801', '2000')
    """
    text = validate(s)
    return text[:3], text[3:]


@checked
def problems(s: object, *, path: Iterable[PathElement] = ()) -> tuple[Problem, ...]:
    """Every problem with ``s`` as a LAESTAB (empty if and only if :func:`is_valid`).

    ``None``, empty or whitespace: ``CME-LAESTAB-001``; not a string or not seven ASCII digits:
    ``CME-LAESTAB-002``; unknown LA code: ``CME-LAESTAB-003``.

    >>> [p.code for p in problems(" ")], [p.code for p in problems("9991234")]
    (['CME-LAESTAB-001'], ['CME-LAESTAB-003'])
    """
    where = tuple(path)
    if s is None:
        return (LAESTAB_MISSING.problem(path=where),)
    if not isinstance(s, str):
        return (
            LAESTAB_FORMAT.problem(f"LAESTAB must be text, got {type(s).__name__}", path=where),
        )
    text = compact(s)
    if not text:
        return (LAESTAB_MISSING.problem(path=where),)
    if len(text) != LENGTH or not _is_ascii_digits(text):
        return (
            LAESTAB_FORMAT.problem(
                "LAESTAB must be seven digits 0-9", path=where, values={"length": len(text)}
            ),
        )
    if text[:3] not in _LA_CODES:
        return (LAESTAB_UNKNOWN_LA.problem(path=where, values={"la_code": text[:3]}),)
    return ()
