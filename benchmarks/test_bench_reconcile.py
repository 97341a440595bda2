"""Reconciliation (issue 15): what cme_core adds around the linkage engine, on DuckDB.

A synthetic LA of 2,000 deleted children (about 2,500 admissions; 20% of UPNs missing or
wrong, typos, nicknames, surname changes: :meth:`Noise.realistic`) is built outside every
timed part. Two ratios, each against the best baseline written here, timed side by side:

* ``reconcile`` on DuckDB against Splink's ``predict`` alone on the same feature tables (the
  engine's own cost: the baseline has no records to build, no exact stage, no lists): at
  most 2x.
* ``reconcile`` with the exact stage only against a plain dictionary join on the canonical
  UPN (what a spreadsheet's lookup does, and nothing more): at most 25x. The reconciliation
  also folds names, reads postcodes, checks every UPN's check letter, counts school days and
  asks :func:`~cme_core.referral.assess_referral` about every candidate.

The 100,000-row figures (DuckDB and local Spark, time and memory) are measured by
``benchmarks/reconcile_quality.py`` and written under "Measured by script" in RESULTS.md.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from cme_core.reconcile import ReconcileSettings, reconcile
from cme_core.reconcile._link import _splink_settings, _tables
from cme_core.reconcile._records import record_of
from cme_core.reconcile.synthetic import Noise, SyntheticLA, synthetic_la

from .conftest import RatioRecorder, best_time

pytest.importorskip("splink")


@pytest.fixture(scope="module")
def la() -> SyntheticLA:
    return synthetic_la(seed=20251205, children=2_000, noise=Noise.realistic())


def _splink_only(tables: tuple[Any, Any], settings: ReconcileSettings) -> int:
    import duckdb
    from splink import DuckDBAPI, Linker

    con = duckdb.connect()
    try:
        db = DuckDBAPI(connection=con)
        frames = [db.register(t, table_name=f"t{i}") for i, t in enumerate(tables)]
        linker = Linker(frames, _splink_settings(settings, "duckdb"), log_level=logging.WARNING)
        scored = linker.inference.predict(
            threshold_match_weight=settings.review_weight_threshold, warning_mode="never"
        )
        return len(scored.as_duckdbpyrelation().fetchall())
    finally:
        con.close()


def test_reconcile_vs_splink_alone(
    benchmark: BenchmarkFixture, ratio: RatioRecorder, la: SyntheticLA
) -> None:
    settings = ReconcileSettings()
    dels = [record_of(d, source="deletion", index=i) for i, d in enumerate(la.deletions)]
    adms = [record_of(a, source="admission", index=i) for i, a in enumerate(la.admissions)]
    tables = _tables(dels, adms)

    def ours() -> object:
        return reconcile(la.deletions, la.admissions, on=la.judged_on, settings=settings)

    result = benchmark.pedantic(ours, rounds=2, iterations=1)  # type: ignore[no-untyped-call]
    assert result.summary()["matched"] > 1_000
    base = best_time(lambda: _splink_only(tables, settings), repeat=2)
    mine = best_time(ours, repeat=2)
    ratio(
        figure="reconcile 2,000 deletions on DuckDB / Splink predict alone on the same features",
        measured=mine / base,
        target=2.0,
    )


def test_exact_stage_vs_dict_join(
    benchmark: BenchmarkFixture, ratio: RatioRecorder, la: SyntheticLA
) -> None:
    settings = ReconcileSettings(probabilistic=False)

    def ours() -> object:
        return reconcile(la.deletions, la.admissions, on=la.judged_on, settings=settings)

    def baseline() -> int:
        by_upn: dict[str, int] = {}
        for i, a in enumerate(la.admissions):
            if a.pupil.upn:
                by_upn.setdefault(a.pupil.upn.upper(), i)
        return sum(1 for d in la.deletions if d.pupil.upn and d.pupil.upn.upper() in by_upn)

    result = benchmark.pedantic(ours, rounds=3, iterations=1)  # type: ignore[no-untyped-call]
    assert result.summary()["matched"] > 1_000
    ratio(
        figure="reconcile 2,000 deletions, exact stage only / a dict join on UPN",
        measured=best_time(ours, repeat=3) / best_time(baseline, repeat=5),
        target=25.0,
    )
