"""The moderation page removes an abusive participant: their vote leaves the results on the
presenter screen and their phone cannot answer again."""

import re

import pytest
from playwright.async_api import Browser, expect

from tests.conftest import LiveServer
from tests.e2e.pages import new_event, open_presenter, watch_errors
from tests.helpers import join

pytestmark = pytest.mark.browser


async def test_the_organiser_removes_a_participant_from_the_moderation_page(
    live_server: LiveServer, browser: Browser
) -> None:
    async with live_server.client() as http:
        event = await new_event(http)
        question = event.presentation["questions"][0]
        kind, troll = await join(http, event.code), await join(http, event.code)
        for phone in (kind, troll):
            r = await phone.vote(question["id"], [question["options"][0]["id"]])
            assert r.status_code == 201, r.text
        presenter = await open_presenter(browser, live_server, event)
        await expect(presenter.locator("#answered")).to_have_text("2")

        page = await presenter.context.new_page()
        errors = watch_errors(page)
        await page.goto(f"{live_server.url}/rooms/{event.room['id']}/moderate")
        people = page.locator("#people .mod-item")
        await expect(people).to_have_count(2)
        page.once("dialog", lambda dialog: dialog.accept())
        await page.locator(f'#people [data-participant="{troll.participant_id}"] button').click()
        await expect(page.locator("#people-note")).to_contain_text("removed")
        await expect(people).to_have_count(1)

        # Gone from the results on the presenter screen, and the phone can answer no more.
        await expect(presenter.locator("#answered")).to_have_text("1")
        r = await troll.vote(question["id"], [question["options"][1]["id"]])
        assert r.status_code == 401, r.text
        assert (await kind.vote(question["id"], [question["options"][1]["id"]])).status_code == 201
        assert not errors
        await presenter.context.close()


async def test_the_organiser_removes_a_burst_of_joins_from_one_address(
    live_server: LiveServer, browser: Browser
) -> None:
    async with live_server.client() as http:
        event = await new_event(http)
        question = event.presentation["questions"][0]
        bots = [await join(http, event.code) for _ in range(6)]  # one address: this test's
        for bot in bots:
            assert (await bot.vote(question["id"], [question["options"][0]["id"]])).status_code == 201
        presenter = await open_presenter(browser, live_server, event)
        await expect(presenter.locator("#answered")).to_have_text("6")

        page = await presenter.context.new_page()
        errors = watch_errors(page)
        await page.goto(f"{live_server.url}/rooms/{event.room['id']}/moderate")
        await expect(page.locator("#burst-list .mod-item")).to_have_text(
            re.compile("6 people joined from one address")
        )
        page.once("dialog", lambda dialog: dialog.accept())
        await page.get_by_role("button", name="Remove all 6").click()
        await expect(page.locator("#people-note")).to_have_text("6 people removed.")
        await expect(page.locator("#bursts")).to_be_hidden()
        await expect(presenter.locator("#answered")).to_have_text("0")
        assert (await bots[0].vote(question["id"], [question["options"][1]["id"]])).status_code == 401
        assert not errors
        await presenter.context.close()
