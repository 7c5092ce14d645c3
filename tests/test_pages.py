"""The HTML pages over ASGI: language, security headers, the no-script join and vote flow,
escaping, static files and the phone page's weight."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import httpx
import pytest
from fastapi import FastAPI

from poll_service.i18n import catalogue, negotiate
from poll_service.pages.organiser_session import safe_next
from tests.helpers import Organiser, join, new_organiser

# Pages, headers and static files: rendering. The no-script vote stores through the same service as
# the API's, which runs on PostgreSQL in tests/test_voting_loop.py and tests/test_hot_paths.py.
pytestmark = pytest.mark.sqlite_only

ROOT = Path(__file__).resolve().parent.parent
DUTCH = {"Accept-Language": "nl-NL,nl;q=0.9"}
PHONE_BUDGET_BYTES = 50 * 1024


def assert_safe_html(response: httpx.Response) -> None:
    """HTML with a CSP that allows no inline script, nosniff, and no inline script or style."""
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["x-content-type-options"] == "nosniff"
    csp = response.headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
    script_src = directives.get("script-src", directives.get("default-src", ""))
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert "'unsafe-inline'" not in directives.get("style-src", "")
    checker = InlineCodeFinder()
    checker.feed(response.text)
    assert not checker.found, checker.found


class InlineCodeFinder(HTMLParser):
    """Collects inline scripts, style blocks, style attributes and event-handler attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _ in attrs}
        if tag == "script" and "src" not in names and dict(attrs).get("type") != "application/json":
            self.found.append("inline <script>")
        if tag == "style":
            self.found.append("<style> block")
        self.found += [f"{tag}[{n}]" for n in names if n == "style" or n.startswith("on")]


async def organiser_with_room(
    client: httpx.AsyncClient, prompt: str = "Which colour?", labels: tuple[str, ...] = ("Red", "Blue")
) -> tuple[Organiser, dict[str, Any], dict[str, Any]]:
    ada = await new_organiser(client)
    presentation = await ada.presentation(questions=0)
    r = await ada.post(
        f"/api/presentations/{presentation['id']}/questions",
        {"type": "multiple_choice", "prompt": prompt, "options": [{"label": x} for x in labels]},
    )
    assert r.status_code == 201, r.text
    question = r.json()
    room = await ada.room(presentation["id"])
    return ada, question, room


# ----- language -----


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        ("nl-NL,nl;q=0.9", "nl"),
        ("nl", "nl"),
        ("de-DE,nl;q=0.8,en;q=0.5", "nl"),
        ("en-GB,en;q=0.9,nl;q=0.8", "en"),
        ("fr-FR", "en"),
        ("nl;q=0", "en"),
        ("", "en"),
        ("garbage;;q=x,,", "en"),
    ],
)
def test_language_negotiation(header: str, lang: str) -> None:
    assert negotiate(header) == lang


def test_catalogues_have_the_same_keys_and_every_used_key() -> None:
    en, nl = catalogue("en"), catalogue("nl")
    assert en.keys() == nl.keys()
    for lang in (en, nl):
        assert all(v.strip() for v in lang.values())
    sources = [*(ROOT / "frontend").rglob("*.html"), *(ROOT / "frontend").rglob("*.js")]
    sources += list((ROOT / "poll_service" / "pages").glob("*.py"))
    used: set[str] = set()
    for path in sources:
        used |= set(
            re.findall(r"['\"]((?:phone|present|dash|login|results|common)\.[a-z_]+)['\"]", path.read_text())
        )
    used = {k for k in used if not k.endswith((".html", ".js", ".py"))}
    assert used, "no texts found"
    missing = sorted(used - en.keys())
    assert not missing, f"texts used but not in the catalogues: {missing}"


@pytest.mark.parametrize("path", ["/", "/12345678"])
async def test_join_page_speaks_the_browsers_language(client: httpx.AsyncClient, path: str) -> None:
    dutch = await client.get(path, headers=DUTCH)
    assert dutch.status_code == 200
    assert '<html lang="nl">' in dutch.text
    assert catalogue("nl")["phone.join_title"] in dutch.text
    assert dutch.headers["content-language"] == "nl"
    assert "Accept-Language" in dutch.headers["vary"]
    english = await client.get(path, headers={"Accept-Language": "en-US,en;q=0.9"})
    assert '<html lang="en">' in english.text
    assert catalogue("en")["phone.join_title"] in english.text
    plain = await client.get(path)
    assert '<html lang="en">' in plain.text
    for response in (dutch, english, plain):
        assert_safe_html(response)
        assert response.headers["cache-control"] == "no-store"


