"""The same attendance rules on PySpark DataFrames (optional extra ``spark``).

Install with ``pip install cme_core[spark]``. Every function takes a DataFrame in the wide
format of :data:`cme_core.frames.WIDE_SCHEMA` (``laestab``, ``pupil_id``, ``first_day``,
``marks``) or the long format of :func:`cme_core.frames.from_long` (``pupil_id``,
``laestab``, ``date``, ``session``, ``code``: converted school by school first), and returns a
DataFrame with **the same schema as the Arrow path** (:data:`cme_core.frames.SUMMARY_SCHEMA`,
:data:`cme_core.frames.SCREEN_SCHEMA`).

How it runs: each pupil's result depends only on the pupil's marks and the school's calendar,
so :func:`summarise` and :func:`screen` run :mod:`cme_core.frames` on each partition's Arrow
record batches (``DataFrame.mapInArrow``: no shuffle, no pandas); the long format is grouped
by school (``GroupedData.applyInArrow``) since a pupil's rows must meet. School calendars are
:class:`~cme_core.calendars.SchoolCalendar` values keyed by LAESTAB (they pickle), or a small
table of terms (:func:`calendars_from_terms`), sent to the workers once as a broadcast
variable. :func:`group_summaries` totals the per-pupil rows by school with Spark SQL and
returns :class:`~cme_core.attendance.AttendanceGroupSummary` values that merge with ``+``.

Importing :mod:`cme_core` never imports pyspark; importing this module without it raises an
:class:`ImportError` naming the extra.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

try:
    import pyarrow as pa
    from pyspark.sql import DataFrame, SparkSession
    from pyspark.sql import functions as F
    from pyspark.sql.pandas.types import from_arrow_schema
except ImportError as exc:  # pragma: no cover - exercised in a subprocess test
    raise ImportError(
        "cme_core.spark needs pyspark and pyarrow: install the extra with "
        "`pip install cme_core[spark]`"
    ) from exc

from cme_core import frames
from cme_core.attendance import AttendanceGroupSummary, AttendanceSummary
from cme_core.calendars import CalendarRangeError, SchoolCalendar, Term
from cme_core.errors import InvalidArgument, InvalidInput
from cme_core.frames._api import as_table, column

__all__ = [
    "active_or_local_session",
    "calendars_from_terms",
    "from_long",
    "group_summaries",
    "local_session",
    "screen",
    "summarise",
]

Calendars = SchoolCalendar | Mapping[str, SchoolCalendar] | None

_WIDE = ("laestab", "pupil_id", "first_day", "marks")
_LONG = ("pupil_id", "date", "session", "code")


def _frame(df: object) -> Any:
    if not isinstance(df, DataFrame):
        raise InvalidArgument(f"df must be a pyspark DataFrame, got {type(df).__name__}")
    return df


def _is_long(df: Any) -> bool:
    columns = set(df.columns)
    if "marks" in columns:
        return False
    if set(_LONG) <= columns:
        return True
    raise InvalidInput(
        "df must be in the wide format (laestab, pupil_id, first_day, marks) or the long "
        "format (pupil_id, laestab, date, session, code)"
    )


def _broadcast(df: Any, calendars: Calendars) -> Any:
    """A zero-argument function the workers call for the calendars (broadcast once)."""
    if calendars is None:
        return lambda: None
    if not isinstance(calendars, SchoolCalendar | Mapping):
        raise InvalidArgument("calendars must be a SchoolCalendar or a mapping of LAESTAB to one")
    value = calendars if isinstance(calendars, SchoolCalendar) else dict(calendars)
    session = df.sparkSession
    context = getattr(session, "sparkContext", None)
    if context is None:  # Spark Connect: no broadcast variables; the closure carries them
        return lambda: value
    handle = context.broadcast(value)
    return lambda: handle.value


def _wide(df: Any, calendars: Calendars) -> Any:
    if not _is_long(df):
        return (
            df.select(*_WIDE)
            if "laestab" in df.columns
            else df.selectExpr("CAST(NULL AS STRING) AS laestab", "pupil_id", "first_day", "marks")
        )
    return from_long(df, calendars=calendars)


def from_long(df: Any, *, calendars: Calendars = None) -> Any:
    """The wide DataFrame (:data:`cme_core.frames.WIDE_SCHEMA`) of a long one, school by
    school (``applyInArrow`` on ``groupBy("laestab")``). The problems are not returned here:
    run :func:`cme_core.frames.from_long` on a school's rows to list them."""
    df = _frame(df)
    get = _broadcast(df, calendars)
    columns = [c for c in ("pupil_id", "laestab", "date", "session", "code") if c in df.columns]
    if "laestab" not in columns:
        raise InvalidInput("the long format needs a laestab column to group by school")

    def convert(table: Any) -> Any:
        return frames.from_long(table, calendars=get()).table

    return (
        df.select(*columns)
        .groupBy("laestab")
        .applyInArrow(convert, from_arrow_schema(frames.WIDE_SCHEMA))
    )


