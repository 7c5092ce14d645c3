"""Teams: workspaces, their members and roles, rooms handed to a facilitator, invitations, and
the audit log of who did what to whose data."""

from datetime import datetime

from sqlalchemy import Column, DateTime, Index, text
from sqlmodel import Field, SQLModel

from poll_service.ids import new_id
from poll_service.models.columns import timestamp_field as _ts


class Workspace(SQLModel, table=True):
    """A team's shelf of presentations. Every account has a personal one (`personal`), made when it
    first needs it; `personal_owner_id` (unique) makes it one per account even when two first
    requests race (workspaces/access.py)."""

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    name: str = Field(max_length=100)
    personal: bool = Field(default=False, sa_column_kwargs={"server_default": text("false")})
    personal_owner_id: str | None = Field(
        default=None, foreign_key="user.id", unique=True, index=True, max_length=32, ondelete="SET NULL"
    )
    created_at: datetime = _ts(nullable=False)


class Membership(SQLModel, table=True):
    """A member of a workspace and their role: owner, editor, facilitator or viewer
    (accounts/access.py says what each may do)."""

    workspace_id: str = Field(primary_key=True, foreign_key="workspace.id", max_length=32, ondelete="CASCADE")
    user_id: str = Field(
        primary_key=True, foreign_key="user.id", index=True, max_length=32, ondelete="CASCADE"
    )
    role: str = Field(max_length=12)
    created_at: datetime = _ts(nullable=False)


class RoomGrant(SQLModel, table=True):
    """A room handed to a facilitator of its workspace: with one or more of these on a
    presentation, that facilitator sees and runs only those rooms of it (workspaces/access.py)."""

    __tablename__ = "room_grant"
    room_id: str = Field(primary_key=True, foreign_key="room.id", max_length=32, ondelete="CASCADE")
    user_id: str = Field(
        primary_key=True, foreign_key="user.id", index=True, max_length=32, ondelete="CASCADE"
    )
    # Kept beside the room: "the rooms of this deck handed to this user" is one indexed read.
    presentation_id: str = Field(foreign_key="presentation.id", max_length=32, ondelete="CASCADE")
    created_at: datetime = _ts(nullable=False)


class Invitation(SQLModel, table=True):
    """An invitation to a workspace: a link holding a secret whose SHA-256 only is stored; used
    once (accepted_at), and dead after expires_at."""

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    workspace_id: str = Field(foreign_key="workspace.id", index=True, max_length=32, ondelete="CASCADE")
    email: str = Field(max_length=254)
    role: str = Field(max_length=12)
    token_hash: str = Field(max_length=64, unique=True)
    invited_by: str | None = Field(default=None, foreign_key="user.id", max_length=32, ondelete="SET NULL")
    created_at: datetime = _ts(nullable=False)
    expires_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    accepted_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    accepted_by: str | None = Field(default=None, foreign_key="user.id", max_length=32, ondelete="SET NULL")


class AuditEntry(SQLModel, table=True):
    """Who did what when in a workspace; written in the unit of work of the change itself. An
    administrator's action on the server (admin/) belongs to no workspace: workspace_id None."""

    __tablename__ = "audit_entry"
    __table_args__ = (
        Index("ix_audit_entry_workspace_created", "workspace_id", "created_at"),
        Index("ix_audit_entry_created_at", "created_at"),  # the retention purge and the admin's log
    )
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    workspace_id: str | None = Field(
        default=None, foreign_key="workspace.id", max_length=32, ondelete="CASCADE"
    )
    # None once the account is deleted; actor_name keeps who it was.
    actor_id: str | None = Field(default=None, foreign_key="user.id", max_length=32, ondelete="SET NULL")
    actor_name: str = Field(max_length=100)
    action: str = Field(max_length=40)
    target: str = Field(default="", max_length=300)
    created_at: datetime = _ts(nullable=False)
