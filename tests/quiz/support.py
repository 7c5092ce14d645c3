"""Steps the quiz tests share: a quiz presentation, phones with nicknames."""

from typing import Any

import httpx

from tests.helpers import Organiser, Phone

CAPITALS = {
    "type": "quiz",
    "prompt": "What is the capital of the Netherlands?",
    "options": [{"label": "Rotterdam"}, {"label": "Amsterdam", "correct": True}, {"label": "Utrecht"}],
}
PLANETS = {
    "type": "quiz",
    "prompt": "Which planet is the largest?",
    "options": [{"label": "Jupiter", "correct": True}, {"label": "Mars"}],
    "settings": {"time_limit_s": 10, "points": 500},
}


async def quiz_presentation(
    ada: Organiser, *bodies: dict[str, Any], settings: dict[str, Any] | None = None
) -> dict[str, Any]:
    r = await ada.post(
        "/api/presentations", {"title": "Pub quiz", **({"settings": settings} if settings else {})}
    )
    assert r.status_code == 201, r.text
    pid = r.json()["id"]
    for body in bodies or (CAPITALS, PLANETS):
        r = await ada.post(f"/api/presentations/{pid}/questions", body)
        assert r.status_code == 201, r.text
    r = await ada.client.get(f"/api/presentations/{pid}", headers=ada.headers)
    presentation: dict[str, Any] = r.json()
    return presentation


def option_id(question: dict[str, Any], label: str) -> str:
    return str(next(o["id"] for o in question["options"] if o["label"] == label))


async def join_as(
    client: httpx.AsyncClient, join_code: str, nickname: str | None = None
) -> tuple[Phone, dict[str, Any]]:
    body: dict[str, Any] = {"join_code": join_code}
    if nickname is not None:
        body["nickname"] = nickname
    r = await client.post("/api/join", json=body)
    assert r.status_code == 200, r.text
    data = r.json()
    client.cookies.clear()
    return Phone(client, join_code, data["room_id"], data["participant_id"], data["participant_token"]), data
