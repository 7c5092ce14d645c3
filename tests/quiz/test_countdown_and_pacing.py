"""The countdown (votes after the deadline are refused at once; one worker closes voting) and
audience-paced rooms (a survey each phone walks through itself), over the API."""

import asyncio
import json
from typing import Any

import httpx
import pytest

from poll_service.live.countdowns import Countdowns
from poll_service.models import Room
from tests.helpers import new_organiser
from tests.quiz.support import CAPITALS, join_as, option_id, quiz_presentation


async def test_votes_after_the_deadline_get_423_before_anyone_closes(
    client: httpx.AsyncClient, app: Any
) -> None:
    ada = await new_organiser(client)
    presentation = await quiz_presentation(ada)
    q1 = presentation["questions"][0]
    room = await ada.room(presentation["id"])
    early, _ = await join_as(client, room["join_code"], "Early")
    late, _ = await join_as(client, room["join_code"], "Late")
    # Nobody closes voting in this test: the clock that would is stopped.
    ticker = app.state.context.clock._ticker
    ticker.cancel()
    r = await ada.post(f"/api/rooms/{room['id']}/control", {"action": "start_countdown", "seconds": 1})
    assert r.status_code == 200, r.text
    assert r.json()["countdown_ends_at"] is not None and r.json()["voting_open"] is True
    state = await early.state()
    assert state["countdown_ends_at"] == r.json()["countdown_ends_at"] and state["server_now"]
    assert (await early.vote(q1["id"], [option_id(q1, "Amsterdam")])).status_code == 201
    await asyncio.sleep(1.1)
    r = await late.vote(q1["id"], [option_id(q1, "Amsterdam")])
    assert r.status_code == 423, r.text
    assert "closed" in r.json()["detail"]
    assert (await late.state())["voting_open"] is False
    # The database still says open: the deadline alone refused the vote.
    async with app.state.context.sessionmaker() as session:
        stored = await session.get(Room, room["id"])
        assert stored is not None and stored.voting_open is True
    # Two workers' closers race for it: exactly one closes and publishes.
    context = app.state.context
    closers = [Countdowns(context.sessionmaker, context.rooms.publish) for _ in range(3)]
    outcomes = await asyncio.gather(*(c.close(room["id"]) for c in closers))
    assert sorted(outcomes) == [False, False, True]
    room_now = (await client.get(f"/api/rooms/{room['id']}", headers=ada.headers)).json()
    assert room_now["voting_open"] is False


