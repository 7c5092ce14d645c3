"""A talk rather than a list of questions, in Chromium: a content slide followed by a poll (the
phone follows, with and without scripts; the presenter notes never reach it), the speaker view on a
phone-sized page driving the projector page, and the audience Q&A placed in the deck, reached with
"next", where a phone's question shows on the projector."""

from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Browser, Page, expect

from tests.conftest import LiveServer
from tests.e2e.a11y import assert_accessible
from tests.e2e.pages import (
    Event,
    join_by_typing,
    new_typed_event,
    open_presenter,
    phone_context,
    save_screenshot,
    watch_errors,
)

pytestmark = pytest.mark.browser

NOTE = "Mention the coffee at three (speaker-only-4c1d)"
SLIDE: dict[str, Any] = {
    "type": "slide",
    "prompt": "This afternoon in the library network",
    "settings": {
        "text": "A plenary, then **five breakout sessions**.",
        "bullets": ["Each with its own moderator", "Back here at five"],
        "quote": "A library is a growing organism.",
        "quote_by": "S. R. Ranganathan",
        "big_number": "42",
        "big_number_label": "branches",
        "notes": NOTE,
    },
}
POLL: dict[str, Any] = {
    "type": "multiple_choice",
    "prompt": "Which breakout do you join?",
    "options": [{"label": "Reading clubs"}, {"label": "Makerspaces"}, {"label": "Digital skills"}],
    "settings": {"notes": "Read out the top two (speaker-only-9e2b)"},
}


def socket_frames(page: Page) -> list[str]:
    """Every message the page's sockets receive, as text."""
    frames: list[str] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append(str(payload))))
    return frames


async def speaker_page(browser: Browser, server: LiveServer, event: Event) -> Page:
    """The speaker view on a 390 px phone held as a remote."""
    context = await browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="en-GB"
    )
    await context.add_cookies([{"name": "poll_session", "value": event.organiser.token, "url": server.url}])
    page = await context.new_page()
    await page.goto(f"{server.url}/present/{event.room['id']}/speaker")
    await expect(page.locator("body")).to_have_attribute("data-socket", "open")
    return page


async def test_a_content_slide_then_a_poll_and_the_phone_follows(
    live_server: LiveServer, browser: Browser, screenshots: Path
) -> None:
    async with live_server.client() as http:
        event = await new_typed_event(http, [SLIDE, POLL])  # on the slide
        presenter = await open_presenter(browser, live_server, event)
        phone = await (await phone_context(browser)).new_page()
        frames = socket_frames(phone)
        errors = watch_errors(presenter, phone)
        await join_by_typing(phone, live_server, event.code)

        # The projector shows the slide; the phone says to look at it, with the same words.
        await expect(presenter.locator("#prompt")).to_have_text(SLIDE["prompt"])
        chart = presenter.locator("#chart.slide")
        await expect(chart.locator(".slide-text strong")).to_have_text("five breakout sessions")
        await expect(chart.locator(".slide-bullets li")).to_have_text(SLIDE["settings"]["bullets"])
        await expect(chart.locator(".slide-number strong")).to_have_text("42")
        await expect(chart.locator("blockquote")).to_have_text(SLIDE["settings"]["quote"])
        await expect(presenter.locator("#voting")).to_have_text("Voting is closed")
        card = phone.locator(".shown-only")
        await expect(card.locator(".prompt")).to_have_text(SLIDE["prompt"])
        await expect(card.locator(".look")).to_contain_text("Look at the screen")
        await expect(card.locator(".slide-text strong")).to_have_text("five breakout sessions")
        await expect(card.locator(".slide-bullets li")).to_have_text(SLIDE["settings"]["bullets"])
        await expect(phone.locator("#vote-form")).to_have_count(0)
        await assert_accessible(phone, "the phone on a content slide")
        await assert_accessible(presenter, "the projector on a content slide")
        await save_screenshot(presenter, screenshots / "presenter-content-slide.png")
        await save_screenshot(phone, screenshots / "phone-content-slide.png")

        # A phone without scripts reads the same slide.
        plain = await (await phone_context(browser, scripts=False)).new_page()
        await plain.goto(f"{live_server.url}/{event.code}")
        await plain.get_by_role("button", name="Join").click()  # a form post, no scripts
        await expect(plain.locator(".shown-only .slide-text strong")).to_have_text("five breakout sessions")
        await expect(plain.locator(".shown-only .slide-quote figcaption")).to_have_text("S. R. Ranganathan")

        # Next: the poll. The phone follows by itself and votes; the projector counts it.
        await presenter.keyboard.press("ArrowRight")
        await expect(presenter.locator("#prompt")).to_have_text(POLL["prompt"])
        await expect(phone.locator(".prompt")).to_have_text(POLL["prompt"])
        await phone.get_by_text("Makerspaces").tap()  # one tap sends a single choice
        await expect(phone.locator("#status")).to_contain_text("Your vote is in")
        await expect(presenter.locator("#answered")).to_have_text("1")
        await plain.reload()
        await expect(plain.locator("#vote-form legend")).to_have_text(POLL["prompt"])

        # The speaker's notes of either item never reached the phone: not its page, not its socket.
        assert frames, "the phone's socket said nothing"
        assert not [f for f in frames if "speaker-only" in f]
        for page in (phone, plain):
            assert "speaker-only" not in await page.content()
        assert errors == []


