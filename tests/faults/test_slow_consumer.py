"""A socket whose reader stopped (a frozen phone, a bot) must not slow the room: its outbox keeps
only the newest message, and once a send has been stuck for the stall limit it is dropped."""

import asyncio
import socket
import time

import pytest

from poll_service.live import clock
from tests.conftest import LiveServer
from tests.helpers import join, new_organiser
from tests.realtime_clients import next_message, open_socket, wait_for

ANSWER = "x" * 990  # big results messages fill the stuck socket's buffers quickly


def _frozen_socket(server: LiveServer, path: str) -> socket.socket:
    """A websocket client that completes the handshake and then never reads again."""
    host, port = server.url.removeprefix("http://").split(":")
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect((host, int(port)))
    sock.sendall(
        f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n".encode()
    )
    head = b""
    while b"\r\n\r\n" not in head:
        head += sock.recv(1)
    assert head.startswith(b"HTTP/1.1 101"), head
    return sock


async def test_a_consumer_that_stops_reading_is_dropped_without_slowing_the_room(
    live_server: LiveServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clock, "STALLED_SOCKET_SECONDS", 2.0)  # the production limit is 15 s
    async with live_server.client() as http:
        ada = await new_organiser(http)
        presentation = await ada.presentation(questions=0)
        body = {
            "type": "open_text",
            "prompt": "Tell us",
            "settings": {"max_length": 1000, "multiple_submissions": True, "max_submissions": 5},
        }
        question = (await ada.post(f"/api/presentations/{presentation['id']}/questions", body)).json()
        room = await ada.room(presentation["id"])
        await ada.control(room["id"], "goto", question_id=question["id"])
        phones = [await join(http, room["join_code"]) for _ in range(40)]

        async def answer(n: int) -> None:
            r = await http.post(
                f"/api/join/{room['join_code']}/responses",
                json={"question_id": question["id"], "text": f"{n} {ANSWER}"},
                headers=phones[n % len(phones)].headers,
            )
            assert r.status_code == 201, r.text

        # (in a thread: the server runs in this event loop)
        frozen = await asyncio.to_thread(
            _frozen_socket, live_server, f"/ws/rooms/{room['id']}/presenter?token={ada.token}"
        )
        healthy = await open_socket(f"{live_server.ws_url}/ws/rooms/{room['id']}/presenter", ada.token)
        await next_message(healthy)
        room_live = live_server.app.state.context.rooms.loaded(room["id"])
        assert len(room_live.presenters) == 2

        # Answers keep coming (each changes the ~100 KB results message); the healthy screen
        # follows every one within a second, stuck neighbour or not.
        lags = []
        dropped_at = None
        started = time.monotonic()
        for n in range(200):
            await answer(n)
            sent = time.monotonic()
            await wait_for(
                healthy,
                lambda m, n=n: m["type"] == "results" and m["result"]["response_count"] >= n + 1,
                timeout=5,
            )
            lags.append(time.monotonic() - sent)
            if dropped_at is None and any(s.closed for s in room_live.presenters):
                dropped_at = time.monotonic() - started
            if dropped_at is not None:
                break
            await asyncio.sleep(0.05)
        assert dropped_at is not None, "the stuck socket was never dropped"
        assert dropped_at < 30
        assert max(lags) < 1.5, f"the room slowed down: worst lag {max(lags):.2f}s"
        frozen.close()
        await healthy.close()
