"""The grouped views and record lists in SQL: `kpi/grouped.py` and `kpi/records.py`, asked
of a database (docs/architecture.md, "Engines").

A `Grouped` query becomes one `SELECT keys, aggregates … GROUP BY keys`: one row per
group comes back, whatever the number of groups (never a column per bucket). A
`Records` list becomes one `ORDER BY … LIMIT`, and a `COUNT(*)` of the same rows. The
keys, conditions and columns are the views' own polars expressions, translated
(kpi/engines/sql_text.py); the aggregates are the KPI table's.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import polars as pl

from kpi import currency
from kpi.engines.sql_text import to_sql
from kpi.filters import Filters, dimension_condition
from kpi.grouped import Grouped
from kpi.model import CURRENCY_BIT, Model
from kpi.records import Listed, Records

if TYPE_CHECKING:
    from kpi.engines.sql import SqlEngine


def grouped(
    engine: SqlEngine, model: Model, filters: Filters, queries: Sequence[Grouped]
) -> list[pl.DataFrame]:
    return [_grouped(engine, model, filters, query) for query in queries]


def _grouped(engine: SqlEngine, model: Model, filters: Filters, query: Grouped) -> pl.DataFrame:
    d = engine.dialect
    facts = model.facts[query.table].lazy()
    where = _where(engine, model, filters, query.table, query.where)
    schema: dict[str, pl.DataType] = dict(facts.select(**query.keys).collect_schema())
    selects = [to_sql(expr, d) for expr in query.keys.values()]
    for measure, rows in query.measures:
        condition = to_sql(rows, d)
        selects.append(engine.aggregate(measure, condition))
        schema[measure.name] = pl.Float64()
        if currency.varies(model, measure):
            bits = f"CASE WHEN {condition} THEN {d.name_of(CURRENCY_BIT)} END"
            selects.append(f"COALESCE({d.bit_or}({bits}), 0)")
            schema[currency.key(measure)] = pl.Int64()
    positions = ", ".join(str(i + 1) for i in range(len(query.keys)))
    sql = engine.query(query.table, selects, where, model)
    found = engine.run(f"{sql} GROUP BY {positions}" if positions else sql)
    return pl.DataFrame(found, schema=schema, orient="row")


def records(
    engine: SqlEngine, model: Model, filters: Filters, wanted: Records, limit: int
) -> Listed:
    d = engine.dialect
    facts = model.facts[wanted.table].lazy()
    where = _where(engine, model, filters, wanted.table, wanted.where)
    columns = [f"{to_sql(expr, d)} AS {d.name_of(name)}" for name, expr in wanted.columns.items()]
    types = facts.select(**wanted.columns).collect_schema()
    order = ", ".join(
        f"{_sortable(engine, name, types[name])} {'DESC' if down else 'ASC'} NULLS FIRST"
        for name, down in wanted.order
    )
    selected = engine.query(wanted.table, columns, where, model)
    listed = f"SELECT * FROM ({selected}) AS r ORDER BY {order} LIMIT {limit}"
    (total,) = engine.run(engine.query(wanted.table, ["COUNT(*)"], where, model))[0]
    rows = pl.DataFrame(engine.run(listed), schema=dict(types), orient="row")
    return Listed(rows, int(total))


def _sortable(engine: SqlEngine, name: str, dtype: pl.DataType) -> str:
    """A column of the list in polars' order: text byte by byte."""
    column = engine.dialect.name_of(name)
    return engine.dialect.bytewise(column) if dtype == pl.String else column


def _where(
    engine: SqlEngine, model: Model, filters: Filters, table: str, extra: pl.Expr | None
) -> str:
    """The view's dimensions and `extra`, as a condition on the prepared fact table."""
    condition = dimension_condition(model.facts[table].collect_schema().names(), filters)
    return to_sql(condition if extra is None else condition & extra, engine.dialect)
