"""What the workspace routes take and give."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from poll_service.ids import iso
from poll_service.models import AuditEntry, Invitation
from poll_service.workspaces.members import Member

RoleName = Literal["owner", "editor", "facilitator", "viewer"]


class WorkspaceCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=100)


class WorkspacePublic(BaseModel):
    id: str
    name: str
    personal: bool
    role: RoleName = Field(description="your role in it")


class MemberPublic(BaseModel):
    user_id: str
    display_name: str
    email: str
    role: RoleName
    joined_at: str

    @classmethod
    def of(cls, member: Member) -> "MemberPublic":
        return cls(
            user_id=member.user_id,
            display_name=member.display_name,
            email=member.email,
            role=member.role,
            joined_at=iso(member.joined_at),
        )


class WorkspaceDetail(WorkspacePublic):
    members: list[MemberPublic]


class RoleChange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: RoleName


class InvitationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    email: EmailStr = Field(max_length=254)
    role: RoleName = "editor"


class InvitationPublic(BaseModel):
    id: str
    email: str
    role: RoleName
    created_at: str
    expires_at: str

    @classmethod
    def of(cls, invitation: Invitation) -> "InvitationPublic":
        return cls(
            id=invitation.id,
            email=invitation.email,
            role=invitation.role,
            created_at=iso(invitation.created_at),
            expires_at=iso(invitation.expires_at),
        )


class InvitationCreated(InvitationPublic):
    url: str = Field(description="the link to pass on: shown this once, works once")
    mailed: bool = Field(description="true when the SMTP server (POLL_SMTP_URL) accepted the e-mail")


class InvitationAccept(BaseModel):
    model_config = ConfigDict(extra="forbid")
    token: str = Field(min_length=1, max_length=100, description="the secret at the end of the link")


class Joined(BaseModel):
    workspace_id: str
    name: str
    role: RoleName


class AuditEntryPublic(BaseModel):
    at: str
    actor_id: str | None
    actor_name: str
    action: str
    target: str

    @classmethod
    def of(cls, entry: AuditEntry) -> "AuditEntryPublic":
        return cls(
            at=iso(entry.created_at),
            actor_id=entry.actor_id,
            actor_name=entry.actor_name,
            action=entry.action,
            target=entry.target,
        )


class AuditPagePublic(BaseModel):
    entries: list[AuditEntryPublic]
    page: int
    pages: int
    total: int
