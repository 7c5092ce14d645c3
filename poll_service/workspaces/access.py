"""What the organiser asking may do with a workspace's things: the one place roles are checked.

Every route that loads a presentation, question or room asks through here with what it needs
(`VIEW`, `RUN`, `EDIT`, `MANAGE`). Something in a workspace the organiser is not a member of
answers exactly as something that does not exist (404); a member whose role is too low gets a
403 that names their role and the role needed. A personal API token acts with its user's roles
(accounts/auth.py finds the user; a read token still only reads).

Roles are ranked: viewer < facilitator < editor < owner; each may do what the ones below it may.
A facilitator handed some rooms of a presentation (RoomGrant) sees and runs only those of it:
`room_scope` says which, `require_room` hides the others as missing, `require_whole` refuses
what spans every room (opening another room, the combined report, the combined leaderboard).
"""

from dataclasses import dataclass
from typing import Final, Literal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from poll_service.dialect import insert_for
from poll_service.errors import Forbidden, NotFound
from poll_service.ids import new_id, utcnow
from poll_service.models import Membership, Presentation, Room, RoomGrant, User, Workspace

Role = Literal["owner", "editor", "facilitator", "viewer"]
ROLES: Final[tuple[Role, ...]] = ("viewer", "facilitator", "editor", "owner")
RANK: Final[dict[str, int]] = {role: rank for rank, role in enumerate(ROLES)}


@dataclass(frozen=True)
class Need:
    role: Role
    what: str  # for the 403: "<what> needs the role <role> or higher"


VIEW = Need("viewer", "seeing a presentation, its results and exports")
RUN = Need("facilitator", "running and moderating rooms")
EDIT = Need("editor", "editing or deleting presentations")
MANAGE = Need("owner", "managing the workspace's members and invitations")


def allows(role: str | None, need: Need) -> bool:
    return role is not None and RANK.get(role, -1) >= RANK[need.role]


def refuse(role: str, need: Need) -> Forbidden:
    return Forbidden(
        f"your role in this workspace is {role}; {need.what} needs the role {need.role} or higher"
    )


async def role_in(session: AsyncSession, user: User, workspace_id: str) -> str | None:
    membership = await session.get(Membership, (workspace_id[:64], user.id))
    return membership.role if membership is not None else None


async def presentation_role(session: AsyncSession, user: User, presentation: Presentation) -> str | None:
    """The user's role over a presentation (None: not theirs to see). A row without a workspace,
    written by code older than workspaces, belongs to its owner alone."""
    if presentation.workspace_id is None:
        return "owner" if presentation.owner_id == user.id else None
    return await role_in(session, user, presentation.workspace_id)


async def require_presentation(
    session: AsyncSession, user: User, presentation: Presentation | None, need: Need, missing: str
) -> Presentation:
    """The presentation when the user's role allows `need`; else the same 404 as a missing one, or
    a 403 for a member whose role is too low."""
    role = None if presentation is None else await presentation_role(session, user, presentation)
    if presentation is None or role is None:
        raise NotFound(missing)
    if not allows(role, need):
        raise refuse(role, need)
    return presentation


async def room_scope(session: AsyncSession, user: User, presentation: Presentation) -> frozenset[str] | None:
    """The rooms of the presentation handed to this facilitator; None when they are not limited
    (no room handed to them, or a role other than facilitator: grants only narrow a facilitator)."""
    if await presentation_role(session, user, presentation) != "facilitator":
        return None
    granted = await session.scalars(
        select(col(RoomGrant.room_id)).where(
            col(RoomGrant.user_id) == user.id, col(RoomGrant.presentation_id) == presentation.id
        )
    )
    return frozenset(granted.all()) or None


async def require_room(
    session: AsyncSession, user: User, room: Room | None, need: Need
) -> tuple[Room, Presentation]:
    """The room and its presentation when the user's role allows `need` and, for a facilitator
    handed other rooms of it, this room is one of theirs (else the same 404 as a missing room)."""
    presentation = None if room is None else await session.get(Presentation, room.presentation_id)
    await require_presentation(session, user, presentation, need, "room not found")
    assert room is not None and presentation is not None
    scope = await room_scope(session, user, presentation)
    if scope is not None and room.id not in scope:
        raise NotFound("room not found")
    return room, presentation


async def require_whole(session: AsyncSession, user: User, presentation: Presentation) -> None:
    """Refuse (403) what spans all rooms of the presentation to a facilitator handed only some."""
    if await room_scope(session, user, presentation) is not None:
        raise Forbidden("you were handed some rooms of this presentation; this needs all of its rooms")


async def require_workspace(session: AsyncSession, user: User, workspace_id: str, need: Need) -> str:
    """The user's role in the workspace when it allows `need` (404 for a non-member)."""
    role = await role_in(session, user, workspace_id)
    if role is None:
        raise NotFound("workspace not found")
    if not allows(role, need):
        raise refuse(role, need)
    return role


async def member_workspaces(session: AsyncSession, user: User) -> list[tuple[Workspace, str]]:
    """The user's workspaces and their role in each, the personal one first."""
    rows = await session.execute(
        select(Workspace, col(Membership.role))
        .join(Membership, col(Membership.workspace_id) == col(Workspace.id))
        .where(col(Membership.user_id) == user.id)
        .order_by(col(Workspace.personal).desc(), col(Workspace.name), col(Workspace.id))
    )
    return [(workspace, role) for workspace, role in rows.all()]


async def personal_workspace(session: AsyncSession, user: User) -> Workspace:
    """The user's personal workspace, made the first time it is needed (a new account, one made by
    single sign-on, or one that existed before workspaces and was missed). Two first requests at
    once both try to make it: the unique `personal_owner_id` lets one insert win and the other
    insert nothing (ON CONFLICT DO NOTHING, after waiting for the winner's commit), then both
    read the same row."""
    found = await _personal(session, user)
    if found is not None:
        return found
    now = utcnow()
    made = await session.execute(
        insert_for(session)(Workspace)
        .values(
            id=new_id(),
            name=user.display_name[:100],
            personal=True,
            personal_owner_id=user.id,
            created_at=now,
        )
        .on_conflict_do_nothing(index_elements=["personal_owner_id"])
        .returning(col(Workspace.id))
    )
    workspace_id = made.scalar()
    if workspace_id is not None:
        session.add(Membership(workspace_id=workspace_id, user_id=user.id, role="owner", created_at=now))
        await session.flush()
    found = await _personal(session, user)
    assert found is not None  # ours, or the one the other request committed
    return found


async def _personal(session: AsyncSession, user: User) -> Workspace | None:
    found: Workspace | None = await session.scalar(
        select(Workspace)
        .where(col(Workspace.personal_owner_id) == user.id)
        .execution_options(populate_existing=True)
    )
    return found
