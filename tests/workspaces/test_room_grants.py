"""A room handed to a facilitator: "five breakout moderators each run their own room of one deck,
and the organiser downloads the combined report". The facilitator then sees only that room of the
deck, on every route, page and the presenter socket; the owner keeps everything."""

from typing import Any

import httpx
import pytest
from websockets.exceptions import InvalidStatus

from tests.conftest import LiveServer
from tests.helpers import Organiser, join, new_organiser
from tests.realtime_clients import open_socket, wait_for
from tests.workspaces.test_roles import invite_and_join


async def _breakouts(client: httpx.AsyncClient) -> tuple[Organiser, Organiser, dict[str, Any]]:
    """Ada's deck with rooms A and B; Fay a facilitator of the workspace; Ed an editor; Vic a viewer."""
    ada = await new_organiser(client)
    workspace_id = (await ada.post("/api/workspaces", {"name": "Network afternoon"})).json()["id"]
    pid = (await ada.post("/api/presentations", {"title": "Breakouts", "workspace_id": workspace_id})).json()[
        "id"
    ]
    body = {"type": "multiple_choice", "prompt": "Lunch?", "options": [{"label": "Soup"}, {"label": "Pie"}]}
    assert (await ada.post(f"/api/presentations/{pid}/questions", body)).status_code == 201
    rooms = {}
    for name in ("A", "B"):
        r = await ada.post(f"/api/presentations/{pid}/rooms", {"name": name})
        assert r.status_code == 201, r.text
        rooms[name] = r.json()["id"]
    fay, ed, vic = [await new_organiser(client, n) for n in ("Fay", "Ed", "Vic")]
    for who, role in ((fay, "facilitator"), (ed, "editor"), (vic, "viewer")):
        await invite_and_join(ada, workspace_id, role, who)
    ids = {
        "workspace_id": workspace_id,
        "presentation_id": pid,
        "rooms": rooms,
        "fay": await _me(client, fay),
        "vic": await _me(client, vic),
        "ed": ed,
        "vic_org": vic,
    }
    return ada, fay, ids


async def _me(client: httpx.AsyncClient, who: Organiser) -> str:
    return str((await client.get("/api/auth/me", headers=who.headers)).json()["id"])


def _signed_in(who: Organiser) -> dict[str, str]:
    """The API's bearer token and the pages' session cookie."""
    return {**who.headers, "Cookie": f"poll_session={who.token}"}


async def _listed(client: httpx.AsyncClient, who: Organiser, pid: str) -> set[str]:
    r = await client.get(f"/api/presentations/{pid}/rooms", headers=who.headers)
    assert r.status_code == 200, r.text
    return {room["name"] for room in r.json()}


