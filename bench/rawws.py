"""A minimal raw-socket websocket client, cheap enough to hold 10,000 sockets in one process.

The Python `websockets` client costs too much per message to measure a 10k-socket fan-out
(DESIGN.md, Performance), so this one hand-rolls the HTTP upgrade and RFC 6455 framing on an
asyncio Protocol. The receive path does as little as possible: it timestamps each text message
and pulls `seq` and `response_count` out with two byte regexes; whole JSON parsing is left to the
analysis after the run. Client frames (pong, close) are masked as the RFC requires.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import os
import re
import resource
import struct
import time
from dataclasses import dataclass, field
from typing import cast

_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
_SEQ = re.compile(rb'"seq"\s*:\s*(\d+)')
_COUNT = re.compile(rb'"response_count"\s*:\s*(\d+)')

OP_CONT, OP_TEXT, OP_BINARY, OP_CLOSE, OP_PING, OP_PONG = 0x0, 0x1, 0x2, 0x8, 0x9, 0xA

# Refuse absurd frames: a bench socket only ever expects small JSON snapshots.
MAX_FRAME = 16 * 1024 * 1024


def raise_fd_limit(wanted: int = 65536) -> int:
    """Raise the soft open-file limit towards `wanted` (capped by the hard limit); return it."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if target > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        return target
    return soft


