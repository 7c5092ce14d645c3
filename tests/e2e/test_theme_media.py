"""A theme's logo and background image in Chromium: the presenter draws the logo in its top-left
corner and the picture behind a scrim, fits the projector at 1920x1080, 1280x720 and 1024x768 in
the lobby and on a question, and axe finds nothing with the theme or in high contrast (which drops
the picture); the phone downloads neither; the dashboard's theme editor picks both (axe 0)."""

import re
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from playwright.async_api import Browser, Locator, Page, expect

from tests.conftest import LiveServer
from tests.e2e import pages as e2e
from tests.e2e.a11y import assert_accessible
from tests.e2e.layout import wait_until_fits
from tests.e2e.test_themes import PAPER, QUESTION, rgb, style
from tests.helpers import join
from tests.support.images import picture
from tests.test_themes import NIGHT

pytestmark = pytest.mark.browser


@pytest.fixture
async def api(live_server: LiveServer) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=live_server.url, timeout=30) as client:
        yield client


SIZES = [(1920, 1080), (1280, 720), (1024, 768)]
LOGO_ALT = "Library network Noord"


async def upload(event: e2e.Event, colour: str, size: tuple[int, int]) -> str:
    r = await event.organiser.client.post(
        f"/api/presentations/{event.presentation['id']}/media",
        content=picture("PNG", size, colour=colour),
        headers={**event.organiser.headers, "Content-Type": "image/png"},
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


async def pictured_event(http: httpx.AsyncClient, colours: dict[str, Any]) -> tuple[e2e.Event, str, str]:
    event = await e2e.new_typed_event(http, [QUESTION])
    logo = await upload(event, "purple", (600, 200))
    backdrop = await upload(event, "black", (1600, 900))
    theme = {**colours, "logo": {"media_id": logo, "alt": LOGO_ALT}, "background_image": backdrop}
    r = await http.put(
        f"/api/presentations/{event.presentation['id']}/theme", json=theme, headers=event.organiser.headers
    )
    assert r.status_code == 200, r.text
    return event, logo, backdrop


async def choose_file(group: Locator, name: str, data: bytes) -> None:
    field = group.get_by_label("Upload an image (PNG, JPEG, WebP or GIF)")
    await field.set_input_files(files=[{"name": name, "mimeType": "image/png", "buffer": data}])


async def fits_everywhere(page: Page, what: str, *, corner: bool) -> None:
    """Nothing off screen, cut off or overlapping; `corner`: the logo in the top-left corner (else
    it leads the lobby's join band, left of the way in)."""
    for width, height in SIZES:
        await page.set_viewport_size({"width": width, "height": height})
        await wait_until_fits(page, f"{what} at {width}x{height}")
        box = await page.locator(".theme-logo").bounding_box()
        code = await page.locator("#join-code").bounding_box()
        assert box is not None and code is not None and box["width"] > 20, (what, box)
        if corner:
            assert box["x"] < width / 6 and box["y"] < height / 8, (what, box)
        else:
            assert box["x"] + box["width"] <= code["x"], (what, box, code)


@pytest.mark.parametrize("colours", [NIGHT, PAPER], ids=["dark", "light"])
async def test_the_presenter_draws_the_logo_and_the_picture_behind_a_scrim(
    colours: dict[str, Any], live_server: LiveServer, browser: Browser, api: httpx.AsyncClient
) -> None:
    event, _logo, backdrop = await pictured_event(api, colours)
    r = await event.organiser.control(event.room["id"], "lobby")
    assert r.status_code == 200, r.text
    page = await e2e.open_presenter(browser, live_server, event)
    errors = e2e.watch_errors(page)
    logo_img = page.get_by_role("img", name=LOGO_ALT)
    await expect(logo_img).to_be_visible()
    assert await logo_img.evaluate("(img) => img.complete && img.naturalWidth > 0")
    background = await style(page, "body", "background-image")
    assert f"/media/{backdrop}" in background and "linear-gradient" in background
    assert await style(page, "body", "background-color") == rgb(colours["background"])
    await fits_everywhere(page, "the themed lobby", corner=False)

    # People in, on the question: the logo keeps its corner, the join strip the other one.
    await join(api, event.code)
    r = await event.organiser.control(
        event.room["id"], "goto", question_id=event.presentation["questions"][0]["id"]
    )
    assert r.status_code == 200, r.text
    await expect(page.locator("body")).to_have_class(re.compile(r"\bstrip\b"))
    await fits_everywhere(page, "a themed question", corner=True)
    await page.set_viewport_size({"width": 1280, "height": 720})
    await e2e.transitions_done(page)
    await assert_accessible(page, f"a presenter with a logo and a background image ({colours['background']})")

    # High contrast: black and yellow as before, no picture behind the text; the logo stays.
    await page.keyboard.press("k")
    await expect(page.locator("body")).to_have_class(re.compile(r"\bcontrast\b"))
    assert await style(page, "body", "background-image") == "none"
    await expect(logo_img).to_be_visible()
    await e2e.transitions_done(page)
    await assert_accessible(page, f"a pictured theme in high contrast ({colours['background']})")
    assert errors == []
    await page.context.close()


async def test_the_phone_downloads_neither_picture(
    live_server: LiveServer, browser: Browser, api: httpx.AsyncClient
) -> None:
    event, logo, backdrop = await pictured_event(api, PAPER)
    context = await e2e.phone_context(browser)
    phone = await context.new_page()
    fetched: list[str] = []
    phone.on("request", lambda request: fetched.append(request.url))
    await phone.goto(f"{live_server.url}/{event.code}")
    await expect(phone.locator("body")).to_have_attribute("data-socket", "open")
    await expect(phone.get_by_role("heading", name="Which topic first?")).to_be_visible()
    assert not [url for url in fetched if logo in url or backdrop in url]
    await context.close()


async def test_the_theme_editor_picks_a_logo_and_a_background(
    live_server: LiveServer, browser: Browser, api: httpx.AsyncClient
) -> None:
    event = await e2e.new_typed_event(api, [QUESTION])
    pid = event.presentation["id"]
    page = await e2e.organiser_page(browser, live_server, event)
    errors = e2e.watch_errors(page)
    await page.goto(f"{live_server.url}/dashboard#p={pid}")
    card = page.locator("#theme-card")
    logo_group = card.get_by_role(
        "group", name="Logo (top-left corner of the projector, and on the results page)"
    )
    await choose_file(logo_group, "logo.png", picture("PNG", (600, 200), colour="purple"))
    await expect(logo_group.get_by_role("status")).to_have_text("Uploaded. Now describe it.")
    # Saved without a description: refused in the page, nothing sent.
    await card.get_by_role("button", name="Save theme").click()
    await expect(page.locator("#theme-note")).to_contain_text("Describe every image")
    await logo_group.get_by_label("Describe the image").fill(LOGO_ALT)

    backdrop_group = card.get_by_role("group", name="Background image of the projector")
    await choose_file(backdrop_group, "hall.png", picture("PNG", (1600, 900), colour="teal"))
    await expect(backdrop_group.locator("select option:checked")).not_to_have_text("No image")
    await expect(backdrop_group.get_by_label("Describe the image")).to_be_hidden()  # decorative
    await expect(card.locator(".theme-contrast")).to_contain_text("text on the scrim over a black image")
    await card.get_by_role("button", name="Save theme").click()
    await expect(page.locator("#theme-note")).to_contain_text("Theme saved")
    await assert_accessible(page, "the theme editor with a logo and a background image")

    body = (await api.get(f"/api/presentations/{pid}/theme", headers=event.organiser.headers)).json()
    assert body["theme"]["logo"]["alt"] == LOGO_ALT and len(body["theme"]["background_image"]) == 32
    # Back to the standard look: the pickers show no image again, and the scrim pairs are gone.
    await card.get_by_role("button", name="Back to the standard look").click()
    await expect(page.locator("#theme-note")).to_contain_text("standard look")
    await expect(backdrop_group.locator("select")).to_have_value("")
    await expect(logo_group.locator("select")).to_have_value("")
    await expect(card.locator(".theme-contrast")).not_to_contain_text("scrim")
    assert errors == []
    await page.context.close()
