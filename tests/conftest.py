"""Real parts: the app over a real SQLite file (or the PostgreSQL server) built by the migrations,
real uvicorn servers for sockets, real websocket clients."""

import asyncio
import atexit
import os
import shutil
import socket
import sqlite3
import tempfile
import threading
import uuid
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from poll_service.app import create_app
from poll_service.http_protocol import ConnectionLimits, guarded_protocol
from poll_service.realtime.ws_protocol import GuardedWebSocketProtocol
from poll_service.settings import Settings

POSTGRES_URL = os.environ.get("POLL_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")


def _redis_url_of_this_worker(url: str) -> str:
    """Each pytest-xdist worker (gw0, gw1, ...) takes the Redis database below the previous one's:
    rate-limit counters and channels of one worker's tests never reach another's."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker.startswith("gw"):
        return url
    base, _, number = url.rpartition("/")
    return f"{base}/{max(0, int(number or 0) - int(worker[2:]))}"


REDIS_URL = _redis_url_of_this_worker(os.environ.get("POLL_TEST_REDIS_URL", "redis://127.0.0.1:6379/15"))


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def postgres_available() -> bool:
    return _reachable("127.0.0.1", 5432)


def redis_available() -> bool:
    return _reachable("127.0.0.1", 6379)


@pytest.fixture(scope="session")
async def postgres_database() -> AsyncIterator[str]:
    """A database of its own for this test run, migrated once; dropped at the end."""
    if not postgres_available():
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432 (start it: see .ci/run)")
    import asyncpg

    name = f"poll_test_{uuid.uuid4().hex[:10]}"
    admin_dsn = POSTGRES_URL.replace("postgresql+asyncpg", "postgresql")

    async def admin(sql: str) -> None:
        conn = await asyncpg.connect(admin_dsn)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    await admin(f'CREATE DATABASE "{name}"')
    url = POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
    from poll_service.db import upgrade_database_async

    await upgrade_database_async(url)
    yield url
    await admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def _truncate_postgres(url: str) -> None:
    """Every table back to freshly migrated (empty; alembic's own row kept). DELETE with foreign
    keys unchecked for the moment: 1-2 ms for the few rows a test leaves, where TRUNCATE took
    ~55 ms (it makes every table's files anew)."""
    import asyncpg

    conn = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"))
    try:
        tables = await conn.fetch(
            "SELECT quote_ident(tablename) AS name FROM pg_tables"
            " WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
        )
        deletes = "".join(f"DELETE FROM {table['name']};" for table in tables)
        await conn.execute(f"SET session_replication_role = replica;{deletes}")
    finally:
        await conn.close()


_template_lock = threading.Lock()
_template_path: Path | None = None


def _migrated_sqlite_template() -> Path:
    """A SQLite file built by every migration, once per test process (the migrations take ~0.25 s,
    a copy well under 1 ms; the app's own upgrade at start-up then finds the schema at head)."""
    global _template_path
    with _template_lock:
        if _template_path is None:
            from poll_service.db import upgrade_database

            folder = Path(tempfile.mkdtemp(prefix="poll-template-"))
            atexit.register(shutil.rmtree, folder, ignore_errors=True)
            path = folder / "template.db"
            # alembic runs an event loop of its own: keep it off the thread that runs the tests'.
            with ThreadPoolExecutor(1) as worker:
                worker.submit(upgrade_database, f"sqlite+aiosqlite:///{path}").result()
            with sqlite3.connect(path) as conn:  # fold the write-ahead log into the file itself
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            _template_path = path
        return _template_path


def sqlite_url(folder: Path, name: str = "poll.db") -> str:
    """A fresh, migrated SQLite file in `folder`, as an async SQLAlchemy URL."""
    target = folder / name
    shutil.copyfile(_migrated_sqlite_template(), target)
    return f"sqlite+aiosqlite:///{target}"


@pytest.hookimpl(tryfirst=True)
def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test (or a module's `pytestmark`) marked `sqlite_only` gets only the SQLite half of
    `database_url`: its behaviour cannot depend on the dialect (tests/README.md says which do).
    Added as a parametrize mark, which pytest lets win over the fixture's own params."""
    if "database_url" in metafunc.fixturenames and metafunc.definition.get_closest_marker("sqlite_only"):
        metafunc.definition.add_marker(pytest.mark.parametrize("database_url", ["sqlite"], indirect=True))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh SQLite file, or the run's PostgreSQL database (emptied before each app starts)."""
    if request.param == "sqlite":
        return sqlite_url(tmp_path)
    url: str = request.getfixturevalue("postgres_database")
    return url


async def empty_database(url: str) -> None:
    if url.startswith("postgresql"):
        await _truncate_postgres(url)


CHEAP_PASSWORD_HASHES = {
    "password_hash_memory_kib": 19456,
    "password_hash_passes": 2,
    "password_hash_lanes": 1,
}
DEFAULT_PASSWORD_HASHES = {
    "password_hash_memory_kib": 65536,
    "password_hash_passes": 3,
    "password_hash_lanes": 4,
}


def make_settings(database_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": database_url,
        "secret_key": "test-secret-key-that-is-long-enough-0123456789",
        "redis_url": None,
        # Every test client speaks from one address and registers organisers at will; the
        # registration limits have tests of their own.
        "registrations_per_ip_per_hour": 100_000,
        "registrations_per_minute": 100_000,
        # argon2id at OWASP's floor (19 MiB x 2 passes, ~30 ms of a core) instead of the default's
        # 64 MiB x 3 x 4 lanes (~180 ms): nearly every test signs an organiser up and in. The cost
        # itself is tested at its default (tests/security/test_password_hashing.py).
        **CHEAP_PASSWORD_HASHES,
        # Each app's pacer froze what survived (gc_pacing.py), and frozen cycles are never
        # collected: one test process piled up the apps of earlier tests, and the periodic
        # thaw-and-collect that kept it in check cost 1.5-2 s a time. The pacer has its own tests.
        "gc_pacing": False,
    }
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
def settings(database_url: str) -> Settings:
    return make_settings(database_url)


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[FastAPI]:
    await empty_database(settings.database_url)
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 5555))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# A request to a live server may wait behind a browser and other workers on a loaded 2-core
# machine: httpx's 5 s default failed tests that were only slow, not wrong.
LIVE_CLIENT_TIMEOUT_S = 30.0


@dataclass
class LiveServer:
    url: str
    ws_url: str
    app: FastAPI

    def client(self) -> httpx.AsyncClient:
        """An HTTP client of this server (use it as `async with live_server.client() as http`)."""
        return httpx.AsyncClient(base_url=self.url, timeout=LIVE_CLIENT_TIMEOUT_S)


@pytest.fixture
async def live_server(settings: Settings) -> AsyncIterator[LiveServer]:
    """The app under a real uvicorn server on 127.0.0.1, in this test's event loop."""
    async with run_server(settings) as server:
        yield server


class run_server:  # noqa: N801 (used as a context manager like a function)
    def __init__(self, settings: Settings, port: int | None = None) -> None:
        self.settings = settings
        self.port = port  # None: a free one

    async def __aenter__(self) -> LiveServer:
        await empty_database(self.settings.database_url)
        port = self.port or free_port()
        self.app = create_app(self.settings)
        config = uvicorn.Config(
            self.app,
            host="127.0.0.1",
            port=port,
            http=guarded_protocol(ConnectionLimits.from_settings(self.settings)),
            ws=GuardedWebSocketProtocol,
            ws_per_message_deflate=False,
            ws_max_size=64 * 1024,
            log_level="warning",
            lifespan="on",
        )
        self.server = uvicorn.Server(config)
        self.task = asyncio.create_task(self.server.serve())
        for _ in range(200):
            if self.server.started:
                break
            await asyncio.sleep(0.02)
        assert self.server.started, "uvicorn did not start"
        return LiveServer(f"http://127.0.0.1:{port}", f"ws://127.0.0.1:{port}", self.app)

    async def __aexit__(self, *exc: object) -> None:
        self.server.should_exit = True
        await asyncio.wait_for(self.task, 15)


async def clear_rate_limits() -> None:
    """Rate-limit counters live in Redis for a minute; one test's wrong codes must not throttle the next."""
    import redis.asyncio as redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        keys = await client.keys("poll:rl:*")
        if keys:
            await client.delete(*keys)
    finally:
        await client.aclose()
