"""Moderation of free text over the API (SQLite and PostgreSQL): the filter, approve-first, the
organiser's queue, restoring and hiding answers, hidden word-cloud words; results count only
what is visible."""

# ruff: noqa: RUF001 (look-alike letters are what these lines are about)

from typing import Any

import httpx

from tests.helpers import Organiser, Phone, join, new_organiser
from tests.qna_support import qna_room

WORDS = {"type": "word_cloud", "prompt": "One word for today?", "settings": {"moderation": "filter"}}
TEXT = {"type": "open_text", "prompt": "Any remarks?", "settings": {"moderation": "approve"}}


async def send(phone: Phone, body: dict[str, Any]) -> httpx.Response:
    return await phone.client.post(f"/api/join/{phone.join_code}/responses", json=body, headers=phone.headers)


async def results(ada: Organiser, room_id: str, question_id: str) -> dict[str, Any]:
    r = await ada.client.get(f"/api/rooms/{room_id}/results", headers=ada.headers)
    assert r.status_code == 200, r.text
    result: dict[str, Any] = next(q for q in r.json()["questions"] if q["question_id"] == question_id)
    return result


def words(result: dict[str, Any]) -> dict[str, int]:
    return {w["key"]: w["count"] for w in result["tally"]["words"]}


async def test_filter_stores_hidden_and_the_organiser_can_restore(client: httpx.AsyncClient) -> None:
    ada, presentation, room = await qna_room(client, [WORDS])
    question = presentation["questions"][0]
    one, two = [await join(client, room["join_code"]) for _ in range(2)]
    r = await send(one, {"question_id": question["id"], "entries": ["koffie", "thee"]})
    assert r.status_code == 201 and r.json().get("status", "visible") == "visible"
    r = await send(two, {"question_id": question["id"], "entries": ["koffie", "ѕh1t"]})
    assert r.status_code == 201
    assert r.json()["status"] == "hidden" and "not allowed" in r.json()["message"]
    hidden_id = r.json()["response_id"]
    # The phone still sees its own answer, with its status; nobody's results count it.
    state = await two.state()
    assert (
        state["my_response"]["entries"] == ["koffie", "ѕh1t"] and state["my_response"]["status"] == "hidden"
    )
    result = await results(ada, room["id"], question["id"])
    assert result["response_count"] == 1 and words(result) == {"koffie": 1, "thee": 1}

    queue = (
        await client.get(f"/api/rooms/{room['id']}/moderation?status=hidden", headers=ada.headers)
    ).json()
    assert queue["counts"] == {"pending": 0, "hidden": 1, "visible": 1}
    assert [(e["id"], e["answer"]["entries"]) for e in queue["responses"]] == [
        (hidden_id, ["koffie", "ѕh1t"])
    ]

    r = await client.patch(
        f"/api/rooms/{room['id']}/responses/{hidden_id}", json={"status": "visible"}, headers=ada.headers
    )
    assert r.status_code == 200 and r.json()["status"] == "visible"
    result = await results(ada, room["id"], question["id"])
    assert result["response_count"] == 2 and words(result)["koffie"] == 2
    assert "status" not in (await two.state())["my_response"]


async def test_approve_first_queue(client: httpx.AsyncClient) -> None:
    ada, presentation, room = await qna_room(client, [TEXT])
    question = presentation["questions"][0]
    r = await ada.control(room["id"], "goto", question_id=question["id"])
    phone = await join(client, room["join_code"])
    r = await send(phone, {"question_id": question["id"], "text": "Meer koffie graag"})
    assert r.status_code == 201 and r.json()["status"] == "pending" and "approval" in r.json()["message"]
    waiting = r.json()["response_id"]
    assert (await results(ada, room["id"], question["id"]))["tally"] == {"answers": [], "count": 0}
    queue = (await client.get(f"/api/rooms/{room['id']}/moderation", headers=ada.headers)).json()
    assert [e["id"] for e in queue["responses"]] == [waiting] and queue["counts"]["pending"] == 1
    assert queue["responses"][0]["type"] == "open_text"

    await client.patch(
        f"/api/rooms/{room['id']}/responses/{waiting}", json={"status": "visible"}, headers=ada.headers
    )
    assert (await results(ada, room["id"], question["id"]))["tally"]["answers"] == ["Meer koffie graag"]
    # A changed answer waits for approval again.
    r = await send(phone, {"question_id": question["id"], "text": "Nog meer koffie"})
    assert r.json()["status"] == "pending"
    assert (await results(ada, room["id"], question["id"]))["tally"]["answers"] == []
    await client.patch(
        f"/api/rooms/{room['id']}/responses/{r.json()['response_id']}",
        json={"status": "hidden"},
        headers=ada.headers,
    )
    queue = (
        await client.get(f"/api/rooms/{room['id']}/moderation?status=hidden", headers=ada.headers)
    ).json()
    assert queue["counts"] == {"pending": 0, "hidden": 1, "visible": 0}


