"""The presenter's quiz controls (countdown, reveal, leaderboard) and what every control does to the
quiz clock: `voting_opened_at` marks when answering started (the speed bonus counts from it), a
countdown ends with a move or a manual close, the leaderboard leaves with a move."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from poll_service.errors import Conflict
from poll_service.ids import utcnow
from poll_service.models import Question, Room
from poll_service.question_types.registry import scored
from poll_service.quiz.rules import DEFAULT_COUNTDOWN_S
from poll_service.rooms.rules import AUDIENCE

PLAY_ACTIONS = frozenset(
    {"start_countdown", "stop_countdown", "reveal", "show_leaderboard", "show_podium", "hide_leaderboard"}
)
MAX_COUNTDOWN_S = 3600


@dataclass(frozen=True)
class RoomBefore:
    current_question_id: str | None
    voting_open: bool

    @classmethod
    def of(cls, room: Room) -> "RoomBefore":
        return cls(room.current_question_id, room.voting_open)


def _with(room: Room, **changes: Any) -> None:
    """Set room settings keys (a new dict: the JSON column notices only a reassignment)."""
    settings = dict(room.settings or {})
    for key, value in changes.items():
        if value is None:
            settings.pop(key, None)
        else:
            settings[key] = value
    room.settings = settings


async def _current(session: AsyncSession, room: Room) -> Question | None:
    return await session.get(Question, room.current_question_id) if room.current_question_id else None


async def apply_play_action(session: AsyncSession, room: Room, action: str, seconds: int | None) -> None:
    if room.status != "live":
        raise Conflict("this room has ended")
    audience = (room.settings or {}).get("pacing") == AUDIENCE
    question = await _current(session, room)
    if action == "start_countdown":
        if question is None and not audience:
            raise Conflict("there is no current question; go to a question first")
        length = seconds or int(
            (question.settings if question else {}).get("time_limit_s", DEFAULT_COUNTDOWN_S)
        )
        now = utcnow()
        if not room.voting_open:
            room.voting_open = True
            room.voting_opened_at = now
        room.countdown_ends_at = now + timedelta(seconds=min(length, MAX_COUNTDOWN_S))
    elif action == "stop_countdown":
        room.countdown_ends_at = None
    elif action == "reveal":
        if question is None or not scored(question.type):
            raise Conflict("only a quiz question has a correct answer to show; go to one first")
        room.voting_open = False
        revealed = list((room.settings or {}).get("revealed", []))
        if question.id not in revealed:
            revealed.append(question.id)
        _with(room, revealed=revealed)
    elif action in {"show_leaderboard", "show_podium"}:
        _with(room, leaderboard="podium" if action == "show_podium" else "ranking")
    elif action == "hide_leaderboard":
        _with(room, leaderboard=None)


def follow_up(room: Room, before: RoomBefore, action: str) -> None:
    """After any control: restart the quiz clock when answering (re)starts, stop a countdown that no
    longer applies, take the leaderboard down on a move, forget a reset question's reveal."""
    audience = (room.settings or {}).get("pacing") == AUDIENCE
    moved = room.current_question_id != before.current_question_id
    if audience and moved and not before.voting_open:
        # Audience-paced: moving only picks the question the screen shows; a closed survey stays closed.
        room.voting_open = False
    restarted = room.voting_open and (not before.voting_open or (moved and not audience))
    if action == "reset_question":
        restarted = room.voting_open
        revealed = [q for q in (room.settings or {}).get("revealed", []) if q != room.current_question_id]
        _with(room, revealed=revealed or None)
    if restarted and action != "start_countdown":
        room.voting_opened_at = utcnow()
        room.countdown_ends_at = None
    if before.voting_open and not room.voting_open:
        room.countdown_ends_at = None  # closed by hand (or by the end): the clock stops
    if moved and not audience:
        _with(room, leaderboard=None)
