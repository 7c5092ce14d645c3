"""The quiz part of a report that needs the database: the players' nicknames."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from poll_service.models import Participant, Room


async def quiz_report_fields(
    session: AsyncSession, rooms: Sequence[Room], quiz_question_ids: Sequence[str]
) -> dict[str, Any]:
    """{"nicknames": {participant_id: nickname}} when the presentation has quiz questions."""
    if not quiz_question_ids or not rooms:
        return {}
    names = (
        await session.execute(
            select(col(Participant.id), col(Participant.nickname)).where(
                col(Participant.room_id).in_([r.id for r in rooms]), col(Participant.nickname).is_not(None)
            )
        )
    ).all()
    return {"nicknames": {str(p): str(n) for p, n in names}}
