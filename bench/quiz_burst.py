"""Quiz burst: a quiz room fills up the way a hall of phones does it, then everyone answers at once.

Players join within a few seconds, each the way a phone does it (HTTP join, then its socket, then
the first snapshot on it); then every player answers within two seconds. Reported: the join rate
and errors (a 503 for a burst this size is a failure), answer ack p50/p99, and the time from the
last answer's acknowledgement until the presenter's screen counts every answer. The bare baseline
runs the same burst on a multiple-choice question (it has no quiz), as the reference.

The load generator is this one process on its own core; its CPU share over the run is reported
so that a generator near its limit shows (it then measures itself, not the server)."""

from __future__ import annotations

import asyncio
import math
import resource
import time

from bench import api, wspool
from bench.api import RoomInfo
from bench.context import HOST, Ctx, correct, ms
from bench.probes import percentile
from bench.rawhttp import HttpPool
from bench.rawws import Totals, WsClient
from bench.report import Metric, ScenarioResult, Target


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Player:
    """One phone: join, socket, snapshot; later its answer."""

    def __init__(self) -> None:
        self.token: str | None = None
        self.status = 0  # the join's HTTP status (0: no answer)
        self.socket: WsClient | None = None
        self.ready: float | None = None  # when its first snapshot arrived
        self.ack_status = 0
        self.ack_latency = math.nan

    async def join(self, pool: HttpPool, room: RoomInfo, totals: Totals, start_at: float) -> None:
        await asyncio.sleep(max(0.0, start_at - time.monotonic()))
        try:
            reply = await pool.request("POST", "/api/join", {"join_code": room.code}, timeout_s=30)
        except (OSError, TimeoutError, ConnectionError):
            return
        self.status = reply.status
        if reply.status != 200:
            return
        data = reply.json()
        assert isinstance(data, dict)
        self.token = str(data["participant_token"])
        try:
            self.socket = await wspool.connect(HOST, pool.port, room.viewer_path(self.token), totals)
        except (OSError, TimeoutError, ConnectionError):
            return

    def snapshot_arrived(self) -> bool:
        """Its socket's first message is the snapshot; when it came is recorded with it."""
        if self.socket is not None and self.socket.times:
            self.ready = self.socket.times[0]
        return self.ready is not None

    async def answer(self, pool: HttpPool, room: RoomInfo, n: int, send_at: float) -> None:
        assert self.token is not None
        await asyncio.sleep(max(0.0, send_at - time.monotonic()))
        headers = {"Authorization": f"Bearer {self.token}"}
        try:
            reply = await pool.request("POST", room.vote_path, room.vote_body(n), headers, 30, send_at)
        except (OSError, TimeoutError, ConnectionError):
            return
        self.ack_status = reply.status
        self.ack_latency = reply.done - send_at


async def quiz_burst(ctx: Ctx, res: ScenarioResult) -> None:
    """Fills `res` as it goes, so a later failure keeps what was measured."""
    s = ctx.sizes
    n, join_s, answer_s = s.burst_players, s.burst_join_seconds, s.burst_answer_seconds
    res.params.update({"players": n, "join_seconds": join_s, "answer_seconds": answer_s})
    room = await api.create_room(ctx.base, quiz=ctx.server.name != "baseline")
    totals = Totals()
    players = [Player() for _ in range(n)]
    m = res.metrics
    async with HttpPool(HOST, ctx.port, 64) as pool:
        presenter = await wspool.connect(HOST, ctx.port, room.presenter_path(), Totals())
        cpu0, server_cpu0, t0 = _cpu_seconds(), ctx.server.cpu(), time.monotonic()
        ctx.log(f"{n} players join within {join_s:g} s")
        start = time.monotonic() + 0.2
        await asyncio.gather(
            *(p.join(pool, room, totals, start + i * join_s / n) for i, p in enumerate(players))
        )
        joined = [p for p in players if p.socket is not None]
        await totals.wait_messages(len(joined), timeout_s=30)  # at least as many as snapshots due
        if not await _all_snapshots(joined, timeout_s=30):
            ctx.log("some sockets never had their snapshot")
        ready = [p for p in joined if p.ready is not None]
        last_ready = max((p.ready for p in ready if p.ready is not None), default=math.nan)
        m.append(Metric("join rate", len(ready) / (last_ready - start) if ready else 0.0, "/s"))
        m.append(
            Metric("join errors", float(n - len(ready)), "", correct(), note="no token, socket or snapshot")
        )
        m.append(Metric("joins answered 503", float(sum(p.status == 503 for p in players)), "", correct()))
        m.append(Metric("join to snapshot after its start p99", _join_p99(players, start, join_s, n), "ms"))

        ctx.log(f"{len(ready)} players answer within {answer_s:g} s")
        go = time.monotonic() + 0.2
        await asyncio.gather(
            *(p.answer(pool, room, i, go + i * answer_s / len(ready)) for i, p in enumerate(ready))
        )
        acked = [p for p in ready if p.ack_status == 201]
        sent_at = {id(p): go + i * answer_s / len(ready) for i, p in enumerate(ready)}
        last_ack = max((sent_at[id(p)] + p.ack_latency for p in acked), default=math.nan)
        on_screen = await wspool.wait_reached([presenter], len(acked), timeout_s=10)
        counted = zip(presenter.times, presenter.counts, strict=True)
        seen = next((t for t, c in counted if c >= len(acked)), math.nan)
        elapsed = time.monotonic() - t0
        cpu, server_cpu = (_cpu_seconds() - cpu0) / elapsed, (ctx.server.cpu() - server_cpu0) / elapsed
        latencies = [p.ack_latency for p in acked]
        m.append(Metric("answer ack p50", ms(percentile(latencies, 50)), "ms"))
        m.append(Metric("answer ack p99", ms(percentile(latencies, 99)), "ms", ctx.perf(Target("<=", 250))))
        m.append(Metric("answer errors", float(len(ready) - len(acked)), "", correct()))
        m.append(
            Metric(
                "all answers on screen after last ack",
                ms(max(0.0, seen - last_ack)) if on_screen else math.nan,
                "ms",
                ctx.perf(Target("<=", 1000)),
                note="presenter's response_count reaches every acknowledged answer",
            )
        )
        m.append(Metric("load generator cpu", 100 * cpu, "%", note="this process, over joins and answers"))
        m.append(Metric("server cpu", 100 * server_cpu, "%", note="over joins and answers"))
        await _close([p.socket for p in players if p.socket is not None] + [presenter])


async def _close(sockets: list[WsClient]) -> None:
    for sock in sockets:
        sock.start_close()
    pending = [sock.closed for sock in sockets if not sock.closed.done()]
    if pending:
        await asyncio.wait(pending, timeout=5)
    for sock in sockets:
        if not sock.closed.done():
            sock.abort()


async def _all_snapshots(joined: list[Player], timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    waiting = joined
    while True:
        waiting = [p for p in waiting if not p.snapshot_arrived()]
        if not waiting or time.monotonic() > deadline:
            return not waiting
        await asyncio.sleep(0.05)


def _join_p99(players: list[Player], start: float, join_s: float, n: int) -> float:
    waits = [p.ready - (start + i * join_s / n) for i, p in enumerate(players) if p.ready is not None]
    return ms(percentile(waits, 99)) if waits else math.nan
