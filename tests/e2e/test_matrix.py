"""The matrix question in a real browser: a phone rates items on two rows of steps (told at once
when an item has only one of its two numbers), skips one, and the presenter's plot puts every item
at its mean point, measured on the screen; twelve items stay inside the plot and the legend."""

from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import Browser, Page, expect
from playwright.async_api import TimeoutError as PlaywrightTimeout

from poll_service.settings import Settings
from tests.conftest import LiveServer, make_settings
from tests.e2e.a11y import assert_accessible
from tests.e2e.pages import (
    new_typed_event,
    open_presenter,
    organiser_page,
    phone_context,
    save_screenshot,
    transitions_done,
    watch_errors,
)
from tests.exports.test_matrix_exports import QUADRANTS, SETTINGS  # the same Dutch axes
from tests.helpers import join

pytestmark = pytest.mark.browser

QUESTION = {
    "type": "matrix",
    "prompt": "Waar staan onze plannen?",
    "options": [{"label": "Nieuwe website"}, {"label": "Training"}, {"label": "Koffieautomaat"}],
    "settings": SETTINGS,
}


@pytest.fixture
def settings(database_url: str) -> Settings:
    """A public address as on a real deployment, for the screenshots."""
    return make_settings(database_url, public_url="http://poll.example.org")


# Each shown dot's centre as a share of the plot's square: x from the left, y from the bottom.
PLACES = """() => {
  const area = document.querySelector('#chart .matrix-area').getBoundingClientRect();
  const out = {};
  for (const dot of document.querySelectorAll('#chart .matrix-dot[visibility=visible]')) {
    const box = dot.querySelector('.matrix-point').getBoundingClientRect();
    const [x, y] = [box.left + box.width / 2, box.top + box.height / 2];
    out[dot.dataset.id] = [(x - area.left) / area.width, (area.bottom - y) / area.height];
  }
  return out;
}"""


async def _settled(presenter: Page, means: dict[str, tuple[float, float]], steps: int = 5) -> None:
    """Wait (the dots glide for 0.6 s) until every item sits at its mean: step i at the middle of
    cell i of the axis, so a mean m lies at (m - 0.5) / steps."""
    expected = {k: ((mx - 0.5) / steps, (my - 0.5) / steps) for k, (mx, my) in means.items()}
    arrived = f"""expected => {{
      const places = ({PLACES})();
      const ids = Object.keys(expected);
      const near = (k, i) => Math.abs(places[k][i] - expected[k][i]) <= 0.004; // 0.4 % of the side
      const all = ids.every((k) => places[k] && near(k, 0) && near(k, 1));
      return all && Object.keys(places).length === ids.length;
    }}"""
    try:
        await presenter.wait_for_function(arrived, arg=expected, timeout=5000)
    except PlaywrightTimeout:
        places: dict[str, tuple[float, float]] = await presenter.evaluate(PLACES)
        assert places == expected


async def _answer(http: httpx.AsyncClient, code: str, question_id: str, ratings: dict[str, Any]) -> None:
    phone = await join(http, code)
    body = {"question_id": question_id, "ratings": ratings}
    r = await http.post(f"/api/join/{code}/responses", json=body, headers=phone.headers)
    assert r.status_code == 201, r.text


async def test_a_phone_rates_items_and_the_presenter_plots_each_at_its_mean(
    live_server: LiveServer, browser: Browser, screenshots: Path
) -> None:
    async with live_server.client() as http:
        event = await new_typed_event(http, [QUESTION])
        question = event.presentation["questions"][0]
        website, training, coffee = (o["id"] for o in question["options"])
        presenter = await open_presenter(browser, live_server, event)
        context = await phone_context(browser, "nl-NL")
        phone = await context.new_page()
        errors = watch_errors(presenter, phone)
        newcomer = await join(http, event.code)
        await context.add_cookies(
            [{"name": "poll_participant", "value": newcomer.token, "url": live_server.url}]
        )
        await phone.goto(f"{live_server.url}/{event.code}")
        await expect(phone.locator("body")).to_have_attribute("data-socket", "open")

        items = phone.locator("fieldset.matrix-item")
        await expect(items).to_have_count(3)

        async def tap(item: int, axis: str, step: int) -> None:
            group = items.nth(item).get_by_role("radiogroup", name=axis)
            await group.locator(".step").nth(step - 1).tap()

        await tap(0, "Moeite", 2)
        await phone.locator("#vote-form .send").tap()
        await expect(phone.locator("#status")).to_contain_text(
            "Kies een getal voor zowel Moeite als Effect, of sla het onderdeel over."
        )
        await tap(0, "Effect", 5)
        await tap(1, "Moeite", 4)
        await tap(1, "Effect", 1)
        await items.nth(2).get_by_text("Deze overslaan").tap()
        await save_screenshot(phone, screenshots / "phone-matrix.png")
        await phone.locator("#vote-form .send").tap()
        await expect(phone.locator("#status")).to_contain_text("Je antwoord is binnen")

        await _answer(
            http,
            event.code,
            question["id"],
            {website: {"x": 4, "y": 3}, training: {"x": 2, "y": 1}, coffee: None},
        )
        await _answer(
            http, event.code, question["id"], {website: None, training: None, coffee: {"x": 3, "y": 3}}
        )
        await _answer(
            http, event.code, question["id"], {website: None, training: None, coffee: {"x": 5, "y": 4}}
        )
        chart = presenter.locator("#chart")
        await expect(presenter.locator("#answered")).to_have_text("4")
        # Website (2,5) and (4,3): mean 3 · 4; training (4,1) and (2,1): 3 · 1; coffee 4 · 3.5.
        await _settled(presenter, {website: (3, 4), training: (3, 1), coffee: (4, 3.5)})
        legend = chart.locator(".matrix-legend .legend-row")
        await expect(legend.nth(0)).to_contain_text("3.0 · 4.0")
        await expect(legend.nth(2)).to_contain_text("4.0 · 3.5")
        for words in ("Moeite →", "Effect →", "1 · weinig", "veel · 5", *QUADRANTS):
            await expect(chart.locator("svg text", has_text=words).first).to_be_visible()
        # The spread: website's ring is as wide as one standard deviation each way (1 step of 5).
        ring, area = await presenter.evaluate(
            """id => [`.matrix-dot[data-id="${id}"] .matrix-ring`, '.matrix-area']
                .map((s) => document.querySelector(`#chart ${s}`).getBBox())
                .map((b) => [b.width, b.height])""",
            website,
        )
        assert (ring[0] / area[0], ring[1] / area[1]) == pytest.approx((2 / 5, 2 / 5), abs=0.002)

        await save_screenshot(presenter, screenshots / "presenter-matrix.png")
        await context.close()
        await presenter.context.close()
    assert errors == []


