"""Reuse routes: duplicate a presentation, a deck as JSON (export, import), questions from a
spreadsheet, new from a built-in template. Owner only: another organiser's id is a 404."""

import asyncio
import base64
import binascii
import functools
import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from poll_service.decks import deck_media, templates
from poll_service.decks.building import add_questions, presentation_from_deck
from poll_service.decks.document import DeckDocument, deck_of, read_deck
from poll_service.decks.duplicate import duplicate_presentation
from poll_service.decks.schemas import (
    DuplicateRequest,
    FromTemplate,
    SpreadsheetUpload,
    TemplateLanguage,
    TemplateSummary,
)
from poll_service.decks.spreadsheet import parse_off_loop
from poll_service.deps import ContextDep, CurrentOrganiser
from poll_service.errors import InvalidInput
from poll_service.exports.files import content_disposition
from poll_service.i18n import catalogue
from poll_service.pages.language import explicit_lang
from poll_service.presentations import service
from poll_service.presentations.schemas import PresentationPublic
from poll_service.themes.schemas import Theme
from poll_service.themes.service import existing_media
from poll_service.workspaces.access import EDIT, VIEW

router = APIRouter(tags=["reuse"])

_DECK_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/DeckDocument"}}},
    }
}


@router.post("/api/presentations/{presentation_id}/duplicate", status_code=201)
async def duplicate(
    presentation_id: str, body: DuplicateRequest, user: CurrentOrganiser, context: ContextDep
) -> PresentationPublic:
    """A copy owned by the caller: the questions, and with `with_results` the rooms (ended),
    participants, answers, Q&A and hidden words too, all under new ids."""
    await context.limits.deck_writes.hit(user.id)
    async with context.unit_of_work() as work:
        source = await service.owned_presentation(work.session, user, presentation_id, need=EDIT)
        title = body.title or _copy_title(source.title, source.language)
        copy = await duplicate_presentation(
            work.session, user, source, title=title, with_results=body.with_results
        )
        public = await service.presentation_public(work.session, copy, user)
    return PresentationPublic.model_validate(public)


def _copy_title(title: str, language: str) -> str:
    texts = catalogue(language if language in ("en", "nl") else "en")
    return texts["reuse.copy_title"].format(title=title)[:200]


@router.get("/api/presentations/{presentation_id}/deck", responses={200: {"model": DeckDocument}})
async def export_deck(presentation_id: str, user: CurrentOrganiser, context: ContextDep) -> Response:
    """The presentation as a deck document (docs/reuse.md): its questions, no answers."""
    async with context.sessionmaker() as session:
        presentation = await service.owned_presentation(session, user, presentation_id, need=VIEW)
        questions = await service.ordered_questions(session, presentation.id)
        stored_theme = await existing_media(session, presentation.theme)
        theme = Theme.model_validate(stored_theme) if stored_theme else None
        media = await deck_media.embedded(session, presentation.id, questions, theme)
    deck = functools.partial(
        deck_of,
        presentation.title,
        presentation.language,
        presentation.settings,
        questions,
        theme.model_dump(exclude_none=True) if theme else None,
    )
    # With its images a deck can be tens of MB: encoded and serialised off the event loop.
    body = await asyncio.to_thread(
        lambda: json.dumps(
            deck(deck_media.as_base64(media)), ensure_ascii=False, separators=(",", ":")
        ).encode()
    )
    return Response(
        body,
        media_type="application/json",
        headers={
            "Content-Disposition": content_disposition(f"{presentation.title} - deck", "json"),
            "Cache-Control": "private, no-store",
        },
    )


@router.post("/api/presentations/import", status_code=201, openapi_extra=_DECK_BODY)
async def import_deck(request: Request, user: CurrentOrganiser, context: ContextDep) -> PresentationPublic:
    """A new presentation from a deck document; a 422 names the wrong field
    (`questions[2].options[0].label: ...`)."""
    await context.limits.deck_writes.hit(user.id)
    settings = context.settings
    deck = await asyncio.to_thread(read_deck, await request.body(), settings.max_body_bytes)
    pictures = await asyncio.to_thread(
        deck_media.reencoded, deck, settings.media_max_upload_bytes, settings.media_max_pixels
    )
    async with context.unit_of_work() as work:
        presentation = await presentation_from_deck(
            work.session, user, deck, pictures, settings.media_quota_bytes
        )
        public = await service.presentation_public(work.session, presentation, user)
    return PresentationPublic.model_validate(public)


@router.post("/api/presentations/{presentation_id}/questions/import", status_code=201)
async def import_spreadsheet(
    presentation_id: str, body: SpreadsheetUpload, user: CurrentOrganiser, context: ContextDep
) -> PresentationPublic:
    """Questions from a CSV or XLSX file, one per row, added after the presentation's own; a 422
    names the row and column."""
    await context.limits.deck_writes.hit(user.id)
    async with context.sessionmaker() as session:
        await service.owned_presentation(session, user, presentation_id, need=EDIT)  # 404 before any parsing
    try:
        data = base64.b64decode(body.content_base64, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInput("content_base64: not base64") from None
    questions = await parse_off_loop(data, body.format)
    async with context.unit_of_work() as work:
        presentation = await service.owned_presentation(work.session, user, presentation_id, need=EDIT)
        await add_questions(work.session, presentation, questions)
        await service.refresh_live_rooms(work, presentation.id)
        public = await service.presentation_public(work.session, presentation, user)
    return PresentationPublic.model_validate(public)


@router.get("/api/templates")
async def list_templates(
    request: Request, user: CurrentOrganiser, lang: Annotated[TemplateLanguage | None, Query()] = None
) -> list[TemplateSummary]:
    """The built-in templates in `lang`, else the user's language (cookie, browser), else English."""
    language = lang or _user_language(request)
    return [
        TemplateSummary(
            id=t.id,
            language=t.language,
            title=t.deck.title,
            description=t.deck.description,
            question_count=len(t.deck.questions),
            question_types=sorted({q.type for q in t.deck.questions}),
        )
        for t in templates.templates_in(language)
    ]


@router.post("/api/presentations/from-template", status_code=201)
async def from_template(
    request: Request, body: FromTemplate, user: CurrentOrganiser, context: ContextDep
) -> PresentationPublic:
    """A new presentation of the caller with a built-in template's questions."""
    await context.limits.deck_writes.hit(user.id)
    found = templates.template(body.template, body.language or _user_language(request))
    async with context.unit_of_work() as work:
        presentation = await presentation_from_deck(work.session, user, found.deck)
        public = await service.presentation_public(work.session, presentation, user)
    return PresentationPublic.model_validate(public)


def _user_language(request: Request) -> str:
    found = explicit_lang(request)
    return found if found in ("en", "nl") else templates.FALLBACK
