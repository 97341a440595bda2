"""DfE LA codes: rule 1530's accepted list at every edge, names, and dates of reorganisations."""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cme_core.errors import (
    InvalidArgument,
    InvalidDate,
    InvalidLocalAuthorityCode,
    UnknownLocalAuthority,
)
from cme_core.identifiers import LocalAuthority, LocalAuthorityKind, local_authority
from cme_core.identifiers.local_authorities import (
    UPN_PREFIXES,
    in_existence,
    is_upn_prefix,
    local_authorities,
)

# The accepted list exactly as standards.md section 2 writes it, parsed independently.
STANDARDS_1530 = (
    "001-005, 201-213, 301-320, 330-336, 340-344, 350-359, 370-373, 380-384, 390-394, 420, "
    "660-681, 701-708, 800-803, 805-808, 810-813, 815, 816, 820-823, 825, 826, 830, 831, "
    "835-841, 845, 846, 850-852, 855-857, 860, 861, 865-896, 908, 909, 916, 919, 921, 925, "
    "926, 928, 929, 931, 933, 935-938, 940, 941, 942, 943"
)


def parse_ranges(text: str) -> list[tuple[int, int]]:
    out = []
    for part in text.split(","):
        lo, _, hi = part.strip().partition("-")
        out.append((int(lo), int(hi or lo)))
    return out


RANGES = parse_ranges(STANDARDS_1530)
EXPECTED = {f"{n:03d}" for lo, hi in RANGES for n in range(lo, hi + 1)}


def test_accepted_prefixes_are_exactly_the_standards_list_703_and_875_included() -> None:
    assert UPN_PREFIXES == EXPECTED
    assert all(is_upn_prefix(code) for code in EXPECTED)
    assert {"703", "875"} <= UPN_PREFIXES


@pytest.mark.parametrize(
    "code", sorted({f"{n:03d}" for lo, hi in RANGES for n in (lo - 1, lo, hi, hi + 1)})
)
def test_every_range_boundary(code: str) -> None:
    assert is_upn_prefix(code) is (code in EXPECTED)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("200", False),
        ("201", True),
        ("213", True),
        ("214", False),
        ("000", False),
        ("001", True),
        ("005", True),
        ("006", False),
        ("702", True),
        ("703", True),  # in the rule's list, named in no GIAS file: treated as 701 is
        ("704", True),
        ("874", True),
        ("875", True),  # Cheshire, retired 2009
        ("876", True),
        ("820", True),  # Bedfordshire, retired 2009
        ("835", True),
        ("836", True),
        ("837", True),
        ("909", True),
        ("928", True),
        ("942", True),
        ("943", True),
        ("944", False),
        ("999", False),
    ],
)
def test_named_edges(code: str, expected: bool) -> None:
    assert is_upn_prefix(code) is expected


@pytest.mark.parametrize(
    "code", [None, 201, 201.0, b"201", "", "20", "2011", "２０１", "2O1", "-01"]
)
def test_is_upn_prefix_is_false_for_junk(code: object) -> None:
    assert is_upn_prefix(code) is False


def test_is_upn_prefix_tolerates_surrounding_ascii_whitespace_only() -> None:
    assert is_upn_prefix(" 201\n")
    assert not is_upn_prefix("\u00a0201")


