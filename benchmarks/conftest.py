"""Benchmark support: every speed target is a *ratio* measured side by side in one run.

Benchmarks call the ``ratio`` fixture with the figure, the measured ratio and its target; it
asserts the target and records the row. At the end of the session the rows are written to
``benchmarks/RESULTS.md`` (by ``make bench``), so the summary always matches the last run.
"""

from __future__ import annotations

import platform
import time
from collections.abc import Callable
from pathlib import Path

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
        assert measured <= target, f"{figure}: measured {measured:.3f}, target <= {target}"

    return record


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if not _ROWS:
        return
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (pytest-benchmark). Each figure is a ratio measured side by "
        "side in one run, so it holds on a noisy machine; lower is better.",
        "",
        f"Python {platform.python_version()} on {platform.machine()}, {time.strftime('%Y-%m-%d')}.",
        "",
        "| figure | measured ratio | target | result |",
        "| --- | ---: | ---: | --- |",
    ]
    for _node, figure, measured, target in _ROWS:
        verdict = "met" if measured <= target else "MISSED"
        lines.append(f"| {figure} | {measured:.3f} | <= {target:g} | {verdict} |")
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
