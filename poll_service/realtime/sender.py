"""One socket's outbox: it keeps only the newest message of each kind, so a slow phone can fall
behind without growing a queue or holding up anyone else.

Most sockets are idle and writable when a push comes: for them the message goes into one shared
pass (`_DirectPass`) that writes to each in turn, instead of waking one task per socket (the
wake-up cost more CPU than the write itself: bench/README.md). The pass frames a message once and
hands the same bytes to every connection's transport (`_Wire`): a push to a thousand phones is one
encoding and a thousand writes. A socket that is busy or whose connection pushes back keeps the
old way: its own task sends the newest of each kind when it can.
"""

import asyncio
import time
from typing import Any

from starlette.websockets import WebSocket
from websockets.frames import Frame, Opcode
from websockets.protocol import State

# Sent in this order: a results message refers to the question the state names. QNA carries the
# room's Q&A panel (qna/feed.py), beside whatever EXTRA holds (reactions).
STATE, RESULTS, EXTRA, QNA = 0, 1, 2, 3

# Where GuardMiddleware leaves the server's own ASGI send for websocket connections.
RAW_SEND_SCOPE_KEY = "poll.raw_send"
# A few milliseconds of writes (bench: ~20 µs each, mostly the system call) between turns for
# everything else on the loop: votes, pings, the clock.
WRITES_BETWEEN_YIELDS = 128


class SocketSender:
    __slots__ = ("_slots", "_task", "_wake", "_wire", "busy_since", "closed", "in_pass", "websocket")

    def __init__(self, websocket: WebSocket) -> None:
        self.websocket = websocket
        self._slots: list[str | None] = [None, None, None, None]
        # The socket's own task and its wake-up start with the first message that cannot go
        # through the shared pass: most sockets of a room never need them (~2 KB each).
        self._wake: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None
        self.busy_since: float | None = None
        self.closed = False
        self.in_pass = 0  # messages of this socket waiting in the shared pass
        self._wire = _Wire.of(websocket)

    @property
    def direct(self) -> bool:
        """Pushes can be written straight to the connection (the shared pass) when it is idle."""
        return self._wire is not None

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
        self._wake_up()

    def _wake_up(self) -> None:
        if self._wake is None:
            if self.closed:
                return
            self._wake = asyncio.Event()
            self._task = asyncio.get_running_loop().create_task(self._run())
        self._wake.set()

    def stop(self) -> None:
        """The socket is gone: its own task (if it ever started) ends."""
        self.closed = True
        if self._task is not None:
            self._task.cancel()

    def _can_write_now(self) -> bool:
        """Idle (nothing queued, nothing being sent) and the connection is open and takes data at
        once (its transport is not pushing back)."""
        wire = self._wire
        return (
            wire is not None
            and self.busy_since is None
            and not self.closed
            and not any(self._slots)
            and wire.ready()
        )

    def _write_from_pass(self, kind: int, text: str, frame: bytes) -> None:
        self.in_pass -= 1
        if self.closed:
            return
        if not self._can_write_now():
            self._queue(kind, text)  # it got busy meanwhile: keep the latest-only order
            return
        assert self._wire is not None
        try:
            self._wire.write(frame)
        except Exception:
            # The connection went away; the socket's own receive loop cleans up.
            self.closed = True

    async def _run(self) -> None:
        """Send whatever is newest until the socket goes away."""
        send = self.websocket.send
        slots = self._slots
        wake = self._wake
        assert wake is not None
        while not self.closed:
            await wake.wait()
            wake.clear()
            for kind in (STATE, RESULTS, EXTRA, QNA):
                text = slots[kind]
                if text is None:
                    continue
                slots[kind] = None
                self.busy_since = time.monotonic()
                await send({"type": "websocket.send", "text": text})
                self.busy_since = None
                if slots[STATE] is not None and kind != STATE:
                    wake.set()  # a newer state arrived meanwhile: it goes first next round
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
        last_text, frame = "", b""
        try:
            while self._items:
                items, self._items = self._items, []
                for n, (sender, kind, text) in enumerate(items, 1):
                    if text is not last_text:  # a push hands every socket the same string
                        last_text, frame = text, text_frame(text)
                    sender._write_from_pass(kind, text, frame)
                    if n % WRITES_BETWEEN_YIELDS == 0:
                        # A push to thousands of sockets must not hold the loop for its whole
                        # length: votes and pings get their turn every few milliseconds.
                        await asyncio.sleep(0)
        finally:
            self._task = None


_direct = _DirectPass()


def text_frame(text: str) -> bytes:
    """A complete, unmasked websocket text frame (servers never mask; no extensions in use)."""
    return Frame(Opcode.TEXT, text.encode()).serialize(mask=False, extensions=[])


class _Wire:
    """Whole frames straight to a uvicorn (websockets-sansio) connection's transport.

    uvicorn's own send would frame the message again for every socket and await its "writable"
    flag; a frame written whole between its own writes leaves the protocol's state as it was
    (servers send unfragmented, unmasked frames; per-message compression is off)."""

    __slots__ = ("_protocol",)

    def __init__(self, protocol: Any) -> None:
        self._protocol = protocol

    @classmethod
    def of(cls, websocket: WebSocket) -> "_Wire | None":
        """The connection's wire, or None where the server is not one we can write to directly
        (another server, an extension in use, a connection GuardMiddleware did not see): every
        message then takes the socket's own task, which is correct everywhere, only costlier."""
        raw_send = websocket.scope.get(RAW_SEND_SCOPE_KEY)
        protocol = getattr(raw_send, "__self__", None)
        writable = getattr(protocol, "writable", None)
        conn = getattr(protocol, "conn", None)
        if not isinstance(writable, asyncio.Event) or conn is None or getattr(conn, "extensions", True):
            return None
        if not all(hasattr(protocol, name) for name in ("transport", "close_sent", "disconnected")):
            return None
        return cls(protocol)

    def ready(self) -> bool:
        protocol = self._protocol
        return (
            protocol.writable.is_set()
            and not protocol.close_sent
            and not protocol.disconnected
            and protocol.conn.state is State.OPEN
            and not protocol.transport.is_closing()
        )

    def write(self, frame: bytes) -> None:
        self._protocol.transport.write(frame)
