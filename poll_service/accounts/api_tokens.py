"""Issuing, listing, revoking and checking personal API tokens. A token is `pst_` and 40 random
characters; only its SHA-256 is stored (a high-entropy secret needs no slow hash), so it is shown
once, when it is made."""

import secrets
from datetime import timedelta
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from poll_service.errors import Conflict, NotFound
from poll_service.ids import as_utc, utcnow
from poll_service.models import ApiToken, User
from poll_service.security import token_digest

PREFIX = "pst_"
SHOWN_PREFIX = 10  # "pst_" and six characters: enough to tell one's tokens apart
MAX_TOKENS = 20  # live tokens per organiser
LAST_USED_EVERY = timedelta(minutes=1)  # a token in use is written back at most this often
Scope = Literal["read", "write"]
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def is_api_token(token: str) -> bool:
    return token.startswith(PREFIX)


def allows(scope: str, method: str) -> bool:
    """A read token reads only; a write token does what its organiser may."""
    return scope == "write" or method.upper() in READ_METHODS


async def create(
    session: AsyncSession, user: User, name: str, scope: Scope, days: int | None
) -> tuple[ApiToken, str]:
    live = await session.scalar(
        select(func.count()).where(col(ApiToken.user_id) == user.id, col(ApiToken.revoked_at).is_(None))
    )
    if (live or 0) >= MAX_TOKENS:
        raise Conflict(f"you have {MAX_TOKENS} tokens already; revoke one first")
    secret = PREFIX + secrets.token_urlsafe(30)
    now = utcnow()
    token = ApiToken(
        user_id=user.id,
        name=name,
        token_hash=token_digest(secret),
        prefix=secret[:SHOWN_PREFIX],
        scope=scope,
        created_at=now,
        expires_at=now + timedelta(days=days) if days else None,
    )
    session.add(token)
    return token, secret


async def listed(session: AsyncSession, user: User) -> list[ApiToken]:
    rows = await session.scalars(
        select(ApiToken).where(col(ApiToken.user_id) == user.id).order_by(col(ApiToken.created_at).desc())
    )
    return list(rows)


async def revoke(session: AsyncSession, user: User, token_id: str) -> ApiToken:
    token = await session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound("no such token")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
    return token


async def owner_of(session: AsyncSession, secret: str) -> tuple[User, ApiToken] | None:
    """The organiser a live token speaks for, and the token; marks it used (now and then)."""
    if len(secret) > 200:
        return None
    token = await session.scalar(select(ApiToken).where(col(ApiToken.token_hash) == token_digest(secret)))
    now = utcnow()
    if token is None or token.revoked_at is not None:
        return None
    if token.expires_at is not None and as_utc(token.expires_at) <= now:
        return None
    user = await session.get(User, token.user_id)
    if user is None or user.disabled_at is not None:
        return None
    if token.last_used_at is None or now - as_utc(token.last_used_at) >= LAST_USED_EVERY:
        token.last_used_at = now
        await session.commit()
    return user, token
