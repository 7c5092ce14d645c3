from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, Request, Response

from poll_service.accounts.auth import presented_token
from poll_service.connection import client_address
from poll_service.cookies import secure_cookie
from poll_service.deps import BaseUrlDep, ContextDep, CurrentParticipant
from poll_service.errors import InvalidInput, Locked
from poll_service.participants.joining import accept_join, set_participant_cookie
from poll_service.participants.schemas import (
    REACTIONS,
    JoinIn,
    JoinOut,
    ParticipantState,
    ReactionIn,
    ResponseAccepted,
)
from poll_service.participants.voting import accept_vote, participant_room
from poll_service.privacy.flood import hit_counting_floods
from poll_service.security import PARTICIPANT_COOKIE

router = APIRouter(tags=["participants"])


@router.post("/api/join")
async def join(
    body: JoinIn, request: Request, response: Response, context: ContextDep, base_url: BaseUrlDep
) -> JoinOut:
    token, _ = presented_token(request, PARTICIPANT_COOKIE)
    joined = await accept_join(context, body, token, client_address(request), base_url)
    set_participant_cookie(response, joined.participant_token, secure_cookie(context.settings, request))
    return joined


@router.get("/api/join/{join_code}/state")
async def participant_state(
    join_code: str, identity: CurrentParticipant, context: ContextDep, base_url: BaseUrlDep
) -> ParticipantState:
    room = await participant_room(context, identity, join_code, base_url)
    return ParticipantState.model_validate(room.participant_state(identity.participant_id))


@router.post(
    "/api/join/{join_code}/responses",
    status_code=201,
    responses={
        409: {"description": "already answered and changes are not allowed"},
        423: {"description": "voting is closed or the question is not current"},
        429: {"description": "too many submissions"},
    },
)
async def submit_response(
    join_code: str,
    identity: CurrentParticipant,
    context: ContextDep,
    base_url: BaseUrlDep,
    body: Annotated[
        dict[str, Any], Body(description="Response body; its shape depends on the question type")
    ],
    idempotency_key: Annotated[str | None, Header(max_length=128)] = None,
) -> ResponseAccepted:
    return await accept_vote(context, identity, join_code, base_url, body, idempotency_key)


@router.post("/api/join/{join_code}/reactions", status_code=202)
async def send_reaction(
    join_code: str, body: ReactionIn, identity: CurrentParticipant, context: ContextDep, base_url: BaseUrlDep
) -> dict[str, str]:
    """Extension: an emoji that floats over the presenter screen (rate-limited, never stored)."""
    if body.emoji not in REACTIONS:
        raise InvalidInput(f"emoji must be one of {' '.join(REACTIONS)}")
    limit = context.limits.reactions
    await hit_counting_floods(context.flood, limit, identity.participant_id, identity.room_id)
    room = await participant_room(context, identity, join_code, base_url)
    if not room.is_live:
        raise Locked("this room has ended")
    room.reactions_out[body.emoji] += 1
    return {"status": "accepted"}
