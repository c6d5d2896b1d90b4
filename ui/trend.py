"""The trend on a page: present/trend.py's panels stacked at the page's width, each
titled with the view so its own PNG export says what it shows, with the launches'
calendar events and the notes written for the view marked on every panel."""

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
from present.link import grain_picked
from ui import notes
from ui.views import Views


def show(
    views: Views,
    view: Filters,
    kpi_ids: tuple[str, ...],
    look: ViewFormat,
    *,
    last_day: date,
    stamp: Sequence[str],
) -> pl.DataFrame:
    """One panel per KPI, stacked, with the grain and hollow points explained below;
    returns the series drawn (for its download)."""
    series = views.series(view, kpi_ids)
    if not spec.has_data(series):
        st.info(spec.NO_DATA)
        return series
    panels = spec.panels(
        series, views.events(view), kpi_ids, view, last_day, look, notes=notes.markers(view)
    )
    for kpi_id, panel in zip(kpi_ids, panels, strict=False):
        titled = charts.titled(panel, f"{BY_ID[kpi_id].label}, trend", stamp)
        st.vega_lite_chart(spec=titled, width="stretch")
    st.caption(spec.caption(view, last_day, grain_picked(view)))
    return series
