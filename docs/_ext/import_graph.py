"""Sphinx extension: draw cme_core's import graph, layer by layer, from the real imports.

On ``builder-inited`` it writes two files into ``docs/_generated/``, which
``docs/architecture.md`` pulls in with MyST's ``{include}`` directive:

* ``import-graph.md`` — the top-level modules of ``cme_core``, in the layers of the
  ``layers`` contract of ``.importlinter``;
* ``import-graph-law.md`` — the modules of ``cme_core.law``, in the layers of the
  ``law-layers`` contract.

The graph is built by ``grimp`` (the library under import-linter) from the source; every
submodule is collapsed into its container's child (``cme_core.law.regs2024._grounds`` is drawn
as ``law`` at the top level, as ``regs2024`` in the law). Each layer is one block, top first,
each module with the modules it imports; an import up the layers (allowed only by a contract's
``ignore_imports``) is marked ``^``, and a module no layer places is listed last. The output
is plain text in a ``text`` code block (no diagram extension needed), sorted, so the same
source always gives the same page.
"""

from __future__ import annotations

import configparser
import re
import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import grimp

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = [
    "GRAPHS",
    "Layer",
    "child",
    "declared_layers",
    "generate",
    "graph_of",
    "markdown",
    "render",
    "setup",
    "short",
    "top_level_graph",
]

PACKAGE = "cme_core"
CONFIG = Path(__file__).resolve().parents[2] / ".importlinter"
GRAPHS: Mapping[str, tuple[str, str]] = {
    "import-graph.md": (PACKAGE, "layers"),
    "import-graph-law.md": (f"{PACKAGE}.law", "law-layers"),
}
"""Each generated file: the container drawn and the layers contract that lays it out."""

WIDTH = 96
_SIBLINGS = re.compile(r"[|:]")


class Layer(NamedTuple):
    """One layer of a layers contract: its modules (full names) and whether they are
    independent siblings (``a | b``: neither may import the other) or not (``a : b``)."""

    modules: tuple[str, ...]
    independent: bool


def child(module: str, container: str) -> str | None:
    """The child of ``container`` that ``module`` is or lies in; ``None`` for a module
    outside the container or the container itself.

    >>> child("cme_core.law.regs2024._grounds", "cme_core")
    'cme_core.law'
    >>> child("cme_core.law.regs2024._grounds", "cme_core.law")
    'cme_core.law.regs2024'
    >>> child("cme_core.periods", "cme_core.law") is None, child("cme_core", "cme_core") is None
    (True, True)
    """
    if not module.startswith(f"{container}."):
        return None
    rest = module[len(container) + 1 :]
    return f"{container}.{rest.split('.', 1)[0]}"


def short(module: str, container: str) -> str:
    """``module`` without the container's prefix (``cme_core.law`` → ``law``)."""
    return module.removeprefix(f"{container}.")


def graph_of(graph: grimp.ImportGraph, container: str) -> dict[str, tuple[str, ...]]:
    """Every child of ``container`` and the other children it imports, from ``graph``.

    Submodules are collapsed into the child they lie in, imports within one child and imports
    from outside the container are dropped, and so is the container itself (the package's
    ``__init__`` re-exports its public API; drawn, it would hide the layers). Keys and values
    are full module names, sorted.
    """
    edges: dict[str, set[str]] = {}
    for module in graph.modules:
        source = child(module, container)
        if source is None:
            continue
        targets = edges.setdefault(source, set())
        for imported in graph.find_modules_directly_imported_by(module):
            target = child(imported, container)
            if target is not None and target != source:
                targets.add(target)
    return {source: tuple(sorted(edges[source])) for source in sorted(edges)}


def top_level_graph(package: str = PACKAGE) -> dict[str, tuple[str, ...]]:
    """Every top-level module of ``package`` and the other top-level modules it imports
    (:func:`graph_of` the package, built afresh from its source)."""
    return graph_of(grimp.build_graph(package, cache_dir=None), package)


def declared_layers(contract: str = "layers", config: Path = CONFIG) -> tuple[Layer, ...]:
    """The layers of the layers contract ``contract`` in the import-linter ``config``, top
    first (optional layers' parentheses removed, names made full with the container)."""
    parser = configparser.ConfigParser()
    if not parser.read(config, encoding="utf-8"):
        raise FileNotFoundError(config)
    section = parser[f"importlinter:contract:{contract}"]
    containers = section.get("containers", "").split()
    if len(containers) > 1:
        raise ValueError(f"contract {contract!r}: one container at most, found {containers}")
    prefix = f"{containers[0]}." if containers else ""
    layers = []
    for line in section["layers"].splitlines():
        names = [name.strip().strip("()") for name in _SIBLINGS.split(line)]
        if any(names):
            modules = tuple(prefix + name for name in names if name)
            layers.append(Layer(modules, independent=":" not in line))
    return tuple(layers)


def render(graph: Mapping[str, Sequence[str]], layers: Sequence[Layer], container: str) -> str:
    """The graph as indented text: each layer (top first) as written in the contract, then
    each of its modules with what it imports (``nothing`` for a leaf, ``^`` after an import
    up the layers); the modules no layer places come last, under "not layered"."""
    level = {module: n for n, layer in enumerate(layers) for module in layer.modules}
    blocks = [
        (
            f"{n:>2}. "
            + (" | " if layer.independent else " : ").join(
                short(m, container) for m in layer.modules
            ),
            layer.modules,
        )
        for n, layer in enumerate(layers, start=1)
    ]
    unplaced = tuple(m for m in graph if m not in level)
    if unplaced:
        blocks.append(("    not layered", unplaced))
    lines = [
        f"{container}: modules by layer, top first. A module imports only from its own layer",
        "or the layers below: `a | b`, neither imports the other; `a : b`, they may.",
        f"Submodules are drawn as the module they lie in; only imports within {container}.",
    ]
    upward = False
    for title, modules in blocks:
        present = [m for m in modules if m in graph]
        if not present:
            continue
        lines += ["", title]
        width = max(len(short(m, container)) for m in present)
        for module in present:
            names = []
            for target in graph[module]:
                up = level.get(target, -1) < level.get(module, -1)
                upward |= up
                names.append(short(target, container) + (" ^" if up else ""))
            head = f"      {short(module, container):<{width}} -> "
            lines += textwrap.wrap(
                ", ".join(names) or "nothing",
                width=WIDTH,
                initial_indent=head,
                subsequent_indent=" " * len(head),
                break_on_hyphens=False,
            )
    if upward:
        lines += ["", "^ an import up the layers, allowed by the contract's ignore_imports"]
    return "\n".join(lines) + "\n"


def markdown(graph: Mapping[str, Sequence[str]], layers: Sequence[Layer], container: str) -> str:
    """The generated page fragment: :func:`render`'s text in a ``text`` code block."""
    return f"```text\n{render(graph, layers, container)}```\n"


def generate(config: Path = CONFIG) -> dict[str, str]:
    """Every generated file's name and content (one grimp graph for all of them)."""
    graph = grimp.build_graph(PACKAGE, cache_dir=None)
    return {
        name: markdown(graph_of(graph, container), declared_layers(contract, config), container)
        for name, (container, contract) in GRAPHS.items()
    }


def _on_builder_inited(app: Sphinx) -> None:
    outdir = Path(app.srcdir) / "_generated"
    outdir.mkdir(exist_ok=True)
    for name, content in generate().items():
        target = outdir / name
        if not target.exists() or target.read_text(encoding="utf-8") != content:
            target.write_text(content, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", _on_builder_inited)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
