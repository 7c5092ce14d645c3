"""The live voting loop in a real browser: a phone joins and votes, the presenter screen follows
within a second, the phone follows the presenter, and a dropped socket heals itself."""

import asyncio
import time
from pathlib import Path

import pytest
from playwright.async_api import Browser, expect

from poll_service.settings import Settings
from tests.conftest import LiveServer, make_settings
from tests.e2e.pages import (
    QUESTIONS,
    join_by_typing,
    new_event,
    open_presenter,
    phone_context,
    save_screenshot,
    transitions_done,
)
from tests.helpers import join

pytestmark = pytest.mark.browser


@pytest.fixture
def settings(database_url: str) -> Settings:
    """A public address as on a real deployment: the screen shows it and the QR code encodes it."""
    return make_settings(database_url, public_url="http://poll.example.org")


async def test_phone_votes_presenter_follows_and_phone_follows_back(
    live_server: LiveServer, browser: Browser, screenshots: Path
) -> None:
    async with live_server.client() as http:
        event = await new_event(http)
        presenter = await open_presenter(browser, live_server, event)
        await expect(presenter.locator("#prompt")).to_have_text(QUESTIONS[0][0])
        await expect(presenter.locator("#join-code")).to_have_text(f"{event.code[:4]} {event.code[4:]}")

        # Some of the audience votes through the API, for a realistic screen.
        for label in [
            "Budget for 2027",
            "The new office",
            "The new office",
            "Hiring plans",
            "The new office",
        ]:
            audience = await join(http, event.code)
            r = await audience.vote(event.presentation["questions"][0]["id"], [event.option(0, label)])
            assert r.status_code == 201

        phone_context_ = await phone_context(browser)
        phone = await phone_context_.new_page()
        await join_by_typing(phone, live_server, event.code)
        await expect(phone.locator(".prompt")).to_have_text(QUESTIONS[0][0])

        count = presenter.locator(f'.bar-row[data-id="{event.option(0, "Team outing")}"] .bar-count')
        await expect(count).to_have_text("0")
        started = time.monotonic()
        await phone.get_by_text("Team outing").tap()
        await expect(count).to_have_text("1", timeout=1000)
        elapsed = time.monotonic() - started
        print(f"\ntap on the phone -> bar on the presenter screen: {elapsed * 1000:.0f} ms")
        assert elapsed < 1.0
        await expect(phone.locator("#status")).to_contain_text("Your vote is in")
        await expect(presenter.locator("#answered")).to_have_text("6")
        await expect(presenter.locator("#joined")).to_have_text("6")

        await expect(phone.locator("#results")).to_be_visible()
        await transitions_done(phone)  # the bars settle for the pictures
        await transitions_done(presenter)
        await save_screenshot(phone, screenshots / "phone.png")
        await save_screenshot(presenter, screenshots / "presenter.png")

        # The presenter moves on with the keyboard; the phone follows by itself.
        await presenter.keyboard.press("ArrowRight")
        await expect(phone.locator(".prompt")).to_have_text(QUESTIONS[1][0], timeout=3000)
        await expect(presenter.locator("#prompt")).to_have_text(QUESTIONS[1][0])
        await expect(presenter.locator("#counter")).to_have_text("Question 2 of 2")
        await expect(phone.get_by_role("radio")).to_have_count(4)

        # C closes voting: the phone says so and its answers lock.
        await presenter.keyboard.press("c")
        await expect(phone.locator("#status")).to_contain_text("closed")
        await expect(phone.get_by_role("radio", name="Great")).to_be_disabled()
        # H hides the results behind a notice.
        await presenter.keyboard.press("h")
        await expect(presenter.locator("#notice")).to_contain_text("Results are hidden")
        await expect(presenter.locator("#chart")).to_be_hidden()
        await presenter.keyboard.press("h")
        await expect(presenter.locator("#chart")).to_be_visible()
        await presenter.keyboard.press("ArrowLeft")
        await expect(phone.locator(".prompt")).to_have_text(QUESTIONS[0][0])
        # Back on question 1, the phone still shows its own answer.
        await expect(phone.get_by_role("radio", name="Team outing")).to_be_checked()
        await presenter.context.close()
        await phone_context_.close()


