"""axe-core (WCAG 2.2 AA and best practices) reports nothing on any page: the join page (both
languages, with an error, without scripts), the phone for every question type (answering, and
with the results shown), the presenter screen for every question type (and in high contrast),
the dashboard, the log-in page, the results and shared results pages, and the message pages."""

import re
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from playwright.async_api import Browser, BrowserContext, expect

from tests.conftest import LiveServer
from tests.e2e.a11y import assert_accessible
from tests.e2e.pages import (
    Event,
    new_typed_event,
    open_presenter,
    organiser_page,
    phone_context,
    transitions_done,
    watch_errors,
)
from tests.helpers import join, new_organiser

# The body also says which state the screen is in (in-lobby, strip, awake): contrast among them.
CONTRAST = re.compile(r"(^|\s)contrast(\s|$)")
pytestmark = pytest.mark.browser

LABELS = ["Budget for 2027", "The new office", "Team outing", "Hiring plans"]
# Every question type (multiple choice in its variants), with two answers from the audience.
TYPES: dict[str, tuple[dict[str, Any], list[dict[str, Any]]]] = {
    "single_choice": (
        {"type": "multiple_choice", "prompt": "Which topic first?", "options": LABELS},
        [{"choice_ids": [0]}, {"choice_ids": [1]}],
    ),
    "multi_select": (
        {
            "type": "multiple_choice",
            "prompt": "Which days suit you?",
            "options": ["Monday", "Tuesday", "Wednesday", "Thursday"],
            "settings": {"multi_select": True, "max_choices": 2},
        },
        [{"choice_ids": [0, 1]}, {"choice_ids": [1]}],
    ),
    "donut": (
        {
            "type": "multiple_choice",
            "prompt": "How do you travel?",
            "options": ["Bike", "Train", "Car", "Bus", "Walk", "Tram", "Boat", "Scooter"],
            "settings": {"chart": "donut"},
        },
        [{"choice_ids": [0]}, {"choice_ids": [1]}, {"choice_ids": [6]}],
    ),
    "word_cloud": (
        {"type": "word_cloud", "prompt": "One word for this year?", "settings": {"max_entries": 3}},
        [{"entries": ["Growth", "Focus"]}, {"entries": ["Focus"]}],
    ),
    "open_text": (
        {"type": "open_text", "prompt": "What should we change?"},
        [{"text": "More time for questions"}, {"text": "Shorter meetings, please"}],
    ),
    "scale": (
        {
            "type": "scale",
            "prompt": "How do you rate these?",
            "options": ["The food", "The venue", "The talks"],
            "settings": {"steps": 5, "min_label": "Bad", "max_label": "Great"},
        },
        [{"ratings": {0: 4, 1: 5, 2: None}}, {"ratings": {0: 2, 1: 5, 2: 3}}],
    ),
    "ranking": (
        {"type": "ranking", "prompt": "Put these in order", "options": LABELS},
        [{"order": [1, 0, 2, 3]}, {"order": [1, 2, 0, 3]}],
    ),
    "points": (
        {"type": "points", "prompt": "Share 100 points", "options": LABELS[:3], "settings": {"total": 100}},
        [{"points": {0: 60, 1: 40, 2: 0}}, {"points": {0: 10, 1: 10, 2: 80}}],
    ),
    "matrix": (
        {
            "type": "matrix",
            "prompt": "Where do these plans sit?",
            "options": LABELS[:3],
            "settings": {"quadrants": ["Quick wins", "Big bets", "Fill-ins", "Money pits"]},
        },
        [
            {"ratings": {0: {"x": 1, "y": 5}, 1: {"x": 4, "y": 2}, 2: None}},
            {"ratings": {0: {"x": 2, "y": 4}, 1: None, 2: {"x": 3, "y": 3}}},
        ],
    ),
    "quiz": (
        {
            "type": "quiz",
            "prompt": "Which city is the capital?",
            "options": ["Amsterdam", "Rotterdam", "Utrecht"],
        },
        [{"choice_ids": [0]}, {"choice_ids": [2]}],
    ),
    "number": (
        {
            "type": "number",
            "prompt": "How many kilometres did you travel today?",
            "settings": {"min": 0, "max": 100, "unit": "km", "correct": 42},
        },
        [{"value": 12}, {"value": 40}],
    ),
    "type_answer": (
        {
            "type": "type_answer",
            "prompt": "Which city is the capital of the Netherlands?",
            "settings": {"accepted": ["Amsterdam"], "hide_results_until_closed": False},
        },
        [{"text": "Amsterdam"}, {"text": "Rotterdam"}],
    ),
    # Pictures (media/): image choice's grid, and an image above the prompt.
    "image_choice": (
        {
            "type": "image_choice",
            "prompt": "Which cover for next year's programme?",
            "options": ["Tulips", "Windmill", "Canal", "Bicycles"],
            "pictures": [
                "Red tulips in a field",
                "A windmill at dusk",
                "Boats on a canal",
                "Bicycles by a bridge",
            ],
            "settings": {"image": {"upload": "navy", "alt": "This year's programme cover, in blue"}},
        },
        [{"choice_ids": [0]}, {"choice_ids": [2]}],
    ),
    # Pin on image: the picture to tap (and its fields) on the phone, the heat map on the screen.
    "pin_image": (
        {
            "type": "pin_image",
            "prompt": "Where in the library do you like to read?",
            "settings": {"image": {"upload": "teal", "alt": "A floor plan of the library"}},
        },
        [{"x": 0.2, "y": 0.3}, {"x": 0.21, "y": 0.31}, {"x": 0.8, "y": 0.9}],
    ),
    "question_image": (
        {
            "type": "open_text",
            "prompt": "What do you see in this chart?",
            "settings": {"image": {"upload": "olive", "alt": "Visitors per month, rising from March"}},
        },
        [{"text": "A busy spring"}],
    ),
    # Items that take no answers: nobody answers, the phone shows the slide's words (or the Q&A).
    "slide": (
        {
            "type": "slide",
            "prompt": "Welcome to the afternoon",
            "settings": {
                "text": "Five *breakout* sessions, each with **a moderator**.\n\n1. Plenary\n2. Breakouts",
                "bullets": ["Coffee at three", "Drinks at five"],
                "quote": "A library is a growing organism.",
                "quote_by": "S. R. Ranganathan",
                "big_number": "42",
                "big_number_label": "libraries in the network",
            },
        },
        [],
    ),
    "qna": ({"type": "qna", "prompt": "Your questions for the panel"}, []),
}
PICTURE_COLOURS = ["crimson", "saddlebrown", "steelblue", "darkgreen"]


