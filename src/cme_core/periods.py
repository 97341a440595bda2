"""Time and regimes: the one home of regime ids, periods of force and commencement dates.

Every module that needs to know *when* a rule applies reads it from here (or from the law data
built on it), never from a date literal: the code sets, the registers, the law catalogues and
the return rules alike. When a new instrument commences, its date is added here once, as a
:class:`Commencement`, and the law data that it changes names it.

>>> regime_id_on(date(2024, 8, 18)), regime_id_on(date(2024, 8, 19))
(<RegimeId.REGS_2006: '2006'>, <RegimeId.REGS_2024: '2024'>)
>>> RegimeId.REGS_2024 == "2024"  # a str enum: the wire keeps its plain ids
True
>>> date(2024, 8, 19) in REGS_2024_IN_FORCE, date(2024, 8, 19) in REGS_2006_IN_FORCE
(True, False)
>>> SI_2016_792.on
datetime.date(2016, 9, 1)
"""

from __future__ import annotations

import enum
from datetime import date, timedelta
from typing import Any

import attrs

from cme_core.errors import InvalidArgument, InvalidDate

__all__ = [
    "COMMENCEMENTS",
    "REGS_2006_END",
    "REGS_2006_IN_FORCE",
    "REGS_2006_START",
    "REGS_2024_IN_FORCE",
    "REGS_2024_START",
    "SI_2006_1751",
    "SI_2011_1625",
    "SI_2012_1033",
    "SI_2013_756",
    "SI_2016_792",
    "SI_2024_208",
    "Commencement",
    "InForce",
    "RegimeId",
    "as_regime_id",
    "regime_id_on",
]


class RegimeId(enum.StrEnum):
    """The id of a pupil-registration regime. A ``str`` enum, so ``RegimeId.REGS_2024 ==
    "2024"`` and the wire format keeps its plain ids."""

    REGS_2006 = "2006"
    """The Education (Pupil Registration) (England) Regulations 2006 (SI 2006/1751)."""
    REGS_2024 = "2024"
    """The School Attendance (Pupil Registration) (England) Regulations 2024 (SI 2024/208)."""


def as_regime_id(value: object) -> RegimeId:
    """``value`` as a :class:`RegimeId` (the enum or its text); :class:`InvalidArgument`
    otherwise (the value is not echoed).

    >>> as_regime_id("2024")
    <RegimeId.REGS_2024: '2024'>
    """
    if isinstance(value, RegimeId):
        return value
    if isinstance(value, str):
        for regime_id in RegimeId:
            if regime_id.value == value:
                return regime_id
    raise InvalidArgument("a regime id is one of " + ", ".join(repr(r.value) for r in RegimeId))


def _check_end(
    instance: InForce, attribute: attrs.Attribute[date | None], end: date | None
) -> None:
    if end is not None and end < instance.start:
        raise InvalidArgument("a period of force cannot end before it starts")


def _date(value: object) -> date:
    if type(value) is not date:
        raise InvalidArgument(f"a period of force is bounded by dates, not {type(value).__name__}")
    return value


def _optional_date(value: object) -> date | None:
    return None if value is None else _date(value)


# This module sits below cme_core._fields (see .importlinter), so its record checks its own
# field types: the same messages as cme_core._fields.typed_fields gives.


def _text(_: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str):
        raise InvalidArgument(f"{attribute.name} must be a string, got {type(value).__name__}")


def _day(_: object, attribute: attrs.Attribute[date], value: object) -> None:
    if type(value) is not date:
        raise InvalidArgument(
            f"{attribute.name} must be a datetime.date (not a datetime), got {type(value).__name__}"
        )


def _flag(_: object, attribute: attrs.Attribute[bool], value: object) -> None:
    if type(value) is not bool:
        raise InvalidArgument(
            f"{attribute.name} must be a bool (True or False), got {type(value).__name__}"
        )


@attrs.frozen(kw_only=True)
class InForce:
    """A period of force: ``start`` to ``end`` inclusive (``end`` None: still in force).

    >>> span = InForce(start=date(2016, 9, 1), end=date(2024, 8, 18))
    >>> date(2016, 8, 31) in span, date(2016, 9, 1) in span, date(2024, 8, 19) in span
    (False, True, False)
    """

    start: date = attrs.field(converter=_date)
    end: date | None = attrs.field(default=None, converter=_optional_date, validator=_check_end)

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, date):
            return False
        return self.start <= day and (self.end is None or day <= self.end)

    def until(self, last_day: date) -> InForce:
        """The same start, ending on ``last_day`` (for a wording that a later one replaced)."""
        return InForce(start=self.start, end=last_day)

    def to_dict(self) -> dict[str, Any]:
        """``{"start": "YYYY-MM-DD", "end": "YYYY-MM-DD" or None}``."""
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat() if self.end else None,
        }


