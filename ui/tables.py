"""Tables on screen: readable column labels and formats, the frame itself unchanged.

The frame shown is the frame downloaded: only the labels and number formats differ.
"""

from __future__ import annotations

from typing import Any

import polars as pl
import streamlit as st

from kpi.catalog import BY_ID
from kpi.filters import Filters
from kpi.model import Model
from ui import download

PERCENT = {"step_conversion", "overall_conversion", "share", "sla_met_rate", "delta_pct"}
LABELS = {
    "group": "Group",
    "mqls": "MQLs",
    "touched_within_sla": "Touched within SLA",
    "due": "Due",
    "sla_met_rate": "SLA met",
    "median_hours": "Median hours",
    "unworked": "Unworked",
    "step_conversion": "Step conversion",
    "overall_conversion": "Of all leads",
    "hours_waiting": "Hours waiting",
    "delta_pct": "Delta %",
}


def _column(name: str, dtype: pl.DataType) -> Any:
    kpi = BY_ID.get(name)
    label = kpi.label if kpi else LABELS.get(name, name.replace("_", " ").capitalize())
    unit = kpi.unit if kpi else None
    if name in PERCENT or unit == "ratio":
        return st.column_config.NumberColumn(label, format="percent")
    if unit == "count":
        return st.column_config.NumberColumn(label, format="%d")
    if dtype.is_float():
        return st.column_config.NumberColumn(label, format="%.2f")
    return st.column_config.Column(label)


def show(frame: pl.DataFrame, *, key: str | None = None) -> None:
    config = {name: _column(name, dtype) for name, dtype in frame.schema.items()}
    st.dataframe(frame, hide_index=True, width="stretch", column_config=config, key=key)


def with_download(
    frame: pl.DataFrame,
    *,
    name: str,
    filters: Filters,
    model: Model,
    empty: str | None = None,
    good_when_empty: bool = False,
) -> None:
    """The table on screen, or `empty` in words when it has no rows, then its CSV download."""
    if frame.is_empty() and empty:
        (st.success if good_when_empty else st.info)(empty)
    else:
        show(frame)
    download.csv_button(frame, name=name, filters=filters, model=model)
