"""The other question types in a real browser: a phone answers, the presenter screen follows.
Word cloud (words keep their places and grow), scale (the spread and the mean), ranking by
keyboard, points, and reactions that float over the presenter screen."""

from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import Browser, Locator, Page, expect

from poll_service.settings import Settings
from tests.conftest import LiveServer, make_settings
from tests.e2e.pages import (
    Event,
    join_by_typing,
    new_typed_event,
    open_presenter,
    phone_context,
    save_screenshot,
    transitions_done,
    watch_errors,
)
from tests.helpers import join

pytestmark = pytest.mark.browser


@pytest.fixture
def settings(database_url: str) -> Settings:
    """A public address as on a real deployment, for the screenshots."""
    return make_settings(database_url, public_url="http://poll.example.org")


async def answer(http: httpx.AsyncClient, event: Event, body: dict[str, Any], question: int = 0) -> None:
    """One more person in the audience answers through the API."""
    phone = await join(http, event.code)
    question_id = event.presentation["questions"][question]["id"]
    r = await http.post(
        f"/api/join/{event.code}/responses", json={"question_id": question_id, **body}, headers=phone.headers
    )
    assert r.status_code == 201, r.text


async def box(locator: Locator) -> dict[str, float]:
    """Where a word is drawn: its place in the cloud's plane and its size on the screen."""
    found: dict[str, float] = await locator.evaluate(
        "n => { const r = n.getBoundingClientRect();"
        " return {left: parseFloat(n.style.left), top: parseFloat(n.style.top), height: r.height}; }"
    )
    return found


async def settled(page: Page) -> None:
    await transitions_done(page)


async def test_word_cloud_grows_and_words_keep_their_places(
    live_server: LiveServer, browser: Browser, screenshots: Path
) -> None:
    async with live_server.client() as http:
        event = await new_typed_event(
            http,
            [{"type": "word_cloud", "prompt": "One word for this year?", "settings": {"max_entries": 2}}],
        )
        presenter = await open_presenter(browser, live_server, event)
        await expect(presenter.locator("#prompt")).to_have_text("One word for this year?")
        await expect(presenter.locator(".cloud-empty")).to_be_visible()
        words = [
            ["Growth", "Focus"],
            ["Focus", "Change"],
            ["Teamwork"],
            ["growth", "Balance"],
            ["Fun"],
            ["Focus", "Learning"],
            ["Courage", "Growth"],
            ["Calm"],
            ["Speed", "Quality"],
            ["Focus", "Trust"],
            ["Clarity", "Growth"],
            ["Focus", "Health"],
            ["Trust", "Kindness"],
            ["Innovation"],
            ["Growth", "Customers"],
            ["Simplicity", "Focus"],
            ["Ownership"],
        ]
        for entries in words:
            await answer(http, event, {"entries": entries})
        focus = presenter.locator(".word", has_text="Focus")
        await expect(focus).to_be_visible()
        await expect(presenter.locator(".word")).to_have_count(19)
        await settled(presenter)
        before = {w: await box(presenter.locator(".word", has_text=w)) for w in ("Focus", "Calm", "Teamwork")}

        # A phone adds a word; then the audience makes it the most used one.
        context = await phone_context(browser)
        phone = await context.new_page()
        errors = watch_errors(phone, presenter)
        await join_by_typing(phone, live_server, event.code)
        await expect(phone.get_by_label("Word 1")).to_be_visible()
        await phone.get_by_label("Word 1").fill("Coffee")
        await phone.get_by_role("button", name="Send my answer").tap()
        await expect(phone.locator("#status")).to_contain_text("Your answer is in")
        coffee = presenter.locator(".word", has_text="Coffee")
        await expect(coffee).to_be_visible()
        await settled(presenter)
        small = await box(coffee)
        for _ in range(6):
            await answer(http, event, {"entries": ["Coffee"]})
        await expect(coffee).to_have_attribute("title", "Coffee: 7")
        await settled(presenter)
        large = await box(coffee)
        assert large["height"] > 1.4 * small["height"], (small, large)
        heights = await presenter.locator(".word").evaluate_all(
            "ns => ns.map(n => n.getBoundingClientRect().height)"
        )
        assert large["height"] >= max(heights) - 0.5, "the most used word is drawn the biggest"
        assert (large["left"], large["top"]) == (small["left"], small["top"]), "the word stays where it is"
        for word, place in before.items():
            now = await box(presenter.locator(".word", has_text=word))
            assert (now["left"], now["top"]) == (place["left"], place["top"]), f"{word} moved"
        # Words never overlap.
        rects = await presenter.locator(".word").evaluate_all(
            "ns => ns.map(n => { const r = n.getBoundingClientRect();"
            " return [r.left, r.top, r.right, r.bottom]; })"
        )
        for i, a in enumerate(rects):
            for b in rects[i + 1 :]:
                overlap_x = min(a[2], b[2]) - max(a[0], b[0])
                overlap_y = min(a[3], b[3]) - max(a[1], b[1])
                assert overlap_x <= 1 or overlap_y <= 1, (a, b)
        await save_screenshot(presenter, screenshots / "presenter-word-cloud.png")

        # Coming back to the page, the phone shows its own answer.
        await phone.reload()
        await expect(phone.get_by_label("Word 1")).to_have_value("Coffee")
        await expect(phone.locator("#status")).to_contain_text("Your answer is in")
        assert not errors
        await context.close()
        await presenter.context.close()


