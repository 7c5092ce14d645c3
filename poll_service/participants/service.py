"""Anonymous participants: joining a room by its code."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from poll_service.context import AppContext
from poll_service.errors import Locked, NotFound
from poll_service.models import Participant, Room
from poll_service.rooms.join_codes import clean_join_code
from poll_service.security import ParticipantIdentity

# Unknown and ended codes share this one answer, so a guesser learns nothing from it.
NO_SUCH_ROOM = "no live room has this code; check the code on the screen"


async def live_room_by_code(session: AsyncSession, raw_code: str) -> Room | None:
    code = clean_join_code(raw_code)
    if code is None:
        return None
    return (
        await session.scalars(select(Room).where(col(Room.join_code) == code, col(Room.status) == "live"))
    ).first()


async def join_room(
    context: AppContext, raw_code: str, client_key: str, returning: ParticipantIdentity | None
) -> tuple[Room, str]:
    """(room, participant id); a returning participant of the same room keeps their identity."""
    limits = context.limits
    await limits.join_failures.check(client_key)
    async with context.sessionmaker() as session, session.begin():
        room = await live_room_by_code(session, raw_code)
        if room is None:
            await limits.join_failures.hit(client_key)
            raise NotFound(NO_SUCH_ROOM)
        if (
            returning is not None
            and returning.room_id == room.id
            and await session.get(Participant, returning.participant_id) is not None
        ):
            return room, returning.participant_id
        if room.locked:
            raise Locked("this room is locked: the presenter is not letting anyone in right now")
        await limits.joins.hit(client_key)
        participant = Participant(room_id=room.id)
        session.add(participant)
    await context.rooms.publish(room.id, "joined", ids=[participant.id])
    return room, participant.id
