"""Benchmarks: the Arrow path (cme_core.frames) against bare Arrow passes over the same data.

The data: one school year of compact marks per pupil, 2 September 2024 to 18 July 2025
(320 calendar days, 190 school days of an illustrative calendar: 380 marks a pupil, 640
characters with the ``-`` of weekends and holidays), generated with numpy from a fixed seed:
mostly present, with absences at a rate drawn per pupil, every pupil's string distinct. The
suite runs a scaled size (``PUPILS``); the full figure (1,000,000 pupils, 380 million marks)
is measured by ``benchmarks/frames_at_scale.py`` and recorded in ``RESULTS.md``.

What is measured, and against what (best of several rounds, the two sides interleaved):

(a) **Summaries against the floor.** :func:`cme_core.frames.summarise` (every bucket, every
    code, rates and flags, the by-code maps) against a bare ``pyarrow.compute.count_substring``
    pass per code over the same marks array (the issue's floor): at most 2x. The summary
    counts with one numpy histogram of the bytes instead, so it is also measured against the
    best bare baseline, a bare ``numpy.bincount`` pass over the same bytes: at most 3x.
(b) **Memory.** The peak memory of the summary beyond its input: the Arrow memory pool's peak
    (a fresh proxy pool) plus the peak of Python and numpy allocations (``tracemalloc``), over
    the input table's size: at most 1.5x.
(c) **Long to wide.** :func:`cme_core.frames.from_long` over one row per pupil-session
    against a bare Arrow sort of the same table by (laestab, pupil_id, date, session) plus a
    group-by (laestab, pupil_id): at most 3x. Rows per second are recorded.
"""

from __future__ import annotations

import gc
import tracemalloc
from collections.abc import Callable
from datetime import date, timedelta
from time import perf_counter
from typing import Any

import pytest

pa = pytest.importorskip("pyarrow")
pc = pytest.importorskip("pyarrow.compute")
np = pytest.importorskip("numpy")

from cme_core import frames  # noqa: E402
from cme_core.calendars import SchoolCalendar  # noqa: E402
from cme_core.frames._kernel import CHARS  # noqa: E402

from .conftest import RatioRecorder  # noqa: E402

START = date(2024, 9, 2)
END = date(2025, 7, 18)
CALENDAR = SchoolCalendar.typical_english(2024, 2024)
PUPILS = 50_000
LONG_PUPILS = 2_000
MAX_RATIO_TO_FLOOR = 2.0
MAX_RATIO_TO_BEST = 3.0
MAX_MEMORY_RATIO = 1.5
MAX_LONG_RATIO = 3.0

_ABSENCE = np.frombuffer(b"IIIIMNNOGUCaEBK", dtype=np.uint8)


def make_marks(pupils: int, *, seed: int) -> Any:
    """A wide table of ``pupils`` distinct school years (one byte a mark, numpy-built)."""
    rng = np.random.default_rng(seed)
    days = (END - START).days + 1
    school = np.zeros(2 * days, dtype=bool)
    for d in CALENDAR.school_days(START, END):
        i = 2 * (d - START).days
        school[i : i + 2] = True
    grid = np.full((pupils, 2 * days), ord("-"), dtype=np.uint8)
    present = np.tile(np.frombuffer(b"/\\", dtype=np.uint8), days)
    grid[:, school] = present[school]
    rate = rng.choice([0.01, 0.03, 0.05, 0.08, 0.12, 0.2, 0.35, 0.6], size=(pupils, 1))
    absent = (rng.random((pupils, 2 * days)) < rate) & school
    grid[absent] = _ABSENCE[rng.integers(0, len(_ABSENCE), size=int(absent.sum()))]
    offsets = np.arange(0, (pupils + 1) * 2 * days, 2 * days, dtype=np.int32)
    marks = pa.StringArray.from_buffers(pupils, pa.py_buffer(offsets), pa.py_buffer(grid))
    return pa.table(
        {
            "laestab": pa.array(["8881234"] * pupils, pa.string()),
            "pupil_id": pa.array([f"P{i:07d}" for i in range(pupils)], pa.string()),
            "first_day": pa.array([START] * pupils, pa.date32()),
            "marks": marks,
        }
    )


def floor_pass(marks: Any) -> None:
    """The floor: one count_substring pass per compact code over the marks."""
    for char in (*CHARS, "-", "?"):
        pc.count_substring(marks, char)


def bincount_pass(marks: Any) -> None:
    """The best bare baseline: one numpy histogram of every row's bytes (row * 256 + byte,
    int32 keys, 2 MiB blocks), with nothing read from it."""
    offsets = np.frombuffer(marks.buffers()[1], dtype=np.int32)[: len(marks) + 1].astype(np.int64)
    data = np.frombuffer(marks.buffers()[2], dtype=np.uint8)
    sizes = np.diff(offsets)
    lo, n, block = 0, len(marks), 1 << 21
    while lo < n:
        end = int(np.searchsorted(offsets, offsets[lo] + block, side="right")) - 1
        hi = min(max(end, lo + 1), n)
        keys = np.repeat(np.arange(hi - lo, dtype=np.int32), sizes[lo:hi])
        keys *= 256
        keys += data[offsets[lo] : offsets[hi]]
        np.bincount(keys, minlength=(hi - lo) * 256)
        lo = hi


