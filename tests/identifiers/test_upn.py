"""UPN: worked examples (standards.md section 1), census rules 1500-1560Q, fuzzing, properties."""

from __future__ import annotations

import csv
from pathlib import Path

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


@pytest.mark.parametrize("value", ["B80120000500", "B8012000050011", "B801 2000 0500", "B8012"])
def test_wrong_length_with_digits_at_5_to_12_is_reported_alone(value: str) -> None:
    found = upn.problems(value)
    assert [p.code for p in found] == ["CME-UPN-001"]
    assert found[0].values == {"expected": 13, "length": len(upn.compact(value))}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # 12, 13 and 14 characters, a letter at character 9: rule 1540 has no length condition
        ("B8012000X500", ["CME-UPN-001", "1540"]),
        ("B8012000X5001", ["1540"]),
        ("B8012000X50011", ["CME-UPN-001", "1540"]),
        # the same lengths with digits at 5-12: 1540 holds
        ("B80120000500", ["CME-UPN-001"]),
        ("B801200005001", []),
        ("B8012000050011", ["CME-UPN-001"]),
        # a letter at character 12 (the last of 5-12) and at 13 (outside it)
        ("B8012000050X", ["CME-UPN-001", "1540"]),
        ("B8012000050X1", ["1540"]),
        ("B80120000500X1", ["CME-UPN-001"]),
        # short text: characters 5-12 that are not there are not digits (the CIN validator's
        # reading, upn[4:12].isdigit())
        ("B801", ["CME-UPN-001", "1540"]),
        ("B", ["CME-UPN-001", "1540"]),
        ("B801２", ["CME-UPN-001", "1540"]),  # a full-width digit is not a digit here
    ],
)
def test_1540_is_reported_whatever_the_length(value: str, expected: list[str]) -> None:
    assert codes(value) == expected
    failed = codes(value, former=True)
    assert failed == (["1560Q"] if expected else [])
    if expected:
        assert upn.problems(value, former=True)[0].values == {"failed_checks": expected}


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


# --- messages, values and citations: what a caller reads ---------------------------------------

ALPHABET_TEXT = "ABCDEFGHJKLMNPQRTUVWXYZ"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "B80120000500",
            [
                (
                    "CME-UPN-001",
                    "UPN must have 13 characters, this has 12",
                    {"expected": 13, "length": 12},
                )
            ],
        ),
        (
            "b8012000x500",
            [
                (
                    "CME-UPN-001",
                    "UPN must have 13 characters, this has 12",
                    {"expected": 13, "length": 12},
                ),
                ("1540", "UPN characters 5-12 must all be digits 0-9", {}),
            ],
        ),
        (
            "A801200005001",
            [("1510", "UPN character 1 is not the check letter of characters 2-13", {})],
        ),
        (
            "1801200005001",
            [("1510", f"UPN character 1 must be one of the letters {ALPHABET_TEXT}", {})],
        ),
        (
            "R900400001001",
            [("1530", "UPN characters 2-4 are not a recognised LA code", {"la_code": "900"})],
        ),
        # characters 2-4 not digits: described, never echoed into values
        (
            "BX0120000500S",
            [
                ("1530", "UPN characters 2-4 are not a recognised LA code", {}),
                ("1550", f"UPN character 13 must be a digit 0-9 or one of {ALPHABET_TEXT}", {}),
            ],
        ),
        ("B8012000X5001", [("1540", "UPN characters 5-12 must all be digits 0-9", {})]),
        (42, [("CME-UPN-002", "UPN must be text, got int", {})]),
        (4.2, [("CME-UPN-002", "UPN must be text, got float", {})]),
    ],
)
def test_problem_messages_and_values(
    value: object, expected: list[tuple[str, str, dict[str, object]]]
) -> None:
    found = upn.problems(value)
    assert [(p.code, p.message, dict(p.values)) for p in found] == expected


def test_former_upn_query_message_lists_every_failed_check_in_order() -> None:
    (one,) = upn.problems("R900400001001", former=True)
    assert one.message == (
        "Please check: former UPN wrongly formatted "
        "(UPN characters 2-4 are not a recognised LA code)"
    )
    (two,) = upn.problems("A900400001001", former=True)
    assert two.message == (
        "Please check: former UPN wrongly formatted (UPN character 1 is not the check letter "
        "of characters 2-13; UPN characters 2-4 are not a recognised LA code)"
    )
    assert two.values == {"failed_checks": ["1510", "1530"]}
    assert two.citation == "DfE children in need census validation rule 1560Q"


