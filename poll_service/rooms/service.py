"""Live runs of a presentation: opening a room, the presenter's controls, the results."""

from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from poll_service.errors import Conflict, InvalidInput, NotFound
from poll_service.ids import utcnow
from poll_service.models import Participant, Presentation, Question, Response, Room, User
from poll_service.moderation.hidden import hidden_words_by_question
from poll_service.presentations.service import ordered_questions
from poll_service.qna.settings import QnaSettingsPatch, with_qna
from poll_service.question_types.registry import recount_extras, takes_answers, tally
from poll_service.rooms.join_codes import new_join_code
from poll_service.rooms.projection import room_public
from poll_service.rooms.rules import AUDIENCE, new_room_settings
from poll_service.webhooks import outbox
from poll_service.workspaces import access, audit
from poll_service.workspaces.access import Need

MAX_LIVE_ROOMS_PER_ORGANISER = 100
_JOIN_CODE_ATTEMPTS = 20


async def owned_room(session: AsyncSession, user: User, room_id: str, *, need: Need) -> Room:
    """The room if the organiser's role in its presentation's workspace allows `need`
    (accounts/access.py): another workspace's, or one not handed to a facilitator limited to
    some rooms, is a 404; too low a role a 403."""
    room, _ = await access.require_room(session, user, await session.get(Room, room_id[:64]), need)
    return room


async def owned_room_with_presentation(
    session: AsyncSession, user: User, room_id: str, *, need: Need
) -> tuple[Room, Presentation] | None:
    """The room and its presentation; None when it is not the organiser's to see (or none). Too
    low a role is a 403 (Forbidden), as for the JSON routes."""
    try:
        room = await owned_room(session, user, room_id, need=need)
    except NotFound:
        return None
    presentation = await session.get(Presentation, room.presentation_id)
    assert presentation is not None  # deleting a presentation deletes its rooms
    return room, presentation


async def record_in_audit(session: AsyncSession, user: User, room: Room, action: str) -> None:
    """An audit entry about a room, in its presentation's workspace."""
    presentation = await session.get(Presentation, room.presentation_id)
    if presentation is not None and presentation.workspace_id is not None:
        target = f"{room.name} ({room.join_code}, {room.id})"
        audit.record(session, presentation.workspace_id, user, action, target)


async def participant_count(session: AsyncSession, room_id: str) -> int:
    count = await session.scalar(
        select(func.count()).select_from(Participant).where(col(Participant.room_id) == room_id)
    )
    return int(count or 0)


async def room_with_count(session: AsyncSession, room: Room, base_url: str) -> dict[str, Any]:
    return room_public(room, base_url, await participant_count(session, room.id))


async def open_room(
    sessionmaker: async_sessionmaker[AsyncSession],
    owner: User,
    presentation_id: str,
    name: str | None,
    pacing: str | None = None,
    qna: QnaSettingsPatch | None = None,
) -> Room:
    """A new live room in its lobby, with a fresh unique join code. Voting opens when the first
    question is shown; a self-paced survey (audience pacing) is open from the start."""
    for _ in range(_JOIN_CODE_ATTEMPTS):
        try:
            async with sessionmaker() as session, session.begin():
                presentation = await session.get(Presentation, presentation_id[:64])
                await access.require_presentation(
                    session, owner, presentation, access.RUN, "presentation not found"
                )
                assert presentation is not None
                # A facilitator handed some rooms runs those; opening more is the organiser's.
                await access.require_whole(session, owner, presentation)
                live = await session.scalar(
                    select(func.count())
                    .select_from(Room)
                    .where(col(Room.owner_id) == owner.id, col(Room.status) == "live")
                )
                if (live or 0) >= MAX_LIVE_ROOMS_PER_ORGANISER:
                    raise Conflict(
                        f"at most {MAX_LIVE_ROOMS_PER_ORGANISER} live rooms at once; end one first"
                    )
                questions = await ordered_questions(session, presentation.id)
                settings = new_room_settings(presentation.settings, pacing)
                survey_open = bool(questions) and settings["pacing"] == AUDIENCE
                room = Room(
                    presentation_id=presentation.id,
                    owner_id=owner.id,
                    name=(name or "").strip() or presentation.title,
                    join_code=new_join_code(),
                    current_question_id=None,
                    voting_open=survey_open,
                    voting_opened_at=utcnow() if survey_open else None,
                    settings=with_qna(presentation.settings or {}, settings, qna),
                )
                session.add(room)
                await session.flush()
                await record_in_audit(session, owner, room, "room.start")
                await outbox.record(session, room, "room.started", {})  # sent once this commits
            return room
        except IntegrityError:
            continue  # the code was taken by a live room meanwhile: draw another
    raise Conflict("could not find a free join code; try again")


