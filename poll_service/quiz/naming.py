"""Naming the players who join a quiz room, a batch at a time (the group commit of quiz names).

A join in a room with quiz questions needs a name unique in the whole presentation. One naming
transaction per join (a lock, a read of every name taken, a write) made a hall of phones joining
at once queue behind itself: 21 joins/s on SQLite, and "the database is busy" for some
(bench/README.md, quiz burst). Here the names asked for while a batch is being written wait and
go together in the next one (nicknames.name_players), and each room gets one `nickname` message
per batch instead of one per player."""

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Mapping

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from poll_service.errors import NotFound
from poll_service.quiz.nicknames import NameWords, name_players

log = logging.getLogger(__name__)

PublishNames = Callable[[str, dict[str, str]], Awaitable[None]]
_Wanted = tuple[str, str, "asyncio.Future[str]"]  # room, participant, its name once stored


class PlayerNamer:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        publish: PublishNames,
        words: Mapping[str, NameWords],
        batch_max: int = 500,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._publish = publish
        self._words = words
        self._batch_max = batch_max
        self._queue: asyncio.Queue[_Wanted] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        self.batches = 0  # naming transactions so far

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="player-namer")

    async def stop(self) -> None:
        """Name whoever is waiting, then stop."""
        if self._task is None:
            return
        await self._queue.join()
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task

    async def name(self, room_id: str, participant_id: str) -> str:
        """A generated name for a player of the room, stored (and announced) before it returns."""
        future: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        await self._queue.put((room_id, participant_id, future))
        return await future

    async def _run(self) -> None:
        while True:
            batch = [await self._queue.get()]
            while len(batch) < self._batch_max and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            try:
                await self._name(batch)
            finally:
                for _ in batch:
                    self._queue.task_done()

    async def _name(self, batch: list[_Wanted]) -> None:
        self.batches += 1
        try:
            names = await name_players(self._sessionmaker, [(r, p) for r, p, _ in batch], self._words)
        except Exception as exc:  # never leave a joining phone waiting
            for _, _, future in batch:
                if not future.done():
                    future.set_exception(exc)
            return
        by_room: dict[str, dict[str, str]] = {}
        for room_id, participant_id, future in batch:
            if future.done():
                continue
            if participant_id in names:
                by_room.setdefault(room_id, {})[participant_id] = names[participant_id]
                future.set_result(names[participant_id])
            else:
                future.set_exception(NotFound("you are not a participant of this room any more; join again"))
        for room_id, named in by_room.items():
            try:
                await self._publish(room_id, named)
            except Exception:
                # Stored; a worker that misses this reloads the names from the database.
                log.exception("announcing quiz names in room %s failed", room_id)
