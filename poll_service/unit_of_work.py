"""One request's database work: one session, one commit, then the hub messages the change causes.

A use case reads and writes through `work.session` and names what must follow the change:
`work.publish(...)` for a hub message to every worker's copy of a room, `work.after_commit(...)`
for work in this worker (its own live room, a second transaction). The unit commits once on the
way out and only then runs those, in the order they were named: no screen hears of a change that
was rolled back, and a request that fails publishes nothing.
"""

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from functools import partial
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker


class Publisher(Protocol):
    async def publish(self, room_id: str, kind: str, **fields: Any) -> None: ...


class UnitOfWork:
    def __init__(self, session: AsyncSession, publisher: Publisher) -> None:
        self.session = session
        self._publisher = publisher
        self._then: list[Callable[[], Awaitable[None]]] = []

    def publish(self, room_id: str, kind: str, **fields: Any) -> None:
        """A hub message for every worker's copy of the room, sent once the change is committed."""
        self._then.append(partial(self._publisher.publish, room_id, kind, **fields))

    def after_commit(self, action: Callable[[], Awaitable[None]]) -> None:
        self._then.append(action)

    async def _committed(self) -> None:
        for step in self._then:
            await step()


@asynccontextmanager
async def unit_of_work(
    sessionmaker: async_sessionmaker[AsyncSession], publisher: Publisher
) -> AsyncIterator[UnitOfWork]:
    async with sessionmaker() as session, session.begin():  # commits, or rolls back on any error
        work = UnitOfWork(session, publisher)
        yield work
    await work._committed()
