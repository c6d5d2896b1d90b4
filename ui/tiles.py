"""KPI tiles: value, change vs the comparison (coloured by better-direction), target status.

Tiles reflow: each section is a wrapping row of tiles at least TILE_MIN wide, so a
narrow screen gets fewer per row, and labels wrap instead of being cut. Streamlit's
metric cuts its label and value with an ellipsis; the page style below lets them
wrap and lets the value's font shrink to its tile (docs/architecture.md, "Tiles").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl
import streamlit as st

from kpi.catalog import BY_ID
from kpi.filters import Filters
from ui import formatting
from ui.cells import ViewFormat

HEADLINE_TILES = ("target_attainment", "mqls", "sla_met_rate")
MARKETING_TILES = ("spend", "leads", "cost_per_mql", "roas", "marketing_sourced_pipeline")
SALES_TILES = (
    "accepted_leads",
    "won_revenue",
    "win_rate",
    "pipeline_value",
    "order_revenue",
    "sales_cycle_days",
)
ALIGNMENT_TILES = ("acceptance_rate", "speed_to_lead_hours", "unworked_mqls", "revenue")
STATUS_COLOURS = {"ahead": "green", "on track": "blue", "behind": "red"}
NO_CHANGE = "no change"
# Revenue vs target is a ratio of revenue to its target: its status is revenue's.
STATUS_OF = {"target_attainment": "revenue"}

STYLE = """<style>
[data-testid="stMetric"] .stMarkdownEllipsis,
[data-testid="stMetric"] .stMarkdownEllipsis p {
  overflow: visible; text-overflow: clip; white-space: normal; overflow-wrap: break-word;
}
[data-testid="stMetricLabel"] { align-items: start; }
[data-testid="stMetricValue"] { container-type: inline-size; }
[data-testid="stMetricValue"] .stMarkdownEllipsis { font-size: min(1em, 19cqi); }
/* A tile's flex item is the layout wrapper around its keyed container. */
[data-testid="stLayoutWrapper"]:has(> [class*="st-key-tile-"]) {
  flex: 1 1 10rem !important; min-width: 10rem !important;
}
[data-testid="stLayoutWrapper"]:has(> [class*="st-key-headline-"]) {
  flex: 1 1 15rem !important; min-width: min(15rem, 100%) !important;
}
div[class*="st-key-headline-"] [data-testid="stMetricValue"] .stMarkdownEllipsis {
  font-size: min(1.25em, 19cqi);
}
@media (max-width: 640px) {
  [data-testid="stLayoutWrapper"]:has(> [class*="st-key-tile-"]) {
    flex-basis: 9rem !important; min-width: 9rem !important;
  }
}
</style>"""


def style() -> None:
    """The page style that lets tiles wrap instead of cutting text (once per page)."""
    st.html(STYLE)


def _sign(row: Mapping[str, Any], look: ViewFormat) -> str:
    """The sign of the currency the KPI table names for this value, else the view's."""
    code = row.get("currency")
    return formatting.currency_symbol(code) if isinstance(code, str) and code else look.currency


def _target_line(row: Mapping[str, Any], status_row: Mapping[str, Any], look: ViewFormat) -> str:
    """Status against the target to date; for a KPI paced by another's target (revenue vs
    target), that KPI's amount against the target it is measured by."""
    expected, status = status_row["expected_to_date"], str(status_row["status"])
    if status == "no target" or not isinstance(expected, float):
        return ""
    unit, actual = str(status_row["unit"]), status_row["value"]
    badge = f":{STATUS_COLOURS.get(status, 'gray')}[**{status}**]"
    target = formatting.value(expected, unit, _sign(status_row, look))
    if row is not status_row and isinstance(actual, float):
        amount = formatting.value(actual, unit, _sign(status_row, look))
        return f"{badge} · {status_row['label']} {amount} of {target} expected by now"
    line = f"{badge} · target to date {target}"
    if expected and isinstance(actual, float) and unit in ("money", "count"):
        line += f" · {formatting.percent(actual / expected)} of it"
    return line


