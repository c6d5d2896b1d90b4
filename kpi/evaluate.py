"""Evaluate measures and KPIs for periods: one lazy query per fact table.

All measures of a table, for every period asked (the view and its comparison),
are aggregated in a single `select`, and the tables' queries run together with
`collect_all`, so a filter change costs one pass over each table.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import polars as pl

from kpi.catalog import CATALOG, Kpi
from kpi.filters import Filters, Period, missing_dimensions
from kpi.measures import Context, Measure
from kpi.model import Model

MeasureValues = dict[str, float | None]  # measure name → value, for one period


@dataclass(frozen=True)
class KpiValue:
    value: float | None
    reason: str | None  # why value is None, in plain words

    @staticmethod
    def of(value: float | None, reason: str) -> KpiValue:
        return KpiValue(value, None) if value is not None else KpiValue(None, reason)


def measure_values(
    model: Model, filters: Filters, periods: Sequence[Period], kpis: Iterable[Kpi] = CATALOG
) -> list[MeasureValues]:
    """The value of every measure the KPIs need, for each period (same order)."""
    context = Context(sla_hours=filters.sla_hours, as_of=model.as_of)
    by_table: dict[str, dict[str, Measure]] = {}
    for kpi in kpis:
        for measure in kpi.measures:
            by_table.setdefault(measure.table, {})[measure.name] = measure
    facts = model.facts_for(filters)
    queries = []
    for table, measures in by_table.items():
        frame = facts[table]
        schema = frame.collect_schema()
        within = _any_in_span(measures.values(), periods, schema)
        if within is not None:
            frame = frame.filter(within)
        exprs = [
            measure.over(measure.rows(period, schema, context)).alias(f"{index}|{measure.name}")
            for index, period in enumerate(periods)
            for measure in measures.values()
        ]
        queries.append(frame.select(exprs))
    results = pl.collect_all(queries)
    values: list[MeasureValues] = [{} for _ in periods]
    for result in results:
        for column, value in result.row(0, named=True).items():
            index, name = column.split("|", 1)
            values[int(index)][name] = value
    return values


def _any_in_span(
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


def kpi_value(kpi: Kpi, measures: MeasureValues, target_to_date: float | None = None) -> KpiValue:
    """Combine measure values into the KPI: sum(numerators) ÷ sum(denominators)."""
    value = _kpi_value(kpi, measures, target_to_date)
    if value.value is not None and not math.isfinite(value.value):
        # NaN or inf in the source data (a NaN spend cell) must not reach the screen.
        return KpiValue(None, "the data holds a value that is not a number")
    return value


def _kpi_value(kpi: Kpi, measures: MeasureValues, target_to_date: float | None) -> KpiValue:
    numerator = measure_total(measures, kpi.numerator)
    if kpi.versus_target_of is not None:
        if not target_to_date:
            return KpiValue(None, "no revenue target covers this view")
        return KpiValue.of(None if numerator is None else numerator / target_to_date, "no data")
    if not kpi.denominator:
        if numerator is None:
            return KpiValue(None, _empty_reason(kpi))
        return KpiValue(numerator, None)
    denominator = measure_total(measures, kpi.denominator)
    if not denominator:
        return KpiValue(None, _empty_reason(kpi))
    return KpiValue(None if numerator is None else numerator / denominator, None)


def measure_total(measures: MeasureValues, parts: tuple[Measure, ...]) -> float | None:
    values = [measures.get(m.name) for m in parts]
    if all(v is None for v in values):
        return None
    return sum(v for v in values if v is not None)


def _empty_reason(kpi: Kpi) -> str:
    parts = ", ".join(sorted({m.table for m in kpi.measures}))
    return f"no {parts} data in this view to compute it from"


def evaluate(model: Model, filters: Filters, kpis: Iterable[Kpi] = CATALOG) -> dict[str, KpiValue]:
    """Every KPI's value for the filtered view's period (no comparison, no targets)."""
    chosen = list(kpis)
    (values,) = measure_values(model, filters, [filters.period], chosen)
    return {kpi.id: kpi_value(kpi, values) for kpi in chosen if kpi.versus_target_of is None}


def left_out_reason(model: Model, filters: Filters, kpi: Kpi) -> str | None:
    """Why a KPI's tables are left out by the current filters (e.g. spend has no segment)."""
    for measure in kpi.measures:
        missing = missing_dimensions(model.facts[measure.table].columns, filters)
        if missing:
            return f"{measure.table} cannot be filtered by {', '.join(missing)}"
    return None
