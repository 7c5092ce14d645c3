"""Privacy and presenter tools: remove a participant, delete a room, anonymous rooms, the retention
purge (service clock and CLI), the flood meter, and no raw IP address stored anywhere."""

import asyncio
import contextlib
import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text
from websockets.exceptions import InvalidStatus

from poll_service.ids import utcnow
from tests.conftest import LiveServer, make_settings, run_server
from tests.helpers import Organiser, Phone, join, new_organiser
from tests.realtime_clients import next_message, open_socket, wait_for

REPO = Path(__file__).resolve().parent.parent.parent


async def _rows(app: FastAPI, sql: str, **params: Any) -> list[Any]:
    async with app.state.context.engine.connect() as conn:
        return list((await conn.execute(text(sql), params)).all())


async def _voted_room(
    client: httpx.AsyncClient, phones: int = 3
) -> tuple[Organiser, dict, dict, list[Phone]]:
    ada = await new_organiser(client)
    presentation = await ada.presentation(questions=2)
    room = await ada.room(presentation["id"])
    question = presentation["questions"][0]
    joined = [await join(client, room["join_code"]) for _ in range(phones)]
    for n, phone in enumerate(joined):
        assert (await phone.vote(question["id"], [question["options"][n % 2]["id"]])).status_code == 201
    return ada, presentation, room, joined


async def _counts(client: httpx.AsyncClient, ada: Organiser, room_id: str) -> dict[str, int]:
    r = await client.get(f"/api/rooms/{room_id}/results", headers=ada.headers)
    assert r.status_code == 200, r.text
    counts: dict[str, int] = r.json()["questions"][0]["tally"]["counts"]
    return counts


async def test_remove_a_participant(client: httpx.AsyncClient) -> None:
    ada, presentation, room, phones = await _voted_room(client)
    question = presentation["questions"][0]
    listed = (await client.get(f"/api/rooms/{room['id']}/participants", headers=ada.headers)).json()
    assert listed["total"] == 3
    assert {p["id"] for p in listed["participants"]} == {p.participant_id for p in phones}
    assert all(p["answers"] == 1 and not p["removed"] for p in listed["participants"])
    assert set(listed["participants"][0]) == {"id", "nickname", "answers", "removed", "joined_at"}

    troll = phones[0]
    r = await client.delete(
        f"/api/rooms/{room['id']}/participants/{troll.participant_id}", headers=ada.headers
    )
    assert r.status_code == 204
    counts = await _counts(client, ada, room["id"])
    assert sum(counts.values()) == 2 and counts[question["options"][0]["id"]] == 1
    listed = (await client.get(f"/api/rooms/{room['id']}/participants", headers=ada.headers)).json()
    assert next(p for p in listed["participants"] if p["id"] == troll.participant_id) == {
        **next(p for p in listed["participants"] if p["id"] == troll.participant_id),
        "removed": True,
        "answers": 0,
    }
    # Their token no longer votes, and cannot join back with it.
    r = await troll.vote(question["id"], [question["options"][0]["id"]])
    assert r.status_code == 401
    r = await client.post("/api/join", json={"join_code": room["join_code"]}, headers=troll.headers)
    assert r.status_code == 403 and "removed" in r.json()["detail"]
    client.cookies.clear()
    assert sum((await _counts(client, ada, room["id"])).values()) == 2
    # Unknown participant, or someone else's room: 404.
    r = await client.delete(f"/api/rooms/{room['id']}/participants/{'0' * 32}", headers=ada.headers)
    assert r.status_code == 404


async def test_removal_reaches_every_screen_at_once(live_server: LiveServer) -> None:
    async with live_server.client() as http:
        ada, presentation, room, phones = await _voted_room(http)
        option = presentation["questions"][0]["options"][0]["id"]
        presenter = await open_socket(f"{live_server.ws_url}/ws/rooms/{room['id']}/presenter", ada.token)
        await wait_for(
            presenter, lambda m: m["type"] == "results" and m["result"]["tally"]["counts"][option] == 2
        )
        troll_socket = await open_socket(f"{live_server.ws_url}/ws/join/{room['join_code']}", phones[0].token)
        await next_message(troll_socket)
        r = await http.delete(
            f"/api/rooms/{room['id']}/participants/{phones[0].participant_id}", headers=ada.headers
        )
        assert r.status_code == 204
        seen = await wait_for(
            presenter, lambda m: m["type"] == "results" and m["result"]["tally"]["counts"][option] == 1
        )
        assert seen["participant_count"] == 2
        # The removed phone's socket is closed (1008: not allowed), and cannot come back.
        with contextlib.suppress(Exception):
            while True:
                await asyncio.wait_for(troll_socket.recv(), 3)
        assert troll_socket.close_code == 1008
        with pytest.raises(InvalidStatus):  # refused at the handshake (HTTP 403)
            await open_socket(f"{live_server.ws_url}/ws/join/{room['join_code']}", phones[0].token)
        await presenter.close()


