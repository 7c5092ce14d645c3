"""The `reload` hub message: a room's rows changed in ways a vote message cannot say (a participant
removed, answers anonymised, a room purged), so every worker re-reads the room from the database,
forgets what it held in memory, and closes the sockets of participants that are gone."""

import asyncio
import logging
from typing import TYPE_CHECKING

from sqlalchemy import delete, select
from sqlmodel import col

from poll_service.models import Participant, Response

if TYPE_CHECKING:
    from poll_service.realtime.live import LiveRoom, LiveRooms

POLICY_VIOLATION = 1008
log = logging.getLogger(__name__)


async def reload_room(rooms: "LiveRooms", room: "LiveRoom") -> None:
    # First refuse removed participants here, then delete any vote this worker accepted from
    # them just before it heard of the removal.
    try:
        async with rooms._sessionmaker() as session, session.begin():
            removed = (
                await session.scalars(
                    select(col(Participant.id)).where(
                        col(Participant.room_id) == room.id, col(Participant.removed).is_(True)
                    )
                )
            ).all()
            room.participants.difference_update(removed)
            if removed:
                await session.execute(delete(Response).where(col(Response.participant_id).in_(removed)))
    except Exception:  # the room's listener must live on; the next reload or sweep tries again
        log.exception("reload of room %s: removing answers of removed participants failed", room.id)
    # load() keeps answers it already holds; start empty so deleted and unlinked ones go.
    room.answers = {}
    room.withheld = {}
    await rooms.resync(room)
    gone = [pid for pid in room.audience if pid not in room.participants]
    for participant_id in gone:
        for sender in room.audience.pop(participant_id, set()):
            sender.closed = True
            task = asyncio.ensure_future(sender.websocket.close(code=POLICY_VIOLATION))
            task.add_done_callback(lambda t: t.cancelled() or t.exception())
