"""Auth storm: a room voting at a steady rate, quietly, then while registration and log-in are
hammered (each costs the server an argon2 hash, ~125 ms of a core), then quietly again. The figure
that matters is the same-run ratio: vote ack p99 during the storm over vote ack p99 of the quiet
phases around it (both pooled), so a drift over the run (a growing database) is not counted as
the storm's.

The per-address registration and log-in limits are lifted for the bench (bench/run.py): one
load generator stands for a crowd of addresses, so every request really reaches the hasher."""

from __future__ import annotations

import asyncio
import math
import secrets
import time

import httpx

from bench import api
from bench.context import HOST, Ctx, correct
from bench.live_room import Vote, paced_votes
from bench.probes import percentile
from bench.rawhttp import HttpPool
from bench.report import Metric, ScenarioResult, Target

STORM_LOOPS = 4  # two registering accounts, two guessing one account's password


def _ack_p99_ms(votes: list[Vote]) -> float:
    return percentile([v.ack - v.scheduled for v in votes if v.status == 201], 99) * 1000


async def _storm(base: str, stop: asyncio.Event, email: str, statuses: dict[str, dict[int, int]]) -> None:
    async def loop(kind: str, n: int) -> None:
        counts = statuses.setdefault(kind, {})
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            while not stop.is_set():
                if kind == "register":
                    body = {
                        "email": f"storm-{n}-{secrets.token_hex(6)}@example.com",
                        "password": secrets.token_urlsafe(12),
                        "display_name": "Storm",
                    }
                    r = await http.post("/api/auth/register", json=body)
                else:
                    r = await http.post(
                        "/api/auth/login", json={"email": email, "password": "not the password"}
                    )
                counts[r.status_code] = counts.get(r.status_code, 0) + 1
                if r.status_code in (429, 503):
                    await asyncio.sleep(min(1.0, float(r.headers.get("Retry-After", "1"))))

    kinds = ["register", "login"] * (STORM_LOOPS // 2)
    await asyncio.gather(*(loop(kind, n) for n, kind in enumerate(kinds)))


async def auth_storm(ctx: Ctx, res: ScenarioResult) -> None:
    """Fills `res` as it goes, so a later failure keeps what was measured."""
    s = ctx.sizes
    rate, seconds = s.storm_rate, s.storm_seconds
    n_votes = int(rate * seconds)
    res.params.update({"votes_per_s": rate, "seconds_per_phase": seconds, "storm_loops": STORM_LOOPS})
    email, token = await api.organiser(ctx.base)
    room = await api.create_room(ctx.base, token)
    async with HttpPool(HOST, ctx.port, 64) as pool:
        ctx.log(f"joining {3 * n_votes} participants")
        joins = await api.join_many(pool, room.code, 3 * n_votes)
        if len(joins.tokens) < 3 * n_votes:
            res.error = f"joins failed: {joins.failures}"
            return
        tokens = [joins.tokens[i * n_votes : (i + 1) * n_votes] for i in range(3)]
        ctx.log(f"quiet: {n_votes} votes at {rate:,.0f}/s")
        before = await paced_votes(pool, room, tokens[0], rate, deadline=seconds + 15)
        ctx.log(f"storm: the same votes while {STORM_LOOPS} loops register and log in")
        stop = asyncio.Event()
        statuses: dict[str, dict[int, int]] = {}
        storm_task = asyncio.create_task(_storm(ctx.base, stop, email, statuses))
        await asyncio.sleep(0.5)  # the hasher is busy before the first vote of the storm
        t0 = time.monotonic()
        storm = await paced_votes(pool, room, tokens[1], rate, deadline=seconds + 15)
        storm_seconds = time.monotonic() - t0
        stop.set()
        await storm_task
        ctx.log(f"quiet again: {n_votes} votes at {rate:,.0f}/s")
        after = await paced_votes(pool, room, tokens[2], rate, deadline=seconds + 15)
    rc, _ = await api.results(ctx.base, room)
    quiet = before + after
    quiet_p99, storm_p99 = _ack_p99_ms(quiet), _ack_p99_ms(storm)
    errors = sum(1 for v in quiet + storm if v.status != 201)
    hashed = sum(
        n for kind in statuses.values() for status, n in kind.items() if status in (200, 201, 401, 409)
    )
    m = res.metrics
    m.append(Metric("vote ack p99 quiet", quiet_p99, "ms", note="before and after the storm, pooled"))
    before_p99, after_p99 = _ack_p99_ms(before), _ack_p99_ms(after)
    drift = before_p99 / after_p99 if after_p99 > 0 else math.nan
    m.append(Metric("vote ack p99 quiet before / after", drift, "x", note="drift over the run"))
    m.append(Metric("vote ack p99 in the storm", storm_p99, "ms"))
    ratio = storm_p99 / quiet_p99 if quiet_p99 > 0 else math.nan
    m.append(Metric("storm / quiet ack p99", ratio, "x", ctx.perf(Target("<=", 1.5))))
    m.append(Metric("passwords hashed during the storm", hashed / storm_seconds, "/s"))
    m.append(
        Metric("storm answers 503 (hasher queue full)", float(sum(k.get(503, 0) for k in statuses.values())))
    )
    m.append(Metric("vote errors", float(errors), "", correct()))
    m.append(Metric("votes lost", float(3 * n_votes - rc) if errors == 0 else math.nan, "", correct()))
    res.params["storm_statuses"] = {kind: {str(k): v for k, v in c.items()} for kind, c in statuses.items()}
