"""Q&A use cases: ask, upvote, list, and the organiser's answered / approve / hide.

Upvotes are correct under concurrency by construction: one row per (question, participant) in
`qna_upvote` (its primary key), inserted with ON CONFLICT DO NOTHING, and the question's counter
moves by one only when a row really was inserted or deleted, in the same transaction.
"""

from typing import Any

from sqlalchemy import Table, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from poll_service.dialect import insert_for
from poll_service.errors import Conflict, InvalidInput, Locked, NotFound
from poll_service.ids import iso, utcnow
from poll_service.models import QnaQuestion, QnaUpvote, Question, Room
from poll_service.moderation.rules import HIDDEN, PENDING, VISIBLE, Status, initial_status
from poll_service.qna.settings import QnaSettings, in_effect, qna_settings
from poll_service.question_types.registry import opens_qna
from poll_service.settings import Settings
from poll_service.text import PUSH_TEXT_BYTES, clean_text, utf8_size, within_budget

# The panel pushed to sockets holds at most this many questions (unanswered, most upvoted first).
PANEL_SIZE = 200
# The organiser's list holds at most this many (newest first).
ORGANISER_LIST_SIZE = 1000
MAX_NAME = 40

_upvotes: Table = QnaUpvote.__table__  # type: ignore[attr-defined]


def public_settings(settings: QnaSettings) -> dict[str, Any]:
    return settings.model_dump()


def item_public(question: QnaQuestion) -> dict[str, Any]:
    """As the audience and the presenter screen see it: never who asked (unless they signed it)."""
    return {
        "id": question.id,
        "text": question.text,
        "author_name": question.author_name,
        "upvotes": question.upvotes,
        "answered": question.answered,
        "created_at": iso(question.created_at),
    }


def item_organiser(question: QnaQuestion) -> dict[str, Any]:
    return {**item_public(question), "status": question.status}


def _panel_order() -> tuple[Any, ...]:
    return (col(QnaQuestion.answered), col(QnaQuestion.upvotes).desc(), col(QnaQuestion.created_at).desc())


async def _counts(session: AsyncSession, room_id: str) -> dict[str, int]:
    rows = await session.execute(
        select(col(QnaQuestion.status), func.count())
        .where(col(QnaQuestion.room_id) == room_id)
        .group_by(col(QnaQuestion.status))
    )
    counts: dict[str, int] = dict.fromkeys((VISIBLE, PENDING, HIDDEN), 0)
    counts.update({str(status): int(n) for status, n in rows.all()})
    return counts


async def panel_snapshot(session: AsyncSession, room_id: str) -> dict[str, Any]:
    """The visible questions of a room's panel (what the `qna` socket message carries)."""
    room = await session.get(Room, room_id)
    settings = await settings_now(session, room) if room else qna_settings(None)
    questions = (
        await session.scalars(
            select(QnaQuestion)
            .where(col(QnaQuestion.room_id) == room_id, col(QnaQuestion.status) == VISIBLE)
            .order_by(*_panel_order())
            .limit(PANEL_SIZE)
        )
    ).all()
    counts = await _counts(session, room_id)
    return {
        "settings": public_settings(settings),
        "questions": within_budget(
            [item_public(q) for q in questions],
            lambda item: utf8_size(item["text"]) + utf8_size(item["author_name"] or ""),
            PUSH_TEXT_BYTES,
        ),
        "count": counts[VISIBLE],
        "pending_count": counts[PENDING],
    }


async def participant_view(session: AsyncSession, room_id: str, participant_id: str) -> dict[str, Any]:
    """The panel plus what only this participant may know: their upvotes and their own questions
    (also those still waiting for approval or hidden, with their status)."""
    snapshot = await panel_snapshot(session, room_id)
    snapshot.pop("pending_count")
    upvoted = (
        await session.scalars(
            select(col(QnaUpvote.qna_question_id))
            .join(QnaQuestion, col(QnaQuestion.id) == col(QnaUpvote.qna_question_id))
            .where(col(QnaUpvote.participant_id) == participant_id, col(QnaQuestion.room_id) == room_id)
        )
    ).all()
    mine = (
        await session.scalars(
            select(QnaQuestion)
            .where(col(QnaQuestion.room_id) == room_id, col(QnaQuestion.participant_id) == participant_id)
            .order_by(col(QnaQuestion.created_at).desc())
            .limit(PANEL_SIZE)
        )
    ).all()
    return {**snapshot, "upvoted": list(upvoted), "mine": [item_organiser(q) for q in mine]}


