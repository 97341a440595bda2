"""Fuzz and property tests of the bulk readers (issue 11): whatever bytes arrive, no exception
escapes :func:`read_rows` / :func:`validate_rows`, the output is bounded by the input, and
nothing planted in a header or a value is echoed into a problem."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from cme_core.problems import Problem, catalogue
from cme_core.submissions import (
    MORE_PROBLEMS,
    Limits,
    RowResult,
    read_rows,
    validate_rows,
    write_report_csv,
)

from .test_submissions import GOOD

ON = date(2025, 2, 10)
FORMATS = ("jsonl", "json", "csv")
SMALL = Limits(max_problems_per_row=20, max_problems_per_file=200, max_depth=12)
CODES = len(catalogue())
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")

PLANTED = ("Sentinel Childname", "Ada Hostile-Lovelace", "Zebedee Q. Planted", "2011.02.03")
"""Names a header or a value carries; none may come back in any problem."""


def run(data: bytes | str, fmt: str, limits: Limits = SMALL) -> list[RowResult]:
    stream: Any = io.BytesIO(data) if isinstance(data, bytes) else io.StringIO(data)
    return list(validate_rows(read_rows(stream, fmt=fmt, limits=limits), on=ON, limits=limits))


def report_csv(results: list[RowResult]) -> str:
    out = io.StringIO()
    write_report_csv(results, out, all_rows=True)
    return out.getvalue()


def assert_bounded(
    data: bytes | str, results: list[RowResult], fmt: str, limits: Limits = SMALL
) -> None:
    """Rows no more than lines (JSON: items, each at least a byte, and one for an error after
    them); problems per row and per file within the limits (summaries aside, at most one per
    code); and the CSV report proportional to the input."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    lines = raw.count(b"\n") + raw.count(b"\r") + 1
    assert len(results) <= (len(raw) + 1 if fmt == "json" else lines)
    listed = 0
    for result in results:
        assert len(result.report) <= limits.max_problems_per_row + CODES
        listed += sum(MORE_PROBLEMS not in p.values for p in result.report)
    assert listed <= limits.max_problems_per_file
    assert len(report_csv(results)) <= 1000 * (len(raw) + 1)


def echoed(problem: Problem, planted: str) -> bool:
    text = str(problem) + json.dumps(problem.to_dict()) + repr(problem.path)
    return planted in text or "\x1b" in text


# --- any bytes at all ---------------------------------------------------------------------------


@given(st.binary(max_size=400), st.sampled_from(FORMATS))
def test_any_bytes_give_rows_never_an_exception(data: bytes, fmt: str) -> None:
    results = run(data, fmt)
    assert_bounded(data, results, fmt)


@given(st.text(max_size=300), st.sampled_from(FORMATS))
def test_any_text_gives_rows_never_an_exception(text: str, fmt: str) -> None:
    results = run(text, fmt)
    assert_bounded(text, results, fmt)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8)
    | st.sampled_from(PLANTED),
    lambda children: (
        st.lists(children, max_size=5)
        | st.dictionaries(st.text(max_size=8) | st.sampled_from(PLANTED), children, max_size=5)
    ),
    max_leaves=30,
)


@given(st.lists(json_values, max_size=6), st.booleans())
def test_json_values_planted_anywhere_are_not_echoed(values: list[Any], as_array: bool) -> None:
    rows = [{**GOOD, "pupil": {**GOOD["pupil"], "extra_value": v}, "other": v} for v in values]
    fmt = "json" if as_array else "jsonl"
    text = json.dumps(rows) if as_array else "\n".join(json.dumps(r) for r in rows)
    results = run(text.encode(), fmt)
    assert len(results) == len(rows)
    assert_bounded(text, results, fmt)
    for result in results:
        for p in result.report:
            assert not any(echoed(p, planted) for planted in PLANTED), p


# --- huge numbers, deep nesting -----------------------------------------------------------------


@given(
    st.integers(min_value=4250, max_value=4400),
    st.sampled_from(["", "-"]),
    st.sampled_from(["jsonl", "json"]),
)
def test_huge_integers_are_problems_and_the_rows_after_are_read(
    digits: int, sign: str, fmt: str
) -> None:
    number = sign + "9" * digits
    rows = [json.dumps(GOOD), '{"year_group": ' + number + "}", json.dumps(GOOD)]
    text = "[" + ",".join(rows) + "]" if fmt == "json" else "\n".join(rows)
    results = run(text.encode(), fmt)
    assert_bounded(text, results, fmt)
    assert results[0].report.codes == ()
    if digits > 4300:
        assert results[1].report.codes == ("CME-FILE-004",)
        assert not results[1].readable
        # JSON Lines goes on; a JSON document cannot be read past the number
        assert len(results) == (3 if fmt == "jsonl" else 2)
    else:
        assert results[1].readable
        assert len(results) == 3


@given(st.integers(min_value=1, max_value=3000), st.sampled_from(["jsonl", "json"]))
def test_nesting_beyond_the_limit_is_a_problem(depth: int, fmt: str) -> None:
    nested = "[" * depth + "]" * depth
    text = f"[{nested}, {json.dumps(GOOD)}]" if fmt == "json" else nested + "\n" + json.dumps(GOOD)
    results = run(text, fmt)
    assert len(results) == 2
    assert results[1].report.codes == ()
    assert ("CME-FILE-004" in results[0].report.codes) == (depth > SMALL.max_depth)


