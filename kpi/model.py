"""The data the KPI engine reads: the canonical tables, prepared once per load.

Preparing adds what every filter state needs and no single table carries: a deal's
marketing channel and segment (from its lead), each customer's first order, the
currencies the money tables hold, and the data's as-of time. It runs once per data
load, never per filter change.

An order's `channel` (dtc / retail / pro) is where it was sold, not the marketing
channel the channel filter means, so the facts call it `sales_channel`: a channel
filter then leaves orders out with a note instead of silently emptying them.

The model holds data and nothing else: the rules (measures, the combining rule,
targets and pacing) import it, never the other way round (docs/architecture.md,
"The KPI catalog"). What a rule derives once per load it keeps with `remembered`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

import polars as pl
from contract.dataset import Dataset
from contract.schema import LEAD_STAGES, TABLES

from kpi.filters import Filters, apply_dimensions
from kpi.inputs import Input, shown

if TYPE_CHECKING:
    from kpi.engines.base import Engine

T = TypeVar("T")
_ABSENT = object()
# The column naming an amount's currency, in each canonical table that has amounts.
CURRENCY = "currency"
# On a table holding several currencies, each row's currency as one bit of an Int64: a
# view ORs the bits of its rows in the same query (docs/architecture.md, "Money KPIs
# never mix currencies").
CURRENCY_BIT = "currency_bit"
# On orders: true on the one order of a customer with a single order (false without a
# customer id), set by `prepare`; a distinct count of customers uses it (kpi/measures.py).
ONLY_ORDER = "is_only_order"


@dataclass(frozen=True)
class Context:
    """Parameters some measures depend on: the follow-up SLA and the data's "now"."""

    sla_hours: float
    as_of: datetime


@dataclass(frozen=True)
class Model:
    dataset: Dataset
    facts: dict[str, pl.DataFrame]
    first_day: date
    last_day: date
    # What the sources provide of what measures read (kpi/inputs.py): set once per load.
    provided: frozenset[Input]
    # Every currency the money tables hold, sorted; a currency's bit is 1 << its index.
    currencies: tuple[str, ...] = ()
    # Each money table's currencies (empty: its amounts carry none).
    table_currencies: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Where measures are computed (docs/architecture.md, "Engines"): None is polars over
    # `facts`; another engine keeps the fact tables and `facts` holds their columns only.
    engine: Engine | None = None

    def has_rows(self, table: str) -> bool:
        if self.engine is not None:
            return self.engine.has_rows(table)
        return self.facts[table].height > 0

    @property
    def as_of(self) -> datetime:
        """The end of the data's last day: "now" for SLAs and pacing."""
        return datetime.combine(self.last_day + timedelta(days=1), time())

    def context(self, filters: Filters) -> Context:
        """The measures' parameters for a view: its SLA, judged at the data's as-of time."""
        return Context(sla_hours=filters.sla_hours, as_of=self.as_of)

    @property
    def currency(self) -> str | None:
        """The one currency the data's amounts are in, or None (none given, or several)."""
        return self.currencies[0] if len(self.currencies) == 1 else None

    def currencies_of(self, table: str) -> tuple[str, ...]:
        return self.table_currencies.get(table, ())

    def remembered(self, key: Hashable, compute: Callable[[], T]) -> T:
        """`compute()`, once per model and key: what a rule derives once per data load.

        Keys are small values (a name, a KPI id, a tuple of launch ids), never frames.
        A race between two sessions computes the same value twice, which is harmless.
        """
        memo = self._memo
        found = memo.get(key, _ABSENT)
        if found is _ABSENT:
            found = compute()
            if len(memo) > 4096:
                memo.clear()
            memo[key] = found
        return found  # type: ignore[no-any-return]

    @cached_property
    def _memo(self) -> dict[Hashable, Any]:
        return {}

    @cached_property
    def _targets_by_kpi(self) -> dict[str, pl.DataFrame]:
        targets = self.dataset.targets
        return {
            str(key[0]): rows for key, rows in targets.partition_by("kpi", as_dict=True).items()
        }

    def targets_of(self, kpi_id: str) -> pl.DataFrame:
        """The target rows of one KPI (split once: the table asks for every KPI's)."""
        return self._targets_by_kpi.get(kpi_id, self.dataset.targets.clear())

    def facts_for(self, filters: Filters) -> dict[str, pl.LazyFrame]:
        if self.engine is not None:  # its `facts` have no rows: never a silent empty view
            raise NotImplementedError(
                f"no fact rows here: the tables are in {self.engine.name}; a view asks it "
                'through kpi/grouped.py or kpi/records.py (docs/architecture.md, "Engines")'
            )
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
        return list(self.remembered(("values_of", column), lambda: tuple(self._distinct(column))))

    def _distinct(self, column: str) -> list[str]:
        if self.engine is not None:
            return self.engine.distinct(column)
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
    per_table = _currencies(facts)
    currencies = tuple(sorted({c for found in per_table.values() for c in found}))
    for name, found in per_table.items():
        if len(found) > 1:
            facts[name] = _with_currency_bits(facts[name], currencies)
    return Model(
        dataset=dataset,
        facts=facts,
        first_day=first,
        last_day=last,
        provided=shown(facts),
        currencies=currencies,
        table_currencies=per_table,
    )


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


