"""Wide tables, summaries and the screen over Arrow tables.

Private: import from :mod:`cme_core.frames`.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from cme_core.attendance import (
    ATTENDANCE_RETURN_SCHOOL_DAYS,
    SICKNESS_RETURN_SCHOOL_DAYS,
    AttendanceGroupSummary,
    AttendanceSummary,
)
from cme_core.attendance_codes import REGIME_2006_START, REGIME_2024_START
from cme_core.calendars import CalendarRangeError, SchoolCalendar
from cme_core.errors import InvalidArgument, InvalidDate, InvalidInput
from cme_core.frames import _kernel as k
from cme_core.periods import regime_id_on
from cme_core.registers import AttendanceRecord
from cme_core.screening import CONTINUOUS_ABSENCE_SCHOOL_DAYS, period_start

_COUNTS = pa.map_(pa.string(), pa.int64())

WIDE_SCHEMA = pa.schema(
    [
        pa.field("laestab", pa.string()),
        pa.field("pupil_id", pa.string(), nullable=False),
        pa.field("first_day", pa.date32(), nullable=False),
        pa.field("marks", pa.string(), nullable=False),
    ]
)
"""One row per pupil per school: the school's LAESTAB (text, may be null), the pupil's id,
the first day of the marks and the compact marks (two a calendar day: AM then PM; ``-`` is
no mark; see :func:`cme_core.registers.encode_marks`)."""

SUMMARY_SCHEMA = pa.schema(
    [
        pa.field("laestab", pa.string()),
        pa.field("pupil_id", pa.string()),
        pa.field("start", pa.date32()),
        pa.field("end", pa.date32()),
        pa.field("sessions", pa.int64()),
        *(pa.field(b, pa.int64()) for b in k.BUCKETS),
        pa.field("possible_sessions", pa.int64()),
        pa.field("attendance", pa.int64()),
        pa.field("absence", pa.int64()),
        pa.field("attendance_rate", pa.float64()),
        pa.field("absence_rate", pa.float64()),
        pa.field("persistent_absence", pa.bool_()),
        pa.field("severe_absence", pa.bool_()),
        pa.field("is_complete", pa.bool_()),
        pa.field("unmarked_school_sessions", pa.int64()),
        pa.field("marks_on_non_school_days", pa.int64()),
        pa.field("by_code", _COUNTS),
        pa.field("not_in_force_codes", _COUNTS),
        pa.field("unknown_tokens", _COUNTS),
    ]
)
"""The per-pupil summary (:func:`summarise`): the fields of
:class:`~cme_core.attendance.AttendanceSummary` with the same names and meanings. Counts are
sessions; rates are fractions 0 to 1 (null without possible sessions, as are the flags);
the calendar counts are null without a calendar; the three maps hold non-zero counts only,
keyed by readable code (or unknown token), sorted."""

SCREEN_SCHEMA = pa.schema(
    [
        pa.field("laestab", pa.string()),
        pa.field("pupil_id", pa.string()),
        pa.field("on", pa.date32()),
        pa.field("regime", pa.string()),
        pa.field("run_days", pa.int64()),
        pa.field("run_reached_on", pa.date32()),
        pa.field("run_due_on", pa.date32()),
        pa.field("return_run_days", pa.int64()),
        pa.field("return_run_reached_on", pa.date32()),
        pa.field("return_run_due_on", pa.date32()),
        pa.field("sick_days", pa.int64()),
        pa.field("sick_days_in_year", pa.int64()),
        pa.field("sick_reached_on", pa.date32()),
        pa.field("sick_due_on", pa.date32()),
        pa.field("year_start", pa.date32()),
        pa.field("possible_sessions", pa.int64()),
        pa.field("absence", pa.int64()),
        pa.field("persistent_absence", pa.bool_()),
        pa.field("severe_absence", pa.bool_()),
        pa.field("evidence_gap", pa.bool_()),
        pa.field("priority", pa.int64()),
    ]
)
"""The screen (:func:`screen`): the fields of :class:`cme_core.screening.PupilScreen` (run
lengths in school days; dates in the school's calendar) after the school's LAESTAB."""

CalendarsArg = SchoolCalendar | Mapping[str, SchoolCalendar] | None


# --- input ---------------------------------------------------------------------------------------


def as_table(data: object, what: str = "table") -> Any:
    """An Arrow table from a ``pyarrow.Table``, a pandas DataFrame or anything exporting the
    Arrow C stream interface (Polars)."""
    if isinstance(data, pa.Table):
        return data
    if isinstance(data, pa.RecordBatch):
        return pa.Table.from_batches([data])
    try:
        if hasattr(data, "__arrow_c_stream__"):
            return pa.table(data)
        if type(data).__module__.startswith("pandas"):
            return pa.Table.from_pandas(data, preserve_index=False)
    except (pa.ArrowException, TypeError, ValueError) as exc:
        raise InvalidArgument(f"{what} could not be read as an Arrow table") from exc
    raise InvalidArgument(
        f"{what} must be a pyarrow.Table, a pandas DataFrame or an Arrow stream, "
        f"got {type(data).__name__}"
    )


def column(table: Any, name: str, kind: Any, *, required: bool = True) -> Any:
    """Column ``name`` cast to ``kind`` (a datetime column is refused as a date)."""
    if name not in table.column_names:
        if required:
            raise InvalidInput(f"the table has no column {name!r}")
        return pa.nulls(table.num_rows, kind)
    col = table[name]
    if pa.types.is_date(kind) and not pa.types.is_date(col.type):
        raise InvalidInput(f"column {name!r} must hold dates (a date32 or date64 column)")
    if pa.types.is_string(kind) and not (
        pa.types.is_string(col.type)
        or pa.types.is_large_string(col.type)
        or pa.types.is_string_view(col.type)
        or pa.types.is_dictionary(col.type)
        or pa.types.is_null(col.type)
    ):
        raise InvalidInput(f"column {name!r} must hold text")
    try:
        return col if col.type == kind else col.cast(kind)  # no copy when already right
    except pa.ArrowException as exc:
        raise InvalidInput(f"column {name!r} could not be read as {kind}") from exc


def _no_nulls(col: Any, name: str) -> None:
    nulls = col.null_count
    if nulls:
        first = pc.index(pc.is_null(col), True).as_py()
        raise InvalidInput(f"column {name!r} has {nulls} empty value(s) (first at row {first})")


def from_wide(table: object) -> Any:
    """A wide table (:data:`WIDE_SCHEMA`), checked and normalised: columns ``laestab``
    (optional), ``pupil_id``, ``first_day`` and ``marks``, cast to their types; other columns
    are dropped; null marks read as no marks. Raises
    :class:`~cme_core.errors.InvalidInput` for a missing column, a column of the wrong type
    (a timestamp is not a date), or an empty pupil_id or first_day (naming the row, never the
    value)."""
    t = as_table(table)
    pupil = column(t, "pupil_id", pa.string())
    first = column(t, "first_day", pa.date32())
    _no_nulls(pupil, "pupil_id")
    _no_nulls(first, "first_day")
    if len(first) and pc.min(first).as_py() < REGIME_2006_START:
        raise InvalidInput("first_day before 2006-09-01: no attendance code set is encoded")
    marks = column(t, "marks", pa.string())
    if marks.null_count:
        marks = pc.fill_null(marks, "")
    school = column(t, "laestab", pa.string(), required=False)
    return pa.Table.from_arrays([school, pupil, first, marks], schema=WIDE_SCHEMA)


def from_records(records: Iterable[AttendanceRecord], *, laestab: str | None = None) -> Any:
    """A wide table of ``records`` (one school's, LAESTAB ``laestab``). Unknown tokens are
    not carried: their marks stay ``?``."""
    rows = list(records)
    for i, r in enumerate(rows):
        if not isinstance(r, AttendanceRecord):
            raise InvalidArgument(f"records[{i}] must be an AttendanceRecord")
    return pa.Table.from_arrays(
        [
            pa.array([laestab] * len(rows), pa.string()),
            pa.array([r.pupil_id for r in rows], pa.string()),
            pa.array([r.first_day for r in rows], pa.date32()),
            pa.array([r.marks for r in rows], pa.string()),
        ],
        schema=WIDE_SCHEMA,
    )


def to_records(table: object) -> list[AttendanceRecord]:
    """The rows of a wide table as :class:`~cme_core.registers.AttendanceRecord` objects."""
    t = from_wide(table)
    return [
        AttendanceRecord(pupil_id=p, first_day=f, marks=m)
        for p, f, m in zip(
            t["pupil_id"].to_pylist(),
            t["first_day"].to_pylist(),
            t["marks"].to_pylist(),
            strict=True,
        )
    ]


# --- grouping ------------------------------------------------------------------------------------


def _date(value: object, name: str) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise InvalidArgument(f"{name} must be a datetime.date, got {type(value).__name__}")
    return value


def _calendar_index(wide: Any, calendars: CalendarsArg) -> tuple[Any, list[SchoolCalendar | None]]:
    """Per row, the index of its calendar in the returned list."""
    n = wide.num_rows
    if calendars is None:
        return np.zeros(n, dtype=np.int64), [None]
    if isinstance(calendars, SchoolCalendar):
        return np.zeros(n, dtype=np.int64), [calendars]
    if not isinstance(calendars, Mapping):
        raise InvalidArgument("calendars must be a SchoolCalendar or a mapping of LAESTAB to one")
    keys = list(calendars)
    distinct: dict[int, int] = {}
    found: list[SchoolCalendar | None] = []
    per_key = []
    for key in keys:
        cal = calendars[key]
        if not isinstance(key, str) or not isinstance(cal, SchoolCalendar):
            raise InvalidArgument("calendars must map LAESTAB (str) to SchoolCalendar")
        if id(cal) not in distinct:
            distinct[id(cal)] = len(found)
            found.append(cal)
        per_key.append(distinct[id(cal)])
    at = pc.index_in(wide["laestab"], value_set=pa.array(keys, pa.string()))
    if at.null_count:
        first = pc.index(pc.is_null(at), True).as_py()
        raise InvalidInput(
            f"{at.null_count} row(s) have a school with no calendar (first at row {first})"
        )
    lookup = np.asarray(per_key, dtype=np.int64)
    return lookup[at.to_numpy(zero_copy_only=False)], found


def _groups(wide: Any, calendars: CalendarsArg) -> list[tuple[Any, date, SchoolCalendar | None]]:
    """The rows in groups of one calendar and one first day: (row indices, first day,
    calendar). One sort, whatever the number of groups."""
    cal_idx, cals = _calendar_index(wide, calendars)
    days = wide["first_day"].cast(pa.int32()).to_numpy(zero_copy_only=False).astype(np.int64)
    if not len(days):
        return []
    key = cal_idx * 1_000_000 + days
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    cuts = np.nonzero(np.diff(sorted_key))[0] + 1
    out = []
    for part in np.split(order, cuts):
        row = int(part[0])
        first = wide["first_day"][row].as_py()
        out.append((part, first, cals[int(cal_idx[row])]))
    return out


def _take(col: Any, rows: Any, whole: bool) -> Any:
    return col if whole else col.take(pa.array(rows))


def _counts_map(columns: Mapping[str, Any], n: int) -> Any:
    """A map column (non-zero counts, keys sorted) from per-key count arrays."""
    keys = sorted(columns)
    offsets = np.zeros(n + 1, dtype=np.int32)
    if not keys or n == 0:
        return pa.MapArray.from_arrays(
            pa.array(offsets), pa.array([], pa.string()), pa.array([], pa.int64())
        )
    counts = np.stack([np.asarray(columns[key], dtype=np.int32) for key in keys], axis=1)
    nonzero = counts > 0
    np.cumsum(nonzero.sum(axis=1), out=offsets[1:])
    flat = np.flatnonzero(nonzero)
    del nonzero
    cols = (flat % len(keys)).astype(np.int32)
    items = counts.ravel()[flat].astype(np.int64)
    del counts, flat
    return pa.MapArray.from_arrays(
        pa.array(offsets), pa.array(keys, pa.string()).take(pa.array(cols)), pa.array(items)
    )


def _tokens_map(items: dict[int, Counter[str]], n: int) -> Any:
    lengths = np.zeros(n, dtype=np.int32)
    keys: list[str] = []
    values: list[int] = []
    for row in sorted(items):
        pairs = sorted(items[row].items())
        lengths[row] = len(pairs)
        keys.extend(p for p, _ in pairs)
        values.extend(c for _, c in pairs)
    offsets = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(lengths, out=offsets[1:])
    return pa.MapArray.from_arrays(
        pa.array(offsets), pa.array(keys, pa.string()), pa.array(values, pa.int64())
    )


def _ratio(part: Any, whole: Any) -> Any:
    valid = whole > 0
    out = np.divide(part, np.where(valid, whole, 1), dtype=np.float64)
    return pa.array(out, mask=~valid)


def _flag(absent: Any, possible: Any, num: int, den: int) -> Any:
    return pa.array(absent * den >= num * possible, mask=~(possible > 0))


def _check_range(start: object, end: object) -> tuple[date, date]:
    a, b = _date(start, "start"), _date(end, "end")
    if b < a:
        raise InvalidDate("end must not be before start")
    if a < REGIME_2006_START:
        raise InvalidDate(
            "no attendance code set is encoded before 2006-09-01: start on or after it"
        )
    return a, b


def _restore(parts: list[tuple[Any, Any]], n: int, schema: Any) -> Any:
    """Concatenate per-group tables and put the rows back in the input order."""
    if not parts:
        return schema.empty_table()
    table = pa.concat_tables([t for _, t in parts])
    order = np.concatenate([rows for rows, _ in parts])
    if len(parts) == 1 and np.array_equal(order, np.arange(n)):
        return table
    inverse = np.empty(n, dtype=np.int64)
    inverse[order] = np.arange(n)
    return table.take(pa.array(inverse))


# --- summaries -----------------------------------------------------------------------------------


def summarise(table: object, start: date, end: date, *, calendars: CalendarsArg = None) -> Any:
    """Each pupil's counts, rates and flags for ``start`` to ``end`` (:data:`SUMMARY_SCHEMA`,
    one row per input row, in order): exactly what :func:`cme_core.attendance.summarise` gives
    for the same record, counted with one ``pyarrow.compute.count_substring`` pass per code.

    ``calendars`` (a :class:`~cme_core.calendars.SchoolCalendar` for every row, or a mapping of
    LAESTAB to calendar) adds the calendar counts; each calendar must cover the range.
    """
    a, b = _check_range(start, end)
    wide = from_wide(table)
    n = wide.num_rows
    groups = _groups(wide, calendars)
    parts = []
    for rows, first, cal in groups:
        whole = len(groups) == 1
        if cal is not None:
            for day, name in ((a, "start"), (b, "end")):
                if not cal.covers(day):
                    raise CalendarRangeError(f"{name} {day.isoformat()} is outside the calendar")
        counts = k.count(_take(wide["marks"], rows, whole), first, a, b, cal)
        parts.append((rows, _summary_table(wide, rows, whole, counts, a, b)))
    return _restore(parts, n, SUMMARY_SCHEMA)


def _summary_table(wide: Any, rows: Any, whole: bool, c: k.Counts, a: date, b: date) -> Any:
    n = c.n
    bk = c.buckets
    attendance = bk["present"] + bk["approved_activity"]
    absence = bk["authorised_absence"] + bk["unauthorised_absence"]
    possible = attendance + absence
    sessions = np.full(n, 2 * ((b - a).days + 1), dtype=np.int64)
    tokens = dict(c.unknown_tokens())
    cols: dict[str, Any] = {
        "laestab": _take(wide["laestab"], rows, whole),
        "pupil_id": _take(wide["pupil_id"], rows, whole),
        "start": pa.repeat(pa.scalar(a, pa.date32()), n),
        "end": pa.repeat(pa.scalar(b, pa.date32()), n),
        "sessions": pa.array(sessions),
        **{name: pa.array(bk[name]) for name in k.BUCKETS},
        "possible_sessions": pa.array(possible),
        "attendance": pa.array(attendance),
        "absence": pa.array(absence),
        "attendance_rate": _ratio(attendance, possible),
        "absence_rate": _ratio(absence, possible),
        "persistent_absence": _flag(absence, possible, 1, 10),
        "severe_absence": _flag(absence, possible, 1, 2),
        "is_complete": pa.array((bk["unknown"] + bk["not_in_force"]) == 0),
        "unmarked_school_sessions": pa.nulls(n, pa.int64())
        if c.unmarked is None
        else pa.array(c.unmarked),
        "marks_on_non_school_days": pa.nulls(n, pa.int64())
        if c.off_days is None
        else pa.array(c.off_days),
        "by_code": _counts_map(c.by_code, n),
        "not_in_force_codes": _counts_map(c.not_in_force_codes, n),
        "unknown_tokens": _tokens_map(tokens, n),
    }
    return pa.Table.from_arrays([cols[f.name] for f in SUMMARY_SCHEMA], schema=SUMMARY_SCHEMA)


def _pairs(value: Any) -> dict[str, int]:
    return dict(value) if value else {}


def to_summaries(summary: object) -> list[AttendanceSummary]:
    """The rows of a :func:`summarise` table as
    :class:`~cme_core.attendance.AttendanceSummary` objects (for checks and small data)."""
    t = as_table(summary)
    out = []
    for row in t.to_pylist():
        out.append(
            AttendanceSummary(
                pupil_id=row["pupil_id"],
                start=row["start"],
                end=row["end"],
                **{name: row[name] for name in k.BUCKETS},
                by_code=_pairs(row["by_code"]),
                unknown_tokens=_pairs(row["unknown_tokens"]),
                not_in_force_codes=_pairs(row["not_in_force_codes"]),
                unmarked_school_sessions=row["unmarked_school_sessions"],
                marks_on_non_school_days=row["marks_on_non_school_days"],
            )
        )
    return out


def group_summaries(summary: object) -> dict[str | None, AttendanceGroupSummary]:
    """A :func:`summarise` table's rows grouped by ``laestab`` into
    :class:`~cme_core.attendance.AttendanceGroupSummary` values (in order of first
    appearance): each equals :func:`cme_core.attendance.summarise_many` of that school's
    records, and they merge (``+``) into an LA's or a nation's summary. The sums are
    Arrow group-bys; only the flagged pupil_ids come back to Python."""
    t = as_table(summary)
    if not t.num_rows:
        return {}
    start, end = t["start"][0].as_py(), t["end"][0].as_py()
    if pc.count_distinct(t["start"]).as_py() != 1 or pc.count_distinct(t["end"]).as_py() != 1:
        raise InvalidInput("the summary table mixes date ranges")
    sums = t.group_by("laestab", use_threads=False).aggregate(
        [
            (name, "sum")
            for name in (*k.BUCKETS, "unmarked_school_sessions", "marks_on_non_school_days")
        ]
        + [([], "count_all"), ("unmarked_school_sessions", "count")]
    )

    def listed(mask: Any) -> dict[str | None, list[str]]:
        sub = t.filter(mask)
        out: dict[str | None, list[str]] = {}
        if sub.num_rows:
            agg = sub.group_by("laestab", use_threads=False).aggregate([("pupil_id", "list")])
            for key, ids in zip(
                agg["laestab"].to_pylist(), agg["pupil_id_list"].to_pylist(), strict=True
            ):
                out[key] = ids
        return out

    persistent = listed(pc.fill_null(t["persistent_absence"], False))
    severe = listed(pc.fill_null(t["severe_absence"], False))
    without = listed(pc.equal(t["possible_sessions"], 0))
    incomplete = listed(pc.invert(t["is_complete"]))
    maps = {
        name: _map_sums(t, name) for name in ("by_code", "unknown_tokens", "not_in_force_codes")
    }
    out: dict[str | None, AttendanceGroupSummary] = {}
    for row in sums.to_pylist():
        key = row["laestab"]
        pupils = row["count_all"]
        with_cal = row["unmarked_school_sessions_count"] > 0
        totals = AttendanceSummary(
            pupil_id=None,
            start=start,
            end=end,
            pupils=pupils,
            **{name: row[f"{name}_sum"] or 0 for name in k.BUCKETS},
            by_code=maps["by_code"].get(key, {}),
            unknown_tokens=maps["unknown_tokens"].get(key, {}),
            not_in_force_codes=maps["not_in_force_codes"].get(key, {}),
            unmarked_school_sessions=row["unmarked_school_sessions_sum"] if with_cal else None,
            marks_on_non_school_days=row["marks_on_non_school_days_sum"] if with_cal else None,
        )
        out[key] = AttendanceGroupSummary(
            start=start,
            end=end,
            pupils=pupils,
            totals=totals,
            persistent_absentees=persistent.get(key, []),
            severe_absentees=severe.get(key, []),
            without_possible_sessions=without.get(key, []),
            with_unknown_marks=incomplete.get(key, []),
        )
    return out


def _map_sums(t: Any, name: str) -> dict[str | None, dict[str, int]]:
    col = t[name].combine_chunks()
    offsets = col.offsets.to_numpy(zero_copy_only=False)
    lo, hi = int(offsets[0]), int(offsets[-1])
    if hi == lo:
        return {}
    parents = np.repeat(np.arange(len(col)), np.diff(offsets))
    entries = pa.table(
        {
            "laestab": t["laestab"].take(pa.array(parents)),
            "key": col.keys.slice(lo, hi - lo),
            "value": col.items.slice(lo, hi - lo),
        }
    )
    agg = entries.group_by(["laestab", "key"], use_threads=False).aggregate([("value", "sum")])
    out: dict[str | None, dict[str, int]] = {}
    for school, key, value in zip(
        agg["laestab"].to_pylist(),
        agg["key"].to_pylist(),
        agg["value_sum"].to_pylist(),
        strict=True,
    ):
        out.setdefault(school, {})[key] = value
    return out


# --- the screen ----------------------------------------------------------------------------------


def screen(
    table: object,
    *,
    on: date,
    calendars: SchoolCalendar | Mapping[str, SchoolCalendar],
    since: date | None = None,
) -> Any:
    """The CME screen (:func:`cme_core.screening.screen`) of every row of a wide table on
    ``on``, each row read in its school's calendar (:data:`SCREEN_SCHEMA`, rows in input
    order; sort by ``priority`` descending, then ``run_days`` and ``return_run_days``
    descending, to rank). Runs are found with numpy over the marks' Arrow buffers."""
    day = _date(on, "on")
    if calendars is None:
        raise InvalidArgument("the screen needs each school's calendar (calendars=)")
    wide = from_wide(table)
    parts = []
    for rows, first, cal in _groups(wide, calendars):
        assert cal is not None
        if not cal.covers(day):
            raise CalendarRangeError("the judging day is outside a school's calendar")
        ys = period_start(cal, day, since)
        marks = _take(wide["marks"], rows, False)
        pieces = []
        step = 32768
        for lo in range(0, len(rows), step):
            pieces.append(_screen_group(marks.slice(lo, step), first, cal, day, ys))
        cols = {name: pa.concat_arrays([p[name] for p in pieces]) for name in pieces[0]}
        cols["laestab"] = _take(wide["laestab"], rows, False)
        cols["pupil_id"] = _take(wide["pupil_id"], rows, False)
        parts.append(
            (
                rows,
                pa.Table.from_arrays([cols[f.name] for f in SCREEN_SCHEMA], schema=SCREEN_SCHEMA),
            )
        )
    return _restore(parts, wide.num_rows, SCREEN_SCHEMA)


