"""Reading the words presenters hid from word clouds, for recounts (results, exports)."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from poll_service.models import HiddenEntry


async def hidden_words_by_question(
    session: AsyncSession, room_ids: list[str]
) -> dict[tuple[str, str], set[str]]:
    """(room id, question id) -> the folded keys hidden there."""
    if not room_ids:
        return {}
    rows = await session.execute(
        select(col(HiddenEntry.room_id), col(HiddenEntry.question_id), col(HiddenEntry.key)).where(
            col(HiddenEntry.room_id).in_(room_ids)
        )
    )
    hidden: dict[tuple[str, str], set[str]] = {}
    for room_id, question_id, key in rows.all():
        hidden.setdefault((room_id, question_id), set()).add(key)
    return hidden
