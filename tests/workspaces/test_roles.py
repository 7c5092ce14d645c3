"""Each role gets exactly its rights on every route that takes a workspace's id. The table of least
roles is the one in docs/workspaces.md: the test reads it, insists it lists every such route (a
route added later fails here until it is classified), and calls every route as every role."""

import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from websockets.exceptions import InvalidStatus

from poll_service.privacy.bursts import join_source
from poll_service.workspaces.access import RANK, ROLES
from tests.conftest import LiveServer
from tests.helpers import Organiser, join, new_organiser
from tests.qna_support import ask
from tests.realtime_clients import open_socket, wait_for
from tests.security.test_cross_tenant import BODIES, _fill, id_routes
from tests.support.images import picture

DOC = Path(__file__).parents[2] / "docs" / "workspaces.md"
ROW = re.compile(r"^\| `(GET|POST|PUT|PATCH|DELETE)` \| `([^`]+)` \| (owner|editor|facilitator|viewer) \|$")
# Routes with an id that is not a workspace's: one's own API tokens; an invitation link.
NOT_WORKSPACE_ROUTES = {
    # An organiser's own: API tokens, and the webhooks of their personal workspace (the routes
    # that name a workspace's webhooks are in the table: owners only).
    ("DELETE", "/api/tokens/{token_id}"),
    ("GET", "/api/webhooks/{webhook_id}"),
    ("PATCH", "/api/webhooks/{webhook_id}"),
    ("DELETE", "/api/webhooks/{webhook_id}"),
    ("POST", "/api/webhooks/{webhook_id}/test"),
    ("GET", "/api/webhooks/{webhook_id}/deliveries"),
    ("GET", "/invite/{token}"),
    ("POST", "/invite/{token}"),
    # The server's administration: administrators only, whatever their workspace roles
    # (docs/administration.md lists them; tests/admin/ holds them to it).
    ("GET", "/api/admin/users/{user_id}"),
    ("PATCH", "/api/admin/users/{user_id}"),
    ("DELETE", "/api/admin/users/{user_id}"),
    ("POST", "/admin/users/{user_id}"),
}
WEBHOOKS = "/api/workspaces/{workspace_id}/webhooks"
# Deleting a question, the room, then the presentation, last of all: they take ids others use.
LAST = ("/api/questions/{question_id}", "/api/rooms/{room_id}", "/api/presentations/{presentation_id}")


def documented_roles() -> dict[tuple[str, str], str]:
    rows = [ROW.match(line) for line in DOC.read_text(encoding="utf-8").splitlines()]
    return {(m.group(1), m.group(2)): m.group(3) for m in rows if m}


def _order(route: tuple[str, str]) -> tuple[bool, int]:
    method, path = route
    return method == "DELETE", LAST.index(path) + 1 if method == "DELETE" and path in LAST else 0


async def invite_and_join(owner: Organiser, workspace_id: str, role: str, who: Organiser) -> None:
    r = await owner.post(f"/api/workspaces/{workspace_id}/invitations", {"email": who.email, "role": role})
    assert r.status_code == 201, r.text
    token = r.json()["url"].rsplit("/", 1)[1]
    r = await who.post("/api/invitations/accept", {"token": token})
    assert r.status_code == 200 and r.json()["role"] == role, r.text


async def team_world(client: httpx.AsyncClient, app: FastAPI) -> tuple[Organiser, dict[str, str]]:
    """Ada's team workspace with a deck, a live room (Q&A on) with a vote, an audience question and
    a hidden word."""
    ada = await new_organiser(client)
    r = await ada.post("/api/workspaces", {"name": "Library team"})
    assert r.status_code == 201, r.text
    workspace_id = r.json()["id"]
    r = await ada.post("/api/presentations", {"title": "Town hall", "workspace_id": workspace_id})
    assert r.status_code == 201 and r.json()["workspace_id"] == workspace_id, r.text
    presentation_id = r.json()["id"]
    for body in (
        {"type": "word_cloud", "prompt": "One word?"},
        {"type": "multiple_choice", "prompt": "Pick one", "options": [{"label": "a"}, {"label": "b"}]},
    ):
        r = await ada.post(f"/api/presentations/{presentation_id}/questions", body)
        assert r.status_code == 201, r.text
    presentation = (await client.get(f"/api/presentations/{presentation_id}", headers=ada.headers)).json()
    r = await ada.post(
        f"/api/presentations/{presentation_id}/rooms", {"name": "Hall", "qna": {"enabled": True}}
    )
    assert r.status_code == 201, r.text
    room = r.json()
    assert (await ada.control(room["id"], "next")).status_code == 200
    cloud = presentation["questions"][0]  # shown first: a moderated type, whose words can be hidden
    phone = await join(client, room["join_code"])
    vote = await client.post(
        f"/api/join/{phone.join_code}/responses",
        json={"question_id": cloud["id"], "entries": ["thee"]},
        headers=phone.headers,
    )
    assert vote.status_code == 201, vote.text
    asked = await ask(phone, "When is the break?")
    assert asked.status_code == 201, asked.text
    r = await ada.post(f"/api/rooms/{room['id']}/questions/{cloud['id']}/hidden-words", {"word": "koffie"})
    assert r.status_code == 201, r.text
    ids = {
        "webhook_id": await _workspace_webhook(ada, workspace_id),
        "workspace_id": workspace_id,
        "presentation_id": presentation_id,
        "room_id": room["id"],
        "question_id": cloud["id"],
        "qna_question_id": asked.json()["id"],
        "participant_id": phone.participant_id,
        "response_id": vote.json()["response_id"],
        "word": "koffie",
        "source": join_source(app.state.context.settings.secret, room["id"], "203.0.113.7"),
    }
    return ada, ids


