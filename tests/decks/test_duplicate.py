"""Duplicating a presentation, on SQLite and PostgreSQL: without results the questions only; with
results also its rooms (ended), participants, answers, Q&A and hidden words, all under new ids,
so the copy's results read the same and the original is untouched."""

from typing import Any

import httpx
from fastapi import FastAPI

from poll_service.decks.duplicate import duplicate_presentation
from poll_service.models import Presentation, Room, User
from poll_service.privacy.service import purge_room
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


async def test_rows_are_copied_a_batch_at_a_time_and_a_purged_room_keeps_its_numbers(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    """The copy reads its rows in pages (one row a page here, so every page boundary is crossed);
    a room purged by the retention setting keeps only its aggregate, which names the copy's ids."""
    ada, presentation, room = await _event(client)
    r = await ada.post(f"/api/presentations/{presentation['id']}/rooms", {"name": "Breakout"})
    breakout = r.json()
    assert (await ada.control(breakout["id"], "next")).status_code == 200  # out of the lobby
    lunch = presentation["questions"][0]
    phone = await join(client, breakout["join_code"])
    assert (await phone.vote(lunch["id"], [lunch["options"][0]["id"]])).status_code == 201
    assert (await ada.control(breakout["id"], "end")).status_code == 200
    context = app.state.context
    async with context.unit_of_work() as work:
        ended = await work.session.get(Room, breakout["id"])
        assert ended is not None
        await purge_room(work.session, ended)
    before = {r["id"]: await _results(ada, r["id"]) for r in (room, breakout)}
    me = (await client.get("/api/auth/me", headers=ada.headers)).json()

    async with context.unit_of_work() as work:
        owner = await work.session.get(User, me["id"])
        source = await work.session.get(Presentation, presentation["id"])
        assert owner is not None and source is not None
        made = await duplicate_presentation(
            work.session, owner, source, title="Copy", with_results=True, batch=1
        )
        copy_id = made.id

    copy = (await client.get(f"/api/presentations/{copy_id}", headers=ada.headers)).json()
    rooms = {r["name"]: r for r in await _rooms(ada, copy_id)}
    for original in (room, breakout):
        after = await _results(ada, rooms[original["name"]]["id"])
        assert [q["question_id"] for q in after["questions"]] == [q["id"] for q in copy["questions"]]
        assert [(q["response_count"], q["tally"]) for q in after["questions"]] == [
            (q["response_count"], q["tally"]) for q in before[original["id"]]["questions"]
        ]
    assert rooms["Main hall"]["participant_count"] == 2
    assert rooms["Breakout"]["participant_count"] == 0  # purged: no one is left, only the numbers
    assert before[breakout["id"]]["questions"][0]["response_count"] == 1
