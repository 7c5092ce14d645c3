"""Capacity: how many participant sockets one worker holds in one room while a broadcast still
reaches all of them within 500 ms (p95 over several pushes, first socket to last).

The criterion is the public websocket shootout's, in which Node's `ws` held ~13,000 clients. The
room fills in steps (`--capacity-step` sockets at a time, up to `--capacity-max`); at each step,
once every socket has its snapshot and the server has settled, the server's RSS is read (memory
per idle socket: RSS delta since before the first socket / sockets), then a few votes each
trigger one `results` push and the spread of its arrivals is measured. The ramp stops at the
first step whose p95 passes 500 ms, or that loses sockets or deliveries.

The sockets are held by several generator processes (`capacity_gen.py`), each from its own
source address 127.0.0.x (an address has ~28,000 ephemeral ports), on the load generators' CPU;
each reports its CPU so that a saturated generator shows. Arrival times are `time.monotonic()`,
one clock for every process on Linux. The bench raises its soft RLIMIT_NOFILE (inherited by the
server and the generators) to the hard limit, at most 65,536: the full size needs ~30,000
descriptors in the server, and the ramp stops early (reported) where the hard limit is lower."""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import resource
import time
from typing import Any

from bench import api
from bench.context import HOST, Ctx, correct, ms
from bench.probes import percentile
from bench.rawhttp import HttpPool
from bench.report import Metric, ScenarioResult, Target
from bench.server import python

SPREAD_LIMIT_S = 0.5  # the shootout's criterion
TARGET_SOCKETS = 25_000
TARGET_KB_PER_IDLE_SOCKET = 28.0


class Generator:
    """One `capacity_gen` process and its line protocol."""

    def __init__(self, proc: asyncio.subprocess.Process, src: str) -> None:
        self.proc = proc
        self.src = src
        self.sockets = 0
        self.cpu = 0.0

    @classmethod
    async def start(cls, src: str, port: int) -> Generator:
        proc = await asyncio.create_subprocess_exec(
            python(),
            "-m",
            "bench.capacity_gen",
            src,
            HOST,
            str(port),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            limit=64 * 1024 * 1024,
        )
        return cls(proc, src)

    async def call(self, cmd: dict[str, Any]) -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(cmd).encode() + b"\n")
        await self.proc.stdin.drain()
        line = await self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"load generator {self.src} ended")
        answer: dict[str, Any] = json.loads(line)
        return answer

    async def stop(self) -> None:
        if self.proc.returncode is None:
            try:
                async with asyncio.timeout(15):
                    await self.call({"op": "close"})
                    await self.proc.wait()
            except (TimeoutError, RuntimeError, ConnectionError):
                with contextlib.suppress(ProcessLookupError):  # it may have exited meanwhile
                    self.proc.kill()
                await self.proc.wait()


