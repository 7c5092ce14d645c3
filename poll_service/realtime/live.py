"""Live rooms in this worker: what each room looks like now, and who is watching it here.

A room is loaded from the database the first time this worker needs it (a socket or a vote), after
subscribing to its hub channel, and from then on is kept current by hub messages alone: votes,
joins, state changes and resets all arrive as messages, from this worker or from another. Applying
a message is idempotent (answers are keyed by participant and slot), so a message that overlaps the initial
load does no harm.

Results are pushed on a fixed clock: at most `results_push_hz` per room, only when something
changed, serialised once and handed to every socket's outbox.
"""

import asyncio
import contextlib
import logging
import time
from collections import Counter, deque
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from poll_service.ids import iso, utcnow
from poll_service.models import HiddenEntry, Participant, Question, Response, Room
from poll_service.moderation.live import recount
from poll_service.presentations.question_types import public_options
from poll_service.privacy.live import reload_room
from poll_service.qna.feed import QnaFeed, qna_enabled
from poll_service.quiz import rules as play
from poll_service.quiz.countdown import Countdowns
from poll_service.realtime.convergence import (
    CHECK_EVERY_SECONDS,
    VOTES_QUIET_SECONDS,
    Fingerprint,
    stored_fingerprint,
)
from poll_service.realtime.hub import Hub, room_channel
from poll_service.realtime.messages import dumps, hub_message, parse_hub_message
from poll_service.realtime.sender import EXTRA, SocketSender
from poll_service.responses.tally import Tally, hide_words, new_tally
from poll_service.rooms.projection import room_public
from poll_service.settings import Settings

log = logging.getLogger(__name__)

STALLED_SOCKET_SECONDS = 15.0
# Looking for stalled sockets walks every socket of a room: once a second is plenty for a 15 s limit.
STALL_CHECK_SECONDS = 1.0
IDLE_ROOM_SECONDS = 600.0
QUIET_SECONDS = 2.0  # no results pushed for this long: the room is between votes
RESYNC_SECONDS = 1.0


@dataclass
class LiveQuestion:
    id: str
    type: str
    prompt: str
    position: int
    options: list[dict[str, Any]]
    settings: dict[str, Any]

    @classmethod
    def from_row(cls, row: Question) -> "LiveQuestion":
        return cls(row.id, row.type, row.prompt, row.position, row.options, row.settings)

    def public(self) -> dict[str, Any]:
        """As participants see it: never with the correct answers."""
        return {
            "id": self.id,
            "type": self.type,
            "prompt": self.prompt,
            "position": self.position,
            "options": public_options(self.options, reveal_answers=False),
            "settings": self.settings,
        }


