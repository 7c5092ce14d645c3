"""Sockets through the fault proxy: after a reset, a half-open connection or a service that drops
connections, a client reconnects and the first thing it gets is a snapshot that is right."""

import asyncio
import time

import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

from tests.conftest import LiveServer
from tests.helpers import join, new_organiser
from tests.realtime_clients import next_message, open_socket, wait_for
from tests.support.faultproxy import FaultProxy


async def _event(server: LiveServer) -> tuple[httpx.AsyncClient, object, dict, dict]:
    http = httpx.AsyncClient(base_url=server.url)
    ada = await new_organiser(http)
    presentation = await ada.presentation(questions=2)
    room = await ada.room(presentation["id"])
    return http, ada, presentation, room


async def _closed(socket: object, timeout: float = 5.0) -> None:
    with pytest.raises(ConnectionClosed):
        while True:
            await asyncio.wait_for(socket.recv(), timeout)  # type: ignore[attr-defined]


async def test_reset_then_reconnect_gets_a_fresh_snapshot(live_server: LiveServer) -> None:
    http, ada, presentation, room = await _event(live_server)
    q1, q2 = presentation["questions"]
    phone = await join(http, room["join_code"])
    async with FaultProxy("127.0.0.1", int(live_server.url.rsplit(":", 1)[1])) as proxy:
        url = f"{proxy.ws_url}/ws/join/{room['join_code']}"
        socket = await open_socket(url, phone.token)
        first = await next_message(socket)
        assert first["state"]["question"]["id"] == q1["id"]

        proxy.reset()  # RST: as when a phone walks out of Wi-Fi range
        await _closed(socket)
        # While it is away the room moves on and the phone's own vote is taken over HTTP.
        await ada.control(room["id"], "next")  # type: ignore[attr-defined]
        assert (await phone.vote(q2["id"], [q2["options"][0]["id"]])).status_code == 201

        again = await open_socket(url, phone.token)
        snapshot = await next_message(again)
        assert snapshot["type"] == "state"
        assert snapshot["state"]["question"]["id"] == q2["id"]
        assert snapshot["state"]["my_response"]["choice_ids"] == [q2["options"][0]["id"]]
        assert proxy.connections_seen == 2
        await again.close()
    await http.aclose()


async def test_half_open_connection_is_detected_and_replaced(live_server: LiveServer) -> None:
    """A black-holed connection looks open to both sides; the client's keepalive ping notices
    (no pong), and the new connection's snapshot has what the dead one swallowed."""
    http, ada, presentation, room = await _event(live_server)
    q2 = presentation["questions"][1]
    phone = await join(http, room["join_code"])
    async with FaultProxy("127.0.0.1", int(live_server.url.rsplit(":", 1)[1])) as proxy:
        url = f"{proxy.ws_url}/ws/join/{room['join_code']}?token={phone.token}"
        socket = await connect(
            url, compression=None, proxy=None, ping_interval=0.3, ping_timeout=0.5, close_timeout=0.5
        )
        await next_message(socket)
        proxy.blackhole_open()
        await ada.control(room["id"], "next")  # type: ignore[attr-defined]
        started = time.monotonic()
        await _closed(socket, timeout=5)
        assert time.monotonic() - started < 3, "a dead connection must be noticed within seconds"
        again = await open_socket(f"{proxy.ws_url}/ws/join/{room['join_code']}", phone.token)
        snapshot = await next_message(again)
        assert snapshot["state"]["question"]["id"] == q2["id"]
        await again.close()
    await http.aclose()


async def test_connections_dropped_while_down_then_accepted_and_latency_keeps_order(
    live_server: LiveServer,
) -> None:
    http, ada, presentation, room = await _event(live_server)
    q1 = presentation["questions"][0]
    async with FaultProxy("127.0.0.1", int(live_server.url.rsplit(":", 1)[1])) as proxy:
        presenter_url = f"{proxy.ws_url}/ws/rooms/{room['id']}/presenter"
        proxy.mode = "drop"
        with pytest.raises((InvalidHandshake, OSError, asyncio.TimeoutError)):
            await asyncio.wait_for(open_socket(presenter_url, ada.token), 3)  # type: ignore[attr-defined]
        proxy.mode = "latency"
        proxy.latency = 0.15
        presenter = await open_socket(presenter_url, ada.token)  # type: ignore[attr-defined]
        assert (await next_message(presenter))["type"] == "state"
        option = q1["options"][0]["id"]
        seqs = []
        for n in range(1, 6):
            phone = await join(http, room["join_code"])
            assert (await phone.vote(q1["id"], [option])).status_code == 201
            seen = await wait_for(
                presenter,
                lambda m, n=n: m["type"] == "results" and m["result"]["tally"]["counts"][option] >= n,
            )
            seqs.append(seen["seq"])
        # Slow, but in order and complete: the last push has every vote.
        assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
        assert seen["result"]["tally"]["counts"][option] == 5
        await presenter.close()
    await http.aclose()


async def test_a_client_that_saw_a_gap_asks_for_a_snapshot(live_server: LiveServer) -> None:
    """`{"type":"snapshot"}` on an open socket brings the whole state again (the phone page sends
    it when a results message names a question its last state did not)."""
    http, _ada, presentation, room = await _event(live_server)
    q1 = presentation["questions"][0]
    phone = await join(http, room["join_code"])
    socket = await open_socket(f"{live_server.ws_url}/ws/join/{room['join_code']}", phone.token)
    first = await next_message(socket)
    assert (await phone.vote(q1["id"], [q1["options"][1]["id"]])).status_code == 201
    await socket.send('{"type":"snapshot"}')
    again = await wait_for(socket, lambda m: m["type"] == "state")
    assert again["seq"] >= first["seq"]
    assert again["state"]["my_response"]["choice_ids"] == [q1["options"][1]["id"]]
    await socket.close()
    await http.aclose()
