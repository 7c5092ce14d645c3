"""The SQLite writer runs its batches on the sqlite3 connection itself (batch_sql.SqliteStore), not
through SQLAlchemy's parameter processing (CoreStore, used on PostgreSQL). Both must store the
very same row, readable by the rest of the service through SQLAlchemy."""

import asyncio
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from poll_service.db import create_sqlite_writer_engine
from poll_service.errors import NotFound
from poll_service.models import IdempotencyKey, Response
from poll_service.responses.batch_sql import (
    BatchStatements,
    SqliteStatements,
    write_batch_core,
    write_batch_sqlite,
)
from poll_service.responses.vote import Accepted, Vote
from tests.conftest import make_settings, sqlite_url
from tests.helpers import room_with_phones


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return sqlite_url(tmp_path)


def _vote(room: dict[str, Any], question_id: str, participant_id: str, answer: dict[str, Any]) -> Vote:
    # A Vote's future belongs to the running loop; write_batch never touches it.
    return Vote(
        room_id=room["id"],
        question_id=question_id,
        participant_id=participant_id,
        answer=answer,
        allow_change=True,
        idempotency_key="same-key",
    )


async def test_the_sqlite_store_writes_what_the_core_store_writes(
    app: FastAPI, client: httpx.AsyncClient, database_url: str
) -> None:
    live = await room_with_phones(client, options=3, phones=2)
    ada, question, room, (first, second) = live.organiser, live.question, live.room, live.phones
    answer = {"choice_ids": [question["options"][1]["id"]], "score": 7, "text": 'Zoë ✓ "quoted"'}

    engine = create_sqlite_writer_engine(make_settings(database_url))
    try:
        core, raw = BatchStatements("sqlite"), SqliteStatements(engine.dialect)
        by_core = _vote(room, question["id"], first.participant_id, answer)
        by_raw = _vote(room, question["id"], second.participant_id, answer)
        with engine.begin() as conn:
            [core_outcome] = write_batch_core(core, conn, [by_core])
        with engine.begin() as conn:
            [raw_outcome] = write_batch_sqlite(raw, conn, [by_raw])
        assert core_outcome == Accepted(by_core.response_id, question["id"])
        assert raw_outcome == Accepted(by_raw.response_id, question["id"])

        # The same key again, through the raw store: the first answer, nothing new stored.
        retry = _vote(room, question["id"], by_raw.participant_id, {"choice_ids": []})
        with engine.begin() as conn:
            [again] = write_batch_sqlite(raw, conn, [retry])
        assert again == Accepted(by_raw.response_id, question["id"], stored=False)

        with engine.connect() as conn:
            rows = {r.participant_id: r for r in conn.execute(select(Response.__table__))}  # type: ignore[attr-defined]
            keys = {r.participant_id: r for r in conn.execute(select(IdempotencyKey.__table__))}  # type: ignore[attr-defined]
            stored_text = dict(
                conn.exec_driver_sql("SELECT participant_id, typeof(created_at) FROM response").all()
            )
    finally:
        engine.dispose()

    written_by_core, written_by_raw = rows[by_core.participant_id], rows[by_raw.participant_id]
    assert written_by_raw.answer == answer == written_by_core.answer
    assert (written_by_raw.slot, written_by_raw.status, written_by_raw.score) == (0, "visible", 7)
    assert (written_by_core.slot, written_by_core.status, written_by_core.score) == (0, "visible", 7)
    assert isinstance(written_by_raw.created_at, datetime)
    assert stored_text[by_raw.participant_id] == stored_text[by_core.participant_id] == "text"
    assert abs((written_by_raw.created_at - written_by_core.created_at).total_seconds()) < 5
    assert keys[by_raw.participant_id].response_id == by_raw.response_id
    assert keys[by_raw.participant_id].created_at == written_by_raw.created_at  # one batch, one moment

    # And the rest of the service reads it back: the results count the raw store's vote.
    results = (await client.get(f"/api/rooms/{room['id']}/results", headers=ada.headers)).json()
    assert results["questions"][0]["tally"]["counts"][question["options"][1]["id"]] == 2


async def test_a_bad_vote_in_a_sqlite_batch_fails_alone(app: FastAPI, client: httpx.AsyncClient) -> None:
    """sqlite3's own errors reach the writer as SQLAlchemy's, so a vote that breaks a constraint
    (here: a participant that does not exist) is retried alone and its neighbours are stored."""
    live = await room_with_phones(client, options=2, phones=1)
    ada, question, room, (phone,) = live.organiser, live.question, live.room, live.phones
    answer = {"choice_ids": [question["options"][0]["id"]]}
    writer = app.state.context.writer
    good = _vote(room, question["id"], phone.participant_id, answer)
    bad = _vote(room, question["id"], "0" * 32, answer)
    outcomes = await asyncio.gather(writer.submit(good), writer.submit(bad), return_exceptions=True)
    assert outcomes[0] == Accepted(good.response_id, question["id"])
    assert isinstance(outcomes[1], NotFound), outcomes[1]
    results = (await client.get(f"/api/rooms/{room['id']}/results", headers=ada.headers)).json()
    assert results["questions"][0]["response_count"] == 1
