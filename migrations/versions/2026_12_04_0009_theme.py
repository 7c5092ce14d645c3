"""theme: a presentation's colours and font, and each organiser's default theme.

Revision ID: 0009_theme
Revises: 0008_media
Create Date: 2026-12-04 11:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_theme"
down_revision: str | None = "0008_media"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("presentation", sa.Column("theme", sa.JSON(), nullable=True))
    op.create_table(
        "organiser_theme",
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("theme", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id"),
    )


def downgrade() -> None:
    op.drop_table("organiser_theme")
    with op.batch_alter_table("presentation") as batch:
        batch.drop_column("theme")
