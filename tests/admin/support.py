"""An administrator for the tests: an organiser made one the way the CLI does (admin/users.py)."""

from typing import Any

import httpx
from fastapi import FastAPI

from poll_service.admin import users
from poll_service.unit_of_work import unit_of_work
from tests.helpers import Organiser, new_organiser


async def make_admin(app: FastAPI, email: str) -> None:
    context = app.state.context
    async with unit_of_work(context.sessionmaker, context.rooms) as work:
        user = await users.account_by_email(work.session, email)
        await users.set_role(work.session, None, user, "admin")


async def new_admin(client: httpx.AsyncClient, app: FastAPI, name: str = "Root") -> Organiser:
    organiser = await new_organiser(client, name)
    await make_admin(app, organiser.email)
    return organiser


async def user_id(organiser: Organiser) -> str:
    me: dict[str, Any] = (await organiser.client.get("/api/auth/me", headers=organiser.headers)).json()
    return str(me["id"])
