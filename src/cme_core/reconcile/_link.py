"""The two linkage stages: exact on identifiers, then Splink (DuckDB) for the rest."""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator, Sequence
from typing import Any

import attrs

from cme_core.errors import CmeError
from cme_core.reconcile._records import Record, RecordRef
from cme_core.reconcile._settings import Comparison, ReconcileSettings


class LinkageUnavailable(CmeError, ImportError):
    """The probabilistic stage needs the ``reconcile`` extra (Splink and DuckDB)."""


@attrs.frozen(kw_only=True)
class Contribution:
    """What one comparison added to a link's match weight (log2 of its Bayes factor)."""

    comparison: str
    level: str
    weight: float

    def to_dict(self) -> dict[str, Any]:
        """As JSON-compatible data."""
        return {"comparison": self.comparison, "level": self.level, "weight": self.weight}


@attrs.frozen(kw_only=True)
class Link:
    """Two records judged to be the same child, and why.

    ``stage`` is ``"upn"`` (same canonical UPN), ``"former_upn"`` (one's UPN is a former UPN
    of the other), ``"pseudonym"`` (the caller's pseudonymised keys agree) or
    ``"probabilistic"`` (Splink). A probabilistic link has its ``match_weight`` (log2 odds,
    prior included), ``match_probability`` and the ``contributions`` of every comparison.
    """

    left: RecordRef
    right: RecordRef
    stage: str
    match_weight: float | None = None
    match_probability: float | None = None
    contributions: tuple[Contribution, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """As JSON-compatible data (ids, stage, weights: no personal data)."""
        return {
            "left": self.left.to_dict(),
            "right": self.right.to_dict(),
            "stage": self.stage,
            "match_weight": self.match_weight,
            "match_probability": self.match_probability,
            "contributions": [c.to_dict() for c in self.contributions],
        }


def exact_links(left: Sequence[Record], right: Sequence[Record]) -> Iterator[Link]:
    """Stage 1: pairs sharing a canonical UPN, a former UPN, or a pseudonymised key."""
    by_upn: dict[str, list[Record]] = {}
    by_former: dict[str, list[Record]] = {}
    by_key: dict[str, list[Record]] = {}
    for r in right:
        if r.upn:
            by_upn.setdefault(r.upn, []).append(r)
        for f in r.former_upns:
            by_former.setdefault(f, []).append(r)
        if r.key:
            by_key.setdefault(r.key, []).append(r)
    for rec in left:
        seen: set[int] = set()
        found: list[tuple[list[Record], str]] = []
        if rec.key:
            found.append((by_key.get(rec.key, []), "pseudonym"))
        if rec.upn:
            found.append((by_upn.get(rec.upn, []), "upn"))
            found.append((by_former.get(rec.upn, []), "former_upn"))
        found.extend((by_upn.get(f, []), "former_upn") for f in rec.former_upns)
        for others, stage in found:
            for other in others:
                if id(other) not in seen and other is not rec:
                    seen.add(id(other))
                    yield Link(left=rec.ref, right=other.ref, stage=stage)


def _splink_settings(settings: ReconcileSettings) -> dict[str, Any]:
    comparisons = []
    for comparison in settings.comparisons:
        levels = []
        for level in comparison.levels:
            entry: dict[str, Any] = {
                "sql_condition": level.sql,
                "label_for_charts": level.label,
            }
            if level.is_null:
                entry["is_null_level"] = True
            else:
                entry["m_probability"] = level.m
                entry["u_probability"] = level.u
            levels.append(entry)
        comparisons.append(
            {
                "output_column_name": comparison.name,
                "comparison_description": comparison.name,
                "comparison_levels": levels,
            }
        )
    return {
        "link_type": "link_only",
        "unique_id_column_name": "unique_id",
        "probability_two_random_records_match": settings.prior,
        "comparisons": comparisons,
        "blocking_rules_to_generate_predictions": [
            {"blocking_rule": rule, "sql_dialect": "duckdb"} for rule in settings.blocking_rules
        ],
        "retain_matching_columns": False,
        "retain_intermediate_calculation_columns": True,
    }


def _level_label(comparison: Comparison, weight: float) -> str:
    """The level of ``comparison`` whose weight (log2 m/u; 0 for missing) is ``weight``."""
    best = min(
        comparison.levels,
        key=lambda lv: abs((0.0 if lv.is_null else math.log2(lv.m / lv.u)) - weight),
    )
    return best.label


def probabilistic_links(
    left: Sequence[Record], right: Sequence[Record], settings: ReconcileSettings
) -> Iterator[Link]:
    """Stage 2: Splink on DuckDB, every pair scoring at least the review threshold."""
    if not left or not right:
        return
    try:
        import duckdb
        import pyarrow as pa
        from splink import DuckDBAPI, Linker
    except ImportError as exc:  # pragma: no cover - the extra is installed in the tests
        raise LinkageUnavailable(
            "probabilistic linkage needs the 'reconcile' extra (splink, duckdb)"
        ) from exc

    con = duckdb.connect()
    try:
        db = DuckDBAPI(connection=con)
        offset = len(left)
        left_table = pa.Table.from_pylist([r.features(i) for i, r in enumerate(left)])
        right_table = pa.Table.from_pylist([r.features(offset + i) for i, r in enumerate(right)])
        frames = [
            db.register(left_table, table_name="cme_left"),
            db.register(right_table, table_name="cme_right"),
        ]
        linker = Linker(frames, _splink_settings(settings), log_level=logging.WARNING)
        scored = linker.inference.predict(
            threshold_match_weight=settings.review_weight_threshold, warning_mode="never"
        )
        relation = scored.as_duckdbpyrelation()
        columns = relation.columns
        rows = relation.fetchall()
    finally:
        con.close()
    for values in rows:
        row = dict(zip(columns, values, strict=True))
        a, b = int(row["unique_id_l"]), int(row["unique_id_r"])
        if a >= offset:
            a, b = b, a
        contributions = []
        for comparison in settings.comparisons:
            weight = float(row[f"mw_{comparison.name}"])
            contributions.append(
                Contribution(
                    comparison=comparison.name,
                    level=_level_label(comparison, weight),
                    weight=round(weight, 4),
                )
            )
        yield Link(
            left=left[a].ref,
            right=right[b - offset].ref,
            stage="probabilistic",
            match_weight=round(float(row["match_weight"]), 4),
            match_probability=round(float(row["match_probability"]), 6),
            contributions=tuple(contributions),
        )
