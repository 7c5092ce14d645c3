"""Image choice and question images in Chromium: a 390 px phone votes by tapping a picture (with
scripts, by keyboard, and without scripts), the presenter counts it beside the pictures, and on
slow 3G the question with a camera photo above it stays small."""

from pathlib import Path

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
    save_screenshot,
    watch_errors,
)
from tests.e2e.test_slow_phone import LIVE, report, slow_phone
from tests.helpers import join
from tests.support.images import photo, picture

pytestmark = pytest.mark.browser

PETS = ["Cat", "Dog", "Rabbit", "Parrot"]
QUESTION = {
    "type": "image_choice",
    "prompt": "Which pet should the library adopt?",
    "options": [
        {"label": label, "image": {"upload": colour, "alt": f"A {colour} picture of a {label.lower()}"}}
        for label, colour in zip(PETS, ["orange", "sienna", "silver", "green"], strict=True)
    ],
    "settings": {"image": {"upload": "navy", "alt": "The reading room where the pet would live"}},
}
PICTURES_LOADED = "() => [...document.images].every(i => i.complete && i.naturalWidth > 0)"


async def _phone(browser: Browser, server: LiveServer, event: Event, *, scripts: bool = True) -> Page:
    context = await browser.new_context(
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        locale="en-GB",
        java_script_enabled=scripts,
    )
    page = await context.new_page()
    if scripts:
        await page.goto(f"{server.url}/{event.code}")  # from the QR code: joins by itself
    else:
        await page.goto(f"{server.url}/")
        await page.locator("#code").fill(event.code)
        await page.get_by_role("button", name="Join").tap()
    await expect(page.locator(".prompt")).to_have_text(QUESTION["prompt"])
    return page


async def _counts(http: httpx.AsyncClient, event: Event) -> dict[str, int]:
    r = await http.get(f"/api/rooms/{event.room['id']}/results", headers=event.organiser.headers)
    counts: dict[str, int] = r.json()["questions"][0]["tally"]["counts"]
    return counts


async def test_a_390_px_phone_votes_by_tapping_a_picture(
    live_server: LiveServer, browser: Browser, screenshots: Path
) -> None:
    async with live_server.client() as http:
        event = await new_typed_event(http, [QUESTION])
        presenter = await open_presenter(browser, live_server, event)
        phone = await _phone(browser, live_server, event)
        errors = watch_errors(presenter, phone)
        await expect(phone.locator("body")).to_have_attribute("data-socket", "open")

        # The question's image above the prompt, then the pictures as a grid of two columns.
        await expect(
            phone.get_by_role("img", name="The reading room where the pet would live")
        ).to_be_visible()
        await phone.wait_for_function(PICTURES_LOADED)
        tiles = phone.locator(".option.pic")
        await expect(tiles).to_have_count(4)
        first, second = await tiles.nth(0).bounding_box(), await tiles.nth(1).bounding_box()
        assert first and second and first["y"] == second["y"] and second["x"] > first["x"] + first["width"]
        assert await phone.evaluate("document.documentElement.scrollWidth") <= 390
        # Each radio is named by its picture's description and its label.
        await expect(phone.get_by_role("radio", name="A silver picture of a rabbit Rabbit")).to_be_visible()

        await phone.get_by_text("Rabbit", exact=True).tap()
        await expect(phone.locator("#status")).to_contain_text("Your vote is in")
        rabbit = event.option(0, "Rabbit")
        assert (await _counts(http, event))[rabbit] == 1

        # The presenter: each picture beside its bar, the vote counted on the rabbit's row.
        row = presenter.locator(f".bar-row[data-id='{rabbit}']")
        await expect(row.locator(".bar-count")).to_have_text("1")
        await expect(row.get_by_role("img", name="A silver picture of a rabbit")).to_be_visible()
        await expect(
            presenter.get_by_role("img", name="The reading room where the pet would live")
        ).to_be_visible()

        # By keyboard: focus the first picture's radio and move to the next one (arrow keys).
        keyboard = await _phone(browser, live_server, event)
        await expect(keyboard.locator("body")).to_have_attribute("data-socket", "open")
        await keyboard.get_by_role("radio", name="A orange picture of a cat Cat").focus()
        await keyboard.keyboard.press("ArrowDown")
        await expect(keyboard.locator("#status")).to_contain_text("Your vote is in")
        await expect(keyboard.get_by_role("radio", name="A sienna picture of a dog Dog")).to_be_checked()
        assert (await _counts(http, event))[event.option(0, "Dog")] == 1
        # For the README: the phone after its vote, the presenter with both votes counted.
        dog = presenter.locator(f".bar-row[data-id='{event.option(0, 'Dog')}'] .bar-count")
        await expect(dog).to_have_text("1")
        await presenter.wait_for_function(PICTURES_LOADED)
        await presenter.wait_for_function("() => document.getAnimations().length === 0")  # bars grown
        await save_screenshot(phone, screenshots / "phone-image-choice.png")
        await save_screenshot(presenter, screenshots / "presenter-image-choice.png")
        assert not errors
        for page in (presenter, phone, keyboard):
            await page.context.close()


async def test_a_phone_without_scripts_votes_on_a_picture(live_server: LiveServer, browser: Browser) -> None:
    async with live_server.client() as http:
        event = await new_typed_event(http, [QUESTION])
        phone = await _phone(browser, live_server, event, scripts=False)
        await expect(
            phone.get_by_role("img", name="The reading room where the pet would live")
        ).to_be_visible()
        await expect(phone.locator(".option.pic img")).to_have_count(4)
        await phone.get_by_text("Parrot", exact=True).tap()
        await phone.get_by_role("button", name="Send my vote").tap()
        await expect(phone.locator("#status")).to_contain_text("Your vote is in")
        assert (await _counts(http, event))[event.option(0, "Parrot")] == 1
        await phone.context.close()


