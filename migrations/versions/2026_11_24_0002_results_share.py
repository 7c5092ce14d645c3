"""results share: a room's results published at a read-only URL

Revision ID: 0002_results_share
Revises: 0001_initial
Create Date: 2026-11-24 23:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_results_share"
down_revision: str | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "results_share",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("room_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["room_id"], ["room.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    with op.batch_alter_table("results_share", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_results_share_room_id"), ["room_id"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("results_share", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_results_share_room_id"))

    op.drop_table("results_share")
