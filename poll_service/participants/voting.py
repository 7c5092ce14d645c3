"""Accepting one vote: the checks every submission passes, shared by the FastAPI route (which
documents it in OpenAPI) and the lean ASGI fast path that serves it under load (hot_paths.py)."""

import secrets
from typing import Any

from poll_service.context import AppContext
from poll_service.errors import Conflict, InvalidInput, Locked, NotFound, Unauthorized
from poll_service.ids import utcnow
from poll_service.live.state import LiveRoom
from poll_service.moderation.rules import NOTES, answer_status
from poll_service.participants.schemas import ResponseAccepted
from poll_service.participants.service import NO_SUCH_ROOM, still_a_participant
from poll_service.privacy.flood import hit_counting_floods
from poll_service.question_types.registry import allows_change, max_submissions, parse_answer, takes_answers
from poll_service.quiz.rules import score_answer
from poll_service.responses.writer import Vote
from poll_service.rooms.join_codes import clean_join_code
from poll_service.rooms.rules import answerable, room_voting_open
from poll_service.security import TOKEN_EXPIRED, ParticipantIdentity, participant_token_expired


async def participant_room(
    context: AppContext, identity: ParticipantIdentity, join_code: str, base_url: str
) -> LiveRoom:
    """The participant's room, if the code in the path is that room's code."""
    code = clean_join_code(join_code)
    room = await context.rooms.get(identity.room_id, base_url)
    if room is None or code is None or room.join_code != code:
        raise NotFound(NO_SUCH_ROOM)
    if participant_token_expired(room.room.get("ended_at"), context.settings.retention_days):
        raise Unauthorized(TOKEN_EXPIRED)
    if identity.participant_id not in room.participants:
        # Joined through another worker whose hub message has not arrived (or was lost while
        # Redis was down): the database decides, and this room learns of them now.
        if not await still_a_participant(context, identity):
            raise Unauthorized("you are not a participant of this room any more; join again")
        room.participants.add(identity.participant_id)
    return room


def check_idempotency_key(idempotency_key: str | None) -> None:
    if idempotency_key is not None and not (
        len(idempotency_key) <= 128 and idempotency_key.isascii() and idempotency_key.isprintable()
    ):
        raise InvalidInput("Idempotency-Key must be printable ASCII, at most 128 characters")


async def accept_vote(
    context: AppContext,
    identity: ParticipantIdentity,
    join_code: str,
    base_url: str,
    body: Any,
    idempotency_key: str | None,
) -> ResponseAccepted:
    """Validate a submission against the room's current state, then store it (group commit).

    Answers only after the commit, so an acknowledged vote is durable."""
    limit = context.limits.responses
    await hit_counting_floods(context.flood, limit, identity.participant_id, identity.room_id)
    room = await participant_room(context, identity, join_code, base_url)
    check_idempotency_key(idempotency_key)
    if not isinstance(body, dict):
        raise InvalidInput("the body must be a JSON object")
    question_id = body.get("question_id")
    if not isinstance(question_id, str):
        raise InvalidInput("question_id is required")
    # The current question; any question of an audience-paced room (rooms/rules.py).
    question = answerable(room.questions, room.current_question, room.room, question_id)
    if not room.is_live:
        raise Locked("this room has ended")
    if question is None:
        raise Locked("this question is not the current one; voting on it is closed")
    if not takes_answers(question.type):  # a content slide, the Q&A: nothing to vote on
        raise Conflict(f"this {question.type} item takes no answers")
    now = utcnow()
    if not room_voting_open(room.room, now):  # a countdown that ran out counts at once
        raise Locked("voting on this question is closed")
    answer = parse_answer(question.type, question.options, question.settings, body)
    answer = score_answer(room.room, question, answer, now)  # a quiz answer's points, fixed now
    # Free text under moderation may be held back (pending) or filtered (hidden): moderation/rules.py
    status = answer_status(question.settings, answer, context.settings)
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
        status=status,
    )
    room.in_flight[mine] += 1
    try:
        accepted = await context.writer.submit(vote)
    finally:
        room.in_flight[mine] -= 1
        if not room.in_flight[mine]:
            del room.in_flight[mine]
    if accepted.stored:
        context.rooms.record_vote(room, vote.question_id, vote.participant_id, vote.slot, vote.answer, status)
    else:  # a retry: the worker that stored it may have died before telling the others
        await context.rooms.republish_stored_vote(room.id, accepted.response_id)
    if status != "visible":
        return ResponseAccepted(
            response_id=accepted.response_id,
            question_id=accepted.question_id,
            status=status,
            message=NOTES[status],
        )
    return ResponseAccepted(response_id=accepted.response_id, question_id=accepted.question_id)
