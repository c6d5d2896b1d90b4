"""`python -m tandem report`: the KPI table on the command line, as the Overview downloads it.

Without --sources the bundled demo data is used; with --sources the connectors read
each source (falling back to its last good snapshot), as the app does; with --data a
canonical Parquet folder is read by the engine. How each source was read goes to
stderr, into the CSV as `# ` lines and into the JSON as `sources`. --engine chooses
where the KPIs are computed (docs/architecture.md, "Engines"): every engine gives the
same table.

Exit status: 0 when every source was read; 1 when a source could not be read now (the
report is still written: without that source's numbers, or with its last snapshot's,
as its health line says); 2 on bad arguments, naming the argument (argparse's way).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from connectors import SourceRead
from kpi.dimensions import LAUNCH, Dimension, registry
from kpi.engines import ENGINES, EngineName
from kpi.export import csv_ready, safe_csv, view_comments, view_fields
from kpi.filters import COMPARES, Filters, Period
from kpi.model import Model
from kpi.options import known_values
from kpi.periods import (
    BY_KEY,
    data_as_of,
    data_through,
    default_period,
    first_launch_day,
    past_data_note,
    resolve,
)
from kpi.table import kpi_table
from tandem.sources import (
    Sources,
    SourcesError,
    health_lines,
    health_records,
    on_folder,
    read_sources,
    refused_whole,
)


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
        "--data",
        type=Path,
        metavar="FOLDER",
        help="a canonical Parquet folder (one <table>.parquet or <table>/ of parts per table)",
    )
    report.add_argument(
        "--engine",
        choices=ENGINES,
        help="where the KPIs are computed (default: sources.toml's [settings] engine, else "
        "polars); a warehouse source is computed in the warehouse",
    )
    for dimension in registry():  # the URL's dimensions, one option each (kpi/dimensions.py)
        report.add_argument(
            f"--{dimension.key}",
            action="append",
            default=[],
            metavar="ID" if dimension.named_in else dimension.key.upper(),
            help=f"a {dimension.label.lower()}{' id' if dimension.named_in else ''} (repeatable)",
        )
    report.add_argument("--start", type=_day, metavar="YYYY-MM-DD", help="first day of the view")
    report.add_argument("--end", type=_day, metavar="YYYY-MM-DD", help="last day of the view")
    report.add_argument(
        "--period",
        choices=list(BY_KEY),
        help="a preset counted back from the data's last day, instead of --start/--end",
    )
    report.add_argument("--compare", choices=COMPARES, default="previous")
    report.add_argument("--format", choices=("csv", "json"), default="csv")
    report.add_argument("--output", type=Path, metavar="FILE", help="write here, not to stdout")
    report.set_defaults(run=lambda args: run(args, report))
    return report


def run(args: argparse.Namespace, report: argparse.ArgumentParser) -> int:
    if args.start and args.end and args.start > args.end:
        report.error(f"argument --start: {args.start} is after --end ({args.end})")
    if args.period and (args.start or args.end):
        report.error("argument --period: give a preset or --start/--end, not both")
    if args.data and args.sources:
        report.error("argument --data: give a canonical folder or --sources, not both")
    model, sources = _model(args, report)
    filters = _filters(args, model, report)
    for line in health_lines(sources.reads):
        print(line, file=sys.stderr)
    _write(args, report, _payload(args.format, model, filters, sources.reads))
    return 1 if refused_whole(sources.reads) else 0


def _model(args: argparse.Namespace, report: argparse.ArgumentParser) -> tuple[Model, Sources]:
    if args.data:
        import duckdb  # its error type; imported only for a canonical folder

        engine: EngineName = args.engine or "polars"
        try:
            return on_folder(engine, args.data), Sources([], engine=engine)
        except (OSError, duckdb.Error, pl.exceptions.PolarsError) as exc:  # no folder, no Parquet
            report.error(f"argument --data: {exc}")
    try:
        sources = read_sources(args.sources)
        return sources.model(args.engine), sources  # before the health: it adds notes
    except SourcesError as exc:
        report.error(f"argument --sources: {exc}")


def _payload(form: str, model: Model, filters: Filters, reads: Sequence[SourceRead]) -> bytes:
    table = kpi_table(model, filters)
    as_of = data_as_of(model)
    if form == "csv":
        comments = [*view_comments(filters, as_of), *health_lines(reads)]
        return safe_csv(csv_ready(table), comments=comments)
    document: dict[str, Any] = {
        "filters": view_fields(filters),
        "data_as_of": as_of.isoformat(timespec="minutes") if as_of else None,
        "period_note": past_data_note(filters),
        "sources": health_records(reads),
        "kpis": table.to_dicts(),
    }
    return json.dumps(document, ensure_ascii=False).encode("utf-8") + b"\n"


def _write(args: argparse.Namespace, report: argparse.ArgumentParser, payload: bytes) -> None:
    if args.output is None:
        try:
            sys.stdout.buffer.write(payload)
            sys.stdout.flush()
        except BrokenPipeError:  # `| head`: the reader left; not an error worth a traceback
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return
    try:
        args.output.write_bytes(payload)
    except OSError as exc:
        report.error(f"argument --output: cannot write {args.output} ({exc.strerror})")


def _filters(args: argparse.Namespace, model: Model, report: argparse.ArgumentParser) -> Filters:
    chosen: dict[str, Any] = {
        d.plural: _chosen(d, getattr(args, d.key), model, report) for d in registry()
    }
    period = _period(args, model, chosen[LAUNCH.plural], report)
    return Filters(
        start=period.start,
        end=period.end,
        compare=args.compare,
        data_through=data_through(model),
        **chosen,
    )


def _chosen(
    dimension: Dimension, values: list[str], model: Model, report: argparse.ArgumentParser
) -> tuple[str, ...]:
    if not values:  # nothing to check: no scan of the facts for their values
        return ()
    known = known_values(model, dimension)
    unknown = [value for value in values if value not in known]
    if unknown:
        what = f"{dimension.key} id" if dimension.named_in else dimension.key
        report.error(
            f"argument --{dimension.key}: unknown {what} {', '.join(map(repr, unknown))}; "
            f"known: {', '.join(known) or 'none in this data'}"
        )
    return tuple(values)


def _period(
    args: argparse.Namespace,
    model: Model,
    launches: tuple[str, ...],
    report: argparse.ArgumentParser,
) -> Period:
    """The chosen days: a preset, or --start/--end; a missing end is the data's last day,
    a missing start the default period's (the last 90 days up to the end)."""
    if args.period:
        launch_day = first_launch_day(model.dataset.launches, launches)
        period = resolve(args.period, last_day=model.last_day, launch_day=launch_day)
        if period is None:
            report.error(f"argument --period: {args.period} needs a --launch with a launch date")
        return period
    end = args.end or model.last_day
    if args.start is None:
        return default_period(end)
    if args.start > end:
        report.error(f"argument --start: {args.start} is after the end of the view ({end})")
    return Period(args.start, end)
