"""What a live room's quiz means right now: which quiz answers are revealed, their points, the
leaderboard, and what a phone may see of them. Room rules every room uses (is voting open, which
question takes answers) are in rooms/rules.py; the live core (poll_service/live) calls these with
its room as a `LiveView` and does the pushing."""

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, Protocol
from weakref import WeakKeyDictionary

from poll_service.ids import iso, utcnow
from poll_service.question_types.quiz_scoring import (
    PODIUM,
    answer_score,
    answer_time_ms,
    correct_ids,
    leaderboard,
    scoring_entries,
)
from poll_service.question_types.registry import scored, scoring_of, takes_answers
from poll_service.realtime.messages import dumps
from poll_service.rooms.rules import (
    AUDIENCE,
    PRESENTER,
    Room,
    deadline_passed,
    moment,
    pacing,
    room_voting_open,
    settings_of,
    voting_open_for,
)

LEADERBOARD_MODES = ("ranking", "podium")
# Leaderboard rows a phone receives (its own row comes extra) and the presenter shows.
PHONE_TOP = 5
SCREEN_TOP = 10
# Without a countdown, speed is measured against the quiz question's time limit from voting opening.
DEFAULT_COUNTDOWN_S = 30


class Question(Protocol):
    id: str
    type: str
    position: int
    options: list[dict[str, Any]]
    settings: dict[str, Any]

    def public(self) -> dict[str, Any]: ...


class LiveView(Protocol):
    """What these rules read of a live room (live/state.LiveRoom)."""

    room: dict[str, Any]
    seq: int
    participants: set[str]
    nicknames: dict[str, str]

    @property
    def questions(self) -> Mapping[str, Question]: ...

    @property
    def answers(self) -> Mapping[str, Mapping[tuple[str, int], dict[str, Any]]]: ...

    @property
    def current_question(self) -> Question | None: ...

    def latest_answer(self, question_id: str, participant_id: str) -> dict[str, Any] | None: ...

    def question_result(self, question: Any) -> dict[str, Any]: ...


def revealed(room: Room, question: Question, now: datetime) -> bool:
    """A scored question's answer may be shown once voting on it has closed and either the question
    reveals on close (the default) or the presenter pressed "show correct answer"."""
    if not scored(question.type) or voting_open_for(room, question.id, now):
        return False
    return bool(question.settings.get("reveal_on_close", True)) or question.id in settings_of(room).get(
        "revealed", ()
    )


def results_hidden(room: Room, question: Question, now: datetime) -> bool:
    """`hide_results_until_closed` (question or room setting): phones see no tally while it is open."""
    hide = question.settings.get("hide_results_until_closed") or settings_of(room).get(
        "hide_results_until_closed"
    )
    return bool(hide) and voting_open_for(room, question.id, now)


def score_answer(room: Room, question: Question, answer: dict[str, Any], now: datetime) -> dict[str, Any]:
    """A scored answer carries its points (stored in the answer and in Response.score), fixed when
    it is accepted: a later change is scored again at that later moment, never better."""
    scoring = scoring_of(question.type)
    if scoring is None:
        return answer
    opened = moment(room.get("voting_opened_at"))
    elapsed = (now - opened).total_seconds() if opened is not None and pacing(room) == PRESENTER else None
    deadline = moment(room.get("countdown_ends_at"))
    limit = float(question.settings.get("time_limit_s", 20))
    if opened is not None and deadline is not None and deadline > opened:
        limit = (deadline - opened).total_seconds()
    right = scoring.is_right(question.options, question.settings, answer)
    score = answer_score(right, question.settings, elapsed_s=elapsed, limit_s=limit)
    timed = answer_time_ms(elapsed)  # breaks ties on the leaderboard: the faster player first
    return {**answer, "score": score} if timed is None else {**answer, "score": score, "time_ms": timed}


def public_question(room: Room, question: Question, now: datetime) -> dict[str, Any]:
    """A question as phones see it: a quiz's right options only once revealed."""
    public = question.public()
    if revealed(room, question, now):
        right = set(correct_ids(question.options))
        public["options"] = [{**o, "correct": True} if o["id"] in right else o for o in public["options"]]
    return public


def my_view(room: Room, question: Question, answer: dict[str, Any], now: datetime) -> dict[str, Any]:
    """A phone's own answer; a scored answer's points stay hidden until revealed (they would tell
    whether it was right)."""
    mine = {"question_id": question.id, **answer}
    if scored(question.type) and not revealed(room, question, now):
        mine.pop("score", None)
    return mine


def reveal_of(question: Question, answer: dict[str, Any] | None) -> dict[str, Any]:
    """What a phone learns once a scored question is revealed: the right answer (the type's
    fields: correct_option_ids, accepted answers...), whether its own was right, its points."""
    scoring = scoring_of(question.type)
    if scoring is None:
        return {}
    return {
        **scoring.right_answer(question.options, question.settings),
        "my_correct": None
        if answer is None
        else scoring.is_right(question.options, question.settings, answer),
        "my_score": None if answer is None else int(answer.get("score") or 0),
    }


# ----- the leaderboard of a live room -----
_boards: "WeakKeyDictionary[LiveView, tuple[Any, list[dict[str, Any]], dict[str, dict[str, Any]]]]" = (
    WeakKeyDictionary()
)


def revealed_scores(live: LiveView, now: datetime) -> Iterable[tuple[str, int, int | None]]:
    """(participant, score, time) of every answer to a revealed quiz question (only those count: a
    score of an open question would tell its answer)."""
    for question in live.questions.values():
        if scored(question.type) and revealed(live.room, question, now):
            for (participant_id, _slot), answer in live.answers.get(question.id, {}).items():
                yield participant_id, int(answer.get("score") or 0), answer.get("time_ms")


