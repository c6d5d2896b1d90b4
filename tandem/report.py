"""`python -m tandem report`: the KPI table on the command line, as the Overview downloads it.

Bad arguments exit with status 2 and a message naming the argument (argparse's way).
With no --sources the bundled demo data is used; with --sources the connectors read
each source (falling back to its last good snapshot), as the app does.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date, timedelta
from pathlib import Path

import polars as pl

from contract.dataset import Dataset
from kpi.export import csv_ready, safe_csv, view_comments
from kpi.filters import COMPARES, Filters
from kpi.model import Model, prepare
from kpi.table import kpi_table

DEFAULT_DAYS = 90  # the app's first view: the last 90 days of data


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, not {text!r}") from None


def add_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
) -> argparse.ArgumentParser:
    """The `report` command (its errors name its arguments)."""
    report = commands.add_parser("report", help="print the KPI table for one view")
    report.add_argument("--sources", type=Path, metavar="FILE", help="a sources.toml to read")
    report.add_argument(
        "--launch", action="append", default=[], metavar="ID", help="a launch id (repeatable)"
    )
    report.add_argument("--start", type=_day, metavar="YYYY-MM-DD", help="first day of the view")
    report.add_argument("--end", type=_day, metavar="YYYY-MM-DD", help="last day of the view")
    report.add_argument("--compare", choices=COMPARES, default="previous")
    report.add_argument("--format", choices=("csv", "json"), default="csv")
    report.add_argument("--output", type=Path, metavar="FILE", help="write here, not to stdout")
    report.set_defaults(run=lambda args: run(args, report))
    return report


def run(args: argparse.Namespace, report: argparse.ArgumentParser) -> int:
    if args.start and args.end and args.start > args.end:
        report.error(f"argument --start: {args.start} is after --end ({args.end})")
    model = prepare(Dataset.from_frames(_frames(args.sources, report)))
    filters = _filters(args, model, report)
    table = kpi_table(model, filters)
    if args.format == "json":
        payload = table.write_json().encode("utf-8") + b"\n"
    else:
        payload = safe_csv(csv_ready(table), comments=view_comments(filters, model.as_of))
    if args.output is None:
        try:
            sys.stdout.buffer.write(payload)
            sys.stdout.flush()
        except BrokenPipeError:  # `| head`: the reader left; not an error worth a traceback
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    else:
        try:
            args.output.write_bytes(payload)
        except OSError as exc:
            report.error(f"argument --output: cannot write {args.output} ({exc.strerror})")
    return 0


def _frames(sources: Path | None, report: argparse.ArgumentParser) -> dict[str, pl.DataFrame]:
    if sources is None:
        from connectors import demo_tables  # the demo brand, read as any source is

        return demo_tables()
    from tandem.sources import SourcesError, read_sources

    try:
        return read_sources(sources)
    except SourcesError as exc:
        report.error(f"argument --sources: {exc}")


def _filters(args: argparse.Namespace, model: Model, report: argparse.ArgumentParser) -> Filters:
    known = model.launch_ids()
    unknown = [launch for launch in args.launch if launch not in known]
    if unknown:
        report.error(
            f"argument --launch: unknown launch id {', '.join(map(repr, unknown))}; "
            f"known: {', '.join(known)}"
        )
    start, end = _period(args.start, args.end, model)
    if start > end:
        report.error(f"argument --start: {start} is after the end of the view ({end})")
    return Filters(start=start, end=end, launches=tuple(args.launch), compare=args.compare)


def _period(start: date | None, end: date | None, model: Model) -> tuple[date, date]:
    """The chosen days; a missing end is the data's last day, a missing start 90 days back."""
    last = end or model.last_day
    if start is not None:
        return start, last
    if end is None:
        return max(model.first_day, last - timedelta(days=DEFAULT_DAYS - 1)), last
    return last - timedelta(days=DEFAULT_DAYS - 1), last
