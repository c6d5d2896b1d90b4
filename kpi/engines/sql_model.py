"""The model of data kept in a SQL engine: what kpi/model.py `prepare` derives, asked of it.

Only aggregates come back: row counts, the currencies, the first and last day, and
which inputs the data provides (kpi/inputs.py, the same expressions in SQL). The small
planning tables (launches, targets, events) are read whole: the views join them in
memory as they do for the polars engine.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date, datetime

import polars as pl
from contract.dataset import Dataset
from contract.schema import LEAD_STAGES, TABLES

from kpi.engines.sql import FACTS, SqlEngine
from kpi.engines.sql_text import to_sql
from kpi.inputs import COLUMNS, EXTRA, Input
from kpi.model import CURRENCY, CURRENCY_BIT, Model, prepare

# Per fact table, the columns whose range makes the data's first and last day
# (kpi/model.py `_date_range`): the first by the first column, the last by them all.
_DAY_COLUMNS = {
    "spend": ["date"],
    "orders": ["date"],
    "leads": ["created_at", *LEAD_STAGES],
    "deals": ["created_at", "closed_at"],
}


def prepare_in(engine: SqlEngine, planning: Mapping[str, pl.DataFrame]) -> Model:
    """The model of the fact tables in `engine`, with the planning tables given in memory."""
    q = engine.dialect.name_of
    counts = {t: int(engine.run(f"SELECT COUNT(*) FROM {engine.tables[t]}")[0][0]) for t in FACTS}
    per_table = {
        table: tuple(
            sorted(
                str(v)
                for (v,) in engine.run(
                    f"SELECT DISTINCT {q(CURRENCY)} FROM ({engine.fact(table, joined=False)}) AS f "
                    f"WHERE {q(CURRENCY)} IS NOT NULL"
                )
            )
        )
        for table in FACTS
        if CURRENCY in TABLES[table].columns
    }
    currencies = tuple(sorted({c for found in per_table.values() for c in found}))
    empty = prepare(Dataset.from_frames({})).facts
    facts = {
        name: frame.with_columns(pl.lit(None, pl.Int64).alias(CURRENCY_BIT))
        if len(per_table.get(name, ())) > 1
        else frame
        for name, frame in empty.items()
    }
    first, last = _day_range(engine)
    return Model(
        dataset=Dataset.from_frames({k: v for k, v in planning.items() if k not in FACTS}),
        facts=facts,
        first_day=first,
        last_day=last,
        provided=_provided(engine),
        currencies=currencies,
        table_currencies=per_table,
        engine=dataclasses.replace(engine, counts=counts),
    )


def _provided(engine: SqlEngine) -> frozenset[Input]:
    found: set[Input] = set()
    for table in FACTS:
        inputs = [i for i in (*COLUMNS.values(), *EXTRA) if i.table == table]
        selects = [
            f"MAX(CASE WHEN COALESCE({to_sql(i.shown_by, engine.dialect)}, FALSE) "
            "THEN 1 ELSE 0 END)"
            for i in inputs
        ]
        selected = ", ".join(selects)
        fact = engine.fact(table, joined=engine.names_joined(table, selected))
        (row,) = engine.run(f"SELECT {selected} FROM ({fact}) AS f")
        found.update(i for i, there in zip(inputs, row, strict=True) if there)
    return frozenset(found)


def _day_range(engine: SqlEngine) -> tuple[date, date]:
    q = engine.dialect.name_of
    lows: list[date] = []
    highs: list[date] = []
    for table, columns in _DAY_COLUMNS.items():
        selects = [f"MIN({q(columns[0])})", *(f"MAX({q(c)})" for c in columns)]
        (row,) = engine.run(f"SELECT {', '.join(selects)} FROM {engine.tables[table]}")
        days = [_day(v) for v in row]
        if days[0] is not None:
            lows.append(days[0])
        highs += [d for d in days[1:] if d is not None]
    if not lows or not highs:
        today = date.today()
        return today, today
    return min(lows), max(highs)


def _day(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return None
