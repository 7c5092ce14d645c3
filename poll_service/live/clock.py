"""The clock of this worker's live rooms: pushes results at a fixed rate and keeps rooms honest.

Results are pushed on a fixed clock: at most `results_push_hz` per room, only when something
changed. The same tick closes countdowns that ran out, hands reactions and Q&A changes on, drops
sockets that stopped reading, re-reads rooms from the database while the hub is down or when a
room's stored answers differ from what it loaded (convergence.py), and forgets idle rooms.
"""

import asyncio
import contextlib
import logging
import time
from collections import deque

from poll_service.live.convergence import CHECK_EVERY_SECONDS, VOTES_QUIET_SECONDS, stored_fingerprint
from poll_service.live.countdowns import Countdowns
from poll_service.live.pushing import push_own_states, push_reactions, push_results, push_results_to_newcomers
from poll_service.live.registry import LiveRooms, close_socket
from poll_service.live.state import LiveRoom

log = logging.getLogger(__name__)

STALLED_SOCKET_SECONDS = 15.0
# Looking for stalled sockets walks every socket of a room: once a second is plenty for a 15 s limit.
STALL_CHECK_SECONDS = 1.0
RESYNC_SECONDS = 1.0


class ResultsClock:
    def __init__(self, rooms: LiveRooms, results_push_hz: float) -> None:
        self._rooms = rooms
        self.period = 1.0 / results_push_hz
        self.loop_lag_ms: deque[float] = deque(maxlen=2000)
        self.countdowns = Countdowns(rooms.sessionmaker, rooms.publish)
        self._ticker: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._ticker = asyncio.create_task(self._tick_forever(), name="results-ticker")

    async def stop(self) -> None:
        if self._ticker is not None:
            self._ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._ticker

    async def _tick_forever(self) -> None:
        loop = asyncio.get_running_loop()
        # Ticks eight times per push period, so a room's pushes are a full period apart (never
        # more than results_push_hz in any second) yet follow a change within 1.125 periods:
        # under steady votes that is 89-100 % of the configured rate.
        interval = self.period / 8
        next_tick = loop.time() + interval
        while True:
            await asyncio.sleep(max(0.0, next_tick - loop.time()))
            now_loop = loop.time()
            self.loop_lag_ms.append(max(0.0, (now_loop - next_tick) * 1000))
            next_tick += interval
            if next_tick < now_loop:  # fell behind (a long pause): skip, never burst
                next_tick = now_loop + interval
            self.tick(time.monotonic())

    def tick(self, now: float) -> None:
        rooms = self._rooms
        for room in rooms.all():
            due = room.results_dirty and now - room.last_results_push >= self.period
            if due and room.watchers:
                push_results(room)
            elif room.newcomers and now - room.last_greeting >= self.period:
                push_results_to_newcomers(room)
            if room.own_state_due:
                push_own_states(room)
            if room.qna.due(now, self.period) and room.watchers:
                rooms.background(room.qna.refresh(rooms.sessionmaker, room))
            self.countdowns.check(room, rooms.background)  # closes voting at the deadline
            if room.reactions_out:
                counts = dict(room.reactions_out)
                room.reactions_out.clear()
                rooms.background(rooms.publish(room.id, "reactions", counts=counts))
            if room.reactions_in:
                push_reactions(room)
            if now - room.last_stall_check >= STALL_CHECK_SECONDS:
                room.last_stall_check = now
                self._drop_stalled(room, now)
            self._resync_if_hub_down(room, now)
            self._check_convergence(room, now)
            if rooms.idle(room, now):
                rooms.evict(room)

    def _resync_if_hub_down(self, room: LiveRoom, now: float) -> None:
        """Without the hub, other workers' votes only reach this one through the database."""
        rooms = self._rooms
        if rooms.hub.healthy or not room.watchers or now - room.last_db_sync < RESYNC_SECONDS:
            return
        if room.id not in rooms.resyncing:
            rooms.resyncing.add(room.id)
            rooms.background(rooms.resync(room))

    def _check_convergence(self, room: LiveRoom, now: float) -> None:
        """Compare the room with the database now and then (convergence.py)."""
        if (
            not room.watchers
            or room.id in self._rooms.resyncing
            or now - room.last_vote_applied < VOTES_QUIET_SECONDS
            or now - room.last_convergence_check < CHECK_EVERY_SECONDS
        ):
            return
        room.last_convergence_check = now
        self._rooms.resyncing.add(room.id)
        self._rooms.background(self._converge(room))

    async def _converge(self, room: LiveRoom) -> None:
        rooms = self._rooms
        try:
            async with rooms.sessionmaker() as session:
                fingerprint = await stored_fingerprint(session, room.id)
        except Exception:
            log.warning("checking room %s against the database failed", room.id, exc_info=True)
            rooms.resyncing.discard(room.id)
            return
        if fingerprint == room.loaded_fingerprint:
            rooms.resyncing.discard(room.id)
            return
        # Answers differ: the reload pushes results; a state only if the room itself changed (a
        # spare state would look like a move to every screen).
        await rooms.resync(room, state_only_if_changed=True)  # discards room.id from resyncing

    def _drop_stalled(self, room: LiveRoom, now: float) -> None:
        for sender in [*room.presenters, *(s for ss in room.audience.values() for s in ss)]:
            if sender.stalled_for(now) > STALLED_SOCKET_SECONDS:
                close_socket(sender)
