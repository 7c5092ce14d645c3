"""The organiser's pages: log in, the dashboard, the presenter screen and a room's results.

The pages check the session cookie themselves (to redirect to the login page instead of answering
401 JSON); their scripts then call the JSON API with the same cookie."""

from typing import Annotated, Any
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from poll_service.accounts import registration, sign_in
from poll_service.accounts.auth import organiser_for_token, presented_token
from poll_service.accounts.schemas import LoginIn, RegisterIn
from poll_service.accounts.service import AccountDisabled
from poll_service.connection import client_address
from poll_service.context import AppContext
from poll_service.cookies import secure_cookie
from poll_service.deps import BaseUrlDep, ContextDep
from poll_service.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    PollError,
    TooManyRequests,
    Unauthorized,
)
from poll_service.i18n import as_lang
from poll_service.ids import iso
from poll_service.models import Presentation, Question, Room, User
from poll_service.pages.answers import result_rows
from poll_service.pages.language import asked_lang, excel_csv_separator
from poll_service.pages.templates import bar_rows, render, request_lang
from poll_service.presentations.service import ordered_questions
from poll_service.question_types.registry import takes_answers
from poll_service.rooms import service as rooms
from poll_service.rooms.projection import join_url
from poll_service.security import DEVICE_COOKIE, SESSION_COOKIE
from poll_service.themes.editor import editor_data
from poll_service.themes.service import existing_media
from poll_service.themes.stylesheet import stored_logo, stored_theme_style
from poll_service.timezones import presentation_zone, short_stamp
from poll_service.workspaces import access
from poll_service.workspaces.access import RUN, VIEW, Need

router = APIRouter(tags=["pages"], default_response_class=HTMLResponse)

# The contract's exports (GET /api/rooms/{rid}/export.{format} and the same for the presentation,
# every room of the event), linked from the results page.
EXPORT_FORMATS = ("pdf", "csv", "xlsx")
# How much of a word cloud and of the open answers the results page lists.
RESULT_WORDS = 40
RESULT_TEXTS = 100


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


