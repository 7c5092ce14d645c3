"""Opaque identifiers and clocks, so no id reveals a count and every timestamp is UTC."""

import os
import time
import uuid
from datetime import UTC, datetime


def new_id() -> str:
    return uuid.uuid4().hex


def ordered_id() -> str:
    """Like new_id (32 hex characters, 80 random bits), but ids made later sort later: 12 hex
    digits of milliseconds first. A table filled at a thousand rows a second then grows its
    primary-key index at one end, instead of rewriting a random page of it for every row."""
    return f"{time.time_ns() // 1_000_000:012x}{os.urandom(10).hex()}"


def utcnow() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """ISO 8601 in UTC; SQLite hands datetimes back without their zone, which is always UTC here."""
    return as_utc(moment).isoformat().replace("+00:00", "Z")


def as_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
