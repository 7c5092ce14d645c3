"""Light and robust on phones: the participant page on a throttled slow-3G line (Chromium's own
network emulation: 400 kbit/s each way, 400 ms round trip) stays under 50 KB and is ready to use
within 3 s; every question type fits a 320 px wide screen without sideways scrolling; a phone
that sleeps (hidden, offline) and wakes up shows the presenter's current question at once."""

import asyncio
from dataclasses import dataclass, field
from typing import Any

import pytest
from playwright.async_api import Browser, BrowserContext, CDPSession, Page, expect

from poll_service.question_types.registry import takes_answers
from tests.conftest import LiveServer
from tests.e2e.pages import new_typed_event, phone_context, watch_errors
from tests.e2e.test_accessibility import TYPES, api_body, audience_answers
from tests.helpers import join

pytestmark = pytest.mark.browser

SLOW_3G = {
    "offline": False,
    "latency": 400,  # ms added to every request's round trip
    "downloadThroughput": 400_000 / 8,  # bytes per second
    "uploadThroughput": 400_000 / 8,
}
BUDGET_BYTES = 50 * 1024
BUDGET_SECONDS = 3.0
# Ready: the page's script has run (it marks <html class="js">) and everything it loads is in.
# (Functions, not expressions: the pages' CSP forbids evaluating strings.)
READY = "() => !!document.documentElement?.classList.contains('js') && document.readyState === 'complete'"
LIVE = READY + " && document.body.dataset.socket === 'open'"
# Everything a finger can tap that is smaller than 44 x 44 px (a radio or box counts as its label,
# which is what the finger hits).
SMALL_TARGETS = """() => [...document.querySelectorAll('a, button, input, select, textarea, summary')]
  .filter(n => n.type !== 'hidden' && n.getClientRects().length)
  .map(n => [n, (n.type === 'radio' || n.type === 'checkbox') ? n.closest('label') || n : n])
  .map(([n, t]) => [n, t.getBoundingClientRect()])
  .filter(([n, r]) => r.width < 44 || r.height < 44)
  .map(([n, r]) => `${n.tagName}.${n.className} ${(n.textContent || n.value || '').trim().slice(0, 20)}`
    + ` ${Math.round(r.width)}x${Math.round(r.height)}`)"""
# The phone's screen goes off or on, as the browser tells the page (and the network comes back).
SCREEN = """state => {
  Object.defineProperty(document, 'visibilityState', {value: state, configurable: true});
  document.dispatchEvent(new Event('visibilitychange'));
  if (state === 'visible') window.dispatchEvent(new Event('online'));
}"""


@dataclass
class Transfer:
    """Bytes on the wire per request (headers included, compressed as sent), from the DevTools
    protocol; websocket frames are not requests and are not counted."""

    urls: dict[str, str] = field(default_factory=dict)
    sizes: dict[str, float] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return int(sum(self.sizes.values()))

    def lines(self) -> list[str]:
        return [f"    {int(size):>6} B  {self.urls.get(rid, '?')}" for rid, size in self.sizes.items()]


async def slow_phone(browser: Browser, **extra: Any) -> tuple[BrowserContext, Page, CDPSession, Transfer]:
    context = await phone_context(browser)
    page = await context.new_page()
    cdp = await context.new_cdp_session(page)
    await cdp.send("Network.enable")
    await cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
    await cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    transfer = Transfer()
    cdp.on(
        "Network.responseReceived", lambda e: transfer.urls.__setitem__(e["requestId"], e["response"]["url"])
    )
    cdp.on(
        "Network.loadingFinished",
        lambda e: transfer.sizes.__setitem__(e["requestId"], e["encodedDataLength"]),
    )
    return context, page, cdp, transfer


async def ready_after(page: Page, condition: str) -> float:
    """Seconds from the start of the page's navigation until `condition` holds."""
    await page.wait_for_function(condition, timeout=20000, polling=50)
    elapsed: float = await page.evaluate("performance.now() / 1000")
    return elapsed


def report(what: str, transfer: Transfer, seconds: float) -> None:
    print(f"\nslow 3G, {what}: {transfer.total} B transferred, ready after {seconds:.2f} s")
    print("\n".join(transfer.lines()))


