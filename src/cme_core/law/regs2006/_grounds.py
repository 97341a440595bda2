"""The Education (Pupil Registration) (England) Regulations 2006 (SI 2006/1751), reg 8, as
data, with their amendment history.

In force 1 September 2006 to 18 August 2024 (revoked by SI 2024/208 with no transitional
provision). Every version of a ground is kept, each with its period of force:

* SI 2011/1625 (1 Sep 2011): ground 8(1)(o), unpaid boarding charges.
* SI 2012/1033 Sch 2 para 4 (1 Sep 2012): 8(4)(d) exclusions take effect after the *review*
  stage; the 15-school-day window is SI 2012/1033 Sch 1 para 2 (25 school days for "relevant
  exclusions" of 1 Jun 2020 - 24 Mar 2021: set it on the facts).
* SI 2013/756 (1 Sep 2013): 8(1)(f) any leave under reg 7(1A) (before: holiday leave over ten
  school days under reg 7(3)); 8(1)(k) gains the sixth-form limb.
* SI 2016/792 (1 Sep 2016): 8(1)(f)(iii) and (h)(iii) "jointly making reasonable enquiries"
  (before: "both ... after reasonable enquiry"). The explanatory note on legislation.gov.uk
  (:data:`SI_2016_792_NOTE`) confirms that reg 4 makes the school's and the LA's enquiries
  *joint* in exactly these two places; the operative words of reg 4 as made were not found on
  legislation.gov.uk (only a secondary copy, cut inside the substituted words), so the 2016
  wording stays ``verified=False``.

Sources: ``docs/research/statute-notes.md`` §2-3 (SI 2006/1751 as revised to 1 Sep 2013, read
in full; SI 2011/1625, 2012/1033, 2013/756 read; SI 2016/792: reg 5 and the explanatory note as
made on legislation.gov.uk, regs 3-4 from a secondary copy). The legacy LA-form numbers are
(a)=1 ... (o)=15 (several LA forms; the numbering is not statutory).
"""

from __future__ import annotations

from datetime import date

from cme_core.law.params import (
    ContinuousAbsence,
    DaysAfterLeave,
    EnquiriesMade,
    FirstLimb,
    LeaveGranted,
    RunRule,
    SchoolNotMaintained,
    StopOrSixthForm,
)
from cme_core.law.records import AgeScope, Condition, ConditionKind, ConditionMaker, Ground
from cme_core.periods import (
    REGS_2006_END,
    REGS_2006_IN_FORCE,
    REGS_2006_START,
    SI_2011_1625,
    SI_2012_1033,
    SI_2013_756,
    SI_2016_792,
    InForce,
    RegimeId,
)

__all__ = ["GROUNDS_2006", "IN_FORCE_2006", "SI_2016_792_NOTE"]

SI_2016_792_NOTE = "https://www.legislation.gov.uk/uksi/2016/792/note/made"
"""The explanatory note to SI 2016/792 as made (legislation.gov.uk): reg 4 makes the enquiries
of 8(1)(f)(iii) and (h)(iii) joint."""
_JOINT_NOTE = (
    "SI 2016/792 reg 4 (joint enquiries): its effect is confirmed by the explanatory note "
    f"({SI_2016_792_NOTE}); its operative words as made were not read on legislation.gov.uk.",
)

SI = "SI 2006/1751"
START = REGS_2006_START
END = REGS_2006_END
IN_FORCE_2006 = REGS_2006_IN_FORCE
A2011 = SI_2011_1625.on
A2012 = SI_2012_1033.on
A2013 = SI_2013_756.on
A2016 = SI_2016_792.on

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
    start: date = START,
    end: date = END,
    equivalent: tuple[str, ...] = (),
    joint: bool = False,
    verified: bool = True,
    notes: tuple[str, ...] = (),
) -> Ground:
    csa = ref.startswith("8(1)")
    letter = ref[-2]
    return Ground(
        regime=RegimeId.REGS_2006,
        ref=ref,
        citation=f"{SI} reg {ref}",
        title=title,
        guide=guide,
        applies_to=CSA if csa else NON_CSA,
        conditions=conditions,
        requires_joint_enquiries=joint,
        equivalent=equivalent,
        legacy_number=(ord(letter) - ord("a") + 1) if csa else None,
        in_force=InForce(start=start, end=end),
        verified=verified,
        source="SI 2006/1751 as revised to 1 Sep 2013 (legislation.gov.uk); amending SIs",
        notes=notes,
    )


