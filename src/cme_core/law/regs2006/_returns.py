"""The return duties of the 2006 Regulations (reg 12, with SI 2016/792's substitution), as
data. See :mod:`cme_core.law.return_rules` for the record and the deadline wording.

SI 2016/792 reg 5 as made (:data:`SI_2016_792_REG_5`, legislation.gov.uk) was read for the new
reg 12(3)-(8): it confirms 12(3) (a return "by the end of the fifth day after the day on which"
the particulars are entered), 12(4) (not for pupils entered at the start of the first year of
education normally provided, unless the LA requests), 12(5) (all the particulars), 12(6) (a
deletion return for every reg 8 ground, as soon as it is met and no later than the deletion)
and 12(7)(a)-(f) (the content, 5(1)(ca) and 5(1)(g) particulars included), so the new-pupil
rule is ``verified``. The copy read stops inside 12(8) ("... has completed the"): the
final-year exemption and its LA-request exception are known only from the explanatory note
(:data:`SI_2016_792_NOTE`, itself cut at "unless the local authorit..."), so the deletion rule
stays ``verified=False``.
"""

from __future__ import annotations

from cme_core.law.regs2006._grounds import SI_2016_792_NOTE
from cme_core.law.return_rules import ReturnKind, ReturnRule, Timing
from cme_core.periods import (
    REGS_2006_END,
    REGS_2006_START,
    SI_2016_792,
    InForce,
    RegimeId,
)

__all__ = ["RETURN_RULES_2006", "SI_2016_792_NOTE", "SI_2016_792_REG_5"]

SI_2016_792_REG_5 = "https://www.legislation.gov.uk/uksi/2016/792/regulation/5/made"
"""SI 2016/792 reg 5 as made (the new reg 12(3)-(8)), on legislation.gov.uk."""


_2006 = "SI 2006/1751"
_START_2006 = REGS_2006_START
_END_2006 = REGS_2006_END
_2016 = SI_2016_792.on

RETURN_RULES_2006: tuple[ReturnRule, ...] = (
    ReturnRule(
        kind=ReturnKind.ATTENDANCE,
        regime=RegimeId.REGS_2006,
        citation=f"{_2006} reg 12(1)-(2)",
        in_force=InForce(start=_START_2006, end=_END_2006),
        timing=Timing.AGREED_INTERVALS,
        trigger="a pupil of compulsory school age who fails to attend regularly, or has been "
        "absent without authorisation for a continuous period of not less than ten school days",
        content=("full_name", "address", "cause"),
        exemption="absence at another school where registered, or at an approved educational "
        "activity, does not count",
    ),
    ReturnRule(
        kind=ReturnKind.DELETION,
        regime=RegimeId.REGS_2006,
        citation=f"{_2006} reg 12(3) (as made)",
        in_force=InForce(start=_START_2006, end=SI_2016_792.day_before),
        timing=Timing.GROUND_MET_TO_DELETION,
        trigger="the name is to be deleted under 8(1)(d), (e), (g), (i) or (m)",
        content=("full_name", "parent_address", "ground"),
        parent_address_only=True,
        grounds=("8(1)(d)", "8(1)(e)", "8(1)(g)", "8(1)(i)", "8(1)(m)"),
    ),
    ReturnRule(
        kind=ReturnKind.NEW_PUPIL,
        regime=RegimeId.REGS_2006,
        citation=f"{_2006} reg 12(3)-(5) (as substituted by SI 2016/792)",
        in_force=InForce(start=_2016, end=_END_2006),
        timing=Timing.DAYS_AFTER_ENTRY,
        days=5,
        trigger="the pupil's particulars are entered in the admission register",
        content=("all_particulars",),
        exemption="12(4): entered at the start of the first year of education normally provided "
        "by the school",
        la_request_citation=f"{_2006} reg 12(4)",
        verified=True,  # SI 2016/792 reg 5 as made: 12(3)-(5) read in full
    ),
    ReturnRule(
        kind=ReturnKind.DELETION,
        regime=RegimeId.REGS_2006,
        citation=f"{_2006} reg 12(6)-(8) (as substituted by SI 2016/792)",
        in_force=InForce(start=_2016, end=_END_2006),
        timing=Timing.GROUND_MET_TO_DELETION,
        trigger="a ground for deletion under reg 8 is met",
        content=(
            "full_name",
            "parents_lived_with",
            "emergency_phone",
            "future_address",
            "other_school",
            "ground",
        ),
        exemption="12(8): the pupil has completed the final year of education normally provided "
        "by the school",
        la_request_citation=f"{_2006} reg 12(8)",
        verified=False,  # 12(6)-(7) read; 12(8) cut in the text read (see the module notes)
    ),
)
