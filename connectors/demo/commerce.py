"""Demo daily spend per campaign, and DTC, retail and pro orders."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import polars as pl
from contract.schema import ORDER_CHANNELS, ORDERS, SPEND, UNASSIGNED

from connectors.demo import brand
from connectors.demo.demand import draw_days, launch_demand, on_days, price_index
from connectors.demo.launches import LAUNCHES, MESSY_CAMPAIGNS, MOMENTS
from connectors.demo.timeline import day_number

# Daily budget (EUR, default size), cost per thousand impressions, click-through rate.
CHANNEL_ECONOMICS = {
    "paid_search": (260.0, 24.0, 0.045),
    "paid_social": (420.0, 7.5, 0.011),
    "influencer": (310.0, 11.0, 0.008),
    "email": (35.0, 1.5, 0.03),
    "events": (5200.0, 40.0, 0.002),
}
DEFAULT_LEADS = 50_000
# Budgets follow the plan and, this much, what each launch's demand turned out to be.
FOLLOWS_DEMAND = 0.8


def _campaigns() -> list[tuple[str, str, str, str, date, date]]:
    """(campaign, launch_id, channel, region, first day, last day) of every campaign."""
    rows = []
    for launch in LAUNCHES:
        last = min(launch.end_date or brand.LAST_DAY, brand.LAST_DAY)
        for channel in launch.channels:
            first = launch.launch_date - timedelta(days=30)
            if channel == "events":  # trade-show spend lands around the launch only
                first, last_day = (
                    launch.launch_date - timedelta(days=1),
                    launch.launch_date + timedelta(days=1),
                )
            else:
                last_day = last  # always-on after the launch push
            for region in launch.regions:
                name = f"{launch.launch_id}_{channel}_{region}"
                rows.append((name, launch.launch_id, channel, region, first, last_day))
    for name, channel, launch_id, _, _ in MESSY_CAMPAIGNS:
        launch = next(item for item in LAUNCHES if item.launch_id == launch_id)
        start = launch.launch_date + timedelta(days=20)
        rows.append(
            (
                name,
                UNASSIGNED,
                channel,
                "EU",
                start,
                min(start + timedelta(days=90), brand.LAST_DAY),
            )
        )
    return rows


def generate_spend(rng: np.random.Generator, n_leads: int) -> pl.DataFrame:
    """Daily rows per campaign; big data sets split campaigns into ad-set variants."""
    campaigns = _campaigns()
    base_rows = sum((last - first).days + 1 for *_, first, last in campaigns)
    variants = max(1, round(n_leads / 10 / base_rows))
    scale = n_leads / DEFAULT_LEADS / variants
    frames = []
    for name, launch_id, channel, region, first, last in campaigns:
        days = np.arange(day_number(first), day_number(last) + 1)
        budget = CHANNEL_ECONOMICS[channel][0] * scale * _budget_curve(launch_id, channel, days)
        for variant in range(variants):
            label = name if variants == 1 else f"{name}_v{variant + 1:02d}"
            frames.append(_campaign_days(rng, label, launch_id, channel, region, days, budget))
    return pl.concat(frames).select(list(SPEND.columns))


def _budget_curve(launch_id: str, channel: str, days: np.ndarray) -> np.ndarray:
    """The plan (a ramp into the launch, a peak in its first weeks, then settled), moved
    towards the launches and months shoppers buy in (the holidays, a summer product's
    summer; at most 1.3 times the plan) and away from a season's end."""
    launch = next((item for item in LAUNCHES if item.launch_id == launch_id), None)
    since = days - (day_number(launch.launch_date) if launch else days[0])
    plan = np.where(since < 0, 0.6, 0.6 + 1.0 * np.exp(-since / 45.0))
    if launch is None or channel == "events":  # trade shows are booked long before
        return plan
    demand = launch_demand(launch, "shopper")
    relative = np.minimum(on_days(demand, days) / demand[demand > 0].mean(), 1.3)
    budget: np.ndarray = plan * (1 - FOLLOWS_DEMAND + FOLLOWS_DEMAND * relative)
    return budget


