"""Live room: 1,000 viewer sockets and a presenter while votes arrive at 2,000/s.

Measures vote->screen latency, the push rate, the final tally on every socket, loop lag. Every
loop is bounded by a count and a deadline: a server that collapses (push on every vote) yields
FAIL rows, never a hung run.
"""

from __future__ import annotations

import asyncio
import math
import time
from dataclasses import dataclass

import orjson

from bench import api, rawws, wspool
from bench.context import HOST, Ctx, correct, ms
from bench.probes import HealthProbe, LoopLag, PingProbe, percentile
from bench.rawhttp import HttpPool, Reply
from bench.report import Metric, ScenarioResult, Target
from bench.server import socket_fds


@dataclass(slots=True)
class Vote:
    scheduled: float
    ack: float = math.nan
    status: int = 0  # 0: no answer (transport error or timeout)
    option: int = 0


async def paced_votes(
    pool: HttpPool,
    room: api.RoomInfo,
    tokens: list[str],
    rate: float,
    deadline: float,
) -> list[Vote]:
    """One vote per token at a fixed rate (open loop: a slow server cannot slow the schedule).

    Latency counts from the scheduled time, so queueing for a free connection is charged to
    the request rather than hidden (no coordinated omission).
    """
    votes = [Vote(0.0, option=i % 4) for i in range(len(tokens))]
    loop = asyncio.get_running_loop()
    start = time.monotonic() + 0.05  # the ws clients stamp with time.monotonic() too
    tasks: list[asyncio.Task[None]] = []

    async def one(i: int) -> None:
        v = votes[i]
        headers = {"Authorization": f"Bearer {tokens[i]}", "Idempotency-Key": f"live-{i}"}
        try:
            reply: Reply = await pool.request(
                "POST", room.vote_path, room.vote_body(i), headers, timeout_s=10, sent_at=v.scheduled
            )
        except (TimeoutError, OSError, ConnectionError):
            return
        v.status, v.ack = reply.status, reply.done

    i = 0
    hard_stop = start + deadline
    while i < len(tokens) and time.monotonic() < hard_stop:
        now = time.monotonic()
        # uvloop timers have ~1 ms resolution: launch every vote that is due, then sleep.
        while i < len(tokens) and start + i / rate <= now:
            votes[i].scheduled = start + i / rate
            tasks.append(loop.create_task(one(i)))
            i += 1
        await asyncio.sleep(0.001)
    if tasks:
        _, pending = await asyncio.wait(tasks, timeout=max(1.0, hard_stop - time.monotonic()))
        for t in pending:
            t.cancel()
    return votes[:i]


def screen_latencies(client: rawws.WsClient, sent_by_ack: list[float], base: int) -> list[float]:
    """vote->screen latency of every vote on one socket.

    A snapshot with response_count = c covers the first c - base acknowledged votes (ranked by
    ack time: a vote is counted once committed, and acks follow commits in order).
    """
    out: list[float] = []
    covered = 0
    n = len(sent_by_ack)
    for t, c in zip(client.times, client.counts, strict=True):
        upto = min(c - base, n)
        if upto > covered:
            out.extend(max(0.0, t - sent_by_ack[k]) for k in range(covered, upto))
            covered = upto
    return out


def max_in_window(times: list[float], window: float = 1.0) -> int:
    best, lo = 0, 0
    for hi, t in enumerate(times):
        while t - times[lo] >= window:
            lo += 1
        best = max(best, hi - lo + 1)
    return best


def tally_of(payload: bytes) -> dict[str, int] | None:
    try:
        data = orjson.loads(payload)
        return {str(k): int(v) for k, v in data["result"]["tally"]["counts"].items()}
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        return None


