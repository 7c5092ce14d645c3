"""The organiser's dashboard in a real browser: sign up, author a presentation, run a session."""

import re
from pathlib import Path

import pytest
from playwright.async_api import Browser, expect

from tests.conftest import LiveServer
from tests.e2e.pages import save_screenshot
from tests.helpers import join, new_organiser

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
    # The list is drawn by the page's script: once it shows, the forms are the script's (a click
    # before that would be the browser's own GET submit, and CI's loaded machine once did that).
    await expect(page.locator("#presentations")).to_contain_text("No presentations yet")

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
    await page.locator(".thumb-pick").nth(1).click()  # the deck editor: a chosen slide's settings
    await answers.nth(2).fill("Tacos al pastor")
    await expect(page.locator("#save-status")).to_have_text("Saved")  # saved as typed
    await expect(page.locator(".qlist .meta").nth(1)).to_have_text("3 answers · one choice")
    await page.get_by_role("button", name="Move down").first.click()
    await expect(page.locator(".qprompt")).to_have_text(["Where shall we eat?", "Which days suit you?"])
    await save_screenshot(page, screenshots / "dashboard.png")

    # Start a session: the presenter screen opens in a new tab and works.
    await page.get_by_placeholder("Name (optional)").fill("Canteen")
    async with context.expect_page() as new_tab:
        await page.get_by_role("button", name="Start a session").click()
    presenter = await new_tab.value
    # The room opens in its lobby (the deck's title and the way in); → shows the first question.
    await expect(presenter.locator("#prompt")).to_have_text("Team day")
    await expect(presenter.locator("body")).to_have_attribute("data-socket", "open")
    await presenter.keyboard.press("ArrowRight")
    await expect(presenter.locator("#prompt")).to_have_text("Where shall we eat?")
    code = (await presenter.locator("#join-code").text_content() or "").replace(" ", "")
    assert len(code) == 8 and code.isdigit()
    await expect(presenter.locator(".bar-label")).to_have_text(["Pizza", "Sushi", "Tacos al pastor"])

    async with live_server.client() as http:
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


