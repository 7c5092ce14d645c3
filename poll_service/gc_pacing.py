"""Keeps the garbage collector's full passes from stalling the event loop under load.

CPython's automatic full collection scans every tracked object. A worker holding a thousand sockets
(each an ASGI coroutine stack) and a room's answers has a few hundred thousand, and each full pass
stops the loop for 100-300 ms on the benchmark machine (bench/README.md), which alone breaks the
vote->screen and loop-lag targets. So:

- the young generations are collected automatically, as usual: most cyclic garbage (a request's
  exception and its traceback, say) dies there;
- the old generation is never collected automatically. Instead, what survived the young passes is
  frozen (`gc.freeze`, a constant-time move), so no later pass scans it again;
- a deep pass (unfreeze, full collection, freeze) reclaims cycles among frozen objects that died
  since: when the worker is quiet, or, under unbroken load, at the latest every `deep_every_s`.

Frozen objects are still freed by reference counting the moment they are unreferenced; only cyclic
garbage waits for the next deep pass.
"""

import asyncio
import contextlib
import gc
import logging
import time
from collections.abc import Callable

log = logging.getLogger(__name__)

# The old generation's threshold counts young-generation passes; this many never comes.
NEVER = 1 << 30
# Freeze after this many young (generation 1) passes: what is still alive then is long-lived.
FREEZE_AFTER_GEN1_PASSES = 10
CHECK_EVERY_S = 0.05


class GcPacer:
    def __init__(
        self,
        is_quiet: Callable[[], bool],
        deep_every_s: float = 1800.0,
        quiet_deep_after_s: float = 60.0,
    ) -> None:
        """`is_quiet()` says whether a pause of a few hundred milliseconds would go unnoticed now
        (no votes or pushes in flight)."""
        self._is_quiet = is_quiet
        self._deep_every_s = deep_every_s
        self._quiet_deep_after_s = quiet_deep_after_s
        self._task: asyncio.Task[None] | None = None
        self._old_threshold: tuple[int, int, int] | None = None
        self._gen1_passes_at_freeze = 0
        self._frozen_since_deep = False
        self.last_deep = 0.0
        self.deep_passes = 0
        self.last_deep_pause_ms = 0.0

    def start(self) -> None:
        self._old_threshold = gc.get_threshold()
        # Start-up objects leave the collector's view at once. (Not a deep pass: what an earlier
        # app in this process froze stays frozen, so tests that start many apps stay fast.)
        gc.collect()
        gc.freeze()
        self.last_deep = time.monotonic()
        young, middle, _ = self._old_threshold
        gc.set_threshold(young, middle, NEVER)
        self._task = asyncio.get_running_loop().create_task(self._run(), name="gc-pacer")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._old_threshold is not None:
            gc.set_threshold(*self._old_threshold)

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(CHECK_EVERY_S)
            self.check(time.monotonic())

    def check(self, now: float) -> None:
        # (gc.get_freeze_count() would say how much was frozen, but it walks the whole list.)
        since_deep = now - self.last_deep
        if since_deep >= self._deep_every_s or (
            since_deep >= self._quiet_deep_after_s and self._frozen_since_deep and self._is_quiet()
        ):
            self._deep(now)
            return
        gen1_passes = gc.get_count()[2]  # generation 1 passes since the last full pass
        if gen1_passes - self._gen1_passes_at_freeze >= FREEZE_AFTER_GEN1_PASSES:
            gc.collect(1)  # the young die here first, so only survivors are frozen
            gc.freeze()
            self._gen1_passes_at_freeze = gc.get_count()[2]
            self._frozen_since_deep = True

    def _deep(self, now: float) -> None:
        started = time.perf_counter()
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        self.last_deep_pause_ms = (time.perf_counter() - started) * 1000
        self._frozen_since_deep = False
        self._gen1_passes_at_freeze = gc.get_count()[2]
        self.last_deep = now
        self.deep_passes += 1
        log.debug("deep garbage collection: %.1f ms", self.last_deep_pause_ms)
