"""Where a model's KPIs are computed, in words for the Data page: the engine, its
address (never a credential), the rows it held when the model was built, and when it
last answered a query (docs/architecture.md, "Engines")."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from kpi.engines.sql import FACTS, Run, SqlEngine
from kpi.model import Model

_AT = {"spark": "a Spark session (TANDEM_SPARK_MASTER, else local[2])"}


@dataclass
class Queries:
    """A connection's `run`, noting when its last query was answered."""

    run: Run
    last: datetime | None = field(default=None, compare=False)

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


def place_of(
    model: Model, queries: Queries | None, *, at: str = "", by: str | None = None
) -> Place:
    engine = model.engine
    if isinstance(engine, SqlEngine):
        rows = {table: engine.counts.get(table, 0) for table in FACTS}
        return Place(engine.name, at or _AT.get(engine.name, "this process"), rows, by, queries)
    name = engine.name if engine is not None else "polars"
    return Place(name, "this process", {t: model.facts[t].height for t in FACTS}, by, queries)
