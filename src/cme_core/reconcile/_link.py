"""The two linkage stages: exact on identifiers, then Splink (DuckDB) for the rest."""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterator, Sequence
from typing import Any

import attrs

from cme_core.errors import CmeError, InvalidArgument
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


def _splink_settings(settings: ReconcileSettings, dialect: str) -> dict[str, Any]:
    comparisons = []
    for comparison in settings.comparisons:
        levels = []
        for level in comparison.levels:
            entry: dict[str, Any] = {
                "sql_condition": level.sql_for(dialect),
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
        # Written once, in DuckDB's dialect: Splink translates them for Spark.
        "blocking_rules_to_generate_predictions": [
            {"blocking_rule": rule, "sql_dialect": "duckdb"} for rule in settings.blocking_rules
        ],
        "retain_matching_columns": False,
        "retain_intermediate_calculation_columns": True,
    }


@attrs.frozen(kw_only=True)
class DuckDBEngine:
    """Run the probabilistic stage on an in-process DuckDB database (the default): one
    in-memory connection per reconciliation, closed at the end. ``threads`` caps DuckDB's
    threads (None: DuckDB's default, one per core)."""

    threads: int | None = attrs.field(default=None)

    @threads.validator
    def _check_threads(self, _: attrs.Attribute[int | None], value: object) -> None:
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise InvalidArgument("threads must be a whole number or None")
        if isinstance(value, int) and value < 1:
            raise InvalidArgument("threads must be 1 or more")


def _break_lineage(_: object, attribute: attrs.Attribute[str], value: object) -> None:
    if value not in ("persist", "checkpoint", "parquet"):
        raise InvalidArgument(f"{attribute.name} must be 'persist', 'checkpoint' or 'parquet'")


def _spark_session(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:  # pragma: no cover - the extra is installed in the tests
        raise LinkageUnavailable("the Spark engine needs the 'spark' extra (pyspark)") from exc
    if not isinstance(value, SparkSession):
        raise InvalidArgument(f"{attribute.name} must be a pyspark SparkSession")


@attrs.frozen(kw_only=True)
class SparkEngine:
    """Run the probabilistic stage on Spark, for national-scale runs, with the same
    :class:`ReconcileSettings` (each level's ``spark_sql``; the blocking rules are translated
    by Splink). Each run works in a new session of the same Spark context
    (``session.newSession()``), so that its temporary tables and functions cannot clash with
    the caller's or another run's; it adds Splink's similarity functions there (its bundled
    jar, ``ADD JAR``) and frees every table it made at the end. ``break_lineage`` is how
    Splink cuts long query plans: ``"persist"`` (the default: in memory, writes no files),
    ``"checkpoint"`` or ``"parquet"`` (both need the session's checkpoint directory).
    ``num_partitions`` is how many partitions Splink spreads its largest tables over (None:
    half the session's ``spark.sql.shuffle.partitions``); on a small session with few shuffle
    partitions, a national run needs more, or one task holds every scored pair."""

    session: Any = attrs.field(validator=_spark_session, repr=False)
    break_lineage: str = attrs.field(default="persist", validator=_break_lineage)
    num_partitions: int | None = attrs.field(default=None)

    @num_partitions.validator
    def _check_partitions(self, _: attrs.Attribute[int | None], value: object) -> None:
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or value < 1
        ):
            raise InvalidArgument("num_partitions must be a whole number, 1 or more, or None")


Engine = DuckDBEngine | SparkEngine
"""Where the probabilistic stage runs."""


def _variants(first_name: str | None, namer: Any) -> list[str]:
    """The first name, its nicknames and the formal names it is a nickname of."""
    if not first_name:
        return []
    found = {first_name} | namer.nicknames_of(first_name) | namer.canonicals_of(first_name)
    return sorted(found)


def _feature_schema() -> Any:
    import pyarrow as pa

    text, texts, small = pa.string(), pa.list_(pa.string()), pa.int32()
    return pa.schema(
        [
            ("unique_id", pa.int64()),
            ("first_name", text),
            ("first_initial", text),
            ("first_name_variants", texts),
            ("given", texts),
            ("surname", text),
            ("surname_parts", texts),
            ("dob", text),
            ("dob_year", small),
            ("dob_month", small),
            ("dob_day", small),
            ("sex", text),
            ("postcode", text),
            ("postcode_sector", text),
            ("postcode_district", text),
        ]
    )


