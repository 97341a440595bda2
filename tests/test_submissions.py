from __future__ import annotations

import io
import json
from datetime import date
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from cme_core.problems import Report
from cme_core.submissions import (
    read_rows,
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
    assert out.getvalue().splitlines()[0] == "row,pupil_id,code,severity,json_path,message,citation"


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
