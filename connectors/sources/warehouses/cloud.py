"""A cloud warehouse (BigQuery, Snowflake): one code path, each vendor declared as data.

See docs/architecture.md, "Engines" and "Caching". A `Vendor` says how its SQL names a
table, which of its column types hold each canonical type, the query listing the mapped
tables' columns (the check on connect), and the version probe (the tables' last
modification, read from the vendor's metadata, never a scan). `CloudWarehouse` is the
open connection every part of Tandem uses, as connectors/sources/warehouse.py's is for
PostgreSQL: `run`, `relations`, `version`, `read_planning`, `close`.

The vendor's client is imported only when such a source is opened (bigquery.py,
snowflake.py): a missing client is a SourceError naming the package, never a crash.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NamedTuple, Protocol

import polars as pl
from contract.schema import TABLES

from connectors.errors import SourceError
from connectors.sources.warehouse import FACTS, Version


def not_installed(label: str, package: str) -> SourceError:
    """What a source says when its vendor's client is missing: what to install."""
    return SourceError(
        f"{label}'s client is not installed: .venv/bin/pip install {package} "
        "(or -r requirements-warehouses.txt)"
    )


class Spot(NamedTuple):
    """Where a table is: the project or database, the dataset or schema, the table."""

    container: str
    namespace: str
    table: str


class Client(Protocol):
    """The vendor's connection, reduced to what Tandem asks of it."""

    errors: tuple[type[Exception], ...]  # what its driver raises

    def rows(self, sql: str) -> list[tuple[Any, ...]]: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class Vendor:
    name: str  # the URL's scheme, and the SQL dialect's name (kpi/engines/warehouses.py)
    label: str  # as people write it
    quote: str  # around each part of a name
    double: str  # the 64-bit float type, for the planning tables' numbers
    # The vendor's type names (as its INFORMATION_SCHEMA writes them) holding each
    # canonical column type exactly.
    types: dict[type[pl.DataType], tuple[str, ...]]
    # The mapped tables' columns: SQL giving (namespace, table, column, type) rows.
    columns: Callable[[Vendor, Sequence[Spot]], str]
    # The probe: SQL giving (namespace, table, kind, last modified, rows) rows.
    probe: Callable[[Vendor, Sequence[Spot]], str]
    seen: Callable[[Any], bool]  # whether a table of this kind has a last modification
    fold: Callable[[str], str] = str.lower  # how its names compare (case-insensitively)

    def name_of(self, *parts: str) -> str:
        return ".".join(f"{self.quote}{part}{self.quote}" for part in parts)

    def relation(self, spot: Spot) -> str:
        return self.name_of(*spot)


def text(value: str) -> str:
    """A name in a metadata query's text literal (names are checked: letters, digits, _)."""
    return "'" + value.replace("'", "''").replace("\\", "\\\\") + "'"


@dataclass
class CloudWarehouse:
    """An open connection to a cloud warehouse and where each canonical table is in it."""

    vendor: Vendor
    client: Client
    tables: dict[str, Spot]
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def run(self, sql: str) -> list[tuple[Any, ...]]:
        """One statement's rows; a SourceError with the vendor's error if it fails."""
        try:
            with self._lock:
                return self.client.rows(sql)
        except self.client.errors as exc:
            first = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else ""
            raise SourceError(
                f"{self.vendor.label} refused a query ({type(exc).__name__}: {first})"
            ) from None

    def relations(self) -> dict[str, str]:
        return {table: self.vendor.relation(spot) for table, spot in self.tables.items()}

    def version(self) -> Version:
        """The probe: each mapped table's last modification and rows, from the vendor's
        metadata; tables it cannot see (a view, an external table) named as blind."""
        rows = self.run(self.vendor.probe(self.vendor, sorted(set(self.tables.values()))))
        fold = self.vendor.fold
        found = {(fold(r[0]), fold(r[1])): r for r in rows if self.vendor.seen(r[2])}
        seen, blind = [], []
        for table, spot in sorted(self.tables.items()):
            row = found.get((fold(spot.namespace), fold(spot.table)))
            if row is None:
                blind.append(table)
            else:
                seen.append((table, str(row[3]), str(row[4])))
        digest = hashlib.sha256(repr(seen).encode()).hexdigest()[:16]
        return Version(digest, tuple(blind), datetime.now(UTC))

    def read_planning(self) -> dict[str, pl.DataFrame]:
        """The mapped planning tables, read whole (they are a few hundred rows)."""
        found = {}
        for table, spot in self.tables.items():
            if table in FACTS:
                continue
            spec = TABLES[table]
            schema = spec.empty().schema
            columns = ", ".join(
                f"CAST({self.vendor.name_of(c)} AS {self.vendor.double})"
                if schema[c] == pl.Float64
                else self.vendor.name_of(c)
                for c in spec.columns
            )
            rows = self.run(f"SELECT {columns} FROM {self.vendor.relation(spot)}")
            found[table] = pl.DataFrame(rows, schema=schema, orient="row")
        return found

    def close(self) -> None:
        self.client.close()

    def problems(self) -> list[str]:
        """What the mapped tables lack: a table, a column, a type that holds its values."""
        spots = sorted(set(self.tables.values()))
        fold = self.vendor.fold
        columns: dict[tuple[str, str], dict[str, str]] = {}
        for namespace, table, column, kind in self.run(self.vendor.columns(self.vendor, spots)):
            columns.setdefault((fold(namespace), fold(table)), {})[fold(column)] = str(kind)
        return [
            problem
            for table, spot in self.tables.items()
            for problem in self._problems(table, spot, columns)
        ]

    def _problems(
        self, table: str, spot: Spot, columns: dict[tuple[str, str], dict[str, str]]
    ) -> list[str]:
        name = f"{spot.namespace}.{spot.table}"
        found = columns.get((self.vendor.fold(spot.namespace), self.vendor.fold(spot.table)))
        if not found:
            return [f"{table}: no table {name}"]
        problems = []
        for column, dtype in TABLES[table].empty().schema.items():
            holding = self.vendor.types[dtype.base_type()]
            kind = found.get(self.vendor.fold(column))
            if kind is None:
                problems.append(f"{name} has no column {column}")
            elif kind.split("(")[0].upper() not in holding:
                problems.append(
                    f"{name}.{column} is {kind}, not a type that holds {dtype} "
                    f"({' or '.join(holding)})"
                )
        return problems


def opened(vendor: Vendor, client: Client, tables: dict[str, Spot]) -> CloudWarehouse:
    """The warehouse, its tables checked; a SourceError names what is missing."""
    missing = [t for t in FACTS if t not in tables]
    if missing:
        client.close()
        raise SourceError(f"the warehouse maps no table for {', '.join(missing)}")
    warehouse = CloudWarehouse(vendor, client, tables)
    try:
        problems = warehouse.problems()
    except SourceError:
        warehouse.close()
        raise
    if problems:
        warehouse.close()
        raise SourceError("the warehouse tables do not match: " + "; ".join(problems))
    return warehouse
