"""An organiser with a presentation, and uploads as a browser sends them (the body is the image)."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from fastapi import FastAPI

from poll_service.app import create_app
from poll_service.settings import Settings
from tests.conftest import empty_database
from tests.helpers import Organiser, new_organiser


@dataclass
class Deck:
    organiser: Organiser
    presentation_id: str

    async def upload(
        self, data: Any, content_type: str | None = "image/png", **headers: str
    ) -> httpx.Response:
        sent = dict(self.organiser.headers, **headers)
        if content_type is not None:
            sent["Content-Type"] = content_type
        return await self.organiser.client.post(
            f"/api/presentations/{self.presentation_id}/media", content=data, headers=sent
        )

    async def uploaded(self, data: bytes, content_type: str = "image/png") -> dict[str, Any]:
        r = await self.upload(data, content_type)
        assert r.status_code == 201, r.text
        body: dict[str, Any] = r.json()
        return body

    async def media(self) -> list[dict[str, Any]]:
        r = await self.organiser.client.get(
            f"/api/presentations/{self.presentation_id}/media", headers=self.organiser.headers
        )
        assert r.status_code == 200, r.text
        listed: list[dict[str, Any]] = r.json()["media"]
        return listed

    async def question(self, body: dict[str, Any]) -> httpx.Response:
        return await self.organiser.post(f"/api/presentations/{self.presentation_id}/questions", body)


async def new_deck(client: httpx.AsyncClient, name: str = "Ada") -> Deck:
    organiser = await new_organiser(client, name)
    r = await organiser.post("/api/presentations", {"title": "Pictures"})
    assert r.status_code == 201, r.text
    return Deck(organiser, r.json()["id"])


@asynccontextmanager
async def app_client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """The app with settings of the test's own (a small quota, a low rate limit)."""
    await empty_database(settings.database_url)
    application: FastAPI = create_app(settings)
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application, client=("203.0.113.7", 5555))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield http
