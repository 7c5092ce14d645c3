"""Q&A routes: participants ask and upvote (by join code), organisers list, answer, approve and hide.

Every change is committed, then `{"k": "qna"}` goes over the hub so every worker's sockets get a
fresh panel on their room's next tick (qna/feed.py)."""

from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy.ext.asyncio import AsyncSession

from poll_service.context import AppContext
from poll_service.deps import BaseUrlDep, ContextDep, CurrentOrganiser, CurrentParticipant
from poll_service.errors import NotFound
from poll_service.models import Room
from poll_service.moderation.rules import NOTES
from poll_service.participants.voting import participant_room
from poll_service.qna import service
from poll_service.qna.schemas import (
    QnaAsk,
    QnaAsked,
    QnaOrganiserList,
    QnaOwnItem,
    QnaParticipantPanel,
    QnaStatus,
    QnaUpdate,
    QnaUpvoted,
)
from poll_service.rooms.service import owned_room
from poll_service.security import ParticipantIdentity
from poll_service.workspaces.access import RUN

router = APIRouter(tags=["qna"])


async def _participant_room_id(
    context: AppContext, identity: ParticipantIdentity, join_code: str, base_url: str
) -> str:
    """The participant's room (checked as the vote route checks it: code, membership)."""
    room = await participant_room(context, identity, join_code, base_url)
    return room.id


async def _room_row(session: AsyncSession, room_id: str) -> Room:
    room = await session.get(Room, room_id)
    if room is None:  # pragma: no cover (the live room was just found)
        raise NotFound("room not found")
    return room


@router.get("/api/join/{join_code}/qna")
async def participant_panel(
    join_code: str, identity: CurrentParticipant, context: ContextDep, base_url: BaseUrlDep
) -> QnaParticipantPanel:
    """The room's Q&A as this participant sees it: visible questions, their upvotes, their own."""
    room_id = await _participant_room_id(context, identity, join_code, base_url)
    async with context.sessionmaker() as session:
        view = await service.participant_view(session, room_id, identity.participant_id)
    return QnaParticipantPanel.model_validate(view)


@router.post("/api/join/{join_code}/qna", status_code=201)
async def ask_question(
    join_code: str, body: QnaAsk, identity: CurrentParticipant, context: ContextDep, base_url: BaseUrlDep
) -> QnaAsked:
    """Ask a question. With moderation it may be stored as `pending` or `hidden`: `message` says so."""
    await context.limits.qna_questions.check(identity.participant_id)
    room_id = await _participant_room_id(context, identity, join_code, base_url)
    async with context.unit_of_work() as work:
        room = await _room_row(work.session, room_id)
        question = await service.ask(
            work.session, room, identity.participant_id, body.text, body.name, context.settings
        )
        item = service.item_organiser(question)
        work.publish(room_id, "qna")
    # Counted once stored: a refused question (empty, too long, Q&A closed) costs nothing.
    await context.limits.qna_questions.hit(identity.participant_id)
    return QnaAsked(**item, message=NOTES.get(question.status))


async def _upvote(
    join_code: str,
    question_id: str,
    identity: ParticipantIdentity,
    context: AppContext,
    base_url: str,
    *,
    up: bool,
) -> QnaUpvoted:
    await context.limits.qna_upvotes.hit(identity.participant_id)
    room_id = await _participant_room_id(context, identity, join_code, base_url)
    async with context.unit_of_work() as work:
        room = await _room_row(work.session, room_id)
        upvotes = await service.set_upvote(work.session, room, question_id, identity.participant_id, up=up)
        work.publish(room_id, "qna")
    return QnaUpvoted(id=question_id, upvotes=upvotes, upvoted=up)


@router.post("/api/join/{join_code}/qna/{question_id}/upvote")
async def upvote(
    join_code: str, question_id: str, identity: CurrentParticipant, context: ContextDep, base_url: BaseUrlDep
) -> QnaUpvoted:
    """Upvote a visible question: one upvote per participant per question (again: no change)."""
    return await _upvote(join_code, question_id, identity, context, base_url, up=True)


@router.delete("/api/join/{join_code}/qna/{question_id}/upvote")
async def take_back_upvote(
    join_code: str, question_id: str, identity: CurrentParticipant, context: ContextDep, base_url: BaseUrlDep
) -> QnaUpvoted:
    """Take back one's upvote (no upvote to take back: no change)."""
    return await _upvote(join_code, question_id, identity, context, base_url, up=False)


@router.get("/api/rooms/{room_id}/qna")
async def organiser_panel(
    room_id: str,
    user: CurrentOrganiser,
    context: ContextDep,
    status: Annotated[QnaStatus | None, Query(description="only questions with this status")] = None,
) -> QnaOrganiserList:
    """Every question of the room's Q&A (also pending and hidden ones), newest first, with counts."""
    async with context.sessionmaker() as session:
        room = await owned_room(session, user, room_id, need=RUN)
        listing = await service.organiser_list(session, room, status)
    return QnaOrganiserList.model_validate(listing)


@router.patch("/api/rooms/{room_id}/qna/{question_id}")
async def organiser_update(
    room_id: str, question_id: str, body: QnaUpdate, user: CurrentOrganiser, context: ContextDep
) -> QnaOwnItem:
    """Mark a question answered (or not), approve it (`status: "visible"`) or hide it."""
    async with context.unit_of_work() as work:
        room = await owned_room(work.session, user, room_id, need=RUN)
        question = await service.organiser_update(work.session, room, question_id, body.answered, body.status)
        item = service.item_organiser(question)
        work.publish(room.id, "qna")
    return QnaOwnItem.model_validate(item)
