"""Deadlines: the last permitted day of a return, and the regime's rule for a return kind.

Private: import from :mod:`cme_core.returns`.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import attrs

from cme_core._checks import require_date as _require_date
from cme_core.errors import InvalidDate
from cme_core.law.regimes import regime_for
from cme_core.law.return_rules import ReturnKind, ReturnRule, Timing

_ONE_DAY = timedelta(days=1)

if TYPE_CHECKING:
    LONDON: ZoneInfo  # supplied on first access by the module __getattr__ below


@cache
def _london() -> ZoneInfo:
    """The Europe/London time zone, read from the tz database once, on first use.

    The core's only read of time-zone data (through :mod:`zoneinfo`: the ``tzdata`` package
    when it is installed, else the system's tz database). Nothing opens the zone file at
    import: the first :attr:`Deadline.ends_at` (or the first use of ``LONDON``) does.
    """
    return ZoneInfo("Europe/London")


def __getattr__(name: str) -> Any:
    """``LONDON``, the Europe/London zone, read on first access (PEP 562; see :func:`_london`).

    :mod:`cme_core.returns` re-exports this hook, so ``cme_core.returns.LONDON`` is loaded
    lazily too.
    """
    if name == "LONDON":
        return _london()
    raise AttributeError(f"module {__package__!r} has no attribute {name!r}")


@attrs.frozen(kw_only=True)
class Deadline:
    """The last permitted day of a return (``None``: no fixed day, e.g. "as soon as
    possible"), the rule in words, and its citation."""

    last_day: date | None
    rule: str
    citation: str

    @property
    def ends_at(self) -> datetime | None:
        """The Europe/London instant at the end of ``last_day`` (midnight starting the next
        day), correct across the clock changes."""
        if self.last_day is None:
            return None
        return datetime.combine(self.last_day + _ONE_DAY, time(0), tzinfo=_london())

    def to_dict(self) -> dict[str, Any]:
        ends = self.ends_at
        return {
            "last_day": self.last_day.isoformat() if self.last_day else None,
            "ends_at": ends.isoformat() if ends else None,
            "rule": self.rule,
            "citation": self.citation,
        }


def _rule(kind: ReturnKind, day: date) -> ReturnRule | None:
    try:
        regime = regime_for(day)
    except InvalidDate:
        return None
    for rule in regime.returns:
        if rule.kind is kind and rule.applies_on(day):
            return rule
    return None


def new_pupil_return_due(entered_on: date) -> Deadline:
    """The new-pupil return deadline: the end of the fifth calendar day after the day the
    particulars were entered (2006 reg 12(3) from 1 Sep 2016; 2024 reg 13(1)).

    Raises :class:`InvalidDate` for an entry before 1 September 2016 (no new-pupil return
    existed).

    >>> new_pupil_return_due(date(2024, 10, 25)).last_day  # across the clock change
    datetime.date(2024, 10, 30)
    """
    entered_on = _require_date(entered_on, "entered_on")
    rule = _rule(ReturnKind.NEW_PUPIL, entered_on)
    if rule is None or rule.days is None:
        raise InvalidDate(
            f"no new-pupil return was required for an entry on {entered_on.isoformat()} "
            "(the duty began on 2016-09-01)"
        )
    return Deadline(
        last_day=_plus_days(entered_on, rule.days),
        rule=f"by the end of the {rule.days}th day after the day of entry",
        citation=rule.citation,
    )


def _plus_days(day: date, days: int) -> date:
    """``day`` plus ``days``; the year 9999 is as far as dates go (a typed error beyond)."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        raise InvalidDate("the deadline would fall after the year 9999") from None


def deletion_return_window(ground_met_on: date, deleted_on: date) -> tuple[date, date]:
    """The window for a deletion return under the 2006 rules: from the day the ground is met
    to the day of deletion (2006 reg 12(3) as made; 12(6) from 1 Sep 2016). Under the 2024
    rules (reg 13(4)) the return is made when the name is deleted: (deleted_on, deleted_on).

    Raises :class:`InvalidDate` when the deletion is dated before the ground was met (that
    deletion is retrospective: see :func:`cme_core.law.check_deletion`).

    >>> deletion_return_window(date(2023, 5, 2), date(2023, 5, 4))
    (datetime.date(2023, 5, 2), datetime.date(2023, 5, 4))
    >>> deletion_return_window(date(2025, 5, 2), date(2025, 5, 4))
    (datetime.date(2025, 5, 4), datetime.date(2025, 5, 4))
    """
    ground_met_on = _require_date(ground_met_on, "ground_met_on")
    deleted_on = _require_date(deleted_on, "deleted_on")
    if deleted_on < ground_met_on:
        raise InvalidDate("the deletion is dated before the ground was met (retrospective)")
    rule = _rule(ReturnKind.DELETION, deleted_on)
    if rule is not None and rule.timing is Timing.AT_DELETION:
        return deleted_on, deleted_on
    return ground_met_on, deleted_on
