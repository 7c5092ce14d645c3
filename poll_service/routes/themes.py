"""Themes: a presentation's colours and font, and the organiser's default for new presentations.
A theme below WCAG AA contrast is refused (422) with the failing pairs named."""

from fastapi import APIRouter

from poll_service.deps import ContextDep, CurrentOrganiser
from poll_service.pages.audience_theme import forget_theme
from poll_service.presentations.service import owned_presentation
from poll_service.themes import service
from poll_service.themes.schemas import Theme, ThemePublic
from poll_service.workspaces.access import EDIT, VIEW

router = APIRouter(tags=["themes"])


@router.get(
    "/api/presentations/{presentation_id}/theme",
    summary="A presentation's theme and its contrast",
    response_model_exclude_none=True,
)
async def get_theme(presentation_id: str, user: CurrentOrganiser, context: ContextDep) -> ThemePublic:
    async with context.sessionmaker() as session:
        return service.presentation_theme(await owned_presentation(session, user, presentation_id, need=VIEW))


@router.put(
    "/api/presentations/{presentation_id}/theme",
    summary="Set a presentation's theme (422 if a pair is below WCAG AA)",
    response_model_exclude_none=True,
)
async def put_theme(
    presentation_id: str, body: Theme, user: CurrentOrganiser, context: ContextDep
) -> ThemePublic:
    await context.limits.deck_writes.hit(user.id)
    async with context.unit_of_work() as work:
        presentation = await owned_presentation(work.session, user, presentation_id, need=EDIT)
        await service.set_presentation_theme(work.session, presentation, body)
        forget_theme(presentation.id)  # harmless if the commit fails: it is read again
        return service.presentation_theme(presentation)


@router.delete(
    "/api/presentations/{presentation_id}/theme",
    summary="Back to the pages' own look",
    response_model_exclude_none=True,
)
async def delete_theme(presentation_id: str, user: CurrentOrganiser, context: ContextDep) -> ThemePublic:
    await context.limits.deck_writes.hit(user.id)
    async with context.unit_of_work() as work:
        presentation = await owned_presentation(work.session, user, presentation_id, need=EDIT)
        await service.set_presentation_theme(work.session, presentation, None)
        forget_theme(presentation.id)  # harmless if the commit fails: it is read again
        return service.presentation_theme(presentation)


@router.get(
    "/api/themes/default",
    summary="The theme your new presentations start with",
    response_model_exclude_none=True,
)
async def get_default(user: CurrentOrganiser, context: ContextDep) -> ThemePublic:
    async with context.sessionmaker() as session:
        return await service.organiser_theme(session, user)


@router.put(
    "/api/themes/default",
    summary="Set the theme your new presentations start with",
    response_model_exclude_none=True,
)
async def put_default(body: Theme, user: CurrentOrganiser, context: ContextDep) -> ThemePublic:
    await context.limits.deck_writes.hit(user.id)
    async with context.unit_of_work() as work:
        return await service.set_default_theme(work.session, user, body)


@router.delete(
    "/api/themes/default",
    summary="New presentations keep the pages' own look",
    response_model_exclude_none=True,
)
async def delete_default(user: CurrentOrganiser, context: ContextDep) -> ThemePublic:
    await context.limits.deck_writes.hit(user.id)
    async with context.unit_of_work() as work:
        return await service.set_default_theme(work.session, user, None)
