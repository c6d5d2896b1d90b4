"""Cached KPI views for the pages: keyed on the data's version and the filter values.

The model itself is passed as an underscore argument, which Streamlit leaves out of
the cache key: the key stays small (a version string and a frozen `Filters`), and a
new data version (a refresh, an upload, a changed row) is a new key.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from kpi import funnel as funnel_views
from kpi import handoff, launch_relative, series
from kpi.breakdown import breakdown
from kpi.filters import Filters
from kpi.model import Model
from kpi.table import kpi_table as compute_kpi_table
from ui.data import Loaded


@st.cache_data(max_entries=256, show_spinner=False)
def _kpi_table(version: str, filters: Filters, _model: Model) -> pl.DataFrame:
    return compute_kpi_table(_model, filters)


@st.cache_data(max_entries=256, show_spinner=False)
def _series(
    version: str, filters: Filters, kpi_ids: tuple[str, ...], _model: Model
) -> pl.DataFrame:
    return series.time_series(_model, filters, kpi_ids)


@st.cache_data(max_entries=256, show_spinner=False)
def _funnel(version: str, filters: Filters, by: str | None, _model: Model) -> pl.DataFrame:
    return funnel_views.funnel(_model, filters, by)  # type: ignore[arg-type]


@st.cache_data(max_entries=256, show_spinner=False)
def _rejections(version: str, filters: Filters, _model: Model) -> pl.DataFrame:
    return funnel_views.rejection_reasons(_model, filters)


@st.cache_data(max_entries=256, show_spinner=False)
def _speed(version: str, filters: Filters, _model: Model) -> handoff.SpeedToLead:
    return handoff.speed_to_lead(_model, filters)


@st.cache_data(max_entries=256, show_spinner=False)
def _sla_by(version: str, filters: Filters, by: str, _model: Model) -> pl.DataFrame:
    return handoff.sla_by(_model, filters, by)  # type: ignore[arg-type]


@st.cache_data(max_entries=256, show_spinner=False)
def _unworked(version: str, filters: Filters, _model: Model) -> pl.DataFrame:
    return handoff.unworked_mqls(_model, filters)


@st.cache_data(max_entries=256, show_spinner=False)
def _relative(
    version: str, filters: Filters, kpi_id: str, days: tuple[int, int], _model: Model
) -> pl.DataFrame:
    return launch_relative.launch_relative(
        _model, filters, kpi_id, first_day=days[0], last_day=days[1]
    )


@st.cache_data(max_entries=256, show_spinner=False)
def _breakdown(
    version: str, filters: Filters, by: str, kpi_ids: tuple[str, ...], _model: Model
) -> pl.DataFrame:
    return breakdown(_model, filters, by, kpi_ids)


class Views:
    """The pages' one way to KPI results for the loaded data."""

    def __init__(self, loaded: Loaded) -> None:
        self.version, self.model = loaded.version, loaded.model

    def kpi_table(self, filters: Filters) -> pl.DataFrame:
        return _kpi_table(self.version, filters, self.model)

    def series(self, filters: Filters, kpi_ids: tuple[str, ...]) -> pl.DataFrame:
        return _series(self.version, filters, kpi_ids, self.model)

    def funnel(self, filters: Filters, by: str | None) -> pl.DataFrame:
        return _funnel(self.version, filters, by, self.model)

    def rejections(self, filters: Filters) -> pl.DataFrame:
        return _rejections(self.version, filters, self.model)

    def speed_to_lead(self, filters: Filters) -> handoff.SpeedToLead:
        return _speed(self.version, filters, self.model)

    def sla_by(self, filters: Filters, by: str) -> pl.DataFrame:
        return _sla_by(self.version, filters, by, self.model)

    def unworked(self, filters: Filters) -> pl.DataFrame:
        return _unworked(self.version, filters, self.model)

    def launch_relative(self, filters: Filters, kpi_id: str, days: tuple[int, int]) -> pl.DataFrame:
        return _relative(self.version, filters, kpi_id, days, self.model)

    def breakdown(self, filters: Filters, by: str, kpi_ids: tuple[str, ...]) -> pl.DataFrame:
        return _breakdown(self.version, filters, by, kpi_ids, self.model)

    def events(self, filters: Filters) -> pl.DataFrame:
        """Calendar events inside the period, for the chosen launches and brand-wide ones."""
        events = self.model.dataset.events.filter(
            pl.col("date").is_between(filters.start, filters.end)
            | pl.col("end_date").is_between(filters.start, filters.end)
        )
        if filters.launches:
            events = events.filter(
                pl.col("launch_id").is_null() | pl.col("launch_id").is_in(filters.launches)
            )
        return events.sort("date")
