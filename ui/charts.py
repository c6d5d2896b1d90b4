"""Altair charts: trend, funnel, launch-relative overlay, speed-to-lead histogram.

Every chart takes the frame it draws (the same frame the page offers as CSV) and
marks the calendar events (launch events, stock-outs) on time axes.
"""

from __future__ import annotations

from typing import Any, Literal

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
    """Marketing (left axis) and Sales (right axis) on one time axis; comparison dotted."""
    lines = []
    sides: zip[tuple[tuple[str, str], str, Literal["left", "right"]]] = zip(
        labels.items(), (MARKETING, SALES), ("left", "right"), strict=False
    )
    for (kpi_id, label), colour, side in sides:
        long = (
            series.filter(pl.col("kpi") == kpi_id)
            .unpivot(
                index="bucket",
                on=["value", "comparison"],
                variable_name="series",
                value_name="amount",
            )
            .with_columns(series=pl.col("series").replace({"value": "this period"}))
        )
        lines.append(
            alt.Chart(long.to_arrow())
            .mark_line(point=True, color=colour)
            .encode(
                x=alt.X("bucket:T", title=None),
                y=alt.Y("amount:Q", title=label, axis=alt.Axis(orient=side, titleColor=colour)),
                strokeDash=alt.StrokeDash(
                    "series:N",
                    title="Line",
                    scale=alt.Scale(domain=["this period", "comparison"], range=[[1, 0], [3, 3]]),
                ),
                opacity=alt.condition(
                    "datum.series == 'comparison'", alt.value(0.45), alt.value(1.0)
                ),
                tooltip=[
                    alt.Tooltip("bucket:T", title="From"),
                    alt.Tooltip("series:N", title="Line"),
                    alt.Tooltip("amount:Q", title=label, format=",.2f"),
                ],
            )
        )
    chart = alt.layer(*lines).resolve_scale(y="independent")
    return alt.layer(chart, _events_layer(events)).properties(height=320)


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
