"""The handout an organiser sends round after the event, fetched as they would: from the results
page in their own language, for one room and for the whole event."""

import csv
import io

import httpx
import pytest
from playwright.async_api import Browser, Page, expect

from tests.conftest import LiveServer
from tests.e2e.pages import Event, new_event, organiser_page
from tests.helpers import join

pytestmark = pytest.mark.browser


async def _download(page: Page, link_text: str, scope: str) -> bytes:
    async with page.expect_download() as info:
        await page.locator(f".exports:has-text('{scope}') a", has_text=link_text).click()
    download = await info.value
    path = await download.path()
    return path.read_bytes()


async def _event_with_two_rooms(http: httpx.AsyncClient) -> Event:
    """Two rooms of one presentation: one vote in the first, two in the second."""
    event = await new_event(http)
    second = await event.organiser.room(event.presentation["id"])
    question = event.presentation["questions"][0]
    for room in (event.room, second, second):
        phone = await join(http, room["join_code"])
        assert (await phone.vote(question["id"], [question["options"][0]["id"]])).status_code == 201
    return event


@pytest.mark.parametrize(
    ("locale", "separator", "note", "room_scope", "event_scope"),
    [
        ("nl-NL", ";", "gescheiden door puntkomma's", "Downloaden", "Het hele evenement"),
        ("en-GB", ",", "The CSV is comma separated", "Download", "The whole event"),
    ],
)
async def test_the_organiser_downloads_csv_files_that_excel_splits_in_their_language(
    live_server: LiveServer,
    browser: Browser,
    locale: str,
    separator: str,
    note: str,
    room_scope: str,
    event_scope: str,
) -> None:
    async with live_server.client() as http:
        event = await _event_with_two_rooms(http)
        page = await organiser_page(browser, live_server, event, locale)
        await page.goto(f"{live_server.url}/rooms/{event.room['id']}/results")
        await expect(page.locator("main")).to_contain_text(note)

        room_csv = await _download(page, "CSV", room_scope)
        event_csv = await _download(page, "CSV", event_scope)
        for body, responses in ((room_csv, 1), (event_csv, 3)):
            rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=separator))
            assert rows[0][:3] == ["room", "question_no", "question"]
            assert len(rows) == 1 + responses and all(len(row) == len(rows[0]) for row in rows)
        event_pdf = await _download(page, "PDF", event_scope)
        assert event_pdf.startswith(b"%PDF")
        await page.context.close()
