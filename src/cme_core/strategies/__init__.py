"""Hypothesis strategies for cme_core's model: realistic, valid test data by default.

Install the extra to use them: ``pip install "cme_core[hypothesis]"``. The strategies follow
Hypothesis's own style: plural nouns, keyword-only arguments, arguments that may vary accept
strategies as well as values, and bad arguments raise
:class:`hypothesis.errors.InvalidArgument` (at once for plain values; at draw time for values
drawn from a strategy argument).

Everything drawn is a deterministic function of Hypothesis's choices: no strategy reads the
clock. Names, addresses and phone numbers are invented (phone numbers come from Ofcom's ranges
reserved for drama, so none can ring a real person).

With the extra installed, cme_core registers strategies with Hypothesis through the
``hypothesis`` entry-point group, lazily, for every public record class (events, returns,
assessments, reports ... as well as the model), so ``st.from_type(Pupil)`` works, and so does
``@given`` with type annotations (see :func:`register_type_strategies`). ``DeletionFacts`` is
the exception: draw facts with :func:`deletion_scenarios`.

>>> from hypothesis import given, settings
>>> from cme_core.identifiers import upn
>>> @settings(max_examples=20)
... @given(valid=upns(la_codes=["801"]), invalid=invalid_upns(rule="1540"))
... def test_upn_rules(valid, invalid):
...     assert upn.is_valid(valid) and valid[1:4] == "801"
...     assert [p.code for p in upn.problems(invalid)] == ["1540"]
>>> test_upn_rules()
"""

from __future__ import annotations

from cme_core import _hypothesis_plugin
from cme_core._fields import rehome
from cme_core.strategies._calendars import school_calendars, schools
from cme_core.strategies._identifiers import (
    INVALID_UPN_RULES,
    invalid_upns,
    temporary_upns,
    upns,
)
from cme_core.strategies._people import (
    addresses,
    dates_of_birth,
    parents,
    phone_numbers,
    pupils,
)
from cme_core.strategies._registers import (
    admission_entries,
    admission_registers,
    attendance_years,
)
from cme_core.strategies._returns import (
    RETURN_KINDS,
    RETURN_PROBLEMS,
    ReturnPayload,
    return_problem_kinds,
    returns,
)
from cme_core.strategies._scenarios import DeletionScenario, deletion_scenarios

# isort: split
from hypothesis import strategies as st

__all__ = [
    "INVALID_UPN_RULES",
    "RETURN_KINDS",
    "RETURN_PROBLEMS",
    "DeletionScenario",
    "ReturnPayload",
    "addresses",
    "admission_entries",
    "admission_registers",
    "attendance_years",
    "dates_of_birth",
    "deletion_scenarios",
    "invalid_upns",
    "parents",
    "phone_numbers",
    "pupils",
    "register_type_strategies",
    "return_problem_kinds",
    "returns",
    "school_calendars",
    "schools",
    "temporary_upns",
    "upns",
]


def register_type_strategies() -> None:
    """Register strategies with Hypothesis for every public record class of cme_core, so
    ``st.from_type(cls)`` (and ``@given`` with type annotations) draws valid, realistic,
    coherent values: the model from the strategies of this package, register events and
    return contents drawn as they are, assessments, checks, reports and summaries made by the
    library's own functions from drawn inputs, catalogue records from the catalogues.

    cme_core's ``hypothesis`` entry point calls it when Hypothesis is imported (under
    ``HYPOTHESIS_NO_PLUGINS=1``, call it yourself); calling it again is harmless.
    Registration is lazy: each class gets a function that Hypothesis calls only when it first
    resolves that class.

    :class:`~cme_core.law.DeletionFacts` is the exception, on purpose: facts mean nothing
    without the ground and the day they are judged against (and Hypothesis's own inference
    from the attrs fields would draw incoherent facts), so resolving it raises an error that
    names :func:`deletion_scenarios`, which says which ground the facts meet (or nearly meet)
    and when.

    >>> from hypothesis import given, settings, strategies as st
    >>> from cme_core.people import Pupil
    >>> from cme_core.registers import Entered
    >>> register_type_strategies()
    >>> @settings(max_examples=5)
    ... @given(st.from_type(Pupil), st.from_type(Entered))
    ... def test_records(pupil, entered):
    ...     assert isinstance(pupil, Pupil) and isinstance(entered, Entered)
    >>> test_records()
    """
    _hypothesis_plugin.register_type_strategies()


def _register_own_types() -> None:
    """``st.from_type`` for this package's own records: registered on import, since they
    exist only once it is imported (the entry point registers the rest of cme_core)."""
    for cls in (DeletionScenario, ReturnPayload):
        st.register_type_strategy(cls, _hypothesis_plugin._resolve)


# One canonical import path for reprs, docs and pickles, for the strategies themselves. (The
# two attrs classes keep the module that defines them, as before.)
rehome(__name__, globals(), (n for n in __all__ if n not in ("DeletionScenario", "ReturnPayload")))

_register_own_types()


def __dir__() -> list[str]:
    return list(__all__)
