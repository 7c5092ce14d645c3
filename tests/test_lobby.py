"""A room opens in its lobby: the audience joins, nobody can vote yet; showing the first question
opens voting, and the presenter can return to the lobby. Clients that do not know the lobby keep
working: `next`, `goto` and `open_voting` take the room to a question as before."""

import httpx
import pytest

from tests.helpers import join, new_organiser


async def test_a_room_opens_in_its_lobby_and_voting_opens_with_the_first_question(
    client: httpx.AsyncClient,
) -> None:
    ada = await new_organiser(client)
    presentation = await ada.presentation(questions=2)
    q1, q2 = presentation["questions"]
    room = await ada.room(presentation["id"], lobby=True)
    assert room["current_question_id"] is None and room["voting_open"] is False

    phone = await join(client, room["join_code"])
    state = await phone.state()
    assert state["lobby"] is True and state["question"] is None and state["voting_open"] is False
    assert (await phone.vote(q1["id"], [q1["options"][0]["id"]])).status_code == 423
    # "previous" in the lobby stays there: the first question is shown by moving on.
    r = await ada.control(room["id"], "previous")
    assert r.json()["current_question_id"] is None

    r = await ada.control(room["id"], "next")
    assert r.json()["current_question_id"] == q1["id"] and r.json()["voting_open"] is True
    assert (await phone.state())["lobby"] is False
    assert (await phone.vote(q1["id"], [q1["options"][0]["id"]])).status_code == 201

    # Back to the lobby from the second question: voting closes, the answers stay.
    await ada.control(room["id"], "goto", question_id=q2["id"])
    r = await ada.control(room["id"], "lobby")
    assert r.status_code == 200, r.text
    assert r.json()["current_question_id"] is None and r.json()["voting_open"] is False
    state = await phone.state()
    assert state["lobby"] is True and state["question"] is None
    assert (await phone.vote(q2["id"], [q2["options"][0]["id"]])).status_code == 423
    results = (await client.get(f"/api/rooms/{room['id']}/results", headers=ada.headers)).json()
    assert results["questions"][0]["response_count"] == 1
    # The presenter's own "close voting" in the lobby is harmless, not an error.
    assert (await ada.control(room["id"], "close_voting")).status_code == 200


@pytest.mark.parametrize("action", ["open_voting", "goto", "next"])
async def test_clients_that_do_not_know_the_lobby_reach_the_first_question(
    client: httpx.AsyncClient, action: str
) -> None:
    ada = await new_organiser(client)
    presentation = await ada.presentation(questions=2)
    q1 = presentation["questions"][0]
    room = await ada.room(presentation["id"], lobby=True)
    extra = {"question_id": q1["id"]} if action == "goto" else {}
    r = await ada.control(room["id"], action, **extra)
    assert r.status_code == 200, r.text
    assert r.json()["current_question_id"] == q1["id"] and r.json()["voting_open"] is True
    phone = await join(client, room["join_code"])
    assert (await phone.vote(q1["id"], [q1["options"][1]["id"]])).status_code == 201


async def test_an_empty_deck_has_nothing_to_open(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    presentation = await ada.presentation(questions=0)
    room = await ada.room(presentation["id"], lobby=True)
    assert (await ada.control(room["id"], "open_voting")).status_code == 409
    assert (await ada.control(room["id"], "next")).json()["current_question_id"] is None


async def test_a_self_paced_survey_is_open_from_its_lobby(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    r = await ada.post("/api/presentations", {"title": "Evaluation", "settings": {"pacing": "audience"}})
    pid = r.json()["id"]
    for n in range(2):
        body = {"type": "multiple_choice", "prompt": f"Q{n}?", "options": [{"label": "A"}, {"label": "B"}]}
        assert (await ada.post(f"/api/presentations/{pid}/questions", body)).status_code == 201
    questions = (await client.get(f"/api/presentations/{pid}", headers=ada.headers)).json()["questions"]
    room = (await ada.post(f"/api/presentations/{pid}/rooms", {})).json()
    assert room["current_question_id"] is None and room["voting_open"] is True
    phone = await join(client, room["join_code"])
    assert (await phone.state())["lobby"] is False  # phones go through the questions themselves
    second = questions[1]
    assert (await phone.vote(second["id"], [second["options"][0]["id"]])).status_code == 201
    # The screen may go back to its lobby; the survey stays open.
    await ada.control(room["id"], "next")
    r = await ada.control(room["id"], "lobby")
    assert r.json()["voting_open"] is True
