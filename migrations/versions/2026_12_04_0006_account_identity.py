"""account_identity: an account's subject at an OpenID provider (single sign-on), unique per
issuer; user.password_hash becomes nullable for accounts that sign in through the provider only.

Revision ID: 0006_account_identity
Revises: 0005_participant_join_source
Create Date: 2026-12-04 08:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_account_identity"
down_revision: str | None = "0005_participant_join_source"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "account_identity",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("issuer", sa.String(length=255), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("issuer", "subject", name="uq_account_identity_issuer_subject"),
    )
    op.create_index("ix_account_identity_user_id", "account_identity", ["user_id"], unique=False)
    with op.batch_alter_table("user") as batch:
        batch.alter_column("password_hash", existing_type=sa.String(length=255), nullable=True)


def downgrade() -> None:
    # Accounts without a password keep a hash no password matches (an invalid argon2 string).
    op.execute(sa.text("UPDATE \"user\" SET password_hash = '!' WHERE password_hash IS NULL"))
    with op.batch_alter_table("user") as batch:
        batch.alter_column("password_hash", existing_type=sa.String(length=255), nullable=False)
    op.drop_index("ix_account_identity_user_id", table_name="account_identity")
    op.drop_table("account_identity")
