"""Pure ASGI middleware: body size limit, cross-site writes, JSON-only API bodies and security
headers on every HTTP answer.

A write (POST, PUT, PATCH, DELETE) that a browser sends from another origin is refused whatever
it carries: SameSite=Lax cookies still travel from a page on another port of the same host
(same *site*), so without this such a page could change a phone's vote or open an organiser's
room. Browsers name the page that sent a request in `Origin` (else `Referer`); clients that are
not browsers send neither and are not what cross-site request forgery is about."""

import json
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from poll_service.realtime.sender import RAW_SEND_SCOPE_KEY

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)


def csp_with_style(source: str | None) -> str:
    """The pages' policy, also letting one inline style run: `source` is its 'sha256-…' (a theme's
    custom properties, themes/stylesheet.py); None: the policy as it is."""
    return CSP if source is None else CSP.replace("style-src 'self'", f"style-src 'self' {source}", 1)


class _TooLarge(Exception):
    pass


HSTS = (b"strict-transport-security", b"max-age=31536000; includeSubDomains")
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CROSS_SITE = "refused: this request came from a page of another site"
NOT_JSON = "the body must be JSON (Content-Type: application/json)"
# Image uploads (media/): the body is the image itself, with a limit of its own.
UPLOAD_PATH = re.compile(r"^/api/presentations/[^/]+/(?:media|pdf-deck)$")
# A talk's PDF (media/pdf_pages.py) has a larger limit than an image.
PDF_DECK_PATH = re.compile(r"^/api/presentations/[^/]+/pdf-deck$")
# A deck document may carry its images (decks/deck_media.py): its own limit.
DECK_IMPORT_PATH = "/api/presentations/import"


def is_upload(method: str, path: str) -> bool:
    return method == "POST" and UPLOAD_PATH.match(path) is not None


class RequestRules:
    """Which origins may send writes: the service's own (its Host), the public URL and
    POLL_ALLOWED_ORIGINS."""

    def __init__(self, public_url: str | None, allowed_origins: Iterable[str], *, hsts: bool = False) -> None:
        self.trusted = {urlsplit(url).netloc.lower() for url in (public_url, *allowed_origins) if url}
        # Production behind HTTPS: browsers are told to come back over HTTPS only, for a year.
        self.extra_headers: tuple[tuple[bytes, bytes], ...] = (HSTS,) if hsts else ()

    def refusal(
        self, method: str, path: str, headers: Iterable[tuple[bytes, bytes]]
    ) -> tuple[int, str] | None:
        """(status, detail) when the request must be refused before anything reads it."""
        if method not in UNSAFE_METHODS:
            return None
        found = {name.lower(): value for name, value in headers}
        sender = found.get(b"origin") or found.get(b"referer")
        if sender is not None and not self._same_site(sender, found.get(b"host", b"")):
            return 403, CROSS_SITE
        if is_upload(method, path):
            return None  # the upload route checks the image's type itself
        if path.startswith("/api/") and _has_body(found) and not _is_json(found.get(b"content-type", b"")):
            return 415, NOT_JSON
        return None

    def _same_site(self, sender: bytes, host: bytes) -> bool:
        parts = urlsplit(sender.decode("latin-1"))
        origin = parts.netloc.lower()
        return parts.scheme in ("http", "https") and (
            origin == host.decode("latin-1").lower() or origin in self.trusted
        )


def _has_body(headers: dict[bytes, bytes]) -> bool:
    length = headers.get(b"content-length")
    return b"transfer-encoding" in headers or (length is not None and length not in (b"", b"0"))


def _is_json(content_type: bytes) -> bool:
    media = content_type.split(b";", 1)[0].strip().lower()
    return media == b"application/json" or (media.startswith(b"application/") and media.endswith(b"+json"))


class GuardMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        max_body_bytes: int,
        rules: RequestRules,
        max_upload_bytes: int = 0,
        max_pdf_bytes: int = 0,
        max_deck_bytes: int = 0,
    ) -> None:
        self.app = app
        self.max_deck_bytes = max(max_deck_bytes, max_body_bytes)
        self.max_body_bytes = max_body_bytes
        self.max_upload_bytes = max(max_upload_bytes, max_body_bytes)
        self.max_pdf_bytes = max(max_pdf_bytes, max_body_bytes)
        self.rules = rules

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            if scope["type"] == "websocket":
                # The server's own send: realtime/sender.py reads its flow-control flag from it.
                scope[RAW_SEND_SCOPE_KEY] = send
            await self.app(scope, receive, send)
            return
        limit = self._limit(scope["method"], scope["path"])
        for name, value in scope["headers"]:
            if name == b"content-length" and (not value.isdigit() or int(value) > limit):
                await _reject(send, 413, too_large_message(limit))
                return
        refused = self.rules.refusal(scope["method"], scope["path"], scope["headers"])
        if refused is not None:
            await _reject(send, *refused)
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
                headers = _with_security_headers(message.get("headers", []))
                message["headers"] = [*headers, *self.rules.extra_headers]
            await send(message)

        try:
            await self.app(scope, limited_receive, send_with_headers)
        except _TooLarge:
            if not response_started:
                await _reject(send, 413, too_large_message(limit))

    def _limit(self, method: str, path: str) -> int:
        if method == "POST" and path == DECK_IMPORT_PATH:
            return self.max_deck_bytes
        if not is_upload(method, path):
            return self.max_body_bytes
        return self.max_pdf_bytes if PDF_DECK_PATH.match(path) else self.max_upload_bytes


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


async def _reject(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"x-content-type-options", b"nosniff"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
