"""uvicorn's HTTP protocol (httptools), with the limits it lacks against slow clients.

uvicorn has no time limit for reading a request: a client that sends its headers a byte at a
time, or a body that never finishes, holds its connection for ever, and 20,000 of them from one
address ran the process out of file descriptors. Here a request's headers must arrive within
`header_timeout_s` of its first byte (or of the connection), its body within `body_timeout_s` of
the headers, and one address may hold `per_address` connections at once in a worker; past any of
these the connection is closed. An upgraded websocket leaves this count (sockets.py counts those)."""

import asyncio
from dataclasses import dataclass
from typing import Any, ClassVar

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


@dataclass(frozen=True)
class ConnectionLimits:
    header_timeout_s: float
    body_timeout_s: float
    per_address: int

    @classmethod
    def from_settings(cls, settings: Any) -> "ConnectionLimits":
        return cls(settings.header_timeout_s, settings.body_timeout_s, settings.connections_per_ip)


class GuardedHttpProtocol(HttpToolsProtocol):
    # Set for a server in this process (guarded_protocol); `serve`'s workers read their settings.
    limits: ClassVar[ConnectionLimits | None] = None
    open_by_address: ClassVar[dict[str, int]] = {}

    _address: str | None = None
    _deadline: asyncio.TimerHandle | None = None

    @classmethod
    def _limits(cls) -> ConnectionLimits:
        if cls.limits is None:
            from poll_service.settings import Settings

            cls.limits = ConnectionLimits.from_settings(Settings())
        return cls.limits

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        limits = self._limits()
        address = self.client[0] if self.client else "unknown"
        held = self.open_by_address.get(address, 0)
        if held >= limits.per_address:
            transport.close()
            return
        self._address = address
        self.open_by_address[address] = held + 1
        self._arm(limits.header_timeout_s)  # the first request's headers

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._arm(self._limits().header_timeout_s)

    def on_headers_complete(self) -> None:
        self._arm(self._limits().body_timeout_s)
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._disarm()
        super().on_message_complete()

    def handle_websocket_upgrade(self) -> None:
        self._disarm()
        self._release()
        super().handle_websocket_upgrade()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        self._release()
        super().connection_lost(exc)

    def _arm(self, seconds: float) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(seconds, self._too_slow)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        if not self.transport.is_closing():
            self.transport.close()

    def _release(self) -> None:
        address, self._address = self._address, None
        if address is None:
            return
        left = self.open_by_address.get(address, 1) - 1
        if left > 0:
            self.open_by_address[address] = left
        else:
            self.open_by_address.pop(address, None)


def guarded_protocol(limits: ConnectionLimits) -> type[GuardedHttpProtocol]:
    """The protocol class for one server in this process, with its own limits and counts."""
    return type(
        "GuardedHttpProtocolWithLimits", (GuardedHttpProtocol,), {"limits": limits, "open_by_address": {}}
    )
