from fastapi import APIRouter

from poll_service.control.service import control_room as control
from poll_service.deps import BaseUrlDep, ContextDep, CurrentOrganiser
from poll_service.rooms.schemas import RoomControl, RoomPublic

router = APIRouter(tags=["rooms"])


@router.post("/api/rooms/{room_id}/control")
async def control_room(
    room_id: str,
    body: RoomControl,
    user: CurrentOrganiser,
    context: ContextDep,
    base_url: BaseUrlDep,
) -> RoomPublic:
    public = await control(
        context,
        user,
        room_id,
        body.action,
        question_id=body.question_id,
        seconds=body.seconds,
        base_url=base_url,
    )
    return RoomPublic.model_validate(public)
