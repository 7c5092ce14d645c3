"""API tokens in the dashboard: make one (shown once, then usable by a script), see it listed,
revoke it; axe finds nothing on the open panel."""

import re

import pytest
from playwright.async_api import Browser, expect

from tests.conftest import LiveServer
from tests.e2e.a11y import axe_violations
from tests.e2e.pages import new_event, organiser_page, watch_errors

pytestmark = pytest.mark.browser


async def test_make_use_and_revoke_a_token(live_server: LiveServer, browser: Browser) -> None:
    async with live_server.client() as http:
        event = await new_event(http, [])
        page = await organiser_page(browser, live_server, event)
        errors = watch_errors(page)
        page.on("dialog", lambda dialog: dialog.accept())
        await page.goto(f"{live_server.url}/dashboard")
        await page.get_by_text("API tokens for scripts").click()
        await expect(page.locator("#token-list")).to_contain_text("No tokens.")
        await page.get_by_label("What is it for?").fill("Nightly export")
        await page.get_by_label("May the token").select_option("read")
        await page.get_by_role("button", name="Make a token").click()
        shown = page.get_by_label("Your new token")
        await expect(shown).to_have_value(re.compile(r"^pst_"))
        token = await shown.input_value()
        await expect(page.locator("#token-list")).to_contain_text("Nightly export")
        await expect(page.locator("#token-list")).to_contain_text(f"{token[:10]}… · read only")
        assert await axe_violations(page) == []

        headers = {"Authorization": f"Bearer {token}"}
        assert (await http.get("/api/presentations", headers=headers)).status_code == 200
        await page.get_by_role("button", name="Revoke the token Nightly export").click()
        await expect(page.locator("#token-list")).to_contain_text("No tokens.")
        assert (await http.get("/api/presentations", headers=headers)).status_code == 401
        await page.context.close()
    assert errors == []
