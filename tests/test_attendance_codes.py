"""Tests for cme_core.attendance_codes.

The expected tables below are restated by hand from the statute's text (SI 2024/208 reg 10
Tables 1-3, 10(8), 10(10), 13(7); SI 2006/1751 reg 6, 8(1)(h), 12) and from the spec
(standards.md §3), not derived from the module, so a change in the data shows as a failure.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cme_core.attendance_codes import (
    ALL_CODES,
    CODES_2006,
    CODES_2024,
    NO_MARK,
    REGIME_2006_END,
    REGIME_2006_START,
    REGIME_2024_START,
    AttendanceCode,
    Category,
    CodeSet,
    RunEffect,
    Table3Group,
    Treatment,
    UnknownAttendanceCode,
    breaks_twenty_day_run_2006,
    breaks_twenty_day_run_2024,
    code_set_for,
    counts_for_attendance_return_2006,
    counts_for_attendance_return_2024,
    is_valid_mark,
    mark_problems,
    twenty_day_run_effect_2006,
    twenty_day_run_effect_2024,
)
from cme_core.errors import InvalidArgument, InvalidDate, InvalidInput
from cme_core.problems import Severity

P = Treatment.PRESENT
AA = Treatment.APPROVED_ACTIVITY
A = Treatment.AUTHORISED_ABSENCE
U = Treatment.UNAUTHORISED_ABSENCE
NP = Treatment.NOT_POSSIBLE

# SI 2024/208 reg 10(2) Table 1 and 10(3) Table 2, in row order.
TABLE_1 = ["/", "\\", "L"]
TABLE_2 = ["K", "V", "P", "W", "B"]
# SI 2024/208 reg 10(4) Table 3, in row order (22 rows; no Y4, no U).
TABLE_3 = [
    "C1", "M", "J1", "S", "X", "C2", "D", "C", "T", "R", "I",
    "Q", "Y1", "Y2", "Y3", "Y5", "Y6", "E", "Y7", "G", "N", "O",
]  # fmt: skip

EXPECTED_2024: dict[str, Treatment] = {
    "/": P, "\\": P, "L": P,
    "K": AA, "V": AA, "P": AA, "W": AA, "B": AA,
    "C1": A, "M": A, "J1": A, "S": A, "X": NP, "C2": A, "D": NP, "C": A,
    "T": A, "R": A, "I": A, "Q": NP,
    "Y1": NP, "Y2": NP, "Y3": NP, "Y5": NP, "Y6": NP, "E": A, "Y7": NP,
    "G": U, "N": U, "O": U,
    "U": U, "Y4": NP, "Z": NP, "#": NP,
}  # fmt: skip

EXPECTED_2006: dict[str, Treatment] = {
    "/": P, "\\": P, "L": P,
    "B": AA, "D": NP, "J": AA, "P": AA, "V": AA, "W": AA,
    "C": A, "E": A, "F": A, "H": A, "I": A, "M": A, "R": A, "S": A, "T": A,
    "G": U, "N": U, "O": U, "U": U,
    "X": NP, "Y": NP, "Z": NP, "#": NP,
}  # fmt: skip

RETIRED_2024 = {"H", "J", "Y", "F"}
NEW_2024 = {"K", "C1", "J1", "C2", "Q", "Y1", "Y2", "Y3", "Y4", "Y5", "Y6", "Y7"}

EVE = date(2024, 8, 18)
DAY = date(2024, 8, 19)
NEXT = date(2024, 8, 20)


# ---------------------------------------------------------------------------------------------
# The data
# ---------------------------------------------------------------------------------------------


def test_2024_set_has_exactly_the_expected_codes_and_treatments() -> None:
    assert {c.code: c.treatment for c in CODES_2024} == EXPECTED_2024
    assert len(CODES_2024) == 34


def test_2006_set_has_exactly_the_expected_codes_and_treatments() -> None:
    assert {c.code: c.treatment for c in CODES_2006} == EXPECTED_2006
    assert len(CODES_2006) == 26


@pytest.mark.parametrize(("code", "treatment"), sorted(EXPECTED_2024.items()))
def test_treatment_2024_per_code(code: str, treatment: Treatment) -> None:
    assert CODES_2024.treatment(code) is treatment
    assert CODES_2024.treatment_table()[code] is treatment


@pytest.mark.parametrize(("code", "treatment"), sorted(EXPECTED_2006.items()))
def test_treatment_2006_per_code(code: str, treatment: Treatment) -> None:
    assert CODES_2006.treatment(code) is treatment
    assert CODES_2006.treatment_table()[code] is treatment


def test_table_3_order_is_the_statutory_order() -> None:
    assert [c.code for c in CODES_2024.table_3] == TABLE_3
    assert [c.table_row for c in CODES_2024.table_3] == list(range(1, 23))
    assert [c.code for c in CODES_2024.table_3[-3:]] == ["G", "N", "O"]


def test_tables_1_and_2_rows() -> None:
    for table, category in (
        (TABLE_1, Category.TABLE_1_PRESENT),
        (TABLE_2, Category.TABLE_2_ATTENDING_ELSEWHERE),
    ):
        rows = [c for c in CODES_2024 if c.category is category]
        assert [c.code for c in rows] == table
        assert [c.table_row for c in rows] == list(range(1, len(table) + 1))


def test_codes_keep_statutory_order_in_the_set() -> None:
    assert [c.code for c in CODES_2024] == [*TABLE_1, *TABLE_2, *TABLE_3, "U", "Y4", "Z", "#"]


@pytest.mark.parametrize("code", TABLE_3)
def test_table_3_citations(code: str) -> None:
    entry = CODES_2024.code(code)
    row = TABLE_3.index(code) + 1
    assert entry.citation == f"SI 2024/208 reg 10(4), Table 3 row {row} ({code})"
    assert entry.category is Category.TABLE_3_ABSENT
    assert entry.verified is True


def test_table_3_groups() -> None:
    groups = {c.code: c.table_3_group for c in CODES_2024.table_3}
    assert [c for c in TABLE_3 if groups[c] is Table3Group.ABSENT_WITH_LEAVE] == [
        "C1", "M", "J1", "S", "X", "C2", "D", "C"
    ]  # fmt: skip
    assert [c for c in TABLE_3 if groups[c] is Table3Group.FINAL_THREE_ROWS] == ["G", "N", "O"]
    assert [c for c in TABLE_3 if groups[c] is Table3Group.OTHER_CIRCUMSTANCES] == ["T", "R", "E"]
    assert all(c.table_3_group is None for c in CODES_2024 if c.code not in TABLE_3)


def test_u_and_y4_are_not_table_rows() -> None:
    u, y4 = CODES_2024.code("U"), CODES_2024.code("Y4")
    assert u.table_row is None
    assert y4.table_row is None
    assert u.category is Category.ARRIVED_AFTER_REGISTER_CLOSED
    assert u.citation == "SI 2024/208 reg 10(8)(b)"
    assert y4.category is Category.SESSION_CANCELLED
    assert y4.citation == "SI 2024/208 reg 10(10)"
    assert "cancelled" in y4.meaning


def test_z_and_hash_are_not_in_the_regulations() -> None:
    for code in ("Z", "#"):
        entry = CODES_2024.code(code)
        assert entry.category is Category.NOT_IN_REGULATIONS
        assert entry.verified is False
        assert "not in SI 2024/208" in entry.citation


def test_verification_flags_2024() -> None:
    unverified = {c.code for c in CODES_2024 if not c.verified}
    assert unverified == {"Z", "#"}
    # The statistical classification as not possible sessions is DfE guidance (unverified).
    for code in ("D", "X", "Q", "Y1", "Y2", "Y3", "Y4", "Y5", "Y6", "Y7", "Z", "#"):
        entry = CODES_2024.code(code)
        assert entry.treatment is NP
        assert entry.treatment_verified is False
        assert "unverified" in (entry.note + entry.source)
    # Authorised / unauthorised is DfE guidance too; only Tables 1 and 2 rest on the statute.
    verified_treatments = {c.code for c in CODES_2024 if c.treatment_verified}
    assert verified_treatments == set(TABLE_1) | set(TABLE_2)


def test_2006_letters_come_from_dfe_guidance() -> None:
    for entry in CODES_2006:
        assert entry.verified is False
        assert "DfE" in entry.source
        assert "not letter codes" in entry.source
        assert entry.regime == "2006"
        assert entry.table_row is None
        assert entry.table_3_group is None


def test_regime_strings_and_dates() -> None:
    assert all(c.regime == "2024" for c in CODES_2024)
    assert all(c.in_force_from == REGIME_2024_START and c.in_force_to is None for c in CODES_2024)
    assert all(c.in_force_from == REGIME_2006_START for c in CODES_2006)
    assert {c.code for c in CODES_2006 if c.in_force_to != REGIME_2006_END} == {"F"}
    assert CODES_2006.code("F").in_force_to == date(2013, 8, 31)


def test_retired_and_new_codes() -> None:
    assert CODES_2006.code_strings >= RETIRED_2024
    assert not RETIRED_2024 & CODES_2024.code_strings
    assert CODES_2024.code_strings >= NEW_2024
    assert not NEW_2024 & CODES_2006.code_strings
    assert CODES_2006.code_strings - CODES_2024.code_strings == RETIRED_2024
    assert CODES_2024.code_strings - CODES_2006.code_strings == NEW_2024
    assert CODES_2006.code_strings | CODES_2024.code_strings == ALL_CODES
    assert NO_MARK not in ALL_CODES


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("Y1", "transport"),
        ("Y2", "emergency"),
        ("Y3", "premises"),
        ("Y4", "cancelled"),
        ("Y5", "detention"),
        ("Y6", "disease"),
        ("Y7", "unavoidable"),
        ("C1", "regulated performance"),
        ("J1", "interview"),
        ("C2", "part-time"),
        ("Q", "access arrangements"),
        ("K", "arranged by an LA"),
    ],
)
def test_meanings_of_new_codes(code: str, words: str) -> None:
    assert words in CODES_2024.code(code).meaning


def test_dual_registration_d_differs_by_regime() -> None:
    assert CODES_2006.code("D").category is Category.APPROVED_EDUCATIONAL_ACTIVITY
    assert CODES_2024.code("D").category is Category.TABLE_3_ABSENT
    assert CODES_2024.code("D").table_3_group is Table3Group.ABSENT_WITH_LEAVE
    assert CODES_2006.code("D").treatment is NP is CODES_2024.code("D").treatment


# ---------------------------------------------------------------------------------------------
# CodeSet behaviour
# ---------------------------------------------------------------------------------------------


def test_lookup_api() -> None:
    assert "Y1" in CODES_2024
    assert "y1" not in CODES_2024
    assert 1 not in CODES_2024
    assert CODES_2024.get("H") is None
    assert isinstance(CODES_2006.get("H"), AttendanceCode)
    assert CODES_2024.codes_with(Treatment.PRESENT) == frozenset(TABLE_1)
    assert CODES_2006.codes_with(Treatment.APPROVED_ACTIVITY) == {"B", "J", "P", "V", "W"}


@pytest.mark.parametrize("bad", ["A", "H", "Y", "h", "", " ", "Y8", "C3", "-", "//"])
def test_unknown_code_raises_typed_error(bad: str) -> None:
    with pytest.raises(UnknownAttendanceCode) as info:
        CODES_2024.code(bad)
    assert isinstance(info.value, InvalidInput)
    assert isinstance(info.value, ValueError)
    assert info.value.regime == "2024"


def test_unknown_code_error_hints_at_case() -> None:
    with pytest.raises(UnknownAttendanceCode, match="case-sensitive: did you mean 'N'"):
        CODES_2024.code("n")
    with pytest.raises(UnknownAttendanceCode, match="case-sensitive: did you mean 'Y1'"):
        CODES_2024.treatment("y1")


def test_unknown_code_error_does_not_echo_long_input() -> None:
    secret = "Jane Smith 07700 900123"
    with pytest.raises(UnknownAttendanceCode) as info:
        CODES_2024.code(secret)
    assert "Jane" not in str(info.value)
    assert info.value.code is None


@pytest.mark.parametrize("bad", [None, 1, b"H", ["H"], Treatment.PRESENT])
def test_wrong_types_raise_invalid_argument(bad: object) -> None:
    with pytest.raises(InvalidArgument):
        CODES_2024.code(bad)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument):
        CODES_2024.get(bad)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument):
        mark_problems(bad, DAY)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument):
        breaks_twenty_day_run_2024(bad)  # type: ignore[arg-type]
    assert is_valid_mark(bad, DAY) is False


@pytest.mark.parametrize("bad", ["2024-08-19", None, 20240819, datetime(2024, 8, 19, 9, 0)])
def test_wrong_date_types_raise_invalid_argument(bad: object) -> None:
    with pytest.raises(InvalidArgument):
        mark_problems("N", bad)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument):
        code_set_for(bad)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument):
        CODES_2024.in_force(bad)  # type: ignore[arg-type]
    assert is_valid_mark("N", bad) is False


def test_codes_with_rejects_non_treatment() -> None:
    with pytest.raises(InvalidArgument):
        CODES_2024.codes_with("present")  # type: ignore[arg-type]


def test_code_sets_are_immutable() -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        CODES_2024.codes = ()  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        CODES_2024.code("N").treatment = A  # type: ignore[misc]
    table = CODES_2024.treatment_table()
    with pytest.raises(TypeError):
        table["N"] = A  # type: ignore[index]
    assert CODES_2024.treatment("N") is U


def test_code_set_rejects_duplicates_and_mixed_regimes() -> None:
    n = CODES_2024.code("N")
    with pytest.raises(InvalidInput, match="twice"):
        CodeSet(regime="2024", title="t", citation="c", in_force_from=DAY, codes=(n, n))
    with pytest.raises(InvalidInput, match="another regime"):
        CodeSet(regime="2006", title="t", citation="c", in_force_from=DAY, codes=(n,))


def test_in_force_outside_the_regime_is_empty() -> None:
    assert CODES_2024.in_force(EVE) == ()
    assert CODES_2006.in_force(DAY) == ()
    assert CODES_2006.in_force(date(2006, 8, 31)) == ()
    assert len(CODES_2024.in_force(DAY)) == 34


def test_treatment_properties() -> None:
    assert [t for t in Treatment if t.counts_as_attendance] == [P, AA]
    assert [t for t in Treatment if t.is_absence] == [A, U]
    assert [t for t in Treatment if not t.is_possible_session] == [NP]


# ---------------------------------------------------------------------------------------------
# Regime selection and validation at the edges
# ---------------------------------------------------------------------------------------------


def test_code_set_for_edges() -> None:
    with pytest.raises(InvalidDate):
        code_set_for(date(2006, 8, 31))
    assert code_set_for(date(2006, 9, 1)) is CODES_2006
    assert code_set_for(date(2006, 9, 2)) is CODES_2006
    assert code_set_for(EVE) is CODES_2006
    assert code_set_for(DAY) is CODES_2024
    assert code_set_for(NEXT) is CODES_2024


def test_spec_examples() -> None:
    assert mark_problems("H", date(2019, 5, 1)) == ()
    (h,) = mark_problems("H", date(2025, 1, 10))
    assert (h.code, h.severity) == ("CME-ATT-002", Severity.ERROR)
    assert h.citation is not None
    assert "SI 2024/208" in h.citation
    (k,) = mark_problems("K", date(2019, 5, 1))
    assert (k.code, k.severity) == ("CME-ATT-003", Severity.ERROR)


@pytest.mark.parametrize(
    ("code", "on", "expected"),
    [
        ("H", EVE, []),
        ("H", DAY, ["CME-ATT-002"]),
        ("H", NEXT, ["CME-ATT-002"]),
        ("J", EVE, []),
        ("J", DAY, ["CME-ATT-002"]),
        ("Y", EVE, []),
        ("Y", DAY, ["CME-ATT-002"]),
        ("K", EVE, ["CME-ATT-003"]),
        ("K", DAY, []),
        ("K", NEXT, []),
        ("Y4", EVE, ["CME-ATT-003"]),
        ("Y4", DAY, []),
        ("J1", EVE, ["CME-ATT-003"]),
        ("J1", DAY, []),
        ("N", EVE, []),
        ("N", DAY, []),
        ("N", date(2006, 8, 31), ["CME-ATT-006"]),
        ("N", date(2006, 9, 1), []),
        ("F", date(2013, 8, 30), []),
        ("F", date(2013, 8, 31), []),
        ("F", date(2013, 9, 1), ["CME-ATT-007Q"]),
        ("F", EVE, ["CME-ATT-007Q"]),
        ("F", DAY, ["CME-ATT-002"]),
    ],
)
def test_validate_mark_edges(code: str, on: date, expected: list[str]) -> None:
    assert [p.code for p in mark_problems(code, on)] == expected


def test_f_after_withdrawal_is_a_query_not_an_error() -> None:
    (q,) = mark_problems("F", date(2015, 3, 2))
    assert q.severity is Severity.QUERY
    assert q.message.startswith("Please check:")
    assert q.values["in_force_to"] == date(2013, 8, 31)
    assert is_valid_mark("F", date(2015, 3, 2)) is True


@pytest.mark.parametrize(
    ("mark", "canonical"),
    [
        ("h", "H"),
        ("n", "N"),
        ("y1", "Y1"),
        ("c1", "C1"),
        (" N", "N"),
        ("N ", "N"),
        ("\uff28", "H"),  # fullwidth H
        ("\uff0f", "/"),  # fullwidth solidus
        ("\uff3c", "\\"),  # fullwidth reverse solidus
        ("Y\u2081", "Y1"),  # subscript one
        ("\u2010", "\u2010"),  # hyphen: not NO_MARK, not a code (checked below)
    ],
)
def test_non_canonical_marks_are_reported_not_corrected(mark: str, canonical: str) -> None:
    problems = mark_problems(mark, DAY)
    assert len(problems) == 1
    if canonical in ALL_CODES:
        assert problems[0].code == "CME-ATT-004"
        assert problems[0].values["canonical"] == canonical
    else:
        assert problems[0].code == "CME-ATT-001"


@pytest.mark.parametrize("mark", ["\u041d", "\u0421", "\u0399"])  # Cyrillic En, Es; Greek Iota
def test_homoglyphs_are_unknown(mark: str) -> None:
    assert [p.code for p in mark_problems(mark, DAY)] == ["CME-ATT-001"]


@pytest.mark.parametrize("mark", ["", " ", "\t", "  \n"])
def test_blank_marks(mark: str) -> None:
    assert [p.code for p in mark_problems(mark, DAY)] == ["CME-ATT-005"]


def test_validate_mark_is_a_deprecated_alias_of_mark_problems() -> None:
    import cme_core
    from cme_core import attendance_codes

    for old in (attendance_codes.validate_mark, cme_core.validate_mark):
        with pytest.warns(DeprecationWarning, match=r"validate_mark\(\) is deprecated: use mark"):
            found = old("H", DAY, path=("marks", 1))
        assert found == mark_problems("H", DAY, path=("marks", 1))
        assert [p.code for p in found] == ["CME-ATT-002"]
    assert "validate_mark" not in attendance_codes.__all__
    assert "mark_problems" in attendance_codes.__all__


def test_no_mark_is_not_a_code_but_validates() -> None:
    assert NO_MARK == "-"
    assert mark_problems(NO_MARK, DAY) == ()
    assert mark_problems(NO_MARK, date(2019, 5, 1)) == ()
    assert NO_MARK not in CODES_2024
    assert NO_MARK not in CODES_2006
    with pytest.raises(UnknownAttendanceCode, match="NO_MARK"):
        breaks_twenty_day_run_2024(NO_MARK)
    with pytest.raises(UnknownAttendanceCode, match="NO_MARK"):
        counts_for_attendance_return_2006(NO_MARK)


def test_problem_path_and_values() -> None:
    (p,) = mark_problems("H", DAY, path=("pupils", 2, "marks", 5))
    assert p.json_path == "$.pupils[2].marks[5]"
    assert p.values["code"] == "H"
    assert p.values["regime"] == "2024"
    assert p.values["code_regime"] == "2006"
    assert "2024-08-18" in p.message


def test_unknown_long_mark_message_has_no_content() -> None:
    secret = "Mr John Smith, 1 High Street"
    (p,) = mark_problems(secret, DAY)
    assert p.code == "CME-ATT-001"
    assert "John" not in p.message
    assert "John" not in str(p.values)
    assert p.values["length"] == len(secret)


# ---------------------------------------------------------------------------------------------
# Runs of absence
# ---------------------------------------------------------------------------------------------


def test_twenty_day_run_2024() -> None:
    # 9(1)(i)(i): every Table 3 row except the final three breaks the run.
    assert [c for c in TABLE_3 if not breaks_twenty_day_run_2024(c)] == ["G", "N", "O"]
    for code in (*TABLE_1, *TABLE_2):
        assert breaks_twenty_day_run_2024(code)
    assert twenty_day_run_effect_2024("U") is RunEffect.BREAKS  # our reading, flagged
    assert twenty_day_run_effect_2024("Z") is RunEffect.BREAKS
    assert twenty_day_run_effect_2024("Y4") is RunEffect.NEUTRAL
    assert twenty_day_run_effect_2024("#") is RunEffect.NEUTRAL
    continuing = {c.code for c in CODES_2024 if c.twenty_day_run is RunEffect.CONTINUES}
    assert continuing == {"G", "N", "O"}


def test_twenty_day_run_2024_rejects_retired_codes() -> None:
    for code in RETIRED_2024:
        with pytest.raises(UnknownAttendanceCode):
            breaks_twenty_day_run_2024(code)


def test_attendance_return_2024() -> None:
    # 13(7)(b): recorded exclusively with G, N, O or U.
    counting = {c for c in CODES_2024.code_strings if counts_for_attendance_return_2024(c)}
    assert counting == {"G", "N", "O", "U"}
    assert CODES_2024.code("Y4").ten_day_return is RunEffect.NEUTRAL


def test_twenty_day_run_2006() -> None:
    # 8(1)(h)(i): any absence authorised under reg 6(2) breaks the run.
    for code in CODES_2006.codes_with(Treatment.AUTHORISED_ABSENCE):
        assert breaks_twenty_day_run_2006(code), code
    for code in CODES_2006.codes_with(Treatment.PRESENT) | {"B", "D", "J", "P", "V", "W"}:
        assert breaks_twenty_day_run_2006(code), code
    continuing = {c.code for c in CODES_2006 if c.twenty_day_run is RunEffect.CONTINUES}
    assert continuing == {"G", "N", "O"}
    assert twenty_day_run_effect_2006("U") is RunEffect.BREAKS
    assert twenty_day_run_effect_2006("#") is RunEffect.NEUTRAL
    with pytest.raises(UnknownAttendanceCode):
        breaks_twenty_day_run_2006("K")


def test_attendance_return_2006() -> None:
    counting = {c for c in CODES_2006.code_strings if counts_for_attendance_return_2006(c)}
    assert counting == {"G", "N", "O", "U"}
    with pytest.raises(UnknownAttendanceCode):
        counts_for_attendance_return_2024("H")


# ---------------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------------

dates = st.dates(min_value=REGIME_2006_START, max_value=date(2040, 12, 31))
dates_2024 = st.dates(min_value=REGIME_2024_START, max_value=date(2040, 12, 31))
dates_2006 = st.dates(min_value=REGIME_2006_START, max_value=REGIME_2006_END)


@given(on=dates, data=st.data())
def test_every_code_in_force_validates(on: date, data: st.DataObject) -> None:
    in_force = code_set_for(on).in_force(on)
    entry = data.draw(st.sampled_from(in_force))
    assert mark_problems(entry.code, on) == ()
    assert is_valid_mark(entry.code, on)


@given(on=dates_2024)
def test_2024_set_on_any_date_is_the_tables(on: date) -> None:
    codes = [c.code for c in code_set_for(on).in_force(on)]
    assert codes == [*TABLE_1, *TABLE_2, *TABLE_3, "U", "Y4", "Z", "#"]


@given(on=dates_2006)
def test_2006_set_on_any_date(on: date) -> None:
    codes = {c.code for c in code_set_for(on).in_force(on)}
    expected = set(EXPECTED_2006) - ({"F"} if on > date(2013, 8, 31) else set())
    assert codes == expected


@given(on=dates, code=st.sampled_from(sorted(ALL_CODES)))
def test_codes_not_in_force_are_errors_or_queries(on: date, code: str) -> None:
    in_force = {c.code for c in code_set_for(on).in_force(on)}
    problems = mark_problems(code, on)
    if code in in_force:
        assert problems == ()
    else:
        assert len(problems) == 1
        assert problems[0].code in {"CME-ATT-002", "CME-ATT-003", "CME-ATT-007Q"}


@given(on=st.dates(), mark=st.text(max_size=40))
def test_fuzz_validate_mark_never_crashes(on: date, mark: str) -> None:
    problems = mark_problems(mark, on)
    assert len(problems) <= 1
    for p in problems:
        assert p.code.startswith("CME-ATT-")
        assert p.citation
        if len(mark) > 3:
            assert mark not in p.message
    assert is_valid_mark(mark, on) == (not any(p.is_error for p in problems))


@given(mark=st.text(min_size=1000, max_size=5000))
def test_fuzz_very_long_strings(mark: str) -> None:
    problems = mark_problems(mark, DAY)
    assert [p.code for p in problems] in (["CME-ATT-001"], ["CME-ATT-004"], ["CME-ATT-005"])
    assert len(problems[0].message) < 200


@given(code=st.sampled_from(sorted(ALL_CODES)))
def test_lower_case_never_validates(code: str) -> None:
    lowered = code.lower()
    if lowered != code:
        for on in (EVE, DAY):
            assert [p.code for p in mark_problems(lowered, on)] == ["CME-ATT-004"]


@given(on=dates, days=st.integers(min_value=0, max_value=3))
def test_no_transitional_provision(on: date, days: int) -> None:
    later = on + timedelta(days=days)
    if on < REGIME_2024_START <= later:
        assert code_set_for(on) is CODES_2006
        assert code_set_for(later) is CODES_2024
    else:
        assert code_set_for(on) is code_set_for(later)
