"""Quiz play and a self-paced survey in a real browser: phones choose nicknames and answer, the
countdown ends, the presenter shows the leaderboard (the faster right phone first) and each phone
its rank; a survey walked through on a phone, back and forth; the donut chart's labels."""

import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import Browser, Page, expect

from tests.conftest import LiveServer
from tests.e2e.pages import (
    Event,
    join_by_typing,
    new_event,
    open_presenter,
    phone_context,
    save_screenshot,
    watch_errors,
)
from tests.helpers import join

pytestmark = pytest.mark.browser

QUIZ: dict[str, Any] = {
    "type": "quiz",
    "prompt": "What is the capital of the Netherlands?",
    "options": [{"label": "Rotterdam"}, {"label": "Amsterdam", "correct": True}, {"label": "Utrecht"}],
    "settings": {"time_limit_s": 6},
}


async def typed_event(http: httpx.AsyncClient, bodies: list[dict], settings: dict | None = None) -> Event:  # type: ignore[type-arg]
    event = await new_event(http, [])
    pid = event.presentation["id"]
    if settings:
        r = await http.patch(
            f"/api/presentations/{pid}", json={"settings": settings}, headers=event.organiser.headers
        )
        assert r.status_code == 200, r.text
    for body in bodies:
        r = await event.organiser.post(f"/api/presentations/{pid}/questions", body)
        assert r.status_code == 201, r.text
    event.presentation = (await http.get(f"/api/presentations/{pid}", headers=event.organiser.headers)).json()
    event.room = await event.organiser.room(pid)
    return event


async def player(browser: Browser, server: LiveServer, code: str, name: str) -> Page:
    context = await phone_context(browser)
    page = await context.new_page()
    await join_by_typing(page, server, code)
    # A quiz room gives everyone a made-up name ("Swift Otter"); the player picks their own.
    await expect(page.locator("#nick-name")).to_have_text(re.compile(r"^\w+ \w+$"))
    await page.get_by_role("button", name="Change name").tap()
    await page.get_by_label("Your name on the leaderboard").fill(name)
    await page.get_by_role("button", name="Save").tap()
    await expect(page.locator("#nick-name")).to_have_text(name)
    return page


async def test_quiz_nicknames_countdown_leaderboard_and_ranks(
    live_server: LiveServer, browser: Browser, screenshots: Path
) -> None:
    async with live_server.client() as http:
        event = await typed_event(http, [QUIZ])
        presenter = await open_presenter(browser, live_server, event)
        ann = await player(browser, live_server, event.code, "Ann")
        bob = await player(browser, live_server, event.code, "Bob")
        errors = watch_errors(presenter, ann, bob)
        await expect(presenter.locator("#prompt")).to_have_text(QUIZ["prompt"])

        # The presenter starts the countdown (the question's 6 seconds); every phone shows it.
        await presenter.keyboard.press("t")
        await expect(ann.locator(".countdown")).to_contain_text("seconds left")
        await expect(presenter.locator("#countdown")).to_be_visible()
        # Ann answers at once, Bob a second later: both right.
        await ann.get_by_text("Amsterdam").tap()
        await ann.get_by_role("button", name="Send").tap()
        await expect(ann.locator("#status")).to_contain_text("in")
        await bob.wait_for_timeout(1200)
        await bob.get_by_text("Amsterdam").tap()
        await bob.get_by_role("button", name="Send").tap()
        await expect(presenter.locator("#answered")).to_have_text("2")
        # While voting, the screen keeps the answers sealed and no phone knows the right one.
        await expect(presenter.locator("#chart")).to_have_class("chart bars quiz sealed")
        assert "right answer" not in (await ann.locator("main").inner_text())

        # Zero: voting closes by itself, the answer shows on the screen and on the phones.
        await expect(presenter.locator("#voting")).to_have_text("Voting is closed", timeout=9000)
        right = presenter.locator(f'.bar-row[data-id="{event.option(0, "Amsterdam")}"]')
        await expect(right).to_contain_text("right answer")
        await expect(right.locator(".bar-count")).to_have_text("2")
        await expect(ann.locator(".reveal")).to_contain_text("Right! +")
        await expect(bob.locator(".reveal")).to_contain_text("The right answer: Amsterdam")

        # The leaderboard: Ann (faster) first; each phone its own rank.
        await presenter.keyboard.press("l")
        rows = presenter.locator("#board .board-row")
        await expect(rows).to_have_count(2)
        await expect(rows.nth(0).locator(".board-name")).to_have_text("Ann")
        await expect(rows.nth(1).locator(".board-name")).to_have_text("Bob")
        ann_points = int((await rows.nth(0).locator(".board-score").inner_text()).replace(",", ""))
        bob_points = int((await rows.nth(1).locator(".board-score").inner_text()).replace(",", ""))
        assert ann_points > bob_points >= 500
        await expect(ann.locator("#my-rank")).to_contain_text("You are 1st of 2")
        await expect(bob.locator("#my-rank")).to_contain_text("You are 2nd of 2")
        await save_screenshot(presenter, screenshots / "quiz-leaderboard.png")
        await save_screenshot(bob, screenshots / "quiz-phone.png")

        # The final podium.
        await presenter.keyboard.press("p")
        await expect(presenter.locator(".podium .place-1 .step-name")).to_have_text("Ann")
        await expect(bob.locator(".board h2")).to_have_text("Final podium")
        await save_screenshot(presenter, screenshots / "quiz-podium.png")
        assert errors == []


