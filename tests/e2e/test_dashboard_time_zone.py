"""The dashboard shows a presentation's times in its zone, with the zone named, and lets the
organiser choose that zone (the server's POLL_TIME_ZONE, Europe/Amsterdam, until they do)."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.async_api import Browser, expect

from tests.conftest import LiveServer
from tests.e2e.a11y import assert_accessible
from tests.e2e.pages import new_event, organiser_page
from tests.helpers import join

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("locale", "label", "save"), [("en-GB", "Time zone", "Save"), ("nl-NL", "Tijdzone", "Opslaan")]
)
async def test_the_organiser_picks_a_time_zone_and_sees_times_in_it(
    live_server: LiveServer, browser: Browser, locale: str, label: str, save: str
) -> None:
    async with live_server.client() as http:
        event = await new_event(http)
        phone = await join(http, event.code)
        question = event.presentation["questions"][0]
        assert (await phone.vote(question["id"], [question["options"][0]["id"]])).status_code == 201
        page = await organiser_page(browser, live_server, event, locale)
        pid = event.presentation["id"]
        await page.goto(f"{live_server.url}/dashboard#p={pid}")
        zone = page.get_by_label(label, exact=True)
        await expect(zone).to_have_value("")  # the server's default, named in the option
        await expect(zone.locator("option:checked")).to_contain_text("Europe/Amsterdam")
        # The room's start in Amsterdam time, the zone named as the browser names it (CET, GMT+1).
        room_line = page.locator(".room .meta").first
        started = datetime.fromisoformat(event.room["created_at"])
        await expect(room_line).to_contain_text(_clock(started, "Europe/Amsterdam", locale))

        async def choose(value: str) -> object:
            await zone.select_option(value)
            async with page.expect_response(lambda r: r.request.method == "PATCH") as saved:
                await page.get_by_role("button", name=save, exact=True).click()
            assert (await saved.value).ok
            await expect(page.locator(".grid-form .msg.ok")).to_be_visible()
            r = await http.get(f"/api/presentations/{pid}", headers=event.organiser.headers)
            return r.json()["settings"].get("time_zone")

        assert await choose("America/New_York") == "America/New_York"
        await expect(room_line).to_contain_text(_clock(started, "America/New_York", locale))
        await assert_accessible(page, f"the dashboard with its time zone field ({locale})")

        assert await choose("") is None  # back to the server's default
        await page.context.close()


def _clock(moment: datetime, zone: str, locale: str) -> re.Pattern[str]:
    """The local clock time as the page writes it (9:35 AM in English, 09:35 in Dutch), then the
    zone's name: an abbreviation (CET, EST) or an offset (GMT+1, GMT-5)."""
    local = moment.astimezone(ZoneInfo(zone))
    if locale.startswith("en"):
        clock = f"{local.hour % 12 or 12}:{local.minute:02d}\\s?[AP]M"
    else:
        clock = f"{local.hour:02d}:{local.minute:02d}"
    return re.compile(rf"{clock} (GMT[+-]\d{{1,2}}|[A-Z]{{3,4}})\b")
