"""Annotated dependency aliases shared by the routers."""

from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from poll_service.accounts.auth import current_organiser, current_participant
from poll_service.context import AppContext
from poll_service.models import User
from poll_service.security import ParticipantIdentity


def get_context(request: Request) -> AppContext:
    context: AppContext = request.app.state.context
    return context


async def get_session(request: Request) -> AsyncSession:  # type: ignore[misc]
    async with get_context(request).sessionmaker() as session:
        yield session


def base_url(request: Request) -> str:
    """Where this service is reachable, for absolute join URLs."""
    configured = get_context(request).settings.public_url
    return configured or str(request.base_url).rstrip("/")


ContextDep = Annotated[AppContext, Depends(get_context)]
SessionDep = Annotated[AsyncSession, Depends(get_session)]
BaseUrlDep = Annotated[str, Depends(base_url)]
CurrentOrganiser = Annotated[User, Depends(current_organiser)]
CurrentParticipant = Annotated[ParticipantIdentity, Depends(current_participant)]