async def test_scale_answer_updates_the_distribution(
    live_server: LiveServer, browser: Browser, screenshots: Path
) -> None:
    async with live_server.client() as http:
        event = await new_typed_event(
            http,
            [
                {
                    "type": "scale",
                    "prompt": "How do you feel about the new office?",
                    "options": [
                        {"label": x} for x in ("The location", "The desks", "The coffee", "The noise")
                    ],
                    "settings": {"steps": 5, "min_label": "Not at all happy", "max_label": "Very happy"},
                }
            ],
        )
        ids = [o["id"] for o in event.presentation["questions"][0]["options"]]
        presenter = await open_presenter(browser, live_server, event)
        await expect(presenter.locator(".scale-row")).to_have_count(4)
        await expect(presenter.locator(".hist")).to_have_count(4)
        for ratings in ([4, 2, 5, 1], [5, 3, 4, 2], [4, 2, 5, None], [3, 1, 4, 2], [5, 2, 5, 3]):
            await answer(http, event, {"ratings": dict(zip(ids, ratings, strict=True))})
        location = presenter.locator(f'.scale-row[data-id="{ids[0]}"]')
        await expect(location.locator(".mean-value")).to_have_text("4.2")

        context = await phone_context(browser)
        phone = await context.new_page()
        errors = watch_errors(phone, presenter)
        await join_by_typing(phone, live_server, event.code)
        statement = phone.get_by_role("group", name="The location")
        await expect(statement.get_by_role("radio")).to_have_count(6)  # 1..5 and skip
        await statement.get_by_text("1", exact=True).tap()
        await phone.get_by_role("group", name="The desks").get_by_text("4", exact=True).tap()
        await phone.get_by_role("group", name="The coffee").get_by_text("5", exact=True).tap()
        await phone.get_by_role("group", name="The noise").get_by_text("Skip").tap()
        await phone.get_by_role("button", name="Send my answer").tap()
        await expect(phone.locator("#status")).to_contain_text("Your answer is in")

        first = location.locator(".col").nth(0).locator(".col-count")
        await expect(first).to_have_text("1")
        await expect(location.locator(".mean-value")).to_have_text("3.7")
        await expect(location.locator(".mean-count")).to_have_text("6 answers")
        await expect(presenter.locator("#answered")).to_have_text("6")
        await settled(presenter)
        await save_screenshot(presenter, screenshots / "presenter-scale.png")

        # The phone keeps its ratings when it comes back, and may change them.
        await phone.reload()
        await expect(
            phone.get_by_role("group", name="The location").get_by_role("radio", name="1")
        ).to_be_checked()
        await expect(phone.get_by_role("button", name="Change my answer")).to_be_visible()
        assert not errors
        await context.close()
        await presenter.context.close()


async def test_ranking_by_keyboard_and_points_on_the_phone(live_server: LiveServer, browser: Browser) -> None:
    async with live_server.client() as http:
        event = await new_typed_event(
            http,
            [
                {
                    "type": "ranking",
                    "prompt": "What first?",
                    "options": [{"label": x} for x in ("Budget", "Office", "Outing")],
                },
                {
                    "type": "points",
                    "prompt": "Spread 10 points",
                    "options": [{"label": x} for x in ("Tea", "Cake")],
                    "settings": {"total": 10},
                },
            ],
        )
        presenter = await open_presenter(browser, live_server, event)
        context = await phone_context(browser)
        phone = await context.new_page()
        errors = watch_errors(phone, presenter)
        await join_by_typing(phone, live_server, event.code)
        await expect(phone.locator(".rank-label")).to_have_text(["Budget", "Office", "Outing"])
        # Keyboard only: focus "move Outing up", press Enter twice; the focus stays with Outing.
        await phone.get_by_role("button", name="Move Outing up").focus()
        await phone.keyboard.press("Enter")
        await phone.keyboard.press("Enter")
        await expect(phone.locator(".rank-label")).to_have_text(["Outing", "Budget", "Office"])
        await expect(phone.get_by_role("button", name="Move Outing down")).to_be_focused()
        await expect(phone.locator("#rank-news")).to_have_text("Outing is now number 1.")
        await phone.get_by_role("button", name="Send my answer").tap()
        await expect(phone.locator("#status")).to_contain_text("Your answer is in")
        await expect(presenter.locator(".rank-row .bar-label")).to_have_text(
            ["1Outing", "2Budget", "3Office"]
        )

        await presenter.keyboard.press("ArrowRight")
        await expect(phone.locator(".prompt")).to_have_text("Spread 10 points")
        await phone.get_by_label("Tea").fill("8")
        await phone.get_by_label("Cake").fill("5")
        await expect(phone.locator("#points-left")).to_have_text("3 points too many")
        await phone.get_by_role("button", name="Send my answer").tap()
        await expect(phone.locator("#status")).to_contain_text("You can give 10 points at most")
        await phone.get_by_label("Cake").fill("2")
        await expect(phone.locator("#points-left")).to_have_text("Points left: 0 of 10")
        await phone.get_by_role("button", name="Send my answer").tap()
        await expect(phone.locator("#status")).to_contain_text("Your answer is in")
        tea = presenter.locator(f'.bar-row[data-id="{event.option(1, "Tea")}"]')
        await expect(tea.locator(".bar-count")).to_have_text("8")
        await expect(tea.locator(".bar-pct")).to_have_text("80%")
        assert not errors
        await context.close()
        await presenter.context.close()


