"""The number question in a real browser: a phone types a number (a Dutch decimal comma, a number
out of range told at once), and the presenter's histogram marks the mean and the median, and the
right value once voting closes."""

from pathlib import Path

import pytest
from playwright.async_api import Browser, expect

from poll_service.settings import Settings
from tests.conftest import LiveServer, make_settings
from tests.e2e import pages
from tests.e2e.pages import new_typed_event, open_presenter, phone_context, save_screenshot, watch_errors
from tests.helpers import join

pytestmark = pytest.mark.browser

QUESTION = {
    "type": "number",
    "prompt": "How many kilometres did you travel today?",
    "settings": {"min": 0, "max": 100, "decimals": 1, "unit": "km", "correct": 42},
}


@pytest.fixture
def settings(database_url: str) -> Settings:
    """A public address as on a real deployment, for the screenshots."""
    return make_settings(database_url, public_url="http://poll.example.org")


async def test_a_phone_types_a_number_and_the_presenter_marks_mean_median_and_right_value(
    live_server: LiveServer, browser: Browser, screenshots: Path
) -> None:
    async with live_server.client() as http:
        event = await new_typed_event(http, [QUESTION])
        question_id = event.presentation["questions"][0]["id"]
        presenter = await open_presenter(browser, live_server, event)
        context = await phone_context(browser, "nl-NL")
        phone = await context.new_page()
        errors = watch_errors(presenter, phone)
        newcomer = await join(http, event.code)
        cookie = {"name": "poll_participant", "value": newcomer.token, "url": live_server.url}
        await context.add_cookies([cookie])
        await phone.goto(f"{live_server.url}/{event.code}")
        await expect(phone.locator("body")).to_have_attribute("data-socket", "open")

        field = phone.get_by_label("Jouw getal")
        await expect(phone.locator(".number-unit")).to_have_text("km")
        await field.fill("120")
        await phone.locator("#vote-form .send").tap()
        await expect(phone.locator("#status")).to_contain_text("Geef een getal van 0 tot 100.")
        await field.fill("12,5")
        await phone.locator("#vote-form .send").tap()
        await expect(phone.locator("#status")).to_contain_text("Je antwoord is binnen")

        for value in (30, 40, 40, 60):
            other = await join(http, event.code)
            r = await http.post(
                f"/api/join/{event.code}/responses",
                json={"question_id": question_id, "value": value},
                headers=other.headers,
            )
            assert r.status_code == 201, r.text
        chart = presenter.locator("#chart")
        await expect(presenter.locator("#answered")).to_have_text("5")
        await expect(chart.locator(".number-figures")).to_contain_text("Average 36.5 km")
        await expect(chart.locator(".number-figures")).to_contain_text("Median 40 km")
        await expect(chart.locator(".correct-mark")).to_be_hidden()  # not while voting is open
        counts = await chart.locator(".col-count").all_text_contents()
        assert [c for c in counts if c] == ["1", "1", "2", "1"]  # 10-20, 30-40, 40-50, 60-70

        assert (await event.organiser.control(event.room["id"], "close_voting")).status_code == 200
        await expect(chart.locator(".correct-mark")).to_be_visible()
        await expect(chart.locator(".number-figures")).to_contain_text("Right value 42 km")
        left = await chart.locator(".correct-mark").evaluate("n => parseFloat(n.style.left)")
        assert left == pytest.approx(42)
        await pages.transitions_done(presenter)  # the marks' glide ends, for the picture
        await save_screenshot(presenter, screenshots / "presenter-number.png")
        await context.close()
        await presenter.context.close()
    assert errors == []
