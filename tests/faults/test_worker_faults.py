"""No acknowledged vote is lost: two workers on PostgreSQL + Redis, a few hundred phones voting with
idempotent retries, one worker SIGKILLed and restarted again and again, Redis stopped and started.

At the end every acknowledged vote is stored exactly once, and the results (JSON from both workers
and the last push on a presenter socket) equal a recount straight from the database.
"""

import asyncio
import contextlib
import json
import random
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from http.cookiejar import DefaultCookiePolicy
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from websockets.exceptions import ConnectionClosed, InvalidHandshake

from poll_service.live.convergence import CONVERGENCE_BOUND_S
from tests.helpers import new_organiser
from tests.realtime_clients import next_message, open_socket
from tests.support.processes import PrivateRedis, ServiceProcess, service_env

# solo: it kills and restarts workers, whose readiness is waited for within a bound.
pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.timeout(90), pytest.mark.solo]

PHONES = int(__import__("os").environ.get("FAULT_PHONES", "300"))
VOTES_PER_PHONE = 2
CHAOS_SECONDS = 15.0
MIN_KILLS = 3


@dataclass
class Stats:
    acked: dict[str, str] = field(default_factory=dict)  # participant -> last acknowledged option
    keys: set[str] = field(default_factory=set)
    retries: Counter[str] = field(default_factory=Counter)
    kills: int = 0
    health_during_outage: str = ""
    redis_restarts: int = 0
    # One connection pool for all phones: the test process must not be the bottleneck.
    http: httpx.AsyncClient = field(default_factory=lambda: _cookieless_client())


def _cookieless_client() -> httpx.AsyncClient:
    """Phones authenticate by their own bearer token: a cookie kept by the shared client would
    make every join after the first a returning participant."""
    client = httpx.AsyncClient(timeout=5.0, trust_env=False, limits=httpx.Limits(max_connections=200))
    client.cookies.jar.set_policy(DefaultCookiePolicy(allowed_domains=[]))
    return client


async def _send(
    workers: list[ServiceProcess], method: str, path: str, stats: Stats, **kwargs: Any
) -> httpx.Response:
    """Like a phone behind a load balancer: on a dropped connection or a 5xx, retry (the same
    request, the same Idempotency-Key) on a worker that answers, with a short jittered wait."""
    order = random.sample(workers, len(workers))
    for attempt in range(200):
        worker = order[attempt % len(order)]
        try:
            r = await stats.http.request(method, worker.url + path, **kwargs)
        except httpx.TransportError as exc:
            stats.retries[type(exc).__name__] += 1
        else:
            if r.status_code < 500 and r.status_code != 429:
                return r
            stats.retries[str(r.status_code)] += 1
            if r.status_code == 429:
                await asyncio.sleep(float(r.headers.get("Retry-After", "1")))
        await asyncio.sleep(random.uniform(0.02, 0.2))
    raise AssertionError(f"{method} {path} never succeeded")


async def _phone(workers: list[ServiceProcess], code: str, question: dict[str, Any], stats: Stats) -> None:
    await asyncio.sleep(random.uniform(0, CHAOS_SECONDS * 0.4))
    r = await _send(workers, "POST", "/api/join", stats, json={"join_code": code})
    assert r.status_code == 200, r.text
    token, participant = r.json()["participant_token"], r.json()["participant_id"]
    for _ in range(VOTES_PER_PHONE):
        await asyncio.sleep(random.uniform(0, CHAOS_SECONDS * 0.3))
        option = random.choice(question["options"])["id"]
        key = uuid.uuid4().hex
        r = await _send(
            workers,
            "POST",
            f"/api/join/{code}/responses",
            stats,
            json={"question_id": question["id"], "choice_ids": [option]},
            headers={"Authorization": f"Bearer {token}", "Idempotency-Key": key},
        )
        assert r.status_code == 201, r.text
        stats.acked[participant] = option
        stats.keys.add(key)


async def _health_status(worker: ServiceProcess, want: str = "degraded", within: float = 5) -> str:
    """/health's status, polled for up to `within` seconds until it says `want`."""
    status = "unanswered"
    deadline = time.monotonic() + within
    async with httpx.AsyncClient(timeout=2.0, trust_env=False) as http:
        while time.monotonic() < deadline and status != want:
            with contextlib.suppress(httpx.TransportError):
                status = (await http.get(f"{worker.url}/health")).json()["status"]
            await asyncio.sleep(0.1)
    return status


async def _chaos(flaky: ServiceProcess, stable: ServiceProcess, redis: PrivateRedis, stats: Stats) -> None:
    """Kill the flaky worker again and again (it comes back each time); stop Redis for ~4 s. At
    least MIN_KILLS kills, however slowly a loaded machine restarts the worker."""
    started = time.monotonic()
    redis_down = False
    while time.monotonic() - started < CHAOS_SECONDS or stats.kills < MIN_KILLS:
        await asyncio.sleep(random.uniform(0.2, 0.8))  # up and serving for a moment
        flaky.kill()
        stats.kills += 1
        elapsed = time.monotonic() - started
        if not redis_down and stats.redis_restarts == 0 and elapsed >= 3.0:
            redis.stop()
            redis_down = True
            stats.health_during_outage = await _health_status(stable)
        elif redis_down and elapsed >= 7.0:
            redis.start()
            redis_down = False
            stats.redis_restarts += 1
        await asyncio.sleep(random.uniform(0.1, 0.3))
        flaky.start()
        await flaky.wait_ready()
    if redis_down:
        redis.start()
        stats.redis_restarts += 1


