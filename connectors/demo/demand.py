"""Each launch's daily demand over the demo's days, and random days drawn from it.

Leads come from trade buyers (stores, salons, distributors) and follow the trade's
months; orders come from shoppers and follow theirs, so won deals and orders do not
move together. A launch's own shape (launches.Demand) and the calendar's moments
(a PR hit, a price rise, Black Friday) multiply both.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from connectors.demo import brand
from connectors.demo.launches import MOMENTS, DemoLaunch, Moment
from connectors.demo.timeline import day_number

Buyers = Literal["trade", "shopper"]

DAYS = np.arange(day_number(brand.FIRST_DAY), day_number(brand.LAST_DAY) + 1)
MONTHS = DAYS.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64) % 12  # 0: Jan
LEAD_IN_DAYS = 45  # stores start asking this long before a launch
WIND_DOWN_DAYS = 14  # a launch that ended fades this fast (the last orders, late leads)


def launch_demand(launch: DemoLaunch, buyers: Buyers) -> np.ndarray:
    """The launch's relative demand on each of DAYS; 0 where it has none."""
    shape = launch.demand
    since = (DAYS - day_number(launch.launch_date)).astype(float)
    after = np.clip(since, 0.0, None)
    settled = np.ones(DAYS.size)
    if shape.ramp_days:
        settled = 1.0 / (1.0 + np.exp(-(after - shape.ramp_days) / (shape.ramp_days / 4)))
    if shape.half_life_days:
        tiring = 0.5 ** (after / shape.half_life_days)
        settled = settled * (shape.floor + (1.0 - shape.floor) * tiring)
    level = settled + shape.buzz * np.exp(-after / shape.buzz_days)
    # Trade buyers sign up ahead of Day 0, more as it nears; shoppers cannot buy yet.
    teaser = shape.teaser if buyers == "trade" else 0.0
    level = np.where(since < 0, teaser * np.clip(1.0 + since / LEAD_IN_DAYS, 0.0, 1.0), level)
    if launch.end_date:
        past_end = np.clip(DAYS - day_number(launch.end_date), 0, None)
        level = level * np.exp(-past_end / WIND_DOWN_DAYS)
    own = shape.trade_months if buyers == "trade" else shape.shopper_months
    demand: np.ndarray = level * np.asarray(own)[MONTHS] * brand_demand(buyers, launch.launch_id)
    return demand


def brand_demand(buyers: Buyers, launch_id: str | None = None) -> np.ndarray:
    """The brand's months and the moments of `launch_id` (and the whole brand's)."""
    months = brand.TRADE_MONTHS if buyers == "trade" else brand.SHOPPER_MONTHS
    level = np.asarray(months)[MONTHS]
    for moment in MOMENTS:
        if moment.launch_id in (None, launch_id):
            lift = moment.trade_lift if buyers == "trade" else moment.shopper_lift
            level = np.where(_lifted(moment), level * lift, level)
    return level


def _lifted(moment: Moment) -> np.ndarray:
    """Which of DAYS the moment's lift covers."""
    first = day_number(moment.start)
    if moment.lift_days is None:
        return first <= DAYS
    last = day_number(moment.end or moment.start)
    if moment.lift_days:
        last = first + moment.lift_days - 1
    return (first <= DAYS) & (last >= DAYS)


def price_index(launch_id: str, days: np.ndarray) -> np.ndarray:
    """The launch's shelf price on `days` as a multiple of its launch price."""
    index = np.ones(days.size)
    for moment in MOMENTS:
        if moment.launch_id == launch_id and moment.price != 1.0:
            index = np.where(days >= day_number(moment.start), index * moment.price, index)
    return index


def draw_days(rng: np.random.Generator, n: int, demand: np.ndarray) -> np.ndarray:
    """`n` day numbers, each day as likely as its share of `demand`."""
    return DAYS[rng.choice(DAYS.size, n, p=demand / demand.sum())]


def on_days(demand: np.ndarray, days: np.ndarray) -> np.ndarray:
    """`demand` on `days` (day numbers); 0 outside the demo's days."""
    inside = (days >= DAYS[0]) & (days <= DAYS[-1])
    return np.where(inside, demand[np.clip(days - DAYS[0], 0, DAYS.size - 1)], 0.0)
