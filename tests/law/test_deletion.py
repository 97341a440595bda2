from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cme_core.law import (
    DeletionNotShown,
    Outcome,
    UnlawfulDeletion,
    Verdict,
    assess_ground,
    check_deletion,
)
from cme_core.registers import AttendanceRecord, Deleted

from .helpers import CAL, DOB_CSA, facts, joint_enquiries, judgment, marks, nth_school_day
from .test_assess import FIRST_ABSENT, TWENTIETH, absence_facts

ONE = timedelta(days=1)


def test_lawful_deletion_on_the_day_the_ground_is_met() -> None:
    check = check_deletion(Deleted(on=TWENTIETH, ground="9(1)(i)"), absence_facts())
    assert check.lawful
    assert check.report.problems == ()
    check.raise_if_unlawful()


def test_off_rolling_is_refused_with_reasons() -> None:
    early = CAL.previous_school_day(TWENTIETH)
    check = check_deletion(Deleted(on=early, ground="9(1)(i)"), absence_facts())
    assert not check.lawful
    assert check.report.codes == ("CME-LAW-002",)
    assert "19 of 20" in check.report.problems[0].message
    with pytest.raises(UnlawfulDeletion) as info:
        check.raise_if_unlawful()
    assert info.value.report is check.report


def test_retrospective_recording_is_refused() -> None:
    deletion = Deleted(on=TWENTIETH, recorded_on=TWENTIETH + 3 * ONE, ground="9(1)(i)")
    check = check_deletion(deletion, absence_facts())
    assert check.report.codes == ("CME-LAW-005",)


def test_deletion_dated_before_a_late_enquiry_is_retrospective_or_off_rolling() -> None:
    late = TWENTIETH + 3 * ONE
    f = absence_facts(enquiries=joint_enquiries(late))
    assert check_deletion(Deleted(on=TWENTIETH, ground="i"), f).report.codes == ("CME-LAW-002",)
    assert check_deletion(Deleted(on=late, ground="i"), f).lawful


def test_2006_ground_after_the_2024_regime_began_is_refused() -> None:
    check = check_deletion(Deleted(on=TWENTIETH, ground="8(1)(h)"), absence_facts())
    assert check.report.codes == ("CME-LAW-001",)
    assert check.assessment is None


def test_regime_named_wrongly_is_reported() -> None:
    check = check_deletion(Deleted(on=TWENTIETH, ground="i", regime="2006"), absence_facts())
    assert "CME-LAW-001" in check.report.codes


def test_wrong_age_group_is_named() -> None:
    f = facts(date_of_birth=date(2020, 6, 1), died_on=date(2024, 10, 1))
    check = check_deletion(Deleted(on=date(2024, 10, 1), ground="9(1)(k)"), f)
    assert "CME-LAW-007" in check.report.codes


def test_missing_evidence_is_a_query_and_not_shown() -> None:
    f = facts(date_of_birth=None, died_on=date(2024, 10, 1))
    check = check_deletion(Deleted(on=date(2024, 10, 1), ground="9(1)(k)"), f)
    assert check.report.codes == ("CME-LAW-003Q",)
    assert check.report.is_valid  # a QUERY, not an ERROR
    assert check.verdict is Verdict.NOT_SHOWN
    assert not check.lawful  # safe by default: unproven is not lawful
    assert check.not_shown


# --- the three-way verdict ------------------------------------------------------------------

SCHOOL_ONLY = facts(date_of_birth=DOB_CSA)


@pytest.mark.parametrize("ground", ["9(1)(g)", "9(1)(i)", "9(1)(f)", "9(1)(k)", "9(1)(o)"])
def test_no_evidence_at_all_is_not_shown_never_lawful(ground: str) -> None:
    check = check_deletion(Deleted(on=date(2025, 3, 3), ground=ground), SCHOOL_ONLY)
    assert check.verdict is Verdict.NOT_SHOWN
    assert not check.lawful
    with pytest.raises(DeletionNotShown) as info:
        check.raise_if_unlawful()
    assert isinstance(info.value, UnlawfulDeletion)  # old ``except`` clauses still catch it
    assert info.value.report is check.report
    assert "CME-LAW-003Q" in str(info.value)
    check.raise_if_unlawful(allow_not_shown=True)  # the explicit opt-out