async def test_the_clock_closes_voting_and_moving_on_restarts_it(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    presentation = await quiz_presentation(ada)
    room = await ada.room(presentation["id"])
    phone, _ = await join_as(client, room["join_code"])
    r = await ada.post(f"/api/rooms/{room['id']}/control", {"action": "start_countdown", "seconds": 1})
    first_opened = r.json()["voting_opened_at"]
    for _ in range(40):
        await asyncio.sleep(0.1)
        if not (await client.get(f"/api/rooms/{room['id']}", headers=ada.headers)).json()["voting_open"]:
            break
    else:
        pytest.fail("the countdown did not close voting")
    assert (await phone.state())["reveal"]["my_correct"] is None  # revealed, not answered
    r = await ada.control(room["id"], "next")
    assert r.json()["voting_open"] is True and r.json()["countdown_ends_at"] is None
    assert r.json()["voting_opened_at"] > first_opened
    # Without seconds, the countdown is the question's own time limit.
    r = await ada.control(room["id"], "start_countdown")
    ends = r.json()["countdown_ends_at"]
    assert ends is not None
    r = await ada.control(room["id"], "stop_countdown")
    assert r.json()["countdown_ends_at"] is None and r.json()["voting_open"] is True
    assert ends > first_opened


SURVEY = [
    {
        "type": "multiple_choice",
        "prompt": "How did you hear of us?",
        "options": [{"label": "Friends"}, {"label": "Online"}],
    },
    {"type": "scale", "prompt": "Rate the day", "options": [{"label": "Talks"}, {"label": "Food"}]},
    {"type": "open_text", "prompt": "What should we change?"},
    {"type": "word_cloud", "prompt": "One word for today"},
]


async def _survey(client: httpx.AsyncClient, **room_body: Any) -> tuple[Any, dict[str, Any], dict[str, Any]]:
    ada = await new_organiser(client)
    r = await ada.post("/api/presentations", {"title": "Evaluation", "settings": {"pacing": "audience"}})
    assert r.status_code == 201, r.text
    assert r.json()["settings"]["pacing"] == "audience"
    pid = r.json()["id"]
    for body in SURVEY:
        assert (await ada.post(f"/api/presentations/{pid}/questions", body)).status_code == 201
    presentation = (await client.get(f"/api/presentations/{pid}", headers=ada.headers)).json()
    r = await ada.post(f"/api/presentations/{pid}/rooms", room_body or {})
    assert r.status_code == 201, r.text
    return ada, presentation, r.json()


async def test_audience_paced_survey_keeps_answers_when_going_back(client: httpx.AsyncClient) -> None:
    ada, presentation, room = await _survey(client)
    assert room["settings"]["pacing"] == "audience"
    q1, q2, q3, q4 = presentation["questions"]
    phone, _ = await join_as(client, room["join_code"])
    state = await phone.state()
    assert state["pacing"] == "audience" and state["question"] is None
    assert [q["id"] for q in state["questions"]] == [q1["id"], q2["id"], q3["id"], q4["id"]]
    assert state["progress"] == {"answered": 0, "total": 4}

    # Answer the third question first, then go back to the first: both count, in any order.
    r = await client.post(
        f"/api/join/{phone.join_code}/responses",
        json={"question_id": q3["id"], "text": "More coffee"},
        headers=phone.headers,
    )
    assert r.status_code == 201, r.text
    assert (await phone.vote(q1["id"], [option_id(q1, "Online")])).status_code == 201
    state = await phone.state()
    assert state["progress"] == {"answered": 2, "total": 4}
    assert state["my_responses"][q3["id"]]["text"] == "More coffee"
    assert state["my_responses"][q1["id"]]["choice_ids"] == [option_id(q1, "Online")]
    # Changing an earlier answer replaces it, progress stays.
    assert (await phone.vote(q1["id"], [option_id(q1, "Friends")])).status_code == 201
    state = await phone.state()
    assert state["my_responses"][q1["id"]]["choice_ids"] == [option_id(q1, "Friends")]
    assert state["progress"]["answered"] == 2

    results = (await client.get(f"/api/rooms/{room['id']}/results", headers=ada.headers)).json()
    by_id = {q["question_id"]: q for q in results["questions"]}
    assert by_id[q1["id"]]["tally"]["counts"] == {option_id(q1, "Friends"): 1, option_id(q1, "Online"): 0}
    assert by_id[q3["id"]]["response_count"] == 1
    progress = (await client.get(f"/api/rooms/{room['id']}/progress", headers=ada.headers)).json()
    assert progress["started"] == 1 and progress["finished"] == 0 and progress["questions"] == 4
    assert progress["per_question"][q1["id"]] == 1

    # Closing the room's voting closes every question; a presenter "goto" does not reopen it.
    await ada.control(room["id"], "close_voting")
    r = await ada.control(room["id"], "goto", question_id=q2["id"])
    assert r.json()["voting_open"] is False and r.json()["current_question_id"] == q2["id"]
    r = await client.post(
        f"/api/join/{phone.join_code}/responses",
        json={"question_id": q4["id"], "entries": ["great"]},
        headers=phone.headers,
    )
    assert r.status_code == 423


async def test_room_pacing_overrides_the_presentation_and_bad_values_are_422(
    client: httpx.AsyncClient,
) -> None:
    ada, presentation, room = await _survey(client, pacing="presenter")
    assert room["settings"]["pacing"] == "presenter"
    phone, _ = await join_as(client, room["join_code"])
    q2 = presentation["questions"][1]
    r = await client.post(
        f"/api/join/{phone.join_code}/responses",
        json={"question_id": q2["id"], "ratings": {o["id"]: 3 for o in q2["options"]}},
        headers=phone.headers,
    )
    assert r.status_code == 423  # presenter-paced: only the current question
    pid = presentation["id"]
    for body in ({"pacing": "self"}, {"name": "x", "pacing": 1}, {"pace": "audience"}):
        r = await ada.post(f"/api/presentations/{pid}/rooms", body)
        assert r.status_code == 422, r.text
        assert "pac" in json.dumps(r.json()["detail"])
    r = await client.patch(
        f"/api/presentations/{pid}", json={"settings": {"pacing": "fast"}}, headers=ada.headers
    )
    assert r.status_code == 422
    r = await client.patch(
        f"/api/presentations/{pid}", json={"settings": {"pacing": "presenter"}}, headers=ada.headers
    )
    assert r.status_code == 200 and r.json()["settings"]["pacing"] == "presenter"


async def test_audience_paced_quiz_scores_without_speed_and_reveals_when_closed(
    client: httpx.AsyncClient,
) -> None:
    ada = await new_organiser(client)
    presentation = await quiz_presentation(ada, CAPITALS, settings={"pacing": "audience"})
    q1 = presentation["questions"][0]
    room = await ada.room(presentation["id"])
    phone, _ = await join_as(client, room["join_code"], "Sam")
    await asyncio.sleep(0.8)
    assert (await phone.vote(q1["id"], [option_id(q1, "Amsterdam")])).status_code == 201
    state = await phone.state()
    assert "correct" not in json.dumps(state) and "score" not in json.dumps(state["my_responses"])
    await ada.control(room["id"], "close_voting")
    state = await phone.state()
    assert state["reveals"][q1["id"]] == {
        "correct_option_ids": [option_id(q1, "Amsterdam")],
        "my_correct": True,
        "my_score": 1000,  # self-paced: no speed bonus, full points
    }
    rows = await _scores(client, ada, room["id"])
    assert rows == [("Sam", 1000)]


async def _scores(client: httpx.AsyncClient, ada: Any, room_id: str) -> list[tuple[str, int]]:
    board = (await client.get(f"/api/rooms/{room_id}/leaderboard", headers=ada.headers)).json()
    return [(e["nickname"], e["score"]) for e in board["entries"]]


async def test_room_setting_hides_results_until_voting_closes(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    r = await ada.post(
        "/api/presentations", {"title": "Town hall", "settings": {"hide_results_until_closed": True}}
    )
    pid = r.json()["id"]
    body = {"type": "multiple_choice", "prompt": "Lunch?", "options": [{"label": "Soup"}, {"label": "Salad"}]}
    assert (await ada.post(f"/api/presentations/{pid}/questions", body)).status_code == 201
    room = await ada.room(pid)
    assert room["settings"]["hide_results_until_closed"] is True
    phone, _ = await join_as(client, room["join_code"])
    assert (await phone.state())["results_visible"] is False
    await ada.control(room["id"], "close_voting")
    assert (await phone.state())["results_visible"] is True
    await ada.control(room["id"], "open_voting")
    assert (await phone.state())["results_visible"] is False
    r = await client.patch(
        f"/api/presentations/{pid}",
        json={"settings": {"hide_results_until_closed": "sometimes"}},
        headers=ada.headers,
    )
    assert r.status_code == 422


async def test_self_paced_survey_without_scripts(client: httpx.AsyncClient) -> None:
    _, presentation, room = await _survey(client)
    q1, _, q3, _ = presentation["questions"]
    phone, _ = await join_as(client, room["join_code"])
    cookie = {"Cookie": f"poll_participant={phone.token}"}
    code = room["join_code"]
    page = await client.get(f"/{code}", headers=cookie)
    assert "Question 1 of 4" in page.text and q1["prompt"] in page.text
    r = await client.post(
        f"/{code}/vote",
        data={"question_id": q1["id"], "choice": option_id(q1, "Online"), "key": "a"},
        headers=cookie,
    )
    assert r.status_code == 303
    page = await client.get(r.headers["location"], headers=cookie)
    assert "Question 2 of 4" in page.text and "1 of 4 answered" in page.text  # on to the next one
    page = await client.get(f"/{code}?q=2", headers=cookie)
    assert q3["prompt"] in page.text
    r = await client.post(
        f"/{code}/vote", data={"question_id": q3["id"], "text": "More coffee", "key": "b"}, headers=cookie
    )
    assert r.status_code == 303
    back = await client.get(f"/{code}?q=0", headers=cookie)
    assert f'value="{option_id(q1, "Online")}" checked' in back.text  # the answer is kept
    done = await client.get(f"/{code}?q=4", headers=cookie)
    assert "You answered 2 of 4 questions." in done.text
    assert (await client.get(f"/{code}?q=-1", headers=cookie)).status_code == 422
