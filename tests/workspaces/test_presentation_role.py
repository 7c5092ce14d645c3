"""Every answer that is a presentation carries the caller's `role` over it, never null: the
dashboard hides what that role may not do. Create, import and template answers included (an
earlier attempt left them null)."""

import base64

import httpx

from tests.helpers import Organiser, new_organiser
from tests.workspaces.test_roles import invite_and_join


async def _team(client: httpx.AsyncClient) -> tuple[Organiser, str, str]:
    ada = await new_organiser(client)
    r = await ada.post("/api/workspaces", {"name": "Library team"})
    assert r.status_code == 201, r.text
    workspace_id = r.json()["id"]
    r = await ada.post("/api/presentations", {"title": "Town hall", "workspace_id": workspace_id})
    assert r.status_code == 201 and r.json()["role"] == "owner", r.text
    return ada, workspace_id, r.json()["id"]


async def test_every_presentation_answer_names_the_owners_role(client: httpx.AsyncClient) -> None:
    ada, _, pid = await _team(client)
    answers = {
        "create personal": await ada.post("/api/presentations", {"title": "Mine"}),
        "update": await client.patch(
            f"/api/presentations/{pid}", json={"title": "Hall"}, headers=ada.headers
        ),
        "duplicate": await ada.post(f"/api/presentations/{pid}/duplicate", {}),
        "import json": await ada.post(
            "/api/presentations/import",
            {
                "format": "poll-service/deck",
                "version": 1,
                "title": "Imported",
                "questions": [{"type": "word_cloud", "prompt": "One word?"}],
            },
        ),
        "import sheet": await ada.post(
            f"/api/presentations/{pid}/questions/import",
            {"format": "csv", "content_base64": base64.b64encode(b"word_cloud,One word?\n").decode()},
        ),
        "template": await ada.post("/api/presentations/from-template", {"template": "icebreaker"}),
        "get": await client.get(f"/api/presentations/{pid}", headers=ada.headers),
    }
    ids = [q["id"] for q in answers["import sheet"].json()["questions"]]
    answers["order"] = await client.put(
        f"/api/presentations/{pid}/question-order", json={"question_ids": ids[::-1]}, headers=ada.headers
    )
    for name, r in answers.items():
        assert r.status_code in (200, 201), (name, r.text)
        assert r.json()["role"] == "owner", (name, r.json().get("role"))
    listed = (await client.get("/api/presentations", headers=ada.headers)).json()
    assert len(listed) == 5 and {p["role"] for p in listed} == {"owner"}


async def test_each_member_sees_their_own_role(client: httpx.AsyncClient) -> None:
    ada, workspace_id, pid = await _team(client)
    for role in ("editor", "facilitator", "viewer"):
        member = await new_organiser(client, role.title())
        await invite_and_join(ada, workspace_id, role, member)
        got = await client.get(f"/api/presentations/{pid}", headers=member.headers)
        assert got.status_code == 200 and got.json()["role"] == role, got.text
        listed = (await client.get("/api/presentations", headers=member.headers)).json()
        team = {(p["id"], p["role"]) for p in listed if p["workspace_id"] == workspace_id}
        assert (pid, role) in team and {r for _, r in team} == {role}
        # A member's personal deck is theirs to own, next to the team's.
        assert {p["role"] for p in listed if p["workspace_id"] != workspace_id} <= {"owner"}
        if role == "editor":  # the copy stays in the team's workspace, where they are an editor
            copy = await member.post(f"/api/presentations/{pid}/duplicate", {})
            assert copy.status_code == 201 and copy.json()["role"] == "editor", copy.text
