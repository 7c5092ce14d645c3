"""Publish/subscribe per room channel, over swappable backends (in-process or Redis).

Callers only see `publish(channel, message)` and `async with hub.subscribe(channel) as messages`.
Each worker subscribes once per active room and fans out to its own sockets, so a message crosses
the backend once per worker, never once per viewer.
"""

import asyncio
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Protocol

# A subscriber that falls this far behind has its oldest messages dropped; room state is re-read
# from the database when that happens (see live/clock.py), so nothing is lost for good.
SUBSCRIBER_QUEUE_LIMIT = 10_000


class Subscription:
    """Messages of one channel for one subscriber, in order."""

    def __init__(self) -> None:
        self._queue: asyncio.Queue[bytes] = asyncio.Queue(SUBSCRIBER_QUEUE_LIMIT)
        self.overflowed = False

    def deliver(self, message: bytes) -> None:
        try:
            self._queue.put_nowait(message)
        except asyncio.QueueFull:
            self.overflowed = True

    def __aiter__(self) -> "Subscription":
        return self

    async def __anext__(self) -> bytes:
        return await self._queue.get()

    def drain(self) -> list[bytes]:
        """Every message already waiting, without blocking."""
        items: list[bytes] = []
        while not self._queue.empty():
            items.append(self._queue.get_nowait())
        return items


class Hub(Protocol):
    async def start(self) -> None: ...
    async def stop(self) -> None: ...
    async def publish(self, channel: str, message: bytes) -> None: ...
    def subscribe(self, channel: str) -> AbstractAsyncContextManager[Subscription]: ...
    @property
    def healthy(self) -> bool: ...


class LocalFanout:
    """Channel -> subscriptions in this process; the backends deliver through it."""

    def __init__(self) -> None:
        self.channels: dict[str, set[Subscription]] = {}

    def add(self, channel: str, subscription: Subscription) -> bool:
        """Register; True when this is the channel's first local subscriber."""
        subscribers = self.channels.setdefault(channel, set())
        subscribers.add(subscription)
        return len(subscribers) == 1

    def remove(self, channel: str, subscription: Subscription) -> bool:
        """Unregister; True when the channel has no local subscriber left."""
        subscribers = self.channels.get(channel)
        if subscribers is None:
            return False
        subscribers.discard(subscription)
        if not subscribers:
            del self.channels[channel]
            return True
        return False

    def deliver(self, channel: str, message: bytes) -> None:
        for subscription in self.channels.get(channel, ()):
            subscription.deliver(message)


class MemoryHub:
    """The embedded default: one process, no network."""

    def __init__(self) -> None:
        self._fanout = LocalFanout()

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None

    @property
    def healthy(self) -> bool:
        return True

    async def publish(self, channel: str, message: bytes) -> None:
        self._fanout.deliver(channel, message)

    @asynccontextmanager
    async def _subscribe(self, channel: str) -> AsyncIterator[Subscription]:
        subscription = Subscription()
        self._fanout.add(channel, subscription)
        try:
            yield subscription
        finally:
            self._fanout.remove(channel, subscription)

    def subscribe(self, channel: str) -> AbstractAsyncContextManager[Subscription]:
        return self._subscribe(channel)


def room_channel(room_id: str) -> str:
    return f"poll:room:{room_id}"
