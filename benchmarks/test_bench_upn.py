"""``upn.is_valid`` against ``stdnum.gb.upn.is_valid`` on the same 10,000 mixed UPNs.

Run with ``make bench``. The two benchmarks share a group so pytest-benchmark prints them side
by side. The cme_core benchmark also times both functions itself (best of several repeats with
``time.perf_counter``), records the ratio cme/stdnum in ``extra_info`` and fails if cme_core
is slower. python-stdnum is a bench-only dependency.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from cme_core.identifiers import upn

from .conftest import RatioRecorder

stdnum_upn = pytest.importorskip("stdnum.gb.upn")

GROUP = "upn.is_valid x 10,000 mixed"
LETTERS = upn.ALPHABET
# LA codes both libraries accept (python-stdnum's 2011 list lacks 001-005, 660-681, 820, 838,
# 839 and 940-943), so both must give the same answers on the mixed list.
SHARED_LA_CODES = ("201", "213", "302", "330", "352", "383", "420", "801", "850", "886", "936")
UNKNOWN_LA_CODES = ("000", "200", "214", "906", "944", "900", "999")


def _make(rng: random.Random, la: str, *, temporary: bool = False) -> str:
    body = la + "".join(rng.choice("0123456789") for _ in range(8))
    body += rng.choice(LETTERS) if temporary else rng.choice("0123456789")
    return upn.check_letter(body) + body


def mixed_upns(n: int = 10_000, seed: int = 20240819) -> list[str]:
    """A deterministic mix: 45% valid, 55% invalid in several ways."""
    rng = random.Random(seed)
    out: list[str] = []
    for i in range(n):
        kind = i % 20
        value = _make(rng, rng.choice(SHARED_LA_CODES), temporary=kind in (0, 1))
        if kind < 7:  # valid, permanent or temporary
            pass
        elif kind < 9:  # valid but lower case / spaced
            value = f" {value[:4].lower()} {value[4:]} "
        elif kind < 13:  # wrong check letter
            value = rng.choice(LETTERS.replace(value[0], "")) + value[1:]
        elif kind < 15:  # letter among the digits
            pos = rng.randrange(4, 12)
            value = value[:pos] + rng.choice(LETTERS) + value[pos + 1 :]
        elif kind < 17:  # unknown LA, check letter right
            value = _make(rng, rng.choice(UNKNOWN_LA_CODES))
        elif kind < 19:  # wrong length
            value = value[: rng.choice((0, 5, 12))] if rng.random() < 0.7 else value + "1"
        else:  # junk character at 13
            value = value[:12] + rng.choice("ISO*")
        out.append(value)
    rng.shuffle(out)
    return out


UPNS = mixed_upns()


def count_valid(func: Callable[[str], bool]) -> int:
    return sum(1 for value in UPNS if func(value))


def best_time(func: Callable[[str], bool], repeats: int = 7) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        count_valid(func)
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.benchmark(group=GROUP)
def test_bench_cme_upn_is_valid(benchmark: BenchmarkFixture, ratio: RatioRecorder) -> None:
    valid = benchmark(count_valid, upn.is_valid)
    assert valid == count_valid(stdnum_upn.is_valid)  # same answers on the shared list
    assert 0.3 * len(UPNS) < valid < 0.6 * len(UPNS)

    cme_seconds = best_time(upn.is_valid)
    stdnum_seconds = best_time(stdnum_upn.is_valid)
    measured = cme_seconds / stdnum_seconds
    benchmark.extra_info["ratio"] = round(measured, 4)
    benchmark.extra_info["cme_seconds"] = cme_seconds
    benchmark.extra_info["stdnum_seconds"] = stdnum_seconds
    ratio(
        figure="upn.is_valid / stdnum.gb.upn.is_valid, 10,000 mixed UPNs",
        measured=measured,
        target=1.0,
    )


@pytest.mark.benchmark(group=GROUP)
def test_bench_stdnum_upn_is_valid(benchmark: BenchmarkFixture) -> None:
    valid = benchmark(count_valid, stdnum_upn.is_valid)
    assert valid == count_valid(upn.is_valid)