def live_leaderboard(live: LiveView, now: datetime) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """The board and a lookup by participant; built once per change, shared by every phone's state."""
    key = (
        live.seq,
        tuple(sorted(settings_of(live.room).get("revealed", ()))),
        room_voting_open(live.room, now),
        live.room.get("current_question_id"),
        sum(len(a) for a in live.answers.values()),
        len(live.nicknames),
    )
    cached = _boards.get(live)
    if cached is not None and cached[0] == key:
        return cached[1], cached[2]
    board = leaderboard(revealed_scores(live, now), live.nicknames)
    by_id = {entry["participant_id"]: entry for entry in board}
    _boards[live] = (key, board, by_id)
    return board, by_id


def leaderboard_mode(room: Room) -> str | None:
    mode = settings_of(room).get("leaderboard")
    return mode if mode in LEADERBOARD_MODES else None


def public_entry(entry: dict[str, Any]) -> dict[str, Any]:
    return {"rank": entry["rank"], "nickname": entry["nickname"], "score": entry["score"]}


def leaderboard_view(live: LiveView, participant_id: str | None, now: datetime, top: int) -> dict[str, Any]:
    board, by_id = live_leaderboard(live, now)
    mode = leaderboard_mode(live.room) or "ranking"
    shown = scoring_entries(board)[: PODIUM if mode == "podium" else top]
    me = by_id.get(participant_id) if participant_id else None
    return {
        "mode": mode,
        "players": len(board),
        "top": [public_entry(e) for e in shown],
        "me": public_entry(me) if me else None,
    }


# ----- the participant state, extended -----
def play_state(live: LiveView, state: dict[str, Any], participant_id: str | None) -> dict[str, Any]:
    """ParticipantState plus countdown, quiz reveal, leaderboard and (audience-paced) every question."""
    room = live.room
    now = utcnow()
    open_now = room_voting_open(room, now)
    state["pacing"] = pacing(room)
    state["countdown_ends_at"] = room.get("countdown_ends_at") if open_now else None
    state["server_now"] = iso(now)
    if pacing(room) == AUDIENCE:
        ordered = sorted(live.questions.values(), key=lambda q: (q.position, q.id))
        state["question"] = None
        state["my_response"] = None
        state["voting_open"] = open_now
        state["questions"] = [public_question(room, q, now) for q in ordered]
        mine: dict[str, dict[str, Any]] = {}
        reveals: dict[str, dict[str, Any]] = {}
        for q in ordered:
            answer = live.latest_answer(q.id, participant_id) if participant_id else None
            if answer is not None:
                mine[q.id] = my_view(room, q, answer, now)
            if revealed(room, q, now):
                reveals[q.id] = reveal_of(q, answer)
        state["my_responses"] = mine
        answerable = sum(1 for q in ordered if takes_answers(q.type))  # not the content slides
        state["progress"] = {"answered": len(mine), "total": answerable}
        state["reveals"] = reveals
    else:
        question = live.current_question
        state["voting_open"] = bool(state["voting_open"]) and not deadline_passed(room, now)
        if question is not None:
            if results_hidden(room, question, now):
                state["results_visible"] = False
            if scored(question.type):
                state["question"] = public_question(room, question, now)
                answer = live.latest_answer(question.id, participant_id) if participant_id else None
                state["my_response"] = my_view(room, question, answer, now) if answer else None
                if revealed(room, question, now):
                    state["reveal"] = reveal_of(question, answer)
    if leaderboard_mode(room):
        state["leaderboard"] = leaderboard_view(live, participant_id, now, PHONE_TOP)
    return state


def personal_ids(live: LiveView) -> set[str]:
    """Phones whose state differs from the shared one (the rest share one serialised text)."""
    if pacing(live.room) == AUDIENCE:
        return {p for answers in live.answers.values() for p, _ in answers}
    question = live.current_question
    ids = {p for p, _ in live.answers.get(question.id, {})} if question else set()
    if leaderboard_mode(live.room):
        ids |= set(live_leaderboard(live, utcnow())[1])
    return ids


def audience_results_text(live: LiveView, text: str) -> str | None:
    """The results message phones get: none while hidden, a quiz tally without its answer until
    revealed, else the presenter's own text (serialised once for everyone)."""
    question = live.current_question
    now = utcnow()
    if question is None or not live.room.get("results_visible") or results_hidden(live.room, question, now):
        return None
    scoring = scoring_of(question.type)
    if scoring is None or revealed(live.room, question, now):
        return text
    result = live.question_result(question)
    result["tally"] = scoring.sealed_tally(result["tally"])
    return dumps(
        {"type": "results", "seq": live.seq, "participant_count": len(live.participants), "result": result}
    )


def survey_progress(live: LiveView) -> dict[str, Any]:
    """Audience-paced rooms: how far the audience got (the presenter's completion bar)."""
    per_question = {qid: len({p for p, _ in answers}) for qid, answers in live.answers.items()}
    counts: dict[str, int] = {}
    for answers in live.answers.values():
        for participant_id in {p for p, _ in answers}:
            counts[participant_id] = counts.get(participant_id, 0) + 1
    total = sum(1 for q in live.questions.values() if takes_answers(q.type))  # not the content slides
    return {
        "questions": total,
        "started": len(counts),
        "finished": sum(1 for n in counts.values() if total and n >= total),
        "per_question": per_question,
    }
