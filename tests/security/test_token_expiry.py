"""A participant's token ends with its room's end plus the retention period (30 days when answers
are kept for ever): the phone link of an event long over opens nothing, not even a socket."""

from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import update
from sqlmodel import col
from websockets.exceptions import InvalidStatus

from poll_service.app import create_app
from poll_service.ids import utcnow
from poll_service.models import Room
from tests.conftest import make_settings, run_server, sqlite_url
from tests.helpers import join, new_organiser
from tests.realtime_clients import open_socket


@pytest.mark.parametrize(
    ("retention_days", "ended_days_ago", "expired"), [(None, 29, False), (None, 31, True), (7, 8, True)]
)
async def test_a_token_expires_after_its_room_ended_plus_the_retention_period(
    tmp_path: Path, retention_days: int | None, ended_days_ago: int, expired: bool
) -> None:
    settings = make_settings(sqlite_url(tmp_path), retention_days=retention_days)
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 5555))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            ada = await new_organiser(http)
            room = await ada.room((await ada.presentation())["id"])
            phone = await join(http, room["join_code"])
            assert (await ada.control(room["id"], "end")).status_code == 200
        async with app.state.context.sessionmaker() as session, session.begin():
            await session.execute(
                update(Room)
                .where(col(Room.id) == room["id"])
                .values(ended_at=utcnow() - timedelta(days=ended_days_ago))
            )
    # Later, on a server that reads the room afresh (as after any restart since the event):
    async with run_server(settings) as server, httpx.AsyncClient(base_url=server.url) as http:
        r = await http.get(f"/api/join/{room['join_code']}/state", headers=phone.headers)
        url = f"{server.ws_url}/ws/join/{room['join_code']}"
        if expired:
            assert r.status_code == 401 and "expired" in r.json()["detail"], r.text
            with pytest.raises(InvalidStatus):
                await open_socket(url, phone.token)
        else:
            assert r.status_code == 200 and r.json()["status"] == "ended", r.text
            socket = await open_socket(url, phone.token)
            await socket.close()
