"""Precision, recall, lists and time of ``cme_core.reconcile`` on seeded synthetic LAs (issue 15).

Run: ``.venv/bin/python benchmarks/reconcile_quality.py [children] [seed]``

For each noise level (UPNs all present and right; 20% of UPNs missing or wrong with typos,
surname changes and date-of-birth transpositions: :meth:`Noise.realistic`) it makes a
synthetic LA of ``children`` deleted pupils (default 20,000) plus new arrivals, twins and
children on two rolls, reconciles it on DuckDB, and prints the links' precision and recall,
the true "unaccounted for" children found and the false alarms, the two-rolls pairs found,
the review queue's size, the reconciliation's wall time and the peak RSS of the process.
"""

from __future__ import annotations

import resource
import sys
from pathlib import Path
from time import perf_counter

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from cme_core.reconcile import MODEL_VERSION, reconcile
from cme_core.reconcile.synthetic import Noise, synthetic_la


def measure(children: int, seed: int, label: str, noise: Noise) -> str:
    """One row of the results table."""
    la = synthetic_la(seed=seed, children=children, noise=noise)
    start = perf_counter()
    result = reconcile(la.deletions, la.admissions, on=la.judged_on)
    took = perf_counter() - start
    predicted = {(m.deletion.index, m.admission.index) for m in result.matches}
    right = len(predicted & la.true_links)
    precision = right / len(predicted)
    recall = right / len(la.true_links)
    flagged = {c.deletion.index for c in result.referral_candidates}
    found = len(flagged & la.unaccounted)
    false_alarms = len(flagged - la.unaccounted)
    pairs = {frozenset((t.first.index, t.second.index)) for t in result.two_rolls}
    return (
        f"| {label} | {len(la.deletions):,} / {len(la.admissions):,} | {precision:.4f} | "
        f"{recall:.4f} | {found}/{len(la.unaccounted)}, {false_alarms} false | "
        f"{len(pairs & la.two_rolls)}/{len(la.two_rolls)}, {len(pairs - la.two_rolls)} false | "
        f"{len(result.review)} | {took:.1f} s |"
    )


def main() -> None:
    """Print the table."""
    children = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 20251205
    print(f"model {MODEL_VERSION}, seed {seed}, {children:,} deleted children")
    print(
        "| UPNs | deletions / admissions | precision | recall | unaccounted found, false "
        "alarms | two rolls found, false | review queue | reconcile time |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    print(measure(children, seed, "all present and right", Noise.clean()))
    print(measure(children, seed, "20% missing or wrong, typos", Noise.realistic()))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of the process: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
