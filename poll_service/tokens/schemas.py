"""What the token routes take and give."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from poll_service.ids import iso
from poll_service.models import ApiToken


class TokenCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=100, description="what the token is for")
    scope: Literal["read", "write"] = "read"
    expires_in_days: int | None = Field(default=None, ge=1, le=3650, description="none: until revoked")


class TokenPublic(BaseModel):
    id: str
    name: str
    prefix: str
    scope: str
    created_at: str
    expires_at: str | None
    last_used_at: str | None
    revoked_at: str | None

    @classmethod
    def of(cls, token: ApiToken) -> "TokenPublic":
        return cls(
            id=token.id,
            name=token.name,
            prefix=token.prefix,
            scope=token.scope,
            created_at=iso(token.created_at),
            expires_at=iso(token.expires_at) if token.expires_at else None,
            last_used_at=iso(token.last_used_at) if token.last_used_at else None,
            revoked_at=iso(token.revoked_at) if token.revoked_at else None,
        )


class TokenCreated(TokenPublic):
    token: str = Field(description="the token itself: shown this once, never again")
