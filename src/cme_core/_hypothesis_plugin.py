"""Hypothesis entry-point hook: ``st.from_type`` for every public cme_core record class.

Hypothesis calls :func:`_hypothesis_setup_hook` when it is imported (entry-point group
``hypothesis``, declared in pyproject.toml). Registration is **lazy**: the hook registers, for
each public attrs class of the modules in :data:`_MODULES` that are already imported, a
*function* that Hypothesis calls only when that type is first resolved. Only then is
:mod:`cme_core.strategies` imported (and its strategies built), so importing Hypothesis costs
no more than importing cme_core itself, and importing cme_core never imports Hypothesis
(this module imports it only inside the hook).

``DeletionFacts`` resolves to an error naming :func:`cme_core.strategies.deletion_scenarios`:
facts mean nothing without the ground and the day they are judged against.

With ``HYPOTHESIS_NO_PLUGINS`` set, Hypothesis runs no entry point; a test suite then calls
:func:`register_type_strategies` itself (also exported by :mod:`cme_core.strategies`).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

__all__: list[str] = []

_MODULES: tuple[str, ...] = (
    "cme_core",
    "cme_core.attendance",
    "cme_core.attendance_codes",
    "cme_core.calendars",
    "cme_core.cases",
    "cme_core.identifiers",
    "cme_core.identifiers.local_authorities",
    "cme_core.law",
    "cme_core.law.counting",
    "cme_core.law.deletion",
    "cme_core.law.facts",
    "cme_core.law.params",
    "cme_core.law.records",
    "cme_core.law.return_rules",
    "cme_core.people",
    "cme_core.periods",
    "cme_core.policy",
    "cme_core.problems",
    "cme_core.referral",
    "cme_core.registers",
    "cme_core.returns",
    "cme_core.schools",
    "cme_core.submissions",
    "cme_core.strategies",
)
"""The public modules whose ``__all__`` attrs classes get a strategy. (The demo data and the
command line are edges with no records of their own for a test suite; the other public
modules have no attrs classes.)"""


def _public_classes() -> list[type[Any]]:
    """The attrs classes named in the ``__all__`` of the modules of :data:`_MODULES` that are
    imported (in order, once each). Nothing is imported here."""
    import attrs

    found: dict[type[Any], None] = {}
    for name in _MODULES:
        module = sys.modules.get(name)
        if module is None:
            continue
        for attr in getattr(module, "__all__", ()):
            value = getattr(module, attr, None)
            if isinstance(value, type) and attrs.has(value):
                found.setdefault(value, None)
    return list(found)


def _resolve(cls: type[Any]) -> SearchStrategy[Any]:
    """Hypothesis's lookup for ``cls``: imports the strategies on first use (a strategy, or
    ``NotImplemented`` for a class without one)."""
    from cme_core.strategies._types import strategy_for

    found: SearchStrategy[Any] = strategy_for(cls)
    return found


def register_type_strategies() -> None:
    """Register cme_core's strategies with Hypothesis, so ``st.from_type(Pupil)`` (and
    ``@given`` with type annotations) draws valid, realistic records of every public class.
    cme_core's ``hypothesis`` entry point calls it when Hypothesis is imported; calling it
    again is harmless. Registration is lazy: each class gets a function that imports
    :mod:`cme_core.strategies` only when the class is first resolved.

    :class:`~cme_core.law.DeletionFacts` resolves to an error on purpose: facts mean nothing
    without the ground and the day they are judged against (and Hypothesis's own inference
    from the attrs fields would draw incoherent facts). Draw them with
    :func:`~cme_core.strategies.deletion_scenarios`, which says which ground they meet (or
    nearly meet) and when.

    >>> from hypothesis import given, settings, strategies as st
    >>> from cme_core.registers import Deleted
    >>> register_type_strategies()
    >>> @settings(max_examples=5)
    ... @given(st.from_type(Deleted))
    ... def test_deletions(deleted):
    ...     assert isinstance(deleted, Deleted)
    >>> test_deletions()
    """
    from hypothesis import strategies as st

    for cls in _public_classes():
        st.register_type_strategy(cls, _resolve)


def _hypothesis_setup_hook() -> None:
    """The entry point: register the strategies (nothing, if Hypothesis cannot be imported)."""
    try:
        import hypothesis  # noqa: F401
    except ImportError:  # pragma: no cover - exercised in a subprocess by the tests
        return
    register_type_strategies()
