"""The moderation page of a room (`/rooms/{room_id}/moderate`): the organiser's laptop, never the
projector. Its script lists what waits for approval and what was hidden (Q&A questions, word-cloud
and open-text answers, hidden words) through the JSON API and follows the room's socket."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from poll_service.deps import ContextDep
from poll_service.pages.organiser_session import organiser_room
from poll_service.pages.templates import render
from poll_service.workspaces.access import RUN

router = APIRouter(tags=["pages"], default_response_class=HTMLResponse)


@router.get("/rooms/{room_id}/moderate", summary="Moderation of a room: Q&A, held-back answers, hidden words")
async def moderation_page(request: Request, room_id: str, context: ContextDep) -> Response:
    found = await organiser_room(request, context, room_id, RUN)
    if isinstance(found, Response):
        return found
    room, presentation = found
    return render(
        request,
        "moderate.html",
        script_texts=("mod.", "common."),
        room=room,
        presentation=presentation,
    )
