"""Benchmark support: every speed target is a *ratio* measured side by side in one run.

Benchmarks call the ``ratio`` fixture with the figure, the measured ratio and its target; it
records the row. A miss is written as MISSED in RESULTS.md and listed at the end of the run
(with ``CME_BENCH_STRICT=1`` it also fails the benchmark). At the end of the session the rows
are written to ``benchmarks/RESULTS.md`` (by ``make bench``).
"""

from __future__ import annotations

import os
import platform
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

RESULTS = Path(__file__).with_name("RESULTS.md")
_ROWS: list[tuple[str, str, float, float]] = []

RatioRecorder = Callable[..., None]


def best_time(fn: Callable[[], object], *, repeat: int = 5, number: int = 1) -> float:
    """The best wall time (seconds) of ``repeat`` runs of ``number`` calls of ``fn``."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        best = min(best, time.perf_counter() - start)
    return best / number


@pytest.fixture
def ratio(request: pytest.FixtureRequest) -> RatioRecorder:
    def record(*, figure: str, measured: float, target: float) -> None:
        _ROWS.append((request.node.nodeid, figure, measured, target))
        if os.environ.get("CME_BENCH_STRICT"):
            assert measured <= target, f"{figure}: measured {measured:.3f}, target <= {target}"

    return record


_SCRIPT_HEADING = "## Measured by script"
"""Everything from this heading on in RESULTS.md is written by hand (figures measured by a
script, too big for ``make bench``) and kept when the table is rewritten."""


def _previous_rows(text: str) -> dict[str, str]:
    """The table rows of an earlier RESULTS.md, by figure."""
    rows: dict[str, str] = {}
    for line in text.split(_SCRIPT_HEADING, 1)[0].splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and line.startswith("| ") and cells[0] not in ("figure", "---"):
            rows[cells[0]] = line
    return rows


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Rewrite the table in RESULTS.md: this run's rows replace the rows of the same figure,
    rows of benchmarks not run this time are kept, and the hand-written section stays."""
    if not _ROWS:
        return
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    rows = _previous_rows(old)
    for _node, figure, measured, target in _ROWS:
        verdict = "met" if measured <= target else "MISSED"
        rows[figure] = f"| {figure} | {measured:.3f} | <= {target:g} | {verdict} |"
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (pytest-benchmark). Each figure is a ratio measured side by "
        "side in one run, so it holds on a noisy machine; lower is better. A run of some of the "
        "benchmarks replaces their rows and keeps the others.",
        "",
        f"Python {platform.python_version()} on {platform.machine()}, last run "
        f"{time.strftime('%Y-%m-%d')}.",
        "",
        "| figure | measured ratio | target | result |",
        "| --- | ---: | ---: | --- |",
        *rows.values(),
    ]
    text = "\n".join(lines) + "\n"
    if _SCRIPT_HEADING in old:
        text += "\n" + _SCRIPT_HEADING + old.split(_SCRIPT_HEADING, 1)[1]
    RESULTS.write_text(text, encoding="utf-8")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """List the figures that missed their target."""
    missed = [(figure, m, t) for _node, figure, m, t in _ROWS if m > t]
    for figure, measured, target in missed:
        terminalreporter.write_line(f"MISSED: {figure}: {measured:.3f} (target <= {target:g})")
