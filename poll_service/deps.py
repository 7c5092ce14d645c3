"""Annotated dependency aliases shared by the routers."""

from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from poll_service.accounts.auth import current_organiser, current_participant
from poll_service.connection import base_url as connection_base_url
from poll_service.context import AppContext
from poll_service.models import User
from poll_service.security import ParticipantIdentity


# Dependencies are async on purpose: FastAPI runs sync ones in a thread pool, which on the vote
# path cost more than the vote itself.
async def get_context(request: Request) -> AppContext:
    context: AppContext = request.app.state.context
    return context


async def get_session(request: Request) -> AsyncSession:  # type: ignore[misc]
    context: AppContext = request.app.state.context
    async with context.sessionmaker() as session:
        yield session


async def base_url(request: Request) -> str:
    """Where this service is reachable, for absolute join URLs."""
    context: AppContext = request.app.state.context
    return connection_base_url(request.scope, context.settings.public_url)


ContextDep = Annotated[AppContext, Depends(get_context)]
SessionDep = Annotated[AsyncSession, Depends(get_session)]
BaseUrlDep = Annotated[str, Depends(base_url)]
CurrentOrganiser = Annotated[User, Depends(current_organiser)]
CurrentParticipant = Annotated[ParticipantIdentity, Depends(current_participant)]
