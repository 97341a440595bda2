"""Benchmark: attendance-return obligations for a whole school.

A secondary school of 1,500 pupils (all of compulsory school age, on roll all year) with one
school year of marks each (2 September 2024 to 23 July 2025, the 2024 code set): absence
rates as in DfE statistics (a mean of about 6.5%, a fifth of pupils persistently absent) and
3% of pupils with a run of twelve school days of N/O/G/U absence. ``obligations()`` is
timed with nine attendance-return dates (one a month, October to June: ten periods to read)
against the same call without them (only the admission-register returns): the figure is the
ratio of the two, best of several interleaved rounds (``perf_counter``), so it holds on a busy
machine. Building the register is outside the timed part.
"""

from __future__ import annotations

import gc
import random
from collections.abc import Callable
from datetime import date, timedelta
from time import perf_counter
from typing import Any

import pytest

from cme_core.calendars import SchoolCalendar
from cme_core.people import Pupil
from cme_core.registers import AdmissionEntry, AttendanceRecord, Entered, SchoolRegister
from cme_core.returns import Obligation, ReturnKind, obligations
from cme_core.schools import Phase, School, SchoolKind

from .conftest import RatioRecorder

PUPILS = 1_500
TARGET = 3.0
FIRST = date(2024, 9, 2)
LAST = date(2025, 7, 23)
ON = date(2025, 7, 31)
CALENDAR = SchoolCalendar.typical_english(2023, 2025)
RETURN_DATES = tuple(date(2024 + (m < 9), m, 1) for m in (10, 11, 12, 1, 2, 3, 4, 5, 6))
SCHOOL = School(
    laestab="8014000",
    name="Example Academy",
    kind=SchoolKind.ACADEMY,
    phase=Phase.SECONDARY,
    most_junior_year_group=7,
    most_senior_year_group=11,
    calendar=CALENDAR,
)


# A pupil's share of sessions missed: mean about 6.5%, one pupil in five persistently absent
# (10% or more), in line with DfE figures for secondary schools.
_ABSENCE_RATES = (0.0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.08, 0.12, 0.25)


def _marks(rng: random.Random) -> str:
    rate = rng.choice(_ABSENCE_RATES)
    long_run = rng.random() < 0.03
    run_start = rng.randrange(20, 150)
    out: list[str] = []
    day, school_day = FIRST, 0
    while day <= LAST:
        if not CALENDAR.is_school_day(day):
            out.append("--")
        else:
            school_day += 1
            if long_run and run_start <= school_day < run_start + 12:
                out.append(rng.choice(("NN", "OO", "GG", "UN")))
            else:
                for present in "/\\":
                    out.append(rng.choice("INOMCGU") if rng.random() < rate else present)
        day += timedelta(days=1)
    return "".join(out)


def make_register(n: int, *, seed: int) -> SchoolRegister:
    """A school register of ``n`` pupils with a year of marks each (deterministic)."""
    rng = random.Random(seed)
    entries = []
    records = []
    for i in range(n):
        pid = f"P{i:05d}"
        dob = date(2009 + rng.randrange(5), rng.randrange(1, 13), rng.randrange(1, 29))
        entries.append(
            AdmissionEntry(
                pupil_id=pid,
                events=(
                    Entered(
                        starting_day=date(2020, 9, 3), pupil=Pupil(pupil_id=pid, date_of_birth=dob)
                    ),
                ),
            )
        )
        records.append(AttendanceRecord.from_codes(pid, FIRST, _marks(rng)))
    return SchoolRegister(school=SCHOOL, admissions=tuple(entries), attendance=tuple(records))


@pytest.fixture(scope="module")
def school_register() -> SchoolRegister:
    return make_register(PUPILS, seed=1)


def _interleaved(runs: dict[str, Callable[[], object]], rounds: int) -> dict[str, float]:
    for run in runs.values():
        run()  # warm up
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(rounds):
        for name, run in runs.items():
            gc.collect()
            t0 = perf_counter()
            run()
            best[name] = min(best[name], perf_counter() - t0)
    return best


def test_obligations_with_attendance_return_dates(
    benchmark: Any, school_register: SchoolRegister, ratio: RatioRecorder
) -> None:
    times = _interleaved(
        {
            "without_dates": lambda: obligations(school_register, on=ON),
            "with_dates": lambda: obligations(
                school_register, on=ON, attendance_return_dates=RETURN_DATES
            ),
        },
        rounds=5,
    )
    measured = times["with_dates"] / times["without_dates"]
    for name, seconds in times.items():
        benchmark.extra_info[f"{name}_ms"] = round(seconds * 1000, 2)
    benchmark.extra_info["pupils"] = PUPILS
    benchmark.extra_info["ratio_with_over_without"] = round(measured, 3)
    ratio(
        figure="obligations(), 1,500 pupils, 9 attendance-return dates / no dates",
        measured=measured,
        target=TARGET,
    )
    found: tuple[Obligation, ...] = benchmark.pedantic(
        obligations,
        args=(school_register,),
        kwargs={"on": ON, "attendance_return_dates": RETURN_DATES},
        rounds=1,
        iterations=1,
        warmup_rounds=0,
    )
    attendance = [o for o in found if o.kind is ReturnKind.ATTENDANCE]
    benchmark.extra_info["attendance_obligations"] = len(attendance)
    assert 0 < len(attendance) < PUPILS * 10