def test_problem_types_cite_the_census_rule_and_the_standard() -> None:
    census = "DfE school census validation rule"
    standard = "UK Government Data Standards Catalogue, Unique Pupil Number v2.0"
    assert upn.RULE_1500.citation == f"{census} 1500"
    assert upn.RULE_1510.citation == f"{census} 1510; {standard}"
    assert upn.RULE_1530.citation == (
        "DfE census validation rule 1530 (UPN characters 2-4: a recognised LA code)"
    )
    assert upn.RULE_1540.citation == f"{census} 1540"
    assert upn.RULE_1550.citation == f"{census} 1550"
    assert upn.UPN_LENGTH.citation == standard
    assert upn.UPN_NOT_TEXT.citation == standard
    rules = [upn.RULE_1500, upn.RULE_1510, upn.RULE_1530, upn.RULE_1540, upn.RULE_1550]
    assert [r.code for r in rules] == ["1500", "1510", "1530", "1540", "1550"]
    assert all(r.severity is Severity.ERROR for r in rules)
    assert upn.FORMER_UPN_MALFORMED.severity is Severity.QUERY
    # each problem carries its type's citation
    for value, rule in [
        ("", upn.RULE_1500),
        ("A801200005001", upn.RULE_1510),
        ("R900400001001", upn.RULE_1530),
        ("B8012000X5001", upn.RULE_1540),
        ("B80120000500I", upn.RULE_1550),
        ("B8012", upn.UPN_LENGTH),
        (7, upn.UPN_NOT_TEXT),
    ]:
        assert upn.problems(value)[0].citation == rule.citation


@pytest.mark.parametrize(
    ("func", "value", "error", "message"),
    [
        (upn.validate, "B80120000500", InvalidLength, "a UPN has 13 characters, got 12"),
        (
            upn.validate,
            "B8012000X5001",
            InvalidFormat,
            "characters 2-12 of a UPN must be digits 0-9",
        ),
        (
            upn.validate,
            "B80120000500I",
            InvalidFormat,
            f"character 13 of a UPN must be a digit 0-9 or one of {ALPHABET_TEXT}",
        ),
        (
            upn.validate,
            "A801200005001",
            InvalidChecksum,
            "character 1 of the UPN is not the check letter of characters 2-13",
        ),
        (
            upn.validate,
            "R900400001001",
            UnknownLocalAuthority,
            "characters 2-4 of the UPN (900) are not a recognised LA code",
        ),
        (
            upn.check_letter,
            "80120000500",
            InvalidLength,
            "expected characters 2-13 of a UPN (12) or a whole UPN (13), got 11",
        ),
        (upn.compact, 42, InvalidArgument, "a UPN must be a string, got int"),
        (upn.validate, None, InvalidArgument, "a UPN must be a string, got NoneType"),
    ],
)
def test_error_messages(func: object, value: object, error: type[Exception], message: str) -> None:
    assert callable(func)
    with pytest.raises(error) as info:
        func(value)
    assert str(info.value) == message


# --- is_valid's fast path: every look-up, compact or not --------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "b900400001001",  # unknown LA 900, lower case: compaction cannot make it valid
        " R900 4000 01001",
        "b801X00005001",  # characters 5-7 not digits
        "b8012000X5001",  # characters 8-10 not digits
        "b80120000500I",  # character 13 not allowed
        "b80120000X001",  # characters 11-13 not allowed
        "a801200005001",  # wrong check letter
        "b8012000050011",  # 14 characters once compacted
    ],
)
def test_non_compact_invalid_upns_are_invalid_without_raising(value: str) -> None:
    assert upn.is_valid(value) is False
    assert upn.problems(value) != ()
    assert upn.compact(value) != value


