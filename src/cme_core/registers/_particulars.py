"""The particulars the admission register must hold, per regime.

Private: import from :mod:`cme_core.registers`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import attrs

from cme_core._fields import checked, freeze_mapping, typed_fields
from cme_core.errors import InvalidInput
from cme_core.periods import RegimeId
from cme_core.registers._admission import EntryState

# --- particulars per regime ----------------------------------------------------------------


def _always(_s: EntryState) -> bool:
    return True


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Particular:
    """One particular the admission register must hold, under one regime."""

    key: str
    title: str
    citation: str
    regime: str
    present: Callable[[EntryState], bool] = attrs.field(eq=False, repr=False)
    applies: Callable[[EntryState], bool] = attrs.field(default=_always, eq=False, repr=False)


def _has(value: object) -> bool:
    return value is not None and (not isinstance(value, str) or bool(value.strip()))


def _parents_named(s: EntryState) -> bool:
    return bool(s.pupil.parents) and all(_has(p.full_name) for p in s.pupil.parents)


def _parents_addressed(s: EntryState) -> bool:
    return bool(s.pupil.parents) and all(p.address is not None for p in s.pupil.parents)


def _full_name(s: EntryState) -> bool:
    return _has(s.pupil.full_name)


def _name_used(s: EntryState) -> bool:
    return _has(s.pupil.name_used_at_school)


def _sex(s: EntryState) -> bool:
    return s.pupil.sex is not None


def _address(s: EntryState) -> bool:
    return s.pupil.address is not None


def _date_of_birth(s: EntryState) -> bool:
    return s.pupil.date_of_birth is not None


def _parents(s: EntryState) -> bool:
    return _parents_named(s) and _parents_addressed(s)


def _lives_with_and_phones(s: EntryState) -> bool:
    lived_with = s.pupil.parents_lived_with
    return bool(lived_with) and all(p.emergency_phones for p in lived_with)


def _last_school_given(s: EntryState) -> bool:
    """The last school is a particular "if any": not needed when the school records that there
    was none, or for a pupil entering nursery or reception (year group 0 or below)."""
    entered = s.entered
    if entered.last_school is not None or entered.no_previous_school:
        return True
    return s.year_group is not None and s.year_group <= 0


def _lives_with_marked_and_one_phone(s: EntryState) -> bool:
    lived_with = s.pupil.parents_lived_with
    return bool(lived_with) and any(p.emergency_phones for p in lived_with)


PARTICULARS_2006: tuple[Particular, ...] = (
    Particular(
        key="full_name",
        title="Full name",
        citation="SI 2006/1751 reg 5(1)(a)",
        regime=RegimeId.REGS_2006,
        present=_full_name,
    ),
    Particular(
        key="sex",
        title="Sex",
        citation="SI 2006/1751 reg 5(1)(b)",
        regime=RegimeId.REGS_2006,
        present=_sex,
    ),
    Particular(
        key="parents",
        title="Name and address of every known parent",
        citation="SI 2006/1751 reg 5(1)(c)",
        regime=RegimeId.REGS_2006,
        present=_parents,
    ),
    Particular(
        key="lives_with_and_phone",
        title="Parents the pupil normally lives with marked; an emergency phone number",
        citation="SI 2006/1751 reg 5(1)(c)",
        regime=RegimeId.REGS_2006,
        present=_lives_with_marked_and_one_phone,
    ),
    Particular(
        key="date_of_birth",
        title="Date of birth",
        citation="SI 2006/1751 reg 5(1)(d)",
        regime=RegimeId.REGS_2006,
        present=_date_of_birth,
    ),
    Particular(
        key="date_of_admission",
        title="Date of admission or re-admission",
        citation="SI 2006/1751 reg 5(1)(e)",
        regime=RegimeId.REGS_2006,
        present=_always,
    ),
    Particular(
        key="last_school",
        title="Name and address of the last school attended, if any",
        citation="SI 2006/1751 reg 5(1)(f)",
        regime=RegimeId.REGS_2006,
        present=_last_school_given,
    ),
)
"""Particulars of the 2006 Regulations reg 5(1). Paragraph letters are **unverified**."""

PARTICULARS_2024: tuple[Particular, ...] = (
    Particular(
        key="full_name",
        title="Full name",
        citation="SI 2024/208 reg 8(2)(a)",
        regime=RegimeId.REGS_2024,
        present=_full_name,
    ),
    Particular(
        key="name_used_at_school",
        title="Name used at school",
        citation="SI 2024/208 reg 8(2)(b)",
        regime=RegimeId.REGS_2024,
        present=_name_used,
    ),
    Particular(
        key="sex",
        title="Sex",
        citation="SI 2024/208 reg 8(2)(c)",
        regime=RegimeId.REGS_2024,
        present=_sex,
    ),
    Particular(
        key="address",
        title="Address",
        citation="SI 2024/208 reg 8(2)(d)",
        regime=RegimeId.REGS_2024,
        present=_address,
    ),
    Particular(
        key="parents",
        title="Full name and address of each parent",
        citation="SI 2024/208 reg 8(2)(e)",
        regime=RegimeId.REGS_2024,
        present=_parents,
    ),
    Particular(
        key="lives_with_and_phones",
        title="Parents the pupil normally lives with; an emergency phone number for each",
        citation="SI 2024/208 reg 8(2)(f)",
        regime=RegimeId.REGS_2024,
        present=_lives_with_and_phones,
    ),
    Particular(
        key="date_of_birth",
        title="Date of birth",
        citation="SI 2024/208 reg 8(2)(g)",
        regime=RegimeId.REGS_2024,
        present=_date_of_birth,
    ),
    Particular(
        key="starting_day",
        title="Starting day",
        citation="SI 2024/208 reg 8(2)(h)",
        regime=RegimeId.REGS_2024,
        present=_always,
    ),
    Particular(
        key="last_school",
        title="Last school attended, if any",
        citation="SI 2024/208 reg 8(2)(i)",
        regime=RegimeId.REGS_2024,
        present=_last_school_given,
    ),
)
"""Particulars of the 2024 Regulations reg 8(2)."""


_ENTRY_PARTICULARS = {
    "date_of_admission": "starting_day",
    "starting_day": "starting_day",
    "last_school": "last_school",
}
_PUPIL_PARTICULARS = {
    "lives_with_and_phone": "parents",
    "lives_with_and_phones": "parents",
}


PARTICULARS: Mapping[RegimeId, tuple[Particular, ...]] = freeze_mapping(
    {RegimeId.REGS_2006: PARTICULARS_2006, RegimeId.REGS_2024: PARTICULARS_2024}
)
"""The particulars of each regime, by regime id."""


@checked
def particulars_for(regime: RegimeId | str) -> tuple[Particular, ...]:
    """The particulars the admission register must hold under ``regime`` (a
    :class:`~cme_core.periods.RegimeId` or its value)."""
    for regime_id, particulars in PARTICULARS.items():
        if regime == regime_id:
            return particulars
    raise InvalidInput("regime must be one of " + ", ".join(repr(r.value) for r in PARTICULARS))
