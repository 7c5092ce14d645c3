"""Export routes (owner only: another organiser's id is the same 404 as a missing one) and the
shared results page (public, by unguessable token)."""

import dataclasses
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy.exc import IntegrityError

from poll_service.context import AppContext
from poll_service.deps import BaseUrlDep, ContextDep, CurrentOrganiser
from poll_service.errors import Conflict, NotFound
from poll_service.exports import share
from poll_service.exports.csv import Separator
from poll_service.exports.files import (
    FORMATS,
    MEDIA_TYPES,
    Format,
    content_disposition,
    file_stem,
    page_off_loop,
    render_off_loop,
)
from poll_service.exports.report import Report, presentation_report, room_report
from poll_service.exports.schemas import ShareCreated, ShareStatus
from poll_service.exports.web import not_found_page, results_json
from poll_service.http_guards import csp_with_style
from poll_service.ids import iso
from poll_service.models import User
from poll_service.presentations.service import owned_presentation
from poll_service.rooms.service import owned_room, record_in_audit
from poll_service.themes.stylesheet import stored_theme_style
from poll_service.webhooks import outbox
from poll_service.workspaces import access, audit
from poll_service.workspaces.access import RUN, VIEW

router = APIRouter(tags=["exports"])

# Shared pages: never cached by anyone, never indexed, and the token never leaks in a Referer.
_PUBLIC_HEADERS = {
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex, nofollow",
    "Referrer-Policy": "no-referrer",
}


async def _file(report: Report, fmt: Format, csv_separator: Separator = "comma") -> Response:
    body = await render_off_loop(report, fmt, csv_separator)
    return Response(
        body,
        media_type=MEDIA_TYPES[fmt],
        headers={
            "Content-Disposition": content_disposition(file_stem(report), fmt),
            "Cache-Control": "private, no-store",
        },
    )


async def _room_report(room_id: str, user: User, context: AppContext) -> Report:
    """The room's results to export; the export is in the audit log once it is read."""
    async with context.unit_of_work() as work:
        room = await owned_room(work.session, user, room_id, need=VIEW)
        await record_in_audit(work.session, user, room, "export")
        return await room_report(work.session, room, context.settings.time_zone)


async def _presentation_report(presentation_id: str, user: User, context: AppContext) -> Report:
    async with context.unit_of_work() as work:
        presentation = await owned_presentation(work.session, user, presentation_id, need=VIEW)
        await access.require_whole(work.session, user, presentation)  # every room's results
        if presentation.workspace_id is not None:
            target = f"{presentation.title} ({presentation.id})"
            audit.record(work.session, presentation.workspace_id, user, "export", target)
        return await presentation_report(work.session, presentation, context.settings.time_zone)


SeparatorQuery = Annotated[
    Separator,
    Query(description="comma (the default, for scripts) or semicolon (what Excel expects in Dutch)"),
]


def _room_export(fmt: Format) -> Callable[..., Awaitable[Response]]:
    async def export(room_id: str, user: CurrentOrganiser, context: ContextDep) -> Response:
        return await _file(await _room_report(room_id, user, context), fmt)

    return export


def _presentation_export(fmt: Format) -> Callable[..., Awaitable[Response]]:
    async def export(presentation_id: str, user: CurrentOrganiser, context: ContextDep) -> Response:
        return await _file(await _presentation_report(presentation_id, user, context), fmt)

    return export


async def _room_csv(
    room_id: str, user: CurrentOrganiser, context: ContextDep, separator: SeparatorQuery = "comma"
) -> Response:
    return await _file(await _room_report(room_id, user, context), "csv", separator)


async def _presentation_csv(
    presentation_id: str, user: CurrentOrganiser, context: ContextDep, separator: SeparatorQuery = "comma"
) -> Response:
    return await _file(await _presentation_report(presentation_id, user, context), "csv", separator)


SlidesQuery = Annotated[
    bool,
    Query(description="false leaves the content slides and the Q&A item out of the PDF (default: in)"),
]


async def _room_pdf(
    room_id: str, user: CurrentOrganiser, context: ContextDep, slides: SlidesQuery = True
) -> Response:
    report = await _room_report(room_id, user, context)
    return await _file(dataclasses.replace(report, include_slides=slides), "pdf")


async def _presentation_pdf(
    presentation_id: str, user: CurrentOrganiser, context: ContextDep, slides: SlidesQuery = True
) -> Response:
    report = await _presentation_report(presentation_id, user, context)
    return await _file(dataclasses.replace(report, include_slides=slides), "pdf")