def api_body(spec: dict[str, Any]) -> dict[str, Any]:
    body = {k: v for k, v in spec.items() if k not in ("options", "pictures")}
    if "options" in spec:
        body["options"] = [{"label": label} for label in spec["options"]]
        if spec["type"] == "quiz":  # the first option is the right one
            body["options"][0]["correct"] = True
        for option, alt, colour in zip(
            body["options"], spec.get("pictures", []), PICTURE_COLOURS, strict=False
        ):
            option["image"] = {"upload": colour, "alt": alt}  # uploaded by new_typed_event
    return body


def with_ids(answer: dict[str, Any], option_ids: list[str]) -> dict[str, Any]:
    """An answer written with option numbers, with the real option ids put in."""
    key, value = next(iter(answer.items()))
    if key in ("choice_ids", "order"):
        return {key: [option_ids[i] for i in value]}
    if key in ("ratings", "points"):
        return {key: {option_ids[i]: v for i, v in value.items()}}
    return answer


async def audience_answers(http: httpx.AsyncClient, event: Event, answers: list[dict[str, Any]]) -> None:
    question = event.presentation["questions"][0]
    ids = [o["id"] for o in question["options"]]
    for answer in answers:
        phone = await join(http, event.code)
        r = await http.post(
            f"/api/join/{event.code}/responses",
            json={"question_id": question["id"], **with_ids(answer, ids)},
            headers=phone.headers,
        )
        assert r.status_code == 201, r.text