async def test_join_page_prefills_the_code_from_the_qr_link(client: httpx.AsyncClient) -> None:
    for path in ("/", "/12345678"):
        head = await client.head(path)
        assert head.status_code == 200 and head.headers["content-type"].startswith("text/html")
    r = await client.get("/12345678")
    assert 'value="1234 5678"' in r.text
    assert 'action="/join"' in r.text and 'method="post"' in r.text


async def test_a_code_typed_as_the_screen_shows_it_finds_the_room(client: httpx.AsyncClient) -> None:
    """People type the code into the address bar the way the screen groups it."""
    _, _, room = await organiser_with_room(client)
    code = room["join_code"]
    for typed in (
        f"{code[:4]} {code[4:]}",
        f"{code[:4]}-{code[4:]}",
        f"{code[:4]}.{code[4:]}",
        f"{code[:4]} - {code[4:]}",
    ):
        r = await client.get(f"/{typed}?lang=nl")
        assert r.status_code == 308, (typed, r.status_code)
        assert r.headers["location"] == f"/{code}?lang=nl"
    r = await client.get(f"/{code[:4]}%20{code[4:]}", follow_redirects=True)
    assert r.status_code == 200 and f'value="{code[:4]} {code[4:]}"' in r.text
    # The form forgives the same.
    r = await client.post("/join", data={"join_code": f"{code[:4]}-{code[4:]}"})
    assert r.status_code == 303 and r.headers["location"] == f"/{code}", r.text
    client.cookies.clear()
    # Digits that make no code (one short, one over) are the join page with a message, not a bare 404.
    for wrong in ("1234-567", "1234567", "123456789"):
        r = await client.get(f"/{wrong}")
        assert r.status_code == 404 and r.headers["content-type"].startswith("text/html"), wrong
        assert 'action="/join"' in r.text and catalogue("en")["phone.error_not_found"] in r.text


# ----- routing -----


async def test_pages_do_not_shadow_other_routes(client: httpx.AsyncClient) -> None:
    assert (await client.get("/health")).status_code == 200
    assert (await client.get("/openapi.json")).status_code == 200
    r = await client.get("/api/no-such-thing")
    assert r.status_code == 404 and r.headers["content-type"].startswith("application/json")
    for path in ("/1234567", "/123456789", "/abcdefgh", "/favicon.ico"):
        assert (await client.get(path)).status_code == 404, path
    assert (await client.get("/api/auth/me")).status_code == 401


async def test_openapi_describes_the_pages(client: httpx.AsyncClient) -> None:
    paths = (await client.get("/openapi.json")).json()["paths"]
    for path in ("/", "/{join_code}", "/join", "/{join_code}/vote", "/login", "/dashboard"):
        assert path in paths, path
    assert "/present/{room_id}" in paths and "/rooms/{room_id}/results" in paths
    assert "text/html" in paths["/"]["get"]["responses"]["200"]["content"]
    form = paths["/join"]["post"]["requestBody"]["content"]
    assert "application/x-www-form-urlencoded" in form


# ----- the no-script flow -----