# solo: the join-to-ready times are wall-clock budgets; a second test beside it would be measured too.
# (The other tests here check layout and behaviour, not time: they run beside the rest.)
@pytest.mark.solo
async def test_the_participant_page_on_slow_3g(live_server: LiveServer, browser: Browser) -> None:
    async with live_server.client() as http:
        event = await new_typed_event(http, [api_body(TYPES["single_choice"][0])])

        # The join page, nothing cached.
        context, page, _, transfer = await slow_phone(browser)
        await page.goto(f"{live_server.url}/", wait_until="commit")
        join_seconds = await ready_after(page, READY)
        report("join page", transfer, join_seconds)
        join_bytes = transfer.total
        await context.close()

        # A phone that has joined opens its question page, nothing cached: ready when the answers
        # can be tapped and the page follows the presenter live.
        phone = await join(http, event.code)
        context, page, _, transfer = await slow_phone(browser)
        await context.add_cookies(
            [{"name": "poll_participant", "value": phone.token, "url": live_server.url}]
        )
        await page.goto(f"{live_server.url}/{event.code}", wait_until="commit")
        question_seconds = await ready_after(page, LIVE)
        await expect(page.get_by_role("radio")).to_have_count(4)
        report("question page", transfer, question_seconds)
        question_bytes = transfer.total

        # Tapping an answer on that line: the vote is in within a second and a half.
        before = transfer.total
        started = asyncio.get_running_loop().time()
        await page.get_by_text("Team outing").tap()
        await expect(page.locator("#status")).to_contain_text("Your vote is in", timeout=5000)
        vote_seconds = asyncio.get_running_loop().time() - started
        sent = transfer.total - before
        print(f"slow 3G, a vote: {sent} B, {vote_seconds:.2f} s from tap to 'your vote is in'")
        await context.close()

        # From the QR code: the join page joins by itself and moves on to the question.
        # Measured from the first request (the second page's own clock starts at its navigation).
        context, page, _, transfer = await slow_phone(browser)
        started = asyncio.get_running_loop().time()
        await page.goto(f"{live_server.url}/{event.code}", wait_until="commit")
        await expect(page.get_by_role("radio")).to_have_count(4, timeout=20000)
        await page.wait_for_function(LIVE, timeout=20000, polling=50)
        qr_seconds = asyncio.get_running_loop().time() - started
        report("QR link to the question (the join hop included)", transfer, qr_seconds)
        await context.close()

    assert join_bytes < BUDGET_BYTES
    assert question_bytes < BUDGET_BYTES
    assert transfer.total < BUDGET_BYTES  # the QR flow: both pages (static files once)
    assert join_seconds < BUDGET_SECONDS
    assert question_seconds < BUDGET_SECONDS
    assert vote_seconds < 1.5
    assert qr_seconds < 2 * BUDGET_SECONDS  # two pages and a join, one after the other


@pytest.mark.parametrize("kind", list(TYPES))
async def test_every_question_type_fits_a_320_px_screen(
    kind: str, live_server: LiveServer, browser: Browser
) -> None:
    spec, answers = TYPES[kind]
    async with live_server.client() as http:
        event = await new_typed_event(http, [api_body(spec)])
        await audience_answers(http, event, answers)
        context = await browser.new_context(
            viewport={"width": 320, "height": 568}, is_mobile=True, has_touch=True, locale="nl-NL"
        )
        page = await context.new_page()
        errors = watch_errors(page)
        # An item that takes no answers (a content slide, the Q&A) has no results to show.
        for step in ("answering", "results") if takes_answers(spec["type"]) else ("answering",):
            if step == "results":
                await event.organiser.control(event.room["id"], "close_voting")
                await expect(page.locator("#results")).to_be_visible()
            else:
                await page.goto(f"{live_server.url}/{event.code}")
                await expect(page.locator(".prompt")).to_have_text(spec["prompt"])
            overflow = await page.evaluate(
                "() => ({page: document.documentElement.scrollWidth, screen: innerWidth,"
                " wide: [...document.querySelectorAll('body *')]"
                ".filter(n => n.getBoundingClientRect().right > innerWidth + 1)"
                ".map(n => n.tagName + '.' + n.className).slice(0, 5)})"
            )
            assert overflow["page"] <= overflow["screen"], f"{kind} ({step}) scrolls sideways: {overflow}"
            assert not overflow["wide"], f"{kind} ({step}): {overflow}"
            small = await page.evaluate(SMALL_TARGETS)
            assert not small, f"{kind} ({step}): tap targets under 44 x 44 px: {small}"
        assert not errors
        await context.close()


