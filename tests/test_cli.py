"""The command line, through a real subprocess (exit codes, stdout and stderr are its contract)."""

from __future__ import annotations

import contextlib
import csv
import fcntl
import io
import json
import os
import pty
import shutil
import struct
import subprocess
import sys
import termios
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

import cme_core
from cme_core import cli
from cme_core.submissions import CSV_REPORT_COLUMNS

from .test_submissions import GOOD

ON = "2025-02-10"


def run(*args: str, stdin: str | bytes | None = None) -> subprocess.CompletedProcess[str]:
    """``cme ARGS`` in a fresh interpreter; stdin from ``stdin`` (bytes or text)."""
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    result = subprocess.run(
        [sys.executable, "-m", "cme_core", *args],
        capture_output=True,
        input=data,
        check=False,
    )
    out = result.stdout.decode("utf-8")
    err = result.stderr.decode("utf-8")
    assert "Traceback" not in err, err
    return subprocess.CompletedProcess(result.args, result.returncode, out, err)


def run_into_closed_pipe(*args: str) -> subprocess.CompletedProcess[str]:
    """``cme ARGS | (a reader that has already gone away)``."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # no reader left: every write to the pipe fails with EPIPE
    try:
        result = subprocess.run(
            [sys.executable, "-m", "cme_core", *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            check=False,
            text=True,
        )
    finally:
        os.close(write_end)
    return subprocess.CompletedProcess(result.args, result.returncode, "", result.stderr)


def run_on_terminal(*args: str) -> str:
    """What ``cme ARGS`` writes on stderr when stderr is a terminal (a pseudo-terminal)."""
    primary, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    with subprocess.Popen(
        [sys.executable, "-m", "cme_core", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=secondary,
    ) as proc:
        os.close(secondary)
        chunks = []
        while True:
            try:
                chunk = os.read(primary, 4096)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        proc.wait()
    os.close(primary)
    return b"".join(chunks).decode("utf-8", "replace")


def jsonl(*payloads: Any) -> str:
    return "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in payloads)


def with_pupil_id(pupil_id: str) -> dict[str, Any]:
    payload: dict[str, Any] = json.loads(json.dumps(GOOD))
    payload["pupil"]["pupil_id"] = pupil_id
    return payload


BAD = with_pupil_id("P2")
BAD["pupil"]["upn"] = "B207000016049"  # fails the check letter: census rule 1510, an error

# GOOD as a CSV row, with the column `deleted_on` first (where Excel's BOM lands)
CSV_HEADER = (
    "deleted_on,kind,regime,school_laestab,ground,pupil.pupil_id,pupil.full_name,pupil.upn,"
    "pupil.date_of_birth,pupil.address.lines.0,pupil.address.postcode,"
    "pupil.parents.0.full_name,pupil.parents.0.address.lines.0,pupil.parents.0.address.postcode,"
    "pupil.parents.0.lives_with_pupil,pupil.parents.0.emergency_phones.0.number"
)
CSV_ROW = (
    "2025-02-03,deletion,2024,8012000,9(1)(g),P1,Sentinel Childname,B801200005001,2015-10-01,"
    "1 Sentinel Road,SW1A 1AA,Sentinel Parentname,1 Sentinel Road,SW1A 1AA,true,07700 900999"
)


@pytest.fixture
def good_file(tmp_path: Path) -> Path:
    path = tmp_path / "good.jsonl"
    path.write_text(jsonl(GOOD), encoding="utf-8")
    return path


@pytest.fixture
def mixed_file(tmp_path: Path) -> Path:
    path = tmp_path / "mixed.jsonl"
    path.write_text(jsonl(GOOD, BAD), encoding="utf-8")
    return path


# --- every command: exit codes and the stdout / stderr split ------------------------------------


def test_no_command_is_unusable() -> None:
    result = run()
    assert result.returncode == 2
    assert result.stdout == ""
    assert "usage: cme" in result.stderr


def test_help_and_version_exit_0() -> None:
    assert run("--help").returncode == 0
    version = run("--version")
    assert (version.returncode, version.stdout.strip()) == (0, f"cme_core {cme_core.__version__}")


def test_upn_exit_codes() -> None:
    assert run("upn", "B801200005001").returncode == 0
    bad = run("upn", "B207000016049", "--format", "json")
    assert bad.returncode == 1
    assert json.loads(bad.stdout)[0]["problems"][0]["code"] == "1510"


def test_upn_escapes_control_characters() -> None:
    result = run("upn", "B80\x1b[31m1200005001\r")
    assert result.returncode == 1
    assert "\x1b" not in result.stdout
    assert "\r" not in result.stdout
    assert "\\x1b[31m" in result.stdout


def test_deadline_and_schema() -> None:
    result = run("deadline", "new-pupil", "--entered", "2025-03-28", "--format", "json")
    assert result.returncode == 0
    assert json.loads(result.stdout)["ends_at"] == "2025-04-03T00:00:00+01:00"
    schema = run("schema", "return")
    assert schema.returncode == 0
    assert json.loads(schema.stdout)["$schema"].endswith("2020-12/schema")


def test_schema_as_text_is_refused() -> None:
    result = run("schema", "return", "--format", "text")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "--format" in result.stderr


def test_grounds_and_demo() -> None:
    assert run("grounds", "--on", "2025-01-06").returncode == 0
    assert run("demo").returncode == 0
    demo = run("demo", "--format", "json")
    assert demo.returncode == 0
    json.loads(demo.stdout)


@pytest.mark.parametrize(
    "args",
    [
        ("validate", "/no/such/file.jsonl", "--on", ON),
        ("validate", "x.jsonl"),
        ("obligations", "/no/such/register.json", "--on", ON),
        ("deadline", "new-pupil"),
        ("deadline", "new-pupil", "--entered", "2015-01-01"),
        ("age", "2015-02-30", "--on", "2025-01-01"),
        ("age", "2015-02-01", "--on", "yesterday"),
        ("upn",),
        ("frobnicate",),
        ("completion", "powershell"),
    ],
)
def test_unusable_input_exits_2(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip()


# --- a closed pipe -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("schema", "return"), 0),
        (("demo", "--format", "json"), 0),
        (("grounds",), 0),
        (("upn", "B207000016049"), 1),
    ],
)
def test_a_closed_pipe_ends_quietly(args: tuple[str, ...], code: int) -> None:
    # `cme schema return | head -5` said "cme: unusable input (BrokenPipeError)", exit 2
    result = run_into_closed_pipe(*args)
    assert (result.returncode, result.stderr) == (code, "")


def test_a_closed_pipe_keeps_the_exit_code_the_rows_earned(
    good_file: Path, mixed_file: Path
) -> None:
    assert run_into_closed_pipe("validate", str(good_file), "--on", ON).returncode == 0
    # the bad row is counted before its line is written (and fails to be)
    bad = run_into_closed_pipe("validate", str(mixed_file), "--on", ON)
    assert (bad.returncode, bad.stderr) == (1, "")
    as_json = run_into_closed_pipe("validate", str(mixed_file), "--on", ON, "--format", "json")
    assert (as_json.returncode in {0, 1}, as_json.stderr) == (True, "")


# --- cme validate: inputs ------------------------------------------------------------------------


def test_validate_file(tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps(GOOD) + "\n", encoding="utf-8")
    assert run("validate", str(good), "--on", ON).returncode == 0
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(GOOD) + "\n{oops\n", encoding="utf-8")
    result = run("validate", str(bad), "--on", ON, "--format", "json")
    assert result.returncode == 1
    assert [r["is_valid"] for r in json.loads(result.stdout)["rows"]] == [True, False]
    report = tmp_path / "report.csv"
    assert run("validate", str(bad), "--on", ON, "--report-csv", str(report)).returncode == 1
    assert "CME-FILE-001" in report.read_text(encoding="utf-8-sig")


def test_excel_csv_with_a_byte_order_mark(tmp_path: Path) -> None:
    # the first column arrived as '\ufeffdeleted_on' and was reported missing
    path = tmp_path / "excel.csv"
    path.write_bytes(b"\xef\xbb\xbf" + f"{CSV_HEADER}\r\n{CSV_ROW}\r\n".encode())
    result = run("validate", str(path), "--on", ON)
    assert result.returncode == 0, result.stdout
    assert "deleted_on" not in result.stdout


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_json_with_a_byte_order_mark(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"bom{suffix}"
    text = json.dumps(GOOD) + "\n"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    assert run("validate", str(path), "--on", ON).returncode == 0


def test_standard_input(good_file: Path) -> None:
    # `cme validate - --on ...` looked for a file named "-"
    text = good_file.read_text(encoding="utf-8")
    result = run("validate", "-", "--input-format", "jsonl", "--on", ON, stdin=text)
    assert result.returncode == 0
    assert "1 row(s) checked, 0 with errors" in result.stdout
    csv_in = run("validate", "-", "--input-format", "csv", "--on", ON, stdin=CSV_HEADER + "\n")
    assert csv_in.returncode == 2  # a header and no rows


def test_standard_input_needs_a_format(good_file: Path) -> None:
    text = good_file.read_text(encoding="utf-8")
    result = run("validate", "-", "--on", ON, stdin=text)
    assert result.returncode == 2
    assert "--input-format" in result.stderr


@pytest.mark.parametrize("name", ["returns.txt", "returns", "returns.xlsx"])
def test_an_unknown_suffix_is_refused(tmp_path: Path, name: str) -> None:
    # a .txt file was silently read as JSON Lines
    path = tmp_path / name
    path.write_text(jsonl(GOOD), encoding="utf-8")
    result = run("validate", str(path), "--on", ON)
    assert result.returncode == 2
    assert result.stdout == ""
    assert name in result.stderr
    assert ".json, .jsonl, .ndjson or .csv" in result.stderr
    assert run("validate", str(path), "--on", ON, "--input-format", "jsonl").returncode == 0


@pytest.mark.parametrize("suffix", [".JSONL", ".ndjson"])
def test_suffixes_in_any_case(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"returns{suffix}"
    path.write_text(jsonl(GOOD), encoding="utf-8")
    assert run("validate", str(path), "--on", ON).returncode == 0


def test_a_file_that_is_not_utf8_is_refused_by_name_and_place(tmp_path: Path) -> None:
    # said "the input is not UTF-8 text", with no file name or line
    path = tmp_path / "latin.json"
    text = json.dumps(with_pupil_id("P1"), indent=1).replace("Sentinel Road", "Café Road")
    path.write_bytes(text.encode("cp1252"))
    line = next(i for i, t in enumerate(text.splitlines(), start=1) if "Café" in t)
    result = run("validate", str(path), "--on", ON)
    assert result.returncode == 2
    assert "latin.json" in result.stderr
    assert f"line {line}" in result.stderr
    assert "column" in result.stderr
    assert "1252" in result.stderr or "Latin-1" in result.stderr
    assert "Café" not in result.stderr


def test_one_line_that_is_not_utf8_is_a_row_problem(tmp_path: Path) -> None:
    path = tmp_path / "mostly.jsonl"
    lines = (
        jsonl(GOOD).encode() + jsonl(with_pupil_id("Pé")).encode("cp1252") + jsonl(GOOD).encode()
    )
    path.write_bytes(lines)
    result = run("validate", str(path), "--on", ON, "--format", "json")
    assert result.returncode == 1
    rows = json.loads(result.stdout)["rows"]
    assert [r["is_valid"] for r in rows] == [True, False, True]
    assert rows[1]["problems"][0]["values"]["line"] == 2


def test_a_json_file_that_is_not_json_is_unusable(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    result = run("validate", str(path), "--on", ON)
    assert result.returncode == 2
    assert "broken.json" in result.stderr


def test_an_empty_file_is_unusable(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text("", encoding="utf-8")
    result = run("validate", str(path), "--on", ON)
    assert result.returncode == 2
    assert "empty.jsonl holds no rows" in result.stderr


def test_several_files_each_under_its_own_name(tmp_path: Path) -> None:
    first = tmp_path / "first.jsonl"
    first.write_text(jsonl(GOOD), encoding="utf-8")
    second = tmp_path / "second.csv"
    second.write_text(
        f"{CSV_HEADER}\n{CSV_ROW.replace('B801200005001', 'B207000016049')}\n", encoding="utf-8"
    )
    text = run("validate", str(first), str(second), "--on", ON)
    assert text.returncode == 1
    assert f"{second} row 2 (pupil P1): ERROR" in text.stdout
    assert f"{first}: 1 row(s), 0 with errors" in text.stdout
    as_json = json.loads(
        run("validate", str(first), str(second), "--on", ON, "--format", "json").stdout
    )
    assert [r["file"] for r in as_json["rows"]] == [str(first), str(second)]
    assert [f["format"] for f in as_json["summary"]["files"]] == ["jsonl", "csv"]


def test_one_missing_file_among_several(good_file: Path, tmp_path: Path) -> None:
    missing = tmp_path / "missing.jsonl"
    result = run("validate", str(good_file), str(missing), "--on", ON, "--format", "json")
    assert result.returncode == 2
    assert f"cannot read {missing}" in result.stderr
    summary = json.loads(result.stdout)["summary"]
    assert (summary["rows"], summary["unusable_files"], summary["exit_code"]) == (1, 1, 2)


# --- cme validate: outputs -----------------------------------------------------------------------


def test_json_output_is_one_object_with_its_provenance(mixed_file: Path) -> None:
    # `--format json` was a bare array: no version, schema version, day judged on or summary
    result = run("validate", str(mixed_file), "--on", ON, "--format", "json")
    assert result.returncode == 1
    document = json.loads(result.stdout)
    assert list(document) == ["tool", "version", "schema_version", "judged_on", "rows", "summary"]
    assert document["tool"] == "cme"
    assert document["version"] == cme_core.__version__
    assert document["schema_version"] == cli.OUTPUT_SCHEMA_VERSION
    assert document["judged_on"] == ON
    assert document["summary"]["rows"] == 2
    assert document["summary"]["with_errors"] == 1
    assert [(r["row"], r["pupil_id"]) for r in document["rows"]] == [(1, "P1"), (2, "P2")]


def test_json_lines_output_streams_rows_then_a_summary(mixed_file: Path) -> None:
    result = run("validate", str(mixed_file), "--on", ON, "--format", "jsonl")
    assert result.returncode == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["type"] for line in lines] == ["row", "row", "summary"]
    assert lines[-1]["judged_on"] == ON
    assert lines[-1]["summary"]["with_errors"] == 1


def test_text_output_names_each_row_by_number_and_pupil(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_text(jsonl(GOOD, {**BAD, "pupil": {**BAD["pupil"], "pupil_id": "\x1b]0;x\x07"}}))
    result = run("validate", str(path), "--on", ON)
    assert result.returncode == 1
    assert f"{path} row 2 (pupil \\x1b]0;x\\x07): ERROR" in result.stdout
    assert "\x1b" not in result.stdout
    assert "row 1" not in result.stdout
    assert "row 1 (pupil P1): valid" in run("validate", str(path), "--on", ON, "--all-rows").stdout


def test_on_today_is_the_day_in_england(good_file: Path) -> None:
    before = datetime.now(ZoneInfo("Europe/London")).date().isoformat()
    result = run("validate", str(good_file), "--on", "today", "--format", "json")
    after = datetime.now(ZoneInfo("Europe/London")).date().isoformat()
    assert result.returncode == 0
    assert json.loads(result.stdout)["judged_on"] in {before, after}


def test_on_stays_required(good_file: Path) -> None:
    result = run("validate", str(good_file))
    assert result.returncode == 2
    assert "--on" in result.stderr


def read_csv_report(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def test_csv_report_lists_problems_only_unless_all_rows(mixed_file: Path, tmp_path: Path) -> None:
    # every valid row got an empty line
    report = tmp_path / "report.csv"
    assert run("validate", str(mixed_file), "--on", ON, "--report-csv", str(report)).returncode == 1
    header, *lines = read_csv_report(report)
    assert header == ["input_file", *CSV_REPORT_COLUMNS]
    assert lines
    assert all(line[header.index("input_file")] == str(mixed_file) for line in lines)
    assert all(line[header.index("input_row")] == "2" for line in lines)
    assert all(line[header.index("problem_code")] for line in lines)
    args = ("validate", str(mixed_file), "--on", ON, "--report-csv", str(report), "--all-rows")
    assert run(*args).returncode == 1
    _, *every = read_csv_report(report)
    assert {line[header.index("input_row")] for line in every} == {"1", "2"}


def test_csv_report_cells_cannot_inject_formulas(tmp_path: Path) -> None:
    path = tmp_path / "hostile.jsonl"
    hostile = '=HYPERLINK("http://x","y")'
    path.write_text(jsonl({**BAD, "pupil": {**BAD["pupil"], "pupil_id": hostile}}))
    report = tmp_path / "report.csv"
    assert run("validate", str(path), "--on", ON, "--report-csv", str(report)).returncode == 1
    _, *lines = read_csv_report(report)
    cells = [cell for line in lines for cell in line]
    assert any("HYPERLINK" in cell for cell in cells)
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)


def test_csv_report_may_not_overwrite_an_input(good_file: Path) -> None:
    result = run("validate", str(good_file), "--on", ON, "--report-csv", str(good_file))
    assert result.returncode == 2
    assert json.loads(good_file.read_text(encoding="utf-8")) == GOOD


def test_csv_report_that_cannot_be_written(good_file: Path, tmp_path: Path) -> None:
    result = run("validate", str(good_file), "--on", ON, "--report-csv", str(tmp_path))
    assert result.returncode == 2
    assert "cannot write" in result.stderr


def test_reader_limits_from_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "sparse.jsonl"
    path.write_text(jsonl({"kind": "deletion"}), encoding="utf-8")  # many fields missing
    args = ("validate", str(path), "--on", ON, "--format", "json")
    full = json.loads(run(*args).stdout)["rows"][0]["problems"]
    capped = json.loads(run(*args, "--max-problems-per-row", "1").stdout)["rows"][0]["problems"]
    assert len(full) > 2
    assert len(capped) < len(full)
    assert capped[0] == full[0]
    assert any("more problem" in p["message"] for p in capped)
    bad = run(*args, "--max-depth", "many")
    assert bad.returncode == 2
    assert "many" not in bad.stderr


def test_progress_on_a_terminal_only(tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    path.write_text(jsonl(*[with_pupil_id(f"P{i}") for i in range(300)]), encoding="utf-8")
    shown = run_on_terminal("validate", str(path), "--on", ON)
    assert "B/s" in shown  # a rate, against the file's size
    assert "%" in shown
    assert run_on_terminal("validate", str(path), "--on", ON, "--quiet") == ""
    assert run("validate", str(path), "--on", ON).stderr == ""


# --- cme obligations -----------------------------------------------------------------------------

SCHOOL = {"laestab": "8012000", "name": "Example", "kind": "academy"}
PUPIL = {"pupil_id": "P1", "full_name": "Sentinel Childname", "date_of_birth": "2015-10-01"}


def register_file(tmp_path: Path, *events: dict[str, Any], pupil_id: str = "P1") -> Path:
    register = {"school": SCHOOL, "admissions": [{"pupil_id": pupil_id, "events": list(events)}]}
    path = tmp_path / "register.json"
    path.write_text(json.dumps(register), encoding="utf-8")
    return path


def entered(on: str, pupil_id: str = "P1") -> dict[str, Any]:
    return {"type": "entered", "starting_day": on, "pupil": {**PUPIL, "pupil_id": pupil_id}}


def deleted(on: str) -> dict[str, Any]:
    return {"type": "deleted", "on": on, "ground": "9(1)(g)"}


def test_obligations_from_a_register_file(tmp_path: Path) -> None:
    path = register_file(tmp_path, entered("2025-01-06"))
    ok = run("obligations", str(path), "--on", "2025-01-08", "--format", "json")
    assert ok.returncode == 0
    document = json.loads(ok.stdout)
    assert document["judged_on"] == "2025-01-08"
    assert document["obligations"][0]["status"] == "due"
    assert document["register"]["is_valid"]
    late = run("obligations", str(path), "--on", "2025-01-12")
    assert late.returncode == 1
    assert "overdue" in late.stdout


def test_obligations_reports_the_registers_problems_first(tmp_path: Path) -> None:
    # a deletion before the entry listed a deletion return without a word
    path = register_file(tmp_path, entered("2025-01-06"), deleted("2025-01-03"))
    result = run("obligations", str(path), "--on", "2025-01-07")
    assert result.returncode == 1
    assert result.stdout.startswith("register: ")
    assert "CME-REG-004" in result.stdout
    document = json.loads(
        run("obligations", str(path), "--on", "2025-01-07", "--format", "json").stdout
    )
    assert "CME-REG-004" in [p["code"] for p in document["register"]["problems"]]
    assert document["summary"]["register_errors"] >= 1


HISTORY = (entered("2025-01-06"), deleted("2025-03-03"))


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_returns_already_made(tmp_path: Path, suffix: str) -> None:
    # a register with history exited 1 for returns that had been made
    path = register_file(tmp_path, *HISTORY)
    assert run("obligations", str(path), "--on", "2025-04-01").returncode == 1
    rows = [
        {
            "pupil_id": "P1",
            "kind": "new_pupil",
            "triggered_on": "2025-01-06",
            "submitted_on": "2025-01-07",
        },
        {"pupil_id": "P1", "kind": "deletion", "submitted_on": "2025-03-03"},
    ]
    made = tmp_path / f"made{suffix}"
    if suffix == ".json":
        made.write_text(json.dumps(rows), encoding="utf-8")
    else:
        columns = ["pupil_id", "kind", "triggered_on", "submitted_on"]
        lines = [",".join(columns)] + [",".join(r.get(c, "") for c in columns) for r in rows]
        made.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(
        "obligations", str(path), "--on", "2025-04-01", "--made", str(made), "--format", "json"
    )
    assert result.returncode == 0
    document = json.loads(result.stdout)
    assert [o["status"] for o in document["obligations"]] == ["made_on_time", "made_on_time"]
    assert [o["submitted_on"] for o in document["obligations"]] == ["2025-01-07", "2025-03-03"]


def test_a_made_return_that_matches_nothing_is_listed(tmp_path: Path) -> None:
    path = register_file(tmp_path, entered("2025-01-06"))
    made = tmp_path / "made.csv"
    made.write_text(
        "pupil_id,kind,submitted_on\nP1,new_pupil,2025-01-07\nP9,deletion,2025-01-07\n",
        encoding="utf-8",
    )
    result = run("obligations", str(path), "--on", "2025-04-01", "--made", str(made))
    assert result.returncode == 0
    assert f"{made} row 3: matches no return owed" in result.stdout


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("made.csv", "pupil_id,kind,submitted_on\nP1,lunch,2025-01-07\n", "expected a kind"),
        ("made.csv", "pupil_id,kind,submitted_on\nP1,deletion,07/01/2025\n", "expected dates"),
        ("made.csv", "pupil_id,kind\nP1,deletion\n", "expected a submitted_on"),
        ("made.json", "[1]", "expected an object"),
        ("made.json", "[{", "row 1"),
        ("made.txt", "", "--made reads a .json, .jsonl, .ndjson or .csv file"),
    ],
)
def test_a_bad_made_file_is_unusable(
    tmp_path: Path, name: str, content: str, expected: str
) -> None:
    path = register_file(tmp_path, entered("2025-01-06"))
    made = tmp_path / name
    made.write_text(content, encoding="utf-8")
    result = run("obligations", str(path), "--on", "2025-04-01", "--made", str(made))
    assert result.returncode == 2
    assert expected in result.stderr
    assert "07/01/2025" not in result.stderr
    assert "lunch" not in result.stderr


def test_obligations_text_escapes_control_characters(tmp_path: Path) -> None:
    path = register_file(tmp_path, entered("2025-01-06", "P\x1b[2J"), pupil_id="P\x1b[2J")
    result = run("obligations", str(path), "--on", "2025-01-07")
    assert "P\\x1b[2J" in result.stdout
    assert "\x1b" not in result.stdout


def test_a_register_file_that_is_not_a_register(tmp_path: Path) -> None:
    path = tmp_path / "register.json"
    path.write_text('{"school": 3}', encoding="utf-8")
    result = run("obligations", str(path), "--on", "2025-01-07")
    assert result.returncode == 2
    assert "is not a usable school register" in result.stderr
    path.write_bytes(b'{"school": "caf\xe9"}')
    latin = run("obligations", str(path), "--on", "2025-01-07")
    assert latin.returncode == 2
    assert "line 1, column 16" in latin.stderr


# --- cme age: dates, and nothing personal echoed -------------------------------------------------


def test_age_with_a_birth_after_on_says_so() -> None:
    result = run("age", "2025-06-01", "--on", "2025-01-01")
    assert result.returncode == 1
    assert "not yet born" in result.stdout
    as_json = json.loads(run("age", "2025-06-01", "--on", "2025-01-01", "--format", "json").stdout)
    assert as_json["of_compulsory_school_age"] is False
    assert run("age", "2025-01-01", "--on", "2025-01-01").returncode == 0  # born that day


@pytest.mark.parametrize(
    "args",
    [
        ("age", "03/02/2011", "--on", "2025-01-01"),
        ("age", "2011-02-03", "--on", "03/02/2011"),
        ("age", "2011-02-03", "--on", "2025-01-01", "03/02/2011"),
        ("age", "2011-02-03", "--on", "2025-01-01", "--format", "03/02/2011"),
        ("age", "2011-02-03", "--on", "2025-01-01", "--quiet=03/02/2011"),
        ("upn", "B801200005001", "--format=03/02/2011"),
    ],
)
def test_errors_do_not_echo_what_was_sent(args: tuple[str, ...]) -> None:
    # `cme age 03/02/2011` printed the birth date on stderr
    result = run(*args)
    assert result.returncode == 2
    assert "03/02/2011" not in result.stderr
    assert "error:" in result.stderr


def test_error_messages_escape_control_characters(tmp_path: Path) -> None:
    name = tmp_path / "a\x1b[31mb.txt"
    result = run("validate", str(name), "--on", ON)
    assert result.returncode == 2
    assert "\x1b" not in result.stderr
    assert "a\\x1b[31mb.txt" in result.stderr


# --- shell completion ----------------------------------------------------------------------------


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts(shell: str, tmp_path: Path) -> None:
    result = run("completion", shell)
    assert result.returncode == 0
    assert "validate" in result.stdout
    assert "obligations" in result.stdout
    program = shutil.which(shell)
    if program and shell != "fish":
        script = tmp_path / f"cme.{shell}"
        script.write_text(result.stdout, encoding="utf-8")
        syntax = subprocess.run([program, "-n", str(script)], capture_output=True, check=False)
        assert syntax.returncode == 0, syntax.stderr


# --- in-process: a bug is reported without a traceback -------------------------------------------


@contextlib.contextmanager
def captured_stderr() -> Iterator[io.StringIO]:
    buffer = io.StringIO()
    with contextlib.redirect_stderr(buffer):
        yield buffer


def test_a_bug_is_reported_without_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(_args: object, _out: object) -> int:
        secret = {"full_name": "Sentinel Childname"}
        return int(secret["nope"])

    monkeypatch.setattr(cli, "cmd_upn", broken)
    with captured_stderr() as err:
        code = cli.main(["upn", "B801200005001"], out=io.StringIO())
    assert code == cli.EXIT_BUG
    assert "internal error (KeyError at test_cli.py" in err.getvalue()
    assert "Sentinel" not in err.getvalue()
    assert "Traceback" not in err.getvalue()
