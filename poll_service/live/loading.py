"""Reading live rooms from the database: a whole room, one question's answers after moderation,
one stored vote to announce again, the room row after a change. Stored answers are read with one
query (`stored_answers`), narrowed by each caller."""

import time
from typing import Any

from sqlalchemy import Select, delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from poll_service.live.convergence import stored_fingerprint
from poll_service.live.state import LiveQuestion, LiveRoom
from poll_service.models import HiddenEntry, Participant, Question, Response, Room
from poll_service.qna.feed import qna_enabled
from poll_service.question_types.registry import opens_qna
from poll_service.rooms.projection import room_public


def stored_answers(room_id: str) -> Select[tuple[str, str | None, int, dict[str, Any], str, str]]:
    """A room's stored answers as live rooms hold them: question, participant, slot, answer,
    status and the response's id, oldest first (a later answer of the same participant and slot
    wins)."""
    return (
        select(
            col(Response.question_id),
            col(Response.participant_id),
            col(Response.slot),
            col(Response.answer),
            col(Response.status),
            col(Response.id),
        )
        .where(col(Response.room_id) == room_id)
        .order_by(col(Response.created_at), col(Response.id))
    )


def answer_owner(participant_id: str | None, response_id: str) -> str:
    """Whom a live room files an answer under: its participant, or (anonymised, the participant
    dropped) the answer's own id, so every anonymous answer still counts once."""
    return participant_id if participant_id is not None else f"~{response_id}"


async def load_room(room: LiveRoom, session: AsyncSession, base_url: str) -> bool:
    """Fill `room` from the database; False when no such room exists."""
    # Read first: answers committed while the load runs change it, and the next check reloads.
    fingerprint = await stored_fingerprint(session, room.id)
    row = await session.get(Room, room.id)
    if row is None:
        return False
    room.loaded_fingerprint = fingerprint
    questions = (
        await session.scalars(select(Question).where(col(Question.presentation_id) == row.presentation_id))
    ).all()
    participant_rows = (
        await session.execute(
            select(col(Participant.id), col(Participant.nickname)).where(
                col(Participant.room_id) == room.id,
                col(Participant.removed).is_(False),  # removed by the presenter: no voice here
            )
        )
    ).all()
    answers = (await session.execute(stored_answers(room.id))).all()
    hidden = (
        await session.execute(
            select(col(HiddenEntry.question_id), col(HiddenEntry.key)).where(
                col(HiddenEntry.room_id) == room.id
            )
        )
    ).all()
    room.nicknames = {pid: nickname for pid, nickname in participant_rows if nickname}
    room.base_url = base_url
    room.last_db_sync = time.monotonic()
    room.participants = {pid for pid, _ in participant_rows}
    room.room = room_public(row, base_url, 0)
    room.room.pop("participant_count")
    room.hidden_words = {}
    for question_id, key in hidden:
        room.hidden_words.setdefault(question_id, set()).add(key)
    room.set_questions([LiveQuestion.from_row(q) for q in questions])
    for question_id, participant_id, slot, answer, status, response_id in answers:
        room.set_answer(question_id, answer_owner(participant_id, response_id), slot, answer, status)
    current = room.current_question
    room.qna.reset(qna_enabled(row.settings) or (current is not None and opens_qna(current.type)))
    room.results_dirty = True
    return True


async def recount(
    sessionmaker: async_sessionmaker[AsyncSession], room_id: str, question_id: str
) -> dict[str, Any]:
    """The hub message a live room applies after moderation changed what counts: the question's
    answers and hidden words, as stored. Re-reading instead of trusting the message means two
    quick actions that cross on the way still end on what the database holds."""
    query = stored_answers(room_id).where(col(Response.question_id) == question_id)
    async with sessionmaker() as session:
        rows = (await session.execute(query)).all()
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
        "rows": [
            [answer_owner(pid, rid), slot, answer, status] for _q, pid, slot, answer, status, rid in rows
        ],
        "hidden": list(hidden),
    }


async def stored_vote(session: AsyncSession, room_id: str, response_id: str) -> list[Any] | None:
    """One stored vote as a `votes` hub message item; None when it was replaced by a newer answer
    (published itself) or anonymised (no participant to give it back to)."""
    query = stored_answers(room_id).where(col(Response.id) == response_id)
    row = (await session.execute(query)).first()
    if row is None or row[1] is None:
        return None
    question_id, participant_id, slot, answer, status, _id = row
    item: list[Any] = [question_id, participant_id, slot, answer]
    if status != "visible":
        item.append(status)
    return item


async def current_state(session: AsyncSession, room: LiveRoom) -> dict[str, Any]:
    """The room as committed now, as the hub message that applies it."""
    row = await session.get(Room, room.id)
    if row is None:
        return {"k": "deleted"}
    return {"k": "state", "room": room_public(row, room.base_url, 0)}


async def removed_participants(session: AsyncSession, room_id: str) -> list[str]:
    query = select(col(Participant.id)).where(
        col(Participant.room_id) == room_id, col(Participant.removed).is_(True)
    )
    return list((await session.scalars(query)).all())


async def delete_answers_of(session: AsyncSession, participant_ids: list[str]) -> None:
    await session.execute(delete(Response).where(col(Response.participant_id).in_(participant_ids)))
