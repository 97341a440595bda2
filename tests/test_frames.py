"""cme_core.frames: Arrow tables agree exactly with the object path (issue 14)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pa = pytest.importorskip("pyarrow")

from cme_core import frames  # noqa: E402
from cme_core.attendance import AttendanceGroupSummary, summarise, summarise_many  # noqa: E402
from cme_core.calendars import SchoolCalendar  # noqa: E402
from cme_core.errors import InvalidArgument, InvalidInput  # noqa: E402
from cme_core.registers import AttendanceRecord  # noqa: E402
from cme_core.screening import Screening, screen  # noqa: E402
from cme_core.strategies import attendance_years, school_calendars  # noqa: E402

SCHOOL = "8881234"
CAL = SchoolCalendar.typical_english(2023, 2024)
# Characters to splice into generated marks: codes that run, codes of the other regime,
# no mark, unknown marks and stray characters (one not ASCII).
SPLICE = ["G", "N", "O", "U", "I", "-", "?", "x", "H", "K", "#", "3", "/", "C", "\u00e9"]


@st.composite
def schools(
    draw: st.DrawFn, *, max_pupils: int = 6
) -> tuple[SchoolCalendar, list[AttendanceRecord]]:
    """A calendar and some pupils' records for one of its school years, with runs spliced in."""
    calendar = draw(school_calendars(first_year=st.integers(2022, 2025)))
    n = draw(st.integers(1, max_pupils))
    records = []
    for i in range(n):
        r = draw(attendance_years(pupil_id=f"P{i}", calendar=calendar))
        marks = r.marks
        for _ in range(draw(st.integers(0, 3))):
            if not marks:
                break
            lo = draw(st.integers(0, len(marks) - 1))
            hi = draw(st.integers(lo, min(len(marks), lo + 80)))
            marks = marks[:lo] + draw(st.sampled_from(SPLICE)) * (hi - lo) + marks[hi:]
        records.append(AttendanceRecord(pupil_id=r.pupil_id, first_day=r.first_day, marks=marks))
    return calendar, records


def _range(data: st.DataObject, calendar: SchoolCalendar) -> tuple[dt.date, dt.date]:
    days = st.integers(0, (calendar.end - calendar.start).days)
    a = calendar.start + dt.timedelta(days=data.draw(days))
    b = calendar.start + dt.timedelta(days=data.draw(days))
    return min(a, b), max(a, b)


FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(schools(), st.data(), st.booleans())
def test_summarise_agrees_with_the_object_path(
    school: tuple[SchoolCalendar, list[AttendanceRecord]], data: st.DataObject, with_cal: bool
) -> None:
    calendar, records = school
    start, end = _range(data, calendar)
    table = frames.from_records(records, laestab=SCHOOL)
    out = frames.summarise(table, start, end, calendars=calendar if with_cal else None)
    assert out.schema == frames.SUMMARY_SCHEMA
    expected = [summarise(r, start, end, calendar=calendar if with_cal else None) for r in records]
    assert frames.to_summaries(out) == expected
    rows = out.to_pylist()
    for row, e in zip(rows, expected, strict=True):
        assert row["attendance_rate"] == e.attendance_rate
        assert row["absence_rate"] == e.absence_rate
        assert row["persistent_absence"] == e.persistent_absence
        assert row["severe_absence"] == e.severe_absence
        assert row["is_complete"] == e.is_complete
        assert row["laestab"] == SCHOOL


@FAST
@given(schools(), st.data())
def test_group_summaries_agree_and_merge(
    school: tuple[SchoolCalendar, list[AttendanceRecord]], data: st.DataObject
) -> None:
    calendar, records = school
    start, end = _range(data, calendar)
    cut = data.draw(st.integers(0, len(records)))
    table = pa.concat_tables(
        [
            frames.from_records(records[:cut], laestab="A"),
            frames.from_records(records[cut:], laestab="B"),
        ]
    )
    groups = frames.group_summaries(frames.summarise(table, start, end, calendars=calendar))
    whole = summarise_many(records, start, end, calendar=calendar)
    empty = AttendanceGroupSummary.empty(start, end)
    if cut:
        assert groups["A"] == summarise_many(records[:cut], start, end, calendar=calendar)
    if cut < len(records):
        assert groups["B"] == summarise_many(records[cut:], start, end, calendar=calendar)
    assert sum(groups.values(), empty) == whole


