"""The returns a school must make to its local authority, as data (both regimes).

Each :class:`ReturnRule` says what triggers a return, when it is due, what it must contain,
what exempts it, and where the rule comes from. The service :mod:`cme_core.returns` derives
concrete obligations from a school's registers by these rules.

Deadline wording, in the statute's words where it decides the day:

* 2006 reg 12(3) as made (to 31 Aug 2016): deletion return for grounds 8(1)(d), (e), (g), (i),
  (m) only, "as soon as the ground for deletion is met ... and in any event no later than"
  deleting the name. No new-pupil return.
* 2006 reg 12(3)-(8) as substituted by SI 2016/792 (1 Sep 2016 to 18 Aug 2024): new-pupil
  return "by the end of the fifth day after the day on which" the particulars are entered;
  deletion return on every reg 8 ground, from the day the ground is met and no later than the
  deletion. (SI 2016/792 read only from secondary copies: ``verified=False``.)
* 2024 reg 13: new-pupil return "by the end of the fifth day after the day" of entry;
  deletion return "when" the name is deleted; attendance return at agreed intervals; sickness
  return "as soon as possible".

"Day" here is a calendar day: the Regulations say "school day" wherever they mean one.
"""

from __future__ import annotations

import enum
from datetime import date

import attrs

from cme_core.law.model import InForce

__all__ = ["RETURN_RULES_2006", "RETURN_RULES_2024", "ReturnKind", "ReturnRule", "Timing"]


class ReturnKind(enum.Enum):
    NEW_PUPIL = "new_pupil"
    DELETION = "deletion"
    ATTENDANCE = "attendance"
    SICKNESS = "sickness"


class Timing(enum.Enum):
    """How a return's deadline is set."""

    DAYS_AFTER_ENTRY = "days_after_entry"
    """By the end of the n-th calendar day after the day of entry."""
    GROUND_MET_TO_DELETION = "ground_met_to_deletion"
    """From the day the ground is met, and no later than the deletion."""
    AT_DELETION = "at_deletion"
    """When the name is deleted."""
    AGREED_INTERVALS = "agreed_intervals"
    """At intervals agreed with the LA (or set by the Secretary of State)."""
    AS_SOON_AS_POSSIBLE = "as_soon_as_possible"


@attrs.frozen(kw_only=True)
class ReturnRule:
    """One return duty of one regime (in one wording)."""

    kind: ReturnKind
    regime: str
    citation: str
    in_force: InForce
    timing: Timing
    days: int | None = None
    trigger: str
    content: tuple[str, ...]
    """The particulars the return must carry (keys of the return records' fields)."""
    exemption: str | None = None
    la_request_citation: str | None = None
    grounds: tuple[str, ...] | None = None
    """For deletion returns limited to some grounds (2006 before Sep 2016)."""
    verified: bool = True

    def applies_on(self, day: date) -> bool:
        return day in self.in_force


_2006 = "SI 2006/1751"
_2024 = "SI 2024/208"
_START_2006 = date(2006, 9, 1)
_END_2006 = date(2024, 8, 18)
_2016 = date(2016, 9, 1)

RETURN_RULES_2006: tuple[ReturnRule, ...] = (
    ReturnRule(
        kind=ReturnKind.ATTENDANCE,
        regime="2006",
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
        regime="2006",
        citation=f"{_2006} reg 12(3) (as made)",
        in_force=InForce(start=_START_2006, end=date(2016, 8, 31)),
        timing=Timing.GROUND_MET_TO_DELETION,
        trigger="the name is to be deleted under 8(1)(d), (e), (g), (i) or (m)",
        content=("full_name", "parent_address", "ground"),
        grounds=("8(1)(d)", "8(1)(e)", "8(1)(g)", "8(1)(i)", "8(1)(m)"),
    ),
    ReturnRule(
        kind=ReturnKind.NEW_PUPIL,
        regime="2006",
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
        regime="2006",
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

RETURN_RULES_2024: tuple[ReturnRule, ...] = (
    ReturnRule(
        kind=ReturnKind.NEW_PUPIL,
        regime="2024",
        citation=f"{_2024} reg 13(1)-(3)",
        in_force=InForce(start=date(2024, 8, 19)),
        timing=Timing.DAYS_AFTER_ENTRY,
        days=5,
        trigger="the pupil's name is entered in the admission register",
        content=("all_particulars",),
        exemption="13(2): placed in the most junior class and the starting day is the first day "
        "of the school year",
        la_request_citation=f"{_2024} reg 13(3)",
    ),
    ReturnRule(
        kind=ReturnKind.DELETION,
        regime="2024",
        citation=f"{_2024} reg 13(4)-(6)",
        in_force=InForce(start=date(2024, 8, 19)),
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
    ),
    ReturnRule(
        kind=ReturnKind.ATTENDANCE,
        regime="2024",
        citation=f"{_2024} reg 13(7)-(8)",
        in_force=InForce(start=date(2024, 8, 19)),
        timing=Timing.AGREED_INTERVALS,
        trigger="since the last attendance return, a day pupil of compulsory school age failed "
        "to attend regularly, or was absent for at least ten continuous school days recorded "
        "exclusively with G, N, O or U",
        content=("full_name", "address"),
    ),
    ReturnRule(
        kind=ReturnKind.SICKNESS,
        regime="2024",
        citation=f"{_2024} reg 13(9)-(11)",
        in_force=InForce(start=date(2024, 8, 19)),
        timing=Timing.AS_SOON_AS_POSSIBLE,
        trigger="a pupil of compulsory school age recorded with code I, with reasonable grounds "
        "to believe at least 15 consecutive, or 15 in total in the school year, school days "
        "will be missed through sickness",
        content=("full_name", "address"),
        exemption="13(11): once per continuous period of absence per school year",
    ),
)