# --- records ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "name", "kind"),
    [
        ("201", "City of London", LocalAuthorityKind.ENGLISH),
        ("213", "Westminster", LocalAuthorityKind.ENGLISH),
        ("301", "Barking and Dagenham", LocalAuthorityKind.ENGLISH),
        ("320", "Waltham Forest", LocalAuthorityKind.ENGLISH),
        ("330", "Birmingham", LocalAuthorityKind.ENGLISH),
        ("341", "Liverpool", LocalAuthorityKind.ENGLISH),
        ("352", "Manchester", LocalAuthorityKind.ENGLISH),
        ("373", "Sheffield", LocalAuthorityKind.ENGLISH),
        ("383", "Leeds", LocalAuthorityKind.ENGLISH),
        ("660", "Isle of Anglesey", LocalAuthorityKind.WELSH),
        ("681", "Cardiff", LocalAuthorityKind.WELSH),
        ("701", "Scotland Offshore Establishments", LocalAuthorityKind.OFFSHORE_OR_OVERSEAS),
        (
            "703",
            "Offshore or overseas code 703 (no published name)",
            LocalAuthorityKind.OFFSHORE_OR_OVERSEAS,
        ),
        ("702", "BFPO Overseas Establishments", LocalAuthorityKind.OFFSHORE_OR_OVERSEAS),
        ("704", "Fieldwork Overseas Establishments", LocalAuthorityKind.OFFSHORE_OR_OVERSEAS),
        ("705", "Isle of Man Offshore Establishments", LocalAuthorityKind.OFFSHORE_OR_OVERSEAS),
        ("706", "Guernsey Offshore Establishments", LocalAuthorityKind.OFFSHORE_OR_OVERSEAS),
        ("707", "Jersey Offshore Establishments", LocalAuthorityKind.OFFSHORE_OR_OVERSEAS),
        ("708", "Gibraltar Overseas Establishments", LocalAuthorityKind.OFFSHORE_OR_OVERSEAS),
        ("838", "Dorset", LocalAuthorityKind.ENGLISH),
        ("875", "Cheshire", LocalAuthorityKind.ENGLISH),
        ("839", "Bournemouth, Christchurch and Poole", LocalAuthorityKind.ENGLISH),
        ("940", "North Northamptonshire", LocalAuthorityKind.ENGLISH),
        ("941", "West Northamptonshire", LocalAuthorityKind.ENGLISH),
        ("942", "Cumberland", LocalAuthorityKind.ENGLISH),
        ("943", "Westmorland and Furness", LocalAuthorityKind.ENGLISH),
        ("001", "Pseudo-LA 001", LocalAuthorityKind.PSEUDO),
    ],
)
def test_names_from_the_standards_selection(code: str, name: str, kind: LocalAuthorityKind) -> None:
    la = local_authority(code)
    assert (la.code, la.name, la.kind) == (code, name, kind)


def test_every_upn_prefix_has_a_record_and_every_record_is_well_formed() -> None:
    table = local_authorities()
    codes = [la.code for la in table]
    assert codes == sorted(codes)
    assert len(set(codes)) == len(codes)
    assert set(codes) >= UPN_PREFIXES
    for la in table:
        assert len(la.code) == 3
        assert la.code.isascii()
        assert la.code.isdigit()
        assert la.name.strip() == la.name != ""
        assert la.note
        assert la.valid_upn_prefix is (la.code in UPN_PREFIXES)
        if la.in_use_from and la.in_use_to:
            assert la.in_use_from <= la.in_use_to
    assert sum(la.kind is LocalAuthorityKind.WELSH for la in table) == 22
    assert {la.code for la in table if la.kind is LocalAuthorityKind.PSEUDO} == {
        "001",
        "002",
        "003",
        "004",
        "005",
    }


def test_unconfirmed_facts_are_flagged() -> None:
    assert not local_authority("001").verified
    assert local_authority("702").verified
    # 701 and 703 are in rule 1530's list but in no GIAS file: accepted, not verified.
    for code in ("701", "703"):
        la = local_authority(code)
        assert (la.valid_upn_prefix, la.verified) == (True, False)
        assert "OtherLaNameCodes.csv" in la.note
    assert "named in no source read" in local_authority("703").note


@pytest.mark.parametrize("code", ["705", "706", "707"])
def test_offshore_names_confirmed_by_gias_other_la_name_codes(code: str) -> None:
    la = local_authority(code)
    assert la.verified
    assert "Other LA name codes file (OtherLaNameCodes.csv)" in la.note


def test_cheshire_875_is_a_retired_code_with_its_evidence() -> None:
    la = local_authority("875")
    assert (la.valid_upn_prefix, la.verified) == (True, True)
    assert la.in_use_to == date(2009, 3, 31)
    assert "Pre LGR (2009) Cheshire" in la.note
    assert "las.csv" in la.note
    assert "open question" not in la.note
    for code in ("895", "896"):
        assert local_authority(code).verified


