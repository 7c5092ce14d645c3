"""Every question type over the API: created from {type, prompt} (+ options), valid answers count,
invalid ones get a clear 422, and the results JSON shows the documented tally."""

import asyncio
from typing import Any

import httpx
import pytest

from tests.helpers import Organiser, Phone, join, new_organiser


async def _question(
    client: httpx.AsyncClient, body: dict[str, Any]
) -> tuple[Organiser, dict[str, Any], dict[str, Any]]:
    ada = await new_organiser(client)
    presentation = await ada.presentation(questions=0)
    r = await ada.post(f"/api/presentations/{presentation['id']}/questions", body)
    assert r.status_code == 201, r.text
    room = await ada.room(presentation["id"])
    return ada, r.json(), room


async def _send(phone: Phone, body: dict[str, Any]) -> httpx.Response:
    return await phone.client.post(f"/api/join/{phone.join_code}/responses", json=body, headers=phone.headers)


async def _tally(client: httpx.AsyncClient, ada: Organiser, room_id: str) -> dict[str, Any]:
    results = (await client.get(f"/api/rooms/{room_id}/results", headers=ada.headers)).json()
    question: dict[str, Any] = results["questions"][0]
    return question


async def test_word_cloud_merges_spellings(client: httpx.AsyncClient) -> None:
    ada, question, room = await _question(client, {"type": "word_cloud", "prompt": "One word?"})
    assert question["settings"]["max_entries"] == 3 and question["options"] == []
    a, b = await join(client, room["join_code"]), await join(client, room["join_code"])
    qid = question["id"]
    assert (await _send(a, {"question_id": qid, "entries": ["Bibliotheek", "koffie"]})).status_code == 201
    assert (
        await _send(b, {"question_id": qid, "entries": ["bibliotheek ", "biblio\u200btheek"]})
    ).status_code == 201
    for bad in ([], ["a", "b", "c", "d"], ["   "], ["x" * 41], ["e\u0301\u0301\u0301\u0301\u0301\u0301"]):
        r = await _send(a, {"question_id": qid, "entries": bad})
        assert r.status_code == 422, (bad, r.text)
    result = await _tally(client, ada, room["id"])
    words = {w["text"]: w["count"] for w in result["tally"]["words"]}
    # Three spellings, one word, shown as most people typed it.
    assert words == {"bibliotheek": 3, "koffie": 1}
    assert result["tally"]["words"][0]["text"] == "bibliotheek"


async def test_word_cloud_multiple_submissions(client: httpx.AsyncClient) -> None:
    ada, question, room = await _question(
        client,
        {
            "type": "word_cloud",
            "prompt": "Words?",
            "settings": {"multiple_submissions": True, "max_submissions": 2},
        },
    )
    phone = await join(client, room["join_code"])
    qid = question["id"]
    assert (await _send(phone, {"question_id": qid, "entries": ["een"]})).status_code == 201
    assert (await _send(phone, {"question_id": qid, "entries": ["twee"]})).status_code == 201
    r = await _send(phone, {"question_id": qid, "entries": ["drie"]})
    assert r.status_code == 409 and "at most 2" in r.json()["detail"]
    result = await _tally(client, ada, room["id"])
    assert {w["text"] for w in result["tally"]["words"]} == {"een", "twee"}
    assert result["response_count"] == 2


async def test_simultaneous_word_entries_lose_nothing_and_count_nothing_twice(
    client: httpx.AsyncClient,
) -> None:
    ada, question, room = await _question(
        client,
        {
            "type": "word_cloud",
            "prompt": "Words?",
            "settings": {"multiple_submissions": True, "max_submissions": 3},
        },
    )
    qid = question["id"]
    phones = [await join(client, room["join_code"]) for _ in range(30)]
    # Each phone sends its three submissions at once, all 90 at the same moment, plus 2 extra
    # ones per phone that must be refused, never stored.
    sends = [
        _send(p, {"question_id": qid, "entries": ["Samen", f"woord{n % 3}"]})
        for p in phones
        for n in range(5)
    ]
    answers = await asyncio.gather(*sends)
    assert {r.status_code for r in answers} <= {201, 409, 429}
    stored = sum(r.status_code == 201 for r in answers)
    assert stored == 90, [r.text for r in answers if r.status_code != 201][:3]
    result = await _tally(client, ada, room["id"])
    words = {w["text"]: w["count"] for w in result["tally"]["words"]}
    assert result["response_count"] == 90
    assert words["Samen"] == 90  # shown as typed
    assert sum(words.values()) == 180


