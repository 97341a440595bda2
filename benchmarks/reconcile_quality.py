"""Precision, recall, lists, time and memory of ``cme_core.reconcile`` on seeded synthetic LAs.

Run: ``.venv/bin/python benchmarks/reconcile_quality.py [children] [--seed N] [--engine E]``
(``E`` is ``duckdb``, the default, or ``spark`` for a local Spark session, ``local[2]``).

For each noise level (UPNs all present and right; 20% of UPNs missing or wrong with typos,
nicknames, surname changes and date-of-birth transpositions: :meth:`Noise.realistic`) it makes a
synthetic LA of ``children`` deleted pupils (default 20,000) plus new arrivals, twins and
children on two rolls, with the registers and other LAs' notifications it holds, reconciles it,
and prints the links' precision and recall, the true "unaccounted for" children found and the
false alarms, the two-rolls pairs found, the children accounted for by another LA and those on
a register without a new-pupil return (found, and false), the review queue's size, the
reconciliation's wall time and its peak memory: the Python process's peak resident set during
the call (reset before it, so the input objects count; DuckDB runs in this process), and for
Spark also the peak resident set of the JVM driver (which runs the executors in local mode).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import warnings
from pathlib import Path
from time import perf_counter
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from cme_core.reconcile import MODEL_VERSION, DuckDBEngine, SparkEngine, reconcile
from cme_core.reconcile.synthetic import Noise, synthetic_la


def _status(pid: int | str, field: str) -> float:
    """A memory figure (MiB) from /proc/<pid>/status (0 where there is no /proc)."""
    try:
        text = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return 0.0
    for line in text.splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def _reset_peak() -> None:
    """Reset this process's peak RSS (Linux: ``5`` to /proc/self/clear_refs)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5", encoding="ascii")


def measure(children: int, seed: int, label: str, noise: Noise, engine: Any) -> str:
    """One row of the results table."""
    la = synthetic_la(seed=seed, children=children, noise=noise)
    _reset_peak()
    start = perf_counter()
    result = reconcile(
        la.deletions,
        la.admissions,
        on=la.judged_on,
        engine=engine,
        registers=la.registers,
        notifications=la.notifications,
    )
    took = perf_counter() - start
    peak = _status("self", "VmHWM")
    predicted = {(m.deletion.index, m.admission.index) for m in result.matches}
    right = len(predicted & la.true_links)
    precision = right / len(predicted)
    recall = right / len(la.true_links)
    flagged = {c.deletion.index for c in result.referral_candidates}
    found = len(flagged & la.unaccounted)
    false_alarms = len(flagged - la.unaccounted)
    pairs = {frozenset((t.first.index, t.second.index)) for t in result.two_rolls}
    away = {a.deletion.index for a in result.accounted_elsewhere}
    no_return = {o.deletion.index for o in result.on_roll_without_return}

    def found_of(got: set[int], truth: frozenset[int]) -> str:
        return f"{len(got & truth)}/{len(truth)}, {len(got - truth)} false"

    return (
        f"| {label} | {len(la.deletions):,} / {len(la.admissions):,} | {precision:.4f} | "
        f"{recall:.4f} | {found}/{len(la.unaccounted)}, {false_alarms} false | "
        f"{len(pairs & la.two_rolls)}/{len(la.two_rolls)}, {len(pairs - la.two_rolls)} false | "
        f"{found_of(away, la.elsewhere)} | {found_of(no_return, la.on_roll_no_return)} | "
        f"{len(result.review)} | {took:.1f} s | {peak:,.0f} MiB |"
    )


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("children", nargs="?", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=20251205)
    parser.add_argument("--engine", choices=("duckdb", "spark"), default="duckdb")
    parser.add_argument("--noise", choices=("clean", "realistic", "both"), default="both")
    args = parser.parse_args()
    engine: Any = DuckDBEngine()
    jvm_pid = None
    if args.engine == "spark":
        from cme_core.spark import local_session

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            session = local_session(
                "cme_core-reconcile-bench",
                config={"spark.driver.memory": "8g", "spark.sql.shuffle.partitions": "16"},
            )
        session.sparkContext.setLogLevel("ERROR")
        jvm_pid = session.sparkContext._jvm.ProcessHandle.current().pid()
        engine = SparkEngine(session=session, num_partitions=16)
    print(
        f"model {MODEL_VERSION}, engine {args.engine}, seed {args.seed}, {args.children:,} children"
    )
    print(
        "| UPNs | deletions / admissions | precision | recall | unaccounted found, false "
        "alarms | two rolls found, false | in another LA found, false | on a register without "
        "a return found, false | review queue | reconcile time | peak RSS (Python) |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for label, noise in (
        ("all present and right", Noise.clean()),
        ("20% missing or wrong, typos", Noise.realistic()),
    ):
        if args.noise != "both" and (args.noise == "clean") != (label.startswith("all")):
            continue
        print(measure(args.children, args.seed, label, noise, engine), flush=True)
    if jvm_pid is not None:
        jvm = _status(jvm_pid, "VmHWM")
        print(f"peak RSS of the Spark JVM (driver and local executors): {jvm:,.0f} MiB")


if __name__ == "__main__":
    main()
