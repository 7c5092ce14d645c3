"""Removing a participant, deleting a room and purging old rooms: database work only.

Each function changes rows in the caller's transaction; the router publishes a `reload` hub message
after the commit so every worker's live room re-reads what is left (live/registry.reload).
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import case, delete, exists, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from poll_service.errors import NotFound
from poll_service.ids import iso, utcnow
from poll_service.models import (
    HiddenEntry,
    IdempotencyKey,
    Participant,
    QnaQuestion,
    QnaUpvote,
    Response,
    Room,
)

# One page of the participant list; a room can hold thousands.
PARTICIPANT_PAGE_MAX = 5000


@dataclass(frozen=True)
class ParticipantRow:
    id: str
    nickname: str | None
    answers: int
    removed: bool
    joined_at: str


async def list_participants(
    session: AsyncSession, room: Room, limit: int, offset: int
) -> tuple[int, list[ParticipantRow]]:
    """(total, one page): who joined, newest first, with how many answers each gave. No addresses
    are shown because none are stored."""
    total = await session.scalar(
        select(func.count()).select_from(Participant).where(col(Participant.room_id) == room.id)
    )
    answers = (
        select(col(Response.participant_id), func.count().label("n"))
        .where(col(Response.room_id) == room.id)
        .group_by(col(Response.participant_id))
        .subquery()
    )
    rows = (
        await session.execute(
            select(
                col(Participant.id),
                col(Participant.nickname),
                func.coalesce(answers.c.n, 0),
                col(Participant.removed),
                col(Participant.created_at),
            )
            .outerjoin(answers, answers.c.participant_id == col(Participant.id))
            .where(col(Participant.room_id) == room.id)
            .order_by(col(Participant.created_at).desc(), col(Participant.id))
            .limit(limit)
            .offset(offset)
        )
    ).all()
    return int(total or 0), [
        ParticipantRow(pid, nickname, int(n), bool(removed), iso(created))
        for pid, nickname, n, removed, created in rows
    ]


async def remove_participant(session: AsyncSession, room: Room, participant_id: str) -> int:
    """Mark the participant removed and delete what they contributed; the number of answers deleted.
    Another room's participant answers 404, like one that does not exist."""
    participant = await session.get(Participant, participant_id[:64])
    if participant is None or participant.room_id != room.id:
        raise NotFound("participant not found")
    participant.removed = True
    deleted = await session.execute(delete(Response).where(col(Response.participant_id) == participant.id))
    await session.execute(delete(IdempotencyKey).where(col(IdempotencyKey.participant_id) == participant.id))
    # Their upvotes no longer count, and their audience questions leave the Q&A panel.
    upvoted = select(col(QnaUpvote.qna_question_id)).where(col(QnaUpvote.participant_id) == participant.id)
    upvotes = col(QnaQuestion.upvotes)
    await session.execute(
        update(QnaQuestion)
        .where(col(QnaQuestion.id).in_(upvoted))
        .values(upvotes=case((upvotes > 0, upvotes - 1), else_=0))
    )
    await session.execute(delete(QnaUpvote).where(col(QnaUpvote.participant_id) == participant.id))
    await session.execute(delete(QnaQuestion).where(col(QnaQuestion.participant_id) == participant.id))
    return int(getattr(deleted, "rowcount", 0) or 0)


async def final_results(session: AsyncSession, room: Room) -> dict[str, Any]:
    """The room's results as they stand, to keep once the answers themselves are gone."""
    from poll_service.rooms.service import room_results  # rooms imports nothing from here

    return await room_results(session, room)


def purged(room: Room) -> bool:
    return "purged_at" in (room.settings or {})


async def purge_room(session: AsyncSession, room: Room) -> None:
    """Keep the aggregate results in room.settings["final_results"], then delete the participants
    and every free text: answers, Q&A questions, hidden word-cloud words."""
    if purged(room):
        return
    snapshot = await final_results(session, room)
    await session.execute(delete(Response).where(col(Response.room_id) == room.id))
    await session.execute(delete(QnaQuestion).where(col(QnaQuestion.room_id) == room.id))
    await session.execute(delete(HiddenEntry).where(col(HiddenEntry.room_id) == room.id))
    # Upvotes and idempotency keys go with their participants (ON DELETE CASCADE).
    await session.execute(delete(Participant).where(col(Participant.room_id) == room.id))
    room.settings = {**(room.settings or {}), "final_results": snapshot, "purged_at": iso(utcnow())}


async def rooms_to_purge(session: AsyncSession, days: int, limit: int = 100) -> list[Room]:
    """Rooms that ended more than `days` ago and still hold participant data (oldest first)."""
    cutoff = utcnow() - timedelta(days=days)
    has_participants = exists().where(col(Participant.room_id) == col(Room.id))
    rooms = (
        await session.scalars(
            select(Room)
            .where(col(Room.status) == "ended", col(Room.ended_at) < cutoff, has_participants)
            .order_by(col(Room.ended_at))
            .limit(limit)
        )
    ).all()
    return list(rooms)
