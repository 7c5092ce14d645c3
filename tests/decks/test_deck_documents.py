"""A deck as a JSON document, on SQLite and PostgreSQL: every registered question type survives
export then import (a new type is covered by registering it with its examples), and a broken
document gets a 422 that names the wrong field, with nothing stored."""

from typing import Any

import httpx
import pytest

from poll_service.question_types.base import QuestionType
from poll_service.question_types.registry import TYPES
from tests.helpers import Organiser, new_organiser


def _portable(presentation: dict[str, Any]) -> list[dict[str, Any]]:
    """What a deck carries of a presentation's questions (ids are the server's own)."""
    return [
        {
            "type": q["type"],
            "prompt": q["prompt"],
            "options": [{"label": o["label"], "correct": bool(o.get("correct"))} for o in q["options"]],
            "settings": q["settings"],
        }
        for q in presentation["questions"]
    ]


async def _import(ada: Organiser, deck: Any) -> httpx.Response:
    return await ada.client.post("/api/presentations/import", json=deck, headers=ada.headers)


async def _count(ada: Organiser) -> int:
    return len((await ada.client.get("/api/presentations", headers=ada.headers)).json())


@pytest.mark.parametrize("qtype", TYPES, ids=[t.name for t in TYPES])
async def test_every_type_survives_export_then_import(qtype: QuestionType, client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    settings = {"pacing": "audience", "anonymous": True, "qna": {"enabled": True, "moderation": "approve"}}
    r = await ada.post(
        "/api/presentations", {"title": f"Deck: {qtype.name}", "language": "nl", "settings": settings}
    )
    original = r.json()
    body = {"type": qtype.name, "prompt": f"Über {qtype.name}? 🎉", **qtype.examples.create}
    assert (await ada.post(f"/api/presentations/{original['id']}/questions", body)).status_code == 201
    original = (await client.get(f"/api/presentations/{original['id']}", headers=ada.headers)).json()

    r = await client.get(f"/api/presentations/{original['id']}/deck", headers=ada.headers)
    assert r.status_code == 200
    assert r.headers["content-disposition"].startswith("attachment;")
    deck = r.json()
    assert (deck["format"], deck["version"]) == ("poll-service/deck", 2)
    assert all("id" not in o for q in deck["questions"] for o in q["options"])

    r = await _import(ada, deck)
    assert r.status_code == 201, r.text
    copy = r.json()
    assert copy["id"] != original["id"]
    assert (copy["title"], copy["language"], copy["settings"]) == (
        original["title"],
        original["language"],
        original["settings"],
    )
    assert _portable(copy) == _portable(original)
    assert {q["id"] for q in copy["questions"]}.isdisjoint({q["id"] for q in original["questions"]})
    # And back out again: the same document.
    again = (await client.get(f"/api/presentations/{copy['id']}/deck", headers=ada.headers)).json()
    assert again == deck


def _deck(**changes: Any) -> dict[str, Any]:
    deck: dict[str, Any] = {
        "format": "poll-service/deck",
        "version": 1,
        "title": "Team day",
        "questions": [
            {"type": "word_cloud", "prompt": "One word?"},
            {
                "type": "multiple_choice",
                "prompt": "Lunch?",
                "options": [{"label": "Pizza"}, {"label": "Soup"}],
            },
            {"type": "scale", "prompt": "Rate", "options": [{"label": "Food"}], "settings": {"steps": 7}},
        ],
    }
    deck.update(changes)
    return deck


def _with_question(index: int, **changes: Any) -> dict[str, Any]:
    deck = _deck()
    deck["questions"][index] = {**deck["questions"][index], **changes}
    return deck


BROKEN: list[tuple[str, Any, str]] = [
    ("missing format", {k: v for k, v in _deck().items() if k != "format"}, "format: Field required"),
    ("a later version", _deck(version=3), "version: this server reads version 1 and 2 decks, not 3"),
    ("images in a version 1 deck", _deck(media=[]), "version: a deck with `media` or `theme` is version 2"),
    ("not a list", _deck(questions={"type": "word_cloud"}), "questions: Input should be a valid list"),
    (
        "an empty label",
        _with_question(2, options=[{"label": ""}]),
        "questions[2].options[0].label: String should have at least 1 character",
    ),
    (
        "an unknown field",
        _with_question(0, colour="red"),
        "questions[0].colour: Extra inputs are not permitted",
    ),
    ("an unknown type", _with_question(0, type="poll"), "questions[0].type: unknown question type 'poll'"),
    (
        "too few options",
        _with_question(1, options=[{"label": "Pizza"}]),
        "questions[1].options: a multiple_choice question needs 2 to 30 options, got 1",
    ),
    (
        "a right answer outside a quiz",
        _with_question(1, options=[{"label": "Pizza", "correct": True}, {"label": "Soup"}]),
        "questions[1].options: only quiz options can be marked correct",
    ),
    (
        "bad settings",
        _with_question(2, settings={"steps": 11}),
        "questions[2].settings: invalid settings: steps:",
    ),
    ("a blank prompt", _with_question(0, prompt="   "), "questions[0].prompt: the question is blank"),
    (
        "a long prompt",
        _with_question(0, prompt="é" * 1001),
        "questions[0].prompt: String should have at most 1000",
    ),
    ("a blank title", _deck(title=" "), "title: the title is blank"),
]


@pytest.mark.parametrize(("deck", "detail"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
async def test_a_broken_deck_is_refused_naming_the_field(
    client: httpx.AsyncClient, deck: Any, detail: str
) -> None:
    ada = await new_organiser(client)
    before = await _count(ada)
    r = await _import(ada, deck)
    assert r.status_code == 422, r.text
    assert r.json()["detail"].startswith(detail), r.json()
    assert await _count(ada) == before  # nothing half-made


async def test_size_limits_count_bytes_and_characters(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    # 1000 characters of four bytes each: a prompt's limit is in characters, not bytes.
    r = await _import(ada, _with_question(0, prompt="🎉" * 1000))
    assert r.status_code == 201, r.text
    r = await client.post(
        "/api/presentations/import",
        content=b'{"format": "poll-service/deck", "title": "' + b"x" * 70_000 + b'"}',
        headers={**ada.headers, "Content-Type": "application/json"},
    )
    assert r.status_code == 413
    r = await client.post(
        "/api/presentations/import",
        content=b"{not json",
        headers={**ada.headers, "Content-Type": "application/json"},
    )
    assert r.status_code == 422 and r.json()["detail"].startswith("document: not UTF-8 JSON")


async def test_import_needs_a_login_and_belongs_to_the_caller(client: httpx.AsyncClient) -> None:
    assert (await client.post("/api/presentations/import", json=_deck())).status_code == 401
    ada = await new_organiser(client)
    bob = await new_organiser(client, "Bob")
    made = (await _import(ada, _deck())).json()
    assert (await client.get(f"/api/presentations/{made['id']}", headers=bob.headers)).status_code == 404
    assert (await client.get(f"/api/presentations/{made['id']}/deck", headers=bob.headers)).status_code == 404
    assert [p["id"] for p in (await client.get("/api/presentations", headers=ada.headers)).json()] == [
        made["id"]
    ]
