"""Altair charts: funnel, launch-relative overlay, speed-to-lead histogram, calendar events.

Every chart takes the frame it draws (the same frame the page offers as a download)
and marks the calendar events (launch events, stock-outs) on time axes. The time
trend has its own module (present/trend.py), and so do the notes' markers
(present/note_marks.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt
import polars as pl

from contract.schema import EVENT_KINDS
from kpi import speed_bars
from present import formatting
from present.cells import ViewFormat, humanised

# altair's chart classes (Chart, LayerChart, VConcatChart…) share no usable static type.
Chart = Any
# A Vega-Lite spec whose `datasets` may hold polars frames (present/trend.py): what
# st.vega_lite_chart draws and present/render.py renders.
Spec = dict[str, Any]
DEFAULT_THEME_CONFIG = {"view": {"continuousWidth": 300, "continuousHeight": 300}}
# Layers drawn behind a chart's data, and layers drawn in front of it (present/note_marks.py).
Layers = tuple[tuple[Chart, ...], tuple[Chart, ...]]

MARKETING = "#B4436C"
SALES = "#2F6690"
BENCHMARK = "#B8B8B8"
EVENT_COLOURS = dict(
    zip(
        EVENT_KINDS,
        ("#5C946E", "#8E7DBE", "#E0A458", "#C0392B", "#7F8C8D", "#95A5A6"),
        strict=True,
    )
)


def event_rows(events: pl.DataFrame) -> pl.DataFrame:
    """The calendar events as `events_layer` draws them: kind and dates in words."""
    return events.with_columns(
        kind_label=pl.col("kind").map_elements(humanised, return_dtype=pl.String),
        when=pl.concat_str(
            pl.col("date").dt.strftime("%d %b %Y"),
            pl.col("end_date").dt.strftime(" to %d %b %Y").fill_null(""),
        ),
        notes=pl.col("notes").fill_null(""),
    )


def events_layer(data: Any, legend_kinds: Sequence[str]) -> Chart:
    """Dashed rules at event dates, shaded spans for multi-day events (a stock-out);
    hovering one names it and says what it was. `data` holds `event_rows`; the legend
    lists `legend_kinds` (none when empty)."""
    colours = alt.Scale(
        domain=[humanised(kind) for kind in EVENT_COLOURS], range=list(EVENT_COLOURS.values())
    )
    colour = alt.Color(
        "kind_label:N",
        scale=colours,
        title="Event",
        legend=alt.Legend(orient="top", values=list(legend_kinds)) if legend_kinds else None,
    )
    base = alt.Chart(data)
    rules = base.mark_rule(strokeDash=[4, 3], opacity=0.8, strokeWidth=2).encode(
        x=alt.X("date:T"),
        color=colour,
        tooltip=[
            alt.Tooltip("title:N", title="Event"),
            alt.Tooltip("notes:N", title="What"),
            alt.Tooltip("when:N", title="When"),
            alt.Tooltip("kind_label:N", title="Kind"),
        ],
    )
    spans = (
        base.transform_filter("datum.end_date != null")
        .mark_rect(opacity=0.12)
        .encode(x="date:T", x2="end_date:T", color=colour)
    )
    return alt.layer(spans, rules)


def spec_of(chart: Chart) -> Spec:
    """The chart's Vega-Lite spec as Streamlit draws it: without altair's default theme's
    300-pixel view, which Streamlit leaves out too (the page sets the width)."""
    spec: Spec = chart.to_dict()
    if spec.get("config") == DEFAULT_THEME_CONFIG:
        del spec["config"]
    return spec


def funnel(stages: pl.DataFrame, look: ViewFormat) -> Chart:
    """Grouped bars: one group of stage bars per launch or channel, on one count axis."""
    order = (
        stages["stage"].unique(maintain_order=True).map_elements(humanised, return_dtype=pl.String)
    )
    shown = stages.with_columns(
        group=pl.col("group").replace(dict(look.launch_names)),
        stage=pl.col("stage").map_elements(humanised, return_dtype=pl.String),
        step=pl.col("step_conversion").map_elements(formatting.percent, return_dtype=pl.String),
    ).with_columns(step=pl.col("step").fill_null(formatting.EMPTY))
    stage_order = order.to_list()
    return (
        alt.Chart(shown.to_arrow())
        .mark_bar()
        .encode(
            x=alt.X("count:Q", title="Leads of the cohort reaching the stage"),
            y=alt.Y("group:N", title=None, sort=None, axis=alt.Axis(labelLimit=220)),
            yOffset=alt.YOffset("stage:N", sort=stage_order),
            color=alt.Color(
                "stage:N",
                sort=stage_order,
                title="Stage",
                scale=alt.Scale(scheme="purples", reverse=True),
                legend=alt.Legend(orient="top"),
            ),
            tooltip=[
                alt.Tooltip("group:N", title="Group"),
                alt.Tooltip("stage:N", title="Stage"),
                alt.Tooltip("count:Q", title="Leads", format=",d"),
                alt.Tooltip("step:N", title="Step conversion"),
            ],
        )
        .properties(height=alt.Step(9))
    )


def launch_relative(
    series: pl.DataFrame,
    label: str,
    chosen: tuple[str, ...],
    notes: Layers = ((), ()),
) -> Chart:
    """One line per launch, days since launch on x; Day 0 marked. With launches chosen,
    the others stay as grey benchmark lines behind them. `notes` are the note layers
    (behind, in front) on the same days (present/note_marks.py)."""
    shown = series.with_columns(
        role=pl.when(pl.lit(not chosen) | pl.col("launch_id").is_in(list(chosen)))
        .then(pl.lit("chosen"))
        .otherwise(pl.lit("benchmark"))
    )
    names = shown.filter(pl.col("role") == "chosen")["launch_name"].unique(maintain_order=True)
    x = alt.X("day:Q", title="Days since launch (Day 0 = launch date)")
    y = alt.Y("cumulative:Q", title=f"{label}, cumulative")
    tooltip = [
        alt.Tooltip("launch_name:N", title="Launch"),
        alt.Tooltip("day:Q", title="Day"),
        alt.Tooltip("cumulative:Q", title="Cumulative", format=",.2f"),
    ]
    benchmark = (
        alt.Chart(shown.filter(pl.col("role") == "benchmark").to_arrow())
        .mark_line(color=BENCHMARK, strokeWidth=1.5)
        .encode(x=x, y=y, detail="launch_name:N", tooltip=tooltip)
    )
    lines = (
        alt.Chart(shown.filter(pl.col("role") == "chosen").to_arrow())
        .mark_line(strokeWidth=2.5)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "launch_name:N",
                title="Launch",
                scale=alt.Scale(domain=names.to_list()),
                legend=alt.Legend(orient="top", columns=3),
            ),
            tooltip=tooltip,
        )
    )
    day_zero = (
        alt.Chart(pl.DataFrame({"day": [0]}).to_arrow())
        .mark_rule(color="#333", strokeDash=[4, 3])
        .encode(x="day:Q")
    )
    behind, in_front = notes
    return alt.layer(*behind, benchmark, lines, day_zero, *in_front).properties(height=340)


def speed_histogram(bars: pl.DataFrame, sla_hours: float, p90_hours: float | None) -> Chart:
    """MQLs by hours to first touch, every touched MQL of the view (kpi/speed_bars.py);
    the last bar gathers the longest waits."""
    width, last = speed_bars.bar_hours(p90_hours, sla_hours)
    drawn = (
        alt.Chart(bars.to_arrow())
        .mark_bar(color=SALES, stroke="white", strokeWidth=1)
        .encode(
            x=alt.X(
                "from_hours:Q",
                scale=alt.Scale(domain=[0, last + width], nice=False),
                title=f"Hours from MQL to first touch (last bar: {last:g} h or more)",
            ),
            x2="to_hours:Q",
            y=alt.Y("mqls:Q", title="MQLs"),
            y2=alt.datum(0),  # a ranged x makes bars horizontal unless they start at 0
            tooltip=[
                alt.Tooltip("from_hours:Q", title="From (h)"),
                alt.Tooltip("to_hours:Q", title="To (h)"),
                alt.Tooltip("mqls:Q", title="MQLs", format=","),
            ],
        )
    )
    sla_frame = pl.DataFrame({"hours": [sla_hours], "label": [f"SLA {sla_hours:g} h"]})
    sla = (
        alt.Chart(sla_frame.to_arrow())
        .mark_rule(color="#C0392B", strokeDash=[4, 3])
        .encode(x="hours:Q", tooltip=[alt.Tooltip("label:N", title="Follow-up SLA")])
    )
    return alt.layer(drawn, sla).properties(height=260)


def titled(chart: Chart, title: str, stamp: Sequence[str]) -> Chart:
    """The chart (an Altair chart or a `Spec`) with its title and the view's lines
    (filters, data through, as of) above it: the chart's own PNG export, and its image
    in the pack, say what it shows (docs/architecture.md, "Meeting pack")."""
    params = alt.TitleParams(
        text=title,
        subtitle=list(stamp),
        anchor="start",
        fontSize=14,
        subtitleFontSize=11,
        subtitleColor="#555555",
    )
    if isinstance(chart, dict):
        return {**chart, "title": params.to_dict()}
    return chart.properties(title=params)
