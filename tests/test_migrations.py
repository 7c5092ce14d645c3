"""The schema is owned by the migrations: they build exactly what the models describe."""

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect
from sqlmodel import SQLModel

import poll_service.models  # noqa: F401
from poll_service.db import alembic_config, upgrade_database


def test_migrations_match_models_and_downgrade(tmp_path: Path) -> None:
    path = tmp_path / "schema.db"
    url = f"sqlite+aiosqlite:///{path}"
    upgrade_database(url)
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), SQLModel.metadata) == []
    command.downgrade(alembic_config(url), "base")
    with engine.connect() as conn:
        assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
    upgrade_database(url)  # and back up again
    engine.dispose()


async def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path: Path) -> None:
    from sqlalchemy import text

    from poll_service.db import create_engine as create_service_engine
    from poll_service.settings import Settings

    url = f"sqlite+aiosqlite:///{tmp_path / 'wal.db'}"
    engine = create_service_engine(Settings(database_url=url, secret_key="x" * 32))
    async with engine.connect() as conn:
        assert (await conn.execute(text("PRAGMA journal_mode"))).scalar() == "wal"
        assert (await conn.execute(text("PRAGMA busy_timeout"))).scalar() == 5000
        assert (await conn.execute(text("PRAGMA foreign_keys"))).scalar() == 1
    await engine.dispose()
