"""The ``cme`` command line (an edge: it reads files and prints; the core does neither).

Exit codes (every command): 0 = valid / nothing found wrong, 1 = problems found, 2 = unusable
input (a missing or unreadable file, bad arguments), 3 = a bug in cme_core (reported without a
traceback, which could carry personal data). A closed pipe (``cme ... | head``) ends the
command quietly with the exit code the output so far earned.

Commands take the day they judge on as ``--on YYYY-MM-DD``: cme_core never reads the clock. At
the command line only, ``--on today`` names the current day in England (Europe/London).

Nothing the caller sent is echoed in an error message (a date of birth, a UPN, the text of an
argument); file names given on the command line are named. Every value printed as text has its
control characters escaped (``\\x1b``), so a file cannot drive the terminal.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import IO, TYPE_CHECKING, Any, BinaryIO, NoReturn, TextIO

from cme_core import __version__
from cme_core.errors import CmeError

# Each subcommand imports what it uses when it runs (``cme upn X`` never imports the law, the
# attendance rules or the wire format); the names below are for type checkers only.
if TYPE_CHECKING:
    from cme_core.problems import Report
    from cme_core.returns import Obligation, ReturnKind
    from cme_core.submissions import Limits, RowResult

__all__ = [
    "EXIT_BUG",
    "EXIT_OK",
    "EXIT_PROBLEMS",
    "EXIT_UNUSABLE",
    "INPUT_FORMATS",
    "OUTPUT_SCHEMA_VERSION",
    "main",
]

EXIT_OK, EXIT_PROBLEMS, EXIT_UNUSABLE, EXIT_BUG = 0, 1, 2, 3

OUTPUT_SCHEMA_VERSION = "1"
"""The version of the shape of ``cme``'s JSON output (``schema_version`` in it): raised when a
key is removed or changes meaning, not when one is added."""

INPUT_FORMATS: Mapping[str, str] = {
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
}
"""The file-name suffixes ``cme validate`` knows, and the format each means."""

ENGLAND = "Europe/London"
"""The zone in which ``--on today`` is resolved."""

_LIMIT_FLAGS = {
    "max_problems_per_row": "problems listed per row (past it: one summary per code)",
    "max_problems_per_file": "problems listed per file (past it: the summaries only)",
    "max_list_index": "the largest list index a CSV column may name",
    "max_field_chars": "the longest text a CSV cell, JSON string or key may have",
    "max_depth": "the deepest nesting of a JSON row (and parts of a CSV column name)",
}
"""The readers' limits (:class:`cme_core.submissions.Limits`), each a ``--max-...`` flag."""

_FORMAT_LIST = "json, jsonl or csv"
_SUFFIX_LIST = ".json, .jsonl, .ndjson or .csv"


class UsageError(Exception):
    """Unusable input: reported on stderr, exit code 2."""


class _ArgumentsError(Exception):
    """Bad arguments: the usage of the (sub)command and what was wrong, exit code 2."""

    def __init__(self, usage: str, message: str) -> None:
        super().__init__(message)
        self.usage = usage


class _Outcome:
    """The exit code the output so far has earned (what a closed pipe ends with)."""

    def __init__(self) -> None:
        self.code = EXIT_OK

    def at_least(self, code: int) -> None:
        """Raise the exit code to ``code`` (never lower it)."""
        self.code = max(self.code, code)


# --- what is printed ---------------------------------------------------------------------------


def _escape(text: str) -> str:
    """``text`` with every character that is not printable (ESC, CR, TAB, other controls,
    format characters, lone surrogates) written as a Python escape: safe on a terminal."""
    if text.isprintable():
        return text
    return "".join(
        c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text
    )


def _shown(value: object, limit: int = 64) -> str:
    """A caller's value (a key, a file name) as printed: escaped and cut to ``limit``."""
    text = str(value)
    if len(text) > limit:
        text = text[:limit] + "..."
    return _escape(text)


def _file_label(name: str) -> str:
    """How an input file is named in the output: as given on the command line."""
    return "<stdin>" if name == "-" else _shown(name, 200)


def _envelope(on: date | None) -> dict[str, Any]:
    """The keys every JSON report of ``cme`` opens with."""
    return {
        "tool": "cme",
        "version": __version__,
        "schema_version": OUTPUT_SCHEMA_VERSION,
        "judged_on": on.isoformat() if on else None,
    }


def _emit(data: Any, text: str, fmt: str, out: TextIO) -> None:
    if fmt == "json":
        json.dump(data, out, indent=2, default=str)
        out.write("\n")
    else:
        out.write(text if text.endswith("\n") else text + "\n")


