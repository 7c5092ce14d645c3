"""The bare baseline the service is compared with, in the same run.

A plain ASGI app (no FastAPI, no database) that speaks the slice of the contract the bench uses:
organiser setup, joins, multiple-choice votes, and the presenter / participant sockets with
`state` then `results` snapshots. Results go out on a fixed 10 Hz clock, only when the room
changed, serialised once with orjson and written to every socket in a plain loop, exactly the
shape DESIGN.md recommends, so a ratio to it isolates what the service adds.

`fastapi` kind: the same app with the join and vote routes served by FastAPI + pydantic (still no
database), the reference for "durable HTTP votes >= 0.6 x FastAPI with no database".

Run: python -m bench.baseline_app --port 8001 [--kind asgi|fastapi]
Env: BENCH_TICK_HZ (default 10), BENCH_PUSH_EVERY_VOTE=1 (push on every vote, the broken way).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import os
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs

import orjson
from fastapi import FastAPI, Header, HTTPException, Request
from pydantic import BaseModel

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

JSON_HEADERS = [(b"content-type", b"application/json")]


def _id() -> str:
    return secrets.token_hex(8)


def _now() -> str:
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
    created_at: str = field(default_factory=_now)

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
            await _safe_send(send, message)
        if room.results_visible:
            for send in list(room.audience):
                await _safe_send(send, message)

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
        pid, token = _id(), secrets.token_urlsafe(24)
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
        answer = {"response_id": _id(), "question_id": q.id}
        if key is not None:
            self.idempotency[(participant, key)] = answer
        if self.push_every_vote:
            await self.push(room)  # the configuration the bench must flag as failed
        return answer


async def _safe_send(send: Send, message: Message) -> None:
    with contextlib.suppress(Exception):  # a socket that went away must not stop the loop
        await send(message)


async def _read_body(receive: Receive) -> dict[str, Any]:
    chunks = []
    while True:
        msg = await receive()
        chunks.append(msg.get("body", b""))
        if not msg.get("more_body"):
            break
    raw = b"".join(chunks)
    if not raw:
        return {}
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise ApiError(422, "invalid JSON") from exc
    if not isinstance(data, dict):
        raise ApiError(422, "expected an object")
    return data


async def _reply(send: Send, status: int, data: object) -> None:
    body = orjson.dumps(data)
    await send({"type": "http.response.start", "status": status, "headers": JSON_HEADERS})
    await send({"type": "http.response.body", "body": body})


def make_asgi(store: Store) -> ASGIApp:
    """The bare ASGI app over `store`."""

    async def http(scope: Scope, receive: Receive, send: Send) -> None:
        method, parts = scope["method"], scope["path"].strip("/").split("/")
        headers = dict(scope["headers"])
        query = parse_qs(scope.get("query_string", b"").decode())
        status: int = 200
        out: object = None
        try:
            if parts == ["health"]:
                out = {"status": "ok"}
            elif method == "POST" and parts == ["api", "join"]:
                out = store.join(await _read_body(receive))
            elif method == "POST" and len(parts) == 4 and parts[:2] == ["api", "join"]:
                room, pid = store.participant(parts[2], headers)
                key = headers.get(b"idempotency-key")
                body = await _read_body(receive)
                out = await store.vote(room, pid, body, key.decode() if key else None)
                status = 201
            elif method == "POST" and parts == ["api", "auth", "register"]:
                body = await _read_body(receive)
                user = {"id": _id(), "email": body["email"], "display_name": body["display_name"]}
                store.users[str(body["email"])] = user
                status, out = 201, user
            elif method == "POST" and parts == ["api", "auth", "login"]:
                body = await _read_body(receive)
                if str(body.get("email")) not in store.users:
                    raise ApiError(401, "bad credentials")
                token = secrets.token_urlsafe(24)
                store.organisers[token] = str(body["email"])
                out = {"access_token": token, "token_type": "bearer"}
            else:
                store.organiser(headers, query)
                status, out = await organiser_route(method, parts, receive)
        except ApiError as exc:
            status, out = exc.status, {"detail": exc.detail}
        except (KeyError, TypeError, ValueError):
            status, out = 422, {"detail": "invalid request"}
        await _reply(send, status, out)

    async def organiser_route(method: str, parts: list[str], receive: Receive) -> tuple[int, object]:
        if method == "POST" and parts == ["api", "presentations"]:
            body = await _read_body(receive)
            pid = _id()
            store.presentations[pid] = []
            title = body.get("title", "")
            return 201, {"id": pid, "title": title, "language": "en", "created_at": _now(), "questions": []}
        if method == "POST" and len(parts) == 4 and parts[1] == "presentations":
            pres = store.presentations.get(parts[2])
            if pres is None:
                raise ApiError(404, "no such presentation")
            body = await _read_body(receive)
            if parts[3] == "questions":
                opts = [{"id": _id(), "label": str(o["label"])} for o in body.get("options", [])]
                q = Question(_id(), str(body.get("prompt", "")), opts)
                pres.append(q)
                store.questions[q.id] = q
                return 201, q.public(len(pres) - 1)
            if parts[3] == "rooms":
                code = "".join(secrets.choice("0123456789") for _ in range(8))
                room = Room(_id(), code, parts[2], list(pres))
                store.rooms[room.id] = room
                store.by_code[code] = room
                return 201, room.public()
        if len(parts) >= 3 and parts[:2] == ["api", "rooms"]:
            room = store.room_of(parts[2])
            if method == "POST" and parts[3:] == ["control"]:
                return 200, store.control(room, await _read_body(receive))
            if method == "GET" and parts[3:] == ["results"]:
                result = room.result()
                return 200, {
                    "room_id": room.id,
                    "participant_count": room.participant_count,
                    "questions": [result] if result else [],
                }
            if method == "GET" and parts[3:] == []:
                return 200, room.public()
        raise ApiError(404, "not found")

    async def websocket(scope: Scope, receive: Receive, send: Send) -> None:
        parts = scope["path"].strip("/").split("/")
        query = parse_qs(scope.get("query_string", b"").decode())
        headers = dict(scope["headers"])
        await receive()  # websocket.connect
        try:
            if len(parts) == 4 and parts[:2] == ["ws", "rooms"] and parts[3] == "presenter":
                store.organiser(headers, query)
                room = store.room_of(parts[2])
                members, first = room.presenters, {"type": "state", "seq": room.seq, "room": room.public()}
                wants_results = True
            elif len(parts) == 3 and parts[:2] == ["ws", "join"]:
                token = query.get("token", [""])[0]
                headers[b"authorization"] = f"Bearer {token}".encode()
                room, _ = store.participant(parts[2], headers)
                members, first = (
                    room.audience,
                    {"type": "state", "seq": room.seq, "state": room.participant_state()},
                )
                wants_results = room.results_visible
            else:
                raise ApiError(404, "no such socket")
        except ApiError:
            await send({"type": "websocket.close", "code": 1008})
            return
        await send({"type": "websocket.accept"})
        await send({"type": "websocket.send", "text": orjson.dumps(first).decode()})
        result = room.result()
        if wants_results and result is not None:
            snap = {
                "type": "results",
                "seq": room.seq,
                "participant_count": room.participant_count,
                "result": result,
            }
            await send({"type": "websocket.send", "text": orjson.dumps(snap).decode()})
        members.add(send)
        try:
            while (await receive())["type"] != "websocket.disconnect":
                pass  # sockets only receive; anything sent is ignored
        finally:
            members.discard(send)

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http":
            await http(scope, receive, send)
        elif kind == "websocket":
            await websocket(scope, receive, send)
        elif kind == "lifespan":
            while True:
                msg = await receive()
                if msg["type"] == "lifespan.startup":
                    store.start()
                    await send({"type": "lifespan.startup.complete"})
                elif msg["type"] == "lifespan.shutdown":
                    await store.stop()
                    await send({"type": "lifespan.shutdown.complete"})
                    return

    return app


def _store_from_env() -> Store:
    return Store(
        tick_hz=float(os.environ.get("BENCH_TICK_HZ", "10")),
        push_every_vote=os.environ.get("BENCH_PUSH_EVERY_VOTE", "") == "1",
    )


def create_asgi_app() -> ASGIApp:
    return make_asgi(_store_from_env())


# FastAPI variant. Module level: FastAPI resolves (string) annotations in module globals.
class JoinIn(BaseModel):
    join_code: str


class JoinOut(BaseModel):
    room_id: str
    participant_id: str
    participant_token: str


class VoteIn(BaseModel):
    question_id: str
    choice_ids: list[str]


class VoteOut(BaseModel):
    response_id: str
    question_id: str


def create_fastapi_app() -> Any:
    """FastAPI + pydantic for join and vote (the HTTP reference), the bare app for the rest."""
    store = _store_from_env()
    bare = make_asgi(store)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        store.start()
        yield
        await store.stop()

    api = FastAPI(lifespan=lifespan)

    @api.post("/api/join")
    async def join(body: JoinIn) -> JoinOut:
        try:
            return JoinOut(**store.join(body.model_dump()))
        except ApiError as exc:
            raise HTTPException(exc.status, exc.detail) from exc

    @api.post("/api/join/{code}/responses", status_code=201)
    async def respond(
        code: str,
        body: VoteIn,
        request: Request,
        idempotency_key: str | None = Header(default=None),
    ) -> VoteOut:
        headers = {b"authorization": request.headers.get("authorization", "").encode()}
        try:
            room, pid = store.participant(code, headers)
            return VoteOut(**await store.vote(room, pid, body.model_dump(), idempotency_key))
        except ApiError as exc:
            raise HTTPException(exc.status, exc.detail) from exc

    api.mount("/", bare)
    return api


def main() -> None:
    import uvicorn

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--kind", choices=["asgi", "fastapi"], default="asgi")
    args = parser.parse_args()
    factory = "create_asgi_app" if args.kind == "asgi" else "create_fastapi_app"
    # The uvicorn options DESIGN.md measured as fastest; compression off.
    uvicorn.run(
        f"bench.baseline_app:{factory}",
        factory=True,
        host=args.host,
        port=args.port,
        loop="uvloop",
        http="httptools",
        ws="websockets-sansio",
        ws_per_message_deflate=False,
        access_log=False,
        log_level="warning",
        lifespan="on",
        backlog=4096,
    )


if __name__ == "__main__":
    main()
