"""Each ground at its edges: the day before, the day of and the day after."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import attrs
import pytest

from cme_core.law import (
    Consent,
    DeletionFacts,
    Detention,
    DetentionKind,
    Enquiries,
    EnquiryOutcome,
    KnownNone,
    LeaveOfAbsence,
    Outcome,
    PermanentExclusion,
    SchoolAttendanceOrder,
    WrittenNotice,
    assess_ground,
    candidate_grounds,
)
from cme_core.schools import SchoolKind

from .helpers import CAL, SCHOOL, facts, joint_enquiries, judgment, marks, nth_school_day

ONE = timedelta(days=1)
FIRST_ABSENT = date(2024, 9, 16)  # a Monday, a school day in the example calendar
TWENTIETH = nth_school_day(FIRST_ABSENT, 20)


def absence_facts(default: str = "NN", **overrides: Any) -> DeletionFacts:
    """Present from 2 Sep 2024, absent with ``default`` from FIRST_ABSENT to 20 Dec 2024."""
    present = dict.fromkeys(CAL.school_days(date(2024, 9, 2), FIRST_ABSENT - ONE), "/\\")
    record = marks(date(2024, 9, 2), date(2024, 12, 20), default, present)
    base: dict[str, Any] = {
        "attendance": record,
        "sickness_or_unavoidable_cause": judgment(date(2024, 9, 20), holds=False),
        "enquiries": joint_enquiries(date(2024, 9, 30)),
    }
    base.update(overrides)
    return facts(**base)


class TestTwentyDayAbsence2024:
    def test_19_days_not_met_20_days_met(self) -> None:
        f = absence_facts()
        nineteenth = CAL.previous_school_day(TWENTIETH)
        before = assess_ground("9(1)(i)", f, nineteenth)
        assert before.outcome is Outcome.NOT_MET
        assert before.nearly_met
        assert "19 of 20" in before.failing[0].reason
        on = assess_ground("9(1)(i)", f, TWENTIETH)
        assert on.outcome is Outcome.MET
        assert on.met_on == TWENTIETH
        after = assess_ground("9(1)(i)", f, TWENTIETH + ONE)
        assert after.outcome is Outcome.MET
        assert after.met_on == TWENTIETH

    def test_one_illness_mark_breaks_the_run(self) -> None:
        f = absence_facts()
        assert f.attendance is not None
        broken_day = nth_school_day(FIRST_ABSENT, 10)
        text = list(f.attendance.codes)
        i = f.attendance.index(broken_day, 1)
        text[i] = "I"
        from cme_core.registers import AttendanceRecord

        record = AttendanceRecord.from_codes("P1", f.attendance.first_day, "".join(text))
        result = assess_ground("9(1)(i)", facts(**{**_fields(f), "attendance": record}), TWENTIETH)
        assert result.outcome is Outcome.NOT_MET
        assert "10 of 20" in result.failing[0].reason

    @pytest.mark.parametrize("code", ["G", "O"])
    def test_final_three_rows_continue_the_run(self, code: str) -> None:
        f = absence_facts(default=code * 2)
        assert assess_ground("9(1)(i)", f, TWENTIETH).outcome is Outcome.MET

    @pytest.mark.parametrize("code", ["K", "M", "Y1", "E"])
    def test_table_2_and_other_table_3_rows_break_it(self, code: str) -> None:
        f = absence_facts(default=code * 2)
        assert assess_ground("9(1)(i)", f, TWENTIETH).outcome is Outcome.NOT_MET

    def test_sickness_belief_defeats_the_ground(self) -> None:
        f = absence_facts(sickness_or_unavoidable_cause=judgment(date(2024, 9, 20), holds=True))
        assert assess_ground("9(1)(i)", f, TWENTIETH).outcome is Outcome.NOT_MET

    def test_no_la_part_is_insufficient_evidence(self) -> None:
        f = absence_facts(
            enquiries=Enquiries(school_part_on=date(2024, 9, 30), outcome=EnquiryOutcome.NOT_FOUND)
        )
        result = assess_ground("9(1)(i)", f, TWENTIETH)
        assert result.outcome is Outcome.INSUFFICIENT_EVIDENCE
        assert [c.key for c in result.unknown] == ["enquiries_failed"]

    def test_located_and_agreed_bb_limb(self) -> None:
        agreed = judgment(date(2024, 10, 1))
        f = absence_facts(
            enquiries=Enquiries(
                school_part_on=date(2024, 9, 30),
                la_part_on=date(2024, 9, 30),
                outcome=EnquiryOutcome.LOCATED,
                agree_will_not_attend_again=agreed,
            )
        )
        assert assess_ground("9(1)(i)", f, TWENTIETH).outcome is Outcome.MET

    def test_enquiries_after_the_twentieth_day_move_met_on(self) -> None:
        late = TWENTIETH + timedelta(days=3)
        f = absence_facts(enquiries=joint_enquiries(late))
        assert assess_ground("9(1)(i)", f, late - ONE).outcome is Outcome.NOT_MET
        assert assess_ground("9(1)(i)", f, late).met_on == late

    def test_missing_marks_are_insufficient_evidence_not_a_break(self) -> None:
        f = absence_facts()
        assert f.attendance is not None
        text = list(f.attendance.codes)
        gap = nth_school_day(FIRST_ABSENT, 5)
        i = f.attendance.index(gap, 0)
        text[i] = text[i + 1] = "-"
        from cme_core.registers import AttendanceRecord

        record = AttendanceRecord.from_codes("P1", f.attendance.first_day, "".join(text))
        result = assess_ground("9(1)(i)", facts(**{**_fields(f), "attendance": record}), TWENTIETH)
        assert result.outcome is Outcome.INSUFFICIENT_EVIDENCE


class TestTwentyDayAbsence2006:
    def test_authorised_absence_breaks_2006_run(self) -> None:
        first = date(2019, 9, 9)
        record = marks(first, date(2019, 12, 20), "NN", {nth_school_day(first, 5): "HH"})
        f = facts(
            attendance=record,
            sickness_or_unavoidable_cause=judgment(first, holds=False),
            enquiries=joint_enquiries(first),
        )
        twentieth = nth_school_day(first, 20)
        assert assess_ground("8(1)(h)", f, twentieth).outcome is Outcome.NOT_MET
        clean = facts(
            attendance=marks(first, date(2019, 12, 20), "OO"),
            sickness_or_unavoidable_cause=judgment(first, holds=False),
            enquiries=joint_enquiries(first),
        )
        assert assess_ground("8(1)(h)", clean, CAL.previous_school_day(twentieth)).outcome is (
            Outcome.NOT_MET
        )
        assert assess_ground("8(1)(h)", clean, twentieth).outcome is Outcome.MET


class TestNoReturnAfterLeave:
    LEAVE = LeaveOfAbsence(first_day=date(2025, 1, 6), last_day=date(2025, 1, 17))

    def _facts(self) -> DeletionFacts:
        record = marks(date(2025, 1, 6), date(2025, 3, 28), "GG")
        return facts(
            leave=self.LEAVE,
            attendance=record,
            sickness_or_unavoidable_cause=judgment(date(2025, 1, 20), holds=False),
            enquiries=joint_enquiries(date(2025, 1, 27)),
        )

    def test_tenth_school_day_after_leave_edges(self) -> None:
        tenth = CAL.add_school_days(self.LEAVE.last_day, 10)
        f = self._facts()
        assert assess_ground("9(1)(h)", f, tenth - ONE).outcome is Outcome.NOT_MET
        met = assess_ground("9(1)(h)", f, tenth)
        assert met.outcome is Outcome.MET
        assert met.met_on == tenth
        assert assess_ground("9(1)(h)", f, tenth + ONE).outcome is Outcome.MET

    def test_attending_within_ten_days_defeats_it(self) -> None:
        back = CAL.add_school_days(self.LEAVE.last_day, 9)
        record = marks(date(2025, 1, 6), date(2025, 3, 28), "GG", {back: "/\\"})
        f = facts(**{**_fields(self._facts()), "attendance": record})
        tenth = CAL.add_school_days(self.LEAVE.last_day, 10)
        result = assess_ground("9(1)(h)", f, tenth)
        assert result.outcome is Outcome.NOT_MET
        assert back.isoformat() in result.failing[0].reason


class TestExclusionReviewWindow:
    NOTIFIED = date(2025, 2, 3)

    def test_window_of_15_school_days(self) -> None:
        """A review may still be asked for on the 15th school day: the ground holds from the
        next day."""
        closes = CAL.add_school_days(self.NOTIFIED, 15)
        f = facts(
            exclusion=PermanentExclusion(
                excluded_on=date(2025, 1, 27), decision_notified_on=self.NOTIFIED
            )
        )
        assert assess_ground("9(1)(o)", f, closes - ONE).outcome is Outcome.NOT_MET
        assert assess_ground("9(1)(o)", f, closes).outcome is Outcome.NOT_MET
        met = assess_ground("9(1)(o)", f, closes + ONE)
        assert met.outcome is Outcome.MET
        assert met.met_on == closes + ONE

    def test_relevant_exclusion_of_2020_has_25_school_days(self) -> None:
        notified = date(2020, 9, 14)
        ex = PermanentExclusion(excluded_on=date(2020, 9, 9), decision_notified_on=notified)
        assert ex.window_school_days == 25
        closes = CAL.add_school_days(notified, 25)
        f = facts(exclusion=ex)
        assert assess_ground("8(1)(m)", f, closes).outcome is Outcome.NOT_MET
        assert assess_ground("8(1)(m)", f, closes + ONE).outcome is Outcome.MET

    def test_review_requested_waits_for_its_conclusion(self) -> None:
        ex = PermanentExclusion(
            excluded_on=date(2025, 1, 27),
            decision_notified_on=self.NOTIFIED,
            review_requested_on=date(2025, 2, 5),
        )
        pending = assess_ground("9(1)(o)", facts(exclusion=ex), date(2025, 6, 2))
        assert pending.outcome is Outcome.NOT_MET
        assert pending.nearly_met
        done = attrs.evolve(ex, review_concluded_on=date(2025, 3, 10))
        met = assess_ground("9(1)(o)", facts(exclusion=done), date(2025, 6, 2))
        assert met.met_on == date(2025, 3, 10)

    def test_reinstated_is_not_met(self) -> None:
        ex = PermanentExclusion(excluded_on=date(2025, 1, 27), reinstated=True)
        assert assess_ground("9(1)(o)", facts(exclusion=ex), date(2025, 6, 2)).outcome is (
            Outcome.NOT_MET
        )


class TestMovedAway:
    def test_boarder_cannot_use_moved_away(self) -> None:
        base = {
            "moved_away": judgment(date(2025, 1, 6)),
            "will_not_attend_again": judgment(date(2025, 1, 6)),
        }
        day = assess_ground("9(1)(g)", facts(boarder=False, **base), date(2025, 1, 6))
        assert day.outcome is Outcome.MET
        board = assess_ground("9(1)(g)", facts(boarder=True, **base), date(2025, 1, 6))
        assert board.outcome is Outcome.NOT_MET
        assert [c.key for c in board.failing] == ["not_boarder"]

    def test_judgment_dated_after_the_day_is_not_evidence(self) -> None:
        f = facts(boarder=False, moved_away=judgment(date(2025, 1, 7)))
        result = assess_ground("9(1)(g)", f, date(2025, 1, 6))
        assert "moved_away" in [c.key for c in result.failing]


class TestHomeEducation:
    NOTICE = WrittenNotice(received_on=date(2025, 3, 3), last_day_of_attendance=date(2025, 3, 7))

    def test_named_day_must_have_passed(self) -> None:
        f = facts(home_education_notice=self.NOTICE)
        assert assess_ground("9(1)(f)", f, date(2025, 3, 7)).outcome is Outcome.NOT_MET
        met = assess_ground("9(1)(f)", f, date(2025, 3, 8))
        assert met.outcome is Outcome.MET
        assert met.met_on == date(2025, 3, 8)

    def test_sao_naming_school_in_force_blocks_it(self) -> None:
        sao = SchoolAttendanceOrder(names_this_school=True)
        f = facts(home_education_notice=self.NOTICE, school_attendance_order=sao)
        result = assess_ground("9(1)(f)", f, date(2025, 3, 10))
        assert [c.key for c in result.failing] == ["no_sao_naming_school"]
        revoked = SchoolAttendanceOrder(names_this_school=True, revoked_on=date(2025, 3, 9))
        f = facts(home_education_notice=self.NOTICE, school_attendance_order=revoked)
        assert assess_ground("9(1)(f)", f, date(2025, 3, 10)).outcome is Outcome.MET

    def test_oral_notice_is_not_enough(self) -> None:
        oral = WrittenNotice(received_on=date(2025, 3, 3), in_writing=False)
        result = assess_ground("9(1)(f)", facts(home_education_notice=oral), date(2025, 3, 10))
        assert result.outcome is Outcome.NOT_MET


class TestSpecialSchoolConsent:
    SPECIAL = SCHOOL.__class__(
        laestab="8017000", name="Special", kind=SchoolKind.MAINTAINED_SPECIAL, calendar=CAL
    )

    def _facts(self, consent: Consent | None) -> DeletionFacts:
        return facts(
            school=self.SPECIAL,
            la_placed_special_by="801",
            la_consent=consent,
            boarder=False,
            moved_away=judgment(date(2025, 1, 6)),
            will_not_attend_again=judgment(date(2025, 1, 6)),
        )

    def test_consent_needed_and_dated(self) -> None:
        assert assess_ground("9(1)(g)", self._facts(None), date(2025, 1, 6)).outcome is (
            Outcome.NOT_MET
        )
        consent = Consent(by="801", on=date(2025, 1, 8))
        f = self._facts(consent)
        assert assess_ground("9(1)(g)", f, date(2025, 1, 7)).outcome is Outcome.NOT_MET
        assert assess_ground("9(1)(g)", f, date(2025, 1, 8)).outcome is Outcome.MET

    def test_death_is_exempt(self) -> None:
        f = facts(school=self.SPECIAL, la_placed_special_by="801", died_on=date(2025, 1, 6))
        assert assess_ground("9(1)(k)", f, date(2025, 1, 6)).outcome is Outcome.MET


class TestDetention:
    def test_2024_has_no_minimum_but_remand_is_not_a_sentence(self) -> None:
        no_return = judgment(date(2025, 1, 6))
        sentence = Detention(kind=DetentionKind.SENTENCE_OF_DETENTION, started_on=date(2025, 1, 6))
        f = facts(detention=sentence, will_not_attend_again=no_return)
        assert assess_ground("9(1)(j)", f, date(2025, 1, 6)).outcome is Outcome.MET
        remand = Detention(kind=DetentionKind.REMAND, started_on=date(2025, 1, 6))
        f = facts(detention=remand, will_not_attend_again=no_return)
        assert assess_ground("9(1)(j)", f, date(2025, 1, 6)).outcome is Outcome.NOT_MET

    @pytest.mark.parametrize(("months", "outcome"), [(3, Outcome.NOT_MET), (4, Outcome.MET)])
    def test_2006_four_months(self, months: int, outcome: Outcome) -> None:
        order = Detention(
            kind=DetentionKind.FINAL_ORDER, started_on=date(2020, 1, 7), order_months=months
        )
        f = facts(detention=order, will_not_attend_again=judgment(date(2020, 1, 7)))
        assert assess_ground("8(1)(i)", f, date(2020, 1, 7)).outcome is outcome


class TestAgeScope:
    def test_csa_ground_for_a_non_csa_pupil_fails(self) -> None:
        f = facts(date_of_birth=date(2020, 6, 1), died_on=date(2024, 10, 1))
        assert assess_ground("9(1)(k)", f, date(2024, 10, 1)).outcome is Outcome.NOT_MET
        assert assess_ground("9(3)(d)", f, date(2024, 10, 1)).outcome is Outcome.MET

    def test_no_date_of_birth_is_insufficient(self) -> None:
        f = facts(date_of_birth=None, died_on=date(2024, 10, 1))
        result = assess_ground("9(1)(k)", f, date(2024, 10, 1))
        assert result.outcome is Outcome.INSUFFICIENT_EVIDENCE


class TestLeavingCompulsorySchoolAge:
    def test_ends_before_school_next_meets(self) -> None:
        # born 23 Sep 2007: compulsory school age ends 28 Jun 2024 (a Friday).
        f = facts(
            date_of_birth=date(2007, 9, 23),
            will_stop_attending_indicated=judgment(date(2024, 6, 1)),
        )
        assert assess_ground("8(1)(k)", f, date(2024, 6, 27)).outcome is Outcome.NOT_MET
        assert assess_ground("8(1)(k)", f, date(2024, 6, 28)).outcome is Outcome.MET


def test_candidate_grounds_lists_met_first_and_what_is_missing() -> None:
    f = absence_facts()
    found = candidate_grounds(f, TWENTIETH)
    assert found[0].ground.ref == "9(1)(i)"
    assert found[0].is_met
    nearly = candidate_grounds(f, CAL.previous_school_day(TWENTIETH))
    assert nearly[0].ground.ref == "9(1)(i)"
    assert not nearly[0].is_met
    assert [c.key for c in nearly[0].missing] == ["continuous_absence"]
    assert all(a.is_met or a.nearly_met for a in found)


def test_explain_has_every_condition_and_no_personal_data() -> None:
    text = assess_ground("9(1)(i)", absence_facts(), TWENTIETH).explain()
    assert "SI 2024/208 reg 9(1)(i)(i)" in text
    assert "headteacher" not in text


def _fields(f: DeletionFacts) -> dict[str, Any]:
    import attrs

    return {a.name: getattr(f, a.name) for a in attrs.fields(DeletionFacts) if a.init}


def test_recorded_sao_not_amended_or_revoked_fails_rather_than_unknown() -> None:
    sao = SchoolAttendanceOrder(names_this_school=True, registered_here_under_it=True)
    on = date(2025, 3, 3)
    assert [
        c.key for c in assess_ground("9(1)(d)", facts(school_attendance_order=sao), on).failing
    ] == ["sao_amended"]
    assert [
        c.key for c in assess_ground("9(1)(e)", facts(school_attendance_order=sao), on).failing
    ] == ["sao_revoked"]
    amended = SchoolAttendanceOrder(names_this_school=True, amended_to_other_school_on=on)
    assert assess_ground("9(1)(d)", facts(school_attendance_order=amended), on).is_met


# --- facts known not to exist (KnownNone) --------------------------------------------------

NONE = KnownNone


@pytest.mark.parametrize(
    ("ground", "which", "key"),
    [
        ("9(1)(d)", NONE.SCHOOL_ATTENDANCE_ORDER, "sao_amended"),
        ("9(1)(e)", NONE.SCHOOL_ATTENDANCE_ORDER, "sao_revoked"),
        ("8(1)(a)", NONE.SCHOOL_ATTENDANCE_ORDER, "sao_registered_under"),
        ("9(1)(a)", NONE.REGISTRATION_ELSEWHERE, "registered_elsewhere"),
        ("9(1)(c)", NONE.REGISTRATION_ELSEWHERE, "dual_registered"),
        ("9(1)(f)", NONE.HOME_EDUCATION_NOTICE, "written_notice"),
        ("9(1)(h)", NONE.LEAVE_OF_ABSENCE, "leave_granted"),
        ("8(1)(g)", NONE.MEDICAL_CERTIFICATE, "medical_certificate"),
        ("9(1)(j)", NONE.DETENTION, "sentence_of_detention"),
        ("8(1)(i)", NONE.DETENTION, "detention_order_2006"),
        ("9(1)(k)", NONE.DEATH, "died"),
        ("9(1)(b)", NONE.NURSERY_COMPLETION, "nursery_completed"),
        ("9(1)(o)", NONE.PERMANENT_EXCLUSION, "exclusion_took_effect"),
        ("9(1)(m)", NONE.BOARDING_CHARGES, "charges_unpaid"),
    ],
)
def test_none_is_unknown_but_known_none_is_not_met(ground: str, which: KnownNone, key: str) -> None:
    """``None``: INSUFFICIENT_EVIDENCE at best; the same fact known not to exist: NOT_MET."""
    on = date(2025, 3, 3) if ground.startswith("9") else date(2016, 3, 1)
    unknown = assess_ground(ground, facts(), on)
    assert unknown.outcome is not Outcome.MET
    assert key in [c.key for c in unknown.unknown]
    known = assess_ground(ground, facts(known_none=[which]), on)
    assert known.outcome is Outcome.NOT_MET
    (result,) = [c for c in known.conditions if c.key == key]
    assert result.status.value == "fails"
    assert result.reason.startswith("known: ")
    assert not result.temporal  # time will not make a thing that does not exist appear
    assert not known.nearly_met


def test_sao_known_none_still_lets_the_bar_hold() -> None:
    """The bar "no order naming this school" holds both for None (read as none) and for an
    order known not to exist; the reason says which."""
    notice = WrittenNotice(received_on=date(2025, 3, 3), last_day_of_attendance=date(2025, 3, 7))
    presumed = assess_ground("9(1)(f)", facts(home_education_notice=notice), date(2025, 3, 8))
    known = assess_ground(
        "9(1)(f)",
        facts(home_education_notice=notice, known_none=[NONE.SCHOOL_ATTENDANCE_ORDER]),
        date(2025, 3, 8),
    )
    assert presumed.is_met
    assert known.is_met
    (bar,) = [c for c in known.conditions if c.key == "no_sao_naming_school"]
    assert bar.reason.startswith("known: ")


class TestKnownNoneBars:
    NOTIFIED = date(2025, 2, 3)

    def test_no_review_requested_day_before_of_after_the_window(self) -> None:
        closes = CAL.add_school_days(self.NOTIFIED, 15)
        ex = PermanentExclusion(excluded_on=date(2025, 1, 27), decision_notified_on=self.NOTIFIED)
        known = facts(exclusion=ex, known_none=[NONE.EXCLUSION_REVIEW])
        presumed = facts(exclusion=ex)
        for f in (known, presumed):
            assert assess_ground("9(1)(o)", f, closes).outcome is Outcome.NOT_MET
            assert assess_ground("9(1)(o)", f, closes + ONE).outcome is Outcome.MET
        (cond,) = [
            c
            for c in assess_ground("9(1)(o)", known, closes + ONE).conditions
            if c.key == "exclusion_took_effect"
        ]
        assert cond.reason.startswith("known: no review was requested")

    def test_not_placed_by_an_la_at_a_special_school(self) -> None:
        special = SCHOOL.__class__(
            laestab="8017000", name="Special", kind=SchoolKind.MAINTAINED_SPECIAL, calendar=CAL
        )
        base = {
            "school": special,
            "boarder": False,
            "moved_away": judgment(date(2025, 1, 6)),
            "will_not_attend_again": judgment(date(2025, 1, 6)),
        }
        known = assess_ground(
            "9(1)(g)", facts(known_none=[NONE.LA_SPECIAL_PLACEMENT], **base), date(2025, 1, 6)
        )
        assert known.is_met
        (consent,) = [c for c in known.conditions if c.key == "special_school_consent"]
        assert consent.reason == "known: not placed here by an LA"
        placed = assess_ground(
            "9(1)(g)", facts(la_placed_special_by="801", **base), date(2025, 1, 6)
        )
        assert placed.outcome is Outcome.NOT_MET


def test_a_fact_given_and_known_none_is_refused() -> None:
    from cme_core.errors import InvalidArgument, InvalidInput

    with pytest.raises(InvalidInput, match="school_attendance_order"):
        facts(
            school_attendance_order=SchoolAttendanceOrder(names_this_school=False),
            known_none=[NONE.SCHOOL_ATTENDANCE_ORDER],
        )
    with pytest.raises(InvalidInput, match="review_requested_on"):
        facts(
            exclusion=PermanentExclusion(
                excluded_on=date(2025, 1, 27), review_requested_on=date(2025, 2, 5)
            ),
            known_none=[NONE.EXCLUSION_REVIEW],
        )
    with pytest.raises(InvalidInput, match="la_placed_special_by"):
        facts(la_placed_special_by="801", known_none=[NONE.LA_SPECIAL_PLACEMENT])
    with pytest.raises(InvalidArgument):
        facts(known_none=["school_attendance_order"])
    with pytest.raises(InvalidArgument):
        facts(known_none="school_attendance_order")
    with pytest.raises(InvalidArgument):
        facts().known_to_be_none("death")  # type: ignore[arg-type]


def test_known_none_members_pickle_and_read_clearly() -> None:
    import pickle

    f = facts(known_none=[NONE.DEATH, NONE.DETENTION])
    assert pickle.loads(pickle.dumps(f)) == f
    assert f.known_none == (NONE.DETENTION, NONE.DEATH)  # once each, in declaration order
    assert facts(known_none={NONE.DEATH, NONE.DETENTION}).known_none == f.known_none
    assert repr(NONE.DEATH) == "KnownNone.DEATH"
    assert NONE.DEATH.field == "died_on"
    assert {m.field.split(".")[0] for m in NONE} <= {a.name for a in attrs.fields(DeletionFacts)}


def test_known_none_travels_on_the_wire() -> None:
    import json

    from cme_core.serialization import load, unstructure

    f = facts(known_none=[NONE.SCHOOL_ATTENDANCE_ORDER, NONE.LA_SPECIAL_PLACEMENT])
    data = json.loads(json.dumps(unstructure(attrs.evolve(f, calendar=None))))
    assert data["known_none"] == ["school_attendance_order", "la_placed_special_by"]
    loaded, report = load({"pupil_id": "P1", "school": data["school"], **data}, DeletionFacts)
    assert report.codes == ()
    assert loaded is not None
    assert loaded.known_none == f.known_none
