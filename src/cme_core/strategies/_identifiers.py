"""UPN strategies: :func:`upns`, :func:`temporary_upns` and :func:`invalid_upns`."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from cme_core.identifiers import upn as upn_module
from cme_core.identifiers.local_authorities import UPN_PREFIXES
from cme_core.strategies._common import InvalidArgument, SearchStrategy, _ints, _pick, st

_PREFIXES: tuple[str, ...] = tuple(sorted(UPN_PREFIXES))
_NOT_PREFIXES: tuple[str, ...] = tuple(
    f"{n:03d}" for n in range(1000) if f"{n:03d}" not in UPN_PREFIXES
)
_LETTERS = upn_module.ALPHABET
_DIGITS = "0123456789"
_LAST_CHARS = _DIGITS + _LETTERS

INVALID_UPN_RULES: tuple[str, ...] = ("1510", "1530", "1540", "1550", "length")
"""The values :func:`invalid_upns` takes for ``rule``."""

# Characters that upn.compact leaves as they are (no whitespace, hyphens or lower-case ASCII)
# and that break a rule: non-ASCII digits are among them, since str.isdigit accepts them.
_NOT_A_LETTER_FIRST = "0123456789IOS#*!?$É"
_NOT_A_DIGIT = "ABCXZ#*.!Ｏ٣９"
_BAD_LAST = "IOS#*!?é٣"


def _digits(draw: st.DrawFn, size: int) -> str:
    return "".join(_pick(draw, _DIGITS) for _ in range(size))


def _draw_upn(draw: st.DrawFn, la: str, *, temporary: bool = False) -> str:
    estab, year = draw(_ints(0, 9999)), draw(_ints(0, 99))
    if temporary:
        serial = f"{draw(_ints(0, 99)):02d}{_pick(draw, _LETTERS)}"
    else:
        serial = f"{draw(_ints(0, 999)):03d}"
    body = f"{la}{estab:04d}{year:02d}{serial}"
    return upn_module.check_letter(body) + body


@st.composite
def _upns(draw: st.DrawFn, la_codes: SearchStrategy[str] | None, temporary: bool) -> str:
    la = _pick(draw, _PREFIXES) if la_codes is None else draw(la_codes)
    return _draw_upn(draw, la, temporary=temporary)


def _check_upn_la(value: object, name: str) -> str:
    if not isinstance(value, str) or value not in UPN_PREFIXES:
        raise InvalidArgument(
            f"{name} must hold LA codes census rule 1530 accepts (three-digit strings such "
            f"as '801'), got {value!r:.20}"
        )
    return value


def _la_codes(la_codes: object) -> SearchStrategy[str] | None:
    if la_codes is None:
        return None
    if isinstance(la_codes, SearchStrategy):
        return la_codes.map(lambda v: _check_upn_la(v, "la_codes"))
    if isinstance(la_codes, str | bytes) or not isinstance(la_codes, Iterable):
        raise InvalidArgument(
            "la_codes must be an iterable of LA codes such as ['801'], or a strategy of them"
        )
    codes = tuple(_check_upn_la(code, "la_codes") for code in la_codes)
    if not codes:
        raise InvalidArgument("la_codes must not be empty")
    return st.sampled_from(codes)


_UPNS = _upns(None, False)
_TEMPORARY_UPNS = _upns(None, True)


def upns(*, la_codes: Iterable[str] | SearchStrategy[str] | None = None) -> SearchStrategy[str]:
    """Valid *permanent* UPNs: the right check letter, an LA code census rule 1530 accepts
    (one of ``la_codes`` if given), an establishment number, a year and a three-digit serial.

    >>> from hypothesis import given, settings
    >>> from cme_core.identifiers import upn
    >>> @settings(max_examples=20)
    ... @given(upns())
    ... def test_upns(value):
    ...     assert upn.is_valid(value) and not upn.is_temporary(value)
    >>> test_upns()
    """
    la = _la_codes(la_codes)
    return _UPNS if la is None else _upns(la, False)


def temporary_upns(
    *, la_codes: Iterable[str] | SearchStrategy[str] | None = None
) -> SearchStrategy[str]:
    """Valid *temporary* UPNs: as :func:`upns`, but the serial ends in one of the 23 letters.

    >>> from hypothesis import given, settings
    >>> from cme_core.identifiers import upn
    >>> @settings(max_examples=20)
    ... @given(temporary_upns())
    ... def test_temporary_upns(value):
    ...     assert upn.is_temporary(value)
    >>> test_temporary_upns()
    """
    la = _la_codes(la_codes)
    return _TEMPORARY_UPNS if la is None else _upns(la, True)


def _failing_1510(draw: st.DrawFn) -> str:
    body = _pick(draw, _PREFIXES) + _digits(draw, 8) + _pick(draw, _LAST_CHARS)
    right = upn_module.check_letter(body)
    if draw(st.booleans()):
        return _pick(draw, _NOT_A_LETTER_FIRST) + body
    return _pick(draw, [c for c in _LETTERS if c != right]) + body


def _failing_1530(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        # Three digits that are not an LA code: a check letter still exists; use it.
        body = _pick(draw, _NOT_PREFIXES) + _digits(draw, 8) + _pick(draw, _LAST_CHARS)
        return upn_module.check_letter(body) + body
    # Characters 2-4 not all digits: no check letter exists, so any letter passes 1510.
    la = list(_digits(draw, 3))
    la[draw(_ints(0, 2))] = _pick(draw, _NOT_A_DIGIT)
    rest = _digits(draw, 8) + _pick(draw, _LAST_CHARS)
    return _pick(draw, _LETTERS) + "".join(la) + rest


def _failing_1540(draw: st.DrawFn) -> str:
    middle = list(_digits(draw, 8))
    for _ in range(draw(_ints(1, 3))):
        middle[draw(_ints(0, 7))] = _pick(draw, _NOT_A_DIGIT)
    first, la = _pick(draw, _LETTERS), _pick(draw, _PREFIXES)
    return first + la + "".join(middle) + _pick(draw, _LAST_CHARS)


def _failing_1550(draw: st.DrawFn) -> str:
    first, la = _pick(draw, _LETTERS), _pick(draw, _PREFIXES)
    return first + la + _digits(draw, 8) + _pick(draw, _BAD_LAST)


def _failing_length(draw: st.DrawFn) -> str:
    """Not 13 characters, and nothing else wrong that the rules judge at any length: rule
    1540 has no length condition, so characters 5-12, as far as the text reaches, are digits
    (and there is a character 5)."""
    kind = draw(_ints(0, 2))
    if kind == 0:
        valid = _draw_upn(draw, _pick(draw, _PREFIXES))
        return valid[:-1] if draw(st.booleans()) else valid + _pick(draw, _LAST_CHARS)
    size = draw(_ints(5, 12)) if kind == 1 else draw(_ints(14, 40))
    chars = [_pick(draw, _DIGITS) if 4 <= i < 12 else _pick(draw, _LAST_CHARS) for i in range(size)]
    return "".join(chars)


_FAILING: dict[str, Callable[[st.DrawFn], str]] = {
    "1510": _failing_1510,
    "1530": _failing_1530,
    "1540": _failing_1540,
    "1550": _failing_1550,
    "length": _failing_length,
}


@st.composite
def _invalid_upns(draw: st.DrawFn, failing: Callable[[st.DrawFn], str]) -> str:
    return failing(draw)


@st.composite
def _invalid_upns_of(draw: st.DrawFn, rules: SearchStrategy[str] | None) -> str:
    rule = _pick(draw, INVALID_UPN_RULES) if rules is None else draw(rules)
    return _FAILING[rule](draw)


_INVALID_UPNS: dict[str, SearchStrategy[str]] = {
    rule: _invalid_upns(failing) for rule, failing in _FAILING.items()
}
_ANY_INVALID_UPNS = _invalid_upns_of(None)


def _check_rule(value: object, name: str) -> str:
    if not isinstance(value, str) or value not in _FAILING:
        raise InvalidArgument(f"{name} must be one of {list(INVALID_UPN_RULES)}, got {value!r:.20}")
    return value


def invalid_upns(*, rule: str | SearchStrategy[str] | None = None) -> SearchStrategy[str]:
    """Strings failing exactly one UPN rule, as :func:`cme_core.identifiers.upn.problems`
    reports it: ``"1510"`` (check letter), ``"1530"`` (LA code), ``"1540"`` (characters 5-12
    not all digits), ``"1550"`` (character 13) or ``"length"`` (not 13 characters once
    compacted: CME-UPN-001; characters 5-12 are digits as far as they reach, so 1540, which
    applies at any length, does not fail too). Non-ASCII look-alike digits are among the bad
    characters.

    ``rule`` is one of :data:`INVALID_UPN_RULES`, or a strategy of them; by default one is
    drawn for each example (shrinking towards ``"1510"``).

    >>> from hypothesis import given, settings
    >>> from cme_core.identifiers import upn
    >>> @settings(max_examples=20)
    ... @given(invalid_upns(rule="1510"), invalid_upns())
    ... def test_check_letters(value, any_rule):
    ...     assert [p.code for p in upn.problems(value)] == ["1510"]
    ...     assert not upn.is_valid(any_rule)
    >>> test_check_letters()
    """
    if rule is None:
        return _ANY_INVALID_UPNS
    if isinstance(rule, SearchStrategy):
        return _invalid_upns_of(rule.map(lambda v: _check_rule(v, "rule")))
    return _INVALID_UPNS[_check_rule(rule, "rule")]
