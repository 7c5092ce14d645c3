"""An XSS corpus typed as everything people can type: word-cloud entries, open answers, nicknames,
presentation titles, prompts and option labels. Every page that shows them (phone, presenter,
dashboard, results, shared results) is rendered in Chromium: no script runs, no dialog opens, no
element is made from the text, and the text is visible as typed (so it really was rendered)."""

from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import Browser, Page, expect

from tests.conftest import LiveServer, sqlite_url
from tests.e2e.pages import phone_context
from tests.helpers import new_organiser

pytestmark = pytest.mark.browser

CORPUS = [
    line
    for line in (Path(__file__).parent / "xss_corpus.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("# ")
]
SHORT = [p for p in CORPUS if len(p) <= 60]

WATCH = """
window.__xss = 0;
window.__scriptViolations = 0;
document.addEventListener('securitypolicyviolation', (e) => {
  if (e.violatedDirective.startsWith('script-src')) window.__scriptViolations += 1;
});
"""


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return sqlite_url(tmp_path)


async def _event(http: httpx.AsyncClient) -> dict[str, Any]:
    ada = await new_organiser(http)
    r = await ada.post("/api/presentations", {"title": CORPUS[1]})
    pid = r.json()["id"]
    bodies = [
        {"type": "word_cloud", "prompt": CORPUS[0], "settings": {"max_entries": 3, "max_length": 60}},
        {
            "type": "open_text",
            "prompt": CORPUS[2],
            "settings": {"multiple_submissions": True, "max_submissions": 5},
        },
        {
            "type": "multiple_choice",
            "prompt": CORPUS[4],
            "options": [{"label": p[:200]} for p in CORPUS[:6]],
        },
    ]
    questions = []
    for body in bodies:
        r = await ada.post(f"/api/presentations/{pid}/questions", body)
        assert r.status_code == 201, r.text
        questions.append(r.json())
    room = (await ada.post(f"/api/presentations/{pid}/rooms", {"name": CORPUS[3]})).json()
    room = (await ada.control(room["id"], "next")).json()  # out of the lobby: the first question
    return {"ada": ada, "pid": pid, "questions": questions, "room": room}


async def _answer(http: httpx.AsyncClient, event: dict[str, Any]) -> None:
    """Phones send the corpus; text that the cleaning rules refuse (422) is fine, a 500 is not."""
    room, (cloud, text, _) = event["room"], event["questions"]
    code = room["join_code"]
    for n in range(0, len(SHORT), 3):
        r = await http.post("/api/join", json={"join_code": code, "nickname": SHORT[n][:24]})
        assert r.status_code == 200, r.text
        http.cookies.clear()
        headers = {"Authorization": f"Bearer {r.json()['participant_token']}"}
        entries = SHORT[n : n + 3]
        r = await http.post(
            f"/api/join/{code}/responses",
            json={"question_id": cloud["id"], "entries": entries},
            headers=headers,
        )
        assert r.status_code in {201, 422}, r.text
    await event["ada"].control(room["id"], "goto", question_id=text["id"])
    for n in range(0, len(CORPUS), 5):
        r = await http.post("/api/join", json={"join_code": code})
        http.cookies.clear()
        headers = {"Authorization": f"Bearer {r.json()['participant_token']}"}
        for payload in CORPUS[n : n + 5]:
            r = await http.post(
                f"/api/join/{code}/responses",
                json={"question_id": text["id"], "text": payload},
                headers=headers,
            )
            assert r.status_code in {201, 422}, r.text


async def _assert_inert(page: Page, dialogs: list[str], where: str) -> None:
    await page.wait_for_timeout(500)  # let late pushes and timers render
    state = await page.evaluate(
        "() => ({xss: window.__xss, csp: window.__scriptViolations,"
        " probes: document.querySelectorAll('.xss-probe, iframe, script[src=\"x\"]').length,"
        " text: document.body.innerText})"
    )
    assert state["xss"] == 0, f"{where}: a payload ran"
    assert dialogs == [], f"{where}: a dialog opened: {dialogs}"
    assert state["probes"] == 0, f"{where}: participant text became elements"
    assert state["csp"] == 0, f"{where}: a script was attempted and blocked by the CSP"
    assert "<" in state["text"] and "xss" in state["text"], f"{where}: the corpus was not shown at all"


async def _open(
    browser: Browser, server: LiveServer, token: str | None, mobile: bool = False
) -> tuple[Page, list[str]]:
    context = (
        await phone_context(browser)
        if mobile
        else await browser.new_context(viewport={"width": 1280, "height": 900})
    )
    if token:
        await context.add_cookies([{"name": "poll_session", "value": token, "url": server.url}])
    await context.add_init_script(WATCH)
    page = await context.new_page()
    dialogs: list[str] = []

    async def dismiss(dialog: Any) -> None:
        dialogs.append(dialog.message)
        await dialog.dismiss()

    page.on("dialog", dismiss)
    return page, dialogs


async def test_xss_corpus_is_inert_on_every_page(live_server: LiveServer, browser: Browser) -> None:
    async with live_server.client() as http:
        event = await _event(http)
        ada, room = event["ada"], event["room"]
        cloud, _text, choice = event["questions"]
        await _answer(http, event)

        # Presenter screen: the open-text wall, then the word cloud, then the choices.
        presenter, dialogs = await _open(browser, live_server, ada.token)
        await presenter.goto(f"{live_server.url}/present/{room['id']}")
        await expect(presenter.locator("body")).to_have_attribute("data-socket", "open")
        await _assert_inert(presenter, dialogs, "presenter (open text)")
        await ada.control(room["id"], "goto", question_id=cloud["id"])
        await _assert_inert(presenter, dialogs, "presenter (word cloud)")
        await ada.control(room["id"], "goto", question_id=choice["id"])
        await _assert_inert(presenter, dialogs, "presenter (choices)")

        # A phone, with the audience's results showing.
        phone, phone_dialogs = await _open(browser, live_server, None, mobile=True)
        await phone.goto(f"{live_server.url}/{room['join_code']}")
        await expect(phone.locator("body")).to_have_attribute("data-socket", "open")
        await _assert_inert(phone, phone_dialogs, "phone (choices)")
        await ada.control(room["id"], "goto", question_id=cloud["id"])
        await _assert_inert(phone, phone_dialogs, "phone (word cloud results)")

        # The organiser's pages: dashboard and results; and the public shared results.
        for path in ("/dashboard", f"/rooms/{room['id']}/results"):
            page, page_dialogs = await _open(browser, live_server, ada.token)
            await page.goto(f"{live_server.url}{path}")
            await _assert_inert(page, page_dialogs, path)
        share = (await ada.post(f"/api/rooms/{room['id']}/share")).json()
        page, page_dialogs = await _open(browser, live_server, None)
        await page.goto(share["url"])
        await _assert_inert(page, page_dialogs, "shared results")


async def test_invisible_and_bidi_characters_never_reach_the_results(live_server: LiveServer) -> None:
    async with live_server.client() as http:
        event = await _event(http)
        await _answer(http, event)
        ada, room = event["ada"], event["room"]
        results = (await http.get(f"/api/rooms/{room['id']}/results", headers=ada.headers)).json()
    shown = repr(results)
    for invisible in ("\u202e", "\u200b", "\u200c", "\u2060"):
        assert invisible not in shown
    assert "gnp.exe (bidi override)" in shown and "zerowidth" in shown
