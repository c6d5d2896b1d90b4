"""Spend reported for several days at once, spread evenly over those days.

A Meta export without a Day breakdown, or a Google Ads report without a Day column,
gives one amount per campaign for its whole window. Dating it all on the first day
would put three years of spend on one date, and every view that leaves that day out
would show none (docs/architecture.md, "Spend over several days"). Refusing the rows
would lose spend that any view covering the whole window needs. So the amount is
spread evenly over the window's days, each such row is marked `estimated`, and the
health record says so: totals over the whole window stay exact to the cent, a part of
the window gets its share. A window of one day is daily data and is left as it is.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from connectors.health import DataHealth

MONEY = ("spend", "conversion_value")  # spread to the cent, cents left over go first
COUNTS = ("impressions", "clicks")  # spread in whole units the same way
SHARES = ("conversions",)  # fractional already (data-driven attribution): divided

_DAY = "_day"


def spread(frame: pl.DataFrame, start: date, end: date) -> pl.DataFrame:
    """Each row of `frame` once per day from `start` to `end`, its amounts shared out."""
    days = (end - start).days + 1
    if days <= 1:
        return frame.with_columns(date=pl.lit(start), estimated=pl.lit(False))
    exploded = frame.with_columns(pl.int_ranges(0, days, dtype=pl.Int64).alias(_DAY)).explode(_DAY)
    return exploded.with_columns(
        *[_share(name, 100, days).alias(name) for name in MONEY if name in frame.columns],
        *[_share(name, 1, days).alias(name) for name in COUNTS if name in frame.columns],
        *[(pl.col(name) / days).alias(name) for name in SHARES if name in frame.columns],
        date=pl.lit(start) + pl.duration(days=pl.col(_DAY)),
        estimated=pl.lit(True),
    ).drop(_DAY)


def _share(name: str, units: int, days: int) -> pl.Expr:
    """Day i's part of a whole in `units` per 1: an equal part, plus one unit for the first
    (whole mod days) days, so the parts add up to the whole exactly."""
    whole = (pl.col(name) * units).round(0).cast(pl.Int64)
    part = whole // days + (pl.col(_DAY) < whole % days).cast(pl.Int64)
    # Rounded again: a division may be done as a multiplication, one bit off the cents.
    return part if units == 1 else (part.cast(pl.Float64) / units).round(2)


def note_spread(health: DataHealth, file: str, rows: int, start: date, end: date) -> None:
    days = (end - start).days + 1
    health.warn(
        f"Estimate: {file} gives {rows} row(s) of spend for {start} to {end} as one amount "
        f"each (no Day breakdown); Tandem spread each evenly over the {days} days. Totals "
        "over the whole period are exact; a view of part of it gets an even share, not "
        "the real daily spend. Export with a Day breakdown for real days."
    )
