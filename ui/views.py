"""Cached KPI views for the pages: keyed on the data's version and the filter values.

Every view goes through one cached function whose key is small: the view's name, the
data's content version, a frozen `Filters` and a tuple of plain arguments. The model
is passed as an underscore argument, which Streamlit leaves out of the key, so a new
data version (a refresh, an upload, a changed row) is a new key and nothing else is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import polars as pl
import streamlit as st

from kpi.breakdown import breakdown
from kpi.calendar import events_in
from kpi.filters import Filters
from kpi.funnel import funnel, rejection_reasons
from kpi.handoff import SpeedToLead, sla_by, speed_to_lead, unworked_mqls
from kpi.launch_relative import launch_relative
from kpi.model import Model
from kpi.series import time_series
from kpi.table import kpi_table
from ui.data import Loaded

T = TypeVar("T")


def _relative(model: Model, filters: Filters, kpi_id: str, days: tuple[int, int]) -> pl.DataFrame:
    return launch_relative(model, filters, kpi_id, first_day=days[0], last_day=days[1])


COMPUTE: dict[str, Callable[..., Any]] = {
    "kpi_table": kpi_table,
    "series": time_series,
    "funnel": funnel,
    "rejections": rejection_reasons,
    "speed_to_lead": speed_to_lead,
    "sla_by": sla_by,
    "unworked": unworked_mqls,
    "launch_relative": _relative,
    "breakdown": breakdown,
    "events": events_in,
}


@st.cache_data(max_entries=512, show_spinner=False)
def _computed(
    view: str, version: str, filters: Filters, args: tuple[Any, ...], _model: Model
) -> Any:
    return COMPUTE[view](_model, filters, *args)


class Views:
    """The pages' one way to KPI results for the loaded data."""

    def __init__(self, loaded: Loaded) -> None:
        self.version, self.model = loaded.version, loaded.model

    def _get(self, kind: type[T], view: str, filters: Filters, *args: Any) -> T:
        result = _computed(view, self.version, filters, args, self.model)
        assert isinstance(result, kind), f"{view} gave {type(result).__name__}"
        return result

    def kpi_table(self, filters: Filters) -> pl.DataFrame:
        return self._get(pl.DataFrame, "kpi_table", filters)

    def series(self, filters: Filters, kpi_ids: tuple[str, ...]) -> pl.DataFrame:
        return self._get(pl.DataFrame, "series", filters, kpi_ids)

    def funnel(self, filters: Filters, by: str | None) -> pl.DataFrame:
        return self._get(pl.DataFrame, "funnel", filters, by)

    def rejections(self, filters: Filters) -> pl.DataFrame:
        return self._get(pl.DataFrame, "rejections", filters)

    def speed_to_lead(self, filters: Filters) -> SpeedToLead:
        return self._get(SpeedToLead, "speed_to_lead", filters)

    def sla_by(self, filters: Filters, by: str) -> pl.DataFrame:
        return self._get(pl.DataFrame, "sla_by", filters, by)

    def unworked(self, filters: Filters) -> pl.DataFrame:
        return self._get(pl.DataFrame, "unworked", filters)

    def launch_relative(self, filters: Filters, kpi_id: str, days: tuple[int, int]) -> pl.DataFrame:
        return self._get(pl.DataFrame, "launch_relative", filters, kpi_id, days)

    def breakdown(self, filters: Filters, by: str, kpi_ids: tuple[str, ...]) -> pl.DataFrame:
        return self._get(pl.DataFrame, "breakdown", filters, by, kpi_ids)

    def events(self, filters: Filters) -> pl.DataFrame:
        return self._get(pl.DataFrame, "events", filters)