@attrs.frozen(kw_only=True)
class Commencement:
    """The day an instrument (or the part of it the law data uses) came into force."""

    instrument: str = attrs.field(validator=_text)
    """The citation: ``"SI 2016/792"``."""
    on: date = attrs.field(validator=_day)
    title: str = attrs.field(validator=_text)
    changes: str = attrs.field(validator=_text)
    """What it changed, in a few words (the law data says exactly how)."""
    verified: bool = attrs.field(default=True, validator=_flag)
    """False where the commencement date rests on secondary sources."""

    @property
    def day_before(self) -> date:
        """The last day of the wording it replaced."""
        return self.on - timedelta(days=1)


SI_2006_1751 = Commencement(
    instrument="SI 2006/1751",
    on=date(2006, 9, 1),
    title="The Education (Pupil Registration) (England) Regulations 2006",
    changes="the 2006 regime: reg 8 grounds, reg 12 returns (reg 1(1))",
)
SI_2011_1625 = Commencement(
    instrument="SI 2011/1625",
    on=date(2011, 9, 1),
    title="The Education (Pupil Registration) (England) (Amendment) Regulations 2011",
    changes="ground 8(1)(o), boarding charges unpaid",
)
SI_2012_1033 = Commencement(
    instrument="SI 2012/1033",
    on=date(2012, 9, 1),
    title="The School Discipline (Pupil Exclusions and Reviews) (England) Regulations 2012",
    changes="8(4)(d): a permanent exclusion takes effect after the review stage",
)
SI_2013_756 = Commencement(
    instrument="SI 2013/756",
    on=date(2013, 9, 1),
    title="The Education (Pupil Registration) (England) (Amendment) Regulations 2013",
    changes="8(1)(f) leave under reg 7(1A); 8(1)(k) sixth-form limb",
)
SI_2016_792 = Commencement(
    instrument="SI 2016/792",
    on=date(2016, 9, 1),
    title="The Education (Pupil Registration) (England) (Amendment) Regulations 2016",
    changes="joint enquiries in 8(1)(f)(iii) and (h)(iii); reg 12(3)-(8) new-pupil and "
    "deletion returns",
)
SI_2024_208 = Commencement(
    instrument="SI 2024/208",
    on=date(2024, 8, 19),
    title="The School Attendance (Pupil Registration) (England) Regulations 2024",
    changes="the 2024 regime; revokes SI 2006/1751 with no transitional provision",
)

COMMENCEMENTS: tuple[Commencement, ...] = (
    SI_2006_1751,
    SI_2011_1625,
    SI_2012_1033,
    SI_2013_756,
    SI_2016_792,
    SI_2024_208,
)
"""Every commencement the law data uses, oldest first."""

REGS_2006_START = SI_2006_1751.on
REGS_2006_END = SI_2024_208.day_before
REGS_2024_START = SI_2024_208.on
REGS_2006_IN_FORCE = InForce(start=REGS_2006_START, end=REGS_2006_END)
REGS_2024_IN_FORCE = InForce(start=REGS_2024_START)

_REGIME_PERIODS: tuple[tuple[RegimeId, InForce], ...] = (
    (RegimeId.REGS_2006, REGS_2006_IN_FORCE),
    (RegimeId.REGS_2024, REGS_2024_IN_FORCE),
)


def regime_id_on(day: date) -> RegimeId:
    """The id of the regime in force on ``day``; :class:`InvalidDate` before 1 September 2006.

    For the layers below the law (code sets, registers) that need the id without the catalogue:
    the law layer's :func:`cme_core.law.regime_for` gives the whole :class:`Regime`.
    """
    if type(day) is not date:
        raise InvalidArgument(f"day must be a datetime.date, not {type(day).__name__}")
    for regime_id, span in _REGIME_PERIODS:
        if day in span:
            return regime_id
    raise InvalidDate(
        f"no pupil-registration regime modelled on {day.isoformat()} "
        f"(from {REGS_2006_START.isoformat()})"
    )
