"""Organiser sockets close when their rights go: a room taken back from a facilitator, a member
removed or their role lowered. The change names the people whose rights changed on the hub's
`poll:access` channel after its commit; every worker (the in-process hub, or each over Redis)
checks again each presenter socket of those people it holds, and closes those no longer allowed
with ACCESS_REMOVED and a reason the presenter page shows. An administrator disabling or deleting
an account names it too."""

import asyncio
import contextlib
import logging

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from poll_service.errors import Forbidden, NotFound
from poll_service.models import User
from poll_service.realtime.hub import Hub
from poll_service.realtime.messages import hub_message, parse_hub_message
from poll_service.realtime.sender import SocketSender
from poll_service.rooms.service import owned_room
from poll_service.workspaces.access import RUN

log = logging.getLogger(__name__)
CHANNEL = "poll:access"
ACCESS_REMOVED = 4403  # an application close code (4000-4999): the client says why, no reconnect
REASON = "Your access to this room was removed"


class AccessWatch:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], hub: Hub) -> None:
        self._sessionmaker = sessionmaker
        self._hub = hub
        self._sockets: dict[str, dict[SocketSender, str]] = {}  # user id -> socket -> room id
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        subscribed = asyncio.Event()
        self._task = asyncio.create_task(self._listen(subscribed), name="access-watch")
        await subscribed.wait()

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def add(self, user_id: str, room_id: str, sender: SocketSender) -> None:
        self._sockets.setdefault(user_id, {})[sender] = room_id

    def remove(self, user_id: str, sender: SocketSender) -> None:
        held = self._sockets.get(user_id)
        if held is not None:
            held.pop(sender, None)
            if not held:
                del self._sockets[user_id]

    def announce_after_commit(self, *user_ids: str) -> "_Announce":
        """For `work.after_commit`: tell every worker these people's rights changed."""
        return _Announce(self._hub, list(user_ids))

    async def _listen(self, subscribed: asyncio.Event) -> None:
        async with self._hub.subscribe(CHANNEL) as messages:
            subscribed.set()
            async for data in messages:
                try:
                    for user_id in parse_hub_message(data)["user_ids"]:
                        await self.check(str(user_id))
                except (ValueError, KeyError, TypeError):
                    log.exception("bad access message")
                except Exception:  # the database may hiccup: the watch must live on
                    log.exception("access check failed")

    async def check(self, user_id: str) -> None:
        """Close this worker's presenter sockets of the user for rooms they may no longer run."""
        held = dict(self._sockets.get(user_id, {}))
        if not held:
            return
        async with self._sessionmaker() as session:
            user = await session.get(User, user_id)
            allowed: dict[str, bool] = {}
            for room_id in set(held.values()):
                try:
                    allowed[room_id] = (
                        user is not None
                        and user.disabled_at is None
                        and bool(await owned_room(session, user, room_id, need=RUN))
                    )
                except (NotFound, Forbidden):
                    allowed[room_id] = False
        for sender, room_id in held.items():
            if not allowed[room_id] and not sender.closed:
                self.remove(user_id, sender)
                sender.closed = True
                with contextlib.suppress(RuntimeError, OSError):
                    await sender.websocket.close(code=ACCESS_REMOVED, reason=REASON)


class _Announce:
    def __init__(self, hub: Hub, user_ids: list[str]) -> None:
        self._hub, self._user_ids = hub, user_ids

    async def __call__(self) -> None:
        await self._hub.publish(CHANNEL, hub_message("access", user_ids=self._user_ids))