async def test_no_script_join_vote_and_results(client: httpx.AsyncClient) -> None:
    ada, question, room = await organiser_with_room(client)
    code = room["join_code"]
    spaced = f"{code[:4]} {code[4:]}"
    r = await client.post("/join", data={"join_code": spaced})
    assert r.status_code == 303, r.text
    assert r.headers["location"] == f"/{code}"
    cookie = r.headers["set-cookie"]
    assert "poll_participant=" in cookie and "HttpOnly" in cookie and "samesite=lax" in cookie.lower()

    page = await client.get(f"/{code}")
    assert page.status_code == 200
    assert_safe_html(page)
    assert "Which colour?" in page.text
    assert page.text.count('type="radio" name="choice"') == 2
    assert f'action="/{code}/vote"' in page.text
    assert '<meta http-equiv="refresh"' not in page.text, "no reload while a question waits for you"
    key = re.search(r'name="key" value="([^"]+)"', page.text)
    assert key

    red = question["options"][0]["id"]
    form = {"question_id": question["id"], "choice": red, "key": key.group(1)}
    r = await client.post(f"/{code}/vote", data=form)
    assert r.status_code == 303, r.text
    assert r.headers["location"] == f"/{code}?voted={question['id']}"
    # The same form sent twice (a double tap, a retry) stores one vote.
    assert (await client.post(f"/{code}/vote", data=form)).status_code == 303

    done = await client.get(r.headers["location"])
    assert done.status_code == 200
    assert catalogue("en")["phone.received"] in done.text
    assert re.search(rf'value="{red}"\s+checked', done.text), "the chosen answer stays marked"
    assert '<noscript><meta http-equiv="refresh"' in done.text, "without scripts it follows by reloading"

    results = (await client.get(f"/api/rooms/{room['id']}/results", headers=ada.headers)).json()
    assert results["participant_count"] == 1
    assert results["questions"][0]["tally"]["counts"] == {red: 1, question["options"][1]["id"]: 0}
    assert results["questions"][0]["response_count"] == 1


async def test_no_script_errors_are_pages_in_the_right_language(client: httpx.AsyncClient) -> None:
    ada, question, room = await organiser_with_room(client)
    code = room["join_code"]
    nl = catalogue("nl")

    r = await client.post("/join", data={"join_code": "0000 0000"}, headers=DUTCH)
    assert r.status_code == 404
    assert nl["phone.error_not_found"] in r.text and '<html lang="nl">' in r.text
    assert_safe_html(r)
    r = await client.post("/join", data={"join_code": "  "}, headers=DUTCH)
    assert r.status_code == 422 and nl["phone.error_empty_code"] in r.text

    # Voting before joining leads back to the join page.
    r = await client.post(f"/{code}/vote", data={"question_id": question["id"], "choice": "x"})
    assert r.status_code == 303 and r.headers["location"] == f"/{code}"

    assert (await client.post("/join", data={"join_code": code})).status_code == 303
    r = await client.post(f"/{code}/vote", data={"question_id": question["id"]}, headers=DUTCH)
    assert r.status_code == 422 and nl["phone.error_pick"] in r.text
    r = await client.post(f"/{code}/vote", data={"question_id": question["id"], "choice": "nope"})
    assert r.status_code == 422 and catalogue("en")["phone.error_pick"] in r.text

    await ada.control(room["id"], "close_voting")
    red = question["options"][0]["id"]
    r = await client.post(f"/{code}/vote", data={"question_id": question["id"], "choice": red})
    assert r.status_code == 423 and catalogue("en")["phone.error_closed"] in r.text
    page = await client.get(f"/{code}")
    assert catalogue("en")["phone.closed"] in page.text
    assert re.search(r"<fieldset\s+disabled", page.text)

    await ada.control(room["id"], "lock")
    client.cookies.clear()
    r = await client.post("/join", data={"join_code": code})
    assert r.status_code == 423 and catalogue("en")["phone.error_locked"] in r.text


async def test_wrong_codes_are_limited_on_the_form_too(client: httpx.AsyncClient) -> None:
    statuses = [
        (await client.post("/join", data={"join_code": f"0000 00{n:02d}"})).status_code for n in range(12)
    ]
    assert statuses[:10] == [404] * 10
    assert statuses[-1] == 429
    r = await client.post("/join", data={"join_code": "0000 0099"})
    assert "Retry-After" in r.headers and catalogue("en")["phone.error_too_many_codes"] in r.text


