"""The phone page and the presenter screen in Chromium, through faults: a reset connection, a
half-open one, and a lost `state` message (a gap in `seq`)."""

import json
import re

import pytest
from playwright.async_api import Browser, WebSocketRoute, expect

from tests.conftest import LiveServer
from tests.e2e.pages import QUESTIONS, join_by_typing, new_event, phone_context
from tests.support.faultproxy import FaultProxy

pytestmark = pytest.mark.browser


def _port(server: LiveServer) -> int:
    return int(server.url.rsplit(":", 1)[1])


async def test_phone_page_reconnects_after_reset_and_half_open(
    live_server: LiveServer, browser: Browser
) -> None:
    async with (
        live_server.client() as http,
        FaultProxy("127.0.0.1", _port(live_server)) as proxy,
    ):
        event = await new_event(http)
        context = await phone_context(browser)
        phone = await context.new_page()
        # The phone reaches the service only through the proxy.
        await join_by_typing(phone, LiveServer(proxy.url, proxy.ws_url, live_server.app), event.code)
        await expect(phone.locator(".prompt")).to_have_text(QUESTIONS[0][0])
        await expect(phone.locator("body")).to_have_attribute("data-connections", "1")

        # 1. A reset: the page notices at once, comes back and shows where the room is now.
        proxy.reset()
        await event.organiser.control(event.room["id"], "next")
        await expect(phone.locator(".prompt")).to_have_text(QUESTIONS[1][0], timeout=8000)
        await expect(phone.locator("body")).to_have_attribute("data-connections", "2")

        # 2. Half-open: the connection looks fine to the page but nothing arrives any more.
        proxy.blackhole_open()
        await event.organiser.control(event.room["id"], "previous")
        await phone.wait_for_timeout(1000)
        await expect(phone.locator(".prompt")).to_have_text(QUESTIONS[1][0])  # the push was lost
        # Back online (or awake): the page pings, hears nothing, gives up on the dead connection
        # without waiting for a closing handshake that cannot come, and resyncs on a new one.
        await phone.evaluate("window.dispatchEvent(new Event('online'))")
        await expect(phone.locator(".prompt")).to_have_text(QUESTIONS[0][0], timeout=10000)
        await expect(phone.locator("body")).to_have_attribute("data-connections", "3")
        await context.close()


async def test_presenter_asks_for_a_snapshot_when_a_state_went_missing(
    live_server: LiveServer, browser: Browser
) -> None:
    """A `state` message is lost between server and screen; the next `results` names a question
    the screen does not show, so it asks for a snapshot and catches up."""
    async with live_server.client() as http:
        event = await new_event(http)
        q2 = event.presentation["questions"][1]["id"]
        context = await browser.new_context(viewport={"width": 1280, "height": 720}, locale="en-GB")
        await context.add_cookies(
            [{"name": "poll_session", "value": event.organiser.token, "url": live_server.url}]
        )
        page = await context.new_page()
        dropped: list[dict[str, object]] = []
        asked: list[str] = []

        def relay(route: WebSocketRoute) -> None:
            server = route.connect_to_server()

            def from_server(message: str | bytes) -> None:
                data = json.loads(message)
                room = data.get("room") or {}
                if data.get("type") == "state" and room.get("current_question_id") == q2 and not dropped:
                    dropped.append(data)  # lost on the way, once
                    return
                route.send(message)

            def from_page(message: str | bytes) -> None:
                if "snapshot" in str(message):
                    asked.append(str(message))
                server.send(message)

            server.on_message(from_server)
            route.on_message(from_page)

        await page.route_web_socket(re.compile(r".*/ws/rooms/.*"), relay)
        await page.goto(f"{live_server.url}/present/{event.room['id']}")
        await expect(page.locator("body")).to_have_attribute("data-socket", "open")
        await expect(page.locator("#prompt")).to_have_text(QUESTIONS[0][0])

        await event.organiser.control(event.room["id"], "next")
        await expect(page.locator("#prompt")).to_have_text(QUESTIONS[1][0], timeout=5000)
        assert dropped and asked == ['{"type":"snapshot"}']
        await context.close()
