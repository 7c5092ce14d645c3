"""Fixed-window rate limits kept in memory (per worker)."""

import time
from dataclasses import dataclass, field

from poll_service.errors import TooManyRequests


@dataclass
class RateLimiter:
    limit: int
    window_seconds: float
    message: str
    _windows: dict[str, tuple[float, int]] = field(default_factory=dict)

    def _current(self, key: str, now: float) -> tuple[float, int]:
        start, count = self._windows.get(key, (now, 0))
        if now - start >= self.window_seconds:
            return now, 0
        return start, count

    def hit(self, key: str) -> None:
        """Count one event; raise 429 with Retry-After once the window is full."""
        now = time.monotonic()
        start, count = self._current(key, now)
        if count >= self.limit:
            raise TooManyRequests(self.message, int(start + self.window_seconds - now) + 1)
        self._windows[key] = (start, count + 1)
        if len(self._windows) > 100_000:
            self._prune(now)

    def check(self, key: str) -> None:
        """Raise 429 if the window is full, without counting."""
        now = time.monotonic()
        start, count = self._current(key, now)
        if count >= self.limit:
            raise TooManyRequests(self.message, int(start + self.window_seconds - now) + 1)

    def _prune(self, now: float) -> None:
        expired = [k for k, (s, _) in self._windows.items() if now - s >= self.window_seconds]
        for key in expired:
            del self._windows[key]
