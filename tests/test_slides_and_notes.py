"""Content slides and presenter notes through the API, on SQLite and PostgreSQL: the slide's text
is a small Markdown subset with raw HTML never let through; notes reach the organiser (their
API, and so the dashboard and the speaker view) and never a participant (state, page, socket)."""

import json
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from poll_service.question_types.slide_text import render_markdown
from tests.conftest import LiveServer
from tests.helpers import Organiser, join, new_organiser
from tests.realtime_clients import next_message, open_socket, wait_for

SECRET = "Tell the joke about the card catalogue (secret-note-7f3a)"


def test_slide_text_is_a_small_markdown_subset_without_html() -> None:
    html = render_markdown(
        "Hello **bold** and *em* `code`\n\n- one\n- two\n\n1. first\n\n"
        "<script>alert(1)</script> <img src=x onerror=alert(1)> [a](javascript:alert(1))\n# not a heading"
    )
    assert "<strong>bold</strong>" in html and "<em>em</em>" in html and "<code>code</code>" in html
    assert "<ul>\n<li>one</li>" in html and "<ol>\n<li>first</li>" in html
    # Raw HTML, links, images and headings stay text: escaped, never tags.
    assert "<script" not in html and "<img" not in html and "<a " not in html and "<h1" not in html
    assert "&lt;script&gt;" in html and "[a](javascript:alert(1))" in html
    assert render_markdown("   ") == ""


