"""A real webhook receiver for the tests: a small Starlette app under uvicorn on a free port that
checks each delivery's Standard Webhooks signature the way a user's receiver would (written here
from the spec, not with the service's own code), can fail the next N attempts, and lets a test
wait for what it expects instead of sleeping."""

import asyncio
import base64
import hashlib
import hmac
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import orjson
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tests.conftest import free_port


def verify(secret: str, headers: Any, body: bytes, tolerance_s: int = 300) -> bool:
    message_id = headers["webhook-id"]
    timestamp = headers["webhook-timestamp"]
    if abs(time.time() - int(timestamp)) > tolerance_s:
        return False
    key = base64.b64decode(secret.removeprefix("whsec_"))
    expected = base64.b64encode(
        hmac.new(key, f"{message_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    ).decode()
    offered = [s.removeprefix("v1,") for s in headers["webhook-signature"].split() if s.startswith("v1,")]
    return any(hmac.compare_digest(expected, s) for s in offered)


@dataclass
class Receiver:
    secret: str = ""
    fail_next: int = 0  # answer 503 to this many attempts before accepting
    attempts: list[str] = field(default_factory=list)  # the Webhook-Id of every attempt, in order
    accepted: list[dict[str, Any]] = field(default_factory=list)  # verified bodies answered 200
    forged: int = 0
    url: str = ""
    _changed: asyncio.Condition = field(default_factory=asyncio.Condition)

    async def _hook(self, request: Request) -> Response:
        body = await request.body()
        async with self._changed:
            self.attempts.append(request.headers.get("webhook-id", ""))
            try:
                genuine = verify(self.secret, request.headers, body)
            except (KeyError, ValueError):
                genuine = False
            if not genuine:
                self.forged += 1
                answer = Response(status_code=401)
            elif self.fail_next > 0:
                self.fail_next -= 1
                answer = Response(status_code=503)
            else:
                event = orjson.loads(body)
                assert event["id"] == request.headers["webhook-id"]
                self.accepted.append(event)
                answer = Response(status_code=200)
            self._changed.notify_all()
        return answer

    async def wait_for(self, done: Callable[["Receiver"], bool], timeout: float = 15) -> None:
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: done(self)), timeout)

    def of_type(self, event: str) -> list[dict[str, Any]]:
        return [e for e in self.accepted if e["type"] == event]


class running_receiver:  # noqa: N801 (used as a context manager like a function)
    def __init__(self, **options: Any) -> None:
        self.receiver = Receiver(**options)

    async def __aenter__(self) -> Receiver:
        port = free_port()
        app = Starlette(routes=[Route("/hook", self.receiver._hook, methods=["POST"])])
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)
        self.task = asyncio.create_task(self.server.serve())
        while not self.server.started:  # uvicorn sets it once the socket listens
            await asyncio.sleep(0.01)
            if self.task.done():
                self.task.result()
        self.receiver.url = f"http://127.0.0.1:{port}/hook"
        return self.receiver

    async def __aexit__(self, *exc: object) -> None:
        self.server.should_exit = True
        await asyncio.wait_for(self.task, 10)