def _check_cover(calendars: Calendars, start: date, end: date) -> None:
    """Fail on the driver, before any job, if a calendar does not cover the days needed."""
    if calendars is None:
        return
    values = [calendars] if isinstance(calendars, SchoolCalendar) else list(calendars.values())
    for cal in values:
        if not (cal.covers(start) and cal.covers(end)):
            raise CalendarRangeError(
                f"a school's calendar ({cal.start.isoformat()} to {cal.end.isoformat()}) does "
                f"not cover {start.isoformat()} to {end.isoformat()}"
            )


def _map(df: Any, fn: Any, schema: Any) -> Any:
    spark_schema = from_arrow_schema(schema)

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        for batch in batches:
            if batch.num_rows:
                yield from fn(pa.Table.from_batches([batch])).to_batches()

    return df.mapInArrow(run, spark_schema)


def summarise(df: object, start: date, end: date, *, calendars: Calendars = None) -> Any:
    """Each pupil's summary for ``start`` to ``end`` (:func:`cme_core.frames.summarise`), as a
    Spark DataFrame of :data:`cme_core.frames.SUMMARY_SCHEMA`."""
    frame = _frame(df)
    wide = _wide(frame, calendars)
    get = _broadcast(frame, calendars)
    frames.summarise(frames.WIDE_SCHEMA.empty_table(), start, end)  # checks the arguments
    _check_cover(calendars, start, end)
    return _map(
        wide, lambda t: frames.summarise(t, start, end, calendars=get()), frames.SUMMARY_SCHEMA
    )


def screen(
    df: object,
    *,
    on: date,
    calendars: SchoolCalendar | Mapping[str, SchoolCalendar],
    since: date | None = None,
) -> Any:
    """The CME screen on ``on`` (:func:`cme_core.frames.screen`) as a Spark DataFrame of
    :data:`cme_core.frames.SCREEN_SCHEMA`. Rank with
    ``.orderBy(F.desc("priority"), F.desc("run_days"), F.desc("return_run_days"))``."""
    frame = _frame(df)
    if calendars is None:
        raise InvalidArgument("the screen needs each school's calendar (calendars=)")
    wide = _wide(frame, calendars)
    get = _broadcast(frame, calendars)
    frames.screen(frames.WIDE_SCHEMA.empty_table(), on=on, calendars=calendars)
    _check_cover(calendars, on, on)
    return _map(
        wide,
        lambda t: frames.screen(t, on=on, calendars=get(), since=since),
        frames.SCREEN_SCHEMA,
    )


