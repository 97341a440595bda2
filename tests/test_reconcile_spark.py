"""cme_core.reconcile on Spark: the same links, weights and lists as on DuckDB (issue 15).

Runs on a local Spark session (``local[2]``) with Splink's Spark backend; skipped, with the
reason, only where pyspark, Splink or Java is missing.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from typing import Any

import pytest

pytest.importorskip("pyspark", reason="pyspark is not installed (pip install cme_core[spark])")
pytest.importorskip("splink", reason="splink is not installed (pip install cme_core[reconcile])")
if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
    pytest.skip("Spark needs Java: no java on PATH and JAVA_HOME unset", allow_module_level=True)

from cme_core.errors import InvalidArgument
from cme_core.reconcile import DuckDBEngine, Link, ReconcileSettings, SparkEngine, reconcile
from cme_core.reconcile._link import probabilistic_links
from cme_core.reconcile._records import Record, record_of
from cme_core.reconcile.synthetic import Noise, SyntheticLA, synthetic_la

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::FutureWarning")


@pytest.fixture(scope="module")
def session(spark_session: Any) -> Any:
    return spark_session


@pytest.fixture(scope="module")
def la() -> SyntheticLA:
    """A small noisy LA: every comparison level is reached by some pair."""
    return synthetic_la(seed=15, children=160, noise=Noise.realistic())


def _records(la: SyntheticLA) -> tuple[list[Record], list[Record]]:
    dels = [record_of(d, source="deletion", index=i) for i, d in enumerate(la.deletions)]
    adms = [record_of(a, source="admission", index=i) for i, a in enumerate(la.admissions)]
    return dels, adms


def _key(link: Link) -> tuple[Any, ...]:
    return (
        link.left,
        link.right,
        link.stage,
        link.match_weight,
        tuple((c.comparison, c.level) for c in link.contributions),
    )


def test_spark_scores_every_pair_as_duckdb_does(session: Any, la: SyntheticLA) -> None:
    dels, adms = _records(la)
    settings = ReconcileSettings()
    on_duckdb = list(probabilistic_links(dels, adms, settings, engine=DuckDBEngine()))
    on_spark = list(probabilistic_links(dels, adms, settings, engine=SparkEngine(session=session)))
    assert len(on_duckdb) > 50  # the comparison covers many pairs, not a handful
    assert [_key(x) for x in on_spark] == [_key(x) for x in on_duckdb]
    for a, b in zip(on_spark, on_duckdb, strict=True):
        assert a.match_probability == pytest.approx(b.match_probability, abs=1e-6)
    levels = {(c.comparison, c.level) for link in on_duckdb for c in link.contributions}
    # the levels whose functions differ between the engines are reached
    typo = "one typo (a letter swapped with the next, dropped, added or changed)"
    assert ("first_name", typo) in levels
    assert ("surname", typo) in levels
    assert ("date_of_birth", "day and month transposed") in levels or (
        "date_of_birth",
        "one character different (a typo)",
    ) in levels


def test_reconcile_on_spark_gives_the_duckdb_lists(session: Any, la: SyntheticLA) -> None:
    on_duckdb = reconcile(la.deletions, la.admissions, on=la.judged_on)
    on_spark = reconcile(
        la.deletions, la.admissions, on=la.judged_on, engine=SparkEngine(session=session)
    )
    assert on_spark.to_dict() == on_duckdb.to_dict()
    assert on_spark.summary()["matched"] > 0


def test_a_nickname_is_a_known_variant_on_both_engines(session: Any) -> None:
    from cme_core.people import Pupil, Sex
    from cme_core.returns import DeletionReturn, NewPupilReturn

    def pupil(pid: str, name: str) -> Pupil:
        return Pupil(pupil_id=pid, full_name=name, sex=Sex.MALE, date_of_birth=dt.date(2015, 4, 9))

    gone = DeletionReturn(
        regime="2024",
        school_laestab="8012000",
        deleted_on=dt.date(2025, 3, 3),
        ground="9(1)(g)",
        pupil=pupil("A1", "William Zorbanoff"),
    )
    came = NewPupilReturn(
        regime="2024",
        school_laestab="8012001",
        entered_on=dt.date(2025, 3, 4),
        starting_day=dt.date(2025, 3, 5),
        pupil=pupil("B1", "Bill Zorbanoff"),
    )
    left, right = (
        [record_of(gone, source="deletion", index=0)],
        [record_of(came, source="admission", index=0)],
    )
    for engine in (DuckDBEngine(), SparkEngine(session=session)):
        (link,) = probabilistic_links(left, right, ReconcileSettings(), engine=engine)
        first = next(c for c in link.contributions if c.comparison == "first_name")
        assert first.level.startswith("a known variant")
        assert first.weight > 0


def test_the_spark_engine_refuses_what_is_not_a_session(session: Any) -> None:
    with pytest.raises(InvalidArgument, match="SparkSession"):
        SparkEngine(session="local[2]")
    with pytest.raises(InvalidArgument, match="break_lineage"):
        SparkEngine(session=session, break_lineage="delta_lake_files")
    for bad in (0, True, 2.0, "8"):
        with pytest.raises(InvalidArgument, match="num_partitions"):
            SparkEngine(session=session, num_partitions=bad)  # type: ignore[arg-type]
    assert SparkEngine(session=session, num_partitions=8).num_partitions == 8
    with pytest.raises(InvalidArgument, match="engine must be"):
        reconcile([], [], on=dt.date(2025, 1, 6), engine="spark")  # type: ignore[arg-type]


def test_cme_reconcile_engine_spark_uses_the_active_session(
    session: Any, la: SyntheticLA, tmp_path: Any
) -> None:
    import io
    import json

    from cme_core.cli import main
    from cme_core.serialization import unstructure

    d, a = tmp_path / "d.jsonl", tmp_path / "a.jsonl"
    d.write_text("".join(json.dumps(unstructure(x)) + "\n" for x in la.deletions[:60]))
    a.write_text("".join(json.dumps(unstructure(x)) + "\n" for x in la.admissions[:80]))
    outputs = {}
    for engine in ("duckdb", "spark"):
        out = io.StringIO()
        args = [str(d), str(a), "--on", la.judged_on.isoformat(), "--format", "json"]
        code = main(["reconcile", *args, "--engine", engine], out=out)
        assert code in (0, 1)
        outputs[engine] = json.loads(out.getvalue())
    assert outputs["spark"]["matches"] == outputs["duckdb"]["matches"]
    assert outputs["spark"]["summary"] == outputs["duckdb"]["summary"]
    assert outputs["spark"]["summary"]["matched"] > 0


def test_a_spark_run_leaves_nothing_cached_or_registered(session: Any, la: SyntheticLA) -> None:
    dels, adms = _records(la)
    cache = session._jsparkSession.sharedState().cacheManager()
    assert cache.isEmpty()
    mine = session.range(10).selectExpr("id * 2 AS x")
    mine.createOrReplaceTempView("callers_view")
    mine.persist()
    mine.count()
    before = {t.name for t in session.catalog.listTables()}
    links = list(
        probabilistic_links(dels, adms, ReconcileSettings(), engine=SparkEngine(session=session))
    )
    assert links
    assert {t.name for t in session.catalog.listTables()} == before  # the caller's view stays
    assert session.catalog.isCached("callers_view")  # and the caller's cached data
    mine.unpersist(blocking=True)
    session.catalog.dropTempView("callers_view")
    assert cache.isEmpty()  # Splink's persisted tables were freed, not only their views
