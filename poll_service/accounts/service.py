"""Organiser accounts: register, log in, log out.

Passwords are hashed and checked outside any database session: a hash takes a thread ~125 ms
(accounts/hashing.py), and a pooled connection held that long, times a crowd at the login page,
would leave none for the votes."""

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from poll_service.errors import Conflict, Forbidden, InvalidInput, Unauthorized
from poll_service.models import OrganiserSession, User
from poll_service.security import PasswordHashing

MIN_PASSWORD = 8
ROLES = ("organiser", "admin")


class AccountDisabled(Forbidden):
    """The account exists and the password (or provider) vouches for it, but an administrator
    disabled it: said only after the password was right, so it tells a guesser nothing."""

    def __init__(self) -> None:
        super().__init__("this account is disabled; ask the server's administrator")


def normalise_email(email: str) -> str:
    return email.strip().lower()


def new_account_name(password: str, display_name: str) -> str:
    """The display name to store; raises InvalidInput before any hashing is spent on a bad form."""
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"the password needs at least {MIN_PASSWORD} characters")
    name = display_name.strip()
    if not name:
        raise InvalidInput("display_name cannot be blank")
    return name


async def create_user(
    session: AsyncSession, email: str, password_hash: str, display_name: str, role: str = "organiser"
) -> User:
    """Store an account whose password is already hashed (and its name checked by new_account_name)."""
    assert role in ROLES, role
    user = User(
        email=normalise_email(email), password_hash=password_hash, display_name=display_name, role=role
    )
    session.add(user)
    try:
        await session.flush()
    except IntegrityError:
        raise Conflict("an account with this email already exists") from None
    return user


async def authenticate(
    sessionmaker: async_sessionmaker[AsyncSession], hashing: PasswordHashing, email: str, password: str
) -> User:
    async with sessionmaker() as session:
        user = (
            await session.scalars(select(User).where(func.lower(User.email) == normalise_email(email)))
        ).first()
    # The hash runs even for unknown emails: both answers take as long.
    if not await hashing.verify(user.password_hash if user else None, password) or user is None:
        raise Unauthorized("wrong email or password")
    if user.disabled_at is not None:
        raise AccountDisabled()
    return user


async def end_every_session(session: AsyncSession, user_id: str) -> None:
    """Log an account out everywhere (it was disabled, or is being deleted)."""
    await session.execute(delete(OrganiserSession).where(col(OrganiserSession.user_id) == user_id))