async def test_author_every_question_type_and_share_the_results(
    live_server: LiveServer, browser: Browser
) -> None:
    async with live_server.client() as http:
        ada = await new_organiser(http)
        presentation = (await ada.post("/api/presentations", {"title": "Kinds"})).json()
        context = await browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
        await context.add_cookies([{"name": "poll_session", "value": ada.token, "url": live_server.url}])
        page = await context.new_page()
        page.on("dialog", lambda dialog: dialog.accept())
        await page.goto(f"{live_server.url}/dashboard#p={presentation['id']}")

        async def new_question(kind: str, prompt: str) -> None:
            await page.get_by_role("button", name="+ Add a question").click()
            await page.get_by_label("Kind of question").select_option(label=kind)
            await page.get_by_label("Question", exact=True).fill(prompt)

        await new_question("Word cloud", "One word?")
        await expect(page.locator("#question-form fieldset")).to_be_hidden()  # no answers to give
        await page.get_by_label("Words per answer").select_option(label="Up to 2 words")
        await page.get_by_label("People may send more than one answer").check()
        await page.get_by_label("Answers per person (1 to 20)").fill("3")
        await page.get_by_role("button", name="Save question").click()
        await expect(page.locator(".qlist .meta").last).to_have_text(
            "Word cloud · up to 2 words · up to 3 answers each"
        )

        await new_question("Open question", "Ideas?")
        await page.get_by_label("Longest answer (1 to 1000 characters)").fill("5000")
        await page.get_by_role("button", name="Save question").click()
        await expect(page.get_by_role("alert")).to_contain_text("give a whole number from 1 to 1000")
        await page.get_by_label("Longest answer (1 to 1000 characters)").fill("200")
        await page.get_by_label("Show the answers as").select_option("grid")
        await page.get_by_role("button", name="Save question").click()
        await expect(page.locator(".qlist .meta").last).to_have_text("Open question · up to 200 characters")

        await new_question("Scale", "How do you feel?")
        await page.get_by_label("Statement").first.fill("Workload")
        await page.get_by_role("button", name="+ Add a statement").click()
        await page.get_by_label("Statement").nth(1).fill("Team spirit")
        await page.get_by_label("Number of steps (2 to 10)").fill("7")
        await page.get_by_label("Text for the lowest number (optional)").fill("Bad")
        await page.get_by_label("Text for the highest number (optional)").fill("Great")
        await page.get_by_label("People may skip a statement").uncheck()
        await page.get_by_role("button", name="Save question").click()
        await expect(page.locator(".qlist .meta").last).to_have_text("Scale 1 to 7 · 2 statements")

        await new_question("Ranking", "What first?")
        items = page.get_by_label("Item", exact=True)
        await items.nth(0).fill("Budget")
        await items.nth(1).fill("Office")
        await page.get_by_role("button", name="Save question").click()
        await expect(page.locator(".qlist .meta").last).to_have_text("Ranking · 2 items")

        await new_question("Divide points", "Spread them")
        await items.nth(0).fill("Tea")
        await items.nth(1).fill("Cake")
        await page.get_by_label("Points to divide (1 to 1000)").fill("10")
        await page.get_by_label("People may change their vote").uncheck()
        await page.get_by_role("button", name="Save question").click()
        await expect(page.locator(".qlist .meta").last).to_have_text("10 points · 2 items · no changes")

        await new_question("Number", "How far did you travel?")
        await page.get_by_label("Highest number").fill("1000")
        await page.get_by_label("Lowest number").fill("1000")
        await page.get_by_role("button", name="Save question").click()
        await expect(page.get_by_role("alert")).to_contain_text("lowest number must be below the highest")
        await page.get_by_label("Lowest number").fill("0")
        await page.get_by_label("Digits after the point (0 to 3)").fill("1")
        await page.get_by_label("Unit (optional)").fill("km")
        await page.get_by_label("Right value (optional)").fill("42,5")
        await page.get_by_role("button", name="Save question").click()
        await expect(page.locator(".qlist .meta").last).to_have_text("Number · 0 to 1000 km")

        questions = (await http.get(f"/api/presentations/{presentation['id']}", headers=ada.headers)).json()[
            "questions"
        ]
        kinds = [q["type"] for q in questions]
        assert kinds == ["word_cloud", "open_text", "scale", "ranking", "points", "number"]
        number = questions[5]["settings"]
        assert number | {"min": 0, "max": 1000, "decimals": 1, "unit": "km", "correct": 42.5} == number
        assert (
            questions[0]["settings"] | {"max_entries": 2, "multiple_submissions": True}
            == questions[0]["settings"]
        )
        assert questions[1]["settings"]["layout"] == "grid" and questions[1]["settings"]["max_length"] == 200
        assert (
            questions[2]["settings"] | {"steps": 7, "min_label": "Bad", "allow_skip": False}
            == questions[2]["settings"]
        )
        assert [o["label"] for o in questions[2]["options"]] == ["Workload", "Team spirit"]

        # Edit the scale: its type stays, its statements keep their ids, settings not shown stay.
        await page.locator(".thumb-pick").nth(2).click()
        await expect(page.get_by_label("Kind of question")).to_be_disabled()
        await expect(page.get_by_label("Number of steps (2 to 10)")).to_have_value("7")
        await page.get_by_label("Statement").nth(1).fill("Team mood")
        await expect(page.locator("#save-status")).to_have_text("Saved")  # saved as typed
        await expect(page.locator(".qlist .meta").nth(2)).to_have_text("Scale 1 to 7 · 2 statements")
        edited = (await http.get(f"/api/presentations/{presentation['id']}", headers=ada.headers)).json()
        scale = edited["questions"][2]
        assert [o["id"] for o in scale["options"]] == [o["id"] for o in questions[2]["options"]]
        assert scale["options"][1]["label"] == "Team mood" and scale["settings"]["max_label"] == "Great"

        # Share the results of a session, then stop sharing.
        room = await ada.room(presentation["id"])
        await page.reload()
        row = page.locator(f'.room[data-id="{room["id"]}"]')
        await row.get_by_role("button", name="Share results").click()
        link = row.get_by_label("Link to the results")
        await expect(link).to_have_value(re.compile(r"^http://127\.0\.0\.1:\d+/results/\S+$"))
        url = await link.input_value()
        assert (await http.get(url)).status_code == 200
        await page.reload()
        await expect(row).to_contain_text("The results are shared since")
        await row.get_by_role("button", name="Stop sharing").click()
        await expect(row.get_by_role("button", name="Share results")).to_be_visible()
        assert (await http.get(url)).status_code == 404
        await context.close()
