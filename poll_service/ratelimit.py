"""Fixed-window rate limits: in memory per worker by default, shared through Redis when configured
(so a limit holds across workers). If Redis fails, the worker falls back to its own counts rather
than refusing or waving everything through.

A limit on a hot path (every vote, every join) is `batched`: a Redis round trip per vote cost the
PostgreSQL + Redis topology more CPU than storing the vote (bench/README.md). Such a limiter
decides at once from what it knows (the shared count its last exchange with Redis returned, plus
its own hits since), and sends its new hits for every key in one pipeline per round trip. In one
worker it is exact; across workers a key can pass its limit by the hits other workers took in
the same round trip, never more."""

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass, field
from typing import Any

from redis.exceptions import RedisError

from poll_service.errors import TooManyRequests

log = logging.getLogger(__name__)


@dataclass
class RateLimiter:
    name: str
    limit: int
    window_seconds: int
    message: str
    redis: Any = None  # redis.asyncio.Redis when shared
    batched: bool = False  # shared through Redis once per round trip, not per hit (see above)
    _windows: dict[str, tuple[float, int]] = field(default_factory=dict)
    _shared: "SharedCounts | None" = None

    def __post_init__(self) -> None:
        if self.batched and self.redis is not None:
            self._shared = SharedCounts(self)

    async def hit(self, key: str) -> None:
        """Count one event; raise 429 with Retry-After once the window is full."""
        count, retry_after = await self._count(key, add=1)
        if count > self.limit:
            raise TooManyRequests(self.message, retry_after)

    async def check(self, key: str) -> None:
        """Raise 429 if the window is already full, without counting."""
        count, retry_after = await self._count(key, add=0)
        if count >= self.limit:
            raise TooManyRequests(self.message, retry_after)

    def redis_key(self, window: int, key: str) -> str:
        return f"poll:rl:{self.name}:{window}:{key}"

    async def _count(self, key: str, add: int) -> tuple[int, int]:
        if self._shared is not None:
            return self._shared.count(key, add)
        if self.redis is not None:
            try:
                return await self._count_in_redis(key, add)
            except (RedisError, OSError):
                log.warning("rate limit %s: redis unavailable, counting locally", self.name)
        return self._count_locally(key, add)

    async def _count_in_redis(self, key: str, add: int) -> tuple[int, int]:
        now = time.time()
        window = int(now // self.window_seconds)
        redis_key = self.redis_key(window, key)
        retry_after = int((window + 1) * self.window_seconds - now) + 1
        if add == 0:
            value = await self.redis.get(redis_key)
            return int(value or 0), retry_after
        pipe = self.redis.pipeline(transaction=False)
        pipe.incrby(redis_key, add)
        pipe.expire(redis_key, self.window_seconds + 1)
        count, _ = await pipe.execute()
        return int(count), retry_after

    def _count_locally(self, key: str, add: int) -> tuple[int, int]:
        now = time.monotonic()
        start, count = self._windows.get(key, (now, 0))
        if now - start >= self.window_seconds:
            start, count = now, 0
        if count >= self.limit and add:
            # Refused events are not counted, so the window ends when it started to end.
            return count + add, int(start + self.window_seconds - now) + 1
        count += add
        if add:
            self._windows[key] = (start, count)
            if len(self._windows) > 100_000:
                self._prune(now)
        return count, int(start + self.window_seconds - now) + 1

    def _prune(self, now: float) -> None:
        expired = [k for k, (s, _) in self._windows.items() if now - s >= self.window_seconds]
        for key in expired:
            del self._windows[key]


@dataclass
class _Count:
    window: int
    known: int = 0  # the shared count, as the last exchange with Redis returned it
    unsent: int = 0  # this worker's hits since


class SharedCounts:
    """A batched limiter's counts: decided here, sent to Redis in one pipeline per round trip."""

    def __init__(self, limiter: RateLimiter) -> None:
        self._limiter = limiter
        self._counts: dict[str, _Count] = {}
        self._unsent: set[str] = set()
        self._sending: asyncio.Task[None] | None = None

    def count(self, key: str, add: int) -> tuple[int, int]:
        seconds = self._limiter.window_seconds
        now = time.time()
        window = int(now // seconds)
        retry_after = int((window + 1) * seconds - now) + 1
        entry = self._counts.get(key)
        if entry is None or entry.window != window:
            entry = self._counts[key] = _Count(window)
            if len(self._counts) > 100_000:
                self._prune(window)
        total = entry.known + entry.unsent
        if add == 0 or total >= self._limiter.limit:
            return total + add, retry_after  # a refused hit is not counted, as in memory
        entry.unsent += add
        self._unsent.add(key)
        if self._sending is None:
            self._sending = asyncio.get_running_loop().create_task(self._send())
        return total + add, retry_after

    async def _send(self) -> None:
        try:
            while self._unsent:
                batch = [(key, self._counts[key]) for key in self._unsent if key in self._counts]
                self._unsent = set()
                sent = [(key, entry, entry.window, entry.unsent) for key, entry in batch if entry.unsent]
                for _, entry, _, n in sent:
                    entry.unsent -= n
                    entry.known += n  # until Redis says otherwise, our own hits at least
                await self._exchange(sent)
        finally:
            self._sending = None

    async def _exchange(self, sent: list[tuple[str, _Count, int, int]]) -> None:
        limiter = self._limiter
        pipe = limiter.redis.pipeline(transaction=False)
        for key, _, window, n in sent:
            pipe.incrby(limiter.redis_key(window, key), n)
            pipe.expire(limiter.redis_key(window, key), limiter.window_seconds + 1)
        try:
            totals = (await pipe.execute())[::2]
        except (RedisError, OSError):
            log.warning("rate limit %s: redis unavailable, counting locally", limiter.name)
            return
        for (_, entry, window, _), total in zip(sent, totals, strict=True):
            if entry.window == window:
                entry.known = max(entry.known, int(total))

    def _prune(self, window: int) -> None:
        for key in [k for k, entry in self._counts.items() if entry.window != window]:
            del self._counts[key]
            self._unsent.discard(key)

    async def drain(self) -> None:
        """Wait until every hit so far has been sent (for an orderly stop and for tests)."""
        while self._sending is not None:
            with contextlib.suppress(Exception):
                await asyncio.shield(self._sending)
