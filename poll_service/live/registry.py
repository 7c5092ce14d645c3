"""The live rooms this worker has loaded: loading each once, following its hub channel, publishing
to it, the sockets watching it, and re-reading it when the database knows better."""

import asyncio
import contextlib
import logging
import time
from collections.abc import Coroutine, Iterable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from poll_service.live import loading
from poll_service.live.pushing import push_results, push_state
from poll_service.live.state import LiveRoom
from poll_service.realtime.hub import Hub, room_channel
from poll_service.realtime.messages import hub_message, parse_hub_message
from poll_service.realtime.sender import SocketSender
from poll_service.settings import Settings

log = logging.getLogger(__name__)

POLICY_VIOLATION = 1008
IDLE_ROOM_SECONDS = 600.0
QUIET_SECONDS = 2.0  # no results pushed for this long: the room is between votes


class LiveRooms:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], hub: Hub, settings: Settings) -> None:
        self.sessionmaker = sessionmaker
        self.hub = hub
        self._settings = settings
        self._rooms: dict[str, LiveRoom] = {}
        self._by_code: dict[str, LiveRoom] = {}  # join codes never change once a room exists
        self._loading: dict[str, asyncio.Lock] = {}
        # Rooms being re-read from the database now (the clock starts no second read of them).
        self.resyncing: set[str] = set()
        self.sockets_by_address: dict[str, int] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    async def stop(self) -> None:
        tasks = [room.listener for room in self._rooms.values() if room.listener is not None]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._rooms.clear()
        self._by_code.clear()

    # ----- finding rooms -----
    def loaded(self, room_id: str) -> LiveRoom | None:
        return self._rooms.get(room_id)

    def all(self) -> Iterable[LiveRoom]:
        return list(self._rooms.values())

    def live_by_code(self, join_code: str) -> LiveRoom | None:
        """A room loaded here that is live under this code: joins need no database read for it
        (its locked and ended state arrive through the hub like every other change)."""
        room = self._by_code.get(join_code)
        return room if room is not None and room.is_live else None

    async def get(self, room_id: str, base_url: str) -> LiveRoom | None:
        """The live view of a room, loading it on first use; None when no such room exists."""
        room = self._rooms.get(room_id)
        if room is not None:
            return room
        lock = self._loading.setdefault(room_id, asyncio.Lock())
        async with lock:
            room = self._rooms.get(room_id)
            if room is not None:
                return room
            room = LiveRoom(room_id)
            room.push_every_vote = self._settings.push_every_vote
            subscribed = asyncio.Event()
            room.listener = asyncio.create_task(self._listen(room, subscribed))
            await subscribed.wait()
            try:
                async with self.sessionmaker() as session:
                    found = await loading.load_room(room, session, base_url)
            except BaseException:
                room.listener.cancel()
                raise
            if not found:
                room.listener.cancel()
                self._loading.pop(room_id, None)
                return None
            self._rooms[room_id] = room
            self._by_code[room.join_code] = room
            self._loading.pop(room_id, None)
            return room

    def evict(self, room: LiveRoom) -> None:
        self._rooms.pop(room.id, None)
        if self._by_code.get(room.join_code) is room:
            del self._by_code[room.join_code]
        if room.listener is not None:
            room.listener.cancel()

    def quiet(self) -> bool:
        """No room has pushed results lately or has new ones waiting for its screens: a short
        pause now would go unnoticed (gc_pacing.py)."""
        now = time.monotonic()
        return all(
            now - room.last_results_push >= QUIET_SECONDS and not (room.results_dirty and room.watchers)
            for room in self._rooms.values()
        )

    def idle(self, room: LiveRoom, now: float) -> bool:
        return not room.watchers and now - room.last_activity > IDLE_ROOM_SECONDS

    # ----- following the hub -----
    async def _listen(self, room: LiveRoom, subscribed: asyncio.Event) -> None:
        async with self.hub.subscribe(room_channel(room.id)) as messages:
            subscribed.set()
            async for data in messages:
                try:
                    message = parse_hub_message(data)
                    if message.get("k") == "room_changed":
                        before = room.local_changes
                        message = await self._current_state(room)
                        if room.local_changes != before:
                            # This worker applied a newer change while the read ran, which may
                            # have missed it; that change's own message reads the room again.
                            continue
                    elif message.get("k") == "recount":
                        message = await loading.recount(self.sessionmaker, room.id, message["question_id"])
                    elif message.get("k") == "reload":  # removed participant, anonymised answers
                        await self.reload(room)
                        continue
                    self.apply(room, message)
                except (ValueError, KeyError, TypeError):
                    log.exception("bad hub message for room %s", room.id)

    async def _current_state(self, room: LiveRoom) -> dict[str, Any]:
        """The room as committed now. Re-reading (instead of trusting a snapshot in the message)
        means two presenter actions published out of order still end on the newest state."""
        async with self.sessionmaker() as session:
            return await loading.current_state(session, room)

    def apply(self, room: LiveRoom, message: dict[str, Any]) -> None:
        """Apply a hub message and tell the room's screens what they need to know now."""
        if room.apply(message):
            push_state(room)
        if room.push_every_vote and room.results_dirty:
            push_results(room)  # the benchmark's counter-example: one push per vote

    def follow_committed(self, room: LiveRoom, public: dict[str, Any]) -> None:
        """A change this worker has just committed, applied before its hub message comes round
        (a vote right after "next" must find the new question here)."""
        room.local_changes += 1
        self.apply(room, {"k": "state", "room": public})

    def record_vote(
        self,
        room: LiveRoom,
        question_id: str,
        participant_id: str,
        slot: int,
        answer: dict[str, Any],
        status: str,
    ) -> None:
        """A vote this worker just committed, counted before its hub message comes round."""
        room.record_vote(question_id, participant_id, slot, answer, status)
        if room.push_every_vote:
            push_results(room)

    async def recount(self, room_id: str, question_id: str) -> None:
        """Moderation changed what counts: this worker follows at once (the organiser's next read
        sees it), every worker re-reads the question through the hub."""
        room = self._rooms.get(room_id)
        if room is not None:
            self.apply(room, await loading.recount(self.sessionmaker, room_id, question_id))
        await self.publish(room_id, "recount", question_id=question_id)

    # ----- publishing -----
    async def publish(self, room_id: str, kind: str, **fields: Any) -> None:
        await self.hub.publish(room_channel(room_id), hub_message(kind, **fields))

    async def announce_joined(self, room_id: str, ids: list[str]) -> None:
        """New participants (one message per stored batch): known here at once, so their first
        request never beats the hub; every other worker learns of them through the hub."""
        room = self._rooms.get(room_id)
        if room is not None:
            self.apply(room, {"k": "joined", "ids": ids})
        await self.publish(room_id, "joined", ids=ids)

    async def republish_stored_vote(self, room_id: str, response_id: str) -> None:
        """A retried vote whose first attempt was stored earlier: tell every worker about it again.

        The worker that stored it may have died after its commit and before its hub message went
        out; the phone never got its 201 and retried here with the same Idempotency-Key. The retry
        stores nothing new, so without this the other workers' tallies would miss that vote until
        they next reload the room. A vote they already have changes nothing."""
        async with self.sessionmaker() as session:
            item = await loading.stored_vote(session, room_id, response_id)
        if item is not None:
            await self.publish(room_id, "votes", items=[item])

    # ----- re-reading from the database -----
    def background(self, coroutine: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def resync(self, room: LiveRoom, *, state_only_if_changed: bool = False) -> None:
        """Re-read a room from the database and push the result to its sockets."""
        before_room = dict(room.room)
        try:
            for _ in range(3):
                before = room.local_changes
                async with self.sessionmaker() as session:
                    await loading.load_room(room, session, room.base_url)
                if room.local_changes == before:
                    break
                # This worker applied a newer change of its own while the read ran, which may
                # have missed it (an older question would be back for a moment): read again.
            if not state_only_if_changed or room.room != before_room:
                push_state(room)
        except Exception:
            log.exception("resync of room %s failed", room.id)
            room.last_db_sync = time.monotonic()
        finally:
            self.resyncing.discard(room.id)

    def resync_all(self) -> None:
        for room in self._rooms.values():
            room.last_db_sync = 0.0
            if room.id not in self.resyncing:
                self.resyncing.add(room.id)
                self.background(self.resync(room))

    async def reload(self, room: LiveRoom) -> None:
        """The `reload` hub message: a room's rows changed in ways a vote message cannot say (a
        participant removed, answers anonymised, a room purged). Re-read the room, forget what it
        held, and close the sockets of participants that are gone."""
        # First refuse removed participants here, then delete any vote this worker accepted from
        # them just before it heard of the removal.
        try:
            async with self.sessionmaker() as session, session.begin():
                removed = await loading.removed_participants(session, room.id)
                room.participants.difference_update(removed)
                if removed:
                    await loading.delete_answers_of(session, removed)
        except Exception:  # the room's listener must live on; the next reload or sweep tries again
            log.exception("reload of room %s: removing answers of removed participants failed", room.id)
        room.forget_answers()
        await self.resync(room)
        gone = [pid for pid in room.audience if pid not in room.participants]
        for participant_id in gone:
            for sender in room.audience.pop(participant_id, set()):
                close_socket(sender)

    # ----- sockets -----
    def add_presenter(self, room: LiveRoom, sender: SocketSender) -> None:
        room.presenters.add(sender)
        room.last_activity = time.monotonic()

    def add_participant(self, room: LiveRoom, participant_id: str, sender: SocketSender) -> None:
        room.audience.setdefault(participant_id, set()).add(sender)
        room.last_activity = time.monotonic()

    def remove(self, room: LiveRoom, sender: SocketSender, participant_id: str | None) -> None:
        sender.closed = True
        room.presenters.discard(sender)
        if participant_id is not None:
            senders = room.audience.get(participant_id)
            if senders is not None:
                senders.discard(sender)
                if not senders:
                    del room.audience[participant_id]
        room.last_activity = time.monotonic()


def close_socket(sender: SocketSender) -> None:
    """Close a socket with 1008 from the clock or a listener (nobody awaits the close)."""
    sender.closed = True
    task = asyncio.ensure_future(sender.websocket.close(code=POLICY_VIOLATION))
    task.add_done_callback(lambda t: t.cancelled() or t.exception())
