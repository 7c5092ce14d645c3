"""The async engine and session factory (no sync Session anywhere) and schema migrations."""

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, event, text
from sqlalchemy import create_engine as create_sync_engine
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from poll_service.settings import Settings


def create_engine(settings: Settings) -> AsyncEngine:
    if settings.is_sqlite:
        engine = create_async_engine(
            settings.database_url,
            connect_args={"timeout": settings.db_busy_timeout_ms / 1000},
            # Each aiosqlite connection is a thread plus four pragmas: a pool too small for a
            # burst of joins opens and closes overflow connections by the hundred.
            pool_size=settings.db_pool_size,
            max_overflow=settings.db_max_overflow,
            pool_timeout=settings.db_busy_timeout_ms / 1000,
        )
        _install_sqlite_pragmas(engine, settings)
        return engine
    return create_async_engine(
        settings.database_url,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        pool_pre_ping=True,
        pool_timeout=settings.db_busy_timeout_ms / 1000,
    )


# Pages (4 KiB) of write-ahead log before the writer copies it back into the database file.
WRITER_CHECKPOINT_PAGES = 10_000


def create_sqlite_writer_engine(settings: Settings) -> Engine:
    """The vote writer's own connection to the SQLite file, used from its one thread.

    Its transactions start with BEGIN IMMEDIATE, so a batch holds the write lock from its first
    statement (its idempotency check and its writes see one consistent file)."""
    url = settings.database_url.replace("sqlite+aiosqlite:", "sqlite:", 1)
    engine = create_sync_engine(
        url,
        connect_args={"timeout": settings.db_busy_timeout_ms / 1000, "check_same_thread": False},
        pool_size=1,
        max_overflow=0,
    )
    _install_sqlite_pragmas(engine, settings)

    @event.listens_for(engine, "connect")
    def _manual_transactions(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # the "begin" hook below starts transactions
        # Votes rewrite index pages all over the file: keep them cached (64 MiB), and copy the
        # write-ahead log back less often, so a page changed by many batches is copied once.
        dbapi_connection.execute("PRAGMA cache_size=-65536")
        dbapi_connection.execute(f"PRAGMA wal_autocheckpoint={WRITER_CHECKPOINT_PAGES}")

    @event.listens_for(engine, "begin")
    def _begin_immediate(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _install_sqlite_pragmas(engine: AsyncEngine | Engine, settings: Settings) -> None:
    sync_engine = engine.sync_engine if isinstance(engine, AsyncEngine) else engine

    @event.listens_for(sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        # WAL lets readers run beside the single writer; the busy timeout waits out short locks.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(settings.db_busy_timeout_ms)}")
        cursor.execute(f"PRAGMA synchronous={settings.sqlite_synchronous}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


@asynccontextmanager
async def transaction(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> AsyncIterator[AsyncSession]:
    """One unit of work: commits on success, rolls back on any error."""
    async with sessionmaker() as session, session.begin():
        yield session


def migrations_dir() -> Path:
    """migrations/ beside the package in a checkout, or bundled inside it in a wheel."""
    package_dir = Path(__file__).resolve().parent
    for candidate in (package_dir / "_migrations", package_dir.parent / "migrations"):
        if (candidate / "env.py").exists():
            return candidate
    raise RuntimeError("migrations folder not found")


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade_database(database_url: str) -> None:
    """Bring the schema to the newest migration (blocking; alembic runs its own event loop)."""
    command.upgrade(alembic_config(database_url), "head")


async def upgrade_database_async(database_url: str) -> None:
    await asyncio.to_thread(upgrade_database, database_url)


class DatabaseProbe:
    """Is the database reachable? One round trip per `max_age_s`, shared by every caller: load
    balancers and dashboards poll /health many times a second, and each check would otherwise
    queue for a connection behind the votes."""

    def __init__(self, max_age_s: float = 1.0) -> None:
        self.max_age_s = max_age_s
        self._checked_at: float | None = None
        self._ok = False

    async def reachable(self, engine: AsyncEngine) -> bool:
        if self._checked_at is not None and time.monotonic() - self._checked_at < self.max_age_s:
            return self._ok
        try:
            async with engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
            self._ok = True
        except Exception:
            self._ok = False
        self._checked_at = time.monotonic()
        return self._ok