async def settings_now(session: AsyncSession, room: Room) -> QnaSettings:
    """The room's Q&A settings as they hold now: opened by the deck's Q&A item while it is on."""
    current = await session.get(Question, room.current_question_id) if room.current_question_id else None
    return in_effect(qna_settings(room.settings), current is not None and opens_qna(current.type))


async def _open_settings(session: AsyncSession, room: Room) -> QnaSettings:
    settings = await settings_now(session, room)
    if room.status != "live":
        raise Locked("this room has ended")
    if not settings.enabled:
        raise Locked("the Q&A is not open in this room")
    return settings


async def ask(
    session: AsyncSession,
    room: Room,
    participant_id: str,
    text: str,
    name: str | None,
    settings: Settings,
) -> QnaQuestion:
    qna = await _open_settings(session, room)
    text = clean_text(text, max_graphemes=qna.max_length, field="text")
    author: str | None = None
    if name is not None and name.strip():
        if not qna.allow_names:
            raise InvalidInput("names are not allowed in this room's Q&A; leave name out")
        author = clean_text(name, max_graphemes=MAX_NAME, field="name")
    asked = await session.scalar(
        select(func.count()).select_from(QnaQuestion).where(col(QnaQuestion.room_id) == room.id)
    )
    if (asked or 0) >= settings.qna_max_questions_per_room:
        raise Conflict(f"this room's Q&A is full ({settings.qna_max_questions_per_room} questions)")
    texts = [text] if author is None else [text, author]
    status: Status = initial_status(qna.moderation, texts, settings)
    question = QnaQuestion(
        room_id=room.id, participant_id=participant_id, author_name=author, text=text, status=status
    )
    session.add(question)
    await session.flush()
    return question


async def set_upvote(
    session: AsyncSession, room: Room, question_id: str, participant_id: str, *, up: bool
) -> int:
    """Upvote (or take back the upvote of) a visible question; returns its upvote count. Doing it
    twice changes nothing the second time."""
    if not (await _open_settings(session, room)).allow_upvotes:
        raise Locked("upvoting is turned off in this room's Q&A")
    # Writing first takes the question's row lock, so simultaneous upvotes queue up here.
    current = (
        await session.execute(
            update(QnaQuestion)
            .where(
                col(QnaQuestion.id) == question_id[:64],
                col(QnaQuestion.room_id) == room.id,
                col(QnaQuestion.status) == VISIBLE,
            )
            .values(upvotes=col(QnaQuestion.upvotes))
            .returning(col(QnaQuestion.upvotes))
            .execution_options(synchronize_session=False)
        )
    ).first()
    if current is None:
        raise NotFound("no such question in this room's Q&A")
    if up:
        insert = insert_for(session)
        changed = (
            await session.execute(
                insert(_upvotes)
                .values(qna_question_id=question_id, participant_id=participant_id, created_at=utcnow())
                .on_conflict_do_nothing(index_elements=["qna_question_id", "participant_id"])
                .returning(_upvotes.c.qna_question_id)
            )
        ).first()
    else:
        changed = (
            await session.execute(
                delete(_upvotes)
                .where(_upvotes.c.qna_question_id == question_id, _upvotes.c.participant_id == participant_id)
                .returning(_upvotes.c.qna_question_id)
            )
        ).first()
    if changed is None:
        return int(current[0])
    count = await session.scalar(
        update(QnaQuestion)
        .where(col(QnaQuestion.id) == question_id)
        .values(upvotes=col(QnaQuestion.upvotes) + (1 if up else -1))
        .returning(col(QnaQuestion.upvotes))
        .execution_options(synchronize_session=False)
    )
    return int(count or 0)


async def organiser_list(session: AsyncSession, room: Room, status: str | None) -> dict[str, Any]:
    query = select(QnaQuestion).where(col(QnaQuestion.room_id) == room.id)
    if status is not None:
        query = query.where(col(QnaQuestion.status) == status)
    questions = (
        await session.scalars(query.order_by(col(QnaQuestion.created_at).desc()).limit(ORGANISER_LIST_SIZE))
    ).all()
    return {
        "settings": public_settings(await settings_now(session, room)),
        "counts": await _counts(session, room.id),
        "questions": [item_organiser(q) for q in questions],
    }


async def organiser_update(
    session: AsyncSession, room: Room, question_id: str, answered: bool | None, status: str | None
) -> QnaQuestion:
    question = await session.get(QnaQuestion, question_id[:64])
    if question is None or question.room_id != room.id:
        raise NotFound("no such question in this room's Q&A")
    if answered is not None:
        question.answered = answered
    if status is not None:
        question.status = status
    await session.flush()
    return question
