"""The trend chart: one panel per KPI on one shared time axis, the comparison dashed.

Two aligned panels, not one chart with a left and a right axis: tried both in the
browser (docs/architecture.md, "The trend chart"); with two axes a reader had to
match each line to its axis by colour and the lines crossed where the scales did,
which looked like a relation the data does not have. Each panel has its own unit on
its axis (currency on money), the same ticks and the same days.

Buckets the period or the data cuts short (a week clipped to the period, the days
after the data's last day) are drawn hollow and named in the tooltip, so a short
last week does not read as a dip.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from datetime import date, timedelta

import altair as alt
import polars as pl

from kpi.buckets import bucket_periods
from kpi.catalog import BY_ID
from kpi.filters import Filters, Grain, Period
from present import charts, formatting, note_marks
from present.cells import ViewFormat
from present.charts import Spec
from present.link import COMPARE_LABELS

COLOURS = (charts.MARKETING, charts.SALES, "#5C946E", "#8E7DBE")
THIS_PERIOD = "This period"
CUT_SHORT = "Bucket cut short"
DASHES = [[1, 0], [2, 3], [6, 4]]
TICKS = {"day": "%d %b", "week": "%d %b", "month": "%b %Y"}
BUCKET_NAMES = {"day": "Day", "week": "Week from", "month": "Month"}
GRAIN_WORDS = {"day": "by day", "week": "by week (Monday to Sunday)", "month": "by month"}
PANEL_HEIGHT = 170
AXIS_WIDTH = 56  # every panel's y axis (labels and title) takes this many pixels
# The named datasets of a panel's spec.
LINE, POINTS, EVENTS, NOTES = "line", "points", "events", "notes"


def full_days(bucket: Period, grain: Grain) -> int:
    """How many days the bucket has when nothing cuts it short."""
    if grain == "day":
        return 1
    if grain == "week":
        return 7
    following = (bucket.start.replace(day=28) + timedelta(days=4)).replace(day=1)
    return (following - bucket.start.replace(day=1)).days


def buckets(view: Filters, last_day: date) -> pl.DataFrame:
    """Each bucket's start, how many of its days have data, and whether it is cut short."""
    rows = []
    for bucket in bucket_periods(view.period, view.grain):
        with_data = max(0, (min(bucket.end, last_day) - bucket.start).days + 1)
        full = full_days(bucket, view.grain)
        note = "" if with_data == full else f"partial: {with_data} of {full} days"
        rows.append((bucket.start, with_data, note))
    return pl.DataFrame(
        rows, schema={"bucket": pl.Date, "days": pl.Int64, "partial": pl.String}, orient="row"
    )


def axis_label(unit: str, currency: str) -> str:
    """One Vega expression per unit, so every axis reads like the tiles."""
    if unit == "money":
        return f"{json.dumps(currency, ensure_ascii=False)} + format(datum.value, '~s')"
    if unit == "ratio":
        return "format(datum.value * 100, '~r') + ' %'"
    if unit == "hours":
        return "format(datum.value, '~r') + ' h'"
    if unit == "days":
        return "format(datum.value, '~r') + ' d'"
    return "format(datum.value, '~s')"


def _long(series: pl.DataFrame, kpi_id: str, cut: pl.DataFrame, look: ViewFormat) -> pl.DataFrame:
    unit = BY_ID[kpi_id].unit
    one = series.filter(pl.col("kpi") == kpi_id).join(cut, on="bucket", how="left")
    # Buckets after the data's last day have no data yet: no point, not a zero.
    one = one.with_columns(
        value=pl.when(pl.col("days") > 0).then(pl.col("value")),
        comparison=pl.when(pl.col("days") > 0).then(pl.col("comparison")),
    )
    long = one.unpivot(
        index=["bucket", "partial"],
        on=["value", "comparison"],
        variable_name="line",
        value_name="amount",
    ).with_columns(line=pl.col("line").replace({"value": THIS_PERIOD, "comparison": "compared"}))
    shown = [formatting.exact(a, unit, look.currency) for a in long["amount"].to_list()]
    return long.with_columns(shown=pl.Series(shown, dtype=pl.String))


@dataclass(frozen=True)
class PanelShape:
    """Everything a panel's Vega-Lite spec depends on except its rows.

    Building a layered Altair chart and validating it costs a few hundred milliseconds
    a rerun; the spec of a shape is built once and a filter change that keeps the shape
    (another launch, region or segment) only swaps the rows (docs/architecture.md,
    "The trend chart").
    """

    kpi_id: str
    colour: str
    start: date
    end: date
    grain: Grain
    compared: str | None  # the comparison line's name; None: no comparison
    ticks: tuple[date, ...]  # the x axis' ticks (empty: Vega-Lite's own, by day)
    currency: str
    event_kinds: tuple[str, ...]  # the events legend's kinds (empty: no legend)
    notes: bool  # whether the panel marks notes
    legend: bool


