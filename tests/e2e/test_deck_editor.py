"""The deck editor in Chromium: thumbnails of every kind of slide, the chosen one previewed as the
projector and as a phone show it (the real pages, making no room), reordering by mouse drag and
by keyboard, duplicating, deleting, saving as you type, and the read-only deck of a viewer."""

import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import Browser, Page, expect

from tests.conftest import LiveServer
from tests.e2e.a11y import assert_accessible
from tests.e2e.pages import save_screenshot, watch_errors, with_uploads
from tests.helpers import Organiser, new_organiser
from tests.workspaces.test_roles import invite_and_join

pytestmark = pytest.mark.browser

SLIDES: list[dict[str, Any]] = [
    {
        "type": "multiple_choice",
        "prompt": "Where shall we eat?",
        "options": [{"label": "Pizza"}, {"label": "Sushi"}, {"label": "Tacos"}],
    },
    {
        "type": "slide",
        "prompt": "Welcome to the library afternoon",
        "settings": {
            "text": "Five breakout sessions after the break.",
            "image": {"upload": "teal", "alt": "A reading room"},
        },
    },
    {"type": "word_cloud", "prompt": "One word for today?"},
    {"type": "open_text", "prompt": "What should we change?"},
]
PROMPTS = [s["prompt"] for s in SLIDES]


async def _deck(http: httpx.AsyncClient, workspace_id: str | None = None) -> tuple[Organiser, dict[str, Any]]:
    ada = await new_organiser(http)
    body: dict[str, Any] = {"title": "Library afternoon"}
    if workspace_id is None:
        r = await ada.post("/api/workspaces", {"name": "Library team"})
        body["workspace_id"] = r.json()["id"]
    presentation = (await ada.post("/api/presentations", body)).json()
    for slide in SLIDES:
        r = await ada.post(
            f"/api/presentations/{presentation['id']}/questions",
            await with_uploads(ada, presentation["id"], slide),
        )
        assert r.status_code == 201, r.text
    return ada, presentation


async def _open(
    browser: Browser, server: LiveServer, who: Organiser, pid: str, *, lang: str = "en-GB"
) -> Page:
    context = await browser.new_context(viewport={"width": 1440, "height": 900}, locale=lang)
    await context.add_cookies([{"name": "poll_session", "value": who.token, "url": server.url}])
    page = await context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # "delete this slide?"
    await page.goto(f"{server.url}/dashboard#p={pid}")
    await expect(page.locator(".thumb")).to_have_count(len(SLIDES))
    return page


async def _editor(
    http: httpx.AsyncClient, browser: Browser, server: LiveServer
) -> tuple[Organiser, dict[str, Any], Page, list[str]]:
    """Ada's deck open in the editor, and the script errors on its page."""
    ada, presentation = await _deck(http)
    page = await _open(browser, server, ada, presentation["id"])
    return ada, presentation, page, watch_errors(page)


async def _order(http: httpx.AsyncClient, who: Organiser, pid: str) -> list[str]:
    r = await http.get(f"/api/presentations/{pid}", headers=who.headers)
    return [q["prompt"] for q in r.json()["questions"]]


def _pick(page: Page, n: int) -> Any:
    return page.locator(".thumb-pick").nth(n)


