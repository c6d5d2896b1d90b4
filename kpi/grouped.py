"""Measure values grouped by a key: the one question every view past the KPI table asks.

See docs/architecture.md, "Engines". A breakdown groups by a dimension, the series by a
time bucket of each measure's date column, the launch overlay by launch and day, the
funnel and the hand-off by a stage's group, rep or region. Each is a `Grouped`: a fact
table's rows (in the view's dimensions, meeting `where`) grouped by named key
expressions, each measure aggregated over its own rows (with its currency bits when
they can vary, kpi/currency.py). polars runs it over the model's frames; another engine
(kpi/engines) translates the same expressions and returns only the groups. What a view
makes of the groups (the combining rule, unknown reasons, currencies) is the same code
for every engine.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import polars as pl

from kpi import currency
from kpi.filters import Filters
from kpi.measures import Measure
from kpi.model import Model


@dataclass(frozen=True, eq=False)
class Grouped:
    """One grouped query over one fact table: one row per key, one column per measure."""

    table: str
    keys: Mapping[str, pl.Expr]  # name → a row-wise expression
    measures: Sequence[tuple[Measure, pl.Expr]]  # each measure and the rows it aggregates
    where: pl.Expr | None = None  # the rows grouped at all (besides the view's dimensions)


def grouped_values(
    model: Model, filters: Filters, queries: Sequence[Grouped]
) -> list[pl.DataFrame]:
    """Each query's groups (same order), unsorted: the keys, then each measure's value
    (a Float64) and, when its currency can vary, its currency bits (`currency.key`)."""
    if model.engine is not None:
        return model.engine.grouped(model, filters, queries)
    return pl.collect_all(lazy_queries(model, filters, queries))


def lazy_queries(model: Model, filters: Filters, queries: Sequence[Grouped]) -> list[pl.LazyFrame]:
    """The queries as polars lazy frames over the model's frames (the default engine), for
    a view that runs them with queries of its own in one `collect_all`."""
    facts = model.facts_for(filters)
    lazy = []
    for query in queries:
        frame = facts[query.table]
        if query.where is not None:
            frame = frame.filter(query.where)
        aggregations = [
            expr for m, rows in query.measures for expr in currency.aggregations(model, m, rows)
        ]
        keys = [expr.alias(name) for name, expr in query.keys.items()]
        lazy.append(frame.group_by(keys).agg(aggregations))
    return lazy
