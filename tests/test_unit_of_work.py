"""One unit of work per request: one commit, then its hub messages, in the order they were named;
a request that fails publishes nothing and leaves nothing behind."""

from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlmodel import col

from poll_service.models import User
from poll_service.unit_of_work import unit_of_work
from tests.helpers import new_organiser


class Recorder:
    """A publisher that notes each message and whether the change was visible to another
    session at that moment (a screen re-reading the room must find it)."""

    def __init__(self, app: FastAPI, email: str) -> None:
        self.sessionmaker = app.state.context.sessionmaker
        self.email = email
        self.sent: list[tuple[str, str, dict[str, Any], bool]] = []

    async def publish(self, room_id: str, kind: str, **fields: Any) -> None:
        async with self.sessionmaker() as session:
            found = await session.scalar(select(User).where(col(User.email) == self.email))
        self.sent.append((room_id, kind, fields, found is not None))


async def test_messages_follow_the_commit_in_order(app: FastAPI) -> None:
    recorder = Recorder(app, "uow-ok@example.org")
    steps: list[str] = []

    async def here() -> None:
        steps.append(f"here after {len(recorder.sent)} messages")

    async with unit_of_work(recorder.sessionmaker, recorder) as work:
        work.session.add(User(email="uow-ok@example.org", password_hash="x", display_name="Ok"))
        work.publish("room-1", "room_changed")
        work.after_commit(here)
        work.publish("room-1", "qna")
        assert recorder.sent == []  # nothing leaves before the commit
    assert recorder.sent == [("room-1", "room_changed", {}, True), ("room-1", "qna", {}, True)]
    assert steps == ["here after 1 messages"]


async def test_a_failed_unit_publishes_nothing_and_keeps_nothing(app: FastAPI) -> None:
    recorder = Recorder(app, "uow-fail@example.org")

    async def here() -> None:
        raise AssertionError("after_commit ran for a rolled-back unit")

    with pytest.raises(RuntimeError):
        async with unit_of_work(recorder.sessionmaker, recorder) as work:
            work.session.add(User(email="uow-fail@example.org", password_hash="x", display_name="No"))
            await work.session.flush()
            work.publish("room-1", "room_changed")
            work.after_commit(here)
            raise RuntimeError("the use case failed half-way")
    assert recorder.sent == []
    async with recorder.sessionmaker() as session:
        assert await session.scalar(select(User).where(col(User.email) == "uow-fail@example.org")) is None


async def test_a_refused_control_tells_no_screen(
    app: FastAPI, client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A control the room refuses (422 after the room was read) sends no hub message at all."""
    ada = await new_organiser(client)
    presentation = await ada.presentation(questions=1, options=2)
    room = await ada.room(presentation["id"])
    rooms = app.state.context.rooms
    sent: list[str] = []
    real_publish = rooms.publish

    async def publish(room_id: str, kind: str, **fields: Any) -> None:
        sent.append(kind)
        await real_publish(room_id, kind, **fields)

    monkeypatch.setattr(rooms, "publish", publish)
    refused = await ada.control(room["id"], "goto")  # goto needs a question id
    assert refused.status_code == 422, refused.text
    assert sent == []
    moved = await ada.control(room["id"], "close_voting")
    assert moved.status_code == 200, moved.text
    assert sent == ["room_changed"]
