"""Keyboard only: a phone joins and votes with Tab, Space and Enter (and typing), every focused
control shows where the focus is; the presenter runs the session from its keys and its controls
are reachable in order, where Space and Enter press the focused control."""

from typing import Any

import pytest
from playwright.async_api import Browser, Page, expect

from tests.conftest import LiveServer
from tests.e2e.pages import new_typed_event, open_presenter, watch_errors
from tests.helpers import join

pytestmark = pytest.mark.browser

QUESTIONS: list[dict[str, Any]] = [
    {
        "type": "multiple_choice",
        "prompt": "Which topic first?",
        "options": [{"label": x} for x in ("Budget", "Office", "Outing")],
    },
    {
        "type": "multiple_choice",
        "prompt": "Which days suit you?",
        "options": [{"label": x} for x in ("Monday", "Tuesday", "Wednesday")],
        "settings": {"multi_select": True, "max_choices": 2},
    },
    {"type": "word_cloud", "prompt": "One word for this year?"},
]

# Where the focus is, and whether it can be seen: an outline or a ring (box-shadow) on the focused
# element or on the option card around it.
FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {name: '', visible: false};
  const shows = (n) => {
    if (!n) return false;
    const s = getComputedStyle(n);
    return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
  };
  const name = el.getAttribute('aria-label') || el.labels?.[0]?.textContent || el.textContent
    || el.value || '';
  return {name: name.trim(), tag: el.tagName.toLowerCase(), type: el.type || '',
          visible: shows(el) || shows(el.closest('.option, .step, label'))};
}"""


async def tab(page: Page, shift: bool = False) -> dict[str, Any]:
    await page.keyboard.press("Shift+Tab" if shift else "Tab")
    focus: dict[str, Any] = await page.evaluate(FOCUS)
    assert focus["visible"], f"the focus on {focus} cannot be seen"
    return focus


async def tab_to(page: Page, name: str, limit: int = 25) -> None:
    for _ in range(limit):
        if (await tab(page))["name"].startswith(name):
            return
    raise AssertionError(f"Tab never reached {name!r}")


async def test_join_and_vote_with_the_keyboard_only(live_server: LiveServer, browser: Browser) -> None:
    async with live_server.client() as http:
        event = await new_typed_event(http, QUESTIONS)
        context = await browser.new_context(viewport={"width": 800, "height": 900}, locale="en-GB")
        page = await context.new_page()
        errors = watch_errors(page)
        await page.goto(f"{live_server.url}/")
        # The code field has the focus at once: type the code, Enter joins.
        assert (await page.evaluate(FOCUS))["name"] == "Code on the screen"
        await page.keyboard.type(event.code)
        await page.keyboard.press("Enter")
        await expect(page.locator(".prompt")).to_have_text("Which topic first?")
        await expect(page.locator("body")).to_have_attribute("data-socket", "open")

        # One answer: Tab into the answers, Space chooses (and sends: the vote may be changed).
        await tab_to(page, "Budget")
        await page.keyboard.press("Space")
        await expect(page.locator("#status")).to_contain_text("Your vote is in")
        questions = event.presentation["questions"]
        options = [o["id"] for o in questions[0]["options"]]
        results = (
            await http.get(f"/api/rooms/{event.room['id']}/results", headers=event.organiser.headers)
        ).json()
        assert results["questions"][0]["tally"]["counts"][options[0]] == 1

        # Several answers: Space ticks each box, Tab goes on to the button, Enter sends.
        await event.organiser.control(event.room["id"], "next")
        await expect(page.locator(".prompt")).to_have_text("Which days suit you?")
        await tab_to(page, "Monday")
        await page.keyboard.press("Space")
        focus = await tab(page)
        assert focus["name"] == "Tuesday"
        await page.keyboard.press("Space")
        await tab_to(page, "Send my vote")
        await page.keyboard.press("Enter")
        await expect(page.locator("#status")).to_contain_text("Your vote is in")
        state = (await (await join(http, event.code)).state())["question"]
        assert state["prompt"] == "Which days suit you?"
        results = (
            await http.get(f"/api/rooms/{event.room['id']}/results", headers=event.organiser.headers)
        ).json()
        counts = results["questions"][1]["tally"]["counts"]
        days = [o["id"] for o in questions[1]["options"]]
        assert [counts[d] for d in days] == [1, 1, 0]

        # A word: Tab to the box, type, Enter sends.
        await event.organiser.control(event.room["id"], "next")
        await expect(page.locator(".prompt")).to_have_text("One word for this year?")
        await tab_to(page, "Word 1")
        await page.keyboard.type("Focus")
        await page.keyboard.press("Enter")
        await expect(page.locator("#status")).to_contain_text("Your answer is in")
        results = (
            await http.get(f"/api/rooms/{event.room['id']}/results", headers=event.organiser.headers)
        ).json()
        assert results["questions"][2]["tally"]["words"][0]["text"] == "Focus"

        # Shift+Tab walks back the same way, focus still visible.
        await tab(page, shift=True)
        assert not errors
        await context.close()


async def test_the_presenter_from_the_keyboard(live_server: LiveServer, browser: Browser) -> None:
    async with live_server.client() as http:
        event = await new_typed_event(http, QUESTIONS)
        page = await open_presenter(browser, live_server, event)
        errors = watch_errors(page)
        prompt = page.locator("#prompt")
        await expect(prompt).to_have_text("Which topic first?")
        for key, expected in [
            ("ArrowRight", "Which days suit you?"),
            ("ArrowLeft", "Which topic first?"),
            ("PageDown", "Which days suit you?"),
            ("PageUp", "Which topic first?"),
            ("Space", "Which days suit you?"),
        ]:
            await page.keyboard.press(key)
            await expect(prompt).to_have_text(expected)

        async def room_is(**fields: bool) -> None:
            """The server has it so (a key press shows at once; the room follows a moment later)."""
            for _ in range(50):
                r = await http.get(f"/api/rooms/{event.room['id']}", headers=event.organiser.headers)
                if all(r.json()[k] == v for k, v in fields.items()):
                    return
                await page.wait_for_timeout(100)
            raise AssertionError(f"the room never had {fields}")

        await page.keyboard.press("c")
        await expect(page.locator("#voting")).to_have_text("Voting is closed")
        await room_is(voting_open=False)
        await page.keyboard.press("c")
        await expect(page.locator("#voting")).to_have_text("Voting is open")
        await room_is(voting_open=True)
        await page.keyboard.press("h")
        await expect(page.locator("#notice")).to_contain_text("Results are hidden")
        await room_is(results_visible=False)
        await page.keyboard.press("h")
        await expect(page.locator("#chart")).to_be_visible()
        await room_is(results_visible=True)

        # K: the high-contrast theme, remembered for the next visit (drawn by the server at once).
        body = page.locator("body")
        await page.keyboard.press("k")
        await expect(body).to_have_class("present contrast")
        await expect(page.locator("#btn-contrast")).to_have_attribute("aria-pressed", "true")
        await page.reload()
        await expect(body).to_have_class("present contrast")
        await page.keyboard.press("k")
        await expect(body).to_have_class("present")
        await page.goto(f"{page.url.split('?')[0]}?contrast=high")
        await expect(body).to_have_class("present contrast")

        # Tab reaches every control in the order they are shown; the focus stays visible.
        await page.goto(page.url.split("?")[0])
        await expect(body).to_have_attribute("data-socket", "open")
        names = [(await tab(page))["name"]]
        while names[-1] != "Nederlands" and len(names) < 30:
            names.append((await tab(page))["name"])
        # (Other controls may sit between these; these must come in this order.)
        expected = [
            "Previous",
            "Next",
            "voting (C)",
            "results (H)",
            "joining",
            "Full screen (F)",
            "High contrast",
        ]
        found = iter(names)
        assert all(any(want in name for name in found) for want in expected), names
        assert names[-1] == "Nederlands", names
        # Space and Enter press the focused control; they do not also move to the next question.
        while (await page.evaluate(FOCUS))["name"] != "Hide results (H)":
            await tab(page, shift=True)
        await page.keyboard.press("Space")
        await expect(page.locator("#notice")).to_contain_text("Results are hidden")
        await room_is(results_visible=False)
        await expect(prompt).to_have_text("Which days suit you?")
        assert (await page.evaluate(FOCUS))["name"] == "Show results (H)"  # the focus stayed there
        await page.keyboard.press("Enter")
        await expect(page.locator("#chart")).to_be_visible()
        await room_is(results_visible=True)
        while (await page.evaluate(FOCUS))["name"] != "Next →":
            await tab(page, shift=True)
        await page.keyboard.press("Enter")
        await expect(prompt).to_have_text("One word for this year?")
        assert not errors
        await page.context.close()


async def test_the_focus_stays_put_when_the_presenter_changes_the_question_state(
    live_server: LiveServer, browser: Browser
) -> None:
    """Voting closed and opened again rebuilds the phone's form: a keyboard or screen-reader user
    keeps their place in it instead of landing back at the top of the page."""
    async with live_server.client() as http:
        event = await new_typed_event(http, QUESTIONS)
        context = await browser.new_context(viewport={"width": 800, "height": 900}, locale="en-GB")
        page = await context.new_page()
        await page.goto(f"{live_server.url}/")
        await page.keyboard.type(event.code)
        await page.keyboard.press("Enter")
        await expect(page.locator(".prompt")).to_have_text("Which topic first?")
        await expect(page.locator("body")).to_have_attribute("data-socket", "open")
        await tab_to(page, "Budget")
        for action in ("close_voting", "open_voting"):
            assert (await event.organiser.control(event.room["id"], action)).status_code == 200
            await expect(page.locator("input[name=choice]").first).to_be_enabled(
                enabled=action == "open_voting"
            )
        focus = await page.evaluate(FOCUS)
        assert focus["name"] == "Budget" and focus["visible"], focus
        await context.close()
