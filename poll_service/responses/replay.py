"""A retried vote whose first attempt was stored earlier: tell every worker about it again.

The worker that stored it may have died (SIGKILL, a crash) after its commit and before its hub
message went out; the phone never got its 201 and retries elsewhere with the same Idempotency-Key.
The retry stores nothing new, so without this the other workers' live tallies would miss that vote
until they next reload the room. Publishing the stored row again is harmless: live rooms key
answers by participant and slot, so a vote they already have changes nothing.
"""

from typing import Any

from sqlalchemy import select
from sqlmodel import col

from poll_service.context import AppContext
from poll_service.models import Response


async def republish_stored_vote(context: AppContext, room_id: str, response_id: str) -> None:
    async with context.sessionmaker() as session:
        row = (
            await session.execute(
                select(
                    col(Response.question_id),
                    col(Response.participant_id),
                    col(Response.slot),
                    col(Response.answer),
                    col(Response.status),
                ).where(col(Response.id) == response_id, col(Response.room_id) == room_id)
            )
        ).first()
    # None: replaced by a newer answer (published itself) or anonymised (no link to restore).
    if row is None or row[1] is None:
        return
    item: list[Any] = [row[0], row[1], row[2], row[3]]
    if row[4] != "visible":
        item.append(row[4])
    await context.rooms.publish(room_id, "votes", items=[item])