def mask_frame(opcode: int, payload: bytes) -> bytes:
    """One FIN client frame with a random mask (clients must mask, RFC 6455 5.3)."""
    n = len(payload)
    head = bytes([0x80 | opcode])
    if n < 126:
        head += bytes([0x80 | n])
    elif n < 65536:
        head += bytes([0x80 | 126]) + struct.pack("!H", n)
    else:
        head += bytes([0x80 | 127]) + struct.pack("!Q", n)
    key = os.urandom(4)
    if not payload:
        return head + key
    # XOR via big ints: far cheaper than a Python loop per byte.
    repeated = (key * (n // 4 + 1))[:n]
    masked = (int.from_bytes(payload, "big") ^ int.from_bytes(repeated, "big")).to_bytes(n, "big")
    return head + key + masked


def accept_key(key: bytes) -> bytes:
    return base64.b64encode(hashlib.sha1(key + _GUID).digest())


@dataclass
class Totals:
    """Counters shared by every connection of one pool (read by the scenario while it waits)."""

    messages: int = 0
    results: int = 0
    closed: int = 0
    errors: list[str] = field(default_factory=list)
    # (message count, future) pairs woken once `messages` reaches the count
    waiters: list[tuple[int, asyncio.Future[None]]] = field(default_factory=list)

    def _wake(self) -> None:
        keep = []
        for n, fut in self.waiters:
            if self.messages >= n:
                if not fut.done():
                    fut.set_result(None)
            else:
                keep.append((n, fut))
        self.waiters = keep

    async def wait_messages(self, n: int, timeout_s: float) -> bool:
        """Wait (bounded) until `n` messages arrived in all; False on timeout."""
        if self.messages >= n:
            return True
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.waiters.append((n, fut))
        try:
            async with asyncio.timeout(timeout_s):
                await fut
        except TimeoutError:
            return False
        return True


class WsClient(asyncio.Protocol):
    """One websocket connection. Records (receive time, seq, response_count) per text message."""

    __slots__ = (
        "_buf",
        "_frag",
        "_handshake",
        "_key",
        "_request",
        "_totals",
        "_transport",
        "close_code",
        "closed",
        "counts",
        "keep_payloads",
        "last_count",
        "last_payload",
        "open",
        "payloads",
        "ping_rtts",
        "pings_sent",
        "seqs",
        "times",
    )

    def __init__(self, request: bytes, key: bytes, totals: Totals, keep_payloads: bool) -> None:
        self._request = request
        self._key = key
        self._totals = totals
        self._transport: asyncio.Transport | None = None
        self._buf = b""
        self._frag: list[bytes] | None = None
        self._handshake: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.open = False
        self.closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.close_code: int | None = None
        self.keep_payloads = keep_payloads
        # Parallel lists, one entry per text message: cheap appends on the hot path.
        self.times: list[float] = []
        self.seqs: list[int] = []
        self.counts: list[int] = []  # response_count, -1 when the message has none
        self.payloads: list[bytes] = []
        self.last_count = -1
        self.last_payload = b""
        self.pings_sent: dict[bytes, float] = {}
        self.ping_rtts: list[float] = []

    # asyncio.Protocol -------------------------------------------------------------------
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports are not asyncio.Transport subclasses, hence a cast, not a check.
        self._transport = cast(asyncio.Transport, transport)
        self._transport.write(self._request)

    def data_received(self, data: bytes) -> None:
        now = time.monotonic()
        buf = self._buf + data if self._buf else data
        if not self.open:
            end = buf.find(b"\r\n\r\n")
            if end < 0:
                self._buf = buf
                return
            self._finish_handshake(buf[:end])
            if not self.open:
                return
            buf = buf[end + 4 :]
        self._buf = self._parse_frames(buf, now)

    def connection_lost(self, exc: Exception | None) -> None:
        if not self._handshake.done():
            self._reject(exc or ConnectionError("closed during handshake"))
        if not self.closed.done():
            self._totals.closed += 1
            self.closed.set_result(None)

    # internals --------------------------------------------------------------------------
    def _finish_handshake(self, head: bytes) -> None:
        lines = head.split(b"\r\n")
        status = lines[0].split(b" ", 2)
        if len(status) < 2 or status[1] != b"101":
            self._fail(f"handshake refused: {lines[0]!r}")
            return
        accept = b""
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"sec-websocket-accept":
                accept = value.strip()
        if accept != accept_key(self._key):
            self._fail("bad Sec-WebSocket-Accept")
            return
        self.open = True
        self._handshake.set_result(None)

    def _reject(self, exc: BaseException) -> None:
        self._handshake.set_exception(exc)
        # Mark it retrieved: whoever awaits wait_open() still gets it, and a handshake nobody
        # waits for any more (timed out) does not log "exception was never retrieved".
        self._handshake.exception()

    def _fail(self, why: str) -> None:
        if not self._handshake.done():
            self._reject(ConnectionError(why))  # connect() reports it
        else:
            self._totals.errors.append(why)
        if self._transport is not None:
            self._transport.abort()

    def _parse_frames(self, buf: bytes, now: float) -> bytes:
        pos, size = 0, len(buf)
        while size - pos >= 2:
            b0, b1 = buf[pos], buf[pos + 1]
            n = b1 & 0x7F
            hdr = 2
            if n == 126:
                if size - pos < 4:
                    break
                n = (buf[pos + 2] << 8) | buf[pos + 3]
                hdr = 4
            elif n == 127:
                if size - pos < 10:
                    break
                n = struct.unpack_from("!Q", buf, pos + 2)[0]
                hdr = 10
            if b1 & 0x80:  # servers must not mask; treat as a protocol error
                self._fail("masked server frame")
                return b""
            if n > MAX_FRAME:
                self._fail("oversized frame")
                return b""
            if size - pos < hdr + n:
                break
            payload = buf[pos + hdr : pos + hdr + n]
            pos += hdr + n
            self._on_frame(b0 & 0x80, b0 & 0x0F, payload, now)
        return buf[pos:] if pos < size else b""

    def _on_frame(self, fin: int, opcode: int, payload: bytes, now: float) -> None:
        if opcode in (OP_TEXT, OP_BINARY):
            if not fin:
                self._frag = [payload]
                return
            self._on_message(payload, now)
        elif opcode == OP_CONT:
            if self._frag is None:
                self._fail("continuation without start")
                return
            self._frag.append(payload)
            if fin:
                whole = b"".join(self._frag)
                self._frag = None
                self._on_message(whole, now)
        elif opcode == OP_PING:
            if self._transport is not None:
                self._transport.write(mask_frame(OP_PONG, payload))
        elif opcode == OP_CLOSE:
            self.close_code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else 1005
            if self._transport is not None and not self._transport.is_closing():
                self._transport.write(mask_frame(OP_CLOSE, payload[:2]))
                self._transport.close()
        elif opcode == OP_PONG:
            sent = self.pings_sent.pop(payload, None)
            if sent is not None:
                self.ping_rtts.append(now - sent)
        # unknown opcodes are ignored

    def _on_message(self, payload: bytes, now: float) -> None:
        m = _SEQ.search(payload)
        c = _COUNT.search(payload)
        count = int(c.group(1)) if c else -1
        self.times.append(now)
        self.seqs.append(int(m.group(1)) if m else -1)
        self.counts.append(count)
        if self.keep_payloads:
            self.payloads.append(payload)
        totals = self._totals
        totals.messages += 1
        if totals.waiters:
            totals._wake()
        if count >= 0:
            totals.results += 1
            self.last_count = count
            self.last_payload = payload

    # public -----------------------------------------------------------------------------
    async def wait_open(self, timeout_s: float) -> None:
        async with asyncio.timeout(timeout_s):
            await asyncio.shield(self._handshake)

    def reset_history(self) -> None:
        """Forget recorded messages (keeps last_count/last_payload) before a measured phase."""
        self.times, self.seqs, self.counts, self.payloads = [], [], [], []

    def send_text(self, text: bytes) -> None:
        if self._transport is not None and not self._transport.is_closing():
            self._transport.write(mask_frame(OP_TEXT, text))

    def ping(self, n: int) -> None:
        """Send ping number `n`; its pong's round trip lands in `ping_rtts`.

        The server answers pings inside its websocket protocol, before any app code, so the
        round trip is how long its event loop took to get to this socket: its loop lag.
        """
        if self._transport is not None and not self._transport.is_closing():
            data = struct.pack("!Q", n)
            self.pings_sent[data] = time.monotonic()
            self._transport.write(mask_frame(OP_PING, data))

    def start_close(self, code: int = 1000) -> None:
        if self._transport is not None and not self._transport.is_closing():
            self._transport.write(mask_frame(OP_CLOSE, struct.pack("!H", code)))

    def abort(self) -> None:
        if self._transport is not None:
            self._transport.abort()
