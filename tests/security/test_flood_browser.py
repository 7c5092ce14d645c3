"""The presenter screen warns when the room's audience is being refused by the rate limits."""

from pathlib import Path

import httpx
import pytest
from playwright.async_api import Browser, expect

from tests.conftest import make_settings, run_server, sqlite_url
from tests.e2e.pages import new_event, open_presenter
from tests.helpers import join

pytestmark = pytest.mark.browser


async def test_presenter_sees_a_flood_warning(browser: Browser, tmp_path: Path) -> None:
    settings = make_settings(
        sqlite_url(tmp_path),
        responses_per_participant_per_10s=2,
        flood_warning_per_minute=4,
    )
    async with run_server(settings) as server, httpx.AsyncClient(base_url=server.url) as http:
        event = await new_event(http)
        calm = await open_presenter(browser, server, event)
        await calm.wait_for_timeout(500)
        await expect(calm.locator("#flood")).to_be_hidden()
        question = event.presentation["questions"][0]
        bot = await join(http, event.code)
        statuses = [
            (await bot.vote(question["id"], [question["options"][0]["id"]])).status_code for _ in range(8)
        ]
        assert statuses.count(429) == 6
        page = await open_presenter(browser, server, event)
        warning = page.locator("#flood")
        await expect(warning).to_be_visible()
        await expect(warning).to_contain_text("6 requests refused")
        await page.context.close()
        await calm.context.close()