def _campaign_days(
    rng: np.random.Generator,
    campaign: str,
    launch_id: str,
    channel: str,
    region: str,
    days: np.ndarray,
    budget: np.ndarray,
) -> pl.DataFrame:
    _, cpm, ctr = CHANNEL_ECONOMICS[channel]
    launch = next((item for item in LAUNCHES if item.launch_id == launch_id), None)
    spend = np.round(budget * rng.lognormal(0.0, 0.25, days.size), 2)
    impressions = np.round(spend / cpm * 1000).astype(np.int64)
    clicks = rng.binomial(impressions, ctr)
    conversions = rng.binomial(clicks, 0.025).astype(float)
    price = launch.avg_unit_price if launch else 30.0
    n = days.size
    return pl.DataFrame(
        {
            "date": pl.Series(days.astype("datetime64[D]")).cast(pl.Date),
            "launch_id": [launch_id] * n,
            "channel": [channel] * n,
            "campaign": [campaign] * n,
            "platform": [brand.PLATFORMS[channel]] * n,
            "region": [region] * n,
            "spend": spend,
            "impressions": impressions,
            "clicks": clicks.astype(np.int64),
            "conversions": conversions,
            "conversion_value": np.round(conversions * price * 1.3, 2),
            "currency": [brand.CURRENCY] * n,
            "campaign_type": pl.Series([None] * n, dtype=pl.String),
            "estimated": [False] * n,
        }
    )


def generate_orders(rng: np.random.Generator, n: int) -> pl.DataFrame:
    """Two order rows per lead: DTC shoppers, retail accounts and salons."""
    weights = np.array([launch.weight for launch in LAUNCHES])
    which = rng.choice(len(weights), n, p=weights / weights.sum())
    day = np.empty(n, dtype=np.int64)
    sku = np.empty(n, dtype=object)
    price = np.empty(n)
    region = np.empty(n, dtype=object)
    channel = np.empty(n, dtype=object)
    for index, launch in enumerate(LAUNCHES):
        rows = np.flatnonzero(which == index)
        day[rows] = draw_days(rng, rows.size, launch_demand(launch, "shopper"))
        sku[rows] = np.asarray(launch.skus, dtype=object)[
            rng.integers(0, len(launch.skus), rows.size)
        ]
        price[rows] = launch.avg_unit_price * price_index(launch.launch_id, day[rows])
        region[rows] = np.asarray(launch.regions, dtype=object)[
            rng.integers(0, len(launch.regions), rows.size)
        ]
        mix = (0.1, 0.1, 0.8) if launch.category == "professional" else (0.58, 0.34, 0.08)
        channel[rows] = np.asarray(ORDER_CHANNELS, dtype=object)[rng.choice(3, rows.size, p=mix)]
    day = _after_stockout(which, day)
    units = np.where(
        channel == "dtc",
        rng.integers(1, 4, n),
        np.where(channel == "retail", rng.integers(12, 121, n), rng.integers(6, 49, n)),
    )
    # Retail and salons buy at wholesale; DTC pays the shelf price.
    revenue = np.round(units * price * np.where(channel == "dtc", 1.0, 0.52), 2)
    customers = np.where(
        channel == "dtc",
        rng.integers(1, max(2, int(n * 0.6)), n),
        rng.integers(1, max(2, n // 40), n),
    )
    prefix = np.where(channel == "dtc", "C", np.where(channel == "retail", "R", "P"))
    return pl.DataFrame(
        {
            "order_id": np.char.add("O", np.arange(1, n + 1).astype(str)).astype(object),
            "date": pl.Series(day.astype("datetime64[D]")).cast(pl.Date),
            "launch_id": np.asarray([launch.launch_id for launch in LAUNCHES], dtype=object)[which],
            "sku": sku,
            "channel": channel,
            "region": region,
            "customer_id": np.char.add(prefix.astype(str), customers.astype(str)).astype(object),
            "units": units.astype(np.int64),
            "revenue": revenue,
            "currency": [brand.CURRENCY] * n,
        },
        schema_overrides={
            "order_id": pl.String,
            "launch_id": pl.String,
            "sku": pl.String,
            "channel": pl.String,
            "region": pl.String,
            "customer_id": pl.String,
            "currency": pl.String,
        },
    ).select(list(ORDERS.columns))


def _after_stockout(which: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Orders that fell in a stock-out wait for the restock instead."""
    ids = [launch.launch_id for launch in LAUNCHES]
    for moment in MOMENTS:
        if moment.kind == "stockout" and moment.launch_id in ids:
            start = day_number(moment.start)
            end = day_number(moment.end or moment.start)
            hit = (which == ids.index(moment.launch_id)) & (day >= start) & (day <= end)
            day = np.where(hit, day + (end - start + 1), day)
    return day
