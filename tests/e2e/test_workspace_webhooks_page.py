"""The workspace page's webhooks in Chromium: an owner adds one (its secret shown once, then only
its address), an editor of the workspace sees no webhooks nor secrets there, the owner removes it.
axe finds nothing in either state."""

import re

import pytest
from playwright.async_api import Browser, expect

from tests.conftest import LiveServer
from tests.e2e.a11y import axe_violations
from tests.e2e.pages import new_event, organiser_page, watch_errors
from tests.helpers import new_organiser
from tests.workspaces.test_roles import invite_and_join

pytestmark = pytest.mark.browser
HOOK = "https://93.184.215.14/hook"  # a public address: the default settings refuse private ones


async def test_an_owner_adds_and_removes_a_workspace_webhook(
    live_server: LiveServer, browser: Browser
) -> None:
    async with live_server.client() as http:
        event = await new_event(http, [])
        ada = event.organiser
        workspace_id = (await ada.post("/api/workspaces", {"name": "Library team"})).json()["id"]
        eve = await new_organiser(http, "Eve")
        await invite_and_join(ada, workspace_id, "editor", eve)

    page = await organiser_page(browser, live_server, event)
    errors = watch_errors(page)
    await page.goto(f"{live_server.url}/workspaces/{workspace_id}")
    await expect(page.get_by_text("No webhooks.")).to_be_visible()
    await page.get_by_label("Send events to (URL)").fill(HOOK)
    await page.get_by_label("Description (optional)").fill("Our archive")
    await page.get_by_label("a room starts").uncheck()
    await page.get_by_role("button", name="Add the webhook").click()
    secret = page.get_by_label(re.compile("signing secret"))
    await expect(secret).to_have_value(re.compile(r"^whsec_"))
    shown = await secret.input_value()
    row = page.locator("#webhook-table tbody tr").filter(has_text=HOOK)
    await expect(row).to_contain_text("a room ends")
    await expect(row).not_to_contain_text("a room starts")
    assert await axe_violations(page) == []

    async with live_server.client() as http:
        [hook] = (await http.get(f"/api/workspaces/{workspace_id}/webhooks", headers=ada.headers)).json()
        assert hook["url"] == HOOK and hook["description"] == "Our archive"
        assert "room.started" not in hook["events"]
        # Eve, an editor: the page shows no webhooks section, and never a secret.
        http.cookies.set("poll_session", eve.token)
        r = await http.get(f"/workspaces/{workspace_id}")
        assert r.status_code == 200 and "Library team" in r.text
        assert HOOK not in r.text and shown not in r.text and 'id="webhooks"' not in r.text

    await page.goto(f"{live_server.url}/workspaces/{workspace_id}")  # shown once: the secret is gone
    await expect(page.get_by_label(re.compile("signing secret"))).to_have_count(0)
    await page.get_by_role("button", name=f"Remove the webhook {HOOK}").click()
    await expect(page.get_by_text("No webhooks.")).to_be_visible()
    assert await axe_violations(page) == []
    await page.context.close()
    assert errors == []
