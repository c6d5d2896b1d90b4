"""The KPI results a page and a meeting pack show, by name: one table of engine functions
(`COMPUTE`) and one class to ask it. The app's subclass caches each answer (ui/views.py);
the command line asks the engine directly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import polars as pl

from kpi.breakdown import breakdown
from kpi.calendar import events_in
from kpi.filters import Filters
from kpi.funnel import funnel, rejection_reasons
from kpi.handoff import SpeedToLead, sla_by, speed_to_lead, unworked_list
from kpi.launch_relative import launch_relative
from kpi.model import Model
from kpi.records import Listed
from kpi.series import time_series
from kpi.table import kpi_table

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
    "unworked": unworked_list,
    "launch_relative": _relative,
    "breakdown": breakdown,
    "events": events_in,
}


class Views:
    """One way to the KPI results of a model, whoever shows them."""

    def __init__(self, model: Model) -> None:
        self.model = model

    def computed(self, view: str, filters: Filters, args: tuple[Any, ...]) -> Any:
        return COMPUTE[view](self.model, filters, *args)

    def _get(self, kind: type[T], view: str, filters: Filters, *args: Any) -> T:
        result = self.computed(view, filters, args)
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

    def unworked(self, filters: Filters) -> Listed:
        """The view's unworked MQLs, longest waiting first, capped (kpi/records.py)."""
        return self._get(Listed, "unworked", filters)

    def launch_relative(self, filters: Filters, kpi_id: str, days: tuple[int, int]) -> pl.DataFrame:
        return self._get(pl.DataFrame, "launch_relative", filters, kpi_id, days)

    def breakdown(self, filters: Filters, by: str, kpi_ids: tuple[str, ...]) -> pl.DataFrame:
        return self._get(pl.DataFrame, "breakdown", filters, by, kpi_ids)

    def events(self, filters: Filters) -> pl.DataFrame:
        return self._get(pl.DataFrame, "events", filters)
