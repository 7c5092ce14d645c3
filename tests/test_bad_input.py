"""Every wrong input gets a clear 4xx JSON answer, nothing is stored, and the room carries on."""

import httpx
import pytest

from tests.helpers import Organiser, join, new_organiser


async def _room(client: httpx.AsyncClient) -> tuple[Organiser, dict, dict]:
    ada = await new_organiser(client)
    presentation = await ada.presentation(questions=2)
    room = await ada.room(presentation["id"])
    return ada, presentation, room


async def _response_count(client: httpx.AsyncClient, ada: Organiser, room_id: str) -> int:
    results = (await client.get(f"/api/rooms/{room_id}/results", headers=ada.headers)).json()
    return sum(q["response_count"] for q in results["questions"])


async def test_join_codes(client: httpx.AsyncClient) -> None:
    ada, _, room = await _room(client)
    spaced = room["join_code"][:4] + " " + room["join_code"][4:]
    assert (await client.post("/api/join", json={"join_code": spaced})).status_code == 200
    client.cookies.clear()
    unknown = "00000000" if room["join_code"] != "00000000" else "11111111"
    r = await client.post("/api/join", json={"join_code": unknown})
    assert r.status_code == 404 and "code" in r.json()["detail"]
    await ada.control(room["id"], "lock")
    r = await client.post("/api/join", json={"join_code": room["join_code"]})
    assert r.status_code == 423 and "locked" in r.json()["detail"]
    await ada.control(room["id"], "unlock")
    await ada.control(room["id"], "end")
    r_ended = await client.post("/api/join", json={"join_code": room["join_code"]})
    assert r_ended.status_code == 404
    assert (
        r_ended.json() == r.json()
        or r_ended.json()["detail"]
        == (await client.post("/api/join", json={"join_code": unknown})).json()["detail"]
    ), "unknown and ended codes answer alike"


async def test_wrong_codes_are_rate_limited_per_address(client: httpx.AsyncClient) -> None:
    _, _, room = await _room(client)
    statuses = []
    for n in range(12):
        r = await client.post("/api/join", json={"join_code": f"9{n:07d}"})
        statuses.append(r.status_code)
    assert statuses[:10] == [404] * 10
    assert statuses[10] == 429
    limited = await client.post("/api/join", json={"join_code": "90000099"})
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1
    # The limit bounds guessing only: the room's own code still joins from this address.
    assert (await client.post("/api/join", json={"join_code": room["join_code"]})).status_code == 200


async def test_many_joins_from_one_address_succeed(client: httpx.AsyncClient) -> None:
    """A venue behind one NAT: 500 joins a minute from one address must work."""
    _, _, room = await _room(client)
    for _ in range(500):
        r = await client.post("/api/join", json={"join_code": room["join_code"]})
        assert r.status_code == 200, r.text
        client.cookies.clear()


@pytest.mark.parametrize(
    "body",
    [
        {"choice_ids": ["x"]},
        {"question_id": 7, "choice_ids": []},
        {"question_id": "Q", "choice_ids": "not-a-list"},
        {"question_id": "Q", "choice_ids": []},
        {"question_id": "Q", "choice_ids": ["no-such-option"]},
        {"question_id": "Q", "choice_ids": ["A", "A"]},
        {"question_id": "Q", "choice_ids": ["A", "B"]},
        {"question_id": "Q", "choice_ids": ["A"], "extra": 1},
        ["not", "an", "object"],
    ],
)
async def test_invalid_votes_are_refused(client: httpx.AsyncClient, body: object) -> None:
    ada, presentation, room = await _room(client)
    question = presentation["questions"][0]
    ids = {"Q": question["id"], "A": question["options"][0]["id"], "B": question["options"][1]["id"]}

    def fill(value: object) -> object:
        if isinstance(value, dict):
            return {k: fill(v) for k, v in value.items()}
        if isinstance(value, list):
            return [fill(v) for v in value]
        return ids.get(value, value) if isinstance(value, str) else value

    phone = await join(client, room["join_code"])
    r = await client.post(f"/api/join/{room['join_code']}/responses", json=fill(body), headers=phone.headers)
    assert r.status_code == 422, r.text
    assert r.json()["detail"]
    assert await _response_count(client, ada, room["id"]) == 0
    ok = await phone.vote(question["id"], [question["options"][0]["id"]])
    assert ok.status_code == 201, "the room carries on after bad input"


