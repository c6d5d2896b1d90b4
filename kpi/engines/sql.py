"""A SQL engine: the catalog's measures computed where the data lives.

See docs/architecture.md, "Engines".

The fact tables stay in the database (DuckDB over Parquet, PostgreSQL, Spark SQL);
each query returns one row of aggregates. What kpi/model.py prepares once per load in
polars (a deal's channel and segment from its lead, each customer's first order, the
currency bits) is written here as the same rules in SQL, applied inside every query.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from contract.schema import TABLES

from kpi import currency
from kpi.engines import sql_grouped
from kpi.engines.sql_text import Dialect, to_sql
from kpi.evaluate import MeasureValues, any_in_span
from kpi.filters import Filters, Period, dimension_condition
from kpi.grouped import Grouped
from kpi.measures import Aggregate, Measure
from kpi.model import CURRENCY, CURRENCY_BIT, Model
from kpi.records import Listed, Records

Run = Callable[[str], list[tuple[Any, ...]]]  # one SQL statement → its rows
# Aggregates per statement: PostgreSQL refuses a target list past 1664 entries.
_COLUMNS = 1000
FACTS = ("spend", "leads", "deals", "orders")
# The columns a fact table gets by a join (kpi/model.py `prepare`): a deal's channel and
# segment from its lead, an order's first-order flag from its customer's orders. A
# statement that names none of them is asked of the table alone: the join is most of the
# work of a query over orders, and it neither adds nor removes a row (its right side has
# one row per key), so leaving it out changes no value.
JOINED = {"deals": ("channel", "segment"), "orders": ("is_first_order",)}
# Each aggregate over `picked` (the value where the row is selected, else NULL), exactly
# as kpi/measures.py `Measure.over` computes it: a sum over no row is 0, a median null.
_AGGREGATES: dict[Aggregate, Callable[[Dialect, str], str]] = {
    "count": lambda d, picked: f"CAST(COALESCE(SUM({picked}), 0) AS {d.double})",
    "sum": lambda d, picked: f"CAST(COALESCE(SUM({picked}), 0) AS {d.double})",
    "median": lambda d, picked: f"CAST({d.quantile(picked, 0.5)} AS {d.double})",
    "p90": lambda d, picked: f"CAST({d.quantile(picked, 0.9)} AS {d.double})",
    "n_unique": lambda d, picked: f"CAST(COUNT(DISTINCT {picked}) AS {d.double})",
}


@dataclass(frozen=True)
class SqlEngine:
    """One database: its dialect, how to run a statement, and where each table is."""

    name: str
    dialect: Dialect
    run: Run
    tables: dict[str, str]  # canonical table → a relation in this dialect (a name, a scan)
    counts: dict[str, int] = field(default_factory=dict)  # rows per fact table, at connect
    # A relation of each customer's first order (`first_orders_query`), when the engine
    # keeps one; otherwise every query that needs it computes it again.
    first_orders: str | None = None

    def has_rows(self, table: str) -> bool:
        return self.counts.get(table, 0) > 0

    def any_row(self, model: Model, filters: Filters, table: str, condition: pl.Expr) -> bool:
        schema = model.facts[table].collect_schema()
        where = dimension_condition(schema.names(), filters) & condition
        selected = f"MAX(CASE WHEN {to_sql(where, self.dialect)} THEN 1 ELSE 0 END)"
        (row,) = self.run(self.query(table, [selected], None, model))
        return bool(row[0])

    def distinct(self, column: str) -> list[str]:
        q = self.dialect.name_of
        found: set[str] = set()
        for table in FACTS:
            if column in _prepared_columns(table):
                joined = column in JOINED.get(table, ())
                sql = f"SELECT DISTINCT {q(column)} FROM ({self.fact(table, joined=joined)}) AS f"
                found.update(str(v) for (v,) in self.run(sql) if v is not None)
        return sorted(found)

    def fact(self, table: str, model: Model | None = None, *, joined: bool = True) -> str:
        """The fact table as the model prepares it (kpi/model.py `prepare`), as a SELECT;
        without the columns of `JOINED` unless `joined`."""
        q = self.dialect.name_of
        own = [c for c in TABLES[table].columns if not (table == "orders" and c == "channel")]
        columns = [f"t.{q(c)}" for c in own]  # the order of _prepared_columns
        source = f"{self.tables[table]} AS t"
        if table == "orders":
            columns.append(f"t.{q('channel')} AS {q('sales_channel')}")  # where it was sold
        if joined and table == "deals":  # a deal carries its lead's channel and segment
            columns += [f"l.{q('channel')}", f"l.{q('segment')}"]
            leads = (
                f"SELECT {q('lead_id')}, MIN({q('channel')}) AS {q('channel')}, "
                f"MIN({q('segment')}) AS {q('segment')} FROM {self.tables['leads']} "
                f"GROUP BY {q('lead_id')}"
            )
            source += f" LEFT JOIN ({leads}) AS l ON t.{q('lead_id')} = l.{q('lead_id')}"
        elif joined and table == "orders":  # each customer's first order ever
            # Joined on the first order's day too: a view's date range then narrows both
            # sides of the join, not only the orders (a customer's other days never match).
            columns.append(
                f"CASE WHEN t.{q('customer_id')} IS NOT NULL "
                f"THEN COALESCE({self.dialect.bytewise('t.' + q('order_id'))} = "
                f"o.{q('first_id')}, FALSE) END AS {q('is_first_order')}"
            )
            first = self.first_orders or f"({self.first_orders_query()})"
            source += (
                f" LEFT JOIN {first} AS o ON {self._same('customer_id')} AND {self._same('date')}"
            )
        if model is not None and len(model.currencies_of(table)) > 1:
            cases = " ".join(
                f"WHEN {self.dialect.text(name)} THEN {1 << index}"
                for index, name in enumerate(model.currencies)
            )
            columns.append(f"CASE t.{q(CURRENCY)} {cases} END AS {q(CURRENCY_BIT)}")
        return f"SELECT {', '.join(columns)} FROM {source}"

    def first_orders_query(self) -> str:
        """Each customer's first order: the earliest date, then the lowest order id (one
        row per customer: its id, that day and that order's id).

        Two grouped joins rather than a window over every order: several times faster.
        The lowest id is compared byte by byte, as polars compares it, so that a customer
        with two orders on the first day is new in the same launch on every engine.
        """
        q, orders = self.dialect.name_of, self.tables["orders"]
        customer, day = q("customer_id"), q("date")
        first_days = (
            f"SELECT {customer}, MIN({day}) AS {day} FROM {orders} "
            f"WHERE {customer} IS NOT NULL GROUP BY {customer}"
        )
        return (
            f"SELECT a.{customer}, a.{day}, MIN({self.dialect.bytewise('a.' + q('order_id'))}) "
            f"AS {q('first_id')} FROM {orders} AS a "
            f"JOIN ({first_days}) AS d ON a.{customer} = d.{customer} AND a.{day} = d.{day} "
            f"GROUP BY a.{customer}, a.{day}"
        )

    def _same(self, column: str) -> str:
        return f"t.{self.dialect.name_of(column)} = o.{self.dialect.name_of(column)}"

    def query(self, table: str, selects: Iterable[str], where: str | None, model: Model) -> str:
        selected = ", ".join(selects)
        clause = f" WHERE {where}" if where else ""
        joined = self.names_joined(table, selected + clause)
        return f"SELECT {selected} FROM ({self.fact(table, model, joined=joined)}) AS f{clause}"

    def names_joined(self, table: str, sql: str) -> bool:
        """Whether `sql` names a column of `table` that comes by a join. Read from the
        text: a false match (a quoted name inside a literal) only keeps the join."""
        return any(self.dialect.name_of(c) in sql for c in JOINED.get(table, ()))

    def measure_values(
        self, model: Model, filters: Filters, periods: Sequence[Period], measures: list[Measure]
    ) -> list[MeasureValues]:
        """kpi/evaluate.py `measure_values`, computed in the database: one query per table
        (per few hundred periods: a statement has at most `_COLUMNS` aggregates)."""
        by_table: dict[str, list[Measure]] = {}
        for measure in measures:
            by_table.setdefault(measure.table, []).append(measure)
        values: list[MeasureValues] = [{} for _ in periods]
        for table, chosen in by_table.items():
            width = sum(2 if currency.varies(model, m) else 1 for m in chosen)
            step = max(1, _COLUMNS // width)
            for first in range(0, len(periods), step):
                part = self._values(model, filters, table, periods[first : first + step], chosen)
                for index, found in enumerate(part, start=first):
                    values[index].update(found)
        return values

    def _values(
        self,
        model: Model,
        filters: Filters,
        table: str,
        periods: Sequence[Period],
        chosen: list[Measure],
    ) -> list[MeasureValues]:
        context = model.context(filters)
        schema = model.facts[table].collect_schema()
        conditions = [dimension_condition(schema.names(), filters)]
        within = any_in_span(chosen, periods, schema)
        if within is not None:
            conditions.append(within)
        where = " AND ".join(to_sql(c, self.dialect) for c in conditions)
        names, selects = [], []
        for index, period in enumerate(periods):
            for measure in chosen:
                rows = to_sql(measure.rows(period, schema, context), self.dialect)
                names.append((index, measure.name))
                selects.append(self.aggregate(measure, rows))
                if currency.varies(model, measure):
                    names.append((index, currency.key(measure)))
                    bits = f"CASE WHEN {rows} THEN {self.dialect.name_of(CURRENCY_BIT)} END"
                    selects.append(f"COALESCE({self.dialect.bit_or}({bits}), 0)")
        (row,) = self.run(self.query(table, selects, where, model))
        values: list[MeasureValues] = [{} for _ in periods]
        for (index, name), value in zip(names, row, strict=True):
            values[index][name] = None if value is None else float(value)
        return values

    def grouped(
        self, model: Model, filters: Filters, queries: Sequence[Grouped]
    ) -> list[pl.DataFrame]:
        return sql_grouped.grouped(self, model, filters, queries)

    def records(self, model: Model, filters: Filters, wanted: Records, limit: int) -> Listed:
        return sql_grouped.records(self, model, filters, wanted, limit)

    def aggregate(self, measure: Measure, rows: str) -> str:
        """The measure over the rows meeting `rows` (SQL), as `Measure.over`."""
        if measure.aggregate == "count":
            picked = f"CASE WHEN {rows} THEN 1 ELSE 0 END"
        else:
            assert measure.value is not None
            picked = f"CASE WHEN {rows} THEN {to_sql(measure.value, self.dialect)} END"
        return _AGGREGATES[measure.aggregate](self.dialect, picked)


def _prepared_columns(table: str) -> list[str]:
    columns = [c for c in TABLES[table].columns if not (table == "orders" and c == "channel")]
    extra = {"deals": ["channel", "segment"], "orders": ["sales_channel", "is_first_order"]}
    return columns + extra.get(table, [])
