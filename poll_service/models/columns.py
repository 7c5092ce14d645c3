"""Column helpers the tables share."""

from typing import Any

from sqlalchemy import Column, DateTime
from sqlmodel import Field

from poll_service.ids import utcnow


def timestamp_field(**kwargs: Any) -> Any:
    """A timezone-aware timestamp column that defaults to now."""
    return Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), **kwargs))
