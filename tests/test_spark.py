"""cme_core.spark: the Spark path gives the single-process answers row for row (issue 14).

Runs on a local Spark session (``local[2]``); skipped, with the reason, only where pyspark or
Java is missing.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from typing import Any

import pytest

pa = pytest.importorskip("pyarrow")
pytest.importorskip("pyspark", reason="pyspark is not installed (pip install cme_core[spark])")
if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
    pytest.skip("Spark needs Java: no java on PATH and JAVA_HOME unset", allow_module_level=True)

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from cme_core import frames, spark  # noqa: E402
from cme_core.attendance import summarise_many  # noqa: E402
from cme_core.calendars import CalendarRangeError, SchoolCalendar  # noqa: E402
from cme_core.errors import InvalidArgument, InvalidInput  # noqa: E402
from cme_core.registers import AttendanceRecord  # noqa: E402
from cme_core.strategies import attendance_years  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::FutureWarning")

CAL_A = SchoolCalendar.typical_english(2024, 2024)
CAL_B = SchoolCalendar.from_terms(
    list(CAL_A.terms), inset_days=[dt.date(2024, 9, 2), dt.date(2024, 11, 4)]
)
CALENDARS = {"1111111": CAL_A, "2222222": CAL_B}


@pytest.fixture(scope="module")
def session(spark_session: Any) -> Any:
    return spark_session


def _splice(marks: str, at: int, text: str) -> str:
    return marks[:at] + text + marks[at + len(text) :]


@pytest.fixture(scope="module")
def wide() -> Any:
    """Forty pupils in two schools with different calendars; runs, unknown marks and a stray
    non-ASCII character spliced in."""

    @settings(
        max_examples=1,
        database=None,
        derandomize=True,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.data())
    def draw(data: st.DataObject) -> None:
        for i in range(40):
            school = "1111111" if i % 2 else "2222222"
            r = data.draw(attendance_years(pupil_id=f"P{i:02d}", calendar=CALENDARS[school]))
            marks = r.marks
            if i % 5 == 0:
                at = 2 * (dt.date(2024, 11, 11) - r.first_day).days
                marks = _splice(marks, at, "N" * 70)
            if i % 7 == 0:
                marks = _splice(marks, 100, "I" * 50 + "?x\u00e9")
            records.append(
                (school, AttendanceRecord(pupil_id=r.pupil_id, first_day=r.first_day, marks=marks))
            )

    records: list[tuple[str, AttendanceRecord]] = []
    draw()
    return pa.concat_tables([frames.from_records([r], laestab=school) for school, r in records])


def _rows(table: Any) -> list[dict[str, Any]]:
    rows = table.to_pylist()
    for row in rows:
        for key, value in row.items():
            if isinstance(value, list):  # map columns: pairs in key order
                row[key] = sorted(value)
    return sorted(rows, key=lambda r: (r["laestab"], r["pupil_id"]))


def test_summarise_equals_the_arrow_path(session: Any, wide: Any) -> None:
    start, end = dt.date(2024, 9, 2), dt.date(2025, 3, 31)
    df = session.createDataFrame(wide.to_pandas()).repartition(3)
    out = spark.summarise(df, start, end, calendars=CALENDARS)
    got = out.toArrow()
    assert got.schema == frames.SUMMARY_SCHEMA
    assert _rows(got) == _rows(frames.summarise(wide, start, end, calendars=CALENDARS))
    groups = spark.group_summaries(out)
    records = frames.to_records(wide)
    schools = wide["laestab"].to_pylist()
    for school in CALENDARS:
        mine = [r for r, s in zip(records, schools, strict=True) if s == school]
        expected = summarise_many(mine, start, end, calendar=CALENDARS[school])
        g = groups[school]
        assert g.totals == expected.totals
        assert g.persistent_absentees == tuple(sorted(expected.persistent_absentees))
        assert g.without_possible_sessions == tuple(sorted(expected.without_possible_sessions))


def test_screen_equals_the_arrow_path(session: Any, wide: Any) -> None:
    on = dt.date(2024, 12, 6)
    df = session.createDataFrame(wide.to_pandas()).repartition(2)
    got = spark.screen(df, on=on, calendars=CALENDARS).toArrow()
    assert got.schema == frames.SCREEN_SCHEMA
    expected = frames.screen(wide, on=on, calendars=CALENDARS)
    assert _rows(got) == _rows(expected)
    assert max(got["run_days"].to_pylist()) >= 20  # the spliced runs reached the threshold


def test_long_format_in(session: Any, wide: Any) -> None:
    small = wide.slice(0, 6)
    rows: dict[str, list[Any]] = {k: [] for k in ("pupil_id", "laestab", "date", "session", "code")}
    for school, r in zip(small["laestab"].to_pylist(), frames.to_records(small), strict=True):
        for day, sess, code in r.iter_marks():
            if code in ("?", "x", "\u00e9"):
                continue
            rows["pupil_id"].append(r.pupil_id)
            rows["laestab"].append(school)
            rows["date"].append(day)
            rows["session"].append("AM" if sess == 0 else "PM")
            rows["code"].append(code)
    long = pa.table(rows)
    df = session.createDataFrame(long.to_pandas())
    start, end = dt.date(2024, 9, 2), dt.date(2024, 12, 20)
    got = spark.summarise(df, start, end, calendars=CALENDARS).toArrow()
    expected = frames.summarise(frames.from_long(long).table, start, end, calendars=CALENDARS)
    assert _rows(got) == _rows(expected)


def test_calendars_from_a_small_table(session: Any) -> None:
    terms = session.createDataFrame(
        [(school, t.name, t.first_day, t.last_day) for school in ("1111111",) for t in CAL_A.terms],
        "laestab string, name string, first_day date, last_day date",
    )
    assert spark.calendars_from_terms(terms)["1111111"].days == CAL_A.days


def test_a_calendar_that_does_not_cover_fails_before_any_job(session: Any, wide: Any) -> None:
    df = session.createDataFrame(wide.to_pandas())
    with pytest.raises(CalendarRangeError):
        spark.summarise(df, dt.date(2024, 9, 2), dt.date(2026, 1, 1), calendars=CALENDARS)


def test_bad_arguments(session: Any) -> None:
    with pytest.raises(InvalidArgument):
        spark.summarise(pa.table({"a": [1]}), dt.date(2024, 9, 1), dt.date(2024, 9, 2))
    df = session.createDataFrame([("x",)], "a string")
    with pytest.raises(InvalidInput):
        spark.summarise(df, dt.date(2024, 9, 1), dt.date(2024, 9, 2))


def test_the_active_session_is_reused(session: Any) -> None:
    assert spark.active_or_local_session("another-name") is session