def _dates(days: tuple[date, ...], cols: Any) -> Any:
    """``days[col]`` per row, null where col is -1 or beyond the calendar."""
    valid = (cols >= 0) & (cols < len(days))
    ordinals = (
        np.asarray([d.toordinal() for d in days], dtype=np.int64) - date(1970, 1, 1).toordinal()
    )
    picked = (
        ordinals[np.where(valid, cols, 0)] if len(days) else np.zeros(len(cols), dtype=np.int64)
    )
    return pa.array(picked.astype(np.int32), pa.int32(), mask=~valid).cast(pa.date32())


def _due(runs: k.Runs, threshold: int, counted: Any | None = None) -> Any:
    """Column of the day ``threshold`` is reached if the run continues (-1 if none)."""
    have = runs.length if counted is None else counted
    last = runs.last_col()
    return np.where((runs.length > 0) & (have < threshold), last + (threshold - have), -1)


def _screen_group(
    marks: Any, first: date, cal: SchoolCalendar, on: date, year_start: date
) -> dict[str, Any]:
    n = len(marks)
    days = cal.days
    kk = bisect_right(days, on)
    school = days[:kk]
    regimes = np.asarray([d >= REGIME_2024_START for d in school], dtype=bool)
    before = np.asarray([d < first for d in school], dtype=bool)
    if kk:
        text = k.aligned(marks, first, school[0], school[-1])
        m = k.matrix(text)
        pos = np.asarray([2 * (d - school[0]).days for d in school], dtype=np.int64)
        cols = np.stack([pos, pos + 1], axis=1).reshape(-1)
        sessions = m[:, cols]
    else:
        sessions = np.zeros((n, 0), dtype=np.uint8)

    def runs(rule: str, judging_day_passes: bool) -> k.Runs:
        kinds = k.day_kinds(sessions, regimes, rule) if kk else np.zeros((n, 0), dtype=np.int8)
        if kk:
            kinds[:, before] = k.BEFORE
            if judging_day_passes and school[-1] == on:
                last = kinds[:, -1]
                kinds[:, -1] = np.where(last == k.GAP, k.NEUTRAL, last)
        return k.Runs(kinds)

    run = runs("twenty_day_run", True)
    ret = runs("ten_day_return", True)
    sick = runs("sick", False)
    first_year_col = bisect_right(school, year_start - dt.timedelta(days=1)) if kk else 0
    in_year = kk > first_year_col
    if not in_year:  # no school day of the period up to `on`: no current sickness run
        sick = k.Runs(np.zeros((n, 0), dtype=np.int8))
    cont = (sick.kinds == k.CONTINUES) if in_year else np.zeros((n, 0), dtype=bool)
    year_cont = cont[:, first_year_col:] if in_year else cont
    total = year_cont.sum(axis=1).astype(np.int64)
    t = SICKNESS_RETURN_SCHOOL_DAYS
    total_col = np.full(n, -1, dtype=np.int64)
    reached_rows = np.nonzero(total >= t)[0]
    if len(reached_rows):
        cum = np.cumsum(year_cont[reached_rows], axis=1)
        total_col[reached_rows] = np.argmax(cum >= t, axis=1) + first_year_col
    consec_col = sick.nth_col(t)
    reached_candidates = np.where(consec_col >= 0, consec_col, np.iinfo(np.int64).max)
    reached_candidates = np.minimum(
        reached_candidates, np.where(total_col >= 0, total_col, np.iinfo(np.int64).max)
    )
    sick_reached = np.where(reached_candidates == np.iinfo(np.int64).max, -1, reached_candidates)
    pc_col = _due(sick, t)
    pt_col = _due(sick, t, total)
    big = np.iinfo(np.int64).max
    pc_ok = np.where((pc_col >= 0) & (pc_col < len(days)), pc_col, big)
    pt_ok = np.where((pt_col >= 0) & (pt_col < len(days)), pt_col, big)
    sick_due = np.minimum(pc_ok, pt_ok)
    sick_due = np.where((sick_due == big) | (sick_reached >= 0), -1, sick_due)

    counts = k.count(marks, first, year_start, on, None)
    bk = counts.buckets
    absence = bk["authorised_absence"] + bk["unauthorised_absence"]
    possible = absence + bk["present"] + bk["approved_activity"]
    severe = (absence * 2 >= possible) & (possible > 0)
    persistent = (absence * 10 >= possible) & (possible > 0)
    run_reached = run.nth_col(CONTINUOUS_ABSENCE_SCHOOL_DAYS)
    ret_reached = ret.nth_col(ATTENDANCE_RETURN_SCHOOL_DAYS)
    priority = (
        16 * (run_reached >= 0)
        + 8 * (ret_reached >= 0)
        + 4 * (sick_reached >= 0)
        + 2 * severe
        + 1 * persistent
    ).astype(np.int64)
    regime = regime_id_on(on).value
    return {
        "on": pa.repeat(pa.scalar(on, pa.date32()), n),
        "regime": pa.repeat(pa.scalar(regime, pa.string()), n),
        "run_days": pa.array(run.length),
        "run_reached_on": _dates(days, run_reached),
        "run_due_on": _dates(days, _due(run, CONTINUOUS_ABSENCE_SCHOOL_DAYS)),
        "return_run_days": pa.array(ret.length),
        "return_run_reached_on": _dates(days, ret_reached),
        "return_run_due_on": _dates(days, _due(ret, ATTENDANCE_RETURN_SCHOOL_DAYS)),
        "sick_days": pa.array(sick.length),
        "sick_days_in_year": pa.array(total),
        "sick_reached_on": _dates(days, sick_reached),
        "sick_due_on": _dates(days, sick_due),
        "year_start": pa.repeat(pa.scalar(year_start, pa.date32()), n),
        "possible_sessions": pa.array(possible),
        "absence": pa.array(absence),
        "persistent_absence": pa.array(persistent, mask=~(possible > 0)),
        "severe_absence": pa.array(severe, mask=~(possible > 0)),
        "evidence_gap": pa.array(run.stopped_by == k.GAP),
        "priority": pa.array(priority),
    }
