"""A live room settles on the database after a hub message is lost for good (a worker killed
between its commit and its publish): within the stated bound the presenter is pushed exactly the
durable tally (poll_service/live/convergence.py)."""

from collections import Counter
from typing import Any

from sqlalchemy import insert, select, update
from sqlmodel import col

from poll_service.ids import ordered_id, utcnow
from poll_service.live.convergence import CONVERGENCE_BOUND_S
from poll_service.models import Response
from tests.conftest import LiveServer
from tests.helpers import join, new_organiser
from tests.realtime_clients import open_socket, wait_for


async def test_a_lost_hub_message_is_made_good_from_the_database(live_server: LiveServer) -> None:
    context: Any = live_server.app.state.context
    async with live_server.client() as http:
        ada = await new_organiser(http)
        presentation = await ada.presentation()
        question = presentation["questions"][0]
        first, second = (o["id"] for o in question["options"][:2])
        room = await ada.room(presentation["id"])
        await ada.control(room["id"], "show_results")
        phones = [await join(http, room["join_code"]) for _ in range(4)]
        for phone in phones[:3]:
            assert (await phone.vote(question["id"], [first])).status_code == 201
        presenter = await open_socket(f"{live_server.ws_url}/ws/rooms/{room['id']}/presenter", ada.token)
        await wait_for(presenter, lambda m: m["type"] == "results" and m["result"]["response_count"] == 3)

        # Committed by a worker that died before publishing: one changed vote, one new vote.
        async with context.sessionmaker() as session, session.begin():
            await session.execute(
                update(Response)
                .where(col(Response.participant_id) == phones[0].participant_id)
                .values(id=ordered_id(), answer={"choice_ids": [second]}, created_at=utcnow())
            )
            await session.execute(
                insert(Response).values(
                    id=ordered_id(),
                    room_id=room["id"],
                    question_id=question["id"],
                    participant_id=phones[3].participant_id,
                    slot=0,
                    answer={"choice_ids": [second]},
                    status="visible",
                    created_at=utcnow(),
                )
            )
            stored = (
                await session.scalars(select(col(Response.answer)).where(col(Response.room_id) == room["id"]))
            ).all()
        durable = Counter(answer["choice_ids"][0] for answer in stored)
        assert durable == {first: 2, second: 2}

        def on_the_durable_tally(message: dict[str, Any]) -> bool:
            if message["type"] != "results":
                return False
            counts = {k: v for k, v in message["result"]["tally"]["counts"].items() if v}
            return bool(counts == durable and message["result"]["response_count"] == 4)

        await wait_for(presenter, on_the_durable_tally, timeout=CONVERGENCE_BOUND_S)
        await presenter.close()
