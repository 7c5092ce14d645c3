"""Fixed-window rate limits: in memory per worker by default, shared through Redis when configured
(so a limit holds across workers). If Redis fails, the worker falls back to its own counts rather
than refusing or waving everything through."""

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
    _windows: dict[str, tuple[float, int]] = field(default_factory=dict)

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

    async def _count(self, key: str, add: int) -> tuple[int, int]:
        if self.redis is not None:
            try:
                return await self._count_in_redis(key, add)
            except (RedisError, OSError):
                log.warning("rate limit %s: redis unavailable, counting locally", self.name)
        return self._count_locally(key, add)

    async def _count_in_redis(self, key: str, add: int) -> tuple[int, int]:
        now = time.time()
        window = int(now // self.window_seconds)
        redis_key = f"poll:rl:{self.name}:{window}:{key}"
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
