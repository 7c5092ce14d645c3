"""A facilitator's presenter page, in Chromium, when their role is lowered to viewer: the page
says their access was removed (in English and in Dutch) and stops reconnecting; axe finds
nothing on it."""

import pytest
from playwright.async_api import Browser, expect

from tests.conftest import LiveServer
from tests.e2e.a11y import axe_violations
from tests.e2e.pages import Event, organiser_page, watch_errors
from tests.helpers import new_organiser
from tests.workspaces.test_roles import invite_and_join

pytestmark = pytest.mark.browser
SAID = {"en-GB": "Your access to this room was removed.", "nl-NL": "Je toegang tot deze zaal is ingetrokken."}


@pytest.mark.parametrize("lang", ["en-GB", "nl-NL"])
async def test_the_presenter_page_says_the_access_was_removed(
    live_server: LiveServer, browser: Browser, lang: str
) -> None:
    async with live_server.client() as http:
        ada = await new_organiser(http)
        workspace_id = (await ada.post("/api/workspaces", {"name": "Breakouts"})).json()["id"]
        r = await ada.post(  # the presenter page speaks the presentation's language
            "/api/presentations", {"title": "Session 3", "workspace_id": workspace_id, "language": lang[:2]}
        )
        room = await ada.room(r.json()["id"], lobby=True)
        fay = await new_organiser(http, "Fay")
        await invite_and_join(ada, workspace_id, "facilitator", fay)
        fay_id = (await http.get("/api/auth/me", headers=fay.headers)).json()["id"]

        page = await organiser_page(
            browser, live_server, Event(organiser=fay, presentation={}, room=room), lang
        )
        errors = watch_errors(page)
        await page.goto(f"{live_server.url}/present/{room['id']}")
        await expect(page.locator("body")).to_have_attribute("data-connections", "1")
        r = await http.patch(  # a viewer runs no room
            f"/api/workspaces/{workspace_id}/members/{fay_id}", json={"role": "viewer"}, headers=ada.headers
        )
        assert r.status_code == 200
        await expect(page.get_by_role("alert")).to_contain_text(SAID[lang])
        assert await axe_violations(page) == []
        await page.context.close()
    assert errors == []
