"""Inviting someone: the use case the JSON API and the workspace page both call. The invitation
and its audit entry are committed first; only then is the link mailed (off the event loop), so a
slow mail server never holds a database connection and a rolled-back invitation is never sent."""

from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Protocol

from poll_service.models import Invitation, User, Workspace
from poll_service.ratelimit import RateLimiter
from poll_service.settings import Settings
from poll_service.unit_of_work import UnitOfWork
from poll_service.workspaces import access, invitations, mail


class InviteLimits(Protocol):
    @property
    def invitations(self) -> RateLimiter: ...


class InviteContext(Protocol):
    """What inviting reads of the app's context (context.AppContext is one)."""

    @property
    def settings(self) -> Settings: ...

    @property
    def limits(self) -> InviteLimits: ...

    def unit_of_work(self) -> AbstractAsyncContextManager[UnitOfWork]: ...


@dataclass(frozen=True)
class Invited:
    invitation: Invitation
    url: str
    mailed: bool


async def invite(
    context: InviteContext, user: User, workspace_id: str, email: str, role: str, base_url: str
) -> Invited:
    async with context.unit_of_work() as work:
        await access.require_workspace(work.session, user, workspace_id, access.MANAGE)
        await context.limits.invitations.hit(user.id)
        invitation, secret = await invitations.create(
            work.session, user, workspace_id, email, role, context.settings.invitation_days
        )
        workspace = await work.session.get(Workspace, workspace_id)
        assert workspace is not None
    url = invitations.link(base_url, secret)
    mailed = False
    if context.settings.smtp_url is not None:
        letter = _letter(user, workspace, invitation, url)
        mailed = await mail.send(context.settings.smtp_url, context.settings.mail_from, letter)
    return Invited(invitation, url, mailed)


def _letter(user: User, workspace: Workspace, invitation: Invitation, url: str) -> mail.Mail:
    return mail.Mail(
        to=invitation.email,
        subject=f"{user.display_name} invites you to {workspace.name}",
        body=(
            f"{user.display_name} invites you to the workspace “{workspace.name}” as {invitation.role}.\n\n"
            f"Accept the invitation (sign in or make an account first):\n{url}\n\n"
            f"The link works once and expires on {invitation.expires_at:%Y-%m-%d %H:%M} UTC.\n"
        ),
    )
