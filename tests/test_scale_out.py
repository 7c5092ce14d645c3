"""Two workers sharing PostgreSQL and Redis: what happens on one is seen on the other."""

import asyncio

import httpx
import pytest

from poll_service.realtime.redis_hub import RedisHub
from tests.conftest import REDIS_URL, clear_rate_limits, make_settings, redis_available, run_server
from tests.helpers import join, new_organiser
from tests.realtime_clients import next_message, open_socket, wait_for

pytestmark = [pytest.mark.redis, pytest.mark.postgres]


@pytest.fixture
async def shared_settings(postgres_database: str):  # type: ignore[no-untyped-def]
    if not redis_available():
        pytest.skip("Redis is not reachable on 127.0.0.1:6379 (start it: see .ci/run)")
    await clear_rate_limits()
    yield make_settings(postgres_database, redis_url=REDIS_URL)
    await clear_rate_limits()


async def test_votes_and_state_cross_workers(shared_settings) -> None:  # type: ignore[no-untyped-def]
    async with run_server(shared_settings) as one, run_server(shared_settings) as two:
        http_one = httpx.AsyncClient(base_url=one.url)
        http_two = httpx.AsyncClient(base_url=two.url)
        ada = await new_organiser(http_one)
        presentation = await ada.presentation(questions=2)
        q1, q2 = presentation["questions"]
        room = await ada.room(presentation["id"])

        presenter = await open_socket(f"{one.ws_url}/ws/rooms/{room['id']}/presenter", ada.token)
        await next_message(presenter)
        phones = [await join(http_two, room["join_code"]) for _ in range(5)]
        phone_socket = await open_socket(f"{two.ws_url}/ws/join/{room['join_code']}", phones[0].token)
        await next_message(phone_socket)

        option = q1["options"][2]["id"]
        for phone in phones:
            assert (await phone.vote(q1["id"], [option])).status_code == 201
        # The presenter on worker one sees every vote taken by worker two.
        seen = await wait_for(
            presenter,
            lambda m: m["type"] == "results" and m["result"]["tally"]["counts"][option] == 5,
            timeout=3,
        )
        assert seen["participant_count"] == 5
        # The phone's own socket hears of its own vote (its other tabs stay in step).
        mine = await wait_for(
            phone_socket, lambda m: m["type"] == "state" and m["state"]["my_response"], timeout=3
        )
        assert mine["state"]["my_response"]["choice_ids"] == [option]
        # The presenter's move on worker one reaches the phone on worker two.
        assert (await ada.control(room["id"], "next")).status_code == 200
        moved = await wait_for(
            phone_socket,
            lambda m: m["type"] == "state" and (m["state"]["question"] or {}).get("id") != q1["id"],
            timeout=3,
        )
        assert moved["state"]["question"]["id"] == q2["id"]
        # And voting closed on one is closed on two.
        await ada.control(room["id"], "close_voting")
        await asyncio.sleep(0.3)
        r = await phones[1].vote(q2["id"], [q2["options"][0]["id"]])
        assert r.status_code == 423
        await presenter.close()
        await phone_socket.close()
        await http_one.aclose()
        await http_two.aclose()


async def test_redis_hub_reports_health() -> None:
    if not redis_available():
        pytest.skip("Redis is not reachable on 127.0.0.1:6379 (start it: see .ci/run)")
    hub = RedisHub(REDIS_URL)
    await hub.start()
    assert hub.healthy
    async with hub.subscribe("poll:test:channel") as messages:
        await asyncio.sleep(0.1)
        await hub.publish("poll:test:channel", b"hello")
        assert await asyncio.wait_for(messages.__anext__(), 2) == b"hello"
    await hub.stop()
    down = RedisHub("redis://127.0.0.1:1/0")
    await down.start()
    assert not down.healthy
    # Publishing without Redis still reaches this worker's own subscribers.
    async with down.subscribe("poll:test:local") as messages:
        await down.publish("poll:test:local", b"local")
        assert await asyncio.wait_for(messages.__anext__(), 2) == b"local"
    await down.stop()


async def test_rate_limits_hold_across_workers(shared_settings) -> None:  # type: ignore[no-untyped-def]
    async with (
        run_server(shared_settings) as one,
        run_server(shared_settings) as two,
        httpx.AsyncClient(base_url=one.url) as a,
        httpx.AsyncClient(base_url=two.url) as b,
    ):
        statuses = []
        for n in range(12):
            http = a if n % 2 else b
            statuses.append((await http.post("/api/join", json={"join_code": f"9{n:07d}"})).status_code)
    # Ten wrong codes in all (not ten per worker), then 429 from either worker.
    assert statuses[:10] == [404] * 10 and statuses[10:] == [429, 429]
