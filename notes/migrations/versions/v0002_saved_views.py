"""Saved views: a named link to a page and its filters, listed for everyone.

Revision ID: 0002_saved_views
Revises: 0001_notes
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_saved_views"
down_revision = "0001_notes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "saved_views",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("link", sa.Text(), nullable=False),
        sa.Column("author", sa.String(320), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_saved_views"),
    )


def downgrade() -> None:
    op.drop_table("saved_views")
