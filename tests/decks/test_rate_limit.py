"""Deck writes (duplicate, import, template) are rate limited per organiser, like sign-ins."""

import httpx
import pytest

from poll_service.settings import Settings
from tests.conftest import make_settings
from tests.helpers import new_organiser


@pytest.fixture
def settings(database_url: str) -> Settings:
    return make_settings(database_url, deck_writes_per_minute=2)


async def test_deck_writes_are_rate_limited_per_organiser(client: httpx.AsyncClient) -> None:
    """With POLL_DECK_WRITES_PER_MINUTE=2 (this module's settings): the third is a 429."""
    ada = await new_organiser(client)
    bob = await new_organiser(client, "Bob")
    presentation = await ada.presentation()
    assert (await ada.post(f"/api/presentations/{presentation['id']}/duplicate", {})).status_code == 201
    assert (await ada.post("/api/presentations/from-template", {"template": "icebreaker"})).status_code == 201
    r = await ada.post(f"/api/presentations/{presentation['id']}/duplicate", {})
    assert r.status_code == 429 and int(r.headers["Retry-After"]) >= 1
    # Another organiser has their own allowance.
    assert (await bob.post("/api/presentations/from-template", {"template": "icebreaker"})).status_code == 201