async def test_a_phone_that_sleeps_and_wakes_up_is_right_again_at_once(
    live_server: LiveServer, browser: Browser
) -> None:
    async with live_server.client() as http:
        event = await new_typed_event(
            http, [api_body(TYPES["single_choice"][0]), api_body(TYPES["word_cloud"][0])]
        )
        context = await phone_context(browser)
        page = await context.new_page()
        await page.goto(f"{live_server.url}/{event.code}")
        await expect(page.locator(".prompt")).to_have_text("Which topic first?")
        await expect(page.locator("body")).to_have_attribute("data-socket", "open")

        # The screen goes dark and the radio sleeps: the page is hidden and off the network.
        await page.evaluate(SCREEN, "hidden")
        await context.set_offline(True)
        # Meanwhile the presenter moves on and closes the voting; the sleeping phone hears nothing.
        await event.organiser.control(event.room["id"], "next")
        await event.organiser.control(event.room["id"], "close_voting")
        await asyncio.sleep(1.5)
        await expect(page.locator(".prompt")).to_have_text("Which topic first?")

        # It wakes: back online and visible. It checks its socket and shows the room as it is now.
        woke = asyncio.get_running_loop().time()
        await context.set_offline(False)
        await page.evaluate(SCREEN, "visible")
        await expect(page.locator(".prompt")).to_have_text("One word for this year?", timeout=6000)
        await expect(page.locator("#status")).to_contain_text("closed")
        await expect(page.locator("body")).to_have_attribute("data-socket", "open")
        print(f"\nawake -> current question shown: {asyncio.get_running_loop().time() - woke:.2f} s")

        # And it follows the presenter again.
        await event.organiser.control(event.room["id"], "previous")
        await expect(page.locator(".prompt")).to_have_text("Which topic first?")
        await context.close()


async def test_the_join_page_fits_320_px_with_big_tap_targets(
    live_server: LiveServer, browser: Browser
) -> None:
    context = await browser.new_context(
        viewport={"width": 320, "height": 568}, is_mobile=True, has_touch=True, locale="nl-NL"
    )
    page = await context.new_page()
    await page.goto(f"{live_server.url}/")
    await expect(page.get_by_label("Code op het scherm")).to_be_focused()
    await page.get_by_role("button", name="Meedoen").tap()  # no code yet: the error shows
    assert await page.evaluate("document.documentElement.scrollWidth") <= 320
    assert not await page.evaluate(SMALL_TARGETS)
    await context.close()


async def test_text_typed_before_the_script_runs_is_kept(live_server: LiveServer, browser: Browser) -> None:
    """On a slow phone the page's own form is there before its script: an answer typed into it
    must survive the script taking over (it used to vanish)."""
    async with live_server.client() as http:
        event = await new_typed_event(
            http, [{"type": "open_text", "prompt": "Ideas for the party?", "settings": {"max_length": 10}}]
        )
        context = await phone_context(browser)
        joined = await join(http, event.code)  # a participant already: the room's page, not the join page
        await context.add_cookies(
            [{"name": "poll_participant", "value": joined.token, "url": live_server.url}]
        )
        page = await context.new_page()
        errors = watch_errors(page)
        release = asyncio.Event()

        async def hold(route: Any) -> None:
            await release.wait()
            await route.continue_()

        await page.route("**/phone.js", hold)
        await page.goto(f"{live_server.url}/{event.code}", wait_until="commit")
        text = page.locator("#answer-text")
        await text.fill("Taart")
        assert await page.locator("body").get_attribute("data-socket") is None  # no script yet
        release.set()
        await expect(page.locator("body")).to_have_attribute("data-socket", "open")
        await expect(text).to_have_value("Taart")
        await expect(page.locator("#text-count")).to_have_text("5 characters left")
        assert not errors
        await context.close()
