"""Builders shared by the law tests: calendars, schools, marks and facts."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

import attrs

from cme_core.calendars import SchoolCalendar
from cme_core.law import DeletionFacts, Enquiries, EnquiryOutcome, Judgment
from cme_core.people import Pupil
from cme_core.registers import AdmissionEntry, AttendanceRecord, Entered
from cme_core.schools import School, SchoolKind

CAL = SchoolCalendar.typical_english(2010, 2026)
SCHOOL = School(laestab="8012000", name="Test Academy", kind=SchoolKind.ACADEMY, calendar=CAL)
DOB_CSA = date(2014, 5, 1)  # of compulsory school age 2019-2030


def marks(
    first: date, last: date, default: str, overrides: Mapping[date, str] | None = None
) -> AttendanceRecord:
    """A record with ``default`` (two sessions, e.g. "NN") on every school day from ``first``
    to ``last``, ``overrides`` by day, and no mark on other days."""
    overrides = dict(overrides or {})
    out: list[str] = []
    day = first
    while day <= last:
        if day in overrides:
            out.append(overrides[day])
        elif CAL.is_school_day(day):
            out.append(default)
        else:
            out.append("--")
        day += timedelta(days=1)
    return AttendanceRecord.from_codes("P1", first, "".join(out))


def nth_school_day(start: date, n: int) -> date:
    """The n-th school day counting ``start`` itself as the first (start must be one)."""
    assert CAL.is_school_day(start)
    return start if n == 1 else CAL.add_school_days(start, n - 1)


def judgment(on: date, holds: bool = True) -> Judgment:
    return Judgment(holds=holds, by="headteacher", on=on)


def facts(**changes: Any) -> DeletionFacts:
    """Facts for pupil P1; with marks and no entry, the admission is the marks' first day."""
    record = changes.get("attendance")
    if record is not None and "entry" not in changes:
        changes["entry"] = AdmissionEntry(
            pupil_id="P1",
            events=(Entered(starting_day=record.first_day, pupil=Pupil(pupil_id="P1")),),
        )
    base = DeletionFacts(pupil_id="P1", school=SCHOOL, date_of_birth=DOB_CSA)
    return attrs.evolve(base, **changes)


def joint_enquiries(on: date) -> Enquiries:
    return Enquiries(school_part_on=on, la_part_on=on, outcome=EnquiryOutcome.NOT_FOUND)