async def _workspace_webhook(ada: Organiser, workspace_id: str) -> str:
    r = await ada.post(f"/api/workspaces/{workspace_id}/webhooks", BODIES[("POST", WEBHOOKS)])
    assert r.status_code == 201, r.text
    made: str = r.json()["id"]
    return made


async def _fresh_ids(
    client: httpx.AsyncClient, ada: Organiser, ids: dict[str, str], path: str
) -> dict[str, str]:
    """A new invitation or member for the routes that use one up."""
    ids = dict(ids)
    if path.startswith("/api/rooms/{room_id}/qna/"):  # its {question_id} is an audience question's
        ids["question_id"] = ids["qna_question_id"]
    if "{invitation_id}" in path:
        r = await ada.post(f"/api/workspaces/{ids['workspace_id']}/invitations", {"email": "x@example.org"})
        assert r.status_code == 201, r.text
        ids["invitation_id"] = r.json()["id"]
    if "{webhook_id}" in path:  # removing one uses it up
        ids["webhook_id"] = await _workspace_webhook(ada, ids["workspace_id"])
    if "{media_id}" in path:  # deleting one uses it up
        r = await client.post(
            f"/api/presentations/{ids['presentation_id']}/media",
            content=picture("PNG"),
            headers={**ada.headers, "Content-Type": "image/png"},
        )
        assert r.status_code == 201, r.text
        ids["media_id"] = r.json()["id"]
    if "{user_id}" in path:
        # A room is handed to a facilitator only, and only a handed room can be taken back.
        handing = path.startswith("/api/rooms/{room_id}/facilitators/")
        extra = await new_organiser(client, "Extra")
        await invite_and_join(ada, ids["workspace_id"], "facilitator" if handing else "viewer", extra)
        me = (await client.get("/api/auth/me", headers=extra.headers)).json()
        ids["user_id"] = me["id"]
        if handing:
            r = await client.put(f"/api/rooms/{ids['room_id']}/facilitators/{me['id']}", headers=ada.headers)
            assert r.status_code == 200, r.text
    return ids


async def test_the_documented_table_lists_every_workspace_route(app: FastAPI) -> None:
    routes = {(m, p) for m, p, _ in id_routes(app)} - NOT_WORKSPACE_ROUTES
    assert set(documented_roles()) == routes


async def test_each_role_gets_exactly_its_rights_on_every_route(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    table = documented_roles()
    for role in ROLES:
        ada, ids = await team_world(client, app)
        mia = await new_organiser(client, "Mia")
        await invite_and_join(ada, ids["workspace_id"], role, mia)
        for method, path in sorted(table, key=_order):
            need = table[(method, path)]
            used = await _fresh_ids(client, ada, ids, path)
            body = BODIES.get((method, path))
            kwargs: dict[str, Any] = {"json": body} if body is not None else {}
            r = await client.request(method, _fill(path, used), headers=mia.headers, **kwargs)
            where = (role, method, path, r.status_code, r.text[:200])
            if RANK[role] < RANK[need]:
                assert r.status_code == 403, where
                assert (
                    f"your role in this workspace is {role}" in r.text and f"role {need} or higher" in r.text
                )
            else:
                assert r.status_code not in {401, 403, 404} and r.status_code < 500, where


async def test_the_presenter_socket_is_a_facilitators(live_server: LiveServer) -> None:
    async with live_server.client() as client:
        ada = await new_organiser(client)
        workspace_id = (await ada.post("/api/workspaces", {"name": "Breakouts"})).json()["id"]
        r = await ada.post("/api/presentations", {"title": "Session 3", "workspace_id": workspace_id})
        room = await ada.room(r.json()["id"], lobby=True)
        vic, fay = await new_organiser(client, "Vic"), await new_organiser(client, "Fay")
        await invite_and_join(ada, workspace_id, "viewer", vic)
        await invite_and_join(ada, workspace_id, "facilitator", fay)
    url = f"{live_server.ws_url}/ws/rooms/{room['id']}/presenter"
    with pytest.raises(InvalidStatus) as refused:  # turned away at the handshake
        await open_socket(url, vic.token)
    assert refused.value.response.status_code == 403
    facilitator = await open_socket(url, fay.token)
    state = await wait_for(facilitator, lambda m: m.get("type") == "state")
    assert state["room"]["id"] == room["id"], state
    await facilitator.close()
