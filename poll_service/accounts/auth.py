"""Who is asking: the one authorisation layer shared by HTTP routes and websocket handshakes."""

from datetime import timedelta
from typing import Annotated

from fastapi import Depends
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col
from starlette.requests import HTTPConnection

from poll_service.accounts import api_tokens
from poll_service.context import AppContext
from poll_service.errors import Forbidden, Unauthorized
from poll_service.ids import as_utc, utcnow
from poll_service.models import OrganiserSession, User
from poll_service.security import (
    PARTICIPANT_COOKIE,
    SESSION_COOKIE,
    ParticipantIdentity,
    new_session_token,
    token_digest,
)
from poll_service.workspaces import access, audit

NOT_JOINED = "join the room first (participant cookie or Authorization: Bearer token)"


def bearer_token(connection: HTTPConnection) -> str | None:
    header = connection.headers.get("authorization")
    if header and header[:7].lower() == "bearer ":
        return header[7:].strip() or None
    return None


def presented_token(connection: HTTPConnection, cookie: str) -> tuple[str | None, bool]:
    """(token, came_from_cookie). The Authorization header wins; sockets may use ?token=."""
    token = bearer_token(connection)
    if token:
        return token, False
    query_token = connection.query_params.get("token") if connection.scope["type"] == "websocket" else None
    if query_token:
        return query_token, False
    cookie_value = connection.cookies.get(cookie)
    return (cookie_value, True) if cookie_value else (None, False)


async def organiser_for_token(session: AsyncSession, token: str) -> User | None:
    if len(token) > 200:
        return None
    login = await session.get(OrganiserSession, token_digest(token))
    if login is None or as_utc(login.expires_at) <= utcnow():
        return None
    user = await session.get(User, login.user_id)
    # Disabling ends the sessions too; this holds for one that began at the same moment.
    return None if user is None or user.disabled_at is not None else user


async def start_session(session: AsyncSession, user: User, days: int) -> str:
    """A new login (by password or single sign-on), in the audit log of each of the user's
    workspaces; an account signing in for the first time gets its personal workspace here."""
    await access.personal_workspace(session, user)
    await audit.record_in_every_workspace(session, user, "sign_in")
    token = new_session_token()
    now = utcnow()
    session.add(
        OrganiserSession(
            token_hash=token_digest(token),
            user_id=user.id,
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
    )
    return token


async def end_session(session: AsyncSession, token: str) -> None:
    await session.execute(
        delete(OrganiserSession).where(col(OrganiserSession.token_hash) == token_digest(token))
    )


async def current_organiser(connection: HTTPConnection) -> User:
    """The organiser asking: by their login, or by a personal API token (tokens/), which a `read`
    token may use to read only."""
    context: AppContext = connection.app.state.context
    token, _ = presented_token(connection, SESSION_COOKIE)
    if token is None:
        raise Unauthorized("log in first (session cookie or Authorization: Bearer token)")
    if api_tokens.is_api_token(token):
        return await _token_owner(context, connection, token)
    async with context.sessionmaker() as session:
        user = await organiser_for_token(session, token)
    if user is None:
        raise Unauthorized("your session has expired or is not valid; log in again")
    return user


async def current_signed_in_organiser(
    connection: HTTPConnection, user: Annotated[User, Depends(current_organiser)]
) -> User:
    """The organiser by their login only: what manages tokens must not be done with a token."""
    token, _ = presented_token(connection, SESSION_COOKIE)
    if token is not None and api_tokens.is_api_token(token):
        raise Forbidden("API tokens cannot manage API tokens; sign in")
    return user


async def _token_owner(context: AppContext, connection: HTTPConnection, token: str) -> User:
    await context.limits.api_tokens.hit(token_digest(token))
    async with context.sessionmaker() as session:
        found = await api_tokens.owner_of(session, token)
    if found is None:
        raise Unauthorized("this API token is not valid (revoked, expired or unknown)")
    user, record = found
    method = connection.scope.get("method", "GET")
    if not api_tokens.allows(record.scope, str(method)):
        raise Forbidden("this API token may only read (scope read); make a write token to change things")
    return user


async def current_admin(
    connection: HTTPConnection, user: Annotated[User, Depends(current_organiser)]
) -> User:
    """One of the server's administrators, signed in: no API token administers the server."""
    if user.role != "admin":
        raise Forbidden("this is for the server's administrators only")
    token, _ = presented_token(connection, SESSION_COOKIE)
    if token is not None and api_tokens.is_api_token(token):
        raise Forbidden("API tokens cannot administer the server; sign in")
    return user


async def current_participant(connection: HTTPConnection) -> ParticipantIdentity:
    context: AppContext = connection.app.state.context
    token, _ = presented_token(connection, PARTICIPANT_COOKIE)
    identity = context.participant_tokens.read(token) if token else None
    if identity is None:
        raise Unauthorized(NOT_JOINED)
    return identity