async def test_thumbnails_and_both_previews_of_a_chosen_slide(
    live_server: LiveServer, browser: Browser, screenshots: Path
) -> None:
    async with live_server.client() as http:
        ada, presentation, page, errors = await _editor(http, browser, live_server)
        # Every kind of slide as a thumbnail: its kind, its prompt, a miniature.
        await expect(page.locator(".thumb .kind")).to_have_text(
            ["Multiple choice", "Content slide", "Word cloud", "Open question"]
        )
        await expect(page.locator(".thumb .qprompt")).to_have_text(PROMPTS)
        await expect(page.locator(".thumb").nth(0).locator(".mini-bar")).to_have_text(
            ["Pizza", "Sushi", "Tacos"]
        )
        await expect(page.locator(".thumb").nth(1).locator(".mini-img")).to_have_attribute(
            "src",
            "/media/"
            + (
                (await http.get(f"/api/presentations/{presentation['id']}", headers=ada.headers)).json()[
                    "questions"
                ][1]["settings"]["image"]["media_id"]
            )
            + "/phone",
        )
        await expect(_pick(page, 0)).to_have_attribute("aria-pressed", "true")
        await expect(_pick(page, 0)).to_have_accessible_name("Slide 1 of 4: Where shall we eat?")

        # The projector's own page shows the chosen slide: its prompt and its bars.
        projector = page.frame_locator("#preview-frame")
        await expect(projector.locator("#prompt")).to_have_text("Where shall we eat?")
        await expect(projector.locator(".bar-label")).to_have_text(["Pizza", "Sushi", "Tacos"])
        await save_screenshot(page, screenshots / "deck-editor.png")
        await assert_accessible(page, "the deck editor, projector preview")

        # Another slide: the same frame shows it (the content slide, its picture and its text).
        await _pick(page, 1).click()
        await expect(_pick(page, 1)).to_have_attribute("aria-pressed", "true")
        await expect(projector.locator("#prompt")).to_have_text("Welcome to the library afternoon")
        await expect(projector.locator("#chart")).to_contain_text("Five breakout sessions after the break.")
        await expect(projector.locator("#q-img")).to_have_attribute("alt", "A reading room")

        # One click away: as a phone shows it (the server's phone page for that slide).
        await _pick(page, 2).click()
        await page.get_by_role("button", name="Phone", exact=True).click()
        await expect(page.get_by_role("button", name="Phone", exact=True)).to_have_attribute(
            "aria-pressed", "true"
        )
        phone = page.frame_locator("#preview-frame")
        await expect(phone.locator("h1")).to_have_text("One word for today?")
        await expect(phone.locator("#vote-form input:not([type=hidden])").first).to_be_visible()
        await assert_accessible(page, "the deck editor, phone preview")
        await page.get_by_role("button", name="Projector", exact=True).click()
        await expect(page.frame_locator("#preview-frame").locator("#prompt")).to_have_text(
            "One word for today?"
        )

        # Still usable on a 1024 px laptop: nothing runs off the side, the preview and the
        # settings beside the thumbnails have room.
        await page.set_viewport_size({"width": 1024, "height": 768})
        await expect(page.locator("#preview-box")).to_have_css("height", re.compile(r"^(1[6-9]\d|[2-9]\d\d)"))
        assert await page.evaluate("document.documentElement.scrollWidth") <= 1024
        for part in ("#thumbs", "#preview-box", "#q-prompt"):
            box = await page.locator(part).bounding_box()
            assert box and box["width"] >= 180 and box["x"] + box["width"] <= 1024, (part, box)
        # The settings start right under the preview, not below the whole list of thumbnails.
        preview = await page.locator("#preview-box").bounding_box()
        settings = await page.locator("#deck-settings").bounding_box()
        assert preview and settings and settings["y"] < preview["y"] + preview["height"] + 40
        await save_screenshot(page, screenshots / "deck-editor-1024.png")

        # Previews made no room (so no participant and no vote either).
        rooms = await http.get(f"/api/presentations/{presentation['id']}/rooms", headers=ada.headers)
        assert rooms.json() == []
        assert errors == []


async def test_drag_a_slide_with_the_mouse(live_server: LiveServer, browser: Browser) -> None:
    async with live_server.client() as http:
        ada, presentation, page, errors = await _editor(http, browser, live_server)
        first = await page.locator(".thumb").nth(0).locator(".thumb-head").bounding_box()
        third = await page.locator(".thumb").nth(2).bounding_box()
        assert first and third
        # Press on the first slide, move below the middle of the third, let go.
        await page.mouse.move(first["x"] + 40, first["y"] + first["height"] / 2)
        await page.mouse.down()
        await page.mouse.move(third["x"] + 40, third["y"] + third["height"] * 0.8, steps=12)
        await page.mouse.up()
        moved = [PROMPTS[1], PROMPTS[2], PROMPTS[0], PROMPTS[3]]
        await expect(page.locator(".thumb .qprompt")).to_have_text(moved)
        await expect(page.locator("#deck-announce")).to_have_text("Moved to place 3 of 4.")
        assert await _order(http, ada, presentation["id"]) == moved
        # A drag chooses nothing: the first slide (now third) is still the one being edited.
        await expect(page.locator(".thumb.chosen .qprompt")).to_have_text(PROMPTS[0])
        await page.reload()
        await expect(page.locator(".thumb .qprompt")).to_have_text(moved)
        assert errors == []


