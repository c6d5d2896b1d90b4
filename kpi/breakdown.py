"""KPIs broken down by a dimension (campaign, channel, region …) for the filtered view.

Each KPI follows the KPI table's rules (kpi/evaluate.py), now per group: the catalog's
measures aggregate in one grouped query (kpi/grouped.py, on every engine) per fact
table that carries the dimension, and the combining rule's expression form
(kpi/combine.py) makes each KPI of them.
Tables without the dimension (orders have no campaign) leave their measures empty for
every group; a KPI the data cannot give, or whose group mixes currencies, is null.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from kpi import currency
from kpi.catalog import get
from kpi.evaluate import exprs_in, needed
from kpi.filters import Filters
from kpi.grouped import Grouped, grouped_values
from kpi.measures import Measure
from kpi.model import Model

NO_VALUE = "(none)"


def breakdown(model: Model, filters: Filters, by: str, kpi_ids: Sequence[str]) -> pl.DataFrame:
    """One row per value of `by`, one column per KPI; sorted by the first KPI, largest first."""
    if not kpi_ids:
        raise ValueError("a breakdown needs at least one KPI")
    kpis = [get(kpi_id) for kpi_id in kpi_ids]
    grouped = _measures_by_group(model, filters, by, needed(model, kpis))
    if grouped is None:
        return pl.DataFrame(schema={by: pl.String, **{k.id: pl.Float64 for k in kpis}})
    columns = grouped.columns

    def column(measure: Measure) -> pl.Expr:
        # A table without the dimension has no rows in any group: its measures are empty.
        return pl.col(measure.name) if measure.name in columns else pl.lit(None, pl.Float64)

    def bits(measure: Measure) -> pl.Expr:
        name = currency.key(measure)
        return pl.col(name) if name in columns else pl.lit(0, pl.Int64)

    values = grouped.select(
        by, *[exprs_in(model, kpi, column, bits)[0].alias(kpi.id) for kpi in kpis]
    )
    # Groups with no activity in the period (every KPI empty or zero) are not shown.
    active = pl.any_horizontal(pl.col(k.id).fill_null(0) != 0 for k in kpis)
    return values.filter(active).sort(kpi_ids[0], by, descending=[True, False], nulls_last=True)


def _measures_by_group(
    model: Model, filters: Filters, by: str, measures: list[Measure]
) -> pl.DataFrame | None:
    context = model.context(filters)
    queries = []
    for table in sorted({m.table for m in measures}):
        schema = model.facts[table].collect_schema()
        if by not in schema:
            continue
        members = [m for m in measures if m.table == table]
        rows = [(m, m.rows(filters.period, schema, context)) for m in members]
        key = {by: pl.col(by).fill_null(NO_VALUE)}
        queries.append(Grouped(table, key, rows))
    if not queries:
        return None
    parts = grouped_values(model, filters, queries)
    joined = parts[0]
    for part in parts[1:]:
        joined = joined.join(part, on=by, how="full", coalesce=True)
    # A group absent from one table had no rows there: its counts and sums are zero,
    # and its amounts in no currency.
    additive = [m.name for m in measures if m.additive and m.name in joined.columns]
    no_bits = [currency.key(m) for m in measures if currency.key(m) in joined.columns]
    return joined.with_columns(pl.col(additive).fill_null(0.0), pl.col(no_bits).fill_null(0))
