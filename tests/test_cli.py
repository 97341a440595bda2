"""The command line, through a real subprocess (exit codes are part of the contract)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .test_submissions import GOOD


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cme_core", *args], capture_output=True, text=True, check=False
    )


def test_no_command_is_unusable() -> None:
    assert run().returncode == 2


def test_upn_exit_codes() -> None:
    assert run("upn", "B801200005001").returncode == 0
    bad = run("upn", "B207000016049", "--format", "json")
    assert bad.returncode == 1
    assert json.loads(bad.stdout)[0]["problems"][0]["code"] == "1510"


def test_validate_file(tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps(GOOD) + "\n", encoding="utf-8")
    assert run("validate", str(good), "--on", "2025-02-10").returncode == 0
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(GOOD) + "\n{oops\n", encoding="utf-8")
    result = run("validate", str(bad), "--on", "2025-02-10", "--format", "json")
    assert result.returncode == 1
    assert [r["is_valid"] for r in json.loads(result.stdout)] == [True, False]
    report = tmp_path / "report.csv"
    assert (
        run("validate", str(bad), "--on", "2025-02-10", "--report-csv", str(report)).returncode == 1
    )
    assert "CME-FILE-001" in report.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "args",
    [
        ("validate", "/no/such/file.jsonl", "--on", "2025-02-10"),
        ("validate", "x.jsonl"),
        ("obligations", "/no/such/register.json", "--on", "2025-02-10"),
        ("deadline", "new-pupil"),
        ("deadline", "new-pupil", "--entered", "2015-01-01"),
        ("age", "2015-02-30", "--on", "2025-01-01"),
    ],
)
def test_unusable_input_exits_2(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_deadline_and_schema() -> None:
    result = run("deadline", "new-pupil", "--entered", "2025-03-28", "--format", "json")
    assert result.returncode == 0
    assert json.loads(result.stdout)["ends_at"] == "2025-04-03T00:00:00+01:00"
    schema = json.loads(run("schema", "return").stdout)
    assert schema["$schema"].endswith("2020-12/schema")


def test_obligations_from_a_register_file(tmp_path: Path) -> None:
    register = {
        "school": {"laestab": "8012000", "name": "Example", "kind": "academy"},
        "admissions": [
            {
                "pupil_id": "P1",
                "events": [
                    {"type": "entered", "on": "2025-01-06", "pupil": {"pupil_id": "P1"}},
                ],
            }
        ],
    }
    path = tmp_path / "register.json"
    path.write_text(json.dumps(register), encoding="utf-8")
    ok = run("obligations", str(path), "--on", "2025-01-08", "--format", "json")
    assert ok.returncode == 0
    assert json.loads(ok.stdout)[0]["status"] == "due"
    late = run("obligations", str(path), "--on", "2025-01-12")
    assert late.returncode == 1
    assert "overdue" in late.stdout


def test_demo_runs() -> None:
    assert run("demo").returncode == 0
    assert run("demo", "--format", "json").returncode == 0
