"""The dashboard as a facilitator and as a viewer sees it, in Chromium: the deck is read-only (no
edit, delete, duplicate or question controls at all, not merely disabled); a facilitator can
start a session and open the presenter screen and moderation, a viewer only results. axe finds
nothing on either; the viewer's page reads in Dutch too."""

import httpx
import pytest
from playwright.async_api import Browser, Page, expect

from tests.conftest import LiveServer
from tests.e2e.a11y import axe_violations
from tests.e2e.pages import new_event, watch_errors
from tests.helpers import Organiser, new_organiser
from tests.workspaces.test_roles import invite_and_join

pytestmark = pytest.mark.browser

# Controls only an editor or owner gets: buttons and form fields by their accessible names.
EDITING = ("Delete presentation", "+ Add a question", "Duplicate", "Duplicate with results", "Edit", "Save")


async def _team(http: httpx.AsyncClient) -> tuple[str, dict[str, Organiser]]:
    """Ada's team deck with one question and a live room; Fay a facilitator, Vic a viewer."""
    event = await new_event(http, [])
    ada = event.organiser
    workspace_id = (await ada.post("/api/workspaces", {"name": "Library team"})).json()["id"]
    r = await ada.post("/api/presentations", {"title": "Town hall", "workspace_id": workspace_id})
    pid = r.json()["id"]
    body = {"type": "multiple_choice", "prompt": "Lunch?", "options": [{"label": "Soup"}, {"label": "Pie"}]}
    assert (await ada.post(f"/api/presentations/{pid}/questions", body)).status_code == 201
    await ada.room(pid)
    members = {}
    for role, name in (("facilitator", "Fay"), ("viewer", "Vic")):
        members[role] = await new_organiser(http, name)
        await invite_and_join(ada, workspace_id, role, members[role])
    return pid, members


async def _dashboard(
    browser: Browser, server: LiveServer, who: Organiser, pid: str, lang: str, *, note: bool = True
) -> Page:
    context = await browser.new_context(viewport={"width": 1280, "height": 900}, locale=lang)
    await context.add_cookies([{"name": "poll_session", "value": who.token, "url": server.url}])
    page = await context.new_page()
    await page.goto(f"{server.url}/dashboard#p={pid}")
    if note:  # a read-only deck: its title is the card's heading, and why it is read-only
        await expect(page.get_by_role("heading", name="Town hall", level=2)).to_be_visible()
        await expect(page.locator("#role-note")).to_be_visible()
    else:
        await expect(page.locator("#p-title")).to_have_value("Town hall")
    return page


async def _no_editing(page: Page) -> None:
    for name in EDITING:
        await expect(page.locator("#editor").get_by_role("button", name=name, exact=True)).to_have_count(0)
    # The deck's cards (all but the last, the sessions) hold no field to change it.
    await expect(
        page.locator("#editor > section:not(:last-child) :is(input, textarea, select)")
    ).to_have_count(0)
    await expect(page.get_by_role("link", name="Download deck (JSON)")).to_be_visible()


async def test_facilitator_runs_rooms_of_a_read_only_deck(live_server: LiveServer, browser: Browser) -> None:
    async with live_server.client() as http:
        pid, members = await _team(http)
    page = await _dashboard(browser, live_server, members["facilitator"], pid, "en-GB")
    errors = watch_errors(page)
    await expect(page.locator("#role-note")).to_contain_text("You are a facilitator")
    await _no_editing(page)
    await expect(page.get_by_role("button", name="Start a session")).to_be_visible()
    for link in ("Presenter screen", "Moderate", "Results"):
        await expect(page.get_by_role("link", name=link, exact=True)).to_be_visible()
    await expect(page.get_by_role("button", name="End", exact=True)).to_be_visible()
    assert await axe_violations(page) == []
    assert errors == []


