from typing import Annotated, Any

from fastapi import APIRouter, Query

from poll_service.deps import ContextDep, CurrentOrganiser
from poll_service.media.service import check_placed
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
from poll_service.workspaces.access import EDIT, VIEW

router = APIRouter(tags=["presentations"])


@router.post("/api/presentations", status_code=201)
async def create_presentation(
    body: PresentationCreate, user: CurrentOrganiser, context: ContextDep
) -> PresentationPublic:
    async with context.unit_of_work() as work:
        presentation = await service.create_presentation(work.session, user, body, body.workspace_id)
        public = await service.presentation_public(work.session, presentation, user)
    return PresentationPublic.model_validate(public)


@router.get("/api/presentations")
async def list_presentations(
    user: CurrentOrganiser,
    context: ContextDep,
    workspace_id: Annotated[str | None, Query(max_length=32, description="only this workspace's")] = None,
) -> list[PresentationPublic]:
    async with context.sessionmaker() as session:
        presentations = await service.list_presentations(session, user, workspace_id)
        return [
            PresentationPublic.model_validate(await service.presentation_public(session, p, user))
            for p in presentations
        ]


@router.get("/api/presentations/{presentation_id}")
async def get_presentation(
    presentation_id: str, user: CurrentOrganiser, context: ContextDep
) -> PresentationPublic:
    async with context.sessionmaker() as session:
        presentation = await service.owned_presentation(session, user, presentation_id, need=VIEW)
        return PresentationPublic.model_validate(
            await service.presentation_public(session, presentation, user)
        )


@router.patch("/api/presentations/{presentation_id}")
async def update_presentation(
    presentation_id: str, body: PresentationUpdate, user: CurrentOrganiser, context: ContextDep
) -> PresentationPublic:
    async with context.unit_of_work() as work:
        presentation = await service.owned_presentation(work.session, user, presentation_id, need=EDIT)
        service.update_presentation(presentation, body)
        await work.session.flush()
        public = await service.presentation_public(work.session, presentation, user)
    return PresentationPublic.model_validate(public)


@router.delete("/api/presentations/{presentation_id}", status_code=204)
async def delete_presentation(presentation_id: str, user: CurrentOrganiser, context: ContextDep) -> None:
    async with context.unit_of_work() as work:
        presentation = await service.owned_presentation(work.session, user, presentation_id, need=EDIT)
        await service.delete_presentation(work, user, presentation)


@router.post("/api/presentations/{presentation_id}/questions", status_code=201)
async def add_question(
    presentation_id: str, body: QuestionCreate, user: CurrentOrganiser, context: ContextDep
) -> QuestionPublic:
    async with context.unit_of_work() as work:
        presentation = await service.owned_presentation(work.session, user, presentation_id, need=EDIT)
        question = await service.add_question(work.session, presentation, body)
        public = question_public(question, reveal_answers=True)
        await service.refresh_live_rooms(work, presentation_id)
    return QuestionPublic.model_validate(public)


@router.patch("/api/questions/{question_id}")
async def update_question(
    question_id: str, body: QuestionUpdate, user: CurrentOrganiser, context: ContextDep
) -> QuestionPublic:
    async with context.unit_of_work() as work:
        question = await service.owned_question(work.session, user, question_id, need=EDIT)
        service.change_question(question, body)
        await check_placed(work.session, question.presentation_id, question)
        await work.session.flush()
        public: dict[str, Any] = question_public(question, reveal_answers=True)
        await service.refresh_live_rooms(work, question.presentation_id)
    return QuestionPublic.model_validate(public)


@router.delete("/api/questions/{question_id}", status_code=204)
async def delete_question(question_id: str, user: CurrentOrganiser, context: ContextDep) -> None:
    async with context.unit_of_work() as work:
        question = await service.owned_question(work.session, user, question_id, need=EDIT)
        await service.delete_question(work.session, question)
        await service.refresh_live_rooms(work, question.presentation_id)


@router.post("/api/questions/{question_id}/duplicate", status_code=201)
async def duplicate_question(question_id: str, user: CurrentOrganiser, context: ContextDep) -> QuestionPublic:
    """A copy of the question (or slide) right after it; the deck editor's "duplicate"."""
    async with context.unit_of_work() as work:
        question = await service.owned_question(work.session, user, question_id, need=EDIT)
        copied = await service.duplicate_question(work.session, question)
        public: dict[str, Any] = question_public(copied, reveal_answers=True)
        await service.refresh_live_rooms(work, question.presentation_id)
    return QuestionPublic.model_validate(public)


@router.put("/api/presentations/{presentation_id}/question-order")
async def reorder_questions(
    presentation_id: str, body: QuestionOrder, user: CurrentOrganiser, context: ContextDep
) -> PresentationPublic:
    async with context.unit_of_work() as work:
        presentation = await service.owned_presentation(work.session, user, presentation_id, need=EDIT)
        await service.reorder_questions(work.session, presentation, body.question_ids)
        await work.session.flush()
        public = await service.presentation_public(work.session, presentation, user)
        await service.refresh_live_rooms(work, presentation_id)
    return PresentationPublic.model_validate(public)
