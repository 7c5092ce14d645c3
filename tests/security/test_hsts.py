"""Strict-Transport-Security: sent by a production deployment behind HTTPS on every answer (pages,
the API, the join and vote lane), never by a development server on plain HTTP (a browser would
then refuse that host over HTTP for a year)."""

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from poll_service.app import create_app
from tests.conftest import empty_database, make_settings
from tests.helpers import join, new_organiser

# A response header: no dialect in it.
pytestmark = pytest.mark.sqlite_only


@pytest.fixture(params=["production", "development"])
async def deployment(request: pytest.FixtureRequest, database_url: str) -> AsyncIterator[tuple[str, Any]]:
    extra: dict[str, Any] = {}
    if request.param == "production":
        extra = {"environment": "production", "public_url": "https://poll.example.org"}
    await empty_database(database_url)
    app = create_app(make_settings(database_url, **extra))
    async with app.router.lifespan_context(app):
        yield request.param, app


async def test_hsts_in_production_behind_https_only(deployment: tuple[str, Any]) -> None:
    kind, app = deployment
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 5555))
    async with httpx.AsyncClient(transport=transport, base_url="https://poll.example.org") as http:
        ada = await new_organiser(http)
        presentation = await ada.presentation()
        room = await ada.room(presentation["id"])
        phone = await join(http, room["join_code"])
        question = presentation["questions"][0]
        answers = [
            await http.get("/"),
            await http.get(f"/api/rooms/{room['id']}", headers=ada.headers),
            await http.post("/api/join", json={"join_code": room["join_code"]}),
            await phone.vote(question["id"], [question["options"][0]["id"]]),
            await http.post("/api/join", json={"join_code": "00000000"}),
        ]
    headers = [r.headers.get("strict-transport-security") for r in answers]
    if kind == "production":
        assert headers == ["max-age=31536000; includeSubDomains"] * len(answers)
    else:
        assert headers == [None] * len(answers)