def test_verdict_edges_day_before_of_after_the_ground_is_met() -> None:
    before = check_deletion(
        Deleted(on=CAL.previous_school_day(TWENTIETH), ground="9(1)(i)"), absence_facts()
    )
    on_the_day = check_deletion(Deleted(on=TWENTIETH, ground="9(1)(i)"), absence_facts())
    after = check_deletion(
        Deleted(on=CAL.next_school_day(TWENTIETH), ground="9(1)(i)"), absence_facts()
    )
    assert before.verdict is Verdict.UNLAWFUL
    assert on_the_day.verdict is Verdict.LAWFUL
    assert after.verdict is Verdict.LAWFUL
    assert [c.lawful for c in (before, on_the_day, after)] == [False, True, True]


def test_unlawful_beats_not_shown_and_opt_out_does_not_hide_it() -> None:
    # No date of birth (age unknown) *and* a late recording: an ERROR wins.
    f = facts(date_of_birth=None, died_on=date(2024, 10, 1))
    late = Deleted(on=date(2024, 10, 1), recorded_on=date(2024, 10, 4), ground="9(1)(k)")
    check = check_deletion(late, f)
    assert check.verdict is Verdict.UNLAWFUL
    with pytest.raises(UnlawfulDeletion) as info:
        check.raise_if_unlawful(allow_not_shown=True)
    assert not isinstance(info.value, DeletionNotShown)


def test_unknown_ground_is_unlawful_not_not_shown() -> None:
    check = check_deletion(Deleted(on=TWENTIETH, ground="8(1)(h)"), absence_facts())
    assert check.assessment is None
    assert check.verdict is Verdict.UNLAWFUL


def test_allow_not_shown_must_be_a_bool() -> None:
    from cme_core.errors import InvalidArgument

    check = check_deletion(Deleted(on=date(2025, 3, 3), ground="9(1)(g)"), SCHOOL_ONLY)
    with pytest.raises(InvalidArgument):
        check.raise_if_unlawful(allow_not_shown="yes")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        check.raise_if_unlawful(True)  # type: ignore[call-arg]  # keyword only


def test_verdict_is_exported_where_deletion_check_is() -> None:
    import cme_core
    import cme_core.law

    assert cme_core.Verdict is cme_core.law.Verdict is Verdict
    assert "Verdict" in cme_core.__all__
    assert "Verdict" in cme_core.law.__all__


# --- properties ---------------------------------------------------------------------------

RUN_START = FIRST_ABSENT
ABSENT_DAYS = CAL.school_days(RUN_START, date(2024, 12, 13))


def _record(codes: dict[date, str], last: date) -> AttendanceRecord:
    present = dict.fromkeys(CAL.school_days(date(2024, 9, 2), RUN_START - ONE), "/\\")
    return marks(date(2024, 9, 2), last, "NN", {**present, **codes})


@given(
    position=st.integers(min_value=0, max_value=19),
    code=st.sampled_from(["M", "I", "C", "R", "T", "S", "C1", "C2", "J1", "E", "K", "V"]),
    extra=st.integers(min_value=0, max_value=30),
)
def test_an_authorised_mark_in_a_qualifying_run_never_makes_it_met(
    position: int, code: str, extra: int
) -> None:
    on = nth_school_day(RUN_START, 20 + extra)
    day = nth_school_day(RUN_START, 20 + extra - position)
    record = _record({day: code + code}, date(2024, 12, 20))
    result = assess_ground("9(1)(i)", absence_facts(attendance=record), on)
    assert result.outcome is not Outcome.MET


@given(length=st.integers(min_value=20, max_value=len(ABSENT_DAYS) - 1))
def test_extending_a_qualifying_run_never_makes_it_unmet(length: int) -> None:
    record = _record({}, date(2024, 12, 20))
    f = absence_facts(attendance=record)
    first = assess_ground("9(1)(i)", f, ABSENT_DAYS[length - 1])
    later = assess_ground("9(1)(i)", f, ABSENT_DAYS[length])
    assert first.is_met
    assert later.is_met
    assert later.met_on == first.met_on == TWENTIETH


