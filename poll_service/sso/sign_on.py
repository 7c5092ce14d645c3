"""Signing on with a checked identity from the organisation's provider: who may (allowed e-mail
domains, a required group, a verified e-mail), and which account they get.

An account belongs to the provider's (issuer, subject), never to an e-mail address alone: a
provider may give a freed address to someone else. The first sign-in links to a local account
with the same address only because the provider vouches for it (email_verified, always required),
else it makes a new account without a password."""

from enum import StrEnum

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from poll_service.accounts import auth
from poll_service.accounts.service import normalise_email
from poll_service.context import AppContext
from poll_service.models import AccountIdentity, OrganiserSession, User
from poll_service.settings import Settings
from poll_service.sso.oidc import Identity
from poll_service.workspaces import audit


class Refusal(StrEnum):
    """Why a person the provider knows may not sign in here (each has a page text)."""

    NO_EMAIL = "no_email"
    UNVERIFIED = "unverified"
    DOMAIN = "domain"
    GROUP = "group"
    # The address's account belongs to another subject of this provider.
    TAKEN = "taken"
    # An administrator disabled the account.
    DISABLED = "disabled"


class SignOnRefused(Exception):
    def __init__(self, reason: Refusal) -> None:
        super().__init__(reason.value)
        self.reason = reason


def refusal(settings: Settings, identity: Identity) -> Refusal | None:
    if identity.email is None:
        return Refusal.NO_EMAIL
    if not identity.email_verified:
        return Refusal.UNVERIFIED
    domain = identity.email.rsplit("@", 1)[-1]
    if settings.oidc_allowed_domains and domain not in settings.oidc_allowed_domains:
        return Refusal.DOMAIN
    if settings.oidc_required_group and settings.oidc_required_group not in identity.groups:
        return Refusal.GROUP
    return None


async def sign_on(context: AppContext, identity: Identity) -> str:
    """A session token for the identity's account (made on the first sign-in); raises
    SignOnRefused for someone the settings keep out."""
    reason = refusal(context.settings, identity)
    if reason is not None:
        raise SignOnRefused(reason)
    for attempt in range(2):
        try:
            async with context.unit_of_work() as work:
                user = await _account(work.session, identity)
                if user.disabled_at is not None:
                    raise SignOnRefused(Refusal.DISABLED)
                _grant_admin(work.session, context.settings, user, identity)
                return await auth.start_session(work.session, user, context.settings.session_days)
        except IntegrityError:
            # Two first sign-ins at once: the other made the account; the second try finds it.
            if attempt:
                raise
    raise AssertionError("unreachable")


def _grant_admin(session: AsyncSession, settings: Settings, user: User, identity: Identity) -> None:
    """A member of POLL_OIDC_ADMIN_GROUP becomes an administrator (never the reverse: an
    administrator made on /admin or by the CLI stays one whatever the provider's groups say)."""
    group = settings.oidc_admin_group
    if group and group in identity.groups and user.role != "admin":
        user.role = "admin"
        target = f"{user.email} to admin (group {group})"
        audit.record_instance(session, None, "admin.user_role", target, by="single sign-on")


async def _account(session: AsyncSession, identity: Identity) -> User:
    assert identity.email is not None
    linked = (
        await session.scalars(
            select(User)
            .join(AccountIdentity, col(AccountIdentity.user_id) == col(User.id))
            .where(
                col(AccountIdentity.issuer) == identity.issuer,
                col(AccountIdentity.subject) == identity.subject,
            )
        )
    ).first()
    if linked is not None:
        return linked
    email = normalise_email(identity.email)
    user = (await session.scalars(select(User).where(func.lower(User.email) == email))).first()
    if user is None:
        user = User(email=email, password_hash=None, display_name=identity.name or email.split("@", 1)[0])
        session.add(user)
        await session.flush()
    else:
        await _may_link(session, user, identity)
    session.add(AccountIdentity(issuer=identity.issuer, subject=identity.subject, user_id=user.id))
    await session.flush()
    return user


async def _may_link(session: AsyncSession, user: User, identity: Identity) -> None:
    """A local account with the address becomes this person's: unless someone else at the same
    provider already has it (the address was handed on), and without the sessions it had (whoever
    registered the address before may have been logged in)."""
    taken = await session.scalar(
        select(col(AccountIdentity.id)).where(
            col(AccountIdentity.user_id) == user.id, col(AccountIdentity.issuer) == identity.issuer
        )
    )
    if taken is not None:
        raise SignOnRefused(Refusal.TAKEN)
    await session.execute(delete(OrganiserSession).where(col(OrganiserSession.user_id) == user.id))
