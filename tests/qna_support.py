"""Steps the Q&A and moderation tests share."""

from typing import Any

import httpx

from tests.helpers import Organiser, Phone, join, new_organiser


async def qna_room(
    client: httpx.AsyncClient, questions: list[dict[str, Any]] | None = None, **qna: Any
) -> tuple[Organiser, dict[str, Any], dict[str, Any]]:
    """An organiser, a presentation (with these question bodies) and a live room with the Q&A on."""
    ada = await new_organiser(client)
    r = await ada.post("/api/presentations", {"title": "Town hall"})
    assert r.status_code == 201, r.text
    presentation = r.json()
    for body in questions or []:
        r = await ada.post(f"/api/presentations/{presentation['id']}/questions", body)
        assert r.status_code == 201, r.text
    r = await ada.post(
        f"/api/presentations/{presentation['id']}/rooms",
        {"name": "Main hall", "qna": {"enabled": True, **qna}},
    )
    assert r.status_code == 201, r.text
    room = r.json()
    if questions:  # the room opens in its lobby: show the first question
        r = await ada.control(room["id"], "next")
        assert r.status_code == 200, r.text
        room = r.json()
    r = await client.get(f"/api/presentations/{presentation['id']}", headers=ada.headers)
    return ada, r.json(), room


async def ask(phone: Phone, text: str, name: str | None = None) -> httpx.Response:
    body: dict[str, Any] = {"text": text}
    if name is not None:
        body["name"] = name
    return await phone.client.post(f"/api/join/{phone.join_code}/qna", json=body, headers=phone.headers)


async def upvote(phone: Phone, question_id: str, *, up: bool = True) -> httpx.Response:
    url = f"/api/join/{phone.join_code}/qna/{question_id}/upvote"
    if up:
        return await phone.client.post(url, headers=phone.headers)
    return await phone.client.delete(url, headers=phone.headers)


async def panel(phone: Phone) -> dict[str, Any]:
    r = await phone.client.get(f"/api/join/{phone.join_code}/qna", headers=phone.headers)
    assert r.status_code == 200, r.text
    result: dict[str, Any] = r.json()
    return result


async def phones(client: httpx.AsyncClient, join_code: str, n: int) -> list[Phone]:
    return [await join(client, join_code) for _ in range(n)]
