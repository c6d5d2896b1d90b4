"""KPIs broken down by a dimension (campaign, channel, region …) for the filtered view.

Each KPI is still sum(numerators) ÷ sum(denominators), now per group: the catalog's
measures aggregate inside one `group_by` per fact table that carries the dimension.
Tables without it (orders have no campaign) leave their measures empty for every group.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from kpi.catalog import Kpi, get
from kpi.filters import Filters
from kpi.measures import Context, Measure
from kpi.model import Model

NO_VALUE = "(none)"


def breakdown(model: Model, filters: Filters, by: str, kpi_ids: Sequence[str]) -> pl.DataFrame:
    """One row per value of `by`, one column per KPI; sorted by the first KPI, largest first."""
    if not kpi_ids:
        raise ValueError("a breakdown needs at least one KPI")
    kpis = [get(kpi_id) for kpi_id in kpi_ids]
    measures = {m.name: m for kpi in kpis for m in kpi.measures}
    grouped = _measures_by_group(model, filters, by, list(measures.values()))
    if grouped is None:
        return pl.DataFrame(schema={by: pl.String, **{k.id: pl.Float64 for k in kpis}})
    values = grouped.select(by, *[_kpi_expr(kpi, grouped.columns).alias(kpi.id) for kpi in kpis])
    # Groups with no activity in the period (every KPI empty or zero) are not shown.
    active = pl.any_horizontal(pl.col(k.id).fill_null(0) != 0 for k in kpis)
    return values.filter(active).sort(kpi_ids[0], by, descending=[True, False], nulls_last=True)


def _measures_by_group(
    model: Model, filters: Filters, by: str, measures: list[Measure]
) -> pl.DataFrame | None:
    context = Context(sla_hours=filters.sla_hours, as_of=model.as_of)
    facts = model.facts_for(filters)
    queries = []
    for table in sorted({m.table for m in measures}):
        frame = facts[table]
        schema = frame.collect_schema()
        if by not in schema:
            continue
        exprs = [
            m.over(m.rows(filters.period, schema, context)).alias(m.name)
            for m in measures
            if m.table == table
        ]
        queries.append(frame.group_by(pl.col(by).fill_null(NO_VALUE)).agg(exprs))
    if not queries:
        return None
    parts = pl.collect_all(queries)
    joined = parts[0]
    for part in parts[1:]:
        joined = joined.join(part, on=by, how="full", coalesce=True)
    # A group absent from one table had no rows there: its counts and sums are zero.
    additive = [m.name for m in measures if m.additive and m.name in joined.columns]
    return joined.with_columns(pl.col(additive).fill_null(0.0))


def _total(parts: tuple[Measure, ...], columns: list[str]) -> pl.Expr:
    present = [pl.col(m.name) for m in parts if m.name in columns]
    if not present:
        return pl.lit(None, pl.Float64)
    return pl.sum_horizontal(present) if len(present) > 1 else present[0]


def _kpi_expr(kpi: Kpi, columns: list[str]) -> pl.Expr:
    numerator = _total(kpi.numerator, columns)
    if not kpi.denominator:
        return numerator
    denominator = _total(kpi.denominator, columns)
    return pl.when(denominator > 0).then(numerator / denominator)
