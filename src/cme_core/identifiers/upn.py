"""UPN: the Unique Pupil Number of England's schools (python-stdnum style).

A UPN has 13 characters and is for life (UK Government Data Standards Catalogue, *Unique
Pupil Number* v2.0; DfE census validation rules 1500-1560):

=========  ==================================================  ==================================
position   content                                             allowed
=========  ==================================================  ==================================
1          check letter                                        ``ABCDEFGHJKLMNPQRTUVWXYZ``
2-4        DfE number of the allocating LA                     a code census rule 1530 accepts
5-8        DfE establishment number of the allocating school   digits
9-10       last two digits of the year of allocation           digits (never range-checked)
11-13      serial                                              3 digits; a *temporary* UPN ends
                                                               in 2 digits and 1 of the 23 letters
=========  ==================================================  ==================================

**Check letter.** Weight characters 2-13 by their positions 2-13; a digit counts as its value,
a letter in position 13 as its index in the 23-letter table (A=0 ... Z=22). The weighted sum
modulo 23 indexes the table; that letter must be character 1.

Input is compacted first (:func:`compact`): ASCII whitespace and hyphens are removed and ASCII
letters upper-cased. Nothing else is normalised: full-width digits, Cyrillic look-alike letters
and other non-ASCII characters stay as they are and fail the format rules (``str.isdigit``
accepts non-ASCII digits, so this module never relies on it alone).

:func:`validate` checks, in this order, and raises the first failure:
:class:`~cme_core.errors.InvalidLength` (not 13 characters),
:class:`~cme_core.errors.InvalidFormat` (characters 2-12 not ASCII digits, or character 13
neither a digit nor one of the 23 letters), :class:`~cme_core.errors.InvalidChecksum`
(character 1 is not the check letter, census rule 1510), then
:class:`~cme_core.errors.UnknownLocalAuthority` (characters 2-4 are not a recognised LA code,
census rule 1530). :func:`problems` instead reports every failing rule at once.

>>> validate(" b801 2000 05001 ")
'B801200005001'
>>> is_valid("G80120000101A"), is_temporary("G80120000101A")
(True, True)
>>> check_letter("207000016049")
'P'
>>> [p.code for p in problems("R900400001001")]
['1530']
>>> validate("B207000016049")
Traceback (most recent call last):
...
cme_core.errors.InvalidChecksum: character 1 of the UPN is not the check letter of characters 2-13
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from cme_core._fields import checked
from cme_core.errors import (
    InvalidArgument,
    InvalidChecksum,
    InvalidFormat,
    InvalidLength,
    UnknownLocalAuthority,
)
from cme_core.identifiers.local_authorities import RULE_1530_CITATION, UPN_PREFIXES
from cme_core.problems import PathElement, Problem, ProblemType, Severity

__all__ = [
    "ALPHABET",
    "FORMER_UPN_MALFORMED",
    "LENGTH",
    "RULE_1500",
    "RULE_1510",
    "RULE_1530",
    "RULE_1540",
    "RULE_1550",
    "UPN_LENGTH",
    "UPN_NOT_TEXT",
    "check_letter",
    "compact",
    "format",
    "is_temporary",
    "is_valid",
    "problems",
    "validate",
]

LENGTH = 13
"""Characters in a UPN."""

ALPHABET = "ABCDEFGHJKLMNPQRTUVWXYZ"
"""The 23 letters of a UPN (A-Z without I, O and S): check letters and temporary serials."""

_STANDARD = "UK Government Data Standards Catalogue, Unique Pupil Number v2.0"
_CENSUS = "DfE school census validation rule"

RULE_1500 = ProblemType(
    code="1500", severity=Severity.ERROR, title="UPN missing", citation=f"{_CENSUS} 1500"
)
RULE_1510 = ProblemType(
    code="1510",
    severity=Severity.ERROR,
    title="UPN invalid (wrong check letter at character 1)",
    citation=f"{_CENSUS} 1510; {_STANDARD}",
)
RULE_1530 = ProblemType(
    code="1530",
    severity=Severity.ERROR,
    title="UPN invalid (characters 2-4 not a recognised LA code)",
    citation=RULE_1530_CITATION,
)
RULE_1540 = ProblemType(
    code="1540",
    severity=Severity.ERROR,
    title="UPN invalid (characters 5-12 not all numeric)",
    citation=f"{_CENSUS} 1540",
)
RULE_1550 = ProblemType(
    code="1550",
    severity=Severity.ERROR,
    title="UPN invalid (character 13 not a recognised value)",
    citation=f"{_CENSUS} 1550",
)
UPN_LENGTH = ProblemType(
    code="CME-UPN-001",
    severity=Severity.ERROR,
    title="UPN is not 13 characters long",
    citation=_STANDARD,
)
UPN_NOT_TEXT = ProblemType(
    code="CME-UPN-002",
    severity=Severity.ERROR,
    title="UPN is not text",
    citation=_STANDARD,
)
FORMER_UPN_MALFORMED = ProblemType(
    code="1560Q",
    severity=Severity.QUERY,
    title="Please check: former UPN wrongly formatted",
    citation="DfE children in need census validation rule 1560Q",
)
"""A former UPN failing any of the checks above: one QUERY listing the failed checks."""

_DIGIT_VALUE: Mapping[str, int] = {str(d): d for d in range(10)}
_LETTER_VALUE: Mapping[str, int] = {letter: i for i, letter in enumerate(ALPHABET)}
_LAST_VALUE: Mapping[str, int] = {**_DIGIT_VALUE, **_LETTER_VALUE}

# Compaction: delete ASCII whitespace and hyphens, upper-case ASCII letters only (str.upper
# would also map e.g. U+FB00 "ﬀ" to "FF" and U+0131 "ı" to "I", creating ASCII out of
# non-ASCII input).
_COMPACT_TABLE: Mapping[int, str | None] = {
    **{ord(c): None for c in " \t\n\r\f\v-"},
    **{ord(c): c.upper() for c in "abcdefghijklmnopqrstuvwxyz"},
}


def _partial_sums(weights: tuple[int, int, int], keys: Iterable[str]) -> dict[str, int]:
    """Weighted sums mod 23 of three-character chunks (used by the fast path of is_valid)."""
    return {
        key: sum(w * _LAST_VALUE[ch] for w, ch in zip(weights, key, strict=True)) % 23
        for key in keys
    }


_THREE_DIGITS = tuple(f"{n:03d}" for n in range(1000))
# Read-only lookup tables, built once at import and never mutated. Characters 2-4 only have
# entries for recognised LA codes, so one lookup checks rule 1530 and the digits together.
_SUM_2_4 = _partial_sums((2, 3, 4), sorted(UPN_PREFIXES))
_SUM_5_7 = _partial_sums((5, 6, 7), _THREE_DIGITS)
_SUM_8_10 = _partial_sums((8, 9, 10), _THREE_DIGITS)
_SUM_11_13 = _partial_sums(
    (11, 12, 13), (f"{n:02d}{last}" for n in range(100) for last in _LAST_VALUE)
)
_LETTER_FOR_SUM = tuple(ALPHABET[n % 23] for n in range(4 * 22 + 1))


def _is_ascii_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _as_str(s: object, what: str = "a UPN") -> str:
    if type(s) is str:
        return s
    if isinstance(s, str):
        return str.__str__(s)  # a plain copy of a str subclass
    raise InvalidArgument(f"{what} must be a string, got {type(s).__name__}")


def _letter_for(body: str) -> str:
    """The check letter of characters 2-13 (``body``: 11 ASCII digits + a valid 13th char)."""
    total = sum(w * _DIGIT_VALUE[ch] for w, ch in zip(range(2, 13), body[:11], strict=True))
    return ALPHABET[(total + 13 * _LAST_VALUE[body[11]]) % 23]


def compact(s: str) -> str:
    """Remove ASCII whitespace and hyphens and upper-case ASCII letters.

    Raises :class:`~cme_core.errors.InvalidArgument` if ``s`` is not a string.

    >>> compact(" h801-2000-01001\\n")
    'H801200001001'
    >>> compact("Ｂ801200005001")  # full-width letters are left alone
    'Ｂ801200005001'
    """
    return _as_str(s).translate(_COMPACT_TABLE)


def check_letter(s: str) -> str:
    """The check letter for characters 2-13 of a UPN.

    ``s`` (compacted first) may be the 12 characters 2-13, or a whole 13-character UPN, in
    which case its first character is ignored. Raises
    :class:`~cme_core.errors.InvalidArgument` for a non-string,
    :class:`~cme_core.errors.InvalidLength` for any other length and
    :class:`~cme_core.errors.InvalidFormat` unless characters 2-12 are ASCII digits and
    character 13 a digit or one of the 23 letters. The LA code is not checked.

    >>> check_letter("801200005001"), check_letter("?801200005001")
    ('B', 'B')
    >>> check_letter("00180001701A")
    'X'
    """
    text = compact(s)
    if len(text) == LENGTH:
        text = text[1:]
    if len(text) != LENGTH - 1:
        raise InvalidLength(
            f"expected characters 2-13 of a UPN (12) or a whole UPN (13), got {len(text)}"
        )
    _check_body_format(text)
    return _letter_for(text)


def _check_body_format(body: str) -> None:
    if not _is_ascii_digits(body[:11]):
        raise InvalidFormat("characters 2-12 of a UPN must be digits 0-9")
    if body[11] not in _LAST_VALUE:
        raise InvalidFormat(f"character 13 of a UPN must be a digit 0-9 or one of {ALPHABET}")


def validate(s: str) -> str:
    """Return the compact UPN, or raise the first failure (order in the module docstring).

    >>> validate("X00180001701A")
    'X00180001701A'
    >>> validate("R900400001001")
    Traceback (most recent call last):
    ...
    cme_core.errors.UnknownLocalAuthority: characters 2-4 of the UPN (900) are not a ...
    >>> validate("B80120000500")
    Traceback (most recent call last):
    ...
    cme_core.errors.InvalidLength: a UPN has 13 characters, got 12
    """
    text = compact(s)
    if len(text) != LENGTH:
        raise InvalidLength(f"a UPN has {LENGTH} characters, got {len(text)}")
    _check_body_format(text[1:])
    if text[0] != _letter_for(text[1:]):
        raise InvalidChecksum("character 1 of the UPN is not the check letter of characters 2-13")
    if text[1:4] not in UPN_PREFIXES:
        raise UnknownLocalAuthority(
            f"characters 2-4 of the UPN ({text[1:4]}) are not a recognised LA code"
        )
    return text


def _fast_valid(s: str) -> bool:
    """Validity of an already compact 13-character string, by table look-ups only."""
    a = _SUM_2_4.get(s[1:4])
    b = _SUM_5_7.get(s[4:7])
    c = _SUM_8_10.get(s[7:10])
    d = _SUM_11_13.get(s[10:13])
    if a is None or b is None or c is None or d is None:
        return False
    return _LETTER_FOR_SUM[a + b + c + d] == s[0]


def is_valid(s: object) -> bool:
    """Whether ``s`` is a valid UPN (after :func:`compact`). Never raises, whatever ``s`` is.

    >>> is_valid("B801200005001"), is_valid("B207000016049"), is_valid(None), is_valid(b"x")
    (True, False, False, False)
    """
    if type(s) is not str:
        if not isinstance(s, str):
            return False
        s = str.__str__(s)
    if len(s) == LENGTH:
        a = _SUM_2_4.get(s[1:4])
        b = _SUM_5_7.get(s[4:7])
        c = _SUM_8_10.get(s[7:10])
        d = _SUM_11_13.get(s[10:13])
        if (
            a is not None
            and b is not None
            and c is not None
            and d is not None
            and _LETTER_FOR_SUM[a + b + c + d] == s[0]
        ):
            return True
    if s.isascii() and s.isalnum() and s.upper() == s:
        return False  # already compact, so compaction cannot help
    text = s.translate(_COMPACT_TABLE)
    return text != s and len(text) == LENGTH and _fast_valid(text)


def is_temporary(s: object) -> bool:
    """Whether ``s`` is a valid *temporary* UPN (serial ending in a letter). Never raises.

    >>> is_temporary("G80120000101A"), is_temporary("B801200005001"), is_temporary(42)
    (True, False, False)
    """
    return is_valid(s) and isinstance(s, str) and compact(s)[-1] in _LETTER_VALUE


def format(s: str) -> str:
    """The UPN in its standard form: compact, as UPNs are written without separators.

    >>> format("b801 2000 05001")
    'B801200005001'
    """
    return validate(s)


_RULE_1540_MESSAGE = "UPN characters 5-12 must all be digits 0-9"


def _failures(text: str) -> list[tuple[ProblemType, str, dict[str, object]]]:
    """Every failing rule for a compact, non-empty UPN, in rule order."""
    middle = text[4:12]
    if len(text) != LENGTH:
        out: list[tuple[ProblemType, str, dict[str, object]]] = [
            (
                UPN_LENGTH,
                f"UPN must have {LENGTH} characters, this has {len(text)}",
                {"expected": LENGTH, "length": len(text)},
            )
        ]
        # Rule 1540 has no length condition: characters 5-12, as far as the text reaches,
        # must be digits; with no character 5 at all they are not (the CIN census
        # validator's reading: ``upn[4:12].isdigit()``).
        if not _is_ascii_digits(middle):
            out.append((RULE_1540, _RULE_1540_MESSAGE, {}))
        return out
    out = []
    first, la, last = text[0], text[1:4], text[12]
    body_ok = _is_ascii_digits(la) and _is_ascii_digits(middle) and last in _LAST_VALUE
    if first not in _LETTER_VALUE:
        out.append((RULE_1510, f"UPN character 1 must be one of the letters {ALPHABET}", {}))
    elif body_ok and first != _letter_for(text[1:]):
        out.append((RULE_1510, "UPN character 1 is not the check letter of characters 2-13", {}))
    if la not in UPN_PREFIXES:
        values: dict[str, object] = {"la_code": la} if _is_ascii_digits(la) else {}
        out.append((RULE_1530, "UPN characters 2-4 are not a recognised LA code", values))
    if not _is_ascii_digits(middle):
        out.append((RULE_1540, _RULE_1540_MESSAGE, {}))
    if last not in _LAST_VALUE:
        out.append((RULE_1550, f"UPN character 13 must be a digit 0-9 or one of {ALPHABET}", {}))
    return out


@checked
def problems(
    s: object, *, former: bool = False, path: Iterable[PathElement] = ()
) -> tuple[Problem, ...]:
    """Every failing rule for ``s`` at once (empty if and only if :func:`is_valid`).

    For a current UPN (``former=False``):

    * missing (``None``, empty or only whitespace): **1500** only;
    * not a string: ``CME-UPN-002``;
    * not 13 characters after :func:`compact`: ``CME-UPN-001``, and **1540** too when
      characters 5-12, as far as the text reaches, are not all ASCII digits (or there is no
      character 5): rule 1540 has no length condition, and the CIN census validator reads it
      this way. Rules 1510, 1530 and 1550 are judged on 13 characters only, as in the census;
    * otherwise each that applies, in this order: **1510** (character 1 is not one of the 23
      letters, or -- when characters 2-13 are well formed, so that a check letter exists --
      it is not their check letter), **1530** (characters 2-4 not an accepted LA code),
      **1540** (characters 5-12 not all ASCII digits), **1550** (character 13 neither a digit
      nor one of the 23 letters).

    For a **former** UPN (``former=True``) the same checks run, but a former UPN is optional
    (missing gives no problem) and any failures are reported as **one** QUERY ``1560Q``, as
    the CIN census does, whose ``values["failed_checks"]`` lists the codes above that failed.

    >>> [p.code for p in problems("A20700001604Z")]
    ['1510']
    >>> [p.code for p in problems("Ｂ８01200005001")]
    ['1510', '1530']
    >>> [p.code for p in problems("B8012000X500")]  # 12 characters, a letter at 9
    ['CME-UPN-001', '1540']
    >>> [(p.code, p.severity.value) for p in problems("R900400001001", former=True)]
    [('1560Q', 'query')]
    >>> problems(None, former=True)
    ()
    """
    if type(s) is str and is_valid(s):  # the common case, without building anything
        return ()
    where = tuple(path)
    failed: list[tuple[ProblemType, str, dict[str, object]]]
    if s is None:
        return () if former else (RULE_1500.problem(path=where),)
    if not isinstance(s, str):
        failed = [(UPN_NOT_TEXT, f"UPN must be text, got {type(s).__name__}", {})]
    else:
        text = compact(s)
        if not text:
            return () if former else (RULE_1500.problem(path=where),)
        failed = _failures(text)
    if not failed:
        return ()
    if former:
        codes = [rule.code for rule, _, _ in failed]
        return (
            FORMER_UPN_MALFORMED.problem(
                "Please check: former UPN wrongly formatted ("
                + "; ".join(message for _, message, _ in failed)
                + ")",
                path=where,
                values={"failed_checks": codes},
            ),
        )
    return tuple(
        rule.problem(message, path=where, values=values) for rule, message, values in failed
    )
