"""Uploading, listing and deleting a presentation's images (organisers), and serving them to
everyone (phones, screens, the shared results page) with long caching."""

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import Response

from poll_service.context import AppContext
from poll_service.decks.pdf_deck import add_pdf_pages
from poll_service.deps import ContextDep, CurrentOrganiser
from poll_service.errors import NotFound, PayloadTooLarge, documented
from poll_service.media import service
from poll_service.media.pdf_pages import PDF_TYPE, declared_pdf, render_off_loop
from poll_service.media.processing import ACCEPTED_TYPES, Encoded, declared_type, reencode
from poll_service.presentations.service import owned_presentation, refresh_live_rooms
from poll_service.themes.schemas import forget_media
from poll_service.workspaces.access import EDIT, VIEW

router = APIRouter(tags=["media"])

IMMUTABLE = "public, max-age=31536000, immutable"
IMAGE_TYPES = sorted(ACCEPTED_TYPES)


@router.post(
    "/api/presentations/{presentation_id}/media",
    status_code=201,
    responses=documented(415),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {t: {"schema": {"type": "string", "format": "binary"}} for t in IMAGE_TYPES},
        }
    },
)
async def upload_image(
    presentation_id: str,
    request: Request,
    user: CurrentOrganiser,
    context: ContextDep,
) -> dict[str, Any]:
    """The request body is the image itself (Content-Type: its type); docs/media.md."""
    async with context.sessionmaker() as session:
        await service.presentation_of(session, user, presentation_id, EDIT)  # another's: 404 first
    await context.limits.media_uploads.hit(user.id)
    declared_type(request.headers.get("content-type"))
    data = await _body(request, context.settings.media_max_upload_bytes)
    encoded = await _reencoded(context, data)
    async with context.unit_of_work() as work:
        # Checked again in the unit that writes: the presentation may be gone by now.
        await service.presentation_of(work.session, user, presentation_id, EDIT)
        return await service.store(
            work.session, user, presentation_id, encoded, context.settings.media_quota_bytes
        )


@router.post(
    "/api/presentations/{presentation_id}/pdf-deck",
    status_code=201,
    responses=documented(413, 415, 503),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {PDF_TYPE: {"schema": {"type": "string", "format": "binary"}}},
        }
    },
)
async def upload_pdf_deck(
    presentation_id: str,
    request: Request,
    user: CurrentOrganiser,
    context: ContextDep,
    position: Annotated[
        int | None, Query(ge=0, le=1000, description="where the pages go; default: the end")
    ] = None,
) -> dict[str, Any]:
    """The request body is the PDF itself (Content-Type: application/pdf): each page becomes an
    image of the presentation and a content slide showing it (docs/media.md#a-pdf-deck)."""
    async with context.sessionmaker() as session:
        await service.presentation_of(session, user, presentation_id, EDIT)  # another's: 404 first
    await context.limits.media_uploads.hit(user.id)
    declared_pdf(request.headers.get("content-type"))
    settings = context.settings
    data = await _body(request, settings.pdf_deck_max_upload_bytes, "the PDF")
    pdf = await render_off_loop(
        context.pdf_rendering, data, settings.pdf_deck_max_pages, settings.pdf_deck_render_seconds
    )
    async with context.unit_of_work() as work:
        presentation = await owned_presentation(work.session, user, presentation_id, need=EDIT)
        added = await add_pdf_pages(
            work.session, user, presentation, pdf, position=position, quota_bytes=settings.media_quota_bytes
        )
        await refresh_live_rooms(work, presentation.id)
    return {
        "pages": len(added.question_ids),
        "question_ids": added.question_ids,
        "media_ids": added.media_ids,
        "used_bytes": added.used_bytes,
        "quota_bytes": settings.media_quota_bytes,
    }


async def _body(request: Request, limit: int, what: str = "the image") -> bytes:
    """The body, read a chunk at a time and refused as soon as it passes the limit (the guard
    middleware already refused a larger Content-Length before anything was read)."""
    chunks: list[bytes] = []
    received = 0
    async for chunk in request.stream():
        received += len(chunk)
        if received > limit:
            raise PayloadTooLarge(f"{what} is larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


async def _reencoded(context: AppContext, data: bytes) -> Encoded:
    async with context.media_decoding:
        return await asyncio.to_thread(reencode, data, context.settings.media_max_pixels)


@router.get("/api/presentations/{presentation_id}/media")
async def list_images(presentation_id: str, user: CurrentOrganiser, context: ContextDep) -> dict[str, Any]:
    async with context.sessionmaker() as session:
        found = await service.presentation_of(session, user, presentation_id, VIEW)
        return {
            "media": await service.listed(session, found),
            "used_bytes": await service.used_bytes(session, user.id),
            "quota_bytes": context.settings.media_quota_bytes,
        }


@router.delete("/api/media/{media_id}", status_code=204)
async def delete_image(media_id: str, user: CurrentOrganiser, context: ContextDep) -> None:
    async with context.unit_of_work() as work:
        presentation = await service.delete_unused(work.session, user, media_id)
        # A theme's logo or background image may go: the theme keeps its colours without it.
        presentation.theme = forget_media(presentation.theme, media_id)


# The picture's bytes, or 304 Not Modified for a matching If-None-Match.
SERVED: dict[int | str, dict[str, Any]] = {
    200: {"content": {t: {"schema": {"type": "string", "format": "binary"}} for t in IMAGE_TYPES}},
    304: {"description": "not modified: the ETag matched"},
    **documented(404),
}


@router.get("/media/{media_id}", response_class=Response, responses=SERVED)
async def screen_image(
    media_id: str, context: ContextDep, if_none_match: Annotated[str | None, Header()] = None
) -> Response:
    """The picture for screens (at most 1920 px a side)."""
    return await _serve(context, media_id, if_none_match, phone=False)


@router.get("/media/{media_id}/phone", response_class=Response, responses=SERVED)
async def phone_image(
    media_id: str, context: ContextDep, if_none_match: Annotated[str | None, Header()] = None
) -> Response:
    """The picture for phones: WebP, at most 780 px a side, small enough for slow 3G."""
    return await _serve(context, media_id, if_none_match, phone=True)


async def _serve(context: AppContext, media_id: str, if_none_match: str | None, *, phone: bool) -> Response:
    async with context.sessionmaker() as session:
        found = await service.served(session, media_id, phone=phone)
    if found is None:
        raise NotFound("image not found")
    etag = f'"{found.etag}"'
    headers = {"ETag": etag, "Cache-Control": IMMUTABLE, "X-Content-Type-Options": "nosniff"}
    if if_none_match is not None and _matches(if_none_match, etag):
        return Response(status_code=304, headers=headers)
    return Response(found.data, media_type=found.content_type, headers=headers)


def _matches(if_none_match: str, etag: str) -> bool:
    tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
    return "*" in tags or etag in tags
