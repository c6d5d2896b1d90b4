"""The DuckDB engine: Parquet folders scanned, not loaded.

See docs/architecture.md, "Engines".

A canonical folder holds one `<table>.parquet` file, or a `<table>/` folder of Parquet
parts, per canonical table. The fact tables are views over those files: each query
scans only the columns and row groups it needs, so a folder larger than memory works.
The planning tables (launches, targets, events, rules) are small and read whole.
"""

from __future__ import annotations

import dataclasses
import tempfile
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
from contract.schema import TABLES

from kpi.engines.sql import FACTS, SqlEngine
from kpi.engines.sql_model import prepare_in
from kpi.engines.sql_text import Dialect
from kpi.model import Model

DUCKDB = Dialect(
    name="duckdb",
    double="DOUBLE",
    micros=lambda x: f"epoch_us({x})",
    interval=lambda n: f"to_microseconds({n})",
    quantile=lambda x, q: f"quantile_cont({x}, {q!r})",  # exact, linear as polars
)


def on_parquet(
    facts: Mapping[str, str | None],
    planning: Mapping[str, pl.DataFrame],
    *,
    memory_limit: str | None = None,
) -> Model:
    """The model of fact tables left in their Parquet files (a path or glob per table)."""
    connection = _connect(memory_limit)
    for table in FACTS:
        found = facts.get(table)
        if found is None:
            _create_empty(connection, table)
        else:
            escaped = found.replace("'", "''")
            columns = ", ".join(f'"{c}"' for c in TABLES[table].columns)
            connection.execute(
                f"CREATE VIEW \"{table}\" AS SELECT {columns} FROM read_parquet('{escaped}')"
            )
    return prepare_in(_with_first_orders(connection), planning)


def on_frames(frames: Mapping[str, pl.DataFrame]) -> Model:
    """The model of canonical tables held in memory, computed by DuckDB (tests, sources)."""
    connection = _connect(None)
    for table in FACTS:
        frame = frames.get(table, TABLES[table].empty()).select(list(TABLES[table].columns))
        arrow = frame.to_arrow()  # noqa: F841 - read by name by DuckDB's replacement scan
        connection.execute(f'CREATE TABLE "{table}" AS SELECT * FROM arrow')
    return prepare_in(_with_first_orders(connection), frames)


def _connect(memory_limit: str | None) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect(":memory:")
    connection.execute("SET TimeZone = 'UTC'")
    # Past its memory limit DuckDB spills to disk: in the system's temporary folder, not
    # a `.tmp` folder in whatever directory the app was started from.
    spill = (Path(tempfile.gettempdir()) / "tandem-duckdb").as_posix().replace("'", "''")
    connection.execute(f"SET temp_directory = '{spill}'")
    if memory_limit is not None:
        connection.execute(f"SET memory_limit = '{memory_limit}'")
    return connection


def _create_empty(connection: duckdb.DuckDBPyConnection, table: str) -> None:
    arrow = TABLES[table].empty().to_arrow()  # noqa: F841 - read by name by DuckDB
    connection.execute(f'CREATE TABLE "{table}" AS SELECT * FROM arrow')


def _with_first_orders(connection: duckdb.DuckDBPyConnection) -> SqlEngine:
    """The engine, with each customer's first order computed once and kept.

    Every view of orders that asks who is a new customer joins on it; computed in each
    query, it was most of the time of the KPI table at 10M leads (docs/architecture.md,
    "Engines"). DuckDB keeps the table in its buffer and spills it past the memory limit.
    """
    engine = _engine(connection)
    connection.execute(f"CREATE TEMP TABLE first_orders AS {engine.first_orders_query()}")
    return dataclasses.replace(engine, first_orders="first_orders")


def _engine(connection: duckdb.DuckDBPyConnection) -> SqlEngine:
    lock = threading.Lock()  # one connection, asked by every session of the app

    def run(sql: str) -> list[tuple[Any, ...]]:
        with lock:
            return connection.execute(sql).fetchall()

    return SqlEngine("duckdb", DUCKDB, run, {table: f'"{table}"' for table in FACTS})