async def test_the_speaker_view_on_a_phone_drives_the_projector(
    live_server: LiveServer, browser: Browser, screenshots: Path
) -> None:
    async with live_server.client() as http:
        event = await new_typed_event(http, [SLIDE, POLL, {"type": "slide", "prompt": "Thank you!"}])
        projector = await open_presenter(browser, live_server, event)
        speaker = await speaker_page(browser, live_server, event)
        errors = watch_errors(projector, speaker)

        # On the slide: its notes, the next item, no voting to close.
        await expect(speaker.locator("#now-prompt")).to_have_text(SLIDE["prompt"])
        await expect(speaker.locator("#notes")).to_have_text(NOTE)
        await expect(speaker.locator("#next-prompt")).to_have_text(POLL["prompt"])
        await expect(speaker.locator("#counter")).to_have_text("1 of 3")
        await expect(speaker.locator("#btn-voting")).to_be_disabled()
        await expect(speaker.locator("#item-timer")).to_have_text("0:01", timeout=3000)  # it runs
        assert await speaker.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
        await assert_accessible(speaker, "the speaker view on a content slide")
        # The projector shows only the slide: no notes, no next item.
        await expect(projector.locator("#prompt")).to_have_text(SLIDE["prompt"])
        assert "speaker-only" not in await projector.locator("main.stage").inner_text()

        # Next, tapped on the remote: the projector moves to the poll.
        await speaker.get_by_role("button", name="Next").tap()
        await expect(projector.locator("#prompt")).to_have_text(POLL["prompt"])
        await expect(speaker.locator("#now-prompt")).to_have_text(POLL["prompt"])
        await expect(speaker.locator("#notes")).to_contain_text("Read out the top two")
        await expect(speaker.locator("#next-prompt")).to_have_text("Thank you!")
        await expect(speaker.locator("#voting")).to_have_text("Voting open")
        await expect(speaker.locator("#item-timer")).to_have_text("0:00")  # a new item starts its clock

        # A phone votes: the live response count on the remote goes up.
        phone = await (await phone_context(browser)).new_page()
        errors += watch_errors(phone)
        await join_by_typing(phone, live_server, event.code)
        await phone.get_by_text("Reading clubs").tap()
        await expect(speaker.locator("#responses")).to_have_text("1")
        await expect(speaker.locator("#joined")).to_have_text("1")

        # Close voting and hide, then show the results, from the remote.
        await speaker.get_by_role("button", name="Close voting").tap()
        await expect(projector.locator("#voting")).to_have_text("Voting is closed")
        await expect(phone.locator("#status")).to_contain_text("closed")
        await expect(speaker.locator("#btn-results")).to_have_text("Hide results")
        await speaker.get_by_role("button", name="Hide results").tap()
        await expect(projector.locator("#notice")).to_have_text("Results are hidden")
        await speaker.get_by_role("button", name="Show results").tap()
        await expect(projector.locator("#notice")).to_be_hidden()
        await assert_accessible(speaker, "the speaker view on a poll")
        await save_screenshot(speaker, screenshots / "speaker-view-phone.png")

        # The keyboard alone: Tab to Previous and press it; the arrow keys move on as a clicker does.
        await speaker.locator("button[data-action=previous]").focus()
        await speaker.keyboard.press("Enter")
        await expect(projector.locator("#prompt")).to_have_text(SLIDE["prompt"])
        await speaker.keyboard.press("ArrowRight")
        await expect(projector.locator("#prompt")).to_have_text(POLL["prompt"])
        await speaker.keyboard.press("ArrowRight")
        await expect(projector.locator("#prompt")).to_have_text("Thank you!")
        await expect(speaker.locator("#next-prompt")).to_have_text("This is the last item.")
        await expect(speaker.locator("#notes")).to_have_text("No notes for this item.")
        assert errors == []