_BY_FORMAT: dict[Format, tuple[Callable[..., Awaitable[Response]], Callable[..., Awaitable[Response]]]] = {
    "csv": (_room_csv, _presentation_csv),
    "pdf": (_room_pdf, _presentation_pdf),
    "xlsx": (_room_export("xlsx"), _presentation_export("xlsx")),
}

_DESCRIPTIONS: dict[Format, str] = {
    "pdf": "PDF summary (A4): cover with counts and a timeline, one chart per question, the content "
    "slides between them (`?slides=false` leaves them out)",
    "csv": "CSV, one row per response (UTF-8 with BOM; `?separator=semicolon` for Excel in Dutch)",
    "xlsx": "XLSX: a responses sheet and a summary sheet per question",
}

for _fmt in FORMATS:
    _media: dict[int | str, dict[str, Any]] = {200: {"content": {MEDIA_TYPES[_fmt].split(";")[0]: {}}}}
    router.add_api_route(
        f"/api/rooms/{{room_id}}/export.{_fmt}",
        _BY_FORMAT[_fmt][0],
        methods=["GET"],
        response_class=Response,
        responses=_media,
        name=f"room_export_{_fmt}",
        summary=f"A room's results: {_DESCRIPTIONS[_fmt]}",
    )
    router.add_api_route(
        f"/api/presentations/{{presentation_id}}/export.{_fmt}",
        _BY_FORMAT[_fmt][1],
        methods=["GET"],
        response_class=Response,
        responses=_media,
        name=f"presentation_export_{_fmt}",
        summary=f"All rooms of a presentation, per room and combined: {_DESCRIPTIONS[_fmt]}",
    )


@router.post("/api/rooms/{room_id}/share", status_code=201)
async def share_results(
    room_id: str, user: CurrentOrganiser, context: ContextDep, base_url: BaseUrlDep
) -> ShareCreated:
    """Publish the room's results at a new read-only URL (any earlier URL of this room stops working)."""
    for attempt in range(3):
        try:
            async with context.unit_of_work() as work:
                room = await owned_room(work.session, user, room_id, need=RUN)
                token = await share.publish(work.session, room)
                url = share.share_url(base_url, token)
                if await outbox.record(work.session, room, "results.shared", {"url": url}):
                    work.after_commit(context.webhooks.wake_after_commit)
            break
        except IntegrityError:  # a simultaneous publish of the same room won: replace its link
            if attempt == 2:
                raise Conflict("the room's results are being shared right now; try again") from None
    return ShareCreated(url=url, token=token, json_url=f"{url}.json")


@router.get("/api/rooms/{room_id}/share")
async def share_status(room_id: str, user: CurrentOrganiser, context: ContextDep) -> ShareStatus:
    """Whether the room's results are published (the URL itself was shown once, when made)."""
    async with context.sessionmaker() as session:
        room = await owned_room(session, user, room_id, need=VIEW)
        since = await share.shared_since(session, room)
    return ShareStatus(shared=since is not None, created_at=iso(since) if since is not None else None)


@router.delete("/api/rooms/{room_id}/share", status_code=204)
async def revoke_share(room_id: str, user: CurrentOrganiser, context: ContextDep) -> Response:
    """Stop publishing: the URL answers 404 from now on."""
    async with context.unit_of_work() as work:
        room = await owned_room(work.session, user, room_id, need=RUN)
        await share.revoke(work.session, room)
    return Response(status_code=204)


# The .json route first: `{token}` alone would also match "abc.json".
@router.get("/results/{token}.json", summary="Shared results as JSON (public, read-only)")
async def shared_results_json(token: str, context: ContextDep) -> JSONResponse:
    async with context.sessionmaker() as session:
        room = await share.shared_room(session, token)
        report = await room_report(session, room, context.settings.time_zone)
    return JSONResponse(results_json(report), headers=_PUBLIC_HEADERS)


@router.get(
    "/results/{token}",
    response_class=HTMLResponse,
    summary="Shared results page (public, read-only, printable)",
)
async def shared_results_page(
    token: str, context: ContextDep, lang: Literal["en", "nl"] | None = None
) -> HTMLResponse:
    async with context.sessionmaker() as session:
        try:
            room = await share.shared_room(session, token)
        except NotFound:
            return HTMLResponse(not_found_page(), status_code=404, headers=_PUBLIC_HEADERS)
        report = await room_report(session, room, context.settings.time_zone)
    if lang is not None:  # the page's language switch (?lang=): else the presentation's language
        report = dataclasses.replace(report, language=lang)
    # Its theme's custom properties are one inline style, let through by its hash.
    style = stored_theme_style(report.theme, "results")
    csp = {"Content-Security-Policy": csp_with_style(style.csp_source if style else None)}
    return HTMLResponse(await page_off_loop(report), headers={**_PUBLIC_HEADERS, **csp})
