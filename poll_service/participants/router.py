import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, Request, Response

from poll_service.accounts.auth import presented_token
from poll_service.context import AppContext
from poll_service.deps import BaseUrlDep, ContextDep, CurrentParticipant
from poll_service.errors import Conflict, InvalidInput, Locked, NotFound, Unauthorized
from poll_service.participants.schemas import (
    REACTIONS,
    JoinIn,
    JoinOut,
    ParticipantState,
    ReactionIn,
    ResponseAccepted,
)
from poll_service.participants.service import NO_SUCH_ROOM, join_room
from poll_service.presentations.question_types import allows_change, max_submissions, parse_answer
from poll_service.realtime.live import LiveRoom
from poll_service.responses.writer import Vote
from poll_service.rooms.join_codes import clean_join_code
from poll_service.security import PARTICIPANT_COOKIE, ParticipantIdentity

router = APIRouter(tags=["participants"])

PARTICIPANT_COOKIE_SECONDS = 7 * 86400


def client_key(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.post("/api/join")
async def join(body: JoinIn, request: Request, response: Response, context: ContextDep) -> JoinOut:
    token, _ = presented_token(request, PARTICIPANT_COOKIE)
    returning = context.participant_tokens.read(token) if token else None
    room, participant_id = await join_room(context, body.join_code, client_key(request), returning)
    participant_token = context.participant_tokens.issue(room.id, participant_id)
    response.set_cookie(
        PARTICIPANT_COOKIE,
        participant_token,
        max_age=PARTICIPANT_COOKIE_SECONDS,
        httponly=True,
        samesite="lax",
        secure=context.settings.secure_cookies,
        path="/",
    )
    return JoinOut(
        room_id=room.id,
        participant_id=participant_id,
        participant_token=participant_token,
        join_code=room.join_code,
    )


async def participant_room(
    context: AppContext, identity: ParticipantIdentity, join_code: str, base_url: str
) -> LiveRoom:
    """The participant's room, if the code in the path is that room's code."""
    code = clean_join_code(join_code)
    room = await context.rooms.get(identity.room_id, base_url)
    if room is None or code is None or room.join_code != code:
        raise NotFound(NO_SUCH_ROOM)
    if identity.participant_id not in room.participants:
        raise Unauthorized("you are not a participant of this room any more; join again")
    return room


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
    await context.limits.responses.hit(identity.participant_id)
    room = await participant_room(context, identity, join_code, base_url)
    if idempotency_key is not None and not (idempotency_key.isascii() and idempotency_key.isprintable()):
        raise InvalidInput("Idempotency-Key must be printable ASCII, at most 128 characters")
    question_id = body.get("question_id")
    if not isinstance(question_id, str):
        raise InvalidInput("question_id is required")
    question = room.current_question
    if not room.is_live:
        raise Locked("this room has ended")
    if question is None or question.id != question_id:
        raise Locked("this question is not the current one; voting on it is closed")
    if not room.room.get("voting_open"):
        raise Locked("voting on this question is closed")
    answer = parse_answer(question.type, question.options, question.settings, body)
    several = max_submissions(question.settings)
    mine = (question.id, identity.participant_id)
    if several > 1 and room.submissions(*mine) >= several:
        raise Conflict(f"you can answer this question at most {several} times")
    vote = Vote(
        room_id=room.id,
        question_id=question.id,
        participant_id=identity.participant_id,
        answer=answer,
        allow_change=allows_change(question.settings) and several == 1,
        idempotency_key=idempotency_key,
        slot=1 + secrets.randbelow(2**31 - 1) if several > 1 else 0,
    )
    room.in_flight[mine] += 1
    try:
        accepted = await context.writer.submit(vote)
    finally:
        room.in_flight[mine] -= 1
        if not room.in_flight[mine]:
            del room.in_flight[mine]
    if accepted.stored:
        room.record_vote(vote.question_id, vote.participant_id, vote.slot, vote.answer)
    return ResponseAccepted(response_id=accepted.response_id, question_id=accepted.question_id)


@router.post("/api/join/{join_code}/reactions", status_code=202)
async def send_reaction(
    join_code: str, body: ReactionIn, identity: CurrentParticipant, context: ContextDep, base_url: BaseUrlDep
) -> dict[str, str]:
    """Extension: an emoji that floats over the presenter screen (rate-limited, never stored)."""
    if body.emoji not in REACTIONS:
        raise InvalidInput(f"emoji must be one of {' '.join(REACTIONS)}")
    await context.limits.reactions.hit(identity.participant_id)
    room = await participant_room(context, identity, join_code, base_url)
    if not room.is_live:
        raise Locked("this room has ended")
    room.reactions_out[body.emoji] += 1
    return {"status": "accepted"}
