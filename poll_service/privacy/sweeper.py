"""The privacy sweep: anonymise closed questions of anonymous rooms and purge rooms past the
retention period. Runs in every worker on a clock (each step is idempotent, so two workers doing it
at once do no harm) and as `poll-service purge`."""

import asyncio
import contextlib
import logging
import random
from collections.abc import Awaitable, Callable
from datetime import timedelta

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from poll_service.db import transaction
from poll_service.ids import utcnow
from poll_service.models import Room
from poll_service.privacy.anonymity import anonymise_closed_questions, is_anonymous
from poll_service.privacy.service import purge_room, rooms_to_purge
from poll_service.workspaces import audit

log = logging.getLogger(__name__)

Reload = Callable[[str], Awaitable[None]]
PURGE_BATCH = 20
# Ended anonymous rooms are unlinked when they end; the sweep looks back this far for stragglers.
ANONYMOUS_LOOKBACK = timedelta(days=7)


async def anonymise_room(sessionmaker: async_sessionmaker[AsyncSession], room_id: str) -> int:
    async with transaction(sessionmaker) as session:
        room = await session.get(Room, room_id)
        return await anonymise_closed_questions(session, room) if room is not None else 0


async def anonymise_rooms(sessionmaker: async_sessionmaker[AsyncSession], reload: Reload | None) -> int:
    """Every anonymous room that is live or ended lately; the number of answers unlinked."""
    since = utcnow() - ANONYMOUS_LOOKBACK
    async with sessionmaker() as session:
        rooms = (
            await session.scalars(
                select(Room).where(or_(col(Room.status) == "live", col(Room.ended_at) > since))
            )
        ).all()
    total = 0
    for room in rooms:
        if not is_anonymous(room):
            continue
        changed = await anonymise_room(sessionmaker, room.id)
        if changed and reload is not None:
            await reload(room.id)
        total += changed
    return total


async def purge_expired(
    sessionmaker: async_sessionmaker[AsyncSession], days: int, reload: Reload | None = None
) -> int:
    """Purge every room that ended more than `days` ago; the number of rooms purged."""
    total = 0
    while True:
        async with transaction(sessionmaker) as session:
            rooms = await rooms_to_purge(session, days, PURGE_BATCH)
            for room in rooms:
                await purge_room(session, room)
        for room in rooms:
            if reload is not None:
                await reload(room.id)
        total += len(rooms)
        if len(rooms) < PURGE_BATCH:
            return total


class PrivacySweeper:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        reload: Reload,
        period: float,
        retention_days: int | None,
        audit_retention_days: int | None = None,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._reload = reload
        self._period = period
        self._retention_days = retention_days
        self._audit_retention_days = audit_retention_days
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="privacy-sweep")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def sweep(self) -> None:
        await anonymise_rooms(self._sessionmaker, self._reload)
        if self._retention_days is not None:
            purged = await purge_expired(self._sessionmaker, self._retention_days, self._reload)
            if purged:
                log.info("retention: purged %d rooms", purged)
        if self._audit_retention_days is not None:
            entries = await audit.purge_older_than(self._sessionmaker, self._audit_retention_days)
            if entries:
                log.info("retention: purged %d audit-log entries", entries)

    async def _run(self) -> None:
        # Workers start together; a random offset keeps their sweeps apart.
        await asyncio.sleep(random.uniform(0, self._period))  # noqa: S311  # nosec B311
        while True:
            try:
                await self.sweep()
            except Exception:  # a database hiccup must not end the clock
                log.exception("privacy sweep failed")
            await asyncio.sleep(self._period)
