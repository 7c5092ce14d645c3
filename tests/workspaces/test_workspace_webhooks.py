"""Webhooks per workspace, delivered to real local receivers: a workspace's webhook hears of the
rooms of its presentations whoever runs them (signed, checked by the receiver from the spec, and
retried after the receiver fails twice), while a member's own personal-workspace webhook hears
nothing of them; the older /api/webhooks routes act on the caller's personal workspace; a
workspace's webhook stays when the account that registered it is deleted."""

from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from poll_service.settings import Settings
from tests.admin.support import new_admin
from tests.conftest import make_settings
from tests.helpers import Organiser, new_organiser
from tests.support.webhook_receiver import Receiver, running_receiver
from tests.test_webhooks import FAST_RETRIES, until
from tests.workspaces.test_roles import invite_and_join

ROOM_EVENTS = ["room.started", "room.ended", "room.summary"]


@pytest.fixture
def settings(database_url: str) -> Settings:
    return make_settings(database_url, **FAST_RETRIES)


async def _hook(who: Organiser, path: str, receiver: Receiver) -> dict[str, Any]:
    r = await who.post(path, {"url": receiver.url, "events": ROOM_EVENTS})
    assert r.status_code == 201, r.text
    made: dict[str, Any] = r.json()
    receiver.secret = made["secret"]
    return made


async def _log(who: Organiser, path: str) -> list[dict[str, Any]]:
    r = await who.client.get(path, headers=who.headers)
    assert r.status_code == 200, r.text
    found: list[dict[str, Any]] = r.json()
    return found


async def _team_deck(ada: Organiser) -> tuple[str, str]:
    workspace_id = (await ada.post("/api/workspaces", {"name": "Library team"})).json()["id"]
    r = await ada.post("/api/presentations", {"title": "Network afternoon", "workspace_id": workspace_id})
    assert r.status_code == 201, r.text
    deck_id = r.json()["id"]
    question = {"type": "multiple_choice", "prompt": "Pick", "options": [{"label": "a"}, {"label": "b"}]}
    assert (await ada.post(f"/api/presentations/{deck_id}/questions", question)).status_code == 201
    return workspace_id, deck_id


async def test_a_workspace_webhook_hears_its_rooms_and_a_members_own_webhook_does_not(
    client: httpx.AsyncClient,
) -> None:
    async with running_receiver(fail_next=2) as team, running_receiver() as own:
        ada, cas = await new_organiser(client), await new_organiser(client, "Cas")
        workspace_id, deck_id = await _team_deck(ada)
        team_path = f"/api/workspaces/{workspace_id}/webhooks"
        team_hook = await _hook(ada, team_path, team)
        own_hook = await _hook(cas, "/api/webhooks", own)  # Cas's personal workspace
        await invite_and_join(ada, workspace_id, "facilitator", cas)

        # Cas runs a room of the team's deck: the team's webhook hears of it, hers does not.
        room = await cas.room(deck_id, lobby=True)
        await team.wait_for(lambda r: len(r.of_type("room.started")) == 1)
        started = team.of_type("room.started")[0]
        assert team.attempts[:3] == [started["id"]] * 3  # failed twice, accepted the third time
        assert started["data"]["room"]["id"] == room["id"]
        assert (await cas.control(room["id"], "end")).status_code == 200
        await team.wait_for(lambda r: bool(r.of_type("room.ended")) and bool(r.of_type("room.summary")))
        assert team.of_type("room.summary")[0]["data"]["room"]["id"] == room["id"]
        assert team.forged == 0
        # Deliveries are queued in the commit of the change itself: none was queued for her webhook.
        assert await _log(cas, f"/api/webhooks/{own_hook['id']}/deliveries") == []

        # Her own room reaches her own webhook, and only hers.
        mine = await cas.room((await cas.presentation())["id"], lobby=True)
        await own.wait_for(lambda r: len(r.of_type("room.started")) == 1)
        assert [e["data"]["room"]["id"] for e in own.accepted] == [mine["id"]]

        async def settled() -> bool:
            log = await _log(ada, f"{team_path}/{team_hook['id']}/deliveries")
            return len(log) == 3 and all(d["status"] == "delivered" for d in log)

        await until(settled)
        log = await _log(ada, f"{team_path}/{team_hook['id']}/deliveries")
        assert {d["event"] for d in log} == set(ROOM_EVENTS)
        assert all(room["id"] in str(e["data"]["room"]) for e in team.accepted)


