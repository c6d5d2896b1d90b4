"""The data the KPI engine reads: the canonical tables, prepared once per load.

Preparing adds what every filter state needs and no single table carries: a deal's
marketing channel and segment (from its lead), each customer's first order, and
the data's as-of time. It runs once per data load, never per filter change.

An order's `channel` (dtc / retail / pro) is where it was sold, not the marketing
channel the channel filter means, so the facts call it `sales_channel`: a channel
filter then leaves orders out with a note instead of silently emptying them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cached_property

import polars as pl
from contract.dataset import Dataset
from contract.schema import LEAD_STAGES

from kpi.filters import Filters, apply_dimensions
from kpi.pacing import targets_for


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

    @cached_property
    def _targets_by_kpi(self) -> dict[str, pl.DataFrame]:
        targets = self.dataset.targets
        return {
            str(key[0]): rows for key, rows in targets.partition_by("kpi", as_dict=True).items()
        }

    def targets_of(self, kpi_id: str) -> pl.DataFrame:
        """The target rows of one KPI (split once: the table asks for every KPI's)."""
        return self._targets_by_kpi.get(kpi_id, self.dataset.targets.clear())

    def target_rows(self, kpi_id: str, launches: tuple[str, ...]) -> pl.DataFrame:
        """The target rows that apply to a view of `launches` (see kpi.pacing.targets_for).

        Memoised: the KPI table asks for every KPI's rows for the view and its
        comparison on each filter change, and each ask is a few small polars queries.
        """
        key = (kpi_id, launches)
        found = self._target_rows.get(key)
        if found is None:
            if len(self._target_rows) > 4096:
                self._target_rows.clear()
            found = targets_for(self.targets_of(kpi_id), kpi_id, launches)
            self._target_rows[key] = found
        return found

    @cached_property
    def _target_rows(self) -> dict[tuple[str, tuple[str, ...]], pl.DataFrame]:
        return {}

    def facts_for(self, filters: Filters) -> dict[str, pl.LazyFrame]:
        return {name: apply_dimensions(frame.lazy(), filters) for name, frame in self.facts.items()}

    def launch_ids(self) -> list[str]:
        """Known launches by launch date, then any other id found in the facts."""
        return list(self._launch_ids)

    @cached_property
    def _launch_ids(self) -> tuple[str, ...]:
        # Asked on every rerun (the sidebar's options); a scan of every fact row.
        known = self.dataset.launches.sort("launch_date")["launch_id"].to_list()
        extra = sorted(set(self._distinct("launch_id")) - set(known))
        return (*known, *extra)

    def values_of(self, column: str) -> list[str]:
        """Every value of a dimension across the fact tables, sorted."""
        if column not in self._values:
            # Computed once per column and model: the sidebar asks on every rerun. A race
            # between two sessions computes the same list twice, which is harmless.
            self._values[column] = tuple(self._distinct(column))
        return list(self._values[column])

    @cached_property
    def _values(self) -> dict[str, tuple[str, ...]]:
        return {}

    def _distinct(self, column: str) -> list[str]:
        parts = [
            frame.lazy().select(pl.col(column).drop_nulls().unique())
            for frame in self.facts.values()
            if column in frame.columns
        ]
        if not parts:
            return []
        return sorted(set(pl.concat(pl.collect_all(parts))[column].to_list()))


def prepare(dataset: Dataset) -> Model:
    deals = _deals_with_lead_dimensions(dataset.deals, dataset.leads)
    orders = _orders_with_first_purchase(dataset.orders).rename({"channel": "sales_channel"})
    facts = {"spend": dataset.spend, "leads": dataset.leads, "deals": deals, "orders": orders}
    first, last = _date_range(facts)
    return Model(dataset=dataset, facts=facts, first_day=first, last_day=last)


def _deals_with_lead_dimensions(deals: pl.DataFrame, leads: pl.DataFrame) -> pl.DataFrame:
    """A deal carries its lead's marketing channel and segment; sales-sourced deals none."""
    # Only the leads with a deal: a small set to look up, not every lead to hash.
    with_deals = pl.col("lead_id").is_in(deals["lead_id"].drop_nulls().implode())
    lead_dims = (
        leads.filter(with_deals)
        .select("lead_id", "channel", "segment")
        .unique("lead_id", keep="first")
    )
    return deals.join(lead_dims, on="lead_id", how="left")


def _orders_with_first_purchase(orders: pl.DataFrame) -> pl.DataFrame:
    """Flag each customer's first order ever (by date, then order id): new customers, CAC.

    Picks one row number per customer rather than sorting every order: several times
    faster on millions of orders, and the rows keep their order.
    """
    indexed = orders.with_row_index("row")
    firsts = (
        indexed.filter(pl.col("customer_id").is_not_null())
        .group_by("customer_id")
        .agg(pl.col("row").sort_by("date", "order_id").first())
    )["row"]
    return indexed.with_columns(is_first_order=pl.col("row").is_in(firsts.implode())).drop("row")


def _date_range(facts: dict[str, pl.DataFrame]) -> tuple[date, date]:
    """The first and last day with any activity.

    The last day counts every stage timestamp (a deal closed or a lead touched after
    the last lead was created), because it sets the as-of time SLAs are judged at.
    """
    lead_stamps = ["created_at", *LEAD_STAGES]
    days = [
        facts["spend"].select(low=pl.col("date").min(), high=pl.col("date").max()),
        facts["orders"].select(low=pl.col("date").min(), high=pl.col("date").max()),
        facts["leads"].select(
            low=pl.col("created_at").min().dt.date(),
            high=pl.max_horizontal(pl.col(lead_stamps).max()).dt.date(),
        ),
        facts["deals"].select(
            low=pl.col("created_at").min().dt.date(),
            high=pl.max_horizontal(pl.col("created_at", "closed_at").max()).dt.date(),
        ),
    ]
    bounds = pl.concat(days).select(pl.col("low").min(), pl.col("high").max())
    low, high = bounds.row(0)
    if low is None or high is None:
        today = date.today()
        return today, today
    assert isinstance(low, date) and isinstance(high, date)
    return low, high
