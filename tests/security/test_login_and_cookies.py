"""Log-in rate limits (per account and per address) and the cookies' flags."""

import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from tests.conftest import LiveServer, make_settings, run_server
from tests.helpers import new_organiser


def _flags(set_cookie: str) -> set[str]:
    return {part.strip().lower() for part in set_cookie.split(";")[1:]}


async def test_login_attempts_are_limited_per_account(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    for _ in range(10):
        r = await client.post("/api/auth/login", json={"email": ada.email, "password": "wrong password"})
        assert r.status_code == 401
    # The right password does not help a guesser once the account's limit is reached...
    r = await client.post("/api/auth/login", json={"email": ada.email, "password": "correct horse battery"})
    assert r.status_code == 429 and int(r.headers["Retry-After"]) >= 1
    assert "login attempts" in r.json()["detail"]
    # ...while another account from the same address still logs in.
    bob = await new_organiser(client, "Bob")
    r = await client.post("/api/auth/login", json={"email": bob.email, "password": "correct horse battery"})
    assert r.status_code == 200


async def test_login_attempts_are_limited_per_address(client: httpx.AsyncClient) -> None:
    """Spraying one password over many accounts is bounded by the address (50 a minute)."""
    statuses = []
    for _ in range(52):
        email = f"nobody-{uuid.uuid4().hex[:8]}@example.org"
        r = await client.post("/api/auth/login", json={"email": email, "password": "Summer2026!"})
        statuses.append(r.status_code)
    assert statuses[:50] == [401] * 50
    assert statuses[50:] == [429, 429]


async def test_cookies_are_httponly_and_samesite(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    r = await client.post("/api/auth/login", json={"email": ada.email, "password": "correct horse battery"})
    flags = _flags(r.headers["set-cookie"])
    assert {"httponly", "samesite=lax"} <= flags and "secure" not in flags  # plain http: no Secure
    presentation = await ada.presentation()
    room = await ada.room(presentation["id"])
    r = await client.post("/api/join", json={"join_code": room["join_code"]})
    flags = _flags(r.headers["set-cookie"])
    assert {"httponly", "samesite=lax"} <= flags and "secure" not in flags


@pytest.fixture
async def https_client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 5555))
    async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as http:
        yield http


async def test_cookies_are_secure_over_https(https_client: httpx.AsyncClient) -> None:
    ada = await new_organiser(https_client)
    r = await https_client.post(
        "/api/auth/login", json={"email": ada.email, "password": "correct horse battery"}
    )
    assert "secure" in _flags(r.headers["set-cookie"])
    room = await ada.room((await ada.presentation())["id"])
    r = await https_client.post("/api/join", json={"join_code": room["join_code"]})
    assert "secure" in _flags(r.headers["set-cookie"])


async def test_cookies_are_secure_behind_an_https_proxy(live_server: LiveServer) -> None:
    """Caddy (docs/deployment.md) ends TLS and says so in X-Forwarded-Proto; uvicorn trusts it from
    127.0.0.1, and the cookies get Secure."""
    async with live_server.client() as http:
        ada = await new_organiser(http)
        r = await http.post(
            "/api/auth/login",
            json={"email": ada.email, "password": "correct horse battery"},
            headers={"X-Forwarded-Proto": "https"},
        )
        assert "secure" in _flags(r.headers["set-cookie"])
        r = await http.post("/api/auth/login", json={"email": ada.email, "password": "correct horse battery"})
        assert "secure" not in _flags(r.headers["set-cookie"])


async def test_cookies_are_secure_with_an_https_public_url(database_url: str) -> None:
    settings = make_settings(database_url, public_url="https://poll.example.org")
    async with run_server(settings) as server, httpx.AsyncClient(base_url=server.url) as http:
        ada = await new_organiser(http)
        r = await http.post("/api/auth/login", json={"email": ada.email, "password": "correct horse battery"})
        assert "secure" in _flags(r.headers["set-cookie"])


def _from(app: FastAPI, address: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(address, 5555))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


async def test_an_attacker_elsewhere_cannot_lock_the_owner_out(app: FastAPI) -> None:
    right = "correct horse battery"
    async with _from(app, "198.51.100.7") as owner, _from(app, "203.0.113.66") as attacker:
        ada = await new_organiser(owner)
        r = await owner.post("/api/auth/login", json={"email": ada.email, "password": right})
        assert "poll_device" in owner.cookies  # logged in once: this browser is a known device now
        mallory = await new_organiser(attacker, "Mallory")
        r = await attacker.post("/api/auth/login", json={"email": mallory.email, "password": right})
        assert "poll_device" in attacker.cookies  # a known device, of her own account
        for _ in range(10):
            r = await attacker.post("/api/auth/login", json={"email": ada.email, "password": "guess"})
            assert r.status_code == 401
        # Guessing stays bounded: from the attacker, even the right password is refused now...
        r = await attacker.post("/api/auth/login", json={"email": ada.email, "password": right})
        assert r.status_code == 429
        # ...and the owner, from the browser she logged in with before, still gets in.
        r = await owner.post("/api/auth/login", json={"email": ada.email, "password": right})
        assert r.status_code == 200, r.text
        # Her device's own wrong passwords are bounded as well, by a budget of its own.
        statuses = [
            (await owner.post("/api/auth/login", json={"email": ada.email, "password": "typo"})).status_code
            for _ in range(11)
        ]
        assert statuses == [401] * 10 + [429]
        # A device cookie is for one account: Mallory's own does not open Ada's budget.
        assert mallory.email != ada.email
        r = await attacker.post("/api/auth/login", json={"email": ada.email, "password": right})
        assert r.status_code == 429
        # Nor does a forged one.
        attacker.cookies.set("poll_device", owner.cookies["poll_device"] + "x")
        r = await attacker.post("/api/auth/login", json={"email": ada.email, "password": right})
        assert r.status_code == 429
