"""Deadlines: the last permitted day of a return, and the regime's rule for a return kind.

Private: import from :mod:`cme_core.returns`.
"""

from __future__ import annotations

import warnings
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any, overload
from zoneinfo import ZoneInfo

import attrs

from cme_core._checks import require_date as _require_date
from cme_core._fields import checked, typed_fields
from cme_core.errors import InvalidArgument, InvalidDate
from cme_core.law.regimes import regime_for
from cme_core.law.return_rules import ReturnKind, ReturnRule, Timing
from cme_core.registers import Entered

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


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
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
        """The deadline as JSON-ready data (the day and the instant as ISO 8601 text)."""
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


@checked
def new_pupil_return_due(entered_on: date | Entered) -> Deadline:
    """The new-pupil return deadline: the end of the fifth calendar day after the day the
    pupil's name was entered in the register (2006 reg 12(3) from 1 Sep 2016; 2024 reg 13(1)).

    ``entered_on`` is that day, or the :class:`~cme_core.registers.Entered` event itself (its
    ``entered_on``, or its starting day when that is not given). Not the starting day: a name
    entered on Friday for a pupil starting on Monday is due five days after the Friday.
    Raises :class:`InvalidDate` for an entry before 1 September 2016 (no new-pupil return
    existed).

    >>> new_pupil_return_due(date(2024, 10, 25)).last_day  # across the clock change
    datetime.date(2024, 10, 30)
    >>> from cme_core.people import Pupil
    >>> from cme_core.registers import Entered
    >>> event = Entered(starting_day=date(2025, 3, 31), entered_on=date(2025, 3, 28),
    ...                 pupil=Pupil(pupil_id="P1"))
    >>> new_pupil_return_due(event).last_day  # five days after the Friday it was entered
    datetime.date(2025, 4, 2)
    """
    if isinstance(entered_on, Entered):
        entered_on = entered_on.recorded
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


@checked
def deletion_return_due(deleted_on: date) -> Deadline:
    """The deletion return's deadline: the end of the day the name is deleted, under every
    rule (2006 reg 12(3) as made and 12(6) from 1 Sep 2016: "in any event no later than" the
    deletion; 2024 reg 13(4): "when the name ... is deleted").

    The same shape as :func:`new_pupil_return_due`. Before 1 Sep 2016 only the grounds 8(1)(d),
    (e), (g), (i) and (m) needed a return at all: :func:`obligations` knows the ground, this
    function does not. Raises :class:`InvalidDate` for a deletion before 1 September 2006 (no
    rule of cme_core's regimes applied).

    >>> due = deletion_return_due(date(2025, 5, 2))
    >>> due.last_day, due.ends_at.isoformat(), due.citation
    (datetime.date(2025, 5, 2), '2025-05-03T00:00:00+01:00', 'SI 2024/208 reg 13(4)-(6)')
    >>> deletion_return_due(date(2023, 5, 4)).rule
    'in any event no later than the deletion'
    """
    deleted_on = _require_date(deleted_on, "deleted_on")
    return _deletion_deadlines(deleted_on, None)[1]


def _deletion_rule(deleted_on: date) -> ReturnRule:
    rule = _rule(ReturnKind.DELETION, deleted_on)
    if rule is None:
        raise InvalidDate(
            f"no deletion return rule applied to a deletion on {deleted_on.isoformat()} "
            "(cme_core's rules begin on 2006-09-01)"
        )
    return rule


def _deletion_deadlines(deleted_on: date, ground_met_on: date | None) -> tuple[Deadline, Deadline]:
    """The two deadlines of a deletion return (arguments already checked)."""
    if ground_met_on is not None and deleted_on < ground_met_on:
        raise InvalidDate("the deletion is dated before the ground was met (retrospective)")
    rule = _deletion_rule(deleted_on)
    if rule.timing is Timing.AT_DELETION:
        at_deletion = Deadline(
            last_day=deleted_on, rule="when the name is deleted", citation=rule.citation
        )
        return at_deletion, at_deletion
    return (
        Deadline(
            last_day=ground_met_on,
            rule="as soon as the ground for deletion is met",
            citation=rule.citation,
        ),
        Deadline(
            last_day=deleted_on,
            rule="in any event no later than the deletion",
            citation=rule.citation,
        ),
    )


