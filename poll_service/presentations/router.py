from typing import Any

from fastapi import APIRouter

from poll_service.context import AppContext
from poll_service.db import transaction
from poll_service.deps import ContextDep, CurrentOrganiser
from poll_service.presentations import service
from poll_service.presentations.projection import question_public
from poll_service.presentations.schemas import (
    PresentationCreate,
    PresentationPublic,
    PresentationUpdate,
    QuestionCreate,
    QuestionOrder,
    QuestionPublic,
    QuestionUpdate,
)

router = APIRouter(tags=["presentations"])


async def _refresh_live_rooms(context: AppContext, presentation_id: str) -> None:
    """Rooms running this presentation pick up the edit at once, on every worker."""
    async with context.sessionmaker() as session:
        room_ids = await service.live_room_ids(session, presentation_id)
        if not room_ids:
            return
        payload = service.live_questions_payload(await service.ordered_questions(session, presentation_id))
    for room_id in room_ids:
        await context.rooms.publish(room_id, "questions", questions=payload)


@router.post("/api/presentations", status_code=201)
async def create_presentation(
    body: PresentationCreate, user: CurrentOrganiser, context: ContextDep
) -> PresentationPublic:
    async with transaction(context.sessionmaker) as session:
        presentation = await service.create_presentation(session, user, body)
        public = await service.presentation_public(session, presentation)
    return PresentationPublic.model_validate(public)


@router.get("/api/presentations")
async def list_presentations(user: CurrentOrganiser, context: ContextDep) -> list[PresentationPublic]:
    async with context.sessionmaker() as session:
        presentations = await service.list_presentations(session, user)
        return [
            PresentationPublic.model_validate(await service.presentation_public(session, p))
            for p in presentations
        ]


@router.get("/api/presentations/{presentation_id}")
async def get_presentation(
    presentation_id: str, user: CurrentOrganiser, context: ContextDep
) -> PresentationPublic:
    async with context.sessionmaker() as session:
        presentation = await service.owned_presentation(session, user, presentation_id)
        return PresentationPublic.model_validate(await service.presentation_public(session, presentation))


@router.patch("/api/presentations/{presentation_id}")
async def update_presentation(
    presentation_id: str, body: PresentationUpdate, user: CurrentOrganiser, context: ContextDep
) -> PresentationPublic:
    async with transaction(context.sessionmaker) as session:
        presentation = await service.owned_presentation(session, user, presentation_id)
        service.update_presentation(presentation, body)
        await session.flush()
        public = await service.presentation_public(session, presentation)
    return PresentationPublic.model_validate(public)


@router.delete("/api/presentations/{presentation_id}", status_code=204)
async def delete_presentation(presentation_id: str, user: CurrentOrganiser, context: ContextDep) -> None:
    async with transaction(context.sessionmaker) as session:
        presentation = await service.owned_presentation(session, user, presentation_id)
        room_ids = await service.live_room_ids(session, presentation.id)
        await session.delete(presentation)
    for room_id in room_ids:
        await context.rooms.publish(room_id, "deleted")


@router.post("/api/presentations/{presentation_id}/questions", status_code=201)
async def add_question(
    presentation_id: str, body: QuestionCreate, user: CurrentOrganiser, context: ContextDep
) -> QuestionPublic:
    async with transaction(context.sessionmaker) as session:
        presentation = await service.owned_presentation(session, user, presentation_id)
        question = await service.add_question(session, presentation, body)
        public = question_public(question, reveal_answers=True)
    await _refresh_live_rooms(context, presentation_id)
    return QuestionPublic.model_validate(public)


@router.patch("/api/questions/{question_id}")
async def update_question(
    question_id: str, body: QuestionUpdate, user: CurrentOrganiser, context: ContextDep
) -> QuestionPublic:
    async with transaction(context.sessionmaker) as session:
        question = await service.owned_question(session, user, question_id)
        service.change_question(question, body)
        await session.flush()
        public: dict[str, Any] = question_public(question, reveal_answers=True)
        presentation_id = question.presentation_id
    await _refresh_live_rooms(context, presentation_id)
    return QuestionPublic.model_validate(public)


@router.delete("/api/questions/{question_id}", status_code=204)
async def delete_question(question_id: str, user: CurrentOrganiser, context: ContextDep) -> None:
    async with transaction(context.sessionmaker) as session:
        question = await service.owned_question(session, user, question_id)
        presentation_id = question.presentation_id
        await service.delete_question(session, question)
    await _refresh_live_rooms(context, presentation_id)


@router.put("/api/presentations/{presentation_id}/question-order")
async def reorder_questions(
    presentation_id: str, body: QuestionOrder, user: CurrentOrganiser, context: ContextDep
) -> PresentationPublic:
    async with transaction(context.sessionmaker) as session:
        presentation = await service.owned_presentation(session, user, presentation_id)
        await service.reorder_questions(session, presentation, body.question_ids)
        await session.flush()
        public = await service.presentation_public(session, presentation)
    await _refresh_live_rooms(context, presentation_id)
    return PresentationPublic.model_validate(public)
