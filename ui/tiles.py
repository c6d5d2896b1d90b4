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
from present import formatting
from present import tiles as present_tiles
from present.cells import ViewFormat
from present.tiles import (
    ALIGNMENT_TILES,
    HEADLINE_TILES,
    MARKETING_TILES,
    NO_CHANGE,
    SALES_TILES,
)

STATUS_COLOURS = {"ahead": "green", "on track": "blue", "behind": "red"}

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


def tile(words: present_tiles.TileText, help_text: str, *, key: str) -> None:
    """One metric: value, change coloured by the KPI's better direction, status line."""
    with st.container(border=True, key=key):
        st.metric(
            words.label,
            words.value,
            delta=words.change,
            delta_color="off"
            if words.change == NO_CHANGE
            else ("normal" if words.better_up else "inverse"),
            delta_arrow="off" if words.change == NO_CHANGE else "auto",
            help=help_text,
        )
        status = (
            f":{STATUS_COLOURS.get(words.status, 'gray')}[**{words.status}**] · {words.target}"
            if words.status
            else ""
        )
        # The note (kpi/table.py's: why no value, what the value leaves out or estimates)
        # may name a source: written as text.
        note = formatting.inert(words.note)
        if words.value == formatting.EMPTY:
            st.caption(note)
        elif text := " · ".join(line for line in (status, words.caption, note) if line):
            st.caption(text)


def _help(row: Mapping[str, Any]) -> str:
    kpi = BY_ID[str(row["kpi"])]
    help_text = f"{kpi.definition}\n\nFormula: {kpi.formula}"
    if not isinstance(row["value"], float) and row.get("note"):
        help_text += f"\n\nNo value: {row['note']}."
    return help_text


def row_of(table: pl.DataFrame, ids: Sequence[str], look: ViewFormat) -> None:
    """Tiles in one wrapping row: as many per line as fit, labels and values whole."""
    rows = present_tiles.rows(table)
    with st.container(horizontal=True, gap="small", vertical_alignment="distribute"):
        for kpi_id, words in zip(ids, present_tiles.row_of(table, tuple(ids), look), strict=True):
            tile(words, _help(rows[kpi_id]), key=f"tile-{kpi_id}")


def headline(table: pl.DataFrame, filters: Filters, look: ViewFormat) -> None:
    """The meeting's first row: revenue vs the shared target, MQLs vs target, the SLA."""
    rows = present_tiles.rows(table)
    texts = present_tiles.headline(table, look, filters.sla_hours)
    with st.container(horizontal=True, gap="small", vertical_alignment="distribute"):
        for kpi_id, words in zip(HEADLINE_TILES, texts, strict=True):
            tile(words, _help(rows[kpi_id]), key=f"headline-{kpi_id}")


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
