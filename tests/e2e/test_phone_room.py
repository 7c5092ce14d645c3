"""The room on a 390 px phone (issue 17): a ranking put in order by dragging with real pointer
events (a mouse, and a finger through the DevTools touch input); the Q&A and reactions behind
their own tab with its unread count (mouse, keys, screen-reader names; the no-script page keeps
its plain form); quiz names: two players picking one name, and the scoreboard's order with equal
points broken by time. axe checks each new state."""

import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import Browser, BrowserContext, Page, expect

from tests.conftest import LiveServer
from tests.e2e.a11y import assert_accessible
from tests.e2e.pages import new_typed_event, open_presenter, save_screenshot, watch_errors
from tests.helpers import join
from tests.qna_support import ask

pytestmark = pytest.mark.browser

ITEMS = ["Reading promotion", "Opening hours", "Study places", "Events"]


async def phone_390(browser: Browser, *, scripts: bool = True) -> BrowserContext:
    """The phone of the issue's walk-through: 390 by 844 pixels, touch."""
    return await browser.new_context(
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        locale="en-GB",
        java_script_enabled=scripts,
    )


async def open_phone(browser: Browser, server: LiveServer, code: str) -> Page:
    page = await (await phone_390(browser)).new_page()
    await page.goto(f"{server.url}/{code}")
    await expect(page.locator("body")).to_have_attribute("data-socket", "open")
    return page


async def centre(page: Page, selector: str) -> tuple[float, float]:
    box = await page.locator(selector).bounding_box()
    assert box is not None, selector
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


async def touch_drag(page: Page, start: tuple[float, float], end: tuple[float, float]) -> None:
    """A finger pressed at `start`, moved in steps to `end`, lifted: Chromium makes the pointer
    events (pointerType "touch") from these touch points as it does from a real screen."""
    cdp = await page.context.new_cdp_session(page)

    async def touch(kind: str, x: float, y: float) -> None:
        points = [] if kind == "touchEnd" else [{"x": x, "y": y, "id": 1}]
        await cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    await touch("touchStart", *start)
    steps = 8
    for i in range(1, steps + 1):
        x = start[0] + (end[0] - start[0]) * i / steps
        y = start[1] + (end[1] - start[1]) * i / steps
        await touch("touchMove", x, y)
    await touch("touchEnd", *end)
    await cdp.detach()


def row(item: str) -> str:
    return f'li.rank:has(.rank-label:text-is("{item}"))'


async def test_drag_to_rank_with_a_mouse_and_a_finger_then_vote(
    live_server: LiveServer, browser: Browser, screenshots: Path
) -> None:
    async with live_server.client() as http:
        event = await new_typed_event(
            http,
            [{"type": "ranking", "prompt": "What matters most?", "options": [{"label": x} for x in ITEMS]}],
        )
        phone = await open_phone(browser, live_server, event.code)
        errors = watch_errors(phone)
        labels = phone.locator(".rank-label")
        await expect(labels).to_have_text(ITEMS)
        # Words stay whole at 390 px: no label is cut inside a word.
        assert await phone.evaluate(
            """() => [...document.querySelectorAll('.rank-label')].every(l => {
                const words = l.textContent.split(' ');
                const range = document.createRange();
                let node = l.firstChild, at = 0;
                return words.every(w => {
                    range.setStart(node, at); range.setEnd(node, at + w.length); at += w.length + 1;
                    return range.getClientRects().length === 1;
                });
            })"""
        )

        # A mouse takes "Events" by its row and drops it on the first place.
        start = await centre(phone, row("Events") + " .rank-label")
        end = await centre(phone, row("Reading promotion"))
        await phone.mouse.move(*start)
        await phone.mouse.down()
        await phone.mouse.move(start[0], (start[1] + end[1]) / 2, steps=6)
        await expect(phone.locator("li.rank.dragging")).to_have_count(1)
        await assert_accessible(phone, "a ranking item being dragged")
        await phone.mouse.move(end[0], end[1] - 20, steps=6)
        await phone.mouse.up()
        await expect(labels).to_have_text(["Events", "Reading promotion", "Opening hours", "Study places"])
        await expect(phone.locator("li.rank.dragging")).to_have_count(0)
        await expect(phone.locator("#rank-news")).to_have_text("Events is now number 1.")
        await expect(phone.locator(".rank-num")).to_have_text(["1", "2", "3", "4"])
        # The arrows still follow the new order.
        await expect(phone.get_by_role("button", name="Move Events up")).to_be_disabled()

        # A finger takes "Reading promotion" by its grip down to the last place.
        start = await centre(phone, row("Reading promotion") + " .rank-grip")
        bottom = await centre(phone, row("Study places"))
        await touch_drag(phone, start, (start[0], bottom[1] + 20))
        await expect(labels).to_have_text(["Events", "Opening hours", "Study places", "Reading promotion"])
        await expect(phone.locator("#rank-news")).to_have_text("Reading promotion is now number 4.")
        await save_screenshot(phone, screenshots / "phone-ranking-drag.png")
        await assert_accessible(phone, "the ranking after dragging")

        # (a click: a tap sent through DevTools right after the drag is taken for a double tap)
        await phone.get_by_role("button", name="Send my answer").click()
        await expect(phone.locator("#status")).to_contain_text("Your answer is in")
        state = await (await phone.request.get(f"{live_server.url}/api/join/{event.code}/state")).json()
        ids = [
            event.option(0, label)
            for label in ("Events", "Opening hours", "Study places", "Reading promotion")
        ]
        assert state["my_response"]["order"] == ids
        assert errors == []
        await phone.context.close()


