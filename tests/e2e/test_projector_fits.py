"""The projector at 1920x1080, 1280x720 and 1024x768, in every state a room goes through: the
lobby, every question type with a full house of answers (a long prompt, 30 options, 200 open
answers), the quiz countdown, the leaderboard and podium, hidden results, the Q&A panel. Nothing
may leave the screen, be cut off or overlap (tests/e2e/layout.py); the control bar and presenter
instructions stay out of the audience's view. POLL_UPDATE_SCREENSHOTS=1 saves a few of them to
docs/screenshots/ (all of them to test-artifacts/ otherwise)."""

import os
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import Browser, Page, expect

from poll_service.question_types.registry import QUESTION_TYPES
from poll_service.settings import Settings
from tests.conftest import LiveServer, make_settings
from tests.e2e.layout import wait_until_fits
from tests.e2e.pages import Event, new_event, open_presenter, save_screenshot, watch_errors, with_uploads
from tests.helpers import Phone, join
from tests.realtime_clients import open_socket, wait_for

pytestmark = pytest.mark.browser


@pytest.fixture
def settings(database_url: str) -> Settings:
    # 200 phones join from this one address: no flood warning for that (it has tests of its own).
    return make_settings(database_url, flood_warning_per_minute=100_000)


SIZES = [(1920, 1080), (1280, 720), (1024, 768)]
UPDATING = os.environ.get("POLL_UPDATE_SCREENSHOTS") == "1"
# The few kept in docs/screenshots/ (at 1280x720): the rest go to test-artifacts/ only.
KEPT = {"lobby", "quiz-countdown", "open-wall", "qna-panel"}

LONG = (
    "Looking back at the whole programme of this year's conference, which of the following "
    "sessions would you most like to see again next year, and why?"
)
QUESTIONS: list[dict[str, Any]] = [
    {
        "type": "multiple_choice",
        "prompt": LONG,
        "options": [
            {"label": f"Session {n}: {'a longer title' if n % 4 == 0 else 'talk'}"} for n in range(30)
        ],
    },
    {
        "type": "quiz",
        "prompt": "Which city has been the capital of the Netherlands since 1814, even though the "
        "government sits elsewhere?",
        "options": [{"label": "Amsterdam", "correct": True}, {"label": "Rotterdam"}, {"label": "The Hague"}],
        "settings": {"time_limit_s": 300},
    },
    {"type": "open_text", "prompt": "What should we change next time?"},
    {"type": "word_cloud", "prompt": "One word for today?"},
    {"type": "scale", "prompt": "How was it?", "options": [{"label": f"Statement {n}"} for n in range(6)]},
    {
        "type": "ranking",
        "prompt": "Rank the drinks",
        "options": [{"label": x} for x in ("Coffee", "Tea", "Water", "Juice")],
    },
    {
        "type": "points",
        "prompt": "Share 100 points",
        "options": [{"label": x} for x in ("Parks", "Libraries", "Cycle paths")],
    },
    {"type": "number", "prompt": "What share of your week do you spend in meetings (%)?"},
    {
        "type": "matrix",
        "prompt": "Where do these ideas stand: effort and value?",
        "options": [{"label": f"Idea {n}: {'a longer name' if n % 3 == 0 else 'short'}"} for n in range(12)],
    },
    {
        "type": "type_answer",
        "prompt": "Which city is the capital of the Netherlands?",
        "settings": {"accepted": ["Amsterdam"]},
    },
    # The most pictures image choice takes, each beside its bar, under a question image.
    {
        "type": "image_choice",
        "prompt": LONG,
        "options": [
            {"label": f"Cover {n}", "image": {"upload": colour, "alt": f"Design {n} in {colour}"}}
            for n, colour in enumerate(["teal", "navy", "olive", "maroon", "purple", "gray"] * 2)
        ],
        "settings": {"image": {"upload": "orange", "alt": "Last year's cover"}},
    },
    # Pins on a picture: the heat map over it, the count and the parts of the picture beside it.
    {
        "type": "pin_image",
        "prompt": LONG,
        "settings": {"image": {"upload": "teal", "alt": "A floor plan of the conference venue"}},
    },
    {
        "type": "slide",
        "prompt": "This afternoon in the library network",
        "settings": {
            "text": "A plenary first, then **five breakout sessions**, each with its own moderator. "
            "Pick one on your phone when we get there.",
            "bullets": [f"Session {n}: a room on the first floor" for n in range(1, 6)],
            "quote": "A library is a growing organism.",
            "quote_by": "S. R. Ranganathan",
            "big_number": "87%",
            "big_number_label": "of the branches took part",
        },
    },
    {"type": "qna", "prompt": "Your questions for the panel"},
]