async def test_only_owners_see_a_workspace_webhook_and_the_old_routes_act_on_the_personal_one(
    client: httpx.AsyncClient,
) -> None:
    ada, eve, mallory = [await new_organiser(client, n) for n in ("Ada", "Eve", "Mallory")]
    workspace_id, _ = await _team_deck(ada)
    team_path = f"/api/workspaces/{workspace_id}/webhooks"
    body = {"url": "https://93.184.215.14/hook", "events": ["room.ended"]}
    r = await ada.post(team_path, body)
    assert r.status_code == 201 and r.json()["secret"].startswith("whsec_"), r.text
    team_hook = r.json()
    await invite_and_join(ada, workspace_id, "editor", eve)
    r = await eve.client.get(team_path, headers=eve.headers)
    assert r.status_code == 403 and "your role in this workspace is editor" in r.text
    r = await eve.client.patch(f"{team_path}/{team_hook['id']}", json={"enabled": False}, headers=eve.headers)
    assert r.status_code == 403
    assert (await mallory.client.get(team_path, headers=mallory.headers)).status_code == 404

    # The old routes: Ada's personal workspace, where a webhook made there is listed...
    mine = await ada.post("/api/webhooks", body)
    assert mine.status_code == 201
    personal = (await client.get("/api/workspaces", headers=ada.headers)).json()[0]
    assert personal["personal"] is True
    listed = await _log(ada, f"/api/workspaces/{personal['id']}/webhooks")
    assert [h["id"] for h in listed] == [mine.json()["id"]] and "secret" not in listed[0]
    assert [h["id"] for h in await _log(ada, "/api/webhooks")] == [mine.json()["id"]]
    # ... and the team's webhook is not there, nor reachable through another workspace's path.
    assert (await client.get(f"/api/webhooks/{team_hook['id']}", headers=ada.headers)).status_code == 404
    r = await client.get(f"/api/workspaces/{personal['id']}/webhooks/{team_hook['id']}", headers=ada.headers)
    assert r.status_code == 404
    assert [h["id"] for h in await _log(ada, team_path)] == [team_hook["id"]]


async def test_a_workspace_webhook_outlives_the_account_that_registered_it(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    root = await new_admin(client, app)
    ada, bea = await new_organiser(client), await new_organiser(client, "Bea")
    workspace_id, _ = await _team_deck(ada)
    await invite_and_join(ada, workspace_id, "owner", bea)
    team_path = f"/api/workspaces/{workspace_id}/webhooks"
    r = await bea.post(team_path, {"url": "https://93.184.215.14/hook", "events": ["room.ended"]})
    assert r.status_code == 201, r.text
    assert (await bea.post(f"{team_path}/{r.json()['id']}/test")).status_code == 202
    deliveries = (await client.get("/api/admin/webhook-deliveries", headers=root.headers)).json()
    assert [d["workspace_name"] for d in deliveries["items"]] == ["Library team"]

    bea_id = (await client.get("/api/auth/me", headers=bea.headers)).json()["id"]
    assert (await client.delete(f"/api/admin/users/{bea_id}", headers=root.headers)).status_code == 204
    assert [h["id"] for h in await _log(ada, team_path)] == [r.json()["id"]]
    deliveries = (await client.get("/api/admin/webhook-deliveries", headers=root.headers)).json()
    assert [d["owner_email"] for d in deliveries["items"]] == [ada.email]