codes_st = st.sampled_from(["/", "\\", "L", "N", "O", "G", "U", "I", "M", "-", "Y4", "#", "K"])


@given(
    day_codes=st.lists(st.tuples(codes_st, codes_st), min_size=0, max_size=80),
    on_offset=st.integers(min_value=-400, max_value=800),
    ground_ref=st.sampled_from(
        ["9(1)(i)", "9(1)(h)", "9(1)(o)", "9(1)(l)", "9(3)(c)", "8(1)(h)", "8(1)(f)"]
    ),
    dob=st.dates(min_value=date(2000, 1, 1), max_value=date(2022, 1, 1)),
    sick=st.booleans(),
)
def test_assessment_never_raises(
    day_codes: list[tuple[str, str]], on_offset: int, ground_ref: str, dob: date, sick: bool
) -> None:
    first = date(2023, 9, 4)
    text = "".join(a + b for a, b in day_codes)
    record = AttendanceRecord.from_codes("P1", first, text)
    f = facts(
        attendance=record,
        date_of_birth=dob,
        sickness_or_unavoidable_cause=judgment(first, holds=sick),
        enquiries=joint_enquiries(first),
    )
    on = first + timedelta(days=on_offset)
    from cme_core.law import ground

    result = assess_ground(ground(ground_ref), f, on)
    assert result.outcome in set(Outcome)
    assert all(c.citation for c in result.conditions)


def test_deletion_day_without_marks_is_not_a_gap() -> None:
    """A pupil deleted on D has no marks on D (not on roll): the run counts to D - 1."""
    day_after = CAL.next_school_day(TWENTIETH)
    record = _record({}, TWENTIETH)  # marks stop on the 20th day
    f = absence_facts(attendance=record)
    check = check_deletion(Deleted(on=day_after, ground="9(1)(i)"), f)
    assert check.lawful, check.report.codes
    assert check.assessment is not None
    assert check.assessment.met_on == TWENTIETH
    # but a missing mark *before* the judging day is still a gap in the evidence
    later = CAL.next_school_day(day_after)
    assert assess_ground("9(1)(i)", f, later).outcome is Outcome.INSUFFICIENT_EVIDENCE


def test_backdated_deletion_is_retrospective_not_just_off_rolling() -> None:
    early = CAL.previous_school_day(TWENTIETH)
    later = TWENTIETH + 3 * ONE
    check = check_deletion(Deleted(on=early, recorded_on=later, ground="9(1)(i)"), absence_facts())
    assert check.report.codes == ("CME-LAW-004", "CME-LAW-005")
    assert check.report.problems[0].values["met_on"] == TWENTIETH


def test_unknown_ground_text_is_not_echoed() -> None:
    check = check_deletion(Deleted(on=TWENTIETH, ground="Ann Example moved"), absence_facts())
    assert check.report.codes == ("CME-LAW-001",)
    assert "Ann" not in str(check.report.to_dict())


def test_datetimes_and_strings_are_typed_errors() -> None:
    from datetime import datetime

    from cme_core.errors import InvalidArgument

    with pytest.raises(InvalidArgument):
        assess_ground("9(1)(i)", absence_facts(), datetime(2024, 10, 14, 9, 0))
    with pytest.raises(InvalidArgument):
        facts(died_on="2024-10-01")


def test_the_errors_pickle_with_their_report() -> None:
    """Raised in a worker process, they come back to the parent whole."""
    import pickle

    early = CAL.previous_school_day(TWENTIETH)
    unlawful = check_deletion(Deleted(on=early, ground="9(1)(i)"), absence_facts())
    unproven = check_deletion(Deleted(on=date(2025, 3, 3), ground="9(1)(g)"), SCHOOL_ONLY)
    for check, kind in ((unlawful, UnlawfulDeletion), (unproven, DeletionNotShown)):
        with pytest.raises(kind) as info:
            check.raise_if_unlawful()
        again = pickle.loads(pickle.dumps(info.value))
        assert type(again) is kind
        assert again.report == check.report
        assert str(again) == str(info.value)
    assert pickle.loads(pickle.dumps(unproven)) == unproven
