"""`python -m tandem pack --link "<a shared link>" --format pdf|pptx --output FILE`: the
meeting pack for schedulers (docs/architecture.md, "Meeting pack").

The link's query string is the one source of the filters and chart choices, read as the
app reads its URL (present/link.py), so a link pasted from the browser gives the pack the
page's "Download meeting pack" gives. Notes come from the notes database named in the
secrets' [database] (the SQLite file by default).

Exit status: 0 when written from every source and the notes; 1 when written without a
source's current numbers or without the notes (stderr says which); 2 on bad arguments
(a link value the data does not have is one, named).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from connectors import SourceRead
from kpi.filters import Filters
from kpi.model import Model
from present import link as links
from present.fonts import FontMissing
from tandem.sources import (
    SECRETS,
    SourcesError,
    health_lines,
    read_sources,
    refused_whole,
    secrets_section,
)

if TYPE_CHECKING:
    from present.pack import Pack, PackNotes

# The documents are drawn by modules imported only when a pack is made: they take a
# second or two to import, which `tandem report` and `check` need not pay.
FORMATS = ("pdf", "pptx")


@dataclass(frozen=True)
class Made:
    """A pack and what it rests on, for `pack` and `digest` alike."""

    pack: Pack
    model: Model
    view: Filters
    reads: list[SourceRead]
    written: PackNotes
    problems: list[str]  # what is missing from it, for stderr (and the exit status)


def add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--link", required=True, metavar="URL", help="a shared link (its query string is the view)"
    )
    parser.add_argument("--sources", type=Path, metavar="FILE", help="a sources.toml to read")
    parser.add_argument(
        "--secrets",
        type=Path,
        default=SECRETS,
        metavar="FILE",
        help=f"the secrets file ([database], [smtp]; default {SECRETS})",
    )


def add_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
) -> argparse.ArgumentParser:
    """The `pack` command (its errors name its arguments)."""
    parser = commands.add_parser("pack", help="write the meeting pack for a shared link")
    add_common(parser)
    parser.add_argument("--format", choices=FORMATS, default="pdf")
    parser.add_argument("--output", type=Path, required=True, metavar="FILE")
    parser.set_defaults(run=lambda args: run(args, parser))
    return parser


def make(args: argparse.Namespace, parser: argparse.ArgumentParser, *, today: date) -> Made:
    """Read the sources and the notes, and build the pack of `--link`."""
    from present.pack import written
    from present.sections import build

    try:
        sources = read_sources(args.sources)
        model = sources.model()  # on the configured engine or in the warehouse, as the app
    except SourcesError as exc:
        parser.error(f"argument --sources: {exc}")
    params = links.query(args.link)
    try:
        view = links.filters_of(params, model)
        choices = links.chart_choices(params)
    except links.LinkError as exc:
        parser.error(f"argument --link: {exc}")
    problems = health_lines([r for r in sources.reads if r.health.error])
    notes_read, why = _notes(args.secrets)
    if why:
        problems.append(f"notes: {why}; the pack has no notes or actions")
    kept = written(notes_read, model, view, choices)
    pack = build(model, view, link=args.link, choices=choices, written=kept, today=today)
    return Made(pack, model, view, sources.reads, kept, problems)


def _notes(secrets: Path) -> tuple[Any, str | None]:
    """A reader of the notes database, or one that reads nothing and why."""
    import notes

    url = notes.configured_url(secrets_section("database", secrets))
    try:
        database = notes.connect(url)
    except notes.NotesError as exc:  # its message names no credential (notes/database.py)
        return (lambda what, **kwargs: None), str(exc)
    return (lambda what, **kwargs: what(database, **kwargs)), None


def document_of(pack: Pack, format_name: str) -> bytes:
    """The pack as a PDF or a PowerPoint file."""
    if format_name == "pptx":
        from present.slides import pptx

        return pptx(pack)
    from present.pdf import pdf

    return pdf(pack)


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    made = make(args, parser, today=date.today())
    try:
        document = document_of(made.pack, args.format)
    except FontMissing as exc:
        print(f"tandem pack: {exc}", file=sys.stderr)
        return 1
    try:
        args.output.write_bytes(document)
    except OSError as exc:
        parser.error(f"argument --output: cannot write {args.output} ({exc.strerror})")
    for line in made.problems:
        print(line, file=sys.stderr)
    return 1 if made.problems or refused_whole(made.reads) else 0
