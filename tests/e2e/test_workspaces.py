"""A team in Chromium: the owner invites a facilitator from the workspace page using the keyboard,
copies the link; the invited person opens it, signs up, comes back, accepts and is a member with that
role; the owner sees it in the audit log. axe finds nothing on the workspace and invitation pages."""

import re

import pytest
from playwright.async_api import Browser, expect

from tests.conftest import LiveServer
from tests.e2e.a11y import axe_violations
from tests.e2e.pages import new_event, organiser_page, watch_errors

pytestmark = pytest.mark.browser


async def test_invite_a_facilitator_who_signs_up_and_joins(live_server: LiveServer, browser: Browser) -> None:
    async with live_server.client() as http:
        event = await new_event(http, [])
        ada = event.organiser
        r = await ada.post("/api/workspaces", {"name": "Library team"})
        workspace_id = r.json()["id"]
        r = await ada.post("/api/presentations", {"title": "Reading club", "workspace_id": workspace_id})
        assert r.status_code == 201, r.text

    page = await organiser_page(browser, live_server, event)
    errors = watch_errors(page)
    await page.goto(f"{live_server.url}/dashboard")
    # With a second workspace the dashboard asks where a new presentation goes, and says where each is.
    await page.get_by_label("In the workspace").select_option(label="Library team")
    await page.get_by_label("New presentation").fill("Book quiz")
    await page.get_by_role("button", name="Create", exact=True).click()
    await expect(page.get_by_role("link", name=re.compile("^Book quiz .*Library team$"))).to_be_visible()
    async with live_server.client() as http:
        listed = (
            await http.get(f"/api/presentations?workspace_id={workspace_id}", headers=ada.headers)
        ).json()
        assert sorted(p["title"] for p in listed) == ["Book quiz", "Reading club"]
    await page.get_by_role("link", name="Workspaces").click()
    await page.get_by_role("link", name="Library team").click()
    await expect(page.get_by_role("heading", name="Library team", level=1)).to_be_visible()
    await page.get_by_label("E-mail address").focus()
    await page.keyboard.type("bea@example.org")
    await page.keyboard.press("Tab")  # to the role
    await page.get_by_label("Role", exact=True).select_option("facilitator")
    await page.get_by_label("E-mail address").press("Enter")  # submits the form
    link = page.get_by_label("Invitation link")
    await expect(link).to_have_value(re.compile(r"/invite/inv_"))
    await expect(page.get_by_role("status")).to_contain_text("Copy this link")
    url = await link.input_value()
    await expect(page.locator("#invitations").locator("..")).to_contain_text("bea@example.org")
    assert await axe_violations(page) == []

    # Bea has no account yet: the link sends her to sign up, and back.
    bea_context = await browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    bea = await bea_context.new_page()
    errors += watch_errors(bea)
    await bea.goto(url)
    await expect(bea.get_by_role("heading", name="Join Library team")).to_be_visible()
    await expect(bea.get_by_text("You are invited to join as facilitator.")).to_be_visible()
    assert await axe_violations(bea) == []
    await bea.get_by_role("link", name="Sign in or sign up").click()
    await bea.locator("#register summary").click()
    await bea.locator("#reg-name").fill("Bea")
    await bea.locator("#reg-email").fill("bea@example.org")
    await bea.locator("#reg-password").fill("correct horse battery")
    await bea.locator("#register-form").get_by_role("button").click()
    await expect(bea).to_have_url(url)
    await bea.get_by_role("button", name="Accept and join").click()
    await expect(bea.get_by_role("heading", name="Library team", level=1)).to_be_visible()
    await expect(bea.get_by_text("Your role here: facilitator.")).to_be_visible()
    await expect(bea.get_by_role("row", name=re.compile("Bea"))).to_contain_text("facilitator")
    assert await axe_violations(bea) == []

    # The link is used up; the owner sees Bea in the members and the audit log.
    await bea.goto(url)
    await expect(bea.get_by_role("alert")).to_contain_text("used already")
    await page.reload()
    await expect(page.get_by_label("Role of Bea")).to_have_value("facilitator")
    audit = page.locator("#audit").locator("..")
    await expect(audit).to_contain_text("joined")
    await expect(audit).to_contain_text("invited")
    await bea_context.close()
    await page.context.close()
    assert errors == []
