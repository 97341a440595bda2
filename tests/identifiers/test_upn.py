"""UPN: worked examples (standards.md section 1), census rules 1500-1560Q, fuzzing, properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cme_core.errors import (
    InvalidArgument,
    InvalidChecksum,
    InvalidFormat,
    InvalidLength,
    InvalidUPN,
    UnknownLocalAuthority,
)
from cme_core.identifiers import upn
from cme_core.identifiers.local_authorities import UPN_PREFIXES
from cme_core.problems import Report, Severity

LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
DIGITS = "0123456789"


def reference_check_letter(body: str) -> str:
    """An independent restatement of the check-letter rule (standards.md section 1)."""
    total = 0
    for weight, ch in zip(range(2, 14), body, strict=True):
        total += weight * (int(ch) if ch in DIGITS else LETTERS.index(ch))
    return LETTERS[total % 23]


def codes(value: object, *, former: bool = False) -> list[str]:
    return [p.code for p in upn.problems(value, former=former)]


# --- worked examples --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "temporary"),
    [
        ("B801200005001", False),
        ("H801200001001", False),
        ("G80120000101A", True),
        ("X00180001701A", True),  # pseudo-LA 001
    ],
)
def test_worked_examples_that_are_valid(value: str, temporary: bool) -> None:
    assert upn.validate(value) == value
    assert upn.is_valid(value)
    assert upn.is_temporary(value) is temporary
    assert upn.problems(value) == ()
    assert upn.check_letter(value) == value[0] == reference_check_letter(value[1:])


def test_worked_example_right_letter_but_unknown_la_900() -> None:
    assert upn.check_letter("900400001001") == "R"
    assert codes("R900400001001") == ["1530"]
    assert upn.problems("R900400001001")[0].values == {"la_code": "900"}
    with pytest.raises(UnknownLocalAuthority):
        upn.validate("R900400001001")
    assert not upn.is_valid("R900400001001")


def test_worked_example_b207000016049_right_letter_is_p_not_q() -> None:
    assert upn.check_letter("B207000016049") == "P"
    assert codes("B207000016049") == ["1510"]
    with pytest.raises(InvalidChecksum):
        upn.validate("B207000016049")
    assert upn.is_valid("P207000016049")
    assert not upn.is_valid("Q207000016049")  # what two MIS vendors' help pages say


# --- compact, check_letter, format, is_temporary ---------------------------------------------


def test_compact_strips_ascii_whitespace_and_hyphens_and_upper_cases() -> None:
    assert upn.compact(" b801-2000\t05001\n") == "B801200005001"
    assert upn.compact("") == ""


@pytest.mark.parametrize("func", [upn.compact, upn.validate, upn.check_letter, upn.format])
@pytest.mark.parametrize("value", [None, 8012000005001, b"B801200005001", ["B"], 1.5])
def test_non_strings_raise_invalid_argument(func: object, value: object) -> None:
    assert callable(func)
    with pytest.raises(InvalidArgument, match="must be a string"):
        func(value)
    assert issubclass(InvalidArgument, TypeError)
    assert issubclass(InvalidArgument, ValueError)


def test_str_subclasses_are_accepted() -> None:
    class Upn(str):
        pass

    assert upn.is_valid(Upn("B801200005001"))
    assert type(upn.validate(Upn("B801200005001"))) is str


def test_check_letter_accepts_12_or_13_characters() -> None:
    assert upn.check_letter("801200005001") == "B"
    assert upn.check_letter("Z801200005001") == "B"  # character 1 ignored
    assert upn.check_letter("00180001701a") == "X"


@pytest.mark.parametrize("value", ["", "80120000500", "AB801200005001", "B8012000050011"])
def test_check_letter_rejects_other_lengths(value: str) -> None:
    with pytest.raises(InvalidLength):
        upn.check_letter(value)


@pytest.mark.parametrize("value", ["80120000X001", "80120000500I", "８01200005001"])
def test_check_letter_rejects_bad_characters(value: str) -> None:
    with pytest.raises(InvalidFormat):
        upn.check_letter(value)


def test_check_letter_ignores_the_la_code() -> None:
    assert upn.check_letter("900400001001") == "R"


def test_format_returns_the_compact_upn() -> None:
    assert upn.format("b801 2000 05001") == "B801200005001"
    with pytest.raises(InvalidChecksum):
        upn.format("A801200005001")


def test_is_temporary_needs_a_valid_upn() -> None:
    assert upn.is_temporary("g80120000101a")
    assert not upn.is_temporary("B801200005001")
    assert not upn.is_temporary("H80120000101A")  # wrong check letter
    assert not upn.is_temporary(None)


# --- validate: the documented order of exceptions --------------------------------------------


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("", InvalidLength),
        ("   ", InvalidLength),
        ("B80120000500", InvalidLength),
        ("B8012000050011", InvalidLength),
        ("1900X0000000*", InvalidFormat),  # fails 1510, 1530, 1540, 1550: format comes first
        ("B80120000500I", InvalidFormat),
        ("A900400001001", InvalidChecksum),  # fails 1510 and 1530: checksum comes first
        ("1801200005001", InvalidChecksum),
        ("R900400001001", UnknownLocalAuthority),
    ],
)
def test_validate_raises_the_first_failure_in_documented_order(
    value: str, error: type[Exception]
) -> None:
    with pytest.raises(error) as info:
        upn.validate(value)
    assert type(info.value) is error
    assert isinstance(info.value, InvalidUPN)
    assert value.strip() == "" or value not in str(info.value)  # the UPN is not echoed


# --- problems: each rule alone, then together -------------------------------------------------


@pytest.mark.parametrize("value", [None, "", "   ", "\t\n"])
def test_1500_missing(value: object) -> None:
    assert codes(value) == ["1500"]
    assert upn.problems(value)[0].severity is Severity.ERROR


@pytest.mark.parametrize("value", ["B80120000500", "B8012000050011", "B", "B801 2000 0500"])
def test_wrong_length_is_reported_alone(value: str) -> None:
    found = upn.problems(value)
    assert [p.code for p in found] == ["CME-UPN-001"]
    assert found[0].values["expected"] == 13


@pytest.mark.parametrize("value", [8012000005001, b"B801200005001", 1.0, object()])
def test_non_text_is_its_own_problem(value: object) -> None:
    assert codes(value) == ["CME-UPN-002"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("A801200005001", ["1510"]),  # a letter, but the wrong one
        ("1801200005001", ["1510"]),  # not a letter
        ("I801200005001", ["1510"]),  # I is not among the 23 letters
        ("R900400001001", ["1530"]),
        ("B8012000X5001", ["1540"]),  # no check letter exists, so 1510 is not judged
        ("B80120000500I", ["1550"]),
        ("B80120000500*", ["1550"]),
    ],
)
def test_each_rule_alone(value: str, expected: list[str]) -> None:
    assert codes(value) == expected
    assert not upn.is_valid(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("A900400001001", ["1510", "1530"]),
        ("B90040000X001", ["1530", "1540"]),
        ("1900X0000000*", ["1510", "1530", "1540", "1550"]),
        ("BX0120000500S", ["1530", "1550"]),
        ("OABC!!!!!!!!O", ["1510", "1530", "1540", "1550"]),
    ],
)
def test_rules_in_combination_are_all_reported_at_once(value: str, expected: list[str]) -> None:
    found = upn.problems(value)
    assert [p.code for p in found] == expected
    assert all(p.severity is Severity.ERROR for p in found)
    assert all(value not in p.message for p in found)


def test_problems_carry_path_and_citation() -> None:
    (problem,) = upn.problems("A801200005001", path=("pupils", 3, "upn"))
    assert problem.json_path == "$.pupils[3].upn"
    assert problem.citation is not None
    assert "1510" in problem.citation


# --- former UPN: 1560Q ------------------------------------------------------------------------


@pytest.mark.parametrize("value", [None, "", "  "])
def test_missing_former_upn_is_not_a_problem(value: object) -> None:
    assert upn.problems(value, former=True) == ()


def test_valid_former_upn_is_not_a_problem() -> None:
    assert upn.problems("G80120000101A", former=True) == ()


@pytest.mark.parametrize(
    ("value", "failed"),
    [
        ("A900400001001", ["1510", "1530"]),
        ("R900400001001", ["1530"]),
        ("B80120000500", ["CME-UPN-001"]),
        (42, ["CME-UPN-002"]),
        ("1900X0000000*", ["1510", "1530", "1540", "1550"]),
    ],
)
def test_bad_former_upn_is_one_query_listing_the_failed_checks(
    value: object, failed: list[str]
) -> None:
    found = upn.problems(value, former=True, path=("former_upn",))
    assert [(p.code, p.severity) for p in found] == [("1560Q", Severity.QUERY)]
    assert found[0].values["failed_checks"] == failed
    assert found[0].message.startswith("Please check:")
    assert found[0].json_path == "$.former_upn"
    assert Report.of(found).is_valid  # a query does not make the data invalid


# --- Unicode look-alikes and other junk -------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("B８01200005001", ["1530"]),  # full-width digit in the LA code
        ("B801２00005001", ["1540"]),  # full-width digit in the middle
        ("B8012000050０1", ["1540"]),
        ("B80120000500１", ["1550"]),  # full-width digit at 13
        ("B80120000101Ａ", ["1550"]),  # full-width letter at 13
        ("В801200005001", ["1510"]),  # Cyrillic capital VE
        ("Β801200005001", ["1510"]),  # Greek capital BETA
        ("B801200005²01", ["1540"]),  # superscript two: str.isdigit() says True
        ("B80120000٥001", ["1540"]),  # Arabic-Indic five
        ("B8012000۰5001", ["1540"]),  # extended Arabic-Indic zero
        ("B80120000500\u0661", ["1550"]),
    ],
)
def test_unicode_look_alikes_are_format_errors_not_normalised(
    value: str, expected: list[str]
) -> None:
    assert len(value) == 13
    assert not upn.is_valid(value)
    assert codes(value) == expected
    with pytest.raises((InvalidFormat, InvalidChecksum, UnknownLocalAuthority)):
        upn.validate(value)


def test_full_width_upn_is_not_valid() -> None:
    full = "".join(chr(ord(c) + 0xFEE0) for c in "B801200005001")
    assert not upn.is_valid(full)
    assert upn.compact(full) == full
    assert codes(full) == ["1510", "1530", "1540", "1550"]


@pytest.mark.parametrize("ch", ["ı", "ſ", "ﬀ", "\u212a"])  # upper() would make ASCII of these
def test_compact_upper_cases_ascii_letters_only(ch: str) -> None:
    assert upn.compact(ch) == ch


def test_non_ascii_whitespace_is_not_stripped() -> None:
    assert codes("B801200005001\u00a0") == ["CME-UPN-001"]
    assert not upn.is_valid("\u2003B801200005001")


def test_very_long_input() -> None:
    value = "B801200005001" * 100_000
    assert not upn.is_valid(value)
    assert codes(value) == ["CME-UPN-001"]
    with pytest.raises(InvalidLength):
        upn.validate(value)


# --- Hypothesis -------------------------------------------------------------------------------


@st.composite
def valid_upns(draw: st.DrawFn, *, temporary: bool | None = None) -> str:
    la = draw(st.sampled_from(sorted(UPN_PREFIXES)))
    middle = draw(st.text(alphabet=DIGITS, min_size=6, max_size=6))  # school + year
    serial = draw(st.text(alphabet=DIGITS, min_size=2, max_size=2))
    if temporary is None:
        temporary = draw(st.booleans())
    serial += draw(st.sampled_from(LETTERS if temporary else DIGITS))
    body = la + middle + serial
    return reference_check_letter(body) + body


@given(valid_upns())
def test_generated_valid_upns_validate(value: str) -> None:
    assert upn.is_valid(value)
    assert upn.validate(value) == value
    assert upn.problems(value) == ()
    assert upn.check_letter(value[1:]) == value[0]
    assert upn.is_temporary(value) is (value[-1] in LETTERS)


@given(valid_upns(), st.data())
def test_generated_valid_upns_survive_case_and_spacing(value: str, data: st.DataObject) -> None:
    cut = data.draw(st.integers(min_value=0, max_value=13))
    messy = f" {value[:cut].lower()} - {value[cut:]}\t"
    assert upn.is_valid(messy)
    assert upn.validate(messy) == value


def allowed_at(position: int) -> str:
    """Characters allowed at a 0-based position of a UPN."""
    if position == 0:
        return LETTERS
    if position < 12:
        return DIGITS
    return DIGITS + LETTERS


def value_at_13(ch: str) -> int:
    return int(ch) if ch in DIGITS else LETTERS.index(ch)


@given(valid_upns(), st.integers(min_value=0, max_value=12), st.data())
def test_single_substitution_is_detected_except_equal_value_at_13(
    value: str, position: int, data: st.DataObject
) -> None:
    """Weights 2..13 are non-zero mod the prime 23, so changing one character's value changes
    the sum mod 23. The one blind spot: at character 13 a digit d and the letter with index d
    (A=0 ... K=9) have the same value, so swapping them keeps the check letter right."""
    old = value[position]
    new = data.draw(st.sampled_from([c for c in allowed_at(position) if c != old]))
    changed = value[:position] + new + value[position + 1 :]
    if position == 12 and value_at_13(new) == value_at_13(old):
        assert upn.is_valid(changed)
    else:
        assert not upn.is_valid(changed)
        assert upn.problems(changed) != ()


def test_the_blind_spot_is_real() -> None:
    assert upn.is_valid("B801200005001")
    assert upn.is_valid("B80120000500B")  # 1 -> B (index 1): same value, still valid
    assert not upn.is_valid("B80120000500C")


junk = st.one_of(
    st.from_type(object),
    st.none(),
    st.integers(),
    st.floats(),
    st.binary(),
    st.lists(st.text()),
    st.text(),
    st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ -", min_size=10, max_size=16),
    st.text(alphabet="０１２３４５６７８９ＢＨＧＸВΒ²٥ 0123456789BRX", min_size=12, max_size=14),
)


@given(junk)
def test_is_valid_never_raises_and_agrees_with_problems(value: object) -> None:
    ok = upn.is_valid(value)
    assert isinstance(ok, bool)
    assert (upn.problems(value) == ()) is ok
    assert (upn.problems(value, former=True) == ()) is (ok or value is None or _blank(value))
    assert isinstance(upn.is_temporary(value), bool)


def _blank(value: object) -> bool:
    return isinstance(value, str) and upn.compact(value) == ""


@given(st.one_of(valid_upns(), st.text(max_size=20)))
def test_validate_and_problems_agree(value: str) -> None:
    try:
        result = upn.validate(value)
    except InvalidUPN:
        assert upn.problems(value) != ()
        assert not upn.is_valid(value)
    else:
        assert result == upn.compact(value)
        assert upn.problems(value) == ()
        assert upn.is_valid(value)


@given(st.text(max_size=20))
def test_check_letter_raises_only_typed_errors(value: str) -> None:
    try:
        letter = upn.check_letter(value)
    except (InvalidLength, InvalidFormat):
        return
    assert letter in LETTERS
