"""A themed presentation in Chromium: the presenter screen, the phone page (with and without
scripts) and the shared results page draw the theme's colours and font (computed styles), the
presenter's high-contrast mode still wins, and axe finds nothing on any of them, in the normal and
the high-contrast mode (the phone's: Windows' forced colours)."""

import re
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from playwright.async_api import Browser, Page, expect

from tests.conftest import LiveServer
from tests.e2e.a11y import assert_accessible
from tests.e2e.pages import (
    Event,
    new_typed_event,
    open_presenter,
    organiser_page,
    phone_context,
    transitions_done,
    watch_errors,
)
from tests.helpers import join
from tests.test_themes import NIGHT  # a dark theme that passes AA

pytestmark = pytest.mark.browser

PAPER: dict[str, Any] = {
    "background": "#fffdf5",
    "surface": "#f3efe0",
    "text": "#1d1a14",
    "muted": "#5a5140",
    "accent": "#9a3412",
    "on_accent": "#ffffff",
    "banner": "#7c2d12",
    "on_banner": "#ffffff",
    "font": "humanist",
}
QUESTION = {
    "type": "multiple_choice",
    "prompt": "Which topic first?",
    "options": [{"label": x} for x in ("Budget for 2027", "The new office", "Team outing")],
}


def rgb(colour: str) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


async def style(page: Page, selector: str, prop: str) -> str:
    value: str = await page.locator(selector).first.evaluate(
        "(node, prop) => getComputedStyle(node).getPropertyValue(prop)", prop
    )
    return value


def csp_refusals(page: Page) -> list[str]:
    """The console's Content-Security-Policy refusals: a theme style whose hash did not match."""
    seen: list[str] = []
    page.on("console", lambda m: "Content Security Policy" in m.text and seen.append(m.text))
    return seen


@pytest.fixture
async def http(live_server: LiveServer) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=live_server.url, timeout=30) as client:
        yield client


async def themed_event(http: httpx.AsyncClient, theme: dict[str, Any]) -> Event:
    event = await new_typed_event(http, [QUESTION])
    r = await http.put(
        f"/api/presentations/{event.presentation['id']}/theme", json=theme, headers=event.organiser.headers
    )
    assert r.status_code == 200, r.text
    question = event.presentation["questions"][0]
    for choice in (0, 1, 1):
        phone = await join(http, event.code)
        r = await http.post(
            f"/api/join/{event.code}/responses",
            json={"question_id": question["id"], "choice_ids": [question["options"][choice]["id"]]},
            headers=phone.headers,
        )
        assert r.status_code == 201, r.text
    return event


@pytest.mark.parametrize("theme", [NIGHT, PAPER], ids=["dark", "light"])
async def test_presenter_shows_the_theme_and_high_contrast_still_wins(
    theme: dict[str, Any], live_server: LiveServer, browser: Browser, http: httpx.AsyncClient
) -> None:
    event = await themed_event(http, theme)
    page = await open_presenter(browser, live_server, event)
    errors, refused = watch_errors(page), csp_refusals(page)
    await expect(page.locator("#answered")).to_have_text("3")
    await expect(page.locator("body")).not_to_have_class("contrast")

    assert await style(page, "body", "background-color") == rgb(theme["background"])
    assert await style(page, "#prompt", "color") == rgb(theme["text"])
    assert await style(page, ".bar-track", "background-color") == rgb(theme["surface"])
    font = await style(page, "body", "font-family")
    assert font.startswith("Charter" if theme["font"] == "serif" else "Seravek"), font
    # The chart takes the set that reads on the background: bright on dark, the dark set on light.
    first_bar = await style(page, ".bar-fill.c0", "background-color")
    assert first_bar == rgb("#4fa3ff" if theme is NIGHT else "#0060a0")
    await transitions_done(page)
    await assert_accessible(page, f"a themed presenter ({theme['background']})")

    # K: high contrast wins over the theme, black and yellow as before.
    await page.keyboard.press("k")
    await expect(page.locator("body")).to_have_class(re.compile(r"\bcontrast\b"))
    assert await style(page, "body", "background-color") == "rgb(0, 0, 0)"
    assert await style(page, "#prompt", "color") == "rgb(255, 255, 255)"
    await transitions_done(page)
    await assert_accessible(page, f"a themed presenter in high contrast ({theme['background']})")

    # Drawn by the server in high contrast (the cookie K left): no theme colour either.
    await page.reload()
    await expect(page.locator("body")).to_have_attribute("data-socket", "open")
    assert await style(page, "body", "background-color") == "rgb(0, 0, 0)"
    assert errors == [] and refused == []


