"""A minimal HTTP/1.1 keep-alive client for joins and paced votes.

httpx costs a few hundred microseconds of client CPU per request; at 2,000 votes/s that would
eat the load generator's core and show up as server latency. This client keeps a pool of
keep-alive connections, one request in flight on each, and parses only the status line,
Content-Length (or chunked) and the body.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import cast

import orjson


class HttpError(Exception):
    pass


@dataclass(slots=True)
class Reply:
    status: int
    body: bytes
    sent: float  # time.monotonic() when the request was written
    done: float  # time.monotonic() when the whole answer was read
    retry_after: float | None = None

    def json(self) -> object:
        return orjson.loads(self.body)


class _Conn(asyncio.Protocol):
    __slots__ = ("_buf", "_fut", "_transport", "lost")

    def __init__(self) -> None:
        self._transport: asyncio.Transport | None = None
        self._buf = bytearray()
        self._fut: asyncio.Future[Parsed] | None = None
        self.lost = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports are not asyncio.Transport subclasses, hence a cast, not a check.
        self._transport = cast(asyncio.Transport, transport)

    def connection_lost(self, exc: Exception | None) -> None:
        self.lost = True
        if self._fut is not None and not self._fut.done():
            self._fut.set_exception(exc or HttpError("connection closed"))

    def data_received(self, data: bytes) -> None:
        self._buf += data
        if self._fut is None or self._fut.done():
            return
        parsed = _parse(self._buf)
        if parsed is not None:
            del self._buf[: parsed[2]]
            self._fut.set_result(parsed)

    def request(self, raw: bytes) -> asyncio.Future[Parsed]:
        assert self._transport is not None
        self._fut = asyncio.get_running_loop().create_future()
        self._transport.write(raw)
        return self._fut

    def close(self) -> None:
        if self._transport is not None:
            self._transport.close()


Parsed = tuple[int, bytes, int, float | None]  # status, body, bytes used, Retry-After


def _parse(buf: bytearray) -> Parsed | None:
    """The response once it is wholly buffered, else None."""
    end = buf.find(b"\r\n\r\n")
    if end < 0:
        return None
    head = bytes(buf[:end]).split(b"\r\n")
    status = int(head[0].split(b" ", 2)[1])
    length = -1
    chunked = False
    retry_after: float | None = None
    for line in head[1:]:
        name, _, value = line.partition(b":")
        lname = name.strip().lower()
        if lname == b"content-length":
            length = int(value)
        elif lname == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
        elif lname == b"retry-after" and value.strip().isdigit():
            retry_after = float(value)
    start = end + 4
    if chunked:
        found = _parse_chunked(buf, start)
        return None if found is None else (status, found[0], found[1], retry_after)
    if length < 0:
        length = 0  # no body (204/304) or close-delimited, which the bench never asks for
    if len(buf) - start < length:
        return None
    return status, bytes(buf[start : start + length]), start + length, retry_after


def _parse_chunked(buf: bytearray, pos: int) -> tuple[bytes, int] | None:
    body = bytearray()
    while True:
        eol = buf.find(b"\r\n", pos)
        if eol < 0:
            return None
        size = int(bytes(buf[pos:eol]).split(b";")[0], 16)
        pos = eol + 2
        if size == 0:
            if len(buf) - pos < 2:
                return None
            return bytes(body), pos + 2
        if len(buf) - pos < size + 2:
            return None
        body += buf[pos : pos + size]
        pos += size + 2


def build_request(
    method: str,
    path: str,
    host: str,
    port: int,
    body: bytes | None = None,
    headers: Mapping[str, str] | None = None,
) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}:{port}"]
    if headers:
        lines.extend(f"{k}: {v}" for k, v in headers.items())
    if body is not None:
        lines.append("Content-Type: application/json")
        lines.append(f"Content-Length: {len(body)}")
    head = ("\r\n".join(lines) + "\r\n\r\n").encode()
    return head + body if body is not None else head


class HttpPool:
    """`size` keep-alive connections to one loopback server; `request` waits for a free one."""

    def __init__(self, host: str, port: int, size: int) -> None:
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError("the bench only targets loopback")
        self.host, self.port, self.size = host, port, size
        self._idle: asyncio.Queue[_Conn] = asyncio.Queue()
        self._all: list[_Conn] = []

    async def __aenter__(self) -> HttpPool:
        loop = asyncio.get_running_loop()
        for _ in range(self.size):
            _, conn = await loop.create_connection(_Conn, self.host, self.port)
            self._all.append(conn)
            self._idle.put_nowait(conn)
        return self

    async def __aexit__(self, *exc: object) -> None:
        for conn in self._all:
            conn.close()

    async def _fresh(self) -> _Conn:
        _, conn = await asyncio.get_running_loop().create_connection(_Conn, self.host, self.port)
        self._all.append(conn)
        return conn

    async def request(
        self,
        method: str,
        path: str,
        body: object = None,
        headers: Mapping[str, str] | None = None,
        timeout_s: float = 30.0,
        sent_at: float | None = None,
    ) -> Reply:
        """Send one request; `sent_at` lets a paced caller charge queueing to the request."""
        raw_body = orjson.dumps(body) if body is not None else None
        raw = build_request(method, path, self.host, self.port, raw_body, headers)
        conn = await self._idle.get()
        try:
            if conn.lost:
                conn = await self._fresh()
            sent = time.monotonic() if sent_at is None else sent_at
            # asyncio.timeout, not wait_for: 3.11's wait_for can swallow a cancellation that
            # races with completion, and a probe that ignores its cancel hangs the run.
            async with asyncio.timeout(timeout_s):
                status, data, _, retry_after = await conn.request(raw)
            return Reply(status, data, sent, time.monotonic(), retry_after)
        except BaseException:
            # Drop the connection; whoever takes it next reconnects (see `conn.lost`).
            conn.close()
            conn.lost = True
            raise
        finally:
            self._idle.put_nowait(conn)
