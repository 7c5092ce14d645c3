"""Opening many raw websockets at once (`Pool`) and waiting until they have all seen a count.

The client itself (upgrade, framing, the cheap receive path) is `rawws.WsClient`.
"""

from __future__ import annotations

import asyncio
import base64
import os
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from bench.rawws import Totals, WsClient


def _upgrade_request(host: str, port: int, path: str, key: bytes) -> bytes:
    return (
        f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
        f"Connection: Upgrade\r\nSec-WebSocket-Key: {key.decode()}\r\n"
        "Sec-WebSocket-Version: 13\r\nUser-Agent: poll-bench-rawws\r\n\r\n"
    ).encode()


async def connect(
    host: str,
    port: int,
    path: str,
    totals: Totals,
    *,
    keep_payloads: bool = False,
    timeout_s: float = 10.0,
    local_host: str | None = None,
) -> WsClient:
    """Open one websocket; raises on refusal or timeout. `local_host` (a 127.0.0.x address)
    is the source address: each has its own ephemeral ports, ~28,000 on Linux."""
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError("the bench only targets loopback")
    local_addr = None if local_host is None else (local_host, 0)
    key = base64.b64encode(os.urandom(16))
    request = _upgrade_request(host, port, path, key)
    loop = asyncio.get_running_loop()
    async with asyncio.timeout(timeout_s):
        _, proto = await loop.create_connection(
            lambda: WsClient(request, key, totals, keep_payloads), host, port, local_addr=local_addr
        )
    try:
        await proto.wait_open(timeout_s)
    except BaseException:  # refused, timed out or cancelled: never leak the socket
        proto.abort()
        raise
    return proto


@dataclass
class Pool:
    """Many sockets opened with bounded concurrency (so the listen backlog never overflows)."""

    totals: Totals = field(default_factory=Totals)
    clients: list[WsClient] = field(default_factory=list)
    failures: int = 0
    connect_seconds: float = 0.0

    async def open_all(
        self,
        host: str,
        port: int,
        paths: Iterable[str],
        *,
        concurrency: int = 200,
        keep_payloads: bool = False,
        timeout_s: float = 15.0,
        deadline_s: float = 120.0,
        local_host: str | None = None,
    ) -> None:
        """Open a socket per path; one that is not open within `timeout_s`, or before the whole
        batch's `deadline_s`, counts as a failure (a slow server cannot stretch the run)."""
        sem = asyncio.Semaphore(concurrency)

        async def one(path: str) -> WsClient | None:
            async with sem:
                try:
                    return await connect(
                        host,
                        port,
                        path,
                        self.totals,
                        keep_payloads=keep_payloads,
                        timeout_s=timeout_s,
                        local_host=local_host,
                    )
                except (TimeoutError, OSError, ConnectionError) as exc:
                    self.totals.errors.append(f"connect: {exc!r}")
                    return None

        start = time.monotonic()
        tasks = [asyncio.ensure_future(one(p)) for p in paths]
        _, pending = await asyncio.wait(tasks, timeout=deadline_s)
        for t in pending:
            t.cancel()
        if pending:
            await asyncio.wait(pending, timeout=5)
            self.totals.errors.append(f"{len(pending)} connects cut off after {deadline_s:.0f}s")
        self.connect_seconds = time.monotonic() - start
        for t in tasks:
            c = None if t.cancelled() or t.exception() else t.result()
            if c is None:
                self.failures += 1
            else:
                self.clients.append(c)

    def open_count(self) -> int:
        return sum(1 for c in self.clients if not c.closed.done())

    async def close_all(self, timeout_s: float = 5.0) -> None:
        """Send close frames, wait (bounded) for the server to close, then abort stragglers."""
        for c in self.clients:
            c.start_close()
        pending = [c.closed for c in self.clients if not c.closed.done()]
        if pending:
            await asyncio.wait(pending, timeout=timeout_s)
        for c in self.clients:
            if not c.closed.done():
                c.abort()


def reached(clients: Sequence[WsClient], count: int) -> int:
    """How many sockets have seen a results message with response_count >= count."""
    return sum(1 for c in clients if c.last_count >= count)


async def wait_reached(
    clients: Sequence[WsClient], count: int, timeout_s: float, poll: float = 0.005
) -> bool:
    """Wait (bounded) until every socket has seen response_count >= count."""
    deadline = time.monotonic() + timeout_s
    pending = list(clients)
    while True:
        pending = [c for c in pending if c.last_count < count and not c.closed.done()]
        if not pending:
            return all(c.last_count >= count for c in clients)
        if time.monotonic() >= deadline:
            return False
        await asyncio.sleep(poll)
