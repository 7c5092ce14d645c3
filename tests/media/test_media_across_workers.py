"""Two app instances on one PostgreSQL database: an image uploaded through one is served, the same
bytes under the same ETag, by the other (no shared folder, no extra service)."""

import httpx
import pytest

from tests.conftest import make_settings, run_server
from tests.helpers import new_organiser
from tests.media.conftest import Deck
from tests.support.images import picture

pytestmark = [pytest.mark.postgres]


async def test_an_image_uploaded_on_one_worker_is_served_by_another(postgres_database: str) -> None:
    settings = make_settings(postgres_database)
    async with (
        run_server(settings) as one,
        run_server(settings) as two,
        httpx.AsyncClient(base_url=one.url) as http_one,
        httpx.AsyncClient(base_url=two.url) as http_two,
    ):
        ada = await new_organiser(http_one)
        r = await ada.post("/api/presentations", {"title": "Two workers"})
        deck = Deck(ada, r.json()["id"])
        stored = await deck.uploaded(picture("PNG", (120, 90)))
        for url in (stored["url"], stored["phone_url"]):
            first = await http_one.get(url)
            second = await http_two.get(url)
            assert first.status_code == second.status_code == 200
            assert first.content == second.content
            assert first.headers["etag"] == second.headers["etag"]
            cached = await http_two.get(url, headers={"If-None-Match": first.headers["etag"]})
            assert cached.status_code == 304
