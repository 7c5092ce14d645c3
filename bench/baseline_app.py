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
import os
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import parse_qs

import orjson
from fastapi import FastAPI, Header, HTTPException, Request
from pydantic import BaseModel

from bench.baseline_store import (
    ApiError,
    ASGIApp,
    Question,
    Receive,
    Room,
    Scope,
    Send,
    Store,
    new_id,
    now_iso,
)

JSON_HEADERS = [(b"content-type", b"application/json")]


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
                user = {"id": new_id(), "email": body["email"], "display_name": body["display_name"]}
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
            pid = new_id()
            store.presentations[pid] = []
            title = body.get("title", "")
            return 201, {
                "id": pid,
                "title": title,
                "language": "en",
                "created_at": now_iso(),
                "questions": [],
            }
        if method == "POST" and len(parts) == 4 and parts[1] == "presentations":
            pres = store.presentations.get(parts[2])
            if pres is None:
                raise ApiError(404, "no such presentation")
            body = await _read_body(receive)
            if parts[3] == "questions":
                opts = [{"id": new_id(), "label": str(o["label"])} for o in body.get("options", [])]
                q = Question(new_id(), str(body.get("prompt", "")), opts)
                pres.append(q)
                store.questions[q.id] = q
                return 201, q.public(len(pres) - 1)
            if parts[3] == "rooms":
                code = "".join(secrets.choice("0123456789") for _ in range(8))
                room = Room(new_id(), code, parts[2], list(pres))
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