async def test_dutch_phone_multi_select(live_server: LiveServer, browser: Browser) -> None:
    async with live_server.client() as http:
        event = await new_event(http, [])
        r = await event.organiser.post(
            f"/api/presentations/{event.presentation['id']}/questions",
            {
                "type": "multiple_choice",
                "prompt": "Welke dagen kun je?",
                "options": [{"label": d} for d in ("ma", "di", "wo", "do")],
                "settings": {"multi_select": True, "max_choices": 2},
            },
        )
        question = r.json()
        await event.organiser.control(event.room["id"], "goto", question_id=question["id"])
        context = await phone_context(browser, "nl-NL")
        phone = await context.new_page()
        # From the QR code's link: the page joins by itself.
        await phone.goto(f"{live_server.url}/{event.code}")
        await expect(phone.locator("html")).to_have_attribute("lang", "nl")
        await expect(phone.locator(".prompt")).to_have_text("Welke dagen kun je?")
        await expect(phone.get_by_text("Kies maximaal 2 antwoorden.")).to_be_visible()
        await phone.get_by_text("ma", exact=True).tap()
        await phone.get_by_text("wo", exact=True).tap()
        await expect(phone.get_by_role("checkbox", name="do")).to_be_disabled()
        await phone.get_by_role("button", name="Stem versturen").tap()
        await expect(phone.locator("#status")).to_contain_text("Je stem is binnen")
        results = (
            await http.get(f"/api/rooms/{event.room['id']}/results", headers=event.organiser.headers)
        ).json()
        result = next(q for q in results["questions"] if q["question_id"] == question["id"])
        assert sorted(result["tally"]["counts"].values()) == [0, 0, 1, 1]
        await context.close()


async def test_phone_reconnects_and_resyncs_after_the_server_drops_it(
    live_server: LiveServer, browser: Browser
) -> None:
    async with live_server.client() as http:
        event = await new_event(http)
        context = await phone_context(browser)
        phone = await context.new_page()
        await join_by_typing(phone, live_server, event.code)
        await expect(phone.locator(".prompt")).to_have_text(QUESTIONS[0][0])
        await expect(phone.locator("body")).to_have_attribute("data-connections", "1")

        # The phone loses its network, and the server drops its socket (as a restart would).
        await context.set_offline(True)
        live = live_server.app.state.context.rooms.loaded(event.room["id"])
        sockets = [sender.websocket for senders in live.audience.values() for sender in senders]
        assert len(sockets) == 1
        await sockets[0].close(code=1012)
        await expect(phone.locator("body")).not_to_have_attribute("data-socket", "open")

        # Meanwhile the presenter moves on: the phone misses that message...
        r = await event.organiser.control(event.room["id"], "next")
        assert r.status_code == 200
        await asyncio.sleep(1.5)
        await expect(phone.locator(".prompt")).to_have_text(QUESTIONS[0][0])

        # ...and is right again from the snapshot as soon as it is back.
        await context.set_offline(False)
        await expect(phone.locator(".prompt")).to_have_text(QUESTIONS[1][0], timeout=5000)
        await expect(phone.locator("body")).to_have_attribute("data-connections", "2")
        await expect(phone.locator("body")).to_have_attribute("data-socket", "open")

        # And it keeps following changes on the new socket.
        await event.organiser.control(event.room["id"], "previous")
        await expect(phone.locator(".prompt")).to_have_text(QUESTIONS[0][0])
        await phone.get_by_text("Hiring plans").tap()
        await expect(phone.locator("#status")).to_contain_text("Your vote is in")

        # The presenter clears the question's answers: the phone may answer afresh.
        await event.organiser.control(event.room["id"], "reset_question")
        await expect(phone.get_by_role("radio", name="Hiring plans")).not_to_be_checked()
        await expect(phone.locator("#status")).to_be_hidden()

        # The room ends: the phone says thank you.
        await event.organiser.control(event.room["id"], "end")
        await expect(phone.get_by_role("heading")).to_have_text("This session has ended")
        await context.close()


