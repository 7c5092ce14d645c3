"""Cross-site request forgery from a page of another origin on the same site (another port of the
same host: SameSite=Lax cookies travel there). In Chromium, a page served by a second server on
127.0.0.1 tries what an attacker would with the visitor's cookies: change a phone's vote by fetch
and by the no-script form, swap its participant cookie by posting /join, and publish an
organiser's results. Every attempt is refused; the app's own pages still do all of it."""

import asyncio
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import Browser, expect

from tests.conftest import LiveServer, free_port, sqlite_url
from tests.e2e.pages import new_event, organiser_page, phone_context

pytestmark = pytest.mark.browser


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return sqlite_url(tmp_path)


class AttackerSite:
    """A second web server on another port of 127.0.0.1: one HTML page per path."""

    def __init__(self) -> None:
        self.pages: dict[str, str] = {}
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        request = await reader.readuntil(b"\r\n\r\n")
        path = request.split(b" ", 2)[1].decode()
        body = self.pages.get(path, "<p>nothing here</p>").encode()
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nConnection: close\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body
        )
        await writer.drain()
        writer.close()


@pytest.fixture
async def attacker() -> AsyncIterator[AttackerSite]:
    site = AttackerSite()
    server = await asyncio.start_server(site._serve, "127.0.0.1", site.port)
    async with server:
        yield site


async def _results(http: httpx.AsyncClient, event: Any) -> dict[str, int]:
    r = await http.get(f"/api/rooms/{event.room['id']}/results", headers=event.organiser.headers)
    counts: dict[str, int] = r.json()["questions"][0]["tally"]["counts"]
    return {option: n for option, n in counts.items() if n}


async def test_a_page_of_another_origin_cannot_act_with_the_visitors_cookies(
    live_server: LiveServer, browser: Browser, attacker: AttackerSite
) -> None:
    async with live_server.client() as http:
        event = await new_event(http)
        question = event.presentation["questions"][0]
        first, second = (o["id"] for o in question["options"][:2])
        target = live_server.url

        # The visitor joins on the app's own page and votes there: that works.
        context = await phone_context(browser)
        phone = await context.new_page()
        await phone.goto(f"{target}/{event.code}")
        await expect(phone.locator("body")).to_have_attribute("data-socket", "open")
        await phone.get_by_role("radio", name=question["options"][0]["label"]).check()
        await expect(phone.locator("#status")).to_have_class(re.compile(r"\bok\b"))
        assert await _results(http, event) == {first: 1}
        cookie = next(c for c in await context.cookies() if c["name"] == "poll_participant")

        # The attacker's page, same browser: a fetch with the cookies, and the no-script forms.
        attacker.pages["/vote-fetch"] = f"""<script>
          fetch('{target}/api/join/{event.code}/responses', {{method: 'POST', credentials: 'include',
            mode: 'no-cors', headers: {{'Content-Type': 'text/plain'}},
            body: JSON.stringify({{question_id: '{question["id"]}', choice_ids: ['{second}']}})}})
            .finally(() => {{ document.title = 'sent'; }});
        </script>"""
        attacker.pages["/vote-form"] = f"""<form method="post" action="{target}/{event.code}/vote">
          <input name="question_id" value="{question["id"]}"><input name="choice" value="{second}">
        </form><script>document.forms[0].submit()</script>"""
        attacker.pages["/join-form"] = f"""<form method="post" action="{target}/join">
          <input name="join_code" value="{event.code}"></form><script>document.forms[0].submit()</script>"""
        evil = await context.new_page()
        await evil.goto(f"{attacker.url}/vote-fetch")
        await expect(evil).to_have_title("sent")
        for path in ("/vote-form", "/join-form"):
            async with evil.expect_navigation(url=f"{target}/**") as navigation:
                await evil.goto(f"{attacker.url}{path}")
            answer = await navigation.value
            assert answer is not None and answer.status == 403, path
        assert await _results(http, event) == {first: 1}  # the vote stands
        after = next(c for c in await context.cookies() if c["name"] == "poll_participant")
        assert after["value"] == cookie["value"]  # and the phone is still who it was
        await context.close()

        # An organiser signed in on the dashboard; the attacker's page tries to publish results.
        organiser = await organiser_page(browser, live_server, event)
        attacker.pages["/share"] = f"""<script>
          fetch('{target}/api/rooms/{event.room["id"]}/share', {{method: 'POST', credentials: 'include',
            mode: 'no-cors'}}).finally(() => {{ document.title = 'sent'; }});
        </script>"""
        await organiser.goto(f"{attacker.url}/share")
        await expect(organiser).to_have_title("sent")
        shared = await http.get(f"/api/rooms/{event.room['id']}/share", headers=event.organiser.headers)
        assert shared.json()["shared"] is False
        # From the app's own page the same request goes through.
        await organiser.goto(f"{target}/rooms/{event.room['id']}/results")
        status = await organiser.evaluate(
            f"fetch('/api/rooms/{event.room['id']}/share', {{method: 'POST'}}).then(r => r.status)"
        )
        assert status == 201
        await organiser.context.close()
