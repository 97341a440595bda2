"""Hypothesis entry-point hook: ``st.from_type`` for every public cme_core record class.

Hypothesis calls :func:`_hypothesis_setup_hook` when it is imported (entry-point group
``hypothesis``, declared in pyproject.toml). Registration is **lazy**: the hook registers, for
each public attrs class of the modules in :data:`_MODULES` that are already imported, a
*function* that Hypothesis calls only when that type is first resolved. Only then is
:mod:`cme_core.strategies` imported (and its strategies built). The modules of
:data:`_MODULES` not yet imported are not imported here (``import cme_core`` is lazy, so
importing Hypothesis stays cheap): a finder on ``sys.meta_path`` registers each one's classes
as soon as it is imported. Importing cme_core never imports Hypothesis (this module imports
it only inside the hook).

``DeletionFacts`` resolves to an error naming :func:`cme_core.strategies.deletion_scenarios`:
facts mean nothing without the ground and the day they are judged against.

With ``HYPOTHESIS_NO_PLUGINS`` set, Hypothesis runs no entry point; a test suite then calls
:func:`register_type_strategies` itself (also exported by :mod:`cme_core.strategies`).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence
    from importlib.machinery import ModuleSpec
    from types import ModuleType

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
    "cme_core.screening",
    "cme_core.submissions",
    "cme_core.strategies",
)
"""The public modules whose ``__all__`` attrs classes get a strategy. (The demo data and the
command line are edges with no records of their own for a test suite; the other public
modules have no attrs classes.)"""


def _classes_of(module: ModuleType) -> list[type[Any]]:
    """The attrs classes named in the ``__all__`` of ``module``. Nothing is imported here: for
    the lazy ``cme_core`` package, only the names it has already resolved (its classes are
    found in the modules they live in). attrs itself is imported only when there are classes."""
    lazy = module.__name__ == "cme_core"
    names = getattr(module, "__all__", ())
    values = [vars(module).get(n) if lazy else getattr(module, n, None) for n in names]
    classes = [value for value in values if isinstance(value, type)]
    if not classes:
        return []
    import attrs

    return [cls for cls in classes if attrs.has(cls)]


def _public_classes() -> list[type[Any]]:
    """The attrs classes named in the ``__all__`` of the modules of :data:`_MODULES` that are
    imported (in order, once each). Nothing is imported here."""
    found: dict[type[Any], None] = {}
    for name in _MODULES:
        module = sys.modules.get(name)
        if module is not None:
            found.update(dict.fromkeys(_classes_of(module)))
    return list(found)


def _register(classes: Sequence[type[Any]]) -> None:
    """Register :func:`_resolve` as the strategy of each of ``classes``."""
    from hypothesis import strategies as st

    for cls in classes:
        st.register_type_strategy(cls, _resolve)


class _Registering:
    """A module's own loader, which registers the module's classes once it has run."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader

    def __getattr__(self, name: str) -> Any:
        return getattr(self.loader, name)

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        """The module object (the module's own loader's)."""
        made: ModuleType | None = self.loader.create_module(spec)
        return made

    def exec_module(self, module: ModuleType) -> None:
        """Run the module with its own loader (put back in its spec first), then register."""
        if module.__spec__ is not None:
            module.__spec__.loader = self.loader
        module.__loader__ = self.loader
        self.loader.exec_module(module)
        _register(_classes_of(module))


class _RegisterOnImport:
    """A finder on ``sys.meta_path`` (first) for the modules of :data:`_MODULES` not yet
    imported: it finds the module with the other finders and wraps its loader, so the
    module's classes are registered as soon as it is imported. It imports nothing itself."""

    def __init__(self, names: frozenset[str]) -> None:
        self.names = names

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        """The module's spec, its loader wrapped (``None`` for every other module)."""
        if fullname not in self.names or fullname in sys.modules:
            return None
        for finder in sys.meta_path:
            find = getattr(finder, "find_spec", None)
            if finder is self or isinstance(finder, _RegisterOnImport) or find is None:
                continue
            spec: ModuleSpec | None = find(fullname, path, target)
            if spec is None:
                continue
            if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                spec.loader = _Registering(spec.loader)  # type: ignore[assignment]
            return spec
        return None


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
    :mod:`cme_core.strategies` only when the class is first resolved; the classes of modules
    not yet imported are registered when they are imported (nothing is imported here).

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
    _register(_public_classes())
    if not any(isinstance(finder, _RegisterOnImport) for finder in sys.meta_path):
        sys.meta_path.insert(0, _RegisterOnImport(frozenset(_MODULES)))


def _hypothesis_setup_hook() -> None:
    """The entry point: register the strategies (nothing, if Hypothesis cannot be imported)."""
    try:
        import hypothesis  # noqa: F401
    except ImportError:  # pragma: no cover - exercised in a subprocess by the tests
        return
    register_type_strategies()
