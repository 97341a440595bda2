"""The return duties of the 2024 Regulations (reg 13), as data. See
:mod:`cme_core.law.return_rules` for the record and the deadline wording."""

from __future__ import annotations

from cme_core.law.return_rules import ReturnKind, ReturnRule, Timing
from cme_core.periods import REGS_2024_IN_FORCE, RegimeId

__all__ = ["RETURN_RULES_2024"]

_2024 = "SI 2024/208"

RETURN_RULES_2024: tuple[ReturnRule, ...] = (
    ReturnRule(
        kind=ReturnKind.NEW_PUPIL,
        regime=RegimeId.REGS_2024,
        citation=f"{_2024} reg 13(1)-(3)",
        in_force=REGS_2024_IN_FORCE,
        timing=Timing.DAYS_AFTER_ENTRY,
        days=5,
        trigger="the pupil's name is entered in the admission register",
        content=("all_particulars",),
        exemption="13(2): placed in the most junior class and the starting day is the first day "
        "of the school year",
        la_request_citation=f"{_2024} reg 13(3)",
        la_request_before_entry=True,
        pupil_address=True,
        name_used_at_school=True,
        phone_for_each_parent=True,
    ),
    ReturnRule(
        kind=ReturnKind.DELETION,
        regime=RegimeId.REGS_2024,
        citation=f"{_2024} reg 13(4)-(6)",
        in_force=REGS_2024_IN_FORCE,
        timing=Timing.AT_DELETION,
        trigger="the pupil's name is deleted from the admission register",
        content=(
            "full_name",
            "address",
            "parents_lived_with",
            "emergency_phones",
            "future_address",
            "other_school",
            "ground",
        ),
        exemption="13(5): deleted at or after the end of the final term of the school year while "
        "in the most senior class",
        la_request_citation=f"{_2024} reg 13(6)",
        pupil_address=True,
        phone_for_each_parent=True,
    ),
    ReturnRule(
        kind=ReturnKind.ATTENDANCE,
        regime=RegimeId.REGS_2024,
        citation=f"{_2024} reg 13(7)-(8)",
        in_force=REGS_2024_IN_FORCE,
        timing=Timing.AGREED_INTERVALS,
        trigger="since the last attendance return, a day pupil of compulsory school age failed "
        "to attend regularly, or was absent for at least ten continuous school days recorded "
        "exclusively with G, N, O or U",
        content=("full_name", "address"),
        day_pupils_only=True,
    ),
    ReturnRule(
        kind=ReturnKind.SICKNESS,
        regime=RegimeId.REGS_2024,
        citation=f"{_2024} reg 13(9)-(11)",
        in_force=REGS_2024_IN_FORCE,
        timing=Timing.AS_SOON_AS_POSSIBLE,
        trigger="a pupil of compulsory school age recorded with code I, with reasonable grounds "
        "to believe at least 15 consecutive, or 15 in total in the school year, school days "
        "will be missed through sickness",
        content=("full_name", "address"),
        exemption="13(11): once per continuous period of absence per school year",
    ),
)
