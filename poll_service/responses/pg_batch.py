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
# Two plain ANY lists use the primary key's index; the few extra pairs are filtered by the caller.
KNOWN_KEYS = """SELECT participant_id, key, response_id, question_id FROM idempotency_key
    WHERE participant_id = ANY($1::text[]) AND key = ANY($2::text[])"""
REMEMBER_KEYS = """INSERT INTO idempotency_key (participant_id, key, response_id, question_id, created_at)
    SELECT k.participant_id, k.key, k.response_id, k.question_id, $5
    FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
        AS k(participant_id, key, response_id, question_id)
    ON CONFLICT (participant_id, key) DO NOTHING"""
INSERT_PARTICIPANTS = """INSERT INTO participant (id, room_id, join_source, created_at)
    SELECT p.id, p.room_id, p.join_source, $4
    FROM unnest($1::text[], $2::text[], $3::text[]) AS p(id, room_id, join_source)"""


class AsyncpgStore:
    """A batch's statements on an asyncpg connection, inside the caller's transaction."""

    def __init__(self, conn: Any) -> None:
        self._conn = conn

    async def known_keys(self, participants: list[str], keys: list[str]) -> Iterable[KnownKey]:
        rows = await self._conn.fetch(KNOWN_KEYS, participants, keys)
        return [(r[0], r[1], r[2], r[3]) for r in rows]

    async def upsert(self, votes: list[Vote], now: datetime) -> None:
        await self._conn.execute(UPSERT, *_vote_columns(votes), now)

    async def insert_once(self, votes: list[Vote], now: datetime) -> None:
        await self._conn.execute(INSERT_ONCE, *_vote_columns(votes), now)

    async def stored_ids(self, ids: list[str]) -> set[str]:
        return {r[0] for r in await self._conn.fetch(STORED_IDS, ids)}

    async def remember_keys(self, pairs: list[tuple[Vote, Accepted]], now: datetime) -> None:
        columns = (
            [v.participant_id for v, _ in pairs],
            [v.idempotency_key for v, _ in pairs],
            [a.response_id for _, a in pairs],
            [a.question_id for _, a in pairs],
        )
        await self._conn.execute(REMEMBER_KEYS, *columns, now)


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
    with _as_sqlalchemy_errors("vote batch"):
        return await write_batch_async(AsyncpgStore(conn), batch)


async def insert_participants(conn: Any, rows: list[dict[str, Any]]) -> None:
    columns = ([r["id"] for r in rows], [r["room_id"] for r in rows], [r["join_source"] for r in rows])
    with _as_sqlalchemy_errors("join batch"):
        await conn.execute(INSERT_PARTICIPANTS, *columns, rows[0]["created_at"])
