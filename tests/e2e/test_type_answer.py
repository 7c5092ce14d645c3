"""Type the answer in a real browser: an organiser writes the question in the dashboard, a phone
types its answer with a typo, the presenter keeps the answers sealed while voting, then marks the
right ones and names the accepted answer; the phone learns it was right."""

import pytest
from playwright.async_api import Browser, expect

from tests.conftest import LiveServer
from tests.e2e.pages import new_event, open_presenter, organiser_page, phone_context, watch_errors
from tests.helpers import join

pytestmark = pytest.mark.browser


async def test_a_typed_answer_from_the_dashboard_to_the_reveal(
    live_server: LiveServer, browser: Browser
) -> None:
    async with live_server.client() as http:
        event = await new_event(http, [])
        pid = event.presentation["id"]
        page = await organiser_page(browser, live_server, event)
        errors = watch_errors(page)
        await page.goto(f"{live_server.url}/dashboard#p={pid}")
        await page.get_by_role("button", name="+ Add a question").click()
        await page.get_by_label("Kind of question").select_option(label="Type the answer")
        await page.get_by_label("Question", exact=True).fill("What is the capital of the Netherlands?")
        await page.get_by_role("button", name="Save question").click()
        await expect(page.get_by_role("alert")).to_contain_text("at least one accepted answer")
        await page.get_by_label("Accepted answers").fill("Amsterdam\nA'dam")
        await page.get_by_role("button", name="Save question").click()
        await expect(page.locator(".qlist .meta").last).to_contain_text("right: Amsterdam / A'dam")
        question = (await http.get(f"/api/presentations/{pid}", headers=event.organiser.headers)).json()[
            "questions"
        ][0]
        assert question["settings"]["accepted"] == ["Amsterdam", "A'dam"]
        assert (
            await event.organiser.control(event.room["id"], "goto", question_id=question["id"])
        ).status_code == 200

        presenter = await open_presenter(browser, live_server, event)
        context = await phone_context(browser)
        phone = await context.new_page()
        errors += watch_errors(presenter, phone)
        newcomer = await join(http, event.code)
        await context.add_cookies(
            [{"name": "poll_participant", "value": newcomer.token, "url": live_server.url}]
        )
        await phone.goto(f"{live_server.url}/{event.code}")
        await expect(phone.locator("body")).to_have_attribute("data-socket", "open")
        await phone.get_by_label("Type your answer").fill("amsterdm")
        await phone.locator("#vote-form .send").tap()
        await expect(phone.locator("#status")).to_contain_text("Your answer is in")

        chart = presenter.locator("#chart")
        await expect(presenter.locator("#answered")).to_have_text("1")
        await expect(chart.locator(".sealed-note")).to_be_visible()  # sealed while voting
        await expect(chart).not_to_contain_text("amsterdm")

        assert (await event.organiser.control(event.room["id"], "close_voting")).status_code == 200
        await expect(chart.locator(".bar-row.correct")).to_contain_text("amsterdm")
        await expect(chart.locator(".accepted-line")).to_have_text("Right: Amsterdam / A'dam")
        await expect(phone.locator("#play")).to_contain_text("Right!")
        await expect(phone.locator("#play")).to_contain_text("Amsterdam / A'dam")
        await context.close()
        await presenter.context.close()
    assert errors == []
