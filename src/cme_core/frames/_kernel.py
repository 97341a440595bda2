"""The vectorised counting kernel over Arrow string arrays of compact marks.

Private: import from :mod:`cme_core.frames`. Every function here works on whole arrays
(``pyarrow.compute`` kernels, or numpy over Arrow buffers), never a Python loop per pupil;
the only per-row Python is for the rare rows holding characters that are no compact code.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from datetime import date, timedelta
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from cme_core.attendance import BUCKETS as BUCKETS
from cme_core.attendance_codes import (
    ALL_CODES,
    CODES_2006,
    CODES_2024,
    REGIME_2006_END,
    REGIME_2024_START,
    CodeSet,
    RunEffect,
    Treatment,
)
from cme_core.calendars import SchoolCalendar
from cme_core.periods import RegimeId
from cme_core.registers import NO_MARK, encode_marks

COMPACT: Mapping[str, str] = {code: encode_marks(code)[0] for code in ALL_CODES}
"""Every code of either regime -> its one-character compact form."""
READABLE: Mapping[str, str] = {char: code for code, char in COMPACT.items()}
ALPHABET = frozenset(COMPACT.values()) | {NO_MARK, "?"}
CHARS: tuple[str, ...] = tuple(sorted(COMPACT.values()))

# BUCKETS: the session buckets of cme_core.attendance (imported above), one per summary field.
_BUCKET_OF_TREATMENT = {
    Treatment.PRESENT: "present",
    Treatment.APPROVED_ACTIVITY: "approved_activity",
    Treatment.AUTHORISED_ABSENCE: "authorised_absence",
    Treatment.UNAUTHORISED_ABSENCE: "unauthorised_absence",
    Treatment.NOT_POSSIBLE: "not_possible",
}


def safe_token(token: str) -> str:
    """A token as reported: short printable ASCII as given, anything else described only
    (as :mod:`cme_core.attendance` reports unknown tokens)."""
    if 0 < len(token) <= 3 and token.isascii() and token.isprintable():
        return token
    return f"<{len(token)}-character token>"


def segments(start: date, end: date) -> tuple[tuple[date, date, CodeSet], ...]:
    """The parts of ``start``..``end`` under one code set each (split at 19 August 2024)."""
    if end < REGIME_2024_START:
        return ((start, end, CODES_2006),)
    if start >= REGIME_2024_START:
        return ((start, end, CODES_2024),)
    return ((start, REGIME_2006_END, CODES_2006), (REGIME_2024_START, end, CODES_2024))


def aligned(marks: Any, first_day: date, start: date, end: date) -> Any:
    """The compact marks of every row (all with ``first_day``) for ``start``..``end``, each
    exactly ``2 * days`` characters (``-`` where the record has no mark)."""
    lo = 2 * (start - first_day).days
    hi = 2 * (end - first_day).days + 2
    width = hi - lo
    if hi <= 0:
        return pc.if_else(pc.is_null(marks), None, NO_MARK * width)
    if lo == 0 and len(marks):
        size = pc.min_max(pc.binary_length(marks))
        if size["min"].as_py() == size["max"].as_py() == width:
            return marks  # every row already spans the range exactly (one byte a mark): no copy
    if lo >= 0:
        text = pc.utf8_slice_codeunits(marks, lo, hi)
    else:
        text = pc.binary_join_element_wise(
            NO_MARK * (-lo), pc.utf8_slice_codeunits(marks, 0, hi), ""
        )
    return pc.utf8_rpad(text, width=width, padding=NO_MARK)


_COUNTED: tuple[str, ...] = (*CHARS, NO_MARK, "?")
_COUNTED_BYTES = np.asarray([ord(c) for c in _COUNTED], dtype=np.int64)
_BLOCK_BYTES = 1 << 19
"""Bytes histogrammed at a time (bounded working memory, about 16 bytes a byte of the block:
the int32 keys, numpy's intp copy of them, and 2 KiB of counts a row of the block)."""


def histogram(text: Any) -> tuple[Any, Any]:
    """For each row of a string array: the count of each character of ``_COUNTED`` (an
    (n, len(_COUNTED)) uint16 or int32 matrix) and the row's length in characters (int64).

    One pass over the Arrow data buffer with ``numpy.bincount`` (row * 256 + byte), block by
    block: no Python loop per row. A compact code is one ASCII byte, and no byte of a
    multi-byte UTF-8 character is ASCII, so the counts equal ``count_substring`` per code;
    the length counts the bytes that do not continue a character (``utf8_length``)."""
    if isinstance(text, pa.ChunkedArray):  # chunk by chunk: never a copy of the marks
        parts = [histogram(chunk) for chunk in text.chunks]
        if not parts:
            return np.zeros((0, len(_COUNTED)), dtype=np.int32), np.zeros(0, dtype=np.int64)
        return np.vstack([c for c, _ in parts]), np.concatenate([n for _, n in parts])
    arr = text
    n = len(arr)
    if n == 0:
        return np.zeros((0, len(_COUNTED)), dtype=np.int32), np.zeros(0, dtype=np.int64)
    if pa.types.is_large_string(arr.type):
        offsets = np.frombuffer(arr.buffers()[1], dtype=np.int64)
    else:
        offsets = np.frombuffer(arr.buffers()[1], dtype=np.int32)
    offsets = offsets[arr.offset : arr.offset + n + 1].astype(np.int64)
    data_buffer = arr.buffers()[2]
    data = (
        np.frombuffer(data_buffer, dtype=np.uint8)
        if data_buffer is not None
        else np.zeros(0, dtype=np.uint8)
    )
    sizes = np.diff(offsets)
    # a row's count fits its byte length: 2 bytes a count for rows under 64 KiB
    out = np.zeros((n, len(_COUNTED)), dtype=np.uint16 if sizes.max() < 1 << 16 else np.int32)
    length = np.zeros(n, dtype=np.int64)
    if arr.null_count:
        valid = arr.is_valid().to_numpy(zero_copy_only=False)
        sizes = np.where(valid, sizes, 0)
    lo = 0
    while lo < n:
        # rows lo..hi-1 hold about _BLOCK_BYTES bytes (at least one row)
        hi = int(np.searchsorted(offsets, offsets[lo] + _BLOCK_BYTES, side="right")) - 1
        hi = min(max(hi, lo + 1), n)
        block = data[offsets[lo] : offsets[hi]]
        keys = np.repeat(np.arange(hi - lo, dtype=np.int32), sizes[lo:hi])
        if len(keys) != len(block):  # null rows: only the valid rows' bytes are theirs
            keep = np.repeat(sizes[lo:hi] > 0, np.diff(offsets[lo : hi + 1]))
            block = block[keep]
        keys *= 256
        keys += block
        hist = np.bincount(keys, minlength=(hi - lo) * 256).reshape(hi - lo, 256)
        out[lo:hi] = hist[:, _COUNTED_BYTES]
        length[lo:hi] = sizes[lo:hi] - hist[:, 0x80:0xC0].sum(axis=1)
        lo = hi
    return out, length


class Counts:
    """Per-row counts for one group of rows: the eight buckets, the per-code counts, and the
    calendar counts (all int64 arrays of the group's length)."""

    def __init__(self, n: int) -> None:
        self.n = n
        zero = np.zeros(n, dtype=np.int64)
        self.buckets: dict[str, Any] = {b: zero.copy() for b in BUCKETS}
        self.by_code: dict[str, Any] = {}
        self.not_in_force_codes: dict[str, Any] = {}
        self.question_marks = zero.copy()
        self.stray = zero.copy()
        self.unmarked: Any = None
        self.off_days: Any = None
        self.texts: list[Any] = []

    def add_segment(self, text: Any, code_set: CodeSet) -> None:
        """Count one segment's aligned marks: a per-row histogram of the bytes
        (:func:`histogram`, one pass over the data), read through the code set."""
        self.texts.append(text)
        counts, length = histogram(text)
        counted = counts.sum(axis=1, dtype=np.int64)
        for k, char in enumerate(_COUNTED):
            n = counts[:, k]
            if not n.any():
                continue
            if char == NO_MARK:
                self.buckets["no_mark"] += n
                continue
            if char == "?":
                self.question_marks += n
                self.buckets["unknown"] += n
                continue
            code = READABLE[char]
            entry = code_set.get(code)
            if entry is None:
                self.buckets["not_in_force"] += n
                into = self.not_in_force_codes
            else:
                self.buckets[_BUCKET_OF_TREATMENT[entry.treatment]] += n
                into = self.by_code
            into[code] = into[code] + n if code in into else n.astype(np.int32)
        del counts
        stray = length - counted
        self.stray += stray
        self.buckets["unknown"] += stray

    def add_calendar(self, text: Any, start: date, end: date, calendar: SchoolCalendar) -> None:
        """Count school-day sessions with no mark and marks on days with no session, one
        block of consecutive days of the same kind at a time."""
        if self.unmarked is None:
            self.unmarked = np.zeros(self.n, dtype=np.int64)
            self.off_days = np.zeros(self.n, dtype=np.int64)
        school = set(calendar.school_days(start, end))
        day = start
        while day <= end:
            kind = day in school
            last = day
            while (
                last + timedelta(days=1) <= end and ((last + timedelta(days=1)) in school) == kind
            ):
                last += timedelta(days=1)
            lo, hi = 2 * (day - start).days, 2 * (last - start).days + 2
            block = pc.utf8_slice_codeunits(text, lo, hi)
            nomark = pc.count_substring(block, NO_MARK).to_numpy(zero_copy_only=False)
            if kind:
                self.unmarked += nomark
            else:
                closed = pc.count_substring(block, "#").to_numpy(zero_copy_only=False)
                self.off_days += (hi - lo) - nomark - closed
            day = last + timedelta(days=1)

    def unknown_tokens(self) -> Iterator[tuple[int, Counter[str]]]:
        """(row, tokens) for the rows with unknown marks: ``?`` (no token kept in the compact
        form) and stray characters (a Python pass over those rows only)."""
        rows = np.nonzero(self.question_marks + self.stray)[0]
        for i in rows.tolist():
            tokens: Counter[str] = Counter()
            if self.question_marks[i]:
                tokens["?"] += int(self.question_marks[i])
            if self.stray[i]:
                for text in self.texts:
                    value = text[i].as_py() or ""
                    for ch in value:
                        if ch not in ALPHABET:
                            tokens[safe_token(ch)] += 1
            yield i, tokens


def count(
    marks: Any,
    first_day: date,
    start: date,
    end: date,
    calendar: SchoolCalendar | None,
) -> Counts:
    """Count ``marks`` (rows sharing ``first_day``) over ``start``..``end``."""
    out = Counts(len(marks))
    for a, b, code_set in segments(start, end):
        text = aligned(marks, first_day, a, b)
        out.add_segment(text, code_set)
        if calendar is not None:
            out.add_calendar(text, a, b, calendar)
    return out


# --- day kinds for the runs ---------------------------------------------------------------------

NEUTRAL, CONTINUES, BREAKS, GAP, BEFORE = range(5)
"""Day kinds, in the order the run scan needs (a kind >= BREAKS stops a run)."""
_S_NOMARK, _S_UNKNOWN, _S_NEUTRAL, _S_CONTINUES, _S_BREAKS = range(5)
_K_NOMARK, _K_UNKNOWN, _K_SICK, _K_NEUTRAL, _K_OTHER = range(5)


def _effect_table(code_set: CodeSet, attr: str) -> Any:
    table = np.full(256, _S_UNKNOWN, dtype=np.int8)
    table[ord(NO_MARK)] = _S_NOMARK
    for code, char in COMPACT.items():
        entry = code_set.get(code)
        if entry is None:
            continue
        effect = getattr(entry, attr)
        table[ord(char)] = {
            RunEffect.NEUTRAL: _S_NEUTRAL,
            RunEffect.CONTINUES: _S_CONTINUES,
            RunEffect.BREAKS: _S_BREAKS,
        }[effect]
    return table


def _sick_table(code_set: CodeSet) -> Any:
    table = np.full(256, _K_UNKNOWN, dtype=np.int8)
    table[ord(NO_MARK)] = _K_NOMARK
    # A "?" with no token kept reads as no mark (AttendanceRecord.mark returns None for it),
    # so a sick day may have an unknown other session: read as the object path reads it.
    table[ord("?")] = _K_NOMARK
    for code, char in COMPACT.items():
        entry = code_set.get(code)
        if entry is None:
            continue
        if code == "I":
            table[ord(char)] = _K_SICK
        elif entry.twenty_day_run is RunEffect.NEUTRAL:
            table[ord(char)] = _K_NEUTRAL
        else:
            table[ord(char)] = _K_OTHER
    return table


R2006 = RegimeId.REGS_2006.value
R2024 = RegimeId.REGS_2024.value

TABLES = {
    ("twenty_day_run", R2006): _effect_table(CODES_2006, "twenty_day_run"),
    ("twenty_day_run", R2024): _effect_table(CODES_2024, "twenty_day_run"),
    ("ten_day_return", R2006): _effect_table(CODES_2006, "ten_day_return"),
    ("ten_day_return", R2024): _effect_table(CODES_2024, "ten_day_return"),
    ("sick", R2006): _sick_table(CODES_2006),
    ("sick", R2024): _sick_table(CODES_2024),
}


def matrix(text: Any) -> Any:
    """The aligned marks (all rows of one width, no nulls) as an (n, width) uint8 matrix;
    a character that is not ASCII becomes ``?`` (as the calendar masks of
    :mod:`cme_core.attendance` read it)."""
    if len(text) == 0:
        return np.zeros((0, 0), dtype=np.uint8)
    if not pc.all(pc.string_is_ascii(text)).as_py():
        text = pc.replace_substring_regex(text, "[^\\x00-\\x7f]", "?")
    text = text.combine_chunks() if isinstance(text, pa.ChunkedArray) else text
    offsets = np.frombuffer(text.buffers()[1], dtype=np.int32)[
        text.offset : text.offset + len(text) + 1
    ]
    data = np.frombuffer(text.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]]
    width = (offsets[-1] - offsets[0]) // len(text)
    return data.reshape(len(text), width)


