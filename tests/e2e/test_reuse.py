"""Reuse on the dashboard in Chromium: duplicate (with and without results), download a deck and
import it again (and a broken one, whose error names the field), new from a template, questions
from a spreadsheet; axe finds nothing on the dashboard with all of it shown."""

import json
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, expect

from tests.conftest import LiveServer
from tests.e2e.a11y import assert_accessible
from tests.e2e.pages import QUESTIONS, new_event
from tests.helpers import Organiser, join, new_organiser

pytestmark = pytest.mark.browser


async def _dashboard(
    browser: Browser, live_server: LiveServer, ada: Organiser, locale: str = "en-GB"
) -> Page:
    context = await browser.new_context(viewport={"width": 1280, "height": 900}, locale=locale)
    await context.add_cookies([{"name": "poll_session", "value": ada.token, "url": live_server.url}])
    page = await context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    return page


async def test_duplicate_export_import_and_templates(
    live_server: LiveServer, browser: Browser, tmp_path: Path
) -> None:
    async with live_server.client() as http:
        event = await new_event(http)  # Ada's "Town hall": two questions and a room
        phone = await join(http, event.code)
        question = event.presentation["questions"][0]["id"]
        assert (await phone.vote(question, [event.option(0, "Team outing")])).status_code == 201
    page = await _dashboard(browser, live_server, event.organiser)
    await page.goto(f"{live_server.url}/dashboard#p={event.presentation['id']}")
    prompts = [prompt for prompt, _ in QUESTIONS]
    await expect(page.locator(".qprompt")).to_have_text(prompts)
    await page.locator(".sheet-import summary").click()
    await expect(page.get_by_label("Spreadsheet (XLSX or CSV)")).to_be_visible()
    await assert_accessible(page, "the dashboard with the reuse tools")

    # Duplicate: the copy opens, with the questions and no sessions.
    await page.get_by_role("button", name="Duplicate", exact=True).click()
    await expect(page.locator(".plink.active")).to_contain_text("Town hall (copy)")
    await expect(page.locator("#p-title")).to_have_value("Town hall (copy)")
    await expect(page.locator(".qprompt")).to_have_text(prompts)
    await expect(page.locator(".room")).to_have_count(0)

    # With results: the copy has the session, ended, with its participant.
    await page.locator(".plink", has_text="Town hall").last.click()
    await expect(page.locator("#p-title")).to_have_value("Town hall")
    await page.get_by_role("button", name="Duplicate with results").click()
    await expect(page.locator(".plink")).to_have_count(3)
    await expect(page.locator(".room .tag")).to_have_text("Ended")
    await expect(page.locator(".room .meta")).to_contain_text("1 joined")

    # Download the deck, then import it: a new presentation with the same questions.
    async with page.expect_download() as downloading:
        await page.get_by_role("link", name="Download deck (JSON)").click()
    download = await downloading.value
    deck_file = tmp_path / "deck.json"
    await download.save_as(deck_file)
    deck = json.loads(deck_file.read_text(encoding="utf-8"))
    assert (deck["format"], deck["version"], deck["title"]) == ("poll-service/deck", 2, "Town hall (copy)")
    deck["title"] = "Town hall, imported"
    deck_file.write_text(json.dumps(deck), encoding="utf-8")
    await page.get_by_label("Import a deck (JSON file)").set_input_files(deck_file)
    await page.get_by_role("button", name="Import deck").click()
    await expect(page.locator("#p-title")).to_have_value("Town hall, imported")
    await expect(page.locator(".qprompt")).to_have_text(prompts)
    await expect(page.locator("#deck-note")).to_have_text("Imported: Town hall, imported")

    # A broken deck: the message names the field, and nothing new is listed.
    deck["questions"][1]["options"][0]["label"] = ""
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(deck), encoding="utf-8")
    await page.get_by_label("Import a deck (JSON file)").set_input_files(broken)
    await page.get_by_role("button", name="Import deck").click()
    await expect(page.locator("#deck-note")).to_contain_text("questions[1].options[0].label")
    await expect(page.locator(".plink")).to_have_count(4)

    # New from a template.
    await page.get_by_label("New from a template").select_option(label="Retrospective (6 questions)")
    await expect(page.locator("#template-help")).to_contain_text("what went well")
    await page.get_by_role("button", name="Use this template").click()
    await expect(page.locator("#p-title")).to_have_value("Retrospective")
    await expect(page.locator(".qprompt")).to_have_count(6)
    await expect(page.locator(".qprompt").first).to_have_text("The last period in one word?")

    # Questions from a spreadsheet, added after the template's.
    sheet = tmp_path / "questions.csv"
    sheet.write_text(
        "type;question;option 1;option 2\nmultiple_choice;Pizza or soup?;Pizza;Soup\n", encoding="utf-8"
    )
    await page.locator(".sheet-import summary").click()
    await page.get_by_label("Spreadsheet (XLSX or CSV)").set_input_files(sheet)
    await page.get_by_role("button", name="Import questions").click()
    await expect(page.locator(".qprompt")).to_have_count(7)
    await expect(page.locator(".qprompt").last).to_have_text("Pizza or soup?")
    await expect(page.get_by_role("status").filter(has_text="Questions added")).to_have_text(
        "Questions added from the spreadsheet: 1."
    )
    await assert_accessible(page, "the dashboard after the imports")
    await page.context.close()


async def test_templates_in_dutch(live_server: LiveServer, browser: Browser) -> None:
    async with live_server.client() as http:
        ada = await new_organiser(http)
    page = await _dashboard(browser, live_server, ada, locale="nl-NL")
    await page.goto(f"{live_server.url}/dashboard")
    choices = page.get_by_label("Nieuw vanuit een sjabloon").locator("option")
    await expect(choices).to_have_text(
        [
            "Evaluatie van het evenement (4 vragen)",
            "IJsbreker (4 vragen)",
            "Netwerkbijeenkomst (7 vragen)",
            "Retrospective (6 vragen)",
        ]
    )
    await page.get_by_label("Nieuw vanuit een sjabloon").select_option(label="Netwerkbijeenkomst (7 vragen)")
    await page.get_by_role("button", name="Dit sjabloon gebruiken").click()
    await expect(page.locator("#p-title")).to_have_value("Netwerkbijeenkomst")
    await expect(page.locator(".qprompt").first).to_have_text("Plenair: waar werk je?")
    await assert_accessible(page, "the dashboard in Dutch with a template's presentation")
    await page.context.close()
