"""Opaque identifiers and clocks, so no id reveals a count and every timestamp is UTC."""

import os
import threading
import time
from datetime import UTC, datetime


class _RandomBytes:
    """Bytes from the operating system's CSPRNG, fetched a few kilobytes at a time.

    `os.urandom` lets go of the GIL for its system call; on the vote path, with the SQLite writer
    thread busy, getting it back costs the event loop up to a switch interval (5 ms) per call."""

    def __init__(self, chunk: int = 4096) -> None:
        self._chunk = chunk
        self._buffer = b""
        self._used = 0
        self._lock = threading.Lock()  # ids are made on the loop and in worker threads
        # A forked child must not hand out the bytes its parent hands out too.
        os.register_at_fork(after_in_child=self._forget)

    def take(self, count: int) -> bytes:
        with self._lock:
            if self._used + count > len(self._buffer):
                self._buffer = os.urandom(max(self._chunk, count))
                self._used = 0
            start = self._used
            self._used += count
            return self._buffer[start : self._used]

    def _forget(self) -> None:
        self._lock = threading.Lock()
        self._buffer = b""
        self._used = 0


_random = _RandomBytes()


def new_id() -> str:
    """32 hex characters, 128 random bits."""
    return _random.take(16).hex()


def ordered_id() -> str:
    """Like new_id (32 hex characters, 80 random bits), but ids made later sort later: 12 hex
    digits of milliseconds first. A table filled at a thousand rows a second then grows its
    primary-key index at one end, instead of rewriting a random page of it for every row."""
    return f"{time.time_ns() // 1_000_000:012x}{_random.take(10).hex()}"


def utcnow() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """ISO 8601 in UTC; SQLite hands datetimes back without their zone, which is always UTC here."""
    return as_utc(moment).isoformat().replace("+00:00", "Z")


def as_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