def _table(records: Sequence[Record], offset: int, variants: Any) -> Any:
    """One input as an Arrow table of features, built column by column with fixed types (a
    column with no value at all keeps its type), ids from ``offset``."""
    import pyarrow as pa

    dobs = [r.dob for r in records]
    firsts = [r.first_name for r in records]
    columns = {
        "unique_id": list(range(offset, offset + len(records))),
        "first_name": firsts,
        "first_initial": [f[0] if f else None for f in firsts],
        "first_name_variants": [variants(f) for f in firsts],
        "given": [list(r.given) for r in records],
        "surname": [r.surname for r in records],
        "surname_parts": [list(r.surname_parts) for r in records],
        "dob": [d.isoformat() if d else None for d in dobs],
        "dob_year": [d.year if d else None for d in dobs],
        "dob_month": [d.month if d else None for d in dobs],
        "dob_day": [d.day if d else None for d in dobs],
        "sex": [r.sex for r in records],
        "postcode": [r.postcode for r in records],
        "postcode_sector": [r.postcode_sector for r in records],
        "postcode_district": [r.postcode_district for r in records],
    }
    return pa.Table.from_pydict(columns, schema=_feature_schema())


@functools.cache
def _namer() -> Any:
    """The nicknames table, read once (it is package data and never changes; reading it
    takes about 60 ms, and a reconciliation asks Splink up to three questions)."""
    from nicknames import NickNamer

    return NickNamer()


def _tables(left: Sequence[Record], right: Sequence[Record]) -> tuple[Any, Any]:
    """The two inputs as Arrow tables of features (left ids first, then right ids)."""
    namer = _namer()
    known: dict[str | None, list[str]] = {}  # first names repeat: look each up once

    def variants(first: str | None) -> list[str]:
        if first not in known:
            known[first] = _variants(first, namer)
        return known[first]

    return _table(left, 0, variants), _table(right, len(left), variants)


def _predict_duckdb(
    left_table: Any, right_table: Any, settings: ReconcileSettings, engine: DuckDBEngine
) -> tuple[list[str], list[tuple[Any, ...]]]:
    import duckdb
    from splink import DuckDBAPI, Linker

    con = duckdb.connect()
    try:
        if engine.threads is not None:
            con.execute(f"SET threads = {int(engine.threads)}")
        db = DuckDBAPI(connection=con)
        frames = [
            db.register(left_table, table_name="cme_left"),
            db.register(right_table, table_name="cme_right"),
        ]
        linker = Linker(frames, _splink_settings(settings, "duckdb"), log_level=logging.WARNING)
        scored = linker.inference.predict(
            threshold_match_weight=settings.review_weight_threshold, warning_mode="never"
        )
        relation = scored.as_duckdbpyrelation()
        return list(relation.columns), relation.fetchall()
    finally:
        con.close()


def _predict_spark(
    left_table: Any, right_table: Any, settings: ReconcileSettings, engine: SparkEngine
) -> tuple[list[str], list[tuple[Any, ...]]]:
    from splink import Linker, SparkAPI
    from splink.backends.spark import similarity_jar_location

    # A session of its own (the same Spark context): Splink's temporary views and functions
    # cannot clash with the caller's, or with another run's, and all of them go at the end.
    session = engine.session.newSession()
    session.sql(f"ADD JAR '{similarity_jar_location()}'")
    before = _cached_plans(session)
    api: Any = SparkAPI  # untyped in Splink
    try:
        db = api(
            spark_session=session,
            break_lineage_method=engine.break_lineage,
            num_partitions_on_repartition=engine.num_partitions,
        )
        frames = [
            db.register(session.createDataFrame(table), table_name=name)
            for table, name in ((left_table, "cme_left"), (right_table, "cme_right"))
        ]
        linker = Linker(frames, _splink_settings(settings, "spark"), log_level=logging.WARNING)
        scored = linker.inference.predict(
            threshold_match_weight=settings.review_weight_threshold, warning_mode="never"
        )
        result = scored.as_spark_dataframe()
        columns = list(result.columns)
        rows = [tuple(r) for r in result.toLocalIterator()]
    finally:
        _release(session, before)
    return columns, rows


