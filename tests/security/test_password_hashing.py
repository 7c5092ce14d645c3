"""Passwords cost a thread ~125 ms of argon2 each: registration is limited per address and overall,
hashing runs beside the event loop (votes go on meanwhile) a few at a time, and a crowd past the
queue gets a clear 503."""

import asyncio
import os
import threading
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from poll_service.app import create_app
from poll_service.security import PasswordHashing, Passwords
from tests.conftest import DEFAULT_PASSWORD_HASHES, empty_database, make_settings, run_server
from tests.helpers import join, new_organiser

# argon2's cost, its threads and its queue: the database only stores the hash (on PostgreSQL in every
# other sign-up).
pytestmark = pytest.mark.sqlite_only

PASSWORD = "correct horse battery"


def _account(name: str = "New") -> dict[str, str]:
    return {
        "email": f"{name.lower()}-{uuid.uuid4().hex[:8]}@example.org",
        "password": PASSWORD,
        "display_name": name,
    }


@pytest.fixture
async def limited_app(database_url: str) -> AsyncIterator[FastAPI]:
    settings = make_settings(database_url, registrations_per_ip_per_hour=3, registrations_per_minute=5)
    await empty_database(database_url)
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


def _client_from(app: FastAPI, address: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(address, 5555))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


async def test_registration_is_limited_per_address_and_overall(limited_app: FastAPI) -> None:
    async with _client_from(limited_app, "198.51.100.1") as one:
        first = _account()
        assert (await one.post("/api/auth/register", json=first)).status_code == 201
        # The same email again is a 409, and it counts like any registration (it cost a hash).
        assert (await one.post("/api/auth/register", json=first)).status_code == 409
        assert (await one.post("/api/auth/register", json=_account())).status_code == 201
        r = await one.post("/api/auth/register", json=_account())
        assert r.status_code == 429 and int(r.headers["Retry-After"]) >= 1
        assert "new accounts" in r.json()["detail"]
        # The form says so too, without an account.
        r = await one.post("/register", data={**_account(), "next": "/dashboard"})
        assert r.status_code == 429
    # Everyone together: five a minute here; addresses of their own do not get round it.
    statuses = []
    for n in range(4):
        async with _client_from(limited_app, f"198.51.100.{10 + n}") as other:
            statuses.append((await other.post("/api/auth/register", json=_account())).status_code)
    assert statuses == [201, 201, 429, 429]


async def test_a_crowd_past_the_hashing_queue_gets_a_clear_503(database_url: str) -> None:
    settings = make_settings(
        database_url, password_hashing_concurrency=1, password_hashing_queue=1, **DEFAULT_PASSWORD_HASHES
    )
    await empty_database(database_url)
    application = create_app(settings)
    async with (
        application.router.lifespan_context(application),
        _client_from(application, "198.51.100.2") as c,
    ):
        answers = await asyncio.gather(*(c.post("/api/auth/register", json=_account()) for _ in range(3)))
        assert sorted(r.status_code for r in answers) == [201, 201, 503]
        busy = next(r for r in answers if r.status_code == 503)
        assert busy.headers["Retry-After"] == "2" and "busy" in busy.json()["detail"]


async def test_votes_are_acknowledged_while_passwords_are_being_hashed(database_url: str) -> None:
    """The server runs in this test's event loop: were a hash to run on it, nothing here (the
    vote included) could happen until the hashes were done."""
    settings = make_settings(database_url, password_hashing_concurrency=1, **DEFAULT_PASSWORD_HASHES)
    # Hashes at the default cost, one at a time: on a loaded CI machine a sign-up waits past
    # httpx's 5 s default. What is checked is the order of things, not how long they take.
    async with run_server(settings) as server, httpx.AsyncClient(base_url=server.url, timeout=60) as http:
        context: Any = server.app.state.context
        ada = await new_organiser(http)
        presentation = await ada.presentation()
        question = presentation["questions"][0]
        room = await ada.room(presentation["id"])
        phone = await join(http, room["join_code"])
        registrations = [
            asyncio.create_task(http.post("/api/auth/register", json=_account())) for _ in range(4)
        ]
        while context.hashing.pending < 4:  # all four admitted: one hashing, three waiting
            await asyncio.sleep(0)
        r = await phone.vote(question["id"], [question["options"][0]["id"]])
        assert r.status_code == 201, r.text
        assert context.hashing.pending > 0, "the vote waited for every hash"
        assert any(t.name.startswith("poll-hash") for t in threading.enumerate())
        assert [r.status_code for r in await asyncio.gather(*registrations)] == [201] * 4


def test_the_hash_cost_is_the_configured_one_and_never_below_owasp_floor(database_url: str) -> None:
    from poll_service.security import Passwords

    assert (
        Passwords.of(make_settings(database_url, **DEFAULT_PASSWORD_HASHES))
        .hash(PASSWORD)
        .startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    )
    cheaper = Passwords.of(
        make_settings(database_url, password_hash_memory_kib=19456, password_hash_passes=2)
    )
    stored = cheaper.hash(PASSWORD)
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    # A hash made before the cost changed still verifies: it carries its own cost.
    assert Passwords().verify(stored, PASSWORD) and not Passwords().verify(stored, "wrong")
    with pytest.raises(ValueError, match="OWASP"):
        make_settings(database_url, password_hash_memory_kib=7168, password_hash_passes=4)


class _WhereHashesRun(Passwords):
    """Passwords that note the CPUs the hashing thread may use when it hashes."""

    def __init__(self) -> None:
        super().__init__(memory_kib=19456, passes=2, lanes=1)
        self.seen: list[set[int]] = []

    def hash(self, password: str) -> str:
        self.seen.append(os.sched_getaffinity(0))
        return super().hash(password)


@pytest.mark.skipif(not hasattr(os, "sched_getaffinity"), reason="CPU affinity is Linux's")
async def test_hashes_run_only_on_the_cpus_the_setting_names(database_url: str) -> None:
    """A deployment that pins its event loops keeps hashing off their cores: the threads keep to
    POLL_PASSWORD_HASHING_CPUS, and the event loop's own thread keeps every CPU it had."""
    mine = os.sched_getaffinity(0)
    last = max(mine)
    settings = make_settings(database_url, password_hashing_cpus=str(last))
    assert settings.hashing_cpus() == {last}
    passwords = _WhereHashesRun()
    hashing = PasswordHashing(1, 0, passwords, settings.hashing_cpus())
    try:
        await hashing.hash(PASSWORD)
    finally:
        hashing.close()
    assert passwords.seen == [{last}]
    assert os.sched_getaffinity(0) == mine


@pytest.mark.parametrize("cpus", ["", "a", "3-1", "1-", "99999"])
def test_a_cpu_list_that_cannot_be_kept_to_stops_the_start(database_url: str, cpus: str) -> None:
    with pytest.raises(ValueError, match="POLL_PASSWORD_HASHING_CPUS"):
        make_settings(database_url, password_hashing_cpus=cpus)