async def test_the_right_code_joins_after_a_neighbours_wrong_codes(client: httpx.AsyncClient) -> None:
    """A venue puts every phone behind one address: one attendee's typos must not lock out the
    room; the limit bounds guessing only."""
    _, _, room = await organiser_with_room(client)
    statuses = [
        (await client.post("/api/join", json={"join_code": f"0000 00{n:02d}"})).status_code for n in range(11)
    ]
    assert statuses == [404] * 10 + [429]
    r = await client.post("/api/join", json={"join_code": room["join_code"]})
    assert r.status_code == 200, r.text  # the right code, from the same address
    client.cookies.clear()
    r = await client.post("/join", data={"join_code": room["join_code"]})
    assert r.status_code == 303, r.text  # and by the form without scripts
    assert (await client.post("/api/join", json={"join_code": "0000 0042"})).status_code == 429


async def test_a_phone_that_joined_by_the_api_sees_its_question(client: httpx.AsyncClient) -> None:
    _, question, room = await organiser_with_room(client)
    phone = await join(client, room["join_code"])
    r = await client.get(f"/{room['join_code']}", headers=phone.headers)
    assert "Which colour?" in r.text
    state = re.search(r"data-state='([^']+)'", r.text)
    assert state and json.loads(state.group(1).replace("&#34;", '"'))["question"]["id"] == question["id"]