async def test_the_qna_in_the_deck_is_reached_with_next(live_server: LiveServer, browser: Browser) -> None:
    async with live_server.client() as http:
        event = await new_typed_event(http, [POLL, {"type": "qna", "prompt": "Your questions for the panel"}])
        presenter = await open_presenter(browser, live_server, event)
        phone = await (await phone_context(browser)).new_page()
        errors = watch_errors(presenter, phone)
        await join_by_typing(phone, live_server, event.code)
        # The room's own Q&A is off: no panel on the poll.
        await expect(phone.locator(".prompt")).to_have_text(POLL["prompt"])
        await expect(phone.locator("#qna")).to_be_hidden()
        await expect(presenter.locator("#qna-panel")).to_be_hidden()

        await presenter.keyboard.press("ArrowRight")  # "next"
        await expect(presenter.locator("#prompt")).to_have_text("Your questions for the panel")
        panel = presenter.locator("#qna-panel")
        await expect(panel).to_be_visible()
        await expect(presenter.locator("#btn-qna")).to_be_hidden()  # held open by the item
        await presenter.keyboard.press("q")  # changes nothing here
        await expect(phone.locator(".shown-only .prompt")).to_have_text("Your questions for the panel")
        await expect(phone.locator("#qna")).to_be_visible()
        await phone.locator("#qna-text").fill("Will the breakout notes be shared?")
        await phone.get_by_role("button", name="Ask").tap()
        await expect(phone.locator("#qna-status")).to_have_text("Your question is in.")
        await expect(panel.locator(".qna-text")).to_have_text(["Will the breakout notes be shared?"])
        await expect(phone.locator("#qna-list .qna-text")).to_have_text(
            ["Will the breakout notes be shared?"]
        )

        # Leaving the item closes the panel again (the room's own Q&A setting is off).
        await presenter.keyboard.press("ArrowLeft")
        await expect(presenter.locator("#prompt")).to_have_text(POLL["prompt"])
        await expect(panel).to_be_hidden()
        await expect(phone.locator("#qna")).to_be_hidden()
        await expect(phone.locator("#vote-form")).to_be_visible()
        assert errors == []


async def test_the_dashboard_writes_a_slide_and_presenter_notes(
    live_server: LiveServer, browser: Browser
) -> None:
    async with live_server.client() as http:
        event = await new_typed_event(http, [POLL])
        pid = event.presentation["id"]
        context = await browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
        await context.add_cookies(
            [{"name": "poll_session", "value": event.organiser.token, "url": live_server.url}]
        )
        page = await context.new_page()
        errors = watch_errors(page)
        await page.goto(f"{live_server.url}/dashboard#p={pid}")

        await page.get_by_role("button", name="+ Add a question").click()
        await page.get_by_label("Kind of question").select_option(label="Content slide")
        await page.get_by_label("Question", exact=True).fill("After the break")
        await page.get_by_label("Text (Markdown: *italic*, **bold**, lists)").fill("We start **at four**.")
        await page.get_by_label("Bullet points").fill("Room A\nRoom B\n")
        await page.get_by_label("Big number", exact=True).fill("5")
        await page.get_by_label("Presenter notes").fill("Count the chairs first")
        await assert_accessible(page, "the dashboard's slide form")
        await page.get_by_role("button", name="Save question").click()
        await expect(page.locator(".qlist .meta").last).to_have_text("Content slide · no voting")

        # The poll's notes, edited in place; its options and settings stay.
        await page.locator(".thumb-pick").first.click()
        await page.get_by_label("Presenter notes").fill("Read out the top two")
        await expect(page.locator("#save-status")).to_have_text("Saved")  # saved as typed
        deck = (await http.get(f"/api/presentations/{pid}", headers=event.organiser.headers)).json()
        poll, slide = deck["questions"]
        assert poll["settings"]["notes"] == "Read out the top two"
        assert [o["label"] for o in poll["options"]] == [o["label"] for o in POLL["options"]]
        assert slide["type"] == "slide" and slide["settings"]["notes"] == "Count the chairs first"
        assert slide["settings"]["bullets"] == ["Room A", "Room B"] and slide["settings"]["big_number"] == "5"
        assert slide["settings"]["text_html"] == "<p>We start <strong>at four</strong>.</p>"

        # The live room links to its speaker view.
        link = page.locator(f'.room[data-id="{event.room["id"]}"]').get_by_role("link", name="Speaker view")
        await expect(link).to_have_attribute("href", f"/present/{event.room['id']}/speaker")
        assert errors == []
        await context.close()
