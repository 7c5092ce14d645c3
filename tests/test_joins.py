"""Joining under load: joins share transactions, and a room's live view answers the door."""

import asyncio

import httpx
from fastapi import FastAPI

from tests.helpers import join, new_organiser


async def test_a_burst_of_joins_creates_one_participant_each_who_can_vote_at_once(
    client: httpx.AsyncClient,
) -> None:
    ada = await new_organiser(client)
    presentation = await ada.presentation(questions=1)
    room = await ada.room(presentation["id"])
    question = presentation["questions"][0]
    phones = await asyncio.gather(*(join(client, room["join_code"]) for _ in range(150)))
    assert len({p.participant_id for p in phones}) == 150
    # Each new participant is known to the live room before its join is answered.
    votes = await asyncio.gather(*(p.vote(question["id"], [question["options"][0]["id"]]) for p in phones))
    assert [r.status_code for r in votes] == [201] * 150
    r = await client.get(f"/api/rooms/{room['id']}", headers=ada.headers)
    assert r.json()["participant_count"] == 150
    results = (await client.get(f"/api/rooms/{room['id']}/results", headers=ada.headers)).json()
    assert results["questions"][0]["response_count"] == 150


async def test_locking_and_ending_a_loaded_room_close_its_door_at_once(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    presentation = await ada.presentation(questions=1)
    room = await ada.room(presentation["id"])
    first = await join(client, room["join_code"])
    await first.state()  # the room's live view is loaded now: joins are answered from it
    assert (await ada.control(room["id"], "lock")).status_code == 200
    r = await client.post("/api/join", json={"join_code": room["join_code"]})
    assert r.status_code == 423, r.text
    assert (await ada.control(room["id"], "unlock")).status_code == 200
    assert (await client.post("/api/join", json={"join_code": room["join_code"]})).status_code == 200
    client.cookies.clear()
    assert (await ada.control(room["id"], "end")).status_code == 200
    r = await client.post("/api/join", json={"join_code": room["join_code"]})
    assert r.status_code == 404, r.text


async def test_the_first_join_loads_the_live_room_so_the_rest_are_answered_from_memory(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    ada = await new_organiser(client)
    presentation = await ada.presentation(questions=1)
    room = await ada.room(presentation["id"])
    rooms = app.state.context.rooms
    assert rooms.loaded(room["id"]) is None  # nobody has opened a socket or voted yet
    await join(client, room["join_code"])
    live = rooms.loaded(room["id"])
    assert live is not None and rooms.live_by_code(room["join_code"]) is live
    # A lock reaches the loaded room through the hub: the door closes without a database read.
    assert (await ada.control(room["id"], "lock")).status_code == 200
    client.cookies.clear()
    r = await client.post("/api/join", json={"join_code": room["join_code"]})
    assert r.status_code == 423, r.text


async def test_a_participant_whose_join_message_never_arrived_can_still_vote(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    """Joined through another worker while Redis was down: this worker's live room never heard
    of them, and the database decides."""
    ada = await new_organiser(client)
    presentation = await ada.presentation(questions=1)
    room = await ada.room(presentation["id"])
    question = presentation["questions"][0]
    phone = await join(client, room["join_code"])
    live = app.state.context.rooms.loaded(room["id"])
    live.participants.discard(phone.participant_id)  # the lost hub message
    r = await phone.vote(question["id"], [question["options"][0]["id"]])
    assert r.status_code == 201, r.text
    assert phone.participant_id in live.participants
    # A forged identity for a participant that does not exist is still refused.
    tokens = app.state.context.participant_tokens
    ghost = tokens.issue(room["id"], "0" * 32)
    r = await client.post(
        f"/api/join/{room['join_code']}/responses",
        json={"question_id": question["id"], "choice_ids": [question["options"][0]["id"]]},
        headers={"Authorization": f"Bearer {ghost}"},
    )
    assert r.status_code == 401, r.text