async def test_delete_a_room_and_everything_in_it(live_server: LiveServer) -> None:
    app = live_server.app
    async with live_server.client() as http:
        ada, _presentation, room, phones = await _voted_room(http)
        presenter = await open_socket(f"{live_server.ws_url}/ws/rooms/{room['id']}/presenter", ada.token)
        await next_message(presenter)
        r = await http.delete(f"/api/rooms/{room['id']}", headers=ada.headers)
        assert r.status_code == 204
        ended = await wait_for(presenter, lambda m: m["type"] == "state" and m["room"]["status"] == "ended")
        assert ended["room"]["voting_open"] is False
        assert (await http.get(f"/api/rooms/{room['id']}", headers=ada.headers)).status_code == 404
        assert (await http.delete(f"/api/rooms/{room['id']}", headers=ada.headers)).status_code == 404
        for table in ("participant", "response", "idempotency_key", "room"):
            column = "id" if table == "room" else "room_id"
            if table == "idempotency_key":
                sql = "SELECT count(*) FROM idempotency_key WHERE participant_id = :p"
                assert (await _rows(app, sql, p=phones[0].participant_id))[0][0] == 0
                continue
            count = (await _rows(app, f"SELECT count(*) FROM {table} WHERE {column} = :r", r=room["id"]))[0][
                0
            ]
            assert count == 0, table
        r = await phones[1].vote("x", ["y"])
        assert r.status_code in {404, 423}
        await presenter.close()


