"""The calendar's events (launch events, stock-outs, campaigns) that fall in a view."""

from __future__ import annotations

import polars as pl

from kpi.filters import Filters
from kpi.model import Model


def events_in(model: Model, filters: Filters) -> pl.DataFrame:
    """Events overlapping the period, for the chosen launches and brand-wide ones, by date."""
    events = model.dataset.events
    ends = pl.coalesce("end_date", "date")
    overlapping = events.filter((pl.col("date") <= filters.end) & (ends >= filters.start))
    if filters.launches:
        overlapping = overlapping.filter(
            pl.col("launch_id").is_null() | pl.col("launch_id").is_in(filters.launches)
        )
    return overlapping.sort("date", "title")
