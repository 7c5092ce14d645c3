"""The phone's question view is rebuilt only when the question or its voting state changes, and a
rebuild keeps what the participant typed (and, tests/e2e/test_keyboard.py, where the focus was)."""

import asyncio

import pytest
from playwright.async_api import Browser, expect

from tests.conftest import LiveServer
from tests.e2e.pages import new_typed_event, phone_context

pytestmark = pytest.mark.browser

OPEN_TEXT = [{"type": "open_text", "prompt": "Ideas for the party?", "settings": {"max_length": 40}}]


async def test_the_first_socket_state_does_not_rebuild_the_page_it_came_with(
    live_server: LiveServer, browser: Browser
) -> None:
    """The page embeds the state the socket then sends again (with its keys in another order):
    that must not wipe the form a quick typist has started on."""
    async with live_server.client() as http:
        event = await new_typed_event(http, OPEN_TEXT)
        context = await phone_context(browser, "en-GB")
        phone = await context.new_page()
        # Deferred scripts have built the first view by DOMContentLoaded: remember that form.
        await phone.add_init_script(
            "document.addEventListener('DOMContentLoaded', () => {"
            " window.firstForm = document.getElementById('vote-form'); });"
        )
        await phone.goto(f"{live_server.url}/{event.code}")
        await expect(phone.locator("body")).to_have_attribute("data-socket", "open")
        await asyncio.sleep(0.5)  # the socket's first state has come and gone
        same = await phone.evaluate(
            "window.firstForm !== null && document.getElementById('vote-form') === window.firstForm"
        )
        assert same, "the socket's first state rebuilt the form"
        await context.close()


async def test_text_being_typed_survives_voting_closing_and_reopening(
    live_server: LiveServer, browser: Browser
) -> None:
    async with live_server.client() as http:
        event = await new_typed_event(http, OPEN_TEXT)
        context = await phone_context(browser, "en-GB")
        phone = await context.new_page()
        await phone.goto(f"{live_server.url}/{event.code}")
        await expect(phone.locator("body")).to_have_attribute("data-socket", "open")
        text = phone.locator("#answer-text")
        await text.fill("A barbecue")
        for action, enabled in (("close_voting", False), ("open_voting", True)):
            assert (await event.organiser.control(event.room["id"], action)).status_code == 200
            await expect(text).to_be_enabled(enabled=enabled)
        await expect(text).to_have_value("A barbecue")
        await expect(phone.locator("#text-count")).to_have_text("30 characters left")
        await context.close()
