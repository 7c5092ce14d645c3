"""Handing rooms to facilitators (workspaces/room_grants.py): list, hand, take back. Editors and
owners of the room's workspace; the facilitator then sees only their rooms of that deck."""

from fastapi import APIRouter
from pydantic import BaseModel

from poll_service.deps import ContextDep, CurrentOrganiser
from poll_service.ids import iso
from poll_service.models import Room
from poll_service.workspaces import access, room_grants

router = APIRouter(tags=["workspaces"])


class RoomFacilitator(BaseModel):
    user_id: str
    display_name: str
    email: str
    granted_at: str


async def _listed(context: ContextDep, room_id: str) -> list[RoomFacilitator]:
    async with context.sessionmaker() as session:
        found = await room_grants.grants(session, room_id)
    return [
        RoomFacilitator(
            user_id=g.user_id, display_name=g.display_name, email=g.email, granted_at=iso(g.granted_at)
        )
        for g in found
    ]


@router.get("/api/rooms/{room_id}/facilitators", summary="The facilitators this room is handed to")
async def list_room_facilitators(
    room_id: str, user: CurrentOrganiser, context: ContextDep
) -> list[RoomFacilitator]:
    async with context.sessionmaker() as session:
        room, _ = await access.require_room(session, user, await session.get(Room, room_id[:64]), access.EDIT)
    return await _listed(context, room.id)


@router.put("/api/rooms/{room_id}/facilitators/{user_id}", summary="Hand the room to a facilitator")
async def hand_room(
    room_id: str, user_id: str, user: CurrentOrganiser, context: ContextDep
) -> list[RoomFacilitator]:
    await context.limits.deck_writes.hit(user.id)
    async with context.unit_of_work() as work:
        room, presentation = await access.require_room(
            work.session, user, await work.session.get(Room, room_id[:64]), access.EDIT
        )
        member = await room_grants.hand_room(work.session, user, room, presentation, user_id)
        # Handed one room, a facilitator loses the presentation's others.
        work.after_commit(context.access_watch.announce_after_commit(member.id))
    return await _listed(context, room.id)


@router.delete("/api/rooms/{room_id}/facilitators/{user_id}", status_code=204, summary="Take the room back")
async def take_room_back(room_id: str, user_id: str, user: CurrentOrganiser, context: ContextDep) -> None:
    await context.limits.deck_writes.hit(user.id)
    async with context.unit_of_work() as work:
        room, presentation = await access.require_room(
            work.session, user, await work.session.get(Room, room_id[:64]), access.EDIT
        )
        await room_grants.take_back(work.session, user, room, presentation, user_id)
        work.after_commit(context.access_watch.announce_after_commit(user_id[:64]))
