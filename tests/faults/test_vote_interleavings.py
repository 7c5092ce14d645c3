"""Property test (hypothesis): any interleaving of votes, changed votes, retries with the same
Idempotency-Key and simultaneous submissions leaves exactly the answer a phone was last told was
stored, once per phone, and the live tally equals a recount from the database."""

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from poll_service.app import create_app
from tests.conftest import make_settings, sqlite_url
from tests.helpers import Phone, join, new_organiser

PHONES = 3
# (phone, option, key, how): "new" a fresh key, "retry" the phone's previous key again,
# "pair" two submissions with fresh keys at the same moment.
Op = tuple[int, int, str]
ops_strategy = st.lists(
    st.tuples(st.integers(0, PHONES - 1), st.integers(0, 2), st.sampled_from(["new", "retry", "pair"])),
    min_size=1,
    max_size=12,
)


class World:
    """One app (SQLite file) on an event loop of its own, shared by every example."""

    def __init__(self, tmp: Path) -> None:
        self.loop = asyncio.new_event_loop()
        self.app = create_app(make_settings(sqlite_url(tmp)))
        self.lifespan = self.app.router.lifespan_context(self.app)
        self.loop.run_until_complete(self.lifespan.__aenter__())
        transport = httpx.ASGITransport(app=self.app, client=("203.0.113.9", 5555))
        self.http = httpx.AsyncClient(transport=transport, base_url="http://testserver")
        self.organiser = self.loop.run_until_complete(new_organiser(self.http))

    def close(self) -> None:
        self.loop.run_until_complete(self.http.aclose())
        self.loop.run_until_complete(self.lifespan.__aexit__(None, None, None))
        self.loop.close()


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    w = World(tmp_path_factory.mktemp("interleavings"))
    yield w
    w.close()


async def _scenario(world: World, ops: list[tuple[int, int, str]]) -> None:
    http = world.http
    ada = world.organiser
    presentation = await ada.presentation(questions=1, options=3)
    question = presentation["questions"][0]
    options = [o["id"] for o in question["options"]]
    room = await ada.room(presentation["id"])
    phones: list[Phone] = [await join(http, room["join_code"]) for _ in range(PHONES)]
    told: dict[int, str] = {}  # phone -> the option its last *new* acknowledged submission stored
    keys: dict[int, tuple[str, int]] = {}  # phone -> (last key, option sent with it)

    async def submit(phone: int, option: int, key: str) -> httpx.Response:
        return await phones[phone].vote(question["id"], [options[option]], key=key)

    for phone, option, how in ops:
        if how == "retry" and phone in keys:
            key, _ = keys[phone]
            r = await submit(phone, option, key)  # even with another body: the first answer holds
            assert r.status_code == 201, r.text
            continue
        if how == "pair":
            a, b = uuid.uuid4().hex, uuid.uuid4().hex
            ra, rb = await asyncio.gather(submit(phone, option, a), submit(phone, (option + 1) % 3, b))
            assert {ra.status_code, rb.status_code} <= {201, 429}, (ra.text, rb.text)
            acked = [
                (k, o) for r, k, o in ((ra, a, option), (rb, b, (option + 1) % 3)) if r.status_code == 201
            ]
            if acked:
                # Either may have been written last; the database says which, and it must be one.
                stored = await _stored(world, room["id"], phones[phone].participant_id)
                assert stored in {options[o] for _, o in acked}
                told[phone] = stored
                keys[phone] = acked[-1]
            continue
        key = uuid.uuid4().hex
        r = await submit(phone, option, key)
        assert r.status_code == 201, r.text
        told[phone] = options[option]
        keys[phone] = (key, option)

    for phone in range(PHONES):
        assert await _stored(world, room["id"], phones[phone].participant_id) == told.get(phone)
    recount = {o: 0 for o in options}
    for option_id in told.values():
        recount[option_id] += 1
    results = (await http.get(f"/api/rooms/{room['id']}/results", headers=ada.headers)).json()
    assert results["questions"][0]["tally"]["counts"] == recount
    assert results["questions"][0]["response_count"] == len(told)
    live = world.app.state.context.rooms.loaded(room["id"])
    assert live.question_result(live.questions[question["id"]])["tally"]["counts"] == recount


async def _stored(world: World, room_id: str, participant_id: str) -> Any:
    from sqlalchemy import text

    async with world.app.state.context.engine.connect() as conn:
        rows = (
            await conn.execute(
                text("SELECT answer FROM response WHERE room_id = :r AND participant_id = :p"),
                {"r": room_id, "p": participant_id},
            )
        ).all()
    assert len(rows) <= 1, "a phone has more than one stored answer"
    if not rows:
        return None
    import json

    answer = rows[0][0] if isinstance(rows[0][0], dict) else json.loads(rows[0][0])
    return answer["choice_ids"][0]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=ops_strategy)
def test_any_interleaving_keeps_exactly_the_acknowledged_answer(world: World, ops: list[Op]) -> None:
    world.loop.run_until_complete(_scenario(world, ops))
