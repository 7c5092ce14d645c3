"""What a live room's state means right now, for every room: is voting open, which question takes
answers. Called by the vote path, the phone pages and the live core; quiz rules build on these.

`room` below is the live room's dict (rooms/projection.room_public): status, voting_open,
current_question_id, settings, voting_opened_at, countdown_ends_at. Every rule is a function of it
and the clock, so every worker reaches the same answer without talking to the others."""

from collections.abc import Mapping
from datetime import datetime
from functools import lru_cache
from typing import Any

from poll_service.ids import as_utc

Room = Mapping[str, Any]
PRESENTER, AUDIENCE = "presenter", "audience"


@lru_cache(maxsize=256)
def moment(value: str | None) -> datetime | None:
    """An ISO 8601 timestamp from the room dict (cached: the vote path asks for the same one often)."""
    return as_utc(datetime.fromisoformat(value)) if value else None


def settings_of(room: Room) -> Mapping[str, Any]:
    value = room.get("settings")
    return value if isinstance(value, Mapping) else {}


def new_room_settings(presentation_settings: Mapping[str, Any] | None, pacing: str | None) -> dict[str, Any]:
    """A new room's settings: the presentation's room defaults, pacing as asked (else theirs)."""
    defaults = dict(presentation_settings or {})
    chosen = pacing or defaults.get("pacing") or PRESENTER
    return {**defaults, "pacing": AUDIENCE if chosen == AUDIENCE else PRESENTER}


def pacing(room: Room) -> str:
    return AUDIENCE if settings_of(room).get("pacing") == AUDIENCE else PRESENTER


def in_lobby(room: Room) -> bool:
    """The room shows its lobby (join details, who joined): live, no question on screen yet or again."""
    return room.get("status") == "live" and not room.get("current_question_id")


def deadline_passed(room: Room, now: datetime) -> bool:
    deadline = moment(room.get("countdown_ends_at"))
    return deadline is not None and now >= deadline


def room_voting_open(room: Room, now: datetime) -> bool:
    """Voting is open and no countdown has run out (even before a worker has closed it)."""
    return room.get("status") == "live" and bool(room.get("voting_open")) and not deadline_passed(room, now)


def voting_open_for(room: Room, question_id: str, now: datetime) -> bool:
    """Presenter-paced rooms take answers for the current question; audience-paced ones for all."""
    if not room_voting_open(room, now):
        return False
    return pacing(room) == AUDIENCE or room.get("current_question_id") == question_id


def answerable(questions: Mapping[str, Any], current: Any, room: Room, question_id: str) -> Any:
    """The question a submission names if this room takes answers to it (else None)."""
    if pacing(room) == AUDIENCE:
        return questions.get(question_id)
    return current if current is not None and current.id == question_id else None