async def test_waiting_and_ended_rooms(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    presentation = await ada.presentation(questions=0)
    room = await ada.room(presentation["id"])
    code = room["join_code"]
    assert (await client.post("/join", data={"join_code": code})).status_code == 303
    page = await client.get(f"/{code}")
    assert catalogue("en")["phone.waiting"] in page.text
    assert '<noscript><meta http-equiv="refresh"' in page.text
    await ada.control(room["id"], "end")
    page = await client.get(f"/{code}")
    assert page.status_code == 200 and catalogue("en")["phone.ended"] in page.text
    assert "data-autojoin" not in page.text


async def test_question_and_answers_are_escaped(client: httpx.AsyncClient) -> None:
    evil = "<script>alert(1)</script>"
    ada, _, room = await organiser_with_room(
        client, prompt=f"Q {evil} & 'quotes'", labels=(f"A {evil}", "B \" onmouseover='x'")
    )
    assert (await client.post("/join", data={"join_code": room["join_code"]})).status_code == 303
    phone_page = await client.get(f"/{room['join_code']}")
    ada.client.cookies.set("poll_session", ada.token)
    results_page = await client.get(f"/rooms/{room['id']}/results")
    assert results_page.status_code == 200
    for page in (phone_page, results_page):
        assert_safe_html(page)
        assert evil not in page.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
        assert "onmouseover='x'" not in page.text
    client.cookies.clear()


async def room_with_question(
    client: httpx.AsyncClient, kind: str, prompt: str, labels: tuple[str, ...] = (), **settings: Any
) -> tuple[Organiser, dict[str, Any], dict[str, Any]]:
    ada = await new_organiser(client)
    presentation = await ada.presentation(questions=0)
    body: dict[str, Any] = {"type": kind, "prompt": prompt, "settings": settings}
    if labels:
        body["options"] = [{"label": x} for x in labels]
    r = await ada.post(f"/api/presentations/{presentation['id']}/questions", body)
    assert r.status_code == 201, r.text
    room = await ada.room(presentation["id"])
    return ada, r.json(), room


async def form_page(client: httpx.AsyncClient, code: str) -> tuple[str, dict[str, str]]:
    """Join by form, then the page and the hidden fields its answer form carries."""
    assert (await client.post("/join", data={"join_code": code})).status_code == 303
    page = await client.get(f"/{code}")
    assert page.status_code == 200
    assert_safe_html(page)
    assert f'action="/{code}/vote"' in page.text
    hidden = dict(re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', page.text))
    assert {"question_id", "key"} <= hidden.keys()
    return page.text, hidden


async def tally_of(client: httpx.AsyncClient, ada: Organiser, room: dict[str, Any]) -> dict[str, Any]:
    results = (await client.get(f"/api/rooms/{room['id']}/results", headers=ada.headers)).json()
    tally: dict[str, Any] = results["questions"][0]["tally"]
    return tally


async def test_no_script_word_cloud(client: httpx.AsyncClient) -> None:
    ada, _, room = await room_with_question(client, "word_cloud", "One word for today?", max_entries=2)
    code = room["join_code"]
    page, hidden = await form_page(client, code)
    assert page.count('name="entry"') == 2
    assert 'maxlength="40"' in page
    assert catalogue("en")["phone.words_help_many"].format(n=2) in page

    r = await client.post(f"/{code}/vote", data={**hidden, "entry": ["", " "]})
    assert r.status_code == 422 and catalogue("en")["phone.error_word"] in r.text
    r = await client.post(f"/{code}/vote", data={**hidden, "entry": ["Coffee", " coffee "]})
    assert r.status_code == 303, r.text
    done = await client.get(r.headers["location"])
    assert catalogue("en")["phone.answer_in"] in done.text
    assert 'value="Coffee"' in done.text, "the answer stays in the form"
    tally = await tally_of(client, ada, room)
    assert tally["words"] == [{"text": "Coffee", "key": "coffee", "count": 2}]


async def test_no_script_word_cloud_takes_several_answers(client: httpx.AsyncClient) -> None:
    ada, _, room = await room_with_question(
        client, "word_cloud", "Ideas?", max_entries=1, multiple_submissions=True, max_submissions=2
    )
    code = room["join_code"]
    _, hidden = await form_page(client, code)
    r = await client.post(f"/{code}/vote", data={**hidden, "entry": "Tea"})
    assert r.status_code == 303
    again = (await client.get(r.headers["location"])).text
    en = catalogue("en")
    assert en["phone.send_another"] in again and en["phone.can_send_more"].format(n=1) in again
    assert en["phone.your_last_answer"] in again and ">Tea<" in again
    assert 'value="Tea"' not in again, "a fresh form for the next answer"
    key = re.search(r'name="key" value="([^"]+)"', again)
    assert key
    r = await client.post(f"/{code}/vote", data={**hidden, "key": key.group(1), "entry": "Cake"})
    assert r.status_code == 303
    full = (await client.get(r.headers["location"])).text
    assert en["phone.no_more"] in full and re.search(r"<fieldset\s+disabled", full)
    tally = await tally_of(client, ada, room)
    assert sorted(w["text"] for w in tally["words"]) == ["Cake", "Tea"]


async def test_no_script_open_text(client: httpx.AsyncClient) -> None:
    ada, _, room = await room_with_question(client, "open_text", "Any ideas?", max_length=20)
    code = room["join_code"]
    page, hidden = await form_page(client, code)
    assert '<textarea id="answer-text"' in page and 'maxlength="20"' in page
    assert catalogue("en")["phone.text_help"].format(n=20) in page
    r = await client.post(f"/{code}/vote", data={**hidden, "text": "x" * 30})
    assert r.status_code == 422 and catalogue("en")["phone.error_too_long"] in r.text
    assert "x" * 30 in r.text, "what was typed is kept"
    r = await client.post(f"/{code}/vote", data={**hidden, "text": "More <b>coffee</b>"})
    assert r.status_code == 303
    done = (await client.get(r.headers["location"])).text
    assert "More &lt;b&gt;coffee&lt;/b&gt;</textarea>" in done
    assert (await tally_of(client, ada, room))["answers"] == ["More <b>coffee</b>"]


async def test_no_script_scale(client: httpx.AsyncClient) -> None:
    ada, question, room = await room_with_question(
        client,
        "scale",
        "How do you feel?",
        ("Workload", "Team spirit"),
        steps=4,
        min_label="Bad",
        max_label="Great",
    )
    code = room["join_code"]
    work, spirit = (o["id"] for o in question["options"])
    page, hidden = await form_page(client, code)
    assert page.count(f'name="rate.{work}"') == 5, "4 steps and skip"
    assert f'name="rate.{spirit}" value="skip"' in page
    assert ">Bad<" in page and ">Great<" in page
    r = await client.post(f"/{code}/vote", data=hidden)
    assert r.status_code == 422 and catalogue("en")["phone.error_rate_one"] in r.text
    r = await client.post(f"/{code}/vote", data={**hidden, f"rate.{work}": "9"})
    assert r.status_code == 422 and catalogue("en")["phone.error_rate"] in r.text
    r = await client.post(f"/{code}/vote", data={**hidden, f"rate.{work}": "3", f"rate.{spirit}": "skip"})
    assert r.status_code == 303
    done = (await client.get(r.headers["location"])).text
    assert re.search(rf'name="rate\.{work}" value="3"\s+checked', done)
    assert re.search(rf'name="rate\.{spirit}" value="skip"\s+checked', done)
    tally = await tally_of(client, ada, room)
    assert tally["statements"][work]["distribution"] == [0, 0, 1, 0]
    assert tally["statements"][spirit]["skipped"] == 1


async def test_no_script_ranking(client: httpx.AsyncClient) -> None:
    ada, question, room = await room_with_question(
        client, "ranking", "Order these", ("Alpha", "Beta", "Gamma")
    )
    code = room["join_code"]
    a, b, c = (o["id"] for o in question["options"])
    page, hidden = await form_page(client, code)
    for option in (a, b, c):
        assert f'<select id="rank-{option}" class="rank-select" name="rank.{option}"' in page
    assert page.count('<option value="3"') == 3
    r = await client.post(
        f"/{code}/vote", data={**hidden, f"rank.{a}": "1", f"rank.{b}": "1", f"rank.{c}": "3"}
    )
    assert r.status_code == 422 and catalogue("en")["phone.error_rank"] in r.text
    r = await client.post(
        f"/{code}/vote", data={**hidden, f"rank.{a}": "3", f"rank.{b}": "1", f"rank.{c}": "2"}
    )
    assert r.status_code == 303
    done = (await client.get(r.headers["location"])).text
    assert done.index(">Beta<") < done.index(">Gamma<") < done.index(">Alpha<"), "listed in the chosen order"
    tally = await tally_of(client, ada, room)
    assert [i["option_id"] for i in tally["items"]] == [b, c, a]


async def test_no_script_points(client: httpx.AsyncClient) -> None:
    ada, question, room = await room_with_question(client, "points", "Spread 10", ("Red", "Blue"), total=10)
    code = room["join_code"]
    red, blue = (o["id"] for o in question["options"])
    page, hidden = await form_page(client, code)
    assert page.count('type="number"') == 2 and 'max="10"' in page
    r = await client.post(f"/{code}/vote", data={**hidden, f"points.{red}": "8", f"points.{blue}": "5"})
    assert r.status_code == 422 and catalogue("en")["phone.error_points_over"].format(n=10) in r.text
    assert 'value="8"' in r.text, "what was typed is kept"
    r = await client.post(f"/{code}/vote", data={**hidden, f"points.{red}": "1.5"})
    assert r.status_code == 422 and catalogue("en")["phone.error_points_number"] in r.text
    r = await client.post(f"/{code}/vote", data={**hidden, f"points.{red}": "0"})
    assert r.status_code == 422 and catalogue("en")["phone.error_points_none"] in r.text
    r = await client.post(f"/{code}/vote", data={**hidden, f"points.{red}": "7", f"points.{blue}": ""})
    assert r.status_code == 303
    done = (await client.get(r.headers["location"])).text
    assert re.search(rf'name="points\.{red}" value="7"', done)
    tally = await tally_of(client, ada, room)
    assert tally["totals"] == {red: 7, blue: 0}


async def test_no_script_answers_show_results_in_dutch(client: httpx.AsyncClient) -> None:
    ada, question, room = await room_with_question(client, "scale", "Hoe gaat het?", ("Werk",), steps=5)
    code = room["join_code"]
    (work,) = (o["id"] for o in question["options"])
    _, hidden = await form_page(client, code)
    r = await client.post(f"/{code}/vote", data={**hidden, f"rate.{work}": "4"}, headers=DUTCH)
    done = await client.get(r.headers["location"], headers=DUTCH)
    nl = catalogue("nl")
    assert nl["phone.answer_in"] in done.text and nl["phone.results_title_answers"] in done.text
    assert "4.0 / 5" in done.text
    await ada.control(room["id"], "close_voting")
    r = await client.post(f"/{code}/vote", data={**hidden, f"rate.{work}": "2"}, headers=DUTCH)
    assert r.status_code == 423 and nl["phone.error_closed"] in r.text


async def test_api_answers_show_on_the_page(client: httpx.AsyncClient) -> None:
    """An answer given through the API (the page's script) fills the form without scripts too."""
    ada, question, room = await room_with_question(client, "open_text", "Ideas?")
    phone = await join(client, room["join_code"])
    assert (await phone.vote(question["id"], [])).status_code == 422
    text = await client.post(
        f"/api/join/{room['join_code']}/responses",
        json={"question_id": question["id"], "text": "More coffee"},
        headers=phone.headers,
    )
    assert text.status_code == 201, text.text
    page = await client.get(f"/{room['join_code']}", headers=phone.headers)
    assert page.status_code == 200 and "Ideas?" in page.text
    assert ">More coffee</textarea>" in page.text
    assert catalogue("en")["phone.answer_in_short"] in page.text
    client.cookies.set("poll_session", ada.token)
    results = await client.get(f"/rooms/{room['id']}/results")
    assert results.status_code == 200 and "Ideas?" in results.text
    assert '<span class="row-label">More coffee</span>' in results.text
    client.cookies.clear()


# ----- organiser pages -----


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("/present/abc?x=1", "/present/abc?x=1"),
        ("//evil.example", "/dashboard"),
        ("/\\evil.example", "/dashboard"),
        ("/\t/evil.example", "/dashboard"),
        ("https://evil.example/", "/dashboard"),
        ("dashboard", "/dashboard"),
        (None, "/dashboard"),
    ],
)
def test_login_only_returns_to_this_site(value: str | None, expected: str) -> None:
    assert safe_next(value) == expected


