"""``st.from_type`` support: :func:`register_type_strategies`.

This module must not import Hypothesis. Importing Hypothesis runs cme_core's entry point,
which calls this function; when :mod:`cme_core.strategies` is the first to import Hypothesis,
that happens while the package is still executing, so the package imports this module before
any part that imports Hypothesis. The function registers functions, which Hypothesis calls
only when a type is first resolved, by when every strategy exists.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from cme_core.calendars import SchoolCalendar
from cme_core.people import Address, Parent, PhoneNumber, Pupil
from cme_core.registers import AdmissionEntry, AttendanceRecord, SchoolRegister
from cme_core.schools import School

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy


def register_type_strategies() -> None:
    """Register these strategies with Hypothesis, so ``st.from_type(Pupil)`` (and ``@given``
    with type annotations) draws valid, realistic model objects. cme_core's ``hypothesis``
    entry point calls it when Hypothesis is imported; calling it again is harmless.

    :class:`~cme_core.law.DeletionFacts` is not registered on purpose: facts mean nothing
    without the ground and the day they are judged against (and Hypothesis's own inference
    from the attrs fields would draw incoherent facts). Draw them with
    :func:`deletion_scenarios`, which says which ground they meet (or nearly meet) and when.

    >>> from hypothesis import given, settings, strategies as st
    >>> from cme_core.people import Pupil
    >>> register_type_strategies()
    >>> @settings(max_examples=5)
    ... @given(st.from_type(Pupil))
    ... def test_pupils(pupil):
    ...     assert isinstance(pupil, Pupil)
    >>> test_pupils()
    """
    from hypothesis import strategies as hypothesis_strategies

    from cme_core import strategies  # looked up when a type is resolved, not now

    table: tuple[tuple[type[Any], Callable[[type[Any]], SearchStrategy[Any]]], ...] = (
        (Pupil, lambda _: strategies.pupils()),
        (Parent, lambda _: strategies.parents()),
        (Address, lambda _: strategies.addresses()),
        (PhoneNumber, lambda _: strategies.phone_numbers()),
        (School, lambda _: strategies.schools()),
        (SchoolCalendar, lambda _: strategies.school_calendars()),
        (AdmissionEntry, lambda _: strategies.admission_entries()),
        (AttendanceRecord, lambda _: strategies.attendance_years()),
        (SchoolRegister, lambda _: strategies.admission_registers()),
    )
    for cls, strategy in table:
        hypothesis_strategies.register_type_strategy(cls, strategy)
