"""The moderation page as an organiser sees it: its tabs say how many free-text answers are
waiting, shown and hidden, and approving or hiding one moves it between them."""

# ruff: noqa: RUF001 (a look-alike letter is what the filter is for)

import pytest
from playwright.async_api import Browser, expect

from tests.conftest import LiveServer
from tests.e2e.pages import new_typed_event, open_presenter, watch_errors
from tests.helpers import join

pytestmark = pytest.mark.browser

WORDS = {"type": "word_cloud", "prompt": "One word for today?", "settings": {"moderation": "filter"}}
CHOICE = {
    "type": "multiple_choice",
    "prompt": "Coffee or tea?",
    "options": [{"label": "Coffee"}, {"label": "Tea"}],
}


async def test_the_moderation_tabs_count_waiting_shown_and_hidden_answers(
    live_server: LiveServer, browser: Browser
) -> None:
    async with live_server.client() as http:
        event = await new_typed_event(http, [WORDS, CHOICE])
        cloud, choice = event.presentation["questions"]
        phones = [await join(http, event.code) for _ in range(3)]
        for phone, entries in zip(phones, (["koffie"], ["thee"], ["ѕh1t"]), strict=True):
            r = await phone.client.post(
                f"/api/join/{event.code}/responses",
                json={"question_id": cloud["id"], "entries": entries},
                headers=phone.headers,
            )
            assert r.status_code == 201, r.text
        # A vote on a multiple-choice question is no free text: the tabs do not count it.
        await event.organiser.control(event.room["id"], "goto", question_id=choice["id"])
        assert (await phones[0].vote(choice["id"], [choice["options"][0]["id"]])).status_code == 201

        presenter = await open_presenter(browser, live_server, event)
        page = await presenter.context.new_page()
        errors = watch_errors(page)
        await page.goto(f"{live_server.url}/rooms/{event.room['id']}/moderate")
        tabs = page.locator("#answer-tabs")
        await expect(tabs).to_contain_text("Waiting (0)")
        await expect(tabs).to_contain_text("Shown (2)")
        await expect(tabs).to_contain_text("Hidden (1)")

        await tabs.get_by_role("button", name="Shown (2)").click()
        await (
            page.locator("#answer-items .mod-item", has_text="thee")
            .get_by_role("button", name="Hide")
            .click()
        )
        await expect(tabs).to_contain_text("Shown (1)")
        await expect(tabs).to_contain_text("Hidden (2)")
        assert not errors
        await presenter.context.close()