def _table(rows: Sequence[Sequence[object]], headers: Sequence[str]) -> str:
    cells = [[str(c) for c in headers], *[[_escape(str(c)) for c in r] for r in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


# --- arguments ---------------------------------------------------------------------------------


def _date(text: str) -> date:
    """A date written YYYY-MM-DD, as in the wire format (no other ISO 8601 forms)."""
    try:
        if len(text) != 10 or text[4] != "-" or text[7] != "-":
            raise ValueError("not YYYY-MM-DD")
        return date.fromisoformat(text)
    except ValueError:
        # never the text itself: it may be a child's date of birth
        raise argparse.ArgumentTypeError("expected a date written YYYY-MM-DD") from None


def _count(text: str) -> int:
    """A whole number, 0 or more (a limit)."""
    if not text.isascii() or not text.isdigit() or len(text) > 9:
        raise argparse.ArgumentTypeError("expected a whole number, 0 or more")
    return int(text)


def today_in_england() -> date:
    """The current day in England (the CLI may read the clock; the library never does)."""
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo(ENGLAND)).date()


def _judgement_day(text: str) -> date:
    """``--on``: a date YYYY-MM-DD, or ``today`` (resolved in Europe/London)."""
    if text == "today":
        return today_in_england()
    try:
        return _date(text)
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError("expected a date written YYYY-MM-DD, or 'today'") from None


_CHOICE = re.compile(r"invalid choice: .*(?= \(choose from )", re.DOTALL)
_TYPED = re.compile(r"invalid (\S+) value: .*", re.DOTALL)
_EXPLICIT = re.compile(r"ignored explicit argument .*", re.DOTALL)
_OPTION = re.compile(r"--?[A-Za-z][A-Za-z0-9-]*")


def _without_values(message: str) -> str:
    """An argparse message with the caller's values taken out (they may be personal data)."""
    message = _CHOICE.sub("invalid choice", message)
    message = _TYPED.sub("invalid value", message)
    message = _EXPLICIT.sub("this option takes no value", message)
    return _shown(message, 300)


def _unexpected(extras: Sequence[str]) -> str:
    """Describe unexpected arguments, naming options but not values."""
    options = [e.split("=", 1)[0] for e in extras if _OPTION.fullmatch(e.split("=", 1)[0])]
    others = len(extras) - len(options)
    parts = []
    if options:
        parts.append("unrecognised option(s) " + " ".join(options))
    if others:
        parts.append(f"{others} unexpected argument(s) (not shown)")
    return "; ".join(parts)


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are raised (main() returns, never exits) and never
    repeat the caller's values."""

    def error(self, message: str) -> NoReturn:
        """Raise the error for main() to report (argparse would print and exit)."""
        raise _ArgumentsError(
            self.format_usage(), f"{self.prog}: error: {_without_values(message)}"
        )


# --- small commands ----------------------------------------------------------------------------


def cmd_upn(args: argparse.Namespace, out: TextIO) -> int:
    """``cme upn UPN...``."""
    from cme_core.identifiers import upn

    rows = []
    data = []
    for value in args.upns:
        problems = upn.problems(value)
        rows.append(
            [_shown(value, 40), "valid" if not problems else ", ".join(p.code for p in problems)]
        )
        data.append(
            {"upn": value, "valid": not problems, "problems": [p.to_dict() for p in problems]}
        )
    code = EXIT_OK if all(d["valid"] for d in data) else EXIT_PROBLEMS
    args.outcome.at_least(code)
    _emit(data, _table(rows, ["UPN", "result"]), args.format, out)
    return code


def _age_facts(dob: date, on: date) -> dict[str, Any]:
    from cme_core.school_age import (
        compulsory_school_age_end,
        compulsory_school_age_start,
        is_of_compulsory_school_age,
    )

    return {
        "date_of_birth": dob.isoformat(),
        "compulsory_school_age_start": compulsory_school_age_start(dob).isoformat(),
        "compulsory_school_age_end": compulsory_school_age_end(dob).isoformat(),
        "of_compulsory_school_age_on": on.isoformat(),
        "of_compulsory_school_age": is_of_compulsory_school_age(dob, on),
    }


_NOT_BORN = "the date of birth is after the day judged on (--on): the child was not yet born"


def cmd_age(args: argparse.Namespace, out: TextIO) -> int:
    """``cme age DATE_OF_BIRTH --on DATE``: exit 1 when the birth is after ``--on``."""
    if args.dob > args.on:
        args.outcome.at_least(EXIT_PROBLEMS)
        facts: dict[str, Any] = {
            "date_of_birth": args.dob.isoformat(),
            "of_compulsory_school_age_on": args.on.isoformat(),
            "of_compulsory_school_age": False,
            "problem": _NOT_BORN,
        }
        _emit(facts, _NOT_BORN, args.format, out)
        return EXIT_PROBLEMS
    facts = _age_facts(args.dob, args.on)
    _emit(facts, "\n".join(f"{k}: {v}" for k, v in facts.items()), args.format, out)
    return EXIT_OK


def cmd_deadline(args: argparse.Namespace, out: TextIO) -> int:
    """``cme deadline new-pupil|deletion``."""
    from cme_core.returns import deletion_return_window, new_pupil_return_due

    if args.kind == "new-pupil":
        if args.entered is None:
            raise UsageError("deadline new-pupil needs --entered DATE")
        due = new_pupil_return_due(args.entered)
        _emit(due.to_dict(), f"due by the end of {due.last_day} ({due.citation})", args.format, out)
        return EXIT_OK
    if args.deleted is None:
        raise UsageError("deadline deletion needs --deleted DATE (and --ground-met DATE)")
    soon, latest = deletion_return_window(args.deleted, ground_met_on=args.ground_met)
    data = {
        "earliest": soon.last_day.isoformat() if soon.last_day else None,
        "latest": latest.last_day.isoformat() if latest.last_day else None,
        "deadlines": [soon.to_dict(), latest.to_dict()],
    }
    if soon == latest:
        text = f"{latest.rule}: by the end of {latest.last_day} ({latest.citation})"
    elif soon.last_day is None:
        text = f"{soon.rule}, and by the end of {latest.last_day} ({latest.citation})"
    else:
        text = f"from {soon.last_day} to {latest.last_day} ({latest.citation})"
    _emit(data, text, args.format, out)
    return EXIT_OK


def cmd_schema(args: argparse.Namespace, out: TextIO) -> int:
    """``cme schema DOCUMENT``: JSON only (``--format text`` is refused by the parser)."""
    from cme_core.serialization import json_schema

    json.dump(json_schema(args.document), out, indent=2)
    out.write("\n")
    return EXIT_OK


def cmd_grounds(args: argparse.Namespace, out: TextIO) -> int:
    """``cme grounds [--on DATE]``."""
    from cme_core.law.regimes import REGIMES, regime_for

    regimes = [regime_for(args.on)] if args.on else list(REGIMES)
    data = []
    rows = []
    for regime in regimes:
        grounds = regime.grounds_on(args.on) if args.on else regime.grounds
        for g in grounds:
            data.append(g.to_dict())
            rows.append([g.citation, g.title, ", ".join(g.equivalent) or "-"])
    _emit(data, _table(rows, ["ground", "title", "equivalent"]), args.format, out)
    return EXIT_OK


def cmd_demo(args: argparse.Namespace, out: TextIO) -> int:
    """``cme demo``."""
    from cme_core import demo

    return demo.run(fmt=args.format, out=out)


def cmd_completion(args: argparse.Namespace, out: TextIO) -> int:
    """``cme completion bash|zsh|fish``: a shell-completion script (made by shtab)."""
    import shtab

    out.write(shtab.complete(build_parser(), shell=args.shell))
    out.write("\n")
    return EXIT_OK


# --- reading files -----------------------------------------------------------------------------


def _cannot(verb: str, name: str, exc: OSError) -> str:
    """``cannot read FILE: No such file or directory`` (the system's reason, not the file's
    content)."""
    return f"cannot {verb} {_file_label(name)}: {exc.strerror or type(exc).__name__}"


def _open_input(name: str) -> BinaryIO:
    """The file named on the command line, opened for bytes (``-`` is standard input)."""
    if name == "-":
        return sys.stdin.buffer
    try:
        return open(name, "rb")
    except OSError as exc:
        raise UsageError(_cannot("read", name, exc)) from None


def _limits(args: argparse.Namespace) -> Limits:
    """The readers' limits: the defaults, with the ``--max-*`` flags given."""
    from cme_core.submissions import Limits

    given = {
        name: getattr(args, name) for name in _LIMIT_FLAGS if getattr(args, name, None) is not None
    }
    return Limits(**given)


def _documents(name: str, fmt: str, limits: Limits) -> Iterator[tuple[int, object]]:
    """The rows of a small file (a register, a ``--made`` file) read by the bulk readers (so
    with the same encodings, limits and messages); the first row that cannot be read makes
    the file unusable."""
    from cme_core.submissions import UNREADABLE, read_rows

    stream = _open_input(name)
    try:
        for number, payload, report in read_rows(stream, fmt=fmt, limits=limits):
            if payload is UNREADABLE:
                first = report.problems[0] if report.problems else None
                why = _escape(first.message) if first else "cannot be read"
                raise UsageError(f"{_file_label(name)}: row {number}: {why}")
            yield number, payload
    except OSError as exc:
        raise UsageError(_cannot("read", name, exc)) from None
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()


def _read_json(name: str, limits: Limits) -> Any:
    """A file holding one JSON document (a register)."""
    rows = list(_documents(name, "json", limits))
    if len(rows) != 1 or not isinstance(rows[0][1], dict):
        raise UsageError(f"{_file_label(name)}: expected one JSON object")
    return rows[0][1]


# --- cme validate ------------------------------------------------------------------------------


def _input_format(name: str, given: str | None) -> str:
    """The format of an input file: ``--input-format``, else its suffix; refused if unknown."""
    if given:
        return given
    if name == "-":
        raise UsageError(f"reading standard input (-) needs --input-format {_FORMAT_LIST}")
    from pathlib import Path

    fmt = INPUT_FORMATS.get(Path(name).suffix.lower())
    if fmt is None:
        raise UsageError(
            f"{_file_label(name)}: cannot tell its format from its name; name it "
            f"{_SUFFIX_LIST}, or give --input-format {_FORMAT_LIST}"
        )
    return fmt


_HOLD = 1000
"""Rows held back while every row so far is unreadable (a file none of whose rows can be read
is refused as a whole, exit 2; past this many, the rows are reported one by one)."""


def _refusal(name: str, fmt: str, first: RowResult) -> str:
    """Why a file none of whose rows could be read is unusable (from its first row)."""
    from cme_core.submissions import NOT_UTF8

    problem = first.report.problems[0] if first.report.problems else None
    message = _escape(problem.message) if problem else "cannot be read"
    if problem is not None and problem.code == NOT_UTF8.code:
        return f"{_file_label(name)}: {message}"
    return f"{_file_label(name)}: no row could be read as {fmt}: {message}"


class _FileTally:
    """What one input file gave: rows, rows with errors, problems; or why it was unusable."""

    def __init__(self, name: str, fmt: str) -> None:
        self.name = name
        self.fmt = fmt
        self.rows = 0
        self.with_errors = 0
        self.problems = 0
        self.unusable: str | None = None

    def add(self, result: RowResult) -> None:
        """Count one row."""
        self.rows += 1
        self.with_errors += not result.report.is_valid
        self.problems += len(result.report.problems)

    def to_dict(self) -> dict[str, Any]:
        """The file's line in the JSON summary."""
        return {
            "file": self.name,
            "format": self.fmt,
            "rows": self.rows,
            "with_errors": self.with_errors,
            "problems": self.problems,
            "unusable": self.unusable,
        }


class _Progress:
    """Progress on stderr while a file is read (tqdm): bytes of the file's size with rate and
    time left, or rows read when the size is unknown (standard input). Silent unless stderr
    is a terminal, and with ``--quiet``; redrawn at most twice a second."""

    def __init__(self, stream: BinaryIO, label: str, *, enabled: bool) -> None:
        from tqdm import tqdm

        size: int | None = None
        self.start = 0
        if enabled:
            with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
                status = os.fstat(stream.fileno())
                if stat.S_ISREG(status.st_mode):
                    self.start = stream.tell()
                    size = status.st_size - self.start
        self.stream = stream
        self.by_bytes = size is not None
        self.rows = 0
        common: dict[str, Any] = {
            "desc": label,
            "file": sys.stderr,
            "disable": not enabled,
            "mininterval": 0.5,
            "leave": False,
            "dynamic_ncols": True,
        }
        if self.by_bytes:
            self.bar = tqdm(total=size, unit="B", unit_scale=True, unit_divisor=1024, **common)
        else:
            self.bar = tqdm(total=None, unit=" rows", **common)

    def step(self) -> None:
        """One more row read."""
        if self.bar.disable:
            return
        self.rows += 1
        if self.by_bytes:
            with contextlib.suppress(OSError, ValueError):
                self.bar.set_postfix_str(f"{self.rows} rows", refresh=False)
                self.bar.update(self.stream.tell() - self.start - self.bar.n)
        else:
            self.bar.update(1)

    def close(self) -> None:
        """Remove the bar."""
        self.bar.close()


def _rows_of(stream: BinaryIO, fmt: str, args: argparse.Namespace) -> Iterator[RowResult]:
    """The validated rows of one input file (the bulk readers decode the bytes)."""
    from cme_core.submissions import read_rows, validate_rows

    limits = args.limits
    return validate_rows(read_rows(stream, fmt=fmt, limits=limits), on=args.on, limits=limits)


def _file_results(
    name: str, fmt: str, args: argparse.Namespace, tally: _FileTally, progress_on: bool
) -> Iterator[RowResult]:
    """The results of one file, in order; sets ``tally.unusable`` when the file cannot be
    used (cannot be opened, holds no rows, or not one of its rows could be read)."""
    from pathlib import Path

    try:
        stream = _open_input(name)
    except UsageError as exc:
        tally.unusable = str(exc)
        return
    progress = _Progress(stream, _shown(Path(name).name, 24), enabled=progress_on)
    held: list[RowResult] = []
    holding = True
    try:
        for result in _rows_of(stream, fmt, args):
            progress.step()
            if holding:
                if not result.readable and len(held) < _HOLD:
                    held.append(result)
                    continue
                holding = False
                yield from held
                held.clear()
            yield result
        if holding and held:
            tally.unusable = _refusal(name, fmt, held[0])
        elif holding:
            tally.unusable = f"{_file_label(name)} holds no rows to validate"
    except OSError as exc:
        tally.unusable = _cannot("read", name, exc)
    finally:
        progress.close()
        if stream is not sys.stdin.buffer:
            stream.close()


def _all_results(
    files: Sequence[tuple[str, str]],
    args: argparse.Namespace,
    tallies: list[_FileTally],
    progress_on: bool,
) -> Iterator[tuple[str, RowResult]]:
    """Every file's results in turn, each counted (and the exit code raised) as it comes."""
    for name, fmt in files:
        tally = _FileTally(name, fmt)
        tallies.append(tally)
        for result in _file_results(name, fmt, args, tally, progress_on):
            tally.add(result)
            if not result.report.is_valid:
                args.outcome.at_least(EXIT_PROBLEMS)
            yield name, result
        if tally.unusable is not None:
            args.outcome.at_least(EXIT_UNUSABLE)
            sys.stderr.write(f"cme: {tally.unusable}\n")


def _summary(tallies: Sequence[_FileTally], code: int) -> dict[str, Any]:
    rows = sum(t.rows for t in tallies)
    bad = sum(t.with_errors for t in tallies)
    return {
        "files": [t.to_dict() for t in tallies],
        "rows": rows,
        "valid": rows - bad,
        "with_errors": bad,
        "problems": sum(t.problems for t in tallies),
        "unusable_files": sum(t.unusable is not None for t in tallies),
        "exit_code": code,
    }


def _summary_text(tallies: Sequence[_FileTally], on: date) -> str:
    lines = []
    if len(tallies) > 1:
        for t in tallies:
            state = "unusable" if t.unusable else f"{t.rows} row(s), {t.with_errors} with errors"
            lines.append(f"{_file_label(t.name)}: {state}\n")
    rows = sum(t.rows for t in tallies)
    bad = sum(t.with_errors for t in tallies)
    lines.append(f"{rows} row(s) checked, {bad} with errors (judged on {on.isoformat()})\n")
    return "".join(lines)


def _row_label(name: str, result: RowResult) -> str:
    pupil = f" (pupil {_shown(result.pupil_id)})" if result.pupil_id else ""
    return f"{_file_label(name)} row {result.row}{pupil}"


def _write_text(
    results: Iterable[tuple[str, RowResult]], out: TextIO, *, all_rows: bool, guard: Any
) -> None:
    for name, result in results:
        if result.report.problems:
            label = _row_label(name, result)
            with guard():
                for p in result.report:
                    out.write(f"{label}: {_escape(str(p))}\n")
        elif all_rows:
            with guard():
                out.write(f"{_row_label(name, result)}: valid\n")


def _write_json_rows(results: Iterable[tuple[str, RowResult]], out: TextIO, *, lines: bool) -> None:
    first = True
    for name, result in results:
        row = {"file": name, **result.to_dict()}
        if lines:
            out.write(json.dumps({"type": "row", **row}) + "\n")
        else:
            out.write(("\n" if first else ",\n") + json.dumps(row))
        first = False


def cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    """``cme validate FILE... --on DATE``: every file's rows, each file under its own name."""
    files = [(name, _input_format(name, args.input_format)) for name in args.files]
    args.limits = _limits(args)
    if args.report_csv:
        for name, _fmt in files:
            if name != "-" and _same_file(name, args.report_csv):
                raise UsageError(f"--report-csv would overwrite the input {_file_label(name)}")
    progress_on = not args.quiet and _is_terminal(sys.stderr)
    tallies: list[_FileTally] = []
    results = _all_results(files, args, tallies, progress_on)
    head = _envelope(args.on)
    if args.report_csv:
        try:
            report = open(args.report_csv, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115
        except OSError as exc:
            raise UsageError(_cannot("write", args.report_csv, exc)) from None
        with report:
            _write_csv_report(results, report, all_rows=args.all_rows)
        head["report_csv"] = args.report_csv
    elif args.format == "json":
        out.write(json.dumps(head)[:-1] + ', "rows": [')
        _write_json_rows(results, out, lines=False)
        out.write("\n],\n")
    elif args.format == "jsonl":
        _write_json_rows(results, out, lines=True)
    else:
        guard = _terminal_guard(progress_on, out)
        _write_text(results, out, all_rows=args.all_rows, guard=guard)
    code: int = args.outcome.code
    summary = _summary(tallies, code)
    if args.format == "json":
        if args.report_csv:
            out.write(json.dumps({**head, "summary": summary}, indent=2) + "\n")
        else:
            out.write(' "summary": ' + json.dumps(summary) + "}\n")
    elif args.format == "jsonl":
        out.write(json.dumps({"type": "summary", **head, "summary": summary}) + "\n")
    elif any(t.unusable is None for t in tallies):
        out.write(_summary_text(tallies, args.on))
    return code


# --- cme reconcile -----------------------------------------------------------------------------

_RECONCILE_LISTS = ("matches", "awaited", "referral_candidates", "two_rolls", "review")
_RECONCILE_TO_ACT = (
    "awaited",
    "referral_candidates",
    "on_roll_without_return",
    "two_rolls",
    "review",
)
"""The lists that ask the LA to act (exit 1): the matches, the children already known to a CME
team and those accounted for by another LA do not."""
RECONCILE_CSV_HEADER = (
    "list",
    "record_school_laestab",
    "record_pupil_id",
    "record_row",
    "other_school_laestab",
    "other_pupil_id",
    "other_row",
    "stage",
    "match_weight",
    "detail",
    "citation",
)
"""The header of ``cme reconcile --report-csv``: one line per item of every list; records are
named by school and pupil id and their row in the input file (never by personal data)."""


def _reconcile_inputs(
    name: str, kind: str, args: argparse.Namespace
) -> tuple[list[Any], dict[str, Any], list[int]]:
    """The returns of ``kind`` in one input file, its tally (rows, used, skipped) and the
    file's row number of each return used."""
    from cme_core.returns import DeletionReturn, NewPupilReturn

    wanted = DeletionReturn if kind == "deletion" else NewPupilReturn
    fmt = _input_format(name, args.input_format)
    stream = _open_input(name)
    values: list[Any] = []
    used_rows: list[int] = []
    rows = 0
    try:
        for result in _rows_of(stream, fmt, args):
            rows += 1
            if isinstance(result.value, wanted):
                values.append(result.value)
                used_rows.append(result.row)
    except OSError as exc:
        raise UsageError(_cannot("read", name, exc)) from None
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()
    if rows == 0:
        raise UsageError(f"{_file_label(name)} holds no rows to reconcile")
    if not values:
        raise UsageError(f"{_file_label(name)}: no row is a {kind.replace('_', '-')} return")
    tally = {
        "file": name,
        "format": fmt,
        "rows": rows,
        "used": len(values),
        "skipped": rows - len(values),
    }
    return values, tally, used_rows


def _reconcile_csv_rows(
    data: Mapping[str, Any], rows: Mapping[str, Sequence[int]]
) -> Iterator[list[object]]:
    """The lines of the reconcile CSV report (from the JSON-compatible result); ``rows`` maps
    each source to the input file's row number of each return used."""

    def ids(ref: Mapping[str, Any] | None) -> list[object]:
        if ref is None:
            return ["", "", ""]
        source, index = ref["source"], ref["index"]
        where = rows[source][index] if source in rows else f"{source} {index + 1}"
        return [ref["school_laestab"], ref["pupil_id"], where]

    def linked(name: str, item: Mapping[str, Any], other: str, detail: str) -> list[object]:
        link = item["link"]
        return [
            name,
            *ids(item["deletion"]),
            *ids(item[other]),
            link["stage"],
            link["match_weight"],
            detail,
            item["citation"],
        ]

    for item in data["matches"]:
        detail = f"days between {item['days_between']}; return on time {item['return_on_time']}"
        yield linked("matched", item, "admission", detail)
    for item in data["awaited"]:
        counted = (
            "; counted as weekdays less bank holidays (term dates unknown)"
            if item.get("school_days_approximate")
            else ""
        )
        detail = (
            f"destination {item['destination_laestab']}; {item['school_days_since']} school "
            f"days since deletion (wait {item['wait_school_days']}, local practice){counted}"
        )
        yield ["awaited", *ids(item["deletion"]), *ids(None), "", "", detail, item["citation"]]
    for item in data["referral_candidates"]:
        detail = f"ground {item['ground']}; assess_referral: {item['outcome']}"
        yield [
            "referral_candidate",
            *ids(item["deletion"]),
            *ids(None),
            "",
            "",
            detail,
            item["citation"],
        ]

    for item in data.get("on_roll_without_return", ()):
        detail = (
            f"on the register from {item['starting_day']}; new-pupil return due "
            f"{item['return_due']}; overdue {item['return_overdue']}"
        )
        yield linked("on_roll_without_return", item, "register", detail)
    for item in data.get("known_cases", ()):
        detail = f"known to a CME team instead of {item['instead_of']}"
        yield linked("known_case", item, "known_by", detail)
    for item in data.get("accounted_elsewhere", ()):
        detail = f"on a roll in LA {item['la_code']} (notified {item['notified_on']})"
        yield linked("accounted_elsewhere", item, "notification", detail)
    for item in data["two_rolls"]:
        link = item["link"]
        yield [
            "two_rolls",
            *ids(item["first"]),
            *ids(item["second"]),
            link["stage"],
            link["match_weight"],
            "",
            item["citation"],
        ]
    for item in data["review"]:
        link = item["link"]
        why = "; ".join(
            f"{c['comparison']}: {c['level']} ({c['weight']:+.2f})" for c in link["contributions"]
        )
        yield [
            "review",
            *ids(link["left"]),
            *ids(link["right"]),
            link["stage"],
            link["match_weight"],
            f"{item.get('kind', 'deletion-admission')}: {why}",
            item["citation"],
        ]


def _load_register(name: str, limits: Limits) -> tuple[Any, Report]:
    """A school register file (JSON) and the problems of reading it; a file that is not a
    usable register is a usage error, with its first problems on stderr."""
    from cme_core.registers import SchoolRegister
    from cme_core.serialization import load

    register, loaded = load(_read_json(name, limits), SchoolRegister)
    if register is None:
        for p in list(loaded)[:20]:
            sys.stderr.write(f"{_escape(str(p))}\n")
        raise UsageError(f"{_file_label(name)} is not a usable school register")
    return register, loaded


def _reconcile_engine(name: str) -> Any:
    """The engine of ``--engine``: DuckDB in this process, or the environment's Spark session
    (``spark-submit``, Databricks), else a local one."""
    from cme_core.reconcile import DuckDBEngine, SparkEngine

    if name == "duckdb":
        return DuckDBEngine()
    try:
        from cme_core.spark import active_or_local_session
    except ImportError:
        raise UsageError("--engine spark needs the 'spark' extra (pyspark)") from None
    session = active_or_local_session("cme reconcile")
    return SparkEngine(session=session)


def cmd_reconcile(args: argparse.Namespace, out: TextIO) -> int:
    """``cme reconcile DELETIONS ADMISSIONS --on DATE``: link the deletion returns with the
    new-pupil returns and list every child not accounted for (:mod:`cme_core.reconcile`)."""
    import csv

    from cme_core.reconcile import ReconcileSettings, reconcile
    from cme_core.submissions import safe_csv_cell

    args.limits = _limits(args)
    if args.report_csv:
        for name in (args.deletions, args.admissions):
            if name != "-" and _same_file(name, args.report_csv):
                raise UsageError(f"--report-csv would overwrite the input {_file_label(name)}")
    deletions, dtally, drows = _reconcile_inputs(args.deletions, "deletion", args)
    admissions, atally, arows = _reconcile_inputs(args.admissions, "new_pupil", args)
    rows = {"deletion": drows, "admission": arows}
    registers = [_load_register(name, args.limits)[0] for name in args.register or ()]
    settings = ReconcileSettings(
        probabilistic=not args.exact_only,
        **(
            {"destination_wait_school_days": args.wait_school_days}
            if args.wait_school_days is not None
            else {}
        ),
    )
    result = reconcile(
        deletions,
        admissions,
        on=args.on,
        settings=settings,
        registers=registers,
        engine=_reconcile_engine(args.engine) if not args.exact_only else None,
    )
    data = result.to_dict()
    # In the JSON, ``index`` is a record's position among the returns used (rows that are not
    # returns of the kind are skipped); the CSV and text name the input file's row.
    to_act = any(data.get(k) for k in _RECONCILE_TO_ACT)
    skipped = dtally["skipped"] + atally["skipped"]
    code = EXIT_PROBLEMS if to_act or skipped else EXIT_OK
    head = {**_envelope(args.on), "inputs": {"deletions": dtally, "admissions": atally}}
    if args.report_csv:
        try:
            report = open(args.report_csv, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115
        except OSError as exc:
            raise UsageError(_cannot("write", args.report_csv, exc)) from None
        with report:
            writer = csv.writer(report)
            writer.writerow(RECONCILE_CSV_HEADER)
            for line in _reconcile_csv_rows(data, rows):
                writer.writerow([safe_csv_cell(cell) for cell in line])
        head["report_csv"] = args.report_csv
    summary = {**data["summary"], "skipped_rows": skipped, "exit_code": code}
    if args.format == "json":
        body = {k: v for k, v in data.items() if k not in ("summary", "judged_on")}
        if args.report_csv:
            body = {"model_version": data["model_version"]}
        out.write(json.dumps({**head, **body, "summary": summary}, indent=2) + "\n")
    else:
        lines = [
            f"{summary['deletions']} deletion(s), {summary['admissions']} admission(s) "
            f"reconciled (judged on {args.on.isoformat()}, model {data['model_version']})",
            f"  matched to an admission: {summary['matched']}",
            f"  destination named, no admission yet (enquire): {summary['awaited']}",
            f"  CME referral candidates: {summary['referral_candidates']}",
            f"  on another school's register, no new-pupil return: "
            f"{summary['on_roll_without_return']}",
            f"  already known to a CME team: {summary['known_cases']}",
            f"  accounted for by another LA: {summary['accounted_elsewhere']}",
            f"  on two rolls without dual registration: {summary['two_rolls']}",
            f"  possible matches for review: {summary['review']}",
        ]
        if skipped:
            lines.append(f"  rows skipped (not a return of the kind expected): {skipped}")
        if not args.report_csv:
            for line in _reconcile_csv_rows(data, rows):
                if line[0] not in ("matched", "known_case", "accounted_elsewhere"):
                    record = f"school {_shown(line[1])} pupil {_shown(line[2])} (row {line[3]})"
                    other = (
                        f" ~ school {_shown(line[4])} pupil {_shown(line[5])} (row {line[6]})"
                        if line[4] != ""
                        else ""
                    )
                    lines.append(f"  {line[0]}: {record}{other}")
        out.write("\n".join(lines) + "\n")
    return code


def _csv_report_header() -> tuple[str, ...]:
    """The header of ``--report-csv`` (``CSV_REPORT_HEADER``): the input file's name, then the
    library's report columns (:data:`cme_core.submissions.CSV_REPORT_COLUMNS`)."""
    from cme_core.submissions import CSV_REPORT_COLUMNS

    return ("input_file", *CSV_REPORT_COLUMNS)


def _write_csv_report(
    results: Iterable[tuple[str, RowResult]], out: TextIO, *, all_rows: bool
) -> None:
    """The library's CSV report (:func:`~cme_core.submissions.write_report_csv`: one line per
    problem, every cell neutralised against formulas) with the input file's name first."""
    import csv

    from cme_core.submissions import safe_csv_cell, write_report_csv

    writer = csv.writer(out)
    writer.writerow(_csv_report_header())
    for name, result in results:
        one = io.StringIO()
        write_report_csv([result], one, all_rows=all_rows)
        lines = csv.reader(io.StringIO(one.getvalue(), newline=""))
        next(lines)  # the library's header
        file_cell = safe_csv_cell("<stdin>" if name == "-" else name)
        writer.writerows([file_cell, *line] for line in lines)


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def _is_terminal(stream: IO[Any]) -> bool:
    try:
        return stream.isatty()
    except (OSError, ValueError, AttributeError):
        return False


def _terminal_guard(progress_on: bool, out: TextIO) -> Callable[[], Any]:
    """Lines to a terminal that also shows a progress bar are written with the bar cleared."""
    if progress_on and _is_terminal(out):
        from tqdm import tqdm

        return lambda: tqdm.external_write_mode(file=out)
    return contextlib.nullcontext


# --- cme obligations ---------------------------------------------------------------------------

_MADE_COLUMNS = ("pupil_id", "kind", "triggered_on", "submitted_on")


class _Made:
    """A return already made (a row of the ``--made`` file)."""

    def __init__(
        self, row: int, pupil_id: str, kind: ReturnKind, triggered_on: date | None, made: date
    ) -> None:
        self.row = row
        self.pupil_id = pupil_id
        self.kind = kind
        self.triggered_on = triggered_on
        self.submitted_on = made


def _made_rows(name: str, limits: Limits) -> Iterator[tuple[int, object]]:
    """The rows of a ``--made`` file: a JSON array of objects, JSON Lines, or a CSV."""
    from pathlib import Path

    fmt = INPUT_FORMATS.get(Path(name).suffix.lower())
    if fmt is None:
        raise UsageError(f"{_file_label(name)}: --made reads a {_SUFFIX_LIST} file")
    return _documents(name, fmt, limits)


def _made_field_date(value: object) -> date | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError
    return _date(value)


def _read_made(name: str, limits: Limits | None = None) -> list[_Made]:
    """The returns already made, from a ``--made`` file (see the CLI page for its shape;
    ``limits`` default to :data:`cme_core.submissions.DEFAULT_LIMITS`)."""
    from cme_core.returns import ReturnKind
    from cme_core.submissions import DEFAULT_LIMITS

    limits = DEFAULT_LIMITS if limits is None else limits
    made = []
    for number, row in _made_rows(name, limits):
        where = f"{_file_label(name)} row {number}"
        if not isinstance(row, dict):
            raise UsageError(f"{where}: expected an object with {', '.join(_MADE_COLUMNS)}")
        pupil_id = row.get("pupil_id")
        if not isinstance(pupil_id, str) or not pupil_id:
            raise UsageError(f"{where}: expected a pupil_id (text)")
        try:
            kind = ReturnKind(row.get("kind"))
        except ValueError:
            kinds = ", ".join(k.value for k in ReturnKind)
            raise UsageError(f"{where}: expected a kind, one of {kinds}") from None
        try:
            triggered = _made_field_date(row.get("triggered_on"))
            submitted = _made_field_date(row.get("submitted_on"))
        except (ValueError, argparse.ArgumentTypeError):
            raise UsageError(f"{where}: expected dates written YYYY-MM-DD") from None
        if submitted is None:
            raise UsageError(f"{where}: expected a submitted_on date (YYYY-MM-DD)")
        made.append(_Made(number, pupil_id, kind, triggered, submitted))
    return made


def _match_made(
    found: Sequence[Obligation], made: Sequence[_Made], source: str
) -> tuple[dict[int, date], list[int]]:
    """Which obligation (by index) each made return answers: the one of the same pupil and
    kind triggered on ``triggered_on`` (or the only one, when ``triggered_on`` is left out);
    the earliest submission counts. Also the rows that answer none."""
    submitted: dict[int, date] = {}
    unmatched: list[int] = []
    for m in made:
        candidates = [
            i
            for i, o in enumerate(found)
            if o.pupil_id == m.pupil_id
            and o.kind is m.kind
            and (m.triggered_on is None or o.triggered_on == m.triggered_on)
        ]
        if len(candidates) > 1:
            raise UsageError(
                f"{_file_label(source)} row {m.row}: the pupil has several {m.kind.value} "
                "returns; give triggered_on"
            )
        if not candidates:
            unmatched.append(m.row)
            continue
        i = candidates[0]
        submitted[i] = min(submitted.get(i, m.submitted_on), m.submitted_on)
    return submitted, unmatched


def cmd_obligations(args: argparse.Namespace, out: TextIO) -> int:
    """``cme obligations REGISTER.json --on DATE [--made FILE]``: the register's problems
    first, then the returns it owes; exit 1 for register errors or an overdue return."""
    from cme_core.returns import ObligationStatus, obligations

    args.limits = _limits(args)
    register, loaded = _load_register(args.register, args.limits)
    made = _read_made(args.made, args.limits) if args.made else []
    cap = args.max_problems_per_record
    per_record = {} if cap is None else {"max_problems_per_record": cap}
    checked: Report = loaded + register.check(on=args.on, **per_record)
    found = obligations(
        register, on=args.on, attendance_return_dates=tuple(args.attendance_return or ())
    )
    submitted, unmatched = _match_made(found, made, args.made or "")
    statuses = [o.status(args.on, submitted_on=submitted.get(i)) for i, o in enumerate(found)]
    overdue = sum(s is ObligationStatus.OVERDUE for s in statuses)
    code = EXIT_PROBLEMS if overdue or not checked.is_valid else EXIT_OK
    args.outcome.at_least(code)
    summary = {
        "register_errors": len(checked.errors),
        "register_problems": len(checked.problems),
        "obligations": len(found),
        "overdue": overdue,
        "made": len(submitted),
        "made_unmatched": unmatched,
        "exit_code": code,
    }
    if args.format == "json":
        listed = []
        for i, (o, s) in enumerate(zip(found, statuses, strict=True)):
            made_on = submitted.get(i)
            listed.append(
                {
                    **o.to_dict(),
                    "status": s.value,
                    "submitted_on": made_on.isoformat() if made_on else None,
                }
            )
        document = {
            **_envelope(args.on),
            "register": checked.to_dict(),
            "obligations": listed,
            "summary": summary,
        }
        json.dump(document, out, indent=2)
        out.write("\n")
        return code
    if checked.problems:
        out.write(f"register: {len(checked.problems)} problem(s)\n")
        for p in checked:
            out.write(f"  {_escape(str(p))}\n")
        out.write("\n")
    rows = [
        [
            o.kind.value,
            _shown(o.pupil_id),
            o.triggered_on.isoformat(),
            o.earliest.isoformat(),
            o.due.last_day.isoformat() if o.due.last_day else "asap",
            s.value,
            o.citation,
        ]
        for o, s in zip(found, statuses, strict=True)
    ]
    out.write(_table(rows, ["return", "pupil", "triggered", "from", "due", "status", "citation"]))
    for row in unmatched:
        out.write(f"{_file_label(args.made)} row {row}: matches no return owed\n")
    errors = summary["register_errors"]
    out.write(
        f"{len(found)} return(s), {overdue} overdue; register: {errors} error(s) "
        f"(judged on {args.on.isoformat()})\n"
    )
    return code


# --- parser ------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """The parser of ``cme`` and its subcommands (also the source of the completion scripts)."""
    return _build_parser(None)


def _command_of(argv: Sequence[str]) -> str:
    """The subcommand ``argv`` names: its first word not starting with ``-`` (``cme`` itself
    takes no option with a value), or ``""`` when there is none."""
    return next((word for word in argv if not word.startswith("-")), "")


def _build_parser(only: str | None) -> argparse.ArgumentParser:
    """:func:`build_parser` with the arguments of subcommand ``only`` alone (every subcommand
    is listed, with its help, but the others take no arguments), so running one command
    imports only what that command uses; ``cme``'s own help, ``--version`` and the error for
    an unknown command need no subcommand's arguments. ``None``: every subcommand's."""
    parser = _Parser(
        prog="cme",
        description="cme_core: England's law on children missing education, as code.",
        epilog="Exit codes: 0 valid, 1 problems found, 2 unusable input, 3 a bug in cme_core.",
    )
    parser.add_argument("--version", action="version", version=f"cme_core {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    on_help = "the day to judge on: YYYY-MM-DD, or 'today' (in England)"

    def want(name: str) -> bool:
        return only is None or name == only

    def add(
        name: str,
        fn: Callable[[argparse.Namespace, TextIO], int],
        text: str,
        formats: tuple[str, ...] = ("text", "json"),
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=text, description=text)
        if formats:
            p.add_argument("--format", choices=formats, default=formats[0])
        p.set_defaults(func=fn, command_parser=p)
        return p

    def files(p: argparse.ArgumentParser, *args: str, **kwargs: Any) -> None:
        import shtab

        action = p.add_argument(*args, **kwargs)
        action.complete = shtab.FILE  # type: ignore[attr-defined]

    def limit_flags(p: argparse.ArgumentParser, flags: Mapping[str, str]) -> None:
        from cme_core.submissions import DEFAULT_LIMITS

        for name, text in flags.items():
            default = getattr(DEFAULT_LIMITS, name)
            flag = "--" + name.replace("_", "-")
            p.add_argument(flag, type=_count, metavar="N", help=f"{text} (default {default})")

    p = add("upn", cmd_upn, "check Unique Pupil Numbers (DfE census rules 1500-1560)")
    if want("upn"):
        p.add_argument("upns", nargs="+", metavar="UPN")
    p = add("age", cmd_age, "compulsory school age for a date of birth (Education Act 1996 s8)")
    if want("age"):
        p.add_argument("dob", type=_date, metavar="DATE_OF_BIRTH")
        p.add_argument("--on", type=_judgement_day, required=True, help=on_help, metavar="DATE")
    p = add(
        "validate",
        cmd_validate,
        "validate returns in JSON, JSON Lines or CSV files",
        formats=("text", "json", "jsonl"),
    )
    if want("validate"):
        files(p, "files", nargs="+", metavar="FILE", help="a file to validate; - reads stdin")
        p.add_argument("--on", type=_judgement_day, required=True, help=on_help, metavar="DATE")
        p.add_argument(
            "--input-format",
            choices=("json", "jsonl", "csv"),
            help=f"the format of every FILE (default: from its suffix, {_SUFFIX_LIST})",
        )
        files(p, "--report-csv", metavar="OUT.csv", help="write the report as CSV to OUT.csv")
        p.add_argument(
            "--all-rows", action="store_true", help="also list rows without problems (text, CSV)"
        )
        p.add_argument("--quiet", action="store_true", help="no progress bar on a terminal")
        limit_flags(p, _LIMIT_FLAGS)
    p = add(
        "reconcile",
        cmd_reconcile,
        "link an LA's deletion returns with its new-pupil returns (the 'reconcile' extra)",
    )
    if want("reconcile"):
        files(p, "deletions", metavar="DELETIONS", help="the deletion returns (a file)")
        files(p, "admissions", metavar="ADMISSIONS", help="the new-pupil returns (a file)")
        p.add_argument("--on", type=_judgement_day, required=True, help=on_help, metavar="DATE")
        p.add_argument(
            "--input-format",
            choices=("json", "jsonl", "csv"),
            help=f"the format of both files (default: from the suffix, {_SUFFIX_LIST})",
        )
        files(p, "--report-csv", metavar="OUT.csv", help="write the lists as CSV to OUT.csv")
        p.add_argument(
            "--wait-school-days",
            type=_count,
            metavar="N",
            help="school days to wait for a named destination's admission (LA policy; "
            "default 10, local practice)",
        )
        p.add_argument(
            "--exact-only", action="store_true", help="link on UPNs only (no Splink stage)"
        )
        files(
            p,
            "--register",
            metavar="REGISTER.json",
            action="append",
            help="a school register (as for 'cme obligations'): its pupils on roll can account "
            "for a deletion; repeat for each school",
        )
        p.add_argument(
            "--engine",
            choices=("duckdb", "spark"),
            default="duckdb",
            help="where the probabilistic stage runs: DuckDB in this process (default) or "
            "Spark (the environment's session, else a local one)",
        )
        limit_flags(p, {k: _LIMIT_FLAGS[k] for k in ("max_field_chars", "max_depth")})
    p = add("obligations", cmd_obligations, "returns a school owes its LA, from a register file")
    if want("obligations"):
        files(p, "register", metavar="REGISTER.json")
        p.add_argument("--on", type=_judgement_day, required=True, help=on_help, metavar="DATE")
        p.add_argument("--attendance-return", type=_date, action="append", metavar="DATE")
        files(
            p,
            "--made",
            metavar="FILE",
            help="returns already made (.json or .csv: pupil_id, kind, triggered_on, submitted_on)",
        )
        limit_flags(p, {k: _LIMIT_FLAGS[k] for k in ("max_field_chars", "max_depth")})
        p.add_argument(
            "--max-problems-per-record",
            type=_count,
            metavar="N",
            help="register problems of one type listed per record (past it: one summary; "
            "default: SchoolRegister.check's)",
        )
    p = add("deadline", cmd_deadline, "deadline of a new-pupil or deletion return")
    if want("deadline"):
        p.add_argument("kind", choices=("new-pupil", "deletion"))
        p.add_argument(
            "--entered",
            type=_date,
            metavar="DATE",
            help="new-pupil: the day the name was entered in the register (entered_on), "
            "not the starting day",
        )
        p.add_argument(
            "--ground-met",
            type=_date,
            metavar="DATE",
            help="deletion, 2006 rules: the day the ground was met "
            "(not needed under the 2024 rules)",
        )
        p.add_argument(
            "--deleted", type=_date, metavar="DATE", help="deletion: the day of deletion"
        )
    p = add("schema", cmd_schema, "print the JSON Schema of a wire document", formats=("json",))
    if want("schema"):
        from cme_core.serialization import DOCUMENTS

        p.add_argument("document", choices=sorted(DOCUMENTS))
    p = add("grounds", cmd_grounds, "list the deletion grounds (of the regime in force on --on)")
    if want("grounds"):
        p.add_argument("--on", type=_judgement_day, help=on_help, metavar="DATE")
    add("demo", cmd_demo, "run the demonstration on bundled example data")
    p = add("completion", cmd_completion, "print a shell-completion script", formats=())
    if want("completion"):
        p.add_argument("shell", choices=("bash", "zsh", "fish"))
    return parser


def _silence(out: TextIO) -> None:
    """After a closed pipe: point stdout at devnull so the final flush cannot fail again."""
    with contextlib.suppress(OSError, ValueError, AttributeError, io.UnsupportedOperation):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, out.fileno())
        os.close(devnull)


def _bug(exc: BaseException) -> str:
    """Where a bug happened (type, file, line, function), without its message or values."""
    import traceback
    from pathlib import Path

    frames = traceback.extract_tb(exc.__traceback__)
    where = ""
    if frames:
        last = frames[-1]
        where = f" at {Path(last.filename).name}:{last.lineno} in {last.name}"
    return (
        f"cme: internal error ({type(exc).__name__}{where}); this is a bug in cme_core, "
        "please report it with the command that caused it (without personal data)\n"
    )


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run ``cme`` with ``argv`` (default: the process's arguments), printing to ``out``
    (default: stdout); returns the exit code."""
    stdout = out or sys.stdout
    if out is None and isinstance(sys.stdout, io.TextIOWrapper):
        with contextlib.suppress(ValueError):
            sys.stdout.reconfigure(errors="backslashreplace")
    outcome = _Outcome()
    try:
        parser = _build_parser(_command_of(sys.argv[1:] if argv is None else argv))
        args, extras = parser.parse_known_args(argv)
        if extras:
            getattr(args, "command_parser", parser).error(_unexpected(extras))
        if args.command is None:
            parser.print_help(sys.stderr)
            return EXIT_UNUSABLE
        args.outcome = outcome
        code = int(args.func(args, stdout))
        stdout.flush()
        return code
    except _ArgumentsError as exc:
        sys.stderr.write(f"{exc.usage}{exc}\n")
        return EXIT_UNUSABLE
    except SystemExit as exc:  # --help, --version
        return EXIT_OK if exc.code in (0, None) else EXIT_UNUSABLE
    except BrokenPipeError:  # the reader went away (``cme schema ... | head``): stop quietly
        if stdout is sys.stdout or out is None:
            _silence(sys.stdout)
        return outcome.code
    except (UsageError, CmeError) as exc:
        sys.stderr.write(f"cme: {_shown(exc, 1000)}\n")
        return EXIT_UNUSABLE
    except (OSError, RecursionError, OverflowError, ValueError) as exc:
        sys.stderr.write(f"cme: unusable input ({type(exc).__name__})\n")
        return EXIT_UNUSABLE
    except KeyboardInterrupt:
        sys.stderr.write("cme: interrupted\n")
        return 130
    except Exception as exc:
        sys.stderr.write(_bug(exc))
        return EXIT_BUG


def __getattr__(name: str) -> object:
    """``CSV_REPORT_HEADER`` (the header of ``--report-csv``), made on first use (PEP 562), so
    importing this module does not import the readers."""
    if name == "CSV_REPORT_HEADER":
        return _csv_report_header()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