def delta(row: Mapping[str, Any], look: ViewFormat) -> str | None:
    """The change to show, or None when there is nothing to compare (no coloured ±0)."""
    value, before = row["value"], row["comparison"]
    if not isinstance(value, float) or not isinstance(before, float):
        return None
    if value == before:
        return None if value == 0 else NO_CHANGE
    shown = formatting.delta(row["delta"], row["delta_pct"], str(row["unit"]), _sign(row, look))
    # A change too small to show ("+0.0 %") is no change to colour.
    return NO_CHANGE if shown and shown.lstrip("+-").startswith(("0.0 ", "0 ")) else shown


def tile(
    row: Mapping[str, Any],
    look: ViewFormat,
    *,
    key: str,
    status_row: Mapping[str, Any] | None = None,
    caption: str | None = None,
) -> None:
    unit = str(row["unit"])
    amount = row["value"] if isinstance(row["value"], float) else None
    kpi = BY_ID[str(row["kpi"])]
    help_text = f"{kpi.definition}\n\nFormula: {kpi.formula}"
    if amount is None and row.get("note"):
        help_text += f"\n\nNo value: {row['note']}."
    change = delta(row, look)
    with st.container(border=True, key=key):
        st.metric(
            kpi.label,
            formatting.value(amount, unit, _sign(row, look)),
            delta=change,
            delta_color="off"
            if change == NO_CHANGE
            else ("normal" if kpi.better == "up" else "inverse"),
            delta_arrow="off" if change == NO_CHANGE else "auto",
            help=help_text,
        )
        if amount is None:
            st.caption(formatting.escape_markdown(str(row.get("note") or "No data for this view.")))
        else:
            # What the value leaves out or estimates (kpi/table.py's note) stays beside it.
            note = formatting.literal(row["note"], limit=200) if row.get("note") else ""
            lines = [_target_line(row, status_row or row, look), caption or "", note]
            if text := " · ".join(line for line in lines if line):
                st.caption(text)


def _rows(table: pl.DataFrame) -> dict[str, dict[str, Any]]:
    return {row["kpi"]: row for row in table.iter_rows(named=True)}


def row_of(table: pl.DataFrame, ids: Sequence[str], look: ViewFormat) -> None:
    """Tiles in one wrapping row: as many per line as fit, labels and values whole."""
    rows = _rows(table)
    with st.container(horizontal=True, gap="small", vertical_alignment="distribute"):
        for kpi_id in ids:
            tile(rows[kpi_id], look, key=f"tile-{kpi_id}")


def headline(table: pl.DataFrame, filters: Filters, look: ViewFormat) -> None:
    """The meeting's first row: revenue vs the shared target, MQLs vs target, the SLA."""
    rows = _rows(table)
    captions = {
        "sla_met_rate": f"MQLs first touched within {filters.sla_hours:g} h, of those due",
    }
    with st.container(horizontal=True, gap="small", vertical_alignment="distribute"):
        for kpi_id in HEADLINE_TILES:
            tile(
                rows[kpi_id],
                look,
                key=f"headline-{kpi_id}",
                status_row=rows[STATUS_OF.get(kpi_id, kpi_id)],
                caption=captions.get(kpi_id),
            )


def department_columns(table: pl.DataFrame, look: ViewFormat) -> None:
    """Marketing tiles on the left, Sales tiles on the right."""
    marketing, sales = st.columns(2, gap="medium")
    with marketing:
        st.subheader("Marketing")
        row_of(table, MARKETING_TILES, look)
    with sales:
        st.subheader("Sales")
        row_of(table, SALES_TILES, look)


def alignment_strip(table: pl.DataFrame, look: ViewFormat) -> None:
    st.subheader("Hand-off and shared target")
    row_of(table, ALIGNMENT_TILES, look)