@functools.lru_cache(maxsize=256)
def panel_spec(shape: PanelShape) -> Spec:
    """The panel's spec, its rows left out: named datasets (`panel_rows`) fill it.

    A pure function of a small frozen value, so it is remembered here; callers copy
    it before adding to it (`panels`)."""
    kpi = BY_ID[shape.kpi_id]
    styles = [THIS_PERIOD, CUT_SHORT, *([shape.compared] if shape.compared else [])]
    x = alt.X(
        "bucket:T",
        title=None,
        scale=alt.Scale(domain=[shape.start.isoformat(), shape.end.isoformat()]),
        axis=alt.Axis(
            format=TICKS[shape.grain],
            labelAngle=0,
            labelOverlap=True,
            values=[d.isoformat() for d in shape.ticks] if shape.ticks else alt.Undefined,
        ),
    )
    y = alt.Y(
        "amount:Q",
        title=kpi.label,
        axis=alt.Axis(
            labelExpr=axis_label(kpi.unit, shape.currency),
            titleColor=shape.colour,
            minExtent=AXIS_WIDTH,
            maxExtent=AXIS_WIDTH,
        ),
    )
    line = (
        alt.Chart(alt.NamedData(name=LINE))
        .mark_line(color=shape.colour, strokeWidth=2)
        .encode(
            x=x,
            y=y,
            strokeDash=alt.StrokeDash(
                "line:N",
                title=None,
                scale=alt.Scale(domain=styles, range=DASHES[: len(styles)]),
                legend=alt.Legend(orient="top", symbolStrokeColor="#555") if shape.legend else None,
            ),
            opacity=alt.condition(f"datum.line == '{THIS_PERIOD}'", alt.value(1.0), alt.value(0.5)),
        )
    )
    points = (
        alt.Chart(alt.NamedData(name=POINTS))
        # A stroke of its own: a cut-short bucket's white fill would leave nothing on white.
        .mark_point(color=shape.colour, stroke=shape.colour, size=45, strokeWidth=2, filled=True)
        .encode(
            x=x,
            y=y,
            fill=alt.condition("datum.partial != ''", alt.value("white"), alt.value(shape.colour)),
            tooltip=[
                alt.Tooltip("bucket:T", title=BUCKET_NAMES[shape.grain], format="%d %b %Y"),
                alt.Tooltip("shown:N", title=kpi.label),
                alt.Tooltip("partial:N", title="Cut short"),
            ],
        )
    )
    behind, in_front = (
        note_marks.layers_on(alt.NamedData(name=NOTES), legend=shape.legend)
        if shape.notes
        else note_marks.NONE
    )
    events = charts.events_layer(alt.NamedData(name=EVENTS), shape.event_kinds)
    layers = (*behind, line, points, events, *in_front)
    chart = alt.layer(*layers).properties(
        height=PANEL_HEIGHT,
        # Streamlit's stretch width fits the whole chart, legend included, into the
        # height too; fit-x keeps the plot's height whatever the legend takes.
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
    )
    return charts.spec_of(chart)


def panel_rows(long: pl.DataFrame, compared: str | None) -> dict[str, pl.DataFrame]:
    """A panel's line and points: the solid line joins whole buckets only; a dotted one
    reaches the cut-short ends; the comparison is its own dashed line."""
    now = long.filter(pl.col("line") == THIS_PERIOD)
    parts = [
        now.filter(pl.col("partial") == ""),
        now.with_columns(line=pl.lit(CUT_SHORT)),
        *(
            [long.filter(pl.col("line") == "compared").with_columns(line=pl.lit(compared))]
            if compared
            else []
        ),
    ]
    return {LINE: pl.concat(parts), POINTS: now}


def panels(
    series: pl.DataFrame,
    events: pl.DataFrame,
    kpi_ids: tuple[str, ...],
    view: Filters,
    last_day: date,
    look: ViewFormat,
    *,
    notes: pl.DataFrame | None = None,
) -> list[Spec]:
    """One panel per KPI, to stack: the same days across and y axes of the same width, so
    the panels line up (a concatenated chart cannot follow the page's width). Calendar
    `events` and `notes` (present/note_marks.rows) are marked on every panel; the legend
    is on the first. Each is a Vega-Lite spec with its rows as named datasets."""
    cut = buckets(view, last_day)
    ticks = () if view.grain == "day" else tuple(cut["bucket"].to_list())
    compared = None if view.compare == "none" else COMPARE_LABELS[view.compare]
    shared = {EVENTS: charts.event_rows(events)}
    if notes is not None and not notes.is_empty():
        shared[NOTES] = note_marks.shown(notes, look.launch_names)
    kinds = tuple(shared[EVENTS]["kind_label"].unique().sort().to_list())
    specs = []
    for index, (kpi_id, colour) in enumerate(zip(kpi_ids, COLOURS, strict=False)):
        legend = index == 0
        shape = PanelShape(
            kpi_id=kpi_id,
            colour=colour,
            start=view.start,
            end=view.end,
            grain=view.grain,
            compared=compared,
            ticks=ticks,
            currency=look.currency,
            event_kinds=kinds if legend else (),
            notes=NOTES in shared,
            legend=legend,
        )
        rows = panel_rows(_long(series, kpi_id, cut, look), compared)
        specs.append({**panel_spec(shape), "datasets": {**rows, **shared}})
    return specs


def has_data(series: pl.DataFrame) -> bool:
    return not series.filter(pl.col("value").is_not_null()).is_empty()


NO_DATA = "No activity in this view to draw a trend from."


def caption(view: Filters, last_day: date, chosen: bool) -> str:
    """What a reader needs to read the chart: its grain, and why some points are hollow."""
    why = "as chosen in the filters" if chosen else f"for a {view.period.days}-day period"
    text = f"Shown {GRAIN_WORDS[view.grain]}, {why}. Hollow points are buckets cut short"
    text += " by the period" if view.end <= last_day else " by the period or by the data"
    return text + f" (data through {last_day:%d %b %Y}); hover a point for its days."
