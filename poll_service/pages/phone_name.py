"""Choosing a quiz name without scripts: `GET /{code}/name` is a page with one form, `POST` saves
the name and goes back to the room. A page of its own, since the room page reloads itself while it
waits for the presenter and would take a half-typed name away. The rules are the JSON API's
(`PATCH /api/join/{code}/me`): same limits, same refusals, the organiser's settings.player_names."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from poll_service.deps import BaseUrlDep, ContextDep
from poll_service.errors import Conflict, Forbidden, InvalidInput, PollError, TooManyRequests
from poll_service.live.state import LiveRoom
from poll_service.pages.language import audience_lang
from poll_service.pages.phone import own_room, participant_identity
from poll_service.pages.templates import render
from poll_service.quiz.nicknames import names_chosen
from poll_service.quiz.service import rename_player

router = APIRouter(tags=["pages"], default_response_class=HTMLResponse)


def _problem(exc: PollError) -> str:
    """The refusal in the player's words (the phone's own texts)."""
    if isinstance(exc, Forbidden):
        return "names.fixed"
    if isinstance(exc, Conflict):
        return "phone.quiz_name_taken"
    if isinstance(exc, InvalidInput):
        return "phone.quiz_name_not_allowed" if "not allowed" in exc.message else "phone.quiz_name_invalid"
    if isinstance(exc, TooManyRequests):
        return "phone.error_slow_down"
    return "phone.error_busy"


async def _page(
    request: Request,
    context: ContextDep,
    room: LiveRoom,
    participant_id: str,
    *,
    typed: str | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    presentation_id = str(room.room.get("presentation_id", ""))
    async with context.sessionmaker() as session:
        chosen = await names_chosen(session, presentation_id)
    name = room.nicknames.get(participant_id)
    return render(
        request,
        "phone_name.html",
        lang=await audience_lang(request, context, presentation_id),
        status_code=status_code,
        code=room.join_code,
        name=name,
        typed=name if typed is None else typed,
        can_change=chosen,
        error=error,
    )


@router.get("/{join_code:joincode}/name", summary="Phones without scripts: the quiz name form")
async def name_form(join_code: str, request: Request, context: ContextDep, base_url: BaseUrlDep) -> Response:
    identity = participant_identity(request, context)
    room = await own_room(context, identity, join_code, base_url)
    if room is None or identity is None or not room.is_live:
        return RedirectResponse(f"/{join_code}", status_code=303)
    return await _page(request, context, room, identity.participant_id)


@router.post(
    "/{join_code:joincode}/name",
    summary="Choose a quiz name by form post (field `nickname`); back to /{join_code}",
    status_code=303,
    response_class=RedirectResponse,
)
async def name_by_form(
    join_code: str,
    request: Request,
    context: ContextDep,
    base_url: BaseUrlDep,
    nickname: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    identity = participant_identity(request, context)
    room = await own_room(context, identity, join_code, base_url)
    if room is None or identity is None or not room.is_live:
        return RedirectResponse(f"/{join_code}", status_code=303)
    presentation_id = str(room.room.get("presentation_id", ""))
    try:
        await context.limits.responses.hit(identity.participant_id)
        await rename_player(context, room.id, presentation_id, identity.participant_id, nickname)
    except PollError as exc:
        return await _page(
            request,
            context,
            room,
            identity.participant_id,
            typed=nickname[:40],
            error=_problem(exc),
            status_code=exc.status_code,
        )
    return RedirectResponse(f"/{join_code}", status_code=303)
