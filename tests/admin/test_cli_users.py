"""`poll-service user ...` and `poll-service purge` run as a user runs them (a real process), on
the database the service uses; the service then sees what they did."""

import asyncio
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import httpx
from fastapi import FastAPI
from sqlalchemy import text

from poll_service.ids import utcnow
from poll_service.privacy.sweeper import PrivacySweeper
from tests.admin.support import new_admin

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery"


async def cli(app: FastAPI, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLL_")}
    env.update(
        PYTHONPATH=str(REPO),
        POLL_DATABASE_URL=app.state.context.settings.database_url,
        POLL_SECRET_KEY="x" * 40,
        # A cheap hash for the test; the service reads the cost from the hash itself.
        POLL_PASSWORD_HASH_MEMORY_KIB="19456",
        POLL_PASSWORD_HASH_PASSES="2",
        POLL_PASSWORD_HASH_LANES="1",
    )
    return await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "poll_service", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


async def login(client: httpx.AsyncClient, email: str) -> httpx.Response:
    r = await client.post("/api/auth/login", json={"email": email, "password": PASSWORD})
    client.cookies.clear()
    return r


async def test_accounts_are_administered_from_the_command_line(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    made = await cli(
        app, "user", "create", "--email", "root@example.org", "--password-stdin", "--admin", stdin=PASSWORD
    )
    assert made.returncode == 0 and "created administrator root@example.org" in made.stdout, made.stderr
    made = await cli(
        app,
        "user",
        "create",
        "--email",
        "ada@example.org",
        "--name",
        "Ada",
        "--password-stdin",
        stdin=PASSWORD,
    )
    assert made.returncode == 0 and "created organiser" in made.stdout, made.stderr
    listed = await cli(app, "user", "list")
    assert listed.returncode == 0, listed.stderr
    rows = [line.split("\t") for line in listed.stdout.splitlines()]
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("ada@example.org", "organiser", "active"),
        ("root@example.org", "admin", "active"),
    ]
    assert "2 accounts" in listed.stderr
    root = await login(client, "root@example.org")
    assert root.status_code == 200
    root_headers = {"Authorization": f"Bearer {root.json()['access_token']}"}
    assert (await client.get("/api/admin/users", headers=root_headers)).status_code == 200

    last = await cli(app, "user", "set-role", "root@example.org", "organiser")
    assert last.returncode != 0 and "last administrator" in last.stderr
    disabled = await cli(app, "user", "disable", "ada@example.org")
    assert disabled.returncode == 0 and "ada@example.org: disabled" in disabled.stdout, disabled.stderr
    assert (await login(client, "ada@example.org")).status_code == 403
    assert (await cli(app, "user", "enable", "ada@example.org")).returncode == 0
    assert (await login(client, "ada@example.org")).status_code == 200
    promoted = await cli(app, "user", "set-role", "ada@example.org", "admin")
    assert promoted.returncode == 0 and "now admin" in promoted.stdout
    unknown = await cli(app, "user", "disable", "nobody@example.org")
    assert unknown.returncode != 0 and "no account" in unknown.stderr
    unconfirmed = await cli(app, "user", "delete", "ada@example.org")
    assert unconfirmed.returncode != 0 and "--yes" in unconfirmed.stderr
    deleted = await cli(app, "user", "delete", "ada@example.org", "--yes")
    assert deleted.returncode == 0, deleted.stderr
    assert (await login(client, "ada@example.org")).status_code == 401

    log = (
        await client.get("/api/admin/audit?workspace_id=instance&per_page=100", headers=root_headers)
    ).json()
    assert [e["action"] for e in reversed(log["items"])] == [
        "admin.user_create",
        "admin.user_create",
        "admin.user_disable",
        "admin.user_enable",
        "admin.user_role",
        "admin.user_delete",
    ]
    assert {e["actor_name"] for e in log["items"]} == {"poll-service (command line)"}


async def _age_every_entry(app: FastAPI, days: int) -> None:
    async with app.state.context.engine.begin() as conn:
        await conn.execute(
            text("UPDATE audit_entry SET created_at = :t"), {"t": utcnow() - timedelta(days=days)}
        )


async def _entries(app: FastAPI) -> int:
    async with app.state.context.engine.connect() as conn:
        return int((await conn.execute(text("SELECT count(*) FROM audit_entry"))).scalar() or 0)


async def test_old_audit_entries_are_purged_by_the_sweep_and_the_command(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    root = await new_admin(client, app)
    await _age_every_entry(app, 10)  # Root's sign-in and promotion, ten days ago
    await client.put("/api/admin/registration", json={"policy": "closed"}, headers=root.headers)
    assert await _entries(app) == 3
    context = app.state.context
    kept = PrivacySweeper(context.sessionmaker, context.rooms.publish, 60, None, audit_retention_days=11)
    await kept.sweep()
    assert await _entries(app) == 3
    sweeper = PrivacySweeper(context.sessionmaker, context.rooms.publish, 60, None, audit_retention_days=5)
    await sweeper.sweep()
    log = (await client.get("/api/admin/audit", headers=root.headers)).json()
    assert [e["action"] for e in log["items"]] == ["admin.registration"]

    await _age_every_entry(app, 3)
    run = await cli(app, "purge", "--days", "30", "--audit-days", "2")
    assert run.returncode == 0, run.stderr
    assert "purged 1 audit-log entries older than 2 days" in run.stdout
    assert await _entries(app) == 0