# Customers are split into this many groups by a hash of their id for `_first_orders`.
FIRST_ORDER_GROUPS = 8


def _orders_with_first_purchase(orders: pl.DataFrame) -> pl.DataFrame:
    """Flag each customer's first order ever (by date, then order id): new customers, CAC.

    An order without a customer id is neither a first order nor a repeat one: its flag
    stays null, so data without customer ids says so (docs/architecture.md, "Unknown
    is not zero"). `ONLY_ORDER` marks the orders of customers with one order: a count
    of distinct customers counts those rows without hashing their ids (kpi/measures.py).
    """
    firsts = _first_orders(orders)
    flags = _true_at(orders.height, firsts["row"])
    only = _true_at(orders.height, firsts.filter(pl.col("orders") == 1)["row"])
    first = pl.when(pl.col("customer_id").is_not_null()).then(flags)
    return orders.with_columns(is_first_order=first, **{ONLY_ORDER: only})


def _true_at(height: int, rows: pl.Series) -> pl.Series:
    """A Boolean column of `height` rows, true at the row numbers `rows`."""
    return pl.repeat(False, height, eager=True).scatter(rows, True)  # a new Series each time


def _first_orders(orders: pl.DataFrame) -> pl.DataFrame:
    """The row number of each customer's first order, by date then order id, and the
    customer's number of orders.

    Picks one row number per customer rather than sorting every order, on the three
    columns it reads; and one group of customers at a time (a customer's orders are
    all in one group), so the grouping holds an eighth of the row lists at once: at 10M
    leads (20M orders, 8M customers) prepare's peak over the tables fell from 1.56 GiB
    to 0.54 GiB, and it is no slower (docs/architecture.md, "Memory").
    """
    keyed = orders.select("customer_id", "date", "order_id")  # shares the columns
    group = pl.when(pl.col("customer_id").is_not_null()).then(
        (pl.col("customer_id").hash() % FIRST_ORDER_GROUPS).cast(pl.UInt8)
    )
    groups = keyed.select(group).to_series()
    firsts = []
    for number in range(FIRST_ORDER_GROUPS):
        rows = (groups == number).arg_true()
        picked = keyed.select(pl.all().gather(rows)).with_columns(row=rows)
        earliest = pl.col("row").sort_by("date", "order_id").first()
        found = picked.group_by("customer_id").agg(earliest, orders=pl.len())
        firsts.append(found.select("row", "orders"))
    return pl.concat(firsts)


def _currencies(facts: dict[str, pl.DataFrame]) -> dict[str, tuple[str, ...]]:
    """Each money table's currencies (nulls ignored), read once per load."""
    money = [name for name in facts if CURRENCY in TABLES[name].columns]
    queries = [facts[name].lazy().select(pl.col(CURRENCY).drop_nulls().unique()) for name in money]
    found = pl.collect_all(queries)
    return {
        name: tuple(sorted(result[CURRENCY].to_list()))
        for name, result in zip(money, found, strict=True)
    }


def _with_currency_bits(frame: pl.DataFrame, currencies: tuple[str, ...]) -> pl.DataFrame:
    bits = {currency: 1 << index for index, currency in enumerate(currencies)}
    bit = pl.col(CURRENCY).replace_strict(bits, default=None, return_dtype=pl.Int64)
    return frame.with_columns(bit.alias(CURRENCY_BIT))


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
