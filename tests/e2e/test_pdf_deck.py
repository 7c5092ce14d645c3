"""A talk's PDF in Chromium: uploaded through the dashboard, its 20 pages run with the keyboard on
the projector page with a poll between them, each page filling the screen, and the phone
following ("look at the screen" on a page, the vote form on the poll)."""

import re
from pathlib import Path

import pytest
from playwright.async_api import Browser, expect

from tests.conftest import LiveServer
from tests.e2e.a11y import assert_accessible
from tests.e2e.pages import (
    Event,
    join_by_typing,
    open_presenter,
    organiser_page,
    phone_context,
    save_screenshot,
    watch_errors,
)
from tests.helpers import new_organiser
from tests.support.pdfs import talk

pytestmark = pytest.mark.browser

POLL = "Which page stayed with you?"
# No colour is half-way through a transition (axe would read the in-between colours).
SETTLED = "document.getAnimations().every((a) => a.playState !== 'running')"


async def test_a_20_page_pdf_uploaded_on_the_dashboard_runs_with_the_keyboard(
    live_server: LiveServer, browser: Browser, screenshots: Path, tmp_path: Path
) -> None:
    async with live_server.client() as http:
        ada = await new_organiser(http)
        pid = (await ada.post("/api/presentations", {"title": "Town hall"})).json()["id"]
        r = await ada.post(
            f"/api/presentations/{pid}/questions",
            {
                "type": "multiple_choice",
                "prompt": POLL,
                "options": [{"label": "The first"}, {"label": "The last"}],
            },
        )
        assert r.status_code == 201, r.text

        # The dashboard: the PDF goes before the poll; a text file named .pdf is refused, clearly.
        event = Event(ada, {"id": pid}, {})
        dashboard = await organiser_page(browser, live_server, event)
        errors = watch_errors(dashboard)
        await dashboard.goto(f"{live_server.url}/dashboard#p={pid}")
        await dashboard.get_by_text("Add the talk's slides from a PDF").click()
        notes = tmp_path / "notes.pdf"
        notes.write_text("Dear speaker, these are my notes.\n")
        await dashboard.get_by_label("PDF file").set_input_files(notes)
        await dashboard.get_by_role("button", name="Add the pages").click()
        await expect(dashboard.locator("#pdf-note")).to_contain_text("not a PDF")
        deck = tmp_path / "talk.pdf"
        deck.write_bytes(talk(20))
        await dashboard.get_by_label("PDF file").set_input_files(deck)
        await dashboard.get_by_label("Where the pages go").select_option(label=f"Before 1. {POLL}")
        await dashboard.get_by_role("button", name="Add the pages").click()
        await expect(dashboard.locator("#pdf-added")).to_have_text(
            "Pages added as slides: 20.", timeout=60_000
        )
        prompts = dashboard.locator(".qlist .qprompt")
        await expect(prompts).to_have_count(21)
        await expect(prompts.first).to_have_text("Page 1 of Town hall")
        await expect(prompts.last).to_have_text(POLL)
        await assert_accessible(dashboard, "the dashboard after a PDF deck was added")

        # The poll between pages 10 and 11, then a room on page 1.
        items = (await http.get(f"/api/presentations/{pid}", headers=ada.headers)).json()["questions"]
        order = [q["id"] for q in items[:10]] + [items[20]["id"]] + [q["id"] for q in items[10:20]]
        r = await http.put(
            f"/api/presentations/{pid}/question-order", json={"question_ids": order}, headers=ada.headers
        )
        assert r.status_code == 200, r.text
        items = r.json()["questions"]
        event = Event(ada, r.json(), await ada.room(pid))
        presenter = await open_presenter(browser, live_server, event)
        phone = await (await phone_context(browser)).new_page()
        errors += watch_errors(presenter, phone)
        await join_by_typing(phone, live_server, event.code)

        body = presenter.locator("body")
        for index, item in enumerate(items):
            if index:
                await presenter.keyboard.press("ArrowRight")
            if item["type"] == "slide":
                number = int(item["prompt"].split()[1])
                image = item["settings"]["image"]
                await expect(body).to_have_class(_with("page-slide"))
                await expect(presenter.locator("#q-img")).to_have_attribute(
                    "src", f"/media/{image['media_id']}"
                )
                await expect(presenter.locator("#q-img")).to_have_attribute(
                    "alt", f"{number} Slide {number} about reading"
                )
                await expect(presenter.locator("#prompt")).to_have_text(item["prompt"])  # for screen readers
                await expect(phone.locator(".shown-only .prompt")).to_have_text(item["prompt"])
                await expect(phone.locator(".shown-only .look")).to_contain_text("Look at the screen")
            else:
                await expect(body).not_to_have_class(_with("page-slide"))
                await expect(presenter.locator("#prompt")).to_be_visible()
                await expect(presenter.locator("#prompt")).to_have_text(POLL)
                await expect(presenter.locator("#q-image")).to_be_hidden()
                await phone.get_by_text("The last").tap()
                await expect(phone.locator("#status")).to_contain_text("Your vote is in")
                await expect(presenter.locator("#answered")).to_have_text("1")
            if index == 0:
                # The page fills the screen; its heading is read out, not shown.
                box = await presenter.locator("#q-img").bounding_box()
                assert box is not None and box["height"] >= 0.75 * 720, box
                heading = await presenter.locator("#prompt").bounding_box()
                assert heading is not None and heading["width"] <= 1, heading
                await assert_accessible(presenter, "the projector on a PDF page")
                await presenter.keyboard.press("k")  # high contrast
                await expect(body).to_have_class(_with("contrast"))
                await presenter.wait_for_function(SETTLED)
                await assert_accessible(presenter, "the projector on a PDF page, high contrast")
                await presenter.keyboard.press("k")
                await assert_accessible(phone, "the phone on a PDF page")
                await save_screenshot(presenter, screenshots / "presenter-pdf-page.png")
        await expect(presenter.locator("#counter")).to_have_text("Question 21 of 21")
        # And back with the same keys: page 20, then the poll's neighbour.
        await presenter.keyboard.press("ArrowLeft")
        await expect(presenter.locator("#prompt")).to_have_text(items[19]["prompt"])
        await expect(phone.locator(".shown-only .prompt")).to_have_text(items[19]["prompt"])
        assert errors == []


async def test_the_pdf_control_speaks_dutch(
    live_server: LiveServer, browser: Browser, screenshots: Path
) -> None:
    async with live_server.client() as http:
        ada = await new_organiser(http)
        pid = (await ada.post("/api/presentations", {"title": "Middag"})).json()["id"]
        page = await organiser_page(browser, live_server, Event(ada, {"id": pid}, {}), lang="nl-NL")
        await page.goto(f"{live_server.url}/dashboard#p={pid}")
        await page.get_by_text("De dia's van de presentatie toevoegen uit een pdf").click()
        await expect(page.locator("#pdf-help")).to_contain_text("Hoogstens 200 pagina's en 50 MB")
        await page.get_by_role("button", name="Pagina's toevoegen").click()
        await expect(page.locator("#pdf-note")).to_have_text("Kies eerst een bestand.")
        await assert_accessible(page, "the PDF control in Dutch")
        await save_screenshot(page, screenshots / "dashboard-pdf-deck-nl.png")


def _with(name: str) -> re.Pattern[str]:
    return re.compile(rf"(^|\s){name}(\s|$)")