@pytest.mark.parametrize("path", ["/dashboard", "/present/abc", "/rooms/abc/results"])
async def test_organiser_pages_send_strangers_to_the_login(client: httpx.AsyncClient, path: str) -> None:
    r = await client.get(path)
    assert r.status_code == 303
    assert r.headers["location"] == f"/login?next={path}"


async def test_login_by_form_and_organiser_pages(client: httpx.AsyncClient) -> None:
    ada, _, room = await organiser_with_room(client)
    login = await client.get("/login?next=/dashboard", headers=DUTCH)
    assert_safe_html(login)
    assert '<html lang="nl">' in login.text and 'action="/register"' in login.text

    r = await client.post("/login", data={"email": ada.email, "password": "wrong!", "next": "/dashboard"})
    assert r.status_code == 401 and catalogue("en")["login.error_wrong"] in r.text
    r = await client.post(
        "/login", data={"email": ada.email, "password": "correct horse battery", "next": "//evil.example"}
    )
    assert r.status_code == 303 and r.headers["location"] == "/dashboard"
    assert "poll_session=" in r.headers["set-cookie"] and "HttpOnly" in r.headers["set-cookie"]

    dashboard = await client.get("/dashboard")
    assert dashboard.status_code == 200
    assert_safe_html(dashboard)
    assert "Ada" in dashboard.text
    assert (await client.get("/login")).headers["location"] == "/dashboard"

    present = await client.get(f"/present/{room['id']}")
    assert present.status_code == 200
    assert_safe_html(present)
    code = room["join_code"]
    assert f"{code[:4]} {code[4:]}" in present.text
    assert f"/api/rooms/{room['id']}/qr.svg" in present.text
    assert '<html lang="en">' in present.text, "the presenter screen speaks the presentation's language"

    results = await client.get(f"/rooms/{room['id']}/results")
    assert results.status_code == 200 and "Which colour?" in results.text
    assert f'href="/api/rooms/{room["id"]}/export.csv"' in results.text
    assert (await client.get("/present/nope")).status_code == 404
    other = await new_organiser(client, "Bob")
    client.cookies.set("poll_session", other.token)
    assert (await client.get(f"/present/{room['id']}")).status_code == 404
    assert (await client.get(f"/rooms/{room['id']}/results")).status_code == 404
    client.cookies.clear()