SURVEY: list[dict[str, Any]] = [
    {
        "type": "multiple_choice",
        "prompt": "How did you hear of us?",
        "options": [{"label": "Friends"}, {"label": "Online"}],
    },
    {"type": "open_text", "prompt": "What should we change?"},
    {
        "type": "multiple_choice",
        "prompt": "Would you come again?",
        "options": [{"label": "Yes"}, {"label": "No"}],
    },
]


async def test_self_paced_survey_on_a_phone(
    live_server: LiveServer, browser: Browser, screenshots: Path
) -> None:
    async with live_server.client() as http:
        event = await typed_event(http, SURVEY, settings={"pacing": "audience"})
        presenter = await open_presenter(browser, live_server, event)
        context = await phone_context(browser)
        phone = await context.new_page()
        errors = watch_errors(phone, presenter)
        await join_by_typing(phone, live_server, event.code)

        await expect(phone.locator("#survey-heading")).to_have_text("Question 1 of 3")
        await expect(phone.locator("#survey-progress-text")).to_have_text("0 of 3 answered")
        await phone.get_by_text("Online").tap()
        await phone.get_by_role("button", name="Save and next →").tap()
        await expect(phone.locator("#survey-heading")).to_have_text("Question 2 of 3")
        await phone.get_by_label("Your answer").fill("More coffee, please")
        await phone.get_by_role("button", name="Save and next →").tap()
        await expect(phone.locator("#survey-heading")).to_have_text("Question 3 of 3")
        await expect(phone.locator("#survey-progress-text")).to_have_text("2 of 3 answered")

        # Back to the first question: the answer given is still there; the open answer too.
        await phone.get_by_role("button", name="← Back").tap()
        await expect(phone.locator("textarea")).to_have_value("More coffee, please")
        await phone.get_by_role("button", name="← Back").tap()
        await expect(phone.get_by_label("Online")).to_be_checked()
        await phone.get_by_role("button", name="Skip").tap()
        await phone.get_by_role("button", name="Skip").tap()
        await phone.get_by_text("Yes").tap()
        await phone.get_by_role("button", name="Save and finish").tap()
        await expect(phone.locator(".survey-done h1")).to_have_text("Thank you!")
        await expect(phone.locator(".survey-done")).to_contain_text("You answered 3 of 3 questions.")
        await save_screenshot(phone, screenshots / "survey-phone.png")

        # The presenter sees the audience's progress and the results of the question it picks.
        await expect(presenter.locator("#finished")).to_have_text("1")
        await presenter.keyboard.press("ArrowRight")
        await expect(presenter.locator("#prompt")).to_have_text("What should we change?")
        await presenter.keyboard.press("ArrowRight")
        await expect(presenter.locator("#prompt")).to_have_text("Would you come again?")
        yes = presenter.locator(f'.bar-row[data-id="{event.option(2, "Yes")}"] .bar-count')
        await expect(yes).to_have_text("1")

        # Reopened later (a reload), the phone continues at the end: nothing to answer.
        await phone.reload()
        await expect(phone.locator(".survey-done")).to_be_visible()
        assert errors == []


