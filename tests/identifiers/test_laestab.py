"""LAESTAB ("DfE number") and URN (GIAS): format, LA code, fuzzing and properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cme_core.errors import (
    InvalidArgument,
    InvalidIdentifier,
    InvalidLAESTAB,
    UnknownLocalAuthority,
)
from cme_core.identifiers import laestab, urn
from cme_core.identifiers.local_authorities import LocalAuthorityKind, local_authorities

NON_PSEUDO = sorted(
    la.code for la in local_authorities() if la.kind is not LocalAuthorityKind.PSEUDO
)

junk = st.one_of(
    st.from_type(object),
    st.none(),
    st.integers(),
    st.binary(),
    st.text(),
    st.text(alphabet="0123456789 /-", max_size=10),
    st.text(alphabet="０１２３４５６７８９٥²0123456789", min_size=6, max_size=7),
)

# --- LAESTAB --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("8012000", "8012000"),
        ("801/2000", "8012000"),
        (" 801 - 2000 ", "8012000"),
        ("2011000", "2011000"),
        ("6601234", "6601234"),  # Welsh
        ("7026001", "7026001"),  # BFPO overseas establishments
        ("8201234", "8201234"),  # retired Bedfordshire
        ("8754123", "8754123"),  # Cheshire before 2009: a retired code
        ("7031234", "7031234"),  # in rule 1530's list, treated as 701 is
        ("9280000", "9280000"),  # establishment number 0000: no range is inferred
    ],
)
def test_valid_laestabs(value: str, expected: str) -> None:
    assert laestab.validate(value) == expected
    assert laestab.is_valid(value)
    assert laestab.problems(value) == ()
    assert laestab.split(value) == (expected[:3], expected[3:])


@pytest.mark.parametrize("value", ["801200", "80120001", "801A000", "８０１2000", "801²000", ""])
def test_malformed_laestabs(value: str) -> None:
    with pytest.raises(InvalidLAESTAB, match="seven digits"):
        laestab.validate(value)
    assert not laestab.is_valid(value)


@pytest.mark.parametrize("value", ["0011234", "0051234", "9441234", "9991234", "0001234"])
def test_unknown_or_pseudo_la_codes(value: str) -> None:
    with pytest.raises(UnknownLocalAuthority, match=value[:3]):
        laestab.validate(value)
    with pytest.raises(UnknownLocalAuthority):
        laestab.split(value)
    assert [p.code for p in laestab.problems(value)] == ["CME-LAESTAB-003"]
    assert laestab.problems(value)[0].values == {"la_code": value[:3]}


@pytest.mark.parametrize("func", [laestab.compact, laestab.validate, laestab.split])
def test_laestab_non_strings(func: object) -> None:
    assert callable(func)
    with pytest.raises(InvalidArgument):
        func(8012000)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (None, "CME-LAESTAB-001"),
        ("", "CME-LAESTAB-001"),
        (" / ", "CME-LAESTAB-001"),
        (8012000, "CME-LAESTAB-002"),
        ("801200", "CME-LAESTAB-002"),
        ("9991234", "CME-LAESTAB-003"),
    ],
)
def test_laestab_problems(value: object, code: str) -> None:
    (problem,) = laestab.problems(value, path=("school", "laestab"))
    assert problem.code == code
    assert problem.json_path == "$.school.laestab"


@given(st.sampled_from(NON_PSEUDO), st.integers(min_value=0, max_value=9999))
def test_generated_laestabs(la: str, estab: int) -> None:
    value = f"{la}{estab:04d}"
    assert laestab.is_valid(value)
    assert laestab.split(f"{la}/{estab:04d}") == (la, f"{estab:04d}")


@given(junk)
def test_laestab_is_valid_never_raises_and_agrees_with_problems(value: object) -> None:
    ok = laestab.is_valid(value)
    assert isinstance(ok, bool)
    assert (laestab.problems(value) == ()) is ok


@given(st.text(max_size=12))
def test_laestab_validate_raises_only_typed_errors(value: str) -> None:
    try:
        laestab.validate(value)
    except (InvalidLAESTAB, UnknownLocalAuthority):
        assert not laestab.is_valid(value)
    else:
        assert laestab.is_valid(value)


# --- URN ------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["100000", " 131 313 ", "999999", "000001"])
def test_valid_urns(value: str) -> None:
    assert urn.validate(value) == value.replace(" ", "")
    assert urn.is_valid(value)
    assert urn.problems(value) == ()


@pytest.mark.parametrize(
    "value", ["12345", "1234567", "12345A", "１２３４５６", "12345²", "-12345"]
)
def test_invalid_urns(value: str) -> None:
    with pytest.raises(InvalidIdentifier, match="six digits"):
        urn.validate(value)
    assert not urn.is_valid(value)
    assert [p.code for p in urn.problems(value)] == ["CME-URN-002"]


@pytest.mark.parametrize(
    ("value", "code"),
    [(None, "CME-URN-001"), ("  ", "CME-URN-001"), (100000, "CME-URN-002")],
)
def test_urn_problems(value: object, code: str) -> None:
    assert [p.code for p in urn.problems(value)] == [code]


def test_urn_non_strings() -> None:
    with pytest.raises(InvalidArgument):
        urn.validate(100000)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument):
        urn.compact(None)  # type: ignore[arg-type]


@given(junk)
def test_urn_is_valid_never_raises_and_agrees_with_problems(value: object) -> None:
    ok = urn.is_valid(value)
    assert isinstance(ok, bool)
    assert (urn.problems(value) == ()) is ok