async def test_presenter_screen_uses_the_presentations_language(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    r = await ada.post("/api/presentations", {"title": "Teamdag", "language": "nl"})
    room = await ada.room(r.json()["id"])
    client.cookies.set("poll_session", ada.token)
    page = await client.get(f"/present/{room['id']}", headers={"Accept-Language": "en"})
    assert '<html lang="nl">' in page.text and catalogue("nl")["present.go_to"] in page.text
    client.cookies.clear()


async def test_register_by_form(client: httpx.AsyncClient) -> None:
    form = {
        "display_name": "Cleo",
        "email": "cleo@example.org",
        "password": "long enough 1",
        "next": "/dashboard",
    }
    r = await client.post("/register", data=form)
    assert r.status_code == 303 and r.headers["location"] == "/dashboard"
    assert "poll_session=" in r.headers["set-cookie"]
    client.cookies.clear()
    r = await client.post("/register", data=form)
    assert r.status_code == 409 and catalogue("en")["login.error_taken"] in r.text
    r = await client.post("/register", data={**form, "email": "x@example.org", "password": "short"})
    assert r.status_code == 422
    r = await client.post("/register", data=form, headers={"Origin": "https://evil.example"})
    assert r.status_code == 403


# ----- static files -----


def page_assets(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="(/static/[^"]+)"', html)


