"""UK postcodes: the six outward shapes, letter restrictions, GIR 0AA, BFPO, fuzzing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cme_core.errors import InvalidArgument, InvalidPostcode
from cme_core.identifiers import postcode


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("M1 1AE", "M1 1AE"),  # A9
        ("B33 8TH", "B33 8TH"),  # A99
        ("CR2 6XH", "CR2 6XH"),  # AA9
        ("DN55 1PT", "DN55 1PT"),  # AA99
        ("W1A 0AX", "W1A 0AX"),  # A9A
        ("EC1A 1BB", "EC1A 1BB"),  # AA9A
        ("sw1a1aa", "SW1A 1AA"),
        ("  m1   1ae ", "M1 1AE"),
        ("GIR 0AA", "GIR 0AA"),
        ("BF1 3AA", "BF1 3AA"),  # a real BFPO postcode
        ("JE2 4WD", "JE2 4WD"),  # Crown Dependencies fit the shapes
        ("GX11 1AA", "GX11 1AA"),
        ("N1P 1AA", "N1P 1AA"),  # P after the digit in A9A (absent from older lists)
    ],
)
def test_valid_postcodes(value: str, written: str) -> None:
    assert postcode.is_valid(value)
    assert postcode.format(value) == written
    assert postcode.validate(value) == written.replace(" ", "")
    assert postcode.problems(value) == ()


@pytest.mark.parametrize(
    "value",
    [
        "Q1 1AA",  # Q, V, X never first
        "V1 1AA",
        "X1 1AA",
        "AI1 1AA",  # I, J, Z never second
        "AJ1 1AA",
        "AZ1 1AA",
        "W1L 1AA",  # L is not allowed after the digit in A9A
        "EC1C 1BB",  # C is not allowed after the digit in AA9A
        "M1 1CA",  # C I K M O V never in the inward code
        "M1 1AI",
        "M1 1KA",
        "M1 1MA",
        "M1 1OA",
        "M1 1AV",
        "M1 AAA",
        "M1",
        "M11AEE",
        "ABC1 1AA",
        "M123 1AA",
        "1M 1AA",
        "GIR 0AB",
        "ASCN 1ZZ",  # British Overseas Territories do not fit
        "FIQQ 1ZZ",
        "ｍ1 1AE",  # full-width
        "М1 1AE",  # Cyrillic EM
        "M1 1ΑE",  # Greek ALPHA
        "M1 ١AE",  # Arabic-Indic one
        "M1-1AE",  # hyphen is not a separator here
        "",
    ],
)
def test_invalid_postcodes(value: str) -> None:
    assert not postcode.is_valid(value)
    with pytest.raises(InvalidPostcode, match="outward code"):
        postcode.validate(value)
    assert [p.code for p in postcode.problems(value)] == (
        ["CME-PC-001"] if not value.strip() else ["CME-PC-002"]
    )


@pytest.mark.parametrize("value", ["BFPO 123", "bfpo57", "BFPO 1", "BFPO 1234"])
def test_bfpo_numbers_are_not_postcodes(value: str) -> None:
    assert postcode.is_bfpo_number(value)
    assert not postcode.is_valid(value)
    with pytest.raises(InvalidPostcode, match="BFPO"):
        postcode.validate(value)
    assert [p.code for p in postcode.problems(value)] == ["CME-PC-003"]


@pytest.mark.parametrize("value", ["BFPO", "BFPO 12345", "BF1 3AA", None, 123])
def test_not_bfpo_numbers(value: object) -> None:
    assert not postcode.is_bfpo_number(value)


@pytest.mark.parametrize("func", [postcode.compact, postcode.validate, postcode.format])
@pytest.mark.parametrize("value", [None, 12, b"M1 1AE"])
def test_non_strings_raise_invalid_argument(func: object, value: object) -> None:
    assert callable(func)
    with pytest.raises(InvalidArgument, match="must be a string"):
        func(value)


def test_problems_never_echo_the_postcode() -> None:
    for value in ("ZZ99 9ZZ!", "BFPO 123", "M1"):
        for problem in postcode.problems(value, path=("address", "postcode")):
            assert value not in problem.message
            assert problem.json_path == "$.address.postcode"
            assert value not in str(problem.values)


@pytest.mark.parametrize(
    ("value", "code"), [(None, "CME-PC-001"), ("\t", "CME-PC-001"), (42, "CME-PC-002")]
)
def test_missing_and_non_text(value: object, code: str) -> None:
    assert [p.code for p in postcode.problems(value)] == [code]


# --- Hypothesis -----------------------------------------------------------------------------

FIRST = "ABCDEFGHIJKLMNOPRSTUWYZ"
SECOND = "ABCDEFGHKLMNOPQRSTUVWXY"
THIRD_A9A = "ABCDEFGHJKPSTUW"
FOURTH_AA9A = "ABEHMNPRVWXY"
INWARD = "ABDEFGHJLNPQRSTUWXYZ"
DIGIT = "0123456789"


@st.composite
def valid_postcodes(draw: st.DrawFn) -> str:
    """An independent restatement of the Royal Mail shapes."""
    first = draw(st.sampled_from(FIRST))
    shape = draw(st.sampled_from(["A9", "A99", "AA9", "AA99", "A9A", "AA9A"]))
    second = draw(st.sampled_from(SECOND))
    digit = draw(st.sampled_from(DIGIT))
    digit2 = draw(st.sampled_from(DIGIT))
    outward = {
        "A9": first + digit,
        "A99": first + digit + digit2,
        "AA9": first + second + digit,
        "AA99": first + second + digit + digit2,
        "A9A": first + digit + draw(st.sampled_from(THIRD_A9A)),
        "AA9A": first + second + digit + draw(st.sampled_from(FOURTH_AA9A)),
    }[shape]
    inward = draw(st.sampled_from(DIGIT)) + "".join(
        draw(st.lists(st.sampled_from(INWARD), min_size=2, max_size=2))
    )
    return f"{outward} {inward}"


@given(valid_postcodes())
def test_generated_postcodes_validate_and_round_trip(value: str) -> None:
    assert postcode.is_valid(value)
    assert postcode.format(value) == value
    assert postcode.format(value.lower().replace(" ", "")) == value
    assert postcode.compact(postcode.format(value)) == postcode.validate(value)
    assert postcode.problems(value) == ()


@given(valid_postcodes(), st.sampled_from("CIKMOV"), st.integers(min_value=1, max_value=2))
def test_forbidden_inward_letters(value: str, letter: str, position: int) -> None:
    chars = list(value)
    chars[len(chars) - 3 + position] = letter
    assert not postcode.is_valid("".join(chars))


junk = st.one_of(
    st.from_type(object),
    st.none(),
    st.integers(),
    st.binary(),
    st.text(),
    st.text(alphabet="ABCGIRQVXZ0123456789 ", min_size=4, max_size=9),
    st.text(alphabet="ＡＢＭ１МΑ١ 1AE", min_size=5, max_size=9),
)


@given(junk)
def test_is_valid_never_raises_and_agrees_with_problems(value: object) -> None:
    ok = postcode.is_valid(value)
    assert isinstance(ok, bool)
    assert (postcode.problems(value) == ()) is ok
    assert isinstance(postcode.is_bfpo_number(value), bool)


def test_very_long_input() -> None:
    value = "M1 1AE" * 100_000
    assert not postcode.is_valid(value)
    assert [p.code for p in postcode.problems(value)] == ["CME-PC-002"]
