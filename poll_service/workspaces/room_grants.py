"""Rooms handed to facilitators: "five breakout moderators each run their own room of one deck".

An editor or owner of the workspace hands a room to a member whose role there is facilitator;
from then on that facilitator sees and runs only the rooms of that presentation handed to them
(access.room_scope). Taking the last one back gives them the whole presentation again, as any
facilitator. Each change is in the audit log, in the same transaction."""

from dataclasses import dataclass
from datetime import datetime
from typing import Final

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from poll_service.errors import Conflict, InvalidInput, NotFound
from poll_service.models import Presentation, Room, RoomGrant, User
from poll_service.workspaces import access, audit

MAX_GRANTS_PER_ROOM: Final = 50


@dataclass(frozen=True)
class Grant:
    user_id: str
    display_name: str
    email: str
    granted_at: datetime


async def grants(session: AsyncSession, room_id: str) -> list[Grant]:
    rows = await session.execute(
        select(RoomGrant, User)
        .join(User, col(User.id) == col(RoomGrant.user_id))
        .where(col(RoomGrant.room_id) == room_id)
        .order_by(col(User.display_name), col(User.id))
    )
    return [Grant(u.id, u.display_name, u.email, g.created_at) for g, u in rows.all()]


def _target(room: Room, member: User) -> str:
    return f"{room.name} ({room.join_code}, {room.id}) → {member.display_name} ({member.id})"


async def hand_room(
    session: AsyncSession, actor: User, room: Room, presentation: Presentation, user_id: str
) -> User:
    """Hand the room to a facilitator of its workspace (idempotent). Someone who is not a member
    is a 404, a member with another role a 422: only facilitators are narrowed by a grant."""
    member = await session.get(User, user_id[:64])
    if member is None or presentation.workspace_id is None:
        raise NotFound("member not found")
    role = await access.role_in(session, member, presentation.workspace_id)
    if role is None:
        raise NotFound("member not found")
    if role != "facilitator":
        raise InvalidInput(f"only a facilitator can be handed a room; this member is {role}")
    if await session.get(RoomGrant, (room.id, member.id)) is not None:
        return member
    count = await session.scalar(
        select(func.count()).select_from(RoomGrant).where(col(RoomGrant.room_id) == room.id)
    )
    if (count or 0) >= MAX_GRANTS_PER_ROOM:
        raise Conflict(f"at most {MAX_GRANTS_PER_ROOM} facilitators per room")
    session.add(RoomGrant(room_id=room.id, user_id=member.id, presentation_id=presentation.id))
    audit.record(session, presentation.workspace_id, actor, "room.grant", _target(room, member))
    await session.flush()
    return member


async def take_back(
    session: AsyncSession, actor: User, room: Room, presentation: Presentation, user_id: str
) -> None:
    grant = await session.get(RoomGrant, (room.id, user_id[:64]))
    member = await session.get(User, user_id[:64])
    if grant is None or member is None or presentation.workspace_id is None:
        raise NotFound("this room was not handed to that member")
    await session.delete(grant)
    audit.record(session, presentation.workspace_id, actor, "room.revoke", _target(room, member))
    await session.flush()
