"""Saved views: a named link to a page and its filters, listed for everyone, renamed or
removed by their author (docs/architecture.md, "Notes and saved views").

A link is kept as a same-site path and query ("/funnel?launch=Glow+Serum"), never a full
address: opening a saved view can only lead to a page of this Tandem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlencode, urlsplit

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from notes.authors import author_key, check_author
from notes.database import Database
from notes.errors import Invalid, NotFound
from notes.models import VIEW_NAME_LENGTH, SavedViewRow

MAX_LINK = 4000
_SAFE_PATH = re.compile(r"/[A-Za-z0-9_./-]*")


@dataclass(frozen=True)
class SavedView:
    id: int
    name: str
    link: str  # path and query, e.g. /funnel?launch=Glow+Serum
    author: str
    created_at: datetime
    updated_at: datetime | None

    @property
    def path(self) -> str:
        return urlsplit(self.link).path

    @property
    def query(self) -> list[tuple[str, str]]:
        return parse_qsl(urlsplit(self.link).query, keep_blank_values=True)


def same_site_link(link: str) -> str:
    """The link as a same-site path with a re-encoded query, or Invalid."""
    parts = urlsplit(link.strip())
    if (
        parts.scheme
        or parts.netloc
        or not _SAFE_PATH.fullmatch(parts.path)
        or parts.path.startswith("//")
        or len(link) > MAX_LINK
    ):
        raise Invalid(["a saved view is a link to a page of this Tandem"])
    query = urlencode(parse_qsl(parts.query, keep_blank_values=True))
    return parts.path + (f"?{query}" if query else "")


def _name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise Invalid(["give the view a name"])
    if len(cleaned) > VIEW_NAME_LENGTH:
        raise Invalid([f"keep the name under {VIEW_NAME_LENGTH} characters"])
    return cleaned


def save_view(database: Database, name: str, link: str, *, author: str) -> SavedView:
    row = SavedViewRow(
        name=_name(name),
        link=same_site_link(link),
        author=author_key(author),
        created_at=datetime.now(UTC),
    )
    with database.writing() as session:
        session.add(row)
        session.flush()
        return _view(row)


def saved_views(database: Database) -> list[SavedView]:
    """Every saved view not removed, by name."""
    query = (
        select(SavedViewRow)
        .where(SavedViewRow.removed_at.is_(None))
        .order_by(func.lower(SavedViewRow.name), SavedViewRow.id)
    )
    with database.reading() as session:
        return [_view(row) for row in session.scalars(query)]


def rename_view(database: Database, view_id: int, name: str, *, author: str) -> SavedView:
    new_name = _name(name)
    with database.writing() as session:
        row = _own_row(session, view_id, author)
        row.name, row.updated_at = new_name, datetime.now(UTC)
        session.flush()
        return _view(row)


def remove_view(database: Database, view_id: int, *, author: str) -> None:
    """Take a view off the list (its row stays, like a removed note)."""
    with database.writing() as session:
        row = _own_row(session, view_id, author)
        row.removed_at = row.updated_at = datetime.now(UTC)


def _own_row(session: Session, view_id: int, author: str) -> SavedViewRow:
    row = session.scalars(
        select(SavedViewRow).where(SavedViewRow.id == view_id).with_for_update()
    ).one_or_none()
    if row is None or row.removed_at is not None:
        raise NotFound(f"saved view {view_id} is not there any more")
    check_author(row.author, author, "saved view")
    return row


def _view(row: SavedViewRow) -> SavedView:
    return SavedView(
        id=row.id,
        name=row.name,
        link=row.link,
        author=row.author,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )
