"""The schema's versions: a new database is created at the newest, an older one is upgraded
with its notes intact, and the models describe exactly what the migrations build. Runs on
SQLite and on PostgreSQL (conftest)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

import notes
from notes import migrate
from notes.models import Base

ANA = "ana@maisonlumiere.example"


def test_a_new_database_is_created_at_the_newest_version(database_url: str) -> None:
    database = notes.connect(database_url)
    assert migrate.current(database) == migrate.head() == "0002_saved_views"
    tables = set(inspect(database.engine).get_table_names())
    assert {"entries", "entry_history", "saved_views", "alembic_version"} <= tables
    database.close()
    again = notes.connect(database_url)  # opening it again changes nothing
    assert migrate.current(again) == "0002_saved_views"
    again.close()


def test_the_models_match_what_the_migrations_build(database: notes.Database) -> None:
    with database.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_a_database_of_the_first_version_is_upgraded_with_its_notes(database_url: str) -> None:
    old = notes.open_database(database_url)
    migrate.upgrade(old, "0001_notes")
    assert migrate.current(old) == "0001_notes"
    assert "saved_views" not in inspect(old.engine).get_table_names()
    # Written as the first version stored them: a note that had been edited once.
    with old.writer.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO entries (kind, launch_id, start_date, end_date, text, owner,"
                " due_date, done, author, created_at, revision, updated_at, removed_at)"
                " VALUES ('action', 'GLOW-SERUM', :start, :start, 'Call back the salon"
                " leads', 'Sales', :due, :no, :ana, :at, 2, :at, NULL)"
            ),
            {"start": date(2025, 3, 3), "due": date(2025, 3, 7), "no": False, "ana": ANA,
             "at": "2025-03-03 09:00:00"},
        )  # fmt: skip
        entry_id = connection.execute(text("SELECT id FROM entries")).scalar_one()
        connection.execute(
            text(
                "INSERT INTO entry_history (entry_id, revision, change, changed_at, changed_by,"
                " start_date, end_date, text, owner, due_date, done) VALUES (:id, 1, 'edited',"
                " :at, :ana, :start, :start, 'Call back the leads', 'Sales', :due, :no)"
            ),
            {"id": entry_id, "start": date(2025, 3, 3), "due": date(2025, 3, 7), "no": False,
             "ana": ANA, "at": "2025-03-03 08:00:00"},
        )  # fmt: skip
    old.close()

    database = notes.connect(database_url)  # what the app does when it starts
    assert migrate.current(database) == "0002_saved_views"
    (action,) = notes.open_actions(database, launches=["GLOW-SERUM"])
    assert (action.text, action.owner, action.due, action.revision) == (
        "Call back the salon leads",
        "Sales",
        date(2025, 3, 7),
        2,
    )
    assert [v.text for v in notes.history(database, entry_id)] == ["Call back the leads"]
    done = notes.edit(database, entry_id, replace(action.draft(), done=True), author=ANA)
    assert done.revision == 3
    assert [v.revision for v in notes.history(database, entry_id)] == [1, 2]
    # The new version's feature works on the upgraded database, and new ids follow old ones.
    notes.save_view(database, "Weekly", "/?launch=Glow+Serum", author=ANA)
    assert [v.name for v in notes.saved_views(database)] == ["Weekly"]
    later = notes.add(
        database, notes.Draft("note", "GLOW-SERUM", date(2025, 3, 4), text="next"), author=ANA
    )
    assert later.id > entry_id
    database.close()


def test_downgrading_to_the_first_version_keeps_the_notes(database: notes.Database) -> None:
    added = notes.add(
        database, notes.Draft("decision", "GLOW-SERUM", date(2025, 3, 3), text="go"), author=ANA
    )
    notes.save_view(database, "Weekly", "/", author=ANA)
    migrate.downgrade(database, "0001_notes")
    assert migrate.current(database) == "0001_notes"
    assert "saved_views" not in inspect(database.engine).get_table_names()
    assert notes.entries(database) == [added]
    migrate.upgrade(database)
    assert notes.saved_views(database) == []