def _cached_plans(session: Any) -> list[Any]:
    """The plans of the data cached in the Spark context's shared cache."""
    data = session._jsparkSession.sharedState().cacheManager().cachedData()
    return [data.apply(i).plan() for i in range(data.size())]


def _release(session: Any, before: Sequence[Any]) -> None:
    """Free what a run left: Splink persists its intermediate tables (in memory, with the
    default ``break_lineage``) in the cache the context's sessions share, and dropping their
    views does not free them. Every entry cached since ``before`` is uncached (the caller's
    own cached data stays), then every temporary view of the run's own session is dropped."""
    try:
        manager = session._jsparkSession.sharedState().cacheManager()
        for plan in _cached_plans(session):
            if not any(plan.sameResult(old) for old in before):
                manager.uncacheQuery(session._jsparkSession, plan, False, True)
    except Exception:  # Spark's internals moved: the views still go; say so, name nothing
        logging.getLogger(__name__).warning(
            "could not free the data Splink cached in this Spark run"
        )
    for table in session.catalog.listTables():
        if table.isTemporary:
            session.catalog.dropTempView(table.name)


def _level_label(comparison: Comparison, weight: float) -> str:
    """The label of ``comparison``'s level whose weight (log2 m/u; 0 when missing) is
    ``weight``; :class:`Comparison` keeps its levels' weights distinct, so this is exact."""
    best = min(comparison.levels, key=lambda lv: abs(lv.weight - weight))
    return best.label


def probabilistic_links(
    left: Sequence[Record],
    right: Sequence[Record],
    settings: ReconcileSettings,
    *,
    engine: Engine | None = None,
) -> Iterator[Link]:
    """Stage 2: Splink on ``engine`` (default DuckDB), every pair scoring at least the review
    threshold, in a stable order (left, then right, record)."""
    if not left or not right:
        return
    engine = DuckDBEngine() if engine is None else engine
    if not isinstance(engine, DuckDBEngine | SparkEngine):
        raise InvalidArgument("engine must be a DuckDBEngine, a SparkEngine or None")
    try:
        left_table, right_table = _tables(left, right)
        if isinstance(engine, SparkEngine):
            columns, rows = _predict_spark(left_table, right_table, settings, engine)
        else:
            columns, rows = _predict_duckdb(left_table, right_table, settings, engine)
    except ImportError as exc:  # pragma: no cover - the extra is installed in the tests
        raise LinkageUnavailable(
            "probabilistic linkage needs the 'reconcile' extra (splink, duckdb, nicknames)"
        ) from exc
    offset = len(left)
    scored: list[tuple[int, int, Link]] = []
    at = {name: i for i, name in enumerate(columns)}
    weights = [(c, at[f"mw_{c.name}"]) for c in settings.comparisons]
    # A comparison's level and its weight repeat across pairs: one Contribution for each.
    made: dict[tuple[str, float], Contribution] = {}
    for values in rows:
        a, b = int(values[at["unique_id_l"]]), int(values[at["unique_id_r"]])
        if a >= offset:
            a, b = b, a
        contributions = []
        for comparison, column in weights:
            weight = round(float(values[column]), 4)
            key = (comparison.name, weight)
            if key not in made:
                made[key] = Contribution(
                    comparison=comparison.name,
                    level=_level_label(comparison, weight),
                    weight=weight,
                )
            contributions.append(made[key])
        link = Link(
            left=left[a].ref,
            right=right[b - offset].ref,
            stage="probabilistic",
            match_weight=round(float(values[at["match_weight"]]), 4),
            match_probability=round(float(values[at["match_probability"]]), 6),
            contributions=tuple(contributions),
        )
        scored.append((a, b, link))
    scored.sort(key=lambda item: (item[0], item[1]))
    yield from (link for _, _, link in scored)
