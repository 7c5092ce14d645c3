"""What sockets receive when the Q&A and moderation change: a real uvicorn server, real websocket
clients. Questions, upvotes and hides reach presenter and phones; pending and hidden entries never
do; a hidden word leaves the pushed results; and across two workers (Redis + PostgreSQL)."""

import asyncio
from typing import Any

import httpx
import pytest

from tests.conftest import (
    REDIS_URL,
    LiveServer,
    clear_rate_limits,
    make_settings,
    redis_available,
    run_server,
)
from tests.helpers import join
from tests.qna_support import ask, qna_room, upvote
from tests.realtime_clients import next_message, open_socket, wait_for

WORDS = {"type": "word_cloud", "prompt": "One word?", "settings": {"moderation": "filter"}}


def qna_with(predicate: Any) -> Any:
    return lambda m: m["type"] == "qna" and predicate(m)


def texts(message: dict[str, Any]) -> list[str]:
    return [q["text"] for q in message["questions"]]


async def test_questions_upvotes_and_hides_reach_the_sockets(live_server: LiveServer) -> None:
    async with live_server.client() as http:
        ada, _, room = await qna_room(http, [WORDS], moderation="approve")
        asker, voter = [await join(http, room["join_code"]) for _ in range(2)]
        presenter = await open_socket(f"{live_server.ws_url}/ws/rooms/{room['id']}/presenter", ada.token)
        phone = await open_socket(f"{live_server.ws_url}/ws/join/{room['join_code']}", voter.token)
        assert (await next_message(presenter))["type"] == "state"
        assert (await next_message(phone))["type"] == "state"
        # The panel comes on the room's first tick, empty.
        first = await wait_for(phone, qna_with(lambda m: True))
        assert first["questions"] == [] and first["settings"]["enabled"] is True
        assert "pending_count" not in first

        # A question waiting for approval: the presenter learns that one waits, nobody sees it.
        waiting = (await ask(asker, "Is the bar open after?")).json()
        told = await wait_for(presenter, qna_with(lambda m: m["pending_count"] == 1))
        assert told["questions"] == []
        await ada.client.patch(
            f"/api/rooms/{room['id']}/qna/{waiting['id']}", json={"status": "visible"}, headers=ada.headers
        )
        shown = await wait_for(phone, qna_with(lambda m: texts(m) == ["Is the bar open after?"]))
        assert shown["questions"][0]["upvotes"] == 0
        await wait_for(
            presenter, qna_with(lambda m: texts(m) == ["Is the bar open after?"] and m["pending_count"] == 0)
        )

        assert (await upvote(voter, waiting["id"])).status_code == 200
        await wait_for(phone, qna_with(lambda m: m["questions"][0]["upvotes"] == 1))
        await wait_for(presenter, qna_with(lambda m: m["questions"] and m["questions"][0]["upvotes"] == 1))

        # A reconnecting phone gets the newest panel right after its state.
        again = await open_socket(f"{live_server.ws_url}/ws/join/{room['join_code']}", asker.token)
        assert (await next_message(again))["type"] == "state"
        greeted = await next_message(again)
        assert greeted["type"] == "qna" and greeted["questions"][0]["upvotes"] == 1

        # Hidden: it leaves every view.
        await ada.client.patch(
            f"/api/rooms/{room['id']}/qna/{waiting['id']}", json={"status": "hidden"}, headers=ada.headers
        )
        await wait_for(phone, qna_with(lambda m: m["questions"] == []))
        await wait_for(presenter, qna_with(lambda m: m["questions"] == []))
        await wait_for(again, qna_with(lambda m: m["questions"] == []))

        # Switching the panel off is said once; the panel's settings travel with it.
        await ada.client.patch(
            f"/api/rooms/{room['id']}", json={"qna": {"enabled": False}}, headers=ada.headers
        )
        off = await wait_for(phone, qna_with(lambda m: m["settings"]["enabled"] is False))
        assert off["questions"] == []
        for ws in (presenter, phone, again):
            await ws.close()


