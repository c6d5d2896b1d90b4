"""The earlier versions of notes, decisions and actions: nothing anyone wrote is lost
(docs/architecture.md, "Notes and saved views")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from notes.authors import author_key
from notes.database import Database
from notes.models import EntryHistoryRow, EntryRow


@dataclass(frozen=True)
class Version:
    """An entry as it was before an edit or a removal."""

    revision: int
    change: str  # "edited" or "removed": what replaced this version
    changed_at: datetime
    changed_by: str
    start: date
    end: date
    text: str
    owner: str | None
    due: date | None
    done: bool


def history(database: Database, entry_id: int) -> list[Version]:
    """The earlier versions of an entry, oldest first (the entry itself is the newest)."""
    return histories(database, [entry_id])[entry_id]


def histories(database: Database, entry_ids: Sequence[int]) -> dict[int, list[Version]]:
    """The earlier versions of each entry, oldest first, in one query (a page's whole log)."""
    found: dict[int, list[Version]] = {entry_id: [] for entry_id in entry_ids}
    if not found:
        return found
    query = (
        select(EntryHistoryRow)
        .where(EntryHistoryRow.entry_id.in_(found))
        .order_by(EntryHistoryRow.entry_id, EntryHistoryRow.revision)
    )
    with database.reading() as session:
        for row in session.scalars(query):
            found[row.entry_id].append(
                Version(
                    revision=row.revision,
                    change=row.change,
                    changed_at=row.changed_at,
                    changed_by=row.changed_by,
                    start=row.start_date,
                    end=row.end_date,
                    text=row.text,
                    owner=row.owner,
                    due=row.due_date,
                    done=row.done,
                )
            )
    return found


def keep_earlier(session: Session, row: EntryRow, change: str, author: str) -> None:
    """Copy the entry as it is into the history, before it is edited or removed."""
    now = datetime.now(UTC)
    session.add(
        EntryHistoryRow(
            entry_id=row.id,
            revision=row.revision,
            change=change,
            changed_at=now,
            changed_by=author_key(author),
            start_date=row.start_date,
            end_date=row.end_date,
            text=row.text,
            owner=row.owner,
            due_date=row.due_date,
            done=row.done,
        )
    )
    row.revision += 1
    row.updated_at = now