def day_kinds(sessions: Any, regimes: Any, rule: str) -> Any:
    """Day kinds (n, days) from the session matrix (n, 2 * days) of school days only, each
    day read under its regime (``regimes``: a bool array per day, True for 2024)."""
    am, pm = sessions[:, 0::2], sessions[:, 1::2]
    out = np.empty(am.shape, dtype=np.int8)
    for flag, name in ((False, R2006), (True, R2024)):
        cols = np.nonzero(regimes == flag)[0]
        if not len(cols):
            continue
        table = TABLES[(rule, name)]
        a, p = table[am[:, cols]], table[pm[:, cols]]
        if rule == "sick":
            out[:, cols] = _sick_kind(a, p)
        else:
            gap = (a <= _S_UNKNOWN) | (p <= _S_UNKNOWN)
            best = np.maximum(a, p)
            kind = np.where(
                best == _S_BREAKS, BREAKS, np.where(best == _S_CONTINUES, CONTINUES, NEUTRAL)
            )
            out[:, cols] = np.where(gap, GAP, kind)
    return out


def _sick_kind(a: Any, p: Any) -> Any:
    marked = (a != _K_NOMARK).astype(np.int8) + (p != _K_NOMARK)
    unknown = (a == _K_UNKNOWN) | (p == _K_UNKNOWN)
    sick = (a == _K_SICK).astype(np.int8) + (p == _K_SICK)
    neutral = (a == _K_NEUTRAL).astype(np.int8) + (p == _K_NEUTRAL)
    kind = np.where(
        (sick > 0) & (sick + neutral == marked),
        CONTINUES,
        np.where(neutral == marked, NEUTRAL, BREAKS),
    )
    return np.where((marked == 0) | unknown, GAP, kind).astype(np.int8)


