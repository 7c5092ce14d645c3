"""participant.join_source: a keyed hash of the address a participant joined from (never the
address itself), so a presenter can remove a burst of joins from one address in one action
(docs/security.md, "Vote stuffing"). Deleted with the participant by the retention purge.

Revision ID: 0005_participant_join_source
Revises: 0004_drop_response_pid_ix
Create Date: 2026-12-04 03:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_participant_join_source"
down_revision: str | None = "0004_drop_response_pid_ix"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("participant") as batch:
        batch.add_column(sa.Column("join_source", sa.String(length=16), nullable=True))
    op.create_index("ix_participant_room_source", "participant", ["room_id", "join_source"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_participant_room_source", table_name="participant")
    with op.batch_alter_table("participant") as batch:
        batch.drop_column("join_source")
