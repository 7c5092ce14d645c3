"""A workspace's members: making a workspace, listing members, changing a role, removing someone.
The caller's own role has been checked by workspaces/access.py before these run."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from poll_service.errors import Conflict, InvalidInput, NotFound
from poll_service.models import Membership, User, Workspace
from poll_service.workspaces import audit
from poll_service.workspaces.access import MANAGE, ROLES, allows, refuse

MAX_WORKSPACES = 50  # that one organiser may belong to
MAX_MEMBERS = 500


@dataclass(frozen=True)
class Member:
    user_id: str
    display_name: str
    email: str
    role: str
    joined_at: datetime


async def create_workspace(session: AsyncSession, user: User, name: str) -> Workspace:
    name = name.strip()
    if not name:
        raise InvalidInput("name cannot be blank")
    count = await session.scalar(
        select(func.count()).select_from(Membership).where(col(Membership.user_id) == user.id)
    )
    if (count or 0) >= MAX_WORKSPACES:
        raise Conflict(f"an account can belong to at most {MAX_WORKSPACES} workspaces")
    workspace = Workspace(name=name)
    session.add(workspace)
    await session.flush()
    session.add(Membership(workspace_id=workspace.id, user_id=user.id, role="owner"))
    return workspace


async def members(session: AsyncSession, workspace_id: str) -> list[Member]:
    rows = await session.execute(
        select(Membership, User)
        .join(User, col(User.id) == col(Membership.user_id))
        .where(col(Membership.workspace_id) == workspace_id)
        .order_by(col(User.display_name), col(User.id))
    )
    return [Member(u.id, u.display_name, u.email, m.role, m.created_at) for m, u in rows.all()]


async def member_count(session: AsyncSession, workspace_id: str) -> int:
    count = await session.scalar(
        select(func.count()).select_from(Membership).where(col(Membership.workspace_id) == workspace_id)
    )
    return int(count or 0)


async def join(session: AsyncSession, workspace_id: str, user: User, role: str) -> str:
    """Make the user a member with `role`; one already a member keeps the higher of the two roles.
    Returns the role they have now."""
    assert role in ROLES
    membership = await session.get(Membership, (workspace_id, user.id))
    if membership is None:
        if await member_count(session, workspace_id) >= MAX_MEMBERS:
            raise Conflict(f"a workspace has at most {MAX_MEMBERS} members")
        session.add(Membership(workspace_id=workspace_id, user_id=user.id, role=role))
        return role
    if ROLES.index(role) > ROLES.index(membership.role):
        membership.role = role
    return membership.role


async def _locked_membership(
    session: AsyncSession, actor: User, workspace_id: str, user_id: str
) -> Membership:
    """The member about to be demoted or removed, read once the workspace is locked.

    A no-op UPDATE of the workspace's row takes its row lock on PostgreSQL and SQLite's write lock
    (this transaction's first write): two owners demoting each other at once run one after the
    other, and the second reads the first's change. So the actor's own role and the count of
    owners are read again under the lock, never from before it."""
    await session.execute(
        update(Workspace).where(col(Workspace.id) == workspace_id).values(name=col(Workspace.name))
    )
    mine = await session.get(Membership, (workspace_id, actor.id), populate_existing=True)
    if mine is None:
        raise NotFound("workspace not found")
    if not allows(mine.role, MANAGE):
        raise refuse(mine.role, MANAGE)
    membership = await session.get(Membership, (workspace_id, user_id[:64]), populate_existing=True)
    if membership is None:
        raise NotFound("member not found")
    return membership


async def _keep_an_owner(session: AsyncSession, membership: Membership) -> None:
    if membership.role != "owner":
        return
    owners = await session.scalar(
        select(func.count())
        .select_from(Membership)
        .where(col(Membership.workspace_id) == membership.workspace_id, col(Membership.role) == "owner")
    )
    if (owners or 0) <= 1:
        raise Conflict(
            "this is the workspace's last owner: a workspace needs an owner, so make someone else owner first"
        )


async def change_role(
    session: AsyncSession, actor: User, workspace_id: str, user_id: str, role: str
) -> Member:
    membership = await _locked_membership(session, actor, workspace_id, user_id)
    if role != "owner":
        await _keep_an_owner(session, membership)
    before = membership.role
    membership.role = role
    member = await session.get(User, membership.user_id)
    assert member is not None
    audit.record(session, workspace_id, actor, "member.role", f"{member.display_name}: {before} → {role}")
    return Member(member.id, member.display_name, member.email, role, membership.created_at)


async def remove(session: AsyncSession, actor: User, workspace_id: str, user_id: str) -> None:
    membership = await _locked_membership(session, actor, workspace_id, user_id)
    await _keep_an_owner(session, membership)
    member = await session.get(User, membership.user_id)
    audit.record(session, workspace_id, actor, "member.remove", member.display_name if member else user_id)
    await session.delete(membership)
