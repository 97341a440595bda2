"""Private helpers shared by the parts of :mod:`cme_core.strategies`: argument checks and
drawing helpers.

This is the one module of the package that imports Hypothesis, and every part takes
Hypothesis's names from here: so whichever part is imported first, a missing extra raises an
ImportError that says how to install it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

try:
    from hypothesis import assume
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
    from hypothesis.strategies import SearchStrategy
except ImportError as _exc:  # pragma: no cover - exercised in a subprocess by the tests
    raise ImportError(
        "cme_core.strategies needs Hypothesis, an optional extra: "
        'pip install "cme_core[hypothesis]"'
    ) from _exc

# Hypothesis's names, for the parts (the private helpers below are imported by name).
__all__ = ["InvalidArgument", "SearchStrategy", "assume", "st"]

T = TypeVar("T")

_ONE_DAY = timedelta(days=1)

# ---------------------------------------------------------------------------------------------
# Argument checks (at once for plain values, at draw time for values drawn from strategies)
# ---------------------------------------------------------------------------------------------


def _check_date(value: object, name: str) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise InvalidArgument(f"{name} must be a datetime.date, got {type(value).__name__}")
    return value


def _check_int(value: object, name: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidArgument(f"{name} must be an int, got {type(value).__name__}")
    if not low <= value <= high:
        raise InvalidArgument(f"{name} must be from {low} to {high}, got {value}")
    return value


def _check_bool(value: object, name: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidArgument(f"{name} must be a bool, got {type(value).__name__}")
    return value


def _check_str(value: object, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidArgument(f"{name} must be a non-empty str, got {type(value).__name__}")
    return value


def _values(value: Any, name: str, check: Callable[[object, str], T]) -> SearchStrategy[T]:
    """A strategy for an argument that may be a value or a strategy of values."""
    if isinstance(value, SearchStrategy):
        return value.map(lambda v: check(v, name))
    return st.just(check(value, name))


def _optional_values(
    value: Any, name: str, check: Callable[[object, str], T]
) -> SearchStrategy[T | None]:
    if value is None:
        return st.none()
    if isinstance(value, SearchStrategy):
        return value.map(lambda v: None if v is None else check(v, name))
    return st.just(check(value, name))


# ---------------------------------------------------------------------------------------------
# Drawing helpers. Strategies are built once and reused (building one costs far more than
# drawing from it), and helpers take ``draw`` so nested records need no new strategy objects.
# ---------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=8192)
def _ints(low: int, high: int) -> SearchStrategy[int]:
    return st.integers(low, high)


def _pick(draw: st.DrawFn, options: Sequence[T]) -> T:
    """One of ``options`` (shrinking towards the first)."""
    return options[draw(_ints(0, len(options) - 1))]


def _chance(draw: st.DrawFn, one_in: int) -> bool:
    """True with probability about ``1 / one_in`` (shrinks to False)."""
    return draw(_ints(0, one_in - 1)) == one_in - 1


def _day_between(draw: st.DrawFn, first: date, last: date) -> date:
    return first + timedelta(days=draw(_ints(0, (last - first).days)))