async def test_twelve_items_stay_inside_the_plot_and_the_legend(
    live_server: LiveServer, browser: Browser, screenshots: Path
) -> None:
    labels = [
        "Nieuwe website", "Training", "Koffieautomaat", "Fietsenstalling", "Thuiswerkbudget",
        "Intranet", "Zonnepanelen", "Teamuitje", "Nieuwe stoelen", "Lunchlezingen", "Mentorprogramma",
        "Minder vergaderen",
    ]  # fmt: skip
    question = {**QUESTION, "options": [{"label": label} for label in labels]}
    async with live_server.client() as http:
        event = await new_typed_event(http, [question])
        created = event.presentation["questions"][0]
        presenter = await open_presenter(browser, live_server, event)
        errors = watch_errors(presenter)
        ids = [o["id"] for o in created["options"]]
        means = {}
        for phone in range(2):
            ratings = {i: {"x": 1 + (n + phone) % 5, "y": 1 + (3 * n + phone) % 5} for n, i in enumerate(ids)}
            await _answer(http, event.code, created["id"], ratings)
        for n, i in enumerate(ids):
            means[i] = tuple(sum(1 + (a + p) % 5 for p in range(2)) / 2 for a in (n, 3 * n))
        await expect(presenter.locator("#answered")).to_have_text("2")
        await _settled(presenter, means)  # type: ignore[arg-type]
        await save_screenshot(presenter, screenshots / "presenter-matrix-12.png")
        await presenter.get_by_role("button", name="High contrast (K)").click()
        await transitions_done(presenter)  # the dots' glide ends
        await assert_accessible(presenter, "the matrix plot in high contrast")
        await save_screenshot(presenter, screenshots / "presenter-matrix-contrast.png")
        await presenter.get_by_role("button", name="High contrast (K)").click()
        chart = await presenter.locator("#chart").bounding_box()
        assert chart is not None
        rows = presenter.locator("#chart .matrix-legend .legend-row")
        await expect(rows).to_have_count(12)
        for n in range(12):
            box = await rows.nth(n).bounding_box()
            assert (
                box is not None
                and chart["y"] <= box["y"]
                and box["y"] + box["height"] <= chart["y"] + chart["height"] + 1
            ), labels[n]
            await expect(rows.nth(n)).to_contain_text(labels[n])
        await presenter.context.close()
    assert errors == []


async def test_an_organiser_makes_a_matrix_in_the_dashboard(
    live_server: LiveServer, browser: Browser
) -> None:
    async with live_server.client() as http:
        event = await new_typed_event(http, [QUESTION])  # a second matrix, made in the editor
        page = await organiser_page(browser, live_server, event)
        errors = watch_errors(page)
        await page.goto(f"{live_server.url}/dashboard#p={event.presentation['id']}")
        await page.get_by_role("button", name="+ Add a question").click()
        await page.get_by_label("Kind of question").select_option(label="2\N{MULTIPLICATION SIGN}2 matrix")
        await page.get_by_label("Question", exact=True).fill("Where do the plans sit?")
        await page.get_by_label("Item", exact=True).first.fill("New website")
        await page.get_by_role("button", name="+ Add an item").click()
        await page.get_by_label("Item", exact=True).nth(1).fill("Training")
        await page.get_by_label("Across: name").fill("Cost")
        await page.get_by_label("Up: name").fill("Value")
        await page.get_by_label("Number of steps (2 to 10)").fill("4")
        await page.get_by_label("Top left corner (optional)").fill("Quick wins")
        await page.get_by_label("People may skip an item").uncheck()
        await page.get_by_role("button", name="Save question").click()
        await expect(page.locator(".qlist .meta").last).to_have_text(
            "2\N{MULTIPLICATION SIGN}2 matrix · Cost and Value, 1 to 4 · 2 items"
        )

        organiser = event.organiser
        saved = (
            await http.get(f"/api/presentations/{event.presentation['id']}", headers=organiser.headers)
        ).json()
        question = saved["questions"][1]
        assert question["type"] == "matrix"
        assert [o["label"] for o in question["options"]] == ["New website", "Training"]
        wanted = {"x_label": "Cost", "y_label": "Value", "x_low": "Low", "steps": 4, "allow_skip": False}
        assert question["settings"] | wanted == question["settings"]
        assert question["settings"]["quadrants"] == ["Quick wins", "", "", ""]
        await page.context.close()
    assert errors == []