async def test_phone_without_javascript(live_server: LiveServer, browser: Browser) -> None:
    async with live_server.client() as http:
        event = await new_event(http)
        context = await phone_context(browser, scripts=False)
        phone = await context.new_page()
        await phone.goto(f"{live_server.url}/")
        await phone.locator("#code").fill(f"{event.code[:4]} {event.code[4:]}")
        await phone.get_by_role("button", name="Join").tap()
        await expect(phone).to_have_url(f"{live_server.url}/{event.code}")
        await expect(phone.locator(".prompt")).to_have_text(QUESTIONS[0][0])
        await phone.get_by_text("Hiring plans").tap()
        await phone.get_by_role("button", name="Send my vote").tap()
        await expect(phone.locator("#status")).to_contain_text("Your vote is in")
        await expect(phone.get_by_role("radio", name="Hiring plans")).to_be_checked()
        results = (
            await http.get(f"/api/rooms/{event.room['id']}/results", headers=event.organiser.headers)
        ).json()
        assert results["questions"][0]["tally"]["counts"][event.option(0, "Hiring plans")] == 1
        # Without scripts the page reloads itself while it waits, so it still follows the presenter.
        await event.organiser.control(event.room["id"], "next")
        await expect(phone.locator(".prompt")).to_have_text(QUESTIONS[1][0], timeout=15000)
        await context.close()


async def test_an_offline_phone_says_so_and_sends_its_answer_when_back(
    live_server: LiveServer, browser: Browser
) -> None:
    """Off the network the socket can look open for a while: the phone watches its own network,
    says it is offline, and an answer tapped meanwhile goes out once, when the network is back."""
    async with live_server.client() as http:
        event = await new_event(http)
        context = await phone_context(browser)
        phone = await context.new_page()
        await join_by_typing(phone, live_server, event.code)
        await expect(phone.locator(".prompt")).to_have_text(QUESTIONS[0][0])

        await context.set_offline(True)
        await expect(phone.locator("body")).to_have_attribute("data-network", "offline")
        await expect(phone.locator("#status")).to_contain_text("You are offline")
        await phone.get_by_text("Hiring plans").tap()
        await expect(phone.locator("#status")).to_contain_text("goes out as soon as the connection is back")

        await context.set_offline(False)
        await expect(phone.locator("#status")).to_contain_text("Your vote is in")
        results = await http.get(f"/api/rooms/{event.room['id']}/results", headers=event.organiser.headers)
        counts = results.json()["questions"][0]["tally"]["counts"]
        assert sum(counts.values()) == 1  # stored once
        await context.close()


async def test_two_tabs_of_one_phone_stay_in_step(live_server: LiveServer, browser: Browser) -> None:
    """One participant, two tabs (the same cookie): a vote in one shows in the other."""
    async with live_server.client() as http:
        event = await new_event(http)
        context = await phone_context(browser)
        first = await context.new_page()
        await join_by_typing(first, live_server, event.code)
        second = await context.new_page()
        await second.goto(f"{live_server.url}/{event.code}")
        for tab in (first, second):
            await expect(tab.locator(".prompt")).to_have_text(QUESTIONS[0][0])
            await expect(tab.locator("body")).to_have_attribute("data-socket", "open")

        await first.get_by_text("Hiring plans").tap()
        await expect(first.locator("#status")).to_contain_text("Your vote is in")
        await expect(second.get_by_role("radio", name="Hiring plans")).to_be_checked()
        await expect(second.locator("#status")).not_to_be_empty()
        # And back: a change in the second tab shows in the first.
        await second.locator("#vote-form").get_by_text("Team outing").tap()
        await expect(first.get_by_role("radio", name="Team outing")).to_be_checked()
        await context.close()
