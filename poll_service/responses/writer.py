"""The database writer: group commit for votes and for joins.

Submissions queue up while the previous batch is being written, so under load many votes share one
transaction (executemany, no ORM per row; see batch_sql.py). Each submitter is
answered only after its batch committed: an acknowledged vote is durable. Then one hub message per
room and batch carries the committed answers to every worker's live rooms.

On SQLite a batch runs in one hand-off to a writer thread with its own connection (aiosqlite would
hand off every statement, fetch and close, and each hand-off costs the event loop more than the
statement); on PostgreSQL it runs on the event loop on asyncpg directly, one array statement per
step (pg_batch.py). Joins (new participants) are batched the same way: a room filling up at a
thousand phones a second is a thousand inserts.
"""

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, Table
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from poll_service.errors import NotFound, PollError, ServiceBusy
from poll_service.ids import new_id, utcnow
from poll_service.models import Participant
from poll_service.responses import pg_batch
from poll_service.responses.batch_sql import SqliteStatements, write_batch_sqlite
from poll_service.responses.vote import Accepted, Vote

__all__ = ["Accepted", "Vote", "VoteWriter"]

log = logging.getLogger(__name__)

Publish = Callable[[str, list[list[Any]]], Awaitable[None]]
PublishJoined = Callable[[str, list[str]], Awaitable[None]]
T = TypeVar("T")
Q = TypeVar("Q")

_participants: Table = Participant.__table__  # type: ignore[attr-defined]


