"""Percentiles and the two background probes: client loop lag and server /health latency."""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Sequence

from bench.rawhttp import HttpPool
from bench.rawws import WsClient


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100); NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, math.ceil(q / 100 * len(ordered)) - 1))
    return ordered[k]


class LoopLag:
    """How late a 10 ms sleep wakes up in *this* (load generator) process.

    If the generator's own loop lags, its timestamps are late too; reporting this says whether a
    bad figure is the server's or the bench's.
    """

    def __init__(self, interval: float = 0.01) -> None:
        self.interval = interval
        self.samples: list[float] = []
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            start = loop.time()
            await asyncio.sleep(self.interval)
            self.samples.append(max(0.0, loop.time() - start - self.interval))

    def __enter__(self) -> LoopLag:
        self._task = asyncio.get_running_loop().create_task(self._run())
        return self

    def __exit__(self, *exc: object) -> None:
        if self._task is not None:
            self._task.cancel()


class HealthProbe:
    """GET /health every `interval` on its own keep-alive connection; records each round trip.

    The service's event loop is not visible from outside, so its lag is estimated as the time a
    trivial request waits: a blocked loop delays this answer by the same amount.
    """

    def __init__(self, port: int, interval: float = 0.02) -> None:
        self.port = port
        self.interval = interval
        self.samples: list[float] = []
        self.errors = 0
        self._task: asyncio.Task[None] | None = None
        self._stop = False

    async def _run(self) -> None:
        async with HttpPool("127.0.0.1", self.port, 1) as pool:
            while not self._stop:
                start = time.monotonic()
                try:
                    reply = await pool.request("GET", "/health", timeout_s=5)
                    if reply.status == 200:
                        self.samples.append(reply.done - reply.sent)
                    else:
                        self.errors += 1
                except (TimeoutError, OSError, ConnectionError):
                    self.errors += 1
                await asyncio.sleep(max(0.0, self.interval - (time.monotonic() - start)))

    async def __aenter__(self) -> HealthProbe:
        self._task = asyncio.get_running_loop().create_task(self._run())
        return self

    async def __aexit__(self, *exc: object) -> None:
        # A flag as well as a cancel, and a bounded wait: never hang on a probe.
        self._stop = True
        if self._task is not None:
            self._task.cancel()
            await asyncio.wait({self._task}, timeout=6)


class PingProbe:
    """Websocket ping every `interval` on one socket: the server's event-loop lag, seen from
    outside (pongs are written by the protocol layer as soon as the loop reads the ping)."""

    def __init__(self, client: WsClient, interval: float = 0.02) -> None:
        self.client = client
        self.interval = interval
        self._task: asyncio.Task[None] | None = None
        self._first = len(client.ping_rtts)

    async def _run(self) -> None:
        n = 0
        while True:
            n += 1
            self.client.ping(n)
            await asyncio.sleep(self.interval)

    @property
    def samples(self) -> list[float]:
        return self.client.ping_rtts[self._first :]

    @property
    def lost(self) -> int:
        return len(self.client.pings_sent)

    async def __aenter__(self) -> PingProbe:
        self._task = asyncio.get_running_loop().create_task(self._run())
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._task is not None:
            self._task.cancel()