async def _event(http: httpx.AsyncClient) -> tuple[Event, list[dict[str, Any]]]:
    event = await new_event(http, [])
    pid = event.presentation["id"]
    for spec in QUESTIONS:
        body = await with_uploads(event.organiser, pid, spec)
        r = await event.organiser.post(f"/api/presentations/{pid}/questions", body)
        assert r.status_code == 201, r.text
    questions = (await http.get(f"/api/presentations/{pid}", headers=event.organiser.headers)).json()[
        "questions"
    ]
    r = await http.patch(
        f"/api/rooms/{event.room['id']}", json={"qna": {"enabled": True}}, headers=event.organiser.headers
    )
    assert r.status_code == 200, r.text
    # Rooms open in their lobby (tests.helpers shows the first question): back to it.
    assert (await event.organiser.control(event.room["id"], "lobby")).status_code == 200
    return event, questions


def _answers(question: dict[str, Any], n: int) -> dict[str, Any]:
    if question["type"] == "open_text":
        extra = " and a little more time between the talks to meet people" if n % 3 == 0 else ""
        return {"text": f"Idea {n}: more coffee{extra}"}
    if question["type"] == "word_cloud":
        return {"entries": [f"word{n % 40}"]}
    if question["type"] == "type_answer":
        return {"text": ["Amsterdam", "Rotterdam", "Den Haag", "Utrecht"][n % 4]}
    if question["type"] == "number":
        return {"value": (n * 37) % 101}
    valid = QUESTION_TYPES[question["type"]].examples.valid(question["options"])
    body: dict[str, Any] = valid[n % len(valid)]
    if question["type"] in {"multiple_choice", "quiz", "image_choice"}:
        body = {"choice_ids": [question["options"][(n * 7) % len(question["options"])]["id"]]}
    return body


async def _answer(server: LiveServer, phones: list[Phone], question: dict[str, Any], count: int) -> None:
    # As a phone does: answer once the question has reached it (its socket's state says so).
    ws = await open_socket(f"{server.ws_url}/ws/join/{phones[0].join_code}", phones[0].token)
    try:
        await wait_for(
            ws,
            lambda m: (
                m.get("type") == "state" and ((m["state"].get("question") or {}).get("id") == question["id"])
            ),
            timeout=5,
        )
    finally:
        await ws.close()
    for n, phone in enumerate(phones[:count]):
        r = await phone.client.post(
            f"/api/join/{phone.join_code}/responses",
            json={"question_id": question["id"], **_answers(question, n)},
            headers=phone.headers,
        )
        assert r.status_code == 201, (question["type"], r.text)


async def _fits_everywhere(page: Page, screenshots: Path, state: str) -> None:
    for width, height in SIZES:
        await page.set_viewport_size({"width": width, "height": height})
        await wait_until_fits(page, state)
        # What only the presenter needs stays out of the audience's view.
        await expect(page.locator("#toolbar")).to_have_css("opacity", "0")
        if not UPDATING or (state in KEPT and width == 1280):
            await save_screenshot(page, screenshots / f"projector-{state}-{width}x{height}.png")


