"""The PostgreSQL writer's statements, on asyncpg directly: one statement per step of a batch,
whatever its size, with the batch's columns as arrays (`unnest`), prepared once per connection
by asyncpg's statement cache. Through SQLAlchemy the same batch cost a greenlet hand-off, a
parameter dictionary per row and an executemany round of per-row binds (bench/README.md).

Errors leave as SQLAlchemy's (IntegrityError for a broken constraint, OperationalError for the
rest), so the writer retries a bad vote alone and tells a deleted room the same way on every
database."""

import contextlib
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

import asyncpg  # type: ignore[import-untyped, unused-ignore]
import orjson
from sqlalchemy.exc import IntegrityError, OperationalError

from poll_service.errors import PollError
from poll_service.responses.batch_sql import KnownKey, write_batch_async
from poll_service.responses.vote import Accepted, Vote

# The columns of a batch as arrays; the moment ($9) is one for the whole batch.
_VOTES = """
    SELECT v.id, v.room_id, v.question_id, v.participant_id, v.slot, v.answer::json, v.status, v.score, $9
    FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::int[])
        AS v(id, room_id, question_id, participant_id, slot, answer, status, score)
"""
_INSERT = (
    "INSERT INTO response (id, room_id, question_id, participant_id, slot, answer, status, score, created_at)"
)
UPSERT = " ".join(
    (
        _INSERT,
        _VOTES,
        """ON CONFLICT (participant_id, question_id, slot) DO UPDATE SET id = excluded.id,
        answer = excluded.answer, status = excluded.status, score = excluded.score,
        created_at = excluded.created_at""",
    )
)
INSERT_ONCE = " ".join((_INSERT, _VOTES, "ON CONFLICT (participant_id, question_id, slot) DO NOTHING"))
STORED_IDS = "SELECT id FROM response WHERE id = ANY($1::text[])"
# The (participant, key) pairs, zipped by unnest, probe the primary key once each. Two ANY lists
# made PostgreSQL probe every participant with every key (32 x 32 for a batch of 32) and walk each
# participant's old keys: 2-30 ms a batch in the http-votes benchmark, growing with the table.
KNOWN_KEYS = """SELECT k.participant_id, k.key, k.response_id, k.question_id
    FROM unnest($1::text[], $2::text[]) AS wanted(participant_id, key)
    JOIN idempotency_key k ON k.participant_id = wanted.participant_id AND k.key = wanted.key"""


def _remember_keys(first: int, moment: int) -> str:
    """The keys' insert, its four arrays from parameter `first` on and its moment at `moment`."""
    arrays = ", ".join(f"${n}::text[]" for n in range(first, first + 4))
    # Only parameter numbers are formatted in: the values themselves travel as parameters.
    return f"""INSERT INTO idempotency_key (participant_id, key, response_id, question_id, created_at)
    SELECT k.participant_id, k.key, k.response_id, k.question_id, ${moment}
    FROM unnest({arrays}) AS k(participant_id, key, response_id, question_id)
    ON CONFLICT (participant_id, key) DO NOTHING"""  # noqa: S608  # nosec B608


REMEMBER_KEYS = _remember_keys(1, 5)
INSERT_PARTICIPANTS = """INSERT INTO participant (id, room_id, join_source, created_at)
    SELECT p.id, p.room_id, p.join_source, $4
    FROM unnest($1::text[], $2::text[], $3::text[]) AS p(id, room_id, join_source)"""


# A batch that only upserts writes its responses and their keys in one statement (both or
# neither are stored): without a transaction around it, one round trip instead of four.
# (The upsert takes $1-$9, $9 its moment, which the keys share.)
UPSERT_AND_REMEMBER = f"WITH upserted AS ({UPSERT}) {_remember_keys(10, 9)}"