@FAST
@given(schools(), st.data())
def test_screen_agrees_with_the_object_path(
    school: tuple[SchoolCalendar, list[AttendanceRecord]], data: st.DataObject
) -> None:
    calendar, records = school
    year = calendar.school_years[0]
    on = year.first_day + dt.timedelta(days=data.draw(st.integers(0, 330)))
    on = min(on, calendar.end)
    table = frames.from_records(records, laestab=SCHOOL)
    out = frames.screen(table, on=on, calendars={SCHOOL: calendar})
    assert out.schema == frames.SCREEN_SCHEMA
    expected = screen(records, calendar=calendar, on=on)
    got = [
        {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in row.items()}
        for row in out.to_pylist()
    ]
    assert len(got) == len(expected.rows)
    for g, e in zip(got, expected.rows, strict=True):
        want = e.to_dict()
        assert {k: (g[k], v) for k, v in want.items() if g[k] != v} == {}
        assert g["laestab"] == SCHOOL


@FAST
@given(schools(), st.data())
def test_screen_splits_and_merges(
    school: tuple[SchoolCalendar, list[AttendanceRecord]], data: st.DataObject
) -> None:
    calendar, records = school
    on = min(calendar.school_years[0].first_day + dt.timedelta(days=60), calendar.end)
    cut = data.draw(st.integers(0, len(records)))
    whole = screen(records, calendar=calendar, on=on)
    parts = screen(records[:cut], calendar=calendar, on=on) + screen(
        records[cut:], calendar=calendar, on=on
    )
    assert parts == whole
    assert Screening.empty(on) + whole == whole == whole + Screening.empty(on)
    assert sorted(whole.ranked(), key=lambda r: r.pupil_id) == sorted(
        whole.rows, key=lambda r: r.pupil_id
    )


def test_screen_thresholds_at_their_edges_on_arrow() -> None:
    cal = SchoolCalendar.typical_english(2024, 2024)
    absent = AttendanceRecord.from_codes("ABSENT", dt.date(2024, 9, 2), "NNNNNNNNNN----" * 5)
    table = frames.from_records([absent], laestab=SCHOOL)
    for on, days, reached in (
        (dt.date(2024, 9, 26), 19, None),
        (dt.date(2024, 9, 27), 20, dt.date(2024, 9, 27)),
        (dt.date(2024, 9, 30), 21, dt.date(2024, 9, 27)),
    ):
        (row,) = frames.screen(table, on=on, calendars=cal).to_pylist()
        assert (row["run_days"], row["run_reached_on"]) == (days, reached)
        assert row["run_days"] == screen([absent], calendar=cal, on=on).rows[0].run_days


def test_a_sick_day_with_an_unknown_session_reads_as_on_the_object_path() -> None:
    """A "?" with no token is no mark to AttendanceRecord.mark: the day still counts as sick."""
    cal = SchoolCalendar.typical_english(2024, 2024)
    r = AttendanceRecord(pupil_id="P1", first_day=dt.date(2024, 9, 2), marks="II" * 4 + "I?")
    on = dt.date(2024, 9, 6)
    (row,) = frames.screen(frames.from_records([r]), on=on, calendars=cal).to_pylist()
    expected = screen([r], calendar=cal, on=on).rows[0]
    assert (row["sick_days"], row["sick_days_in_year"]) == (5, 5)
    assert (expected.sick_days, expected.sick_days_in_year) == (5, 5)


# --- long format --------------------------------------------------------------------------------


def _long(records: list[AttendanceRecord], school: str = SCHOOL) -> Any:
    rows: dict[str, list[Any]] = {k: [] for k in ("pupil_id", "laestab", "date", "session", "code")}
    for r in records:
        for day, session, code in r.iter_marks():
            rows["pupil_id"].append(r.pupil_id)
            rows["laestab"].append(school)
            rows["date"].append(day)
            rows["session"].append("AM" if session == 0 else "PM")
            rows["code"].append(code)
    return pa.table(
        {
            "pupil_id": pa.array(rows["pupil_id"], pa.string()),
            "laestab": pa.array(rows["laestab"], pa.string()),
            "date": pa.array(rows["date"], pa.date32()),
            "session": pa.array(rows["session"], pa.string()),
            "code": pa.array(rows["code"], pa.string()),
        }
    )


