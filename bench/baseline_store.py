"""The baseline's rooms, kept in memory: questions, tallies, sockets and the 10 Hz push.

The no-database reference that `baseline_app` serves over bare ASGI or FastAPI.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def new_id() -> str:
    return secrets.token_hex(8)


def now_iso() -> str:
    return datetime.now(UTC).isoformat()


class ApiError(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


@dataclass
class Question:
    id: str
    prompt: str
    options: list[dict[str, str]]

    def public(self, position: int = 0) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": "multiple_choice",
            "prompt": self.prompt,
            "position": position,
            "options": self.options,
            "settings": {"multi_select": False, "max_choices": 1, "allow_change": True},
        }


@dataclass
class Room:
    id: str
    code: str
    presentation_id: str
    questions: list[Question]
    current: Question | None = None
    results_visible: bool = False
    voting_open: bool = False
    participant_count: int = 0
    seq: int = 0
    dirty: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    votes: dict[str, tuple[str, ...]] = field(default_factory=dict)  # participant -> choices
    presenters: set[Send] = field(default_factory=set)
    audience: set[Send] = field(default_factory=set)
    created_at: str = field(default_factory=now_iso)

    def public(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "presentation_id": self.presentation_id,
            "name": "bench",
            "join_code": self.code,
            "join_url": f"/{self.code}",
            "status": "live",
            "locked": False,
            "current_question_id": self.current.id if self.current else None,
            "voting_open": self.voting_open,
            "results_visible": self.results_visible,
            "participant_count": self.participant_count,
            "created_at": self.created_at,
        }

    def result(self) -> dict[str, Any] | None:
        q = self.current
        if q is None:
            return None
        return {
            "question_id": q.id,
            "type": "multiple_choice",
            "prompt": q.prompt,
            "response_count": len(self.votes),
            "tally": {"counts": dict(self.counts)},
        }

    def participant_state(self) -> dict[str, Any]:
        q = self.current
        return {
            "room_id": self.id,
            "voting_open": self.voting_open,
            "question": q.public() if q else None,
            "my_response": None,
        }

    def goto(self, q: Question) -> None:
        self.current = q
        self.voting_open = True
        self.counts = {o["id"]: 0 for o in q.options}
        self.votes = {}


class Store:
    """All state lives in memory: this is the no-database reference."""

    def __init__(self, tick_hz: float, push_every_vote: bool) -> None:
        self.tick = 1.0 / tick_hz
        self.push_every_vote = push_every_vote
        self.organisers: dict[str, str] = {}  # token -> email
        self.users: dict[str, dict[str, str]] = {}  # email -> user
        self.presentations: dict[str, list[Question]] = {}
        self.questions: dict[str, Question] = {}
        self.rooms: dict[str, Room] = {}
        self.by_code: dict[str, Room] = {}
        self.participants: dict[str, tuple[str, str]] = {}  # token -> (room id, participant id)
        self.idempotency: dict[tuple[str, str], dict[str, str]] = {}
        self._ticker: asyncio.Task[None] | None = None

    # lifecycle ---------------------------------------------------------------------------
    def start(self) -> None:
        self._ticker = asyncio.get_running_loop().create_task(self._tick_loop())
        # Start-up objects never die: keep them out of every collection (DESIGN.md).
        gc.collect()
        gc.freeze()
        gc.set_threshold(50_000, 20, 20)

    async def stop(self) -> None:
        if self._ticker is not None:
            self._ticker.cancel()

    async def _tick_loop(self) -> None:
        """Push on a fixed clock: ticks never drift with the time a push takes."""
        loop = asyncio.get_running_loop()
        next_at = loop.time()
        while True:
            next_at += self.tick
            delay = next_at - loop.time()
            if delay < 0:
                # Late (a stalled loop): start the clock again from now rather than catch up,
                # so two pushes are never closer than one tick (<= 10 per second, contract).
                next_at = loop.time()
                delay = 0.0
            await asyncio.sleep(delay)
            for room in self.rooms.values():
                if room.dirty:
                    await self.push(room)

    async def push(self, room: Room) -> None:
        room.dirty = False
        result = room.result()
        if result is None:
            return
        text = orjson.dumps(
            {
                "type": "results",
                "seq": room.seq,
                "participant_count": room.participant_count,
                "result": result,
            }
        ).decode()
        message = {"type": "websocket.send", "text": text}
        # One serialisation, then a plain loop: no gather, no per-socket task.
        for send in list(room.presenters):
            await safe_send(send, message)
        if room.results_visible:
            for send in list(room.audience):
                await safe_send(send, message)

    def changed(self, room: Room) -> None:
        room.seq += 1
        room.dirty = True

    # organiser ---------------------------------------------------------------------------
    def organiser(self, headers: dict[bytes, bytes], query: dict[str, list[str]]) -> str:
        auth = headers.get(b"authorization", b"").decode()
        token = auth[7:] if auth.lower().startswith("bearer ") else query.get("token", [""])[0]
        if token not in self.organisers:
            raise ApiError(401, "not authenticated")
        return token

    def room_of(self, rid: str) -> Room:
        room = self.rooms.get(rid)
        if room is None:
            raise ApiError(404, "no such room")
        return room

    def control(self, room: Room, body: dict[str, Any]) -> dict[str, Any]:
        action = body.get("action")
        if action == "goto":
            q = self.questions.get(str(body.get("question_id")))
            if q is None or q not in room.questions:
                raise ApiError(404, "no such question")
            room.goto(q)
        elif action == "next" and room.questions:
            idx = room.questions.index(room.current) + 1 if room.current else 0
            room.goto(room.questions[min(idx, len(room.questions) - 1)])
        elif action in ("show_results", "hide_results"):
            room.results_visible = action == "show_results"
        elif action in ("open_voting", "close_voting"):
            room.voting_open = action == "open_voting"
        self.changed(room)
        return room.public()

    # participants ------------------------------------------------------------------------
    def join(self, body: dict[str, Any]) -> dict[str, str]:
        code = str(body.get("join_code", "")).replace(" ", "")
        room = self.by_code.get(code)
        if room is None:
            raise ApiError(404, "unknown join code")
        pid, token = new_id(), secrets.token_urlsafe(24)
        self.participants[token] = (room.id, pid)
        room.participant_count += 1
        self.changed(room)
        return {"room_id": room.id, "participant_id": pid, "participant_token": token}

    def participant(self, code: str, headers: dict[bytes, bytes]) -> tuple[Room, str]:
        auth = headers.get(b"authorization", b"").decode()
        token = auth[7:] if auth.lower().startswith("bearer ") else ""
        found = self.participants.get(token)
        room = self.by_code.get(code)
        if found is None or room is None or found[0] != room.id:
            raise ApiError(401, "not a participant of this room")
        return room, found[1]

    async def vote(
        self, room: Room, participant: str, body: dict[str, Any], key: str | None
    ) -> dict[str, str]:
        if key is not None and (participant, key) in self.idempotency:
            return self.idempotency[(participant, key)]
        q = room.current
        if q is None or not room.voting_open or body.get("question_id") != q.id:
            raise ApiError(423, "voting closed or question not current")
        choices = body.get("choice_ids")
        if not isinstance(choices, list) or len(choices) != 1 or choices[0] not in room.counts:
            raise ApiError(422, "choice_ids must name one option")
        previous = room.votes.get(participant)
        if previous is not None:
            for c in previous:
                room.counts[c] -= 1
        room.votes[participant] = (choices[0],)
        room.counts[choices[0]] += 1
        self.changed(room)
        answer = {"response_id": new_id(), "question_id": q.id}
        if key is not None:
            self.idempotency[(participant, key)] = answer
        if self.push_every_vote:
            await self.push(room)  # the configuration the bench must flag as failed
        return answer


async def safe_send(send: Send, message: Message) -> None:
    with contextlib.suppress(Exception):  # a socket that went away must not stop the loop
        await send(message)
