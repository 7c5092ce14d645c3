"""The database locked past its bound answers 503 with Retry-After (never a hang, never a 500),
and a retried vote whose first attempt was stored but never acknowledged reaches every screen."""

import asyncio
import sqlite3
import time
from pathlib import Path

import httpx
from sqlalchemy import text

from poll_service.ids import new_id, utcnow
from tests.conftest import LiveServer, make_settings, run_server
from tests.helpers import join, new_organiser
from tests.realtime_clients import next_message, open_socket, wait_for


async def test_locked_database_answers_503_with_retry_after_then_recovers(tmp_path: Path) -> None:
    db = tmp_path / "poll.db"
    settings = make_settings(f"sqlite+aiosqlite:///{db}", db_busy_timeout_ms=400)
    async with run_server(settings) as server, httpx.AsyncClient(base_url=server.url, timeout=30) as http:
        ada = await new_organiser(http)
        presentation = await ada.presentation()
        question = presentation["questions"][0]
        room = await ada.room(presentation["id"])
        phone = await join(http, room["join_code"])
        option = question["options"][0]["id"]

        blocker = sqlite3.connect(db, timeout=5)
        blocker.execute("BEGIN EXCLUSIVE")  # a backup tool or a stuck migration holds the file
        try:
            started = time.monotonic()
            r = await phone.vote(question["id"], [option], key="retry-me")
            waited = time.monotonic() - started
            assert r.status_code == 503, r.text
            assert r.headers["Retry-After"] == "1" and "busy" in r.json()["detail"]
            assert waited < 5, f"a locked database must not hang a request ({waited:.1f}s)"
            # Readers go on meanwhile (WAL): the organiser still sees the results.
            r = await http.get(f"/api/rooms/{room['id']}/results", headers=ada.headers)
            assert r.status_code == 200
        finally:
            blocker.rollback()
            blocker.close()
        # The phone retries as told, with the same key: stored once.
        r = await phone.vote(question["id"], [option], key="retry-me")
        assert r.status_code == 201
        r = await phone.vote(question["id"], [option], key="retry-me")
        assert r.status_code == 201
        results = (await http.get(f"/api/rooms/{room['id']}/results", headers=ada.headers)).json()
        assert results["questions"][0]["response_count"] == 1


async def test_a_retry_republishes_a_vote_whose_worker_died_before_telling(live_server: LiveServer) -> None:
    """Worker A committed a vote and died before its hub message and its 201 went out (written
    here straight into the database, as A's commit left it). The phone retries on this worker
    with the same Idempotency-Key: nothing new is stored, and the presenter still sees the vote."""
    async with live_server.client() as http:
        ada = await new_organiser(http)
        presentation = await ada.presentation()
        question = presentation["questions"][0]
        room = await ada.room(presentation["id"])
        phone = await join(http, room["join_code"])
        option = question["options"][2]["id"]
        presenter = await open_socket(f"{live_server.ws_url}/ws/rooms/{room['id']}/presenter", ada.token)
        await next_message(presenter)

        response_id, now = new_id(), utcnow()
        async with live_server.app.state.context.engine.begin() as conn:
            await conn.execute(
                text(
                    "INSERT INTO response (id, room_id, question_id, participant_id, slot, answer, status,"
                    " created_at) VALUES (:id, :room, :q, :p, 0, :answer, 'visible', :now)"
                ),
                {
                    "id": response_id,
                    "room": room["id"],
                    "q": question["id"],
                    "p": phone.participant_id,
                    "answer": f'{{"choice_ids": ["{option}"]}}',
                    "now": now,
                },
            )
            await conn.execute(
                text(
                    "INSERT INTO idempotency_key (participant_id, key, response_id, question_id, created_at)"
                    " VALUES (:p, 'lost-ack', :id, :q, :now)"
                ),
                {"p": phone.participant_id, "id": response_id, "q": question["id"], "now": now},
            )
        r = await phone.vote(question["id"], [option], key="lost-ack")
        assert r.status_code == 201 and r.json()["response_id"] == response_id
        seen = await wait_for(
            presenter, lambda m: m["type"] == "results" and m["result"]["tally"]["counts"][option] == 1
        )
        assert seen["result"]["response_count"] == 1
        await presenter.close()
        await asyncio.sleep(0)
