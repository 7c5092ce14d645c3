"""Closing voting when a countdown reaches zero, on whichever worker gets there first.

Every worker checks the deadline of its loaded rooms on each tick (so the countdown survives the
worker that started it). The close is one conditional UPDATE, so exactly one worker changes the row
and publishes; the others' updates match nothing. Votes after the deadline are refused by every
worker at once, before any of this (rooms/rules.room_voting_open)."""

import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from poll_service.ids import utcnow
from poll_service.live.state import LiveRoom
from poll_service.models import Question, Room
from poll_service.rooms.rules import moment
from poll_service.webhooks import outbox

log = logging.getLogger(__name__)

Publish = Callable[..., Awaitable[None]]
Background = Callable[[Coroutine[Any, Any, None]], None]


class Countdowns:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], publish: Publish) -> None:
        self._sessionmaker = sessionmaker
        self._publish = publish
        # room -> the deadline this worker already tried to close (so it tries once, not per tick)
        self._tried: dict[str, str] = {}

    def check(self, room: LiveRoom, background: Background) -> None:
        deadline_text = room.room.get("countdown_ends_at")
        if not deadline_text or not room.room.get("voting_open") or room.room.get("status") != "live":
            return
        deadline = moment(deadline_text)
        if deadline is None or utcnow() < deadline or self._tried.get(room.id) == deadline_text:
            return
        self._tried[room.id] = deadline_text
        background(self._close_quietly(room.id))

    async def _close_quietly(self, room_id: str) -> None:
        await self.close(room_id)

    async def close(self, room_id: str) -> bool:
        """Close voting if a countdown ran out; True on the one worker that did it."""
        try:
            async with self._sessionmaker() as session, session.begin():
                result = await session.execute(
                    update(Room)
                    .where(
                        col(Room.id) == room_id,
                        col(Room.voting_open).is_(True),
                        col(Room.countdown_ends_at).is_not(None),
                        col(Room.countdown_ends_at) <= utcnow(),
                    )
                    .values(voting_open=False)
                )
                closed = bool(getattr(result, "rowcount", 0) == 1)
                if closed:  # queued with the change; the webhook workers send it on their next look
                    await _record_closed(session, room_id)
        except Exception:
            log.exception("closing the countdown of room %s failed", room_id)
            self._tried.pop(room_id, None)  # try again on a next tick
            return False
        if closed:
            await self._publish(room_id, "room_changed")
        return closed


async def _record_closed(session: AsyncSession, room_id: str) -> None:
    room = await session.get(Room, room_id)
    if room is None or room.current_question_id is None:
        return
    question = await session.get(Question, room.current_question_id)
    if question is not None:
        await outbox.record(session, room, "question.closed", {"question": outbox.question_fields(question)})
