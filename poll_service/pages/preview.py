"""The deck editor's previews: one slide as the projector shows it and as a phone shows it.

They render the real pages (present.html with present.js, phone.html as the server draws it for a
phone) from the stored question alone: no room, no participant and no vote is made, so a preview
can never count as one. The dashboard shows them in frames, so these two pages (only these) let
their own site frame them."""

import secrets
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from poll_service.deps import BaseUrlDep, ContextDep
from poll_service.errors import Forbidden, NotFound
from poll_service.http_guards import CSP
from poll_service.i18n import as_lang
from poll_service.models import Presentation, Question
from poll_service.pages.answers import choice_texts, several, stored_values
from poll_service.pages.language import asked_lang
from poll_service.pages.organiser_session import not_found_page, organiser_from_cookie, refused_page, to_login
from poll_service.pages.phone import PHONE_SCRIPT_TEXTS
from poll_service.pages.templates import render
from poll_service.presentations.projection import question_public
from poll_service.presentations.service import owned_question
from poll_service.question_types.registry import owns_image, takes_answers
from poll_service.rooms.projection import join_url
from poll_service.themes.service import existing_media
from poll_service.themes.stylesheet import stored_logo, stored_theme_style
from poll_service.workspaces.access import VIEW

router = APIRouter(tags=["pages"], default_response_class=HTMLResponse)

# What the preview shows where the room's code would be: a preview has no room.
PREVIEW_CODE = "00000000"


async def _question(
    request: Request, context: ContextDep, question_id: str
) -> tuple[Question, Presentation] | Response:
    """The signed-in organiser's question (viewer or higher) and its presentation, or the page to
    answer instead: the log-in page, not found (not theirs, or none), refused."""
    user = await organiser_from_cookie(request, context)
    if user is None:
        return to_login(request)
    async with context.sessionmaker() as session:
        try:
            question = await owned_question(session, user, question_id, need=VIEW)
        except NotFound:
            return not_found_page(request)
        except Forbidden as error:
            return refused_page(request, error)
        presentation = await session.get(Presentation, question.presentation_id)
        assert presentation is not None
        presentation.theme = await existing_media(session, presentation.theme)
        return question, presentation


def _frameable(response: Response) -> Response:
    """Let the dashboard (this site) show the page in a frame; every other site still may not."""
    policy = response.headers.get("content-security-policy", CSP)
    response.headers["content-security-policy"] = policy.replace(
        "frame-ancestors 'none'", "frame-ancestors 'self'"
    )
    return response


@router.get(
    "/preview/{question_id}/projector",
    summary="Deck editor: one slide as the projector shows it (no room is made)",
)
async def projector_preview(
    question_id: str, request: Request, context: ContextDep, base_url: BaseUrlDep
) -> Response:
    found = await _question(request, context, question_id)
    if isinstance(found, Response):
        return found
    question, presentation = found
    url = join_url(base_url, PREVIEW_CODE)
    return _frameable(
        render(
            request,
            "present.html",
            lang=asked_lang(request) or as_lang(presentation.language),
            script_texts=("present.", "common."),
            room={"id": "", "join_code": PREVIEW_CODE},
            preview=question.id,
            presentation=presentation,
            theme=stored_theme_style(presentation.theme, "presenter"),
            logo=stored_logo(presentation.theme),
            join_url=url,
            join_host=url.split("://", 1)[-1].rsplit("/", 1)[0],
        )
    )


@router.get(
    "/preview/{question_id}/phone",
    summary="Deck editor: one slide as a phone shows it (no room, participant or vote is made)",
)
async def phone_preview(question_id: str, request: Request, context: ContextDep) -> Response:
    found = await _question(request, context, question_id)
    if isinstance(found, Response):
        return found
    stored, presentation = found
    question = question_public(stored, reveal_answers=False)  # what phones get: no right answers
    state: dict[str, Any] = {
        "room_id": "",
        "status": "live",
        "voting_open": True,
        "results_visible": False,
        "question": question,
        "my_response": None,
        "lobby": False,
    }
    return _frameable(
        render(
            request,
            "phone.html",
            lang=asked_lang(request) or as_lang(presentation.language),
            script_texts=PHONE_SCRIPT_TEXTS,
            theme=stored_theme_style(presentation.theme, "phone"),
            view="preview",
            autojoin=False,
            code=PREVIEW_CODE,
            state=state,
            question=question,
            mine=None,
            values=stored_values(question, None),
            choice_texts=choice_texts(question),
            owns_image=owns_image(question["type"]),
            question_answered=takes_answers(question["type"]),
            several=several(question),
            sent=0,
            answered=False,
            voted_now=False,
            error=None,
            error_values={},
            results=None,
            form_key=secrets.token_urlsafe(12),
            naming=None,
            refresh=None,
        )
    )
