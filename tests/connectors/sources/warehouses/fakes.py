"""BigQuery's and Snowflake's clients, faked: never the network.

`Server` answers what the vendor would: its metadata queries (the columns of the mapped
tables, the version probe) from declared tables, after sqlglot has read them in the
vendor's dialect; every other statement is run on DuckDB through sqlglot
(tests/kpi/engines/transpiled.py). `bigquery_module` and `snowflake_module` stand in for
google-cloud-bigquery and snowflake-connector-python, recording how the client is made.
"""

from __future__ import annotations

import sys
import types
from dataclasses import dataclass, field
from typing import Any

import polars as pl
import pytest
import sqlglot
from sqlglot.errors import ErrorLevel

from connectors.sources.warehouses import bigquery, snowflake
from connectors.sources.warehouses.cloud import Vendor
from contract.schema import TABLES
from tests.kpi.engines.transpiled import PLACES, Transpiled

VENDORS: dict[str, Vendor] = {"bigquery": bigquery.VENDOR, "snowflake": snowflake.VENDOR}
TABLE_KIND = {"bigquery": 1, "snowflake": "BASE TABLE"}
VIEW_KIND = {"bigquery": 2, "snowflake": "VIEW"}


class Refused(Exception):
    """What the fake driver raises (its `errors`)."""


@dataclass
class Server:
    """One vendor's warehouse, holding the canonical tables of `frames` in PLACES."""

    vendor: str
    frames: dict[str, pl.DataFrame] = field(default_factory=dict)
    # Per table: its columns' vendor types (default: the canonical ones), its kind, its
    # last modification; a table absent from `columns` does not exist.
    columns: dict[str, dict[str, str]] = field(default_factory=dict)
    kinds: dict[str, Any] = field(default_factory=dict)
    modified: dict[str, int] = field(default_factory=dict)
    sent: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.duck = Transpiled(self.vendor)  # type: ignore[arg-type]
        types_of = VENDORS[self.vendor].types
        for table in self.frames:
            schema = TABLES[table].empty().schema
            found = {c: types_of[t.base_type()][0] for c, t in schema.items()}
            self.columns.setdefault(table, found)
        if self.frames:
            self.duck.load(self.frames)

    def answer(self, sql: str) -> list[tuple[Any, ...]]:
        self.sent.append(sql)
        sqlglot.parse_one(sql, read=self.vendor, error_level=ErrorLevel.RAISE)
        if "INFORMATION_SCHEMA.COLUMNS" in sql:
            return [
                (PLACES[self.vendor][1], t, c, kind)  # type: ignore[index]
                for t, found in self.columns.items()
                if _names(t, sql, self.vendor)
                for c, kind in found.items()
            ]
        if "__TABLES__" in sql or "INFORMATION_SCHEMA.TABLES" in sql:
            return [
                (
                    PLACES[self.vendor][1],  # type: ignore[index]
                    t,
                    self.kinds.get(t, TABLE_KIND[self.vendor]),
                    self.modified.get(t, 0),
                    self.frames[t].height if t in self.frames else 0,
                )
                for t in self.columns
                if _names(t, sql, self.vendor)
            ]
        if "refuse" in sql:
            raise Refused("Resources exceeded during query execution\nat [1:1]")
        return self.duck.run(sql)


def _names(table: str, sql: str, vendor: str) -> bool:
    return f"'{table.upper() if vendor == 'snowflake' else table}'" in sql


class Row(tuple[Any, ...]):
    def values(self) -> tuple[Any, ...]:
        return tuple(self)


@dataclass
class Made:
    """How the fake module's client was made, and whether it was closed."""

    arguments: dict[str, Any]
    closed: bool = False


def bigquery_module(monkeypatch: pytest.MonkeyPatch, server: Server) -> list[Made]:
    """google.cloud.bigquery and google.api_core, faked; the clients made, returned."""
    made: list[Made] = []

    class QueryJobConfig:
        def __init__(self, **arguments: Any) -> None:
            self.arguments = arguments

    class Job:
        def __init__(self, sql: str) -> None:
            self.sql = sql

        def result(self) -> list[Row]:
            return [Row(r) for r in server.answer(self.sql)]

    class Client:
        def __init__(self, **arguments: Any) -> None:
            self.made = Made(arguments)
            made.append(self.made)

        def query(self, sql: str) -> Job:
            return Job(sql)

        def close(self) -> None:
            self.made.closed = True

    module = types.ModuleType("google.cloud.bigquery")
    module.Client = Client  # type: ignore[attr-defined]
    module.QueryJobConfig = QueryJobConfig  # type: ignore[attr-defined]
    cloud = types.ModuleType("google.cloud")
    cloud.bigquery = module  # type: ignore[attr-defined]
    exceptions = types.ModuleType("google.api_core.exceptions")
    exceptions.GoogleAPIError = Refused  # type: ignore[attr-defined]
    api_core = types.ModuleType("google.api_core")
    api_core.exceptions = exceptions  # type: ignore[attr-defined]
    for name, fake in {
        "google.cloud": cloud,
        "google.cloud.bigquery": module,
        "google.api_core": api_core,
        "google.api_core.exceptions": exceptions,
    }.items():
        monkeypatch.setitem(sys.modules, name, fake)
    return made


def snowflake_module(monkeypatch: pytest.MonkeyPatch, server: Server) -> list[Made]:
    """snowflake.connector, faked; the connections made, returned."""
    made: list[Made] = []

    class Cursor:
        def __init__(self) -> None:
            self.found: list[tuple[Any, ...]] = []

        def execute(self, sql: str) -> Cursor:
            self.found = server.answer(sql)
            return self

        def fetchall(self) -> list[tuple[Any, ...]]:
            return self.found

        def close(self) -> None:
            pass

    class Connection:
        def __init__(self, arguments: dict[str, Any]) -> None:
            self.made = Made(arguments)

        def cursor(self) -> Cursor:
            return Cursor()

        def close(self) -> None:
            self.made.closed = True

    def connect(**arguments: Any) -> Connection:
        if arguments.get("password") == "wrong":
            raise Refused(f"250001: Incorrect username or password for {arguments['user']}")
        connection = Connection(arguments)
        made.append(connection.made)
        return connection

    errors = types.ModuleType("snowflake.connector.errors")
    errors.Error = Refused  # type: ignore[attr-defined]
    connector = types.ModuleType("snowflake.connector")
    connector.connect = connect  # type: ignore[attr-defined]
    connector.errors = errors  # type: ignore[attr-defined]
    package = types.ModuleType("snowflake")
    package.connector = connector  # type: ignore[attr-defined]
    for name, fake in {
        "snowflake": package,
        "snowflake.connector": connector,
        "snowflake.connector.errors": errors,
    }.items():
        monkeypatch.setitem(sys.modules, name, fake)
    return made