class AsyncpgStore:
    """A batch's statements on an asyncpg connection. With `fuse`, an upsert waits for the keys
    to remember and goes out with them as one statement (`flush` sends one left waiting)."""

    def __init__(self, conn: Any, *, fuse: bool = False) -> None:
        self._conn = conn
        self._fuse = fuse
        self._waiting: tuple[list[Vote], datetime] | None = None

    async def known_keys(self, participants: list[str], keys: list[str]) -> Iterable[KnownKey]:
        await self.flush()
        rows = await self._conn.fetch(KNOWN_KEYS, participants, keys)
        return [(r[0], r[1], r[2], r[3]) for r in rows]

    async def upsert(self, votes: list[Vote], now: datetime) -> None:
        await self.flush()
        if self._fuse:
            self._waiting = (votes, now)
            return
        await self._conn.execute(UPSERT, *_vote_columns(votes), now)

    async def insert_once(self, votes: list[Vote], now: datetime) -> None:
        await self.flush()
        await self._conn.execute(INSERT_ONCE, *_vote_columns(votes), now)

    async def stored_ids(self, ids: list[str]) -> set[str]:
        await self.flush()
        return {r[0] for r in await self._conn.fetch(STORED_IDS, ids)}

    async def remember_keys(self, pairs: list[tuple[Vote, Accepted]], now: datetime) -> None:
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            votes, at = waiting
            await self._conn.execute(UPSERT_AND_REMEMBER, *_vote_columns(votes), at, *_key_columns(pairs))
            return
        await self._conn.execute(REMEMBER_KEYS, *_key_columns(pairs), now)

    async def flush(self) -> None:
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            votes, at = waiting
            await self._conn.execute(UPSERT, *_vote_columns(votes), at)


def _key_columns(pairs: list[tuple[Vote, Accepted]]) -> tuple[list[Any], ...]:
    return (
        [v.participant_id for v, _ in pairs],
        [v.idempotency_key for v, _ in pairs],
        [a.response_id for _, a in pairs],
        [a.question_id for _, a in pairs],
    )


def _vote_columns(votes: list[Vote]) -> tuple[list[Any], ...]:
    return (
        [v.response_id for v in votes],
        [v.room_id for v in votes],
        [v.question_id for v in votes],
        [v.participant_id for v in votes],
        [v.slot for v in votes],
        [orjson.dumps(v.answer).decode() for v in votes],
        [v.status for v in votes],
        [v.answer.get("score") for v in votes],  # quiz points (quiz/rules.score_answer), else None
    )


@contextlib.contextmanager
def _as_sqlalchemy_errors(what: str) -> Iterator[None]:
    try:
        yield
    except asyncpg.IntegrityConstraintViolationError as exc:
        raise IntegrityError(what, None, exc) from exc
    except (asyncpg.PostgresError, asyncpg.InterfaceError, OSError) as exc:
        raise OperationalError(what, None, exc) from exc


async def write_votes(conn: Any, batch: list[Vote]) -> list[Accepted | PollError]:
    """Store a batch. A batch whose every vote may change its answer (the usual case) needs no
    transaction: it reads the keys it was sent before (a statement of its own, as it would be
    under READ COMMITTED inside a transaction too) and writes in one statement. Otherwise each
    step is a statement of one transaction."""
    with _as_sqlalchemy_errors("vote batch"):
        if all(v.allow_change for v in batch):
            store = AsyncpgStore(conn, fuse=True)
            outcomes = await write_batch_async(store, batch)
            await store.flush()
            return outcomes
        async with conn.transaction():
            return await write_batch_async(AsyncpgStore(conn), batch)


async def insert_participants(conn: Any, rows: list[dict[str, Any]]) -> None:
    """One statement, atomic on its own."""
    columns = ([r["id"] for r in rows], [r["room_id"] for r in rows], [r["join_source"] for r in rows])
    with _as_sqlalchemy_errors("join batch"):
        await conn.execute(INSERT_PARTICIPANTS, *columns, rows[0]["created_at"])
