"""How moderation reaches every worker's live rooms.

An organiser's approve/hide (or a word hidden from the cloud) is committed first, then the hub
carries `{"k": "recount", "question_id"}` to every worker; each one re-reads that question's
answers and hidden words from the database (`recount`) and replaces them in its live room, which
pushes a fresh results snapshot on its next tick. Re-reading instead of trusting the message means
two quick actions that cross on the way still end on what the database holds. Moderation happens
at human speed, so one read per action and worker is cheap.
"""

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from poll_service.models import HiddenEntry, Response


async def recount(
    sessionmaker: async_sessionmaker[AsyncSession], room_id: str, question_id: str
) -> dict[str, Any]:
    """The hub message a live room applies: the question's answers and hidden words, as stored."""
    async with sessionmaker() as session:
        rows = (
            await session.execute(
                select(
                    col(Response.id),
                    col(Response.participant_id),
                    col(Response.slot),
                    col(Response.answer),
                    col(Response.status),
                )
                .where(col(Response.room_id) == room_id, col(Response.question_id) == question_id)
                .order_by(col(Response.created_at), col(Response.id))
            )
        ).all()
        hidden = (
            await session.scalars(
                select(col(HiddenEntry.key)).where(
                    col(HiddenEntry.room_id) == room_id, col(HiddenEntry.question_id) == question_id
                )
            )
        ).all()
    return {
        "k": "recounted",
        "question_id": question_id,
        # An answer whose participant was dropped (anonymous room) is keyed by its own id.
        "rows": [[pid or f"~{rid}", slot, answer, status] for rid, pid, slot, answer, status in rows],
        "hidden": list(hidden),
    }
