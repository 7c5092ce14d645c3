"""Type the answer: what counts as the same answer (case, accents, spaces, punctuation, a typo in
a long word, never a number off by one), scored and revealed like the quiz, the accepted answers
kept from phones until the reveal, and a phone without scripts that types its answer."""

import json

import httpx
import pytest

from poll_service.question_types.type_answer import is_right, plain
from tests.helpers import new_organiser
from tests.quiz.support import join_as, quiz_presentation

CAPITAL = {
    "type": "type_answer",
    "prompt": "What is the capital of the Netherlands?",
    "settings": {"accepted": ["Amsterdam"], "points": 1000},
}


@pytest.mark.parametrize(
    ("typed", "accepted", "tolerance", "right"),
    [
        ("amsterdam", "Amsterdam", 1, True),
        ("  AMSTERDAM!! ", "Amsterdam", 0, True),  # case, spaces and punctuation aside
        ("Zurich", "Zürich", 0, True),  # accents aside
        ("den-haag", "Den Haag", 0, True),
        ("Amsterdm", "Amsterdam", 1, True),  # one letter left out
        ("Amstedram", "Amsterdam", 1, True),  # two letters swapped
        ("Amstrdm", "Amsterdam", 1, False),  # two typos, one forgiven
        ("Amstrdm", "Amsterdam", 2, True),
        ("Amsterdm", "Amsterdam", 0, False),
        ("Rone", "Rome", 2, False),  # too short for a typo
        ("43", "42", 2, False),  # a number is exact
        ("Rotterdam", "Amsterdam", 2, False),
    ],
)
def test_what_counts_as_the_accepted_answer(typed: str, accepted: str, tolerance: int, right: bool) -> None:
    settings = {"accepted": [accepted], "typo_tolerance": tolerance}
    assert is_right([], settings, {"text": typed}) is right
    assert plain("  Den-Haag! ") == "den haag"


async def test_scored_revealed_and_kept_from_phones_until_the_reveal(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    presentation = await quiz_presentation(ada, CAPITAL)
    question = presentation["questions"][0]
    assert question["settings"]["accepted"] == ["Amsterdam"]  # the organiser sees them
    room = await ada.room(presentation["id"])
    sam, _ = await join_as(client, room["join_code"], "Sam")
    kim, _ = await join_as(client, room["join_code"], "Kim")
    url = f"/api/join/{room['join_code']}/responses"
    for phone, text in ((sam, "amsterdm"), (kim, "Rotterdam")):
        r = await client.post(url, json={"question_id": question["id"], "text": text}, headers=phone.headers)
        assert r.status_code == 201, r.text
    r = await client.post(url, json={"question_id": question["id"], "text": "Amsterdam"}, headers=kim.headers)
    assert r.status_code == 409  # one answer counts, as in a quiz

    before = await sam.state()
    assert "Amsterdam" not in json.dumps(before)  # not in the settings, not in a reveal
    assert "score" not in before["my_response"] and before["results_visible"] is False

    assert (await ada.control(room["id"], "close_voting")).status_code == 200
    after = await sam.state()
    assert after["reveal"]["accepted"] == ["Amsterdam"]
    assert after["reveal"]["my_correct"] is True and after["reveal"]["my_score"] >= 500
    loser = (await kim.state())["reveal"]
    assert loser["my_correct"] is False and loser["my_score"] == 0
    results = (await client.get(f"/api/rooms/{room['id']}/results", headers=ada.headers)).json()
    tally = results["questions"][0]["tally"]
    assert tally["correct_count"] == 1
    assert {a["text"]: a["right"] for a in tally["answers"]} == {"amsterdm": True, "Rotterdam": False}

    assert (await ada.control(room["id"], "show_leaderboard")).status_code == 200
    board = (await client.get(f"/api/rooms/{room['id']}/leaderboard", headers=ada.headers)).json()
    assert [e["nickname"] for e in board["entries"]] == ["Sam", "Kim"]
    assert board["entries"][0]["score"] == after["reveal"]["my_score"]


async def test_a_phone_without_scripts_types_its_answer_and_reads_the_reveal(
    client: httpx.AsyncClient,
) -> None:
    ada = await new_organiser(client)
    presentation = await quiz_presentation(ada, CAPITAL)
    question = presentation["questions"][0]
    room = await ada.room(presentation["id"])
    phone, _ = await join_as(client, room["join_code"], "Sam")
    cookie = {"Cookie": f"poll_participant={phone.token}"}
    page = await client.get(f"/{room['join_code']}", headers=cookie)
    assert 'name="text"' in page.text and "Amsterdam" not in page.text
    vote = {"question_id": question["id"], "key": "k1"}
    r = await client.post(f"/{room['join_code']}/vote", data={**vote, "text": "?!"}, headers=cookie)
    assert r.status_code == 422
    r = await client.post(f"/{room['join_code']}/vote", data={**vote, "text": "Amsterdam"}, headers=cookie)
    assert r.status_code == 303, r.text
    assert (await ada.control(room["id"], "close_voting")).status_code == 200
    page = await client.get(f"/{room['join_code']}", headers=cookie)
    assert "Right! +" in page.text and "The right answer: Amsterdam" in page.text


@pytest.mark.parametrize(
    ("given", "wrong"),
    [
        ({}, "at least one accepted answer"),
        ({"accepted": ["?!"]}, "a letter or a digit"),
        ({"typo_tolerance": 3}, ""),
    ],
)
async def test_a_question_without_an_answer_is_refused(
    client: httpx.AsyncClient, given: dict[str, object], wrong: str
) -> None:
    ada = await new_organiser(client)
    presentation = await quiz_presentation(
        ada, {"type": "quiz", "prompt": "x", "options": [{"label": "a", "correct": True}, {"label": "b"}]}
    )
    body = {"type": "type_answer", "prompt": "Capital?", "settings": given}
    r = await ada.post(f"/api/presentations/{presentation['id']}/questions", body)
    assert r.status_code == 422 and wrong in r.json()["detail"]
