"""A quiz in the exports: CSV/XLSX columns (name, right or wrong, points), the XLSX leaderboard
sheet, a PDF section per quiz question with the right answer marked and the final leaderboard, and
the shared page that keeps the answer back while the session is live."""

import csv
import io
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

from tests.exports.support import pdf_pages, squash
from tests.helpers import new_organiser
from tests.quiz.support import CAPITALS, join_as, option_id, quiz_presentation

# Rendering an export from the results: the results themselves (every type, recounted from the
# database) are checked on PostgreSQL in tests/test_type_conformance.py.
pytestmark = pytest.mark.sqlite_only


async def _played(client: httpx.AsyncClient) -> tuple[Any, dict[str, Any], dict[str, Any]]:
    ada = await new_organiser(client)
    presentation = await quiz_presentation(ada)
    q1, q2 = presentation["questions"]
    room = await ada.room(presentation["id"])
    picks = [("=Ann", "Amsterdam", "Jupiter"), ("Bob", "Utrecht", "Jupiter"), ("Cy", "Amsterdam", "Mars")]
    phones = [(await join_as(client, room["join_code"], name))[0] for name, _, _ in picks]
    for phone, (_, first, _) in zip(phones, picks, strict=True):
        assert (await phone.vote(q1["id"], [option_id(q1, first)])).status_code == 201
    await ada.control(room["id"], "next")
    for phone, (_, _, second) in zip(phones, picks, strict=True):
        assert (await phone.vote(q2["id"], [option_id(q2, second)])).status_code == 201
    await ada.control(room["id"], "close_voting")
    return ada, presentation, room


async def test_csv_and_xlsx_carry_name_right_and_points(client: httpx.AsyncClient) -> None:
    ada, _presentation, room = await _played(client)
    board = (await client.get(f"/api/rooms/{room['id']}/leaderboard", headers=ada.headers)).json()
    points = {e["nickname"]: e["score"] for e in board["entries"]}

    r = await client.get(f"/api/rooms/{room['id']}/export.csv", headers=ada.headers)
    assert r.status_code == 200
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    header = list(rows[0])
    assert header[header.index("nickname") :][:3] == ["nickname", "correct", "score"]  # side by side
    assert len(rows) == 6
    ann = [row for row in rows if row["nickname"] == "'=Ann"]  # a formula-looking name is neutralised
    assert [row["correct"] for row in ann] == ["right", "right"]
    assert sum(int(row["score"]) for row in ann) == points["=Ann"]
    bob = [row for row in rows if row["nickname"] == "Bob"]
    assert next((row["answer"], row["correct"], row["score"]) for row in bob) == ("Utrecht", "wrong", "0")

    r = await client.get(f"/api/rooms/{room['id']}/export.xlsx", headers=ada.headers)
    book = load_workbook(io.BytesIO(r.content))
    responses = list(book["Responses"].iter_rows(values_only=True))
    name = responses[0].index("Name")
    assert responses[0][name : name + 3] == ("Name", "Quiz answers", "Points")
    assert sum(int(str(row[name + 2])) for row in responses[1:] if row[name] == "Bob") == points["Bob"]
    leaderboard = list(book["Leaderboard"].iter_rows(values_only=True))
    assert leaderboard[0][:4] == ("Rank", "Name", "Points", "Right answers")
    shown = [(e["rank"], e["nickname"].replace("=", "'=", 1), e["score"]) for e in board["entries"]]
    assert [(row[0], row[1], row[2]) for row in leaderboard[1:]] == shown
    summary = next(book[name] for name in book.sheetnames if name.startswith("Q1"))
    labels = [row[0] for row in summary.iter_rows(values_only=True) if row and row[0]]
    assert "Amsterdam \u2713 right answer" in labels


async def test_pdf_has_a_section_per_quiz_question_and_the_leaderboard(client: httpx.AsyncClient) -> None:
    ada, _presentation, room = await _played(client)
    r = await client.get(f"/api/rooms/{room['id']}/export.pdf", headers=ada.headers)
    assert r.status_code == 200
    text = squash(" ".join(pdf_pages(r.content)))
    assert squash("What is the capital of the Netherlands?") in text
    assert squash("Amsterdam \u2713 right answer") in text
    assert squash("2 of 3 answers right (67%)") in text  # Q1: Ann and Cy
    assert squash("Which planet is the largest?") in text
    assert squash("Leaderboard") in text
    board = (await client.get(f"/api/rooms/{room['id']}/leaderboard", headers=ada.headers)).json()
    first = board["entries"][0]
    assert squash(f"1 {first['nickname']}") in text


