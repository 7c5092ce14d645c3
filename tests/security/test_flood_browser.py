"""The presenter screen warns when the room's audience is being refused by the rate limits: on the
projector at every size, with what to do about it in the presenter's control bar."""

from pathlib import Path

import httpx
import pytest
from playwright.async_api import Browser, expect

from tests.conftest import make_settings, run_server, sqlite_url
from tests.e2e.a11y import assert_accessible
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.layout import wait_until_fits
from tests.e2e.pages import new_event, open_presenter, save_screenshot
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
        # What to do is for the presenter: in the control bar, seen while they use it.
        await expect(warning).not_to_contain_text("Lock the room")
        advice = page.locator("#toolbar #flood-advice")
        await expect(advice).to_have_text("Too many requests: lock the room or remove a participant.")
        await page.mouse.move(300, 300)
        await expect(advice).to_be_visible()
        await expect(page.locator("#toolbar")).to_have_css("opacity", "1")
        await assert_accessible(page, "the presenter with a flood warning and its advice")
        # On the projector: the warning fits every screen size beside the counts, nothing overlaps.
        await page.mouse.move(0, 0)  # the control bar fades
        for width, height in ((1920, 1080), (1280, 720), (1024, 768)):
            await page.set_viewport_size({"width": width, "height": height})
            await wait_until_fits(page, f"the flood warning at {width}x{height}")
            await expect(warning).to_be_in_viewport(ratio=1)
            await expect(page.locator("#toolbar")).to_have_css("opacity", "0")
            await save_screenshot(page, SCREENSHOTS / f"projector-flood-{width}x{height}.png")
        await page.context.close()
        await calm.context.close()
