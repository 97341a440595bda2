from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import IO, Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cme_core.errors import InvalidArgument
from cme_core.problems import Problem, Report, Severity
from cme_core.submissions import (
    CSV_REPORT_COLUMNS,
    DEFAULT_LIMITS,
    Limits,
    RowResult,
    describe_key,
    read_return,
    read_rows,
    safe_csv_cell,
    to_text,
    validate_return,
    validate_rows,
    write_report_csv,
    write_report_json,
)

ON = date(2025, 2, 10)

GOOD: dict[str, Any] = {
    "kind": "deletion",
    "regime": "2024",
    "school_laestab": "8012000",
    "pupil": {
        "pupil_id": "P1",
        "full_name": "Sentinel Childname",
        "upn": "B801200005001",
        "date_of_birth": "2015-10-01",
        "address": {"lines": ["1 Sentinel Road"], "postcode": "SW1A 1AA"},
        "parents": [
            {
                "full_name": "Sentinel Parentname",
                "address": {"lines": ["1 Sentinel Road"], "postcode": "SW1A 1AA"},
                "lives_with_pupil": True,
                "emergency_phones": [{"number": "07700 900999"}],
            }
        ],
    },
    "deleted_on": "2025-02-03",
    "ground": "9(1)(g)",
}


def test_good_payload_is_valid() -> None:
    assert validate_return(GOOD, on=ON).problems == ()


def test_every_problem_at_once_with_paths_and_no_personal_data() -> None:
    bad = json.loads(json.dumps(GOOD))
    bad["pupil"]["upn"] = "B801200005002"
    bad["pupil"]["date_of_birth"] = "2015-02-30"
    bad["deleted_on"] = "2025-02-31"
    report = validate_return(bad, on=ON)
    assert [(p.code, p.json_path) for p in report] == [
        ("CME-WIRE-004", "$.pupil.date_of_birth"),
        ("CME-WIRE-004", "$.deleted_on"),
    ]
    text = json.dumps(report.to_dict())
    assert "Sentinel" not in text
    assert "900999" not in text


def test_content_problems_after_wire_problems() -> None:
    bad = json.loads(json.dumps(GOOD))
    bad["ground"] = "8(1)(e)"
    bad["pupil"]["upn"] = "B801200005002"
    codes = validate_return(bad, on=ON).codes
    assert "CME-RET-005" in codes
    assert "1510" in codes


def test_temporary_upn_is_a_query() -> None:
    data = json.loads(json.dumps(GOOD))
    data["pupil"]["upn"] = "G80120000101A"
    report = validate_return(data, on=ON)
    assert report.is_valid
    assert report.codes == ("CME-PER-005Q",)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=5)
    ),
    max_leaves=20,
)


@given(json_values)
def test_arbitrary_json_gives_a_report_never_an_exception(value: object) -> None:
    assert isinstance(validate_return(value, on=ON), Report)


@given(st.dictionaries(st.sampled_from(sorted(GOOD)), json_values, max_size=6))
def test_payload_shaped_junk_gives_a_report(value: dict[str, Any]) -> None:
    merged = {**GOOD, **value}
    assert isinstance(validate_return(merged, on=ON), Report)


def test_jsonl_bulk_keeps_going_past_bad_rows() -> None:
    lines = [json.dumps(GOOD), "{not json", json.dumps({"kind": "deletion"}), "", json.dumps(GOOD)]
    results = list(validate_rows(read_rows(io.StringIO("\n".join(lines)), fmt="jsonl"), on=ON))
    assert [r.row for r in results] == [1, 2, 3, 5]
    assert [r.report.is_valid for r in results] == [True, False, False, True]
    assert results[1].report.codes == ("CME-FILE-001",)


