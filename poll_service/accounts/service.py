"""Organiser accounts: register, log in, log out."""

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from poll_service.errors import Conflict, InvalidInput, Unauthorized
from poll_service.models import User
from poll_service.security import hash_password, verify_password


def normalise_email(email: str) -> str:
    return email.strip().lower()


async def create_user(session: AsyncSession, email: str, password: str, display_name: str) -> User:
    if len(password) < 8:
        raise InvalidInput("the password needs at least 8 characters")
    name = display_name.strip()
    if not name:
        raise InvalidInput("display_name cannot be blank")
    user = User(email=normalise_email(email), password_hash=hash_password(password), display_name=name)
    session.add(user)
    try:
        await session.flush()
    except IntegrityError:
        raise Conflict("an account with this email already exists") from None
    return user


async def authenticate(session: AsyncSession, email: str, password: str) -> User:
    user = (
        await session.scalars(select(User).where(func.lower(User.email) == normalise_email(email)))
    ).first()
    # verify_password runs the hash even for unknown emails: both answers take as long.
    if not verify_password(user.password_hash if user else None, password) or user is None:
        raise Unauthorized("wrong email or password")
    return user
