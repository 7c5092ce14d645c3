"""One socket's outbox: it keeps only the newest message of each kind, so a slow phone can fall
behind without growing a queue or holding up anyone else."""

import asyncio
import time

from starlette.websockets import WebSocket

# Sent in this order: a results message refers to the question the state names.
STATE, RESULTS, EXTRA = 0, 1, 2


class SocketSender:
    __slots__ = ("_slots", "_wake", "busy_since", "closed", "websocket")

    def __init__(self, websocket: WebSocket) -> None:
        self.websocket = websocket
        self._slots: list[str | None] = [None, None, None]
        self._wake = asyncio.Event()
        self.busy_since: float | None = None
        self.closed = False

    def push(self, kind: int, text: str) -> None:
        self._slots[kind] = text
        self._wake.set()

    def push_state(self, text: str) -> None:
        self.push(STATE, text)

    def push_results(self, text: str) -> None:
        self.push(RESULTS, text)

    async def run(self) -> None:
        """Send whatever is newest until the socket goes away."""
        send = self.websocket.send
        slots = self._slots
        while not self.closed:
            await self._wake.wait()
            self._wake.clear()
            for kind in (STATE, RESULTS, EXTRA):
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
