"""Evaluate measures and KPIs for periods: one lazy query per fact table and date column.

All measures of a table that select rows by the same date column, for every period
asked (the view and its comparison), are aggregated in a single `select` over the
rows dated in those periods, and all the queries run together with `collect_all`, so
a filter change costs one pass over each table's rows in view. A KPI's value
then follows, in this order: what the data cannot give (kpi/known.py), currencies
that would be mixed (kpi/currency.py), the combining rule (kpi/combine.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import polars as pl

from kpi import currency
from kpi.catalog import CATALOG, Kpi
from kpi.combine import KpiValue, kpi_exprs, kpi_value
from kpi.filters import Filters, Period, missing_dimensions
from kpi.known import known
from kpi.measures import Measure
from kpi.model import Model

# Measure name → value for one period; a money measure whose currency can vary also
# has its currency bits under `currency.key(measure)`.
MeasureValues = dict[str, float | None]


def needed(model: Model, kpis: Iterable[Kpi]) -> list[Measure]:
    """The measures the KPIs need on this data (none for a KPI the data cannot give)."""
    found: dict[str, Measure] = {}
    for kpi in kpis:
        usable = known(model, kpi)
        if usable.unknown is None:
            found.update((m.name, m) for m in usable.kpi.measures)
    return list(found.values())


def measure_values(
    model: Model, filters: Filters, periods: Sequence[Period], kpis: Iterable[Kpi] = CATALOG
) -> list[MeasureValues]:
    """The value of every measure the KPIs need, for each period (same order).

    On a model whose tables live in another engine (kpi/engines), that engine computes
    them; the rules after this point are the same for every engine.
    """
    if model.engine is not None:
        return model.engine.measure_values(model, filters, periods, needed(model, kpis))
    context = model.context(filters)
    by_table: dict[str, list[Measure]] = {}
    for measure in needed(model, kpis):
        by_table.setdefault(measure.table, []).append(measure)
    facts = model.facts_for(filters)
    queries = []
    for table, measures in by_table.items():
        frame = facts[table]
        schema = frame.collect_schema()
        for group in same_rows(measures):
            within = any_in_span(group, periods, schema)
            rows = frame if within is None else frame.filter(within)
            exprs = [
                expr
                for index, period in enumerate(periods)
                for measure in group
                for expr in currency.aggregations(
                    model, measure, measure.rows(period, schema, context), f"{index}|"
                )
            ]
            queries.append(rows.select(exprs))
    results = pl.collect_all(queries)
    values: list[MeasureValues] = [{} for _ in periods]
    for result in results:
        for column, value in result.row(0, named=True).items():
            index, name = column.split("|", 1)
            values[int(index)][name] = value
    return values


def same_rows(measures: Sequence[Measure]) -> list[list[Measure]]:
    """The measures of one table in groups that aggregate the same rows: by date column.

    Each group is aggregated over only the rows whose date falls in the periods' span
    (`any_in_span`): the leads' cohort measures (by `mql_at`) then read the MQLs of the
    view and its comparison, not every lead created, accepted or made SQL in them,
    which more than halves the leads' share of a KPI table. A table with a snapshot
    measure (open pipeline) keeps one group over all its rows, as before.
    """
    if any(measure.date is None for measure in measures):
        return [list(measures)]
    groups: dict[str | None, list[Measure]] = {}
    for measure in measures:
        groups.setdefault(measure.date, []).append(measure)
    return list(groups.values())


def any_in_span(
    measures: Iterable[Measure], periods: Sequence[Period], schema: pl.Schema
) -> pl.Expr | None:
    """Rows with any of the measures' dates inside the span of all periods, or None.

    Every event measure selects rows by its date inside a period, so rows outside the
    span count for none of them: dropping them first spares every aggregation the scan
    of the whole history (a 90-day view and its comparison read a quarter of two years).
    A snapshot measure (open pipeline) can count rows of any age, so then nothing is
    dropped.
    """
    dates = set()
    for measure in measures:
        if measure.date is None:
            return None
        dates.add(measure.date)
    span = Period(min(p.start for p in periods), max(p.end for p in periods))
    return pl.any_horizontal([span.contains(column, schema[column]) for column in sorted(dates)])


def value_in(
    model: Model, kpi: Kpi, values: MeasureValues, target_to_date: float | None = None
) -> KpiValue:
    """The KPI's value on this data from its measures' values, with the reason if none."""
    usable = known(model, kpi)
    if usable.unknown is not None:
        return KpiValue(None, usable.unknown)
    currencies = currency.names(model, currency.kpi_bits(model, usable.kpi, values))
    if len(currencies) > 1:
        return KpiValue(None, currency.mix_reason(currencies))
    value = kpi_value(usable.kpi, values, target_to_date)
    if value.value is None:
        return value
    money = currencies[0] if currencies and kpi.unit == "money" else None
    return KpiValue(value.value, usable.leaves_out, money)


def exprs_in(
    model: Model, kpi: Kpi, column: Callable[[Measure], pl.Expr], bits: Callable[[Measure], pl.Expr]
) -> tuple[pl.Expr, pl.Expr]:
    """`value_in` as expressions (value, reason) over columns of measure values.

    `column` gives a measure's value column, `bits` its currency bits column (for the
    measures whose currency can vary).
    """
    usable = known(model, kpi)
    if usable.unknown is not None:
        return pl.lit(None, pl.Float64), pl.lit(usable.unknown, pl.String)
    value, reason = kpi_exprs(usable.kpi, column)
    mixed = currency.mix_reason_expr(model, usable.kpi, bits)
    if mixed is None:
        return value, reason
    return pl.when(mixed.is_null()).then(value), pl.coalesce(mixed, reason)


def evaluate(model: Model, filters: Filters, kpis: Iterable[Kpi] = CATALOG) -> dict[str, KpiValue]:
    """Every KPI's value for the filtered view's period (no comparison, no targets)."""
    chosen = list(kpis)
    (values,) = measure_values(model, filters, [filters.period], chosen)
    return {kpi.id: value_in(model, kpi, values) for kpi in chosen if kpi.versus_target_of is None}


def left_out_reason(model: Model, filters: Filters, kpi: Kpi) -> str | None:
    """Why a KPI's tables are left out by the current filters (e.g. spend has no segment)."""
    for measure in kpi.measures:
        missing = missing_dimensions(model.facts[measure.table].columns, filters)
        if missing:
            return f"{measure.table} cannot be filtered by {', '.join(missing)}"
    return None