class VoteWriter:
    def __init__(
        self,
        engine: AsyncEngine,
        publish: Publish,
        batch_max: int = 500,
        *,
        commit_interval: float = 0.0,
        sqlite_engine: Engine | None = None,
        publish_joined: PublishJoined | None = None,
    ) -> None:
        self._engine = engine
        self._sqlite_engine = sqlite_engine
        self._held_sqlite: Connection | None = None  # the writer thread's, between batches
        self._thread = (
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="vote-writer") if sqlite_engine else None
        )
        self._publish = publish
        self._batch_max = batch_max
        self._commit_interval = commit_interval
        self._queue: asyncio.Queue[Vote] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        # Committed votes per room, published in commit order by one task of their own, so the
        # next batch's commit does not wait for the hub's round trip (Redis in production).
        self._committed: asyncio.Queue[dict[str, list[list[Any]]]] = asyncio.Queue()
        self._publish_task: asyncio.Task[None] | None = None
        if sqlite_engine is None and engine.dialect.name != "postgresql":
            raise ValueError(
                "on SQLite the vote writer needs its own engine (db.create_sqlite_writer_engine)"
            )
        # SQLite: the writer thread's own sqlite3 connection runs the batch (batch_sql.py).
        self._write_votes_sqlite: Callable[[Connection, list[Vote]], list[Accepted | PollError]] | None = (
            partial(write_batch_sqlite, SqliteStatements(sqlite_engine.dialect)) if sqlite_engine else None
        )
        self._publish_joined = publish_joined
        # (room, join source, the new participant's id once stored)
        self._joins: asyncio.Queue[_Join] = asyncio.Queue()
        self._joins_task: asyncio.Task[None] | None = None
        self._insert_participants = _participants.insert()
        self._votes_connection = HeldConnection(engine)
        self._joins_connection = HeldConnection(engine)
        self.batches = 0
        self.votes = 0

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="vote-writer")
        self._publish_task = asyncio.create_task(self._run_publish(), name="vote-publisher")
        self._joins_task = asyncio.create_task(self._run_joins(), name="join-writer")

    async def stop(self) -> None:
        """Finish what is queued (graceful shutdown keeps in-flight votes), then stop."""
        if self._task is None:
            return
        await self._queue.join()
        await self._joins.join()
        await self._committed.join()
        for task in (self._task, self._joins_task, self._publish_task):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        await self._votes_connection.close()
        await self._joins_connection.close()
        if self._thread is not None:
            self._thread.submit(self._close_held_sqlite).result()  # on the thread that used it
            self._thread.shutdown(wait=True)
        if self._sqlite_engine is not None:
            self._sqlite_engine.dispose()

    async def submit(self, vote: Vote) -> Accepted:
        await self._queue.put(vote)
        return await vote.future

    async def add_participant(self, room_id: str, join_source: str | None = None) -> str:
        """A new participant of the room, stored (group commit) before its id is returned."""
        future: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        await self._joins.put((room_id, join_source, future))
        return await future

    async def _run_joins(self) -> None:
        paced = _Pacing(self._commit_interval)
        while True:
            batch = await self._next_batch(self._joins, paced)
            try:
                await self._write_joins(batch)
            finally:
                for _ in batch:
                    self._joins.task_done()

    async def _write_joins(self, batch: list["_Join"]) -> None:
        now = utcnow()
        rows: list[dict[str, Any]] = [
            {"id": new_id(), "room_id": room, "join_source": source, "created_at": now}
            for room, source, _ in batch
        ]
        try:
            if self._thread is not None:
                await self._in_writer_thread(_insert_rows, self._insert_participants, rows)
            else:
                await self._joins_connection.run(pg_batch.insert_participants, rows)
        except Exception as exc:
            if len(batch) > 1:
                # One join for a room deleted meanwhile must not fail its neighbours.
                for one in batch:
                    await self._write_joins([one])
                return
            if not batch[0][2].done():
                gone = isinstance(exc, IntegrityError)
                failure = NotFound("this room no longer exists") if gone else _database_error(exc)
                batch[0][2].set_exception(failure)
            return
        joined: dict[str, list[str]] = {}
        for row, (room_id, _, future) in zip(rows, batch, strict=True):
            joined.setdefault(room_id, []).append(row["id"])
            if not future.done():
                future.set_result(row["id"])
        if self._publish_joined is not None:
            for room_id, ids in joined.items():
                try:
                    await self._publish_joined(room_id, ids)
                except Exception:
                    # Stored; a worker that misses this reloads from the database.
                    log.exception("publishing joins for room %s failed", room_id)

    async def _next_batch(self, queue: "asyncio.Queue[Q]", paced: "_Pacing") -> list[Q]:
        """Wait for one item and for the commit interval, then take whatever else queued
        meanwhile (up to a batch)."""
        batch = [await queue.get()]
        if queue.qsize() + 1 < self._batch_max:
            await paced.wait()
        paced.started()
        while len(batch) < self._batch_max and not queue.empty():
            batch.append(queue.get_nowait())
        return batch

    async def _run(self) -> None:
        paced = _Pacing(self._commit_interval)
        while True:
            batch = await self._next_batch(self._queue, paced)
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
        if committed:
            self._committed.put_nowait(committed)

    async def _run_publish(self) -> None:
        while True:
            committed = await self._committed.get()
            try:
                for room_id, items in committed.items():
                    try:
                        await self._publish(room_id, items)
                    except Exception:
                        # Votes are stored; a worker that misses this reloads from the database.
                        log.exception("publishing votes for room %s failed", room_id)
            finally:
                self._committed.task_done()

    async def _commit(self, batch: list[Vote]) -> list[Accepted | PollError]:
        if self._write_votes_sqlite is not None:
            return await self._in_writer_thread(self._write_votes_sqlite, batch)
        return await self._votes_connection.run(pg_batch.write_votes, batch)

    async def _in_writer_thread(self, work: Callable[..., T], *args: Any) -> T:
        """Run `work(connection, *args)` in one transaction in the SQLite writer thread, so all
        writes of this worker take turns there instead of contending for the file lock."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._thread, self._in_thread, work, args)

    def _in_thread(self, work: Callable[..., T], args: tuple[Any, ...]) -> T:
        # The thread keeps its connection between batches: taking it from the pool for each one
        # cost a check-out, a rollback on the way back and their events, per batch.
        conn = self._held_sqlite
        if conn is None:
            assert self._sqlite_engine is not None
            conn = self._held_sqlite = self._sqlite_engine.connect()
        try:
            with conn.begin():
                return work(conn, *args)
        except BaseException:
            # A refused row rolled its batch back; whatever else went wrong, the next batch
            # starts on a fresh connection.
            self._held_sqlite = None
            conn.close()
            raise

    def _close_held_sqlite(self) -> None:
        if self._held_sqlite is not None:
            self._held_sqlite.close()
            self._held_sqlite = None


class HeldConnection:
    """A pooled PostgreSQL connection that a writer lane keeps between its batches, used through
    its asyncpg connection. Taking one from the pool per batch cost a liveness check each time (a
    round trip and a rollback: a fifth of the vote path's CPU); a held connection that fails is
    closed, and the next batch takes a fresh one."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._conn: AsyncConnection | None = None
        self._driver: Any = None  # the asyncpg connection under it

    async def run(self, work: Callable[..., Awaitable[T]], *args: Any) -> T:
        """`await work(asyncpg_connection, *args)`; `work` opens a transaction where it needs one."""
        if self._conn is None:
            conn = await self._engine.connect()
            driver: Any = (await conn.get_raw_connection()).driver_connection
            # Plan each batch for the table as it is. A generic plan, which asyncpg's prepared
            # statements get from the sixth run on, is made once: made on a new, empty table it
            # scans the idempotency keys instead of probing their index, and a batch then took
            # 2-5 ms more for every 50,000 keys stored (bench http-votes). Planning costs ~0.1 ms.
            await driver.execute("SET plan_cache_mode = force_custom_plan")
            self._driver, self._conn = driver, conn
        try:
            return await work(self._driver, *args)
        except BaseException:
            # Whatever went wrong (a bad row, a lost server), the next batch starts afresh.
            await self.close()
            raise

    async def close(self) -> None:
        conn, driver, self._conn, self._driver = self._conn, self._driver, None, None
        if conn is not None:
            with contextlib.suppress(Exception):
                await driver.execute("RESET plan_cache_mode")  # back to the pool as it came
            with contextlib.suppress(Exception):
                await conn.close()


_Join = tuple[str, str | None, "asyncio.Future[str]"]


class _Pacing:
    """At least `interval` seconds between the starts of two commits of one writer lane."""

    def __init__(self, interval: float) -> None:
        self._interval = interval
        self._last = -interval

    async def wait(self) -> None:
        if self._interval:
            loop = asyncio.get_running_loop()
            remaining = self._last + self._interval - loop.time()
            if remaining > 0:
                await asyncio.sleep(remaining)

    def started(self) -> None:
        if self._interval:
            self._last = asyncio.get_running_loop().time()


def _insert_rows(conn: Connection, statement: Any, rows: list[dict[str, Any]]) -> None:
    conn.execute(statement, rows)


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