@pytest.fixture
async def http(live_server: LiveServer) -> AsyncIterator[httpx.AsyncClient]:
    async with live_server.client() as client:
        yield client


@pytest.mark.parametrize("kind", list(TYPES))
async def test_phone_and_presenter_for_every_question_type(
    kind: str, live_server: LiveServer, browser: Browser, http: httpx.AsyncClient
) -> None:
    spec, answers = TYPES[kind]
    event = await new_typed_event(http, [api_body(spec)])
    await audience_answers(http, event, answers)

    presenter = await open_presenter(browser, live_server, event)
    errors = watch_errors(presenter)
    await expect(presenter.locator("#prompt")).to_have_text(spec["prompt"])
    await expect(presenter.locator("#answered")).to_have_text(str(len(answers)))
    await transitions_done(presenter)
    await assert_accessible(presenter, f"the presenter screen ({kind})")

    context = await phone_context(browser)
    phone = await context.new_page()
    errors += watch_errors(phone)
    await phone.goto(f"{live_server.url}/{event.code}")  # from the QR code: joins by itself
    await expect(phone.locator(".prompt")).to_have_text(spec["prompt"])
    await expect(phone.locator("body")).to_have_attribute("data-socket", "open")
    await assert_accessible(phone, f"the phone answering ({kind})")
    if not answers:  # a content slide, the Q&A item: no form, no results, voting stays closed
        await expect(phone.locator("#vote-form")).to_have_count(0)
        await expect(presenter.locator("#voting")).to_have_text("Voting is closed")
        if kind != "qna":
            await expect(phone.locator(".shown-only")).to_be_visible()
        else:  # the room's Q&A panel opens on both; the phone goes to its tab
            await expect(phone.locator("#tab-talk")).to_have_attribute("aria-selected", "true")
            await expect(phone.locator("#qna")).to_be_visible()
            await expect(presenter.locator("#qna-panel")).to_be_visible()
            await assert_accessible(phone, f"the phone's Q&A ({kind})")
            await assert_accessible(presenter, f"the presenter's Q&A ({kind})")
        assert not errors
        await context.close()
        await presenter.context.close()
        return

    # Voting closes: the phone shows everyone's answers.
    await event.organiser.control(event.room["id"], "close_voting")
    await expect(phone.locator("#results")).to_be_visible()
    await expect(phone.locator("#status")).to_contain_text("closed")
    await assert_accessible(phone, f"the phone with results ({kind})")
    await expect(presenter.locator("#voting")).to_have_text("Voting is closed")
    await assert_accessible(presenter, f"the presenter screen, voting closed ({kind})")
    assert not errors
    await context.close()
    await presenter.context.close()


async def test_presenter_in_high_contrast_and_dutch_and_its_other_states(
    live_server: LiveServer, browser: Browser, http: httpx.AsyncClient
) -> None:
    event = await new_typed_event(http, [api_body(TYPES["single_choice"][0]), api_body(TYPES["scale"][0])])
    await audience_answers(http, event, TYPES["single_choice"][1])
    page = await organiser_page(browser, live_server, event, "nl-NL")
    room = event.room["id"]
    await page.goto(f"{live_server.url}/present/{room}?contrast=high&lang=nl")
    await expect(page.locator("html")).to_have_attribute("lang", "nl")
    await expect(page.locator("body")).to_have_class(CONTRAST)
    await expect(page.locator("#answered")).to_have_text("2")
    await transitions_done(page)
    await assert_accessible(page, "the presenter screen in high contrast (Dutch)")
    await page.keyboard.press("ArrowRight")  # the scale question
    await expect(page.locator(".scale-row")).to_have_count(3)
    await assert_accessible(page, "the presenter screen in high contrast (scale)")
    await page.keyboard.press("h")
    await expect(page.locator("#notice")).to_be_visible()
    await assert_accessible(page, "the presenter screen, results hidden")
    await page.goto(f"{live_server.url}/present/{room}?contrast=normal&lang=en")
    await event.organiser.control(room, "end")
    await expect(page.locator("#prompt")).to_have_text("This session has ended")
    await assert_accessible(page, "the presenter screen, session ended")
    await page.context.close()


