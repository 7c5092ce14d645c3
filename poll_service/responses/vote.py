"""A vote on its way to the database, and the answer its submitter gets."""

import asyncio
from dataclasses import dataclass, field
from typing import Any

from poll_service.ids import ordered_id


@dataclass(slots=True)
class Vote:
    room_id: str
    question_id: str
    participant_id: str
    answer: dict[str, Any]
    allow_change: bool
    idempotency_key: str | None = None
    # 0 for one answer per participant; types that take several answers use a fresh random slot.
    slot: int = 0
    # Moderation: "visible", or "pending"/"hidden" (stored, but not counted until approved).
    status: str = "visible"
    response_id: str = field(default_factory=ordered_id)
    future: "asyncio.Future[Accepted]" = field(default_factory=lambda: _new_future())


@dataclass(frozen=True, slots=True)
class Accepted:
    response_id: str
    question_id: str
    # False when an Idempotency-Key matched an earlier submission: nothing new was stored.
    stored: bool = True


def _new_future() -> "asyncio.Future[Accepted]":
    return asyncio.get_running_loop().create_future()
