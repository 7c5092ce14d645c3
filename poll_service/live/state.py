"""A live room as it is now, and applying hub messages to it.

A room is loaded once (live/loading.py) and from then on kept current by hub messages alone:
votes, joins, state changes and resets all arrive as messages, from this worker or from another.
Applying a message is idempotent (answers are keyed by participant and slot), so a message that
overlaps the initial load does no harm. Nothing here does I/O or talks to sockets: `apply` says
whether the room's state must go to its screens again, and the registry does the pushing.
"""

import asyncio
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

from poll_service.ids import iso, utcnow
from poll_service.live.convergence import Fingerprint
from poll_service.models import Question
from poll_service.presentations.projection import question_public
from poll_service.qna.feed import QnaFeed
from poll_service.question_types.base import Tally
from poll_service.question_types.registry import hide_words, new_tally, opens_qna
from poll_service.quiz import rules as play
from poll_service.realtime.sender import SocketSender
from poll_service.rooms.rules import AUDIENCE, in_lobby, pacing


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
        return question_public(self, reveal_answers=False)


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
        # Changes this worker committed and applied at once (registry.follow_committed).
        self.local_changes = 0
        # Participants whose own answer changed, with a socket here: their tabs get their own
        # state on the next tick (a vote in one tab shows in the others).
        self.own_state_due: set[str] = set()

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

    @property
    def watchers(self) -> bool:
        """Any socket open on this room here (the clock asks every tick: no counting)."""
        return bool(self.presenters or self.audience)

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
            # Presenter-paced and no question shown yet (or again): phones wait in the lobby.
            "lobby": in_lobby(self.room) and pacing(self.room) != AUDIENCE,
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

    # ----- changing -----
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
        if self.set_answer(question_id, participant_id, slot, answer, status):
            self._own_state_changed(participant_id)
        self.last_vote_applied = time.monotonic()
        self.results_dirty = True

    def _own_state_changed(self, participant_id: str) -> None:
        if participant_id in self.audience:
            self.own_state_due.add(participant_id)

    def set_questions(self, questions: list[LiveQuestion]) -> None:
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
                    self.set_answer(question_id, participant_id, slot, answer, status)

    def set_answer(
        self,
        question_id: str,
        participant_id: str,
        slot: int,
        answer: dict[str, Any],
        status: str = "visible",
    ) -> bool:
        """Count (or hold back) an answer; False when it was there already as it is."""
        answers = self.answers.get(question_id)
        if answers is None:
            return False
        tally = self.tallies[question_id]
        key = (participant_id, slot)
        previous = answers.get(key)
        withheld = self.withheld.get(question_id)
        if previous == answer and status == (withheld.get(key, "visible") if withheld else "visible"):
            return False  # already applied here (record_vote): its hub message changes nothing
        if previous is not None and (withheld is None or withheld.pop(key, None) is None):
            tally.remove(previous)  # it was counted
        answers[key] = answer
        if status == "visible":
            tally.add(answer)
        else:  # pending approval or hidden: kept (the phone sees its own answer), never counted
            self.withheld.setdefault(question_id, {})[key] = status
        return True

    def clear_answers(self, question_id: str, hidden_keys: set[str] | list[str] | None = None) -> None:
        """Start a question's answers afresh (a reset, or a recount about to refill them)."""
        question = self.questions.get(question_id)
        if question is None:
            return
        self.answers[question_id] = {}
        self.withheld.pop(question_id, None)
        if hidden_keys is not None:
            self.hidden_words[question_id] = set(hidden_keys)
        self.tallies[question_id] = new_tally(question.type, question.options, question.settings)
        hide_words(self.tallies[question_id], self.hidden_words.get(question_id, ()))

    def replace_answers(self, question_id: str, rows: list[list[Any]], hidden_keys: list[str]) -> None:
        """A question's answers and hidden words as the database has them now (after moderation)."""
        if question_id not in self.questions:
            return
        self.clear_answers(question_id, hidden_keys)
        for participant_id, slot, answer, status in rows:
            self.set_answer(question_id, participant_id, slot, answer, status)
        self.results_dirty = True

    def forget_answers(self) -> None:
        """Before a reload: loading keeps answers it already holds, so deleted ones would stay."""
        self.answers = {}
        self.withheld = {}

    # ----- applying hub messages -----
    def apply(self, message: dict[str, Any]) -> bool:
        """Apply one hub message; True when the room's state must go to its screens again."""
        self.last_activity = time.monotonic()
        kind = message.get("k")
        if kind == "votes":
            self.last_vote_applied = self.last_activity
            # [question, participant, slot, answer] plus a status when moderation held it back
            for item in message["items"]:
                if self.set_answer(*item):
                    self._own_state_changed(item[1])
            self.results_dirty = True
        elif kind == "nickname":
            self.nicknames.update(message["names"])
            return play.leaderboard_mode(self.room) is not None
        elif kind == "joined":
            self.participants.update(message["ids"])
            self.results_dirty = True
        elif kind == "state":
            room = {k: v for k, v in message["room"].items() if k != "participant_count"}
            if room != self.room:  # the re-read after a change this worker applied is no news
                before = self.current_question
                self.room = room
                after = self.current_question
                moved = before is not after
                if moved and any(q is not None and opens_qna(q.type) for q in (before, after)):
                    self.qna.stale = True  # the deck's Q&A item opens (or closes) the panel
                self.results_dirty = True
                return True
        elif kind == "reactions":
            self.reactions_in.update({str(k): int(v) for k, v in message["counts"].items()})
        elif kind == "deleted":
            self.room.update(status="ended", voting_open=False, current_question_id=None)
            return True
        elif kind == "reset":
            self.clear_answers(message["question_id"])
            self.results_dirty = True
            return True
        elif kind == "questions":
            self.set_questions([LiveQuestion(**q) for q in message["questions"]])
            if self.room.get("current_question_id") not in self.questions:
                self.room.update(current_question_id=None, voting_open=False)
            self.results_dirty = True
            return True
        elif kind == "recounted":  # moderation changed what counts (live/loading.recount)
            self.replace_answers(message["question_id"], message["rows"], message["hidden"])
        elif kind == "qna":  # the Q&A panel changed: re-read it on a coming tick (qna/feed.py)
            self.qna.stale = True
        return False