class Runs:
    """The current run (ending at the last column) of each row of a day-kind matrix."""

    def __init__(self, kinds: Any) -> None:
        n, d = kinds.shape
        self.kinds = kinds
        rows = np.arange(n)
        if d == 0:
            self.stop_col = np.full(n, -1, dtype=np.int64)
            self.cum = np.zeros((n, 0), dtype=np.int32)
            self.before = np.zeros(n, dtype=np.int64)
            self.length = np.zeros(n, dtype=np.int64)
            self.stopped_by = np.full(n, -1, dtype=np.int64)
            return
        stop = kinds >= BREAKS
        any_stop = stop.any(axis=1)
        last_stop = np.where(any_stop, d - 1 - np.argmax(stop[:, ::-1], axis=1), -1)
        self.stop_col = last_stop
        cum = np.cumsum(kinds == CONTINUES, axis=1, dtype=np.int32)
        self.cum = cum
        at = np.maximum(last_stop, 0)
        self.before = np.where(last_stop >= 0, cum[rows, at], 0).astype(np.int64)
        self.length = (cum[:, -1] - self.before).astype(np.int64)
        self.stopped_by = np.where(last_stop >= 0, kinds[rows, at], -1)

    def nth_col(self, n: int) -> Any:
        """The column of the ``n``-th day of the run (oldest first), -1 where it is shorter."""
        out = np.full(len(self.length), -1, dtype=np.int64)
        rows = np.nonzero(self.length >= n)[0]
        if len(rows):
            target = self.before[rows] + n
            out[rows] = np.argmax(self.cum[rows] >= target[:, None], axis=1)
        return out

    def last_col(self) -> Any:
        """The column of the run's newest day, -1 where the run is empty."""
        out = np.full(len(self.length), -1, dtype=np.int64)
        rows = np.nonzero(self.length > 0)[0]
        if len(rows):
            target = self.before[rows] + self.length[rows]
            out[rows] = np.argmax(self.cum[rows] >= target[:, None], axis=1)
        return out
