"""Where notes are kept: an SQLite file by default, PostgreSQL when configured.

See docs/architecture.md, "Notes and saved views". SQLite needs nothing installed, so
`make run` works out of the box; it runs in WAL mode (readers never wait for the writer),
with synchronous=FULL (a commit is on disk before it is confirmed), a busy timeout (a
writer waits its turn instead of failing) and write transactions that take the write lock
up front (BEGIN IMMEDIATE), so twenty sessions writing at once queue rather than collide.
PostgreSQL goes through psycopg 3 with a short connect timeout, so an unreachable server
makes notes read-only within seconds instead of hanging the page.

The URL may hold a password: it is never put in a message or a log. What a page may say
about the database is `Database.where`.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError, InterfaceError, OperationalError
from sqlalchemy.orm import Session

from notes.errors import NotesError, NotesUnavailable

DEFAULT_SQLITE_FILE = Path(".tandem/notes.db")
SQLITE_FILE_ENV = "TANDEM_NOTES_DB"  # another SQLite file (tests, a second instance)
SQLITE_BUSY_SECONDS = 15
CONNECT_TIMEOUT_SECONDS = 3
_WRITE = "tandem_write"  # execution option: this transaction will write
UNREACHABLE = (OperationalError, InterfaceError, OSError)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def configured_url(section: Mapping[str, Any] | None) -> str:
    """The `url` of the secrets' [database] section when set, else the SQLite file."""
    url = (section or {}).get("url")
    if isinstance(url, str) and url.strip():
        return url.strip()
    return sqlite_url(Path(os.environ.get(SQLITE_FILE_ENV) or DEFAULT_SQLITE_FILE))


def parse_url(url: str) -> URL:
    """The URL with Tandem's driver for its backend; only SQLite and PostgreSQL are kept."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise NotesError("[database] url in the secrets is not a database URL") from None
    backend = parsed.get_backend_name()
    if backend in ("postgresql", "postgres"):
        return parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        return parsed.set(drivername="sqlite+pysqlite")
    raise NotesError(f"Notes are kept in SQLite or PostgreSQL, not “{backend}”")


def describe(url: URL) -> str:
    """The database in words a page may show: never the user name or the password."""
    if url.get_backend_name() == "sqlite":
        return f"SQLite file {url.database or '(in memory)'}"
    port = f":{url.port}" if url.port else ""
    return f"PostgreSQL database {url.database or ''} on {url.host or 'localhost'}{port}"


@dataclass(frozen=True)
class Database:
    """An open notes database: read in one transaction, write in another."""

    engine: Engine
    writer: Engine  # the same pool; its transactions take SQLite's write lock up front
    where: str

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self._transaction(self.engine) as session:
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A write transaction: confirmed (committed, on disk) when the block ends."""
        with self._transaction(self.writer) as session:
            yield session

    @contextmanager
    def _transaction(self, engine: Engine) -> Iterator[Session]:
        try:
            with Session(engine, expire_on_commit=False) as session, session.begin():
                yield session
        except UNREACHABLE as exc:
            raise self.unavailable() from exc

    def unavailable(self) -> NotesUnavailable:
        return NotesUnavailable(f"the notes database ({self.where}) cannot be reached right now")

    def close(self) -> None:
        self.engine.dispose()


def open_database(url: str) -> Database:
    """The database at `url`, without touching it yet (see notes.connect to open and migrate)."""
    parsed = parse_url(url)
    engine = _sqlite_engine(parsed) if parsed.get_backend_name() == "sqlite" else _pg_engine(parsed)
    return Database(engine, engine.execution_options(**{_WRITE: True}), describe(parsed))


def _pg_engine(url: URL) -> Engine:
    return create_engine(
        url,
        pool_pre_ping=True,  # a restarted server's dead connections are replaced, not raised
        hide_parameters=True,  # what people wrote stays out of error messages and logs
        connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS},
    )


def _sqlite_engine(url: URL) -> Engine:
    if url.database and url.database != ":memory:":
        try:
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise NotesUnavailable(
                f"the notes database ({describe(url)}) cannot be created"
            ) from exc
    engine = create_engine(url, hide_parameters=True, connect_args={"timeout": SQLITE_BUSY_SECONDS})
    event.listen(engine, "connect", _sqlite_connected)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connected(connection: sqlite3.Connection, _record: Any) -> None:
    # SQLAlchemy's "begin" event says when a transaction starts (see _sqlite_begin);
    # pysqlite's own implicit BEGIN would start it late, after the first read.
    connection.isolation_level = None
    cursor = connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_SECONDS * 1000}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    # A write takes the lock at BEGIN: a read-then-write transaction started as a reader
    # could not upgrade once another writer committed, and would fail instead of waiting.
    writes = connection.get_execution_options().get(_WRITE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")
