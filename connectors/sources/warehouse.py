"""A SQL warehouse holding the canonical tables, queried in place (docs/architecture.md, "Engines").

PostgreSQL here, through psycopg 3. On connect every mapped table is checked: each
canonical column must be there with a type that holds its values, and what is missing
is named (table, column, the type found). Nothing is loaded but the small planning
tables (launches, targets, events, rules); the KPI engine sends its queries over
`run` and gets one row of aggregates back. The password comes from
.streamlit/secrets.toml by the key the source names, never from sources.toml.

`Warehouse.version` is the cheap probe the app caches on (docs/architecture.md,
"Caching"): PostgreSQL's change counters of each mapped table, never a scan.
"""

from __future__ import annotations

import hashlib
import re
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import polars as pl
import psycopg
from contract.schema import TABLES
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from connectors.errors import SourceError

FACTS = ("spend", "leads", "deals", "orders")
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$")
# The PostgreSQL types that hold each canonical column type exactly.
TYPES: dict[type[pl.DataType], tuple[str, ...]] = {
    pl.String: ("text", "character varying", "character"),
    pl.Categorical: ("text", "character varying", "character"),  # text held encoded
    pl.Date: ("date",),
    pl.Datetime: ("timestamp without time zone",),
    pl.Float64: ("double precision", "real", "numeric", "bigint", "integer", "smallint"),
    pl.Int64: ("bigint", "integer", "smallint"),
    pl.Boolean: ("boolean",),
}


def relation(name: str) -> str:
    """A `schema.table` name as a quoted SQL relation."""
    return ".".join(f'"{part}"' for part in name.split("."))


def address(url: str) -> str:
    """Where the warehouse is, to show: user, host, port and database, never a password
    or any other connection parameter (a query string can carry `password=`)."""
    try:
        parts = conninfo_to_dict(url)
    except psycopg.Error:
        return "postgresql://(an address that cannot be parsed)"
    user = f"{parts['user']}@" if parts.get("user") else ""
    port = f":{parts['port']}" if parts.get("port") else ""
    return f"postgresql://{user}{parts.get('host', '')}{port}/{parts.get('dbname', '')}"


# The probe: per mapped table its oid and change counters, and whether this server's
# counters can say anything (docs/architecture.md, "Caching"). Only a plain table
# (relkind 'r') has counters of its own: a view, a foreign or a partitioned table does
# not, nor does any table on a standby, whose counters never see the primary's writes.
_PROBE = """
SELECT m.t, c.relkind, s.relid, s.n_tup_ins, s.n_tup_upd, s.n_tup_del, s.n_live_tup,
       pg_is_in_recovery(), current_setting('track_counts'),
       (SELECT stats_reset FROM pg_stat_database WHERE datname = current_database())
FROM (VALUES {values}) AS m(t, r)
LEFT JOIN pg_class c ON c.oid = to_regclass(m.r)
LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
ORDER BY m.t
"""


@dataclass(frozen=True)
class Version:
    """What the warehouse says about its tables having changed, without reading them.

    `digest` is equal while the counters of every table it sees are; `blind` names the
    tables it cannot see (their changes need a refresh interval to show).
    """

    digest: str
    blind: tuple[str, ...]
    probed_at: datetime


@dataclass
class Warehouse:
    """An open connection and the relation of each canonical table in it."""

    connection: psycopg.Connection[tuple[Any, ...]]
    tables: dict[str, str]  # canonical table → "schema.table"
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def run(self, sql: str) -> list[tuple[Any, ...]]:
        """One statement's rows; a SourceError naming only the error's kind if it fails
        (the driver's message can quote the connection's parameters)."""
        try:
            with self._lock, self.connection.cursor() as cursor:
                cursor.execute(sql.encode())  # composed from checked names and literals
                return cursor.fetchall()
        except psycopg.Error as exc:
            raise SourceError(f"the warehouse refused a query ({type(exc).__name__})") from None

    def relations(self) -> dict[str, str]:
        return {table: relation(name) for table, name in self.tables.items()}

    def version(self) -> Version:
        """The probe: one query of PostgreSQL's statistics, a SourceError if it fails."""
        values = ", ".join(f"('{t}', '{relation(n)}')" for t, n in sorted(self.tables.items()))
        rows = self.run(_PROBE.format(values=values))
        seen = [row for row in rows if row[1] == "r" and row[2] is not None]
        if rows and (rows[0][7] or rows[0][8] != "on"):  # a standby, or counters switched off
            seen = []
        blind = tuple(row[0] for row in rows if row not in seen)
        counters = repr([row[:7] for row in seen]) + repr(rows[0][9] if rows else None)
        digest = hashlib.sha256(counters.encode()).hexdigest()[:16]
        return Version(digest, blind, datetime.now(UTC))

    def read_planning(self) -> dict[str, pl.DataFrame]:
        """The mapped planning tables, read whole (they are a few hundred rows)."""
        found = {}
        for table, name in self.tables.items():
            if table in FACTS:
                continue
            spec = TABLES[table]
            schema = spec.empty().schema
            columns = ", ".join(
                f'CAST("{c}" AS double precision)' if schema[c] == pl.Float64 else f'"{c}"'
                for c in spec.columns
            )
            rows = self.run(f"SELECT {columns} FROM {relation(name)}")
            found[table] = pl.DataFrame(rows, schema=schema, orient="row")
        return found

    def close(self) -> None:
        self.connection.close()


