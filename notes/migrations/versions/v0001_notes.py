"""Notes, decisions and actions per launch, and the history of their earlier versions.

Revision ID: 0001_notes
Revises:
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_notes"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("launch_id", sa.String(200), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(200), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("author", sa.String(320), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_entries"),
        sa.CheckConstraint("kind IN ('note', 'decision', 'action')", name="ck_entries_kind"),
        sa.CheckConstraint("end_date >= start_date", name="ck_entries_dates_in_order"),
    )
    op.create_index("ix_entries_launch_id_start_date", "entries", ["launch_id", "start_date"])
    op.create_table(
        "entry_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("change", sa.String(16), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sa.String(320), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(200), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_entry_history"),
        sa.ForeignKeyConstraint(
            ["entry_id"], ["entries.id"], name="fk_entry_history_entry_id_entries"
        ),
        sa.UniqueConstraint("entry_id", "revision", name="uq_entry_history_entry_id_revision"),
    )


def downgrade() -> None:
    op.drop_table("entry_history")
    op.drop_index("ix_entries_launch_id_start_date", table_name="entries")
    op.drop_table("entries")