async def test_a_question_with_a_camera_photo_stays_under_120_kb_on_slow_3g(
    live_server: LiveServer, browser: Browser
) -> None:
    async with live_server.client() as http:
        event = await new_typed_event(http, [{"type": "open_text", "prompt": "What do you see?"}])
        pid = event.presentation["id"]
        r = await http.post(
            f"/api/presentations/{pid}/media",
            content=photo((4000, 3000)),
            headers={**event.organiser.headers, "Content-Type": "image/jpeg"},
        )
        assert r.status_code == 201, r.text
        question = event.presentation["questions"][0]
        image = {"media_id": r.json()["id"], "alt": "The crowd at the opening, from the stage"}
        r = await http.patch(
            f"/api/questions/{question['id']}",
            json={"settings": {"image": image}},
            headers=event.organiser.headers,
        )
        assert r.status_code == 200, r.text

        phone = await join(http, event.code)
        context, page, _, transfer = await slow_phone(browser)
        await context.add_cookies(
            [{"name": "poll_participant", "value": phone.token, "url": live_server.url}]
        )
        await page.goto(f"{live_server.url}/{event.code}", wait_until="commit")
        await page.wait_for_function(LIVE + " && " + PICTURES_LOADED[6:], timeout=20000, polling=50)
        seconds: float = await page.evaluate("performance.now() / 1000")
        report("question page with a camera photo", transfer, seconds)
        picture_bytes = sum(
            size for rid, size in transfer.sizes.items() if "/media/" in transfer.urls.get(rid, "")
        )
        assert 0 < picture_bytes < 70 * 1024
        assert transfer.total < 120 * 1024
        await context.close()


async def test_the_dashboard_uploads_pictures_and_asks_for_their_alt_text(
    live_server: LiveServer, browser: Browser
) -> None:
    async with live_server.client() as http:
        event = await new_typed_event(http, [{"type": "open_text", "prompt": "Warm-up?"}])
        pid = event.presentation["id"]
        page = await organiser_page(browser, live_server, event)
        errors = watch_errors(page)
        await page.goto(f"{live_server.url}/dashboard#p={pid}")
        await page.get_by_role("button", name="+ Add a question").click()
        await page.get_by_label("Kind of question").select_option(label="Image choice")
        await page.get_by_label("Question", exact=True).fill("Which pet should the library adopt?")
        labels = page.get_by_label("Answer", exact=True)
        # The question form's own pickers (the theme card has two more).
        form = page.locator("form", has=page.get_by_label("Kind of question"))
        uploads = form.get_by_label("Upload an image (PNG, JPEG, WebP or GIF)")
        await expect(uploads).to_have_count(3)  # above the question, and one per answer
        for n, (label, colour) in enumerate([("Cat", "orange"), ("Dog", "sienna")]):
            await labels.nth(n).fill(label)
            png = {
                "name": f"{label}.png",
                "mimeType": "image/png",
                "buffer": picture("PNG", (200, 200), colour),
            }
            await uploads.nth(n + 1).set_input_files(png)
            await expect(form.get_by_role("status").filter(has_text="Uploaded")).to_have_count(n + 1)
        # A refused file says why, in the form.
        svg = {
            "name": "logo.svg",
            "mimeType": "image/svg+xml",
            "buffer": b"<svg xmlns='http://www.w3.org/2000/svg'/>",
        }
        await uploads.nth(0).set_input_files(svg)
        await expect(page.get_by_role("status").filter(has_text="SVG is not accepted")).to_be_visible()

        # No alt text: not saved, and the form says why.
        await page.get_by_role("button", name="Save question").click()
        await expect(page.get_by_role("alert")).to_contain_text("Describe every image")
        await assert_accessible(page, "the question form with pictures and a missing description")
        descriptions = form.get_by_label("Describe the image (read to people who cannot see it)")
        await descriptions.nth(1).fill("An orange cat asleep")
        await descriptions.nth(2).fill("A brown dog by the door")
        await page.get_by_role("button", name="Save question").click()
        await expect(page.locator(".qlist .meta").last).to_have_text("Image choice · 2 pictures · one choice")
        assert not errors

        presentation = (await http.get(f"/api/presentations/{pid}", headers=event.organiser.headers)).json()
        question = presentation["questions"][-1]
        assert question["type"] == "image_choice"
        assert [o["image"]["alt"] for o in question["options"]] == [
            "An orange cat asleep",
            "A brown dog by the door",
        ]
        assert "image" not in question["settings"]
        await page.context.close()


async def test_the_shared_results_page_shows_the_pictures_accessibly(
    live_server: LiveServer, browser: Browser
) -> None:
    async with live_server.client() as http:
        event = await new_typed_event(http, [QUESTION])
        for label in ("Cat", "Parrot", "Parrot"):
            phone = await join(http, event.code)
            assert (
                await phone.vote(event.presentation["questions"][0]["id"], [event.option(0, label)])
            ).status_code == 201
        r = await event.organiser.post(f"/api/rooms/{event.room['id']}/share")
        assert r.status_code == 201, r.text
        context = await browser.new_context(
            viewport={"width": 390, "height": 844}, is_mobile=True, locale="en-GB"
        )
        page = await context.new_page()
        await page.goto(f"{live_server.url}/results/{r.json()['token']}")
        await expect(
            page.get_by_role("img", name="The reading room where the pet would live")
        ).to_be_visible()
        await expect(page.get_by_role("img", name="A green picture of a parrot")).to_be_visible()
        await expect(page.locator(".bar-row").filter(has_text="Parrot")).to_contain_text("67%")
        await assert_accessible(page, "the shared results page with pictures")
        await context.close()
