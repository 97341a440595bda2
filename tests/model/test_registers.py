"""The admission and attendance registers: derived state, amendments, spells on roll, every
problem code at its edges, particulars per regime, marks per date, and compact storage."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cme_core import serialization
from cme_core.attendance_codes import CODES_2006, CODES_2024
from cme_core.errors import InvalidArgument, InvalidDate, InvalidInput
from cme_core.people import Address, Parent, PhoneNumber, Pupil
from cme_core.problems import PathElement, Problem, Severity
from cme_core.registers import (
    AM,
    NO_MARK,
    PM,
    PROBLEM_TYPES,
    AdmissionEntry,
    Amended,
    AttendanceRecord,
    BoarderStatusChanged,
    Deleted,
    EnrolmentStatus,
    EnrolmentStatusChanged,
    Entered,
    FutureAddress,
    FutureAddressRecorded,
    OtherSchool,
    OtherSchoolRecorded,
    RegisterEvent,
    SchoolRegister,
    decode_marks,
    encode_marks,
    particulars_for,
)
from cme_core.strategies import admission_registers

from . import (
    BAD_PHONE,
    BAD_POSTCODE,
    NAME,
    PARENT_NAME,
    SCHOOL,
    UPN_A,
    UPN_B,
    codes,
    entered,
    leaks,
    parent,
    pupil,
    sentinel_pupil,
)

DAY = timedelta(days=1)
ENTRY = date(2024, 9, 2)  # a Monday, a school day
DELETION = date(2024, 9, 16)  # a Monday, a school day
SATURDAY = date(2024, 9, 14)
JUDGED = date(2024, 12, 2)


def entry(*events: RegisterEvent, pupil_id: str = "P1") -> AdmissionEntry:
    return AdmissionEntry(pupil_id=pupil_id, events=events)


def register(
    *entries: AdmissionEntry, attendance: tuple[AttendanceRecord, ...] = ()
) -> SchoolRegister:
    return SchoolRegister(school=SCHOOL, admissions=entries, attendance=attendance)


def marks_on(day: date, code: str = "/", *, pupil_id: str = "P1") -> AttendanceRecord:
    """A record with a morning mark on ``day`` and nothing else."""
    return AttendanceRecord.from_codes(pupil_id, day, code + NO_MARK)


# --- derived state ------------------------------------------------------------------------


def test_state_on_derives_the_entry_from_the_events_in_force() -> None:
    renamed = pupil(full_name="Ada Renamed")
    e = entry(
        entered(ENTRY),
        Amended(on=date(2024, 9, 10), pupil=renamed, reason="deed poll", year_group=5),
        BoarderStatusChanged(on=date(2024, 9, 11), boarder=True),
        Deleted(on=DELETION, ground="9(1)(g)"),
    )
    assert e.state_on(ENTRY - DAY) is None
    first = e.state_on(ENTRY)
    assert first is not None
    assert (first.on_roll, first.pupil.full_name) == (True, "Ada Example")
    assert (first.starting_day, first.year_group, first.boarder) == (ENTRY, 4, None)
    later = e.state_on(date(2024, 9, 11))
    assert later is not None
    assert (later.pupil, later.year_group, later.boarder, later.on_roll) == (renamed, 5, True, True)
    gone = e.state_on(DELETION)
    assert gone is not None
    assert (gone.on_roll, gone.deleted) == (False, e.events[-1])
    assert gone.pupil == renamed  # the particulars stay readable after deletion


def test_state_on_as_recorded_counts_events_by_the_day_they_were_written() -> None:
    late = Deleted(on=DELETION, recorded_on=DELETION + 3 * DAY, ground="9(1)(g)")
    e = entry(entered(ENTRY), late)
    assert e.is_on_roll(DELETION - DAY)
    assert not e.is_on_roll(DELETION + DAY)  # in effect
    written = e.state_on(DELETION + DAY, as_recorded=True)
    assert written is not None
    assert written.on_roll  # but not yet written in the register
    recorded = e.state_on(DELETION + 3 * DAY, as_recorded=True)
    assert recorded is not None
    assert not recorded.on_roll


def test_state_tracks_dual_registration_future_address_and_other_school() -> None:
    partner = OtherSchool(name="Partner PRU", laestab="8011100")
    future = FutureAddress(address=Address(lines=("2 New Road",), postcode="LS2 2AA"))
    told = OtherSchool(name="Next School", first_day=date(2024, 10, 1))
    e = entry(
        entered(ENTRY),
        EnrolmentStatusChanged(
            on=date(2024, 9, 3), enrolment_status=EnrolmentStatus.MAIN, dual_registered_with=partner
        ),
        FutureAddressRecorded(on=date(2024, 9, 4), future_address=future),
        OtherSchoolRecorded(on=date(2024, 9, 5), other_school=told, told_by="parent"),
        EnrolmentStatusChanged(on=date(2024, 9, 6), enrolment_status=EnrolmentStatus.SINGLE),
    )
    mid = e.state_on(date(2024, 9, 5))
    assert mid is not None
    assert (mid.enrolment_status, mid.dual_registered_with) == (EnrolmentStatus.MAIN, partner)
    assert (mid.future_address, mid.other_school) == (future, told)
    end = e.state_on(date(2024, 9, 6))
    assert end is not None
    assert (end.enrolment_status, end.dual_registered_with) == (EnrolmentStatus.SINGLE, None)


def test_latest_pupil_and_views() -> None:
    renamed = pupil(full_name="Ada Renamed")
    e = entry(entered(ENTRY), Amended(on=JUDGED + DAY, pupil=renamed))
    assert e.latest_pupil == renamed  # whatever its date
    assert (e.entries, e.deletions) == ((e.events[0],), ())


# --- amendments (2024 reg 6) --------------------------------------------------------------


def test_amendments_derive_original_new_reason_date_and_who() -> None:
    before = pupil()
    after = pupil(
        full_name="Ada Renamed", address=Address(lines=("2 New Road",), postcode="LS2 2AA")
    )
    e = entry(
        entered(ENTRY, before),
        Amended(
            on=date(2024, 10, 1), pupil=after, reason="deed poll", recorded_by="admissions officer"
        ),
    )
    found = {a.field: a for a in e.amendments()}
    assert set(found) == {"full_name", "address"}
    name = found["full_name"]
    assert (name.original, name.new) == ("Ada Example", "Ada Renamed")
    assert (name.reason, name.on, name.recorded_by) == (
        "deed poll",
        date(2024, 10, 1),
        "admissions officer",
    )
    assert (found["address"].original, found["address"].new) == (before.address, after.address)


def test_amendments_chain_and_restart_at_readmission() -> None:
    one, two, three = pupil(full_name="One"), pupil(full_name="Two"), pupil(full_name="Three")
    e = entry(
        entered(ENTRY, one),
        Amended(on=date(2024, 9, 3), pupil=two),
        Amended(on=date(2024, 9, 4), pupil=two),  # no change: no amendment
        Deleted(on=DELETION, ground="9(1)(g)"),
        entered(date(2024, 10, 1), one),
        Amended(on=date(2024, 10, 2), pupil=three),
    )
    assert [(a.original, a.new) for a in e.amendments()] == [("One", "Two"), ("One", "Three")]


def test_amendments_ignore_an_amendment_before_any_entry() -> None:
    e = entry(Amended(on=ENTRY, pupil=pupil(full_name="X")), entered(ENTRY + DAY))
    assert e.amendments() == ()


# --- spells on roll -----------------------------------------------------------------------


def test_roll_spells_with_readmission() -> None:
    back = date(2024, 10, 7)
    e = entry(
        entered(ENTRY),
        Deleted(on=DELETION, ground="9(1)(g)"),
        entered(back),
        Deleted(on=date(2024, 11, 4), ground="9(1)(a)"),
        entered(date(2024, 11, 11)),
    )
    assert e.roll_spells == (
        (ENTRY, DELETION),
        (back, date(2024, 11, 4)),
        (date(2024, 11, 11), None),
    )
    on_roll = [e.is_on_roll(d) for d in (DELETION - DAY, DELETION, back - DAY, back)]
    assert on_roll == [True, False, False, True]


def test_roll_spells_ignore_repeated_entries_and_deletions() -> None:
    e = entry(
        entered(ENTRY),
        entered(date(2024, 9, 3)),  # already on roll
        Deleted(on=DELETION, ground="9(1)(g)"),
        Deleted(on=DELETION + DAY, ground="9(1)(g)"),  # already off roll
    )
    assert e.roll_spells == ((ENTRY, DELETION),)


def test_is_on_roll_is_false_before_entry_and_true_from_the_entry_day() -> None:
    e = entry(entered(ENTRY))
    assert [e.is_on_roll(d) for d in (ENTRY - DAY, ENTRY, JUDGED)] == [False, True, True]


# --- every problem code, at its edges -----------------------------------------------------


def _deleted(on: date = DELETION, **changes: Any) -> Deleted:
    return attrs.evolve(Deleted(on=on, ground="9(1)(g)"), **changes)


def _validate(*entries: AdmissionEntry, attendance: tuple[AttendanceRecord, ...] = ()) -> list[str]:
    return codes(register(*entries, attendance=attendance).check(on=JUDGED))


# Each case: (code, a register showing it, the same situation one step inside the rule).
Case = tuple[str, Callable[[], list[str]], Callable[[], list[str]]]
CASES: list[Case] = [
    (
        "CME-REG-001",
        lambda: _validate(entry(Amended(on=ENTRY, pupil=pupil()), entered(ENTRY))),
        lambda: _validate(entry(entered(ENTRY), Amended(on=ENTRY, pupil=pupil()))),
    ),
    (
        "CME-REG-001",
        lambda: _validate(entry()),
        lambda: _validate(entry(entered(ENTRY))),
    ),
    (
        "CME-REG-002",  # an event after the deletion, in effect and in order
        lambda: _validate(entry(entered(ENTRY), _deleted(), Amended(on=DELETION, pupil=pupil()))),
        lambda: _validate(entry(entered(ENTRY), Amended(on=DELETION, pupil=pupil()), _deleted())),
    ),
    (
        "CME-REG-003",
        lambda: _validate(entry(entered(ENTRY), _deleted(), _deleted(DELETION + DAY))),
        lambda: _validate(entry(entered(ENTRY), _deleted(), entered(JUDGED), _deleted(JUDGED))),
    ),
    (
        "CME-REG-004",  # deletion the day before entry vs on the entry day
        lambda: _validate(entry(entered(ENTRY), _deleted(ENTRY - DAY))),
        lambda: _validate(entry(entered(ENTRY), _deleted(ENTRY))),
    ),
    (
        "CME-REG-005",  # an event the day after the judging day vs on it
        lambda: _validate(entry(entered(ENTRY), _deleted(JUDGED + DAY))),
        lambda: _validate(entry(entered(ENTRY), _deleted(JUDGED))),
    ),
    (
        "CME-REG-005",  # written after the judging day
        lambda: _validate(entry(entered(ENTRY, entered_on=JUDGED + DAY))),
        lambda: _validate(entry(entered(ENTRY, entered_on=JUDGED))),
    ),
    (
        "CME-REG-006Q",
        lambda: _validate(entry(entered(ENTRY), _deleted(recorded_on=DELETION - DAY))),
        lambda: _validate(entry(entered(ENTRY), _deleted(recorded_on=DELETION))),
    ),
    (
        "CME-REG-007Q",
        lambda: _validate(entry(entered(ENTRY), _deleted(recorded_on=DELETION + DAY))),
        lambda: _validate(entry(entered(ENTRY), _deleted(recorded_on=DELETION))),
    ),
    (
        "CME-REG-008",
        lambda: _validate(entry(entered(ENTRY, dual_registered_with=OtherSchool(name="PRU")))),
        lambda: _validate(
            entry(
                entered(
                    ENTRY,
                    enrolment_status=EnrolmentStatus.MAIN,
                    dual_registered_with=OtherSchool(name="PRU"),
                )
            )
        ),
    ),
    (
        "CME-REG-008",
        lambda: _validate(
            entry(
                entered(ENTRY),
                EnrolmentStatusChanged(
                    on=ENTRY,
                    enrolment_status=EnrolmentStatus.SINGLE,
                    dual_registered_with=OtherSchool(name="PRU"),
                ),
            )
        ),
        lambda: _validate(
            entry(
                entered(ENTRY),
                EnrolmentStatusChanged(on=ENTRY, enrolment_status=EnrolmentStatus.SINGLE),
            )
        ),
    ),
    (
        "CME-REG-009Q",
        lambda: _validate(entry(entered(ENTRY, enrolment_status=EnrolmentStatus.SUBSIDIARY))),
        lambda: _validate(entry(entered(ENTRY, enrolment_status=EnrolmentStatus.GUEST))),
    ),
    (
        "CME-REG-010Q",
        lambda: _validate(
            entry(entered(ENTRY), BoarderStatusChanged(on=ENTRY - DAY, boarder=True))
        ),
        lambda: _validate(entry(entered(ENTRY), BoarderStatusChanged(on=ENTRY, boarder=True))),
    ),
    (
        "CME-REG-011",
        lambda: _validate(entry(entered(ENTRY)), entry(entered(ENTRY, pupil(upn=UPN_B)))),
        lambda: _validate(
            entry(entered(ENTRY)),
            entry(entered(ENTRY, pupil("P2", upn=UPN_B)), pupil_id="P2"),
        ),
    ),
    (
        "1520",  # the same UPN, written differently, for two pupils
        lambda: _validate(
            entry(entered(ENTRY)),
            entry(entered(ENTRY, pupil("P2", upn="b801 2000 05001")), pupil_id="P2"),
        ),
        lambda: _validate(
            entry(entered(ENTRY)),
            entry(entered(ENTRY, pupil("P2", upn=UPN_B)), pupil_id="P2"),
        ),
    ),
    (
        "CME-REG-012",
        lambda: _validate(entry(entered(ENTRY, pupil("P9")))),
        lambda: _validate(entry(entered(ENTRY, pupil("P1")))),
    ),
    (
        "CME-ATT-101",
        lambda: _validate(entry(entered(ENTRY)), attendance=(marks_on(ENTRY, "x"),)),
        lambda: _validate(entry(entered(ENTRY)), attendance=(marks_on(ENTRY, "N"),)),
    ),
    (
        "CME-ATT-102",  # the day before entry vs the entry day
        lambda: _validate(entry(entered(ENTRY)), attendance=(marks_on(ENTRY - DAY),)),
        lambda: _validate(entry(entered(ENTRY)), attendance=(marks_on(ENTRY),)),
    ),
    (
        "CME-ATT-102",  # the deletion day (not on roll: deletion takes effect that day)
        lambda: _validate(entry(entered(ENTRY), _deleted()), attendance=(marks_on(DELETION),)),
        lambda: _validate(
            entry(entered(ENTRY), _deleted()), attendance=(marks_on(DELETION - DAY),)
        ),
    ),
    (
        "CME-ATT-103",  # a mark the day after the judging day vs on it
        lambda: _validate(entry(entered(ENTRY)), attendance=(marks_on(JUDGED + DAY),)),
        lambda: _validate(entry(entered(ENTRY)), attendance=(marks_on(JUDGED),)),
    ),
    (
        "CME-ATT-104Q",
        lambda: _validate(entry(entered(ENTRY)), attendance=(marks_on(SATURDAY),)),
        lambda: _validate(entry(entered(ENTRY)), attendance=(marks_on(SATURDAY - DAY),)),
    ),
    (
        "CME-ATT-105",
        lambda: _validate(entry(entered(ENTRY)), attendance=(marks_on(ENTRY, pupil_id="P2"),)),
        lambda: _validate(entry(entered(ENTRY)), attendance=(marks_on(ENTRY, pupil_id="P1"),)),
    ),
    (
        "CME-REG-020",
        lambda: codes(
            register(entry(entered(ENTRY, pupil(name_used_at_school=None)))).particulars(
                "P1", on=ENTRY
            )
        ),
        lambda: codes(register(entry(entered(ENTRY))).particulars("P1", on=ENTRY)),
    ),
    (
        "CME-REG-030",  # one unknown code more than the default limit, and exactly the limit
        lambda: _validate(
            entry(entered(ENTRY)),
            attendance=(AttendanceRecord.from_codes("P1", ENTRY, "x" * 21),),
        ),
        lambda: _validate(
            entry(entered(ENTRY)),
            attendance=(AttendanceRecord.from_codes("P1", ENTRY, "x" * 20),),
        ),
    ),
    (
        "CME-REG-013",
        lambda: codes(entry(entered(ENTRY), entered(ENTRY + DAY)).problems(on=ENTRY + 30 * DAY)),
        lambda: codes(
            entry(
                entered(ENTRY),
                Deleted(on=ENTRY + DAY, ground="9(1)(a)"),
                entered(ENTRY + 2 * DAY),
            ).problems(on=ENTRY + 30 * DAY)
        ),
    ),
]


@pytest.mark.parametrize(("code", "shows", "inside"), CASES, ids=[c[0] for c in CASES])
def test_problem_code_at_its_edge(
    code: str, shows: Callable[[], list[str]], inside: Callable[[], list[str]]
) -> None:
    assert code in shows()
    assert code not in inside()


def test_every_problem_code_is_exercised() -> None:
    assert {c[0] for c in CASES} == {p.code for p in PROBLEM_TYPES}


def test_deletion_on_the_entry_day_leaves_no_day_on_roll() -> None:
    e = entry(entered(ENTRY), _deleted(ENTRY))
    assert e.roll_spells == ((ENTRY, ENTRY),)
    assert not e.is_on_roll(ENTRY)
    assert "CME-ATT-102" in _validate(e, attendance=(marks_on(ENTRY),))


def test_a_mark_on_the_readmission_day_is_on_roll_but_not_the_gap() -> None:
    back = date(2024, 9, 23)
    e = entry(entered(ENTRY), _deleted(), entered(back))
    assert _validate(e, attendance=(marks_on(back),)) == []
    assert _validate(e, attendance=(marks_on(back - DAY - DAY - DAY),)) == ["CME-ATT-102"]


def test_problem_paths_point_at_the_offending_event_and_mark() -> None:
    record = AttendanceRecord.from_codes("P1", ENTRY - DAY, "//" + "/x")
    report = register(entry(entered(ENTRY), _deleted(ENTRY - DAY)), attendance=(record,)).check(
        on=JUDGED
    )
    paths = {(p.code, p.json_path) for p in report}
    assert ("CME-REG-004", "$.admissions[0].events[1].on") in paths
    assert ("CME-ATT-101", "$.attendance[0].marks[3]") in paths
    assert ("CME-ATT-102", "$.attendance[0].marks[0]") in paths


def test_validate_reports_pupil_and_school_problems_with_their_paths() -> None:
    bad = pupil(full_name=None, parents=(parent(emergency_phones=()),))
    school = attrs.evolve(SCHOOL, name=" ")
    report = SchoolRegister(school=school, admissions=(entry(entered(ENTRY, bad)),)).check(
        on=JUDGED
    )
    assert {(p.code, p.json_path) for p in report} == {
        ("CME-SCH-004", "$.school.name"),
        ("CME-PER-001", "$.admissions[0].events[0].pupil.full_name"),
        ("CME-PER-009", "$.admissions[0].events[0].pupil.parents[0].emergency_phones"),
    }


def test_duplicate_upn_needs_two_different_pupils() -> None:
    same = entry(entered(ENTRY), Amended(on=ENTRY + DAY, pupil=pupil()))
    assert "1520" not in _validate(same)
    invalid_twice = pupil(upn="B801200005002")  # wrong check letter: 1510, not 1520
    report = _validate(
        entry(entered(ENTRY, invalid_twice)),
        entry(entered(ENTRY, attrs.evolve(invalid_twice, pupil_id="P2")), pupil_id="P2"),
    )
    assert "1520" not in report
    assert "1510" in report


def test_the_latest_upn_counts_for_duplicates() -> None:
    first = entry(entered(ENTRY))
    second = entry(
        entered(ENTRY, pupil("P2", upn=UPN_B)),
        Amended(on=ENTRY + DAY, pupil=pupil("P2", upn=UPN_A)),
        pupil_id="P2",
    )
    assert "1520" in _validate(first, second)


# --- particulars per regime ---------------------------------------------------------------

ON_2006 = date(2024, 8, 18)
ON_2024 = date(2024, 8, 19)


def _missing(
    the_pupil: Pupil, on: date, regime: str | None = None, **entry_changes: object
) -> set[str]:
    e = entry(entered(date(2019, 9, 2), the_pupil, **entry_changes))
    report = register(e).particulars("P1", on=on, regime=regime)
    assert all(p.code == "CME-REG-020" and p.severity is Severity.ERROR for p in report)
    return {str(p.values["particular"]) for p in report}


def test_a_complete_entry_has_every_particular_under_both_regimes() -> None:
    assert _missing(pupil(), ON_2006) == set()
    assert _missing(pupil(), ON_2024) == set()


def test_the_regime_is_the_one_in_force_on_the_day() -> None:
    known_as_missing = pupil(name_used_at_school=None)
    assert _missing(known_as_missing, ON_2006) == set()
    assert _missing(known_as_missing, ON_2024) == {"name_used_at_school"}
    assert _missing(known_as_missing, ON_2024, regime="2006") == set()
    assert _missing(known_as_missing, ON_2006, regime="2024") == {"name_used_at_school"}


@pytest.mark.parametrize(
    ("changes", "missing_2006", "missing_2024"),
    [
        ({"full_name": " "}, {"full_name"}, {"full_name"}),
        ({"name_used_at_school": ""}, set(), {"name_used_at_school"}),
        ({"sex": None}, {"sex"}, {"sex"}),
        ({"address": None}, set(), {"address"}),
        ({"date_of_birth": None}, {"date_of_birth"}, {"date_of_birth"}),
        (
            {"parents": ()},
            {"parents", "lives_with_and_phone"},
            {"parents", "lives_with_and_phones"},
        ),
        (
            {"parents": (parent(full_name=None),)},
            {"parents"},
            {"parents"},
        ),
        (
            {"parents": (parent(address=None),)},
            {"parents"},
            {"parents"},
        ),
        (
            {"parents": (parent(lives_with_pupil=None),)},
            {"lives_with_and_phone"},
            {"lives_with_and_phones"},
        ),
        (
            # Two parents lived with, one phone: enough in 2006 (an emergency number), not in
            # 2024 (one for each parent lived with).
            {"parents": (parent(), parent(full_name="B Parent", emergency_phones=()))},
            set(),
            {"lives_with_and_phones"},
        ),
    ],
)
def test_particulars_report_exactly_what_is_missing(
    changes: dict[str, Any], missing_2006: set[str], missing_2024: set[str]
) -> None:
    changed = attrs.evolve(pupil(), **changes)
    assert _missing(changed, ON_2006) == missing_2006
    assert _missing(changed, ON_2024) == missing_2024


def test_particulars_last_school_is_reported_when_not_recorded() -> None:
    assert _missing(pupil(), ON_2024, last_school=None) == {"last_school"}


def test_particulars_do_not_require_a_last_school_for_a_first_school() -> None:
    reception = pupil(date_of_birth=date(2020, 1, 10))
    e = entry(entered(date(2024, 9, 2), reception, year_group=0, last_school=None))
    assert codes(register(e).particulars("P1", on=ON_2024 + 30 * DAY)) == []


def test_particulars_paths_citations_and_messages() -> None:
    e = entry(entered(date(2019, 9, 2), pupil(sex=None)))
    (problem,) = register(e).particulars("P1", on=ON_2024)
    assert problem.json_path == "$.admissions[0].events[0].pupil.sex"
    assert problem.citation == "SI 2024/208 reg 8(2)(c)"
    assert problem.values == {"particular": "sex", "regime": "2024"}
    assert problem.message == "Missing particular: Sex"


def test_particulars_are_judged_on_the_state_that_day() -> None:
    amended = pupil(name_used_at_school=None)
    e = entry(entered(ENTRY), Amended(on=DELETION, pupil=amended))
    reg = register(e)
    assert codes(reg.particulars("P1", on=DELETION - DAY)) == []
    assert codes(reg.particulars("P1", on=DELETION)) == ["CME-REG-020"]


def test_particulars_refuse_unknown_pupils_days_before_entry_and_unknown_regimes() -> None:
    reg = register(entry(entered(ENTRY)))
    with pytest.raises(InvalidInput):
        reg.particulars("nobody", on=JUDGED)
    with pytest.raises(InvalidDate):
        reg.particulars("P1", on=ENTRY - DAY)
    with pytest.raises(InvalidInput):
        reg.particulars("P1", on=JUDGED, regime="2010")
    with pytest.raises(InvalidInput):
        particulars_for("2025")
    assert {p.regime for p in particulars_for("2006")} == {"2006"}


# --- attendance codes validated by the date of each session --------------------------------


@pytest.mark.parametrize(
    ("code", "day", "expected"),
    [
        ("H", date(2019, 5, 13), []),
        ("H", date(2024, 8, 18), []),
        ("H", date(2024, 8, 19), ["CME-ATT-002"]),
        ("H", date(2025, 1, 6), ["CME-ATT-002"]),
        ("K", date(2019, 5, 13), ["CME-ATT-003"]),
        ("K", date(2024, 8, 18), ["CME-ATT-003"]),
        ("K", date(2024, 8, 19), []),
        ("C1", date(2019, 5, 13), ["CME-ATT-003"]),
        ("C1", date(2025, 1, 6), []),
        ("/", date(2019, 5, 13), []),
        ("/", date(2025, 1, 6), []),
    ],
)
def test_marks_are_judged_by_the_code_set_in_force_on_their_date(
    code: str, day: date, expected: list[str]
) -> None:
    e = entry(entered(date(2018, 9, 3)))
    record = AttendanceRecord.from_codes("P1", day, code)
    errors = register(e, attendance=(record,)).check(on=date(2026, 1, 1)).errors
    assert codes(errors) == expected
    for problem in errors:
        assert problem.json_path == "$.attendance[0].marks[0]"


# --- compact storage ----------------------------------------------------------------------

KNOWN = sorted(CODES_2006.code_strings | CODES_2024.code_strings)
UNKNOWN = ["x", "?", "a", "é", " ", "Ⅰ"]  # not codes, never digits (a digit may join a code)
tokens = st.lists(st.sampled_from([*KNOWN, NO_MARK]) | st.sampled_from(UNKNOWN), max_size=60)


@given(tokens)
def test_encode_decode_round_trip(sequence: list[str]) -> None:
    text = "".join(sequence)
    compact, unknown = encode_marks(text)
    assert len(compact) == len(sequence)
    assert [t for _, t in unknown] == [t for t in sequence if t not in KNOWN and t != NO_MARK]
    record = AttendanceRecord.from_codes("P1", ENTRY, text)
    assert record.codes == text
    if not unknown:
        assert decode_marks(compact) == text


FIRST = date(2024, 9, 2)


def naive_slice(record: AttendanceRecord, start: date, end: date) -> str:
    out = ""
    for d in range((end - start).days + 1):
        for s in (AM, PM):
            i = 2 * ((start - record.first_day).days + d) + s
            out += record.marks[i] if 0 <= i < len(record.marks) else NO_MARK
    return out


@given(tokens)
def test_mark_and_iter_marks_agree_with_a_naive_oracle(sequence: list[str]) -> None:
    record = AttendanceRecord.from_codes("P1", FIRST, "".join(sequence))
    expected_marks = [
        (FIRST + timedelta(days=i // 2), i % 2, token)
        for i, token in enumerate(sequence)
        if token != NO_MARK
    ]
    assert list(record.iter_marks()) == expected_marks
    for i, token in enumerate(sequence):
        day, session = FIRST + timedelta(days=i // 2), (AM, PM)[i % 2]
        assert record.mark(day, session) == (None if token == NO_MARK else token)
    assert record.mark(FIRST - DAY, PM) is None
    assert record.mark(FIRST + timedelta(days=len(sequence)), AM) is None


@given(tokens, st.integers(-5, 40), st.integers(0, 40))
def test_slice_agrees_with_a_naive_oracle(
    sequence: list[str], start_offset: int, length: int
) -> None:
    record = AttendanceRecord.from_codes("P1", FIRST, "".join(sequence))
    start = FIRST + timedelta(days=start_offset)
    end = start + timedelta(days=length)
    assert record.slice(start, end) == naive_slice(record, start, end)
    assert len(record.slice(start, end)) == 2 * (length + 1)


def test_slice_of_days_wholly_before_the_first_day() -> None:
    record = AttendanceRecord.from_codes("P1", FIRST, "//NN")
    start = FIRST - 5 * DAY
    assert record.slice(start, start + DAY) == "----"


def test_attendance_record_argument_errors() -> None:
    record = AttendanceRecord.from_codes("P1", ENTRY, "//")
    with pytest.raises(InvalidInput):
        record.mark(ENTRY, 2)
    with pytest.raises(InvalidDate):
        record.slice(ENTRY, ENTRY - DAY)
    with pytest.raises(InvalidArgument):
        AttendanceRecord.from_codes("P1", ENTRY, 3)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument):
        AttendanceRecord.from_codes("P1", "2024-09-02", "//")  # type: ignore[arg-type]


def test_last_day_and_worked_example() -> None:
    record = AttendanceRecord.from_codes("P1", ENTRY, "//NC1I")
    assert record.marks == "//NaI"  # one character a session
    assert record.last_day == ENTRY + 2 * DAY
    assert (record.mark(ENTRY + DAY, AM), record.mark(ENTRY + DAY, PM)) == ("N", "C1")
    assert AttendanceRecord(pupil_id="P1", first_day=ENTRY).last_day == ENTRY


# --- personal data never leaks ------------------------------------------------------------


def _sentinel_register() -> SchoolRegister:
    child = sentinel_pupil()
    renamed = attrs.evolve(child, full_name=NAME + " Junior", parents=child.parents[:1])
    home = child.address
    assert home is not None
    bad = attrs.evolve(
        child,
        address=attrs.evolve(home, postcode=BAD_POSTCODE),
        parents=(
            Parent(
                full_name=PARENT_NAME,
                lives_with_pupil=True,
                emergency_phones=(PhoneNumber(number=BAD_PHONE),),
            ),
        ),
    )
    events: tuple[RegisterEvent, ...] = (
        Entered(starting_day=ENTRY, pupil=child, year_group=4),
        Amended(on=ENTRY + DAY, pupil=renamed, reason="deed poll"),
        FutureAddressRecorded(
            on=ENTRY + 2 * DAY,
            future_address=FutureAddress(address=home, parent_names=(PARENT_NAME,)),
        ),
        Amended(on=ENTRY + 3 * DAY, pupil=bad),
        Deleted(on=DELETION, ground="9(1)(g)"),
    )
    record = AttendanceRecord.from_codes("P1", ENTRY, "//NN")
    return register(AdmissionEntry(pupil_id="P1", events=events), attendance=(record,))


def test_no_personal_data_in_reprs_of_anything_in_a_register() -> None:
    reg = _sentinel_register()
    e = reg.admissions[0]
    texts = [repr(reg), str(reg), repr(e), *map(repr, e.events), *map(str, e.events)]
    states = [e.state_on(ENTRY), e.state_on(JUDGED), e.state_on(JUDGED, as_recorded=True)]
    texts += [repr(s) for s in states] + [str(s) for s in states]
    texts += [repr(a) for a in e.amendments()] + [str(a) for a in e.amendments()]
    assert e.amendments(), "the sentinel register has amendments to print"
    assert all(leaks(t) == [] for t in texts), [leaks(t) for t in texts]


def test_no_personal_data_in_problem_reports() -> None:
    reg = _sentinel_register()
    report = reg.check(on=JUDGED)
    assert {"CME-PC-002", "CME-PER-006"} <= set(report.codes)  # the sentinels were checked
    particulars = reg.particulars("P1", on=ENTRY, regime="2024")
    for problem in [*report, *particulars]:
        assert leaks(problem.message + str(problem) + repr(problem.to_dict())) == []
    assert leaks(repr(report)) == []


def test_no_personal_data_in_exception_messages() -> None:
    reg = _sentinel_register()
    data = serialization.unstructure(reg)
    data["admissions"][0]["events"][0]["pupil"]["date_of_birth"] = NAME
    data["admissions"][0]["events"][0]["pupil"]["sex"] = PARENT_NAME
    data["admissions"][0]["events"][0]["year_group"] = BAD_PHONE
    messages: list[str] = []
    with pytest.raises(serialization.WireFormatError) as wire:
        serialization.structure(data, SchoolRegister)
    messages += [str(wire.value), *(p.message for p in wire.value.report)]
    for call in (
        lambda: reg.particulars(NAME, on=JUDGED),
        lambda: reg.particulars("P1", on=ENTRY - DAY),
        lambda: AttendanceRecord.from_codes("P1", ENTRY, NAME.encode()),  # type: ignore[arg-type]
    ):
        with pytest.raises(InvalidInput) as caught:
            call()
        messages.append(str(caught.value))
    assert all(leaks(m) == [] for m in messages), messages


@given(admission_registers(max_pupils=3))
def test_generated_registers_never_print_names_addresses_or_phones(reg: SchoolRegister) -> None:
    personal: set[str] = set()
    for e in reg.admissions:
        for event in e.events:
            if isinstance(event, Entered | Amended):
                child = event.pupil
                people: list[Pupil | Parent] = [child, *child.parents]
                personal.update(p.full_name for p in people if p.full_name)
                addresses = [child.address, *(p.address for p in child.parents)]
                for a in addresses:
                    if a is not None:
                        personal.update(a.lines)
                        personal.update([a.postcode] if a.postcode else [])
                personal.update(ph.number for p in child.parents for ph in p.emergency_phones)
    text = repr(reg) + "".join(repr(a) for e in reg.admissions for a in e.amendments())
    text += "".join(p.message for p in reg.check(on=date.max))
    assert [p for p in personal if p in text] == []


def test_entering_a_pupil_already_on_roll_is_an_error() -> None:
    e = entry(entered(date(2024, 9, 2)), entered(date(2024, 10, 1)))
    assert "CME-REG-013" in codes(e.problems(on=ON_2024 + 200 * DAY))
    again = entry(
        entered(date(2024, 9, 2)),
        Deleted(on=date(2024, 9, 20), ground="9(1)(a)"),
        entered(date(2024, 10, 1)),
    )
    assert "CME-REG-013" not in codes(again.problems(on=ON_2024 + 200 * DAY))


def test_state_and_roll_spells_agree_when_events_are_out_of_order() -> None:
    e = entry(
        entered(date(2024, 9, 4)),
        entered(date(2025, 3, 1)),
        Deleted(on=date(2025, 2, 3), ground="9(1)(g)"),
    )
    assert e.is_on_roll(date(2025, 3, 5))
    assert e.roll_spells[-1] == (date(2025, 3, 1), None)


# --- bounded reports (issue 11) -------------------------------------------------------------

NO_CALENDAR = attrs.evolve(SCHOOL, calendar=None)


def _long_register(pupils: int, years: int) -> SchoolRegister:
    """The issue's register, scaled down: ``years`` of present marks from 2000 for each pupil
    (entered in 2010), judged in 2025, and no calendar: marks before the 2006 regulations,
    off roll and in the future, tens of thousands of problems per pupil."""
    marks = "/" * (2 * 365 * years)
    return SchoolRegister(
        school=NO_CALENDAR,
        admissions=tuple(entry(entered(date(2010, 9, 1)), pupil_id=f"P{i}") for i in range(pupils)),
        attendance=tuple(
            AttendanceRecord(pupil_id=f"P{i}", first_day=date(2000, 1, 1), marks=marks)
            for i in range(pupils)
        ),
    )


def _summaries(problems: tuple[Problem, ...]) -> list[Problem]:
    return [p for p in problems if p.code == "CME-REG-030"]


def test_a_long_register_gives_a_report_proportional_to_its_records() -> None:
    register_ = _long_register(pupils=4, years=30)
    every = register_.check(on=date(2025, 1, 1), max_problems_per_record=None).problems
    report = register_.check(on=date(2025, 1, 1))
    assert len(every) > 50_000  # about 14,000 problems a pupil, listed one by one
    # per attendance record: 20 of each of its 3 types (future, off roll, code not in force)
    # and one summary each; per admission entry its own few problems
    per_record = {p.path[:2] for p in report.problems if p.path[0] == "attendance"}
    assert len(per_record) == 4
    for i in range(4):
        about = [p for p in report.problems if p.path[:2] == ("attendance", i)]
        kinds = Counter(p.code for p in about)
        assert kinds == {"CME-ATT-103": 20, "CME-ATT-102": 20, "CME-ATT-006": 20, "CME-REG-030": 3}
    listed = [p for p in report.problems if p.code != "CME-REG-030"]
    assert len(listed) + sum(p.values["more"] for p in _summaries(report.problems)) == len(every)
    assert len(report.problems) < 300


def test_the_summary_problem_says_what_it_summarises() -> None:
    register_ = register(
        entry(entered(ENTRY)), attendance=(AttendanceRecord.from_codes("P1", ENTRY, "x" * 25),)
    )
    report = register_.check(on=JUDGED, max_problems_per_record=3)
    assert codes(report.problems) == ["CME-ATT-101"] * 3 + ["CME-REG-030"]
    (summary,) = _summaries(report.problems)
    assert summary.severity is Severity.WARNING
    assert summary.json_path == "$.attendance[0]"
    assert dict(summary.values) == {
        "code": "CME-ATT-101",
        "severity": "error",
        "more": 22,
        "limit": 3,
    }
    assert summary.message == (
        "22 more problem(s) of type CME-ATT-101 about this record (not listed: the first 3 are)"
    )
    assert [p.path for p in report.problems[:3]] == [
        ("attendance", 0, "marks", i) for i in range(3)
    ]


@pytest.mark.parametrize(("limit", "summarised"), [(4, 1), (5, 0), (6, 0), (None, 0)])
def test_the_limit_at_its_edge(limit: int | None, summarised: int) -> None:
    register_ = register(
        entry(entered(ENTRY)), attendance=(AttendanceRecord.from_codes("P1", ENTRY, "x" * 5),)
    )
    found = register_.check(on=JUDGED, max_problems_per_record=limit).problems
    assert len(_summaries(found)) == summarised
    assert codes(found).count("CME-ATT-101") == min(5, limit or 5)


def test_each_record_has_its_own_limit() -> None:
    records = tuple(AttendanceRecord.from_codes(f"P{i}", ENTRY, "x" * 3) for i in range(1, 3))
    entries = [entry(entered(ENTRY, pupil()), pupil_id=f"P{i}") for i in range(1, 3)]
    found = register(*entries, attendance=records).check(on=JUDGED, max_problems_per_record=2)
    assert [(p.code, p.path[:2]) for p in found.problems if p.path[0] == "attendance"] == [
        ("CME-ATT-101", ("attendance", 0)),
        ("CME-ATT-101", ("attendance", 0)),
        ("CME-REG-030", ("attendance", 0)),
        ("CME-ATT-101", ("attendance", 1)),
        ("CME-ATT-101", ("attendance", 1)),
        ("CME-REG-030", ("attendance", 1)),
    ]


@pytest.mark.parametrize(
    ("bad", "error"),
    [
        (0, InvalidInput),
        (-1, InvalidInput),
        (True, InvalidArgument),
        ("20", InvalidArgument),
        (2.0, InvalidArgument),
    ],
)
def test_the_limit_must_be_a_positive_int(bad: Any, error: type[Exception]) -> None:
    with pytest.raises(error, match="max_problems_per_record"):
        register(entry(entered(ENTRY))).check(on=JUDGED, max_problems_per_record=bad)


marks_text = st.lists(
    st.sampled_from(["/", "N", "K", "H", "C1", NO_MARK, "x", "?"]), max_size=80
).map("".join)


@given(
    st.lists(marks_text, min_size=1, max_size=3),
    st.dates(min_value=date(2006, 1, 1), max_value=date(2026, 1, 1)),
    st.dates(min_value=date(2006, 1, 1), max_value=date(2026, 1, 1)),
    st.integers(min_value=1, max_value=6),
)
def test_a_capped_report_lists_a_prefix_of_each_type_and_counts_the_rest(
    texts: list[str], first_day: date, on: date, limit: int
) -> None:
    records = tuple(
        AttendanceRecord.from_codes(f"P{i}", first_day, text) for i, text in enumerate(texts)
    )
    register_ = register(entry(entered(ENTRY)), attendance=records)
    every = register_.check(on=on, max_problems_per_record=None)
    capped = register_.check(on=on, max_problems_per_record=limit)
    assert capped.is_valid == every.is_valid
    summaries = {(p.path, p.values["code"]): p.values["more"] for p in _summaries(capped.problems)}
    seen: Counter[tuple[tuple[PathElement, ...], str]] = Counter()
    expected = []
    for p in every.problems:
        key = (_record(p.path), p.code)
        seen[key] += 1
        if seen[key] <= limit:
            expected.append(p)
    assert [p for p in capped.problems if p.code != "CME-REG-030"] == expected
    assert summaries == {key: n - limit for key, n in seen.items() if n > limit}


def _record(path: tuple[PathElement, ...]) -> tuple[PathElement, ...]:
    """The path of the record a problem is about: the school, or one entry or record."""
    return path[:1] if path[0] == "school" else path[:2]


def test_register_validate_is_a_deprecated_alias_of_check() -> None:
    reg = register(entry(entered(ENTRY), _deleted(ENTRY - DAY)))
    with pytest.warns(DeprecationWarning, match=r"SchoolRegister\.validate\(\) is deprecated"):
        old = reg.validate(on=JUDGED, max_problems_per_record=1)
    assert old == reg.check(on=JUDGED, max_problems_per_record=1)
    assert old.errors  # a Report, returned, not raised


def test_entered_names_its_days_as_the_regulations_do() -> None:
    e = Entered(starting_day=ENTRY, entered_on=ENTRY - 3 * DAY, pupil=pupil())
    assert (e.starting_day, e.entered_on) == (ENTRY, ENTRY - 3 * DAY)
    # the generic event names, shared with every other event, still read the same days
    assert (e.on, e.recorded_on, e.recorded) == (ENTRY, ENTRY - 3 * DAY, ENTRY - 3 * DAY)
    same_day = Entered(starting_day=ENTRY, pupil=pupil())
    assert (same_day.entered_on, same_day.recorded_on, same_day.recorded) == (None, None, ENTRY)
    assert attrs.evolve(e, starting_day=ENTRY + DAY).on == ENTRY + DAY
    state = entry(e).state_on(ENTRY)
    assert state is not None
    assert state.starting_day == ENTRY


def test_entered_on_and_recorded_on_keywords_are_deprecated() -> None:
    with pytest.warns(DeprecationWarning, match=r"Entered\(on=\.\.\.\) is deprecated: use Ent"):
        old = Entered(on=ENTRY, pupil=pupil())
    assert old == Entered(starting_day=ENTRY, pupil=pupil())
    with pytest.warns(DeprecationWarning, match=r"Entered\(recorded_on=\.\.\.\) is deprecated"):
        old = Entered(starting_day=ENTRY, recorded_on=ENTRY - DAY, pupil=pupil())
    assert old.entered_on == ENTRY - DAY
    with (
        pytest.warns(DeprecationWarning, match="deprecated"),
        pytest.raises(InvalidArgument, match="not also"),
    ):
        Entered(starting_day=ENTRY, on=ENTRY, pupil=pupil())
    with (
        pytest.warns(DeprecationWarning, match="deprecated"),
        pytest.raises(InvalidArgument, match="not also"),
    ):
        Entered(starting_day=ENTRY, entered_on=ENTRY, recorded_on=ENTRY, pupil=pupil())
    with pytest.raises(InvalidArgument, match="starting_day"):
        Entered(pupil=pupil())


def test_entry_state_entered_on_is_deprecated_it_was_the_starting_day() -> None:
    state = entry(Entered(starting_day=ENTRY, entered_on=ENTRY - DAY, pupil=pupil())).state_on(
        ENTRY
    )
    assert state is not None
    with pytest.warns(DeprecationWarning, match=r"EntryState\.entered_on is deprecated"):
        assert state.entered_on == ENTRY  # as in 0.1: the starting day, not the entry day


def test_register_problems_point_at_the_starting_day() -> None:
    e = entry(entered(ENTRY), Amended(on=ENTRY - DAY, pupil=pupil()))
    found = [(p.code, p.json_path) for p in e.problems(on=JUDGED)]
    assert ("CME-REG-010Q", "$.events[1].on") in found
    late = entry(entered(ENTRY + DAY), _deleted(ENTRY))
    placed = [(p.code, p.json_path, dict(p.values)) for p in late.problems(on=JUDGED)]
    assert ("CME-REG-004", "$.events[1].on", {"starting_day": ENTRY + DAY}) in placed
    future = entry(entered(JUDGED + DAY))
    assert [p.json_path for p in future.problems(on=JUDGED)] == ["$.events[0].starting_day"]
