"""pytest configuration for the documentation's examples.

``pytest --doctest-glob='*.md' docs`` runs every ``>>>`` example in the Markdown pages as a
doctest (one namespace per page, so a page's examples build on each other). The option flags
NORMALIZE_WHITESPACE and ELLIPSIS come from ``[tool.pytest.ini_options]``. Only the pages are
collected: Sphinx's configuration, the table extension and the build output are not tests.
"""

from __future__ import annotations

collect_ignore = ["conf.py", "_ext"]
collect_ignore_glob = ["_build/*", "_generated/*"]
