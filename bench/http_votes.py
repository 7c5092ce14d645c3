"""Durable HTTP votes: a closed loop of votes (wrk, or asyncio without it) for throughput and
ack latency, then a check that the durable tally counts every participant once."""

from __future__ import annotations

import asyncio
import math
import time
from pathlib import Path

import orjson

from bench import api
from bench.context import HOST, Ctx, correct
from bench.probes import percentile
from bench.rawhttp import HttpPool
from bench.report import Metric, ScenarioResult, Target

WRK_SCRIPT = Path(__file__).with_name("wrk_votes.lua")


async def _run_wrk(ctx: Ctx, room: api.RoomInfo, tokens_file: Path) -> dict[str, float]:
    s = ctx.sizes
    argv = [
        "wrk",
        "-t1",
        f"-c{s.http_connections}",
        f"-d{s.http_seconds}s",
        "--timeout",
        "5s",
        "-s",
        str(WRK_SCRIPT),
        f"{ctx.base}{room.vote_path}",
        "--",
        str(tokens_file),
        room.question_id,
        *room.option_ids,
    ]
    if ctx.wrk_cpu is not None:
        argv = ["taskset", "-c", str(ctx.wrk_cpu), *argv]
    proc = await asyncio.create_subprocess_exec(
        *argv, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    try:
        async with asyncio.timeout(s.http_seconds + 30):
            out, _ = await proc.communicate()
    except TimeoutError:
        proc.kill()
        await proc.wait()
        raise
    for line in out.decode(errors="replace").splitlines():
        if line.startswith("WRKJSON "):
            data = orjson.loads(line[8:])
            assert isinstance(data, dict)
            return {k: float(v) for k, v in data.items()}
    raise RuntimeError("wrk printed no summary:\n" + out.decode(errors="replace")[-2000:])


async def _closed_loop(ctx: Ctx, room: api.RoomInfo, tokens: list[str]) -> dict[str, float]:
    """Fallback when wrk is missing: the same closed loop from asyncio (a slower client)."""
    s = ctx.sizes
    lat: list[float] = []
    status: dict[int, int] = {}
    stop = time.monotonic() + s.http_seconds
    counter = 0

    async with HttpPool(HOST, ctx.port, s.http_connections) as pool:

        async def worker(w: int) -> None:
            nonlocal counter
            while time.monotonic() < stop:
                counter += 1
                i = counter % len(tokens)
                body = {
                    "question_id": room.question_id,
                    "choice_ids": [room.option_ids[(i + counter // len(tokens)) % 4]],
                }
                headers = {"Authorization": f"Bearer {tokens[i]}", "Idempotency-Key": f"{w}-{counter}"}
                try:
                    r = await pool.request("POST", room.vote_path, body, headers, timeout_s=5)
                except (TimeoutError, OSError, ConnectionError):
                    status[0] = status.get(0, 0) + 1
                    continue
                status[r.status] = status.get(r.status, 0) + 1
                lat.append(r.done - r.sent)

        start = time.monotonic()
        await asyncio.gather(*(worker(w) for w in range(s.http_connections)))
        took = time.monotonic() - start
    total = sum(status.values())
    return {
        "requests": float(total),
        "duration_us": took * 1e6,
        "p50_us": percentile(lat, 50) * 1e6,
        "p99_us": percentile(lat, 99) * 1e6,
        "max_us": max(lat, default=0) * 1e6,
        "status_201": float(status.get(201, 0)),
        "status_429": float(status.get(429, 0)),
        "status_other": float(total - status.get(201, 0) - status.get(429, 0) - status.get(0, 0)),
        "socket_errors": float(status.get(0, 0)),
    }


async def http_votes(ctx: Ctx, res: ScenarioResult) -> None:
    """Fills `res` as it goes, so a later failure keeps what was measured."""
    s = ctx.sizes
    res.params.update(
        {
            "participants": s.http_participants,
            "seconds": s.http_seconds,
            "connections": s.http_connections,
            "generator": "wrk" if ctx.use_wrk else "asyncio",
        }
    )
    room = await api.create_room(ctx.base)
    ctx.log(f"joining {s.http_participants} participants")
    async with HttpPool(HOST, ctx.port, 64) as pool:
        joins = await api.join_many(pool, room.code, s.http_participants)
    ctx.log(f"{s.http_seconds}s of votes from {'wrk' if ctx.use_wrk else 'asyncio'}")
    if len(joins.tokens) < s.http_participants:
        res.error = f"joins failed: {joins.failures}"
        return
    tokens_file = ctx.workdir / f"tokens-{room.id}.txt"
    tokens_file.write_text("\n".join(joins.tokens) + "\n")
    cpu0 = ctx.server.cpu()
    if ctx.use_wrk:
        w = await _run_wrk(ctx, room, tokens_file)
    else:
        w = await _closed_loop(ctx, room, joins.tokens)
    cpu1 = ctx.server.cpu()
    rc, _ = await api.results(ctx.base, room)
    seconds = w["duration_us"] / 1e6
    bad = w["status_other"] + w["socket_errors"]
    m = res.metrics
    m.append(Metric("durable votes", w["status_201"] / seconds, "/s", ctx.perf(Target(">=", 4000, rel=0.6))))
    m.append(Metric("ack p99", w["p99_us"] / 1000, "ms", ctx.perf(Target("<=", 50))))
    m.append(Metric("ack p50", w["p50_us"] / 1000, "ms"))
    m.append(Metric("vote errors", bad, "", correct(), note="non-2xx other than 429, timeouts"))
    m.append(Metric("429 answers", w["status_429"], ""))
    # every participant voted (round robin), so the durable tally must count each exactly once
    m.append(Metric("votes lost", float(s.http_participants - rc) if bad == 0 else math.nan, "", correct()))
    m.append(
        Metric(
            "server cpu per vote", 1e6 * (cpu1 - cpu0) / w["requests"] if w["requests"] else math.nan, "us"
        )
    )
