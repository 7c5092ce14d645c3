"""The two hot routes, served ahead of FastAPI's routing, middleware and dependency resolution.

`POST /api/join` and `POST /api/join/{code}/responses` are what thousands of phones hit within
seconds. FastAPI's stack (its error and telemetry layers, routing, dependencies, body validation)
costs more CPU than the group-committed database write (bench/README.md has the figures), so
`PollService` (app.py) hands these two paths to `FastLane` before that stack runs. The steps are
the routes' own (`accept_join`, `accept_vote`), and the FastAPI routes stay registered: they
document the routes in OpenAPI and serve the no-script form. The lane applies GuardMiddleware's
rules itself (the body limit, the security headers) rather than through its wrappers, which cost
a vote as much as the rules.
"""

import re
from typing import Any

import orjson
from pydantic import ValidationError
from starlette.requests import HTTPConnection, cookie_parser
from starlette.responses import Response
from starlette.types import Message, Receive, Scope, Send

from poll_service.accounts.auth import NOT_JOINED
from poll_service.connection import base_url, client_address
from poll_service.context import AppContext
from poll_service.cookies import secure_cookie
from poll_service.errors import (
    DATABASE_ERRORS,
    InvalidInput,
    PayloadTooLarge,
    PollError,
    Unauthorized,
    database_busy,
    validation_detail,
)
from poll_service.http_guards import SECURITY_HEADERS, RequestRules, too_large_message
from poll_service.participants.joining import accept_join, set_participant_cookie
from poll_service.participants.schemas import JoinIn
from poll_service.participants.voting import accept_vote
from poll_service.security import PARTICIPANT_COOKIE

VOTE_PATH = re.compile(r"/api/join/([^/]+)/responses")


def is_hot(scope: Scope) -> bool:
    """A request the fast lane answers: a join or a vote."""
    if scope["type"] != "http" or scope["method"] != "POST":
        return False
    path: str = scope["path"]
    return path == "/api/join" or VOTE_PATH.fullmatch(path) is not None


class FastLane:
    """ASGI app for the requests `is_hot` picked; `scope["app"]` is the FastAPI app."""

    def __init__(self, max_body_bytes: int, rules: RequestRules) -> None:
        self.max_body_bytes = max_body_bytes
        self.rules = rules

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = _headers(scope)
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body_bytes):
            await _answer(send, 413, {"detail": too_large_message(self.max_body_bytes)})
            return
        if self.rules.extra_headers:
            send = _adding(send, self.rules.extra_headers)
        refused = self.rules.refusal(scope["method"], scope["path"], scope["headers"])
        if refused is not None:
            await _answer(send, refused[0], {"detail": refused[1]})
            return
        body = _Body(receive, self.max_body_bytes)
        if scope["path"] == "/api/join":
            await _join(scope, headers, body, send)
            return
        match = VOTE_PATH.fullmatch(scope["path"])
        assert match is not None, "FastLane serves only what is_hot picked"
        await _vote(scope, headers, body, send, match.group(1))


class _Body:
    """The request body as JSON, refused past the size limit (as GuardMiddleware would)."""

    __slots__ = ("_limit", "_receive")

    def __init__(self, receive: Receive, limit: int) -> None:
        self._receive = receive
        self._limit = limit

    async def json(self) -> Any:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await self._receive()
            if message["type"] == "http.disconnect":
                raise InvalidInput("the request body did not arrive")
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self._limit:
                raise PayloadTooLarge(too_large_message(self._limit))
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        try:
            return orjson.loads(b"".join(chunks))
        except orjson.JSONDecodeError:
            raise InvalidInput("the body must be a JSON object") from None


async def _join(scope: Scope, headers: dict[bytes, bytes], raw: _Body, send: Send) -> None:
    context: AppContext = scope["app"].state.context
    try:
        try:
            body = JoinIn.model_validate(await raw.json())
        except ValidationError as exc:
            # The same answer FastAPI's validation gives (errors.validation_detail).
            await _answer(send, 422, {"detail": validation_detail(exc.errors(), ("body",))})
            return
        connection = HTTPConnection(scope)
        joined = await accept_join(
            context,
            body,
            _token(headers),
            client_address(connection),
            base_url(scope, context.settings.public_url),
        )
    except PollError as error:
        await _refuse(send, error)
        return
    except DATABASE_ERRORS:
        await _refuse(send, database_busy())
        return
    # Starlette writes the cookie, so it is exactly the one the documented route sets.
    cookie = Response()
    set_participant_cookie(cookie, joined.participant_token, secure_cookie(context.settings, connection))
    set_cookie = [header for header in cookie.raw_headers if header[0] == b"set-cookie"]
    await _answer(send, 200, joined.model_dump(), raw_headers=set_cookie)


def _token(headers: dict[bytes, bytes]) -> str | None:
    """The participant token: Authorization header first, then the cookie."""
    token = _bearer(headers.get(b"authorization"))
    if token is None and b"cookie" in headers:
        token = cookie_parser(headers[b"cookie"].decode("latin-1")).get(PARTICIPANT_COOKIE) or None
    return token


async def _vote(scope: Scope, headers: dict[bytes, bytes], raw: _Body, send: Send, join_code: str) -> None:
    context: AppContext = scope["app"].state.context
    try:
        token = _token(headers)
        identity = context.participant_tokens.read(token) if token is not None else None
        if identity is None:
            raise Unauthorized(NOT_JOINED)
        body = await raw.json()
        key = headers.get(b"idempotency-key")
        accepted = await accept_vote(
            context,
            identity,
            join_code,
            base_url(scope, context.settings.public_url),
            body,
            key.decode("latin-1") if key is not None else None,
        )
    except PollError as error:
        await _refuse(send, error)
        return
    except DATABASE_ERRORS:
        await _refuse(send, database_busy())
        return
    answer: dict[str, Any] = {"response_id": accepted.response_id, "question_id": accepted.question_id}
    if accepted.status != "visible":  # held back by moderation: say so (docs/qna-and-moderation.md)
        answer.update(status=accepted.status, message=accepted.message)
    await _answer(send, 201, answer)


def _headers(scope: Scope) -> dict[bytes, bytes]:
    # ASGI header names are lower-case already; a repeated header keeps its first value.
    found: dict[bytes, bytes] = {}
    for name, value in scope["headers"]:
        found.setdefault(name, value)
    return found


def _bearer(value: bytes | None) -> str | None:
    if value is None:
        return None
    scheme, _, token = value.decode("latin-1").partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


async def _refuse(send: Send, error: PollError) -> None:
    """As errors.install_error_handlers answers it on the FastAPI side."""
    await _answer(send, error.status_code, {"detail": error.message}, error.headers)


def _adding(send: Send, extra: tuple[tuple[bytes, bytes], ...]) -> Send:
    """`send` that adds the deployment's own headers (HSTS) to the answer."""

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            message["headers"] = [*message["headers"], *extra]
        await send(message)

    return sending


async def _answer(
    send: Send,
    status: int,
    payload: dict[str, Any],
    extra: dict[str, str] | None = None,
    raw_headers: list[tuple[bytes, bytes]] | None = None,
) -> None:
    body = orjson.dumps(payload)
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    headers += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in (extra or {}).items()]
    headers += raw_headers or []
    headers += SECURITY_HEADERS
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
