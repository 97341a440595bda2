"""The two regimes and how to pick one: :func:`regime_for`.

A deletion, entry or return is judged under the regime in force on the day it happens:
SI 2006/1751 from 1 September 2006 to 18 August 2024, SI 2024/208 from 19 August 2024 (which
revoked the 2006 Regulations with no transitional provision).

>>> from datetime import date
>>> regime_for(date(2024, 8, 18)).id, regime_for(date(2024, 8, 19)).id
('2006', '2024')
>>> REGS_2006.ground("h", on=date(2015, 1, 5)).requires_joint_enquiries
True
>>> ground("9(1)(i)").equivalent
('8(1)(h)',)
"""

from __future__ import annotations

from datetime import date

from cme_core._checks import require_date
from cme_core.attendance_codes import CODES_2006, CODES_2024
from cme_core.errors import InvalidArgument, InvalidDate
from cme_core.law.model import Ground, Regime, UnknownGround
from cme_core.law.regs2006 import GROUNDS_2006, IN_FORCE_2006
from cme_core.law.regs2024 import GROUNDS_2024, IN_FORCE_2024
from cme_core.law.return_rules import RETURN_RULES_2006, RETURN_RULES_2024

__all__ = ["REGIMES", "REGS_2006", "REGS_2024", "ground", "regime_by_id", "regime_for"]

REGS_2006 = Regime(
    id="2006",
    title="The Education (Pupil Registration) (England) Regulations 2006",
    citation="SI 2006/1751",
    in_force=IN_FORCE_2006,
    all_grounds=GROUNDS_2006,
    attendance_codes=CODES_2006,
    deletion_paragraph="8(1)",
    non_csa_paragraph="8(3)",
    consent_rule_citation="SI 2006/1751 reg 8(2)",
    consent_rule_exempt=("8(1)(a)", "8(1)(j)", "8(1)(m)"),
    returns=RETURN_RULES_2006,
    notes=(
        "Amended by SI 2011/1625, SI 2012/1033, SI 2013/756 and SI 2016/792; revoked by "
        "SI 2024/208 from 19 August 2024.",
    ),
)

REGS_2024 = Regime(
    id="2024",
    title="The School Attendance (Pupil Registration) (England) Regulations 2024",
    citation="SI 2024/208",
    in_force=IN_FORCE_2024,
    all_grounds=GROUNDS_2024,
    attendance_codes=CODES_2024,
    deletion_paragraph="9(1)",
    non_csa_paragraph="9(3)",
    consent_rule_citation="SI 2024/208 reg 9(2)",
    consent_rule_exempt=("9(1)(d)", "9(1)(e)", "9(1)(k)", "9(1)(o)"),
    returns=RETURN_RULES_2024,
    notes=("No transitional provision: events from 19 August 2024 are judged under it.",),
)

REGIMES: tuple[Regime, ...] = (REGS_2006, REGS_2024)


def regime_for(on: date) -> Regime:
    """The regime in force on ``on``. Raises :class:`InvalidDate` before 1 September 2006."""
    on = require_date(on, "on")
    for regime in REGIMES:
        if on in regime.in_force:
            return regime
    raise InvalidDate(
        f"no pupil-registration regime modelled on {on.isoformat()} (from 2006-09-01)"
    )


def regime_by_id(regime_id: str) -> Regime:
    """``REGS_2006`` for "2006", ``REGS_2024`` for "2024"."""
    for regime in REGIMES:
        if regime.id == regime_id:
            return regime
    raise UnknownGround(f"no regime {regime_id!r}; one of '2006', '2024'")


def ground(ref: str, *, on: date | None = None) -> Ground:
    """A ground from either regime by its full reference ("8(1)(h)" is 2006, "9(1)(i)" 2024).

    A bare letter ("h") is read in the regime in force on ``on`` (required then).
    """
    if not isinstance(ref, str):
        raise InvalidArgument(f"a ground reference must be a str, not {type(ref).__name__}")
    text = ref.strip().lower().removeprefix("regulation").removeprefix("reg").strip()
    if text.startswith("8("):
        return REGS_2006.ground(text, on=on)
    if text.startswith("9("):
        return REGS_2024.ground(text, on=on)
    if on is None:
        raise UnknownGround("give a full ground reference like '9(1)(i)', or on=")
    return regime_for(on).ground(text, on=on)
