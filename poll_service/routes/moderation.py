"""Organiser routes for moderating free text: the queue, approve / hide, hidden word-cloud words.

Each change is committed first, then `{"k": "recount", "question_id"}` goes over the hub: every
worker re-reads that question and its sockets get fresh results on the next tick (live/loading.recount).
"""

from functools import partial
from typing import Annotated

from fastapi import APIRouter, Query

from poll_service.deps import ContextDep, CurrentOrganiser
from poll_service.moderation import service
from poll_service.moderation.schemas import (
    HiddenWordIn,
    HiddenWords,
    ModeratedResponse,
    ModeratedStatus,
    ModerationQueue,
    ResponseStatusUpdate,
)
from poll_service.rooms.service import owned_room
from poll_service.workspaces.access import RUN

router = APIRouter(tags=["moderation"])


@router.get("/api/rooms/{room_id}/moderation")
async def moderation_queue(
    room_id: str,
    user: CurrentOrganiser,
    context: ContextDep,
    status: Annotated[ModeratedStatus, Query(description="which entries to list")] = "pending",
    question_id: Annotated[str | None, Query(max_length=64, description="only this question's")] = None,
) -> ModerationQueue:
    """Word-cloud and open-text answers with this status (default: waiting for approval), newest
    first (at most 500), and how many are pending and hidden in the whole room."""
    async with context.sessionmaker() as session:
        room = await owned_room(session, user, room_id, need=RUN)
        return ModerationQueue.model_validate(await service.queue(session, room, status, question_id))


@router.patch("/api/rooms/{room_id}/responses/{response_id}")
async def moderate_response(
    room_id: str, response_id: str, body: ResponseStatusUpdate, user: CurrentOrganiser, context: ContextDep
) -> ModeratedResponse:
    """Approve or restore an answer (`visible`: it counts and shows) or hide it."""
    async with context.unit_of_work() as work:
        room = await owned_room(work.session, user, room_id, need=RUN)
        entry = await service.set_status(work.session, room, response_id, body.status)
        work.after_commit(partial(context.rooms.recount, room.id, entry["question_id"]))
    return ModeratedResponse.model_validate(entry)


@router.get("/api/rooms/{room_id}/questions/{question_id}/hidden-words")
async def list_hidden_words(
    room_id: str, question_id: str, user: CurrentOrganiser, context: ContextDep
) -> HiddenWords:
    async with context.sessionmaker() as session:
        room = await owned_room(session, user, room_id, need=RUN)
        question = await service.room_word_cloud(session, room, question_id)
        words = await service.hidden_words(session, room.id, question.id)
    return HiddenWords(question_id=question.id, words=words)


@router.post("/api/rooms/{room_id}/questions/{question_id}/hidden-words", status_code=201)
async def hide_word(
    room_id: str, question_id: str, body: HiddenWordIn, user: CurrentOrganiser, context: ContextDep
) -> HiddenWords:
    """Hide a word from this room's cloud (every spelling of it: it is matched by its folded key)."""
    async with context.unit_of_work() as work:
        room = await owned_room(work.session, user, room_id, need=RUN)
        question = await service.room_word_cloud(work.session, room, question_id)
        words = await service.hide_word(work.session, room, question.id, body.word)
        work.after_commit(partial(context.rooms.recount, room.id, question.id))
    return HiddenWords(question_id=question.id, words=words)


@router.delete("/api/rooms/{room_id}/questions/{question_id}/hidden-words/{word}")
async def unhide_word(
    room_id: str, question_id: str, word: str, user: CurrentOrganiser, context: ContextDep
) -> HiddenWords:
    """Show a hidden word again (`word` is its key or any spelling of it, URL-encoded)."""
    async with context.unit_of_work() as work:
        room = await owned_room(work.session, user, room_id, need=RUN)
        question = await service.room_word_cloud(work.session, room, question_id)
        words = await service.unhide_word(work.session, room, question.id, word)
        work.after_commit(partial(context.rooms.recount, room.id, question.id))
    return HiddenWords(question_id=question.id, words=words)
