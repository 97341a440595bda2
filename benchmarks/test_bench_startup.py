"""Start-up: the installed ``cme`` run as a process, and ``import cme_core``, against ``python -c
pass`` (the interpreter alone), measured side by side in one run.

Run with ``make bench``. Each round runs the three commands one after the other (interleaved,
so a busy machine slows them alike); each figure takes the best round of each (the minimum: the
machine's noise only ever adds time). The bytecode is compiled first (one warm-up run of each).

- ``cme upn X`` process / ``python -c pass``: aim <= 4 (``cme upn`` imports only what that
  subcommand uses: the identifiers, not the law, attendance or the wire format).
- ``import cme_core`` on top of the interpreter / 15 ms: aim <= 1 (the top-level names are
  imported on first use, PEP 562).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from .conftest import RatioRecorder

PYTHON = sys.executable
CME = Path(sys.executable).with_name("cme")
ROUNDS = 20
GROUP = "start-up (process)"

MAX_CME_UPN_TO_PASS = 4.0
"""``cme upn X`` as a process, at most this many times ``python -c pass``."""

MAX_IMPORT_MS = 15.0
"""``import cme_core`` costs at most this many milliseconds on top of the interpreter."""

PASS = (PYTHON, "-c", "pass")
IMPORT = (PYTHON, "-c", "import cme_core")
CME_UPN = (str(CME), "upn", "B801200005001")


ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
"""The commands' environment: bytecode written (by the warm-up run), as when installed."""


def _run(command: tuple[str, ...]) -> None:
    subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV, check=True
    )


def _seconds(command: tuple[str, ...]) -> float:
    start = time.perf_counter()
    _run(command)
    return time.perf_counter() - start


def _best_of_rounds(*commands: tuple[str, ...]) -> list[float]:
    """The best wall time of each command over :data:`ROUNDS` interleaved rounds."""
    for command in commands:  # warm-up: compile the bytecode, fill the file cache
        _run(command)
    best = [float("inf")] * len(commands)
    for _ in range(ROUNDS):
        for i, command in enumerate(commands):
            best[i] = min(best[i], _seconds(command))
    return best


@pytest.fixture(scope="module", autouse=True)
def _installed_cme() -> None:
    if not CME.exists():
        pytest.skip(f"the cme command is not installed next to {PYTHON}")


@pytest.mark.benchmark(group=GROUP)
def test_cme_upn_process_against_the_bare_interpreter(benchmark: Any, ratio: RatioRecorder) -> None:
    benchmark.pedantic(_run, args=(CME_UPN,), rounds=5, iterations=1, warmup_rounds=1)
    bare, cme = _best_of_rounds(PASS, CME_UPN)
    benchmark.extra_info.update(pass_ms=bare * 1000, cme_upn_ms=cme * 1000)
    ratio(
        figure="`cme upn X` process / `python -c pass` (best of 20 interleaved rounds)",
        measured=cme / bare,
        target=MAX_CME_UPN_TO_PASS,
    )


@pytest.mark.benchmark(group=GROUP)
def test_import_cme_core_on_top_of_the_bare_interpreter(
    benchmark: Any, ratio: RatioRecorder
) -> None:
    benchmark.pedantic(_run, args=(IMPORT,), rounds=5, iterations=1, warmup_rounds=1)
    bare, imported = _best_of_rounds(PASS, IMPORT)
    extra_ms = (imported - bare) * 1000
    benchmark.extra_info.update(
        pass_ms=bare * 1000, import_ms=imported * 1000, extra_ms=extra_ms, ratio=imported / bare
    )
    ratio(
        figure="`python -c 'import cme_core'` minus `python -c pass` / 15 ms "
        "(best of 20 interleaved rounds)",
        measured=extra_ms / MAX_IMPORT_MS,
        target=1.0,
    )