async def test_votes_when_closed_or_not_current(client: httpx.AsyncClient) -> None:
    ada, presentation, room = await _room(client)
    q1, q2 = presentation["questions"]
    phone = await join(client, room["join_code"])
    r = await phone.vote(q2["id"], [q2["options"][0]["id"]])
    assert r.status_code == 423
    await ada.control(room["id"], "close_voting")
    r = await phone.vote(q1["id"], [q1["options"][0]["id"]])
    assert r.status_code == 423 and "closed" in r.json()["detail"]
    await ada.control(room["id"], "open_voting")
    assert (await phone.vote(q1["id"], [q1["options"][0]["id"]])).status_code == 201
    await ada.control(room["id"], "end")
    r = await phone.vote(q1["id"], [q1["options"][0]["id"]])
    assert r.status_code in {404, 423}
    assert await _response_count(client, ada, room["id"]) == 1


async def test_votes_need_a_participant(client: httpx.AsyncClient) -> None:
    _, presentation, room = await _room(client)
    question = presentation["questions"][0]
    body = {"question_id": question["id"], "choice_ids": [question["options"][0]["id"]]}
    r = await client.post(f"/api/join/{room['join_code']}/responses", json=body)
    assert r.status_code == 401
    r = await client.post(
        f"/api/join/{room['join_code']}/responses", json=body, headers={"Authorization": "Bearer forged"}
    )
    assert r.status_code == 401


async def test_oversized_and_malformed_bodies(client: httpx.AsyncClient) -> None:
    ada, _presentation, room = await _room(client)
    phone = await join(client, room["join_code"])
    huge = {"question_id": "x", "choice_ids": ["a" * 100] * 2000}
    r = await client.post(f"/api/join/{room['join_code']}/responses", json=huge, headers=phone.headers)
    assert r.status_code == 413 and "larger" in r.json()["detail"]
    r = await client.post(
        f"/api/join/{room['join_code']}/responses",
        content=b"{not json",
        headers={**phone.headers, "Content-Type": "application/json"},
    )
    assert r.status_code == 422
    r = await ada.post("/api/presentations", {"title": "x" * 201})
    assert r.status_code == 422
    r = await ada.post("/api/presentations", {"title": "   "})
    assert r.status_code == 422


