"""The tables behind notes, decisions, actions and saved views (SQLAlchemy 2 models).

The schema changes only through a migration in notes/migrations/versions; a test checks
that these models and the migrations describe the same tables (docs/architecture.md,
"Notes and saved views").
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

KINDS = ("note", "decision", "action")
EMAIL_LENGTH = 320  # the longest address SMTP allows
LAUNCH_LENGTH = 200
OWNER_LENGTH = 200
VIEW_NAME_LENGTH = 200

# Named constraints, so a later migration can drop or alter them on every backend.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """A moment in UTC. SQLite keeps no time zone, so it stores the UTC wall time."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("a moment without a time zone cannot be stored as UTC")
        moment = value.astimezone(UTC)
        return moment.replace(tzinfo=None) if dialect.name == "sqlite" else moment

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class EntryRow(Base):
    """A note, a decision or an action, about one launch and a day or a range of days."""

    __tablename__ = "entries"
    __table_args__ = (
        CheckConstraint(f"kind IN ({', '.join(repr(kind) for kind in KINDS)})", name="kind"),
        CheckConstraint("end_date >= start_date", name="dates_in_order"),
        Index(None, "launch_id", "start_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    launch_id: Mapped[str] = mapped_column(String(LAUNCH_LENGTH))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    owner: Mapped[str | None] = mapped_column(String(OWNER_LENGTH))  # actions only
    due_date: Mapped[date | None] = mapped_column(Date)  # actions only
    done: Mapped[bool] = mapped_column(default=False)
    author: Mapped[str] = mapped_column(String(EMAIL_LENGTH))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revision: Mapped[int] = mapped_column(default=1)  # 1, then one more per edit
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # kept, never deleted


class EntryHistoryRow(Base):
    """An entry as it was before an edit or a removal: nothing anyone wrote is lost."""

    __tablename__ = "entry_history"
    # One earlier version per revision: two edits racing cannot both claim the same one.
    __table_args__ = (UniqueConstraint("entry_id", "revision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id"))
    revision: Mapped[int]
    change: Mapped[str] = mapped_column(String(16))  # "edited" or "removed"
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    changed_by: Mapped[str] = mapped_column(String(EMAIL_LENGTH))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    owner: Mapped[str | None] = mapped_column(String(OWNER_LENGTH))
    due_date: Mapped[date | None] = mapped_column(Date)
    done: Mapped[bool]


class SavedViewRow(Base):
    """A named link to a view (page and filters), listed for everyone."""

    __tablename__ = "saved_views"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(VIEW_NAME_LENGTH))
    link: Mapped[str] = mapped_column(Text)  # a same-site path and query: /funnel?launch=…
    author: Mapped[str] = mapped_column(String(EMAIL_LENGTH))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