def test_csv_bulk_with_documented_columns() -> None:
    header = (
        "kind,regime,school_laestab,pupil.pupil_id,pupil.full_name,pupil.date_of_birth,"
        "pupil.address.lines.0,pupil.address.postcode,pupil.parents.0.full_name,"
        "pupil.parents.0.address.lines.0,pupil.parents.0.address.postcode,"
        "pupil.parents.0.lives_with_pupil,pupil.parents.0.emergency_phones.0.number,"
        "deleted_on,ground"
    )
    row = (
        "deletion,2024,8012000,P1,A Child,2015-10-01,1 Road,SW1A 1AA,A Parent,1 Road,SW1A 1AA,"
        "true,07700 900123,2025-02-03,9(1)(g)"
    )
    broken = row.replace("true", "maybe")
    text = "\n".join([header, row, broken]) + "\n"
    results = list(validate_rows(read_rows(io.StringIO(text), fmt="csv"), on=ON))
    assert results[0].report.problems == ()
    assert results[0].row == 2
    assert "CME-FILE-002" in results[1].report.codes
    out = io.StringIO()
    rows, bad = write_report_csv(iter(results), out)
    assert (rows, bad) == (2, 1)
    assert out.getvalue().splitlines()[0] == ",".join(CSV_REPORT_COLUMNS)


def test_json_report_is_streamed_json() -> None:
    results = validate_rows(read_rows(io.StringIO(json.dumps([GOOD, {}])), fmt="json"), on=ON)
    out = io.StringIO()
    assert write_report_json(results, out) == (2, 1)
    data = json.loads(out.getvalue())
    assert [d["is_valid"] for d in data] == [True, False]


@given(st.lists(st.text(max_size=40) | json_values.map(json.dumps), max_size=8))
def test_bulk_reader_never_loses_a_row_or_raises(lines: list[str]) -> None:
    text = "\n".join(line.replace("\n", " ").replace("\r", " ") for line in lines)
    results = list(validate_rows(read_rows(io.StringIO(text), fmt="jsonl"), on=ON))
    non_blank = [line for line in text.split("\n") if line.strip()]
    assert len(results) == len(non_blank)
    assert all(isinstance(r.report, Report) for r in results)


@given(st.text(max_size=200))
def test_csv_reader_never_raises(text: str) -> None:
    for result in validate_rows(read_rows(io.StringIO(text), fmt="csv"), on=ON):
        assert isinstance(result.report, Report)


def test_csv_field_too_large_is_a_bad_row_and_the_next_row_is_read() -> None:
    header = "kind,regime\n"
    text = header + "deletion," + "x" * 200_000 + "\n" + "deletion,2024\n"
    results = list(validate_rows(read_rows(io.StringIO(text), fmt="csv"), on=ON))
    assert results[0].report.codes == ("CME-FILE-001",)
    assert len(results) == 2
    assert "CME-FILE-001" not in results[1].report.codes


def test_null_rows_are_problems_not_valid() -> None:
    results = list(validate_rows(read_rows(io.StringIO("null\n[]\n"), fmt="jsonl"), on=ON))
    assert [r.report.is_valid for r in results] == [False, False]


def test_extreme_dates_give_reports() -> None:
    data = {
        "kind": "new_pupil",
        "regime": "2024",
        "school_laestab": "8012000",
        "pupil": {"pupil_id": "P1"},
        "entered_on": "2025-01-06",
        "starting_day": "0001-01-01",
    }
    assert isinstance(validate_return(data, on=ON), Report)


# --- issue 11 / 12: hostile and real-world input to the bulk readers ---------------------------

GOOD_LINE = json.dumps(GOOD)


def rows_of(data: bytes | str, fmt: str, limits: Limits | None = None) -> list[RowResult]:
    stream: IO[Any] = io.BytesIO(data) if isinstance(data, bytes) else io.StringIO(data)
    if limits is None:  # the default, as a caller who never heard of limits
        return list(validate_rows(read_rows(stream, fmt=fmt), on=ON))
    rows = read_rows(stream, fmt=fmt, limits=limits)
    return list(validate_rows(rows, on=ON, limits=limits))


def test_an_iterable_of_lines_still_works_for_jsonl_and_csv() -> None:
    for lines in ([GOOD_LINE + "\n", "{\n"], [GOOD_LINE.encode() + b"\n", b"\xff\n"]):
        codes = [r.report.codes for r in validate_rows(read_rows(lines, fmt="jsonl"), on=ON)]
        assert codes[0] == ()
        assert codes[1] in (("CME-FILE-001",), ("CME-FILE-003",))
    csv_rows = list(read_rows(["kind\n", "deletion\n"], fmt="csv"))
    assert csv_rows == [(2, {"kind": "deletion"}, Report())]
    with pytest.raises(InvalidArgument, match="readable"):
        read_rows([GOOD_LINE], fmt="json")


@pytest.mark.parametrize("digits", [4301, 5000])
def test_a_huge_integer_is_a_problem_and_jsonl_reading_goes_on(digits: int) -> None:
    results = rows_of("9" * digits + "\n" + GOOD_LINE + "\n", "jsonl")
    assert [r.report.codes for r in results] == [("CME-FILE-004",), ()]
    assert results[0].report.problems[0].values == {"limit": "number_digits", "allowed": 4300}
    assert not results[0].readable


def test_a_huge_integer_in_a_json_array_is_a_problem_after_the_rows_before_it() -> None:
    data = "[" + GOOD_LINE + ', {"year_group": ' + "9" * 4301 + "}]"
    for stream in (data, data.encode()):
        results = rows_of(stream, "json")
        assert [r.report.codes for r in results] == [(), ("CME-FILE-004",)]
    # 4,300 digits are read, as json.loads reads them
    assert rows_of("[" + "9" * 4300 + "]", "json")[0].report.codes == ("CME-WIRE-002",)


def test_nan_and_infinity_are_not_json() -> None:
    results = rows_of("NaN\n-Infinity\n" + GOOD_LINE + "\n", "jsonl")
    assert [r.report.codes for r in results] == [("CME-FILE-001",), ("CME-FILE-001",), ()]


def test_deep_nesting_is_over_the_limit_and_the_next_row_is_read() -> None:
    deep = "[" * 100_000 + "]" * 100_000
    jsonl = rows_of(deep + "\n" + GOOD_LINE + "\n", "jsonl")
    assert [r.report.codes for r in jsonl] == [("CME-FILE-004",), ()]
    array = rows_of(("[" + deep + "," + GOOD_LINE + "]").encode(), "json")
    assert [r.report.codes for r in array] == [("CME-FILE-004",), ()]
    shallow = rows_of(json.dumps({"pupil": [[[[1]]]]}) + "\n", "jsonl", limits=Limits(max_depth=4))
    assert shallow[0].report.codes == ("CME-FILE-004",)


def test_a_long_json_string_is_over_the_limit() -> None:
    line = json.dumps({**GOOD, "note": "x" * 50})
    assert rows_of(line, "jsonl", limits=Limits(max_field_chars=49))[0].report.codes == (
        "CME-FILE-004",
    )
    assert rows_of(line, "jsonl", limits=Limits(max_field_chars=50))[0].readable


EXCEL_CSV = (
    "deleted_on,kind,regime,school_laestab,pupil.pupil_id,pupil.upn,ground\n"
    "2025-02-03,deletion,2024,8012000,P1,B801200005001,9(1)(g)\n"
)


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json"])
def test_utf8_with_a_bom_reads_as_without_from_bytes_and_text(fmt: str) -> None:
    text = {"csv": EXCEL_CSV, "jsonl": GOOD_LINE + "\n", "json": json.dumps([GOOD])}[fmt]
    plain = rows_of(text.encode(), fmt)
    for data in ("\ufeff" + text, ("\ufeff" + text).encode("utf-8")):
        with_bom = rows_of(data, fmt)
        assert [r.report for r in with_bom] == [r.report for r in plain]
        assert [r.value for r in with_bom] == [r.value for r in plain]


def test_excel_bom_does_not_hide_the_first_csv_column() -> None:
    for data in ("\ufeff" + EXCEL_CSV, ("\ufeff" + EXCEL_CSV).encode()):
        (result,) = rows_of(data, "csv")
        assert ("CME-WIRE-001", "$.deleted_on") not in [
            (p.code, p.json_path) for p in result.report
        ]
        assert "CME-FILE-001" not in result.report.codes
        assert result.value is not None
        assert result.value.deleted_on == date(2025, 2, 3)  # type: ignore[union-attr]


