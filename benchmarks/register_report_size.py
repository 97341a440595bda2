"""Issue 11's register: N pupils with Y years of marks and no calendar (a hostile input).

Usage: ``.venv/bin/python benchmarks/register_report_size.py [pupils] [years] [limit]``
(defaults 100, 50 and the library's default per-record limit; ``none`` lists every problem).
Prints the number of problems, wall and CPU time and the peak resident memory.
"""

from __future__ import annotations

import resource
import sys
import time
from collections import Counter
from datetime import date

from cme_core.people import Pupil
from cme_core.registers import (
    MAX_PROBLEMS_PER_RECORD,
    AdmissionEntry,
    AttendanceRecord,
    Entered,
    SchoolRegister,
)
from cme_core.schools import Phase, School, SchoolKind


def main(argv: list[str]) -> None:
    """Build the register, check it once and print the figures."""
    pupils = int(argv[1]) if len(argv) > 1 else 100
    years = int(argv[2]) if len(argv) > 2 else 50
    limit: int | None = MAX_PROBLEMS_PER_RECORD
    if len(argv) > 3:
        limit = None if argv[3] == "none" else int(argv[3])
    school = School(
        laestab="8012000",
        name="Example",
        kind=SchoolKind.ACADEMY,
        phase=Phase.PRIMARY,
        most_junior_year_group=0,
        most_senior_year_group=6,
    )  # no calendar
    marks = "/" * (2 * 365 * years)
    admissions = tuple(
        AdmissionEntry(
            pupil_id=f"P{i}",
            events=(
                Entered(starting_day=date(2010, 9, 1), pupil=Pupil(pupil_id=f"P{i}"), year_group=3),
            ),
        )
        for i in range(pupils)
    )
    attendance = tuple(
        AttendanceRecord(pupil_id=f"P{i}", first_day=date(2000, 1, 1), marks=marks)
        for i in range(pupils)
    )
    register = SchoolRegister(school=school, admissions=admissions, attendance=attendance)
    wall, cpu = time.perf_counter(), time.process_time()
    report = register.check(on=date(2025, 1, 1), max_problems_per_record=limit)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"pupils={pupils} years={years} limit={limit} problems={len(report.problems)} "
        f"wall={wall:.1f}s cpu={cpu:.1f}s peak_rss={peak:.0f}MB"
    )
    print(Counter(p.code for p in report.problems).most_common(8))


if __name__ == "__main__":
    main(sys.argv)
