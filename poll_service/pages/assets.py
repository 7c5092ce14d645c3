"""Where the frontend lives, and how its static files are served: versioned, cached, compressed."""

import hashlib
import os
import re
from functools import cache
from pathlib import Path

from starlette._utils import get_route_path
from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES, GZipMiddleware
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

STATIC_PREFIX = "/static"
# Versioned URLs look like /static/v-1a2b3c4d5e/js/phone.js: the version is a path segment (not a
# query string) so that the relative imports inside ES modules are versioned too.
_VERSION_SEGMENT = re.compile(r"^v-[0-9a-f]{1,40}$")
CACHE_VERSIONED = "public, max-age=31536000, immutable"
CACHE_PLAIN = "public, max-age=3600"


def frontend_dir() -> Path:
    """frontend/ beside the package in a checkout, or bundled inside it in a wheel."""
    package_dir = Path(__file__).resolve().parent.parent
    for candidate in (package_dir / "_frontend", package_dir.parent / "frontend"):
        if (candidate / "templates").is_dir() and (candidate / "static").is_dir():
            return candidate
    raise RuntimeError("frontend folder not found")


@cache
def static_version(static_dir: Path) -> str:
    """One hash over every static file: a changed file gives every URL a new version."""
    digest = hashlib.sha256()
    for path in sorted(p for p in static_dir.rglob("*") if p.is_file()):
        digest.update(path.relative_to(static_dir).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def static_url(static_dir: Path, name: str) -> str:
    return f"{STATIC_PREFIX}/v-{static_version(static_dir)}/{name.lstrip('/')}"


class CachedStaticFiles(StaticFiles):
    """StaticFiles that accepts a version segment first and says how long a file may be cached."""

    def get_path(self, scope: Scope) -> str:
        route_path = get_route_path(scope)
        first, _, rest = route_path.lstrip("/").partition("/")
        if _VERSION_SEGMENT.match(first):
            scope["poll_versioned"] = True
            route_path = rest
        return os.path.normpath(os.path.join(*route_path.split("/")))

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        if response.status_code in (200, 304):
            versioned = scope.get("poll_versioned", False)
            response.headers["Cache-Control"] = CACHE_VERSIONED if versioned else CACHE_PLAIN
        return response


# Files that are compressed already (PDF streams are deflated, XLSX is a zip) are sent as they are.
_PRECOMPRESSED = (
    *DEFAULT_EXCLUDED_CONTENT_TYPES,
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
# The participants' API (join, vote, state, reactions) is the hot path, and its answers are small.
_UNCOMPRESSED_PREFIX = "/api/join"


def compressible(scope: Scope) -> bool:
    """Pages, static files and the JSON API that reads (GET): not the sockets, not writes, not the
    participants' hot path. Answers under 500 bytes stay plain (gzip would only add to them)."""
    if scope["type"] != "http":
        return False
    path = str(scope.get("path", ""))
    if not path.startswith("/api/"):
        return True
    return scope.get("method") == "GET" and not path.startswith(_UNCOMPRESSED_PREFIX)


class PagesGZip:
    """gzip for pages, static files and the organisers' JSON reads (results, presentations); the
    sockets and the vote path pass straight through, so they pay nothing for it, and the body-size
    guard inside keeps working."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.gzip = GZipMiddleware(
            app, minimum_size=500, compresslevel=6, exclude_content_types=_PRECOMPRESSED
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if compressible(scope):
            await self.gzip(scope, receive, send)
        else:
            await self.app(scope, receive, send)
