"""Quiz names the organiser controls and the combined board, in Chromium: with
settings.player_names "generated" a phone shows its made-up name without "Change name" (set from
the dashboard, in English and Dutch); the projector of one room of a presentation run in two rooms
shows the board over both ("All rooms", key O), each player's room named, players with points only,
best first. axe finds nothing on either."""

import re
from pathlib import Path

import pytest
from playwright.async_api import Browser, expect

from tests.conftest import LiveServer
from tests.e2e.a11y import assert_accessible
from tests.e2e.layout import wait_until_fits
from tests.e2e.pages import (
    Event,
    join_by_typing,
    open_presenter,
    organiser_page,
    phone_context,
    save_screenshot,
    watch_errors,
)
from tests.e2e.test_quiz import QUIZ, typed_event
from tests.helpers import new_organiser
from tests.quiz.support import join_as, option_id, quiz_presentation

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("locale", "label", "generated", "save"),
    [
        ("en-GB", "Quiz names", "Everyone keeps a name made up for them", "Save"),
        ("nl-NL", "Namen in de quiz", "Iedereen houdt de bedachte naam", "Opslaan"),
    ],
)
async def test_the_organiser_keeps_names_generated_and_the_phone_hides_change_name(
    live_server: LiveServer, browser: Browser, locale: str, label: str, generated: str, save: str
) -> None:
    async with live_server.client() as http:
        event = await typed_event(http, [QUIZ])
        pid = event.presentation["id"]
        dashboard = await organiser_page(browser, live_server, event, locale)
        await dashboard.goto(f"{live_server.url}/dashboard#p={pid}")
        names = dashboard.get_by_label(label, exact=True)
        await expect(names).to_have_value("choose")
        await names.select_option(label=generated)
        async with dashboard.expect_response(lambda r: r.request.method == "PATCH") as saved:
            await dashboard.get_by_role("button", name=save, exact=True).click()
        assert (await saved.value).ok
        r = await http.get(f"/api/presentations/{pid}", headers=event.organiser.headers)
        assert r.json()["settings"]["player_names"] == "generated"
        await assert_accessible(dashboard, f"the dashboard with its quiz names field ({locale})")
        await dashboard.context.close()

        phone = await (await phone_context(browser)).new_page()
        errors = watch_errors(phone)
        await join_by_typing(phone, live_server, event.code)
        await expect(phone.locator("#nick-name")).to_have_text(re.compile(r"^\w+ \w+$"))
        await expect(phone.locator(".nick-line")).to_contain_text("You play as")
        await expect(phone.locator("#nick-change")).to_have_count(0)
        await expect(phone.get_by_role("button", name="Change name")).to_have_count(0)
        await assert_accessible(phone, "a quiz phone whose name the organiser generates")
        assert errors == []
        await phone.context.close()