async def test_open_text(client: httpx.AsyncClient) -> None:
    ada, question, room = await _question(
        client, {"type": "open_text", "prompt": "Ideas?", "settings": {"max_length": 50}}
    )
    phone = await join(client, room["join_code"])
    qid = question["id"]
    assert (
        await _send(phone, {"question_id": qid, "text": "  More <b>coffee</b>\u202e please  "})
    ).status_code == 201
    assert (await _send(phone, {"question_id": qid, "text": "x" * 51})).status_code == 422
    assert (await _send(phone, {"question_id": qid, "text": "\u200b\u200b"})).status_code == 422
    result = await _tally(client, ada, room["id"])
    assert result["tally"] == {"answers": ["More <b>coffee</b> please"], "count": 1}


async def test_scale(client: httpx.AsyncClient) -> None:
    ada, question, room = await _question(
        client,
        {
            "type": "scale",
            "prompt": "Hoe eens bent u?",
            "options": [{"label": "De bibliotheek is goed bereikbaar"}, {"label": "Meer groen"}],
            "settings": {"steps": 5, "min_label": "helemaal oneens", "max_label": "helemaal eens"},
        },
    )
    s1, s2 = (o["id"] for o in question["options"])
    qid = question["id"]
    phones = [await join(client, room["join_code"]) for _ in range(3)]
    for phone, (r1, r2) in zip(phones, [(5, 1), (4, None), (3, 2)], strict=True):
        assert (await _send(phone, {"question_id": qid, "ratings": {s1: r1, s2: r2}})).status_code == 201
    assert (await _send(phones[0], {"question_id": qid, "ratings": {s1: 6, s2: 1}})).status_code == 422
    assert (await _send(phones[0], {"question_id": qid, "ratings": {s1: 3}})).status_code == 422
    tally = (await _tally(client, ada, room["id"]))["tally"]
    assert tally["statements"][s1] == {"distribution": [0, 0, 1, 1, 1], "count": 3, "mean": 4.0, "skipped": 0}
    assert tally["statements"][s2] == {"distribution": [1, 1, 0, 0, 0], "count": 2, "mean": 1.5, "skipped": 1}


async def test_ranking(client: httpx.AsyncClient) -> None:
    ada, question, room = await _question(
        client,
        {
            "type": "ranking",
            "prompt": "Order these",
            "options": [{"label": x} for x in ("Park", "School", "Road")],
        },
    )
    park, school, road = (o["id"] for o in question["options"])
    qid = question["id"]
    a, b = await join(client, room["join_code"]), await join(client, room["join_code"])
    assert (await _send(a, {"question_id": qid, "order": [park, school, road]})).status_code == 201
    assert (await _send(b, {"question_id": qid, "order": [park, road, school]})).status_code == 201
    assert (await _send(a, {"question_id": qid, "order": [park, school]})).status_code == 422
    assert (await _send(a, {"question_id": qid, "order": [park, park, road]})).status_code == 422
    tally = (await _tally(client, ada, room["id"]))["tally"]
    assert tally["votes"] == 2
    assert tally["items"][0] == {"option_id": park, "average_rank": 1.0, "points": 6}
    assert {i["option_id"]: i["average_rank"] for i in tally["items"]} == {park: 1.0, school: 2.5, road: 2.5}


async def test_points(client: httpx.AsyncClient) -> None:
    ada, question, room = await _question(
        client,
        {"type": "points", "prompt": "Spread 100", "options": [{"label": "Parks"}, {"label": "Roads"}]},
    )
    parks, roads = (o["id"] for o in question["options"])
    qid = question["id"]
    phone = await join(client, room["join_code"])
    assert (await _send(phone, {"question_id": qid, "points": {parks: 70, roads: 31}})).status_code == 422
    assert (await _send(phone, {"question_id": qid, "points": {parks: -1, roads: 50}})).status_code == 422
    assert (await _send(phone, {"question_id": qid, "points": {parks: 75, roads: 25}})).status_code == 201
    tally = (await _tally(client, ada, room["id"]))["tally"]
    assert tally == {"totals": {parks: 75, roads: 25}, "shares": {parks: 0.75, roads: 0.25}}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"type": "word_cloud", "prompt": "x", "options": [{"label": "a"}]}, "no options"),
        ({"type": "scale", "prompt": "x"}, "needs options"),
        ({"type": "scale", "prompt": "x", "options": [{"label": "a"}], "settings": {"steps": 11}}, "steps"),
        ({"type": "ranking", "prompt": "x", "options": [{"label": str(i)} for i in range(11)]}, "2 to 10"),
        (
            {
                "type": "points",
                "prompt": "x",
                "options": [{"label": "a"}, {"label": "b"}],
                "settings": {"total": 0},
            },
            "total",
        ),
        ({"type": "open_text", "prompt": "x", "settings": {"max_length": 5000}}, "max_length"),
    ],
)
async def test_invalid_questions(client: httpx.AsyncClient, body: dict[str, Any], message: str) -> None:
    ada = await new_organiser(client)
    presentation = await ada.presentation(questions=0)
    r = await ada.post(f"/api/presentations/{presentation['id']}/questions", body)
    assert r.status_code == 422 and message in r.json()["detail"], r.text