async def test_static_files_are_versioned_cached_and_compressed(client: httpx.AsyncClient) -> None:
    html = (await client.get("/")).text
    css = next(u for u in page_assets(html) if u.endswith("phone.css"))
    assert re.match(r"^/static/v-[0-9a-f]+/css/phone\.css$", css)
    r = await client.get(css, headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200
    assert r.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert r.headers["content-encoding"] == "gzip"
    assert r.headers["x-content-type-options"] == "nosniff"
    plain = await client.get("/static/css/phone.css")
    assert plain.headers["cache-control"] == "public, max-age=3600"
    assert plain.text == r.text
    js = await client.get(next(u for u in page_assets(html) if u.endswith("phone.js")))
    assert js.headers["content-type"].startswith(("text/javascript", "application/javascript"))
    assert (await client.get("/static/v-abc/../../pyproject.toml")).status_code == 404
    assert (await client.get("/static/nope.css")).status_code == 404


async def test_the_body_guard_still_answers_413_behind_gzip(client: httpx.AsyncClient) -> None:
    big = b"x" * (200 * 1024)
    for path in ("/api/join", "/join"):
        r = await client.post(path, content=big, headers={"Accept-Encoding": "gzip"})
        assert r.status_code == 413, path
        assert r.json()["detail"].startswith("request body is larger")


async def _transfer_size(client: httpx.AsyncClient, url: str, seen: set[str]) -> int:
    """Bytes on the wire (gzip accepted) for a page and everything it loads, imports included."""
    if url in seen:
        return 0
    seen.add(url)
    r = await client.get(url, headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200, url
    size = r.num_bytes_downloaded + sum(len(k) + len(v) + 4 for k, v in r.headers.raw)
    if url.endswith(".js"):
        for imported in re.findall(r"""(?:from|import)\s*['"](\.{1,2}/[^'"]+)['"]""", r.text):
            size += await _transfer_size(client, urljoin(url, imported), seen)
    elif not url.startswith("/static/"):
        for asset in page_assets(r.text):
            size += await _transfer_size(client, asset, seen)
    return size


async def test_phone_pages_weigh_under_50_kb(client: httpx.AsyncClient, app: FastAPI) -> None:
    _, _, room = await organiser_with_room(
        client, prompt="Which topic should we start with?", labels=("Budget", "Office", "Outing", "Hiring")
    )
    join_size = await _transfer_size(client, "/", set())
    assert (await client.post("/join", data={"join_code": room["join_code"]})).status_code == 303
    vote_size = await _transfer_size(client, f"/{room['join_code']}", set())
    # The heaviest question page: a scale of 20 statements with 10 steps each.
    _, _, scale = await room_with_question(
        client, "scale", "How do you rate these?", tuple(f"Statement number {n}" for n in range(20)), steps=10
    )
    assert (await client.post("/join", data={"join_code": scale["join_code"]})).status_code == 303
    scale_size = await _transfer_size(client, f"/{scale['join_code']}", set())
    print(
        f"\nphone page transfer size: join {join_size} B, question {vote_size} B, "
        f"20 x 10 scale {scale_size} B (gzip)"
    )
    assert join_size < PHONE_BUDGET_BYTES
    assert vote_size < PHONE_BUDGET_BYTES
    assert scale_size < PHONE_BUDGET_BYTES
