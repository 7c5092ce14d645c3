"""The hub over Redis pub/sub, for several workers and nodes.

One Redis connection per worker carries every room channel this worker has subscribers for; a
message crosses Redis once per worker and is fanned out locally. If Redis goes away the listener
reconnects with backoff and resubscribes; meanwhile `healthy` is False (health says degraded) and
publishes are dropped with a log line: votes are already committed, and live rooms reload from the
database when the hub comes back (see live/clock.py).
"""

import asyncio
import contextlib
import logging
import random
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import redis.asyncio as redis
from redis.exceptions import RedisError

from poll_service.realtime.hub import LocalFanout, Subscription

log = logging.getLogger(__name__)


class RedisHub:
    def __init__(self, url: str) -> None:
        self._url = url
        self._fanout = LocalFanout()
        self._client: redis.Redis | None = None
        self._pubsub: Any = None
        self._listener: asyncio.Task[None] | None = None
        self._healthy = False
        self._connected = asyncio.Event()
        # Called after a reconnect, so live rooms can reload what they may have missed.
        self.on_reconnect: list[Any] = []

    @property
    def healthy(self) -> bool:
        return self._healthy

    async def start(self) -> None:
        self._client = redis.Redis.from_url(
            self._url, socket_connect_timeout=2, socket_timeout=None, health_check_interval=10
        )
        self._listener = asyncio.create_task(self._listen_forever(), name="redis-hub")
        # Start-up does not wait long for Redis: voting works without it.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._connected.wait(), 3)

    async def stop(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener
        if self._pubsub is not None:
            with contextlib.suppress(RedisError, OSError):
                await self._pubsub.aclose()
        if self._client is not None:
            with contextlib.suppress(RedisError, OSError):
                await self._client.aclose()

    async def publish(self, channel: str, message: bytes) -> None:
        assert self._client is not None
        try:
            await self._client.publish(channel, message)
        except (RedisError, OSError):
            self._healthy = False
            # Without Redis, this worker's own rooms still follow its own changes.
            self._fanout.deliver(channel, message)
            log.warning("redis publish failed; delivered locally only")

    @asynccontextmanager
    async def _subscribe(self, channel: str) -> AsyncIterator[Subscription]:
        subscription = Subscription()
        if self._fanout.add(channel, subscription) and self._pubsub is not None:
            with contextlib.suppress(RedisError, OSError):
                await self._pubsub.subscribe(channel)
        try:
            yield subscription
        finally:
            if self._fanout.remove(channel, subscription) and self._pubsub is not None:
                with contextlib.suppress(RedisError, OSError):
                    await self._pubsub.unsubscribe(channel)

    def subscribe(self, channel: str) -> AbstractAsyncContextManager[Subscription]:
        return self._subscribe(channel)

    async def _listen_forever(self) -> None:
        attempt = 0
        while True:
            try:
                await self._listen_once()
                attempt = 0
            except (RedisError, OSError) as exc:
                self._healthy = False
                attempt += 1
                delay = random.uniform(0, min(5.0, 0.1 * 2**attempt))  # noqa: S311  # nosec B311
                log.warning("redis hub disconnected (%s); retrying in %.1fs", exc, delay)
                await asyncio.sleep(delay)

    async def _listen_once(self) -> None:
        assert self._client is not None
        pubsub = self._client.pubsub(ignore_subscribe_messages=True)
        await pubsub.ping()  # fail fast when Redis is down
        channels = list(self._fanout.channels)
        if channels:
            await pubsub.subscribe(*channels)
        else:
            await pubsub.subscribe("poll:hub:keepalive")
        self._pubsub = pubsub
        was_unhealthy = not self._healthy and self._connected.is_set()
        self._healthy = True
        self._connected.set()
        if was_unhealthy:
            for callback in self.on_reconnect:
                callback()
        try:
            while True:
                message = await pubsub.get_message(timeout=5.0)
                if message is None:
                    await pubsub.ping()
                    continue
                if message.get("type") == "message":
                    channel = message["channel"]
                    name = channel.decode() if isinstance(channel, bytes) else channel
                    self._fanout.deliver(name, message["data"])
        finally:
            self._pubsub = None
            with contextlib.suppress(RedisError, OSError):
                await pubsub.aclose()  # type: ignore[no-untyped-call,unused-ignore]  # typed from redis 8.2
