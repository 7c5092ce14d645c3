"""Publishing a room's results at an unguessable read-only URL, and revoking it.

The URL carries a random token (`secrets.token_urlsafe(24)`: 192 bits); only its SHA-256 is stored,
so the database alone cannot rebuild a working link. A room has at most one share: publishing
again replaces the old link, revoking deletes it."""

import hashlib
import re
import secrets
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from poll_service.errors import NotFound
from poll_service.models import ResultsShare, Room

_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,64}")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def share_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/results/{token}"


async def publish(session: AsyncSession, room: Room) -> str:
    """A new link for the room (any older one stops working). Returns the token, shown once."""
    token = secrets.token_urlsafe(24)
    await session.execute(delete(ResultsShare).where(col(ResultsShare.room_id) == room.id))
    session.add(ResultsShare(token_hash=token_hash(token), room_id=room.id))
    await session.flush()
    return token


async def revoke(session: AsyncSession, room: Room) -> None:
    await session.execute(delete(ResultsShare).where(col(ResultsShare.room_id) == room.id))


async def shared_since(session: AsyncSession, room: Room) -> datetime | None:
    return await session.scalar(
        select(col(ResultsShare.created_at)).where(col(ResultsShare.room_id) == room.id)
    )


async def shared_room(session: AsyncSession, token: str) -> Room:
    """The room a token publishes; unknown, malformed and revoked tokens are the same 404."""
    if not _TOKEN_SHAPE.fullmatch(token):
        raise NotFound("results not found")
    share = await session.get(ResultsShare, token_hash(token))
    room = await session.get(Room, share.room_id) if share is not None else None
    if room is None:
        raise NotFound("results not found")
    return room