async def test_reactions_float_over_the_presenter_screen(live_server: LiveServer, browser: Browser) -> None:
    async with live_server.client() as http:
        event = await new_typed_event(http, [{"type": "open_text", "prompt": "Questions for the panel?"}])
        presenter = await open_presenter(browser, live_server, event)
        context = await phone_context(browser)
        phone = await context.new_page()
        errors = watch_errors(phone, presenter)
        await join_by_typing(phone, live_server, event.code)
        await phone.get_by_label("Your answer").fill("Will there be cake?")
        await expect(phone.locator("#text-count")).to_have_text("261 characters left")
        await phone.get_by_role("button", name="Send my answer").tap()
        await expect(presenter.locator(".text-card")).to_have_text(["Will there be cake?"])

        await phone.get_by_role("tab", name="Reactions").tap()  # their own tab
        await phone.get_by_role("button", name="🎉").tap()
        await phone.get_by_role("button", name="👏").tap()
        await expect(presenter.locator("#floats .float", has_text="🎉").first).to_be_attached(timeout=3000)
        await expect(presenter.locator("#floats .float", has_text="👏").first).to_be_attached()
        # They float away and are gone again.
        await expect(presenter.locator("#floats .float")).to_have_count(0, timeout=8000)
        # With reduced motion they only fade in and out, low on the screen.
        await presenter.emulate_media(reduced_motion="reduce")
        await phone.get_by_role("button", name="❤️").tap()
        still = presenter.locator("#floats .float").first
        await expect(still).to_be_attached(timeout=3000)
        assert await still.evaluate("n => getComputedStyle(n).animationName") == "float-still"
        # Too many reactions are ignored quietly: the phone shows no error.
        for _ in range(14):
            await phone.get_by_role("button", name="👍").tap()
        await expect(phone.locator(".msg.error")).to_have_count(0)
        assert not errors
        await context.close()
        await presenter.context.close()


async def test_phone_sends_several_answers(live_server: LiveServer, browser: Browser) -> None:
    async with live_server.client() as http:
        event = await new_typed_event(
            http,
            [
                {
                    "type": "open_text",
                    "prompt": "Ideas for the party?",
                    "settings": {"multiple_submissions": True, "max_submissions": 2, "max_length": 10},
                }
            ],
        )
        context = await phone_context(browser, "nl-NL")
        phone = await context.new_page()
        errors = watch_errors(phone)
        await phone.goto(f"{live_server.url}/{event.code}")
        text = phone.get_by_label("Jouw antwoord")
        # The script's form has taken over: its counter counts. (Typed into the page's own form
        # first, on a slow or loaded machine, the text was cut at that form's maxlength, as it is
        # for a phone without scripts, and the counter then said "Nog 1 tekens over".)
        await expect(phone.locator("#text-count")).to_have_text("Nog 10 tekens over")
        await text.fill("Een taart met kaarsjes")
        await expect(phone.locator("#text-count")).to_have_text("12 tekens te veel")
        await phone.get_by_role("button", name="Antwoord versturen").tap()
        await expect(phone.locator("#status")).to_have_text("Je antwoord is te lang. Maak het korter.")
        await text.fill("Taart")
        await phone.get_by_role("button", name="Antwoord versturen").tap()
        await expect(phone.locator("#status")).to_have_text(
            "Je antwoord is binnen. Dank je wel! Je kunt er nog 1 sturen."
        )
        await expect(text).to_have_value("")
        await expect(phone.locator("#mine")).to_contain_text("Taart")
        await text.fill("Muziek")
        await phone.get_by_role("button", name="Nog een antwoord versturen").tap()
        await expect(phone.locator("#status")).to_contain_text("Je kunt geen antwoorden meer sturen")
        await expect(text).to_be_disabled()
        results = (
            await http.get(f"/api/rooms/{event.room['id']}/results", headers=event.organiser.headers)
        ).json()
        assert results["questions"][0]["tally"]["answers"] == ["Muziek", "Taart"]
        # Coming back, the page still knows that both answers are in.
        await phone.reload()
        await expect(phone.locator("#status")).to_contain_text("Je kunt geen antwoorden meer sturen")
        await expect(phone.locator("#mine")).to_contain_text("Muziek")
        assert not errors
        await context.close()
