"""Hypothesis strategies for cme_core's model: realistic, valid test data by default.

Install the extra to use them: ``pip install "cme_core[hypothesis]"``. The strategies follow
Hypothesis's own style: plural nouns, keyword-only arguments, arguments that may vary accept
strategies as well as values, and bad arguments raise
:class:`hypothesis.errors.InvalidArgument` (at once for plain values; at draw time for values
drawn from a strategy argument).

Everything drawn is a deterministic function of Hypothesis's choices: no strategy reads the
clock. Names, addresses and phone numbers are invented (phone numbers come from Ofcom's ranges
reserved for drama, so none can ring a real person).

With the extra installed, cme_core registers these strategies with Hypothesis through the
``hypothesis`` entry-point group, so ``st.from_type(Pupil)`` works, and so does ``@given``
with type annotations (see :func:`register_type_strategies`).

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

from cme_core._fields import rehome

# First, and without Hypothesis: importing Hypothesis (which the parts below do) runs
# cme_core's entry point, and that calls register_type_strategies on this package.
from cme_core.strategies._registration import register_type_strategies

# isort: split
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

# One canonical import path for reprs, docs and pickles, for the strategies themselves. (The
# two attrs classes keep the module that defines them, as before.)
rehome(__name__, globals(), (n for n in __all__ if n not in ("DeletionScenario", "ReturnPayload")))


def __dir__() -> list[str]:
    return list(__all__)
