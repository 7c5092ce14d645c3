"""Two app instances on one PostgreSQL database and Redis: an image uploaded through one is served,
the same bytes under the same ETag, by the other (no shared folder, no extra service), and the
upload limit counts an organiser's uploads on both."""

import time

import httpx
import pytest

from tests.conftest import REDIS_URL, clear_rate_limits, make_settings, redis_available, run_server
from tests.helpers import Organiser, new_organiser
from tests.media.conftest import Deck
from tests.support.images import picture

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


def _minute() -> int:
    """The shared limit's window: the clock's minute (poll_service/ratelimit.py's fixed windows)."""
    return int(time.time() // 60)


async def test_an_image_uploaded_on_one_worker_is_served_by_another(postgres_database: str) -> None:
    if not redis_available():
        pytest.skip("Redis is not reachable on 127.0.0.1:6379 (start it: see .ci/run)")
    await clear_rate_limits()
    settings = make_settings(postgres_database, redis_url=REDIS_URL, media_uploads_per_minute=2)
    async with (
        run_server(settings) as one,
        run_server(settings) as two,
        httpx.AsyncClient(base_url=one.url) as http_one,
        httpx.AsyncClient(base_url=two.url) as http_two,
    ):
        ada = await new_organiser(http_one)
        r = await ada.post("/api/presentations", {"title": "Two workers"})
        on_one = Deck(ada, r.json()["id"])
        minute = _minute()
        stored = await on_one.uploaded(picture("PNG", (120, 90)))
        for url in (stored["url"], stored["phone_url"]):
            first = await http_one.get(url)
            second = await http_two.get(url)
            assert first.status_code == second.status_code == 200
            assert first.content == second.content
            assert first.headers["etag"] == second.headers["etag"]
            cached = await http_two.get(url, headers={"If-None-Match": first.headers["etag"]})
            assert cached.status_code == 304
        # Her second upload goes through the other worker and fills the minute's limit of two there.
        # When a new minute began before the third upload was counted, the count started again (a
        # loaded machine, or a minute's turn): then the three go again, all in the new minute.
        on_two = Deck(Organiser(http_two, ada.token, ada.email), on_one.presentation_id)
        uploads = 1
        for attempt in range(3):
            if attempt:
                minute = _minute()
                await clear_rate_limits()
                await on_one.uploaded(picture("PNG"))
                uploads += 1
            await on_two.uploaded(picture("PNG"))
            uploads += 1
            r = await on_two.upload(picture("PNG"))
            uploads += r.status_code == 201
            if _minute() == minute:
                break
        assert r.status_code == 429, r.text
        assert len(await on_one.media()) == uploads
    await clear_rate_limits()