async def _recount(database_url: str, room_id: str) -> tuple[dict[str, str], int]:
    """(participant -> stored option, number of rows) straight from the database."""
    conn = await asyncpg.connect(database_url.replace("postgresql+asyncpg", "postgresql"))
    try:
        rows = await conn.fetch("SELECT participant_id, answer FROM response WHERE room_id = $1", room_id)
    finally:
        await conn.close()
    stored: dict[str, str] = {}
    for row in rows:
        answer = json.loads(row["answer"]) if isinstance(row["answer"], str) else row["answer"]
        (stored[row["participant_id"]],) = answer["choice_ids"]
    return stored, len(rows)


class PresenterWatch:
    """A presenter screen on the surviving worker: keeps the newest results it was pushed."""

    def __init__(self, worker: ServiceProcess, room_id: str, token: str) -> None:
        self.url = f"{worker.ws_url}/ws/rooms/{room_id}/presenter"
        self.token = token
        self.counts: dict[str, int] | None = None
        self.task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        while True:
            try:
                socket = await open_socket(self.url, self.token)
            except (OSError, TimeoutError, InvalidHandshake):
                await asyncio.sleep(0.2)
                continue
            try:
                while True:
                    message = await next_message(socket, timeout=30)
                    if message["type"] == "results":
                        self.counts = message["result"]["tally"]["counts"]
            except (ConnectionClosed, OSError, TimeoutError):
                await asyncio.sleep(0.2)
            finally:
                await socket.close()

    async def settles_on(self, expected: dict[str, int], timeout: float = 8.0) -> dict[str, int] | None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.counts != expected:
            await asyncio.sleep(0.1)
        self.task.cancel()
        await asyncio.gather(self.task, return_exceptions=True)
        return self.counts


async def test_no_acknowledged_vote_is_lost_under_kills_and_redis_outage(
    tmp_path: Path, fault_database: str, private_redis: PrivateRedis
) -> None:
    env = service_env(POLL_DATABASE_URL=fault_database, POLL_REDIS_URL=private_redis.url)
    stable = ServiceProcess(tmp_path, env)
    flaky = ServiceProcess(tmp_path, env)
    stats = Stats()
    began = time.monotonic()
    try:
        stable.start()
        flaky.start()
        await asyncio.gather(stable.wait_ready(), flaky.wait_ready())
        async with httpx.AsyncClient(base_url=stable.url, timeout=10) as http:
            ada = await new_organiser(http)
            presentation = await ada.presentation(questions=1, options=4)
            room = await ada.room(presentation["id"])
        question = presentation["questions"][0]
        watch = PresenterWatch(stable, room["id"], ada.token)

        workers = [stable, flaky]
        await asyncio.gather(
            _chaos(flaky, stable, private_redis, stats),
            *(_phone(workers, room["join_code"], question, stats) for _ in range(PHONES)),
        )
        if flaky.process is None or flaky.process.poll() is not None:
            flaky.start()
        await flaky.wait_ready()

        # Every acknowledged vote is stored exactly once, with the answer last acknowledged.
        stored, rows = await _recount(fault_database, room["id"])
        assert len(stats.acked) == PHONES
        assert rows == PHONES, f"{rows} stored responses for {PHONES} phones"
        assert stored == stats.acked
        recount = {o["id"]: 0 for o in question["options"]}
        recount.update(Counter(stored.values()))

        # The results JSON of both workers (recounted from the database) agree.
        for worker in workers:
            async with httpx.AsyncClient(base_url=worker.url, timeout=10) as http:
                results = (await http.get(f"/api/rooms/{room['id']}/results", headers=ada.headers)).json()
            assert results["questions"][0]["tally"]["counts"] == recount
            assert results["questions"][0]["response_count"] == PHONES

        # The live tally the presenter's screen was last pushed equals the recount, too, within
        # the convergence bound (live/convergence.py) after the last vote and fault.
        assert await watch.settles_on(recount, timeout=CONVERGENCE_BOUND_S) == recount
        # Redis down made /health say degraded (voting went on); back up, it recovered alone.
        assert stats.health_during_outage == "degraded"
        # The hub's reconnect back-off reaches 5 s during the outage (redis_hub.py): allow one wait
        # plus the reconnect itself.
        assert await _health_status(stable, "ok", within=10) == "ok"
        assert await _health_status(flaky, "ok", within=10) == "ok"
        # The chaos really happened.
        assert stats.kills >= MIN_KILLS and stats.redis_restarts == 1
        assert sum(stats.retries.values()) > 0, "no request ever failed: the faults did not bite"
        elapsed = time.monotonic() - began
        print(f"\nfault run: {elapsed:.1f}s, kills {stats.kills}, retries {dict(stats.retries)}")
    finally:
        await stats.http.aclose()
        flaky.close()
        stable.close()