async def live_room(ctx: Ctx, res: ScenarioResult) -> None:
    """Fills `res` as it goes, so a later failure keeps what was measured."""
    s = ctx.sizes
    n_votes = int(s.live_rate * s.live_seconds)
    res.params.update(
        {
            "sockets": s.live_sockets,
            "votes_per_s": s.live_rate,
            "seconds": s.live_seconds,
            "tick_hz": ctx.tick_hz,
        }
    )
    room = await api.create_room(ctx.base)
    tick = 1.0 / ctx.tick_hz
    async with HttpPool(HOST, ctx.port, 64) as pool:
        ctx.log(f"joining {max(n_votes, s.live_sockets)} participants")
        joins = await api.join_many(pool, room.code, max(n_votes, s.live_sockets))
        ctx.log(f"joined at {joins.rate:,.0f}/s; opening {s.live_sockets} viewer sockets")
        if len(joins.tokens) < max(n_votes, s.live_sockets):
            res.error = f"joins failed: {joins.failures}"
            return
        before = {pid: socket_fds(pid) for pid in ctx.server.workers()}
        presenter, viewers = wspool.Pool(), wspool.Pool()
        await presenter.open_all(HOST, ctx.port, [room.presenter_path()])
        await viewers.open_all(HOST, ctx.port, [room.viewer_path(t) for t in joins.tokens[: s.live_sockets]])
        per_worker = [socket_fds(pid) - n for pid, n in before.items()]
        if not presenter.clients:
            res.error = f"presenter socket refused: {presenter.totals.errors[:1]}"
            return
        p = presenter.clients[0]
        clients = presenter.clients + viewers.clients
        await asyncio.sleep(2 * tick + 0.1)  # the snapshot and the tick after the joins
        base = max(0, max((c.last_count for c in clients), default=0))
        for c in clients:
            c.reset_history()  # only the vote phase is analysed

        ctx.log(f"{n_votes} votes at {s.live_rate:,.0f}/s")
        cpu0, t0 = ctx.server.cpu(), time.monotonic()
        with LoopLag() as lag:
            async with HealthProbe(ctx.port) as health, PingProbe(p) as ping:
                votes = await paced_votes(
                    pool, room, joins.tokens[:n_votes], s.live_rate, deadline=s.live_seconds + 15
                )
        cpu1, t1 = ctx.server.cpu(), time.monotonic()

        acked = [v for v in votes if v.status == 201]
        ctx.log(f"{len(acked)} acked; waiting for the final tally on every socket")
        errors = len(votes) - len(acked) + (n_votes - len(votes))
        rc, counts = await api.results(ctx.base, room)
        final_ok = await wspool.wait_reached(clients, rc, timeout_s=3.0)
        last_ack = max((v.ack for v in acked), default=t1)
        await asyncio.sleep(2 * tick)  # nothing more should arrive; catch strays
        reported = await _reported_lag(pool)
        await presenter.close_all()
        await viewers.close_all()

    # votes: acked ones that the durable tally misses
    expected = [0] * 4
    for v in acked:
        expected[v.option] += 1
    actual = [counts.get(o, 0) - 0 for o in room.option_ids]
    lost = sum(max(0, e - a) for e, a in zip(expected, actual, strict=True))

    sent_by_ack = [v.scheduled for v in sorted(acked, key=lambda v: v.ack)]
    pres_lat = screen_latencies(p, sent_by_ack, base)
    step = max(1, len(viewers.clients) // s.viewer_sample)
    view_lat: list[float] = []
    for c in viewers.clients[::step]:
        view_lat.extend(screen_latencies(c, sent_by_ack, base))

    # push rate on the presenter while votes flowed (skip the first half second of ramp)
    first = votes[0].scheduled if votes else t0
    last = votes[-1].scheduled if votes else t1
    p_times = [t for t, c in zip(p.times, p.counts, strict=True) if c >= 0]
    window = [t for t in p_times if first + 0.5 <= t <= last]
    rate = len(window) / (last - first - 0.5) if last - first > 1.0 else math.nan
    burst = max_in_window([t for t in p_times if t >= first])

    # every socket must end on the durable tally, the same push within about one tick
    reach = []
    for c in clients:
        t_reach = next((t for t, n in zip(c.times, c.counts, strict=True) if n >= rc), None)
        if t_reach is not None:
            reach.append(t_reach)
    wrong = sum(1 for c in clients if tally_of(c.last_payload) != counts)
    spread = max(reach) - min(reach) if len(reach) == len(clients) and reach else math.nan
    delay = max(0.0, max(reach) - last_ack) if final_ok and reach else math.nan

    m = res.metrics
    m.append(
        Metric("vote->screen p99 presenter", ms(percentile(pres_lat, 99)), "ms", ctx.perf(Target("<=", 200)))
    )
    m.append(
        Metric(
            "vote->screen p99 viewers",
            ms(percentile(view_lat, 99)),
            "ms",
            ctx.perf(Target("<=", 200)),
            note=f"{len(viewers.clients[::step])} sampled viewers",
        )
    )
    m.append(
        Metric("push rate", rate, "/s", ctx.perf(Target("within", ctx.tick_hz * 0.9, ctx.tick_hz * 1.1)))
    )
    m.append(
        Metric(
            "max results in 1 s",
            float(burst),
            "",
            correct("<=", ctx.tick_hz + 1),
            note="contract: <= 10/s (+1 for jitter)",
        )
    )
    m.append(Metric("votes acked", float(len(acked)), "", None))
    kinds: dict[str, int] = {}
    for v in votes:
        if v.status != 201:
            key = str(v.status) if v.status else "no answer"
            kinds[key] = kinds.get(key, 0) + 1
    if n_votes > len(votes):
        kinds["never sent"] = n_votes - len(votes)
    m.append(
        Metric(
            "vote errors",
            float(errors),
            "",
            correct(),
            note=", ".join(f"{k}: {n}" for k, n in sorted(kinds.items())),
        )
    )
    m.append(Metric("votes lost", float(lost), "", correct()))
    m.append(Metric("sockets not on final tally", float(wrong), "", correct()))
    m.append(
        Metric(
            "final tally spread",
            ms(spread),
            "ms",
            correct("<=", ms(tick) + 50),
            note="all sockets, one tick + 50 ms",
        )
    )
    m.append(Metric("final tally after last ack", ms(delay), "ms", correct("<=", 1000)))
    m.append(
        Metric(
            "loop lag p99 (ws ping rtt)",
            ms(percentile(ping.samples, 99)),
            "ms",
            ctx.perf(Target("<=", 20)),
            note=f"{len(ping.samples)} pings, {ping.lost} lost",
        )
    )
    m.append(
        Metric("/health rtt p99", ms(percentile(health.samples, 99)), "ms", note=f"{health.errors} errors")
    )
    if reported is not None:
        m.append(
            Metric(
                "loop lag p99 (server-reported)",
                reported,
                "ms",
                note="/health loop_lag_ms_p99, its own window",
            )
        )
    m.append(Metric("vote ack p99", ms(percentile([v.ack - v.scheduled for v in acked], 99)), "ms"))
    m.append(Metric("server cpu", 100 * (cpu1 - cpu0) / (t1 - t0), "%"))
    m.append(Metric("bench loop lag p99", ms(percentile(lag.samples, 99)), "ms"))
    m.append(Metric("socket failures", float(presenter.failures + viewers.failures), "", correct()))
    if len(per_worker) > 1:
        m.append(
            Metric(
                "workers holding viewers",
                float(sum(1 for d in per_worker if d > 0)),
                "",
                note="sockets per worker: " + ", ".join(map(str, per_worker)),
            )
        )


async def _reported_lag(pool: HttpPool) -> float | None:
    """The service's own loop-lag figure when its /health has one (the baseline has none)."""
    try:
        reply = await pool.request("GET", "/health", timeout_s=5)
        data = reply.json()
    except (TimeoutError, OSError, ConnectionError, orjson.JSONDecodeError):
        return None
    value = data.get("loop_lag_ms_p99") if isinstance(data, dict) else None
    return float(value) if isinstance(value, int | float) else None
