"""Anonymous participants: joining a room by its code."""

from dataclasses import dataclass

from sqlalchemy import Table, bindparam, select
from sqlalchemy.ext.asyncio import AsyncConnection

from poll_service.context import AppContext
from poll_service.errors import Forbidden, Locked, NotFound
from poll_service.models import Participant, Room
from poll_service.privacy.bursts import join_source
from poll_service.privacy.flood import hit_counting_floods, note_join_burst
from poll_service.rooms.join_codes import clean_join_code
from poll_service.security import ParticipantIdentity

# Unknown and ended codes share this one answer, so a guesser learns nothing from it.
NO_SUCH_ROOM = "no live room has this code; check the code on the screen"

_rooms: Table = Room.__table__  # type: ignore[attr-defined]
_participants: Table = Participant.__table__  # type: ignore[attr-defined]

# Built once: a room filling up runs these a thousand times a second (bench/README.md).
_LIVE_ROOM_BY_CODE = select(_rooms.c.id, _rooms.c.presentation_id, _rooms.c.join_code, _rooms.c.locked).where(
    _rooms.c.join_code == bindparam("code"), _rooms.c.status == "live"
)
_PARTICIPANT_REMOVED = select(_participants.c.removed).where(
    _participants.c.id == bindparam("participant_id"), _participants.c.room_id == bindparam("room_id")
)


@dataclass(frozen=True, slots=True)
class RoomAtTheDoor:
    """What joining needs to know of a live room."""

    id: str
    presentation_id: str
    join_code: str
    locked: bool


async def live_room_by_code(conn: AsyncConnection, raw_code: str) -> RoomAtTheDoor | None:
    code = clean_join_code(raw_code)
    if code is None:
        return None
    row = (await conn.execute(_LIVE_ROOM_BY_CODE, {"code": code})).first()
    return RoomAtTheDoor(row[0], row[1], row[2], bool(row[3])) if row is not None else None


async def join_room(
    context: AppContext,
    raw_code: str,
    client_key: str,
    returning: ParticipantIdentity | None,
    base_url: str,
) -> tuple[RoomAtTheDoor, str]:
    """(room, participant id); a returning participant of the same room keeps their identity."""
    limits = context.limits
    # No wrong-code check up front: the limit bounds guessing, and one attendee's typos behind a
    # venue's shared address must never keep everyone else there from joining with the right code.
    code = clean_join_code(raw_code)
    live = context.rooms.live_by_code(code) if code is not None and returning is None else None
    if live is not None:
        room = RoomAtTheDoor(
            live.id, str(live.room["presentation_id"]), live.join_code, bool(live.room.get("locked"))
        )
    else:
        found = await _room_at_the_door(context, raw_code, client_key, returning)
        if isinstance(found, tuple):  # a returning participant of this room keeps their identity
            return found
        room = found
        # Load the live view now: the joins that follow (a room fills up at a thousand phones a
        # second) are then answered from memory, and its phones' sockets need it anyway.
        await context.rooms.get(room.id, base_url)
    if room.locked:
        raise Locked("this room is locked: the presenter is not letting anyone in right now")
    await hit_counting_floods(context.flood, limits.joins, client_key, room.id)
    await note_join_burst(context.flood, limits.join_bursts, client_key, room.id)
    # Stored (and announced to every worker's live room) before the phone gets its token.
    source = join_source(context.settings.secret, room.id, client_key)
    participant_id = await context.writer.add_participant(room.id, source)
    return room, participant_id


async def _room_at_the_door(
    context: AppContext, raw_code: str, client_key: str, returning: ParticipantIdentity | None
) -> RoomAtTheDoor | tuple[RoomAtTheDoor, str]:
    """The live room from the database; or (room, participant id) for a returning participant."""
    # Only reads here: a new participant is written by the group-committing writer.
    async with context.engine.connect() as conn:
        room = await live_room_by_code(conn, raw_code)
        if room is None:  # counted, and past the limit answered 429 instead of 404
            await context.limits.join_failures.hit(client_key)
            raise NotFound(NO_SUCH_ROOM)
        if returning is not None and returning.room_id == room.id:
            removed = (
                await conn.execute(
                    _PARTICIPANT_REMOVED, {"participant_id": returning.participant_id, "room_id": room.id}
                )
            ).scalar()
            if removed:  # privacy/router.py: removed by the presenter
                raise Forbidden("the presenter removed you from this room")
            if removed is not None:
                return room, returning.participant_id
    return room


async def still_a_participant(context: AppContext, identity: ParticipantIdentity) -> bool:
    """Stored as a participant of that room and not removed by the presenter."""
    async with context.engine.connect() as conn:
        removed = (
            await conn.execute(
                _PARTICIPANT_REMOVED,
                {"participant_id": identity.participant_id, "room_id": identity.room_id},
            )
        ).scalar()
    return removed is not None and not removed
