"""The meeting pack's sections, built from one view (docs/architecture.md, "Meeting pack").

Every number is the page's: tiles through present/tiles.py, tables through
present/cells.py, charts from present/charts.py and present/trend.py rendered to PNG
(present/render.py), titled with the view like their own PNG export on the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import polars as pl

import notes
from kpi.catalog import BY_ID
from kpi.filters import Filters
from kpi.model import Model
from present import actions, charts, compare, describe, note_marks, tiles, trend, wording
from present.cells import ViewFormat, cells
from present.formatting import plain
from present.link import ChartChoices, grain_picked
from present.pack import Image, Pack, PackNotes, Section, Table, launch_dates
from present.render import png
from present.views import Views

TABLE_ROWS = 12  # a table's rows on one page; the rest are in the app and its downloads
ACTIONS_SHOWN = 20


def table(title: str, frame: pl.DataFrame, look: ViewFormat) -> Table:
    """The first TABLE_ROWS rows, each cell as the page's table writes it."""
    headers, rows = cells(frame, look, None, TABLE_ROWS)
    more = len(frame) - TABLE_ROWS
    return Table(
        title,
        tuple(headers),
        tuple(tuple(cell.text for cell in row) for row in rows),
        f"And {more} more rows in the app and its download." if more > 0 else "",
    )


def build(
    model: Model,
    view: Filters,
    *,
    link: str,
    choices: ChartChoices,
    written: PackNotes,
    today: date,
    views: Views | None = None,
) -> Pack:
    """The pack for one view; `views` is the app's cached one, else the engine directly."""
    views = views or Views(model)
    look = ViewFormat.of(model)
    stamp = describe.stamp(model, view)
    kpis = views.kpi_table(view)
    sections = (
        Section("Headline", groups=(("", tuple(tiles.headline(kpis, look, view.sla_hours))),)),
        Section(
            "Marketing and Sales",
            groups=(
                ("Marketing", tuple(tiles.row_of(kpis, tiles.MARKETING_TILES, look))),
                ("Sales", tuple(tiles.row_of(kpis, tiles.SALES_TILES, look))),
            ),
        ),
        Section(
            "Hand-off and shared target",
            groups=(("", tuple(tiles.row_of(kpis, tiles.ALIGNMENT_TILES, look))),),
        ),
        _trend(model, view, views, look, choices, written, stamp),
        _funnel(views, view, look, stamp),
        _handoff(views, view, look, stamp),
        _overlay(model, view, views, look, choices, written, stamp),
        _actions(written.actions, today, look),
    )
    return Pack(
        title=f"Meeting pack · {describe.launches(model, view)}",
        facts=(
            *describe.every_filter(model, view),
            ("Data", f"{describe.through(model)} ({describe.as_of(model)})"),
        ),
        link=link,
        sections=sections,
    )


def _image(chart: charts.Chart, width: int = 900) -> Image:
    drawn, height = png(chart, width)
    return Image(drawn, width, height)


def _trend(
    model: Model,
    view: Filters,
    views: Views,
    look: ViewFormat,
    choices: ChartChoices,
    written: PackNotes,
    stamp: tuple[str, ...],
) -> Section:
    series = views.series(view, choices.trend)
    if not trend.has_data(series):
        return Section("Trend", lines=(trend.NO_DATA,))
    marks = note_marks.rows(written.trend)
    panels = trend.panels(
        series, views.events(view), choices.trend, view, model.last_day, look, notes=marks
    )
    images = tuple(
        _image(charts.titled(panel, f"{BY_ID[kpi_id].label}, trend", stamp))
        for kpi_id, panel in zip(choices.trend, panels, strict=False)
    )
    caption = trend.caption(view, model.last_day, grain_picked(view))
    return Section("Trend", images=images, lines=(caption, *_noted(written.trend, look)))


