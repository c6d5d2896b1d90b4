"""Notes, decisions and actions: add, edit and remove (author only), and list them.

Nothing is deleted outright (docs/architecture.md, "Notes and saved views"): an edit or a
removal first copies the entry as it was into the history, in the same transaction, with
the entry's row locked, so two edits of one note cannot lose either earlier text.
Callers get frozen values, never database rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from notes.authors import author_key, check_author
from notes.database import Database
from notes.drafts import Draft
from notes.errors import Invalid, NotFound
from notes.history import keep_earlier
from notes.models import EntryRow


@dataclass(frozen=True)
class Entry:
    id: int
    kind: str
    launch_id: str
    start: date
    end: date
    text: str
    owner: str | None
    due: date | None
    done: bool
    author: str
    created_at: datetime
    updated_at: datetime | None
    revision: int  # 1 as first written; each edit or removal adds one
    removed_at: datetime | None

    @property
    def edited(self) -> bool:
        return self.revision > 1 and self.removed_at is None

    def overdue(self, today: date) -> bool:
        return self.kind == "action" and not self.done and self.due is not None and self.due < today

    def draft(self) -> Draft:
        """This entry as a draft, to edit with dataclasses.replace."""
        return Draft(
            kind=self.kind,
            launch_id=self.launch_id,
            start=self.start,
            end=self.end,
            text=self.text,
            owner=self.owner,
            due=self.due,
            done=self.done,
        )


def add(database: Database, draft: Draft, *, author: str) -> Entry:
    """Keep a new entry; returned once committed (it survives a crash from then on)."""
    cleaned = _valid(draft)
    row = EntryRow(
        kind=cleaned.kind,
        launch_id=cleaned.launch_id,
        author=author_key(author),
        created_at=datetime.now(UTC),
        revision=1,
    )
    _write(row, cleaned)
    with database.writing() as session:
        session.add(row)
        session.flush()
        return _entry(row)


def edit(database: Database, entry_id: int, draft: Draft, *, author: str) -> Entry:
    """The author's new version; the earlier one goes to the history. Kind and launch stay."""
    cleaned = _valid(draft)
    with database.writing() as session:
        row = _own_row(session, entry_id, author)
        if (cleaned.kind, cleaned.launch_id) != (row.kind, row.launch_id):
            raise Invalid(["a note keeps its kind and launch: remove it and add a new one"])
        if cleaned == _entry(row).draft():
            return _entry(row)  # nothing changed: no new version
        keep_earlier(session, row, "edited", author)
        _write(row, cleaned)
        session.flush()
        return _entry(row)


def mark_done(database: Database, entry_id: int, done: bool, *, author: str) -> Entry:
    return edit(
        database, entry_id, replace(get(database, entry_id).draft(), done=done), author=author
    )


def remove(database: Database, entry_id: int, *, author: str) -> Entry:
    """Take an entry off the lists; the entry and its history stay in the database."""
    with database.writing() as session:
        row = _own_row(session, entry_id, author)
        keep_earlier(session, row, "removed", author)
        row.removed_at = row.updated_at
        session.flush()
        return _entry(row)


def get(database: Database, entry_id: int) -> Entry:
    with database.reading() as session:
        row = session.get(EntryRow, entry_id)
        if row is None:
            raise NotFound(f"there is no note {entry_id}")
        return _entry(row)


def entries(
    database: Database,
    *,
    launches: Sequence[str] = (),
    start: date | None = None,
    end: date | None = None,
    kinds: Sequence[str] = (),
    include_removed: bool = False,
) -> list[Entry]:
    """Entries of these launches (all when empty) whose dates overlap start..end, by date."""
    query = select(EntryRow)
    if not include_removed:
        query = query.where(EntryRow.removed_at.is_(None))
    if launches:
        query = query.where(EntryRow.launch_id.in_(launches))
    if start is not None:
        query = query.where(EntryRow.end_date >= start)
    if end is not None:
        query = query.where(EntryRow.start_date <= end)
    if kinds:
        query = query.where(EntryRow.kind.in_(kinds))
    with database.reading() as session:
        rows = session.scalars(query.order_by(EntryRow.start_date, EntryRow.id))
        return [_entry(row) for row in rows]


def open_actions(database: Database, *, launches: Sequence[str] = ()) -> list[Entry]:
    """Actions not done (whatever their dates), soonest due first; `Entry.overdue` says which
    are late."""
    query = select(EntryRow).where(
        EntryRow.kind == "action", EntryRow.done.is_(False), EntryRow.removed_at.is_(None)
    )
    if launches:
        query = query.where(EntryRow.launch_id.in_(launches))
    with database.reading() as session:
        rows = session.scalars(query.order_by(EntryRow.due_date, EntryRow.id))
        return [_entry(row) for row in rows]


def _valid(draft: Draft) -> Draft:
    problems = draft.problems()
    if problems:
        raise Invalid(problems)
    return draft.cleaned()


def _write(row: EntryRow, cleaned: Draft) -> None:
    row.start_date, row.end_date = cleaned.start, cleaned.end or cleaned.start
    row.text, row.owner, row.due_date, row.done = (
        cleaned.text,
        cleaned.owner,
        cleaned.due,
        cleaned.done,
    )


def _own_row(session: Session, entry_id: int, author: str) -> EntryRow:
    """The entry's row, locked until the transaction ends, if `author` may change it."""
    row = session.scalars(
        select(EntryRow).where(EntryRow.id == entry_id).with_for_update()
    ).one_or_none()
    if row is None or row.removed_at is not None:
        raise NotFound(f"note {entry_id} is not there any more")
    check_author(row.author, author, row.kind)
    return row


def _entry(row: EntryRow) -> Entry:
    return Entry(
        id=row.id,
        kind=row.kind,
        launch_id=row.launch_id,
        start=row.start_date,
        end=row.end_date,
        text=row.text,
        owner=row.owner,
        due=row.due_date,
        done=row.done,
        author=row.author,
        created_at=row.created_at,
        updated_at=row.updated_at,
        revision=row.revision,
        removed_at=row.removed_at,
    )
