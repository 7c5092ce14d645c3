"""Pure ASGI middleware: body size limit and security headers on every HTTP answer."""

import json
from collections.abc import Iterable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from poll_service.realtime.sender import RAW_SEND_SCOPE_KEY

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)


class _TooLarge(Exception):
    pass


class GuardMiddleware:
    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            if scope["type"] == "websocket":
                # The server's own send: realtime/sender.py reads its flow-control flag from it.
                scope[RAW_SEND_SCOPE_KEY] = send
            await self.app(scope, receive, send)
            return
        limit = self.max_body_bytes
        for name, value in scope["headers"]:
            if name == b"content-length" and (not value.isdigit() or int(value) > limit):
                await _reject(send, limit)
                return
        received = 0
        response_started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _TooLarge
            return message

        async def send_with_headers(message: Message) -> None:
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
                message["headers"] = _with_security_headers(message.get("headers", []))
            await send(message)

        try:
            await self.app(scope, limited_receive, send_with_headers)
        except _TooLarge:
            if not response_started:
                await _reject(send, limit)


# On every answer (HTML pages get the CSP as well). The join and vote lane adds them itself.
SECURITY_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
)


def too_large_message(limit: int) -> str:
    return f"request body is larger than {limit} bytes"


def _with_security_headers(raw: Iterable[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """The response's headers plus ours where the app did not set them (plain list work: this runs
    on every vote, where MutableHeaders cost as much as the rest of the answer)."""
    headers = list(raw)
    present = {name.lower() for name, _ in headers}
    headers.extend(pair for pair in SECURITY_HEADERS if pair[0] not in present)
    if b"content-security-policy" not in present:
        content_type = next((v for n, v in headers if n.lower() == b"content-type"), b"")
        if content_type.startswith(b"text/html"):
            headers.append((b"content-security-policy", CSP.encode()))
    return headers


async def _reject(send: Send, limit: int) -> None:
    body = json.dumps({"detail": too_large_message(limit)}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"x-content-type-options", b"nosniff"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
