"""The command line as a user runs it: create an account, serve, use it, stop."""

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.conftest import REDIS_URL, clear_rate_limits, empty_database, free_port, redis_available
from tests.helpers import join
from tests.realtime_clients import next_message, open_socket, wait_for

REPO = Path(__file__).resolve().parent.parent


def _env(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLL_")}
    env["PYTHONPATH"] = str(REPO)  # this checkout's code, whatever is installed
    env.update(values)
    return env


def _run(
    args: list[str], cwd: Path, env: dict[str, str], stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "poll_service", *args],
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


async def _wait_healthy(url: str, process: subprocess.Popen[bytes]) -> None:
    async with httpx.AsyncClient() as http:
        for _ in range(150):
            if process.poll() is not None:
                raise AssertionError(f"serve exited with {process.returncode}")
            try:
                if (await http.get(f"{url}/health")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise AssertionError("service did not become healthy")


def _stop_gracefully(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM: uvicorn finishes in-flight work, then re-raises the signal as its exit status."""
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=30)
    log = stderr.decode()
    assert process.returncode in {0, -signal.SIGTERM}, log
    assert "Application shutdown complete" in log, log


def test_user_create_and_db_upgrade(tmp_path: Path) -> None:
    env = _env()
    assert _run(["db", "upgrade"], tmp_path, env).returncode == 0
    assert (tmp_path / "poll-service.db").exists(), "the default database is a SQLite file in the working dir"
    made = _run(
        ["user", "create", "--email", "Host@Example.org", "--password-stdin", "--name", "Host"],
        tmp_path,
        env,
        "a long enough password\n",
    )
    assert made.returncode == 0, made.stderr
    again = _run(
        ["user", "create", "--email", "host@example.org", "--password-stdin"],
        tmp_path,
        env,
        "another long password\n",
    )
    assert again.returncode != 0 and "already exists" in again.stderr


async def test_serve_on_the_embedded_default(tmp_path: Path) -> None:
    env = _env(POLL_ALLOW_REGISTRATION="false")
    assert (
        _run(
            ["user", "create", "--email", "host@example.org", "--password-stdin"],
            tmp_path,
            env,
            "a long enough password\n",
        ).returncode
        == 0
    )
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "poll_service", "serve", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        await _wait_healthy(url, process)
        async with httpx.AsyncClient(base_url=url) as http:
            r = await http.post(
                "/api/auth/register",
                json={"email": "x@example.org", "password": "long enough pw", "display_name": "X"},
            )
            assert r.status_code == 403, "registration can be turned off"
            r = await http.post(
                "/api/auth/login", json={"email": "host@example.org", "password": "a long enough password"}
            )
            assert r.status_code == 200
            assert "httponly" in r.headers["set-cookie"].lower()
            health = (await http.get("/health")).json()
            assert health["status"] == "ok" and health["hub"] == "memory"
    finally:
        _stop_gracefully(process)


@pytest.mark.postgres
@pytest.mark.redis
async def test_two_workers_with_postgres_and_redis(tmp_path: Path, postgres_database: str) -> None:
    """The production topology without Docker: `serve --workers 2` + PostgreSQL + Redis."""
    if not redis_available():
        pytest.skip("Redis is not reachable on 127.0.0.1:6379 (start it: see .ci/run)")
    await empty_database(postgres_database)
    await clear_rate_limits()
    env = _env(
        POLL_DATABASE_URL=postgres_database,
        POLL_REDIS_URL=REDIS_URL,
        POLL_SECRET_KEY="a-shared-secret-key-for-both-workers-0123",
    )
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "poll_service", "serve", "--port", str(port), "--workers", "2"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        await _wait_healthy(url, process)
        await asyncio.sleep(1.0)  # let both workers finish starting
        async with httpx.AsyncClient(base_url=url) as http:
            from tests.helpers import new_organiser

            ada = await new_organiser(http)
            presentation = await ada.presentation()
            question = presentation["questions"][0]
            room = await ada.room(presentation["id"])
        presenter = await open_socket(f"ws://127.0.0.1:{port}/ws/rooms/{room['id']}/presenter", ada.token)
        await next_message(presenter)
        option = question["options"][0]["id"]
        # Every phone its own connection, so the kernel spreads them over both workers.
        for _ in range(30):
            async with httpx.AsyncClient(base_url=url) as phone_http:
                phone = await join(phone_http, room["join_code"])
                assert (await phone.vote(question["id"], [option])).status_code == 201
        final = await wait_for(
            presenter,
            lambda m: m["type"] == "results" and m["result"]["tally"]["counts"][option] == 30,
            timeout=5,
        )
        assert final["participant_count"] == 30
        await presenter.close()
    finally:
        _stop_gracefully(process)