async def test_a_handed_room_is_all_the_facilitator_sees_of_the_deck(client: httpx.AsyncClient) -> None:
    ada, fay, ids = await _breakouts(client)
    pid, a, b = ids["presentation_id"], ids["rooms"]["A"], ids["rooms"]["B"]
    assert await _listed(client, fay, pid) == {"A", "B"}  # any facilitator, before a room is handed

    # An editor hands room B to Fay.
    r = await client.put(f"/api/rooms/{b}/facilitators/{ids['fay']}", headers=ids["ed"].headers)
    assert r.status_code == 200 and [g["display_name"] for g in r.json()] == ["Fay"], r.text

    assert await _listed(client, fay, pid) == {"B"}
    deck = await client.get(f"/api/presentations/{pid}", headers=fay.headers)
    assert deck.json()["handed_rooms"] == [b] and deck.json()["role"] == "facilitator"
    assert (await client.get(f"/api/presentations/{pid}", headers=ada.headers)).json()["handed_rooms"] is None
    # Her results page offers her room's downloads, not the combined report she may not have.
    page = await client.get(f"/rooms/{b}/results", headers=_signed_in(fay))
    assert f"/api/rooms/{b}/export.csv" in page.text and f"/api/presentations/{pid}/export" not in page.text
    for url in (
        f"/api/rooms/{a}",
        f"/api/rooms/{a}/results",
        f"/api/rooms/{a}/export.csv",
        f"/api/rooms/{a}/qna",
        f"/rooms/{a}/results",
        f"/rooms/{a}/moderate",
        f"/present/{a}",
    ):
        got = await client.get(url, headers=_signed_in(fay))
        assert got.status_code == 404, (url, got.status_code)
    assert (await fay.control(a, "next")).status_code == 404
    # Her own room she sees and runs, and its report she downloads.
    assert (await fay.control(b, "next")).status_code == 200
    for url in (
        f"/api/rooms/{b}/results",
        f"/api/rooms/{b}/export.csv",
        f"/present/{b}",
        f"/rooms/{b}/moderate",
    ):
        got = await client.get(url, headers=_signed_in(fay))
        assert got.status_code == 200, (url, got.status_code)
    # What spans every room stays the organiser's: a 403 that says why.
    for method, url in (
        ("GET", f"/api/presentations/{pid}/export.csv"),
        ("GET", f"/api/presentations/{pid}/leaderboard"),
        ("POST", f"/api/presentations/{pid}/rooms"),
    ):
        got = await client.request(method, url, headers=fay.headers)
        assert got.status_code == 403 and "handed some rooms" in got.text, (url, got.text)
    # A vote in each room; the organiser downloads the combined report of both.
    assert (await ada.control(a, "next")).status_code == 200
    question = (await client.get(f"/api/presentations/{pid}", headers=ada.headers)).json()["questions"][0]
    for room_id, label in ((a, "Soup"), (b, "Pie")):
        code = (await client.get(f"/api/rooms/{room_id}", headers=ada.headers)).json()["join_code"]
        phone = await join(client, code)
        option = next(o["id"] for o in question["options"] if o["label"] == label)
        assert (await phone.vote(question["id"], [option])).status_code == 201
    report = await client.get(f"/api/presentations/{pid}/export.csv", headers=ada.headers)
    assert report.status_code == 200 and "\r\nA," in report.text and "\r\nB," in report.text, report.text
    own = await client.get(f"/api/rooms/{b}/export.csv", headers=fay.headers)
    assert "Pie" in own.text and "Soup" not in own.text
    audit = (await client.get(f"/api/workspaces/{ids['workspace_id']}/audit", headers=ada.headers)).json()
    granted = [e for e in audit["entries"] if e["action"] == "room.grant"]
    assert len(granted) == 1 and granted[0]["actor_name"] == "Ed", audit
    assert "Fay" in granted[0]["target"] and b in granted[0]["target"]

    # Taken back, she is a facilitator of the whole deck again.
    r = await client.delete(f"/api/rooms/{b}/facilitators/{ids['fay']}", headers=ada.headers)
    assert r.status_code == 204, r.text
    assert await _listed(client, fay, pid) == {"A", "B"}
    audit = (await client.get(f"/api/workspaces/{ids['workspace_id']}/audit", headers=ada.headers)).json()
    assert audit["entries"][0]["action"] == "room.revoke"


async def test_only_facilitators_are_handed_rooms_by_editors_and_owners(client: httpx.AsyncClient) -> None:
    ada, fay, ids = await _breakouts(client)
    b = ids["rooms"]["B"]
    viewer = await client.put(f"/api/rooms/{b}/facilitators/{ids['vic']}", headers=ada.headers)
    assert viewer.status_code == 422 and "is viewer" in viewer.text
    stranger = await _me(client, await new_organiser(client, "Sam"))
    assert (
        await client.put(f"/api/rooms/{b}/facilitators/{stranger}", headers=ada.headers)
    ).status_code == 404
    mine = await client.put(f"/api/rooms/{b}/facilitators/{ids['fay']}", headers=fay.headers)
    assert mine.status_code == 403 and "role editor or higher" in mine.text
    watching = await client.get(f"/api/rooms/{b}/facilitators", headers=ids["vic_org"].headers)
    assert watching.status_code == 403
    assert (
        await client.delete(f"/api/rooms/{b}/facilitators/{ids['fay']}", headers=ada.headers)
    ).status_code == 404
    # A grant narrows a facilitator only: promoted to editor, Fay sees every room again.
    r = await client.put(f"/api/rooms/{b}/facilitators/{ids['fay']}", headers=ada.headers)
    assert r.status_code == 200
    r = await client.patch(
        f"/api/workspaces/{ids['workspace_id']}/members/{ids['fay']}",
        json={"role": "editor"},
        headers=ada.headers,
    )
    assert r.status_code == 200, r.text
    assert await _listed(client, fay, ids["presentation_id"]) == {"A", "B"}


async def test_the_presenter_socket_of_another_room_is_refused(live_server: LiveServer) -> None:
    async with live_server.client() as client:
        ada, fay, ids = await _breakouts(client)
        a, b = ids["rooms"]["A"], ids["rooms"]["B"]
        r = await client.put(f"/api/rooms/{b}/facilitators/{ids['fay']}", headers=ada.headers)
        assert r.status_code == 200, r.text
    with pytest.raises(InvalidStatus) as refused:
        await open_socket(f"{live_server.ws_url}/ws/rooms/{a}/presenter", fay.token)
    assert refused.value.response.status_code == 403
    mine = await open_socket(f"{live_server.ws_url}/ws/rooms/{b}/presenter", fay.token)
    state = await wait_for(mine, lambda m: m.get("type") == "state")
    assert state["room"]["id"] == b
    await mine.close()
