"""An organiser's presenter socket closes at once when their right to the room goes: another room
of the deck handed to a facilitator alone, a room taken back from them, a member's role lowered
below facilitator, a member removed, the account disabled by an administrator. It closes
with ACCESS_REMOVED and a reason the page shows; their sockets on rooms they may still run, and
everyone else's, stay open. In one process (the in-process hub) and across two workers sharing
PostgreSQL and Redis, where the change is made on the other worker."""

import asyncio
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import ClientConnection

from poll_service.settings import Settings
from poll_service.sockets.access_watch import ACCESS_REMOVED, REASON
from tests.admin.support import new_admin
from tests.conftest import LiveServer, run_server
from tests.helpers import Organiser, new_organiser
from tests.realtime_clients import open_socket, wait_for
from tests.test_scale_out import shared_settings
from tests.workspaces.test_roles import invite_and_join

__all__ = ["shared_settings"]  # the fixture: two workers' settings (PostgreSQL and Redis)


async def _me(client: httpx.AsyncClient, who: Organiser) -> str:
    user_id: str = (await client.get("/api/auth/me", headers=who.headers)).json()["id"]
    return user_id


async def presenter(ws_url: str, room: dict[str, Any], who: Organiser) -> ClientConnection:
    socket = await open_socket(f"{ws_url}/ws/rooms/{room['id']}/presenter", who.token)
    await wait_for(socket, lambda m: m.get("type") == "state")
    return socket


async def closed_for_rights(socket: ClientConnection) -> None:
    await asyncio.wait_for(socket.wait_closed(), 10)
    assert (socket.close_code, socket.close_reason) == (ACCESS_REMOVED, REASON)


async def still_open(socket: ClientConnection) -> None:
    """It answers a ping now, after the other socket's close was seen."""
    await socket.send('{"type":"ping"}')
    await wait_for(socket, lambda m: m.get("type") == "pong")


async def team(client: httpx.AsyncClient) -> tuple[Organiser, str, list[dict[str, Any]]]:
    ada = await new_organiser(client)
    workspace_id = (await ada.post("/api/workspaces", {"name": "Breakouts"})).json()["id"]
    r = await ada.post("/api/presentations", {"title": "Network afternoon", "workspace_id": workspace_id})
    rooms = [await ada.room(r.json()["id"], lobby=True) for _ in range(2)]
    return ada, workspace_id, rooms


async def test_sockets_close_when_rights_go(live_server: LiveServer) -> None:
    async with live_server.client() as client:
        ada, workspace_id, (one, two) = await team(client)
        fay, ed, ned = [await new_organiser(client, n) for n in ("Fay", "Ed", "Ned")]
        await invite_and_join(ada, workspace_id, "facilitator", fay)
        await invite_and_join(ada, workspace_id, "editor", ed)
        await invite_and_join(ada, workspace_id, "facilitator", ned)
        fay_id, ed_id, ned_id = [await _me(client, who) for who in (fay, ed, ned)]
        ws = live_server.ws_url
        # Room one handed to Fay alone: from now on she runs only that room of the deck.
        before = await presenter(ws, two, fay)
        r = await client.put(f"/api/rooms/{one['id']}/facilitators/{fay_id}", headers=ada.headers)
        assert r.status_code == 200, r.text
        await closed_for_rights(before)
        r = await client.put(f"/api/rooms/{two['id']}/facilitators/{fay_id}", headers=ada.headers)
        assert r.status_code == 200, r.text
        fay_one, fay_two = await presenter(ws, one, fay), await presenter(ws, two, fay)
        eds, neds, adas = (
            await presenter(ws, one, ed),
            await presenter(ws, one, ned),
            await presenter(ws, one, ada),
        )

        # Room one taken back: Fay's socket there closes; she still runs room two.
        r = await client.delete(f"/api/rooms/{one['id']}/facilitators/{fay_id}", headers=ada.headers)
        assert r.status_code == 204
        await closed_for_rights(fay_one)
        await still_open(fay_two)
        # Ed lowered to viewer: a viewer runs no room.
        r = await client.patch(
            f"/api/workspaces/{workspace_id}/members/{ed_id}", json={"role": "viewer"}, headers=ada.headers
        )
        assert r.status_code == 200
        await closed_for_rights(eds)
        # Ned removed from the workspace.
        r = await client.delete(f"/api/workspaces/{workspace_id}/members/{ned_id}", headers=ada.headers)
        assert r.status_code == 204
        await closed_for_rights(neds)
        await still_open(adas)
        await still_open(fay_two)
        # And they cannot come back.
        with pytest.raises(Exception):  # noqa: B017 (refused at the handshake, as test_roles shows)
            await presenter(ws, one, ned)
        # An administrator disables Fay's account: her last socket closes too.
        root = await new_admin(client, live_server.app, "Root")
        r = await client.patch(f"/api/admin/users/{fay_id}", json={"disabled": True}, headers=root.headers)
        assert r.status_code == 200, r.text
        await closed_for_rights(fay_two)
        await still_open(adas)
        await adas.close()


@pytest.mark.redis
@pytest.mark.postgres
async def test_a_socket_on_another_worker_closes_too(shared_settings: Settings) -> None:
    async with (
        run_server(shared_settings) as one,
        run_server(shared_settings) as two,
        httpx.AsyncClient(base_url=one.url) as client,
    ):
        ada, workspace_id, (room, _) = await team(client)
        fay = await new_organiser(client, "Fay")
        await invite_and_join(ada, workspace_id, "facilitator", fay)
        fay_id = await _me(client, fay)
        on_two = await presenter(two.ws_url, room, fay)
        adas = await presenter(two.ws_url, room, ada)
        r = await client.patch(  # made on worker one
            f"/api/workspaces/{workspace_id}/members/{fay_id}", json={"role": "viewer"}, headers=ada.headers
        )
        assert r.status_code == 200
        await closed_for_rights(on_two)
        await still_open(adas)
        await adas.close()