async def _deck(ada: Organiser, items: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    r = await ada.post("/api/presentations", {"title": "Library network afternoon"})
    pid = r.json()["id"]
    made = []
    for body in items:
        r = await ada.post(f"/api/presentations/{pid}/questions", body)
        assert r.status_code == 201, r.text
        made.append(r.json())
    return pid, made


async def test_slide_settings_are_checked_and_its_html_derived(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    pid, [slide] = await _deck(
        ada,
        [
            {
                "type": "slide",
                "prompt": "Welcome",
                "settings": {"text": "**Hi** <b>x</b>", "text_html": "<script>"},
            }
        ],
    )
    # What was sent as text_html is replaced by the server's own rendering of the text.
    assert slide["settings"]["text_html"] == "<p><strong>Hi</strong> &lt;b&gt;x&lt;/b&gt;</p>"
    for bad in (
        {"text": "x" * 4001},
        {"bullets": ["x"] * 13},
        {"bullets": ["x" * 201]},
        {"big_number": "1" * 17},
        {"colour": "red"},
        {"notes": 42},
        {"notes": "x" * 4001},
    ):
        r = await ada.post(
            f"/api/presentations/{pid}/questions", {"type": "slide", "prompt": "S", "settings": bad}
        )
        assert r.status_code == 422, (bad, r.text)
        assert isinstance(r.json()["detail"], str)
    r = await ada.post(
        f"/api/presentations/{pid}/questions", {"type": "slide", "prompt": "S", "options": [{"label": "a"}]}
    )
    assert r.status_code == 422, r.text


async def test_notes_reach_the_organiser_and_never_a_phone(app: FastAPI, client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    pid, [slide, poll] = await _deck(
        ada,
        [
            {"type": "slide", "prompt": "Welcome, branches", "settings": {"text": "Hi", "notes": SECRET}},
            {
                "type": "multiple_choice",
                "prompt": "Which session first?",
                "options": [{"label": "Plenary"}, {"label": "Breakouts"}],
                "settings": {"notes": SECRET},
            },
        ],
    )
    assert slide["settings"]["notes"] == SECRET and poll["settings"]["notes"] == SECRET
    deck = (await client.get(f"/api/presentations/{pid}", headers=ada.headers)).json()
    assert [q["settings"]["notes"] for q in deck["questions"]] == [SECRET, SECRET]
    # An edit of the options keeps the notes; an edit of the settings without them drops them.
    r = await client.patch(
        f"/api/questions/{poll['id']}",
        json={"options": [{"label": "Plenary"}, {"label": "Breakouts"}, {"label": "Lunch"}]},
        headers=ada.headers,
    )
    assert r.json()["settings"]["notes"] == SECRET

    room = await ada.room(pid)  # on the slide
    phone = await join(client, room["join_code"])
    for question in (slide, poll):
        r = await ada.control(room["id"], "goto", question_id=question["id"])
        assert r.status_code == 200, r.text
        state = await phone.state()
        assert state["question"]["id"] == question["id"]
        assert "notes" not in state["question"]["settings"]
        page = await client.get(f"/{room['join_code']}", headers=phone.headers)
        assert page.status_code == 200 and question["prompt"] in page.text
        assert "secret-note-7f3a" not in page.text and "secret-note-7f3a" not in json.dumps(state)
    live = app.state.context.rooms.loaded(room["id"])
    assert "secret-note-7f3a" not in json.dumps(live.participant_state(phone.participant_id))

    # The organiser's results page lists the poll, not the slide (nothing to count there).
    client.cookies.set("poll_session", ada.token)
    page = await client.get(f"/rooms/{room['id']}/results")
    client.cookies.clear()
    assert page.status_code == 200 and poll["prompt"] in page.text
    assert slide["prompt"] not in page.text


async def test_notes_never_travel_on_a_phones_socket(live_server: LiveServer) -> None:
    async with live_server.client() as http:
        ada = await new_organiser(http)
        pid, [slide, poll] = await _deck(
            ada,
            [
                {"type": "slide", "prompt": "Welcome", "settings": {"notes": SECRET}},
                {"type": "open_text", "prompt": "What brings you here?", "settings": {"notes": SECRET}},
            ],
        )
        room = await ada.room(pid)
        phone = await join(http, room["join_code"])
        ws = await open_socket(f"{live_server.ws_url}/ws/join/{room['join_code']}", phone.token)
        heard: list[dict[str, Any]] = []
        try:
            heard.append(await next_message(ws))
            await ada.control(room["id"], "next")

            def on_poll(message: dict[str, Any]) -> bool:
                heard.append(message)
                return (message.get("state") or {}).get("question", {}).get("id") == poll["id"]

            await wait_for(ws, on_poll, timeout=5)
        finally:
            await ws.close()
        assert any((m.get("state") or {}).get("question", {}).get("id") == slide["id"] for m in heard)
        assert "secret-note-7f3a" not in json.dumps(heard)


@pytest.mark.parametrize("kind", ["slide", "qna"])
async def test_a_vote_to_an_item_without_answers_is_refused_without_scripts(
    kind: str, client: httpx.AsyncClient
) -> None:
    ada = await new_organiser(client)
    pid, [item] = await _deck(ada, [{"type": kind, "prompt": "Between the polls"}])
    room = await ada.room(pid)
    phone = await join(client, room["join_code"])
    page = await client.get(f"/{room['join_code']}", headers=phone.headers)
    assert 'class="card shown-only' in page.text and 'id="vote-form"' not in page.text
    r = await client.post(
        f"/{room['join_code']}/vote", data={"question_id": item["id"], "key": "k1"}, headers=phone.headers
    )
    assert r.status_code == 409, r.text  # the page again, saying so; nothing stored
    assert "This item takes no answers." in r.text
    assert (await phone.state())["my_response"] is None


async def test_a_self_paced_survey_shows_a_slide_and_counts_only_the_questions(
    client: httpx.AsyncClient,
) -> None:
    ada = await new_organiser(client)
    pid, [_slide, poll] = await _deck(
        ada,
        [
            {"type": "slide", "prompt": "Before you start", "settings": {"text": "Five short questions."}},
            {"type": "open_text", "prompt": "What brings you here?"},
        ],
    )
    r = await ada.post(f"/api/presentations/{pid}/rooms", {"name": "Hall", "pacing": "audience"})
    room = r.json()
    code = room["join_code"]
    phone = await join(client, code)
    assert (await phone.state())["progress"] == {"answered": 0, "total": 1}
    page = await client.get(f"/{code}?q=0", headers=phone.headers)
    assert 'class="card shown-only slide"' in page.text and f'href="/{code}?q=1"' in page.text
    r = await client.post(
        f"/api/join/{code}/responses",
        json={"question_id": poll["id"], "text": "Curiosity"},
        headers=phone.headers,
    )
    assert r.status_code == 201, r.text
    assert (await phone.state())["progress"] == {"answered": 1, "total": 1}
    r = await client.get(f"/api/rooms/{room['id']}/progress", headers=ada.headers)
    assert r.status_code == 200, r.text
    assert r.json()["questions"] == 1 and r.json()["finished"] == 1
