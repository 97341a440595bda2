"""The architecture page's import graph (``docs/_ext/import_graph.py``) shows every module.

The layer rules themselves are import-linter contracts (``.importlinter``, run by
``lint-imports``), the standard-library I/O modules included: see ``docs/architecture.md``.
"""

from __future__ import annotations

import doctest
import importlib.util
import pkgutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

import cme_core
import cme_core.law

EXTENSION = Path(__file__).resolve().parents[1] / "docs" / "_ext" / "import_graph.py"


def _load_extension() -> ModuleType:
    name = "_cme_docs_import_graph"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, EXTENSION)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


ig = _load_extension()


def _children(package: ModuleType) -> set[str]:
    return {info.name for info in pkgutil.iter_modules(package.__path__, f"{package.__name__}.")}


@pytest.fixture(scope="module")
def graph() -> dict[str, tuple[str, ...]]:
    result: dict[str, tuple[str, ...]] = ig.top_level_graph()
    return result


def test_the_graph_has_every_top_level_module(graph: dict[str, tuple[str, ...]]) -> None:
    assert set(graph) == _children(cme_core)


def test_the_graph_points_only_at_its_own_modules(graph: dict[str, tuple[str, ...]]) -> None:
    for module, imports in graph.items():
        assert module not in imports
        assert list(imports) == sorted(imports)
        assert set(imports) <= set(graph), module
    assert graph["cme_core.errors"] == ()
    assert "cme_core.law" in graph["cme_core.returns"]


def test_the_diagram_lists_every_module_once() -> None:
    files: dict[str, str] = ig.generate()
    assert set(files) == {"import-graph.md", "import-graph-law.md"}
    expected = {
        "import-graph.md": ("cme_core", _children(cme_core)),
        "import-graph-law.md": ("cme_core.law", _children(cme_core.law)),
    }
    for name, (container, modules) in expected.items():
        text = files[name]
        assert text.startswith("```text\n")
        assert text.endswith("```\n")
        heads = [line.split(" -> ")[0].strip() for line in text.splitlines() if " -> " in line]
        heads = [h for h in heads if h and not h.startswith(("`", "^"))]
        assert sorted(heads) == sorted(m.removeprefix(f"{container}.") for m in modules)


def test_the_layers_are_read_from_the_contracts() -> None:
    layers = ig.declared_layers("layers")
    assert layers[0].modules == ("cme_core.cli",)
    assert layers[-1].modules == ("cme_core.errors",)
    independent = [layer for layer in layers if layer.independent and len(layer.modules) > 1]
    assert [layer.modules for layer in independent] == [("cme_core._checks", "cme_core.periods")]
    law = ig.declared_layers("law-layers")
    assert ("cme_core.law.regs2006", "cme_core.law.regs2024") in [x.modules for x in law]


def test_an_import_up_the_layers_is_marked() -> None:
    layers = [ig.Layer(("p.top",), True), ig.Layer(("p.low",), True)]
    text: str = ig.render({"p.top": ("p.low",), "p.low": ("p.top",)}, layers, "p")
    assert "      top -> low\n" in text
    assert "      low -> top ^\n" in text
    assert "ignore_imports" in text


def test_an_unplaced_module_is_listed_last() -> None:
    text: str = ig.render({"p.a": (), "p.b": ("p.a",)}, [ig.Layer(("p.a",), True)], "p")
    assert text.index("1. a") < text.index("not layered") < text.index("b -> a")


def test_the_extension_doctests_pass() -> None:
    result = doctest.testmod(ig, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
