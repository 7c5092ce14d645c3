"""Live rooms settle on the database: after any fault, every worker's tally becomes the durable one.

A worker's live room follows hub messages. A message can be missed for good: a worker killed
between its commit and its publish, a Redis outage that swallowed one, a change applied out of
order. The database is the truth, so while a room is watched this worker compares a fingerprint
of the room's stored answers (how many, and the newest id: ids grow with time and an upsert gives
a changed answer a new one) with the one it last loaded the room at. When they differ and the room
has been quiet for a moment (no vote for VOTES_QUIET_SECONDS, so a steady stream of votes is not
re-read over and over), the room is re-read in full and pushed again. One indexed query per
watched room every CHECK_EVERY_SECONDS, a reload only after changes: within CONVERGENCE_BOUND_S of the
last vote (or the last fault) every screen shows the durable tally."""

from sqlalchemy import Table, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from poll_service.models import Response

VOTES_QUIET_SECONDS = 1.5
CHECK_EVERY_SECONDS = 2.0
# Quiet, then at most one check period, then the reload and the next push (docs/deployment.md).
CONVERGENCE_BOUND_S = 6.0

Fingerprint = tuple[int, str | None]

_responses: Table = Response.__table__  # type: ignore[attr-defined]
_FINGERPRINT = select(func.count(), func.max(_responses.c.id)).where(
    _responses.c.room_id == bindparam("room_id")
)


async def stored_fingerprint(session: AsyncSession, room_id: str) -> Fingerprint:
    row = (await session.execute(_FINGERPRINT, {"room_id": room_id})).one()
    return int(row[0]), row[1]
