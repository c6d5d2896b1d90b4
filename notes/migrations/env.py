"""Alembic's environment for the notes schema (docs/architecture.md, "Notes and saved views").

The app passes its own open connection (notes.migrate), already inside the transaction
that holds the migration lock. From the command line (`alembic -c notes/alembic.ini …`,
e.g. to write the next revision) the URL in notes/alembic.ini is opened instead.
"""

from alembic import context
from notes.database import open_database
from notes.models import Base
from sqlalchemy import Connection


def run(connection: Connection) -> None:
    # Batch mode: SQLite alters a table by copying it, so later migrations work on both.
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


given = context.config.attributes.get("connection")
if given is not None:
    run(given)
else:
    url = context.config.get_main_option("sqlalchemy.url")
    assert url, "notes/alembic.ini names no sqlalchemy.url"
    with open_database(url).writer.begin() as opened:
        run(opened)
