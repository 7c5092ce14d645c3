"""Small steps every test repeats: an organiser, a presentation, a room, a phone."""

import uuid
from dataclasses import dataclass
from typing import Any

import httpx


@dataclass
class Organiser:
    client: httpx.AsyncClient
    token: str
    email: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    async def post(self, url: str, json: Any = None) -> httpx.Response:
        return await self.client.post(url, json=json, headers=self.headers)

    async def presentation(
        self, title: str = "Town hall", questions: int = 1, options: int = 3
    ) -> dict[str, Any]:
        r = await self.post("/api/presentations", {"title": title})
        assert r.status_code == 201, r.text
        presentation: dict[str, Any] = r.json()
        for n in range(questions):
            r = await self.post(
                f"/api/presentations/{presentation['id']}/questions",
                {
                    "type": "multiple_choice",
                    "prompt": f"Question {n + 1}?",
                    "options": [{"label": f"Option {chr(65 + i)}"} for i in range(options)],
                },
            )
            assert r.status_code == 201, r.text
        r = await self.client.get(f"/api/presentations/{presentation['id']}", headers=self.headers)
        result: dict[str, Any] = r.json()
        return result

    async def room(self, presentation_id: str, *, lobby: bool = False) -> dict[str, Any]:
        """A new room; unless `lobby`, on its first question with voting open (a room opens in its
        lobby: most tests start from the first question)."""
        r = await self.post(f"/api/presentations/{presentation_id}/rooms", {"name": "Main hall"})
        assert r.status_code == 201, r.text
        room: dict[str, Any] = r.json()
        if not lobby:
            r = await self.control(room["id"], "next")
            assert r.status_code == 200, r.text
            room = r.json()
        return room

    async def control(self, room_id: str, action: str, **extra: Any) -> httpx.Response:
        return await self.post(f"/api/rooms/{room_id}/control", {"action": action, **extra})


async def new_organiser(client: httpx.AsyncClient, name: str = "Ada") -> Organiser:
    email = f"{name.lower()}-{uuid.uuid4().hex[:8]}@example.org"
    r = await client.post(
        "/api/auth/register",
        json={"email": email, "password": "correct horse battery", "display_name": name},
    )
    assert r.status_code == 201, r.text
    r = await client.post("/api/auth/login", json={"email": email, "password": "correct horse battery"})
    assert r.status_code == 200, r.text
    client.cookies.clear()  # tests authenticate explicitly, never by a cookie left behind
    return Organiser(client, r.json()["access_token"], email)


@dataclass
class Phone:
    client: httpx.AsyncClient
    join_code: str
    room_id: str
    participant_id: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    async def vote(self, question_id: str, choice_ids: list[str], key: str | None = None) -> httpx.Response:
        headers = dict(self.headers)
        if key:
            headers["Idempotency-Key"] = key
        return await self.client.post(
            f"/api/join/{self.join_code}/responses",
            json={"question_id": question_id, "choice_ids": choice_ids},
            headers=headers,
        )

    async def state(self) -> dict[str, Any]:
        r = await self.client.get(f"/api/join/{self.join_code}/state", headers=self.headers)
        assert r.status_code == 200, r.text
        state: dict[str, Any] = r.json()
        return state


async def join(client: httpx.AsyncClient, join_code: str) -> Phone:
    r = await client.post("/api/join", json={"join_code": join_code})
    assert r.status_code == 200, r.text
    body = r.json()
    client.cookies.clear()
    return Phone(client, join_code, body["room_id"], body["participant_id"], body["participant_token"])


@dataclass
class LiveQuestion:
    """An organiser's room on a one-question presentation, with phones in it."""

    organiser: Organiser
    question: dict[str, Any]
    room: dict[str, Any]
    phones: list[Phone]


async def room_with_phones(client: httpx.AsyncClient, options: int, phones: int) -> LiveQuestion:
    ada = await new_organiser(client)
    presentation = await ada.presentation(options=options)
    room = await ada.room(presentation["id"])
    joined = [await join(client, room["join_code"]) for _ in range(phones)]
    return LiveQuestion(ada, presentation["questions"][0], room, joined)