# --- bytes that are not UTF-8, byte-order marks -------------------------------------------------


@st.composite
def jsonl_with_bad_bytes(draw: st.DrawFn) -> tuple[bytes, dict[int, tuple[int, int]]]:
    """A JSON Lines file with some lines spoiled by one non-UTF-8 byte; and, for each spoiled
    line, its line number and the column of the byte."""
    count = draw(st.integers(min_value=1, max_value=6))
    lines: list[bytes] = []
    spoiled: dict[int, tuple[int, int]] = {}
    for number in range(1, count + 1):
        line = json.dumps({**GOOD, "note": draw(st.text(max_size=10))}, ensure_ascii=False)
        raw = line.encode()
        if draw(st.booleans()):
            at = draw(st.integers(min_value=0, max_value=len(line)))
            bad = draw(st.sampled_from([b"\xff", b"\xe9", b"\x93", b"\xc3", b"\x80"]))
            prefix = line[:at].encode()
            raw = prefix + bad + line[at:].encode()
            spoiled[number] = (number, at + 1)
        lines.append(raw)
    return b"\n".join(lines) + b"\n", spoiled


@given(jsonl_with_bad_bytes(), st.booleans())
def test_each_line_with_a_bad_byte_is_reported_at_its_place(
    case: tuple[bytes, dict[int, tuple[int, int]]], bom: bool
) -> None:
    data, spoiled = case
    results = run((b"\xef\xbb\xbf" if bom else b"") + data, "jsonl")
    assert [r.row for r in results] == list(range(1, len(results) + 1))
    for result in results:
        if result.row in spoiled:
            line, column = spoiled[result.row]
            (problem,) = result.report.problems
            assert problem.code == "CME-FILE-003"
            assert (problem.values["line"], problem.values["column"]) == (line, column)
        else:
            assert result.readable
            assert result.report.codes == ("CME-WIRE-010",)  # the "note", kept in extra


@given(st.lists(st.sampled_from(["kind", "pupil.pupil_id", "x"]), min_size=1, max_size=4))
def test_a_bom_changes_nothing(columns: list[str]) -> None:
    text = ",".join(columns) + "\n" + ",".join("v" for _ in columns) + "\n"
    plain = run(text.encode(), "csv")
    assert run(("\ufeff" + text).encode(), "csv") == plain
    assert run("\ufeff" + text, "csv") == plain


# --- hostile CSV headers ------------------------------------------------------------------------

header_names = st.one_of(
    st.sampled_from(PLANTED),
    st.sampled_from(PLANTED).map(lambda name: f"pupil.{name}"),
    st.sampled_from(PLANTED).map(lambda name: f"pupil.parents.0.{name}.boarder"),
    st.sampled_from(["\x1b[2J", "\x1b]0;x\x07", "a\rb", "\x00", "\u202e"]).map(
        lambda ctl: f"pupil.{ctl}{PLANTED[0]}"
    ),
    st.integers(min_value=0, max_value=9999).map(lambda i: f"pupil.parents.{i}.full_name"),
    st.integers(min_value=0, max_value=9999).map(lambda i: f"pupil.address.lines.{i}"),
    st.sampled_from(["kind", "regime", "pupil.pupil_id", "pupil.upn", "deleted_on", "ground"]),
    st.sampled_from(["pupil.parents.0.lives_with_pupil", "year_group", "attendance_rate"]),
    st.text(max_size=20),
)


@given(
    st.lists(header_names, min_size=1, max_size=12),
    st.lists(st.sampled_from([*PLANTED, "", "maybe", "x", "3", "=1+2"]), max_size=12),
    st.integers(min_value=1, max_value=3),
)
def test_hostile_headers_are_never_echoed_and_output_stays_bounded(
    header: list[str], cells: list[str], rows: int
) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header)
    for _ in range(rows):
        writer.writerow(cells)
    text = buf.getvalue()
    for data in (text, text.encode("utf-8", "surrogatepass")):
        results = run(data, "csv")
        assert_bounded(data, results, "csv")
        read = [p for _, _, report in read_rows(io.StringIO(text), fmt="csv") for p in report]
        checked = [p for r in results for p in r.report]
        for p in read + checked:
            assert not any(echoed(p, planted) for planted in PLANTED), p
            assert CONTROL.search(str(p)) is None, p


def test_one_short_row_with_huge_list_indexes_gives_a_short_report() -> None:
    """The issue's case: 217 bytes that gave 49,996 problems and a 4.28 MB report."""
    header = ",".join(f"pupil.parents.9999.c{i}" for i in range(9))
    text = f"{header},kind,pupil.pupil_id\n" + "x," * 9 + "deletion,P1\n"
    results = run(text, "csv", limits=Limits())
    assert len(results[0].report) < 30
    assert len(report_csv(results)) < 100 * len(text)


def test_a_register_sized_report_is_capped_per_file() -> None:
    """Many rows with many problems each: the file's limit stops the listing, every row is
    still reported invalid."""
    row = json.dumps({**GOOD, "pupil": {**GOOD["pupil"], "former_upns": [None] * 120}})
    results = run("\n".join([row] * 110), "jsonl", limits=Limits())
    assert len(results) == 110
    assert not any(r.report.is_valid for r in results)
    listed = sum(MORE_PROBLEMS not in p.values for r in results for p in r.report)
    assert listed == Limits().max_problems_per_file
    assert sum(len(r.report) for r in results) < 2 * Limits().max_problems_per_file