class LiveRoom:
    def __init__(self, room_id: str) -> None:
        self.id = room_id
        self.room: dict[str, Any] = {}
        self.participants: set[str] = set()
        self.questions: dict[str, LiveQuestion] = {}
        # question -> (participant, slot) -> answer; slot > 0 for types that take several answers
        self.answers: dict[str, dict[tuple[str, int], dict[str, Any]]] = {}
        self.tallies: dict[str, Tally] = {}
        # Moderation: answers stored but not counted (question -> (participant, slot) -> status)
        # and the word-cloud words the presenter hid (question -> folded keys).
        self.withheld: dict[str, dict[tuple[str, int], str]] = {}
        self.hidden_words: dict[str, set[str]] = {}
        self.qna = QnaFeed()
        self.presenters: set[SocketSender] = set()
        self.audience: dict[str, set[SocketSender]] = {}
        self.results_dirty = False
        self.last_results_push = 0.0
        # Sockets that connected (or asked for a snapshot) since the last results push: they get
        # the current results on the next tick, without a re-push to everyone else.
        self.newcomers: set[SocketSender] = set()
        self.last_greeting = 0.0
        self.last_stall_check = 0.0
        self.last_activity = time.monotonic()
        self.seq = 0
        self.push_every_vote = False
        self.listener: asyncio.Task[None] | None = None
        self.base_url = ""
        # Reactions collected here (to publish) and arrived from every worker (to show).
        self.reactions_out: Counter[str] = Counter()
        self.reactions_in: Counter[str] = Counter()
        self.in_flight: Counter[tuple[str, str]] = Counter()
        # Quiz nicknames (leaderboard); arrive with "nickname" hub messages.
        self.nicknames: dict[str, str] = {}
        self.last_db_sync = 0.0
        # convergence.py: the stored answers' fingerprint this room was last loaded at, when a
        # vote was last applied here, and when the database was last compared.
        self.loaded_fingerprint: Fingerprint | None = None
        self.last_vote_applied = 0.0
        self.last_convergence_check = 0.0
        # Changes this worker committed and applied at once (follow_committed).
        self.local_changes = 0

    # ----- reading -----
    @property
    def join_code(self) -> str:
        return str(self.room.get("join_code", ""))

    @property
    def is_live(self) -> bool:
        return self.room.get("status") == "live"

    @property
    def current_question(self) -> LiveQuestion | None:
        qid = self.room.get("current_question_id")
        return self.questions.get(qid) if qid else None

    def snapshot(self) -> dict[str, Any]:
        # server_now lets screens correct their clock for the countdown (quiz/rules.py).
        return {**self.room, "participant_count": len(self.participants), "server_now": iso(utcnow())}

    def question_result(self, question: LiveQuestion) -> dict[str, Any]:
        return {
            "question_id": question.id,
            "type": question.type,
            "prompt": question.prompt,
            # Only counted answers: those waiting for approval or hidden are not.
            "response_count": len(self.answers.get(question.id, {}))
            - len(self.withheld.get(question.id, ())),
            "tally": self.tallies[question.id].snapshot(),
        }

    def participant_state(self, participant_id: str | None) -> dict[str, Any]:
        question = self.current_question
        mine = None
        if question is not None and participant_id is not None:
            answer = self.latest_answer(question.id, participant_id)
            if answer is not None:
                mine = {"question_id": question.id, **answer}
                status = self.withheld.get(question.id, {}).get((participant_id, 0))
                if status is not None:  # waiting for approval, or hidden by the filter
                    mine["status"] = status
        state = {
            "room_id": self.id,
            "status": self.room.get("status"),
            "voting_open": bool(self.room.get("voting_open")) and question is not None,
            "results_visible": bool(self.room.get("results_visible")),
            "question": question.public() if question else None,
            "my_response": mine,
        }
        return play.play_state(self, state, participant_id)

    def latest_answer(self, question_id: str, participant_id: str) -> dict[str, Any] | None:
        answers = self.answers.get(question_id, {})
        single = answers.get((participant_id, 0))
        if single is not None:
            return single
        mine = [a for (p, _), a in answers.items() if p == participant_id]
        return mine[-1] if mine else None

    def submissions(self, question_id: str, participant_id: str) -> int:
        """Answers stored plus those on their way to the database (so a burst cannot overshoot)."""
        stored = sum(1 for p, _ in self.answers.get(question_id, {}) if p == participant_id)
        return stored + self.in_flight.get((question_id, participant_id), 0)

    def record_vote(
        self,
        question_id: str,
        participant_id: str,
        slot: int,
        answer: dict[str, Any],
        status: str = "visible",
    ) -> None:
        """Apply a vote this worker just committed, before its hub message comes round (which then
        changes nothing: answers are keyed by participant and slot)."""
        self._set_answer(question_id, participant_id, slot, answer, status)
        self.last_vote_applied = time.monotonic()
        self._results_changed()

    @property
    def watchers(self) -> bool:
        """Any socket open on this room here (the clock asks every tick: no counting)."""
        return bool(self.presenters or self.audience)

    # ----- loading -----
    async def load(self, session: AsyncSession, base_url: str) -> bool:
        # Read first: answers committed while the load runs change it, and the next check reloads.
        fingerprint = await stored_fingerprint(session, self.id)
        room = await session.get(Room, self.id)
        if room is None:
            return False
        self.loaded_fingerprint = fingerprint
        questions = (
            await session.scalars(
                select(Question).where(col(Question.presentation_id) == room.presentation_id)
            )
        ).all()
        participant_rows = (
            await session.execute(
                select(col(Participant.id), col(Participant.nickname)).where(
                    col(Participant.room_id) == self.id,
                    col(Participant.removed).is_(False),  # removed by the presenter: no voice here
                )
            )
        ).all()
        participant_ids = [row[0] for row in participant_rows]
        self.nicknames = {row[0]: row[1] for row in participant_rows if row[1]}
        rows = (
            await session.execute(
                select(
                    col(Response.question_id),
                    col(Response.participant_id),
                    col(Response.slot),
                    col(Response.answer),
                    col(Response.status),
                )
                .order_by(col(Response.created_at))
                .where(col(Response.room_id) == self.id)
            )
        ).all()
        hidden = (
            await session.execute(
                select(col(HiddenEntry.question_id), col(HiddenEntry.key)).where(
                    col(HiddenEntry.room_id) == self.id
                )
            )
        ).all()
        self.base_url = base_url
        self.last_db_sync = time.monotonic()
        self.participants = set(participant_ids)
        self.room = room_public(room, base_url, 0)
        self.room.pop("participant_count")
        self.hidden_words = {}
        for question_id, key in hidden:
            self.hidden_words.setdefault(question_id, set()).add(key)
        self._set_questions([LiveQuestion.from_row(q) for q in questions])
        for question_id, participant_id, slot, answer, status in rows:
            self._set_answer(question_id, participant_id, slot, answer, status)
        self.qna.reset(qna_enabled(room.settings))
        self.results_dirty = True
        return True

    def _set_questions(self, questions: list[LiveQuestion]) -> None:
        self.questions = {q.id: q for q in questions}
        old_answers, old_withheld = self.answers, self.withheld
        self.answers = {q.id: {} for q in questions}
        self.withheld = {}
        self.tallies = {q.id: new_tally(q.type, q.options, q.settings) for q in questions}
        for question_id, keys in self.hidden_words.items():
            if question_id in self.tallies:
                hide_words(self.tallies[question_id], keys)
        for question_id, answers in old_answers.items():
            if question_id in self.questions:
                statuses = old_withheld.get(question_id, {})
                for (participant_id, slot), answer in answers.items():
                    status = statuses.get((participant_id, slot), "visible")
                    self._set_answer(question_id, participant_id, slot, answer, status)

    def _set_answer(
        self,
        question_id: str,
        participant_id: str,
        slot: int,
        answer: dict[str, Any],
        status: str = "visible",
    ) -> None:
        answers = self.answers.get(question_id)
        if answers is None:
            return
        tally = self.tallies[question_id]
        key = (participant_id, slot)
        previous = answers.get(key)
        withheld = self.withheld.get(question_id)
        if previous == answer and status == (withheld.get(key, "visible") if withheld else "visible"):
            return  # already applied here (record_vote): its hub message changes nothing
        if previous is not None and (withheld is None or withheld.pop(key, None) is None):
            tally.remove(previous)  # it was counted
        answers[key] = answer
        if status == "visible":
            tally.add(answer)
        else:  # pending approval or hidden: kept (the phone sees its own answer), never counted
            self.withheld.setdefault(question_id, {})[key] = status

    def replace_answers(self, question_id: str, rows: list[list[Any]], hidden_keys: list[str]) -> None:
        """A question's answers and hidden words as the database has them now (after moderation)."""
        question = self.questions.get(question_id)
        if question is None:
            return
        self.answers[question_id] = {}
        self.withheld.pop(question_id, None)
        self.hidden_words[question_id] = set(hidden_keys)
        self.tallies[question_id] = new_tally(question.type, question.options, question.settings)
        hide_words(self.tallies[question_id], hidden_keys)
        for participant_id, slot, answer, status in rows:
            self._set_answer(question_id, participant_id, slot, answer, status)
        self.results_dirty = True

    def follow_committed(self, room: dict[str, Any]) -> None:
        """A change this worker has just committed, applied before its hub message comes round
        (a vote right after "next" must find the new question here)."""
        self.local_changes += 1
        self.apply({"k": "state", "room": room})

    # ----- applying hub messages -----
    def apply(self, message: dict[str, Any]) -> None:
        self.last_activity = time.monotonic()
        kind = message.get("k")
        if kind == "votes":
            self.last_vote_applied = self.last_activity
            # [question, participant, slot, answer] plus a status when moderation held it back
            for item in message["items"]:
                self._set_answer(*item)
            self._results_changed()
        elif kind == "nickname":
            self.nicknames.update(message["names"])
            if play.leaderboard_mode(self.room):
                self.push_state()
        elif kind == "joined":
            self.participants.update(message["ids"])
            self._results_changed()
        elif kind == "state":
            room = {k: v for k, v in message["room"].items() if k != "participant_count"}
            if room != self.room:  # the re-read after a change this worker applied is no news
                self.room = room
                self.push_state()
                self.results_dirty = True
        elif kind == "reactions":
            self.reactions_in.update({str(k): int(v) for k, v in message["counts"].items()})
        elif kind == "deleted":
            self.room.update(status="ended", voting_open=False, current_question_id=None)
            self.push_state()
        elif kind == "reset":
            question = self.questions.get(message["question_id"])
            if question is not None:
                self.answers[question.id] = {}
                self.withheld.pop(question.id, None)
                self.tallies[question.id] = new_tally(question.type, question.options, question.settings)
                hide_words(self.tallies[question.id], self.hidden_words.get(question.id, ()))
            self.push_state()
            self.results_dirty = True
        elif kind == "questions":
            self._set_questions([LiveQuestion(**q) for q in message["questions"]])
            if self.room.get("current_question_id") not in self.questions:
                self.room.update(current_question_id=None, voting_open=False)
            self.push_state()
            self.results_dirty = True
        elif kind == "recounted":  # moderation changed what counts (moderation/live.py)
            self.replace_answers(message["question_id"], message["rows"], message["hidden"])
        elif kind == "qna":  # the Q&A panel changed: re-read it on a coming tick (qna/feed.py)
            self.qna.stale = True

    def _results_changed(self) -> None:
        self.results_dirty = True
        if self.push_every_vote:
            self.push_results()

    # ----- pushing to sockets -----
    def push_state(self) -> None:
        self.seq += 1
        presenter_text = dumps({"type": "state", "seq": self.seq, "room": self.snapshot()})
        for sender in self.presenters:
            sender.push_state(presenter_text)
        if not self.audience:
            return
        shared = dumps({"type": "state", "seq": self.seq, "state": self.participant_state(None)})
        answered = play.personal_ids(self)  # phones whose state is their own
        for participant_id, senders in self.audience.items():
            # Most phones have not answered the new question: they share one serialised text.
            text = shared
            if participant_id in answered:
                state = self.participant_state(participant_id)
                text = dumps({"type": "state", "seq": self.seq, "state": state})
            for sender in senders:
                sender.push_state(text)
        play.push_leaderboard(self)

    def results_text(self) -> str | None:
        question = self.current_question
        if question is None:
            return None
        self.seq += 1
        message = {
            "type": "results",
            "seq": self.seq,
            "participant_count": len(self.participants),
            "result": self.question_result(question),
        }
        if play.pacing(self.room) == play.AUDIENCE:
            message["progress"] = play.survey_progress(self)
        return dumps(message)

    def push_reactions(self) -> None:
        text = dumps({"type": "reactions", "seq": self.seq, "counts": dict(self.reactions_in)})
        self.reactions_in.clear()
        for sender in self.presenters:
            sender.push(EXTRA, text)

    def push_results_to_newcomers(self) -> None:
        newcomers, self.newcomers = self.newcomers, set()
        self.last_greeting = time.monotonic()
        text = self.results_text()
        if text is None:
            return  # no question on screen: their state snapshot said all there is
        audience_text = play.audience_results_text(self, text)
        for sender in newcomers:
            if sender.closed:
                continue
            if sender in self.presenters:
                sender.push_results(text)
            elif audience_text is not None:
                sender.push_results(audience_text)

    def push_results(self) -> None:
        self.results_dirty = False
        self.newcomers.clear()  # everyone gets this push
        self.last_results_push = time.monotonic()
        text = self.results_text()
        if text is None:
            # No question on screen: the presenter still sees the audience arrive.
            presenter_text = dumps({"type": "state", "seq": self.seq, "room": self.snapshot()})
            for sender in self.presenters:
                sender.push_state(presenter_text)
            return
        for sender in self.presenters:
            sender.push_results(text)
        audience_text = play.audience_results_text(self, text)  # hidden results, quiz answers
        if audience_text is not None:
            for senders in self.audience.values():
                for sender in senders:
                    sender.push_results(audience_text)


