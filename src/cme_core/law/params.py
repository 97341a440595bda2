"""Typed parameters of the conditions that need them.

A :class:`~cme_core.law.records.Condition` names its evaluator by ``key``; where one evaluator
serves several wordings (twenty school days under a 2006 or a 2024 test, enquiries made jointly
or by the school alone), the difference is a typed parameter record here, set in the law data
and read by the evaluator. Defaults live in these classes and nowhere else; a date is a
``date``, a rule is an enum.

>>> ContinuousAbsence(rule=RunRule.CSA_2024).school_days
20
>>> LeaveGranted(granted_from=date(2013, 9, 1)).to_dict()
{'holiday_over_ten_school_days': False, 'granted_from': '2013-09-01'}
"""

from __future__ import annotations

import enum
from datetime import date
from typing import Any

import attrs

from cme_core._checks import require_date, require_int
from cme_core._fields import typed_fields
from cme_core.errors import InvalidArgument
from cme_core.law.counting import RunRule

__all__ = [
    "ConditionParams",
    "ContinuousAbsence",
    "DaysAfterLeave",
    "EnquiriesMade",
    "FirstLimb",
    "LeaveGranted",
    "NurseryCompleted",
    "RunRule",
    "SchoolNotMaintained",
    "StopOrSixthForm",
    "WrittenNoticeGiven",
]


def _count(value: object) -> int:
    n = require_int(value, "school_days")
    if n < 1:
        raise InvalidArgument("school_days must be at least 1")
    return n


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise InvalidArgument(f"a condition flag must be a bool, not {type(value).__name__}")
    return value


def _optional_day(value: object) -> date | None:
    return None if value is None else require_date(value, "granted_from")


def _jsonable(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class ConditionParams:
    """Base of every condition's parameter record."""

    def to_dict(self) -> dict[str, Any]:
        """JSON-compatible (dates as ISO text, enums as their values), for the snapshot."""
        return {k: _jsonable(v) for k, v in attrs.asdict(self, recurse=False).items()}


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class ContinuousAbsence(ConditionParams):
    """A run of continuous absence: how long, and which statutory test a mark must pass."""

    school_days: int = attrs.field(default=20, converter=_count)
    rule: RunRule = attrs.field(validator=attrs.validators.instance_of(RunRule))


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class DaysAfterLeave(ConditionParams):
    """No attendance in the school days after a leave of absence expired."""

    school_days: int = attrs.field(default=10, converter=_count)


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class LeaveGranted(ConditionParams):
    """Which leave counts: holiday leave over ten school days (2006 reg 7(3), before SI
    2013/756) and/or leave granted on or after a day (reg 7(1A) from 1 Sep 2013)."""

    holiday_over_ten_school_days: bool = attrs.field(default=False, converter=_flag)
    granted_from: date | None = attrs.field(default=None, converter=_optional_day)


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class EnquiriesMade(ConditionParams):
    """Reasonable enquiries: made jointly with the LA or by the school alone, and whether a
    pupil located (but agreed not to attend again) satisfies the ground (2024 reg 9(1)(h)-(i))."""

    joint: bool = attrs.field(default=True, converter=_flag)
    allow_located: bool = attrs.field(default=False, converter=_flag)


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class WrittenNoticeGiven(ConditionParams):
    """A parent's written notice; with ``named_day_passed`` the day the notice names as the last
    day of attendance must also have passed (2024 reg 9(1)(f))."""

    named_day_passed: bool = attrs.field(default=False, converter=_flag)


class FirstLimb(enum.Enum):
    """The first limb of the sixth-form ground (2006 8(1)(k) after SI 2013/756; 2024 9(1)(l))."""

    INDICATED = "indicated"
    """The relevant person indicated the pupil will cease to attend (2006)."""
    WILL_NOT_ATTEND_AGAIN = "will_not_attend_again"
    """No reasonable grounds to believe the pupil will attend again (2024)."""


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class StopOrSixthForm(ConditionParams):
    """Either limb: will stop attending, or does not meet the sixth form's entry requirements."""

    first: FirstLimb = attrs.field(
        default=FirstLimb.WILL_NOT_ATTEND_AGAIN, validator=attrs.validators.instance_of(FirstLimb)
    )


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class SchoolNotMaintained(ConditionParams):
    """With ``ctc_excluded`` the list of excluded kinds also holds city technology colleges and
    every kind of Academy (2006 8(1)(l))."""

    ctc_excluded: bool = attrs.field(default=False, converter=_flag)


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class NurseryCompleted(ConditionParams):
    """With ``would_move_up`` a transfer to reception here does not defeat the ground (2024
    9(1)(b): the condition is about the class the pupil would move up to)."""

    would_move_up: bool = attrs.field(default=False, converter=_flag)
