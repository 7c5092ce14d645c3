"""Pin on image in Chromium: a 390 px phone taps a point on the picture and the presenter's heat map
shows it in the right cell (asserted on the map's cells, not on pixels), a keyboard moves the pin
with the arrow keys, only this type's module is fetched for it, and axe finds nothing on either
screen."""

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
    transitions_done,
    watch_errors,
)
from tests.support.images import picture

pytestmark = pytest.mark.browser

ALT = "A floor plan of the library"
QUESTION = {
    "type": "pin_image",
    "prompt": "Where in the library do you like to read?",
    "settings": {"image": {"upload": "teal", "alt": ALT}},
}


async def _phone(browser: Browser, server: LiveServer, event: Event) -> Page:
    context = await browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="en-GB"
    )
    page = await context.new_page()
    await page.goto(f"{server.url}/{event.code}")  # from the QR code: joins by itself
    await expect(page.locator(".prompt")).to_have_text(QUESTION["prompt"])
    await expect(page.locator("body")).to_have_attribute("data-socket", "open")
    await page.wait_for_function("() => document.querySelector('.pin-img')?.naturalWidth > 0")
    return page


async def _tally(http: httpx.AsyncClient, event: Event) -> dict[str, object]:
    r = await http.get(f"/api/rooms/{event.room['id']}/results", headers=event.organiser.headers)
    result: dict[str, object] = r.json()["questions"][0]
    return result


async def test_a_tap_on_a_390_px_phone_shows_on_the_presenters_heat_map(
    live_server: LiveServer, browser: Browser
) -> None:
    async with live_server.client() as http:
        event = await new_typed_event(http, [QUESTION])
        presenter = await open_presenter(browser, live_server, event)
        phone = await _phone(browser, live_server, event)
        errors = watch_errors(presenter, phone)
        scripts = await phone.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
        assert any(s.endswith("/types/pin_image.js") for s in scripts)
        assert not any("/types/matrix.js" in s for s in scripts)  # only the types it meets

        # The picture once (the area to tap), not above the prompt as well; the page fits 390 px.
        await expect(phone.locator(".q-image")).to_have_count(0)
        await expect(phone.get_by_role("application", name=f"Place your pin on: {ALT}")).to_be_visible()
        assert await phone.evaluate("document.documentElement.scrollWidth") <= 390

        # Tap a quarter across and three quarters down, then send.
        box = await phone.locator(".pin-img").bounding_box()
        assert box
        await phone.touchscreen.tap(box["x"] + box["width"] * 0.25, box["y"] + box["height"] * 0.75)
        await expect(phone.locator(".pin-mark")).to_be_visible()
        x = float(await phone.locator("input[name=x]").input_value())
        y = float(await phone.locator("input[name=y]").input_value())
        assert abs(x - 25) < 1.5 and abs(y - 75) < 1.5, (x, y)
        await expect(phone.locator(".pin-said")).to_contain_text("across")
        await phone.locator(".send").tap()
        await expect(phone.locator("#status")).to_contain_text("Your answer is in")

        result = await _tally(http, event)
        [[px, py]] = result["points"]  # type: ignore[misc]
        assert abs(px - x / 100) < 1e-3 and abs(py - y / 100) < 1e-3
        col, row = min(19, int(px * 20)), min(19, int(py * 20))

        # The presenter: the cell under the pin is shaded, the count and the text alternative say so.
        cell = presenter.locator(f".pin-cell[data-x='{col}'][data-y='{row}']")
        await expect(cell).to_have_attribute("data-count", "1")
        await expect(cell).to_have_class("pin-cell l4")
        await expect(presenter.locator(".pin-cell.l-1")).to_have_count(399)
        await expect(presenter.locator(".pin-count")).to_have_text("1 pin")
        await expect(presenter.locator(".pin-regions [data-region='6'] .bar-count")).to_have_text("1")
        await expect(presenter.get_by_role("img", name=ALT)).to_be_visible()
        await expect(presenter.locator("#q-image")).to_be_hidden()  # not twice
        await transitions_done(presenter)
        await assert_accessible(presenter, "the presenter's heat map (pin_image)")
        await assert_accessible(phone, "the phone with a pin placed (pin_image)")

        # By keyboard: focus the picture, the first arrow puts the pin in the middle, the next move it.
        keyboard = await _phone(browser, live_server, event)
        errors += watch_errors(keyboard)
        await keyboard.locator(".pin-area").focus()
        await keyboard.keyboard.press("ArrowRight")
        await keyboard.keyboard.press("ArrowRight")
        await keyboard.keyboard.press("Shift+ArrowUp")
        await expect(keyboard.locator("input[name=x]")).to_have_value("55")
        await expect(keyboard.locator("input[name=y]")).to_have_value("49")
        await keyboard.keyboard.press("Enter")
        await expect(keyboard.locator("#status")).to_contain_text("Your answer is in")
        await expect(presenter.locator(".pin-count")).to_have_text("2 pins")
        await expect(presenter.locator(".pin-cell[data-x='11'][data-y='9']")).to_have_attribute(
            "data-count", "1"
        )

        # The first phone moves its pin: still two pins, the old cell empty again.
        await phone.locator("input[name=x]").fill("90")
        await phone.locator("input[name=y]").fill("10")
        await phone.locator(".send").tap()
        await expect(presenter.locator(".pin-cell[data-x='18'][data-y='2']")).to_have_attribute(
            "data-count", "1"
        )
        await expect(cell).to_have_attribute("data-count", "0")
        await expect(presenter.locator(".pin-count")).to_have_text("2 pins")
        assert not errors
        for page in (presenter, phone, keyboard):
            await page.context.close()


async def test_the_dashboard_authors_a_pin_question_with_its_picture(
    live_server: LiveServer, browser: Browser
) -> None:
    async with live_server.client() as http:
        event = await new_typed_event(http, [{"type": "open_text", "prompt": "Warm-up?"}])
        pid = event.presentation["id"]
        page = await organiser_page(browser, live_server, event)
        errors = watch_errors(page)
        await page.goto(f"{live_server.url}/dashboard#p={pid}")
        await page.get_by_role("button", name="+ Add a question").click()
        await page.get_by_label("Kind of question").select_option(label="Pin on image")
        await page.get_by_label("Question", exact=True).fill("Where do you sit?")
        await expect(page.locator("#question-form fieldset")).to_be_hidden()  # no options
        await page.get_by_role("button", name="Save question").click()
        await expect(page.locator(".qlist .meta").last).to_have_text("Pin on image · no picture yet")

        await page.locator(".qlist li").last.locator(".thumb-pick").click()
        png = {"name": "plan.png", "mimeType": "image/png", "buffer": picture("PNG", (400, 300), "teal")}
        form = page.locator("#question-form")  # its own picker (the theme card has two more)
        await form.get_by_label("Upload an image (PNG, JPEG, WebP or GIF)").set_input_files(png)
        await expect(form.get_by_role("status").filter(has_text="Uploaded")).to_have_count(1)
        await form.get_by_label("Describe the image (read to people who cannot see it)").fill(ALT)
        await expect(page.locator("#save-status")).to_have_text("Saved")  # saved as typed
        await expect(page.locator(".qlist .meta").last).to_have_text(f"Pin on image · {ALT}")
        presentation = (await http.get(f"/api/presentations/{pid}", headers=event.organiser.headers)).json()
        assert presentation["questions"][-1]["settings"]["image"]["alt"] == ALT
        assert not errors
        await page.context.close()
