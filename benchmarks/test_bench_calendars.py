"""Benchmarks: school-day arithmetic must not slow down with the length of the calendar.

Every query is one lookup in a dense index from day ordinal to school-day position (built once
per calendar, on first use: the warm-up), so a 40-year calendar costs what a 1-year one does,
never a loop over its days. Each test times the same batch of calls on both calendars side by
side (best of several rounds, ``perf_counter``), asserts that the 40-year cost per call is
within 1.05x (``add_school_days``, the aim of issue 13) or 2x the 1-year cost, records both in
``benchmark.extra_info``, and then lets pytest-benchmark time one call on the 40-year calendar.
Building the calendars is outside every timed part.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from time import perf_counter
from typing import Any

import pytest

from cme_core.calendars import SchoolCalendar

from .conftest import RatioRecorder

ROUNDS = 15
CALLS = 2_000
MAX_RATIO = 2.0
# Issue 13: with a dense day-ordinal index every query is O(1), so the 40-year calendar may
# cost no more than 5% above the 1-year one per call.
MAX_RATIO_ADD_SCHOOL_DAYS = 1.05


@pytest.fixture(scope="module")
def one_year() -> SchoolCalendar:
    return SchoolCalendar.typical_english(2024, 2024)


@pytest.fixture(scope="module")
def forty_years() -> SchoolCalendar:
    return SchoolCalendar.typical_english(1990, 2029)


def _random_days(cal: SchoolCalendar, count: int, *, margin: int, seed: int) -> list[date]:
    """Calendar days spread over ``cal``, at least ``margin`` days inside each end."""
    rng = random.Random(seed)
    width = (cal.end - cal.start).days - 2 * margin
    return [cal.start + timedelta(days=margin + rng.randrange(width)) for _ in range(count)]


def _best_per_call(run: Callable[[], object], calls: int, rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        t0 = perf_counter()
        run()
        best = min(best, perf_counter() - t0)
    return best / calls


def _compare(small: Callable[[], object], large: Callable[[], object]) -> tuple[float, float]:
    """Best per-call seconds for each batch, rounds interleaved so both see the same machine."""
    small()  # warm up
    large()
    best_small = best_large = float("inf")
    for _ in range(ROUNDS):
        best_small = min(best_small, _best_per_call(small, CALLS, 1))
        best_large = min(best_large, _best_per_call(large, CALLS, 1))
    return best_small, best_large


def _record(benchmark: Any, name: str, small: float, large: float) -> float:
    ratio = large / small
    benchmark.extra_info[f"{name}_1y_ns_per_call"] = round(small * 1e9, 1)
    benchmark.extra_info[f"{name}_40y_ns_per_call"] = round(large * 1e9, 1)
    benchmark.extra_info[f"{name}_ratio_40y_over_1y"] = round(ratio, 3)
    return ratio


def test_add_school_days_cost_does_not_grow_with_calendar_length(
    benchmark: Any, one_year: SchoolCalendar, forty_years: SchoolCalendar, ratio: RatioRecorder
) -> None:
    rng = random.Random(1)
    steps = [rng.choice([-1, 1]) * rng.randint(1, 20) for _ in range(CALLS)]
    small_days = _random_days(one_year, CALLS, margin=40, seed=2)
    large_days = _random_days(forty_years, CALLS, margin=40, seed=3)
    small_args = list(zip(small_days, steps, strict=True))
    large_args = list(zip(large_days, steps, strict=True))
    add_small, add_large = one_year.add_school_days, forty_years.add_school_days

    def run_small() -> None:
        for d, n in small_args:
            add_small(d, n)

    def run_large() -> None:
        for d, n in large_args:
            add_large(d, n)

    measured = _record(benchmark, "add_school_days", *_compare(run_small, run_large))
    ratio(
        figure="add_school_days, 40-year calendar / 1-year calendar (per call)",
        measured=measured,
        target=MAX_RATIO_ADD_SCHOOL_DAYS,
    )

    result = benchmark(add_large, date(2010, 3, 3), 10)
    assert forty_years.school_days_between(date(2010, 3, 3), result) == 10


def test_school_days_between_cost_does_not_grow_with_calendar_length(
    benchmark: Any, one_year: SchoolCalendar, forty_years: SchoolCalendar, ratio: RatioRecorder
) -> None:
    rng = random.Random(4)
    gaps = [timedelta(days=rng.randint(-60, 60)) for _ in range(CALLS)]
    small_days = _random_days(one_year, CALLS, margin=60, seed=5)
    large_days = _random_days(forty_years, CALLS, margin=60, seed=6)
    small_args = [(d, d + g) for d, g in zip(small_days, gaps, strict=True)]
    large_args = [(d, d + g) for d, g in zip(large_days, gaps, strict=True)]
    between_small = one_year.school_days_between
    between_large = forty_years.school_days_between

    def run_small() -> None:
        for a, b in small_args:
            between_small(a, b)

    def run_large() -> None:
        for a, b in large_args:
            between_large(a, b)

    measured = _record(benchmark, "school_days_between", *_compare(run_small, run_large))
    ratio(
        figure="school_days_between, 40-year calendar / 1-year calendar (per call)",
        measured=measured,
        target=MAX_RATIO,
    )

    result = benchmark(between_large, date(2010, 3, 3), date(2010, 5, 28))
    assert result > 0
