from fastapi import APIRouter
from fastapi.responses import Response
from sqlalchemy import select
from sqlmodel import col

from poll_service.db import transaction
from poll_service.deps import BaseUrlDep, ContextDep, CurrentOrganiser
from poll_service.errors import InvalidInput
from poll_service.models import Room
from poll_service.presentations.service import owned_presentation
from poll_service.privacy.anonymity import is_anonymous
from poll_service.privacy.sweeper import anonymise_room
from poll_service.qna.settings import with_qna
from poll_service.quiz import actions as play_actions
from poll_service.rooms import service
from poll_service.rooms.projection import join_url
from poll_service.rooms.qr import qr_svg
from poll_service.rooms.schemas import Results, RoomControl, RoomCreate, RoomPublic, RoomUpdate

router = APIRouter(tags=["rooms"])


@router.post("/api/presentations/{presentation_id}/rooms", status_code=201)
async def open_room(
    presentation_id: str,
    user: CurrentOrganiser,
    context: ContextDep,
    base_url: BaseUrlDep,
    body: RoomCreate | None = None,
) -> RoomPublic:
    room = await service.open_room(
        context.sessionmaker,
        user,
        presentation_id,
        body.name if body else None,
        body.pacing if body else None,
        body.qna if body else None,
    )
    async with context.sessionmaker() as session:
        return RoomPublic.model_validate(await service.room_with_count(session, room, base_url))


@router.get("/api/presentations/{presentation_id}/rooms")
async def list_presentation_rooms(
    presentation_id: str, user: CurrentOrganiser, context: ContextDep, base_url: BaseUrlDep
) -> list[RoomPublic]:
    """Extension: every room (live and past) of one presentation, newest first."""
    async with context.sessionmaker() as session:
        presentation = await owned_presentation(session, user, presentation_id)
        rooms = (
            await session.scalars(
                select(Room)
                .where(col(Room.presentation_id) == presentation.id)
                .order_by(col(Room.created_at).desc())
            )
        ).all()
        return [RoomPublic.model_validate(await service.room_with_count(session, r, base_url)) for r in rooms]


@router.get("/api/rooms/{room_id}")
async def get_room(
    room_id: str, user: CurrentOrganiser, context: ContextDep, base_url: BaseUrlDep
) -> RoomPublic:
    async with context.sessionmaker() as session:
        room = await service.owned_room(session, user, room_id)
        return RoomPublic.model_validate(await service.room_with_count(session, room, base_url))


@router.patch("/api/rooms/{room_id}")
async def update_room(
    room_id: str, body: RoomUpdate, user: CurrentOrganiser, context: ContextDep, base_url: BaseUrlDep
) -> RoomPublic:
    """Extension: rename a room, or change its Q&A settings (`{qna: {...}}`, only the keys given)."""
    async with transaction(context.sessionmaker) as session:
        room = await service.owned_room(session, user, room_id)
        if body.name is not None:
            if not body.name.strip():
                raise InvalidInput("name cannot be blank")
            room.name = body.name.strip()
        if body.qna is not None:
            room.settings = with_qna(room.settings or {}, room.settings or {}, body.qna)
        await session.flush()
        public = await service.room_with_count(session, room, base_url)
    await context.rooms.publish(room.id, "room_changed")
    if body.qna is not None:
        await context.rooms.publish(room.id, "qna")  # phones and screens get the panel as it is now
    return RoomPublic.model_validate(public)


@router.post("/api/rooms/{room_id}/control")
async def control_room(
    room_id: str,
    body: RoomControl,
    user: CurrentOrganiser,
    context: ContextDep,
    base_url: BaseUrlDep,
) -> RoomPublic:
    async with transaction(context.sessionmaker) as session:
        room = await service.owned_room(session, user, room_id)
        before = play_actions.RoomBefore.of(room)
        reset_question: str | None = None
        if body.action in play_actions.PLAY_ACTIONS:
            await play_actions.apply_play_action(session, room, body.action, body.seconds)
        else:
            reset_question = await service.apply_action(session, room, body.action, body.question_id)
        play_actions.follow_up(room, before, body.action)  # the quiz clock and leaderboard follow
        await session.flush()
        public = await service.room_with_count(session, room, base_url)
    # Published after the commit: every worker's live room and sockets follow at once.
    if reset_question is not None:
        await context.rooms.publish(room.id, "reset", question_id=reset_question)
    if room.countdown_ends_at is not None:
        await context.rooms.get(room.id, base_url)  # this worker then watches the deadline too
    live = context.rooms.loaded(room.id)
    if live is not None:
        # This worker follows at once (a vote right after "close voting" is refused here too);
        # every worker, this one included, then re-reads the committed room.
        context.rooms.follow_committed(live, public)
    await context.rooms.publish(room.id, "room_changed")
    # Anonymous room: answers to a question whose voting closed lose their participant now.
    if is_anonymous(room) and await anonymise_room(context.sessionmaker, room.id):
        await context.rooms.publish(room.id, "reload")
    return RoomPublic.model_validate(public)


@router.get("/api/rooms/{room_id}/results")
async def room_results(room_id: str, user: CurrentOrganiser, context: ContextDep) -> Results:
    async with context.sessionmaker() as session:
        room = await service.owned_room(session, user, room_id)
        return Results.model_validate(await service.room_results(session, room))


@router.get(
    "/api/rooms/{room_id}/qr.svg",
    response_class=Response,
    responses={200: {"content": {"image/svg+xml": {}}}},
)
async def room_qr(
    room_id: str, user: CurrentOrganiser, context: ContextDep, base_url: BaseUrlDep
) -> Response:
    async with context.sessionmaker() as session:
        room = await service.owned_room(session, user, room_id)
    return Response(
        qr_svg(join_url(base_url, room.join_code)),
        media_type="image/svg+xml",
        headers={"Cache-Control": "private, max-age=300"},
    )
