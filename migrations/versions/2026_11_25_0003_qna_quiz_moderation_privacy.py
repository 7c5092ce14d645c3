"""Q&A panel, quiz scoring and countdown, moderation, removed participants, anonymous rooms

Revision ID: 0003_qna_quiz_moderation
Revises: 0002_results_share
Create Date: 2026-11-25 01:27:54.321552
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_qna_quiz_moderation"
down_revision: str | None = "0002_results_share"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "hidden_entry",
        sa.Column("room_id", sa.String(length=32), nullable=False),
        sa.Column("question_id", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["question_id"], ["question.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["room_id"], ["room.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("room_id", "question_id", "key"),
    )
    op.create_table(
        "qna_question",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("room_id", sa.String(length=32), nullable=False),
        sa.Column("participant_id", sa.String(length=32), nullable=True),
        sa.Column("author_name", sa.String(length=40), nullable=True),
        sa.Column("text", sa.String(length=2000), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("answered", sa.Boolean(), nullable=False),
        sa.Column("upvotes", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["participant_id"], ["participant.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["room_id"], ["room.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("qna_question", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_qna_question_participant_id"), ["participant_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_qna_question_room_id"), ["room_id"], unique=False)

    op.create_table(
        "qna_upvote",
        sa.Column("qna_question_id", sa.String(length=32), nullable=False),
        sa.Column("participant_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["participant_id"], ["participant.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["qna_question_id"], ["qna_question.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("qna_question_id", "participant_id"),
    )
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.add_column(sa.Column("nickname", sa.String(length=40), nullable=True))
        batch_op.add_column(
            sa.Column("removed", sa.Boolean(), server_default=sa.text("false"), nullable=False)
        )

    with op.batch_alter_table("presentation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("settings", sa.JSON(), server_default=sa.text("'{}'"), nullable=False))

    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("status", sa.String(length=8), server_default="visible", nullable=False)
        )
        batch_op.add_column(sa.Column("score", sa.Integer(), nullable=True))
        batch_op.alter_column("participant_id", existing_type=sa.VARCHAR(length=32), nullable=True)

    with op.batch_alter_table("room", schema=None) as batch_op:
        batch_op.add_column(sa.Column("settings", sa.JSON(), server_default=sa.text("'{}'"), nullable=False))
        batch_op.add_column(sa.Column("voting_opened_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("countdown_ends_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    # Answers already anonymised have no participant to return to.
    op.execute("DELETE FROM response WHERE participant_id IS NULL")
    with op.batch_alter_table("room", schema=None) as batch_op:
        batch_op.drop_column("countdown_ends_at")
        batch_op.drop_column("voting_opened_at")
        batch_op.drop_column("settings")

    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.alter_column("participant_id", existing_type=sa.VARCHAR(length=32), nullable=False)
        batch_op.drop_column("score")
        batch_op.drop_column("status")

    with op.batch_alter_table("presentation", schema=None) as batch_op:
        batch_op.drop_column("settings")

    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.drop_column("removed")
        batch_op.drop_column("nickname")

    op.drop_table("qna_upvote")
    with op.batch_alter_table("qna_question", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_qna_question_room_id"))
        batch_op.drop_index(batch_op.f("ix_qna_question_participant_id"))

    op.drop_table("qna_question")
    op.drop_table("hidden_entry")