def _funnel(views: Views, view: Filters, look: ViewFormat, stamp: tuple[str, ...]) -> Section:
    summary = compare.funnel_summary(views, view)
    stages = views.funnel(view, "launch")
    images: tuple[Image, ...] = ()
    if not stages.filter(pl.col("count") > 0).is_empty():
        images = (_image(charts.titled(charts.funnel(stages, look), "Funnel by launch", stamp)),)
    return Section(
        "Funnel",
        images=images,
        tables=(table("One cohort, followed to today", summary, look),),
        lines=(wording.RATES_APART,),
    )


def _handoff(views: Views, view: Filters, look: ViewFormat, stamp: tuple[str, ...]) -> Section:
    speed = views.speed_to_lead(view)
    images: tuple[Image, ...] = ()
    if not speed.bars.is_empty():
        histogram = charts.speed_histogram(speed.bars, view.sla_hours, speed.p90_hours)
        images = (_image(charts.titled(histogram, "Speed to lead", stamp)),)
    tables = tuple(
        table(title, compare.sla_compared(views, view, by), look)
        for by, title in (("owner", "SLA by rep"), ("region", "SLA by region"))
    )
    listed = views.unworked(view)
    unworked = compare.unworked_in_days(listed.rows)
    waiting = table(f"Unworked MQLs (no touch after {view.sla_hours:g} h)", unworked, look)
    notes = [line for line in [wording.capped(listed.note)] if line]
    lines = (*notes, wording.DUE)
    return Section("Hand-off", images=images, tables=(*tables, waiting), lines=lines)


def _overlay(
    model: Model,
    view: Filters,
    views: Views,
    look: ViewFormat,
    choices: ChartChoices,
    written: PackNotes,
    stamp: tuple[str, ...],
) -> Section:
    kpi = BY_ID[choices.relative_kpi]
    series = views.launch_relative(view.narrowed(launches=()), kpi.id, choices.relative_days)
    if series.filter(pl.col("value").is_not_null()).is_empty():
        return Section("Since launch", lines=("None of the launches has data in this day range.",))
    dates = launch_dates(model)
    layers = note_marks.launch_overlay(
        note_marks.rows(written.overlay), dates, choices.relative_days, look.launch_names
    )
    chart = charts.launch_relative(series, kpi.label, view.launches, layers)
    first, last = choices.relative_days
    return Section(
        "Since launch",
        images=(_image(charts.titled(chart, f"{kpi.label} since launch", stamp)),),
        lines=(
            f"Day 0 is each launch's date; days {first} to {last}; the period does not apply.",
            *_noted(written.overlay, look),
        ),
    )


def _noted(entries: Sequence[notes.Entry], look: ViewFormat) -> tuple[str, ...]:
    """The marks' text, which the page shows on hover: one line per entry, its symbol first."""
    return tuple(
        f"{note_marks.SYMBOLS[e.kind]} {e.kind.capitalize()} · {note_marks.when(e.start, e.end)}"
        f" · {plain(look.launch_names.get(e.launch_id, e.launch_id))}: "
        f"{plain(e.text, limit=len(e.text) + 1)} ({plain(e.author)})"
        for e in entries
    )


def _actions(open_actions: Sequence[notes.Entry], today: date, look: ViewFormat) -> Section:
    said = [actions.words(a, today, look.launch_names) for a in open_actions]
    overdue = sum(words.status == actions.OVERDUE for words in said)
    rows = tuple(
        (words.status, words.owner, words.due, words.launch, words.text)
        for words in said[:ACTIONS_SHOWN]
    )
    more = len(said) - ACTIONS_SHOWN
    return Section(
        "Open actions",
        tables=(
            Table(
                f"{len(said)} open, {overdue} overdue",
                ("Status", "Owner", "Due", "Launch", "Action"),
                rows,
                f"And {more} more in the launches' logs." if more > 0 else "",
            ),
        ),
        lines=() if said else ("No open action for these launches.",),
    )
