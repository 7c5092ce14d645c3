"""A personal workspace is one per account, even when a new account's first requests race; a
workspace never loses its last owner, even when its two owners demote (or remove) each other at
the same moment: one wins, the other is refused, one owner is left. On SQLite and PostgreSQL."""

import asyncio

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import col

from poll_service.models import Membership, Workspace
from tests.helpers import Organiser, new_organiser
from tests.workspaces.test_roles import invite_and_join

ROUNDS = 5


async def _me(client: httpx.AsyncClient, who: Organiser) -> str:
    user_id: str = (await client.get("/api/auth/me", headers=who.headers)).json()["id"]
    return user_id


async def test_racing_first_requests_make_one_personal_workspace(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    ada = await new_organiser(client)
    ada_id = await _me(client, ada)
    sessionmaker = app.state.context.sessionmaker
    async with sessionmaker() as session, session.begin():  # as an account from before workspaces
        await session.execute(delete(Workspace).where(col(Workspace.personal_owner_id) == ada_id))
    answers = await asyncio.gather(*(client.get("/api/workspaces", headers=ada.headers) for _ in range(8)))
    assert [r.status_code for r in answers] == [200] * 8
    personal = {w["id"] for r in answers for w in r.json() if w["personal"]}
    assert len(personal) == 1 and all(r.json()[0]["role"] == "owner" for r in answers)
    async with sessionmaker() as session:
        made = await session.scalar(
            select(func.count()).select_from(Workspace).where(col(Workspace.personal_owner_id) == ada_id)
        )
        owners = await session.scalar(
            select(func.count()).select_from(Membership).where(col(Membership.workspace_id).in_(personal))
        )
    assert made == 1 and owners == 1
    # The database itself refuses a second one.
    with pytest.raises(IntegrityError):
        async with sessionmaker() as session, session.begin():
            session.add(Workspace(name="Second", personal=True, personal_owner_id=ada_id))


async def test_the_last_owner_can_be_neither_demoted_nor_removed(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    workspace_id = (await ada.post("/api/workspaces", {"name": "Library team"})).json()["id"]
    me = f"/api/workspaces/{workspace_id}/members/{await _me(client, ada)}"
    r = await client.patch(me, json={"role": "viewer"}, headers=ada.headers)
    assert r.status_code == 409 and "last owner" in r.json()["detail"]
    r = await client.delete(me, headers=ada.headers)
    assert r.status_code == 409 and "last owner" in r.json()["detail"]
    r = await client.get(f"/api/workspaces/{workspace_id}", headers=ada.headers)
    assert [m["role"] for m in r.json()["members"]] == ["owner"]


@pytest.mark.parametrize("how", ["demote", "remove"])
async def test_two_owners_acting_on_each_other_at_once_leave_one_owner(
    client: httpx.AsyncClient, how: str
) -> None:
    ada, bob = await new_organiser(client, "Ada"), await new_organiser(client, "Bob")
    workspace_id = (await ada.post("/api/workspaces", {"name": "Library team"})).json()["id"]
    ada_id, bob_id = await _me(client, ada), await _me(client, bob)
    members = f"/api/workspaces/{workspace_id}/members"
    await invite_and_join(ada, workspace_id, "owner", bob)
    for _ in range(ROUNDS):

        async def act(who: Organiser, other: str) -> httpx.Response:
            if how == "demote":
                return await client.patch(f"{members}/{other}", json={"role": "editor"}, headers=who.headers)
            return await client.delete(f"{members}/{other}", headers=who.headers)

        answers = await asyncio.gather(act(ada, bob_id), act(bob, ada_id))
        codes = sorted(r.status_code for r in answers)
        assert codes[0] in {200, 204} and codes[1] in {403, 404, 409}, [r.text for r in answers]
        winner = ada if answers[0].status_code < 300 else bob
        r = await client.get(f"/api/workspaces/{workspace_id}", headers=winner.headers)
        assert [m["role"] for m in r.json()["members"] if m["role"] == "owner"] == ["owner"]
        # The next round: the loser is an owner again.
        loser = bob if winner is ada else ada
        if how == "remove":
            await invite_and_join(winner, workspace_id, "owner", loser)
        else:
            r = await client.patch(
                f"{members}/{await _me(client, loser)}", json={"role": "owner"}, headers=winner.headers
            )
            assert r.status_code == 200, r.text
