"""What every organiser page needs: the signed-in organiser from the session cookie, their room
(or the page to answer instead: the log-in page, not found, refused), a safe `next` path, and
the same-origin check for form posts."""

from urllib.parse import quote, urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from poll_service.accounts.auth import organiser_for_token, presented_token
from poll_service.context import AppContext
from poll_service.errors import (
    Forbidden,
    PollError,
)
from poll_service.models import Presentation, Room, User
from poll_service.pages.templates import render
from poll_service.rooms import service as rooms
from poll_service.security import SESSION_COOKIE
from poll_service.workspaces.access import Need


async def organiser_from_cookie(request: Request, context: AppContext) -> User | None:
    token, _ = presented_token(request, SESSION_COOKIE)
    if token is None:
        return None
    async with context.sessionmaker() as session:
        return await organiser_for_token(session, token)


async def organiser_room(
    request: Request, context: AppContext, room_id: str, need: Need
) -> tuple[Room, Presentation] | Response:
    """The signed-in organiser's room and its presentation, or the page to show instead: the log-in
    page, not found (not in one of their workspaces), or refused (their role is below `need`)."""
    user = await organiser_from_cookie(request, context)
    if user is None:
        return to_login(request)
    async with context.sessionmaker() as session:
        return await room_for_page(request, session, user, room_id, need)


def safe_next(value: str | None) -> str:
    """Only a path on this site: never another host ("//evil.example", "/\\evil.example", or
    "/<tab>/evil.example", which browsers read as "//evil.example")."""
    if (
        value
        and value.startswith("/")
        and len(value) < 500
        and value.isprintable()
        and "\\" not in value
        and not value.startswith("//")
        and not urlsplit(value).netloc
    ):
        return value
    return "/dashboard"


def to_login(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target, safe='/')}", status_code=303)


def not_found_page(request: Request) -> HTMLResponse:
    return render(
        request,
        "message.html",
        status_code=404,
        title_key="common.not_found_title",
        message_key="common.not_found",
    )


def refused_page(request: Request, error: PollError) -> HTMLResponse:
    """A refusal as a page: what was refused and why (e.g. a role too low for it)."""
    return render(request, "workspace_message.html", status_code=error.status_code, message=error.message)


async def room_for_page(
    request: Request, session: AsyncSession, user: User, room_id: str, need: Need
) -> tuple[Room, Presentation] | HTMLResponse:
    """The room and its presentation for an organiser's page, or the page to answer instead: not
    found (not theirs, or none), or refused (their role in its workspace is too low)."""
    try:
        found = await rooms.owned_room_with_presentation(session, user, room_id, need=need)
    except Forbidden as error:
        return refused_page(request, error)
    return not_found_page(request) if found is None else found


def same_origin(request: Request, context: AppContext) -> bool:
    """A form post from this site (or from a client that sends no Origin at all)."""
    origin = request.headers.get("origin")
    if origin is None:
        return True
    parts = urlsplit(origin)
    allowed = {request.headers.get("host", "").lower()}
    for url in (context.settings.public_url, *context.settings.allowed_origins):
        if url:
            allowed.add(urlsplit(url).netloc.lower())
    return parts.scheme in ("http", "https") and parts.netloc.lower() in allowed