@pytest.mark.parametrize(
    ("lang", "note", "results"),
    [("en-GB", "You are a viewer", "Results"), ("nl-NL", "Je bent kijker", "Uitslag")],
)
async def test_viewer_sees_results_only(
    live_server: LiveServer, browser: Browser, lang: str, note: str, results: str
) -> None:
    async with live_server.client() as http:
        pid, members = await _team(http)
    page = await _dashboard(browser, live_server, members["viewer"], pid, lang)
    errors = watch_errors(page)
    await expect(page.locator("#role-note")).to_contain_text(note)
    for name in EDITING:
        await expect(page.locator("#editor").get_by_role("button", name=name, exact=True)).to_have_count(0)
    await expect(page.locator("#editor input, #editor textarea, #editor select")).to_have_count(0)
    await expect(page.locator("#editor").get_by_role("link", name=results, exact=True)).to_be_visible()
    # Nothing that runs a room: no start, presenter screen, moderation, ending or sharing.
    await expect(page.locator("#editor .room-actions > *")).to_have_count(1)
    # The deck editor's viewing controls (choose a slide; preview as projector or phone) are the
    # only buttons: nothing else at all.
    await expect(page.locator("#editor button:not(.thumb-pick, #show-projector, #show-phone)")).to_have_count(
        0
    )
    await expect(page.locator("#editor .thumb-pick")).to_have_count(1)
    assert await axe_violations(page) == []
    assert errors == []


async def test_owner_hands_room_b_to_an_invited_facilitator(
    live_server: LiveServer, browser: Browser
) -> None:
    """The owner invites Fay as facilitator; she signs in through the link and accepts; the owner
    hands her room B on the dashboard; Fay sees only room B, runs it, and has no edit controls."""
    async with live_server.client() as http:
        event = await new_event(http, [])
        ada = event.organiser
        workspace_id = (await ada.post("/api/workspaces", {"name": "Network afternoon"})).json()["id"]
        pid = (
            await ada.post("/api/presentations", {"title": "Town hall", "workspace_id": workspace_id})
        ).json()["id"]
        body = {
            "type": "multiple_choice",
            "prompt": "Lunch?",
            "options": [{"label": "Soup"}, {"label": "Pie"}],
        }
        assert (await ada.post(f"/api/presentations/{pid}/questions", body)).status_code == 201
        rooms = {}
        for name in ("Room A", "Room B"):
            rooms[name] = (await ada.post(f"/api/presentations/{pid}/rooms", {"name": name})).json()["id"]
        fay = await new_organiser(http, "Fay")
        r = await ada.post(
            f"/api/workspaces/{workspace_id}/invitations", {"email": fay.email, "role": "facilitator"}
        )
        link = r.json()["url"]

    fay_page = await (
        await browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    ).new_page()
    errors = watch_errors(fay_page)
    await fay_page.goto(link)
    await fay_page.get_by_role("link", name="Sign in or sign up").click()
    await fay_page.locator("#login-email").fill(fay.email)
    await fay_page.locator("#login-password").fill("correct horse battery")
    await fay_page.locator("#login-form").get_by_role("button").first.click()
    await expect(fay_page).to_have_url(link)
    await fay_page.get_by_role("button", name="Accept and join").click()
    await expect(fay_page.get_by_text("Your role here: facilitator.")).to_be_visible()

    owner = await _dashboard(browser, live_server, ada, pid, "en-GB", note=False)
    errors += watch_errors(owner)
    room_b = owner.locator(f'.room[data-id="{rooms["Room B"]}"]')
    await room_b.get_by_label("Hand Room B to").select_option(label=f"Fay ({fay.email})")
    await room_b.get_by_role("button", name="Hand over").click()
    await expect(room_b).to_contain_text("Run by: Fay")
    await expect(room_b.get_by_role("button", name="Take back from Fay")).to_be_visible()
    assert await axe_violations(owner) == []

    await fay_page.goto(f"{live_server.url}/dashboard#p={pid}")
    await expect(fay_page.locator("#role-note")).to_contain_text("You are a facilitator")
    await expect(fay_page.locator("#editor .room")).to_have_count(1)
    await expect(fay_page.locator("#editor .room")).to_contain_text("Room B")
    await expect(fay_page.locator("#editor")).not_to_contain_text("Room A")
    await _no_editing(fay_page)
    # Opening another room of the deck is the organiser's: not offered to her.
    await expect(fay_page.get_by_role("button", name="Start a session")).to_have_count(0)
    assert await axe_violations(fay_page) == []
    async with fay_page.context.expect_page() as opened:
        await fay_page.get_by_role("link", name="Presenter screen").click()
    presenter = await opened.value
    await expect(presenter.locator("body")).to_have_attribute("data-socket", "open")
    await presenter.keyboard.press("ArrowRight")  # runs it: the first question on the screen
    await expect(presenter.get_by_text("Lunch?").first).to_be_visible()
    await fay_page.goto(f"{live_server.url}/present/{rooms['Room A']}")
    await expect(fay_page.get_by_role("heading", level=1)).to_contain_text("not found", ignore_case=True)
    assert [e for e in errors if "404" not in e] == []