async def test_question_limits(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    presentation = await ada.presentation(questions=0)
    url = f"/api/presentations/{presentation['id']}/questions"

    async def create(options: int, **extra: object) -> httpx.Response:
        body = {
            "type": "multiple_choice",
            "prompt": "Pick",
            "options": [{"label": f"o{i}"} for i in range(options)],
            **extra,
        }
        return await ada.post(url, body)

    assert (await create(1)).status_code == 422
    assert (await create(31)).status_code == 422
    assert (await create(2)).status_code == 201
    assert (await create(30)).status_code == 201
    r = await create(3, settings={"multi_select": False, "max_choices": 2})
    assert r.status_code == 422 and "max_choices" in r.json()["detail"]
    r = await create(3, settings={"multi_select": True})
    assert r.status_code == 201 and r.json()["settings"]["max_choices"] == 3
    r = await create(3, settings={"surprise": True})
    assert r.status_code == 422
    r = await ada.post(url, {"type": "telepathy", "prompt": "?"})
    assert r.status_code == 422 and "unknown question type" in r.json()["detail"]
    r = await ada.post(
        url, {"type": "multiple_choice", "prompt": "?", "options": [{"label": "a"}, {"label": "A "}]}
    )
    assert r.status_code == 422


async def test_multi_select_respects_max_choices(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    presentation = await ada.presentation(questions=0)
    r = await ada.post(
        f"/api/presentations/{presentation['id']}/questions",
        {
            "type": "multiple_choice",
            "prompt": "Pick two",
            "options": [{"label": letter} for letter in "ABCD"],
            "settings": {"multi_select": True, "max_choices": 2},
        },
    )
    question = r.json()
    room = await ada.room(presentation["id"])
    phone = await join(client, room["join_code"])
    ids = [o["id"] for o in question["options"]]
    assert (await phone.vote(question["id"], ids[:3])).status_code == 422
    assert (await phone.vote(question["id"], ids[:2])).status_code == 201
    results = (await client.get(f"/api/rooms/{room['id']}/results", headers=ada.headers)).json()
    assert results["questions"][0]["tally"]["counts"] == {ids[0]: 1, ids[1]: 1, ids[2]: 0, ids[3]: 0}


async def test_control_errors(client: httpx.AsyncClient) -> None:
    ada, _, room = await _room(client)
    r = await ada.control(room["id"], "goto")
    assert r.status_code == 422
    r = await ada.control(room["id"], "goto", question_id="nope")
    assert r.status_code == 404
    r = await ada.control(room["id"], "dance")
    assert r.status_code == 422
    await ada.control(room["id"], "end")
    r = await ada.control(room["id"], "next")
    assert r.status_code == 409


async def test_other_organisers_objects_are_not_found(client: httpx.AsyncClient) -> None:
    ada, presentation, room = await _room(client)
    bob = await new_organiser(client, "Bob")
    question_id = presentation["questions"][0]["id"]
    pid, rid = presentation["id"], room["id"]
    attempts = [
        ("GET", f"/api/presentations/{pid}", None),
        ("PATCH", f"/api/presentations/{pid}", {"title": "mine now"}),
        ("DELETE", f"/api/presentations/{pid}", None),
        (
            "POST",
            f"/api/presentations/{pid}/questions",
            {"type": "multiple_choice", "prompt": "x", "options": [{"label": "a"}, {"label": "b"}]},
        ),
        ("PATCH", f"/api/questions/{question_id}", {"prompt": "hijacked"}),
        ("DELETE", f"/api/questions/{question_id}", None),
        ("PUT", f"/api/presentations/{pid}/question-order", {"question_ids": []}),
        ("POST", f"/api/presentations/{pid}/rooms", {}),
        ("GET", f"/api/presentations/{pid}/rooms", None),
        ("GET", f"/api/rooms/{rid}", None),
        ("POST", f"/api/rooms/{rid}/control", {"action": "end"}),
        ("GET", f"/api/rooms/{rid}/results", None),
        ("GET", f"/api/rooms/{rid}/qr.svg", None),
    ]
    for method, url, body in attempts:
        theirs = await client.request(method, url, json=body, headers=bob.headers)
        missing = await client.request(
            method,
            url.replace(pid, "0" * 32).replace(rid, "0" * 32).replace(question_id, "0" * 32),
            json=body,
            headers=bob.headers,
        )
        assert theirs.status_code == 404, (method, url, theirs.status_code)
        assert theirs.json() == missing.json(), (method, url)
        anonymous = await client.request(method, url, json=body)
        assert anonymous.status_code == 401, (method, url)
    # Nothing changed for the owner.
    r = await client.get(f"/api/presentations/{pid}", headers=ada.headers)
    assert r.json()["title"] == presentation["title"] and len(r.json()["questions"]) == 2


async def test_registration_and_login_errors(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    r = await client.post(
        "/api/auth/register", json={"email": ada.email, "password": "another password", "display_name": "A"}
    )
    assert r.status_code == 409
    r = await client.post(
        "/api/auth/register", json={"email": "bad", "password": "x" * 10, "display_name": "A"}
    )
    assert r.status_code == 422
    r = await client.post(
        "/api/auth/register", json={"email": "a@example.org", "password": "short", "display_name": "A"}
    )
    assert r.status_code == 422
    r = await client.post("/api/auth/login", json={"email": ada.email, "password": "wrong password"})
    assert r.status_code == 401
    r = await client.get("/api/auth/me", headers=ada.headers)
    assert r.status_code == 200 and r.json()["email"] == ada.email
    r = await client.post("/api/auth/logout", headers=ada.headers)
    assert r.status_code == 204
    assert (await client.get("/api/auth/me", headers=ada.headers)).status_code == 401


async def test_json_routes_answer_415_to_other_content_types(client: httpx.AsyncClient) -> None:
    _, _, room = await _room(client)
    for content_type in (
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
    ):
        r = await client.post(
            "/api/join",
            content=f'{{"join_code": "{room["join_code"]}"}}',
            headers={"Content-Type": content_type},
        )
        assert r.status_code == 415, (content_type, r.text)
        assert "application/json" in r.json()["detail"]
        r = await client.post(
            "/api/presentations", content=b'{"title": "x"}', headers={"Content-Type": content_type}
        )
        assert r.status_code == 415, (content_type, r.text)
    r = await client.post(
        "/api/join",
        content=f'{{"join_code": "{room["join_code"]}"}}',
        headers={"Content-Type": "application/json"},
    )
    assert r.status_code == 200, r.text
