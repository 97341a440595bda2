"""Validating returns that arrive from elsewhere (an MIS, a web form, a bulk file).

:func:`validate_return` takes one payload as plain JSON data and returns a
:class:`~cme_core.problems.Report` with every problem at once: wire problems (missing fields,
wrong types, bad dates: ``CME-WIRE-*``) and, when the payload is well formed, the content
checks of :func:`cme_core.returns.check_return` (``CME-RET-*``, UPN census rules, ...).
It never raises for bad data, whatever JSON value it is given.

:func:`validate_rows` streams many payloads (from :func:`read_rows`: JSON, JSON Lines or CSV)
and yields one :class:`RowResult` per row, so memory stays flat however long the file; a
malformed row is reported and the next row is read.

CSV files carry one return per row. Columns are dotted paths into the JSON form, list items by
index: ``kind``, ``regime``, ``school_laestab``, ``pupil.pupil_id``, ``pupil.upn``,
``pupil.full_name``, ``pupil.date_of_birth``, ``pupil.address.lines.0``,
``pupil.address.postcode``, ``pupil.parents.0.full_name``, ``pupil.parents.0.lives_with_pupil``,
``pupil.parents.0.emergency_phones.0.number``, ``deleted_on``, ``ground``, ... An empty cell is
an absent value. Cells are text, except the columns named in :data:`CSV_INTEGERS`,
:data:`CSV_NUMBERS` and :data:`CSV_BOOLEANS` (``true``/``false``), which are converted.

>>> report = validate_return({"kind": "deletion"}, on=__import__("datetime").date(2025, 1, 6))
>>> report.codes[:2]
('CME-WIRE-001', 'CME-WIRE-001')
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import Any, TextIO

import attrs

from cme_core.problems import PathElement, ProblemType, Report, Severity
from cme_core.returns import ReturnContent, check_return
from cme_core.schools import School
from cme_core.serialization import load

__all__ = [
    "CSV_BOOLEANS",
    "CSV_INTEGERS",
    "CSV_NUMBERS",
    "RowResult",
    "read_rows",
    "validate_return",
    "validate_rows",
    "write_report_csv",
    "write_report_json",
]

CSV_INTEGERS = frozenset({"year_group", "longest_run_school_days"})
CSV_NUMBERS = frozenset({"attendance_rate"})
CSV_BOOLEANS = frozenset(
    {"lives_with_pupil", "boarder", "consecutive", "total", "no_previous_school"}
)

_FILE = "a rule of cme_core's own file formats (JSON Lines, CSV), not of the law"

BAD_ROW = ProblemType(
    code="CME-FILE-001",
    severity=Severity.ERROR,
    title="The row is not valid JSON / CSV and could not be read",
    no_citation_reason=_FILE,
)
BAD_CELL = ProblemType(
    code="CME-FILE-002",
    severity=Severity.ERROR,
    title="A CSV cell could not be converted to the column's type",
    no_citation_reason=_FILE,
)
PROBLEM_TYPES = (BAD_ROW, BAD_CELL)


def validate_return(payload: object, *, on: date, school: School | None = None) -> Report:
    """Every problem with one return payload (JSON data), judged on ``on``.

    ``school`` (optional) enables the checks that need the school (its age range).
    """
    ret, report = load(payload, ReturnContent)  # type: ignore[arg-type]
    if ret is None:
        return report
    content: ReturnContent = ret
    checked = check_return(content, on=on, school=school)
    return report + checked if report.problems else checked


@attrs.frozen(kw_only=True)
class RowResult:
    """The result for one row of a bulk file (``row`` is 1-based, as editors count lines)."""

    row: int
    report: Report
    pupil_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"row": self.row, "pupil_id": self.pupil_id, **self.report.to_dict()}


_INDEX = re.compile(r"[0-9]{1,4}")
"""A list index in a CSV column name: ASCII digits, at most 9999."""
_INTEGER = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


class _CellClash(ValueError):
    """Two CSV columns disagree on the shape of the data (a value and an object)."""


def _set_path(target: dict[str, Any], parts: list[str], value: object) -> None:
    node: Any = target
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        nxt_is_index = not last and _INDEX.fullmatch(parts[i + 1]) is not None
        if isinstance(node, list):
            if not _INDEX.fullmatch(part):
                raise _CellClash("a list index must be a number")
            index = int(part)
            while len(node) <= index:
                node.append(None)
            if last:
                node[index] = value
            else:
                if node[index] is None:
                    node[index] = [] if nxt_is_index else {}
                node = node[index]
        elif isinstance(node, dict):
            if last:
                if part in node:
                    raise _CellClash("two columns give the same value")
                node[part] = value
            else:
                node = node.setdefault(part, [] if nxt_is_index else {})
        else:
            raise _CellClash("a column gives a value where another gives an object")


def _convert_cell(column: str, text: str) -> object:
    leaf = column.rsplit(".", 1)[-1]
    if leaf in CSV_BOOLEANS:
        lowered = text.strip().lower()
        if lowered in ("true", "false"):
            return lowered == "true"
        raise ValueError("expected true or false")
    if leaf in CSV_INTEGERS:
        if not _INTEGER.fullmatch(text):
            raise ValueError("expected a whole number")
        return int(text)
    if leaf in CSV_NUMBERS:
        if not _NUMBER.fullmatch(text):
            raise ValueError("expected a number")
        return float(text)
    return text


def csv_row_to_payload(row: Mapping[str | None, Any]) -> tuple[dict[str, Any], Report]:
    """Unflatten one CSV row into JSON data, reporting cells that could not be used (a value
    that does not convert, cells beyond the header, columns that clash) rather than dropping
    them."""
    data: dict[str, Any] = {}
    problems = []
    for column, text in row.items():
        if column is None:  # cells beyond the header
            problems.append(
                BAD_CELL.problem("Cells beyond the last column of the header", values={})
            )
            continue
        if text is None or text == "":
            continue
        try:
            value = _convert_cell(column, text)
            _set_path(data, column.split("."), value)
        except ValueError as exc:
            problems.append(
                BAD_CELL.problem(
                    f"Column cannot be used: {exc}",
                    path=tuple(_path(column)),
                    values={"column": column[:100]},
                )
            )
    return data, Report(problems=problems)


def _path(column: str) -> Iterator[PathElement]:
    for part in column.split("."):
        yield int(part) if _INDEX.fullmatch(part) else part


UNREADABLE = object()
"""The payload of a row that could not be read (its report says why)."""


def read_rows(stream: TextIO, *, fmt: str) -> Iterator[tuple[int, object, Report]]:
    """Rows of a bulk file as (row number, JSON data or None, report of reading problems).

    ``fmt`` is ``"jsonl"``, ``"json"`` (one object or an array) or ``"csv"``. Streams line by
    line for JSON Lines and CSV.
    """
    if fmt == "jsonl":
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                yield number, json.loads(line), Report()
            except json.JSONDecodeError as exc:
                yield number, UNREADABLE, Report.of([BAD_ROW.problem(f"Not JSON: {exc.msg}")])
            except RecursionError:
                yield number, UNREADABLE, Report.of([BAD_ROW.problem("JSON nested too deeply")])
    elif fmt == "csv":
        reader = csv.DictReader(stream)
        number = 1
        try:
            duplicates = _duplicate_columns(reader.fieldnames)
        except csv.Error as exc:
            yield number, UNREADABLE, Report.of([BAD_ROW.problem(f"Not CSV: {exc}")])
            return
        while True:
            number += 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:  # a malformed line: report it and read on
                yield number, UNREADABLE, Report.of([BAD_ROW.problem(f"Not CSV: {exc}")])
                continue
            payload, report = csv_row_to_payload(row)
            yield number, payload, duplicates + report
    elif fmt == "json":
        try:
            data = json.load(stream)
        except json.JSONDecodeError as exc:
            yield 1, UNREADABLE, Report.of([BAD_ROW.problem(f"Not JSON: {exc.msg}")])
            return
        except RecursionError:
            yield 1, UNREADABLE, Report.of([BAD_ROW.problem("JSON nested too deeply")])
            return
        items = data if isinstance(data, list) else [data]
        for number, item in enumerate(items, start=1):
            yield number, item, Report()
    else:
        raise ValueError(f"unknown format {fmt!r}: one of jsonl, json, csv")


def _duplicate_columns(names: Sequence[str] | None) -> Report:
    seen: set[str] = set()
    found = []
    for name in names or ():
        if name in seen:
            found.append(
                BAD_CELL.problem(
                    "The header names this column twice; only the last is read",
                    path=tuple(_path(name)),
                    values={"column": name[:100]},
                )
            )
        seen.add(name)
    return Report(problems=found)


def validate_rows(
    rows: Iterable[tuple[int, object, Report]], *, on: date, school: School | None = None
) -> Iterator[RowResult]:
    """Validate each row; a row that could not be read is reported and the rest go on."""
    for number, payload, read_report in rows:
        if payload is UNREADABLE:
            yield RowResult(row=number, report=read_report)
            continue
        report = read_report + validate_return(payload, on=on, school=school)
        pupil = payload.get("pupil") if isinstance(payload, dict) else None
        pupil_id = pupil.get("pupil_id") if isinstance(pupil, dict) else None
        yield RowResult(
            row=number,
            report=report,
            pupil_id=pupil_id if isinstance(pupil_id, str) else None,
        )


def write_report_json(results: Iterable[RowResult], out: TextIO) -> tuple[int, int]:
    """Write results as a JSON array, streaming; returns (rows, rows with errors)."""
    rows = bad = 0
    out.write("[")
    for result in results:
        out.write(",\n" if rows else "\n")
        json.dump(result.to_dict(), out)
        rows += 1
        bad += not result.report.is_valid
    out.write("\n]\n")
    return rows, bad


CSV_REPORT_COLUMNS = ("row", "pupil_id", "code", "severity", "json_path", "message", "citation")


def write_report_csv(results: Iterable[RowResult], out: TextIO) -> tuple[int, int]:
    """Write one CSV line per problem (a valid row gets one line with no code)."""
    writer = csv.writer(out)
    writer.writerow(CSV_REPORT_COLUMNS)
    rows = bad = 0
    for result in results:
        rows += 1
        bad += not result.report.is_valid
        if not result.report.problems:
            writer.writerow([result.row, result.pupil_id or "", "", "", "", "", ""])
        for p in result.report:
            writer.writerow(
                [
                    result.row,
                    result.pupil_id or "",
                    p.code,
                    p.severity.value,
                    p.json_path,
                    p.message,
                    p.citation or "",
                ]
            )
    return rows, bad


def to_text(result: RowResult) -> str:
    """One row's problems as plain text lines."""
    buf = io.StringIO()
    for p in result.report:
        buf.write(f"row {result.row}: {p}\n")
    return buf.getvalue()
