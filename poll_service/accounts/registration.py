"""Who may make a local account: the registration policy. The environment gives its default
(POLL_REGISTRATION, or POLL_ALLOW_REGISTRATION); an administrator may change it at runtime on
/admin, and that choice is kept in the database so every worker and node reads the same one.

- open: anyone may register;
- invitation: only an address holding a live workspace invitation, presented with its link's token
  (knowing that someone was invited is not enough to take their account);
- closed: nobody; accounts come from the command line or single sign-on."""

from typing import Literal, cast, get_args

from sqlalchemy.ext.asyncio import AsyncSession

from poll_service.errors import Forbidden, Gone, NotFound
from poll_service.ids import utcnow
from poll_service.models import InstanceSetting
from poll_service.settings import Settings
from poll_service.workspaces import invitations

Policy = Literal["open", "invitation", "closed"]
POLICIES: tuple[str, ...] = get_args(Policy)
KEY = "registration"
CLOSED = "registration is turned off on this server; ask its administrator"
NEEDS_INVITATION = "this server takes new accounts by invitation only: open the invitation link you were sent"


async def policy(session: AsyncSession, settings: Settings) -> Policy:
    stored = await session.get(InstanceSetting, KEY)
    if stored is not None and stored.value in POLICIES:
        return cast(Policy, stored.value)
    return settings.default_registration


async def set_policy(session: AsyncSession, value: Policy) -> None:
    stored = await session.get(InstanceSetting, KEY)
    if stored is None:
        session.add(InstanceSetting(key=KEY, value=value))
    else:
        stored.value = value
        stored.updated_at = utcnow()


async def check_may_register(
    session: AsyncSession, settings: Settings, email: str, invitation: str | None
) -> None:
    """Raises Forbidden unless the policy lets this address make an account now."""
    current = await policy(session, settings)
    if current == "open":
        return
    if current == "closed":
        raise Forbidden(CLOSED)
    try:
        found, _ = await invitations.usable(session, (invitation or "")[:200])
    except (NotFound, Gone):
        raise Forbidden(NEEDS_INVITATION) from None
    if found.email.strip().lower() != email.strip().lower():
        raise Forbidden(NEEDS_INVITATION)


def invitation_in(next_url: str) -> str | None:
    """The invitation token in a page's `next` (/invite/<token>): the log-in page's sign-up form
    leads there, so it may register under an invitation-only policy."""
    prefix = "/invite/"
    if not next_url.startswith(prefix):
        return None
    return next_url[len(prefix) :][:200] or None
