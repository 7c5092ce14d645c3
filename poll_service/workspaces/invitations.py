"""Invitations to a workspace. A link holds a secret (`inv_` and 40 random characters) whose SHA-256
only is stored: it is shown (or mailed) once, works once, and expires. Accepting it, signed in,
makes the account a member with the role the owner chose."""

import secrets
from datetime import timedelta

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from poll_service.errors import Conflict, Gone, NotFound
from poll_service.ids import as_utc, utcnow
from poll_service.models import Invitation, User, Workspace
from poll_service.security import token_digest
from poll_service.workspaces import audit, members

PREFIX = "inv_"
MAX_PENDING = 100  # open invitations per workspace
MAX_TOKEN = 100  # characters: anything longer is no invitation of ours
INVALID = "this invitation link is not valid; ask for a new one"


def link(base_url: str, secret: str) -> str:
    return f"{base_url.rstrip('/')}/invite/{secret}"


async def create(
    session: AsyncSession, inviter: User, workspace_id: str, email: str, role: str, days: int
) -> tuple[Invitation, str]:
    pending = await session.scalar(
        select(func.count())
        .select_from(Invitation)
        .where(
            col(Invitation.workspace_id) == workspace_id,
            col(Invitation.accepted_at).is_(None),
            col(Invitation.expires_at) > utcnow(),
        )
    )
    if (pending or 0) >= MAX_PENDING:
        raise Conflict(f"a workspace has at most {MAX_PENDING} open invitations; revoke some first")
    secret = PREFIX + secrets.token_urlsafe(30)
    now = utcnow()
    invitation = Invitation(
        workspace_id=workspace_id,
        email=email.strip().lower(),
        role=role,
        token_hash=token_digest(secret),
        invited_by=inviter.id,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    session.add(invitation)
    audit.record(session, workspace_id, inviter, "invitation.create", f"{invitation.email} as {role}")
    return invitation, secret


async def pending(session: AsyncSession, workspace_id: str) -> list[Invitation]:
    rows = await session.scalars(
        select(Invitation)
        .where(
            col(Invitation.workspace_id) == workspace_id,
            col(Invitation.accepted_at).is_(None),
            col(Invitation.expires_at) > utcnow(),
        )
        .order_by(col(Invitation.created_at).desc())
    )
    return list(rows.all())


async def revoke(session: AsyncSession, actor: User, workspace_id: str, invitation_id: str) -> None:
    invitation = await session.get(Invitation, invitation_id[:64])
    if invitation is None or invitation.workspace_id != workspace_id:
        raise NotFound("invitation not found")
    audit.record(
        session, workspace_id, actor, "invitation.revoke", f"{invitation.email} as {invitation.role}"
    )
    await session.delete(invitation)


async def usable(session: AsyncSession, secret: str) -> tuple[Invitation, Workspace]:
    """The invitation a link holds and its workspace: 404 for an unknown link (or a revoked one),
    410 for one already used or past its date."""
    invitation = None
    if secret.startswith(PREFIX) and len(secret) <= MAX_TOKEN:
        invitation = await session.scalar(
            select(Invitation).where(col(Invitation.token_hash) == token_digest(secret))
        )
    if invitation is None:
        raise NotFound(INVALID)
    if invitation.accepted_at is not None:
        raise Gone("this invitation has been used already; ask for a new one")
    if as_utc(invitation.expires_at) <= utcnow():
        raise Gone("this invitation has expired; ask for a new one")
    workspace = await session.get(Workspace, invitation.workspace_id)
    assert workspace is not None  # deleting a workspace deletes its invitations
    return invitation, workspace


async def accept(session: AsyncSession, user: User, secret: str) -> tuple[Workspace, str]:
    """Join the workspace the link invites to; the link is used up. Returns it and the role held."""
    invitation, workspace = await usable(session, secret)
    # Used up by a conditional write: of two tabs accepting at once, one wins, the other gets 410.
    used = await session.execute(
        update(Invitation)
        .where(col(Invitation.id) == invitation.id, col(Invitation.accepted_at).is_(None))
        .values(accepted_at=utcnow(), accepted_by=user.id)
        .execution_options(synchronize_session=False)
    )
    if getattr(used, "rowcount", 0) != 1:
        raise Gone("this invitation has been used already; ask for a new one")
    role = await members.join(session, workspace.id, user, invitation.role)
    audit.record(
        session, workspace.id, user, "member.join", f"{user.display_name} as {role} ({invitation.email})"
    )
    return workspace, role
