"""The vote writer: group commit.

Submissions queue up while the previous batch is being written, so under load many votes share one
transaction (SQLAlchemy Core executemany, no ORM per row; see batch_sql.py). Each submitter is
answered only after its batch committed: an acknowledged vote is durable. Then one hub message per
room and batch carries the committed answers to every worker's live rooms.

On SQLite a batch runs in one hand-off to a writer thread with its own connection (aiosqlite would
hand off every statement, fetch and close, and each hand-off costs the event loop more than the
statement); on PostgreSQL it runs on the event loop through asyncpg.
"""

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

from poll_service.errors import NotFound, PollError, ServiceBusy
from poll_service.responses.batch_sql import BatchStatements, write_batch
from poll_service.responses.vote import Accepted, Vote

__all__ = ["Accepted", "Vote", "VoteWriter"]

log = logging.getLogger(__name__)

Publish = Callable[[str, list[list[Any]]], Awaitable[None]]


class VoteWriter:
    def __init__(
        self,
        engine: AsyncEngine,
        publish: Publish,
        batch_max: int = 500,
        sqlite_engine: Engine | None = None,
    ) -> None:
        self._engine = engine
        self._sqlite_engine = sqlite_engine
        self._thread = (
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="vote-writer") if sqlite_engine else None
        )
        self._publish = publish
        self._batch_max = batch_max
        self._queue: asyncio.Queue[Vote] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        self._sql = BatchStatements(engine.dialect.name)
        self.batches = 0
        self.votes = 0

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="vote-writer")

    async def stop(self) -> None:
        """Finish what is queued (graceful shutdown keeps in-flight votes), then stop."""
        if self._task is None:
            return
        await self._queue.join()
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        if self._thread is not None:
            self._thread.shutdown(wait=True)
        if self._sqlite_engine is not None:
            self._sqlite_engine.dispose()

    async def submit(self, vote: Vote) -> Accepted:
        await self._queue.put(vote)
        return await vote.future

    async def _run(self) -> None:
        while True:
            batch = [await self._queue.get()]
            while len(batch) < self._batch_max and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            await self._write_batch(batch)
            for _ in batch:
                self._queue.task_done()

    async def _write_batch(self, batch: list[Vote]) -> None:
        try:
            outcomes = await self._commit(batch)
        except (IntegrityError, OperationalError, DBAPIError) as exc:
            if len(batch) == 1:
                _settle(batch[0], _database_error(exc))
                return
            # One bad vote (say, for a question deleted meanwhile) must not fail its neighbours.
            for vote in batch:
                await self._write_batch([vote])
            return
        except Exception:  # never leave a submitter waiting
            log.exception("vote batch failed")
            for vote in batch:
                _settle(vote, ServiceBusy("could not store the vote; try again"))
            return
        self.batches += 1
        self.votes += len(batch)
        committed: dict[str, list[list[Any]]] = {}
        for vote, outcome in zip(batch, outcomes, strict=True):
            _settle(vote, outcome)
            if isinstance(outcome, Accepted) and outcome.stored:
                item = [vote.question_id, vote.participant_id, vote.slot, vote.answer]
                if vote.status != "visible":  # moderated: the live rooms store it uncounted
                    item.append(vote.status)
                committed.setdefault(vote.room_id, []).append(item)
        for room_id, items in committed.items():
            try:
                await self._publish(room_id, items)
            except Exception:
                # Votes are stored; a worker that misses this reloads from the database.
                log.exception("publishing votes for room %s failed", room_id)

    async def _commit(self, batch: list[Vote]) -> list[Accepted | PollError]:
        if self._thread is not None:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self._thread, self._commit_in_thread, batch)
        async with self._engine.begin() as conn:
            return await conn.run_sync(write_batch, self._sql, batch)

    def _commit_in_thread(self, batch: list[Vote]) -> list[Accepted | PollError]:
        assert self._sqlite_engine is not None
        with self._sqlite_engine.begin() as conn:
            return write_batch(conn, self._sql, batch)


def _settle(vote: Vote, outcome: Accepted | PollError) -> None:
    if vote.future.done():
        return
    if isinstance(outcome, Accepted):
        vote.future.set_result(outcome)
    else:
        vote.future.set_exception(outcome)


def _database_error(exc: Exception) -> PollError:
    if isinstance(exc, IntegrityError):
        return NotFound("the question or participant no longer exists")
    return ServiceBusy("the database is busy; try again")