def group_summaries(summary: object) -> dict[str | None, AttendanceGroupSummary]:
    """Each school's :class:`~cme_core.attendance.AttendanceGroupSummary` from a
    :func:`summarise` DataFrame, totalled by Spark (``groupBy("laestab")``): only one row per
    school comes back to the driver. Spark keeps no row order, so the pupil_id lists are
    sorted (equal to :func:`cme_core.attendance.summarise_many` up to that order)."""
    frame = _frame(summary)
    buckets = frames.SUMMARY_SCHEMA.names[5:13]
    ranges = frame.select("start", "end").distinct().collect()
    if not ranges:
        return {}
    if len(ranges) != 1:
        raise InvalidInput("the summary mixes date ranges")
    start, end = ranges[0]["start"], ranges[0]["end"]

    def ids(condition: Any) -> Any:
        return F.array_sort(F.collect_list(F.when(condition, F.col("pupil_id"))))

    totals = (
        frame.groupBy("laestab")
        .agg(
            F.count(F.lit(1)).alias("pupils"),
            *(F.sum(b).alias(b) for b in buckets),
            F.count("unmarked_school_sessions").alias("with_calendar"),
            F.sum("unmarked_school_sessions").alias("unmarked_school_sessions"),
            F.sum("marks_on_non_school_days").alias("marks_on_non_school_days"),
            ids(F.coalesce(F.col("persistent_absence"), F.lit(False))).alias("persistent"),
            ids(F.coalesce(F.col("severe_absence"), F.lit(False))).alias("severe"),
            ids(F.col("possible_sessions") == 0).alias("without"),
            ids(~F.col("is_complete")).alias("incomplete"),
        )
        .collect()
    )
    maps: dict[str, dict[str | None, dict[str, int]]] = {}
    for name in ("by_code", "not_in_force_codes", "unknown_tokens"):
        rows = (
            frame.select("laestab", F.explode(name).alias("key", "value"))
            .groupBy("laestab", "key")
            .agg(F.sum("value").alias("value"))
            .collect()
        )
        found: dict[str | None, dict[str, int]] = {}
        for row in rows:
            found.setdefault(row["laestab"], {})[row["key"]] = int(row["value"])
        maps[name] = found
    out: dict[str | None, AttendanceGroupSummary] = {}
    for row in totals:
        key = row["laestab"]
        with_cal = row["with_calendar"] > 0
        group_totals = AttendanceSummary(
            pupil_id=None,
            start=start,
            end=end,
            pupils=row["pupils"],
            **{b: int(row[b] or 0) for b in buckets},
            by_code=maps["by_code"].get(key, {}),
            not_in_force_codes=maps["not_in_force_codes"].get(key, {}),
            unknown_tokens=maps["unknown_tokens"].get(key, {}),
            unmarked_school_sessions=int(row["unmarked_school_sessions"]) if with_cal else None,
            marks_on_non_school_days=int(row["marks_on_non_school_days"]) if with_cal else None,
        )
        out[key] = AttendanceGroupSummary(
            start=start,
            end=end,
            pupils=row["pupils"],
            totals=group_totals,
            persistent_absentees=row["persistent"],
            severe_absentees=row["severe"],
            without_possible_sessions=row["without"],
            with_unknown_marks=row["incomplete"],
        )
    return out


def calendars_from_terms(terms: object) -> dict[str, SchoolCalendar]:
    """Calendars by LAESTAB from a small table of terms (an Arrow table, pandas DataFrame or
    Spark DataFrame with columns ``laestab``, ``name``, ``first_day``, ``last_day``), each
    built with :meth:`~cme_core.calendars.SchoolCalendar.from_terms` (bank holidays
    excluded)."""
    if isinstance(terms, DataFrame):
        terms = terms.toArrow()
    t = as_table(terms, "terms")
    schools = column(t, "laestab", pa.string()).to_pylist()
    names = column(t, "name", pa.string()).to_pylist()
    firsts = column(t, "first_day", pa.date32()).to_pylist()
    lasts = column(t, "last_day", pa.date32()).to_pylist()
    by_school: dict[str, list[Term]] = {}
    for school, name, first, last in zip(schools, names, firsts, lasts, strict=True):
        if school is None or first is None or last is None:
            raise InvalidInput("every term needs a laestab, a first_day and a last_day")
        by_school.setdefault(school, []).append(
            Term(name=name or "term", first_day=first, last_day=last)
        )
    return {
        school: SchoolCalendar.from_terms(sorted(ts, key=lambda x: x.first_day))
        for school, ts in by_school.items()
    }


def local_session(app_name: str = "cme_core", *, config: Mapping[str, str] | None = None) -> Any:
    """A small local Spark session (``local[2]``, UI off, two shuffle partitions, the workers
    on this Python) for trying the functions on one machine; ``config`` adds Spark settings
    (such as ``{"spark.driver.memory": "6g"}``)."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder
    for key, value in (config or {}).items():
        builder = builder.config(key, value)
    return (
        builder.master("local[2]")
        .config("spark.pyspark.python", sys.executable)
        .config("spark.pyspark.driver.python", sys.executable)
        .appName(app_name)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )


def active_or_local_session(app_name: str = "cme_core") -> Any:
    """The Spark session already running here (``spark-submit``, Databricks, a notebook),
    else a new :func:`local_session`."""
    active = SparkSession.getActiveSession()
    return active if active is not None else local_session(app_name)
