from typing import Annotated

from fastapi import APIRouter, Query

from poll_service.deps import BaseUrlDep, ContextDep, CurrentOrganiser, CurrentParticipant
from poll_service.participants.voting import participant_room
from poll_service.presentations.service import owned_presentation
from poll_service.quiz.nicknames import names_chosen, nickname_of
from poll_service.quiz.rules import survey_progress
from poll_service.quiz.schemas import CombinedLeaderboard, Leaderboard, Me, NicknameIn, SurveyProgress
from poll_service.quiz.service import (
    MAX_LEADERBOARD_ROWS,
    presentation_leaderboard,
    rename_player,
    room_leaderboard,
)
from poll_service.rooms.service import owned_room
from poll_service.workspaces.access import VIEW, require_whole

router = APIRouter(tags=["quiz"])


@router.get("/api/join/{join_code}/me")
async def get_me(
    join_code: str, identity: CurrentParticipant, context: ContextDep, base_url: BaseUrlDep
) -> Me:
    """The participant's own nickname (quiz rooms give everyone one) and whether they may change it
    (the presentation's settings.player_names)."""
    room = await participant_room(context, identity, join_code, base_url)
    async with context.sessionmaker() as session:
        nickname = await nickname_of(session, identity.participant_id)
        chosen = await names_chosen(session, str(room.room.get("presentation_id", "")))
    return Me(participant_id=identity.participant_id, nickname=nickname, can_change_name=chosen)


@router.patch(
    "/api/join/{join_code}/me",
    responses={
        403: {"description": "the organiser gives every player a generated name"},
        409: {"description": "someone in the presentation already plays as that name"},
    },
)
async def change_me(
    join_code: str, body: NicknameIn, identity: CurrentParticipant, context: ContextDep, base_url: BaseUrlDep
) -> Me:
    """Choose (or change) a nickname: cleaned, at most 24 characters, no word the profanity filter
    knows (422), and nobody else's in any room of the presentation, compared as names look (case,
    accents and look-alike letters folded): a taken name is a 409 that names it. Where the
    organiser has every name generated (settings.player_names "generated"), a 403."""
    await context.limits.responses.hit(identity.participant_id)
    room = await participant_room(context, identity, join_code, base_url)
    presentation_id = str(room.room.get("presentation_id", ""))
    nickname = await rename_player(context, room.id, presentation_id, identity.participant_id, body.nickname)
    return Me(participant_id=identity.participant_id, nickname=nickname)


@router.get("/api/rooms/{room_id}/leaderboard")
async def get_leaderboard(
    room_id: str,
    user: CurrentOrganiser,
    context: ContextDep,
    limit: Annotated[int, Query(ge=1, le=MAX_LEADERBOARD_ROWS)] = 10,
    include_open: Annotated[bool, Query(description="also count quiz questions not revealed yet")] = False,
) -> Leaderboard:
    """Quiz totals per participant, best first, recounted from the stored responses. By default
    only revealed quiz questions count, as on the screen and the phones."""
    async with context.sessionmaker() as session:
        room = await owned_room(session, user, room_id, need=VIEW)
        return Leaderboard.model_validate(
            await room_leaderboard(session, room, limit=limit, include_open=include_open)
        )


@router.get("/api/presentations/{presentation_id}/leaderboard")
async def get_combined_leaderboard(
    presentation_id: str,
    user: CurrentOrganiser,
    context: ContextDep,
    limit: Annotated[int, Query(ge=1, le=MAX_LEADERBOARD_ROWS)] = 10,
    include_open: Annotated[bool, Query(description="also count quiz questions not revealed yet")] = False,
) -> CombinedLeaderboard:
    """One leaderboard over every room of the presentation (parallel rooms of one deck), best
    first, equal points to the faster player; each entry names its room."""
    async with context.sessionmaker() as session:
        presentation = await owned_presentation(session, user, presentation_id, need=VIEW)
        await require_whole(session, user, presentation)  # every room's players
        return CombinedLeaderboard.model_validate(
            await presentation_leaderboard(session, presentation.id, limit=limit, include_open=include_open)
        )


@router.get("/api/rooms/{room_id}/progress")
async def get_progress(
    room_id: str, user: CurrentOrganiser, context: ContextDep, base_url: BaseUrlDep
) -> SurveyProgress:
    """How far the audience got: participants who answered at least one / every question, and
    answers per question (audience-paced rooms show it on the screen)."""
    async with context.sessionmaker() as session:
        room = await owned_room(session, user, room_id, need=VIEW)
    live = await context.rooms.get(room.id, base_url)
    progress = (
        survey_progress(live)
        if live is not None
        else {"questions": 0, "started": 0, "finished": 0, "per_question": {}}
    )
    return SurveyProgress(room_id=room.id, **progress)