_NO_SICKNESS = _c(
    "no_sickness_belief",
    "no reasonable grounds to believe the pupil is unable to attend through sickness or "
    "unavoidable cause",
    "8(1)(h)(ii)",
    JUDGMENT,
)
_ENQ_BOTH = (
    "both the proprietor and the LA have failed, after reasonable enquiry, to find the pupil"
)
_ENQ_JOINT = (
    "the proprietor and the LA have failed, after jointly making reasonable enquiries, to find "
    "where the pupil is"
)


def _enquiries(cite: str, *, joint_wording: bool) -> Condition:
    return _c(
        "enquiries_failed",
        _ENQ_JOINT if joint_wording else _ENQ_BOTH,
        cite,
        FACT,
        verified=not joint_wording,
        params=EnquiriesMade(joint=True),
    )


def _leave(cite: str, *, pre_2013: bool) -> Condition:
    if pre_2013:
        return _c(
            "leave_granted",
            "granted leave of absence exceeding ten school days for a holiday under reg 7(3)",
            cite,
            params=LeaveGranted(holiday_over_ten_school_days=True),
        )
    return _c(
        "leave_granted",
        "granted leave of absence under reg 7(1A) (on or after 1 Sep 2013: leave granted under "
        "the old reg 7(3) does not count, there being no transitional provision)",
        cite,
        params=LeaveGranted(granted_from=A2013),
    )


def _f(start: date, end: date, *, pre_2013: bool, joint_wording: bool) -> Ground:
    notes = (
        "Reg 7 (leave) applies only to maintained and non-maintained special schools (reg 7(5)); "
        "its use by Academies and independent schools is doubtful on a literal reading.",
    )
    return _g(
        "8(1)(f)",
        "did not return after leave of absence",
        "The pupil was given leave, has not come back within the ten school days after it "
        "ended, there is no reason to think illness or an unavoidable cause is the reason, "
        "and the school and the LA together could not find the pupil.",
        (
            _leave("8(1)(f)(i)", pre_2013=pre_2013),
            _c(
                "no_attendance_after_leave",
                "failed to attend within the ten school days immediately following the expiry "
                "of the leave",
                "8(1)(f)(i)",
                COUNT,
                temporal=True,
                params=DaysAfterLeave(school_days=10),
            ),
            _c(
                "no_sickness_belief",
                _NO_SICKNESS.text,
                "8(1)(f)(ii)",
                JUDGMENT,
            ),
            _enquiries("8(1)(f)(iii)", joint_wording=joint_wording),
        ),
        start=start,
        end=end,
        equivalent=("9(1)(h)",),
        joint=True,
        verified=not joint_wording,
        notes=notes + (_JOINT_NOTE if joint_wording else ()),
    )


def _h(start: date, end: date, *, joint_wording: bool) -> Ground:
    return _g(
        "8(1)(h)",
        "twenty school days' continuous absence",
        "The pupil has been continuously absent for at least twenty school days, none of it "
        "authorised, there is no reason to think illness or an unavoidable cause is the reason, "
        "and the school and the LA together could not find the pupil.",
        (
            _c(
                "continuous_absence",
                "continuously absent for not less than twenty school days, at no time "
                "authorised under reg 6(2)",
                "8(1)(h)(i)",
                COUNT,
                temporal=True,
                params=ContinuousAbsence(school_days=20, rule=RunRule.CSA_2006),
            ),
            _NO_SICKNESS,
            _enquiries("8(1)(h)(iii)", joint_wording=joint_wording),
        ),
        start=start,
        end=end,
        equivalent=("9(1)(i)",),
        joint=True,
        verified=not joint_wording,
        notes=_JOINT_NOTE if joint_wording else (),
    )


