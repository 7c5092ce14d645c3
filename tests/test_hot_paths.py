"""The lean ASGI paths for joining and voting answer exactly like the documented FastAPI routes."""

import asyncio
from collections.abc import AsyncIterator

import httpx

from tests.helpers import join, new_organiser


async def _live_question(client: httpx.AsyncClient) -> tuple[dict, dict]:
    ada = await new_organiser(client)
    presentation = await ada.presentation(questions=1)
    room = await ada.room(presentation["id"])
    return room, presentation["questions"][0]


async def test_a_cookie_vote_is_stored_and_answered_with_security_headers(client: httpx.AsyncClient) -> None:
    room, question = await _live_question(client)
    r = await client.post("/api/join", json={"join_code": room["join_code"]})
    assert r.status_code == 200
    # The phone page authenticates by its HttpOnly cookie alone.
    r = await client.post(
        f"/api/join/{room['join_code']}/responses",
        json={"question_id": question["id"], "choice_ids": [question["options"][1]["id"]]},
    )
    client.cookies.clear()
    assert r.status_code == 201, r.text
    assert r.headers["content-type"] == "application/json"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert set(r.json()) == {"response_id", "question_id"}
    assert r.json()["question_id"] == question["id"]


async def test_bad_bodies_get_clear_422s(client: httpx.AsyncClient) -> None:
    room, question = await _live_question(client)
    phone = await join(client, room["join_code"])
    url = f"/api/join/{room['join_code']}/responses"
    for content in (b"[1, 2]", b'"text"', b"{", b""):
        r = await client.post(
            url, content=content, headers={**phone.headers, "Content-Type": "application/json"}
        )
        assert r.status_code == 422, (content, r.text)
        assert isinstance(r.json()["detail"], str) and r.json()["detail"]
    r = await client.post(url, json={"choice_ids": []}, headers=phone.headers)
    assert r.status_code == 422 and "question_id" in r.json()["detail"]
    r = await phone.vote(question["id"], [question["options"][0]["id"]], key="bad\nkey")
    assert r.status_code in {400, 422}  # httpx may refuse to send a newline; the server must not take it
    r = await phone.vote(question["id"], [question["options"][0]["id"]], key="k" * 129)
    assert r.status_code == 422 and "Idempotency-Key" in r.json()["detail"]


async def test_unknown_paths_and_methods_still_reach_fastapi(client: httpx.AsyncClient) -> None:
    room, _question = await _live_question(client)
    r = await client.get(f"/api/join/{room['join_code']}/responses")
    assert r.status_code == 405  # only POST is taken by the fast path
    r = await client.post(f"/api/join/{room['join_code']}/responses/extra", json={})
    assert r.status_code == 404


async def test_rate_limited_votes_carry_retry_after(client: httpx.AsyncClient) -> None:
    room, question = await _live_question(client)
    phone = await join(client, room["join_code"])
    answers = await asyncio.gather(
        *(phone.vote(question["id"], [question["options"][n % 3]["id"]]) for n in range(40))
    )
    limited = [r for r in answers if r.status_code == 429]
    assert limited, "40 votes in a moment must hit the per-participant limit (20 per 10 s)"
    assert all(int(r.headers["retry-after"]) >= 1 for r in limited)
    assert {r.status_code for r in answers} <= {201, 429}


async def test_join_sets_the_participant_cookie_and_a_returning_phone_keeps_its_identity(
    client: httpx.AsyncClient,
) -> None:
    room, _question = await _live_question(client)
    r = await client.post("/api/join", json={"join_code": room["join_code"]})
    assert r.status_code == 200, r.text
    cookie = r.headers["set-cookie"].lower()
    assert (
        "httponly" in cookie
        and "samesite=lax" in cookie
        and "path=/" in cookie
        and "max-age=604800" in cookie
    )
    first = r.json()
    assert set(first) >= {"room_id", "participant_id", "participant_token", "join_code"}
    again = await client.post("/api/join", json={"join_code": room["join_code"]})  # the cookie goes along
    client.cookies.clear()
    assert again.json()["participant_id"] == first["participant_id"]
    fresh = await client.post("/api/join", json={"join_code": room["join_code"]})
    client.cookies.clear()
    assert fresh.json()["participant_id"] != first["participant_id"]


async def test_bad_join_bodies_get_field_level_422s(client: httpx.AsyncClient) -> None:
    for body in ({}, {"join_code": ""}, {"join_code": "1234 5678", "extra": 1}, {"join_code": 12345678}):
        r = await client.post("/api/join", json=body)
        assert r.status_code == 422, (body, r.text)
        detail = r.json()["detail"]
        assert isinstance(detail, list) and detail[0]["loc"][0] == "body", detail
    r = await client.post("/api/join", content=b"{", headers={"Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["detail"]


async def test_oversized_bodies_are_refused_with_413_declared_or_streamed(client: httpx.AsyncClient) -> None:
    room, question = await _live_question(client)
    phone = await join(client, room["join_code"])
    huge = b'{"join_code": "' + b"1" * 70_000 + b'"}'

    async def streamed() -> AsyncIterator[bytes]:  # no Content-Length: counted as it arrives
        for start in range(0, len(huge), 8192):
            yield huge[start : start + 8192]

    for path in ("/api/join", f"/api/join/{room['join_code']}/responses"):
        for content in (huge, streamed()):
            headers = {**phone.headers, "Content-Type": "application/json"}
            r = await client.post(path, content=content, headers=headers)
            assert r.status_code == 413, (path, r.text)
            assert "larger than" in r.json()["detail"]
            assert r.headers["x-content-type-options"] == "nosniff"
    # The room still takes a normal vote afterwards.
    assert (await phone.vote(question["id"], [question["options"][0]["id"]])).status_code == 201
