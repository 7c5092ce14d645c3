"""Anonymous rooms: once voting on a question closes, its answers lose their participant.

The answer row stays (the results do not change) but `participant_id` becomes NULL, its slot a
random number (so answers stay distinct rows for the live tally), and the Idempotency-Key rows
that tied a participant to a response id are deleted. Nothing then says who answered what.
"""

from typing import Any

from sqlalchemy import Integer, cast, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from poll_service.models import IdempotencyKey, Participant, Response, Room


def is_anonymous(room: Room) -> bool:
    return bool((room.settings or {}).get("anonymous"))


def _random_slot(dialect: str) -> Any:
    # A different number per row (random() is evaluated per row on both databases).
    if dialect == "postgresql":
        return cast(func.floor(func.random() * 2_000_000_000), Integer) + 1
    return func.abs(func.random() % 2_000_000_000) + 1


async def anonymise_closed_questions(session: AsyncSession, room: Room) -> int:
    """Unlink every answer of the room except those to the question still open; the row count."""
    if not is_anonymous(room):
        return 0
    # A survey answered at one's own pace keeps every question open while the room is live.
    if room.status == "live" and (room.settings or {}).get("pacing") == "audience":
        return 0
    conditions = [col(Response.room_id) == room.id, col(Response.participant_id).is_not(None)]
    if room.status == "live" and room.voting_open and room.current_question_id:
        conditions.append(col(Response.question_id) != room.current_question_id)
    closed_questions = select(col(Response.question_id)).where(*conditions).distinct()
    question_ids = list((await session.scalars(closed_questions)).all())
    if not question_ids:
        return 0
    participants = select(col(Participant.id)).where(col(Participant.room_id) == room.id)
    await session.execute(
        delete(IdempotencyKey).where(
            col(IdempotencyKey.participant_id).in_(participants),
            col(IdempotencyKey.question_id).in_(question_ids),
        )
    )
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    result = await session.execute(
        update(Response)
        .where(*conditions)
        .values(participant_id=None, slot=_random_slot(dialect))
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)