async def test_join_pages_and_the_phone_without_scripts(
    live_server: LiveServer, browser: Browser, http: httpx.AsyncClient
) -> None:
    event = await new_typed_event(http, [api_body(TYPES["scale"][0])])
    for lang in ("en-GB", "nl-NL"):
        context = await phone_context(browser, lang)
        page = await context.new_page()
        await page.goto(f"{live_server.url}/")
        await assert_accessible(page, f"the join page ({lang})")
        await page.locator("#code").fill("1234")
        await page.locator("#code").press("Enter")
        await expect(page.locator("#code-error")).to_be_visible()
        await assert_accessible(page, f"the join page with an error ({lang})")
        await context.close()

    # Scripts that fail to load leave the plain forms: a wrong code, the question, an error. (axe
    # itself needs scripts, so the page's own scripts are refused instead of switched off.)
    context = await phone_context(browser)
    await context.route("**/*.js", lambda route: route.abort())
    page = await context.new_page()
    await page.goto(f"{live_server.url}/")
    await page.locator("#code").fill("0000 0000")
    await page.get_by_role("button", name="Join").click()
    await expect(page.locator("#code-error")).to_be_visible()
    await assert_accessible(page, "the join page without scripts, wrong code")
    await page.locator("#code").fill(event.code)
    await page.get_by_role("button", name="Join").click()
    await expect(page.locator(".prompt")).to_have_text("How do you rate these?")
    await assert_accessible(page, "the phone without scripts (scale)")
    await page.get_by_role("button", name="Send my answer").click()
    await expect(page.locator("#status")).to_contain_text("Choose a number")
    await assert_accessible(page, "the phone without scripts, an error")
    await context.close()


async def test_ended_phone(live_server: LiveServer, browser: Browser, http: httpx.AsyncClient) -> None:
    event = await new_typed_event(http, [api_body(TYPES["single_choice"][0])])
    room = event.room["id"]
    context = await phone_context(browser)
    page = await context.new_page()
    await page.goto(f"{live_server.url}/{event.code}")
    await expect(page.locator("body")).to_have_attribute("data-socket", "open")
    await event.organiser.control(room, "end")
    await expect(page.locator("h1")).to_have_text("This session has ended")
    await assert_accessible(page, "the phone after the session ended")
    await context.close()