async def apply_action(session: AsyncSession, room: Room, action: str, question_id: str | None) -> str | None:
    """Change the room as the presenter asked. Returns a question id whose answers were reset."""
    if room.status != "live":
        raise Conflict("this room has ended")
    audience = (room.settings or {}).get("pacing") == AUDIENCE
    if action == "lobby":
        room.current_question_id = None
        room.voting_open = room.voting_open and audience  # a self-paced survey stays as it is
        return None
    if action == "open_voting" and room.current_question_id is None and not audience:
        # From the lobby: a client that does not know it means the first question.
        questions = await ordered_questions(session, room.presentation_id)
        if not questions:
            raise Conflict("there is no question to open; add one first")
        room.current_question_id, room.voting_open = questions[0].id, takes_answers(questions[0].type)
        return None
    if action in {"goto", "next", "previous"}:
        questions = await ordered_questions(session, room.presentation_id)
        types = {q.id: q.type for q in questions}
        target = _target_question([q.id for q in questions], room.current_question_id, action, question_id)
        # A content slide or the Q&A item takes no votes: voting stays closed while it is on.
        answered = target is not None and takes_answers(types[target])
        if target != room.current_question_id:
            room.current_question_id = target
            room.voting_open = answered
        elif action == "goto":
            room.voting_open = answered
        return None
    if action == "reset_question" and room.current_question_id is None:
        raise Conflict("there is no current question; go to a question first")
    if action == "open_voting":
        current = await session.get(Question, room.current_question_id) if room.current_question_id else None
        if current is not None and not takes_answers(current.type):
            raise Conflict(f"this {current.type} item takes no answers; voting stays closed")
        room.voting_open = True
    elif action == "close_voting":
        room.voting_open = False
    elif action == "show_results":
        room.results_visible = True
    elif action == "hide_results":
        room.results_visible = False
    elif action == "lock":
        room.locked = True
    elif action == "unlock":
        room.locked = False
    elif action == "end":
        room.status = "ended"
        room.voting_open = False
        room.ended_at = utcnow()
    elif action == "reset_question":
        await session.execute(
            delete(Response).where(
                col(Response.room_id) == room.id,
                col(Response.question_id) == room.current_question_id,
            )
        )
        return room.current_question_id
    return None


def _target_question(
    order: list[str], current: str | None, action: str, question_id: str | None
) -> str | None:
    if action == "goto":
        if not question_id:
            raise InvalidInput("goto needs question_id")
        if question_id not in order:
            raise NotFound("that question is not part of this room's presentation")
        return question_id
    if not order:
        return None
    if current not in order:  # the lobby: "next" shows the first question, "previous" stays
        return order[0] if action == "next" else None
    index = order.index(current) + (1 if action == "next" else -1)
    return order[min(max(index, 0), len(order) - 1)]


async def room_results(session: AsyncSession, room: Room) -> dict[str, Any]:
    """Results recounted from the stored responses: the authoritative numbers."""
    kept = (room.settings or {}).get("final_results")
    if kept is not None:  # purged after the retention period: only the aggregate is left
        return dict(kept)
    questions = await ordered_questions(session, room.presentation_id)
    rows = (
        await session.execute(
            select(col(Response.question_id), col(Response.answer))
            # Only what moderation lets through counts (pending and hidden answers do not).
            .where(col(Response.room_id) == room.id, col(Response.status) == "visible")
            .order_by(col(Response.created_at), col(Response.id))  # "newest first" lists need it
        )
    ).all()
    answers: dict[str, list[dict[str, Any]]] = {q.id: [] for q in questions}
    for question_id, answer in rows:
        answers.setdefault(question_id, []).append(answer)
    hidden = await hidden_words_by_question(session, [room.id])
    return {
        "room_id": room.id,
        "participant_count": await participant_count(session, room.id),
        "questions": [_question_result(q, answers[q.id], hidden.get((room.id, q.id), ())) for q in questions],
    }


def _question_result(
    question: Question, answers: list[dict[str, Any]], hidden_keys: Iterable[str] = ()
) -> dict[str, Any]:
    return {
        "question_id": question.id,
        "type": question.type,
        "prompt": question.prompt,
        "response_count": len(answers),
        "tally": tally(question.type, question.options, answers, question.settings, hidden_keys),
        **recount_extras(question.type, answers),
    }
