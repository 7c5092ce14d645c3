"""Drop ix_response_participant_id: uq_response_once (participant_id, question_id, slot) leads with
the same column, so it serves every lookup by participant; the extra index only cost each vote
one more randomly placed page write (bench/README.md).

Revision ID: 0004_drop_response_pid_ix
Revises: 0003_qna_quiz_moderation
Create Date: 2026-11-25 05:10:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004_drop_response_pid_ix"
down_revision: str | None = "0003_qna_quiz_moderation"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_response_participant_id", table_name="response")


def downgrade() -> None:
    op.create_index("ix_response_participant_id", "response", ["participant_id"], unique=False)
