"""The schema's versions, applied with Alembic from notes/migrations.

The app upgrades the database to the newest version when it opens it, in one transaction
(docs/architecture.md, "Notes and saved views"): on SQLite that transaction holds the
write lock, on PostgreSQL an advisory lock, so servers starting together migrate once.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text

from notes.database import Database

MIGRATIONS = Path(__file__).with_name("migrations")
MIGRATION_LOCK = 7_424_301  # any fixed number: the key of PostgreSQL's advisory lock


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head() -> str:
    revision = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert revision is not None, "notes/migrations has no revision"
    return revision


def current(database: Database) -> str | None:
    with database.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(database: Database, revision: str = "head") -> None:
    with database.writer.begin() as connection:
        _one_at_a_time(connection)
        command.upgrade(alembic_config(connection), revision)


def downgrade(database: Database, revision: str) -> None:
    with database.writer.begin() as connection:
        _one_at_a_time(connection)
        command.downgrade(alembic_config(connection), revision)


def _one_at_a_time(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
