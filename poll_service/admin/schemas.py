"""The administration API's bodies (routes/admin.py); its answers are the rows of admin/ in a
paging.Page."""

from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from poll_service.errors import InvalidInput

Role = Literal["organiser", "admin"]


class UserChange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    disabled: bool | None = None
    role: Role | None = None


class RegistrationPolicy(BaseModel):
    model_config = ConfigDict(extra="forbid")
    policy: Literal["open", "invitation", "closed"]


class RegistrationPublic(RegistrationPolicy):
    # What the environment sets (POLL_REGISTRATION / POLL_ALLOW_REGISTRATION) before any change.
    default: Literal["open", "invitation", "closed"]


def parse_moment(value: str | None, name: str) -> datetime | None:
    """A filter's date (2026-12-04) or moment (ISO 8601); naive ones are UTC."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value[:40].replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(f"{name} must be a date (2026-12-04) or an ISO 8601 moment") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
