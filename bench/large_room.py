"""Large room: 10,000 participant sockets; joins/s, memory per socket, fan-out time and CPU."""

from __future__ import annotations

import asyncio
import math

from bench import api, wspool
from bench.context import HOST, Ctx, correct, ms
from bench.probes import percentile
from bench.rawhttp import HttpPool
from bench.report import Metric, ScenarioResult, Target


async def large_room(ctx: Ctx, res: ScenarioResult) -> None:
    """Fills `res` as it goes, so a later failure keeps what was measured."""
    s = ctx.sizes
    n, k_pushes = s.large_sockets, s.large_pushes
    res.params.update({"sockets": n, "pushes": k_pushes})
    room = await api.create_room(ctx.base)
    tick = 1.0 / ctx.tick_hz
    async with HttpPool(HOST, ctx.port, 64) as pool:
        ctx.log(f"joining {n + k_pushes} participants")
        joins = await api.join_many(pool, room.code, n + k_pushes)
        res.metrics.append(Metric("joins", joins.rate, "/s", ctx.perf(Target(">=", 1000))))
        res.metrics.append(Metric("join errors", float(sum(joins.failures.values())), "", correct()))
        if len(joins.tokens) < n + k_pushes:
            res.error = f"joins failed: {joins.failures}"
            return
        await asyncio.sleep(2 * tick + 0.2)  # let the participant_count push go out
        rss0 = ctx.server.rss()
        ctx.log(f"joined at {joins.rate:,.0f}/s; opening {n} sockets")
        viewers = wspool.Pool()
        await viewers.open_all(HOST, ctx.port, [room.viewer_path(t) for t in joins.tokens[:n]])
        clients = viewers.clients
        # wait (bounded) for every snapshot, then for the server to settle
        await viewers.totals.wait_messages(len(clients), timeout_s=20)
        await asyncio.sleep(2 * tick + 0.3)
        rss1 = ctx.server.rss()
        res.metrics.append(Metric("connects", len(clients) / viewers.connect_seconds, "/s"))
        res.metrics.append(Metric("socket failures", float(viewers.failures), "", correct()))
        per_socket = (rss1 - rss0) / max(1, len(clients)) / 1024
        res.metrics.append(
            Metric(
                "memory per socket",
                per_socket,
                "KB",
                ctx.perf(Target("<=", 45)),
                note="server RSS delta / sockets",
            )
        )

        base = max(0, max((c.last_count for c in clients), default=0))
        ctx.log(f"{len(clients)} sockets open; {k_pushes} pushes")
        for c in clients:
            c.reset_history()  # only the pushes below are analysed
        missed, delivered, fan_cpu, vote_errors = 0, 0, 0.0, 0
        expected: list[int] = []  # the response_count each successful push must show
        for k in range(1, k_pushes + 1):
            token = joins.tokens[n + k - 1]
            try:
                reply = await pool.request(
                    "POST",
                    room.vote_path,
                    room.vote_body(k),
                    {"Authorization": f"Bearer {token}"},
                    timeout_s=10,
                )
                ok = reply.status == 201
            except (TimeoutError, OSError, ConnectionError):
                ok = False
            if not ok:  # no vote, no push: count it and go on
                vote_errors += 1
                continue
            expected.append(base + len(expected) + 1)
            # CPU from the ack to the last delivery: the push, not the vote's own handling
            # (which would weigh heavily in a smoke run's small rooms).
            cpu0, msgs0 = ctx.server.cpu(), viewers.totals.messages
            if not await wspool.wait_reached(clients, expected[-1], timeout_s=5.0):
                missed += len(clients) - wspool.reached(clients, expected[-1])
            fan_cpu += ctx.server.cpu() - cpu0
            delivered += viewers.totals.messages - msgs0
        dropped = len(clients) - viewers.open_count()
        await viewers.close_all()

    # per push: each socket's first message that includes it, relative to the first socket's
    # (one pass over each socket's messages: a busy server may send thousands)
    per_push: list[list[float]] = [[] for _ in expected]
    for c in clients:
        k = 0
        for t, cnt in zip(c.times, c.counts, strict=True):
            while k < len(expected) and cnt >= expected[k]:
                per_push[k].append(t)
                k += 1
            if k == len(expected):
                break
    fan: list[float] = []
    spans: list[float] = []
    for arrivals in per_push:
        if arrivals:
            t_first = min(arrivals)
            fan.extend(t - t_first for t in arrivals)
            spans.append(max(arrivals) - t_first)
    m = res.metrics
    m.append(
        Metric(
            "fan-out p99",
            ms(percentile(fan, 99)),
            "ms",
            ctx.perf(Target("<=", 300)),
            note="first socket -> each socket, per push",
        )
    )
    m.append(
        Metric(
            "fan-out to last socket",
            ms(sum(spans) / len(spans)) if spans else math.nan,
            "ms",
            note="mean over pushes",
        )
    )
    m.append(
        Metric(
            "cpu per delivered msg",
            1e6 * fan_cpu / delivered if delivered else math.nan,
            "us",
            ctx.perf(Target("<=", None, rel=1.5)),
        )
    )
    m.append(Metric("missed deliveries", float(missed), "", correct()))
    m.append(
        Metric("push vote errors", float(vote_errors), "", correct(), note="votes that trigger the pushes")
    )
    m.append(Metric("sockets dropped", float(dropped), "", correct()))
