"""Launch-relative series: any KPI per day since each launch's date (Day 0).

Several launches line up on the same axis: day -30 is thirty days before each one's
launch date. A launch's series reads only its own rows (its launch_id); the filter
period is ignored (the day window replaces it), the other dimension filters apply.
Each day is a ratio of sums of that day's rows; the cumulative column is the running
total (additive KPIs) or the ratio of running sums (rates), and null for medians and
distinct counts, which do not accumulate.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from kpi.catalog import BY_ID, CATALOG, Kpi
from kpi.evaluate import left_out_reason
from kpi.filters import Filters
from kpi.measures import Context, Measure
from kpi.model import Model

COLUMNS = {
    "launch_id": pl.String,
    "launch_name": pl.String,
    "day": pl.Int32,
    "value": pl.Float64,
    "cumulative": pl.Float64,
}

# The KPIs that have a daily value: not snapshots (open pipeline), not target attainment.
RELATIVE_KPIS: tuple[str, ...] = tuple(
    kpi.id for kpi in CATALOG if kpi.versus_target_of is None and not kpi.snapshot
)


def launch_relative(
    model: Model, filters: Filters, kpi_id: str, *, first_day: int = -30, last_day: int = 90
) -> pl.DataFrame:
    """One row per launch and day from `first_day` to `last_day` around its launch date."""
    kpi = _supported(kpi_id)
    if first_day > last_day:
        raise ValueError(f"first_day ({first_day}) is after last_day ({last_day})")
    launches = _launches(model, filters)
    if launches.is_empty():
        return pl.DataFrame(schema=COLUMNS)
    grid = launches.join(
        pl.DataFrame({"day": pl.int_range(first_day, last_day + 1, eager=True, dtype=pl.Int32)}),
        how="cross",
    )
    context = Context(sla_hours=filters.sla_hours, as_of=model.as_of)
    facts = model.facts_for(filters)
    dates: dict[str, date] = dict(launches.select("launch_id", "launch_date").iter_rows())
    queries = [
        _daily(facts[table], column, dates, members, context, (first_day, last_day))
        for (table, column), members in _by_date_column(kpi).items()
    ]
    daily = grid.lazy()
    for result in pl.collect_all(queries):
        daily = daily.join(result.lazy(), on=["launch_id", "day"], how="left")
    result = _combine(daily.collect(), kpi).select(COLUMNS.keys()).sort("launch_id", "day")
    if left_out_reason(model, filters, kpi) is not None:
        # A filter the KPI's table cannot apply (orders have no marketing channel):
        # unknown, not zero, as in the KPI table.
        return result.with_columns(value=None, cumulative=None).cast(COLUMNS)  # type: ignore[arg-type]
    return result


def _supported(kpi_id: str) -> Kpi:
    kpi = BY_ID.get(kpi_id)
    if kpi is None:
        raise ValueError(f"unknown KPI {kpi_id!r}; known: {', '.join(BY_ID)}")
    if kpi.versus_target_of is not None:
        raise ValueError(f"{kpi_id} compares with a target over a period; it has no daily value")
    if kpi.snapshot:
        raise ValueError(
            f"{kpi_id} is a state at a moment, not daily activity; it has no daily value"
        )
    return kpi


def _launches(model: Model, filters: Filters) -> pl.DataFrame:
    """The chosen launches that have a launch date (unassigned rows have none)."""
    launches = model.dataset.launches.select(
        "launch_id", pl.col("name").alias("launch_name"), "launch_date"
    ).filter(pl.col("launch_date").is_not_null())
    if filters.launches:
        launches = launches.filter(pl.col("launch_id").is_in(filters.launches))
    return launches.unique("launch_id", keep="first")


def _by_date_column(kpi: Kpi) -> dict[tuple[str, str], list[Measure]]:
    groups: dict[tuple[str, str], list[Measure]] = {}
    for measure in {m.name: m for m in kpi.measures}.values():
        assert measure.date is not None  # snapshot KPIs were refused
        groups.setdefault((measure.table, measure.date), []).append(measure)
    return groups


def _daily(
    frame: pl.LazyFrame,
    column: str,
    dates: dict[str, date],
    measures: list[Measure],
    context: Context,
    window: tuple[int, int],
) -> pl.LazyFrame:
    """Each measure per launch and day since launch, for the rows in the window.

    Rows are grouped by launch and calendar day first (a day since launch is one
    calendar day per launch); the small result then learns each launch's date. Mapping
    every row to its launch date first costs several times more on millions of rows.
    """
    stamp = pl.col(column)
    calendar_day = stamp if frame.collect_schema()[column] == pl.Date else stamp.dt.date()
    first = min(dates.values()) + timedelta(days=window[0])
    last = max(dates.values()) + timedelta(days=window[1])
    present = stamp.is_not_null()
    launch_dates = pl.LazyFrame(
        {"launch_id": list(dates), "launch_date": list(dates.values())},
        schema={"launch_id": pl.String, "launch_date": pl.Date},
    )
    since_launch = (pl.col("calendar_day") - pl.col("launch_date")).dt.total_days()
    return (
        frame.filter(pl.col("launch_id").is_in(list(dates)) & calendar_day.is_between(first, last))
        .group_by("launch_id", calendar_day.alias("calendar_day"))
        .agg(
            m.over(present if m.where is None else present & m.where(context)).alias(m.name)
            for m in measures
        )
        .join(launch_dates, on="launch_id")
        .with_columns(day=since_launch.cast(pl.Int32))
        .filter(pl.col("day").is_between(*window))
        .drop("calendar_day", "launch_date")
    )


def _combine(daily: pl.DataFrame, kpi: Kpi) -> pl.DataFrame:
    """The KPI per day and cumulatively, from its measures' daily values."""
    names = {m.name: m for m in kpi.measures}
    # A day without rows counted nothing (0); its median stays undefined (null).
    daily = daily.with_columns(
        pl.col(name).fill_null(0.0) for name, m in names.items() if m.aggregate != "median"
    )
    numerator = _total(kpi.numerator)
    if not kpi.denominator:
        value, running = numerator, numerator.cum_sum()
    else:
        denominator = _total(kpi.denominator)
        value = _ratio(numerator, denominator)
        running = _ratio(numerator.cum_sum(), denominator.cum_sum())
    accumulates = all(m.additive for m in kpi.measures)
    cumulative = running.over("launch_id", order_by="day") if accumulates else pl.lit(None)
    return daily.with_columns(
        value=value.cast(pl.Float64).fill_nan(None),
        cumulative=cumulative.cast(pl.Float64).fill_nan(None),
    )


def _total(parts: tuple[Measure, ...]) -> pl.Expr:
    if len(parts) == 1:
        return pl.col(parts[0].name)
    return pl.sum_horizontal(m.name for m in parts)


def _ratio(numerator: pl.Expr, denominator: pl.Expr) -> pl.Expr:
    return pl.when(denominator != 0).then(numerator / denominator).otherwise(None)
