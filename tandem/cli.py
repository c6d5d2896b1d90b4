"""`python -m tandem COMMAND`: every command line of Tandem behind one parser.

Bad arguments exit with status 2 and a message naming the argument (argparse's way);
each command says what its other exit statuses mean.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from tandem import check, digest, pack, report


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m tandem", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in (report, check, pack, digest):
        command.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad arguments, 0 on --help
        return int(exc.code or 0)
    try:
        return int(args.run(args))
    except SystemExit as exc:  # a command's own argument error (parser.error)
        return int(exc.code or 0)
