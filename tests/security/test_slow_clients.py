"""Slow clients against a real uvicorn server (poll_service/http_protocol.py): headers sent a byte
at a time and bodies that never finish are dropped, while the room's votes go on; one address
holds a bounded number of connections."""

import asyncio
from pathlib import Path

import httpx

from tests.conftest import make_settings, run_server, sqlite_url
from tests.helpers import join, new_organiser


async def _connect(url: str) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    host, port = url.removeprefix("http://").split(":")
    return await asyncio.open_connection(host, int(port))


async def _closed_by_server(reader: asyncio.StreamReader, within: float) -> bool:
    """Reads until the server closes the connection (EOF): True if it did within `within` s."""
    try:
        async with asyncio.timeout(within):
            while await reader.read(4096):
                pass
    except TimeoutError:
        return False
    return True


async def test_slow_headers_and_bodies_are_dropped_while_voting_goes_on(tmp_path: Path) -> None:
    settings = make_settings(sqlite_url(tmp_path), header_timeout_s=1.0, body_timeout_s=1.0)
    async with run_server(settings) as server, httpx.AsyncClient(base_url=server.url) as http:
        ada = await new_organiser(http)
        presentation = await ada.presentation()
        question = presentation["questions"][0]
        room = await ada.room(presentation["id"])
        slow = []
        for n in range(40):  # headers that never end
            reader, writer = await _connect(server.url)
            writer.write(f"POST /api/join HTTP/1.1\r\nHost: x\r\nX-Slow: {n}".encode())
            slow.append((reader, writer))
        for _ in range(10):  # a body that never arrives in full
            reader, writer = await _connect(server.url)
            writer.write(
                b"POST /api/join HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b'Content-Length: 100\r\n\r\n{"join_code":'
            )
            slow.append((reader, writer))
        # Meanwhile the room works as usual.
        for _ in range(5):
            phone = await join(http, room["join_code"])
            assert (await phone.vote(question["id"], [question["options"][0]["id"]])).status_code == 201
        closed = await asyncio.gather(*(_closed_by_server(reader, 30) for reader, _ in slow))
        assert all(closed), f"{closed.count(False)} slow connections still open"
        for _, writer in slow:
            writer.close()


async def test_one_address_holds_a_bounded_number_of_connections(tmp_path: Path) -> None:
    settings = make_settings(sqlite_url(tmp_path), connections_per_ip=5, header_timeout_s=120.0)
    async with run_server(settings) as server:
        held = [await _connect(server.url) for _ in range(5)]
        reader, writer = await _connect(server.url)
        # Turned away at once (long before the 120 s header limit could close it).
        assert await _closed_by_server(reader, 10)
        writer.close()
        for _, held_writer in held:
            held_writer.close()
        # Closed connections free their places: a normal request gets through again.
        async with httpx.AsyncClient(base_url=server.url) as http:
            for _ in range(100):
                try:
                    if (await http.get("/health")).status_code == 200:
                        break
                except httpx.TransportError:
                    await asyncio.sleep(0.05)
            else:
                raise AssertionError("the address never got a connection back")