def connect(url: str, tables: dict[str, str], *, password: str | None) -> Warehouse:
    """Connect, read-only, and check every mapped table; a SourceError names what is wrong."""
    missing = [t for t in FACTS if t not in tables]
    if missing:
        raise SourceError(f"the warehouse maps no table for {', '.join(missing)}")
    try:
        conninfo = url if password is None else make_conninfo(url, password=password)
        connection = psycopg.connect(conninfo, autocommit=True, connect_timeout=10)
    except psycopg.Error as exc:
        # The driver's message can quote the URL; only its kind is safe to show.
        raise SourceError(f"cannot connect to the warehouse ({type(exc).__name__})") from None
    connection.read_only = True
    warehouse = Warehouse(connection, dict(tables))
    problems = [p for table, name in tables.items() for p in _problems(warehouse, table, name)]
    if problems:
        warehouse.close()
        raise SourceError("the warehouse tables do not match: " + "; ".join(problems))
    return warehouse


def _problems(warehouse: Warehouse, table: str, name: str) -> list[str]:
    schema, _, bare = name.rpartition(".")  # both checked against NAME by the config
    in_schema = f"'{schema}'" if schema else "current_schema()"
    found = dict(
        warehouse.run(
            "SELECT column_name, data_type FROM information_schema.columns "
            f"WHERE table_name = '{bare}' AND table_schema = {in_schema}"
        )
    )
    if not found:
        return [f"{table}: no table {name}"]
    wanted = TABLES[table].empty().schema
    problems = []
    for column, dtype in wanted.items():
        if column not in found:
            problems.append(f"{name} has no column {column}")
        elif found[column] not in TYPES[dtype.base_type()]:
            problems.append(
                f"{name}.{column} is {found[column]}, not a type that holds {dtype} "
                f"({' or '.join(TYPES[dtype.base_type()])})"
            )
    return problems


def upload(url: str, schema: str, frames: dict[str, pl.DataFrame], *, password: str | None) -> None:
    """Create `schema` with one table per canonical frame and copy the rows in.

    For a data owner's first load and for the tests and benchmarks; Tandem itself only
    reads a warehouse.
    """
    if not NAME.match(schema) or "." in schema:
        raise ValueError(f"{schema!r} is not a schema name")
    conninfo = url if password is None else make_conninfo(url, password=password)
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'.encode())
        for table, frame in frames.items():
            types = frame.schema
            columns = ", ".join(f'"{c}" {TYPES[t.base_type()][0]}' for c, t in types.items())
            target = f'"{schema}"."{table}"'
            connection.execute(f"CREATE TABLE {target} ({columns})".encode())
            names = ", ".join(f'"{c}"' for c in types)
            statement = f"COPY {target} ({names}) FROM STDIN WITH (FORMAT csv)".encode()
            with connection.cursor() as cursor, cursor.copy(statement) as copy:
                # CSV in slices: a null is an empty field, an empty text a quoted one.
                for offset in range(0, frame.height, 200_000):
                    part = frame.slice(offset, 200_000)
                    copy.write(part.write_csv(include_header=False, null_value="").encode())
            # Statistics, as a warehouse keeps them: without them PostgreSQL plans the
            # first orders' joins as nested loops (minutes instead of a second).
            connection.execute(f"ANALYZE {target}".encode())
