from fastapi import APIRouter
from fastapi.responses import Response
from sqlalchemy import select
from sqlmodel import col

from poll_service.deps import BaseUrlDep, ContextDep, CurrentOrganiser
from poll_service.errors import InvalidInput
from poll_service.models import Room
from poll_service.presentations.service import owned_presentation
from poll_service.qna.settings import with_qna
from poll_service.rooms import service
from poll_service.rooms.projection import join_url
from poll_service.rooms.qr import qr_svg
from poll_service.rooms.schemas import Results, RoomCreate, RoomPublic, RoomUpdate
from poll_service.workspaces.access import RUN, VIEW, room_scope

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
    context.webhooks.wake()  # committed: the room.started event goes out now
    async with context.sessionmaker() as session:
        return RoomPublic.model_validate(await service.room_with_count(session, room, base_url))


@router.get("/api/presentations/{presentation_id}/rooms")
async def list_presentation_rooms(
    presentation_id: str, user: CurrentOrganiser, context: ContextDep, base_url: BaseUrlDep
) -> list[RoomPublic]:
    """Extension: every room (live and past) of one presentation, newest first."""
    async with context.sessionmaker() as session:
        presentation = await owned_presentation(session, user, presentation_id, need=VIEW)
        query = select(Room).where(col(Room.presentation_id) == presentation.id)
        scope = await room_scope(session, user, presentation)
        if scope is not None:  # a facilitator handed some rooms lists only those
            query = query.where(col(Room.id).in_(scope))
        rooms = (await session.scalars(query.order_by(col(Room.created_at).desc()))).all()
        return [RoomPublic.model_validate(await service.room_with_count(session, r, base_url)) for r in rooms]


@router.get("/api/rooms/{room_id}")
async def get_room(
    room_id: str, user: CurrentOrganiser, context: ContextDep, base_url: BaseUrlDep
) -> RoomPublic:
    async with context.sessionmaker() as session:
        room = await service.owned_room(session, user, room_id, need=VIEW)
        return RoomPublic.model_validate(await service.room_with_count(session, room, base_url))


@router.patch("/api/rooms/{room_id}")
async def update_room(
    room_id: str, body: RoomUpdate, user: CurrentOrganiser, context: ContextDep, base_url: BaseUrlDep
) -> RoomPublic:
    """Extension: rename a room, or change its Q&A settings (`{qna: {...}}`, only the keys given)."""
    async with context.unit_of_work() as work:
        room = await service.owned_room(work.session, user, room_id, need=RUN)
        if body.name is not None:
            if not body.name.strip():
                raise InvalidInput("name cannot be blank")
            room.name = body.name.strip()
        if body.qna is not None:
            room.settings = with_qna(room.settings or {}, room.settings or {}, body.qna)
        await work.session.flush()
        public = await service.room_with_count(work.session, room, base_url)
        work.publish(room.id, "room_changed")
        if body.qna is not None:
            work.publish(room.id, "qna")  # phones and screens get the panel as it is now
    return RoomPublic.model_validate(public)


@router.get("/api/rooms/{room_id}/results")
async def room_results(room_id: str, user: CurrentOrganiser, context: ContextDep) -> Results:
    async with context.sessionmaker() as session:
        room = await service.owned_room(session, user, room_id, need=VIEW)
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
        room = await service.owned_room(session, user, room_id, need=VIEW)
    return Response(
        qr_svg(join_url(base_url, room.join_code)),
        media_type="image/svg+xml",
        headers={"Cache-Control": "private, max-age=300"},
    )
