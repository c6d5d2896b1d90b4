"""The meeting pack as plain values: a title page and sections of tiles, chart images,
tables and lines, which present/pdf.py and present/slides.py lay out; and what the pack
reads of the notes (docs/architecture.md, "Meeting pack"). present/sections.py builds it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import notes
from kpi.filters import Filters
from kpi.model import Model
from present import note_marks
from present.link import ChartChoices
from present.tiles import TileText


@dataclass(frozen=True)
class Table:
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    more: str = ""  # "and 12 more rows …" when cut


@dataclass(frozen=True)
class Image:
    png: bytes
    width: int  # pixels at scale 1 (the PNG is drawn at twice that)
    height: int


@dataclass(frozen=True)
class Section:
    title: str
    groups: tuple[tuple[str, tuple[TileText, ...]], ...] = ()  # tiles, by group name
    images: tuple[Image, ...] = ()
    tables: tuple[Table, ...] = ()
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class Pack:
    title: str
    facts: tuple[tuple[str, str], ...]  # the title page: label → value
    link: str
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class PackNotes:
    """What people wrote that the pack shows: entries on the trend's and the overlay's
    view and the overlay's (`overlay_view`), and the view's open actions."""

    trend: tuple[notes.Entry, ...] = ()
    overlay: tuple[notes.Entry, ...] = ()
    actions: tuple[notes.Entry, ...] = ()


def launch_dates(model: Model) -> dict[str, date]:
    return dict(model.dataset.launches.select("launch_id", "launch_date").iter_rows())


def overlay_view(model: Model, view: Filters, choices: ChartChoices) -> Filters | None:
    dates = launch_dates(model)
    return note_marks.overlay_view(view, dates, choices.relative_days) if dates else None


# What the pack reads of the notes: (a function of notes/, its keyword arguments) → its
# result, or None while the database is away (the app's read keeps its last good result).
Reader = Callable[..., Any]


def written(read: Reader, model: Model, view: Filters, choices: ChartChoices) -> PackNotes:
    """The notes on the pack's trend and overlay, and the view's open actions."""

    def entries(on: Filters | None) -> tuple[notes.Entry, ...]:
        if on is None:
            return ()
        found = read(notes.entries, launches=on.launches, start=on.start, end=on.end)
        return tuple(found or ())

    return PackNotes(
        trend=entries(view),
        overlay=entries(overlay_view(model, view, choices)),
        actions=tuple(read(notes.open_actions, launches=view.launches) or ()),
    )