@pytest.mark.parametrize("scripts", [True, False], ids=["scripted", "no-script"])
async def test_the_phone_page_shows_the_theme(
    scripts: bool, live_server: LiveServer, browser: Browser, http: httpx.AsyncClient
) -> None:
    event = await themed_event(http, NIGHT)
    context = await phone_context(browser)
    if not scripts:  # axe needs scripts: the page's own are refused instead of switched off
        await context.route("**/*.js", lambda route: route.abort())
    phone = await context.new_page()
    await phone.emulate_media(reduced_motion="reduce")  # axe reads the vote's status once it is in
    refused = csp_refusals(phone)
    errors = watch_errors(phone) if scripts else []
    if scripts:
        await phone.goto(f"{live_server.url}/{event.code}")  # from the QR code: joins by itself
        await expect(phone.locator("body")).to_have_attribute("data-socket", "open")
    else:
        await phone.goto(f"{live_server.url}/{event.code}")
        await phone.get_by_role("button", name="Join").click()
    await expect(phone.get_by_role("heading", name="Which topic first?")).to_be_visible()

    assert await style(phone, "body", "background-color") == rgb(NIGHT["background"])
    assert await style(phone, "h1", "color") == rgb(NIGHT["text"])
    assert (await style(phone, "body", "font-family")).startswith("Charter")
    # Light and works on a light system setting too: the theme, not the phone's own dark mode.
    await phone.emulate_media(color_scheme="light")
    assert await style(phone, "body", "background-color") == rgb(NIGHT["background"])
    await assert_accessible(phone, f"a themed phone page ({'scripted' if scripts else 'no script'})")

    # The phone's high-contrast mode is the system's (Windows' forced colours): it wins over the
    # theme. (axe is not run in this mode: under emulated forced colours it mixes the authored
    # text colour with the forced background and reports pairs no screen shows.)
    await phone.emulate_media(forced_colors="active")
    assert await style(phone, "body", "background-color") == "rgb(255, 255, 255)"  # Canvas
    assert await style(phone, "h1", "color") == "rgb(0, 0, 0)"  # CanvasText
    await phone.emulate_media(forced_colors="none")

    # Answer, then the results as bars in the theme's colours.
    await phone.get_by_text("The new office").click()
    if not scripts:
        await phone.get_by_role("button", name="Send").click()
    await expect(phone.get_by_role("status").filter(has_text="Your vote is in")).to_be_visible()
    await assert_accessible(phone, "a themed phone page with results")
    assert errors == [] and refused == []
    await context.close()


async def test_the_shared_results_page_shows_the_theme(
    live_server: LiveServer, browser: Browser, http: httpx.AsyncClient
) -> None:
    event = await themed_event(http, PAPER)
    r = await event.organiser.post(f"/api/rooms/{event.room['id']}/share")
    assert r.status_code in (200, 201), r.text
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    refused = csp_refusals(page)
    await page.goto(r.json()["url"])
    assert await style(page, ".sheet", "background-color") == rgb(PAPER["background"])
    assert await style(page, "h1", "color") == rgb(PAPER["text"])
    assert await style(page, "body", "background-color") == rgb(PAPER["surface"])
    await assert_accessible(page, "a themed shared results page")
    # Printed, it keeps its black-on-white print look.
    await page.emulate_media(media="print")
    assert await style(page, ".sheet", "background-color") in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)")
    assert refused == []
    await context.close()


async def test_the_theme_editor_by_keyboard(
    live_server: LiveServer, browser: Browser, http: httpx.AsyncClient
) -> None:
    """The editor shows each pair's ratio as it is typed (the same as the server's), refuses a pair
    below AA with the pair named, saves a passing theme and makes it the organiser's default."""
    event = await new_typed_event(http, [QUESTION])
    pid = event.presentation["id"]
    page = await organiser_page(browser, live_server, event)
    errors = watch_errors(page)
    await page.goto(f"{live_server.url}/dashboard#p={pid}")
    await expect(page.locator("#theme-summary")).to_have_text("Every pair passes WCAG AA.")
    await assert_accessible(page, "the dashboard with the theme editor")

    # From the keyboard only: focus the secondary-text field and type a grey that is too light.
    await page.locator("#theme-font").focus()
    for _ in range(40):
        await page.keyboard.press("Shift+Tab")
        if await page.evaluate("document.activeElement.id") == "theme-muted":
            break
    await page.keyboard.press("Control+A")
    await page.keyboard.type("#777777")
    row = page.locator(".theme-contrast tr", has=page.locator("th", has_text="muted on background"))
    await expect(row).to_contain_text("4.47:1")
    await expect(row).to_contain_text("Too low")
    await expect(page.locator("#theme-summary")).to_contain_text("muted on background 4.47:1")
    # The preview paints it at once.
    assert await style(page, ".tp-muted", "color") == rgb("#777777")

    # Saved anyway (Enter submits): the server refuses and names the pair.
    await page.keyboard.press("Enter")
    await expect(page.locator("#theme-note")).to_contain_text(
        "muted on background: 4.47:1, needs at least 4.5:1"
    )
    r = await http.get(f"/api/presentations/{pid}/theme", headers=event.organiser.headers)
    assert r.json()["source"] == "built_in"

    # A darker grey passes on both grounds, and the editor's ratios are the server's.
    await page.keyboard.press("Control+A")
    await page.keyboard.type("#666666")
    await expect(row).to_contain_text("5.74:1")
    await page.locator("#theme-font").select_option("wide")
    await page.get_by_role("button", name="Save theme").press("Enter")
    await expect(page.locator("#theme-note")).to_contain_text("Theme saved")
    r = await http.get(f"/api/presentations/{pid}/theme", headers=event.organiser.headers)
    body = r.json()
    assert body["source"] == "presentation" and body["theme"]["muted"] == "#666666"
    assert body["theme"]["font"] == "wide"
    shown = {c["pair"]: c["shown"] for c in body["contrast"]}
    for pair, ratio in shown.items():
        cell = page.locator(".theme-contrast tr", has=page.locator("th", has_text=pair)).locator("td").first
        await expect(cell).to_have_text(ratio)

    await page.get_by_role("button", name="Use for my new presentations").press("Enter")
    await expect(page.locator("#theme-note")).to_contain_text("new presentations will start")
    r = await event.organiser.post("/api/presentations", {"title": "Next"})
    assert r.json()["theme"]["muted"] == "#666666"
    await assert_accessible(page, "the dashboard after saving a theme")
    assert errors == []
    await page.context.close()
