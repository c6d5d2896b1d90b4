"""BigQuery and Snowflake without their servers: the SQL Tandem would send them, read by
sqlglot in that vendor's dialect (a syntax error fails the test) and run on DuckDB.

This proves that every statement is valid as sqlglot reads each dialect and that it
means there what polars computes: not that a real BigQuery or Snowflake accepts it
(types it would refuse, a function's edge cases), which only their servers can tell.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import duckdb
import polars as pl
import sqlglot
from sqlglot.errors import ErrorLevel

from contract.schema import TABLES
from kpi.engines.sql import FACTS
from kpi.engines.warehouses import WarehouseName, on_warehouse
from kpi.model import Model

# Where the tables are, as each vendor names them: a project's dataset, a database's schema.
PLACES: dict[WarehouseName, tuple[str, str]] = {
    "bigquery": ("tandem-test", "crm"),
    "snowflake": ("ANALYTICS", "CRM"),
}


class Transpiled:
    """One DuckDB database answering `vendor`'s SQL, and every statement it was sent."""

    def __init__(self, vendor: WarehouseName) -> None:
        self.vendor = vendor
        self.sent: list[str] = []
        self.connection = duckdb.connect(":memory:")
        self.connection.execute("SET TimeZone = 'UTC'")
        catalog, schema = PLACES[vendor]
        self.connection.execute(f"ATTACH ':memory:' AS \"{catalog}\"")
        self.connection.execute(f'CREATE SCHEMA "{catalog}"."{schema}"')

    def in_duckdb(self, sql: str) -> str:
        (statement,) = sqlglot.transpile(
            sql,
            read=self.vendor,
            write="duckdb",
            error_level=ErrorLevel.RAISE,
            unsupported_level=ErrorLevel.RAISE,
        )
        return statement

    def run(self, sql: str) -> list[tuple[Any, ...]]:
        self.sent.append(sql)
        return self.connection.execute(self.in_duckdb(sql)).fetchall()

    def relation(self, table: str) -> str:
        """The table as the vendor's SQL names it (quoted project/database, dataset/schema)."""
        q = "`" if self.vendor == "bigquery" else '"'
        return ".".join(f"{q}{part}{q}" for part in (*PLACES[self.vendor], table))

    def load(self, frames: Mapping[str, pl.DataFrame]) -> Model:
        """The tables copied in (the fact tables, empty where not given), and the model
        computed in this 'warehouse' (the planning tables given in memory, as read)."""
        catalog, schema = PLACES[self.vendor]
        for table in dict.fromkeys([*FACTS, *frames]):
            frame = frames.get(table, TABLES[table].empty()).select(list(TABLES[table].columns))
            arrow = frame.to_arrow()  # noqa: F841 - read by name by DuckDB
            self.connection.execute(f'CREATE TABLE "{catalog}"."{schema}"."{table}" AS FROM arrow')
        relations = {table: self.relation(table) for table in FACTS}
        return on_warehouse(self.vendor, self.run, relations, frames)
