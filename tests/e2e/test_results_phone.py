"""The shared results page on a phone (390 x 844): every question type's part readable, no text
under 12 px (charts drawn in SVG counted at the size they are drawn), nothing wider than the
screen, axe 0; the event's time in local time with the zone named."""

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import Browser, expect

from poll_service.question_types.registry import takes_answers
from tests.conftest import LiveServer
from tests.e2e.a11y import assert_accessible
from tests.e2e.pages import new_typed_event, save_screenshot
from tests.e2e.test_accessibility import TYPES, api_body, with_ids
from tests.helpers import join

pytestmark = pytest.mark.browser

LONG = "Leesbevorderingsprogrammacoördinatorenoverleg"
QUESTIONS: list[tuple[dict[str, Any], list[dict[str, Any]]]] = [
    *TYPES.values(),
    (
        {
            "type": "number",
            "prompt": "How many kilometres did you travel today?",
            "settings": {"min": 0, "max": 100, "decimals": 1, "unit": "km"},
        },
        [{"value": 12.5}, {"value": 42}, {"value": 42}],
    ),
    (
        {
            "type": "scale",
            "prompt": f"{LONG}: how do you rate it?",
            "options": [f"{LONG} in de bibliotheek", "Short"],
            "settings": {"steps": 10, "min_label": "helemaal mee oneens", "max_label": "helemaal mee eens"},
        },
        [{"ratings": {0: 3, 1: 10}}, {"ratings": {0: 7, 1: 9}}, {"ratings": {0: 10, 1: 1}}],
    ),
    (
        {"type": "open_text", "prompt": "Anything else?"},
        [{"text": f"{LONG}{LONG} \U0001f389"}],
    ),
]

# Every element with text of its own, in CSS pixels as drawn (an SVG's text scaled by its viewBox),
# and every element that leaves the screen.
MEASURE = """() => {
  const width = document.documentElement.clientWidth;
  const problems = [];
  if (document.documentElement.scrollWidth > width) {
    problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`);
  }
  const name = (e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`;
  for (const e of document.querySelectorAll('main *')) {
    const box = e.getBoundingClientRect();
    if (!box.width || !box.height || getComputedStyle(e).visibility === 'hidden') continue;
    if (box.left < -0.5 || box.right > width + 0.5) {
      problems.push(`${name(e)} leaves the screen (${box.left.toFixed(0)}..${box.right.toFixed(0)})`);
    }
    if (![...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
    let size = parseFloat(getComputedStyle(e).fontSize);
    if (e instanceof SVGElement) {
      const m = e.getScreenCTM(); // the drawn scale, upright (rotated) text included
      size *= m ? Math.hypot(m.a, m.b) : 1;
    }
    if (size < 11.99) {
      problems.push(`${name(e)} "${e.textContent.trim().slice(0, 24)}" is ${size.toFixed(1)} px`);
    }
  }
  return problems;
}"""


@pytest.fixture
async def http(live_server: LiveServer) -> AsyncIterator[httpx.AsyncClient]:
    async with live_server.client() as client:
        yield client


async def test_every_question_type_reads_on_a_phone(
    live_server: LiveServer, browser: Browser, http: httpx.AsyncClient, screenshots: Path
) -> None:
    event = await new_typed_event(http, [api_body(spec) for spec, _ in QUESTIONS])
    phones = [await join(http, event.code) for _ in range(3)]
    for question, (_, answers) in zip(event.presentation["questions"], QUESTIONS, strict=True):
        r = await event.organiser.control(event.room["id"], "goto", question_id=question["id"])
        assert r.status_code == 200, r.text
        ids = [o["id"] for o in question["options"]]
        for phone, answer in zip(phones, answers, strict=False):
            r = await http.post(
                f"/api/join/{event.code}/responses",
                json={"question_id": question["id"], **with_ids(answer, ids)},
                headers=phone.headers,
            )
            assert r.status_code == 201, (question["type"], r.text)
    r = await event.organiser.post(f"/api/rooms/{event.room['id']}/share")
    assert r.status_code == 201, r.text

    context = await browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="en-GB"
    )
    page = await context.new_page()
    await page.goto(r.json()["url"])
    # The page lists what takes answers: content slides and the Q&A item count nothing.
    answered = [spec for spec, _ in QUESTIONS if takes_answers(spec["type"])]
    await expect(page.locator(".question")).to_have_count(len(answered))
    # Each type drew its own part (the fallback's "no chart" would be unreadable in another way).
    await expect(page.locator(".question .note", has_text="No chart")).to_have_count(0)
    problems = await page.evaluate(MEASURE)
    assert not problems, "\n".join(problems)
    # A scale's chart takes the phone's whole width rather than a sliver beside the statement.
    for chart in await page.locator(".scale-chart").all():
        box = await chart.bounding_box()
        assert box is not None and box["width"] >= 300
    # The phone's word cloud shows; the wide one (words a few pixels tall here) does not.
    await expect(page.locator(".cloud-narrow svg")).to_be_visible()
    await expect(page.locator(".cloud-wide svg")).to_be_hidden()
    # The time is local, with the zone named (the server's default: Europe/Amsterdam).
    await expect(page.locator(".cover .meta")).to_contain_text("Europe/Amsterdam")
    await expect(page.locator(".cover .meta")).to_contain_text("CE")
    await page.locator(".scale").first.scroll_into_view_if_needed()
    await save_screenshot(page, screenshots / "results-phone.png")
    await assert_accessible(page, "the shared results page on a phone")
    await context.close()