def test_the_largest_check_sum_has_a_letter() -> None:
    """Characters 2-4, 5-7, 8-10 and 11-13 of 304028025007 each weigh 22 mod 23, the largest
    partial sums: their total, 88, must still index the check-letter table (88 mod 23 = 19: W)."""
    assert upn.check_letter("304028025007") == "W" == reference_check_letter("304028025007")
    assert upn.is_valid("W304028025007")
    assert upn.is_valid(" w304 0280 25007 ")
    assert not upn.is_valid("A304028025007")
    assert not upn.is_valid("a304028025007")
    assert codes("A304028025007") == ["1510"]


def _reference_partial(weights: tuple[int, int, int], key: str) -> int:
    return (
        sum(
            w * (int(c) if c in DIGITS else LETTERS.index(c))
            for w, c in zip(weights, key, strict=True)
        )
        % 23
    )


@pytest.mark.parametrize(
    ("weights", "keys"),
    [
        ((2, 3, 4), ["801", "304", "001", "943"]),
        ((5, 6, 7), ["000", "028", "999", "123"]),
        ((8, 9, 10), ["025", "987", "500"]),
        ((11, 12, 13), ["007", "01A", "99Z", "00K", "42B"]),
    ],
)
def test_partial_sum_tables_follow_the_check_letter_rule(
    weights: tuple[int, int, int], keys: list[str]
) -> None:
    assert upn._partial_sums(weights, keys) == {k: _reference_partial(weights, k) for k in keys}


def test_the_fast_path_tables_cover_exactly_the_allowed_chunks() -> None:
    assert set(upn._SUM_2_4) == set(UPN_PREFIXES)
    assert all(v == _reference_partial((2, 3, 4), k) for k, v in upn._SUM_2_4.items())
    assert all(v == _reference_partial((5, 6, 7), k) for k, v in upn._SUM_5_7.items())
    assert all(v == _reference_partial((8, 9, 10), k) for k, v in upn._SUM_8_10.items())
    assert all(v == _reference_partial((11, 12, 13), k) for k, v in upn._SUM_11_13.items())
    assert len(upn._SUM_5_7) == len(upn._SUM_8_10) == 1000
    assert len(upn._SUM_11_13) == 100 * 33
    assert len(upn._LETTER_FOR_SUM) == 4 * 22 + 1


# --- third-party fixtures (the project's shared fixtures, beside the repository) -------------

# The shared fixtures sit beside the repository (``../shared/external``); look upwards so that
# a copy of the tests in a scratch folder below the repository (``make mutate``) finds them too.
EXTERNAL = next(
    (
        p / "shared" / "external"
        for p in Path(__file__).resolve().parents
        if (p / "shared" / "external").is_dir()
    ),
    Path("shared") / "external",
)


def _rows(*parts: str) -> list[dict[str, str]]:
    path = EXTERNAL.joinpath(*parts)
    if not path.is_file():
        pytest.skip(f"shared fixture {'/'.join(parts)} not present")
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_cin_validator_rule_cases_agree() -> None:
    """The CIN census validator's own test cases for rules 1510-1560Q. For 1560Q the CIN
    validator checks only the format of a former UPN; cme_core also runs 1510 and 1530, so
    there the comparison is on the format checks alone."""
    rows = _rows("cin_validator_upn", "test_cases.csv")
    assert len(rows) >= 25
    for row in rows:
        value = None if row["is_missing"] == "1" else row["value"]
        flagged = row["expected_flagged"] == "1"
        if row["rule"] == "1560Q":
            found = upn.problems(value, former=True)
            failed: set[str] = set(found[0].values["failed_checks"]) if found else set()
            assert bool(failed - {"1510", "1530"}) is flagged, row
        else:
            assert (row["rule"] in codes(value)) is flagged, row


def test_python_stdnum_doctest_cases_agree() -> None:
    errors = {
        "InvalidChecksum": InvalidChecksum,
        "InvalidFormat": InvalidFormat,
        "InvalidComponent": UnknownLocalAuthority,  # stdnum: "LA number must be known"
    }
    rows = _rows("stdnum_upn", "doctest_cases.csv")
    assert rows
    for row in rows:
        if row["stdnum_expected"] == "valid":
            assert upn.validate(row["upn"]) == row["upn"]
        else:
            with pytest.raises(errors[row["stdnum_exception"]]):
                upn.validate(row["upn"])
