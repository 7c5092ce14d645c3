"""Pictures for the README and the CI artefacts: the phone on a 320 px screen, the presenter screen
in English, in Dutch and in the high-contrast theme (test-artifacts/screenshots/; with
POLL_UPDATE_SCREENSHOTS=1 they replace the copies in docs/screenshots/)."""

import re
from pathlib import Path

import pytest
from playwright.async_api import Browser, expect

from poll_service.settings import Settings
from tests.conftest import LiveServer, make_settings
from tests.e2e.pages import new_event, open_presenter, save_screenshot, transitions_done
from tests.helpers import join

# The body also says which state the screen is in (in-lobby, strip, awake): contrast among them.
CONTRAST = re.compile(r"(^|\s)contrast(\s|$)")
pytestmark = pytest.mark.browser


@pytest.fixture
def settings(database_url: str) -> Settings:
    return make_settings(database_url, public_url="http://poll.example.org")


async def test_screenshots_small_phone_and_presenter_in_both_languages_and_high_contrast(
    live_server: LiveServer, browser: Browser, screenshots: Path
) -> None:
    async with live_server.client() as http:
        event = await new_event(http)
        question = event.presentation["questions"][0]["id"]
        for label in [
            "Budget for 2027",
            "The new office",
            "The new office",
            "Hiring plans",
            "The new office",
        ]:
            audience = await join(http, event.code)
            assert (await audience.vote(question, [event.option(0, label)])).status_code == 201

        context = await browser.new_context(
            viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True, locale="en-GB"
        )
        phone = await context.new_page()
        await phone.goto(f"{live_server.url}/{event.code}")
        await phone.get_by_text("Team outing").tap()
        await expect(phone.locator("#status")).to_contain_text("Your vote is in")
        await expect(phone.locator("#results")).to_be_visible()
        await transitions_done(phone)
        await save_screenshot(phone, screenshots / "phone-320.png")
        await context.close()

        presenter = await open_presenter(browser, live_server, event)
        await expect(presenter.locator("#answered")).to_have_text("6")
        await transitions_done(presenter)
        await save_screenshot(presenter, screenshots / "presenter-en.png")
        await presenter.goto(f"{presenter.url}?lang=nl")
        await expect(presenter.locator("#counter")).to_have_text("Vraag 1 van 2")
        await expect(presenter.locator("#answered")).to_have_text("6")
        await transitions_done(presenter)
        await save_screenshot(presenter, screenshots / "presenter-nl.png")
        await presenter.keyboard.press("k")
        await expect(presenter.locator("body")).to_have_class(CONTRAST)
        await transitions_done(presenter)
        await save_screenshot(presenter, screenshots / "presenter-contrast.png")
        await presenter.context.close()
