"""`python -m tandem check FILE... [--json] [--sheet NAME]`: what Tandem makes of exports.

Exit status: 0 when every file was understood (refused rows allowed), 1 when any file
was refused whole, 2 on bad arguments. A reader that leaves early (`| head`) ends the
output quietly, as any command line tool does.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from connectors.errors import SourceError
from connectors.formats.export import read_export
from connectors.health import DataHealth
from contract.schema import TABLES

_SHOWN_REFUSALS = 3


def check_file(path: Path, *, sheet: str | None = None) -> dict[str, Any]:
    """The verdict on one file, as plain data."""
    health = DataHealth(path.name)
    result: dict[str, Any] = {"file": str(path), "understood": False}
    try:
        # A file named here is the operator's own, like one in sources.toml: a canonical
        # Parquet file is read in this process (connectors/formats/bulk.py).
        frames = read_export(path.name, path.read_bytes(), health, sheet=sheet, on_server=True)
    except (SourceError, OSError) as exc:
        result["error"] = (
            str(exc) if isinstance(exc, SourceError) else f"cannot read ({exc.strerror})"
        )
        return result
    except Exception as exc:  # the check must report on every file, whatever happens
        result["error"] = f"could not be read ({type(exc).__name__})"
        return result
    result.update(
        understood=True,
        format=health.format,
        tables={name: frame.height for name, frame in frames.items() if name in TABLES},
        rows_read=health.rows_read,
        rows_kept=health.rows_kept,
        rows_refused=health.rows_refused,
        refusals=[
            {"line": r.line, "column": r.column, "reason": r.reason}
            for r in health.refused[:_SHOWN_REFUSALS]
        ],
        warnings=health.warnings,
    )
    return result


def _text(result: dict[str, Any]) -> str:
    if not result["understood"]:
        return f"{result['file']}\n  REFUSED: {result['error']}"
    tables = ", ".join(f"{n} ({rows} rows)" for n, rows in result["tables"].items()) or "none"
    lines = [
        result["file"],
        f"  format: {result['format']}; tables: {tables}",
        f"  rows read {result['rows_read']}, kept {result['rows_kept']}, "
        f"refused {result['rows_refused']}",
    ]
    lines += [
        f"  refused line {r['line']}"
        + (f", column '{r['column']}'" if r["column"] else "")
        + f": {r['reason']}"
        for r in result["refusals"]
    ]
    lines += [f"  note: {w}" for w in result["warnings"]]
    return "\n".join(lines)


def add_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
) -> argparse.ArgumentParser:
    check = commands.add_parser("check", help="say how Tandem reads each export file")
    check.add_argument("files", nargs="+", type=Path, metavar="FILE")
    check.add_argument("--json", action="store_true", help="print one JSON document")
    check.add_argument("--sheet", metavar="NAME", help="a workbook's sheet to read")
    check.set_defaults(run=lambda args: run(args, check))
    return check


def run(args: argparse.Namespace, check: argparse.ArgumentParser) -> int:
    results = []
    try:
        if args.json:
            results = [check_file(path, sheet=args.sheet) for path in args.files]
            print(json.dumps(results, indent=2, default=str), flush=True)
        else:  # each verdict as soon as it is known: a long list shows progress
            for path in args.files:
                results.append(check_file(path, sheet=args.sheet))
                print(_text(results[-1]), flush=True)
    except BrokenPipeError:  # `| head`: the reader left; the rest is not wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0 if all(r["understood"] for r in results) else 1
