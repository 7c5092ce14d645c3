"""On PostgreSQL the writer stores a batch on asyncpg directly (pg_batch.AsyncpgStore: one array
statement per step), not through SQLAlchemy (batch_sql.CoreStore, the reference). Both must store
the very same rows, and the writer must keep its promises on that path: a retry with the same
Idempotency-Key gets the first answer, a second answer where changes are not allowed is refused,
and one bad vote in a batch fails alone."""

import asyncio
from functools import partial
from typing import Any

import httpx
import orjson
import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import create_async_engine

from poll_service.errors import Conflict, NotFound
from poll_service.models import IdempotencyKey, Response
from poll_service.responses import pg_batch
from poll_service.responses.batch_sql import BatchStatements, write_batch_core
from poll_service.responses.vote import Accepted, Vote
from tests.helpers import room_with_phones

pytestmark = pytest.mark.postgres


@pytest.fixture
def database_url(postgres_database: str) -> str:
    return postgres_database


def _vote(
    room: dict[str, Any], question_id: str, participant_id: str, answer: dict[str, Any], **kw: Any
) -> Vote:
    return Vote(
        room_id=room["id"],
        question_id=question_id,
        participant_id=participant_id,
        answer=answer,
        allow_change=kw.get("allow_change", True),
        idempotency_key=kw.get("key", "same-key"),
    )


async def test_the_asyncpg_store_writes_what_the_core_store_writes(
    app: FastAPI, client: httpx.AsyncClient, database_url: str
) -> None:
    live = await room_with_phones(client, options=3, phones=2)
    ada, question, room, (first, second) = live.organiser, live.question, live.room, live.phones
    answer = {"choice_ids": [question["options"][1]["id"]], "score": 7, "text": 'Zoë ✓ "quoted" \\ 🎉'}

    engine = create_async_engine(database_url)
    try:
        by_core = _vote(room, question["id"], first.participant_id, answer)
        by_asyncpg = _vote(room, question["id"], second.participant_id, answer)
        async with engine.begin() as conn:
            [core_outcome] = await conn.run_sync(
                partial(write_batch_core, BatchStatements("postgresql")), [by_core]
            )
        async with engine.connect() as conn:
            driver = (await conn.get_raw_connection()).driver_connection
            assert driver is not None
            [fast_outcome] = await pg_batch.write_votes(driver, [by_asyncpg])
            # The same key again: the first answer, nothing new stored.
            retry = _vote(room, question["id"], second.participant_id, {"choice_ids": []})
            [again] = await pg_batch.write_votes(driver, [retry])
        async with engine.connect() as conn:
            rows = {r.participant_id: r for r in await conn.execute(select(Response.__table__))}  # type: ignore[attr-defined]
            keys = {r.participant_id: r for r in await conn.execute(select(IdempotencyKey.__table__))}  # type: ignore[attr-defined]
    finally:
        await engine.dispose()

    assert core_outcome == Accepted(by_core.response_id, question["id"])
    assert fast_outcome == Accepted(by_asyncpg.response_id, question["id"])
    assert again == Accepted(by_asyncpg.response_id, question["id"], stored=False)
    by_core_row, by_asyncpg_row = rows[first.participant_id], rows[second.participant_id]
    assert by_asyncpg_row.answer == answer == by_core_row.answer
    assert (by_asyncpg_row.slot, by_asyncpg_row.status, by_asyncpg_row.score) == (0, "visible", 7)
    assert (by_core_row.slot, by_core_row.status, by_core_row.score) == (0, "visible", 7)
    assert by_asyncpg_row.created_at.tzinfo is not None
    assert abs((by_asyncpg_row.created_at - by_core_row.created_at).total_seconds()) < 5
    assert keys[second.participant_id].response_id == by_asyncpg.response_id
    assert keys[second.participant_id].created_at == by_asyncpg_row.created_at  # one batch, one moment

    results = (await client.get(f"/api/rooms/{room['id']}/results", headers=ada.headers)).json()
    assert results["questions"][0]["tally"]["counts"][question["options"][1]["id"]] == 2


async def test_the_writer_on_postgres_keeps_one_answer_and_fails_a_bad_vote_alone(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    live = await room_with_phones(client, options=2, phones=2)
    ada, question, room, (phone, other) = live.organiser, live.question, live.room, live.phones
    yes, no = ({"choice_ids": [o["id"]]} for o in question["options"])
    writer = app.state.context.writer
    kept = _vote(room, question["id"], phone.participant_id, yes, allow_change=False, key=None)
    refused = _vote(room, question["id"], phone.participant_id, no, allow_change=False, key=None)
    good = _vote(room, question["id"], other.participant_id, yes, key=None)
    bad = _vote(room, question["id"], "0" * 32, yes, key=None)  # no such participant
    outcomes = await asyncio.gather(
        *(writer.submit(v) for v in (kept, refused, good, bad)), return_exceptions=True
    )
    assert outcomes[0] == Accepted(kept.response_id, question["id"])
    assert isinstance(outcomes[1], Conflict), outcomes[1]
    assert outcomes[2] == Accepted(good.response_id, question["id"])
    assert isinstance(outcomes[3], NotFound), outcomes[3]
    results = (await client.get(f"/api/rooms/{room['id']}/results", headers=ada.headers)).json()
    assert results["questions"][0]["tally"]["counts"] == {
        question["options"][0]["id"]: 2,
        question["options"][1]["id"]: 0,
    }


async def test_a_batch_that_only_upserts_stores_its_answers_and_keys_together_or_not_at_all(
    client: httpx.AsyncClient, database_url: str
) -> None:
    """Such a batch runs without a transaction (one statement for answers and keys): a bad vote
    in it must leave nothing behind, so the writer's retry of each vote alone starts clean."""
    live = await room_with_phones(client, options=2, phones=1)
    question, room, (phone,) = live.question, live.room, live.phones
    yes = {"choice_ids": [question["options"][0]["id"]]}
    good = _vote(room, question["id"], phone.participant_id, yes, key="k-good")
    bad = _vote(room, question["id"], "0" * 32, yes, key="k-bad")  # no such participant

    async def stored(conn: Any) -> tuple[int, int]:
        answers = await conn.fetchval("SELECT count(*) FROM response")
        keys = await conn.fetchval("SELECT count(*) FROM idempotency_key")
        return int(answers), int(keys)

    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as conn:
            driver = (await conn.get_raw_connection()).driver_connection
            with pytest.raises(IntegrityError):
                await pg_batch.write_votes(driver, [good, bad])
            assert await stored(driver) == (0, 0)
            assert await pg_batch.write_votes(driver, [good]) == [Accepted(good.response_id, question["id"])]
            assert await stored(driver) == (1, 1)
            # A batch that mixes both kinds runs its steps in one transaction, with the same rule.
            once = _vote(room, question["id"], "0" * 32, yes, allow_change=False, key="k-once")
            again = _vote(room, question["id"], phone.participant_id, {"choice_ids": []}, key="k-new")
            with pytest.raises(IntegrityError):
                await pg_batch.write_votes(driver, [again, once])
            assert await stored(driver) == (1, 1)
            assert await driver.fetchval("SELECT answer::text FROM response") == orjson.dumps(yes).decode()
    finally:
        await engine.dispose()
