"""The School Attendance (Pupil Registration) (England) Regulations 2024 (SI 2024/208),
reg 9, as data. In force from 19 August 2024, with no transitional provision.

"Joint efforts" (9(1)(h)(iii), (i)(iii)): the proprietor and the LA have jointly made
reasonable efforts to find out the pupil's location and circumstances and either (aa) have not
succeeded, or (bb) succeeded and agree there are no reasonable grounds to believe the pupil will
attend again, taking into account any reasonable steps they could take to secure attendance.

Source: SI 2024/208 as made (legislation.gov.uk text, read in full; see
``docs/research/statute-notes.md`` §4). The LA-form numbers 1-15 belong to the 2006 grounds;
2024 grounds carry none.
"""

from __future__ import annotations

from cme_core.law.params import (
    ContinuousAbsence,
    DaysAfterLeave,
    EnquiriesMade,
    NurseryCompleted,
    RunRule,
    WrittenNoticeGiven,
)
from cme_core.law.records import AgeScope, Condition, ConditionKind, ConditionMaker, Ground
from cme_core.periods import REGS_2024_IN_FORCE, REGS_2024_START, RegimeId

__all__ = ["GROUNDS_2024", "IN_FORCE_2024"]

SI = "SI 2024/208"
START = REGS_2024_START
IN_FORCE_2024 = REGS_2024_IN_FORCE

CSA = AgeScope.COMPULSORY_SCHOOL_AGE
NON_CSA = AgeScope.NOT_COMPULSORY_SCHOOL_AGE
FACT, COUNT, JUDGMENT, EXCL = (
    ConditionKind.FACT,
    ConditionKind.COUNT,
    ConditionKind.JUDGMENT,
    ConditionKind.EXCLUSION,
)


_c = ConditionMaker(SI)


def _g(
    ref: str,
    title: str,
    guide: str,
    conditions: tuple[Condition, ...],
    *,
    equivalent: tuple[str, ...] = (),
    joint: bool = False,
    notes: tuple[str, ...] = (),
) -> Ground:
    return Ground(
        regime=RegimeId.REGS_2024,
        ref=ref,
        citation=f"{SI} reg {ref}",
        title=title,
        guide=guide,
        applies_to=CSA if ref.startswith("9(1)") else NON_CSA,
        conditions=conditions,
        requires_joint_enquiries=joint,
        equivalent=equivalent,
        legacy_number=None,
        in_force=IN_FORCE_2024,
        verified=True,
        source="SI 2024/208 as made (legislation.gov.uk)",
        notes=notes,
    )


def _will_not_attend(cite: str, text: str = "") -> Condition:
    return _c(
        "will_not_attend_again",
        text or "no reasonable grounds to believe the pupil will attend the school again",
        cite,
        JUDGMENT,
    )


def _no_sao(cite: str) -> Condition:
    return _c(
        "no_sao_naming_school",
        "no school attendance order naming this school is in force",
        cite,
        EXCL,
    )


def _not_mobile(cite: str) -> Condition:
    return _c(
        "not_mobile_main_school",
        "not a mobile child whose main school is this school",
        cite,
        EXCL,
    )


def _no_sickness(cite: str) -> Condition:
    return _c(
        "no_sickness_belief",
        "no reasonable grounds to believe the pupil is unable to attend because of sickness or "
        "any unavoidable cause",
        cite,
        JUDGMENT,
    )


def _joint(cite: str) -> Condition:
    return _c(
        "enquiries_failed",
        "the proprietor and the LA jointly made reasonable efforts to find out the pupil's "
        "location and circumstances and (aa) did not succeed, or (bb) succeeded and agree there "
        "are no reasonable grounds to believe the pupil will attend again",
        cite,
        params=EnquiriesMade(joint=True, allow_located=True),
    )


_EXCLUSION_TEXT = (
    "permanently excluded, and the exclusion has taken effect: written statement of no review, "
    "time for a review expired, or review abandoned / decision upheld / reconsidered without "
    "reinstatement"
)