def _interleaved(runs: dict[str, Callable[[], object]], rounds: int) -> dict[str, float]:
    for run in runs.values():
        run()
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(rounds):
        for name, run in runs.items():
            gc.collect()
            t0 = perf_counter()
            run()
            best[name] = min(best[name], perf_counter() - t0)
    return best


@pytest.fixture(scope="module")
def wide() -> Any:
    return make_marks(PUPILS, seed=7)


def test_the_data_is_a_school_year(wide: Any) -> None:
    assert len(CALENDAR.school_days(START, END)) == 190
    marks = wide["marks"].combine_chunks()
    assert pc.sum(pc.count_substring(marks, "-")).as_py() == PUPILS * (640 - 380)


def test_summarise_within_2x_of_the_count_substring_floor(
    benchmark: Any, wide: Any, ratio: RatioRecorder
) -> None:
    marks = wide["marks"].combine_chunks()
    best = _interleaved(
        {
            "floor": lambda: floor_pass(marks),
            "bincount": lambda: bincount_pass(marks),
            "summarise": lambda: frames.summarise(wide, START, END),
        },
        rounds=3,
    )
    measured = best["summarise"] / best["floor"]
    ratio(
        figure=f"frames.summarise, {PUPILS:,} pupils / a bare numpy bincount pass over the "
        "marks' bytes (best baseline)",
        measured=best["summarise"] / best["bincount"],
        target=MAX_RATIO_TO_BEST,
    )
    benchmark.extra_info.update(
        pupils=PUPILS,
        floor_s=round(best["floor"], 3),
        summarise_s=round(best["summarise"], 3),
        bincount_s=round(best["bincount"], 3),
        marks_per_second=round(PUPILS * 380 / best["summarise"]),
    )
    ratio(
        figure=f"frames.summarise, {PUPILS:,} pupils x 190 school days / count_substring "
        "per code (floor)",
        measured=measured,
        target=MAX_RATIO_TO_FLOOR,
    )
    benchmark.pedantic(floor_pass, args=(marks,), rounds=1, iterations=1)


def test_summarise_peak_memory_within_1_5x_of_the_input(
    benchmark: Any, wide: Any, ratio: RatioRecorder
) -> None:
    """Peak memory of the call: the Arrow pool's peak (a fresh proxy pool) plus the peak of
    Python and numpy allocations (tracemalloc), over the input table's size."""
    pool = pa.proxy_memory_pool(pa.default_memory_pool())
    previous = pa.default_memory_pool()
    pa.set_memory_pool(pool)
    gc.collect()
    tracemalloc.start()
    try:
        out = benchmark.pedantic(frames.summarise, args=(wide, START, END), rounds=1)
        _, python_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        pa.set_memory_pool(previous)
    arrow_peak = pool.max_memory()
    size = wide.nbytes
    del out
    benchmark.extra_info.update(
        arrow_peak_mb=round(arrow_peak / 2**20, 1),
        python_peak_mb=round(python_peak / 2**20, 1),
        input_mb=round(size / 2**20, 1),
    )
    ratio(
        figure=f"frames.summarise, {PUPILS:,} pupils: peak memory (Arrow pool + Python/numpy) "
        "/ input table size",
        measured=(arrow_peak + python_peak) / size,
        target=MAX_MEMORY_RATIO,
    )


def _long(pupils: int) -> Any:
    wide = make_marks(pupils, seed=11)
    records = frames.to_records(wide)
    ids, days, sessions, codes = [], [], [], []
    for r in records:
        for i, char in enumerate(r.marks):
            if char != "-":
                ids.append(r.pupil_id)
                days.append(r.first_day + timedelta(days=i // 2))
                sessions.append("AM" if i % 2 == 0 else "PM")
                codes.append("C1" if char == "a" else char)
    return pa.table(
        {
            "pupil_id": pa.array(ids, pa.string()),
            "laestab": pa.array(["8881234"] * len(ids), pa.string()),
            "date": pa.array(days, pa.date32()),
            "session": pa.array(sessions, pa.string()),
            "code": pa.array(codes, pa.string()),
        }
    )


def bare_sort_group(table: Any) -> None:
    """The floor for long to wide: a sort by key and session, and a group-by per pupil."""
    table.sort_by(
        [
            ("laestab", "ascending"),
            ("pupil_id", "ascending"),
            ("date", "ascending"),
            ("session", "ascending"),
        ]
    )
    table.group_by(["laestab", "pupil_id"], use_threads=False).aggregate(
        [("date", "min"), ("date", "max")]
    )


def test_long_to_wide_within_3x_of_a_sort_and_group_by(
    benchmark: Any, ratio: RatioRecorder
) -> None:
    table = _long(LONG_PUPILS)
    best = _interleaved(
        {"floor": lambda: bare_sort_group(table), "from_long": lambda: frames.from_long(table)},
        rounds=3,
    )
    benchmark.extra_info.update(
        rows=table.num_rows,
        rows_per_second=round(table.num_rows / best["from_long"]),
        floor_s=round(best["floor"], 3),
        from_long_s=round(best["from_long"], 3),
    )
    ratio(
        figure=f"frames.from_long, {table.num_rows:,} pupil-session rows / Arrow sort + group-by",
        measured=best["from_long"] / best["floor"],
        target=MAX_LONG_RATIO,
    )
    benchmark.pedantic(frames.from_long, args=(table,), rounds=1, iterations=1)
