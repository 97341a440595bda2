"""UK postcodes: the Royal Mail formats, compaction and the standard written form.

A postcode is an *outward* code (area + district) and a three-character *inward* code (sector
digit + unit letters), written with one space between them. The outward code takes one of six
shapes (A = letter, 9 = digit): ``A9``, ``A99``, ``AA9``, ``AA99``, ``A9A``, ``AA9A``; the
inward code is ``9AA``. Letters are restricted by position (Royal Mail Programmers' Address
File conventions):

* first letter: not Q, V or X;
* second letter (``AA9``, ``AA99``, ``AA9A``): not I, J or Z;
* the letter after the digit in ``A9A``: one of A B C D E F G H J K P S T U W;
* the letter after the digit in ``AA9A``: one of A B E H M N P R V W X Y;
* inward letters: not C, I, K, M, O or V.

**GIR 0AA** (the former Girobank postcode) is the one accepted exception.

**BFPO.** British Forces Post Office *numbers* ("BFPO 123") are not postcodes and are rejected
with their own problem code; since 2012 BFPO mail also has real postcodes in the ``BF1`` district
(e.g. ``BF1 3AA``), which validate like any other. Postcodes of the British Overseas Territories
(``ASCN 1ZZ``, ``FIQQ 1ZZ`` ...) do not fit the UK shapes and are rejected; Crown Dependencies
(``JE``, ``GY``, ``IM``) fit them and are accepted. Whether a postcode is *in use* is not
checked (that needs Royal Mail's address file).

:func:`compact` removes ASCII whitespace and upper-cases ASCII letters only, so full-width or
other look-alike characters never validate. :func:`validate` returns the compact form (as
python-stdnum does); :func:`format` returns the written form with its space.

>>> format("sw1a1aa")
'SW1A 1AA'
>>> is_valid("EC1A 1BB"), is_valid("GIR 0AA"), is_valid("QA1 1AA"), is_valid("BFPO 123")
(True, True, False, False)
>>> [p.code for p in problems("BFPO 57")]
['CME-PC-003']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from cme_core._fields import checked
from cme_core.errors import InvalidArgument, InvalidPostcode
from cme_core.problems import PathElement, Problem, ProblemType, Severity

__all__ = [
    "POSTCODE_BFPO_NUMBER",
    "POSTCODE_FORMAT",
    "POSTCODE_MISSING",
    "compact",
    "format",
    "is_bfpo_number",
    "is_valid",
    "problems",
    "validate",
]

_CITATION = "Royal Mail postcode formats (Programmers' Address File conventions)"

POSTCODE_MISSING = ProblemType(
    code="CME-PC-001", severity=Severity.ERROR, title="Postcode missing", citation=_CITATION
)
POSTCODE_FORMAT = ProblemType(
    code="CME-PC-002",
    severity=Severity.ERROR,
    title="Postcode is not in a UK postcode format",
    citation=_CITATION,
)
POSTCODE_BFPO_NUMBER = ProblemType(
    code="CME-PC-003",
    severity=Severity.ERROR,
    title="A BFPO number is not a postcode (BFPO postcodes are in the BF1 district)",
    citation=_CITATION,
)

_FIRST = "[A-PR-UWYZ]"
_SECOND = "[A-HK-Y]"
_OUTWARD = (
    f"{_FIRST}[0-9]{{1,2}}"  # A9, A99
    f"|{_FIRST}{_SECOND}[0-9]{{1,2}}"  # AA9, AA99
    f"|{_FIRST}[0-9][A-HJKPSTUW]"  # A9A
    f"|{_FIRST}{_SECOND}[0-9][ABEHMNPRVWXY]"  # AA9A
)
_INWARD = "[0-9][ABD-HJLNP-UW-Z]{2}"
_POSTCODE = re.compile(f"(?:{_OUTWARD}){_INWARD}|GIR0AA", re.ASCII)
_BFPO = re.compile("BFPO[0-9]{1,4}", re.ASCII)
_WRITTEN = re.compile(f"(?:{_OUTWARD}) {_INWARD}|GIR 0AA", re.ASCII)
"""A valid postcode already in its written form (upper case, one space): the common case,
recognised by one precompiled match, with no compaction and no problem machinery."""

_COMPACT_TABLE: Mapping[int, str | None] = {
    **{ord(c): None for c in " \t\n\r\f\v"},
    **{ord(c): c.upper() for c in "abcdefghijklmnopqrstuvwxyz"},
}


def _text(s: object) -> str:
    if not isinstance(s, str):
        raise InvalidArgument(f"a postcode must be a string, got {type(s).__name__}")
    return str.__str__(s)


def compact(s: str) -> str:
    """Remove ASCII whitespace and upper-case ASCII letters. InvalidArgument for a non-string.

    >>> compact(" m1  1ae ")
    'M11AE'
    """
    return _text(s).translate(_COMPACT_TABLE)


def is_bfpo_number(s: object) -> bool:
    """Whether ``s`` is a BFPO number such as ``"BFPO 123"`` (not a postcode). Never raises.

    >>> is_bfpo_number("bfpo 2"), is_bfpo_number("BF1 3AA")
    (True, False)
    """
    return isinstance(s, str) and _BFPO.fullmatch(compact(s)) is not None


def validate(s: str) -> str:
    """Return the compact postcode, or raise :class:`~cme_core.errors.InvalidPostcode`.

    >>> validate("bf1 3aa")
    'BF13AA'
    >>> validate("BFPO 123")
    Traceback (most recent call last):
    ...
    cme_core.errors.InvalidPostcode: a BFPO number is not a postcode; BFPO postcodes start BF1
    """
    text = compact(s)
    if _POSTCODE.fullmatch(text) is None:
        if _BFPO.fullmatch(text):
            raise InvalidPostcode("a BFPO number is not a postcode; BFPO postcodes start BF1")
        raise InvalidPostcode(
            "a UK postcode is an outward code (A9, A99, AA9, AA99, A9A or AA9A) and an "
            "inward code (9AA), with the Royal Mail letter restrictions"
        )
    return text


def format(s: str) -> str:
    """The written form: outward code, one space, inward code (raises like validate).

    >>> format("w1a0ax"), format("GIR0AA")
    ('W1A 0AX', 'GIR 0AA')
    """
    if type(s) is str and _WRITTEN.fullmatch(s) is not None:
        return s
    text = validate(s)
    return f"{text[:-3]} {text[-3:]}"


def is_valid(s: object) -> bool:
    """Whether ``s`` is a UK postcode in a Royal Mail format. Never raises.

    >>> is_valid("ｍ1 1AE"), is_valid(None)
    (False, False)
    """
    if type(s) is str and _WRITTEN.fullmatch(s) is not None:
        return True
    return isinstance(s, str) and _POSTCODE.fullmatch(compact(s)) is not None


@checked
def problems(s: object, *, path: Iterable[PathElement] = ()) -> tuple[Problem, ...]:
    """Every problem with ``s`` as a postcode (empty if and only if :func:`is_valid`).

    ``None``, empty or whitespace: ``CME-PC-001``; a BFPO number: ``CME-PC-003``; anything
    else that does not fit (including a non-string): ``CME-PC-002``. Messages never repeat the
    value (a postcode is part of an address).

    >>> [p.code for p in problems(" ")], [p.code for p in problems("SW1A 1AA")]
    (['CME-PC-001'], [])
    """
    if type(s) is str and _WRITTEN.fullmatch(s) is not None:
        return ()
    where = tuple(path)
    if s is None:
        return (POSTCODE_MISSING.problem(path=where),)
    if not isinstance(s, str):
        return (
            POSTCODE_FORMAT.problem(f"postcode must be text, got {type(s).__name__}", path=where),
        )
    text = compact(s)
    if not text:
        return (POSTCODE_MISSING.problem(path=where),)
    if _POSTCODE.fullmatch(text) is not None:
        return ()
    if _BFPO.fullmatch(text) is not None:
        return (POSTCODE_BFPO_NUMBER.problem(path=where),)
    return (POSTCODE_FORMAT.problem(path=where),)