async def test_keyboard_moves_duplicates_and_deletes(live_server: LiveServer, browser: Browser) -> None:
    async with live_server.client() as http:
        ada, presentation, page, errors = await _editor(http, browser, live_server)
        pid = presentation["id"]
        # Alt+↑ on the focused third slide: it moves up, keeps the focus, and says where it is.
        await _pick(page, 2).focus()
        await page.keyboard.press("Alt+ArrowUp")
        moved = [PROMPTS[0], PROMPTS[2], PROMPTS[1], PROMPTS[3]]
        await expect(page.locator(".thumb .qprompt")).to_have_text(moved)
        await expect(page.locator("#deck-announce")).to_have_text("Moved to place 2 of 4.")
        await expect(page.locator(".thumb").nth(1).locator(".thumb-pick")).to_be_focused()
        await page.keyboard.press("Alt+ArrowDown")
        await page.keyboard.press("Alt+ArrowDown")
        moved = [PROMPTS[0], PROMPTS[1], PROMPTS[3], PROMPTS[2]]
        await expect(page.locator(".thumb .qprompt")).to_have_text(moved)
        await expect(page.locator("#deck-announce")).to_have_text("Moved to place 4 of 4.")
        assert await _order(http, ada, pid) == moved
        # ↑ and ↓ alone go from slide to slide.
        await page.keyboard.press("ArrowUp")
        await expect(_pick(page, 2)).to_be_focused()

        # Duplicate the first slide: the copy comes right after it, chosen, with its options.
        await page.locator(".thumb").nth(0).get_by_role("button", name="Duplicate slide").click()
        await expect(page.locator(".thumb .qprompt")).to_have_text([PROMPTS[0], *moved])
        await expect(_pick(page, 1)).to_have_attribute("aria-pressed", "true")
        await expect(page.locator("#deck-announce")).to_have_text("Copy added as slide 2 of 5.")
        await expect(page.locator(".thumb").nth(1).locator(".mini-bar")).to_have_text(
            ["Pizza", "Sushi", "Tacos"]
        )
        questions = (await http.get(f"/api/presentations/{pid}", headers=ada.headers)).json()["questions"]
        assert [q["prompt"] for q in questions] == [PROMPTS[0], *moved]
        assert questions[0]["id"] != questions[1]["id"]

        # Delete it again (after the "are you sure?"): the original stays.
        await page.locator(".thumb").nth(1).get_by_role("button", name="Delete slide").click()
        await expect(page.locator(".thumb .qprompt")).to_have_text(moved)
        await expect(page.locator("#deck-announce")).to_have_text(f"Deleted: {PROMPTS[0]}")
        remaining = (await http.get(f"/api/presentations/{pid}", headers=ada.headers)).json()["questions"]
        assert [q["id"] for q in remaining] == [questions[0]["id"], *[q["id"] for q in questions[2:]]]
        await assert_accessible(page, "the deck editor after moving, copying and deleting")
        assert errors == []


async def test_settings_save_as_you_type(live_server: LiveServer, browser: Browser) -> None:
    async with live_server.client() as http:
        ada, presentation, page, errors = await _editor(http, browser, live_server)
        status = page.locator("#save-status")
        prompt = page.get_by_label("Question", exact=True)
        await prompt.fill("Where shall we eat tonight?")
        await expect(status).to_have_text("Saving…")
        await expect(status).to_have_text("Saved")
        await expect(page.locator(".thumb .qprompt").first).to_have_text("Where shall we eat tonight?")
        await expect(page.frame_locator("#preview-frame").locator("#prompt")).to_have_text(
            "Where shall we eat tonight?"
        )

        # Typed fast and then another slide at once: what was typed is saved before it switches.
        await page.get_by_label("Presenter notes").press_sequentially("Ask the back rows too")
        await _pick(page, 2).click()
        await expect(_pick(page, 2)).to_have_attribute("aria-pressed", "true")
        await page.reload()
        await expect(page.locator(".thumb .qprompt").first).to_have_text("Where shall we eat tonight?")
        await _pick(page, 0).click()
        await expect(page.get_by_label("Presenter notes")).to_have_value("Ask the back rows too")

        # A blank question is refused at the field; the slide stays chosen until it is fixed.
        await prompt.fill("")
        await expect(status).to_have_text("Could not save: Write the question first.")
        await expect(prompt).to_have_attribute("aria-invalid", "true")
        await expect(page.locator("#q-error")).to_have_text("Write the question first.")
        await expect(prompt).to_be_focused()
        await assert_accessible(page, "the deck editor with a refused field")
        await _pick(page, 1).click()
        await expect(page.locator("#deck-announce")).to_contain_text("not saved yet")
        await expect(_pick(page, 0)).to_have_attribute("aria-pressed", "true")
        await prompt.fill("Where shall we eat?")
        await expect(status).to_have_text("Saved")
        await expect(prompt).not_to_have_attribute("aria-invalid", "true")

        # Offline: the save fails, the text stays, and "Try again" saves it once back online.
        await page.context.set_offline(True)
        await prompt.fill("Where shall we meet?")
        await expect(status).to_contain_text("Could not save")
        await expect(prompt).to_have_value("Where shall we meet?")
        await page.context.set_offline(False)
        await page.get_by_role("button", name="Try again").click()
        await expect(status).to_have_text("Saved")
        assert (await _order(http, ada, presentation["id"]))[0] == "Where shall we meet?"
        assert errors == []