def _k(start: date, end: date, *, sixth_form: bool) -> Ground:
    second = (
        _c(
            "stop_or_sixth_form",
            "the relevant person has indicated the pupil will cease to attend, or the pupil does "
            "not meet the academic entry requirements of the school's sixth form",
            "8(1)(k)",
            JUDGMENT,
            params=StopOrSixthForm(first=FirstLimb.INDICATED),
        )
        if sixth_form
        else _c(
            "stop_attending_indicated",
            "the relevant person has indicated the pupil will cease to attend",
            "8(1)(k)",
            JUDGMENT,
            verified=False,
        )
    )
    return _g(
        "8(1)(k)",
        "ceasing to be of compulsory school age",
        "The pupil will be over compulsory school age before the school next meets and will not "
        "be staying on.",
        (
            _c(
                "ceases_csa_before_school_next_meets",
                "will cease to be of compulsory school age before the school next meets",
                "8(1)(k)",
                temporal=True,
            ),
            second,
        ),
        start=start,
        end=end,
        equivalent=("9(1)(l)",),
        verified=sixth_form,
        notes=()
        if sixth_form
        else ("Pre-2013 wording not read in the statute: condition and limb unverified.",),
    )


_EXCLUSION = _c(
    "exclusion_took_effect",
    "permanently excluded, and the exclusion has taken effect (no review sought in time, "
    "written statement of no review, or review determined or abandoned)",
    "8(1)(m), 8(4)(d)-(e); SI 2012/1033 Sch 1 para 2",
    COUNT,
    temporal=True,
)

_NURSERY = _c(
    "nursery_completed",
    "admitted to a nursery class and, on completing nursery education, did not transfer to a "
    "reception or higher class here",
    "8(1)(n), 8(4)(c)",
)

