"""The presenter screen for people who cannot see it well: results read out by screen readers (a
polite live region, at most once every 10 s while votes pour in, plus each new question), no
movement for those who asked for less, usable at 200 % zoom; and axe really does catch faults."""

import asyncio
import itertools
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Browser, Page, expect

from tests.conftest import LiveServer
from tests.e2e.a11y import axe_violations
from tests.e2e.pages import new_typed_event, open_presenter, save_screenshot
from tests.e2e.test_accessibility import TYPES, api_body
from tests.helpers import join

pytestmark = pytest.mark.browser

ANNOUNCE_GAP_S = 10  # frontend/static/js/a11y.js ANNOUNCE_GAP_MS
# Every text the live region is given, with when (seconds since the recording started).
RECORD = """() => {
  window.said = [];
  const start = performance.now();
  const node = document.getElementById('announce');
  new MutationObserver(() => window.said.push([(performance.now() - start) / 1000, node.textContent]))
    .observe(node, {childList: true, characterData: true, subtree: true});
}"""


async def said(page: Page) -> list[tuple[float, str]]:
    found: list[Any] = await page.evaluate("() => window.said")
    return [(float(t), str(text)) for t, text in found]


async def test_results_are_read_out_now_and_then_not_on_every_vote(
    live_server: LiveServer, browser: Browser
) -> None:
    async with live_server.client() as http:
        event = await new_typed_event(
            http, [api_body(TYPES["single_choice"][0]), api_body(TYPES["word_cloud"][0])]
        )
        page = await open_presenter(browser, live_server, event)
        region = page.locator("#announce")
        await expect(region).to_have_attribute("aria-live", "polite")
        await expect(page.locator("#chart")).to_have_attribute(
            "aria-live", "off"
        )  # the chart itself is quiet
        await page.evaluate(RECORD)

        # 25 votes over 12 seconds, mostly for "The new office".
        question = event.presentation["questions"][0]
        ids = [o["id"] for o in question["options"]]
        for n in range(25):
            phone = await join(http, event.code)
            choice = ids[1] if n % 3 else ids[n % 4]
            assert (await phone.vote(question["id"], [choice])).status_code == 201
            await asyncio.sleep(0.48)
        await expect(page.locator("#answered")).to_have_text("25")
        await page.wait_for_timeout(2000)
        spoken = await said(page)
        print("\nread out:", spoken)
        results = [(t, text) for t, text in spoken if "so far" in text]
        # 25 votes and ~100 results pushes, yet one or two read-outs, 10 s apart.
        assert 1 <= len(results) <= 2, spoken
        assert all(b[0] - a[0] >= ANNOUNCE_GAP_S - 0.5 for a, b in itertools.pairwise(results))
        assert "Most chosen: The new office" in results[-1][1]

        # Moving on reads the new question out at once.
        await page.keyboard.press("ArrowRight")
        await expect(region).to_have_text("Question 2 of 2: One word for this year?")
        await page.context.close()


async def test_reduced_motion_and_200_percent_zoom(
    live_server: LiveServer, browser: Browser, screenshots: Path
) -> None:
    async with live_server.client() as http:
        event = await new_typed_event(http, [api_body(TYPES["single_choice"][0])])
        context = await browser.new_context(viewport={"width": 1280, "height": 720}, reduced_motion="reduce")
        await context.add_cookies(
            [{"name": "poll_session", "value": event.organiser.token, "url": live_server.url}]
        )
        page = await context.new_page()
        await page.goto(f"{live_server.url}/present/{event.room['id']}")
        await expect(page.locator(".bar-row")).to_have_count(4)
        durations = await page.evaluate(
            "() => [...document.querySelectorAll('.bar-fill')]"
            ".map(n => parseFloat(getComputedStyle(n).transitionDuration))"
        )
        assert durations and all(d < 0.001 for d in durations), durations

        # 200 % zoom on a 1280 x 720 laptop is a 640 x 360 window: nothing is cut off, every
        # control can still be reached (the page scrolls instead).
        await page.set_viewport_size({"width": 640, "height": 360})
        await page.wait_for_timeout(300)
        lost = await page.evaluate(
            """() => {
              const root = document.scrollingElement;
              const wide = root.scrollWidth > innerWidth + 1;
              const all = '.bar-row, .controls button, #btn-contrast, .lang-switch a, #prompt';
              const out = [...document.querySelectorAll(all)]
                .filter(n => { const r = n.getBoundingClientRect();
                  return r.right > innerWidth + 1 || r.left < -1
                    || r.bottom + root.scrollTop > root.scrollHeight + 1; })
                .map(n => n.id || n.className || n.textContent);
              const foot = document.querySelector('.foot').getBoundingClientRect().top;
              const under = [...document.querySelectorAll('.bar-row, #prompt')]
                .filter(n => n.getBoundingClientRect().bottom > foot + 1).map(n => n.textContent);
              return {wide, out, under};
            }"""
        )
        assert lost == {"wide": False, "out": [], "under": []}, lost
        button = page.get_by_role("button", name="High contrast (K)")
        await button.scroll_into_view_if_needed()
        await expect(button).to_be_in_viewport()
        await save_screenshot(page, screenshots / "presenter-zoom-200.png")
        await context.close()


async def test_axe_does_catch_faults(live_server: LiveServer, browser: Browser) -> None:
    """The checker itself works here: faults put into a real page are reported."""
    context = await browser.new_context()
    page = await context.new_page()
    await page.goto(f"{live_server.url}/")
    await page.evaluate(
        """() => {
          document.querySelector('label[for=code]').remove();           // a field without a name
          document.documentElement.removeAttribute('lang');             // a page without a language
          const faint = document.createElement('p');
          faint.textContent = 'faint text';
          faint.style.color = '#ccc';                                    // too little contrast
          document.querySelector('main').append(faint);
        }"""
    )
    found = {v["id"] for v in await axe_violations(page)}
    assert {"label", "html-has-lang", "color-contrast"} <= found, found
    await context.close()