def test_a_jsonl_line_that_is_not_utf8_is_a_problem_with_line_column_and_encoding() -> None:
    data = (
        GOOD_LINE.encode()
        + b'\n{"kind": "Ren\xe9e"}\n'  # Latin-1
        + b'{"kind": "\x93quoted\x94"}\n'  # cp1252's own quotes
        + b"\xff\xfe\x00\x01\n"  # neither
        + GOOD_LINE.encode()
    )
    results = rows_of(data, "jsonl")
    assert [r.row for r in results] == [1, 2, 3, 4, 5]
    assert [r.report.codes for r in results] == [(), *[("CME-FILE-003",)] * 3, ()]
    assert [dict(r.report.problems[0].values) for r in results[1:4]] == [
        {"line": 2, "column": 14, "likely_encoding": "latin-1"},
        {"line": 3, "column": 11, "likely_encoding": "cp1252"},
        {"line": 4, "column": 1},
    ]
    assert "Ren" not in str(results[1].report.problems[0])


def test_a_csv_record_that_is_not_utf8_is_a_problem_and_the_next_is_read() -> None:
    data = (
        EXCEL_CSV.encode()
        + "2025-02-03,deletion,2024,8012000,P2,,caf\xe9\n".encode("cp1252")
        + EXCEL_CSV.splitlines()[1].encode()
        + b"\n"
    )
    results = rows_of(data, "csv")
    assert [r.row for r in results] == [2, 3, 4]
    assert [r.readable for r in results] == [True, False, True]
    assert results[1].report.codes == ("CME-FILE-003",)
    assert results[0].report.codes == results[2].report.codes
    assert results[1].report.problems[0].values == {
        "line": 3,
        "column": 41,
        "likely_encoding": "latin-1",
    }


def test_a_json_document_that_is_not_utf8_yields_one_unreadable_row() -> None:
    results = rows_of(b'{"kind": "deletion",\n "ground": "\xe9"}', "json")
    assert len(results) == 1
    assert results[0].report.codes == ("CME-FILE-003",)
    assert results[0].report.problems[0].values == {
        "line": 2,
        "column": 13,
        "likely_encoding": "latin-1",
    }


def test_old_mac_line_ends_split_bytes_as_they_split_text() -> None:
    data = "kind,pupil.pupil_id\rdeletion,P1\rdeletion,P2\r"
    from_bytes = [(n, v) for n, v, _ in read_rows(io.BytesIO(data.encode()), fmt="csv")]
    from_text = [(n, v) for n, v, _ in read_rows(io.StringIO(data, newline=None), fmt="csv")]
    assert from_bytes == from_text
    assert [n for n, _ in from_bytes] == [2, 3]
    quoted = b'kind,pupil.pupil_id\r\ndeletion,"P\r\n1"\r\n'
    ((_, payload, _),) = read_rows(io.BytesIO(quoted), fmt="csv")
    assert payload == {"kind": "deletion", "pupil": {"pupil_id": "P\r\n1"}}


def test_a_utf16_file_is_named_as_such() -> None:
    data = ("\ufeff" + GOOD_LINE).encode("utf-16")
    for fmt in ("jsonl", "json", "csv"):
        (result,) = rows_of(data, fmt)
        assert result.report.problems[0].values["likely_encoding"] == "utf-16"


def test_a_text_stream_that_fails_to_decode_is_a_problem_not_an_exception(
    tmp_path: Path,
) -> None:
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(GOOD_LINE.encode() + b"\n" + b'{"a": "\xe9"}\n')
    for fmt in ("jsonl", "json", "csv"):
        with open(path, encoding="utf-8") as stream:
            results = list(validate_rows(read_rows(stream, fmt=fmt), on=ON))
        assert results[-1].report.codes == ("CME-FILE-003",)


