"""Altair charts: trend, funnel, launch-relative overlay, speed-to-lead histogram.

Every chart takes the frame it draws (the same frame the page offers as CSV) and
marks the calendar events (launch events, stock-outs) on time axes.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import polars as pl

# altair's chart classes (Chart, LayerChart, VConcatChart…) share no usable static type.
Chart = Any

MARKETING = "#B4436C"
SALES = "#2F6690"
EVENT_COLOURS = alt.Scale(
    domain=["launch_event", "stockout", "campaign", "pr", "price_change", "other"],
    range=["#5C946E", "#C0392B", "#8E7DBE", "#E0A458", "#7F8C8D", "#95A5A6"],
)


def _events_layer(events: pl.DataFrame, x_field: str = "date") -> Chart:
    """Dashed rules at event dates, and shaded spans for multi-day events (a stock-out)."""
    base = alt.Chart(events.to_arrow())
    rules = base.mark_rule(strokeDash=[4, 3], opacity=0.8).encode(
        x=alt.X(f"{x_field}:T"),
        color=alt.Color("kind:N", scale=EVENT_COLOURS, title="Event"),
        tooltip=[
            alt.Tooltip("title:N", title="Event"),
            alt.Tooltip("date:T"),
            alt.Tooltip("kind:N"),
        ],
    )
    spans = (
        base.transform_filter("datum.end_date != null")
        .mark_rect(opacity=0.12)
        .encode(x="date:T", x2="end_date:T", color=alt.Color("kind:N", scale=EVENT_COLOURS))
    )
    return alt.layer(spans, rules)


def trend(series: pl.DataFrame, events: pl.DataFrame, labels: dict[str, str]) -> Chart:
    """Marketing above Sales, one shared time axis; comparison dashed; events marked."""
    panels = []
    for kpi_id, colour in zip(labels, (MARKETING, SALES), strict=False):
        part = series.filter(pl.col("kpi") == kpi_id).with_columns(label=pl.lit(labels[kpi_id]))
        base = alt.Chart(part.to_arrow()).encode(x=alt.X("bucket:T", title=None))
        current = base.mark_line(point=True, color=colour).encode(
            y=alt.Y("value:Q", title=labels[kpi_id]),
            tooltip=[alt.Tooltip("bucket:T", title="From"), alt.Tooltip("value:Q", format=",.2f")],
        )
        earlier = base.mark_line(strokeDash=[2, 2], color=colour, opacity=0.45).encode(
            y="comparison:Q",
            tooltip=[alt.Tooltip("comparison:Q", title="Comparison", format=",.2f")],
        )
        panels.append(alt.layer(current, earlier, _events_layer(events)).properties(height=200))
    return alt.vconcat(*panels).resolve_scale(x="shared", color="shared")


def funnel(stages: pl.DataFrame) -> Chart:
    return (
        alt.Chart(stages.to_arrow())
        .mark_bar(color=MARKETING)
        .encode(
            x=alt.X("count:Q", title="Leads reaching the stage"),
            y=alt.Y("stage:N", sort=None, title=None, axis=alt.Axis(labelOverlap=False)),
            row=alt.Row("group:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left")),
            tooltip=["group", "stage", "count", alt.Tooltip("step_conversion:Q", format=".1%")],
        )
        .properties(height=alt.Step(22), width=520)
    )


def launch_relative(series: pl.DataFrame, label: str) -> Chart:
    """One line per launch, days since launch on x; Day 0 marked."""
    lines = (
        alt.Chart(series.to_arrow())
        .mark_line()
        .encode(
            x=alt.X("day:Q", title="Days since launch (Day 0 = launch date)"),
            y=alt.Y("cumulative:Q", title=f"{label}, cumulative"),
            color=alt.Color("launch_name:N", title="Launch"),
            tooltip=[
                "launch_name",
                "day",
                alt.Tooltip("value:Q", format=",.2f"),
                alt.Tooltip("cumulative:Q", format=",.2f"),
            ],
        )
    )
    day_zero = (
        alt.Chart(pl.DataFrame({"day": [0]}).to_arrow())
        .mark_rule(color="#333", strokeDash=[4, 3])
        .encode(x="day:Q")
    )
    return alt.layer(lines, day_zero).properties(height=340)


def speed_histogram(hours: pl.DataFrame, sla_hours: float, p90_hours: float | None) -> Chart:
    """Hours to first touch; the longest waits are gathered in the last bar."""
    cap = max(3 * (p90_hours or sla_hours), 2 * sla_hours)
    shown = hours.with_columns(pl.col("hours").clip(upper_bound=cap))
    bars = (
        alt.Chart(shown.to_arrow())
        .mark_bar(color=SALES)
        .encode(
            x=alt.X(
                "hours:Q",
                bin=alt.Bin(maxbins=40, extent=[0, cap]),
                title=f"Hours from MQL to first touch (last bar: {cap:.0f} h or more)",
            ),
            y=alt.Y("count():Q", title="MQLs"),
        )
    )
    sla_frame = pl.DataFrame({"hours": [sla_hours], "label": [f"SLA {sla_hours:g} h"]})
    sla = (
        alt.Chart(sla_frame.to_arrow())
        .mark_rule(color="#C0392B", strokeDash=[4, 3])
        .encode(x="hours:Q", tooltip=["label"])
    )
    return alt.layer(bars, sla).properties(height=260)