async def qna_event(http: httpx.AsyncClient) -> Any:
    event = await new_typed_event(
        http,
        [
            {
                "type": "multiple_choice",
                "prompt": "Coffee or tea?",
                "options": [{"label": "Coffee"}, {"label": "Tea"}],
            },
            {"type": "open_text", "prompt": "Anything else?"},
        ],
    )
    r = await http.patch(
        f"/api/rooms/{event.room['id']}", json={"qna": {"enabled": True}}, headers=event.organiser.headers
    )
    assert r.status_code == 200, r.text
    return event


async def test_qna_and_reactions_have_their_own_tab_with_an_unread_count(
    live_server: LiveServer, browser: Browser, screenshots: Path
) -> None:
    async with live_server.client() as http:
        event = await qna_event(http)
        phone = await open_phone(browser, live_server, event.code)
        errors = watch_errors(phone)
        poll = phone.get_by_role("tab", name="Poll")
        talk = phone.get_by_role("tab", name=re.compile("^Q&A and reactions"))
        await expect(poll).to_have_attribute("aria-selected", "true")
        # The voting view shows the question only: no Q&A form, no reactions under it.
        await expect(phone.get_by_label("Coffee")).to_be_visible()
        await expect(phone.locator("#qna")).to_be_hidden()
        await expect(phone.locator("#reactions")).to_be_hidden()

        # Someone else asks two questions: the tab counts them, in words for a screen reader.
        other = await join(http, event.code)
        for text in ("When is lunch?", "Are the slides shared?"):
            assert (await ask(other, text)).status_code == 201
        count = talk.locator(".tab-count")
        await expect(count).to_have_text("2")
        await expect(talk).to_have_accessible_name(re.compile("Q&A and reactions.*2 new questions"))
        await save_screenshot(phone, screenshots / "phone-tabs-unread.png")
        await assert_accessible(phone, "the poll tab with unread Q&A questions")

        # Keys: the arrow moves to the other tab and shows it; the count is read.
        await poll.focus()
        await phone.keyboard.press("ArrowRight")
        await expect(talk).to_be_focused()
        await expect(talk).to_have_attribute("aria-selected", "true")
        await expect(phone.locator("#qna")).to_be_visible()
        await expect(phone.locator("#qna-list .qna-text")).to_have_count(2)
        await expect(phone.get_by_role("button", name="🎉")).to_be_visible()
        await expect(count).to_be_hidden()
        await expect(phone.get_by_label("Coffee")).to_be_hidden()
        await save_screenshot(phone, screenshots / "phone-tabs-qna.png")
        await assert_accessible(phone, "the Q&A and reactions tab")

        # A question asked while the tab is open is seen at once; the presenter's next question
        # marks the poll tab until it is shown.
        assert (await ask(other, "Is there cake?")).status_code == 201
        await expect(phone.locator("#qna-list .qna-text")).to_have_count(3)
        await expect(count).to_be_hidden()
        assert (await event.organiser.control(event.room["id"], "next")).status_code == 200
        await expect(poll.locator(".tab-dot")).to_be_visible()
        await expect(poll).to_have_accessible_name(re.compile("Poll.*new question to answer"))
        await phone.keyboard.press("Home")
        await expect(poll).to_be_focused()
        await expect(phone.get_by_label("Your answer")).to_be_visible()
        await expect(poll.locator(".tab-dot")).to_be_hidden()
        # A reload keeps what was seen: nothing new.
        await phone.reload()
        await expect(talk).to_be_visible()
        await expect(count).to_be_hidden()
        assert errors == []
        await phone.context.close()

        # Without scripts the page is the plain form, no tabs, and a vote goes in.
        plain = await (await phone_390(browser, scripts=False)).new_page()
        await plain.goto(f"{live_server.url}/")
        await plain.locator("#code").fill(event.code)
        await plain.get_by_role("button", name="Join").click()
        await expect(plain.locator(".prompt")).to_have_text("Anything else?")
        await expect(plain.locator("[role=tablist]")).to_have_count(0)
        await plain.get_by_label("Your answer").fill("More cake")
        await plain.get_by_role("button", name="Send my answer").click()
        await expect(plain.locator("#status")).to_contain_text("Your answer is in")
        await plain.context.close()


