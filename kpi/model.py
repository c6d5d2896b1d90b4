"""The data the KPI engine reads: the canonical tables, prepared once per load.

Preparing adds what every filter state needs and no single table carries: a deal's
marketing channel and segment (from its lead), each customer's first order, and
the data's as-of time. It runs once per data load, never per filter change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import polars as pl

from kpi.dataset import Dataset
from kpi.filters import Filters, apply_dimensions

# The tables KPIs are computed from (the others describe launches and plans).
FACT_TABLES = ("spend", "leads", "deals", "orders")


@dataclass(frozen=True)
class Model:
    dataset: Dataset
    facts: dict[str, pl.DataFrame]
    first_day: date
    last_day: date

    @property
    def as_of(self) -> datetime:
        """The end of the data's last day: "now" for SLAs and pacing."""
        return datetime.combine(self.last_day + timedelta(days=1), time())

    def facts_for(self, filters: Filters) -> dict[str, pl.LazyFrame]:
        return {name: apply_dimensions(frame.lazy(), filters) for name, frame in self.facts.items()}

    def launch_ids(self) -> list[str]:
        found = pl.concat([frame.select("launch_id") for frame in self.facts.values()])
        known = self.dataset.launches.sort("launch_date")["launch_id"].to_list()
        extra = sorted(set(found["launch_id"].drop_nulls().unique().to_list()) - set(known))
        return known + extra

    def values_of(self, column: str) -> list[str]:
        """Every value of a dimension across the fact tables, sorted."""
        parts = [frame.select(column) for frame in self.facts.values() if column in frame.columns]
        if not parts:
            return []
        return sorted(pl.concat(parts)[column].drop_nulls().unique().to_list())


def prepare(dataset: Dataset) -> Model:
    deals = _deals_with_lead_dimensions(dataset.deals, dataset.leads)
    orders = _orders_with_first_purchase(dataset.orders)
    facts = {"spend": dataset.spend, "leads": dataset.leads, "deals": deals, "orders": orders}
    first, last = _date_range(facts)
    return Model(dataset=dataset, facts=facts, first_day=first, last_day=last)


def _deals_with_lead_dimensions(deals: pl.DataFrame, leads: pl.DataFrame) -> pl.DataFrame:
    """A deal carries its lead's marketing channel and segment; sales-sourced deals none."""
    lead_dims = leads.select("lead_id", "channel", "segment").unique("lead_id", keep="first")
    return deals.join(lead_dims, on="lead_id", how="left")


def _orders_with_first_purchase(orders: pl.DataFrame) -> pl.DataFrame:
    """Flag each customer's first order ever: the basis of new customers and CAC."""
    first = (pl.col("date").rank("ordinal").over("customer_id") == 1) & pl.col(
        "customer_id"
    ).is_not_null()
    return orders.sort("date", "order_id").with_columns(is_first_order=first)


def _date_range(facts: dict[str, pl.DataFrame]) -> tuple[date, date]:
    dates = pl.concat(
        [
            facts["spend"].select(day=pl.col("date")),
            facts["orders"].select(day=pl.col("date")),
            facts["leads"].select(day=pl.col("created_at").dt.date()),
            facts["deals"].select(day=pl.col("created_at").dt.date()),
        ]
    )["day"].drop_nulls()
    if dates.is_empty():
        today = date.today()
        return today, today
    low, high = dates.min(), dates.max()
    assert isinstance(low, date) and isinstance(high, date)
    return low, high
