"""The bundled demo data set: a believable beauty brand, seeded and deterministic.

`generate(seed=..., n_leads=...)` returns every canonical table. The size is a
parameter so benchmarks can ask for millions of leads; deals, spend and orders
grow in proportion (about 1 deal per 5 leads, 1 spend row per 10, 2 orders per lead).
"""

from __future__ import annotations

import numpy as np
import polars as pl
from contract.schema import CHANNEL_RULES, TABLES

from connectors.demo.commerce import generate_orders, generate_spend
from connectors.demo.funnel import generate_deals, generate_leads
from connectors.demo.money import fx_rates_table, in_local_currency
from connectors.demo.plan import events_table, launch_rules_table, launches_table, targets_table

DEFAULT_SEED = 7
DEFAULT_LEADS = 50_000


def generate(*, seed: int = DEFAULT_SEED, n_leads: int = DEFAULT_LEADS) -> dict[str, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    leads = generate_leads(rng, n_leads)
    deals = generate_deals(rng, leads, n_leads)
    spend = generate_spend(rng, n_leads)
    orders = generate_orders(rng, 2 * n_leads)
    actuals = _monthly_actuals(leads, deals, spend, orders)  # in euros, as targets are
    frames = {
        "launches": launches_table(),
        "spend": in_local_currency(spend, ("spend", "conversion_value"), pl.col("date")),
        "leads": leads,
        "deals": in_local_currency(deals, ("amount",), pl.coalesce("closed_at", "created_at")),
        "orders": in_local_currency(orders, ("revenue",), pl.col("date")),
        "targets": targets_table(rng, actuals),
        "events": events_table(),
        "launch_rules": launch_rules_table(),
        "channel_rules": CHANNEL_RULES.empty(),
        "fx_rates": fx_rates_table(),
    }
    # Drawn as plain text; held as the contract encodes it (docs/architecture.md, "Memory").
    return {name: TABLES[name].conform(frame) for name, frame in frames.items()}


def _monthly_actuals(
    leads: pl.DataFrame, deals: pl.DataFrame, spend: pl.DataFrame, orders: pl.DataFrame
) -> pl.DataFrame:
    """What each launch really did per month: the base its plan was drawn from."""
    month = pl.col("when").dt.truncate("1mo").cast(pl.Date).alias("month")
    parts = [
        leads.select("launch_id", when="mql_at")
        .drop_nulls()
        .group_by("launch_id", month)
        .agg(value=pl.len().cast(pl.Float64))
        .with_columns(kpi=pl.lit("mqls")),
        spend.select("launch_id", "spend", when="date")
        .group_by("launch_id", month)
        .agg(value=pl.col("spend").sum())
        .with_columns(kpi=pl.lit("spend")),
        pl.concat(
            [
                deals.filter(pl.col("is_won").fill_null(False)).select(
                    "launch_id", when="closed_at", money="amount"
                ),
                orders.select(
                    "launch_id", when=pl.col("date").cast(pl.Datetime("us")), money="revenue"
                ),
            ]
        )
        .group_by("launch_id", month)
        .agg(value=pl.col("money").sum())
        .with_columns(kpi=pl.lit("revenue")),
    ]
    return pl.concat([part.select("launch_id", "month", "kpi", "value") for part in parts])
