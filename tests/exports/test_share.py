"""The shared results page: publish, read without login (HTML and JSON), revoke, rotate."""

import hashlib
import re
import threading
from typing import Any

import httpx
from sqlalchemy import select

from tests.exports.support import QuestionSpec, build_event

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> “Zoë” & €'


async def test_share_publish_read_and_revoke(client: httpx.AsyncClient, app: object) -> None:
    specs = [
        QuestionSpec(HOSTILE, ["Ja <b>zeker</b>", "Nee"], votes=[[[0], [0], [1]]]),
        QuestionSpec("Nog iets?", ["Ja", "Nee"], votes=[[]]),
    ]
    event = await build_event(client, specs, room_names=["Zaal “Noord”"])
    rid = event.rooms[0]["id"]
    assert (await event.get(f"/api/rooms/{rid}/share")).json() == {"shared": False, "created_at": None}

    r = await client.post(f"/api/rooms/{rid}/share", headers=event.organiser.headers)
    assert r.status_code == 201, r.text
    body = r.json()
    token, url = body["token"], body["url"]
    assert len(token) >= 32 and re.fullmatch(r"[A-Za-z0-9_-]+", token)
    assert url == f"http://testserver/results/{token}" and body["json_url"] == url + ".json"
    status = (await event.get(f"/api/rooms/{rid}/share")).json()
    assert status["shared"] is True and status["created_at"].endswith("Z")

    # Only the token's SHA-256 is stored.
    from poll_service.models import ResultsShare

    async with app.state.context.sessionmaker() as session:  # type: ignore[attr-defined]
        stored = (await session.scalars(select(ResultsShare))).all()
    assert [s.token_hash for s in stored] == [hashlib.sha256(token.encode()).hexdigest()]

    # The page: no login, HTML escaped, no inline script or style, printable CSS, the numbers.
    page = await client.get(f"/results/{token}")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert page.headers["cache-control"] == "no-store"
    assert page.headers["referrer-policy"] == "no-referrer"
    assert "noindex" in page.headers["x-robots-tag"]
    html = page.text
    assert '<html lang="nl">' in html
    assert "<script" not in html and "style=" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    assert "“Zoë” &amp; €" in html
    assert "Ja &lt;b&gt;zeker&lt;/b&gt;" in html
    assert "2 · 67%" in html and "1 · 33%" in html and "w67" in html and "w33" in html
    assert "Geen antwoorden op deze vraag." in html
    assert event.rooms[0]["join_code"] not in html  # nothing that lets a reader vote
    css_url = re.search(r'<link rel="stylesheet" href="([^"]+results\.css)">', html)
    assert css_url is not None
    css = await client.get(css_url.group(1))
    assert css.status_code == 200 and "@media print" in css.text and ".w67 { width: 67%; }" in css.text

    # The JSON says the same as the results API.
    data = (await client.get(f"/results/{token}.json")).json()
    results = await event.results()
    assert data["participant_count"] == results["participant_count"] == 3
    assert [q["prompt"] for q in data["questions"]] == [q["prompt"] for q in results["questions"]]
    for shown, result, question in zip(data["questions"], results["questions"], event.questions, strict=True):
        assert shown["response_count"] == result["response_count"]
        assert [o["count"] for o in shown["options"]] == [
            result["tally"]["counts"][o["id"]] for o in question["options"]
        ]
    assert data["questions"][0]["options"][0] == {"label": "Ja <b>zeker</b>", "count": 2, "percent": 67}
    assert "join_code" not in str(data) and rid not in str(data)

    # Revoke: both answer 404, as an unknown token does.
    r = await client.delete(f"/api/rooms/{rid}/share", headers=event.organiser.headers)
    assert r.status_code == 204
    for path in (f"/results/{token}", f"/results/{token}.json", "/results/" + "A" * 32, "/results/x.json"):
        assert (await client.get(path)).status_code == 404, path
    assert (await event.get(f"/api/rooms/{rid}/share")).json()["shared"] is False
    assert (
        await client.delete(f"/api/rooms/{rid}/share", headers=event.organiser.headers)
    ).status_code == 204


async def test_publishing_again_replaces_the_link(client: httpx.AsyncClient) -> None:
    event = await build_event(client, [QuestionSpec("Ja?", ["Ja", "Nee"], votes=[[[1]]])])
    rid = event.rooms[0]["id"]
    first = (await client.post(f"/api/rooms/{rid}/share", headers=event.organiser.headers)).json()["token"]
    second = (await client.post(f"/api/rooms/{rid}/share", headers=event.organiser.headers)).json()["token"]
    assert first != second
    assert (await client.get(f"/results/{first}")).status_code == 404
    assert (await client.get(f"/results/{second}")).status_code == 200
    # Deleting the room's presentation takes the share with it.
    pid = event.presentation["id"]
    assert (
        await client.delete(f"/api/presentations/{pid}", headers=event.organiser.headers)
    ).status_code == 204
    assert (await client.get(f"/results/{second}")).status_code == 404


async def test_simultaneous_publishing_leaves_exactly_one_working_link(client: httpx.AsyncClient) -> None:
    import asyncio

    event = await build_event(client, [QuestionSpec("Ja?", ["Ja", "Nee"], votes=[[[0]]])])
    rid = event.rooms[0]["id"]
    answers = await asyncio.gather(
        *(client.post(f"/api/rooms/{rid}/share", headers=event.organiser.headers) for _ in range(6))
    )
    assert all(r.status_code in (201, 409) for r in answers), [r.status_code for r in answers]
    tokens = [r.json()["token"] for r in answers if r.status_code == 201]
    working = [t for t in tokens if (await client.get(f"/results/{t}.json")).status_code == 200]
    assert len(working) == 1


async def test_the_page_is_made_in_the_export_worker_thread(
    client: httpx.AsyncClient, monkeypatch: Any
) -> None:
    """Its word clouds take a while to lay out: never on the event loop that serves live rooms."""
    from poll_service.exports import files

    seen: list[str] = []
    original = files.results_page

    def spy(report: Any) -> str:
        seen.append(threading.current_thread().name)
        return original(report)

    monkeypatch.setattr(files, "results_page", spy)
    event = await build_event(client, [QuestionSpec("Ja of nee?", ["Ja", "Nee"], votes=[[[0]]])])
    r = await client.post(f"/api/rooms/{event.rooms[0]['id']}/share", headers=event.organiser.headers)
    page = await client.get(f"/results/{r.json()['token']}")
    assert page.status_code == 200 and "Ja of nee?" in page.text
    assert seen and seen[0].startswith("poll-export")
