"""Speed to lead as a histogram's bars, counted where the data is.

See docs/architecture.md, "Engines". The bars cover every touched MQL of the view, on
every engine and however many there are: the list of touched MQLs beside them is capped
(kpi/records.py), and a histogram drawn from it would show only the fastest ones. Each
bar is a group of a `Grouped` query (kpi/grouped.py), so a warehouse returns at most
`MAX_BARS + 1` rows.

Bars are a round number of hours wide (1, 2 or 5 times a power of ten) and stop at the
last bar's start, `max(3 x the 90th percentile, 2 x the SLA)`: the last bar gathers
every longer wait, so one forgotten lead does not squeeze the rest into one bar. A first
touch logged before the MQL time counts in the first bar.
"""

from __future__ import annotations

import math

import polars as pl

from kpi.fact_measures import MQLS
from kpi.filters import Filters
from kpi.grouped import Grouped, grouped_values
from kpi.model import Model

MAX_BARS = 40  # bars before the last one, at most
BAR_COLUMNS = {"from_hours": pl.Float64, "to_hours": pl.Float64, "mqls": pl.Int64}
_MICROS_PER_HOUR = 3_600_000_000
# In whole microseconds, so that the bar is found by integer comparisons on every engine.
_WAITED = (pl.col("first_touch_at") - pl.col("mql_at")).dt.total_microseconds()


def bar_hours(p90_hours: float | None, sla_hours: float) -> tuple[float, float]:
    """The width of a bar and where the last bar ("or more") starts, in hours."""
    reach = max(3 * (p90_hours or sla_hours), 2 * sla_hours)
    rough = reach / MAX_BARS
    power = 10 ** math.floor(math.log10(rough))
    width = next(step * power for step in (1, 2, 5, 10) if step * power >= rough)
    return width, math.ceil(reach / width - 1e-9) * width


def bars(model: Model, filters: Filters, touched: pl.Expr, p90_hours: float | None) -> pl.DataFrame:
    """MQLs per bar among the rows `touched` selects: `from_hours`, `to_hours` (the
    last bar's end is one width past its start, where the chart draws it) and `mqls`,
    in order, bars without an MQL left out."""
    width, last = bar_hours(p90_hours, filters.sla_hours)
    starts = [round(i * width * _MICROS_PER_HOUR) for i in range(1, round(last / width) + 1)]
    bar = pl.lit(pl.Series(starts, dtype=pl.Int64)).search_sorted(_WAITED, side="right")
    rows = MQLS.rows(filters.period, model.facts["leads"].collect_schema(), model.context(filters))
    query = Grouped("leads", {"bar": bar.cast(pl.Int64)}, [(MQLS, rows)], touched)
    (counted,) = grouped_values(model, filters, [query])
    return (
        counted.sort("bar")
        .select(
            from_hours=pl.col("bar") * width,
            to_hours=(pl.col("bar") + 1) * width,
            mqls=pl.col(MQLS.name),
        )
        .filter(pl.col("mqls") > 0)
        .cast(BAR_COLUMNS)  # type: ignore[arg-type]
    )