GROUNDS_2006: tuple[Ground, ...] = (
    _g(
        "8(1)(a)",
        "school attendance order changed",
        "The pupil is here under a school attendance order, and the LA has named another school "
        "or revoked the order because the child is educated otherwise than at school.",
        (
            _c(
                "sao_registered_under", "registered here under a school attendance order", "8(1)(a)"
            ),
            _c(
                "sao_substituted_or_revoked",
                "the LA substituted another school, or revoked the order because suitable "
                "education is arranged otherwise than at school",
                "8(1)(a)",
            ),
        ),
        equivalent=("9(1)(d)", "9(1)(e)"),
    ),
    _g(
        "8(1)(b)",
        "registered at another school",
        "The pupil has been registered at another school (not a dual registration the school "
        "agreed to).",
        (
            _c("registered_elsewhere", "registered as a pupil at another school", "8(1)(b)"),
            _c("not_dual_agreed", "not where dual registration was agreed", "8(1)(b)", EXCL),
            _c("not_sao_ground", "not a case within 8(1)(a)", "8(1)(b)", EXCL),
            _c(
                "not_nfa_ordinary_school",
                "not the school of ordinary attendance of a no-fixed-abode pupil",
                "9",
                EXCL,
            ),
        ),
        equivalent=("9(1)(a)",),
    ),
    _g(
        "8(1)(c)",
        "dual registration ended",
        "The pupil is registered at more than one school, has stopped attending here, and the "
        "other school(s) consented.",
        (
            _c("dual_registered", "registered at more than one school", "8(1)(c)"),
            _c("not_died_or_excluded", "not a case within (j) or (m)", "8(1)(c)", EXCL),
            _c(
                "not_nfa_ordinary_school",
                "not the school of ordinary attendance of a no-fixed-abode pupil",
                "9",
                EXCL,
            ),
            _c("ceased_to_attend", "has ceased to attend this school", "8(1)(c)"),
            _c(
                "others_consented",
                "the proprietor of the other school(s) consented to the deletion",
                "8(1)(c)",
            ),
        ),
        equivalent=("9(1)(c)",),
    ),
    _g(
        "8(1)(d)",
        "education otherwise than at school",
        "The pupil has stopped attending and the parent has told the school in writing that "
        "the pupil is being educated otherwise than at school.",
        (
            _c("not_sao_ground", "not a case within 8(1)(a)", "8(1)(d)", EXCL),
            _c("ceased_to_attend", "has ceased to attend the school", "8(1)(d)"),
            _c(
                "written_notice",
                "the proprietor received written notification from the parent that the pupil "
                "is receiving education otherwise than at school",
                "8(1)(d)",
            ),
        ),
        equivalent=("9(1)(f)",),
    ),
    _g(
        "8(1)(e)",
        "moved away",
        "A day pupil who has stopped attending and no longer ordinarily lives within a "
        "reasonable distance of the school.",
        (
            _c("not_boarder", "is not a boarder", "8(1)(e)"),
            _c("ceased_to_attend", "has ceased to attend the school", "8(1)(e)"),
            _c(
                "moved_away",
                "no longer ordinarily resides at a place a reasonable distance from the school",
                "8(1)(e), 8(4)(a)",
                JUDGMENT,
            ),
        ),
        equivalent=("9(1)(g)",),
    ),
    _f(START, SI_2013_756.day_before, pre_2013=True, joint_wording=False),
    _f(A2013, SI_2016_792.day_before, pre_2013=False, joint_wording=False),
    _f(A2016, END, pre_2013=False, joint_wording=True),
    _g(
        "8(1)(g)",
        "medically unfit to attend",
        "The school medical officer certifies the pupil unlikely to be fit for school before "
        "leaving compulsory school age, and nobody has said the pupil will stay on.",
        (
            _c(
                "medical_certificate",
                "certified by the school medical officer as unlikely to be in a fit state of "
                "health to attend before ceasing to be of compulsory school age",
                "8(1)(g)",
            ),
            _c(
                "no_intention_to_continue",
                "neither the pupil nor the parent has indicated an intention to continue "
                "attending after ceasing to be of compulsory school age",
                "8(1)(g)",
            ),
        ),
        equivalent=(),
        notes=("No 2024 equivalent.",),
    ),
    _h(START, SI_2016_792.day_before, joint_wording=False),
    _h(A2016, END, joint_wording=True),
    _g(
        "8(1)(i)",
        "detained",
        "The pupil is detained under a final court order (or an order of recall) of at least "
        "four months and is not expected back at its end.",
        (
            _c(
                "detention_order_2006",
                "detained under a final order of a court or an order of recall, for a period of "
                "not less than four months",
                "8(1)(i)",
            ),
            _c(
                "will_not_attend_again",
                "no reasonable grounds to believe the pupil will return at the end of the period",
                "8(1)(i)",
                JUDGMENT,
            ),
        ),
        equivalent=("9(1)(j)",),
        notes=("Remand is not a final order (our reading).",),
    ),
    _g(
        "8(1)(j)",
        "died",
        "The pupil has died.",
        (_c("died", "the pupil has died", "8(1)(j)"),),
        equivalent=("9(1)(k)",),
    ),
    _k(START, SI_2013_756.day_before, sixth_form=False),
    _k(A2013, END, sixth_form=True),
    _g(
        "8(1)(l)",
        "left a school that is not maintained",
        "The school is not maintained, an Academy, a CTC or a CCTA, and the pupil has stopped "
        "being a pupil there.",
        (
            _c(
                "school_not_maintained",
                "the school is not a maintained school, an Academy, a city technology college or "
                "a city college for the technology of the arts",
                "8(1)(l)",
                params=SchoolNotMaintained(ctc_excluded=True),
            ),
            _c("ceased_to_be_pupil", "the pupil has ceased to be a pupil of the school", "8(1)(l)"),
        ),
        equivalent=("9(1)(n)",),
    ),
    _g(
        "8(1)(m)",
        "permanently excluded",
        "The pupil has been permanently excluded and the exclusion has taken effect after the "
        "appeal stage.",
        (_EXCLUSION,),
        end=SI_2012_1033.day_before,
        equivalent=("9(1)(o)",),
        verified=False,
        notes=(
            "Before 1 Sep 2012 (and for exclusions before then) 8(4)(d) turned on the appeal "
            "stage; that wording was not read: modelled like the review stage, unverified.",
        ),
    ),
    _g(
        "8(1)(m)",
        "permanently excluded",
        "The pupil has been permanently excluded and the exclusion has taken effect after the "
        "review stage.",
        (_EXCLUSION,),
        start=A2012,
        equivalent=("9(1)(o)",),
    ),
    _g(
        "8(1)(n)",
        "nursery leaver",
        "Admitted to the nursery class, finished nursery, and did not move up into reception here.",
        (_NURSERY,),
        equivalent=("9(1)(b)",),
    ),
    _g(
        "8(1)(o)",
        "unpaid boarding charges",
        "A boarder at a maintained school or Academy whose parent has not paid the boarding "
        "charges by the end of the term they relate to.",
        (
            _c(
                "boarder_at_maintained_or_academy",
                "a boarder at a maintained school or an Academy",
                "8(1)(o)",
            ),
            _c(
                "charges_unpaid",
                "charges for board and lodging payable by the parent remain unpaid at the end of "
                "the term to which they relate",
                "8(1)(o)",
            ),
        ),
        start=A2011,
        equivalent=("9(1)(m)",),
    ),
    # --- 8(3): pupils not of compulsory school age -----------------------------------------
    _g(
        "8(3)(a)",
        "ceased to attend (not of compulsory school age)",
        "A pupil not of compulsory school age has stopped attending (a boarder: stopped being a "
        "pupil).",
        (
            _c(
                "ceased_attending_or_boarder_left",
                "has ceased to attend (a boarder: has ceased to be a pupil of the school)",
                "8(3)(a)",
            ),
        ),
        equivalent=("9(3)(a)", "9(3)(b)"),
    ),
    _g(
        "8(3)(b)",
        "twenty school days' absence (not of compulsory school age)",
        "Absent for at least twenty school days with none of it agreed, no reason to think "
        "illness is the cause, and the school could not find the pupil.",
        (
            _c(
                "continuous_absence",
                "continuously absent for not less than twenty school days, at no time agreed by "
                "the proprietor",
                "8(3)(b)(i)",
                COUNT,
                temporal=True,
                params=ContinuousAbsence(school_days=20, rule=RunRule.NON_CSA_2006),
            ),
            _c("no_sickness_belief", _NO_SICKNESS.text, "8(3)(b)(ii)", JUDGMENT),
            _c(
                "enquiries_failed",
                "the proprietor has failed, after reasonable enquiry, to find the pupil",
                "8(3)(b)(iii)",
                params=EnquiriesMade(joint=False),
            ),
        ),
        equivalent=("9(3)(c)",),
    ),
    _g(
        "8(3)(c)",
        "died (not of compulsory school age)",
        "The pupil has died.",
        (_c("died", "the pupil has died", "8(3)(c)"),),
        equivalent=("9(3)(d)",),
    ),
    _g(
        "8(3)(d)",
        "nursery leaver (not of compulsory school age)",
        "Finished nursery and did not move up into reception here.",
        (_NURSERY,),
        equivalent=(),
    ),
    _g(
        "8(3)(e)",
        "permanently excluded (not of compulsory school age)",
        "Permanently excluded, the exclusion having taken effect.",
        (_EXCLUSION,),
        equivalent=("9(3)(e)",),
    ),
)
