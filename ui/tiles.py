"""KPI tiles: value, delta vs the comparison (coloured by better-direction), target status."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl
import streamlit as st

from kpi.catalog import BY_ID
from ui import formatting

MARKETING_TILES = ("spend", "mqls", "cost_per_mql", "leads", "roas", "marketing_sourced_pipeline")
SALES_TILES = (
    "accepted_leads",
    "won_revenue",
    "win_rate",
    "pipeline_value",
    "order_revenue",
    "sales_cycle_days",
)
ALIGNMENT_TILES = (
    "acceptance_rate",
    "speed_to_lead_hours",
    "sla_met_rate",
    "unworked_mqls",
    "revenue",
    "target_attainment",
)
STATUS_COLOURS = {"ahead": "green", "on track": "blue", "behind": "red"}


def _target_line(row: dict[str, object]) -> str | None:
    expected, value, status = row["expected_to_date"], row["value"], str(row["status"])
    if status == "no target" or not isinstance(expected, float) or not isinstance(value, float):
        return None
    unit = str(row["unit"])
    share = f" · {value / expected:.0%} of it" if expected and unit in ("money", "count") else ""
    colour = STATUS_COLOURS.get(status, "gray")
    return f":{colour}[**{status}**] · target to date {formatting.value(expected, unit)}{share}"


def tile(row: dict[str, object]) -> None:
    unit = str(row["unit"])
    amount = row["value"] if isinstance(row["value"], float) else None
    kpi = BY_ID[str(row["kpi"])]
    help_text = f"{kpi.definition}\n\nFormula: {kpi.formula}"
    if amount is None and row.get("note"):
        help_text += f"\n\nNo value: {row['note']}."
    st.metric(
        kpi.label,
        formatting.value(amount, unit),
        delta=formatting.delta(row["delta"], row["delta_pct"], unit),  # type: ignore[arg-type]
        delta_color="normal" if kpi.better == "up" else "inverse",
        help=help_text,
        border=True,
    )
    if amount is None:
        st.caption(str(row.get("note") or "No data for this view."))
    elif line := _target_line(row):
        st.caption(line)


def grid(table: pl.DataFrame, ids: Sequence[str], per_row: int = 3) -> None:
    rows = {
        row["kpi"]: row
        for row in table.filter(pl.col("kpi").is_in(list(ids))).iter_rows(named=True)
    }
    for start in range(0, len(ids), per_row):
        chunk = ids[start : start + per_row]
        for column, kpi_id in zip(st.columns(per_row), chunk, strict=False):
            with column:
                tile(rows[kpi_id])


def department_columns(table: pl.DataFrame) -> None:
    """Marketing tiles on the left, Sales tiles on the right."""
    marketing, sales = st.columns(2, gap="large")
    with marketing:
        st.subheader("Marketing")
        grid(table, MARKETING_TILES)
    with sales:
        st.subheader("Sales")
        grid(table, SALES_TILES)


def alignment_strip(table: pl.DataFrame) -> None:
    st.subheader("Hand-off and shared target")
    grid(table, ALIGNMENT_TILES, per_row=6)
