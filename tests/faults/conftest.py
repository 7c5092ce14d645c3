"""Fault tests run real `poll-service serve` processes on PostgreSQL with a private Redis."""

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from tests.conftest import empty_database, sqlite_url
from tests.support.processes import PrivateRedis


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[PrivateRedis]:
    if not PrivateRedis.available():
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    redis = PrivateRedis(tmp_path)
    redis.start()
    yield redis
    redis.stop()


@pytest.fixture
async def fault_database(postgres_database: str) -> AsyncIterator[str]:
    await empty_database(postgres_database)
    yield postgres_database


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """Reconnect and shutdown tests are about the network, not the database: SQLite only."""
    return sqlite_url(tmp_path)


# The browser tests here share the e2e suite's Chromium (one per test session).
from tests.e2e.conftest import browser  # noqa: E402, F401
