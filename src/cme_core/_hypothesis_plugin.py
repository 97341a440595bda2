"""Hypothesis entry-point hook: registers cme_core's strategies for ``st.from_type``.

Hypothesis calls :func:`_hypothesis_setup_hook` when it is imported (entry-point group
``hypothesis``). The strategies module is imported only then, so importing cme_core never
imports Hypothesis.
"""

from __future__ import annotations

__all__: list[str] = []


def _hypothesis_setup_hook() -> None:
    try:
        from cme_core import strategies
    except ImportError:  # pragma: no cover - the extra is not installed
        return
    strategies.register_type_strategies()
