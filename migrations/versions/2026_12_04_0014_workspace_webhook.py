"""workspace webhook: a webhook endpoint belongs to a workspace; each existing endpoint moves to its
owner's personal workspace (made for an owner who has none yet).

Revision ID: 0014_workspace_webhook
Revises: 0013_account_admin
Create Date: 2026-12-04 20:30:00
"""

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0014_workspace_webhook"
down_revision: str | None = "0013_account_admin"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("webhook_endpoint") as batch:
        batch.add_column(sa.Column("workspace_id", sa.String(length=32), nullable=True))
        batch.create_index("ix_webhook_endpoint_workspace_id", ["workspace_id"], unique=False)
        batch.create_foreign_key(
            "fk_webhook_endpoint_workspace_id", "workspace", ["workspace_id"], ["id"], ondelete="CASCADE"
        )
    _endpoints_to_personal_workspaces()


def _endpoints_to_personal_workspaces() -> None:
    conn = op.get_bind()
    owners = conn.execute(sa.text("SELECT DISTINCT owner_id FROM webhook_endpoint")).scalars().all()
    for owner_id in owners:
        workspace_id = conn.execute(
            sa.text(
                "SELECT w.id FROM workspace w JOIN membership m ON m.workspace_id = w.id "
                "WHERE m.user_id = :u AND w.personal = :t ORDER BY w.created_at, w.id"
            ),
            {"u": owner_id, "t": True},
        ).scalar()
        if workspace_id is None:  # an account made after 0010 that never needed one yet
            workspace_id = _personal_workspace(conn, owner_id)
        conn.execute(
            sa.text("UPDATE webhook_endpoint SET workspace_id = :w WHERE owner_id = :u"),
            {"w": workspace_id, "u": owner_id},
        )


def _personal_workspace(conn: sa.Connection, user_id: str) -> str:
    name = conn.execute(sa.text('SELECT display_name FROM "user" WHERE id = :u'), {"u": user_id}).scalar()
    workspace_id = uuid.uuid4().hex
    now = datetime.now(UTC)
    conn.execute(
        sa.text("INSERT INTO workspace (id, name, personal, created_at) VALUES (:i, :n, :t, :c)"),
        {"i": workspace_id, "n": str(name or "")[:100], "t": True, "c": now},
    )
    conn.execute(
        sa.text(
            "INSERT INTO membership (workspace_id, user_id, role, created_at) VALUES (:w, :u, 'owner', :c)"
        ),
        {"w": workspace_id, "u": user_id, "c": now},
    )
    return workspace_id


def downgrade() -> None:
    with op.batch_alter_table("webhook_endpoint") as batch:
        batch.drop_constraint("fk_webhook_endpoint_workspace_id", type_="foreignkey")
        batch.drop_index("ix_webhook_endpoint_workspace_id")
        batch.drop_column("workspace_id")
