"""The heart of the product over HTTP: organiser -> room -> phones -> results."""

import asyncio
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests.helpers import join, new_organiser


async def test_full_event_over_http(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    presentation = await ada.presentation(questions=2)
    q1, q2 = presentation["questions"]
    room = await ada.room(presentation["id"])
    assert len(room["join_code"]) == 8 and room["join_code"].isdigit()
    assert room["join_url"] == f"http://testserver/{room['join_code']}"
    assert room["current_question_id"] == q1["id"] and room["voting_open"] is True

    phones = [await join(client, room["join_code"]) for _ in range(3)]
    a, b = q1["options"][0]["id"], q1["options"][1]["id"]
    for phone, choice in zip(phones, [a, a, b], strict=True):
        r = await phone.vote(q1["id"], [choice])
        assert r.status_code == 201, r.text
        assert r.json()["question_id"] == q1["id"]

    state = await phones[0].state()
    assert state["my_response"] == {"question_id": q1["id"], "choice_ids": [a]}
    assert state["question"]["id"] == q1["id"]

    r = await client.get(f"/api/rooms/{room['id']}/results", headers=ada.headers)
    assert r.status_code == 200
    results = r.json()
    assert results["participant_count"] == 3
    first = results["questions"][0]
    assert first["response_count"] == 3
    assert first["tally"]["counts"][a] == 2 and first["tally"]["counts"][b] == 1

    r = await ada.control(room["id"], "next")
    assert r.json()["current_question_id"] == q2["id"]
    r = await phones[0].vote(q1["id"], [a])
    assert r.status_code == 423, "a vote for a question that is no longer current is refused"
    assert "current" in r.json()["detail"]


async def test_changing_a_vote_replaces_it(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    presentation = await ada.presentation()
    question = presentation["questions"][0]
    room = await ada.room(presentation["id"])
    phone = await join(client, room["join_code"])
    a, b = question["options"][0]["id"], question["options"][1]["id"]
    assert (await phone.vote(question["id"], [a])).status_code == 201
    assert (await phone.vote(question["id"], [b])).status_code == 201
    results = (await client.get(f"/api/rooms/{room['id']}/results", headers=ada.headers)).json()
    counts = results["questions"][0]["tally"]["counts"]
    assert counts[a] == 0 and counts[b] == 1
    assert results["questions"][0]["response_count"] == 1


async def test_changes_not_allowed_answers_409(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    presentation = await ada.presentation(questions=0)
    r = await ada.post(
        f"/api/presentations/{presentation['id']}/questions",
        {
            "type": "multiple_choice",
            "prompt": "Final?",
            "options": [{"label": "Yes"}, {"label": "No"}],
            "settings": {"allow_change": False},
        },
    )
    question = r.json()
    room = await ada.room(presentation["id"])
    phone = await join(client, room["join_code"])
    yes, no = question["options"][0]["id"], question["options"][1]["id"]
    assert (await phone.vote(question["id"], [yes])).status_code == 201
    r = await phone.vote(question["id"], [no])
    assert r.status_code == 409
    results = (await client.get(f"/api/rooms/{room['id']}/results", headers=ada.headers)).json()
    assert results["questions"][0]["tally"]["counts"] == {yes: 1, no: 0}


async def test_idempotency_key_returns_first_answer(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    presentation = await ada.presentation()
    question = presentation["questions"][0]
    room = await ada.room(presentation["id"])
    phone = await join(client, room["join_code"])
    a, b = question["options"][0]["id"], question["options"][1]["id"]
    first = await phone.vote(question["id"], [a], key="retry-1")
    again = await phone.vote(question["id"], [b], key="retry-1")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    results = (await client.get(f"/api/rooms/{room['id']}/results", headers=ada.headers)).json()
    assert results["questions"][0]["tally"]["counts"][a] == 1
    assert results["questions"][0]["tally"]["counts"][b] == 0


async def test_fifty_simultaneous_submissions_store_one_response(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    presentation = await ada.presentation()
    question = presentation["questions"][0]
    room = await ada.room(presentation["id"])
    phone = await join(client, room["join_code"])
    options = [o["id"] for o in question["options"]]
    answers = await asyncio.gather(*(phone.vote(question["id"], [options[i % 3]]) for i in range(50)))
    statuses = {r.status_code for r in answers}
    assert statuses <= {201, 429}, statuses
    assert 201 in statuses
    results = (await client.get(f"/api/rooms/{room['id']}/results", headers=ada.headers)).json()
    assert results["questions"][0]["response_count"] == 1
    assert sum(results["questions"][0]["tally"]["counts"].values()) == 1


async def test_rooms_of_one_presentation_keep_their_own_responses(
    client: httpx.AsyncClient,
) -> None:
    ada = await new_organiser(client)
    presentation = await ada.presentation()
    question = presentation["questions"][0]
    room_a, room_b = await ada.room(presentation["id"]), await ada.room(presentation["id"])
    assert room_a["join_code"] != room_b["join_code"]
    phone = await join(client, room_a["join_code"])
    assert (await phone.vote(question["id"], [question["options"][0]["id"]])).status_code == 201
    res_a = (await client.get(f"/api/rooms/{room_a['id']}/results", headers=ada.headers)).json()
    res_b = (await client.get(f"/api/rooms/{room_b['id']}/results", headers=ada.headers)).json()
    assert res_a["questions"][0]["response_count"] == 1
    assert res_b["questions"][0]["response_count"] == 0
    # A phone of room A cannot vote through room B's code.
    r = await phone.client.post(
        f"/api/join/{room_b['join_code']}/responses",
        json={"question_id": question["id"], "choice_ids": [question["options"][0]["id"]]},
        headers=phone.headers,
    )
    assert r.status_code == 404


async def test_a_slow_re_read_of_the_room_never_puts_an_older_question_back(
    app: FastAPI, client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every worker re-reads the room after each change. Here the re-read after "go to question 1"
    is slow: it reads the database, then finishes only after the presenter has moved on to
    question 2. Its (older) answer must not take this worker back to question 1."""
    ada = await new_organiser(client)
    presentation = await ada.presentation(questions=2, options=2)
    first, second = presentation["questions"]
    room = await ada.room(presentation["id"])
    phone = await join(client, room["join_code"])
    rooms = app.state.context.rooms
    real_read = rooms._current_state
    read_done, finish_first, finish_later = asyncio.Event(), asyncio.Event(), asyncio.Event()
    reads = 0

    async def slow_read(live: Any) -> dict[str, Any]:
        nonlocal reads
        reads += 1
        state = await real_read(live)
        if reads == 1:
            read_done.set()
            await finish_first.wait()
        else:
            await finish_later.wait()
        return state

    monkeypatch.setattr(rooms, "_current_state", slow_read)
    assert (await ada.control(room["id"], "goto", question_id=first["id"])).status_code == 200
    await asyncio.wait_for(read_done.wait(), 5)  # read: question 1 is current
    assert (await ada.control(room["id"], "goto", question_id=second["id"])).status_code == 200
    finish_first.set()  # the read about question 1 lands after the move to question 2
    for _ in range(20):
        await asyncio.sleep(0)
    r = await phone.vote(second["id"], [second["options"][0]["id"]])
    assert r.status_code == 201, r.text
    assert rooms.loaded(room["id"]).current_question.id == second["id"]
    finish_later.set()
