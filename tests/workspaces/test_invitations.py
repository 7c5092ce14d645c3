"""Invitations: a link that works once and expires, mailed through a real SMTP server (aiosmtpd)
when one is set, rate-limited and size-limited; the invited person acts with the role given, by
login and by personal API token."""

import asyncio
import queue
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller
from fastapi import FastAPI
from sqlalchemy import update
from sqlmodel import col

from poll_service.ids import utcnow
from poll_service.models import Invitation
from poll_service.settings import Settings
from tests.conftest import free_port, make_settings
from tests.helpers import Organiser, new_organiser
from tests.workspaces.test_roles import invite_and_join


class Inbox:
    """What the SMTP server received, in order."""

    def __init__(self) -> None:
        self.received: queue.Queue[tuple[list[str], Message]] = queue.Queue()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's name)
        self.received.put((list(envelope.rcpt_tos), message_from_bytes(envelope.content)))
        return "250 OK"

    async def next(self) -> tuple[list[str], Message]:
        return await asyncio.to_thread(self.received.get, True, 30)


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


@pytest.fixture
def settings(database_url: str, smtp: tuple[Inbox, int]) -> Settings:
    return make_settings(
        database_url,
        smtp_url=f"smtp://127.0.0.1:{smtp[1]}",
        mail_from="polls@example.org",
        invitations_per_hour=5,
    )


async def _team(client: httpx.AsyncClient) -> tuple[Organiser, str]:
    ada = await new_organiser(client)
    r = await ada.post("/api/workspaces", {"name": "Council comms"})
    assert r.status_code == 201, r.text
    return ada, r.json()["id"]


def _token(url: str) -> str:
    return url.rsplit("/", 1)[1]


async def test_the_invitation_is_mailed_and_its_link_joins_once(
    client: httpx.AsyncClient, smtp: tuple[Inbox, int]
) -> None:
    inbox, _ = smtp
    ada, workspace_id = await _team(client)
    bob = await new_organiser(client, "Bob")
    r = await ada.post(
        f"/api/workspaces/{workspace_id}/invitations", {"email": bob.email, "role": "facilitator"}
    )
    assert r.status_code == 201, r.text
    made = r.json()
    assert made["mailed"] is True and made["role"] == "facilitator"
    recipients, letter = await inbox.next()
    assert recipients == [bob.email] and letter["From"] == "polls@example.org"
    assert "Council comms" in letter["Subject"]
    body = letter.get_payload(decode=True).decode()
    assert made["url"] in body and "facilitator" in body
    # Only the digest is stored: the link itself is nowhere in the list.
    listed = (await client.get(f"/api/workspaces/{workspace_id}/invitations", headers=ada.headers)).json()
    assert [i["id"] for i in listed] == [made["id"]] and "url" not in listed[0]

    r = await bob.post("/api/invitations/accept", {"token": _token(made["url"])})
    assert r.status_code == 200 and r.json() == {
        "workspace_id": workspace_id,
        "name": "Council comms",
        "role": "facilitator",
    }
    again = await bob.post("/api/invitations/accept", {"token": _token(made["url"])})
    assert again.status_code == 410 and "used already" in again.json()["detail"]
    eve = await new_organiser(client, "Eve")
    stolen = await eve.post("/api/invitations/accept", {"token": _token(made["url"])})
    assert stolen.status_code == 410
    workspace = (await client.get(f"/api/workspaces/{workspace_id}", headers=bob.headers)).json()
    assert {m["display_name"]: m["role"] for m in workspace["members"]} == {
        "Ada": "owner",
        "Bob": "facilitator",
    }
    assert (await client.get(f"/api/workspaces/{workspace_id}", headers=eve.headers)).status_code == 404
    pending = (await client.get(f"/api/workspaces/{workspace_id}/invitations", headers=ada.headers)).json()
    assert pending == []  # used up


