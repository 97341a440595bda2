"""The ``cme`` command line (an edge: it reads files and prints; the core does neither)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from cme_core import __version__

__all__ = ["main"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cme", description=__doc__)
    parser.add_argument("--version", action="version", version=f"cme_core {__version__}")
    parser.add_subparsers(dest="command", metavar="COMMAND")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    return 0
