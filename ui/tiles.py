"""KPI tiles: value, delta vs the comparison (coloured by better-direction), target."""

from __future__ import annotations

import polars as pl
import streamlit as st

from ui import formatting

MARKETING_TILES = ("spend", "mqls", "cost_per_mql")
SALES_TILES = ("accepted_leads", "won_revenue", "win_rate")


def tile(row: dict[str, object]) -> None:
    unit = str(row["unit"])
    amount = row["value"]
    text = formatting.value(amount if isinstance(amount, float) else None, unit)
    change = formatting.delta(row["delta"], row["delta_pct"], unit)  # type: ignore[arg-type]
    help_text = str(row.get("definition") or row["label"])
    if row.get("note") and amount is None:
        help_text += f"\n\nNo value: {row['note']}."
    st.metric(
        str(row["label"]),
        text,
        delta=change,
        delta_color="normal" if row["better"] == "up" else "inverse",
        help=help_text,
        border=True,
    )


def row_of(table: pl.DataFrame, ids: tuple[str, ...]) -> None:
    rows = {row["kpi"]: row for row in table.filter(pl.col("kpi").is_in(ids)).iter_rows(named=True)}
    for column, kpi_id in zip(st.columns(len(ids)), ids, strict=True):
        with column:
            tile(rows[kpi_id])


def department_columns(table: pl.DataFrame) -> None:
    """Marketing tiles on the left, Sales tiles on the right."""
    marketing, sales = st.columns(2, gap="large")
    with marketing:
        st.subheader("Marketing")
        row_of(table, MARKETING_TILES)
    with sales:
        st.subheader("Sales")
        row_of(table, SALES_TILES)