class _CountingReader(io.BytesIO):
    """Counts the bytes read, to show that rows come before the end of the file is read."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.consumed = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.consumed += len(chunk)
        return chunk

    def readinto(self, buffer: Any) -> int:  # pragma: no cover - not used by the reader
        raise AssertionError("read() only")


def test_a_json_array_is_streamed_not_read_whole() -> None:
    data = json.dumps([GOOD] * 2000).encode()
    stream = _CountingReader(data)
    rows = read_rows(stream, fmt="json")
    number, payload, report = next(rows)
    assert (number, payload, report) == (1, GOOD, Report())
    assert stream.consumed < len(data) / 4
    assert sum(1 for _ in rows) == 1999


def test_a_json_object_is_one_row_and_trailing_text_is_a_problem() -> None:
    assert [r.report.codes for r in rows_of(GOOD_LINE, "json")] == [()]
    assert [r.report.codes for r in rows_of(GOOD_LINE + " x", "json")] == [(), ("CME-FILE-001",)]
    assert [r.report.codes for r in rows_of("", "json")] == [("CME-FILE-001",)]
    assert rows_of("[]", "json") == []


def test_unknown_format_is_refused_when_called() -> None:
    with pytest.raises(InvalidArgument, match="jsonl, json, csv"):
        read_rows(io.StringIO(""), fmt="txt")
    with pytest.raises(InvalidArgument, match="limits"):
        read_rows(io.StringIO(""), fmt="csv", limits=5)  # type: ignore[arg-type]


PLANTED = "Sentinel Childname"


def test_csv_headers_are_not_echoed_into_problems() -> None:
    header = f"kind,{PLANTED},{PLANTED},pupil.{PLANTED}.boarder,pupil.\x1b[2J.boarder\n"
    results = list(read_rows(io.StringIO(header + "deletion,a,b,maybe,maybe\n"), fmt="csv"))
    ((_, _, report),) = results
    assert report.codes == ("CME-FILE-005", "CME-FILE-002", "CME-FILE-002")
    for p in report:
        text = json.dumps(p.to_dict()) + str(p)
        assert "Sentinel" not in text
        assert "\x1b" not in text
        assert "[2J" not in text
    assert report.problems[0].values == {"column": 2, "same_as": 3}
    assert [p.json_path for p in report.problems[1:]] == ["$.pupil", "$.pupil"]
    assert [p.values for p in report.problems[1:]] == [{"column": 4}, {"column": 5}]


def test_own_column_names_are_named() -> None:
    ((_, _, report),) = read_rows(
        io.StringIO("pupil.parents.0.lives_with_pupil\nmaybe\n"), fmt="csv"
    )
    assert str(report.problems[0]) == (
        "ERROR CME-FILE-002 at $.pupil.parents[0].lives_with_pupil: The cell in column 1 "
        "(pupil.parents.0.lives_with_pupil) cannot be used: expected true or false"
    )
    assert describe_key("pupil.upn", position=3) == "column 3 (pupil.upn)"
    assert describe_key(PLANTED, position=3) == "column 3"
    assert describe_key("2011.02.03", position=4) == "column 4"  # digits are not a path
    assert describe_key("pupil.parents.9999.full_name", position=5) == "column 5"
    assert PLANTED not in describe_key(PLANTED)


def test_a_list_index_in_a_csv_header_is_capped() -> None:
    header = ",".join(f"pupil.parents.9999.c{i}" for i in range(9)) + ",kind,pupil.pupil_id"
    data = header + "\n" + ",".join("x" * 9) + ",deletion,P1\n"
    assert len(data) < 260
    results = rows_of(data, "csv")
    assert len(results[0].report) < 30
    assert results[0].report.codes[:9] == ("CME-FILE-005",) * 9
    assert results[0].report.problems[0].values == {
        "column": 1,
        "limit": "max_list_index",
        "allowed": 19,
    }
    ok = rows_of("pupil.parents.3.full_name\nx\n", "csv", limits=Limits(max_list_index=3))
    assert "CME-FILE-005" not in ok[0].report.codes


def test_csv_header_problems_are_reported_once() -> None:
    data = "kind,kind\n" + "deletion,deletion\n" * 3
    codes = [r.report.codes.count("CME-FILE-005") for r in rows_of(data, "csv")]
    assert codes == [1, 0, 0]
    assert [r.report.codes for r in rows_of("kind,kind\n", "csv")] == [("CME-FILE-005",)]


def test_a_long_csv_cell_is_over_the_limit() -> None:
    data = "kind,pupil.pupil_id\ndeletion," + "x" * 20 + "\n"
    (result,) = rows_of(data, "csv", limits=Limits(max_field_chars=10))
    assert result.report.problems[0].code == "CME-FILE-004"
    assert result.report.problems[0].json_path == "$.pupil.pupil_id"


def many_nulls(n: int) -> str:
    return json.dumps({**GOOD, "pupil": {**GOOD["pupil"], "former_upns": [None] * n}})


def test_problems_past_the_row_limit_are_summarised_per_code() -> None:
    (result,) = rows_of(many_nulls(500) + "\n", "jsonl", limits=Limits(max_problems_per_row=10))
    assert len(result.report) == 11
    summary = result.report.problems[-1]
    assert summary.code == "CME-WIRE-002"
    assert summary.severity is Severity.ERROR
    assert summary.message == "490 more problems of this type"
    assert summary.values == {"more_problems": 490}
    assert summary.json_path == "$.pupil.former_upns"
    assert not result.report.is_valid


def test_the_default_row_limit_bounds_the_output() -> None:
    (result,) = rows_of(many_nulls(20_000) + "\n", "jsonl")
    assert len(result.report) == 101
    assert result.report.problems[-1].values == {"more_problems": 19_900}


def test_problems_past_the_file_limit_are_summaries_only() -> None:
    data = "\n".join([many_nulls(5)] * 4) + "\n"
    results = rows_of(data, "jsonl", limits=Limits(max_problems_per_file=7))
    assert [len(r.report) for r in results] == [5, 3, 1, 1]
    assert [r.report.problems[-1].values.get("more_problems") for r in results] == [
        None,
        3,
        5,
        5,
    ]
    assert not any(r.report.is_valid for r in results)


def test_limits_are_checked() -> None:
    assert Limits() == DEFAULT_LIMITS
    for bad in ({"max_depth": 0}, {"max_problems_per_row": -1}, {"max_list_index": True}):
        with pytest.raises(InvalidArgument):
            Limits(**bad)
    with pytest.raises(TypeError):
        Limits(100)  # type: ignore[call-arg]


def test_validate_rows_never_lets_an_exception_out(monkeypatch: pytest.MonkeyPatch) -> None:
    import cme_core.submissions as submissions

    def boom(payload: object, *, on: date, school: object = None) -> Any:
        raise RecursionError

    monkeypatch.setattr(submissions, "read_return", boom)
    (result,) = rows_of(GOOD_LINE, "jsonl")
    assert result.report.codes == ("CME-FILE-006",)
    assert result.report.problems[0].values == {"exception": "RecursionError"}


def test_validate_rows_refuses_a_datetime_at_once() -> None:
    from datetime import datetime

    with pytest.raises(InvalidArgument):
        validate_rows([], on=datetime(2025, 1, 1))


# --- CSV reports ---------------------------------------------------------------------------------


def report_csv(results: list[RowResult], **kw: Any) -> list[list[str]]:
    out = io.StringIO()
    write_report_csv(results, out, **kw)
    return list(csv.reader(io.StringIO(out.getvalue())))


def test_csv_report_lists_problems_only_unless_all_rows() -> None:
    results = rows_of(GOOD_LINE + "\n{}\n" + GOOD_LINE + "\n", "jsonl")
    lines = report_csv(results)
    assert lines[0] == list(CSV_REPORT_COLUMNS)
    assert {line[0] for line in lines[1:]} == {"2"}
    everything = report_csv(results, all_rows=True)
    assert [line[0] for line in everything[1:]].count("1") == 1
    assert everything[1] == ["1", "P1", "", "", "", "", "", ""]


def test_csv_report_cells_cannot_be_formulas() -> None:
    hostile = json.loads(GOOD_LINE)
    hostile["pupil"]["pupil_id"] = "=1+2"
    hostile["pupil"]["full_name"] = '=HYPERLINK("http://x","y")'
    hostile["kind"] = "attendance"  # every particular of an attendance return is missing
    hostile["cause"] = '=HYPERLINK("http://x","y")'
    lines = report_csv(rows_of(json.dumps(hostile), "jsonl"))
    assert len(lines) > 2
    for line in lines[1:]:
        assert line[1] == "'=1+2"
        for cell in line:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
            assert "HYPERLINK" not in cell


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_safe_csv_cell_neutralises_each_formula_start(start: str) -> None:
    assert safe_csv_cell(start + "1") == "'" + start + "1"
    assert safe_csv_cell("a" + start) == "a" + start
    assert safe_csv_cell(None) == ""
    assert safe_csv_cell("\ud800x") == "\ufffdx"


def test_csv_report_details_hold_the_values() -> None:
    (result,) = rows_of(b'{"a": "\xe9t\xe9"}\n', "jsonl")
    (line,) = report_csv([result])[1:]
    assert json.loads(line[7]) == {"column": 8, "likely_encoding": "latin-1", "line": 1}


def test_to_text_escapes_control_characters() -> None:
    problem = Problem(code="X", severity=Severity.ERROR, message="a\x1b[2Jb\rc")
    text = to_text(RowResult(row=1, report=Report.of([problem])))
    assert "\x1b" not in text
    assert "\r" not in text
    assert "\\x1b[2Jb\\x0dc" in text


# --- the canonical return ------------------------------------------------------------------------


def test_read_return_gives_the_canonical_return_and_warns() -> None:
    data = json.loads(GOOD_LINE)
    data["school_laestab"] = "801/2000"
    data["pupil"]["upn"] = "b801 2000 05001"
    data["pupil"]["former_upns"] = ["B801200005001", "b801200005001"]
    data["pupil"]["address"]["postcode"] = "sw1a1aa"
    data["pupil"]["parents"][0]["address"]["postcode"] = " SW1A 1AA "
    ret, report = read_return(data, on=ON)
    assert ret is not None
    assert ret.school_laestab == "8012000"
    assert ret.pupil.upn == "B801200005001"
    assert ret.pupil.former_upns == ("B801200005001", "B801200005001")
    assert ret.pupil.address is not None
    assert ret.pupil.address.postcode == "SW1A 1AA"
    assert ret.pupil.parents[0].address is not None
    assert ret.pupil.parents[0].address.postcode == "SW1A 1AA"
    assert [(p.code, p.severity, p.json_path) for p in report] == [
        ("CME-SUB-001", Severity.WARNING, "$.school_laestab"),
        ("CME-SUB-001", Severity.WARNING, "$.pupil.upn"),
        ("CME-SUB-001", Severity.WARNING, "$.pupil.former_upns[1]"),
        ("CME-SUB-001", Severity.WARNING, "$.pupil.address.postcode"),
        ("CME-SUB-001", Severity.WARNING, "$.pupil.parents[0].address.postcode"),
    ]
    assert report.is_valid
    assert "sw1a" not in json.dumps(report.to_dict()).lower()
    assert validate_return(data, on=ON) == report


def test_read_return_leaves_canonical_and_invalid_identifiers_alone() -> None:
    ret, report = read_return(GOOD, on=ON)
    assert report.problems == ()
    assert ret is not None
    assert ret.pupil.upn == GOOD["pupil"]["upn"]
    bad = json.loads(GOOD_LINE)
    bad["pupil"]["upn"] = "b801200005002"  # wrong check letter: reported, not rewritten
    ret, report = read_return(bad, on=ON)
    assert ret is not None
    assert ret.pupil.upn == "b801200005002"
    assert "CME-SUB-001" not in report.codes
    assert read_return({"kind": "deletion"}, on=ON)[0] is None


def test_row_results_carry_the_canonical_return() -> None:
    data = json.loads(GOOD_LINE)
    data["pupil"]["upn"] = "b801200005001"
    good, unreadable = rows_of(json.dumps(data) + "\n{\n", "jsonl")
    assert good.value is not None
    assert good.value.pupil.upn == "B801200005001"
    assert good.readable
    assert good.pupil_id == "P1"
    assert unreadable.value is None
    assert not unreadable.readable
    assert "value" not in good.to_dict()
    assert "Sentinel" not in repr(good)
