"""The trend on a page: present/trend.py's panels stacked at the page's width, each
titled with the view so its own PNG export says what it shows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import polars as pl
import streamlit as st

from kpi.catalog import BY_ID
from kpi.filters import Filters
from present import charts
from present import trend as spec
from present.cells import ViewFormat


def show(
    series: pl.DataFrame,
    events: pl.DataFrame,
    kpi_ids: tuple[str, ...],
    view: Filters,
    last_day: date,
    look: ViewFormat,
    *,
    chosen: bool,
    stamp: Sequence[str],
    notes: pl.DataFrame | None = None,
) -> None:
    """One panel per KPI, stacked, with the grain and hollow points explained below."""
    if not spec.has_data(series):
        st.info(spec.NO_DATA)
        return
    panels = spec.panels(series, events, kpi_ids, view, last_day, look, notes=notes)
    for kpi_id, panel in zip(kpi_ids, panels, strict=False):
        titled = charts.titled(panel, f"{BY_ID[kpi_id].label}, trend", stamp)
        st.altair_chart(titled, width="stretch")
    st.caption(spec.caption(view, last_day, chosen))
