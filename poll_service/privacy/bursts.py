"""Bursts of joins from one address: who joined from where, without keeping where.

Each participant carries a keyed hash of the room and the address it joined from (HMAC-SHA256
with the service's secret, 16 hex digits): the address itself is never stored, and the same
address gives unrelated values in different rooms. A presenter sees the groups that joined from
one address and can remove a whole group in one action (a bot that drops its cookie to vote
afresh joins again and again from the same place)."""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from poll_service.models import Participant, Room
from poll_service.privacy.service import remove_participant

# Groups shown: joined from one address at least this many times, the largest first.
MIN_BURST = 5
BURSTS_SHOWN = 10


def join_source(secret: str, room_id: str, address: str) -> str:
    digest = hmac.new(secret.encode(), f"{room_id}|{address}".encode(), hashlib.sha256)
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Burst:
    source: str
    participants: int
    last_joined: datetime


async def room_bursts(session: AsyncSession, room: Room) -> list[Burst]:
    size = func.count()
    rows = await session.execute(
        select(col(Participant.join_source), size, func.max(col(Participant.created_at)))
        .where(
            col(Participant.room_id) == room.id,
            col(Participant.removed).is_(False),
            col(Participant.join_source).is_not(None),
        )
        .group_by(col(Participant.join_source))
        .having(size >= MIN_BURST)
        .order_by(size.desc())
        .limit(BURSTS_SHOWN)
    )
    return [Burst(str(source), int(count), last) for source, count, last in rows.all()]


async def remove_burst(session: AsyncSession, room: Room, source: str) -> list[str]:
    """Remove every participant of the room who joined from `source`; their ids."""
    ids = (
        await session.scalars(
            select(col(Participant.id)).where(
                col(Participant.room_id) == room.id,
                col(Participant.join_source) == source[:16],
                col(Participant.removed).is_(False),
            )
        )
    ).all()
    for participant_id in ids:
        await remove_participant(session, room, participant_id)
    return list(ids)