def _trimmed(r: AttendanceRecord) -> AttendanceRecord:
    """The record from its first to its last mark (what the long format can carry)."""
    marked = [i for i, c in enumerate(r.marks) if c != "-"]
    lo, hi = marked[0] // 2 * 2, marked[-1] // 2 * 2 + 2
    return AttendanceRecord(
        pupil_id=r.pupil_id,
        first_day=r.first_day + dt.timedelta(days=lo // 2),
        marks=r.marks[lo:hi],
    )


@FAST
@given(st.data())
def test_long_to_wide_round_trips(data: st.DataObject) -> None:
    calendar = data.draw(school_calendars(first_year=st.integers(2022, 2025)))
    records = [data.draw(attendance_years(pupil_id=f"P{i}", calendar=calendar)) for i in range(3)]
    records = [r for r in records if r.marks.strip("-")]
    result = frames.from_long(_long(records), calendars=calendar)
    assert result.table.schema == frames.WIDE_SCHEMA
    assert frames.to_records(result.table) == [_trimmed(r) for r in records]
    assert result.problems == ()


def test_long_reports_every_problem_and_keeps_rows() -> None:
    cal = SchoolCalendar.typical_english(2024, 2024)
    mon, tue, wed = dt.date(2024, 9, 2), dt.date(2024, 9, 3), dt.date(2024, 9, 4)
    secret = "SECRET-NAME"
    table = pa.table(
        {
            "pupil_id": ["A", "A", "A", "A", "A", "A", "A", None, "B", "B"],
            "laestab": [SCHOOL] * 10,
            "date": pa.array([mon, mon, mon, tue, tue, wed, wed, mon, mon, mon], pa.date32()),
            "session": ["AM", "AM", "PM", "AM", "PM", "AM", "XX", "AM", "AM", "PM"],
            "code": ["/", "/", "N", "H", secret, "G", "G", "/", "/", "O"],
        }
    )
    # A: Mon AM duplicated; Tue AM 'H' (2006 code in 2024); Tue PM unknown; Wed PM bad session.
    table = pa.concat_tables(
        [
            table,
            pa.table(
                {
                    "pupil_id": ["B"],
                    "laestab": [SCHOOL],
                    "date": pa.array([mon], pa.date32()),
                    "session": ["PM"],
                    "code": ["G"],  # conflicts with row 9
                }
            ),
        ]
    )
    result = frames.from_long(table, calendars=cal)
    by_code = {(p.code, p.json_path) for p in result.problems}
    assert ("CME-FRM-006Q", "$.rows[1]") in by_code
    assert ("CME-FRM-004", "$.rows[3].code") in by_code
    assert ("CME-FRM-003", "$.rows[4].code") in by_code
    assert ("CME-FRM-002", "$.rows[6].session") in by_code
    assert ("CME-FRM-001", "$.rows[7].pupil_id") in by_code
    assert ("CME-FRM-007", "$.rows[10]") in by_code
    # A has Mon-Wed marked but Wed PM unplaced: one school-day session missing.
    gaps = [p for p in result.problems if p.code == "CME-FRM-005Q"]
    assert [(p.json_path, p.values["sessions"]) for p in gaps] == [("$.pupils[0]", 1)]
    wide = frames.to_records(result.table)
    assert [r.pupil_id for r in wide] == ["A", "B"]
    assert wide[0].marks == "/NH?G-"
    assert wide[1].marks == "/?"  # a conflict is never guessed
    for p in result.problems:
        assert secret not in p.message
        assert secret not in repr(p.values)


def test_long_without_a_calendar_reports_no_gaps() -> None:
    table = pa.table(
        {
            "pupil_id": ["A", "A"],
            "date": pa.array([dt.date(2024, 9, 2), dt.date(2024, 9, 9)], pa.date32()),
            "session": ["AM", "PM"],
            "code": ["/", "/"],
        }
    )
    result = frames.from_long(table)
    assert result.problems == ()
    (record,) = frames.to_records(result.table)
    assert record.marks == "/" + "-" * 14 + "/"
    assert result.table["laestab"].null_count == 1


# --- wide format and interop ----------------------------------------------------------------------


def test_from_wide_refuses_timestamps_and_names_rows_not_values() -> None:
    with pytest.raises(InvalidInput, match="must hold dates"):
        frames.from_wide(
            pa.table(
                {
                    "pupil_id": ["A"],
                    "first_day": pa.array([dt.datetime(2024, 9, 2)], pa.timestamp("s")),
                    "marks": ["//"],
                }
            )
        )
    with pytest.raises(InvalidInput, match=r"row 1\)") as info:
        frames.from_wide(
            pa.table(
                {
                    "pupil_id": ["SECRET", None],
                    "first_day": pa.array([dt.date(2024, 9, 2)] * 2, pa.date32()),
                    "marks": ["//", "//"],
                }
            )
        )
    assert "SECRET" not in str(info.value)
    with pytest.raises(InvalidArgument):
        frames.from_wide([1, 2, 3])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.one_of(st.none(), st.text(alphabet="/\\-?NIGa3x\u00e9\u20ac#", max_size=30))),
    st.integers(0, 3),
)
def test_the_byte_histogram_equals_count_substring(values: list[str | None], skip: int) -> None:
    from cme_core.frames._kernel import _COUNTED, histogram

    array = pa.array(values, pa.string()).slice(min(skip, len(values)))
    counts, length = histogram(array)
    for k, char in enumerate(_COUNTED):
        expected = pa.compute.count_substring(array, char).fill_null(0).to_pylist()
        assert counts[:, k].tolist() == expected
    assert length.tolist() == pa.compute.utf8_length(array).fill_null(0).to_pylist()


