"""The organiser's dashboard in a real browser: sign up, author a presentation, run a session."""

from pathlib import Path

import httpx
import pytest
from playwright.async_api import Browser, expect

from tests.conftest import LiveServer
from tests.e2e.pages import save_screenshot
from tests.helpers import join

pytestmark = pytest.mark.browser


async def test_sign_up_author_and_run_a_session(
    live_server: LiveServer, browser: Browser, screenshots: Path
) -> None:
    context = await browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = await context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # the "are you sure?" questions

    # Strangers are sent to the login page; a new organiser signs up there.
    await page.goto(f"{live_server.url}/dashboard")
    await expect(page).to_have_url(f"{live_server.url}/login?next=/dashboard")
    await page.get_by_text("New here? Create an account").click()
    await page.get_by_label("Your name").fill("Grace")
    await page.locator("#reg-email").fill("grace@example.org")
    await page.locator("#reg-password").fill("a long password")
    await page.get_by_role("button", name="Create my account").click()
    await expect(page).to_have_url(f"{live_server.url}/dashboard")
    await expect(page.locator(".who")).to_have_text("Grace")

    # A presentation with two questions.
    await page.get_by_label("New presentation").fill("Team day")
    await page.get_by_role("button", name="Create").click()
    await expect(page.locator(".plink.active")).to_contain_text("Team day")
    await page.get_by_role("button", name="+ Add a question").click()
    await page.get_by_label("Question", exact=True).fill("Where shall we eat?")
    answers = page.get_by_label("Answer", exact=True)
    await answers.nth(0).fill("Pizza")
    await answers.nth(1).fill("Sushi")
    await page.get_by_role("button", name="+ Add an answer").click()
    await answers.nth(2).fill("Tacos")
    await page.get_by_role("button", name="Save question").click()
    await expect(page.locator(".qprompt")).to_have_text(["Where shall we eat?"])
    await expect(page.locator(".qlist .meta")).to_have_text(["3 answers · one choice"])

    await page.get_by_role("button", name="+ Add a question").click()
    await page.get_by_label("Question", exact=True).fill("Which days suit you?")
    await answers.nth(0).fill("Monday")
    await answers.nth(1).fill("Friday")
    await page.get_by_label("People may choose more than one answer").check()
    await page.get_by_label("People may change their vote").uncheck()
    await page.get_by_role("button", name="Save question").click()
    await expect(page.locator(".qprompt")).to_have_text(["Where shall we eat?", "Which days suit you?"])
    await expect(page.locator(".qlist .meta").nth(1)).to_have_text("2 answers · up to 2 choices · no changes")

    # Reorder, then edit: the form keeps the answers' ids, so results stay attached.
    await page.get_by_role("button", name="Move up").nth(1).click()
    await expect(page.locator(".qprompt")).to_have_text(["Which days suit you?", "Where shall we eat?"])
    await page.get_by_role("button", name="Edit").nth(1).click()
    await answers.nth(2).fill("Tacos al pastor")
    await page.get_by_role("button", name="Save question").click()
    await expect(page.locator(".qlist .meta").nth(1)).to_have_text("3 answers · one choice")
    await page.get_by_role("button", name="Move down").first.click()
    await expect(page.locator(".qprompt")).to_have_text(["Where shall we eat?", "Which days suit you?"])
    await save_screenshot(page, screenshots / "dashboard.png")

    # Start a session: the presenter screen opens in a new tab and works.
    await page.get_by_placeholder("Name (optional)").fill("Canteen")
    async with context.expect_page() as new_tab:
        await page.get_by_role("button", name="Start a session").click()
    presenter = await new_tab.value
    await expect(presenter.locator("#prompt")).to_have_text("Where shall we eat?")
    await expect(presenter.locator("body")).to_have_attribute("data-socket", "open")
    code = (await presenter.locator("#join-code").text_content() or "").replace(" ", "")
    assert len(code) == 8 and code.isdigit()
    await expect(presenter.locator(".bar-label")).to_have_text(["Pizza", "Sushi", "Tacos al pastor"])

    async with httpx.AsyncClient(base_url=live_server.url) as http:
        phone = await join(http, code)
        state = await phone.state()
        sushi = next(o["id"] for o in state["question"]["options"] if o["label"] == "Sushi")
        assert (await phone.vote(state["question"]["id"], [sushi])).status_code == 201
    await expect(presenter.locator(f'.bar-row[data-id="{sushi}"] .bar-count')).to_have_text("1")

    # The session is listed, with its results page.
    room = page.locator(".room")
    await expect(room).to_contain_text("Canteen")
    await expect(room.locator(".tag")).to_have_text("Live")
    await room.get_by_role("link", name="Results").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Canteen")
    sushi_row = page.locator(".res-row", has_text="Sushi")
    await expect(sushi_row.locator(".row-num")).to_have_text("1 · 100%")
    await page.go_back()

    # End it: the presenter screen says so.
    await page.locator(".room").get_by_role("button", name="End").click()
    await expect(page.locator(".room .tag")).to_have_text("Ended")
    await expect(presenter.locator("#prompt")).to_have_text("This session has ended")

    await page.get_by_role("button", name="Log out").click()
    await expect(page).to_have_url(f"{live_server.url}/login")
    await page.goto(f"{live_server.url}/dashboard")
    await expect(page).to_have_url(f"{live_server.url}/login?next=/dashboard")
    await context.close()


async def test_login_page_in_dutch_with_a_wrong_password(live_server: LiveServer, browser: Browser) -> None:
    context = await browser.new_context(locale="nl-NL")
    page = await context.new_page()
    await page.goto(f"{live_server.url}/login")
    await expect(page.locator("html")).to_have_attribute("lang", "nl")
    await page.get_by_label("E-mailadres").first.fill("nobody@example.org")
    await page.get_by_label("Wachtwoord").first.fill("not the password")
    await page.get_by_role("button", name="Inloggen").click()
    await expect(page.get_by_role("alert")).to_have_text("Het e-mailadres of het wachtwoord klopt niet.")
    await context.close()
