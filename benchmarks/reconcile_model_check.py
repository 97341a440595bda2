"""Check the set m and u probabilities of the reconcile model against the synthetic LA.

Run: ``.venv/bin/python benchmarks/reconcile_model_check.py [children] [--seed N]``

The model's m and u probabilities are set by judgement, not trained (see the reconciliation
guide). This script estimates them on a seeded synthetic LA with noisy returns
(:meth:`Noise.realistic`), with Splink's own estimators on DuckDB: u by random sampling of
record pairs (which are almost all different children), m from the known truth (each true
deletion-admission pair labelled as one child). It prints, for every level, the set and the
estimated values and weights. The synthetic LA is not a real one: the estimates show whether
the set values are in the right region, not what a real LA's returns would give.
"""

from __future__ import annotations

import argparse
import logging
import math
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from cme_core.reconcile import COMPARISONS, MODEL_VERSION, ReconcileSettings
from cme_core.reconcile._link import _splink_settings, _tables
from cme_core.reconcile._records import record_of
from cme_core.reconcile.synthetic import Noise, synthetic_la


def _fmt(value: Any) -> str:
    return f"{value:.4g}" if isinstance(value, float) else "not observed"


def _weight(m: Any, u: Any) -> str:
    if isinstance(m, float) and isinstance(u, float) and m > 0 and u > 0:
        return f"{math.log2(m / u):+.2f}"
    return "-"


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("children", nargs="?", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=20251205)
    args = parser.parse_args()

    import duckdb
    import pyarrow as pa
    from splink import DuckDBAPI, Linker

    la = synthetic_la(seed=args.seed, children=args.children, noise=Noise.realistic())
    dels = [record_of(d, source="deletion", index=i) for i, d in enumerate(la.deletions)]
    adms = [record_of(a, source="admission", index=i) for i, a in enumerate(la.admissions)]
    left, right = _tables(dels, adms)
    child_of_admission = {j: i for i, j in la.true_links}
    left = left.append_column("truth", pa.array([f"c{i}" for i in range(len(dels))]))
    right = right.append_column(
        "truth",
        pa.array(
            [
                f"c{child_of_admission[j]}" if j in child_of_admission else f"a{j}"
                for j in range(len(adms))
            ]
        ),
    )
    con = duckdb.connect()
    db = DuckDBAPI(connection=con)
    frames = [db.register(left, table_name="l"), db.register(right, table_name="r")]
    linker = Linker(frames, _splink_settings(ReconcileSettings(), "duckdb"))
    logging.getLogger("splink").setLevel(logging.ERROR)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    linker.training.estimate_m_from_label_column("truth")
    trained = linker.misc.save_model_to_json()
    con.close()

    print(
        f"model {MODEL_VERSION}, seed {args.seed}, {args.children:,} deleted children, "
        f"{len(la.true_links):,} true links"
    )
    print(
        "| comparison | level | m set | m estimated | u set | u estimated | weight set "
        "| weight estimated |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for ours, theirs in zip(COMPARISONS, trained["comparisons"], strict=True):
        for level, got in zip(ours.levels, theirs["comparison_levels"], strict=True):
            if level.is_null:
                continue
            m, u = got.get("m_probability"), got.get("u_probability")
            print(
                f"| {ours.name} | {level.label} | {level.m:g} | {_fmt(m)} | {level.u:g} | "
                f"{_fmt(u)} | {level.weight:+.2f} | {_weight(m, u)} |"
            )


if __name__ == "__main__":
    main()
