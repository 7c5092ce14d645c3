"""The contract calls the bench makes: an organiser, a room with one 4-option question, joins.

Only public routes from shared/contract/API.md are used, so the same code drives the service
and the baseline.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from dataclasses import dataclass

import httpx

from bench.rawhttp import HttpPool, Reply


class SetupError(RuntimeError):
    pass


@dataclass(frozen=True)
class RoomInfo:
    id: str
    code: str
    question_id: str
    option_ids: tuple[str, ...]
    organiser_token: str

    @property
    def vote_path(self) -> str:
        return f"/api/join/{self.code}/responses"

    def presenter_path(self) -> str:
        return f"/ws/rooms/{self.id}/presenter?token={self.organiser_token}"

    def viewer_path(self, token: str) -> str:
        return f"/ws/join/{self.code}?token={token}"

    def vote_body(self, n: int) -> dict[str, object]:
        return {"question_id": self.question_id, "choice_ids": [self.option_ids[n % 4]]}


def _expect(resp: httpx.Response, *codes: int) -> dict[str, object]:
    if resp.status_code not in codes:
        raise SetupError(
            f"{resp.request.method} {resp.request.url.path}: {resp.status_code} {resp.text[:300]}"
        )
    data = resp.json()
    if not isinstance(data, dict):
        raise SetupError(f"{resp.request.url.path}: expected an object")
    return data


async def organiser_token(base: str) -> str:
    return (await organiser(base))[1]


async def organiser(base: str) -> tuple[str, str]:
    """A new organiser: (email, access token)."""
    email = f"bench-{secrets.token_hex(6)}@example.com"
    password = secrets.token_urlsafe(18)
    async with httpx.AsyncClient(base_url=base, timeout=30) as c:
        _expect(
            await c.post(
                "/api/auth/register", json={"email": email, "password": password, "display_name": "Bench"}
            ),
            201,
        )
        login = _expect(await c.post("/api/auth/login", json={"email": email, "password": password}), 200)
    return email, str(login["access_token"])


async def create_room(base: str, token: str | None = None, quiz: bool = False) -> RoomInfo:
    """Organiser, presentation, one multiple_choice question (4 options), a live room on it
    with voting open and results visible to the audience (so viewers get `results`). With `quiz`,
    a quiz question instead (option 0 right, a minute to answer): players get quiz names."""
    token = token or await organiser_token(base)
    auth = {"Authorization": f"Bearer {token}"}
    options: list[dict[str, object]] = [{"label": f"option {i}"} for i in range(4)]
    body: dict[str, object] = {"type": "multiple_choice", "prompt": "Which option?", "options": options}
    if quiz:
        options[0]["correct"] = True
        body |= {"type": "quiz", "settings": {"time_limit_s": 60}}
    async with httpx.AsyncClient(base_url=base, timeout=30, headers=auth) as c:
        pres = _expect(await c.post("/api/presentations", json={"title": "bench"}), 201)
        question = _expect(await c.post(f"/api/presentations/{pres['id']}/questions", json=body), 201)
        room = _expect(await c.post(f"/api/presentations/{pres['id']}/rooms", json={"name": "bench"}), 201)
        rid = str(room["id"])
        _expect(
            await c.post(f"/api/rooms/{rid}/control", json={"action": "goto", "question_id": question["id"]}),
            200,
        )
        _expect(await c.post(f"/api/rooms/{rid}/control", json={"action": "show_results"}), 200)
    stored = question["options"]
    assert isinstance(stored, list)
    return RoomInfo(
        id=rid,
        code=str(room["join_code"]),
        question_id=str(question["id"]),
        option_ids=tuple(str(o["id"]) for o in stored),
        organiser_token=token,
    )


async def results(base: str, room: RoomInfo) -> tuple[int, dict[str, int]]:
    """(response_count, counts) of the room's question from GET /api/rooms/{rid}/results."""
    async with httpx.AsyncClient(base_url=base, timeout=30) as c:
        data = _expect(
            await c.get(
                f"/api/rooms/{room.id}/results", headers={"Authorization": f"Bearer {room.organiser_token}"}
            ),
            200,
        )
    questions = data["questions"]
    assert isinstance(questions, list)
    for q in questions:
        if q["question_id"] == room.question_id:
            return int(q["response_count"]), {str(k): int(v) for k, v in q["tally"]["counts"].items()}
    return 0, {}


@dataclass
class Joins:
    tokens: list[str]
    seconds: float
    failures: dict[int, int]  # status -> how many (0 = transport error), after retries
    retries: int = 0  # 429/503 answers that were retried after their Retry-After

    @property
    def rate(self) -> float:
        return len(self.tokens) / self.seconds if self.seconds > 0 else 0.0


RETRYABLE = (429, 503)


async def join_many(pool: HttpPool, code: str, n: int, deadline_s: float = 180.0, attempts: int = 5) -> Joins:
    """`n` joins as fast as the pool's connections allow (bounded by `deadline_s`).

    A 429 or 503 (the service shedding load) is retried after its Retry-After, at most
    `attempts` times: it slows the measured join rate instead of aborting the scenario.
    """
    joins = Joins([], 0.0, {})
    body = {"join_code": code}

    async def one() -> None:
        status = 0
        for attempt in range(attempts):
            try:
                reply: Reply = await pool.request("POST", "/api/join", body, timeout_s=30)
            except (OSError, TimeoutError, ConnectionError):
                status = 0
                break
            status = reply.status
            if status == 200:
                data = reply.json()
                assert isinstance(data, dict)
                joins.tokens.append(str(data["participant_token"]))
                return
            if status not in RETRYABLE or attempt == attempts - 1:
                break
            joins.retries += 1
            await asyncio.sleep(min(1.0, reply.retry_after or 0.2))
        joins.failures[status] = joins.failures.get(status, 0) + 1

    start = time.monotonic()
    tasks = [asyncio.ensure_future(one()) for _ in range(n)]
    _, pending = await asyncio.wait(tasks, timeout=deadline_s)
    for t in pending:
        t.cancel()
    if pending:
        joins.failures[0] = joins.failures.get(0, 0) + len(pending)
    joins.seconds = time.monotonic() - start
    return joins
