"""Targets and pacing: the target for a view, what was expected by now, the run rate.

Monthly (or any) target rows are prorated by days: a view covering 10 days of a
30-day target row gets a third of it. Non-additive KPIs (rates, medians) take the
day-weighted mean of their target rows instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

import polars as pl

from kpi.catalog import Kpi
from kpi.filters import Filters, Period
from kpi.model import Model

Status = Literal["ahead", "on track", "behind", "no target"]
# Within ±5% of what was expected by now counts as on track.
TOLERANCE = 0.05


@dataclass(frozen=True)
class Pacing:
    target: float | None
    expected_to_date: float | None
    projected: float | None
    status: Status
    note: str | None = None


NO_TARGET = Pacing(None, None, None, "no target")


def targets_for(targets: pl.DataFrame, kpi_id: str, launches: tuple[str, ...]) -> pl.DataFrame:
    """The target rows that apply to the chosen launches, else (none chosen) the
    brand-wide ones, else every launch's."""
    if targets.is_empty():
        return targets
    rows = targets.filter(pl.col("kpi") == kpi_id)
    if launches:
        return rows.filter(pl.col("launch_id").is_in(launches))
    brand_wide = rows.filter(pl.col("launch_id").is_null())
    return brand_wide if brand_wide.height else rows


def view_targets(model: Model, kpi_id: str, launches: tuple[str, ...]) -> pl.DataFrame:
    """`targets_for` on the model's targets, once per model, KPI and launches.

    The KPI table asks for every KPI's rows for the view and its comparison on each
    filter change, and each ask is a few small polars queries.
    """
    return model.remembered(
        ("targets", kpi_id, launches),
        lambda: targets_for(model.targets_of(kpi_id), kpi_id, launches),
    )


def prorated(rows: pl.DataFrame, period: Period, *, additive: bool) -> float | None:
    """The rows' target for `period`: prorated sum, or day-weighted mean if not additive."""
    total, weighted, days = 0.0, 0.0, 0
    # Plain lists: the rows are a handful, and a polars select costs more than the loop.
    starts, ends = rows["period_start"].to_list(), rows["period_end"].to_list()
    for start, end, target in zip(starts, ends, rows["target"].to_list(), strict=True):
        row_period = Period(start, end)
        overlap = period.overlap_days(row_period)
        if overlap:
            total += target * overlap / row_period.days
            weighted += target * overlap
            days += overlap
    if not days:
        return None
    return total if additive else weighted / days


def elapsed(period: Period, last_day: date) -> Period | None:
    """The part of the period the data already covers; None if it has not started."""
    if last_day < period.start:
        return None
    return Period(period.start, min(period.end, last_day))


def pace(
    kpi: Kpi,
    value: float | None,
    rows: pl.DataFrame,
    period: Period,
    last_day: date,
    filters: Filters,
) -> Pacing:
    if rows.is_empty():
        return NO_TARGET
    if filters.no_target_reason:  # a dimension targets are not set by (kpi/dimensions.py)
        return Pacing(None, None, None, "no target", filters.no_target_reason)
    target = prorated(rows, period, additive=kpi.additive)
    if target is None:
        return NO_TARGET
    so_far = elapsed(period, last_day)
    if so_far is None:
        return Pacing(target, 0.0, None, "no target", "the period has not started yet")
    if kpi.additive:
        expected = prorated(rows, so_far, additive=True) or 0.0
        projected = None if value is None else value * period.days / so_far.days
    else:
        expected, projected = target, value
    return Pacing(target, expected, projected, _status(kpi, value, expected))


def _status(kpi: Kpi, value: float | None, expected: float) -> Status:
    if value is None or expected == 0:
        return "no target"
    ratio = value / expected
    if kpi.better == "down":
        ratio = 1 / ratio if ratio else float("inf")
    if ratio >= 1 + TOLERANCE:
        return "ahead"
    if ratio >= 1 - TOLERANCE:
        return "on track"
    return "behind"
