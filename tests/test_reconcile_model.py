"""The linkage model of cme_core.reconcile: its documentation, its levels and its dialects."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cme_core.errors import InvalidArgument
from cme_core.reconcile import COMPARISONS, MODEL_VERSION, Comparison, Level

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "guides" / "reconciliation.md"


def _guide_rows() -> list[tuple[str, str, float, float, float]]:
    text = GUIDE.read_text(encoding="utf-8")
    table = text.split("| comparison | level | m | u | weight (log2 m/u) |", 1)[1]
    rows = []
    for line in table.splitlines()[2:]:
        if not line.startswith("| "):
            break
        name, label, m, u, weight = (c.strip() for c in line.strip().strip("|").split("|"))
        rows.append((name, label, float(m), float(u), float(weight)))
    return rows


def test_the_guide_documents_the_model_as_it_is() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    assert f"### The model (version `{MODEL_VERSION}`)" in text
    expected = [
        (c.name, lv.label, lv.m, lv.u, round(lv.weight, 2))
        for c in COMPARISONS
        for lv in c.levels
        if not lv.is_null
    ]
    assert _guide_rows() == expected


def test_a_level_weighs_log2_m_over_u_and_missing_weighs_nothing() -> None:
    level = Level(label="x", sql="a_l = a_r", m=0.5, u=0.125)
    assert level.weight == pytest.approx(2.0)
    missing = Level(label="missing", sql="a_l IS NULL", m=1.0, u=1.0, is_null=True)
    assert missing.weight == 0.0


def test_two_levels_of_one_weight_are_refused() -> None:
    # a link names the level its pair reached by the level's weight, so weights must differ
    with pytest.raises(InvalidArgument, match="same weight"):
        Comparison(
            name="x",
            levels=(
                Level(label="a", sql="a_l = a_r", m=0.4, u=0.1),
                Level(label="b", sql="b_l = b_r", m=0.2, u=0.05),
                Level(label="else", sql="ELSE", m=0.4, u=0.85),
            ),
        )
    Comparison(  # one step apart is fine
        name="x",
        levels=(
            Level(label="a", sql="a_l = a_r", m=0.4, u=0.1),
            Level(label="b", sql="b_l = b_r", m=0.2, u=0.04),
        ),
    )


def test_the_spark_dialect_differs_only_where_the_functions_do() -> None:
    for comparison in COMPARISONS:
        for level in comparison.levels:
            duck, spark = level.sql_for("duckdb"), level.sql_for("spark")
            assert duck == level.sql
            if re.search(r"jaro_winkler_similarity|list_has_any|list_contains", duck):
                assert spark != duck
                assert not re.search(r"jaro_winkler_similarity|list_has_any|list_contains", spark)
            else:
                assert spark == duck


def test_every_level_is_valid_duckdb_sql_on_the_feature_columns() -> None:
    duckdb = pytest.importorskip("duckdb")
    from cme_core.reconcile._link import _tables
    from cme_core.reconcile._records import record_of
    from cme_core.reconcile.synthetic import synthetic_la

    la = synthetic_la(seed=1, children=3)
    left, right = _tables(
        [record_of(d, source="deletion", index=i) for i, d in enumerate(la.deletions)],
        [record_of(a, source="admission", index=i) for i, a in enumerate(la.admissions)],
    )
    con = duckdb.connect()
    con.register("l_t", left)
    con.register("r_t", right)
    cols = ", ".join(
        f"l.{c} AS {c}_l, r.{c} AS {c}_r" for c in left.column_names if c != "unique_id"
    )
    con.execute(f"CREATE TABLE pairs AS SELECT {cols} FROM l_t l CROSS JOIN r_t r")
    for comparison in COMPARISONS:
        for level in comparison.levels:
            if level.sql != "ELSE":
                con.execute(f"SELECT count(*) FROM pairs WHERE {level.sql}").fetchall()
    con.close()


def test_a_nickname_and_its_formal_name_are_variants_of_each_other() -> None:
    pytest.importorskip("nicknames")
    from nicknames import NickNamer

    from cme_core.reconcile._link import _variants

    namer = NickNamer()
    assert "william" in _variants("bill", namer)
    assert "bill" in _variants("william", namer)
    assert _variants("zorbanoff", namer) == ["zorbanoff"]
    assert _variants(None, namer) == []


def test_weights_closer_than_a_thousandth_are_the_same_weight() -> None:
    with pytest.raises(InvalidArgument, match="same weight"):
        Comparison(
            name="x",
            levels=(
                Level(label="a", sql="a_l = a_r", m=0.4, u=0.1),
                Level(label="b", sql="b_l = b_r", m=0.4001, u=0.1),
            ),
        )