def test_summarise_does_not_loop_in_python_per_pupil(monkeypatch: pytest.MonkeyPatch) -> None:
    """The counting is vectorised: AttendanceRecord is never built."""
    rows = 2000
    table = pa.table(
        {
            "pupil_id": [f"P{i}" for i in range(rows)],
            "first_day": pa.array([dt.date(2024, 9, 2)] * rows, pa.date32()),
            "marks": ["/\\" * 5 + "NN" * 5] * rows,
        }
    )

    def boom(*args: object, **kwargs: object) -> None:
        raise AssertionError("built a record")

    monkeypatch.setattr(AttendanceRecord, "__init__", boom)
    out = frames.summarise(table, dt.date(2024, 9, 2), dt.date(2024, 9, 11))
    assert out["absence"].to_pylist() == [10] * rows


def test_pandas_in_and_out() -> None:
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame(
        {
            "laestab": [SCHOOL, SCHOOL],
            "pupil_id": ["A", "B"],
            "first_day": [dt.date(2024, 9, 2), dt.date(2024, 9, 2)],
            "marks": ["/\\/\\", "NNNN"],
        }
    )
    out = frames.summarise(df, dt.date(2024, 9, 2), dt.date(2024, 9, 3)).to_pandas()
    assert list(out["absence_rate"]) == [0.0, 1.0]


def test_polars_in_and_out() -> None:
    pl = pytest.importorskip("polars")
    df = pl.DataFrame({"pupil_id": ["A"], "first_day": [dt.date(2024, 9, 2)], "marks": ["/\\NN"]})
    out = pl.from_arrow(frames.summarise(df, dt.date(2024, 9, 2), dt.date(2024, 9, 3)))
    assert out["absence"].to_list() == [2]


def test_the_core_does_not_import_pyarrow() -> None:
    code = "import sys, cme_core, cme_core.screening; print('pyarrow' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_frames_without_pyarrow_names_the_extra() -> None:
    code = (
        "import sys; sys.modules['pyarrow'] = None\n"
        "try:\n    import cme_core.frames\nexcept ImportError as e:\n    print(e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "pip install cme_core[frames]" in out.stdout
