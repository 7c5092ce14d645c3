"""Personal API tokens: shown once and stored only as a digest, accepted like a login by the
organiser routes, a read token refused every write, revoked or expired tokens refused at once, a
token unable to make or revoke tokens, each organiser's tokens their own, and a rate limit."""

from datetime import timedelta

import httpx
import pytest
from sqlalchemy import update
from sqlmodel import col

from poll_service.ids import utcnow
from poll_service.models import ApiToken
from poll_service.settings import Settings
from tests.conftest import make_settings
from tests.helpers import new_organiser


@pytest.fixture
def settings(database_url: str) -> Settings:
    """A low request limit per token, so that reaching it takes a few requests."""
    return make_settings(database_url, api_token_requests_per_minute=20)


async def _token(
    client: httpx.AsyncClient, headers: dict[str, str], scope: str, **extra: object
) -> dict[str, str]:
    r = await client.post(
        "/api/tokens", json={"name": f"{scope} script", "scope": scope, **extra}, headers=headers
    )
    assert r.status_code == 201, r.text
    made: dict[str, str] = r.json()
    return made


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_a_token_is_shown_once_and_used_like_a_login(client: httpx.AsyncClient, app: object) -> None:
    ada = await new_organiser(client)
    read = await _token(client, ada.headers, "read")
    write = await _token(client, ada.headers, "write")
    assert read["token"].startswith("pst_") and read["prefix"] == read["token"][:10]
    listed = (await client.get("/api/tokens", headers=ada.headers)).json()
    assert {t["id"] for t in listed} == {read["id"], write["id"]}
    assert all("token" not in t for t in listed)  # never again

    # A read token reads everything its organiser may read, and changes nothing.
    r = await client.post("/api/presentations", json={"title": "By script"}, headers=bearer(write["token"]))
    assert r.status_code == 201, r.text
    pid = r.json()["id"]
    r = await client.get(f"/api/presentations/{pid}", headers=bearer(read["token"]))
    assert r.status_code == 200 and r.json()["title"] == "By script"
    r = await client.post("/api/presentations", json={"title": "Nope"}, headers=bearer(read["token"]))
    assert r.status_code == 403 and "only read" in r.json()["detail"]
    r = await client.delete(f"/api/presentations/{pid}", headers=bearer(read["token"]))
    assert r.status_code == 403
    used = {t["id"]: t for t in (await client.get("/api/tokens", headers=ada.headers)).json()}
    assert used[read["id"]]["last_used_at"] is not None

    # Revoked: refused at once.
    r = await client.delete(f"/api/tokens/{read['id']}", headers=ada.headers)
    assert r.status_code == 200 and r.json()["revoked_at"] is not None
    r = await client.get(f"/api/presentations/{pid}", headers=bearer(read["token"]))
    assert r.status_code == 401 and "not valid" in r.json()["detail"]


async def test_an_expired_token_is_refused(client: httpx.AsyncClient, app: object) -> None:
    ada = await new_organiser(client)
    made = await _token(client, ada.headers, "read", expires_in_days=1)
    assert made["expires_at"] is not None
    assert (await client.get("/api/presentations", headers=bearer(made["token"]))).status_code == 200
    context = app.state.context  # type: ignore[attr-defined]
    async with context.sessionmaker() as session, session.begin():
        await session.execute(
            update(ApiToken)
            .where(col(ApiToken.id) == made["id"])
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
    assert (await client.get("/api/presentations", headers=bearer(made["token"]))).status_code == 401


async def test_tokens_cannot_manage_tokens_and_stay_their_owners(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    bob = await new_organiser(client, "Bob")
    write = await _token(client, ada.headers, "write")
    for method, path in (
        ("GET", "/api/tokens"),
        ("POST", "/api/tokens"),
        ("DELETE", f"/api/tokens/{write['id']}"),
    ):
        r = await client.request(
            method, path, json={"name": "x"} if method == "POST" else None, headers=bearer(write["token"])
        )
        assert r.status_code == 403, (method, path, r.text)
    assert (await client.delete(f"/api/tokens/{write['id']}", headers=bob.headers)).status_code == 404
    assert (await client.get("/api/tokens", headers=bob.headers)).json() == []
    # Ada's token sees Ada's presentations only.
    r = await client.post("/api/presentations", json={"title": "Bob's"}, headers=bob.headers)
    assert (
        await client.get(f"/api/presentations/{r.json()['id']}", headers=bearer(write["token"]))
    ).status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {"name": ""},
        {"name": "x" * 101},
        {"name": "x", "scope": "admin"},
        {"name": "x", "expires_in_days": 0},
        {"nam": "x"},
    ],
)
async def test_bad_token_requests_are_422(client: httpx.AsyncClient, body: dict[str, object]) -> None:
    ada = await new_organiser(client)
    r = await client.post("/api/tokens", json=body, headers=ada.headers)
    assert r.status_code == 422 and r.json()["detail"]


async def test_a_token_is_rate_limited(client: httpx.AsyncClient, app: object) -> None:
    ada = await new_organiser(client)
    made = await _token(client, ada.headers, "read")
    limit = app.state.context.settings.api_token_requests_per_minute  # type: ignore[attr-defined]
    statuses = [
        (await client.get("/api/presentations", headers=bearer(made["token"]))).status_code
        for _ in range(limit + 1)
    ]
    assert statuses[:limit] == [200] * limit and statuses[-1] == 429
