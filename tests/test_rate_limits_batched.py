"""Hot-path limits (a vote, a join) shared through Redis once per round trip instead of once per
hit: exact within a worker, over by at most what other workers took in one round trip, and
still holding, per worker, when Redis is gone."""

import time
import uuid
from collections.abc import AsyncIterator

import pytest
import redis.asyncio as redis

from poll_service.errors import TooManyRequests
from poll_service.ratelimit import RateLimiter
from tests.conftest import REDIS_URL, redis_available

pytestmark = pytest.mark.skipif(not redis_available(), reason="Redis is not reachable on 127.0.0.1:6379")


@pytest.fixture
async def client() -> AsyncIterator[redis.Redis]:
    connection = redis.Redis.from_url(REDIS_URL)
    yield connection
    await connection.aclose()


def worker(client: redis.Redis, limit: int = 3) -> RateLimiter:
    """One worker's limiter, as RateLimits.from_settings makes the vote limit (with an hour's
    window here, so that no window ends while a test runs)."""
    return RateLimiter(f"vote-{uuid.uuid4().hex[:8]}", limit, 3600, "slow down", redis=client, batched=True)


async def passed(limiter: RateLimiter, key: str, tries: int) -> int:
    ok = 0
    for _ in range(tries):
        try:
            await limiter.hit(key)
            ok += 1
        except TooManyRequests:
            pass
    return ok


async def test_in_one_worker_the_limit_is_exact_and_the_count_reaches_redis(client: redis.Redis) -> None:
    limiter = worker(client)
    assert [await passed(limiter, key, 5) for key in ("ada", "bo")] == [3, 3]
    assert limiter._shared is not None
    await limiter._shared.drain()
    keys = await client.keys(f"poll:rl:{limiter.name}:*")
    assert sorted([int(await client.get(k)) for k in keys]) == [3, 3]  # refused hits are not counted


async def test_across_workers_a_key_is_over_by_at_most_one_round_trip(client: redis.Redis) -> None:
    name = f"vote-{uuid.uuid4().hex[:8]}"
    a, b = (RateLimiter(name, 3, 3600, "slow down", redis=client, batched=True) for _ in range(2))
    assert a._shared is not None and b._shared is not None
    assert await passed(a, "ada", 3) == 3
    await a._shared.drain()
    # b has not heard of "ada" yet: its first hit passes, and its exchange brings the shared count.
    assert await passed(b, "ada", 1) == 1
    await b._shared.drain()
    assert await passed(b, "ada", 5) == 0
    assert await passed(a, "ada", 5) == 0
    # One over the limit in all: the hit b took before its first exchange.
    assert int(await client.get(a.redis_key(int(time.time() // 3600), "ada"))) == 4


async def test_without_redis_each_worker_still_holds_the_limit() -> None:
    gone = redis.Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.2)
    limiter = RateLimiter("vote-gone", 3, 3600, "slow down", redis=gone, batched=True)
    try:
        assert await passed(limiter, "ada", 3) == 3
        assert limiter._shared is not None
        await limiter._shared.drain()
        assert await passed(limiter, "ada", 3) == 0
    finally:
        await gone.aclose()