async def test_anonymous_room_unlinks_answers_once_voting_closes(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    ada = await new_organiser(client)
    r = await ada.post("/api/presentations", {"title": "Anoniem", "settings": {"anonymous": True}})
    assert r.status_code == 201, r.text
    pid = r.json()["id"]
    for n in range(2):
        body = {"type": "multiple_choice", "prompt": f"V{n}", "options": [{"label": "a"}, {"label": "b"}]}
        assert (await ada.post(f"/api/presentations/{pid}/questions", body)).status_code == 201
    presentation = (await client.get(f"/api/presentations/{pid}", headers=ada.headers)).json()
    q1 = presentation["questions"][0]
    room = await ada.room(pid)
    phones = [await join(client, room["join_code"]) for _ in range(3)]
    for phone in phones:
        assert (
            await phone.vote(q1["id"], [q1["options"][0]["id"]], key="k-" + phone.participant_id)
        ).status_code == 201
    before = await _counts(client, ada, room["id"])
    linked = "SELECT count(*) FROM response WHERE room_id = :r AND participant_id IS NOT NULL"
    assert (await _rows(app, linked, r=room["id"]))[0][0] == 3  # still open: answers may change

    await ada.control(room["id"], "next")  # moving on closes voting on the first question
    assert (await _rows(app, linked, r=room["id"]))[0][0] == 0
    keys = "SELECT count(*) FROM idempotency_key WHERE question_id = :q"
    assert (await _rows(app, keys, q=q1["id"]))[0][0] == 0
    assert await _counts(client, ada, room["id"]) == before  # the results are the same
    assert (await phones[0].state())["my_response"] is None
    # A worker that re-reads the room (the `reload` every worker gets) still counts each anonymous
    # answer once, although none has a participant any more.
    rooms = app.state.context.rooms
    live = rooms.loaded(room["id"])
    await rooms.reload(live)
    counts = live.question_result(live.questions[q1["id"]])["tally"]["counts"]
    assert counts[q1["options"][0]["id"]] == 3
    # Exports still work without participants.
    r = await client.get(f"/api/rooms/{room['id']}/export.csv", headers=ada.headers)
    assert r.status_code == 200 and r.text.count("\n") >= 4


async def test_retention_purge_keeps_aggregates_only(app: FastAPI, client: httpx.AsyncClient) -> None:
    ada, _presentation, room, _phones = await _voted_room(client)
    await ada.control(room["id"], "end")
    before = (await client.get(f"/api/rooms/{room['id']}/results", headers=ada.headers)).json()
    async with app.state.context.engine.begin() as conn:
        await conn.execute(
            text("UPDATE room SET ended_at = :t WHERE id = :r"),
            {"t": utcnow() - timedelta(days=40), "r": room["id"]},
        )
    database_url = app.state.context.settings.database_url
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLL_")}
    env.update(PYTHONPATH=str(REPO), POLL_DATABASE_URL=database_url, POLL_SECRET_KEY="x" * 40)
    run = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "poll_service", "purge", "--days", "30"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "purged 1 rooms" in run.stdout
    for table in ("participant", "response"):
        assert (await _rows(app, f"SELECT count(*) FROM {table} WHERE room_id = :r", r=room["id"]))[0][0] == 0
    after = (await client.get(f"/api/rooms/{room['id']}/results", headers=ada.headers)).json()
    assert after == before
    run = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "poll_service", "purge"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode != 0 and "POLL_RETENTION_DAYS" in run.stderr


async def test_retention_runs_on_the_service_clock(database_url: str) -> None:
    settings = make_settings(database_url, retention_days=1, privacy_sweep_seconds=0.2)
    async with run_server(settings) as server, httpx.AsyncClient(base_url=server.url) as http:
        ada, _presentation, room, _phones = await _voted_room(http)
        await ada.control(room["id"], "end")
        async with server.app.state.context.engine.begin() as conn:
            await conn.execute(
                text("UPDATE room SET ended_at = :t WHERE id = :r"),
                {"t": utcnow() - timedelta(days=2), "r": room["id"]},
            )
        for _ in range(50):
            left = await _rows(
                server.app, "SELECT count(*) FROM participant WHERE room_id = :r", r=room["id"]
            )
            if left[0][0] == 0:
                break
            await asyncio.sleep(0.1)
        assert left[0][0] == 0
        results = (await http.get(f"/api/rooms/{room['id']}/results", headers=ada.headers)).json()
        assert sum(results["questions"][0]["tally"]["counts"].values()) == 3


async def test_flood_warning(database_url: str) -> None:
    settings = make_settings(database_url, responses_per_participant_per_10s=2, flood_warning_per_minute=5)
    async with run_server(settings) as server, httpx.AsyncClient(base_url=server.url) as http:
        ada, presentation, room, phones = await _voted_room(http, phones=1)
        quiet = (await http.get(f"/api/rooms/{room['id']}/flood", headers=ada.headers)).json()
        assert quiet == {"refused_last_minute": 0, "threshold": 5, "warning": False}
        question = presentation["questions"][0]
        statuses = [
            (await phones[0].vote(question["id"], [question["options"][1]["id"]])).status_code
            for _ in range(8)
        ]
        assert statuses.count(429) >= 5
        flood = (await http.get(f"/api/rooms/{room['id']}/flood", headers=ada.headers)).json()
        assert flood["warning"] is True and flood["refused_last_minute"] == statuses.count(429)


async def test_no_raw_ip_address_is_stored(app: FastAPI, client: httpx.AsyncClient) -> None:
    """The client fixture speaks from 203.0.113.7: after joins, votes, wrong codes and logins,
    that address is in no row of any table."""
    ada, _presentation, room, _phones = await _voted_room(client)
    await client.post("/api/join", json={"join_code": "99999999"})
    await client.post("/api/auth/login", json={"email": ada.email, "password": "wrong password"})
    await ada.control(room["id"], "end")
    async with app.state.context.engine.connect() as conn:
        tables = await conn.run_sync(lambda sync: __import__("sqlalchemy").inspect(sync).get_table_names())
        dump = ""
        for table in tables:
            rows = (await conn.execute(text(f'SELECT * FROM "{table}"'))).all()
            dump += repr(rows)
    assert "participant" in tables and len(dump) > 1000
    assert "203.0.113" not in dump


@pytest.mark.postgres
@pytest.mark.redis
async def test_removal_leaves_the_results_on_every_worker(postgres_database: str) -> None:
    from tests.conftest import REDIS_URL, clear_rate_limits, redis_available

    if not redis_available():
        pytest.skip("Redis is not reachable on 127.0.0.1:6379 (start it: see .ci/run)")
    await clear_rate_limits()
    settings = make_settings(postgres_database, redis_url=REDIS_URL)
    async with (
        run_server(settings) as one,
        run_server(settings) as two,
        httpx.AsyncClient(base_url=one.url) as http_one,
        httpx.AsyncClient(base_url=two.url) as http_two,
    ):
        ada, presentation, room, phones = await _voted_room(http_one)
        option = presentation["questions"][0]["options"][0]["id"]
        # The screen hangs on worker two; the removal goes through worker one.
        presenter = await open_socket(f"{two.ws_url}/ws/rooms/{room['id']}/presenter", ada.token)
        await wait_for(
            presenter, lambda m: m["type"] == "results" and m["result"]["tally"]["counts"][option] == 2
        )
        r = await http_one.delete(
            f"/api/rooms/{room['id']}/participants/{phones[0].participant_id}", headers=ada.headers
        )
        assert r.status_code == 204
        await wait_for(
            presenter,
            lambda m: m["type"] == "results" and m["result"]["tally"]["counts"][option] == 1,
            timeout=3,
        )
        # Worker two refuses the removed phone too.
        phones[0].client = http_two
        r = await phones[0].vote(presentation["questions"][0]["id"], [option])
        assert r.status_code == 401
        await presenter.close()
    await clear_rate_limits()


async def test_join_bursts_from_one_address_raise_the_flood_warning(database_url: str) -> None:
    """A bot that leaves out its cookie joins afresh for every vote: nothing refuses it (a venue's
    phones share one address), but past the burst threshold the presenter is warned."""
    settings = make_settings(database_url, join_burst_per_ip_per_minute=10, flood_warning_per_minute=5)
    async with run_server(settings) as server, httpx.AsyncClient(base_url=server.url) as http:
        ada, presentation, room, _ = await _voted_room(http, phones=1)
        question = presentation["questions"][0]
        for _ in range(10):  # up to the threshold: a busy venue, no warning
            stuffer = await join(http, room["join_code"])
            assert (await stuffer.vote(question["id"], [question["options"][1]["id"]])).status_code == 201
        calm = (await http.get(f"/api/rooms/{room['id']}/flood", headers=ada.headers)).json()
        assert calm["warning"] is False
        for _ in range(6):
            stuffer = await join(http, room["join_code"])
            assert (await stuffer.vote(question["id"], [question["options"][1]["id"]])).status_code == 201
        flood = (await http.get(f"/api/rooms/{room['id']}/flood", headers=ada.headers)).json()
        assert flood["warning"] is True and flood["refused_last_minute"] >= 5


async def test_a_burst_of_joins_from_one_address_is_removed_in_one_action(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    ada, presentation, room, _ = await _voted_room(client, phones=0)
    question = presentation["questions"][0]
    stuffers = [await join(client, room["join_code"]) for _ in range(6)]  # all from 203.0.113.7
    transport = httpx.ASGITransport(app=app, client=("198.51.100.20", 5555))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as elsewhere:
        honest = [await join(elsewhere, room["join_code"]) for _ in range(2)]
        for phone in [*stuffers, *honest]:
            assert (await phone.vote(question["id"], [question["options"][0]["id"]])).status_code == 201
        found = (await client.get(f"/api/rooms/{room['id']}/join-bursts", headers=ada.headers)).json()
        assert [b["participants"] for b in found["bursts"]] == [6]  # two from elsewhere: no burst
        source = found["bursts"][0]["source"]
        assert "203.0.113.7" not in json.dumps(found) and len(source) == 16
        r = await client.post(f"/api/rooms/{room['id']}/join-bursts/{source}/remove", headers=ada.headers)
        assert r.status_code == 200 and r.json() == {"removed": 6}
        results = (await client.get(f"/api/rooms/{room['id']}/results", headers=ada.headers)).json()
        assert results["questions"][0]["response_count"] == 2
        assert (await stuffers[0].vote(question["id"], [question["options"][1]["id"]])).status_code == 401
        assert (await honest[0].vote(question["id"], [question["options"][1]["id"]])).status_code == 201
        assert (await client.get(f"/api/rooms/{room['id']}/join-bursts", headers=ada.headers)).json() == {
            "bursts": []
        }
