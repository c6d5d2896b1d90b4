"""Measures: the sums, counts and medians KPIs are built from.

A measure reads one fact table. Rows belong to a period by one date column (an
event measure: MQLs by `mql_at`, won revenue by `closed_at`) or by being open at
the period's end (a snapshot measure: open pipeline). KPIs combine measures by the
one combining rule (kpi/combine.py), so every ratio is a ratio of sums at every grain.

A measure's inputs (what a source may not provide, kpi/inputs.py) are derived from
the columns its expressions read, and its formula text from its aggregate and what it
is `of`: neither is written twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property, lru_cache
from typing import Literal

import polars as pl

from kpi.filters import Period
from kpi.inputs import Input, of_columns
from kpi.model import Context

Aggregate = Literal["count", "sum", "median", "p90", "n_unique"]
AGGREGATE_WORDS: dict[Aggregate, str] = {
    "count": "count",
    "sum": "sum",
    "median": "median",
    "p90": "90th percentile",
    "n_unique": "count distinct",
}
# Rows are open at a period's end by their creation date (the closing date only ends it).
SNAPSHOT_START = "created_at"
# Any context reads the same columns; this one only lets a condition name them.
_PROBE = Context(sla_hours=24.0, as_of=datetime(2000, 1, 1))

RowCondition = Callable[[Context], pl.Expr]


@dataclass(frozen=True, kw_only=True, eq=False)
class Measure:
    """One aggregation of one fact table; compared by identity (its expressions cannot be)."""

    name: str
    table: str
    date: str | None  # None: a snapshot of rows open at the period's end
    aggregate: Aggregate
    of: str  # what is aggregated, in words: the formula says "<aggregate>(<of>)"
    value: pl.Expr | None = None  # what is summed, medianed or counted distinct
    where: RowCondition | None = None
    needs: tuple[Input, ...] = ()  # what it reads beyond its columns (lost deals)
    # For a distinct count: a Boolean column true on rows whose value no other row of
    # the table has and that is not null (set once per load by kpi/model.py). Those rows
    # are counted, and only the others hashed: the same count, and cheaper.
    once: str | None = None

    @property
    def additive(self) -> bool:
        """Whether values over disjoint parts of the data add up to the whole."""
        return self.aggregate in ("count", "sum")

    @property
    def of_no_rows(self) -> float | None:
        """Its value over no row: a count or sum is 0, a median or percentile undefined."""
        return None if self.aggregate in ("median", "p90") else 0.0

    @property
    def formula(self) -> str:
        return f"{AGGREGATE_WORDS[self.aggregate]}({self.of})"

    @cached_property
    def inputs(self) -> tuple[Input, ...]:
        """What the data must provide for this measure: its columns and its `needs`."""
        columns = {self.date or SNAPSHOT_START: None}
        for expr in self._expressions():
            columns.update(dict.fromkeys(expr.meta.root_names()))
        return of_columns(self.table, columns) + self.needs

    @cached_property
    def money(self) -> bool:
        """Whether it sums amounts, which carry the currency of their rows."""
        if self.aggregate != "sum" or self.value is None:
            return False
        return any(i.money for i in of_columns(self.table, self.value.meta.root_names()))

    def _expressions(self) -> list[pl.Expr]:
        found = [] if self.value is None else [self.value]
        return found if self.where is None else [*found, self.where(_PROBE)]

    def rows(self, period: Period, schema: pl.Schema, context: Context) -> pl.Expr:
        """The condition selecting this measure's rows for `period`."""
        if self.date is None:
            in_period = _open_at(period)
        else:
            in_period = period.contains(self.date, schema[self.date])
        if self.where is not None:
            in_period = in_period & self.where(context)
        return in_period

    def over(self, rows: pl.Expr) -> pl.Expr:
        """The aggregation of the rows selected by `rows` (a boolean expression)."""
        if self.aggregate == "count":
            return rows.fill_null(False).sum().cast(pl.Float64)
        assert self.value is not None, f"measure {self.name} needs a value to {self.aggregate}"
        # Unselected rows become null, which sum, median and n_unique (after drop_nulls)
        # ignore; inside group_by this is about twice as fast as `filter`.
        picked = pl.when(rows).then(self.value)
        if self.aggregate == "sum":
            return picked.sum().cast(pl.Float64)
        if self.aggregate == "median":
            return picked.median().cast(pl.Float64)
        if self.aggregate == "p90":  # linear between the two nearest values, as the median
            return picked.quantile(0.9, interpolation="linear").cast(pl.Float64)
        if self.once is None:
            return picked.drop_nulls().n_unique().cast(pl.Float64)
        alone = (rows & pl.col(self.once)).sum()
        shared = pl.when(rows & ~pl.col(self.once)).then(self.value).drop_nulls().n_unique()
        return (alone + shared).cast(pl.Float64)


@lru_cache(maxsize=256)
def _open_at(period: Period) -> pl.Expr:
    """Deals created by the period's end and not closed by then."""
    end = period.end_before
    return (pl.col("created_at") < end) & (
        pl.col("closed_at").is_null() | (pl.col("closed_at") >= end)
    )


def open_span(ends: pl.Series) -> tuple[pl.Expr, pl.Expr]:
    """For sorted instants `ends`: the index range [first, stop) at which a deal is open.

    The same rule as `_open_at` (created before the instant, not closed by then), as
    indexes, so a snapshot at many instants is one pass and a running sum.
    """
    first = pl.lit(ends).search_sorted(pl.col("created_at"), side="right").cast(pl.Int64)
    closed = pl.lit(ends).search_sorted(pl.col("closed_at"), side="right").cast(pl.Int64)
    stop = (
        pl.when(pl.col("closed_at").is_null()).then(pl.lit(len(ends), pl.Int64)).otherwise(closed)
    )
    return first, pl.max_horizontal(first, stop)


def hours_between(start: str, end: str) -> pl.Expr:
    return (pl.col(end) - pl.col(start)).dt.total_microseconds() / 3_600_000_000


@lru_cache(maxsize=64)  # literals are costly to build; contexts repeat
def touched_within_sla(context: Context) -> pl.Expr:
    return pl.col("first_touch_at").is_not_null() & (
        hours_between("mql_at", "first_touch_at") <= context.sla_hours
    )


@lru_cache(maxsize=64)  # literals are costly to build; contexts repeat
def sla_window_closed(context: Context) -> pl.Expr:
    """MQLs whose SLA can be judged: touched, or their deadline passed by the data's as-of."""
    deadline = pl.col("mql_at") + pl.duration(microseconds=int(context.sla_hours * 3_600_000_000))
    return pl.col("first_touch_at").is_not_null() | (deadline < pl.lit(context.as_of))


@lru_cache(maxsize=64)  # literals are costly to build; contexts repeat
def unworked(context: Context) -> pl.Expr:
    """MQLs with no first touch whose SLA deadline has passed."""
    return pl.col("first_touch_at").is_null() & sla_window_closed(context)
