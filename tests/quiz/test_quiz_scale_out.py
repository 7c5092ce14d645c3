"""A countdown across two workers sharing PostgreSQL and Redis: both refuse late votes, both
sockets see voting closed, even when the worker that started the countdown is gone."""

import asyncio

import httpx
import pytest

from tests.conftest import REDIS_URL, clear_rate_limits, make_settings, redis_available, run_server
from tests.helpers import new_organiser
from tests.quiz.support import join_as, option_id, quiz_presentation
from tests.realtime_clients import next_message, open_socket, wait_for

pytestmark = [pytest.mark.redis, pytest.mark.postgres]


@pytest.fixture
async def shared_settings(postgres_database: str):  # type: ignore[no-untyped-def]
    if not redis_available():
        pytest.skip("Redis is not reachable on 127.0.0.1:6379 (start it: see .ci/run)")
    await clear_rate_limits()
    yield make_settings(postgres_database, redis_url=REDIS_URL)
    await clear_rate_limits()


def _closed(message: dict) -> bool:  # type: ignore[type-arg]
    return message["type"] == "state" and message["state"]["voting_open"] is False


async def test_countdown_closes_voting_on_both_workers(shared_settings) -> None:  # type: ignore[no-untyped-def]
    async with (
        run_server(shared_settings) as one,
        run_server(shared_settings) as two,
        httpx.AsyncClient(base_url=one.url) as http_one,
        httpx.AsyncClient(base_url=two.url) as http_two,
    ):
        ada = await new_organiser(http_one)
        presentation = await quiz_presentation(ada)
        q1 = presentation["questions"][0]
        room = await ada.room(presentation["id"])
        phone_one, _ = await join_as(http_one, room["join_code"], "One")
        phone_two, _ = await join_as(http_two, room["join_code"], "Two")
        late, _ = await join_as(http_two, room["join_code"], "Late")
        ws_one = await open_socket(f"{one.ws_url}/ws/join/{room['join_code']}", phone_one.token)
        ws_two = await open_socket(f"{two.ws_url}/ws/join/{room['join_code']}", phone_two.token)
        assert (await next_message(ws_one))["state"]["voting_open"] is True
        assert (await next_message(ws_two))["state"]["voting_open"] is True

        r = await ada.post(f"/api/rooms/{room['id']}/control", {"action": "start_countdown", "seconds": 1})
        assert r.status_code == 200
        started = await wait_for(ws_two, lambda m: m["type"] == "state" and m["state"]["countdown_ends_at"])
        assert started["state"]["countdown_ends_at"] == r.json()["countdown_ends_at"]
        assert (await phone_two.vote(q1["id"], [option_id(q1, "Amsterdam")])).status_code == 201
        await asyncio.sleep(1.05)
        # Past the deadline: refused on worker two, whether or not the close is out yet.
        assert (await late.vote(q1["id"], [option_id(q1, "Amsterdam")])).status_code == 423
        closed = [await wait_for(ws, _closed, timeout=3) for ws in (ws_one, ws_two)]
        assert all(c["state"]["countdown_ends_at"] is None for c in closed)
        # The close is a reveal as well (the quiz default): phone two learns it was right.
        assert closed[1]["state"]["reveal"]["my_correct"] is True
        assert closed[0]["state"]["reveal"]["my_correct"] is None  # phone one did not answer
        await ws_one.close()
        await ws_two.close()


async def test_countdown_survives_the_worker_that_started_it(shared_settings) -> None:  # type: ignore[no-untyped-def]
    async with run_server(shared_settings) as two, httpx.AsyncClient(base_url=two.url) as http_two:
        async with run_server(shared_settings) as one, httpx.AsyncClient(base_url=one.url) as http_one:
            ada = await new_organiser(http_one)
            presentation = await quiz_presentation(ada)
            room = await ada.room(presentation["id"])
            phone, _ = await join_as(http_two, room["join_code"], "Two")
            ws = await open_socket(f"{two.ws_url}/ws/join/{room['join_code']}", phone.token)
            await next_message(ws)
            r = await ada.post(
                f"/api/rooms/{room['id']}/control", {"action": "start_countdown", "seconds": 2}
            )
            assert r.status_code == 200
            await wait_for(ws, lambda m: m["type"] == "state" and m["state"]["countdown_ends_at"])
        # Worker one is gone before the deadline; worker two closes voting by itself.
        await wait_for(ws, _closed, timeout=5)
        ada.client = http_two
        shown = (await http_two.get(f"/api/rooms/{room['id']}", headers=ada.headers)).json()
        assert shown["voting_open"] is False
        await ws.close()
