"""Graceful shutdown (SIGTERM, as a deploy or `docker stop` sends): votes already in flight are
stored and acknowledged, sockets are closed with 1012 so phones reconnect to another worker."""

import asyncio
import signal
import sqlite3
from pathlib import Path

import httpx
import pytest
from websockets.exceptions import ConnectionClosed

from tests.helpers import join, new_organiser
from tests.realtime_clients import next_message, open_socket
from tests.support.processes import ServiceProcess, service_env

IN_FLIGHT = 30


# solo: it stops a server mid-vote and waits for it within a bound.
pytestmark = pytest.mark.solo


async def test_sigterm_finishes_in_flight_votes_and_closes_sockets_with_1012(tmp_path: Path) -> None:
    db = tmp_path / "poll.db"
    worker = ServiceProcess(tmp_path, service_env(POLL_DATABASE_URL=f"sqlite+aiosqlite:///{db}"))
    worker.start()
    try:
        await worker.wait_ready()
        async with httpx.AsyncClient(base_url=worker.url, timeout=30, trust_env=False) as http:
            ada = await new_organiser(http)
            presentation = await ada.presentation()
            question = presentation["questions"][0]
            room = await ada.room(presentation["id"])
            phones = [await join(http, room["join_code"]) for _ in range(IN_FLIGHT)]
        presenter = await open_socket(f"{worker.ws_url}/ws/rooms/{room['id']}/presenter", ada.token)
        phone_socket = await open_socket(f"{worker.ws_url}/ws/join/{room['join_code']}", phones[0].token)
        await next_message(presenter)
        await next_message(phone_socket)

        # Hold SQLite's write lock, so every vote waits in the writer: truly in flight.
        blocker = sqlite3.connect(db, timeout=5)
        blocker.execute("BEGIN IMMEDIATE")
        option = question["options"][1]["id"]
        async with httpx.AsyncClient(base_url=worker.url, timeout=30, trust_env=False) as http:
            for phone in phones:
                phone.client = http
            votes = [asyncio.create_task(p.vote(question["id"], [option], key="once")) for p in phones]
            await asyncio.sleep(1.0)
            assert not any(v.done() for v in votes), "the votes should be waiting for the lock"
            assert worker.process is not None
            worker.process.send_signal(signal.SIGTERM)
            # The sockets are told at once: 1012 "service restart", so phones go elsewhere.
            for socket in (presenter, phone_socket):
                try:
                    while True:
                        await asyncio.wait_for(socket.recv(), 5)
                except ConnectionClosed:
                    pass
                assert socket.close_code == 1012, socket.close_code
            blocker.rollback()  # the database frees up; the shutdown lets the writer finish
            blocker.close()
            answers = await asyncio.gather(*votes)
        assert [a.status_code for a in answers] == [201] * IN_FLIGHT
        assert worker.process.wait(30) in {0, -signal.SIGTERM}
        assert "Application shutdown complete" in worker.tail(200)
        stored = sqlite3.connect(db).execute("SELECT count(*) FROM response").fetchone()[0]
        assert stored == IN_FLIGHT
    finally:
        worker.close()
