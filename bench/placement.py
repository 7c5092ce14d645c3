"""Where the database and Redis servers run while the PostgreSQL topology is measured.

The service is pinned to CPU 0 and the load generators to CPU 1; PostgreSQL and Redis are
system services that could land on either core. For a fair comparison with SQLite (which runs
inside the service's own process) they are moved to the load generators' core for the run and
put back afterwards. New PostgreSQL backends are forked by the postmaster, so they inherit it."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

SERVER_NAMES = ("postgres", "redis-server")


def _threads_of(names: tuple[str, ...]) -> list[int]:
    """Thread ids of every process whose command name is one of `names`."""
    found: list[int] = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            if (proc / "comm").read_text().strip() in names:
                found += [int(t.name) for t in (proc / "task").iterdir()]
    return found


@contextlib.contextmanager
def servers_on(cpus: set[int], log: Callable[[str], None]) -> Iterator[int]:
    """Pin the PostgreSQL and Redis servers to `cpus` for the block; yields how many threads moved.
    Threads this process may not move are left where they are (and said so)."""
    before: dict[int, set[int]] = {}
    refused = 0
    for tid in _threads_of(SERVER_NAMES):
        try:
            before[tid] = os.sched_getaffinity(tid)
            os.sched_setaffinity(tid, cpus)
        except OSError:
            refused += 1
    if refused:
        log(f"{refused} PostgreSQL/Redis threads could not be pinned (not ours to move)")
    try:
        yield len(before)
    finally:
        every_cpu = set(range(os.cpu_count() or 1))
        for tid in _threads_of(SERVER_NAMES):  # backends forked meanwhile go back to every CPU
            with contextlib.suppress(OSError):
                os.sched_setaffinity(tid, before.get(tid, every_cpu))
