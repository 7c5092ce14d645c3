"""One socket's outbox: it keeps only the newest snapshot of each kind, so a slow phone can fall
behind without growing a queue or holding up anyone else."""

import asyncio
import time

from starlette.websockets import WebSocket


class SocketSender:
    __slots__ = ("_results", "_state", "_wake", "busy_since", "closed", "websocket")

    def __init__(self, websocket: WebSocket) -> None:
        self.websocket = websocket
        self._state: str | None = None
        self._results: str | None = None
        self._wake = asyncio.Event()
        self.busy_since: float | None = None
        self.closed = False

    def push_state(self, text: str) -> None:
        self._state = text
        self._wake.set()

    def push_results(self, text: str) -> None:
        self._results = text
        self._wake.set()

    async def run(self) -> None:
        """Send whatever is newest until the socket goes away."""
        send = self.websocket.send
        while not self.closed:
            await self._wake.wait()
            self._wake.clear()
            # State first: a results message refers to the question the state names.
            while self._state is not None or self._results is not None:
                if self._state is not None:
                    text, self._state = self._state, None
                else:
                    assert self._results is not None
                    text, self._results = self._results, None
                self.busy_since = time.monotonic()
                await send({"type": "websocket.send", "text": text})
                self.busy_since = None

    def stalled_for(self, now: float) -> float:
        return 0.0 if self.busy_since is None else now - self.busy_since
