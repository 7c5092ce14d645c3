"""workspace: teams of organisers with roles, invitations and an audit log. Every existing account
gets a personal workspace where it is the owner, holding its presentations: nothing changes for
today's users (presentation.owner_id stays).

Revision ID: 0010_workspace
Revises: 0009_theme
Create Date: 2026-12-04 11:00:00
"""

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0010_workspace"
down_revision: str | None = "0009_theme"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "workspace",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("personal", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "membership",
        sa.Column("workspace_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("role", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspace.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("workspace_id", "user_id"),
    )
    op.create_index("ix_membership_user_id", "membership", ["user_id"], unique=False)
    op.create_table(
        "invitation",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("workspace_id", sa.String(length=32), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("role", sa.String(length=12), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("invited_by", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("accepted_by", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(["accepted_by"], ["user.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["invited_by"], ["user.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspace.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index("ix_invitation_workspace_id", "invitation", ["workspace_id"], unique=False)
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("workspace_id", sa.String(length=32), nullable=False),
        sa.Column("actor_id", sa.String(length=32), nullable=True),
        sa.Column("actor_name", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("target", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["user.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspace.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_audit_entry_workspace_created", "audit_entry", ["workspace_id", "created_at"], unique=False
    )
    with op.batch_alter_table("presentation") as batch:
        batch.add_column(sa.Column("workspace_id", sa.String(length=32), nullable=True))
        batch.create_index("ix_presentation_workspace_id", ["workspace_id"], unique=False)
        batch.create_foreign_key(
            "fk_presentation_workspace_id", "workspace", ["workspace_id"], ["id"], ondelete="CASCADE"
        )
    _personal_workspaces_for_everyone()


def _personal_workspaces_for_everyone() -> None:
    """Each account: a personal workspace it owns, holding the presentations it owns."""
    conn = op.get_bind()
    users = conn.execute(sa.text('SELECT id, display_name FROM "user"')).all()
    now = datetime.now(UTC)
    workspace = sa.table(
        "workspace",
        sa.column("id", sa.String),
        sa.column("name", sa.String),
        sa.column("personal", sa.Boolean),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    membership = sa.table(
        "membership",
        sa.column("workspace_id", sa.String),
        sa.column("user_id", sa.String),
        sa.column("role", sa.String),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    for user_id, display_name in users:
        workspace_id = uuid.uuid4().hex
        conn.execute(
            workspace.insert().values(
                id=workspace_id, name=str(display_name)[:100], personal=True, created_at=now
            )
        )
        conn.execute(
            membership.insert().values(
                workspace_id=workspace_id, user_id=user_id, role="owner", created_at=now
            )
        )
        conn.execute(
            sa.text("UPDATE presentation SET workspace_id = :w WHERE owner_id = :u"),
            {"w": workspace_id, "u": user_id},
        )


def downgrade() -> None:
    with op.batch_alter_table("presentation") as batch:
        batch.drop_constraint("fk_presentation_workspace_id", type_="foreignkey")
        batch.drop_index("ix_presentation_workspace_id")
        batch.drop_column("workspace_id")
    op.drop_index("ix_audit_entry_workspace_created", table_name="audit_entry")
    op.drop_table("audit_entry")
    op.drop_index("ix_invitation_workspace_id", table_name="invitation")
    op.drop_table("invitation")
    op.drop_index("ix_membership_user_id", table_name="membership")
    op.drop_table("membership")
    op.drop_table("workspace")