async def test_an_expired_or_revoked_or_unknown_link_does_not_join(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    ada, workspace_id = await _team(client)
    bob = await new_organiser(client, "Bob")
    r = await ada.post(f"/api/workspaces/{workspace_id}/invitations", {"email": bob.email, "role": "editor"})
    expiring = r.json()
    async with app.state.context.sessionmaker() as session:
        await session.execute(
            update(Invitation).where(col(Invitation.id) == expiring["id"]).values(expires_at=utcnow())
        )
        await session.commit()
    r = await bob.post("/api/invitations/accept", {"token": _token(expiring["url"])})
    assert r.status_code == 410 and "expired" in r.json()["detail"]
    page = await client.get(f"/invite/{_token(expiring['url'])}")
    assert page.status_code == 410 and "expired" in page.text

    r = await ada.post(f"/api/workspaces/{workspace_id}/invitations", {"email": bob.email, "role": "editor"})
    revoked = r.json()
    r = await client.delete(
        f"/api/workspaces/{workspace_id}/invitations/{revoked['id']}", headers=ada.headers
    )
    assert r.status_code == 204
    r = await bob.post("/api/invitations/accept", {"token": _token(revoked["url"])})
    assert r.status_code == 404 and "not valid" in r.json()["detail"]
    for token in ("inv_" + "x" * 40, "pst_nothing", "x"):
        r = await bob.post("/api/invitations/accept", {"token": token})
        assert r.status_code == 404, token
    r = await bob.post("/api/invitations/accept", {"token": "inv_" + "x" * 200})
    assert r.status_code == 422  # longer than any link of ours
    assert (await client.get(f"/api/workspaces/{workspace_id}", headers=bob.headers)).status_code == 404


async def test_inviting_is_for_owners_limited_and_checked(client: httpx.AsyncClient) -> None:
    ada, workspace_id = await _team(client)
    url = f"/api/workspaces/{workspace_id}/invitations"
    for bad in (
        {"email": "not an address", "role": "editor"},
        {"email": "a" * 250 + "@example.org", "role": "editor"},
        {"email": "x@example.org", "role": "admin"},
        {"email": "x@example.org", "role": "editor", "extra": 1},
    ):
        r = await ada.post(url, bad)
        assert r.status_code == 422, bad
    editor = await new_organiser(client, "Ed")
    await invite_and_join(ada, workspace_id, "editor", editor)  # 1 of 5 this hour
    r = await editor.post(url, {"email": "y@example.org", "role": "owner"})
    assert r.status_code == 403 and "needs the role owner" in r.json()["detail"]
    statuses = [(await ada.post(url, {"email": f"p{n}@example.org"})).status_code for n in range(5)]
    assert statuses == [201, 201, 201, 201, 429]


async def test_a_role_change_keeps_an_owner_and_applies_at_once(client: httpx.AsyncClient) -> None:
    ada, workspace_id = await _team(client)
    bob = await new_organiser(client, "Bob")
    await invite_and_join(ada, workspace_id, "viewer", bob)
    ada_id = (await client.get("/api/auth/me", headers=ada.headers)).json()["id"]
    bob_id = (await client.get("/api/auth/me", headers=bob.headers)).json()["id"]
    r = await client.patch(
        f"/api/workspaces/{workspace_id}/members/{ada_id}", json={"role": "editor"}, headers=ada.headers
    )
    assert r.status_code == 409 and "needs an owner" in r.json()["detail"]
    r = await bob.post("/api/presentations", {"title": "Bob's", "workspace_id": workspace_id})
    assert r.status_code == 403
    r = await client.patch(
        f"/api/workspaces/{workspace_id}/members/{bob_id}", json={"role": "editor"}, headers=ada.headers
    )
    assert r.status_code == 200 and r.json()["role"] == "editor"
    r = await bob.post("/api/presentations", {"title": "Bob's", "workspace_id": workspace_id})
    assert r.status_code == 201, r.text
    listed = (await client.get(f"/api/presentations?workspace_id={workspace_id}", headers=ada.headers)).json()
    assert [p["title"] for p in listed] == ["Bob's"]
    r = await client.delete(f"/api/workspaces/{workspace_id}/members/{bob_id}", headers=ada.headers)
    assert r.status_code == 204
    assert (await client.get(f"/api/presentations/{listed[0]['id']}", headers=bob.headers)).status_code == 404


async def test_an_api_token_acts_with_its_users_role(client: httpx.AsyncClient) -> None:
    ada, workspace_id = await _team(client)
    r = await ada.post("/api/presentations", {"title": "Quiz night", "workspace_id": workspace_id})
    presentation_id = r.json()["id"]
    fay = await new_organiser(client, "Fay")
    await invite_and_join(ada, workspace_id, "facilitator", fay)
    r = await fay.post("/api/tokens", {"name": "run script", "scope": "write"})
    token = {"Authorization": f"Bearer {r.json()['token']}"}
    r = await client.post(f"/api/presentations/{presentation_id}/rooms", json={"name": "Hall"}, headers=token)
    assert r.status_code == 201, r.text
    r = await client.patch(f"/api/presentations/{presentation_id}", json={"title": "Mine"}, headers=token)
    assert r.status_code == 403 and "your role in this workspace is facilitator" in r.json()["detail"]


async def test_a_mail_server_that_is_down_leaves_the_link_to_copy(database_url: str) -> None:
    """The invitation stands and its link is shown; `mailed` says the mail did not go."""
    from poll_service.app import create_app

    app = create_app(make_settings(database_url, smtp_url=f"smtp://127.0.0.1:{free_port()}"))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 5555))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            ada, workspace_id = await _team(client)
            bob = await new_organiser(client, "Bob")
            r = await ada.post(f"/api/workspaces/{workspace_id}/invitations", {"email": bob.email})
            assert r.status_code == 201 and r.json()["mailed"] is False
            joined = await bob.post("/api/invitations/accept", {"token": _token(r.json()["url"])})
            assert joined.status_code == 200 and joined.json()["role"] == "editor"
