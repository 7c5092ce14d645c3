"""Limits that only the websocket protocol can apply (realtime/ws_protocol.py), tried with raw
frames against a real uvicorn server: a ping flood is closed 1008; text that is not UTF-8 is
closed 1007 and logged as one short line, not a traceback per frame."""

import asyncio
import base64
import logging
import os
import struct
from collections.abc import AsyncIterator

import pytest

from poll_service.realtime.ws_protocol import CLIENT_PINGS_PER_WINDOW
from tests.conftest import LiveServer
from tests.helpers import join, new_organiser


class RawSocket:
    """A websocket client that writes any frame it is told to, valid or not."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    def send(self, opcode: int, payload: bytes) -> None:
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.writer.write(bytes([0x80 | opcode, 0x80 | len(payload)]) + mask + masked)

    async def frame(self) -> tuple[int, bytes]:
        head = await self.reader.readexactly(2)
        length = head[1] & 0x7F
        if length == 126:
            length = struct.unpack("!H", await self.reader.readexactly(2))[0]
        elif length == 127:
            length = struct.unpack("!Q", await self.reader.readexactly(8))[0]
        return head[0] & 0x0F, await self.reader.readexactly(length)

    async def close_code(self) -> int:
        """Reads frames until the server's close frame; its status code."""
        while True:
            opcode, payload = await asyncio.wait_for(self.frame(), 10)
            if opcode == 0x8:
                return int(struct.unpack("!H", payload[:2])[0])


@pytest.fixture
async def phone_socket(live_server: LiveServer) -> AsyncIterator[RawSocket]:
    async with live_server.client() as http:
        ada = await new_organiser(http)
        room = await ada.room((await ada.presentation())["id"])
        phone = await join(http, room["join_code"])
    host, port = live_server.url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    key = base64.b64encode(os.urandom(16)).decode()
    writer.write(
        f"GET /ws/join/{room['join_code']}?token={phone.token} HTTP/1.1\r\nHost: {host}:{port}\r\n"
        f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
        "Sec-WebSocket-Version: 13\r\n\r\n".encode()
    )
    assert (await reader.readuntil(b"\r\n\r\n")).startswith(b"HTTP/1.1 101")
    yield RawSocket(reader, writer)
    writer.close()


async def test_a_ping_flood_is_closed(phone_socket: RawSocket) -> None:
    flood = 10 * CLIENT_PINGS_PER_WINDOW
    for n in range(flood):
        phone_socket.send(0x9, f"ping {n}".encode())
    pongs, closed = 0, None
    try:
        while closed is None:
            opcode, payload = await asyncio.wait_for(phone_socket.frame(), 10)
            if opcode == 0xA:
                pongs += 1
            elif opcode == 0x8:
                closed = struct.unpack("!H", payload[:2])[0]
    except (ConnectionResetError, asyncio.IncompleteReadError):
        closed = "reset"  # closed while our pings were still arriving: the kernel resets it
    assert closed in (1008, "reset")
    assert pongs < flood  # cut off past the budget, not answered for ever


async def test_text_that_is_not_utf8_is_closed_and_logged_briefly(phone_socket: RawSocket) -> None:
    lines: list[logging.LogRecord] = []
    catcher = logging.Handler()
    catcher.emit = lines.append  # type: ignore[method-assign]
    loggers = [logging.getLogger(name) for name in ("uvicorn.error", "poll_service.websocket")]
    for logger in loggers:
        logger.addHandler(catcher)
    try:
        phone_socket.send(0x1, b"\xff\xfe\xfd not utf-8")
        assert await phone_socket.close_code() == 1007
    finally:
        for logger in loggers:
            logger.removeHandler(catcher)
    assert not any(record.exc_info for record in lines), "no traceback in the log"
    assert len(lines) <= 1 and all("not UTF-8" in record.getMessage() for record in lines)