def test_records_are_frozen() -> None:
    la = local_authority("201")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        la.name = "x"  # type: ignore[misc]
    assert isinstance(la, LocalAuthority)


@pytest.mark.parametrize("code", [None, 201, b"201", ["201"]])
def test_local_authority_rejects_non_strings(code: object) -> None:
    with pytest.raises(InvalidArgument, match="three digits"):
        local_authority(code)  # type: ignore[arg-type]


@pytest.mark.parametrize("code", ["", "  ", "20", "2011", "２０１", "2O1", "+01", "1e2"])
def test_local_authority_rejects_malformed_codes(code: str) -> None:
    with pytest.raises(InvalidLocalAuthorityCode) as info:
        local_authority(code)
    assert not isinstance(info.value, UnknownLocalAuthority)


@pytest.mark.parametrize("code", ["000", "944", "999", "200", "906"])
def test_local_authority_unknown_codes(code: str) -> None:
    with pytest.raises(UnknownLocalAuthority, match=code):
        local_authority(code)


# --- in existence on a date ------------------------------------------------------------------


def edges(day: date) -> tuple[date, date, date]:
    return day - timedelta(days=1), day, day + timedelta(days=1)


@pytest.mark.parametrize(
    ("new", "old", "first_day"),
    [
        (("822", "823"), ("820",), date(2009, 4, 1)),  # Bedfordshire
        (("895", "896"), ("875",), date(2009, 4, 1)),  # Cheshire
        (("838", "839"), ("835", "836", "837"), date(2019, 4, 1)),  # Dorset, Poole, Bournemouth
        (("940", "941"), ("928",), date(2021, 4, 1)),  # Northamptonshire
        (("942", "943"), ("909",), date(2023, 4, 1)),  # Cumbria
    ],
)
def test_reorganisations_day_before_day_of_day_after(
    new: tuple[str, ...], old: tuple[str, ...], first_day: date
) -> None:
    before, on, after = edges(first_day)
    for code in new:
        assert [in_existence(code, d) for d in (before, on, after)] == [False, True, True]
        assert local_authority(code).in_use_from == first_day
        assert is_upn_prefix(code)
    for code in old:
        assert [in_existence(code, d) for d in (before, on, after)] == [True, False, False]
        assert local_authority(code).in_use_to == before


@pytest.mark.parametrize(
    ("on", "count"),
    [
        (date(2009, 3, 31), 150),
        (date(2009, 4, 1), 152),
        (date(2019, 3, 31), 152),
        (date(2019, 4, 1), 151),
        (date(2021, 3, 31), 151),
        (date(2021, 4, 1), 152),
        (date(2023, 3, 31), 152),
        (date(2023, 4, 1), 153),
    ],
)
def test_number_of_english_authorities(on: date, count: int) -> None:
    english = [la for la in local_authorities(on=on) if la.kind is LocalAuthorityKind.ENGLISH]
    assert len(english) == count


def test_retired_codes_stay_valid_upn_prefixes_but_are_not_in_existence() -> None:
    today_ish = date(2024, 9, 1)
    for code in ("820", "835", "836", "837", "909", "928"):
        assert is_upn_prefix(code)
        assert not in_existence(code, today_ish)


def test_pseudo_codes_are_prefixes_but_never_in_existence() -> None:
    for code in ("001", "002", "003", "004", "005"):
        assert is_upn_prefix(code)
        assert not in_existence(code, date(2020, 1, 1))
    assert all(
        la.kind is not LocalAuthorityKind.PSEUDO for la in local_authorities(on=date(2020, 1, 1))
    )


def test_offshore_codes_have_no_dates() -> None:
    for code in ("701", "702", "703"):
        assert in_existence(code, date(2000, 1, 1))
        assert in_existence(code, date(2030, 1, 1))


