"""The vote writer: group commit.

Submissions queue up while the previous batch is being written, so under load many votes share one
transaction (SQLAlchemy Core executemany, no ORM per row). Each submitter is answered only after
its batch committed: an acknowledged vote is durable. Then one hub message per room and batch
carries the committed answers to every worker's live rooms.
"""

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from poll_service.errors import Conflict, NotFound, PollError, ServiceBusy
from poll_service.ids import new_id, utcnow
from poll_service.models import IdempotencyKey, Response

log = logging.getLogger(__name__)

_responses: Table = Response.__table__  # type: ignore[attr-defined]
_keys: Table = IdempotencyKey.__table__  # type: ignore[attr-defined]


@dataclass(slots=True)
class Vote:
    room_id: str
    question_id: str
    participant_id: str
    answer: dict[str, Any]
    allow_change: bool
    idempotency_key: str | None = None
    # 0 for one answer per participant; types that take several answers use a fresh random slot.
    slot: int = 0
    response_id: str = field(default_factory=new_id)
    future: "asyncio.Future[Accepted]" = field(default_factory=lambda: _new_future())


@dataclass(frozen=True, slots=True)
class Accepted:
    response_id: str
    question_id: str
    # False when an Idempotency-Key matched an earlier submission: nothing new was stored.
    stored: bool = True


def _new_future() -> "asyncio.Future[Accepted]":
    return asyncio.get_running_loop().create_future()


Publish = Callable[[str, list[list[Any]]], Awaitable[None]]


class VoteWriter:
    def __init__(self, engine: AsyncEngine, publish: Publish, batch_max: int = 500) -> None:
        self._engine = engine
        self._publish = publish
        self._batch_max = batch_max
        self._queue: asyncio.Queue[Vote] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        self._insert = _dialect_insert(engine.dialect.name)
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
                committed.setdefault(vote.room_id, []).append(
                    [vote.question_id, vote.participant_id, vote.slot, vote.answer]
                )
        for room_id, items in committed.items():
            try:
                await self._publish(room_id, items)
            except Exception:
                # Votes are stored; a worker that misses this reloads from the database.
                log.exception("publishing votes for room %s failed", room_id)

    async def _commit(self, batch: list[Vote]) -> list[Accepted | PollError]:
        outcomes: list[Accepted | PollError | None] = [None] * len(batch)
        async with self._engine.begin() as conn:
            await self._answer_retries(conn, batch, outcomes)
            fresh = [i for i, o in enumerate(outcomes) if o is None]
            changeable = [i for i in fresh if batch[i].allow_change]
            once_only = [i for i in fresh if not batch[i].allow_change]
            await self._upsert(conn, batch, changeable, outcomes)
            await self._insert_once(conn, batch, once_only, outcomes)
            await self._remember_keys(conn, batch, outcomes)
        return [o if o is not None else Conflict("not stored") for o in outcomes]

    async def _answer_retries(
        self, conn: AsyncConnection, batch: list[Vote], outcomes: list[Accepted | PollError | None]
    ) -> None:
        """A submission whose Idempotency-Key was seen before gets the first answer again."""
        keyed = {(v.participant_id, v.idempotency_key) for v in batch if v.idempotency_key}
        if not keyed:
            return
        # Two plain IN lists use the primary key's index on every database (a tuple IN may not);
        # the few extra pairs it can return are filtered out here.
        rows = await conn.execute(
            select(_keys.c.participant_id, _keys.c.key, _keys.c.response_id, _keys.c.question_id).where(
                _keys.c.participant_id.in_({p for p, _ in keyed}), _keys.c.key.in_({k for _, k in keyed})
            )
        )
        known = {(r[0], r[1]): Accepted(r[2], r[3], stored=False) for r in rows if (r[0], r[1]) in keyed}
        first_in_batch: dict[tuple[str, str], int] = {}
        for i, vote in enumerate(batch):
            if not vote.idempotency_key:
                continue
            key = (vote.participant_id, vote.idempotency_key)
            if key in known:
                outcomes[i] = known[key]
            elif key in first_in_batch:
                # The same key twice in one batch: the later one echoes the first.
                first = batch[first_in_batch[key]]
                outcomes[i] = Accepted(first.response_id, first.question_id, stored=False)
            else:
                first_in_batch[key] = i

    async def _upsert(
        self,
        conn: AsyncConnection,
        batch: list[Vote],
        indexes: Sequence[int],
        outcomes: list[Accepted | PollError | None],
    ) -> None:
        if not indexes:
            return
        # Within a batch the last submission of a participant for a question wins, as it would
        # have had they arrived one after another.
        latest: dict[tuple[str, str, int], int] = {}
        for i in indexes:
            latest[(batch[i].participant_id, batch[i].question_id, batch[i].slot)] = i
        now = utcnow()
        rows = [_row(batch[i], now) for i in latest.values()]
        stmt = self._insert(_responses)
        stmt = stmt.on_conflict_do_update(
            index_elements=["participant_id", "question_id", "slot"],
            set_={
                "id": stmt.excluded.id,
                "answer": stmt.excluded.answer,
                "created_at": stmt.excluded.created_at,
            },
        )
        await conn.execute(stmt, rows)
        for i in indexes:
            outcomes[i] = Accepted(batch[i].response_id, batch[i].question_id)

    async def _insert_once(
        self,
        conn: AsyncConnection,
        batch: list[Vote],
        indexes: Sequence[int],
        outcomes: list[Accepted | PollError | None],
    ) -> None:
        if not indexes:
            return
        first: dict[tuple[str, str, int], int] = {}
        for i in indexes:
            first.setdefault((batch[i].participant_id, batch[i].question_id, batch[i].slot), i)
        now = utcnow()
        stmt = self._insert(_responses).on_conflict_do_nothing(
            index_elements=["participant_id", "question_id", "slot"]
        )
        await conn.execute(stmt, [_row(batch[i], now) for i in first.values()])
        ids = [batch[i].response_id for i in first.values()]
        stored = set((await conn.scalars(select(_responses.c.id).where(_responses.c.id.in_(ids)))).all())
        for i in indexes:
            if batch[i].response_id in stored:
                outcomes[i] = Accepted(batch[i].response_id, batch[i].question_id)
            else:
                outcomes[i] = Conflict("you already answered this question and changes are not allowed")

    async def _remember_keys(
        self, conn: AsyncConnection, batch: list[Vote], outcomes: list[Accepted | PollError | None]
    ) -> None:
        now = utcnow()
        rows = [
            {
                "participant_id": v.participant_id,
                "key": v.idempotency_key,
                "response_id": o.response_id,
                "question_id": o.question_id,
                "created_at": now,
            }
            for v, o in zip(batch, outcomes, strict=True)
            if v.idempotency_key and isinstance(o, Accepted) and o.stored
        ]
        if rows:
            stmt = self._insert(_keys).on_conflict_do_nothing(index_elements=["participant_id", "key"])
            await conn.execute(stmt, rows)


def _row(vote: Vote, now: Any) -> dict[str, Any]:
    return {
        "id": vote.response_id,
        "room_id": vote.room_id,
        "question_id": vote.question_id,
        "participant_id": vote.participant_id,
        "slot": vote.slot,
        "answer": vote.answer,
        "created_at": now,
    }


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


def _dialect_insert(dialect: str) -> Any:
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert
    raise RuntimeError(f"unsupported database dialect {dialect!r}")