class LiveRooms:
    """Every room this worker has loaded, and the clock that pushes their results."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], hub: Hub, settings: Settings) -> None:
        self._sessionmaker = sessionmaker
        self._hub = hub
        self._settings = settings
        self._rooms: dict[str, LiveRoom] = {}
        self._by_code: dict[str, LiveRoom] = {}  # join codes never change once a room exists
        self._loading: dict[str, asyncio.Lock] = {}
        self._ticker: asyncio.Task[None] | None = None
        self.period = 1.0 / settings.results_push_hz
        self.loop_lag_ms: deque[float] = deque(maxlen=2000)
        self._resyncing: set[str] = set()
        self.countdowns = Countdowns(sessionmaker, self.publish)
        self.sockets_by_address: dict[str, int] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        self._ticker = asyncio.create_task(self._tick_forever(), name="results-ticker")

    async def stop(self) -> None:
        tasks = [t for t in (self._ticker, *(r.listener for r in self._rooms.values())) if t]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._rooms.clear()
        self._by_code.clear()

    def loaded(self, room_id: str) -> LiveRoom | None:
        return self._rooms.get(room_id)

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
                async with self._sessionmaker() as session:
                    found = await room.load(session, base_url)
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

    async def _listen(self, room: LiveRoom, subscribed: asyncio.Event) -> None:
        async with self._hub.subscribe(room_channel(room.id)) as messages:
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
                        message = await recount(self._sessionmaker, room.id, message["question_id"])
                    elif message.get("k") == "reload":  # removed participant, anonymised answers
                        await reload_room(self, room)
                        continue
                    room.apply(message)
                except (ValueError, KeyError, TypeError):
                    log.exception("bad hub message for room %s", room.id)

    async def _current_state(self, room: LiveRoom) -> dict[str, Any]:
        """The room as committed now. Re-reading (instead of trusting a snapshot in the message)
        means two presenter actions published out of order still end on the newest state."""
        async with self._sessionmaker() as session:
            row = await session.get(Room, room.id)
        if row is None:
            return {"k": "deleted"}
        return {"k": "state", "room": room_public(row, room.base_url, 0)}

    async def publish(self, room_id: str, kind: str, **fields: Any) -> None:
        await self._hub.publish(room_channel(room_id), hub_message(kind, **fields))

    async def announce_joined(self, room_id: str, ids: list[str]) -> None:
        """New participants (one message per stored batch): known here at once, so their first
        request never beats the hub; every other worker learns of them through the hub."""
        room = self._rooms.get(room_id)
        if room is not None:
            room.apply({"k": "joined", "ids": ids})
        await self.publish(room_id, "joined", ids=ids)

    def quiet(self) -> bool:
        """No room has pushed results lately or has new ones waiting for its screens: a short
        pause now would go unnoticed (gc_pacing.py)."""
        now = time.monotonic()
        return all(
            now - room.last_results_push >= QUIET_SECONDS and not (room.results_dirty and room.watchers)
            for room in self._rooms.values()
        )

    # ----- the clock -----
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
        for room in list(self._rooms.values()):
            due = room.results_dirty and now - room.last_results_push >= self.period
            if due and room.watchers:
                room.push_results()
            elif room.newcomers and now - room.last_greeting >= self.period:
                room.push_results_to_newcomers()
            if room.qna.due(now, self.period) and room.watchers:
                self._background(room.qna.refresh(self._sessionmaker, room))
            self.countdowns.check(room, self._background)  # closes voting at the deadline
            if room.reactions_out:
                counts = dict(room.reactions_out)
                room.reactions_out.clear()
                self._background(self.publish(room.id, "reactions", counts=counts))
            if room.reactions_in:
                room.push_reactions()
            if now - room.last_stall_check >= STALL_CHECK_SECONDS:
                room.last_stall_check = now
                self._drop_stalled(room, now)
            self._resync_if_hub_down(room, now)
            self._check_convergence(room, now)
            if not room.watchers and now - room.last_activity > IDLE_ROOM_SECONDS:
                self._evict(room)

    def _background(self, coroutine: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _resync_if_hub_down(self, room: LiveRoom, now: float) -> None:
        """Without the hub, other workers' votes only reach this one through the database."""
        if self._hub.healthy or not room.watchers or now - room.last_db_sync < RESYNC_SECONDS:
            return
        if room.id not in self._resyncing:
            self._resyncing.add(room.id)
            self._background(self.resync(room))

    def _check_convergence(self, room: LiveRoom, now: float) -> None:
        """Compare the room with the database now and then (convergence.py)."""
        if (
            not room.watchers
            or room.id in self._resyncing
            or now - room.last_vote_applied < VOTES_QUIET_SECONDS
            or now - room.last_convergence_check < CHECK_EVERY_SECONDS
        ):
            return
        room.last_convergence_check = now
        self._resyncing.add(room.id)
        self._background(self._converge(room))

    async def _converge(self, room: LiveRoom) -> None:
        try:
            async with self._sessionmaker() as session:
                fingerprint = await stored_fingerprint(session, room.id)
        except Exception:
            log.warning("checking room %s against the database failed", room.id, exc_info=True)
            self._resyncing.discard(room.id)
            return
        if fingerprint == room.loaded_fingerprint:
            self._resyncing.discard(room.id)
            return
        # Answers differ: the reload pushes results; a state only if the room itself changed (a
        # spare state would look like a move to every screen).
        await self.resync(room, state_only_if_changed=True)  # discards room.id from _resyncing

    async def resync(self, room: LiveRoom, *, state_only_if_changed: bool = False) -> None:
        """Re-read a room from the database and push the result to its sockets."""
        before_room = dict(room.room)
        try:
            for _ in range(3):
                before = room.local_changes
                async with self._sessionmaker() as session:
                    await room.load(session, room.base_url)
                if room.local_changes == before:
                    break
                # This worker applied a newer change of its own while the read ran, which may
                # have missed it (an older question would be back for a moment): read again.
            if not state_only_if_changed or room.room != before_room:
                room.push_state()
        except Exception:
            log.exception("resync of room %s failed", room.id)
            room.last_db_sync = time.monotonic()
        finally:
            self._resyncing.discard(room.id)

    def resync_all(self) -> None:
        for room in self._rooms.values():
            room.last_db_sync = 0.0
            if room.id not in self._resyncing:
                self._resyncing.add(room.id)
                self._background(self.resync(room))

    def _drop_stalled(self, room: LiveRoom, now: float) -> None:
        for sender in [*room.presenters, *(s for ss in room.audience.values() for s in ss)]:
            if sender.stalled_for(now) > STALLED_SOCKET_SECONDS:
                sender.closed = True
                task = asyncio.ensure_future(sender.websocket.close(code=1008))
                task.add_done_callback(lambda t: t.exception())

    def _evict(self, room: LiveRoom) -> None:
        self._rooms.pop(room.id, None)
        if self._by_code.get(room.join_code) is room:
            del self._by_code[room.join_code]
        if room.listener is not None:
            room.listener.cancel()

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
