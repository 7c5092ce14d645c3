"""Duplicating a presentation, on SQLite and PostgreSQL: without results the questions only; with
results also its rooms (ended), participants, answers, Q&A and hidden words, all under new ids,
so the copy's results read the same and the original is untouched."""

from typing import Any

import httpx

from tests.helpers import Organiser, join
from tests.qna_support import ask, qna_room, upvote


async def _duplicate(ada: Organiser, presentation_id: str, **body: Any) -> dict[str, Any]:
    r = await ada.post(f"/api/presentations/{presentation_id}/duplicate", body)
    assert r.status_code == 201, r.text
    copy: dict[str, Any] = r.json()
    return copy


async def _rooms(ada: Organiser, presentation_id: str) -> list[dict[str, Any]]:
    r = await ada.client.get(f"/api/presentations/{presentation_id}/rooms", headers=ada.headers)
    assert r.status_code == 200, r.text
    rooms: list[dict[str, Any]] = r.json()
    return rooms


async def _results(ada: Organiser, room_id: str) -> dict[str, Any]:
    r = await ada.client.get(f"/api/rooms/{room_id}/results", headers=ada.headers)
    assert r.status_code == 200, r.text
    results: dict[str, Any] = r.json()
    return results


def _same_questions(a: dict[str, Any], b: dict[str, Any]) -> None:
    assert [(q["type"], q["prompt"], q["options"], q["settings"]) for q in a["questions"]] == [
        (q["type"], q["prompt"], q["options"], q["settings"]) for q in b["questions"]
    ]
    assert {q["id"] for q in a["questions"]}.isdisjoint({q["id"] for q in b["questions"]})


async def _event(client: httpx.AsyncClient) -> tuple[Organiser, dict[str, Any], dict[str, Any]]:
    """A room with two votes, a word cloud with a hidden word, and an upvoted Q&A question."""
    ada, presentation, room = await qna_room(
        client,
        [
            {
                "type": "multiple_choice",
                "prompt": "Lunch?",
                "options": [{"label": "Pizza"}, {"label": "Soup"}],
            },
            {"type": "word_cloud", "prompt": "One word?"},
        ],
    )
    lunch, cloud = presentation["questions"]
    first, second = await join(client, room["join_code"]), await join(client, room["join_code"])
    for phone, option in ((first, 0), (second, 1)):
        assert (await phone.vote(lunch["id"], [lunch["options"][option]["id"]])).status_code == 201
    assert (await ada.control(room["id"], "goto", question_id=cloud["id"])).status_code == 200
    for phone, word in ((first, "koffie"), (second, "thee")):
        r = await client.post(
            f"/api/join/{room['join_code']}/responses",
            json={"question_id": cloud["id"], "entries": [word]},
            headers=phone.headers,
        )
        assert r.status_code == 201, r.text
    r = await ada.post(f"/api/rooms/{room['id']}/questions/{cloud['id']}/hidden-words", {"word": "thee"})
    assert r.status_code == 201, r.text
    asked = await ask(first, "When is the break?")
    assert asked.status_code == 201, asked.text
    assert (await upvote(second, asked.json()["id"])).status_code in (200, 201)
    return ada, presentation, room


async def test_duplicate_without_results_copies_the_questions_only(client: httpx.AsyncClient) -> None:
    ada, presentation, _room = await _event(client)
    copy = await _duplicate(ada, presentation["id"], title="Town hall, again")
    assert copy["title"] == "Town hall, again" and copy["id"] != presentation["id"]
    assert copy["settings"] == presentation["settings"]
    _same_questions(copy, presentation)
    assert await _rooms(ada, copy["id"]) == []
    # The default title says it is a copy, in the presentation's language.
    assert (await _duplicate(ada, presentation["id"]))["title"] == "Town hall (copy)"


async def test_duplicate_with_results_copies_rooms_answers_and_qna(client: httpx.AsyncClient) -> None:
    ada, presentation, room = await _event(client)
    before = await _results(ada, room["id"])
    copy = await _duplicate(ada, presentation["id"], with_results=True)
    _same_questions(copy, presentation)

    [copied] = await _rooms(ada, copy["id"])
    assert copied["id"] != room["id"] and copied["name"] == room["name"]
    assert copied["status"] == "ended" and copied["participant_count"] == 2
    after = await _results(ada, copied["id"])

    # The same numbers under the copy's question ids (option ids stay within their question).
    def counted(results: dict[str, Any]) -> list[tuple[int, Any]]:
        return [(q["response_count"], q["tally"]) for q in results["questions"]]

    assert counted(after) == counted(before) and after["participant_count"] == 2
    assert [q["question_id"] for q in after["questions"]] == [q["id"] for q in copy["questions"]]
    assert "thee" not in str(after["questions"][1]["tally"])  # the hidden word stays hidden
    assert "koffie" in str(after["questions"][1]["tally"])

    r = await client.get(f"/api/rooms/{copied['id']}/qna", headers=ada.headers)
    assert r.status_code == 200, r.text
    [qna] = r.json()["questions"]
    assert (qna["text"], qna["upvotes"]) == ("When is the break?", 1)

    # The original is as it was: live, its own participants and answers.
    original = (await client.get(f"/api/rooms/{room['id']}", headers=ada.headers)).json()
    assert original["status"] == "live" and original["participant_count"] == 2
    assert await _results(ada, room["id"]) == before
    # Deleting the copy leaves the original's answers alone.
    assert (await client.delete(f"/api/presentations/{copy['id']}", headers=ada.headers)).status_code == 204
    assert await _results(ada, room["id"]) == before
