"""The ``cme`` command line (an edge: it reads files and prints; the core does neither).

Exit codes (every command): 0 = valid / nothing found wrong, 1 = problems found, 2 = unusable
input (a missing or unreadable file, bad arguments).

Commands take the day they judge on as ``--on YYYY-MM-DD``: cme_core never reads the clock.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from cme_core import __version__, upn
from cme_core.errors import CmeError
from cme_core.law.regimes import REGIMES, regime_for
from cme_core.registers import SchoolRegister
from cme_core.returns import deletion_return_window, new_pupil_return_due, obligations
from cme_core.school_age import (
    compulsory_school_age_end,
    compulsory_school_age_start,
    is_of_compulsory_school_age,
)
from cme_core.serialization import DOCUMENTS, json_schema, load
from cme_core.submissions import (
    read_rows,
    to_text,
    validate_rows,
    write_report_csv,
    write_report_json,
)

__all__ = ["EXIT_OK", "EXIT_PROBLEMS", "EXIT_UNUSABLE", "main"]

EXIT_OK, EXIT_PROBLEMS, EXIT_UNUSABLE = 0, 1, 2


class UsageError(Exception):
    """Unusable input: reported on stderr, exit code 2."""


def _date(text: str) -> date:
    """A date written YYYY-MM-DD, as in the wire format (no other ISO 8601 forms)."""
    try:
        if len(text) != 10 or text[4] != "-" or text[7] != "-":
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from None


def _emit(data: Any, text: str, fmt: str, out: TextIO) -> None:
    if fmt == "json":
        json.dump(data, out, indent=2, default=str)
        out.write("\n")
    else:
        out.write(text if text.endswith("\n") else text + "\n")


def _table(rows: Sequence[Sequence[object]], headers: Sequence[str]) -> str:
    cells = [[str(c) for c in headers], *[[str(c) for c in r] for r in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


# --- commands --------------------------------------------------------------------------------


def cmd_upn(args: argparse.Namespace, out: TextIO) -> int:
    rows = []
    data = []
    for value in args.upns:
        problems = upn.problems(value)
        rows.append([value, "valid" if not problems else ", ".join(p.code for p in problems)])
        data.append(
            {"upn": value, "valid": not problems, "problems": [p.to_dict() for p in problems]}
        )
    _emit(data, _table(rows, ["UPN", "result"]), args.format, out)
    return EXIT_OK if all(d["valid"] for d in data) else EXIT_PROBLEMS


def _age_facts(dob: date, on: date) -> dict[str, Any]:
    return {
        "date_of_birth": dob.isoformat(),
        "compulsory_school_age_start": compulsory_school_age_start(dob).isoformat(),
        "compulsory_school_age_end": compulsory_school_age_end(dob).isoformat(),
        "of_compulsory_school_age_on": on.isoformat(),
        "of_compulsory_school_age": is_of_compulsory_school_age(dob, on),
    }


def cmd_age(args: argparse.Namespace, out: TextIO) -> int:
    facts = _age_facts(args.dob, args.on)
    text = "\n".join(f"{k}: {v}" for k, v in facts.items())
    _emit(facts, text, args.format, out)
    return EXIT_OK


def _read_json(path: str) -> Any:
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    except json.JSONDecodeError as exc:
        raise UsageError(f"{path} is not JSON: {exc.msg} (line {exc.lineno})") from None
    except UnicodeDecodeError:
        raise UsageError(f"{path} is not UTF-8 text") from None
    except RecursionError:
        raise UsageError(f"{path}: JSON nested too deeply") from None


def _format_of(path: str, given: str | None) -> str:
    if given:
        return given
    suffix = Path(path).suffix.lower()
    return {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".json": "json"}.get(
        suffix, "jsonl"
    )


def cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    fmt = _format_of(args.file, args.input_format)
    try:
        stream = open(args.file, encoding="utf-8", newline="")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise UsageError(f"cannot read {args.file}: {exc.strerror}") from None
    progress = _Progress(enabled=sys.stderr.isatty() and not args.quiet)
    with stream:
        results = progress.wrap(validate_rows(read_rows(stream, fmt=fmt), on=args.on))
        counted = _Counted(results)
        if args.report_csv:
            try:
                report = open(args.report_csv, "w", encoding="utf-8", newline="")  # noqa: SIM115
            except OSError as exc:
                raise UsageError(f"cannot write {args.report_csv}: {exc.strerror}") from None
            with report:
                rows, bad = write_report_csv(counted, report)
        elif args.format == "json":
            rows, bad = write_report_json(counted, out)
        else:
            rows = bad = 0
            for result in counted:
                rows += 1
                bad += not result.report.is_valid
                out.write(to_text(result))
    progress.done()
    if rows == 0:
        raise UsageError(f"{args.file} holds no rows to validate")
    if fmt == "json" and counted.unreadable == rows:
        raise UsageError(f"{args.file} is not JSON")
    if args.format != "json" or args.report_csv:
        out.write(f"{rows} row(s) checked, {bad} with errors\n")
    return EXIT_PROBLEMS if bad else EXIT_OK


class _Counted:
    """Passes results through, counting the rows that could not be read at all."""

    def __init__(self, results: Any) -> None:
        self.results = results
        self.unreadable = 0

    def __iter__(self) -> Any:
        for result in self.results:
            if result.report.codes[:1] == ("CME-FILE-001",):
                self.unreadable += 1
            yield result


class _Progress:
    """A one-line progress count on stderr for long files (only on a terminal).

    Written by hand: a counter on one line needs no dependency.
    """

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self.count = 0

    def wrap(self, items: Any) -> Any:
        for item in items:
            self.count += 1
            if self.enabled and self.count % 1000 == 0:
                sys.stderr.write(f"\r{self.count} rows checked")
                sys.stderr.flush()
            yield item

    def done(self) -> None:
        if self.enabled and self.count >= 1000:
            sys.stderr.write(f"\r{self.count} rows checked\n")


def cmd_obligations(args: argparse.Namespace, out: TextIO) -> int:
    data = _read_json(args.register)
    register, report = load(data, SchoolRegister)
    if register is None:
        for p in report:
            sys.stderr.write(f"{p}\n")
        raise UsageError(f"{args.register} is not a usable school register")
    found = obligations(
        register, on=args.on, attendance_return_dates=tuple(args.attendance_return or ())
    )
    rows = [
        [
            o.kind.value,
            o.pupil_id,
            o.earliest.isoformat(),
            o.due.last_day.isoformat() if o.due.last_day else "asap",
            o.status(args.on).value,
            o.citation,
        ]
        for o in found
    ]
    _emit(
        [o.to_dict(on=args.on) for o in found],
        _table(rows, ["return", "pupil", "from", "due", "status", "citation"]),
        args.format,
        out,
    )
    overdue = any(o.status(args.on).value == "overdue" for o in found)
    return EXIT_PROBLEMS if overdue else EXIT_OK


def cmd_deadline(args: argparse.Namespace, out: TextIO) -> int:
    if args.kind == "new-pupil":
        if args.entered is None:
            raise UsageError("deadline new-pupil needs --entered DATE")
        due = new_pupil_return_due(args.entered)
        _emit(due.to_dict(), f"due by the end of {due.last_day} ({due.citation})", args.format, out)
        return EXIT_OK
    if args.ground_met is None or args.deleted is None:
        raise UsageError("deadline deletion needs --ground-met DATE and --deleted DATE")
    earliest, latest = deletion_return_window(args.ground_met, args.deleted)
    data = {"earliest": earliest.isoformat(), "latest": latest.isoformat()}
    _emit(data, f"from {earliest} to {latest}", args.format, out)
    return EXIT_OK


def cmd_schema(args: argparse.Namespace, out: TextIO) -> int:
    json.dump(json_schema(args.document), out, indent=2)
    out.write("\n")
    return EXIT_OK


def cmd_grounds(args: argparse.Namespace, out: TextIO) -> int:
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
    from cme_core import demo

    return demo.run(fmt=args.format, out=out)


# --- parser ------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cme",
        description="cme_core: England's law on children missing education, as code.",
        epilog="Exit codes: 0 valid, 1 problems found, 2 unusable input.",
    )
    parser.add_argument("--version", action="version", version=f"cme_core {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(
        name: str, fn: Callable[[argparse.Namespace, TextIO], int], text: str
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=text, description=text)
        p.add_argument("--format", choices=("text", "json"), default="text")
        p.set_defaults(func=fn)
        return p

    p = add("upn", cmd_upn, "check Unique Pupil Numbers (DfE census rules 1500-1560)")
    p.add_argument("upns", nargs="+", metavar="UPN")
    p = add("age", cmd_age, "compulsory school age for a date of birth (Education Act 1996 s8)")
    p.add_argument("dob", type=_date, metavar="DATE_OF_BIRTH")
    p.add_argument("--on", type=_date, required=True, help="the day to judge on")
    p = add("validate", cmd_validate, "validate returns in a JSON, JSON Lines or CSV file")
    p.add_argument("file")
    p.add_argument("--on", type=_date, required=True, help="the day to judge on")
    p.add_argument("--input-format", choices=("json", "jsonl", "csv"))
    p.add_argument("--report-csv", metavar="FILE", help="write the report as CSV to FILE")
    p.add_argument("--quiet", action="store_true", help="no progress count on a terminal")
    p = add("obligations", cmd_obligations, "returns a school owes its LA, from a register file")
    p.add_argument("register", metavar="REGISTER.json")
    p.add_argument("--on", type=_date, required=True, help="the day to judge on")
    p.add_argument("--attendance-return", type=_date, action="append", metavar="DATE")
    p = add("deadline", cmd_deadline, "deadline of a new-pupil or deletion return")
    p.add_argument("kind", choices=("new-pupil", "deletion"))
    p.add_argument("--entered", type=_date)
    p.add_argument("--ground-met", type=_date)
    p.add_argument("--deleted", type=_date)
    p = add("schema", cmd_schema, "print the JSON Schema of a wire document")
    p.add_argument("document", choices=sorted(DOCUMENTS))
    p = add("grounds", cmd_grounds, "list the deletion grounds (of the regime in force on --on)")
    p.add_argument("--on", type=_date)
    add("demo", cmd_demo, "run the demonstration on bundled example data")
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_OK if exc.code == 0 else EXIT_UNUSABLE
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_UNUSABLE
    try:
        return int(args.func(args, out or sys.stdout))
    except (UsageError, CmeError) as exc:
        sys.stderr.write(f"cme: {exc}\n")
        return EXIT_UNUSABLE
    except UnicodeDecodeError:
        sys.stderr.write("cme: the input is not UTF-8 text\n")
        return EXIT_UNUSABLE
    except (OSError, RecursionError, OverflowError, ValueError) as exc:
        sys.stderr.write(f"cme: unusable input ({type(exc).__name__})\n")
        return EXIT_UNUSABLE
    except BrokenPipeError:  # the reader went away (``cme schema ... | head``): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