async def login_form_page(
    request: Request,
    context: AppContext,
    next_url: str,
    *,
    form: str = "login",
    error: str | None = None,
    email: str = "",
    name: str = "",
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    async with context.sessionmaker() as session:
        policy = await registration.policy(session, context.settings)
    # Under "invitation" the sign-up form shows on the way to an invitation link only.
    invited = registration.invitation_in(next_url) is not None
    response = render(
        request,
        "login.html",
        status_code=status_code,
        next_url=next_url,
        allow_registration=policy == "open" or (policy == "invitation" and invited),
        password_login=context.settings.password_login,
        sso_name=context.settings.oidc_display_name if context.settings.single_sign_on else None,
        form=form,
        error=error,
        email=email,
        name=name,
    )
    response.headers.update(headers or {})
    return response


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


async def _log_in(
    request: Request, context: AppContext, email: str, password: str, next_url: str
) -> Response:
    """The JSON API's own log-in (rate limits, session, cookies), then on to `next_url`."""
    body = LoginIn(email=email, password=password)
    device = request.cookies.get(DEVICE_COOKIE)
    logged_in = await sign_in.log_in(context, body, client_address(request), device)
    redirect = RedirectResponse(next_url, status_code=303)
    secure = secure_cookie(context.settings, request)
    sign_in.set_login_cookies(redirect, logged_in, context.settings.session_days, secure)
    return redirect


@router.get("/login", summary="Organiser log-in page (and sign-up when registration is open)")
async def login_page(request: Request, context: ContextDep, next: str | None = None) -> Response:
    if await organiser_from_cookie(request, context) is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return await login_form_page(request, context, safe_next(next))


@router.post(
    "/login",
    summary="Log in by form post; sets the session cookie and redirects to `next`",
    status_code=303,
    response_class=RedirectResponse,
)
async def login_by_form(
    request: Request,
    context: ContextDep,
    email: Annotated[str, Form(max_length=254)] = "",
    password: Annotated[str, Form(max_length=256)] = "",
    next: Annotated[str, Form(max_length=500)] = "/dashboard",
) -> Response:
    next_url = safe_next(next)
    if not same_origin(request, context):
        return await login_form_page(request, context, next_url, error="login.error_origin", status_code=403)
    try:
        return await _log_in(request, context, email, password, next_url)
    except ValidationError:
        return await login_form_page(request, context, next_url, error="login.error_wrong", status_code=401)
    except PollError as exc:
        return await login_form_page(
            request,
            context,
            next_url,
            error=_login_error_text(exc),
            email=email,
            status_code=exc.status_code,
            headers=exc.headers,
        )


def _login_error_text(exc: PollError) -> str:
    if isinstance(exc, Unauthorized):
        return "login.error_wrong"
    if isinstance(exc, TooManyRequests):
        return "login.error_slow_down"
    if isinstance(exc, AccountDisabled):
        return "login.error_disabled"
    if isinstance(exc, Forbidden):
        return "login.error_passwords_off"
    return "common.try_again"


@router.post(
    "/register",
    summary="Create an organiser account by form post, then log in",
    status_code=303,
    response_class=RedirectResponse,
)
async def register_by_form(
    request: Request,
    context: ContextDep,
    display_name: Annotated[str, Form(max_length=100)] = "",
    email: Annotated[str, Form(max_length=254)] = "",
    password: Annotated[str, Form(max_length=256)] = "",
    next: Annotated[str, Form(max_length=500)] = "/dashboard",
) -> Response:
    next_url = safe_next(next)

    async def again(error: str, status_code: int) -> HTMLResponse:
        return await login_form_page(
            request,
            context,
            next_url,
            form="register",
            error=error,
            email=email,
            name=display_name,
            status_code=status_code,
        )

    if not same_origin(request, context):
        return await again("login.error_origin", 403)
    try:
        body = RegisterIn(
            email=email,
            password=password,
            display_name=display_name,
            invitation=registration.invitation_in(next_url),
        )
        await sign_in.register(context, body, client_address(request))
        return await _log_in(request, context, email, password, next_url)
    except (ValidationError, InvalidInput):
        return await again("login.error_invalid", 422)
    except Conflict:
        return await again("login.error_taken", 409)
    except Forbidden as exc:
        if not context.settings.password_login:
            return await again("login.error_passwords_off", 403)
        invitation_only = exc.message == registration.NEEDS_INVITATION
        return await again("login.error_invitation_only" if invitation_only else "login.error_closed", 403)
    except PollError as exc:
        return await again(_login_error_text(exc), exc.status_code)


@router.get("/dashboard", summary="Organiser dashboard: presentations, questions and rooms")
async def dashboard_page(request: Request, context: ContextDep) -> Response:
    user = await organiser_from_cookie(request, context)
    if user is None:
        return to_login(request)
    return render(
        request,
        "dashboard.html",
        script_texts=("dash.", "common."),
        user=user,
        time_zone=context.settings.time_zone,  # a presentation without a zone of its own shows these
        theme_editor=editor_data(),
        # The PDF deck control says what it takes (docs/media.md#a-pdf-deck).
        pdf_limits={
            "pages": context.settings.pdf_deck_max_pages,
            "mb": context.settings.pdf_deck_max_upload_bytes // (1024 * 1024),
        },
    )


@router.get("/present/{room_id}", summary="Presenter screen of a room (for the projector)")
async def presenter_page(
    room_id: str, request: Request, context: ContextDep, base_url: BaseUrlDep
) -> Response:
    found = await organiser_room(request, context, room_id, RUN)
    if isinstance(found, Response):
        return found
    room, presentation = found
    url = join_url(base_url, room.join_code)
    async with context.sessionmaker() as session:
        theme = await existing_media(session, presentation.theme)  # a deleted image: none drawn
    return render(
        request,
        "present.html",
        # The audience reads this screen: it speaks the presentation's language (or `?lang=`).
        lang=asked_lang(request) or as_lang(presentation.language),
        script_texts=("present.", "common."),
        room=room,
        presentation=presentation,
        theme=stored_theme_style(theme, "presenter"),
        logo=stored_logo(theme),
        join_url=url,
        join_host=url.split("://", 1)[-1].rsplit("/", 1)[0],
    )


@router.get("/present/{room_id}/speaker", summary="Speaker view of a room (a laptop or a phone as a remote)")
async def speaker_page(room_id: str, request: Request, context: ContextDep) -> Response:
    """The organiser's own screen: the current item's notes, the next item, timers, the response
    count and the controls that drive the projector page (which shows only the slide)."""
    found = await organiser_room(request, context, room_id, RUN)
    if isinstance(found, Response):
        return found
    room, presentation = found
    return render(
        request,
        "speaker.html",
        script_texts=("speaker.", "present.", "common.", "dash."),
        room=room,
        presentation=presentation,
    )


@router.get("/rooms/{room_id}/results", summary="Results of a room (live or past)")
async def results_page(request: Request, room_id: str, context: ContextDep) -> Response:
    found = await organiser_room(request, context, room_id, VIEW)
    if isinstance(found, Response):
        return found
    room, presentation = found
    user = await organiser_from_cookie(request, context)
    async with context.sessionmaker() as session:
        # A facilitator handed only some rooms gets no combined report (it would be a 403).
        whole = user is not None and await access.room_scope(session, user, presentation) is None
        results = await rooms.room_results(session, room)
        questions = {q.id: q for q in await ordered_questions(session, room.presentation_id)}
    return render(
        request,
        "results.html",
        room=room,
        created_at=iso(room.created_at),
        # In the presentation's zone, named (POLL_TIME_ZONE unless it has its own).
        started=short_stamp(
            room.created_at, presentation_zone(presentation.settings, context.settings.time_zone)
        ),
        presentation=presentation,
        participant_count=results["participant_count"],
        # Content slides and the Q&A item count nothing: the page lists the questions only.
        questions=[
            _result_view(r, questions[r["question_id"]])
            for r in results["questions"]
            if takes_answers(r["type"])
        ],
        exports=_export_links(f"/api/rooms/{room.id}", request),
        event_exports=_export_links(f"/api/presentations/{presentation.id}", request) if whole else [],
        csv_note=_CSV_NOTES[excel_csv_separator(request_lang(request))],
    )


_CSV_NOTES = {"comma": "results.csv_note_comma", "semicolon": "results.csv_note_semicolon"}


def _export_links(base: str, request: Request) -> list[dict[str, str]]:
    """The download buttons: the CSV split the way Excel expects in the page's language."""
    csv_query = "?separator=semicolon" if excel_csv_separator(request_lang(request)) == "semicolon" else ""
    links = [{"format": f, "href": f"{base}/export.{f}"} for f in EXPORT_FORMATS]
    for link in links:
        if link["format"] == "csv":
            link["href"] += csv_query
    return links


def _result_view(result: dict[str, Any], question: Question) -> dict[str, Any]:
    """A question's results as rows: a label, a value and a meter (0-100, or None for text)."""
    total = int(result["response_count"])
    if result["type"] == "multiple_choice":
        rows = [
            {
                "label": r["label"],
                "value": f"{r['count']} · {r['percent']}%",
                "percent": r["percent"],
                "correct": r["correct"],
            }
            for r in bar_rows(question.options, result["tally"].get("counts", {}), total)
        ]
    else:
        public = {"type": question.type, "options": question.options, "settings": question.settings}
        rows = [
            {**r, "correct": False}
            for r in result_rows(public, result, words=RESULT_WORDS, texts=RESULT_TEXTS)
        ]
    return {
        "prompt": result["prompt"],
        "response_count": total,
        "text": result["type"] == "open_text",
        "rows": rows,
    }
