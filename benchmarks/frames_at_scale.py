"""The full-size figures of issue 14, measured once by hand (too big for ``make bench`` here).

Run: ``.venv/bin/python benchmarks/frames_at_scale.py [pupils] [--spark]``

1,000,000 pupils x one school year (190 school days: 380 million marks, 640 million
characters with weekends and holidays), generated in chunks as in ``test_frames_bench.py``.
Prints, best of ``ROUNDS``: the count_substring floor, ``frames.summarise``, their ratio, the
Arrow peak memory over the input; with ``--spark`` the same summary on a ``local[2]`` Spark
session (start-up and the DataFrame's caching timed apart) and the ratio to the Arrow path,
with a linear projection to 9 million pupils.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from pathlib import Path
from time import perf_counter

import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.test_frames_bench import END, START, bincount_pass, floor_pass, make_marks
from cme_core import frames

ROUNDS = 2
CHUNK = 100_000


def timed(fn: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(ROUNDS):
        gc.collect()
        t0 = perf_counter()
        fn()
        best = min(best, perf_counter() - t0)
    return best


def main() -> None:
    pupils = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 1_000_000
    parts = [make_marks(min(CHUNK, pupils - lo), seed=lo) for lo in range(0, pupils, CHUNK)]
    wide = pa.concat_tables(parts).combine_chunks()
    del parts
    marks = wide["marks"].combine_chunks()
    print(f"pupils {pupils:,}; input {wide.nbytes / 2**20:,.0f} MiB")
    floor = timed(lambda: floor_pass(marks))
    best = timed(lambda: bincount_pass(marks))
    pool = pa.proxy_memory_pool(pa.default_memory_pool())
    previous = pa.default_memory_pool()
    pa.set_memory_pool(pool)
    arrow = timed(lambda: frames.summarise(wide, START, END))
    pa.set_memory_pool(previous)
    print(f"floor (count_substring per code): {floor:.2f} s")
    print(f"bare numpy bincount pass (best baseline): {best:.2f} s")
    print(
        f"frames.summarise: {arrow:.2f} s; ratio {arrow / floor:.3f} to count_substring, "
        f"{arrow / best:.3f} to bincount"
    )
    print(f"Arrow peak during summarise / input: {pool.max_memory() / wide.nbytes:.3f}")
    print(f"marks per second: {pupils * 380 / arrow:,.0f}")
    if "--spark" in sys.argv:
        from cme_core import spark

        t0 = perf_counter()
        session = spark.local_session("cme_core-scale", config={"spark.driver.memory": "6g"})
        session.sparkContext.setLogLevel("ERROR")
        startup = perf_counter() - t0
        t0 = perf_counter()
        import pyarrow.parquet as pq

        pq.write_table(wide, "/tmp/cme_core_scale.parquet")
        df = session.read.parquet("/tmp/cme_core_scale.parquet").cache()
        df.count()
        load = perf_counter() - t0

        def run() -> None:
            spark.summarise(df, START, END).write.format("noop").mode("overwrite").save()

        on_spark = timed(run)
        print(f"spark start-up {startup:.1f} s; load and cache {load:.1f} s (excluded)")
        print(f"spark local[2] summarise: {on_spark:.2f} s; ratio to Arrow {on_spark / arrow:.3f}")
        per_million = on_spark / pupils * 1_000_000
        print(f"projection, 9 million pupils on local[2]: {9 * per_million:.0f} s")
        session.stop()


if __name__ == "__main__":
    main()
