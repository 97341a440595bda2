"""Arrow tables in and out: the same attendance rules over whole tables (optional extra).

Install with ``pip install cme_core[frames]`` (pyarrow). pandas DataFrames and Polars
frames are read and returned through Arrow (``table.to_pandas()``,
``polars.from_arrow(table)``).

* :func:`from_long` turns a long table (one row per pupil per session: ``pupil_id``,
  ``laestab``, ``date``, ``session`` ``AM``/``PM``, ``code``) into a wide one (one row per
  pupil per school: the compact marks and their first day, :data:`WIDE_SCHEMA`), with every
  gap, duplicate, conflicting mark and code not in force on its day reported as a
  :class:`~cme_core.problems.Problem` (rows kept: a conflicting session is stored as unknown,
  never guessed).
* :func:`from_wide` checks and normalises a wide table.
* :func:`summarise` gives each pupil's counts, rates and flags (:data:`SUMMARY_SCHEMA`),
  exactly as :func:`cme_core.attendance.summarise`, counted with one
  ``pyarrow.compute.count_substring`` pass per code; :func:`group_summaries` gives each
  school's :class:`~cme_core.attendance.AttendanceGroupSummary` (mergeable with ``+``).
* :func:`screen` is :func:`cme_core.screening.screen` over a whole table (:data:`SCREEN_SCHEMA`).

Importing :mod:`cme_core` never imports pyarrow; importing this module without it raises an
:class:`ImportError` naming the extra.
"""

from __future__ import annotations

try:
    import numpy  # noqa: F401
    import pyarrow  # noqa: F401
except ImportError as exc:  # pragma: no cover - exercised in a subprocess test
    raise ImportError(
        "cme_core.frames needs pyarrow (and numpy): install the extra with "
        "`pip install cme_core[frames]`"
    ) from exc

from cme_core.frames._api import (
    SCREEN_SCHEMA,
    SUMMARY_SCHEMA,
    WIDE_SCHEMA,
    from_records,
    from_wide,
    group_summaries,
    screen,
    summarise,
    to_records,
    to_summaries,
)
from cme_core.frames._long import (
    LONG_CONFLICT,
    LONG_DUPLICATE,
    LONG_GAP,
    LONG_MISSING,
    LONG_NOT_IN_FORCE,
    LONG_SESSION,
    LONG_UNKNOWN_CODE,
    LongConversion,
    from_long,
)

__all__ = [
    "LONG_CONFLICT",
    "LONG_DUPLICATE",
    "LONG_GAP",
    "LONG_MISSING",
    "LONG_NOT_IN_FORCE",
    "LONG_SESSION",
    "LONG_UNKNOWN_CODE",
    "SCREEN_SCHEMA",
    "SUMMARY_SCHEMA",
    "WIDE_SCHEMA",
    "LongConversion",
    "from_long",
    "from_records",
    "from_wide",
    "group_summaries",
    "screen",
    "summarise",
    "to_records",
    "to_summaries",
]
