"""Migration 0009 on a database with today's data, on SQLite and PostgreSQL: every account gets a
personal workspace it owns, holding the presentations it owns; the app then serves them to their
owners as before; a downgrade gives the data back as it was."""

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine

from poll_service.app import create_app
from poll_service.db import alembic_config
from poll_service.security import token_digest
from tests.conftest import POSTGRES_URL, make_settings, postgres_available

BEFORE = "0009_theme"  # the revision before workspaces
NOW = datetime(2026, 12, 1, 19, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """An empty database of its own (not the run's shared one: this test migrates it itself)."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'old.db'}"
        return
    if not postgres_available():
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")
    import asyncpg

    name = f"poll_migrate_{uuid.uuid4().hex[:10]}"
    admin_dsn = POSTGRES_URL.replace("postgresql+asyncpg", "postgresql")
    conn = await asyncpg.connect(admin_dsn)
    await conn.execute(f'CREATE DATABASE "{name}"')
    await conn.close()
    yield POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
    conn = await asyncpg.connect(admin_dsn)
    await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await conn.close()


async def _run(url: str, revision: str, down: bool = False) -> None:
    step = command.downgrade if down else command.upgrade
    await asyncio.to_thread(step, alembic_config(url), revision)


async def insert_users(conn: AsyncConnection, *users: tuple[str, str]) -> None:
    """Accounts (id, name) as a migration's data sees them: `name@example.org`, no password."""
    for user_id, name in users:
        await conn.execute(
            text(
                'INSERT INTO "user" (id, email, password_hash, display_name, created_at) '
                "VALUES (:i, :e, NULL, :n, :t)"
            ),
            {"i": user_id, "e": f"{name.lower()}@example.org", "n": name, "t": NOW},
        )


async def _seed(url: str) -> None:
    """Two organisers as the service had them before workspaces: Ada with two decks, one of them
    with a room, and Bob with none; Ada is logged in."""
    engine = create_async_engine(url)
    async with engine.begin() as conn:
        await insert_users(conn, ("a" * 32, "Ada"), ("b" * 32, "Bob"))
        for presentation_id, title in (("p1" + "0" * 30, "Town hall"), ("p2" + "0" * 30, "Retro")):
            await conn.execute(
                text(
                    "INSERT INTO presentation (id, owner_id, title, language, settings, created_at) "
                    "VALUES (:i, :o, :t, 'en', '{}', :c)"
                ),
                {"i": presentation_id, "o": "a" * 32, "t": title, "c": NOW},
            )
        await conn.execute(
            text(
                "INSERT INTO room (id, presentation_id, owner_id, name, join_code, status, locked, "
                "voting_open, results_visible, settings, created_at) "
                "VALUES (:i, :p, :o, 'Hall', '12345678', 'ended', false, false, true, '{}', :c)"
            ),
            {"i": "r" * 32, "p": "p1" + "0" * 30, "o": "a" * 32, "c": NOW},
        )
        await conn.execute(
            text(
                "INSERT INTO organiser_session (token_hash, user_id, created_at, expires_at) "
                "VALUES (:h, :u, :c, :x)"
            ),
            {"h": token_digest("ada-login"), "u": "a" * 32, "c": NOW, "x": datetime(2099, 1, 1, tzinfo=UTC)},
        )
    await engine.dispose()


async def _rows(url: str, sql: str) -> list[tuple[object, ...]]:
    engine = create_async_engine(url)
    async with engine.connect() as conn:
        rows = [tuple(r) for r in (await conn.execute(text(sql))).all()]
    await engine.dispose()
    return rows


async def test_existing_presentations_move_into_their_owners_personal_workspace(empty_url: str) -> None:
    await _run(empty_url, BEFORE)
    await _seed(empty_url)
    await _run(empty_url, "head")

    owned = await _rows(
        empty_url,
        "SELECT m.user_id, m.role, w.personal, w.name FROM membership m "
        "JOIN workspace w ON w.id = m.workspace_id ORDER BY m.user_id",
    )
    assert owned == [("a" * 32, "owner", True, "Ada"), ("b" * 32, "owner", True, "Bob")]
    placed = await _rows(
        empty_url,
        "SELECT p.title FROM presentation p JOIN membership m ON m.workspace_id = p.workspace_id "
        "WHERE m.user_id = '" + "a" * 32 + "' ORDER BY p.title",
    )
    assert placed == [("Retro",), ("Town hall",)]

    # The app serves them to Ada as before, and to nobody else.
    app = create_app(make_settings(empty_url))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            ada = {"Authorization": "Bearer ada-login"}
            listed = (await client.get("/api/presentations", headers=ada)).json()
            assert sorted(p["title"] for p in listed) == ["Retro", "Town hall"]
            room = await client.get(f"/api/rooms/{'r' * 32}/results", headers=ada)
            assert room.status_code == 200, room.text
            r = await client.post("/api/presentations", json={"title": "New"}, headers=ada)
            assert r.status_code == 201 and r.json()["workspace_id"] == listed[0]["workspace_id"]

    await _run(empty_url, BEFORE, down=True)
    titles = await _rows(empty_url, "SELECT title, owner_id FROM presentation ORDER BY title")
    assert titles == [("New", "a" * 32), ("Retro", "a" * 32), ("Town hall", "a" * 32)]
