"""The audience Q&A in real browsers: a phone asks, another phone upvotes, the presenter screen
shows the questions sorted by upvotes, the presenter marks one answered and toggles the panel with Q;
a swear word on the phone stays off the screen."""

import re
from pathlib import Path

import pytest
from playwright.async_api import Browser, expect

from tests.conftest import LiveServer
from tests.e2e.pages import (
    join_by_typing,
    new_event,
    open_presenter,
    phone_context,
    save_screenshot,
    watch_errors,
)
from tests.helpers import join
from tests.qna_support import ask

pytestmark = pytest.mark.browser


async def test_ask_upvote_sort_and_answer(
    live_server: LiveServer, browser: Browser, screenshots: Path
) -> None:
    async with live_server.client() as http:
        event = await new_event(http)
        room_id = event.room["id"]
        r = await http.patch(
            f"/api/rooms/{room_id}",
            json={"qna": {"enabled": True, "on_screen": True, "moderation": "filter"}},
            headers=event.organiser.headers,
        )
        assert r.status_code == 200, r.text
        early = await join(http, event.code)
        assert (await ask(early, "When is lunch?")).status_code == 201

        presenter = await open_presenter(browser, live_server, event)
        panel = presenter.locator("#qna-panel")
        await expect(panel).to_be_visible()
        await expect(panel.locator(".qna-text")).to_have_text(["When is lunch?"])

        asker = await (await phone_context(browser)).new_page()
        voter = await (await phone_context(browser)).new_page()
        errors = watch_errors(presenter, asker, voter)
        await join_by_typing(asker, live_server, event.code)
        # The Q&A has its own tab (the poll's view stays uncluttered).
        await expect(asker.locator("#qna")).to_be_hidden()
        await asker.get_by_role("tab", name=re.compile("Q&A and reactions")).tap()
        await expect(asker.locator("#qna")).to_be_visible()
        await asker.locator("#qna-text").fill("Will the slides be shared?")
        await asker.locator("#qna-name").fill("Ann")
        await asker.get_by_role("button", name="Ask").tap()
        await expect(asker.locator("#qna-status")).to_have_text("Your question is in.")
        # A swear word is kept off every screen; its author is told why.
        await asker.locator("#qna-text").fill("This is f\u200buck1ng boring")
        await asker.get_by_role("button", name="Ask").tap()
        await expect(asker.locator("#qna-status")).to_contain_text("not allowed")
        await expect(asker.locator("#qna-mine .qna-own")).to_have_count(1)

        # Oldest first while nobody upvoted (ties: newest first).
        await expect(panel.locator(".qna-text")).to_have_text(
            ["Will the slides be shared?", "When is lunch?"]
        )
        await join_by_typing(voter, live_server, event.code)
        await voter.get_by_role("tab", name=re.compile("Q&A and reactions")).tap()
        slides = voter.locator(".qna-item", has_text="Will the slides be shared?")
        await expect(slides).to_be_visible()
        await voter.locator(".qna-sort button", has_text="Newest").tap()
        await expect(voter.locator("#qna-list .qna-text").first).to_have_text("Will the slides be shared?")
        lunch = voter.locator(".qna-item", has_text="When is lunch?")
        await lunch.locator("button.upvote").tap()
        await expect(lunch.locator("button.upvote")).to_have_attribute("aria-pressed", "true")
        # The presenter screen re-sorts by upvotes within a second.
        await expect(panel.locator(".qna-text")).to_have_text(
            ["When is lunch?", "Will the slides be shared?"], timeout=1500
        )
        await expect(panel.locator(".qna-item").first.locator(".qna-votes")).to_contain_text("1")
        await expect(panel.locator(".qna-author")).to_have_text(["Ann"])
        await expect(panel).not_to_contain_text("boring")
        await save_screenshot(presenter, screenshots / "presenter-qna.png")
        await save_screenshot(voter, screenshots / "phone-qna.png")

        # The presenter marks the top question answered: it moves below the open one.
        top = panel.locator(".qna-item").first
        await top.hover()
        await top.get_by_role("button", name="Answered").click()
        await expect(panel.locator(".qna-item.answered .qna-text")).to_have_text("When is lunch?")
        await expect(panel.locator(".qna-text")).to_have_text(
            ["Will the slides be shared?", "When is lunch?"]
        )
        await expect(voter.locator(".qna-item.answered")).to_contain_text("Answered")

        # Q hides the panel on the screen (for every screen of the room), Q shows it again.
        await presenter.keyboard.press("q")
        await expect(panel).to_be_hidden()
        await expect(presenter.locator("#btn-qna")).to_have_attribute("aria-pressed", "false")
        await presenter.keyboard.press("q")
        await expect(panel).to_be_visible()
        assert errors == []
