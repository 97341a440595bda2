"""Returns: single-payload validation speed, and streaming bulk validation.

* ``validate_return`` on a typical deletion return: at most 10x the time ``json.loads`` takes
  to parse the same payload's JSON text (both timed here, best of several repeats).
* Bulk validation streams: 10x the rows takes at most 11x the time (10,000 vs 100,000 rows),
  and memory stays flat: the peak traced allocation while validating 100,000 rows from a file
  and writing the report to a file is under 100 MB (tracemalloc, measured in its own pass so
  it does not distort the timing).
"""

from __future__ import annotations

import json
import tracemalloc
from datetime import date
from pathlib import Path
from typing import Any

from pytest_benchmark.fixture import BenchmarkFixture

from cme_core.submissions import read_rows, validate_return, validate_rows, write_report_csv

from .conftest import RatioRecorder, best_time

ON = date(2025, 2, 10)
PAYLOAD: dict[str, Any] = {
    "kind": "deletion",
    "regime": "2024",
    "school_laestab": "8012000",
    "pupil": {
        "pupil_id": "P1",
        "full_name": "Alex Example",
        "upn": "B801200005001",
        "date_of_birth": "2015-10-01",
        "sex": "F",
        "address": {"lines": ["1 Example Road", "Exampleton"], "postcode": "SW1A 1AA"},
        "parents": [
            {
                "full_name": "Sam Example",
                "address": {"lines": ["1 Example Road", "Exampleton"], "postcode": "SW1A 1AA"},
                "lives_with_pupil": True,
                "emergency_phones": [{"number": "07700 900123", "label": "mobile"}],
            }
        ],
    },
    "deleted_on": "2025-02-03",
    "ground": "9(1)(g)",
    "year_group": 4,
}


def test_validate_return_vs_json_loads(benchmark: BenchmarkFixture, ratio: RatioRecorder) -> None:
    text = json.dumps(PAYLOAD)
    payload = json.loads(text)
    assert validate_return(payload, on=ON).problems == ()
    parse = best_time(lambda: json.loads(text), repeat=7, number=2000)
    check = best_time(lambda: validate_return(payload, on=ON), repeat=7, number=2000)
    benchmark.extra_info.update(json_loads_us=parse * 1e6, validate_us=check * 1e6)
    benchmark(validate_return, payload, on=ON)
    ratio(
        figure="validate_return / json.loads, typical deletion return",
        measured=check / parse,
        target=10,
    )


def _write_rows(path: Path, n: int) -> None:
    line = json.dumps(PAYLOAD)
    broken = json.dumps({**PAYLOAD, "deleted_on": "2025-02-31"})
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            f.write((broken if i % 10 == 0 else line) + "\n")


def _bulk(src: Path, out: Path) -> tuple[int, int]:
    with src.open(encoding="utf-8") as stream, out.open("w", encoding="utf-8") as report:
        return write_report_csv(validate_rows(read_rows(stream, fmt="jsonl"), on=ON), report)


def test_bulk_is_linear_and_flat(
    benchmark: BenchmarkFixture, ratio: RatioRecorder, tmp_path: Path
) -> None:
    small, large = tmp_path / "small.jsonl", tmp_path / "large.jsonl"
    _write_rows(small, 10_000)
    _write_rows(large, 100_000)
    out = tmp_path / "report.csv"
    assert _bulk(small, out) == (10_000, 1_000)
    t_small = best_time(lambda: _bulk(small, out), repeat=3)
    t_large = best_time(lambda: _bulk(large, out), repeat=1)
    ratio(
        figure="bulk validation, 100,000 rows / 10,000 rows (time)",
        measured=t_large / t_small,
        target=11,
    )
    tracemalloc.start()
    try:
        _bulk(large, out)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    benchmark.extra_info.update(small_s=t_small, large_s=t_large, peak_mb=peak / 1e6)
    ratio(
        figure="bulk validation of 100,000 rows, peak traced memory / 100 MB",
        measured=peak / 100e6,
        target=1,
    )
    benchmark.pedantic(_bulk, args=(small, out), rounds=1, iterations=1)  # type: ignore[no-untyped-call]
