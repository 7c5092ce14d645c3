"""account admin: instance administrators, disabled accounts, the registration policy kept in the
database, and audit entries that belong to the instance rather than to one workspace.

Revision ID: 0013_account_admin
Revises: 0012_room_grant
Create Date: 2026-12-04 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_account_admin"
down_revision: str | None = "0012_room_grant"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN: a batch copy of "user" would drop the table its rows cascade from.
    op.add_column("user", sa.Column("role", sa.String(length=12), nullable=False, server_default="organiser"))
    op.add_column("user", sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True))
    # An administrator's action concerns no one workspace: its entry has none.
    with op.batch_alter_table("audit_entry") as batch:
        batch.alter_column("workspace_id", existing_type=sa.String(length=32), nullable=True)
    op.create_index("ix_audit_entry_created_at", "audit_entry", ["created_at"], unique=False)
    op.create_table(
        "instance_setting",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )


def downgrade() -> None:
    op.drop_table("instance_setting")
    op.drop_index("ix_audit_entry_created_at", table_name="audit_entry")
    op.execute("DELETE FROM audit_entry WHERE workspace_id IS NULL")
    with op.batch_alter_table("audit_entry") as batch:
        batch.alter_column("workspace_id", existing_type=sa.String(length=32), nullable=False)
    op.drop_column("user", "disabled_at")  # SQLite 3.35+ drops a column in place
    op.drop_column("user", "role")