def fd_room() -> int:
    """Sockets the soft descriptor limit leaves room for (the server holds one per socket)."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    return soft - 500 if soft != resource.RLIM_INFINITY else 1 << 30


def steps(top: int, step: int) -> list[int]:
    """Socket counts of the ramp: step, 2*step, ... up to and including `top`."""
    counts = list(range(step, top, step))
    return [*counts, top] if top > 0 else []


async def capacity(ctx: Ctx, res: ScenarioResult) -> None:
    s = ctx.sizes
    top = min(s.capacity_max, fd_room())
    plan = steps(top, max(1, s.capacity_step))
    n_pushes = s.capacity_pushes
    res.params.update(
        {
            "max sockets": s.capacity_max,
            "step": s.capacity_step,
            "pushes per step": n_pushes,
            "generators": s.capacity_procs,
            "fd soft limit": resource.getrlimit(resource.RLIMIT_NOFILE)[0],
        }
    )
    if top < s.capacity_max:
        ctx.log(f"descriptor limit: ramp capped at {top} sockets")
    room = await api.create_room(ctx.base)
    tick = 1.0 / ctx.tick_hz
    spare = n_pushes * len(plan)
    gens = [await Generator.start(f"127.0.0.{2 + i}", ctx.port) for i in range(s.capacity_procs)]
    held, reached, votes = 0, 0, 0
    p95_at_reached = math.nan
    kb_idle = kb_busy = math.nan
    gen_cpu_share = 0.0
    failures = missed_total = 0
    try:
        async with HttpPool(HOST, ctx.port, 64) as pool:
            ctx.log(f"joining {top + spare} participants")
            joins = await api.join_many(pool, room.code, top + spare, deadline_s=300)
            res.metrics.append(Metric("join errors", float(sum(joins.failures.values())), "", correct()))
            if len(joins.tokens) < top + spare:
                res.error = f"joins failed: {joins.failures}"
                return
            voters = joins.tokens[top:]
            await asyncio.sleep(2 * tick + 0.2)  # let the participant_count push go out
            rss0 = ctx.server.rss()
            for count in plan:
                paths = [room.viewer_path(t) for t in joins.tokens[held:count]]
                shares = [paths[i :: len(gens)] for i in range(len(gens))]
                opened = await asyncio.gather(
                    *(g.call({"op": "open", "paths": sh}) for g, sh in zip(gens, shares, strict=True))
                )
                failures += sum(int(o["failures"]) for o in opened)
                held = count
                # every socket has its snapshot (response_count = votes so far), then settle
                snaps = await asyncio.gather(
                    *(g.call({"op": "wait", "count": votes, "timeout": 30}) for g in gens)
                )
                failures += sum(int(x["missed"]) for x in snaps)
                await asyncio.sleep(2 * tick + 0.3)
                idle = (ctx.server.rss() - rss0) / count / 1024
                for g, x in zip(gens, snaps, strict=True):
                    g.cpu = float(x["cpu"])
                if failures:
                    errors = [e for o in opened for e in o["errors"]]
                    res.error = f"{failures} sockets failed at {count}: {errors[:3]}"
                    break
                spreads, missed, t0 = [], 0, time.monotonic()
                got: list[dict[str, Any]] = []  # the generators' last answers (none if no push went out)
                for _ in range(n_pushes):
                    token = voters[votes]
                    reply = await pool.request(
                        "POST",
                        room.vote_path,
                        room.vote_body(votes + 1),
                        {"Authorization": f"Bearer {token}"},
                        timeout_s=10,
                    )
                    if reply.status != 201:
                        res.error = f"push vote answered {reply.status}"
                        break
                    votes += 1
                    got = await asyncio.gather(
                        *(g.call({"op": "wait", "count": votes, "timeout": 10}) for g in gens)
                    )
                    arrivals = [t for x in got for t in x["times"]]
                    missed += sum(int(x["missed"]) for x in got)
                    if arrivals:
                        spreads.append(max(arrivals) - min(arrivals))
                    share = max(
                        (float(x["cpu"]) - g.cpu) / max(1e-6, time.monotonic() - t0)
                        for g, x in zip(gens, got, strict=True)
                    )
                    gen_cpu_share = max(gen_cpu_share, share)
                wall = time.monotonic() - t0
                for g, x in zip(gens, got, strict=False):  # empty when the first push failed
                    g.cpu = float(x["cpu"])
                missed_total += missed
                p95 = percentile(spreads, 95) if spreads else math.nan
                kb_busy_now = (ctx.server.rss() - rss0) / count / 1024
                ctx.log(
                    f"{count} sockets: broadcast p95 {ms(p95):.0f} ms, idle {idle:.1f} KB/socket, "
                    f"after pushes {kb_busy_now:.1f} KB/socket ({wall:.1f}s)"
                )
                if res.error or missed or not p95 <= SPREAD_LIMIT_S:
                    break
                reached, p95_at_reached, kb_idle, kb_busy = count, p95, idle, kb_busy_now
    finally:
        await asyncio.gather(*(g.stop() for g in gens))
        target_n = min(TARGET_SOCKETS, s.capacity_max)
        m = res.metrics
        m.append(
            Metric(
                "sockets held",
                float(reached),
                "",
                ctx.perf(Target(">=", target_n)),
                note="largest step with broadcast p95 <= 500 ms",
            )
        )
        m.append(Metric("broadcast p95 there", ms(p95_at_reached), "ms", note="first -> last socket"))
        m.append(
            Metric(
                "memory per idle socket",
                kb_idle,
                "KB",
                ctx.perf(Target("<=", TARGET_KB_PER_IDLE_SOCKET)),
                note="RSS delta / sockets, snapshots sent",
            )
        )
        m.append(Metric("memory per socket after pushes", kb_busy, "KB"))
        m.append(Metric("socket failures", float(failures), "", correct()))
        m.append(Metric("missed deliveries", float(missed_total), "", correct()))
        m.append(
            Metric(
                "load generator CPU",
                100 * gen_cpu_share,
                "%",
                note="busiest generator process during the pushes",
            )
        )
