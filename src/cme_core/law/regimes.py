"""The regimes and how to pick one: :func:`regime_for`.

A deletion, entry or return is judged under the regime in force on the day it happens:
SI 2006/1751 from 1 September 2006 to 18 August 2024, SI 2024/208 from 19 August 2024 (which
revoked the 2006 Regulations with no transitional provision). The catalogues themselves are
built in ``law/regs2006`` and ``law/regs2024``; the dates are :mod:`cme_core.periods`.

>>> from datetime import date
>>> regime_for(date(2024, 8, 18)).id, regime_for(date(2024, 8, 19)).id
(<RegimeId.REGS_2006: '2006'>, <RegimeId.REGS_2024: '2024'>)
>>> REGS_2006.ground("h", on=date(2015, 1, 5)).requires_joint_enquiries
True
>>> ground("9(1)(i)").equivalent
('8(1)(h)',)
"""

from __future__ import annotations

from datetime import date

from cme_core._checks import require_date
from cme_core._fields import checked
from cme_core.law.records import Ground, Regime, UnknownGround, parse_ground_ref
from cme_core.law.regs2006 import REGS_2006
from cme_core.law.regs2024 import REGS_2024
from cme_core.periods import RegimeId, regime_id_on

__all__ = ["REGIMES", "REGS_2006", "REGS_2024", "ground", "regime_by_id", "regime_for"]

REGIMES: tuple[Regime, ...] = (REGS_2006, REGS_2024)
"""Every regime modelled, oldest first."""


@checked
def regime_for(on: date) -> Regime:
    """The regime in force on ``on``. Raises :class:`InvalidDate` before 1 September 2006."""
    return regime_by_id(regime_id_on(require_date(on, "on")))


@checked
def regime_by_id(regime_id: RegimeId | str) -> Regime:
    """``REGS_2006`` for "2006", ``REGS_2024`` for "2024" (a :class:`RegimeId` or its value)."""
    for regime in REGIMES:
        if regime.id == regime_id:
            return regime
    raise UnknownGround("no such regime; one of " + ", ".join(repr(r.id.value) for r in REGIMES))


def _regime_of_regulation(regulation: str) -> Regime | None:
    for regime in REGIMES:
        if regulation in (
            regime.deletion_paragraph.split("(", 1)[0],
            regime.non_csa_paragraph.split("(", 1)[0],
        ):
            return regime
    return None


@checked
def ground(ref: str, *, on: date | None = None) -> Ground:
    """A ground from either regime by its full reference ("8(1)(h)" is 2006, "9(1)(i)" 2024).

    A bare letter ("h") is read in the regime in force on ``on`` (required then).
    """
    parsed = parse_ground_ref(ref)
    if on is not None:
        on = require_date(on, "on")
    if parsed.regulation is not None:
        regime = _regime_of_regulation(parsed.regulation)
        if regime is None:
            raise UnknownGround("no regime has grounds in that regulation")
        return regime.ground(parsed.full(regime.deletion_paragraph), on=on)
    if on is None:
        raise UnknownGround("give a full ground reference like '9(1)(i)', or on=")
    regime = regime_for(on)
    return regime.ground(parsed.full(regime.deletion_paragraph), on=on)
