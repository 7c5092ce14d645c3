"""Webhooks in the dashboard: add one to a real local receiver (the secret shown once), send a
test event, see it delivered in the log, and see a room's events arrive and logged; axe finds
nothing on the open panel."""

import re

import pytest
from playwright.async_api import Browser, expect

from poll_service.settings import Settings
from tests.conftest import LiveServer, make_settings
from tests.e2e.a11y import axe_violations
from tests.e2e.pages import new_event, organiser_page, watch_errors
from tests.support.webhook_receiver import running_receiver

pytestmark = pytest.mark.browser


@pytest.fixture
def settings(database_url: str) -> Settings:
    return make_settings(database_url, webhooks_allow_private_addresses=True, webhook_retry_base_s=0.05)


async def test_add_a_webhook_and_see_its_deliveries(live_server: LiveServer, browser: Browser) -> None:
    async with running_receiver() as receiver, live_server.client() as http:
        event = await new_event(http, [])
        page = await organiser_page(browser, live_server, event)
        errors = watch_errors(page)
        page.on("dialog", lambda dialog: dialog.accept())
        await page.goto(f"{live_server.url}/dashboard")
        await page.get_by_text("Webhooks", exact=True).click()
        await expect(page.locator("#webhook-list")).to_contain_text("No webhooks.")
        await page.get_by_label("Send events to (URL)").fill(receiver.url)
        await page.get_by_label("Description (optional)").fill("Our intranet")
        await page.get_by_label("a room starts").uncheck()
        await page.get_by_role("button", name="Add the webhook").click()
        secret = page.get_by_label("The webhook's signing secret")
        await expect(secret).to_have_value(re.compile(r"^whsec_"))
        receiver.secret = await secret.input_value()
        await expect(page.locator("#webhook-list")).to_contain_text("Our intranet")
        await expect(page.locator("#webhook-list")).to_contain_text("a room ends")
        await expect(page.locator("#webhook-list")).not_to_contain_text("a room starts")

        await page.get_by_role("button", name=f"Send test event to {receiver.url}").click()
        await receiver.wait_for(lambda r: len(r.of_type("webhook.test")) == 1)
        # The log opens at once and follows the delivery until it is settled.
        log = page.locator("#webhook-log")
        await expect(log).to_contain_text(f"Deliveries to {receiver.url}")
        await expect(log.locator("tbody tr").first).to_contain_text("delivered", timeout=15_000)
        await expect(log.locator("tbody tr")).to_have_count(1)
        await expect(log.locator("tbody tr").first).to_contain_text("test event")
        await expect(log.locator("tbody tr").first).to_contain_text("delivered")
        await expect(log.locator("tbody tr").first).to_contain_text("200")
        assert await axe_violations(page) == []

        r = await event.organiser.control(event.room["id"], "end")
        assert r.status_code == 200
        await receiver.wait_for(lambda r: len(r.of_type("room.ended")) == 1)
        assert receiver.forged == 0
        await page.context.close()
    assert errors == []
