"""Launch-relative series: any KPI per day since each launch's date (Day 0).

Several launches line up on the same axis: day -30 is thirty days before each one's
launch date. A launch's series reads only its own rows (its launch_id); the filter
period is ignored (the day window replaces it), the other dimension filters apply.
Each day is a ratio of sums of that day's rows; the cumulative column is the running
total (additive KPIs) or the ratio of running sums (rates), and null for medians and
distinct counts, which do not accumulate. Both follow the KPI table's rules
(kpi/evaluate.py) in their expression form; `note` says why a day's value is missing.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
from contract.schema import Code

from kpi import currency
from kpi.catalog import BY_ID, CATALOG, Kpi
from kpi.evaluate import exprs_in, left_out_reason, needed
from kpi.filters import Filters
from kpi.grouped import Grouped, grouped_values
from kpi.measures import Measure
from kpi.model import Context, Model

COLUMNS: dict[str, pl.DataType] = {
    "launch_id": Code,
    "launch_name": pl.String(),
    "day": pl.Int32(),
    "value": pl.Float64(),
    "cumulative": pl.Float64(),
    "note": pl.String(),
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
    context = model.context(filters)
    dates: dict[str, date] = dict(launches.select("launch_id", "launch_date").iter_rows())
    window = (first_day, last_day)
    groups = _by_date_column(needed(model, [kpi]))
    queries = [
        _daily(model, table, column, dates, members, context, window)
        for (table, column), members in groups.items()
    ]
    daily = grid.lazy()
    for result in grouped_values(model, filters, queries):
        days = _since_launch(result.lazy(), dates, window)
        daily = daily.join(days, on=["launch_id", "day"], how="left")
    result = _combine(model, daily.collect(), kpi).select(COLUMNS.keys()).sort("launch_id", "day")
    left_out = left_out_reason(model, filters, kpi)
    if left_out is not None:
        # A filter the KPI's table cannot apply (orders have no marketing channel):
        # unknown, not zero, as in the KPI table.
        blank = {"value": None, "cumulative": None, "note": pl.lit(left_out)}
        return result.with_columns(**blank).cast(COLUMNS)  # type: ignore[arg-type]
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


def _by_date_column(measures: list[Measure]) -> dict[tuple[str, str], list[Measure]]:
    groups: dict[tuple[str, str], list[Measure]] = {}
    for measure in measures:
        assert measure.date is not None  # snapshot KPIs were refused
        groups.setdefault((measure.table, measure.date), []).append(measure)
    return groups


def _daily(
    model: Model,
    table: str,
    column: str,
    dates: dict[str, date],
    measures: list[Measure],
    context: Context,
    window: tuple[int, int],
) -> Grouped:
    """Each measure per launch and calendar day, for the rows in the window.

    Rows are grouped by launch and calendar day first (a day since launch is one
    calendar day per launch); the small result then learns each launch's date
    (`_since_launch`). Mapping every row to its launch date first costs several times
    more on millions of rows.
    """
    stamp = pl.col(column)
    is_date = model.facts[table].collect_schema()[column] == pl.Date
    calendar_day = stamp if is_date else stamp.dt.date()
    first = min(dates.values()) + timedelta(days=window[0])
    last = max(dates.values()) + timedelta(days=window[1])
    present = stamp.is_not_null()
    rows = [(m, present if m.where is None else present & m.where(context)) for m in measures]
    where = pl.col("launch_id").is_in(list(dates)) & calendar_day.is_between(first, last)
    keys = {"launch_id": pl.col("launch_id"), "calendar_day": calendar_day}
    return Grouped(table, keys, rows, where)


def _since_launch(
    daily: pl.LazyFrame, dates: dict[str, date], window: tuple[int, int]
) -> pl.LazyFrame:
    """Grouped values by launch and calendar day, by launch and day since its launch."""
    launch_dates = pl.LazyFrame(
        {"launch_id": list(dates), "launch_date": list(dates.values())},
        schema={"launch_id": Code, "launch_date": pl.Date},
    )
    since_launch = (pl.col("calendar_day") - pl.col("launch_date")).dt.total_days()
    return (
        daily.join(launch_dates, on="launch_id")
        .with_columns(day=since_launch.cast(pl.Int32))
        .filter(pl.col("day").is_between(*window))
        .drop("calendar_day", "launch_date")
    )


def _combine(model: Model, daily: pl.DataFrame, kpi: Kpi) -> pl.DataFrame:
    """The KPI per day and cumulatively, from its measures' daily values."""
    present = set(daily.columns)
    # A day without rows counted nothing (0) in no currency; its median stays undefined.
    daily = daily.with_columns(
        pl.col(m.name).fill_null(0.0)
        for m in kpi.measures
        if m.name in present and m.of_no_rows is not None
    ).with_columns(
        pl.col(currency.key(m)).fill_null(0) for m in kpi.measures if currency.key(m) in present
    )
    value, reason = exprs_in(model, kpi, _column, _bits)

    def running(measure: Measure) -> pl.Expr:
        return _column(measure).cum_sum()

    def running_bits(measure: Measure) -> pl.Expr:
        return currency.running_bits(_bits(measure), model)

    cumulative = pl.lit(None, pl.Float64)
    if all(m.additive for m in kpi.measures):
        cumulative = exprs_in(model, kpi, running, running_bits)[0].over(
            "launch_id", order_by="day"
        )
    return daily.with_columns(value=value, cumulative=cumulative, note=reason)


def _column(measure: Measure) -> pl.Expr:
    return pl.col(measure.name)


def _bits(measure: Measure) -> pl.Expr:
    return pl.col(currency.key(measure))
