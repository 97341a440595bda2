"""No I/O in the core, literally (issue 11): the core reads package data only where
docs/architecture.md says, only on first use, and never again after warm-up.

File access is trapped with an audit hook (PEP 578), which sees every ``open`` (``open``,
``io.open``, ``os.open``, ``io.open_code``), directory listing and process or socket call,
from Python and C code alike. Hooks cannot be removed, so the one installed here records only
while ``_TRAP`` is set, and only on the thread that set it.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from cme_core.calendars import SchoolCalendar, Term, england_bank_holidays
from cme_core.law import check_deletion
from cme_core.law.facts import DeletionFacts
from cme_core.people import Pupil
from cme_core.registers import AdmissionEntry, AttendanceRecord, Deleted, Entered, SchoolRegister
from cme_core.returns import (
    deletion_return_due,
    deletion_return_window,
    new_pupil_return_due,
    obligations,
)
from cme_core.school_age import is_of_compulsory_school_age
from cme_core.schools import Phase, School, SchoolKind
from cme_core.upn import is_valid

# Audit events that touch the file system, other processes or the network.
_IO_EVENTS = frozenset(
    {
        "open",
        "os.listdir",
        "os.scandir",
        "os.walk",
        "glob.glob",
        "os.chdir",
        "os.mkdir",
        "os.remove",
        "os.rename",
        "shutil.copyfile",
        "subprocess.Popen",
        "os.system",
        "os.exec",
        "os.posix_spawn",
        "socket.connect",
        "socket.getaddrinfo",
        "urllib.Request",
    }
)

_TRAP: dict[str, Any] = {"thread": None, "seen": []}


def _hook(event: str, args: tuple[Any, ...]) -> None:
    thread = _TRAP["thread"]
    if thread is not None and event in _IO_EVENTS and threading.get_ident() == thread:
        _TRAP["seen"].append((event, args[0] if args else None))


sys.addaudithook(_hook)


@contextmanager
def _trapped() -> Iterator[list[tuple[str, object]]]:
    seen: list[tuple[str, object]] = []
    _TRAP["seen"] = seen
    _TRAP["thread"] = threading.get_ident()
    try:
        yield seen
    finally:
        _TRAP["thread"] = None


def test_the_trap_sees_opens_listings_and_low_level_opens(tmp_path: Path) -> None:
    target = tmp_path / "f.txt"
    target.write_text("x", encoding="utf-8")
    with _trapped() as seen:
        with open(target, encoding="utf-8") as f:
            f.read()
        list(tmp_path.iterdir())
        import os

        os.close(os.open(target, os.O_RDONLY))
    assert [event for event, _ in seen] == ["open", "os.listdir", "open"]


def _workload(year: int) -> None:
    """A realistic morning's work for the core, in school year ``year``/``year + 1``."""
    calendar = SchoolCalendar.typical_english(year, year)
    terms = [Term(name="Autumn", first_day=date(year, 9, 4), last_day=date(year, 12, 19))]
    own = SchoolCalendar.from_terms(terms, inset_days=[date(year, 9, 4)])
    assert england_bank_holidays(year + 1, weekdays_only=True)
    school = School(
        laestab="8012000",
        name="Example Academy",
        kind=SchoolKind.ACADEMY,
        phase=Phase.PRIMARY,
        most_junior_year_group=0,
        most_senior_year_group=6,
        calendar=calendar,
    )
    start = calendar.first_school_day
    on = calendar.add_school_days(start, 60)
    left = calendar.add_school_days(start, 40)
    entries = tuple(
        AdmissionEntry(
            pupil_id=f"P{i}",
            events=(
                Entered(
                    starting_day=start,
                    pupil=Pupil(pupil_id=f"P{i}", date_of_birth=date(year - 8, 3, 1 + i)),
                    year_group=3,
                ),
                *([Deleted(on=left, ground="9(1)(a)")] if i == 0 else []),
            ),
        )
        for i in range(5)
    )
    records = tuple(
        AttendanceRecord.from_codes(
            f"P{i}", start, "".join("//" if own.covers(d) else "--" for d in own.days[:30])
        )
        for i in range(5)
    )
    register = SchoolRegister(school=school, admissions=entries, attendance=records)
    register.check(on=on)
    for ob in obligations(register, on=on, attendance_return_dates=[left]):
        ob.status(on)
        ob.to_dict(on=on)
    due = new_pupil_return_due(start)
    assert due.ends_at is not None
    assert due.ends_at.tzname() in {"GMT", "BST"}
    deletion_return_window(on, ground_met_on=start)
    deletion_return_due(on)
    assert is_of_compulsory_school_age(date(year - 8, 3, 1), on)
    assert is_valid("A801200005001") in {True, False}
    facts = DeletionFacts(
        pupil_id="P1",
        school=school,
        date_of_birth=date(year - 8, 3, 2),
        entry=entries[1],
        attendance=records[1],
        calendar=calendar,
    )
    assert check_deletion(Deleted(on=on, ground="9(1)(g)"), facts).report is not None
    when = datetime(year, 10, 27, 1, 30, tzinfo=due.ends_at.tzinfo)
    assert when.utcoffset() is not None


def test_a_realistic_workload_after_warm_up_opens_no_file() -> None:
    _workload(2024)  # warm-up: the tz database and the holidays package are read here
    with _trapped() as seen:
        _workload(2024)
        _workload(2019)  # other years: new holiday tables, built without reading a file
        _workload(2030)
    assert seen == []


_IMPORT_ONLY = textwrap.dedent(
    """
    import sys

    data_opened = []

    def hook(event, args):
        if event == "open" and isinstance(args[0], str):
            if not args[0].endswith((".py", ".pyc", ".so", ".pth")):
                data_opened.append(args[0])

    sys.addaudithook(hook)
    import cme_core.returns

    print("holidays imported:", "holidays" in sys.modules)
    print("zone files at import:", [p for p in data_opened if "London" in p])
    print("data files at import:", data_opened)
    zone = cme_core.returns.LONDON
    print("key:", zone.key)
    print("zone files on first use:", len([p for p in data_opened if "London" in p]))
    """
)


def test_importing_the_returns_package_opens_no_zone_file(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _IMPORT_ONLY],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "holidays imported: False",
        "zone files at import: []",
        "data files at import: []",
        "key: Europe/London",
        "zone files on first use: 1",  # the trap works: the first use reads it, once
    ]


def test_london_is_the_europe_london_zone_and_is_loaded_once() -> None:
    import cme_core.returns
    from cme_core.returns import LONDON, _deadlines

    assert str(LONDON) == "Europe/London"
    assert LONDON is cme_core.returns.LONDON is _deadlines.LONDON
    with _trapped() as seen:
        assert cme_core.returns.LONDON is LONDON
        assert new_pupil_return_due(date(2025, 3, 28)).ends_at is not None
    assert seen == []
    with pytest.raises(AttributeError, match="no attribute 'NOT_A_NAME'"):
        _deadlines.NOT_A_NAME  # noqa: B018
