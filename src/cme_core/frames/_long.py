"""Long register tables (one row per pupil per session) to wide compact marks.

Private: import from :mod:`cme_core.frames`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, NamedTuple

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from cme_core.attendance_codes import ALL_CODES, CODES_2006, CODES_2024, REGIME_2006_START
from cme_core.attendance_codes import REGIME_2024_START as _R2024
from cme_core.calendars import SchoolCalendar
from cme_core.errors import InvalidArgument
from cme_core.frames._api import WIDE_SCHEMA, as_table, column
from cme_core.frames._kernel import COMPACT
from cme_core.problems import Problem
from cme_core.registers import NO_MARK
from cme_core.screening import (
    LONG_CONFLICT,
    LONG_DUPLICATE,
    LONG_GAP,
    LONG_MISSING,
    LONG_NOT_IN_FORCE,
    LONG_SESSION,
    LONG_UNKNOWN_CODE,
)

__all__ = [
    "LONG_CONFLICT",
    "LONG_DUPLICATE",
    "LONG_GAP",
    "LONG_MISSING",
    "LONG_NOT_IN_FORCE",
    "LONG_SESSION",
    "LONG_UNKNOWN_CODE",
    "LongConversion",
    "from_long",
]

_EPOCH = date(1970, 1, 1).toordinal()


class LongConversion(NamedTuple):
    """What :func:`from_long` gives: the wide ``table`` (:data:`WIDE_SCHEMA`) and every
    ``problems`` found (a tuple of :class:`~cme_core.problems.Problem`). A named pair, so
    ``table, problems = from_long(...)`` works."""

    table: Any
    problems: tuple[Problem, ...]


def _array(col: Any) -> Any:
    return col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col


def _days(col: Any) -> Any:
    return col.cast(pa.int32()).to_numpy(zero_copy_only=False).astype(np.int64)


def from_long(
    table: object,
    *,
    calendars: SchoolCalendar | Mapping[str, SchoolCalendar] | None = None,
) -> LongConversion:
    """One row per pupil per school (compact marks from the pupil's first mark to the last)
    from a long table with columns ``pupil_id``, ``laestab`` (optional), ``date`` (a date
    column), ``session`` (``AM`` or ``PM``) and ``code`` (a readable attendance code).

    Rows are kept: a row with an empty field or a session other than AM/PM is reported and not
    placed; an unknown code is stored as ``?`` (unknown); a code of the other regime is stored
    and counted as not in force; a session given twice with the same code is kept once; a
    session given different codes is stored as ``?`` (never guessed). With ``calendars`` (one
    calendar, or a mapping of LAESTAB to calendar), school-day sessions between a pupil's first
    and last marks with no row are reported per pupil (without calendars gaps cannot be told
    from weekends and holidays, and are not reported). Output rows come in the order each
    (school, pupil) first appears. Problems name rows by index, never by value.
    """
    t = as_table(table)
    n = t.num_rows
    pupil = _array(column(t, "pupil_id", pa.string()))
    school = _array(column(t, "laestab", pa.string(), required=False))
    day = _array(column(t, "date", pa.date32()))
    session = _array(column(t, "session", pa.string()))
    code = _array(column(t, "code", pa.string()))
    problems: list[tuple[int, Problem]] = []

    def report(rows: Any, make: Any) -> None:
        for i in np.asarray(rows).tolist():
            problems.append((int(i), make(int(i))))

    missing = np.zeros(n, dtype=bool)
    for name, col in (("pupil_id", pupil), ("date", day), ("session", session), ("code", code)):
        nulls = pc.is_null(col).to_numpy(zero_copy_only=False)
        report(
            np.nonzero(nulls & ~missing)[0],
            lambda i, name=name: LONG_MISSING.problem(path=("rows", i, name)),
        )
        missing |= nulls
    am = pc.equal(session, "AM").to_numpy(zero_copy_only=False)
    pm = pc.equal(session, "PM").to_numpy(zero_copy_only=False)
    am = np.where(missing, False, am)
    pm = np.where(missing, False, pm)
    bad_session = ~missing & ~am & ~pm
    report(np.nonzero(bad_session)[0], lambda i: LONG_SESSION.problem(path=("rows", i, "session")))
    ordinals = _days(pc.fill_null(day, date(1970, 1, 1)))
    early = ~missing & (ordinals < REGIME_2006_START.toordinal() - _EPOCH)
    report(
        np.nonzero(early & ~bad_session)[0],
        lambda i: LONG_NOT_IN_FORCE.problem(
            "no attendance code set is encoded before 2006-09-01 (the row is not placed)",
            path=("rows", i, "date"),
        ),
    )
    valid = ~missing & ~bad_session & ~early

    # Codes: one look-up per distinct code, not per row.
    encoded = pc.dictionary_encode(pc.fill_null(code, ""))
    values = encoded.dictionary.to_pylist()
    index = encoded.indices.to_numpy(zero_copy_only=False)
    chars = np.asarray([ord(COMPACT.get(v, "?")) for v in values], dtype=np.uint8)
    known = np.asarray([v in ALL_CODES for v in values], dtype=bool)
    in_2006 = np.asarray([CODES_2006.get(v) is not None for v in values], dtype=bool)
    in_2024 = np.asarray([CODES_2024.get(v) is not None for v in values], dtype=bool)
    row_char = chars[index]
    is_2024 = ordinals >= _R2024.toordinal() - _EPOCH
    unknown = valid & ~known[index]
    report(np.nonzero(unknown)[0], lambda i: LONG_UNKNOWN_CODE.problem(path=("rows", i, "code")))
    nif = valid & known[index] & np.where(is_2024, ~in_2024[index], ~in_2006[index])
    report(
        np.nonzero(nif)[0],
        lambda i: LONG_NOT_IN_FORCE.problem(
            path=("rows", i, "code"), values={"date": date.fromordinal(int(ordinals[i]) + _EPOCH)}
        ),
    )

    # Groups: (school, pupil) in order of first appearance.
    s_idx = pc.dictionary_encode(school, null_encoding="encode").indices.to_numpy(
        zero_copy_only=False
    )
    p_enc = pc.dictionary_encode(pc.fill_null(pupil, ""))
    p_idx = p_enc.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    key = s_idx.astype(np.int64) * (len(p_enc.dictionary) + 1) + p_idx
    rows = np.nonzero(valid)[0]
    if not len(rows):
        return LongConversion(table=WIDE_SCHEMA.empty_table(), problems=_sorted(problems))
    uniq, first_at, group_of = np.unique(key[rows], return_index=True, return_inverse=True)
    order = np.argsort(first_at, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    g = rank[group_of]  # group of each valid row, numbered by first appearance
    ng = len(uniq)
    d = ordinals[rows]
    first = np.full(ng, np.iinfo(np.int64).max)
    last = np.full(ng, np.iinfo(np.int64).min)
    np.minimum.at(first, g, d)
    np.maximum.at(last, g, d)
    length = 2 * (last - first + 1)
    offsets = np.zeros(ng + 1, dtype=np.int64)
    np.cumsum(length, out=offsets[1:])
    pos = 2 * (d - first[g]) + pm[rows]
    slot = offsets[g] + pos
    c = row_char[rows]

    # Duplicates and conflicts: rows sharing a slot.
    by_slot = np.argsort(slot, kind="stable")
    s_sorted = slot[by_slot]
    same = np.nonzero(s_sorted[1:] == s_sorted[:-1])[0] + 1
    conflict_slots: list[int] = []
    if len(same):
        head = np.ones(len(s_sorted), dtype=bool)
        head[same] = False
        head_at = np.maximum.accumulate(np.where(head, np.arange(len(s_sorted)), 0))
        for j in same.tolist():
            i0 = int(rows[by_slot[head_at[j]]])
            i = int(rows[by_slot[j]])
            if c[by_slot[j]] == c[by_slot[head_at[j]]] and code[i].as_py() == code[i0].as_py():
                problems.append(
                    (i, LONG_DUPLICATE.problem(path=("rows", i), values={"same_as_row": i0}))
                )
            else:
                problems.append(
                    (i, LONG_CONFLICT.problem(path=("rows", i), values={"conflicts_with_row": i0}))
                )
                conflict_slots.append(int(s_sorted[j]))
    data = np.full(int(offsets[-1]), ord(NO_MARK), dtype=np.uint8)
    data[slot] = c
    if conflict_slots:
        data[np.asarray(conflict_slots, dtype=np.int64)] = ord("?")
    marks = pa.LargeStringArray.from_buffers(
        ng, pa.py_buffer(offsets), pa.py_buffer(data.tobytes())
    ).cast(pa.string())
    head_rows = rows[first_at[order]]
    wide = pa.Table.from_arrays(
        [
            school.take(pa.array(head_rows)),
            pupil.take(pa.array(head_rows)),
            pa.array((first - 0).astype(np.int32), pa.int32()).cast(pa.date32()),
            marks,
        ],
        schema=WIDE_SCHEMA,
    )
    found = _sorted(problems)
    if calendars is not None:
        found = found + _gaps(wide, slot, offsets, g, first, last, calendars)
    return LongConversion(table=wide, problems=found)


def _sorted(problems: list[tuple[int, Problem]]) -> tuple[Problem, ...]:
    return tuple(p for _, p in sorted(problems, key=lambda x: x[0]))


def _gaps(
    wide: Any,
    slot: Any,
    offsets: Any,
    g: Any,
    first: Any,
    last: Any,
    calendars: SchoolCalendar | Mapping[str, SchoolCalendar],
) -> tuple[Problem, ...]:
    """One problem per pupil with school-day sessions unmarked between first and last mark."""
    ng = len(first)
    cal_of: list[SchoolCalendar | None]
    if isinstance(calendars, SchoolCalendar):
        cal_of = [calendars] * ng
    elif isinstance(calendars, Mapping):
        schools = wide["laestab"].to_pylist()
        cal_of = [calendars.get(s) if s is not None else None for s in schools]
    else:
        raise InvalidArgument("calendars must be a SchoolCalendar or a mapping of LAESTAB to one")
    school_sessions = np.zeros(ng, dtype=np.int64)
    marked_school = np.zeros(ng, dtype=np.int64)
    distinct = np.unique(slot)
    d_group = np.searchsorted(offsets, distinct, side="right") - 1
    d_day = first[d_group] + (distinct - offsets[d_group]) // 2
    by_cal: dict[int, list[int]] = {}
    cals: dict[int, SchoolCalendar] = {}
    for j, cal in enumerate(cal_of):
        if cal is not None:
            by_cal.setdefault(id(cal), []).append(j)
            cals[id(cal)] = cal
    for key, groups in by_cal.items():
        cal = cals[key]
        school_days = np.asarray([d.toordinal() - _EPOCH for d in cal.days], dtype=np.int64)
        gs = np.asarray(groups, dtype=np.int64)
        lo = np.searchsorted(school_days, np.maximum(first[gs], cal.start.toordinal() - _EPOCH))
        hi = np.searchsorted(
            school_days, np.minimum(last[gs], cal.end.toordinal() - _EPOCH), side="right"
        )
        school_sessions[gs] = 2 * np.maximum(hi - lo, 0)
        member = np.isin(d_group, gs)
        on_school_day = member & np.isin(d_day, school_days)
        marked_school += np.bincount(d_group[on_school_day], minlength=ng)
    gaps = school_sessions - marked_school
    return tuple(
        LONG_GAP.problem(path=("pupils", int(j)), values={"sessions": int(gaps[j])})
        for j in np.nonzero(gaps > 0)[0].tolist()
    )
