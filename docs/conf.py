"""Sphinx configuration for the cme_core documentation (MyST Markdown, furo theme).

Build (warnings are errors)::

    .venv/bin/sphinx-build -W --keep-going -b html docs docs/_build/html

The tables of grounds, attendance codes, return rules, problem codes and unverified facts are
generated from the library's own data at build time by ``_ext/cme_tables.py`` (into
``docs/_generated/``), never copied by hand.
"""

from __future__ import annotations

import builtins
import sys
from pathlib import Path
from typing import Any

from docutils import nodes  # type: ignore[import-untyped]
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))
sys.path.insert(0, str(HERE.parent / "src"))

import cme_core  # noqa: E402

project = "cme_core"
author = "cme_core contributors"
copyright = "cme_core contributors (MIT licence)"
version = release = cme_core.__version__

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.viewcode",
    "cme_tables",
    "import_graph",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "_generated", "Thumbs.db", ".DS_Store"]

# MyST: ``{include}``, roles such as {py:func}`...`, and anchors for headings down to ###.
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# Autodoc: document each module once (never the package's re-exports), members in source
# order, type hints in the description so attrs classes do not need resolvable targets.
autodoc_default_options = {
    "member-order": "bysource",
    "undoc-members": True,
}
autodoc_typehints = "description"
autodoc_typehints_format = "short"
nitpicky = False

html_theme = "furo"
html_title = f"cme_core {release}"
html_static_path: list[str] = []


def setup(app: Any) -> None:
    """Leave builtin names in type hints (``type[T]``, ``str``) as plain text.

    Python's builtins are not documented here (no intersphinx: the build is offline), and a
    builtin such as ``type`` would otherwise be matched against the ``type`` wire tags of the
    register and case event classes, a wrong and ambiguous link.
    """
    app.add_post_transform(_BuiltinNamesAsText)


class _BuiltinNamesAsText(SphinxPostTransform):
    default_priority = 5  # before the references are resolved (priority 10)

    def run(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(addnodes.pending_xref)):
            target = node.get("reftarget", "")
            if node.get("refdomain") == "py" and target in _BUILTIN_NAMES:
                node.replace_self(node.children or nodes.literal(target, target))


_BUILTIN_NAMES = frozenset(name for name in dir(builtins) if not name.startswith("_"))