async def test_shared_page_keeps_the_answer_back_while_live(client: httpx.AsyncClient) -> None:
    ada, _presentation, room = await _played(client)
    r = await ada.post(f"/api/rooms/{room['id']}/share")
    token = r.json()["token"]
    live = (await client.get(f"/results/{token}.json")).json()
    quiz = live["questions"][0]
    assert quiz["type"] == "quiz" and quiz["answer_shown"] is False
    assert "right answer" not in str(quiz) and "correct" not in str(quiz)
    await ada.control(room["id"], "end")
    ended = (await client.get(f"/results/{token}.json")).json()["questions"][0]
    assert ended["answer_shown"] is True and ended["correct_count"] == 2
    assert any("right answer" in o["label"] for o in ended["options"])
    page = await client.get(f"/results/{token}")
    assert "Amsterdam \u2713 right answer" in page.text


async def test_the_combined_pdf_ranks_players_with_points_and_names_their_rooms(
    client: httpx.AsyncClient,
) -> None:
    ada = await new_organiser(client)
    presentation = await quiz_presentation(ada)
    q1 = presentation["questions"][0]
    rooms = [await ada.room(presentation["id"]) for _ in range(2)]
    for number, room in enumerate(rooms):
        await ada.client.patch(
            f"/api/rooms/{room['id']}", json={"name": f"Zaal {'AB'[number]}"}, headers=ada.headers
        )
    plays = [(rooms[0], "Ann", "Amsterdam"), (rooms[1], "Bob", "Utrecht"), (rooms[1], "Cy", "Amsterdam")]
    for room, name, pick in plays:
        phone, _ = await join_as(client, room["join_code"], name)
        assert (await phone.vote(q1["id"], [option_id(q1, pick)])).status_code == 201
    for room in rooms:
        await ada.control(room["id"], "end")
    r = await client.get(f"/api/presentations/{presentation['id']}/export.pdf", headers=ada.headers)
    assert r.status_code == 200
    pages = pdf_pages(r.content)
    board = squash(pages[-1][pages[-1].index("Leaderboard") :])
    assert squash("Rank Name Room") in board
    assert squash("Zaal A") in board and squash("Zaal B") in board
    assert "Ann" in board and "Cy" in board
    assert "Bob" not in board  # no points: no row of his own padding the ranking


async def test_the_combined_pdf_breaks_ties_by_time_not_by_name(client: httpx.AsyncClient) -> None:
    """Equal points (no speed bonus) across two rooms: the faster player first, whatever the
    alphabet says; each row names its room; a player without points has no row."""
    ada = await new_organiser(client)
    flat = {**CAPITALS, "settings": {"speed_bonus": False, "points": 100}}
    presentation = await quiz_presentation(ada, flat)
    question = presentation["questions"][0]
    north = await ada.room(presentation["id"])
    south = await ada.room(presentation["id"])  # opened after the north room
    for room, name in ((north, "Noord"), (south, "Zuid")):
        await ada.client.patch(f"/api/rooms/{room['id']}", json={"name": name}, headers=ada.headers)
    # Zed answers first in the room that opened last: the least time; Amy after him in the room
    # that opened first: more time, with equal points; Kim answers wrong.
    for room, name, pick in (
        (south, "Zed", "Amsterdam"),
        (north, "Amy", "Amsterdam"),
        (north, "Kim", "Utrecht"),
    ):
        phone, _ = await join_as(client, room["join_code"], name)
        assert (await phone.vote(question["id"], [option_id(question, pick)])).status_code == 201
    for room in (north, south):
        await ada.control(room["id"], "end")
    r = await client.get(f"/api/presentations/{presentation['id']}/export.pdf", headers=ada.headers)
    assert r.status_code == 200
    pages = pdf_pages(r.content)
    board = squash(pages[-1][pages[-1].index("Leaderboard") :])
    assert squash("1 Zed Zuid 1 100") in board and squash("2 Amy Noord 1 100") in board
    assert board.index("Zed") < board.index("Amy") and "Kim" not in board
    # The API's combined board agrees (it lists every player, Kim last with 0).
    combined = (
        await client.get(f"/api/presentations/{presentation['id']}/leaderboard", headers=ada.headers)
    ).json()
    assert [(e["nickname"], e["room"], e["score"]) for e in combined["entries"]] == [
        ("Zed", "Zuid", 100),
        ("Amy", "Noord", 100),
        ("Kim", "Noord", 0),
    ]