async def test_hidden_words_leave_the_cloud(client: httpx.AsyncClient) -> None:
    ada, presentation, room = await qna_room(client, [{**WORDS, "settings": {}}])
    question = presentation["questions"][0]
    # Everyone joins first: an in-process client can vote before the join reached the live room.
    audience = [await join(client, room["join_code"]) for _ in range(3)]
    for phone, entries in zip(audience, (["Koffie", "thee"], ["koffie "], ["KOFFIE", "water"]), strict=True):
        r = await send(phone, {"question_id": question["id"], "entries": entries})
        assert r.status_code == 201, r.text
    url = f"/api/rooms/{room['id']}/questions/{question['id']}/hidden-words"
    r = await client.post(url, json={"word": "ＫＯＦＦＩＥ"}, headers=ada.headers)  # any spelling: one key
    assert r.status_code == 201 and r.json() == {"question_id": question["id"], "words": ["koffie"]}
    result = await results(ada, room["id"], question["id"])
    assert words(result) == {"thee": 1, "water": 1} and result["tally"]["distinct"] == 2
    assert result["response_count"] == 3  # the answers still count; the word is not shown
    assert (await client.get(url, headers=ada.headers)).json()["words"] == ["koffie"]
    r = await client.delete(f"{url}/Koffie", headers=ada.headers)
    assert r.status_code == 200 and r.json()["words"] == []
    assert words(await results(ada, room["id"], question["id"]))["koffie"] == 3


async def test_bad_moderation_requests(client: httpx.AsyncClient) -> None:
    ada, presentation, room = await qna_room(
        client,
        [WORDS, {"type": "multiple_choice", "prompt": "?", "options": [{"label": "a"}, {"label": "b"}]}],
    )
    cloud, choice = presentation["questions"]
    phone = await join(client, room["join_code"])
    vote = (await send(phone, {"question_id": cloud["id"], "entries": ["x"]})).json()
    base = f"/api/rooms/{room['id']}"
    bad = [
        ("get", f"{base}/moderation?status=gone", None, 422),
        ("patch", f"{base}/responses/{vote['response_id']}", {"status": "pending"}, 422),
        ("patch", f"{base}/responses/{vote['response_id']}", {}, 422),
        ("patch", f"{base}/responses/nope", {"status": "hidden"}, 404),
        ("post", f"{base}/questions/{choice['id']}/hidden-words", {"word": "a"}, 422),
        ("post", f"{base}/questions/nope/hidden-words", {"word": "a"}, 404),
        ("post", f"{base}/questions/{cloud['id']}/hidden-words", {"word": ""}, 422),
        ("post", f"{base}/questions/{cloud['id']}/hidden-words", {"word": "\u200b"}, 422),
        ("post", f"{base}/questions/{cloud['id']}/hidden-words", {"word": "x" * 61}, 422),
        ("post", f"{base}/questions/{cloud['id']}/hidden-words", {"words": ["x"]}, 422),
    ]
    for method, url, body, status in bad:
        kwargs: dict[str, Any] = {"headers": ada.headers}
        if body is not None:
            kwargs["json"] = body
        r = await client.request(method.upper(), url, **kwargs)
        assert r.status_code == status, (url, body, r.text)
        assert "detail" in r.json()
    bob = await new_organiser(client, "Bob")
    r = await client.get(f"{base}/moderation", headers=bob.headers)
    assert r.status_code == 404
    r = await client.patch(
        f"{base}/responses/{vote['response_id']}", json={"status": "hidden"}, headers=bob.headers
    )
    assert r.status_code == 404
    assert (await client.get(f"{base}/moderation")).status_code == 401
    # Unknown moderation values are refused when a question is written.
    r = await ada.post(
        f"/api/presentations/{presentation['id']}/questions", {**WORDS, "settings": {"moderation": "maybe"}}
    )
    assert r.status_code == 422