GROUNDS_2024: tuple[Ground, ...] = (
    _g(
        "9(1)(a)",
        "registered at another school",
        "The pupil is now registered at another school, and this is not an agreed dual "
        "registration, an order naming this school, or a mobile child's main school.",
        (
            _c("registered_elsewhere", "registered at another school", "9(1)(a)"),
            _no_sao("9(1)(a)(i)"),
            _not_mobile("9(1)(a)(ii)"),
            _c(
                "not_dual_agreed",
                "no agreement that the pupil be registered at more than one school",
                "9(1)(a)(iii)",
                EXCL,
            ),
        ),
        equivalent=("8(1)(b)",),
    ),
    _g(
        "9(1)(b)",
        "nursery leaver",
        "Admitted for nursery education, completed it, and is not expected to move up here.",
        (
            _c(
                "nursery_completed",
                "admitted for nursery education and has completed it (would otherwise move to "
                "reception or a more senior class here)",
                "9(1)(b), 9(5)(b)",
                params=NurseryCompleted(would_move_up=True),
            ),
            _will_not_attend("9(1)(b)"),
        ),
        equivalent=("8(1)(n)",),
    ),
    _g(
        "9(1)(c)",
        "dual registration ended",
        "Also registered elsewhere, not expected to attend here again, and every other school "
        "consented.",
        (
            _c("dual_registered", "also registered at one or more other schools", "9(1)(c)"),
            _will_not_attend("9(1)(c)(i)"),
            _c(
                "others_consented",
                "the proprietor of each other school consented to the deletion",
                "9(1)(c)(ii)",
            ),
            _no_sao("9(1)(c)(iii)"),
            _not_mobile("9(1)(c)(iv)"),
        ),
        equivalent=("8(1)(c)",),
    ),
    _g(
        "9(1)(d)",
        "school attendance order amended",
        "A school attendance order naming this school has been amended by the LA to name "
        "another school.",
        (
            _c(
                "sao_amended",
                "a school attendance order naming this school was amended by the relevant LA to "
                "name another school",
                "9(1)(d)",
            ),
        ),
        equivalent=("8(1)(a)",),
    ),
    _g(
        "9(1)(e)",
        "school attendance order revoked",
        "A school attendance order naming this school has been revoked because suitable "
        "education is arranged otherwise than at school.",
        (
            _c(
                "sao_revoked",
                "the order was revoked by the relevant LA because arrangements were made for "
                "suitable education otherwise than at school",
                "9(1)(e)",
            ),
        ),
        equivalent=("8(1)(a)",),
    ),
    _g(
        "9(1)(f)",
        "education otherwise than at school",
        "A parent told the school in writing that the pupil will stop attending after a given "
        "day to be educated otherwise than at school, and that day has passed.",
        (
            _c(
                "written_notice",
                "a parent told the proprietor in writing that the pupil will no longer attend "
                "after a certain day and will receive education otherwise than at school, and "
                "that day has passed",
                "9(1)(f)",
                temporal=True,
                params=WrittenNoticeGiven(named_day_passed=True),
            ),
            _no_sao("9(1)(f)"),
        ),
        equivalent=("8(1)(d)",),
        notes=('"Ceased to attend" is no longer a condition.',),
    ),
    _g(
        "9(1)(g)",
        "moved away",
        "A day pupil who no longer normally lives within a reasonable distance and is not "
        "expected to attend again.",
        (
            _c(
                "moved_away",
                "no longer normally lives a reasonable distance from the school",
                "9(1)(g), 9(5)(a)",
                JUDGMENT,
            ),
            _will_not_attend("9(1)(g)"),
            _c("not_boarder", "is not a boarder", "9(1)(g)"),
        ),
        equivalent=("8(1)(e)",),
    ),
    _g(
        "9(1)(h)",
        "did not return after leave of absence",
        "Given leave, not back within the ten school days after it ended, no reason to think "
        "illness or an unavoidable cause is why, and the school and the LA together could not "
        "find the pupil (or found the pupil and agree the pupil will not return).",
        (
            _c("leave_granted", "was given leave of absence", "9(1)(h), 3(7)"),
            _c(
                "no_attendance_after_leave",
                "has not attended within the ten school days immediately after the end of the "
                "period of leave",
                "9(1)(h)(i)",
                COUNT,
                temporal=True,
                params=DaysAfterLeave(school_days=10),
            ),
            _no_sickness("9(1)(h)(ii)"),
            _joint("9(1)(h)(iii)"),
        ),
        equivalent=("8(1)(f)",),
        joint=True,
    ),
    _g(
        "9(1)(i)",
        "twenty school days' continuous absence",
        "Absent for at least twenty school days in a row, with no Table 2 code and no Table 3 "
        "code other than G, N or O at any point, no reason to think illness or an unavoidable "
        "cause is why, and joint efforts by the school and the LA.",
        (
            _c(
                "continuous_absence",
                "continuously absent for at least twenty school days, and at no point in that "
                "period did a Table 2 circumstance or a Table 3 row other than the final three "
                "(G, N, O) apply",
                "9(1)(i)(i)",
                COUNT,
                temporal=True,
                params=ContinuousAbsence(school_days=20, rule=RunRule.CSA_2024),
            ),
            _no_sickness("9(1)(i)(ii)"),
            _joint("9(1)(i)(iii)"),
        ),
        equivalent=("8(1)(h)",),
        joint=True,
        notes=(
            "U is not a Table 3 row; cme_core treats a U session as breaking the run (the pupil "
            "came to school): our reading, unverified.",
        ),
    ),
    _g(
        "9(1)(j)",
        "sentence of detention",
        "Detained under a sentence of detention and not expected to attend after release. "
        "No minimum length; remand is not a sentence.",
        (
            _c(
                "sentence_of_detention",
                "detained under a sentence of detention (reg 3)",
                "9(1)(j), 3(1)",
            ),
            _will_not_attend(
                "9(1)(j)",
                "no reasonable grounds to believe the pupil will attend after ceasing to be "
                "detained",
            ),
        ),
        equivalent=("8(1)(i)",),
    ),
    _g(
        "9(1)(k)",
        "died",
        "The pupil has died.",
        (_c("died", "the pupil has died", "9(1)(k)"),),
        equivalent=("8(1)(j)",),
    ),
    _g(
        "9(1)(l)",
        "ceasing to be of compulsory school age",
        "Will be over compulsory school age by the next time the school meets, and is not "
        "expected to attend again or does not meet the sixth form's entry requirements.",
        (
            _c(
                "ceases_csa_before_school_next_meets",
                "will be over compulsory school age by the next time the school meets",
                "9(1)(l)",
                temporal=True,
            ),
            _c(
                "stop_or_sixth_form",
                "no reasonable grounds to believe the pupil will attend again, or the pupil does "
                "not meet the academic entry requirements for the school's sixth form",
                "9(1)(l)(i)-(ii)",
                JUDGMENT,
            ),
        ),
        equivalent=("8(1)(k)",),
    ),
    _g(
        "9(1)(m)",
        "unpaid boarding charges",
        "A boarder at a maintained school or Academy whose parent has not paid the boarding "
        "charges by the end of the term they relate to.",
        (
            _c(
                "boarder_at_maintained_or_academy",
                "a boarder at a school maintained by an LA or an Academy",
                "9(1)(m)",
            ),
            _c(
                "charges_unpaid",
                "board and lodging charges payable by a parent are unpaid at the end of the term "
                "to which they relate",
                "9(1)(m)",
            ),
        ),
        equivalent=("8(1)(o)",),
    ),
    _g(
        "9(1)(n)",
        "left a school that is not maintained or an Academy",
        "The pupil has stopped being a pupil of a school that is neither LA-maintained nor an "
        "Academy.",
        (
            _c("ceased_to_be_pupil", "has ceased to be a pupil of the school", "9(1)(n)"),
            _c(
                "school_not_maintained",
                "the school is neither maintained by an LA nor an Academy",
                "9(1)(n)",
            ),
        ),
        equivalent=("8(1)(l)",),
    ),
    _g(
        "9(1)(o)",
        "permanently excluded",
        "Permanently excluded, the exclusion having taken effect after the review stage.",
        (
            _c(
                "exclusion_took_effect",
                _EXCLUSION_TEXT,
                "9(1)(o), 9(5)(c)-(d)",
                COUNT,
                temporal=True,
            ),
        ),
        equivalent=("8(1)(m)",),
    ),
    # --- 9(3): pupils not of compulsory school age -----------------------------------------
    _g(
        "9(3)(a)",
        "not expected to attend again (day pupil, not of compulsory school age)",
        "A day pupil not of compulsory school age whom there is no reason to expect back.",
        (_c("not_boarder", "is not a boarder", "9(3)(a)"), _will_not_attend("9(3)(a)")),
        equivalent=("8(3)(a)",),
    ),
    _g(
        "9(3)(b)",
        "boarder who has ceased to be a pupil (not of compulsory school age)",
        "A boarder not of compulsory school age who has stopped being a pupil.",
        (
            _c("boarder", "is a boarder", "9(3)(b)"),
            _c("ceased_to_be_pupil", "has ceased to be a pupil of the school", "9(3)(b)"),
        ),
        equivalent=("8(3)(a)",),
    ),
    _g(
        "9(3)(c)",
        "twenty school days' absence (not of compulsory school age)",
        "Absent for at least twenty school days with no leave at any point, no reason to think "
        "illness is why, and the school's own efforts failed (or found the pupil and the school "
        "judges the pupil will not return).",
        (
            _c(
                "continuous_absence",
                "continuously absent for at least twenty school days, not absent with leave at "
                "any point",
                "9(3)(c)(i)",
                COUNT,
                temporal=True,
                params=ContinuousAbsence(school_days=20, rule=RunRule.NON_CSA_2024),
            ),
            _no_sickness("9(3)(c)(ii)"),
            _c(
                "enquiries_failed",
                "the proprietor made reasonable efforts to find out the pupil's location and "
                "circumstances and (aa) did not succeed, or (bb) succeeded and has no reasonable "
                "grounds to believe the pupil will attend again",
                "9(3)(c)(iii)",
                params=EnquiriesMade(joint=False, allow_located=True),
            ),
        ),
        equivalent=("8(3)(b)",),
    ),
    _g(
        "9(3)(d)",
        "died (not of compulsory school age)",
        "The pupil has died.",
        (_c("died", "the pupil has died", "9(3)(d)"),),
        equivalent=("8(3)(c)",),
    ),
    _g(
        "9(3)(e)",
        "permanently excluded (not of compulsory school age)",
        "Permanently excluded, the exclusion having taken effect.",
        (
            _c(
                "exclusion_took_effect",
                _EXCLUSION_TEXT,
                "9(3)(e), 9(5)(c)-(d)",
                COUNT,
                temporal=True,
            ),
        ),
        equivalent=("8(3)(e)",),
    ),
)
