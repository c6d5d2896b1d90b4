"""The demo brand's money: each region pays in its own currency, converted by fx_rates.

The generator prices everything in euros; this module turns the UK's amounts into
pounds and the US's into dollars at the month's rate, and gives the fx_rates table
that converts them back, so reading the demo always goes through currency conversion.
"""

from __future__ import annotations

import math

import polars as pl
from contract.schema import FX_RATES

from connectors.demo import brand

# Euros one unit was worth: a base rate and a gentle monthly drift, so the months differ.
_RATES = {"GBP": (1.17, 0.015), "USD": (0.92, 0.025)}


def fx_rates_table() -> pl.DataFrame:
    """One rate per foreign currency per month of the demo, in euros per unit."""
    months = pl.date_range(
        brand.FIRST_DAY.replace(day=1), brand.LAST_DAY, interval="1mo", eager=True
    ).to_list()
    rows = [
        {"date": month, "currency": currency, "rate": _rate(currency, index)}
        for currency in _RATES
        for index, month in enumerate(months)
    ]
    return pl.DataFrame(rows, schema=FX_RATES.schema)


def _rate(currency: str, month: int) -> float:
    base, swing = _RATES[currency]
    return round(base + swing * math.sin(month / 3.0 + len(currency)), 4)


def in_local_currency(frame: pl.DataFrame, amounts: tuple[str, ...], day: pl.Expr) -> pl.DataFrame:
    """`frame` with each row's `amounts` in its region's currency at its month's rate."""
    rates = fx_rates_table().select(
        _month=pl.col("date"), _local=pl.col("currency").cast(pl.String), _rate=pl.col("rate")
    )
    local = pl.col("region").replace_strict(brand.REGION_CURRENCIES, default=brand.CURRENCY)
    joined = frame.with_columns(_month=day.dt.truncate("1mo").cast(pl.Date), _local=local).join(
        rates, on=["_month", "_local"], how="left", maintain_order="left"
    )
    return joined.with_columns(
        *[
            pl.when(pl.col("_rate").is_not_null())
            .then((pl.col(name) / pl.col("_rate")).round(2))
            .otherwise(pl.col(name))
            .alias(name)
            for name in amounts
        ],
        currency="_local",
    ).drop("_month", "_local", "_rate")