async def test_moderation_changes_the_pushed_results(live_server: LiveServer) -> None:
    async with live_server.client() as http:
        ada, presentation, room = await qna_room(http, [WORDS])
        question = presentation["questions"][0]
        phones = [await join(http, room["join_code"]) for _ in range(3)]
        presenter = await open_socket(f"{live_server.ws_url}/ws/rooms/{room['id']}/presenter", ada.token)
        await next_message(presenter)

        def cloud(m: dict[str, Any]) -> dict[str, int]:
            return {w["key"]: w["count"] for w in m["result"]["tally"]["words"]}

        async def send(n: int, entries: list[str]) -> dict[str, Any]:
            r = await http.post(
                f"/api/join/{room['join_code']}/responses",
                json={"question_id": question["id"], "entries": entries},
                headers=phones[n].headers,
            )
            assert r.status_code == 201, r.text
            body: dict[str, Any] = r.json()
            return body

        await send(0, ["koffie", "thee"])
        await send(1, ["koffie"])
        filtered = await send(2, ["fцck", "koffie"])
        assert filtered["status"] == "hidden"
        seen = await wait_for(presenter, lambda m: m["type"] == "results" and cloud(m).get("koffie") == 2)
        assert cloud(seen) == {"koffie": 2, "thee": 1} and seen["result"]["response_count"] == 2

        # The presenter hides a word: it leaves the cloud on the next push (well within a second).
        started = asyncio.get_running_loop().time()
        r = await http.post(
            f"/api/rooms/{room['id']}/questions/{question['id']}/hidden-words",
            json={"word": "Koffie"},
            headers=ada.headers,
        )
        assert r.status_code == 201
        seen = await wait_for(
            presenter, lambda m: m["type"] == "results" and "koffie" not in cloud(m), timeout=1
        )
        assert cloud(seen) == {"thee": 1}
        assert asyncio.get_running_loop().time() - started < 1

        # Restoring the filtered answer counts it; hiding an approved one takes it out again.
        await http.patch(
            f"/api/rooms/{room['id']}/responses/{filtered['response_id']}",
            json={"status": "visible"},
            headers=ada.headers,
        )
        seen = await wait_for(
            presenter, lambda m: m["type"] == "results" and m["result"]["response_count"] == 3
        )
        assert cloud(seen) == {"thee": 1, "fцck": 1}
        await http.delete(
            f"/api/rooms/{room['id']}/questions/{question['id']}/hidden-words/koffie", headers=ada.headers
        )
        seen = await wait_for(presenter, lambda m: m["type"] == "results" and cloud(m).get("koffie") == 3)
        await http.patch(
            f"/api/rooms/{room['id']}/responses/{filtered['response_id']}",
            json={"status": "hidden"},
            headers=ada.headers,
        )
        seen = await wait_for(
            presenter, lambda m: m["type"] == "results" and m["result"]["response_count"] == 2
        )
        assert cloud(seen) == {"koffie": 2, "thee": 1}
        await presenter.close()


@pytest.fixture
async def shared_settings(postgres_database: str):  # type: ignore[no-untyped-def]
    if not redis_available():
        pytest.skip("Redis is not reachable on 127.0.0.1:6379 (start it: see .ci/run)")
    await clear_rate_limits()
    yield make_settings(postgres_database, redis_url=REDIS_URL)
    await clear_rate_limits()


@pytest.mark.redis
@pytest.mark.postgres
async def test_hides_reach_the_other_workers_sockets(shared_settings) -> None:  # type: ignore[no-untyped-def]
    async with (
        run_server(shared_settings) as one,
        run_server(shared_settings) as two,
        httpx.AsyncClient(base_url=one.url) as http_one,
        httpx.AsyncClient(base_url=two.url) as http_two,
    ):
        ada, presentation, room = await qna_room(http_one, [{**WORDS, "settings": {}}])
        question = presentation["questions"][0]
        phones = [await join(http_two, room["join_code"]) for _ in range(2)]
        # Sockets on worker two; the organiser acts on worker one.
        presenter = await open_socket(f"{two.ws_url}/ws/rooms/{room['id']}/presenter", ada.token)
        phone_socket = await open_socket(f"{two.ws_url}/ws/join/{room['join_code']}", phones[0].token)
        await next_message(presenter)
        await next_message(phone_socket)
        for phone, entries in zip(phones, (["koffie", "thee"], ["koffie"]), strict=True):
            r = await http_two.post(
                f"/api/join/{room['join_code']}/responses",
                json={"question_id": question["id"], "entries": entries},
                headers=phone.headers,
            )
            assert r.status_code == 201
        await wait_for(
            presenter,
            lambda m: (
                m["type"] == "results"
                and {w["key"] for w in m["result"]["tally"]["words"]} == {"koffie", "thee"}
            ),
        )
        question_text = (await ask(phones[1], "Where are the slides?")).json()
        await wait_for(phone_socket, qna_with(lambda m: texts(m) == ["Where are the slides?"]))

        r = await http_one.post(
            f"/api/rooms/{room['id']}/questions/{question['id']}/hidden-words",
            json={"word": "koffie"},
            headers=ada.headers,
        )
        assert r.status_code == 201
        seen = await wait_for(
            presenter,
            lambda m: (
                m["type"] == "results" and [w["key"] for w in m["result"]["tally"]["words"]] == ["thee"]
            ),
            timeout=1.5,
        )
        assert seen["result"]["response_count"] == 2
        r = await http_one.patch(
            f"/api/rooms/{room['id']}/qna/{question_text['id']}",
            json={"status": "hidden"},
            headers=ada.headers,
        )
        assert r.status_code == 200
        await wait_for(phone_socket, qna_with(lambda m: m["questions"] == []), timeout=1.5)
        await wait_for(presenter, qna_with(lambda m: m["questions"] == []), timeout=1.5)
        await presenter.close()
        await phone_socket.close()
