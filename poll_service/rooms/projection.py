"""How a room looks from outside (API bodies, socket snapshots); its questions: presentations/projection."""

from typing import Any

from poll_service.ids import iso
from poll_service.models import Room


def join_url(base_url: str, join_code: str) -> str:
    return f"{base_url.rstrip('/')}/{join_code}"


def room_public(room: Room, base_url: str, participant_count: int) -> dict[str, Any]:
    return {
        "id": room.id,
        "presentation_id": room.presentation_id,
        "name": room.name,
        "join_code": room.join_code,
        "join_url": join_url(base_url, room.join_code),
        "status": room.status,
        "locked": room.locked,
        "current_question_id": room.current_question_id,
        "voting_open": room.voting_open,
        "results_visible": room.results_visible,
        "participant_count": participant_count,
        "created_at": iso(room.created_at),
        "ended_at": iso(room.ended_at) if room.ended_at else None,
        # Room options (pacing, leaderboard, …) and the quiz clock: docs/quiz-and-self-paced.md.
        "settings": dict(room.settings or {}),
        "voting_opened_at": iso(room.voting_opened_at) if room.voting_opened_at else None,
        "countdown_ends_at": iso(room.countdown_ends_at) if room.countdown_ends_at else None,
    }
