"""The administration page in Chromium: an administrator disables an organiser from the page (who
is then signed out), in English and Dutch, with axe finding nothing on either."""

import pytest
from playwright.async_api import Browser, expect

from tests.admin.support import make_admin
from tests.conftest import LiveServer
from tests.e2e.a11y import axe_violations
from tests.e2e.pages import Event, organiser_page, watch_errors
from tests.helpers import new_organiser

pytestmark = pytest.mark.browser


async def test_an_admin_disables_an_organiser_from_the_page(
    live_server: LiveServer, browser: Browser
) -> None:
    async with live_server.client() as http:
        root = await new_organiser(http, "Root")
        await make_admin(live_server.app, root.email)
        ada = await new_organiser(http, "Ada")
        page = await organiser_page(browser, live_server, Event(root, {}, {}))
        errors = watch_errors(page)
        await page.goto(f"{live_server.url}/admin")
        await expect(page.get_by_role("heading", name="Administration")).to_be_visible()
        assert await axe_violations(page) == []
        row = page.locator(f'#user-table tr[data-email="{ada.email}"]')
        await expect(row).to_contain_text("Active")
        await row.get_by_role("button", name="Disable the account of Ada").click()
        await expect(row).to_contain_text("Disabled")
        await expect(row.get_by_role("button", name="Enable the account of Ada")).to_be_visible()
        assert (await http.get("/api/auth/me", headers=ada.headers)).status_code == 401
        await expect(page.locator("#audit-table tbody tr").first).to_contain_text("disabled an account")
        assert await axe_violations(page) == []
        await page.context.close()

        dutch = await organiser_page(browser, live_server, Event(root, {}, {}), lang="nl-NL")
        await dutch.goto(f"{live_server.url}/admin")
        await expect(dutch.get_by_role("heading", name="Beheer")).to_be_visible()
        await expect(dutch.locator(f'#user-table tr[data-email="{ada.email}"]')).to_contain_text(
            "Uitgeschakeld"
        )
        assert await axe_violations(dutch) == []
        await dutch.context.close()
    assert errors == []
