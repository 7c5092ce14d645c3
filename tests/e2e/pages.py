"""Steps the browser tests share: an organiser with a room, a phone, a presenter screen."""

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from playwright.async_api import Browser, BrowserContext, Page, expect

from tests.conftest import LiveServer
from tests.helpers import Organiser, new_organiser
from tests.support.images import picture

# docs/screenshots/ (POLL_UPDATE_SCREENSHOTS=1): the pictures the README shows, reduced to a palette.
DOCS = Path(__file__).resolve().parent.parent.parent / "docs"
QUESTIONS = [
    (
        "Which topic should we start with?",
        ["Budget for 2027", "The new office", "Team outing", "Hiring plans"],
    ),
    ("How do you feel about the plan?", ["Great", "Fine", "Not sure", "Worried"]),
]


@dataclass
class Event:
    organiser: Organiser
    presentation: dict[str, Any]
    room: dict[str, Any]

    @property
    def code(self) -> str:
        return str(self.room["join_code"])

    def option(self, question: int, label: str) -> str:
        options = self.presentation["questions"][question]["options"]
        return str(next(o["id"] for o in options if o["label"] == label))


async def new_event(http: httpx.AsyncClient, questions: list[tuple[str, list[str]]] = QUESTIONS) -> Event:
    ada = await new_organiser(http)
    r = await ada.post("/api/presentations", {"title": "Town hall"})
    presentation = r.json()
    for prompt, labels in questions:
        r = await ada.post(
            f"/api/presentations/{presentation['id']}/questions",
            {"type": "multiple_choice", "prompt": prompt, "options": [{"label": x} for x in labels]},
        )
        assert r.status_code == 201, r.text
    presentation = (await http.get(f"/api/presentations/{presentation['id']}", headers=ada.headers)).json()
    room = await ada.room(presentation["id"])
    return Event(ada, presentation, room)


async def new_typed_event(http: httpx.AsyncClient, questions: list[dict[str, Any]]) -> Event:
    """An event whose questions are given as API bodies ({type, prompt, options?, settings?});
    an image written `{"upload": colour, "alt": ...}` is uploaded first (with_uploads)."""
    event = await new_event(http, [])
    pid = event.presentation["id"]
    for body in questions:
        body = await with_uploads(event.organiser, pid, body)
        r = await event.organiser.post(f"/api/presentations/{pid}/questions", body)
        assert r.status_code == 201, r.text
    event.presentation = (await http.get(f"/api/presentations/{pid}", headers=event.organiser.headers)).json()
    first = event.presentation["questions"][0]["id"]
    r = await event.organiser.control(event.room["id"], "goto", question_id=first)
    assert r.status_code == 200, r.text
    return event


async def phone_context(browser: Browser, lang: str = "en-GB", *, scripts: bool = True) -> BrowserContext:
    """A 360 px wide touch phone."""
    return await browser.new_context(
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        has_touch=True,
        locale=lang,
        java_script_enabled=scripts,
    )


async def open_presenter(browser: Browser, server: LiveServer, event: Event) -> Page:
    context = await browser.new_context(viewport={"width": 1280, "height": 720}, locale="en-GB")
    await context.add_cookies([{"name": "poll_session", "value": event.organiser.token, "url": server.url}])
    page = await context.new_page()
    await page.goto(f"{server.url}/present/{event.room['id']}")
    await expect(page.locator("body")).to_have_attribute("data-socket", "open")
    return page


async def organiser_page(browser: Browser, server: LiveServer, event: Event, lang: str = "en-GB") -> Page:
    """A signed-in organiser's desktop browser page."""
    context = await browser.new_context(viewport={"width": 1280, "height": 900}, locale=lang)
    await context.add_cookies([{"name": "poll_session", "value": event.organiser.token, "url": server.url}])
    return await context.new_page()


async def join_by_typing(page: Page, server: LiveServer, code: str) -> None:
    await page.goto(f"{server.url}/")
    await page.locator("#code").press_sequentially(f"{code[:4]} {code[4:]}")
    await page.get_by_role("button", name="Join").tap()
    await expect(page.locator("body")).to_have_attribute("data-socket", "open")


async def transitions_done(page: Page) -> None:
    """Waits until every finite CSS transition and animation running on the page has ended (bars
    growing, dots gliding, a fade): axe then reads the final colours and a screenshot shows the
    final layout. An event instead of a fixed pause, so a loaded machine waits as long as it needs.
    Two frames first: a change the page's script makes on its next frame starts its transition."""
    await page.evaluate(
        """() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))).then(() =>
            Promise.all(document.getAnimations()
                .filter(a => a.playState === 'running' && a.effect?.getComputedTiming().endTime !== Infinity)
                .map(a => a.finished.catch(() => null))))"""
    )


def watch_errors(*pages: Page) -> list[str]:
    """Script errors on these pages (a broken script would leave the plain-form path working)."""
    errors: list[str] = []
    for page in pages:
        page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


async def save_screenshot(page: Page, path: Path) -> None:
    """A PNG for the docs; with Pillow at hand it is reduced to a palette (a third of the size,
    the same look for a flat interface). The copies in test-artifacts/ stay as taken: reducing
    took a third of the projector test's time (~0.16 s a picture)."""
    png = await page.screenshot()
    if not path.resolve().is_relative_to(DOCS):
        path.write_bytes(png)
        return
    try:
        from PIL import Image
    except ImportError:
        path.write_bytes(png)
        return
    image = Image.open(io.BytesIO(png)).convert("RGB")
    image.quantize(colors=128, dither=Image.Dither.NONE).save(path, optimize=True)


async def with_uploads(organiser: Organiser, presentation_id: str, body: Any) -> Any:
    """`body` with every `{"upload": colour, "alt": text}` replaced by `{"media_id", "alt"}` of a
    picture in that colour, uploaded to the presentation (a question's image, an option's picture)."""
    if isinstance(body, list):
        return [await with_uploads(organiser, presentation_id, item) for item in body]
    if not isinstance(body, dict):
        return body
    if "upload" in body:
        r = await organiser.client.post(
            f"/api/presentations/{presentation_id}/media",
            content=picture("JPEG", (640, 480), colour=body["upload"]),
            headers={**organiser.headers, "Content-Type": "image/jpeg"},
        )
        assert r.status_code == 201, r.text
        return {"media_id": r.json()["id"], "alt": body["alt"]}
    return {key: await with_uploads(organiser, presentation_id, value) for key, value in body.items()}