async def test_organiser_pages(live_server: LiveServer, browser: Browser, http: httpx.AsyncClient) -> None:
    event = await new_typed_event(
        http, [api_body(TYPES[kind][0]) for kind in ("single_choice", "word_cloud", "scale", "points")]
    )
    await audience_answers(http, event, TYPES["single_choice"][1])
    room = event.room["id"]
    pid = event.presentation["id"]

    context: BrowserContext = await browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="en-GB"
    )
    page = await context.new_page()
    await page.goto(f"{live_server.url}/login")
    await assert_accessible(page, "the log-in page")
    await page.locator("#register summary").click()
    await page.locator("#reg-password").fill("short")
    await assert_accessible(page, "the log-in page with sign-up open")
    await page.get_by_label("Email address").first.fill("nobody@example.org")
    await page.get_by_label("Password").first.fill("not the password")
    await page.get_by_role("button", name="Log in").click()
    await expect(page.get_by_role("alert")).to_be_visible()
    await assert_accessible(page, "the log-in page with an error")
    await context.close()

    page = await organiser_page(browser, live_server, event)
    await page.goto(f"{live_server.url}/dashboard")
    await expect(page.locator("#presentations li")).to_have_count(1)
    await assert_accessible(page, "the dashboard")
    await page.goto(f"{live_server.url}/dashboard#p={pid}")
    await expect(page.locator(".qlist li")).to_have_count(4)
    await assert_accessible(page, "the dashboard with a presentation")
    await page.get_by_role("button", name="+ Add a question").click()
    await expect(page.locator("#question-form")).to_be_visible()
    await assert_accessible(page, "the dashboard's question form")
    await page.goto(f"{live_server.url}/workspaces")
    await assert_accessible(page, "the workspaces page")
    await page.get_by_role("link", name="Ada (personal)").click()
    await expect(page.get_by_role("heading", name="Audit log")).to_be_visible()
    await assert_accessible(page, "the workspace page of its owner")

    await page.goto(f"{live_server.url}/rooms/{room}/results")
    await expect(page.locator(".result-card")).to_have_count(4)
    await assert_accessible(page, "the results page")

    r = await event.organiser.post(f"/api/rooms/{room}/share")
    assert r.status_code == 201, r.text
    await page.goto(r.json()["url"])
    await expect(page.locator("h1")).to_have_text("Town hall")
    await assert_accessible(page, "the shared results page")
    await page.goto(f"{live_server.url}/results/not-a-real-token")
    await assert_accessible(page, "the shared results page of a link that does not exist")
    await page.goto(f"{live_server.url}/present/no-such-room")
    await expect(page.locator("h1")).to_have_text("Not found")
    await assert_accessible(page, "the not-found message page")
    await page.context.close()


async def test_a_new_organiser_sees_an_accessible_empty_dashboard(
    live_server: LiveServer, browser: Browser, http: httpx.AsyncClient
) -> None:
    ada = await new_organiser(http)
    context = await browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    await context.add_cookies([{"name": "poll_session", "value": ada.token, "url": live_server.url}])
    page = await context.new_page()
    await page.goto(f"{live_server.url}/dashboard")
    await expect(page.locator("html")).to_have_attribute("lang", "nl")
    await assert_accessible(page, "the empty dashboard (Dutch)")
    await page.goto(f"{live_server.url}/workspaces")
    await expect(page.get_by_role("heading", name="Werkruimtes")).to_be_visible()
    await assert_accessible(page, "the workspaces page (Dutch)")
    await context.close()


async def test_the_qna_panel_on_the_phone_and_the_presenter(
    live_server: LiveServer, browser: Browser, http: httpx.AsyncClient
) -> None:
    event = await new_typed_event(http, [api_body(TYPES["single_choice"][0])])
    r = await http.patch(
        f"/api/rooms/{event.room['id']}",
        json={"qna": {"enabled": True, "on_screen": True, "allow_names": True}},
        headers=event.organiser.headers,
    )
    assert r.status_code == 200, r.text
    context = await phone_context(browser)
    phone = await context.new_page()
    errors = watch_errors(phone)
    await phone.goto(f"{live_server.url}/{event.code}")
    await phone.get_by_role("tab", name="Q&A and reactions").click()
    await expect(phone.locator("#qna")).to_be_visible()
    await phone.locator("#qna-text").fill("Will the slides be shared?")
    await phone.locator("#qna-ask").click()
    await expect(phone.locator("#qna-status")).to_have_text("Your question is in.")
    await expect(phone.locator("#qna-list .qna-text")).to_have_text(["Will the slides be shared?"])
    await assert_accessible(phone, "the phone with the Q&A panel")
    presenter = await open_presenter(browser, live_server, event)
    errors += watch_errors(presenter)
    await expect(presenter.locator("#qna-panel .qna-text")).to_have_text(["Will the slides be shared?"])
    await transitions_done(presenter)
    await assert_accessible(presenter, "the presenter with the Q&A panel")
    assert not errors
    await context.close()
    await presenter.context.close()
