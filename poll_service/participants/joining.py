"""Joining a room: the steps shared by the FastAPI route (documented in OpenAPI) and the lean
ASGI path that serves it under load (hot_paths.py)."""

from starlette.responses import Response

from poll_service.context import AppContext
from poll_service.participants.schemas import JoinIn, JoinOut
from poll_service.participants.service import join_room
from poll_service.quiz.service import allowed_nickname, nickname_on_join
from poll_service.security import PARTICIPANT_COOKIE

PARTICIPANT_COOKIE_SECONDS = 7 * 86400


async def accept_join(
    context: AppContext, body: JoinIn, token: str | None, client_key: str, base_url: str
) -> JoinOut:
    """A participant of the live room with that code: new, or the same one again when the token
    belongs to that room."""
    returning = context.participant_tokens.read(token) if token else None
    # 422 before joining
    wanted = allowed_nickname(context.settings, body.nickname) if body.nickname is not None else None
    room, participant_id = await join_room(context, body.join_code, client_key, returning, base_url)
    nickname = await nickname_on_join(context, room.id, room.presentation_id, participant_id, wanted)
    return JoinOut(
        room_id=room.id,
        participant_id=participant_id,
        participant_token=context.participant_tokens.issue(room.id, participant_id),
        join_code=room.join_code,
        nickname=nickname,
    )


def set_participant_cookie(response: Response, token: str, secure: bool) -> None:
    response.set_cookie(
        PARTICIPANT_COOKIE,
        token,
        max_age=PARTICIPANT_COOKIE_SECONDS,
        httponly=True,
        samesite="lax",
        secure=secure,
        path="/",
    )