async def test_the_screen_shows_the_board_over_every_room(
    live_server: LiveServer, browser: Browser, screenshots: Path
) -> None:
    async with live_server.client() as http:
        event = await typed_event(http, [QUIZ])
        ada, pid = event.organiser, event.presentation["id"]
        other = await ada.room(pid)  # a second room of the deck, beside the event's
        for room, name in ((event.room, "Zaal Noord"), (other, "Zaal Zuid")):
            r = await ada.client.patch(f"/api/rooms/{room['id']}", json={"name": name}, headers=ada.headers)
            assert r.status_code == 200, r.text
        question = event.presentation["questions"][0]
        plays = [
            (other, "Cas", "Amsterdam"),
            (event.room, "Ann", "Amsterdam"),
            (event.room, "Bob", "Utrecht"),
        ]
        for room, name, pick in plays:  # Cas answers first: the most points
            phone, _ = await join_as(http, room["join_code"], name)
            assert (await phone.vote(question["id"], [option_id(question, pick)])).status_code == 201
        for room in (event.room, other):
            assert (await ada.control(room["id"], "close_voting")).status_code == 200

        presenter = await open_presenter(browser, live_server, event)
        errors = watch_errors(presenter)
        button = presenter.locator("#btn-all-rooms")
        await expect(button).to_be_visible()  # once the screen knows the deck runs in several rooms
        await expect(button).to_have_text("All rooms (O)")
        await presenter.keyboard.press("o")
        board = presenter.locator("#board")
        await expect(board.locator("h1")).to_have_text("Leaderboard: all rooms")
        rows = board.locator(".board-row")
        await expect(rows).to_have_count(2)  # Bob has no points: no row of his
        await expect(rows.nth(0).locator(".board-name")).to_have_text("Cas")
        await expect(rows.nth(0).locator(".board-room")).to_have_text("Room: Zaal Zuid")
        await expect(rows.nth(1).locator(".board-name")).to_have_text("Ann")
        await expect(rows.nth(1).locator(".board-room")).to_have_text("Room: Zaal Noord")
        await expect(button).to_have_attribute("aria-pressed", "true")
        await expect(presenter.locator("#prompt")).to_be_hidden()
        await assert_accessible(presenter, "the projector showing the board over every room")
        for width, height in ((1920, 1080), (1024, 768)):  # nothing overlaps or leaves the screen
            await presenter.set_viewport_size({"width": width, "height": height})
            await wait_until_fits(presenter, f"the board over every room at {width}x{height}")
        await save_screenshot(presenter, screenshots / "quiz-all-rooms.png")

        # The room's own board replaces it (L); O again, then O once more, is back to the question.
        await presenter.keyboard.press("l")
        await expect(board.locator("h1")).to_have_text("Leaderboard")
        await expect(rows).to_have_count(1)  # this room only: Ann (Bob has no points)
        await expect(board.locator(".board-room")).to_have_count(0)
        await presenter.keyboard.press("o")
        await expect(board.locator("h1")).to_have_text("Leaderboard: all rooms")
        await presenter.keyboard.press("o")
        await expect(board).to_be_hidden()
        await expect(presenter.locator("#prompt")).to_have_text(QUIZ["prompt"])
        assert errors == []


async def test_one_room_has_no_all_rooms_button(live_server: LiveServer, browser: Browser) -> None:
    async with live_server.client() as http:
        ada = await new_organiser(http)
        presentation = await quiz_presentation(ada, QUIZ)
        event = Event(ada, presentation, await ada.room(presentation["id"]))  # its only room
        presenter = await open_presenter(browser, live_server, event)
        await expect(presenter.locator("#btn-reveal")).to_be_visible()
        await presenter.keyboard.press("o")
        await expect(presenter.locator("#btn-all-rooms")).to_be_hidden()
        await expect(presenter.locator("#board")).to_be_hidden()
        # A phone's own name card: with scripts, the page's plain name line is hidden.
        phone = await (await phone_context(browser)).new_page()
        await join_by_typing(phone, live_server, event.code)
        await expect(phone.locator("#nick-change")).to_be_visible()
        await expect(phone.locator(".nick-plain")).to_be_hidden()


async def test_a_phone_without_scripts_chooses_its_name(live_server: LiveServer, browser: Browser) -> None:
    async with live_server.client() as http:
        event = await typed_event(http, [QUIZ])
        phone = await (await phone_context(browser, scripts=False)).new_page()
        await phone.goto(f"{live_server.url}/{event.code}")
        await phone.get_by_role("button", name="Join").click()
        await expect(phone.locator("h1")).to_have_text(QUIZ["prompt"])
        await expect(phone.locator("main")).to_contain_text("You play as")
        await phone.get_by_role("link", name="Change name").click()
        await phone.get_by_label("Your name on the leaderboard").fill("Sam")
        await phone.get_by_role("button", name="Save").click()
        await expect(phone.locator("h1")).to_have_text(QUIZ["prompt"])
        await expect(phone.locator("main")).to_contain_text("You play as Sam")
        # axe needs scripts: the same page (it has none of its own) in a browser that runs them.
        scripted = await (await phone_context(browser)).new_page()
        await scripted.context.add_cookies(await phone.context.cookies())
        await scripted.goto(f"{live_server.url}/{event.code}/name")
        await expect(scripted.get_by_label("Your name on the leaderboard")).to_have_value("Sam")
        await assert_accessible(scripted, "the quiz name form for phones without scripts")
        await phone.context.close()
        await scripted.context.close()
