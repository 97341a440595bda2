"""The return duties of the 2006 Regulations (reg 12, with SI 2016/792's substitution), as
data. See :mod:`cme_core.law.return_rules` for the record and the deadline wording."""

from __future__ import annotations

from cme_core.law.return_rules import ReturnKind, ReturnRule, Timing
from cme_core.periods import (
    REGS_2006_END,
    REGS_2006_START,
    SI_2016_792,
    InForce,
    RegimeId,
)

__all__ = ["RETURN_RULES_2006"]

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
        verified=False,
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
        verified=False,
    ),
)
