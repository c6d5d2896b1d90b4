"""Where a model's KPIs are computed, in words for the Data page: the engine, its
address (never a credential), the rows it held when the model was built, and when it
last answered a query (docs/architecture.md, "Engines")."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from kpi.engines.sql import FACTS, Run, SqlEngine
from kpi.model import Model

_AT = {"spark": "a Spark session (TANDEM_SPARK_MASTER, else local[2])"}


@dataclass(eq=False)  # hashed by identity, as the function it wraps
class Queries:
    """A connection's `run`, noting when its last query was answered."""

    run: Run
    last: datetime | None = None

    def __call__(self, sql: str) -> list[tuple[Any, ...]]:
        rows = self.run(sql)
        self.last = datetime.now(UTC)
        return rows


@dataclass(frozen=True)
class Place:
    engine: str  # polars, duckdb, spark or postgresql
    at: str  # "this process", or the warehouse's address without its password
    rows: dict[str, int]  # each fact table's rows when the model was built
    by: str | None = None  # the warehouse source's name
    queries: Queries | None = field(default=None, compare=False)

    @property
    def in_warehouse(self) -> bool:
        return self.by is not None

    @property
    def last_query(self) -> datetime | None:
        return self.queries.last if self.queries else None


def placed(model: Model, *, at: str = "", by: str | None = None) -> tuple[Model, Place]:
    """The model, its engine's queries timed, and where it computes."""
    engine = model.engine
    if isinstance(engine, SqlEngine):
        queries = Queries(engine.run)
        model = dataclasses.replace(model, engine=dataclasses.replace(engine, run=queries))
        rows = {table: engine.counts.get(table, 0) for table in FACTS}
        where = at or _AT.get(engine.name, "this process")
        return model, Place(engine.name, where, rows, by, queries)
    name = engine.name if engine is not None else "polars"
    return model, Place(name, "this process", {t: model.facts[t].height for t in FACTS}, by)
