"""One socket's outbox: it keeps only the newest message of each kind, so a slow phone can fall
behind without growing a queue or holding up anyone else.

Most sockets are idle and writable when a push comes: for them the message goes into one shared
pass (`_DirectPass`) that writes to each in turn, instead of waking one task per socket (the
wake-up cost more CPU than the write itself: bench/README.md). A socket that is busy or whose
connection pushes back keeps the old way: its own task sends the newest of each kind when it can.
"""

import asyncio
import time
from typing import Any

from starlette.websockets import WebSocket

# Sent in this order: a results message refers to the question the state names. QNA carries the
# room's Q&A panel (qna/feed.py), beside whatever EXTRA holds (reactions).
STATE, RESULTS, EXTRA, QNA = 0, 1, 2, 3

# Where GuardMiddleware leaves the server's own ASGI send for websocket connections.
RAW_SEND_SCOPE_KEY = "poll.raw_send"
# About 3 ms of writes (bench: ~12 µs each) between turns for everything else on the loop.
WRITES_BETWEEN_YIELDS = 256


class SocketSender:
    __slots__ = ("_raw_send", "_slots", "_wake", "_writable", "busy_since", "closed", "in_pass", "websocket")

    def __init__(self, websocket: WebSocket) -> None:
        self.websocket = websocket
        self._slots: list[str | None] = [None, None, None, None]
        self._wake = asyncio.Event()
        self.busy_since: float | None = None
        self.closed = False
        self.in_pass = 0  # messages of this socket waiting in the shared pass
        self._raw_send, self._writable = _server_send(websocket)

    def push(self, kind: int, text: str) -> None:
        if self.in_pass or self._can_write_now():
            self.in_pass += 1
            _direct.add(self, kind, text)
            return
        self._queue(kind, text)

    def push_state(self, text: str) -> None:
        self.push(STATE, text)

    def push_results(self, text: str) -> None:
        self.push(RESULTS, text)

    def _queue(self, kind: int, text: str) -> None:
        self._slots[kind] = text
        self._wake.set()

    def _can_write_now(self) -> bool:
        """Idle (nothing queued, nothing being sent) and the connection takes data at once, so a
        send completes without waiting (uvicorn waits only while the transport is paused)."""
        writable = self._writable
        return (
            writable is not None
            and writable.is_set()
            and self.busy_since is None
            and not self.closed
            and not any(self._slots)
        )

    async def _write_from_pass(self, kind: int, text: str) -> None:
        self.in_pass -= 1
        if self.closed:
            return
        if not self._can_write_now():
            self._queue(kind, text)  # it got busy meanwhile: keep the latest-only order
            return
        assert self._raw_send is not None
        try:
            await self._raw_send({"type": "websocket.send", "text": text})
        except Exception:
            # The connection went away; the socket's own receive loop cleans up.
            self.closed = True
            self._wake.set()

    async def run(self) -> None:
        """Send whatever is newest until the socket goes away."""
        send = self.websocket.send
        slots = self._slots
        while not self.closed:
            await self._wake.wait()
            self._wake.clear()
            for kind in (STATE, RESULTS, EXTRA, QNA):
                text = slots[kind]
                if text is None:
                    continue
                slots[kind] = None
                self.busy_since = time.monotonic()
                await send({"type": "websocket.send", "text": text})
                self.busy_since = None
                if slots[STATE] is not None and kind != STATE:
                    self._wake.set()  # a newer state arrived meanwhile: it goes first next round
                    break

    def stalled_for(self, now: float) -> float:
        return 0.0 if self.busy_since is None else now - self.busy_since


class _DirectPass:
    """Messages for idle, writable sockets, written in one task soon after they were pushed."""

    def __init__(self) -> None:
        self._items: list[tuple[SocketSender, int, str]] = []
        self._task: asyncio.Task[None] | None = None

    def add(self, sender: SocketSender, kind: int, text: str) -> None:
        self._items.append((sender, kind, text))
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._write_all())

    async def _write_all(self) -> None:
        try:
            while self._items:
                items, self._items = self._items, []
                for n, (sender, kind, text) in enumerate(items, 1):
                    await sender._write_from_pass(kind, text)
                    if n % WRITES_BETWEEN_YIELDS == 0:
                        # A push to thousands of sockets must not hold the loop for its whole
                        # length: votes and pings get their turn every few milliseconds.
                        await asyncio.sleep(0)
        finally:
            self._task = None


_direct = _DirectPass()


def _server_send(websocket: WebSocket) -> tuple[Any, asyncio.Event | None]:
    """uvicorn's send for this connection and its "transport is writable" flag, when available.

    Without them (another server, or a connection GuardMiddleware did not see) every message
    takes the socket's own task, which is correct everywhere, only costlier."""
    raw_send = websocket.scope.get(RAW_SEND_SCOPE_KEY)
    writable = getattr(getattr(raw_send, "__self__", None), "writable", None)
    if raw_send is None or not isinstance(writable, asyncio.Event):
        return None, None
    return raw_send, writable
