"""The audit log: what people did in a workspace, newest first and paged, written in the same commit
as the change (so a change that is rolled back leaves no entry), readable by owners only."""

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlmodel import col

from poll_service.models import AuditEntry, Presentation
from poll_service.workspaces import audit
from tests.helpers import new_organiser
from tests.workspaces.test_roles import invite_and_join


async def _log(client: httpx.AsyncClient, headers: dict[str, str], workspace_id: str, page: int = 1) -> dict:  # type: ignore[type-arg]
    r = await client.get(f"/api/workspaces/{workspace_id}/audit?page={page}", headers=headers)
    assert r.status_code == 200, r.text
    found: dict = r.json()  # type: ignore[type-arg]
    return found


async def test_what_people_do_is_logged_newest_first(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    workspace_id = (await ada.post("/api/workspaces", {"name": "Events"})).json()["id"]
    bob = await new_organiser(client, "Bob")
    await invite_and_join(ada, workspace_id, "facilitator", bob)
    r = await ada.post("/api/presentations", {"title": "Evaluation", "workspace_id": workspace_id})
    presentation_id = r.json()["id"]
    room = (await bob.post(f"/api/presentations/{presentation_id}/rooms", {"name": "Room 2"})).json()
    assert (await bob.control(room["id"], "end")).status_code == 200
    assert (await client.get(f"/api/rooms/{room['id']}/export.csv", headers=bob.headers)).status_code == 200
    token = (await bob.post("/api/tokens", {"name": "sync"})).json()
    assert (await client.delete(f"/api/tokens/{token['id']}", headers=bob.headers)).status_code == 200
    bob_id = (await client.get("/api/auth/me", headers=bob.headers)).json()["id"]
    r = await client.patch(
        f"/api/workspaces/{workspace_id}/members/{bob_id}", json={"role": "viewer"}, headers=ada.headers
    )
    assert r.status_code == 200
    r = await client.post("/api/auth/login", json={"email": bob.email, "password": "correct horse battery"})
    assert r.status_code == 200
    assert (
        await client.delete(f"/api/presentations/{presentation_id}", headers=ada.headers)
    ).status_code == 204

    log = await _log(client, ada.headers, workspace_id)
    actions = [(e["actor_name"], e["action"]) for e in reversed(log["entries"])]
    assert actions == [
        ("Ada", "invitation.create"),
        ("Bob", "member.join"),
        ("Ada", "presentation.create"),
        ("Bob", "room.start"),
        ("Bob", "room.end"),
        ("Bob", "export"),
        ("Bob", "token.create"),
        ("Bob", "token.revoke"),
        ("Ada", "member.role"),
        ("Bob", "sign_in"),
        ("Ada", "presentation.delete"),
    ]
    assert "Evaluation" in log["entries"][0]["target"] and log["total"] == 11
    r = await client.get(f"/api/workspaces/{workspace_id}/audit", headers=bob.headers)
    assert r.status_code == 403 and "needs the role owner" in r.json()["detail"]


async def test_an_entry_is_written_only_with_its_change(app: FastAPI, client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    workspace_id = (await ada.post("/api/workspaces", {"name": "Events"})).json()["id"]
    context = app.state.context
    before = (await _log(client, ada.headers, workspace_id))["total"]
    ada_id = (await client.get("/api/auth/me", headers=ada.headers)).json()["id"]
    with pytest.raises(RuntimeError):
        async with context.unit_of_work() as work:
            work.session.add(Presentation(owner_id=ada_id, workspace_id=workspace_id, title="Half made"))
            audit.record(work.session, workspace_id, None, "presentation.create", "Half made")
            await work.session.flush()
            raise RuntimeError("the request fails after the change was written")
    async with context.sessionmaker() as session:
        count = await session.scalar(
            select(func.count()).select_from(AuditEntry).where(col(AuditEntry.workspace_id) == workspace_id)
        )
        made = await session.scalar(
            select(func.count()).select_from(Presentation).where(col(Presentation.title) == "Half made")
        )
    assert count == before and made == 0
    async with context.unit_of_work() as work:
        audit.record(work.session, workspace_id, None, "export", "committed")
    assert (await _log(client, ada.headers, workspace_id))["entries"][0]["target"] == "committed"


async def test_the_log_is_paged(app: FastAPI, client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    workspace_id = (await ada.post("/api/workspaces", {"name": "Events"})).json()["id"]
    async with app.state.context.unit_of_work() as work:
        for n in range(audit.PAGE_SIZE + 3):
            audit.record(work.session, workspace_id, None, "export", f"entry {n}")
    first, second = (
        await _log(client, ada.headers, workspace_id),
        await _log(client, ada.headers, workspace_id, 2),
    )
    assert first["pages"] == 2 and len(first["entries"]) == audit.PAGE_SIZE and len(second["entries"]) == 3
    seen = [e["target"] for e in first["entries"] + second["entries"]]
    assert len(set(seen)) == audit.PAGE_SIZE + 3
    r = await client.get(f"/api/workspaces/{workspace_id}/audit?page=0", headers=ada.headers)
    assert r.status_code == 422
    page = await client.get(f"/workspaces/{workspace_id}?page=2", headers=ada.headers)
    assert page.status_code == 200 and "Page 2 of 2" in page.text
