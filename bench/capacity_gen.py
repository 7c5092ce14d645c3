"""One load-generator process of the capacity scenario (`python -m bench.capacity_gen SRC HOST PORT`).

It holds a share of the room's sockets, opened from its own source address (127.0.0.x: each
address has its own ~28,000 ephemeral ports), and answers the scenario over stdin/stdout, one
JSON object a line:

- `{"op": "open", "paths": [...]}` -> `{"opened": n, "failures": f, "errors": [...]}`
- `{"op": "wait", "count": c, "timeout": s}` -> `{"times": [...], "missed": m, "cpu": s}`:
  for every socket, when its first message with `response_count >= c` arrived
  (`time.monotonic()`, the same clock in every process on Linux), how many never got it,
  and this process's CPU seconds so far (so a saturated generator shows);
- `{"op": "close"}` -> `{"closed": n}`, then the process ends.
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
from typing import Any

from bench import wspool
from bench.rawws import raise_fd_limit


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def first_times(pool: wspool.Pool, count: int) -> tuple[list[float], int]:
    """Each socket's first arrival showing `count` since the last call (none for a socket that
    showed it before), and how many sockets have never shown it."""
    times: list[float] = []
    missed = 0
    for c in pool.clients:
        t = next((t for t, n in zip(c.times, c.counts, strict=True) if n >= count), None)
        if t is not None:
            times.append(t)
        elif c.last_count < count:
            missed += 1
        c.reset_history()  # keep only what the next push adds
    return times, missed


async def serve(src: str, host: str, port: int) -> None:
    raise_fd_limit()
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=64 * 1024 * 1024)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    pool = wspool.Pool()

    def answer(obj: dict[str, Any]) -> None:
        sys.stdout.write(json.dumps(obj) + "\n")
        sys.stdout.flush()

    while line := await reader.readline():
        cmd = json.loads(line)
        if cmd["op"] == "open":
            before, errors_before = len(pool.clients), len(pool.totals.errors)
            fails_before = pool.failures
            await pool.open_all(host, port, cmd["paths"], local_host=src)
            answer(
                {
                    "opened": len(pool.clients) - before,
                    "failures": pool.failures - fails_before,
                    "errors": pool.totals.errors[errors_before:][:5],
                }
            )
        elif cmd["op"] == "wait":
            await wspool.wait_reached(pool.clients, int(cmd["count"]), timeout_s=float(cmd["timeout"]))
            times, missed = first_times(pool, int(cmd["count"]))
            answer({"times": times, "missed": missed, "cpu": cpu_seconds(), "open": pool.open_count()})
        elif cmd["op"] == "close":
            n = len(pool.clients)
            await pool.close_all()
            answer({"closed": n})
            return


def main() -> None:
    src, host, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    asyncio.run(serve(src, host, port))


if __name__ == "__main__":
    main()
