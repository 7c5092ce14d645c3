"""The lobby as people see it: the screen shows the way in and counts arrivals, phones (with and
without scripts) are told to wait for the first question, which then comes to them by itself;
the presenter goes back to the lobby with J."""

import pytest
from playwright.async_api import Browser, expect

from tests.conftest import LiveServer
from tests.e2e.a11y import assert_accessible
from tests.e2e.pages import QUESTIONS, join_by_typing, new_event, open_presenter, phone_context, watch_errors

pytestmark = pytest.mark.browser


async def test_phones_wait_in_the_lobby_until_the_first_question(
    live_server: LiveServer, browser: Browser
) -> None:
    async with live_server.client() as http:
        event = await new_event(http)
        assert (await event.organiser.control(event.room["id"], "lobby")).status_code == 200
        screen = await open_presenter(browser, live_server, event)
        errors = watch_errors(screen)
        await expect(screen.locator("#prompt")).to_have_text("Town hall")
        await expect(screen.locator("#join-code")).to_have_text(f"{event.code[:4]} {event.code[4:]}")
        await expect(screen.locator("#lobby-count")).to_have_text("Waiting for the first people to join…")

        scripted = await phone_context(browser)
        phone = await scripted.new_page()
        errors += watch_errors(phone)
        await join_by_typing(phone, live_server, event.code)
        await expect(phone.locator("h1")).to_have_text("You are in!")
        await expect(phone.get_by_text("Wait for the first question.")).to_be_visible()
        plain = await phone_context(browser, scripts=False)
        no_script = await plain.new_page()
        await no_script.goto(f"{live_server.url}/")
        await no_script.locator("#code").fill(event.code)
        await no_script.get_by_role("button", name="Join").tap()
        await expect(no_script.get_by_text("Wait for the first question.")).to_be_visible()
        await expect(screen.locator("#lobby-count")).to_have_text("2 joined")
        await assert_accessible(screen, "the presenter's lobby")
        await assert_accessible(phone, "a phone in the lobby")

        # The first question opens voting and reaches both phones by itself.
        await screen.keyboard.press("ArrowRight")
        await expect(screen.locator("#prompt")).to_have_text(QUESTIONS[0][0])
        await expect(phone.locator(".prompt")).to_have_text(QUESTIONS[0][0])
        await expect(no_script.locator(".prompt")).to_have_text(QUESTIONS[0][0], timeout=15000)
        await phone.get_by_text("Hiring plans").tap()
        await expect(phone.locator("#status")).to_contain_text("Your vote is in")

        # J: back to the lobby, on the screen and the phones.
        await screen.keyboard.press("j")
        await expect(screen.locator("#prompt")).to_have_text("Town hall")
        await expect(screen.locator("#lobby-count")).to_have_text("2 joined")
        await expect(phone.get_by_text("Wait for the first question.")).to_be_visible()
        # The lobby in high contrast (K), for washed-out projectors, still passes axe.
        await screen.keyboard.press("k")
        await expect(screen.locator("#btn-contrast")).to_have_attribute("aria-pressed", "true")
        await assert_accessible(screen, "the presenter's lobby in high contrast")
        assert not errors
        for context in (scripted, plain, screen.context):
            await context.close()
