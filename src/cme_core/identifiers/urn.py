"""URN: the Unique Reference Number of an establishment in DfE's Get Information about Schools.

Six digits (GIAS). Nothing else is checked: there is no check digit, and ranges carry no
meaning this module relies on. :func:`compact` removes ASCII whitespace.

>>> validate(" 100000 ")
'100000'
>>> is_valid("10000"), is_valid("１００００0")
(False, False)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from cme_core._fields import checked
from cme_core.errors import InvalidArgument, InvalidIdentifier
from cme_core.problems import PathElement, Problem, ProblemType, Severity

__all__ = ["LENGTH", "URN_FORMAT", "URN_MISSING", "compact", "is_valid", "problems", "validate"]

LENGTH = 6
"""Digits in a URN."""

_CITATION = "DfE Get Information about Schools: Unique Reference Number (URN)"

URN_MISSING = ProblemType(
    code="CME-URN-001", severity=Severity.ERROR, title="URN missing", citation=_CITATION
)
URN_FORMAT = ProblemType(
    code="CME-URN-002", severity=Severity.ERROR, title="URN is not six digits", citation=_CITATION
)

_COMPACT_TABLE: Mapping[int, None] = {ord(c): None for c in " \t\n\r\f\v"}


def compact(s: str) -> str:
    """Remove ASCII whitespace. Raises InvalidArgument for a non-string.

    >>> compact("100 001")
    '100001'
    """
    if not isinstance(s, str):
        raise InvalidArgument(f"a URN must be a string, got {type(s).__name__}")
    return str.__str__(s).translate(_COMPACT_TABLE)


def _ok(text: str) -> bool:
    return len(text) == LENGTH and text.isascii() and text.isdigit()


def validate(s: str) -> str:
    """Return the compact URN, or raise :class:`~cme_core.errors.InvalidIdentifier`.

    >>> validate("12345")
    Traceback (most recent call last):
    ...
    cme_core.errors.InvalidIdentifier: a URN is six digits 0-9
    """
    text = compact(s)
    if not _ok(text):
        raise InvalidIdentifier("a URN is six digits 0-9")
    return text


def is_valid(s: object) -> bool:
    """Whether ``s`` is a valid URN. Never raises.

    >>> is_valid("131313"), is_valid(131313)
    (True, False)
    """
    return isinstance(s, str) and _ok(str.__str__(s).translate(_COMPACT_TABLE))


@checked
def problems(s: object, *, path: Iterable[PathElement] = ()) -> tuple[Problem, ...]:
    """Every problem with ``s`` as a URN (empty if and only if :func:`is_valid`).

    >>> [p.code for p in problems(None)], [p.code for p in problems("1234567")]
    (['CME-URN-001'], ['CME-URN-002'])
    """
    where = tuple(path)
    if s is None:
        return (URN_MISSING.problem(path=where),)
    if not isinstance(s, str):
        return (URN_FORMAT.problem(f"URN must be text, got {type(s).__name__}", path=where),)
    text = compact(s)
    if not text:
        return (URN_MISSING.problem(path=where),)
    if not _ok(text):
        return (URN_FORMAT.problem("URN must be six digits 0-9", path=where),)
    return ()
