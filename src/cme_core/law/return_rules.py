"""The returns a school must make to its local authority, as data (both regimes).

Each :class:`ReturnRule` says what triggers a return, when it is due, what it must contain,
what exempts it, and where the rule comes from; the rules themselves are in each regime's
package (``law/regs2006/_returns.py``, ``law/regs2024/_returns.py``). The service
:mod:`cme_core.returns` derives concrete obligations from a school's registers by these rules.

Deadline wording, in the statute's words where it decides the day:

* 2006 reg 12(3) as made (to 31 Aug 2016): deletion return for grounds 8(1)(d), (e), (g), (i),
  (m) only, "as soon as the ground for deletion is met ... and in any event no later than"
  deleting the name. No new-pupil return.
* 2006 reg 12(3)-(8) as substituted by SI 2016/792 (1 Sep 2016 to 18 Aug 2024): new-pupil
  return "by the end of the fifth day after the day on which" the particulars are entered;
  deletion return on every reg 8 ground, from the day the ground is met and no later than the
  deletion. 12(3)-(5) checked against SI 2016/792 reg 5 as made (legislation.gov.uk); the
  stored copy stops inside 12(8), so the deletion return keeps ``verified=False``.
* 2024 reg 13: new-pupil return "by the end of the fifth day after the day" of entry;
  deletion return "when" the name is deleted; attendance return at agreed intervals; sickness
  return "as soon as possible".

"Day" here is a calendar day: the Regulations say "school day" wherever they mean one.
"""

from __future__ import annotations

import enum
from datetime import date
from typing import Any

import attrs

from cme_core._fields import typed_fields
from cme_core.periods import InForce, RegimeId, as_regime_id

__all__ = ["ReturnKind", "ReturnRule", "Timing"]  # RETURN_RULES_*: see __getattr__


def __getattr__(name: str) -> Any:
    # The rules themselves are law data, in each regime's package; these names stay for 0.1.
    if name == "RETURN_RULES_2006":
        from cme_core.law.regs2006 import RETURN_RULES_2006

        return RETURN_RULES_2006
    if name == "RETURN_RULES_2024":
        from cme_core.law.regs2024 import RETURN_RULES_2024

        return RETURN_RULES_2024
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class ReturnKind(enum.Enum):
    """The four kinds of return a school makes to its LA."""

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


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class ReturnRule:
    """One return duty of one regime (in one wording)."""

    kind: ReturnKind
    regime: RegimeId = attrs.field(converter=as_regime_id)
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
    pupil_address: bool = False
    """The return carries the pupil's own address (2024 reg 13(4)(b); a 2024 new-pupil return
    carries every particular, the address among them)."""
    name_used_at_school: bool = False
    """The return carries the name the pupil uses at school (a 2024 particular)."""
    phone_for_each_parent: bool = False
    """An emergency telephone number for each parent the pupil lives with (2024); False: one
    number suffices (2006)."""
    parent_address_only: bool = False
    """Of the parents, the return names only an address (2006 reg 12(3) as made)."""
    la_request_before_entry: bool = False
    """An LA request for returns that would otherwise be exempt counts only if made before the
    day of entry (2024 reg 13(3)); False: on or before it (2006 reg 12(4))."""
    day_pupils_only: bool = False
    """The duty covers day pupils only: boarders are exempt (2024 reg 13(7))."""
    verified: bool = True

    def applies_on(self, day: date) -> bool:
        """True when this rule is in force on ``day``."""
        return day in self.in_force