async def test_a_viewer_sees_the_deck_and_previews_but_cannot_edit(
    live_server: LiveServer, browser: Browser
) -> None:
    async with live_server.client() as http:
        ada, presentation = await _deck(http)
        vic = await new_organiser(http, "Vic")
        await invite_and_join(ada, presentation["workspace_id"], "viewer", vic)
        for lang, phone_button, kind in (
            ("en-GB", "Phone", "Multiple choice"),
            ("nl-NL", "Telefoon", "Meerkeuze"),
        ):
            page = await _open(browser, live_server, vic, presentation["id"], lang=lang)
            errors = watch_errors(page)
            await expect(page.locator(".thumb .kind").first).to_have_text(kind)
            await expect(page.locator(".thumb .qprompt")).to_have_text(PROMPTS)
            # No editing control at all: no move, copy or delete, no drag grip, no field.
            await expect(page.locator(".thumb .qactions, .thumb .grip, #add-question")).to_have_count(0)
            await expect(page.locator("#editor input, #editor textarea, #editor select")).to_have_count(0)
            await expect(page.frame_locator("#preview-frame").locator("#prompt")).to_have_text(PROMPTS[0])
            await _pick(page, 3).click()
            await expect(page.frame_locator("#preview-frame").locator("#prompt")).to_have_text(PROMPTS[3])
            await page.keyboard.press("Alt+ArrowUp")  # moves nothing for a viewer
            await page.get_by_role("button", name=phone_button, exact=True).click()
            await expect(page.frame_locator("#preview-frame").locator("h1")).to_have_text(PROMPTS[3])
            await assert_accessible(page, f"the read-only deck editor ({lang})")
            assert errors == []
            await page.context.close()
        assert await _order(http, ada, presentation["id"]) == PROMPTS


async def test_drag_a_slide_by_its_grip_on_a_touch_screen(live_server: LiveServer, browser: Browser) -> None:
    """Touch moves a slide by its grip only (elsewhere a finger scrolls the list); real touch
    events from Chromium's input pipeline, which the page sees as pointer events."""
    async with live_server.client() as http:
        ada, presentation = await _deck(http)
        context = await browser.new_context(viewport={"width": 1024, "height": 1366}, has_touch=True)
        await context.add_cookies([{"name": "poll_session", "value": ada.token, "url": live_server.url}])
        page = await context.new_page()
        await page.goto(f"{live_server.url}/dashboard#p={presentation['id']}")
        await expect(page.locator(".thumb")).to_have_count(len(SLIDES))
        errors = watch_errors(page)
        grip = await page.locator(".thumb").nth(3).locator(".grip").bounding_box()
        second = await page.locator(".thumb").nth(1).bounding_box()
        assert grip and second
        cdp = await context.new_cdp_session(page)
        x, y = grip["x"] + grip["width"] / 2, grip["y"] + grip["height"] / 2
        await cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
        target = second["y"] + second["height"] * 0.3
        for step in range(1, 11):
            point = {"x": x, "y": y + (target - y) * step / 10}
            await cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
        await cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        moved = [PROMPTS[0], PROMPTS[3], PROMPTS[1], PROMPTS[2]]
        await expect(page.locator(".thumb .qprompt")).to_have_text(moved)
        await expect(page.locator("#deck-announce")).to_have_text("Moved to place 2 of 4.")
        assert await _order(http, ada, presentation["id"]) == moved
        assert errors == []
        await context.close()