QUIZ = {
    "type": "quiz",
    "prompt": "What is the capital of the Netherlands?",
    "options": [{"label": "Rotterdam"}, {"label": "Amsterdam", "correct": True}, {"label": "Utrecht"}],
    "settings": {"speed_bonus": False},  # right is 1000 points, however fast: ties on points
}


async def choose_name(page: Page, name: str) -> None:
    await page.get_by_role("button", name="Change name").tap()
    await page.get_by_label("Your name on the leaderboard").fill(name)
    await page.get_by_role("button", name="Save").tap()


async def test_two_players_one_name_and_the_scoreboard_breaks_ties_by_time(
    live_server: LiveServer, browser: Browser, screenshots: Path
) -> None:
    async with live_server.client() as http:
        event = await new_typed_event(http, [QUIZ])
        presenter = await open_presenter(browser, live_server, event)
        zed = await open_phone(browser, live_server, event.code)
        ann = await open_phone(browser, live_server, event.code)
        errors = watch_errors(presenter, zed, ann)
        # Everyone starts with a made-up name in the screen's language, and may keep it.
        made_up = zed.locator("#nick-name")
        await expect(made_up).to_have_text(re.compile(r"^\w+ \w+$"))
        await choose_name(zed, "Zed")
        await expect(zed.locator("#nick-name")).to_have_text("Zed")

        # The second player asks for the same name (another case, an accent): told, not renamed.
        await choose_name(ann, "ZÉD")
        error = ann.locator("#nick-error")
        await expect(error).to_have_text("Someone already plays as “ZÉD”. Choose another name.")
        await expect(ann.get_by_label("Your name on the leaderboard")).to_have_attribute(
            "aria-invalid", "true"
        )
        await expect(ann.get_by_label("Your name on the leaderboard")).to_be_focused()
        await save_screenshot(ann, screenshots / "phone-name-taken.png")
        await assert_accessible(ann, "a phone told its name is taken")
        await ann.get_by_label("Your name on the leaderboard").fill("Ann")
        await ann.get_by_role("button", name="Save").tap()
        await expect(ann.locator("#nick-name")).to_have_text("Ann")

        # Zed answers first, Ann after: both right, both 1000 points; a third player is wrong.
        await zed.get_by_text("Amsterdam").tap()
        await zed.get_by_role("button", name="Send").tap()
        await expect(zed.locator("#status")).to_contain_text("in")
        await ann.get_by_text("Amsterdam").tap()
        await ann.get_by_role("button", name="Send").tap()
        await expect(ann.locator("#status")).to_contain_text("in")
        wrong = await join(http, event.code)
        question = event.presentation["questions"][0]
        assert (await wrong.vote(question["id"], [event.option(0, "Utrecht")])).status_code == 201
        await expect(presenter.locator("#answered")).to_have_text("3")
        assert (await event.organiser.control(event.room["id"], "close_voting")).status_code == 200

        # Equal points: the faster player first (Zed before Ann, though A sorts before Z); the
        # 0-point player is not listed.
        await presenter.keyboard.press("l")
        rows = presenter.locator("#board .board-row")
        await expect(rows.locator(".board-name")).to_have_text(["Zed", "Ann"])
        await expect(rows.locator(".board-score")).to_have_text(["1,000", "1,000"])
        await expect(rows.locator(".board-rank")).to_have_text(["1", "2"])
        await expect(ann.locator("#my-rank")).to_contain_text("You are 2nd of 3")
        await assert_accessible(presenter, "the leaderboard with a tie broken by time")
        await presenter.keyboard.press("p")
        await expect(presenter.locator(".podium .place-1 .step-name")).to_have_text("Zed")
        await expect(presenter.locator(".podium .place-2 .step-name")).to_have_text("Ann")
        # The third step stays empty: the 0-point player is not put on the podium.
        await expect(presenter.locator(".podium .step:not(.empty)")).to_have_count(2)
        await expect(presenter.locator(".podium .place-3")).to_have_text("")
        await assert_accessible(presenter, "the podium")
        board = (
            await http.get(f"/api/rooms/{event.room['id']}/leaderboard", headers=event.organiser.headers)
        ).json()
        zed_row, ann_row = board["entries"][:2]
        assert (zed_row["nickname"], ann_row["nickname"]) == ("Zed", "Ann")
        assert zed_row["score"] == ann_row["score"] == 1000 and zed_row["time_ms"] < ann_row["time_ms"]
        assert errors == []
        for page in (presenter, zed, ann):
            await page.context.close()
