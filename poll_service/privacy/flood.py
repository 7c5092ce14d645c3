"""The flood meter: requests a room's audience sent that a rate limit refused, and joins past a
burst from one address, over the last minute.

A presenter whose room is being flooded by a bot (votes, reactions, joins) sees a warning and can
lock joining or remove the participant. A bot that leaves out its cookie joins afresh for every
vote, and no limit refuses that (a venue puts hundreds of phones behind one address): joins from
one address past a burst threshold count toward the warning instead.

Counted in ten-second buckets: in Redis when configured (so every worker's refusals add up), else
in this worker; a Redis error falls back to local counts.
"""

import logging
import time
from collections import deque
from typing import Any

from redis.exceptions import RedisError

from poll_service.errors import TooManyRequests
from poll_service.ratelimit import RateLimiter

log = logging.getLogger(__name__)

WINDOW_SECONDS = 60
BUCKET_SECONDS = 10
# Rooms tracked locally at most (a bound on memory; the oldest are forgotten first).
MAX_ROOMS = 10_000


class FloodMeter:
    def __init__(self, redis: Any = None, warning_per_minute: int = 50) -> None:
        self.redis = redis
        self.warning_per_minute = warning_per_minute
        self._local: dict[str, deque[float]] = {}

    async def note(self, room_id: str) -> None:
        now = time.time()
        if self.redis is not None:
            bucket = int(now // BUCKET_SECONDS)
            key = f"poll:flood:{room_id}:{bucket}"
            try:
                pipe = self.redis.pipeline(transaction=False)
                pipe.incr(key)
                pipe.expire(key, WINDOW_SECONDS + BUCKET_SECONDS)
                await pipe.execute()
                return
            except (RedisError, OSError):
                log.warning("flood meter: redis unavailable, counting locally")
        times = self._local.get(room_id)
        if times is None:
            if len(self._local) >= MAX_ROOMS:
                self._local.pop(next(iter(self._local)))
            times = self._local[room_id] = deque(maxlen=100_000)
        times.append(now)

    async def refused_last_minute(self, room_id: str) -> int:
        now = time.time()
        local = self._local.get(room_id)
        count = sum(1 for t in local if now - t < WINDOW_SECONDS) if local else 0
        if self.redis is not None:
            last = int(now // BUCKET_SECONDS)
            keys = [
                f"poll:flood:{room_id}:{b}"
                for b in range(last - WINDOW_SECONDS // BUCKET_SECONDS + 1, last + 1)
            ]
            try:
                count += sum(int(v or 0) for v in await self.redis.mget(keys))
            except (RedisError, OSError):
                log.warning("flood meter: redis unavailable, showing local counts")
        return count


async def hit_counting_floods(meter: FloodMeter, limiter: RateLimiter, key: str, room_id: str) -> None:
    """limiter.hit(key), and a refusal counts toward the room's flood meter."""
    try:
        await limiter.hit(key)
    except TooManyRequests:
        await meter.note(room_id)
        raise


async def note_join_burst(meter: FloodMeter, burst: RateLimiter, address: str, room_id: str) -> None:
    """Count a join from `address`; past the burst threshold it counts toward the room's flood
    meter (and is still let in: the room cannot tell a bot from a venue's shared address)."""
    try:
        await burst.hit(f"{room_id}|{address}")
    except TooManyRequests:
        await meter.note(room_id)
