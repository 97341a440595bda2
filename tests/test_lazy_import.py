"""``import cme_core`` is lazy (PEP 562): every top-level name resolves on first use to the same
object as in its home module; nothing heavy is imported before. Each ``cme`` subcommand imports
only what it uses, and importing Hypothesis (cme_core's entry point) imports nothing of the law.

What is imported is checked in a fresh interpreter (a subprocess); nothing here is timed (the
start-up figures are in ``benchmarks/test_bench_startup.py``).
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import textwrap
import types

import pytest

import cme_core
from cme_core import cli

HEAVY = (
    "cme_core.attendance",
    "cme_core.law",
    "cme_core.law.assess",
    "cme_core.registers",
    "cme_core.returns",
    "cme_core.serialization",
    "cme_core.submissions",
    "cme_core.cases",
    "cme_core.referral",
)
"""Modules ``import cme_core`` used to import and must not any more."""


def imported_after(code: str, *, plugins: bool = False) -> set[str]:
    """The modules in ``sys.modules`` after running ``code`` in a fresh interpreter."""
    env = {k: v for k, v in os.environ.items() if k != "HYPOTHESIS_NO_PLUGINS"}
    if not plugins:
        env["HYPOTHESIS_NO_PLUGINS"] = "1"
    script = textwrap.dedent(code) + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))\n"
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout.splitlines()[-1]))


# --- the package's names -----------------------------------------------------------------------


@pytest.mark.parametrize("name", [n for n in cme_core.__all__ if n != "__version__"])
def test_every_public_name_is_the_object_of_its_home_module(name: str) -> None:
    module, attr = cme_core._LAZY[name]
    home = importlib.import_module(module)
    value = getattr(cme_core, name)
    expected = home if attr is None else getattr(home, attr)
    if name in ("upn", "laestab") and value is not expected:
        # Importing the python-stdnum style alias module cme_core/<name>.py (as pytest's
        # doctest collection does) binds the package attribute to the alias; it re-exports
        # the same objects.
        assert value.__name__ == f"cme_core.{name}"
        assert all(getattr(value, n) is getattr(expected, n) for n in expected.__all__)
        return
    assert value is expected
    if isinstance(value, types.ModuleType):
        assert sys.modules[value.__name__] is value
    elif isinstance(value, type | types.FunctionType):
        assert getattr(sys.modules[value.__module__], value.__name__) is value


def test_from_cme_core_import_star_gives_every_name() -> None:
    namespace: dict[str, object] = {}
    exec("from cme_core import *", namespace)
    assert set(cme_core.__all__) <= set(namespace)
    for name in cme_core.__all__:
        assert namespace[name] is getattr(cme_core, name)


def test_the_lazy_table_names_every_public_name_and_the_deprecated_alias() -> None:
    assert set(cme_core.__all__) - {"__version__"} <= set(cme_core._LAZY)
    assert set(cme_core._LAZY) - set(cme_core.__all__) == {"validate_mark"}


def test_dir_is_all_and_version_is_there() -> None:
    assert dir(cme_core) == sorted(cme_core.__all__)
    assert isinstance(cme_core.__version__, str)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'no_such_name'"):
        cme_core.no_such_name  # type: ignore[attr-defined]  # noqa: B018
    assert not hasattr(cme_core, "no_such_name")
    with pytest.raises(ImportError):
        exec("from cme_core import no_such_name", {})


def test_deprecated_alias_still_imports() -> None:
    from cme_core import attendance_codes, validate_mark

    assert validate_mark is attendance_codes.validate_mark


# --- what is imported --------------------------------------------------------------------------


def test_import_cme_core_imports_none_of_its_modules() -> None:
    loaded = imported_after("import cme_core; cme_core.__version__; dir(cme_core)")
    assert not {m for m in loaded if m.startswith("cme_core.")}
    assert "attrs" not in loaded


def test_a_name_imports_only_its_home_module() -> None:
    loaded = imported_after("from cme_core import Pupil, upn")
    assert {"cme_core.people", "cme_core.identifiers.upn"} <= loaded
    assert not loaded & set(HEAVY)


def test_submodules_import_used_to_bring_are_still_attributes() -> None:
    loaded = imported_after(
        """
        import cme_core
        assert cme_core.calendars.SchoolCalendar.__name__ == "SchoolCalendar"
        assert cme_core.errors.InvalidUPN is cme_core.InvalidUPN
        """
    )
    assert "cme_core.calendars" in loaded


@pytest.mark.parametrize(
    "argv",
    [
        ["upn", "B801200005001"],
        ["age", "2015-01-01", "--on", "2024-01-01"],
        ["--version"],
    ],
)
def test_cli_subcommands_import_only_what_they_use(argv: list[str]) -> None:
    loaded = imported_after(
        f"""
        import contextlib, io
        from cme_core import cli
        with contextlib.redirect_stdout(io.StringIO()):
            cli.main({argv!r})
        """
    )
    assert not loaded & {*HEAVY, "shtab", "tqdm"}, sorted(loaded & {*HEAVY, "shtab", "tqdm"})


def test_the_csv_report_header_is_still_a_module_attribute() -> None:
    from cme_core.submissions import CSV_REPORT_COLUMNS

    assert ("input_file", *CSV_REPORT_COLUMNS) == cli.CSV_REPORT_HEADER
    with pytest.raises(AttributeError):
        cli.no_such_name  # noqa: B018


def test_one_subcommand_parses_as_with_every_subcommand_configured() -> None:
    for argv in (["upn", "X"], ["validate", "a.csv", "--on", "2024-01-01", "--max-depth", "3"]):
        full = cli.build_parser().parse_known_args(argv)[0]
        alone = cli._build_parser(cli._command_of(argv)).parse_known_args(argv)[0]
        assert {k: v for k, v in vars(full).items() if k != "command_parser"} == {
            k: v for k, v in vars(alone).items() if k != "command_parser"
        }


# --- the Hypothesis entry point ----------------------------------------------------------------


def test_importing_hypothesis_imports_nothing_heavy_and_registers_on_import() -> None:
    loaded = imported_after(
        """
        import sys
        import hypothesis
        before = {m for m in sys.modules if m.startswith("cme_core.")}
        assert before == {"cme_core._hypothesis_plugin"}, before
        from hypothesis.strategies._internal.types import _global_type_lookup
        from cme_core.people import Pupil
        from cme_core.registers import Deleted
        assert Pupil in _global_type_lookup and Deleted in _global_type_lookup
        module = sys.modules["cme_core.people"]
        assert type(module.__loader__).__name__ == "SourceFileLoader", module.__loader__
        assert module.__spec__.loader is module.__loader__
        """,
        plugins=True,
    )
    assert "cme_core.people" in loaded
