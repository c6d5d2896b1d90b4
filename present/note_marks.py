"""Notes, decisions and actions on the time charts (docs/architecture.md, "Notes on charts").

Each entry is a dark solid rule at its first day with a symbol on top (a circle for a
note, a diamond for a decision, a square for an action) and, over a date range, a faint
grey band. The calendar's events are coloured dashed rules, so the two never read
alike. Hovering any of them shows what was written, its kind, its author and its dates;
Vega's tooltip shows the text as text, so markdown and HTML in a note stay inert.

The trend places entries on dates; the Launches overlay places each on its own
launch's days since Day 0 (`on_launch_days`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

import altair as alt
import polars as pl

import notes
from kpi.filters import Filters
from present.charts import Layers

NONE: Layers = ((), ())
MARKER_SCHEMA = {
    "id": pl.Int64,
    "kind": pl.String,
    "launch_id": pl.String,
    "start": pl.Date,
    "end": pl.Date,
    "text": pl.String,
    "author": pl.String,
}

INK = "#2B2B2B"
# Each kind's mark on a chart, and the same shape in a line of text (the pack's notes).
MARKS = {"note": ("circle", "●"), "decision": ("diamond", "◆"), "action": ("square", "■")}
SHAPES = {kind.capitalize(): shape for kind, (shape, _) in MARKS.items()}
SYMBOLS = {kind: symbol for kind, (_, symbol) in MARKS.items()}
TOP = 5  # pixels below the plot's top edge where the symbols sit


def rows(entries: Iterable[notes.Entry]) -> pl.DataFrame:
    """Entries as rows for a chart layer (a rule or band per entry, text in the tooltip)."""
    return pl.DataFrame(
        [{name: getattr(entry, name) for name in MARKER_SCHEMA} for entry in entries],
        schema=MARKER_SCHEMA,
    )


def when(start: date, end: date) -> str:
    return f"{start:%d %b %Y}" if start == end else f"{start:%d %b %Y} to {end:%d %b %Y}"


def shown(markers: pl.DataFrame, names: Mapping[str, str]) -> pl.DataFrame:
    """The marker rows with what the tooltip says: kind and launch in words, the dates.
    The kind's column is named apart from the events' `kind_label`: Vega-Lite merges
    legends of one field name, which would mix notes into the events' legend."""
    return markers.with_columns(
        note_kind=pl.col("kind").str.to_titlecase(),
        launch_name=pl.col("launch_id").replace(dict(names)),
        when=pl.when(pl.col("start") == pl.col("end"))
        .then(pl.col("start").dt.strftime("%d %b %Y"))
        .otherwise(
            pl.concat_str(
                pl.col("start").dt.strftime("%d %b %Y"),
                pl.col("end").dt.strftime("%d %b %Y"),
                separator=" to ",
            )
        ),
    )


TOOLTIP = [
    alt.Tooltip("text:N", title="Written"),
    alt.Tooltip("note_kind:N", title="Kind"),
    alt.Tooltip("author:N", title="By"),
    alt.Tooltip("when:N", title="When"),
    alt.Tooltip("launch_name:N", title="Launch"),
]


def layers(
    markers: pl.DataFrame | None,
    names: Mapping[str, str],
    *,
    x: str = "start:T",
    x2: str = "end:T",
    legend: bool = True,
) -> Layers:
    """The bands (behind the data) and the rules and symbols (in front of it); none
    when there is nothing to mark. Marks outside the chart's domain are clipped."""
    if markers is None or markers.is_empty():
        return NONE
    return layers_on(shown(markers, names).to_arrow(), x=x, x2=x2, legend=legend)


def layers_on(data: Any, *, x: str = "start:T", x2: str = "end:T", legend: bool = True) -> Layers:
    """The bands, rules and symbols of `layers` over `data` (rows as `shown` gives them,
    or a named dataset holding them)."""
    base = alt.Chart(data)
    start, end = x.split(":")[0], x2.split(":")[0]
    bands = (
        base.transform_filter(f"datum['{end}'] > datum['{start}']")
        .mark_rect(color=INK, opacity=0.07, clip=True)
        .encode(x=x, x2=x2, tooltip=TOOLTIP)
    )
    rules = base.mark_rule(color=INK, strokeWidth=1, opacity=0.6, clip=True).encode(
        x=x, tooltip=TOOLTIP
    )
    symbols = base.mark_point(color=INK, filled=True, size=110, opacity=1, clip=True).encode(
        x=x,
        y=alt.value(TOP),
        shape=alt.Shape(
            "note_kind:N",
            title="Notes",
            scale=alt.Scale(domain=list(SHAPES), range=list(SHAPES.values())),
            legend=alt.Legend(orient="top", symbolFillColor=INK, symbolStrokeColor=INK)
            if legend
            else None,
        ),
        tooltip=TOOLTIP,
    )
    return (bands,), (rules, symbols)


def on_launch_days(
    markers: pl.DataFrame, launch_dates: Mapping[str, date], days: tuple[int, int]
) -> pl.DataFrame:
    """The entries as days since their own launch's Day 0 (`day`, `end_day`), those
    overlapping `days` only."""
    launched = pl.col("launch_id").replace_strict(
        dict(launch_dates), default=None, return_dtype=pl.Date
    )
    first, last = days
    return (
        markers.with_columns(_launched=launched)
        .drop_nulls("_launched")
        .with_columns(
            day=(pl.col("start") - pl.col("_launched")).dt.total_days().cast(pl.Int32),
            end_day=(pl.col("end") - pl.col("_launched")).dt.total_days().cast(pl.Int32),
        )
        .filter(pl.col("end_day") >= first, pl.col("day") <= last)
        .drop("_launched")
    )


def overlay_view(view: Filters, launch_dates: Mapping[str, date], days: tuple[int, int]) -> Filters:
    """The view whose entries the Launches overlay may show: the view's launches (every
    launch when none is chosen) over every day within `days` of any launch's Day 0,
    whatever the period filter says. `launch_dates` is not empty."""
    first, last = days
    return view.narrowed(
        start=min(launch_dates.values()) + timedelta(days=first),
        end=max(launch_dates.values()) + timedelta(days=last),
    )


def launch_overlay(
    markers: pl.DataFrame,
    launch_dates: Mapping[str, date],
    days: tuple[int, int],
    names: Mapping[str, str],
) -> Layers:
    """The overlay's note layers: `markers` (the `overlay_view`'s entries as `rows`), each
    on its own launch's days since Day 0, those within `days` only."""
    if not launch_dates:
        return NONE
    on_days = on_launch_days(markers, launch_dates, days)
    return layers(on_days, names, x="day:Q", x2="end_day:Q")
