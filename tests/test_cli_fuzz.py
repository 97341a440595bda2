"""Fuzzing ``cme``: whatever the arguments and the files, the exit code is 0, 1 or 2 and no
traceback (which could carry personal data) reaches stderr.

Most examples call :func:`cme_core.cli.main` in-process (fast); a few run the real command in
a subprocess, where an uncaught exception, a closed stream or a bad exit would show.
"""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cme_core import cli

from .test_submissions import GOOD

COMMANDS = (
    "upn",
    "age",
    "validate",
    "obligations",
    "deadline",
    "schema",
    "grounds",
    "completion",
)
WORDS = (
    "--on",
    "--format",
    "--input-format",
    "--report-csv",
    "--all-rows",
    "--quiet",
    "--made",
    "--attendance-return",
    "--entered",
    "--ground-met",
    "--deleted",
    "json",
    "jsonl",
    "csv",
    "text",
    "today",
    "2025-01-06",
    "2011-02-30",
    "9999-12-31",
    "0001-01-01",
    "-",
    "return",
    "new-pupil",
    "deletion",
    "bash",
    "B801200005001",
    "FILE",
    "FILE",
    "FILE",
)
"""Words that reach deep into the commands; FILE is replaced by the fuzzed file's path."""

_SAFE_TEXT = st.text(
    alphabet=st.characters(blacklist_characters="/\\\x00", blacklist_categories=["Cs"]),
    max_size=12,
)
"""Free text for an argument: never a path elsewhere (a fuzzed --report-csv writes only into
the example's own folder)."""

ARGUMENTS = st.tuples(
    st.sampled_from(COMMANDS),
    st.lists(st.one_of(st.sampled_from(WORDS), _SAFE_TEXT), max_size=7),
)


def _json_value() -> st.SearchStrategy[Any]:
    leaves = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=10),
    )
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
        ),
        max_leaves=12,
    )


MUTATED_GOOD = st.tuples(st.sampled_from(sorted(GOOD)), _json_value()).map(
    lambda kv: json.dumps({**GOOD, kv[0]: kv[1]}).encode()
)
"""GOOD as JSON with one field replaced (deep enough to reach the content checks)."""


CONTENTS = st.one_of(
    st.binary(max_size=200),
    st.text(max_size=200).map(lambda t: t.encode("utf-8")),
    st.text(alphabet=st.characters(max_codepoint=255), max_size=80).map(
        lambda t: t.encode("latin-1")
    ),
    _json_value().map(lambda v: json.dumps(v).encode()),
    st.lists(MUTATED_GOOD, min_size=1, max_size=3).map(lambda rows: b"\n".join(rows)),
    st.just(b"\xef\xbb\xbf" + json.dumps(GOOD).encode()),
    st.just(b"9" * 5000 + b"\n"),
    st.just(b"kind,pupil.parents.9999.full_name\nx,y\n"),
)
SUFFIXES = st.sampled_from([".json", ".jsonl", ".ndjson", ".csv", ".txt", ""])


def _argv(arguments: tuple[str, list[str]], path: Path) -> list[str]:
    command, rest = arguments
    return [command, *(str(path) if word == "FILE" else word for word in rest)]


@contextlib.contextmanager
def _in_folder(content: bytes, suffix: str) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder, contextlib.chdir(folder):
        path = Path(folder, f"input{suffix}")
        path.write_bytes(content)
        yield path


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(arguments=ARGUMENTS, content=CONTENTS, suffix=SUFFIXES)
def test_main_in_process(arguments: tuple[str, list[str]], content: bytes, suffix: str) -> None:
    with _in_folder(content, suffix) as path:
        argv = _argv(arguments, path)
        out, err = io.StringIO(), io.StringIO()
        stdin = io.TextIOWrapper(io.BytesIO(content), encoding="utf-8")
        with (
            contextlib.redirect_stderr(err),
            contextlib.redirect_stdout(out),
            _replaced_stdin(stdin),
        ):
            code = cli.main(argv, out=out)
    assert code in {0, 1, 2}, (argv, err.getvalue())
    assert "Traceback" not in err.getvalue()
    assert "internal error" not in err.getvalue()


@contextlib.contextmanager
def _replaced_stdin(stream: io.TextIOWrapper) -> Iterator[None]:
    saved = sys.stdin
    sys.stdin = stream
    try:
        yield
    finally:
        sys.stdin = saved


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(arguments=ARGUMENTS, content=CONTENTS, suffix=SUFFIXES)
def test_the_command_in_a_subprocess(
    arguments: tuple[str, list[str]], content: bytes, suffix: str
) -> None:
    with _in_folder(content, suffix) as path:
        argv = _argv(arguments, path)
        result = subprocess.run(
            [sys.executable, "-m", "cme_core", *argv],
            input=content,
            capture_output=True,
            check=False,
            timeout=60,
        )
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode in {0, 1, 2}, (argv, stderr)
    assert "Traceback" not in stderr
    assert "internal error" not in stderr