async def test_donut_chart_labels_every_part_with_its_share(
    live_server: LiveServer, browser: Browser
) -> None:
    async with live_server.client() as http:
        donut = {
            "type": "multiple_choice",
            "prompt": "Coffee or tea?",
            "options": [{"label": "Coffee"}, {"label": "Tea"}, {"label": "Water"}],
            "settings": {"chart": "donut"},
        }
        event = await typed_event(http, [donut])
        presenter = await open_presenter(browser, live_server, event)
        for label in ["Coffee", "Coffee", "Coffee", "Tea"]:
            phone = await join(http, event.code)
            assert (
                await phone.vote(event.presentation["questions"][0]["id"], [event.option(0, label)])
            ).status_code == 201
        ring = presenter.locator("svg.donut-svg")
        await expect(ring).to_have_attribute("role", "img")
        await expect(ring).to_have_attribute(
            "aria-label", "Coffee or tea?. Coffee: 75% (3); Tea: 25% (1); Water: 0% (0)"
        )
        # On the ring: each part's number and percentage as text (not told by colour alone).
        labels = ring.locator("text.donut-label")
        await expect(labels.nth(0)).to_have_text("1: 75%")
        await expect(labels.nth(1)).to_have_text("2: 25%")
        await expect(labels.nth(2)).to_have_text("")
        legend = presenter.locator(".legend-row").nth(0)
        await expect(legend).to_contain_text("Coffee")
        await expect(legend.locator(".bar-pct")).to_have_text("75%")
        await expect(legend.locator(".swatch")).to_have_text("1")


async def test_dashboard_authors_a_quiz_a_donut_and_a_self_paced_room(
    live_server: LiveServer, browser: Browser
) -> None:
    async with live_server.client() as http:
        event = await new_event(http, [])
        ada, pid = event.organiser, event.presentation["id"]
        context = await browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
        await context.add_cookies([{"name": "poll_session", "value": ada.token, "url": live_server.url}])
        page = await context.new_page()
        errors = watch_errors(page)
        await page.goto(f"{live_server.url}/dashboard#p={pid}")

        await page.get_by_role("button", name="+ Add a question").click()
        await page.get_by_label("Kind of question").select_option(label="Quiz")
        await page.get_by_label("Question", exact=True).fill("Largest planet?")
        answers = page.get_by_label("Answer", exact=True)
        await answers.nth(0).fill("Mars")
        await answers.nth(1).fill("Jupiter")
        # Without a right answer ticked the form says so.
        await page.get_by_role("button", name="Save question").click()
        await expect(page.get_by_role("alert")).to_contain_text("Tick at least one right answer")
        await page.get_by_label("Right answer").nth(1).check()
        await page.get_by_label("Time limit in seconds (5\N{EN DASH}300)").fill("15")
        await page.get_by_label("Points for a right answer (0\N{EN DASH}10000)").fill("500")
        await page.get_by_label("Faster answers earn more points").uncheck()
        await page.get_by_label("Show results as").select_option("donut")
        await page.get_by_role("button", name="Save question").click()
        await expect(page.locator(".qlist .meta").last).to_have_text("Right: Jupiter · 15 s · 500 points")

        await page.get_by_role("button", name="+ Add a question").click()
        await page.get_by_label("Question", exact=True).fill("Coffee or tea?")
        await answers.nth(0).fill("Coffee")
        await answers.nth(1).fill("Tea")
        await page.get_by_label("Show results as").select_option("donut")
        await page.get_by_role("button", name="Save question").click()

        await expect(page.locator(".qlist .q")).to_have_count(2)  # saved (the editor is drawn again)
        await page.locator("#p-pacing").select_option("audience")
        async with page.expect_response(lambda r: r.request.method == "PATCH" and pid in r.url) as patched:
            await page.get_by_role("button", name="Save", exact=True).click()
        assert (await patched.value).ok

        presentation = (await http.get(f"/api/presentations/{pid}", headers=ada.headers)).json()
        quiz, mc = presentation["questions"]
        assert quiz["type"] == "quiz" and [o.get("correct", False) for o in quiz["options"]] == [False, True]
        assert (
            quiz["settings"] | {"time_limit_s": 15, "points": 500, "speed_bonus": False, "chart": "donut"}
            == quiz["settings"]
        )
        assert mc["settings"]["chart"] == "donut"
        assert presentation["settings"]["pacing"] == "audience"
        assert errors == []
