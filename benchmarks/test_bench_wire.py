"""The wire stage and content checks at the speed of parsing (issue 13).

Three figures, each a ratio against the best baseline measured in the same run (best of
several repeats, so a busy machine inflates both sides alike):

* ``validate_return`` on a dict / ``json.loads`` of the same text, valid deletion return;
* (``json.loads`` + ``validate_return``) / ``json.loads``, over deletion returns (valid and
  invalid, as a bulk file holds them);
* bulk validation of a CSV file per row / of the same returns as JSON Lines per row.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from pytest_benchmark.fixture import BenchmarkFixture

from cme_core.submissions import read_rows, validate_return, validate_rows

from .conftest import RatioRecorder, best_time
from .test_bench_returns import ON, PAYLOAD

INVALID: list[dict[str, Any]] = [
    {**PAYLOAD, "deleted_on": "2025-02-31"},  # not a date (wire)
    {**PAYLOAD, "ground": "9(9)(z)"},  # unknown ground (content)
    {**PAYLOAD, "pupil": {**PAYLOAD["pupil"], "upn": "X801200005001"}},  # bad UPN (content)
]
"""Invalid deletion returns: one a wire problem, two content problems."""


def _flatten(value: object, prefix: str = "") -> Iterator[tuple[str, object]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _flatten(item, f"{prefix}{key}.")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _flatten(item, f"{prefix}{i}.")
    else:
        yield prefix[:-1], value


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def test_validate_dict_vs_json_loads(benchmark: BenchmarkFixture, ratio: RatioRecorder) -> None:
    text = json.dumps(PAYLOAD)
    payload = json.loads(text)
    assert validate_return(payload, on=ON).problems == ()
    parse = best_time(lambda: json.loads(text), repeat=9, number=2000)
    check = best_time(lambda: validate_return(payload, on=ON), repeat=9, number=2000)
    benchmark.extra_info.update(json_loads_us=parse * 1e6, validate_us=check * 1e6)
    benchmark(validate_return, payload, on=ON)
    ratio(
        figure="validate_return(dict) / json.loads of the same text, valid deletion return",
        measured=check / parse,
        target=3,
    )


def test_json_text_in(benchmark: BenchmarkFixture, ratio: RatioRecorder) -> None:
    texts = [json.dumps(PAYLOAD)] * 7 + [json.dumps(p) for p in INVALID]
    assert sum(bool(validate_return(json.loads(t), on=ON).errors) for t in texts) == 3

    def parse() -> None:
        for text in texts:
            json.loads(text)

    def parse_and_validate() -> None:
        for text in texts:
            validate_return(json.loads(text), on=ON)

    base = best_time(parse, repeat=9, number=300)
    full = best_time(parse_and_validate, repeat=9, number=300)
    benchmark.extra_info.update(json_loads_us=base * 1e6, both_us=full * 1e6)
    benchmark(parse_and_validate)
    ratio(
        figure="(json.loads + validate_return) / json.loads, deletion returns (7 valid, 3 not)",
        measured=full / base,
        target=4,
    )


def _files(n: int) -> tuple[str, str]:
    rows = [PAYLOAD if i % 10 else INVALID[i // 10 % len(INVALID)] for i in range(n)]
    jsonl = "".join(json.dumps(r) + "\n" for r in rows)
    flat = [dict(_flatten(r)) for r in rows]
    header = list(dict.fromkeys(k for row in flat for k in row))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in flat:
        writer.writerow([_cell(row[k]) if k in row else "" for k in header])
    return jsonl, out.getvalue()


def _bulk(text: str, fmt: str) -> int:
    return sum(1 for r in validate_rows(read_rows(io.StringIO(text), fmt=fmt), on=ON) if r.report)


def test_bulk_csv_vs_jsonl(benchmark: BenchmarkFixture, ratio: RatioRecorder) -> None:
    jsonl, csv_text = _files(2_000)
    assert _bulk(jsonl, "jsonl") == _bulk(csv_text, "csv") == 200
    t_jsonl = best_time(lambda: _bulk(jsonl, "jsonl"), repeat=5)
    t_csv = best_time(lambda: _bulk(csv_text, "csv"), repeat=5)
    benchmark.extra_info.update(jsonl_s=t_jsonl, csv_s=t_csv)
    benchmark.pedantic(_bulk, args=(csv_text, "csv"), rounds=1, iterations=1)  # type: ignore[no-untyped-call]
    ratio(
        figure="bulk CSV per row / bulk JSONL per row, the same deletion returns",
        measured=t_csv / t_jsonl,
        target=1.3,
    )
