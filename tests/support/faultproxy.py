"""A small TCP fault proxy for reconnect tests: clients connect to the proxy, the proxy to the
service, and the test turns faults on and off while connections are open.

Modes (set `proxy.mode`):
- "pass": bytes flow both ways unchanged.
- "latency": every chunk is held `proxy.latency` seconds before it is passed on (order kept).
- "drop": new connections are closed at once, without a byte (the service looks down).
- "blackhole": connections stay open but nothing passes, either way (a half-open connection, as
  after a Wi-Fi hand-over or a NAT timeout: neither side is told).
`proxy.reset()` aborts every open connection with a TCP RST (both sides see "connection reset").
`proxy.blackhole_open()` turns only the connections open now into black holes, for good, while
new ones pass: a phone whose old connection went dead can reconnect.
"""

import asyncio
import contextlib
import socket
import struct
from typing import Literal

Mode = Literal["pass", "latency", "drop", "blackhole"]
CHUNK = 65536


class FaultProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.mode: Mode = "pass"
        self.latency = 0.2
        self.port = 0
        self.connections_seen = 0
        self._server: asyncio.Server | None = None
        self._links: set[tuple[asyncio.StreamWriter, asyncio.StreamWriter]] = set()
        self._dead: set[asyncio.StreamWriter] = set()  # writers whose link is a black hole
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    @property
    def open_connections(self) -> int:
        return len(self._links)

    async def start(self) -> "FaultProxy":
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
        self.reset()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._server is not None:
            await self._server.wait_closed()

    async def __aenter__(self) -> "FaultProxy":
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    def reset(self) -> None:
        """RST every open connection, on both sides."""
        for client, upstream in list(self._links):
            for writer in (client, upstream):
                _abort(writer)
        self._links.clear()

    def blackhole_open(self) -> None:
        for client, upstream in self._links:
            self._dead.update((client, upstream))

    async def _accept(self, client_reader: asyncio.StreamReader, client: asyncio.StreamWriter) -> None:
        self.connections_seen += 1
        if self.mode == "drop":
            client.close()
            return
        try:
            upstream_reader, upstream = await asyncio.open_connection(*self.target)
        except OSError:
            _abort(client)
            return
        link = (client, upstream)
        self._links.add(link)
        if self.mode == "blackhole":
            self._dead.update(link)
        pumps = [
            asyncio.create_task(self._pump(client_reader, upstream)),
            asyncio.create_task(self._pump(upstream_reader, client)),
        ]
        self._tasks.update(pumps)
        try:
            await asyncio.wait(pumps, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in pumps:
                task.cancel()
                self._tasks.discard(task)
            self._links.discard(link)
            self._dead.difference_update(link)
            for writer in (client, upstream):
                with contextlib.suppress(Exception):
                    writer.close()

    async def _pump(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(ConnectionError, OSError):
            while True:
                data = await reader.read(CHUNK)
                if not data:
                    with contextlib.suppress(OSError):
                        writer.write_eof()
                    return
                if writer in self._dead:
                    continue  # swallowed: the sender believes it arrived
                if self.mode == "latency":
                    await asyncio.sleep(self.latency)
                writer.write(data)
                if writer not in self._dead:
                    await writer.drain()


def _abort(writer: asyncio.StreamWriter) -> None:
    """Close with RST instead of FIN (SO_LINGER 0)."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()