_WINDOW_DEPRECATED = (
    "deletion_return_window(ground_met_on, deleted_on) returning two dates is deprecated: "
    "call deletion_return_window(deleted_on, ground_met_on=...) for two Deadlines, "
    "or deletion_return_due(deleted_on)"
)


@overload
def deletion_return_window(
    deleted_on: date, /, *, ground_met_on: date | None = None
) -> tuple[Deadline, Deadline]: ...


@overload
def deletion_return_window(ground_met_on: date, deleted_on: date, /) -> tuple[date, date]: ...


@overload
def deletion_return_window(ground_met_on: date, /, *, deleted_on: date) -> tuple[date, date]: ...


@overload
def deletion_return_window(*, ground_met_on: date, deleted_on: date) -> tuple[date, date]: ...


@checked
def deletion_return_window(
    *args: date, ground_met_on: date | None = None, deleted_on: date | None = None
) -> tuple[Deadline, Deadline] | tuple[date, date]:
    """The two deadlines of a deletion return, for a name deleted on ``deleted_on``:
    ``(as_soon_as, no_later_than)``, each a :class:`Deadline`.

    Under the 2006 rules (reg 12(3) as made; 12(6) from 1 Sep 2016) the return is due "as soon
    as the ground for deletion is met" (the first deadline: its ``last_day`` is
    ``ground_met_on``, or ``None`` when that day is not given) "and in any event no later than"
    the deletion (the second: ``deleted_on``). Under the 2024 rules (reg 13(4)) the return is
    made when the name is deleted: both deadlines are the day of deletion, and
    ``ground_met_on`` is not needed (when given it is only checked).

    Raises :class:`InvalidDate` when the deletion is dated before the ground was met (that
    deletion is retrospective: see :func:`cme_core.law.check_deletion`) or before 1 September
    2006.

    >>> soon, latest = deletion_return_window(date(2023, 5, 4), ground_met_on=date(2023, 5, 2))
    >>> soon.last_day, soon.rule
    (datetime.date(2023, 5, 2), 'as soon as the ground for deletion is met')
    >>> latest.last_day, latest.citation
    (datetime.date(2023, 5, 4), 'SI 2006/1751 reg 12(6)-(8) (as substituted by SI 2016/792)')
    >>> soon, latest = deletion_return_window(date(2025, 5, 4))
    >>> soon == latest, latest.last_day, latest.rule
    (True, datetime.date(2025, 5, 4), 'when the name is deleted')

    Deprecated since 0.2.0 (to be removed in 0.3.0): the call with two dates,
    ``deletion_return_window(ground_met_on, deleted_on)`` (or with ``deleted_on=`` as a
    keyword), still returns the old ``(earliest, latest)`` pair of dates, with a
    :class:`DeprecationWarning`.
    """
    if len(args) == 2 or deleted_on is not None:
        return _old_window(args, ground_met_on, deleted_on)
    if len(args) != 1:
        raise InvalidArgument(
            "deletion_return_window takes the day of deletion as its one positional argument"
        )
    day = _require_date(args[0], "deleted_on")
    met = None if ground_met_on is None else _require_date(ground_met_on, "ground_met_on")
    return _deletion_deadlines(day, met)


def _old_window(
    args: tuple[date, ...], ground_met_on: date | None, deleted_on: date | None
) -> tuple[date, date]:
    """The deprecated call: two dates in, ``(earliest, latest)`` dates out."""
    given = [*args]
    if ground_met_on is not None:
        given.insert(0, ground_met_on)
    if deleted_on is not None:
        given.append(deleted_on)
    if len(given) != 2:
        raise InvalidArgument(
            "deletion_return_window takes the day of deletion (and ground_met_on= as a keyword)"
        )
    warnings.warn(_WINDOW_DEPRECATED, DeprecationWarning, stacklevel=3)
    met = _require_date(given[0], "ground_met_on")
    day = _require_date(given[1], "deleted_on")
    if day < met:
        raise InvalidDate("the deletion is dated before the ground was met (retrospective)")
    rule = _rule(ReturnKind.DELETION, day)
    if rule is not None and rule.timing is Timing.AT_DELETION:
        return day, day
    return met, day
