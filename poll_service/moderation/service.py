"""The organiser's side of moderation: the queue of held-back answers, approve / hide, and the
words hidden from a word cloud. Changes are committed here; the router then publishes a recount."""

from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from poll_service.dialect import insert_for
from poll_service.errors import Conflict, InvalidInput, NotFound
from poll_service.ids import iso, utcnow
from poll_service.models import HiddenEntry, Question, Response, Room
from poll_service.moderation.rules import HIDDEN, PENDING, VISIBLE
from poll_service.text import MAX_WORD_KEY, MAX_WORD_LENGTH, clean_text, fold_key

# Types whose answers are the participants' own words, and so can be moderated.
MODERATED_TYPES = ("word_cloud", "open_text")
QUEUE_SIZE = 500
MAX_HIDDEN_WORDS = 500
MAX_WORD = MAX_WORD_LENGTH


def _entry(response: Response, question_type: str) -> dict[str, Any]:
    return {
        "id": response.id,
        "question_id": response.question_id,
        "type": question_type,
        "answer": response.answer,
        "status": response.status,
        "created_at": iso(response.created_at),
    }


async def queue(session: AsyncSession, room: Room, status: str, question_id: str | None) -> dict[str, Any]:
    """The room's free-text answers with this status, newest first, and how many are held back."""
    query = (
        select(Response, col(Question.type))
        .join(Question, col(Question.id) == col(Response.question_id))
        .where(col(Response.room_id) == room.id, col(Question.type).in_(MODERATED_TYPES))
        .where(col(Response.status) == status)
    )
    if question_id is not None:
        query = query.where(col(Response.question_id) == question_id)
    rows = (
        await session.execute(
            query.order_by(col(Response.created_at).desc(), col(Response.id)).limit(QUEUE_SIZE)
        )
    ).all()
    # Per status, the free-text answers the moderation page lists (not every vote in the room).
    counted = await session.execute(
        select(col(Response.status), func.count())
        .join(Question, col(Question.id) == col(Response.question_id))
        .where(col(Response.room_id) == room.id, col(Question.type).in_(MODERATED_TYPES))
        .group_by(col(Response.status))
    )
    counts = {VISIBLE: 0, PENDING: 0, HIDDEN: 0} | {str(s): int(n) for s, n in counted.all()}
    return {"counts": counts, "responses": [_entry(r, t) for r, t in rows]}


async def set_status(session: AsyncSession, room: Room, response_id: str, status: str) -> dict[str, Any]:
    response = await session.get(Response, response_id[:64])
    if response is None or response.room_id != room.id:
        raise NotFound("no such response in this room")
    question = await session.get(Question, response.question_id)
    if question is None or question.type not in MODERATED_TYPES:
        raise NotFound("no such response in this room")
    response.status = status
    await session.flush()
    return _entry(response, question.type)


async def room_word_cloud(session: AsyncSession, room: Room, question_id: str) -> Question:
    question = await session.get(Question, question_id[:64])
    if question is None or question.presentation_id != room.presentation_id:
        raise NotFound("that question is not part of this room's presentation")
    if question.type != "word_cloud":
        raise InvalidInput("only words of a word_cloud question can be hidden")
    return question


async def hidden_words(session: AsyncSession, room_id: str, question_id: str) -> list[str]:
    keys = await session.scalars(
        select(col(HiddenEntry.key))
        .where(col(HiddenEntry.room_id) == room_id, col(HiddenEntry.question_id) == question_id)
        .order_by(col(HiddenEntry.key))
    )
    return list(keys.all())


def word_key(word: str) -> str:
    """The folded key a word counts under in the cloud (its `key` in the tally): anything a
    participant could enter has one (question_types/word_cloud.py checks the same)."""
    key = fold_key(clean_text(word, max_graphemes=MAX_WORD, field="word"))
    if len(key) > MAX_WORD_KEY:
        raise InvalidInput(f"word is longer than {MAX_WORD} characters")
    return key


async def hide_word(session: AsyncSession, room: Room, question_id: str, word: str) -> list[str]:
    key = word_key(word)
    current = await hidden_words(session, room.id, question_id)
    if key in current:
        return current
    if len(current) >= MAX_HIDDEN_WORDS:
        raise Conflict(f"at most {MAX_HIDDEN_WORDS} words can be hidden per question")
    # Two presenters hiding the same word at once: the second insert finds it there already.
    await session.execute(
        insert_for(session)(HiddenEntry.__table__)  # type: ignore[attr-defined]
        .values(room_id=room.id, question_id=question_id, key=key, created_at=utcnow())
        .on_conflict_do_nothing(index_elements=["room_id", "question_id", "key"])
    )
    return sorted([*current, key])


async def unhide_word(session: AsyncSession, room: Room, question_id: str, word: str) -> list[str]:
    key = word_key(word)
    await session.execute(
        delete(HiddenEntry).where(
            col(HiddenEntry.room_id) == room.id,
            col(HiddenEntry.question_id) == question_id,
            col(HiddenEntry.key) == key,
        )
    )
    return [k for k in await hidden_words(session, room.id, question_id) if k != key]