def test_unknown_well_formed_code_is_not_in_existence() -> None:
    assert not in_existence("944", date(2020, 1, 1))
    assert not in_existence("906", date(2020, 1, 1))


def test_in_existence_rejects_bad_arguments() -> None:
    with pytest.raises(InvalidLocalAuthorityCode):
        in_existence("20", date(2020, 1, 1))
    with pytest.raises(InvalidArgument):
        in_existence(201, date(2020, 1, 1))  # type: ignore[arg-type]
    with pytest.raises(InvalidDate):
        in_existence("201", datetime(2020, 1, 1))
    with pytest.raises(InvalidDate):
        in_existence("201", "2020-01-01")  # type: ignore[arg-type]
    with pytest.raises(InvalidDate):
        local_authorities(on=datetime(2020, 1, 1))


def test_local_authorities_on_a_date_is_the_subset_in_existence() -> None:
    on = date(2015, 6, 1)
    subset = local_authorities(on=on)
    assert set(subset) == {la for la in local_authorities() if la.in_existence(on)}
    assert "820" not in {la.code for la in subset}


# --- Hypothesis ------------------------------------------------------------------------------


@given(st.one_of(st.from_type(object), st.text(max_size=6), st.integers()))
def test_is_upn_prefix_never_raises(value: object) -> None:
    result = is_upn_prefix(value)
    assert isinstance(result, bool)
    if result:
        assert isinstance(value, str)
        assert local_authority(value).valid_upn_prefix


@given(st.integers(min_value=0, max_value=999))
def test_every_three_digit_code_is_answered_consistently(n: int) -> None:
    code = f"{n:03d}"
    try:
        la = local_authority(code)
    except UnknownLocalAuthority:
        assert not is_upn_prefix(code)
    else:
        assert la.valid_upn_prefix is is_upn_prefix(code)


# --- DfE's own files (the project's shared fixtures, beside the repository) -------------------

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


def _external(*parts: str) -> Path:
    path = EXTERNAL.joinpath(*parts)
    if not path.is_file():
        pytest.skip(f"shared fixture {'/'.join(parts)} not present")
    return path


def _codes(path: Path) -> set[str]:
    return set(path.read_text(encoding="utf-8").split())


def test_prefixes_are_exactly_rule_1530s_list_in_the_cin_2023_24_validator() -> None:
    listed = _codes(_external("cin_validator_upn", "rule_1530_la_codes_cin2023_24.txt"))
    assert listed == UPN_PREFIXES
    older = _codes(_external("cin_validator_upn", "rule_1530_la_codes_cin2022_23.txt"))
    assert listed - older == {"942", "943"}  # added from April 2023
    assert {"703", "875"} <= older


def _gias(name: str) -> dict[str, str]:
    """GIAS LA code -> LA name, from one of GIAS's LA name code files."""
    with _external("gias_la_codes", name).open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return {row[1].zfill(3): row[0] for row in rows[1:]}


def test_offshore_names_agree_with_gias_other_la_name_codes() -> None:
    gias = _gias("OtherLaNameCodes.csv")
    for code in ("702", "704", "705", "706", "707", "708"):
        assert local_authority(code).name == gias[code]
        assert local_authority(code).verified
    assert "701" not in gias
    assert "703" not in gias


def test_cheshire_agrees_with_gias() -> None:
    english = _gias("EnglishLaNameCodes.csv")
    assert english["875"] == "Pre LGR (2009) Cheshire"
    assert english["895"] == local_authority("895").name
    assert english["896"] == local_authority("896").name
    with _external("gias_la_codes", "las.csv").open(encoding="utf-8", newline="") as f:
        las = {row["la_name"]: row for row in csv.DictReader(f)}
    assert las["Cheshire"]["date_of_termination"] == "31/03/2009"
    assert local_authority("875").in_use_to == date(2009, 3, 31)
    for name, code in (("Cheshire East", "895"), ("Cheshire West and Chester", "896")):
        assert las[name]["old_la_code"] == code
        assert las[name]["date_of_operation"] == "01/04/2009"
        assert local_authority(code).in_use_from == date(2009, 4, 1)