async def test_every_state_fits_the_projector_at_three_sizes(
    live_server: LiveServer, browser: Browser, screenshots: Path
) -> None:
    async with live_server.client() as http:
        event, questions = await _event(http)
        room_id = event.room["id"]
        control = event.organiser.control
        page = await open_presenter(browser, live_server, event)
        errors = watch_errors(page)
        await page.mouse.move(0, 0)  # no activity after this: the control bar fades

        # The lobby: the deck's title, the way in, who joined.
        await expect(page.locator("#prompt")).to_have_text("Town hall")
        await expect(page.locator("#lobby-count")).to_have_text("Waiting for the first people to join…")
        await _fits_everywhere(page, screenshots, "lobby-empty")
        phones = [await join(http, event.code) for _ in range(200)]
        await expect(page.locator("#lobby-count")).to_have_text("200 joined")
        await _fits_everywhere(page, screenshots, "lobby")

        counts = {"multiple_choice": 120, "open_text": 200, "word_cloud": 120}
        for question in questions:
            if question["type"] == "quiz":
                continue  # below, with its countdown
            assert (await control(room_id, "goto", question_id=question["id"])).status_code == 200
            await expect(page.locator("#prompt")).to_have_text(question["prompt"])
            # A content slide and the Q&A item take no answers (the Q&A panel shows beside it).
            count = counts.get(question["type"], 40) if QUESTION_TYPES[question["type"]].answered else 0
            if count:
                await _answer(live_server, phones, question, count)
            await expect(page.locator("#answered")).to_have_text(str(count))
            name = {"open_text": "open-wall"}.get(question["type"], question["type"].replace("_", "-"))
            await _fits_everywhere(page, screenshots, name)

        # Hidden results: the audience reads that they are, not which key shows them.
        first = questions[0]
        await control(room_id, "goto", question_id=first["id"])
        await control(room_id, "hide_results")
        await expect(page.locator("#notice")).to_have_text("Results are hidden")
        await _fits_everywhere(page, screenshots, "hidden-results")
        await control(room_id, "show_results")

        # The Q&A panel beside 30 bars.
        for n in range(12):
            r = await http.post(
                f"/api/join/{event.code}/qna",
                json={"text": f"Question {n} from the floor: will the slides be shared afterwards?"},
                headers=phones[n].headers,
            )
            assert r.status_code == 201, r.text
        await page.keyboard.press("q")
        await expect(page.locator("#qna-panel")).to_be_visible()
        await _fits_everywhere(page, screenshots, "qna-panel")
        await page.keyboard.press("q")
        await expect(page.locator("#qna-panel")).to_be_hidden()

        # The quiz: a two-line prompt with the countdown running, then the leaderboard and podium.
        quiz = next(q for q in questions if q["type"] == "quiz")
        await control(room_id, "goto", question_id=quiz["id"])
        await control(room_id, "start_countdown")
        await expect(page.locator("#countdown")).to_be_visible()
        await _answer(live_server, phones, quiz, 30)
        await _fits_everywhere(page, screenshots, "quiz-countdown")
        await control(room_id, "reveal")
        await control(room_id, "show_leaderboard")
        await expect(page.locator("#board .board-row")).to_have_count(10)
        await _fits_everywhere(page, screenshots, "leaderboard")
        await control(room_id, "show_podium")
        await expect(page.locator("#board .podium")).to_be_visible()
        await _fits_everywhere(page, screenshots, "podium")

        # Back to the lobby (the key), then the end.
        await control(room_id, "hide_leaderboard")
        await page.keyboard.press("j")
        await expect(page.locator("#prompt")).to_have_text("Town hall")
        await _fits_everywhere(page, screenshots, "lobby-again")
        assert not errors
        await page.context.close()


async def test_the_control_bar_shows_while_the_presenter_uses_it(
    live_server: LiveServer, browser: Browser
) -> None:
    async with live_server.client() as http:
        event, _ = await _event(http)
        page = await open_presenter(browser, live_server, event)
        toolbar = page.locator("#toolbar")
        await page.mouse.move(200, 200)
        await expect(toolbar).to_have_css("opacity", "1")
        # Left alone it fades; a clicker's → does not bring it back, Tab does.
        await expect(toolbar).to_have_css("opacity", "0", timeout=8000)
        await page.keyboard.press("ArrowRight")
        await expect(page.locator("#prompt")).to_have_text(QUESTIONS[0]["prompt"])
        await expect(toolbar).to_have_css("opacity", "0")
        await page.keyboard.press("Tab")
        await expect(toolbar).to_have_css("opacity", "1")
        await page.context.close()
