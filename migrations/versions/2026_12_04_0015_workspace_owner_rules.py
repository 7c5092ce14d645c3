"""workspace owner rules: a personal workspace names its account (`personal_owner_id`, unique), so
two first requests of a new account cannot each make one. An account that already has two keeps
the older as personal; the other becomes an ordinary workspace, with everything in it.

Revision ID: 0015_workspace_owner_rules
Revises: 0014_workspace_webhook
Create Date: 2026-12-04 21:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015_workspace_owner_rules"
down_revision: str | None = "0014_workspace_webhook"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("workspace") as batch:
        batch.add_column(sa.Column("personal_owner_id", sa.String(length=32), nullable=True))
    conn = op.get_bind()
    rows = conn.execute(
        sa.text(
            "SELECT w.id, m.user_id FROM workspace w JOIN membership m ON m.workspace_id = w.id"
            " WHERE w.personal AND m.role = 'owner' ORDER BY w.created_at, w.id, m.created_at"
        )
    ).all()
    # The first owner of each (a personal workspace can have invited owners too), once per account.
    named: set[str] = set()
    for workspace_id, user_id in rows:
        if user_id in named or workspace_id in named:
            continue
        named.update((user_id, workspace_id))
        conn.execute(
            sa.text(
                "UPDATE workspace SET personal_owner_id = :u WHERE id = :w AND personal_owner_id IS NULL"
            ),
            {"u": user_id, "w": workspace_id},
        )
    conn.execute(
        sa.text("UPDATE workspace SET personal = :f WHERE personal AND personal_owner_id IS NULL"),
        {"f": False},
    )
    with op.batch_alter_table("workspace") as batch:
        batch.create_index("ix_workspace_personal_owner_id", ["personal_owner_id"], unique=True)
        batch.create_foreign_key(
            "fk_workspace_personal_owner_id", "user", ["personal_owner_id"], ["id"], ondelete="SET NULL"
        )


def downgrade() -> None:
    with op.batch_alter_table("workspace") as batch:
        batch.drop_constraint("fk_workspace_personal_owner_id", type_="foreignkey")
        batch.drop_index("ix_workspace_personal_owner_id")
        batch.drop_column("personal_owner_id")
