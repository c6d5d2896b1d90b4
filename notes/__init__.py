"""What people write beside the numbers: notes, decisions, actions and saved views, kept in
a database (SQLite by default, PostgreSQL when configured). Pure Python: no streamlit, no
KPI engine, no sources (docs/architecture.md, "Notes and saved views").

    database = notes.connect(url)          # opens, creates or upgrades the schema
    notes.add(database, notes.Draft("note", "glow-serum", date(2025, 3, 3),
              text="Influencer post slipped a week"), author="ana@example.com")
    notes.entries(database, launches=["glow-serum"], start=..., end=...)   # overlapping
    notes.open_actions(database, launches=["glow-serum"])                  # not done
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError

from notes import migrate
from notes.authors import UNSIGNED
from notes.database import (
    DEFAULT_SQLITE_FILE,
    UNREACHABLE,
    Database,
    configured_url,
    open_database,
    sqlite_url,
)
from notes.drafts import MAX_TEXT, Draft
from notes.entries import Entry, add, edit, entries, get, mark_done, open_actions, remove
from notes.errors import Invalid, NotAuthor, NotesError, NotesUnavailable, NotFound
from notes.history import Version, histories, history
from notes.models import KINDS
from notes.views import (
    SavedView,
    remove_view,
    rename_view,
    same_site_link,
    save_view,
    saved_views,
)

__all__ = [
    "DEFAULT_SQLITE_FILE",
    "KINDS",
    "MAX_TEXT",
    "UNSIGNED",
    "Database",
    "Draft",
    "Entry",
    "Invalid",
    "NotAuthor",
    "NotFound",
    "NotesError",
    "NotesUnavailable",
    "SavedView",
    "Version",
    "add",
    "configured_url",
    "connect",
    "edit",
    "entries",
    "get",
    "histories",
    "history",
    "mark_done",
    "open_actions",
    "remove",
    "remove_view",
    "rename_view",
    "same_site_link",
    "save_view",
    "saved_views",
    "sqlite_url",
]


def connect(url: str | None = None) -> Database:
    """The notes database at `url` (default: the SQLite file under .tandem/), created or
    upgraded to the newest schema. Raises NotesUnavailable when it cannot be reached."""
    database = open_database(url or sqlite_url(DEFAULT_SQLITE_FILE))
    try:
        migrate.upgrade(database)
    except (*UNREACHABLE, DBAPIError) as exc:  # also a file that is not a database
        database.close()
        raise database.unavailable() from exc
    except BaseException:
        database.close()
        raise
    return database
