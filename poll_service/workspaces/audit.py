"""The audit log: who did what when in a workspace. An entry is added to the session of the change
it records, so it is committed with it, or rolled back with it: never one without the other.
An administrator's action on the server itself (admin/) is an entry of no workspace. Entries
older than POLL_AUDIT_RETENTION_DAYS are purged by the privacy sweep and `poll-service purge`."""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from poll_service.ids import utcnow
from poll_service.models import AuditEntry, Membership, User

PAGE_SIZE = 50
MAX_TARGET = 300

# What the log records (the `action` column); docs/workspaces.md lists them.
ACTIONS = (
    "sign_in",
    "invitation.create",
    "invitation.revoke",
    "member.join",
    "member.role",
    "member.remove",
    "presentation.create",
    "presentation.delete",
    "room.start",
    "room.end",
    "room.grant",
    "room.revoke",
    "export",
    "token.create",
    "token.revoke",
    # The server's administrators (admin/), in the instance's log (no workspace).
    "admin.user_create",
    "admin.user_disable",
    "admin.user_enable",
    "admin.user_role",
    "admin.user_delete",
    "admin.registration",
    "admin.audit_export",
)
# Who an entry names when no account acted: the command line on the server.
COMMAND_LINE = "poll-service (command line)"


def record(
    session: AsyncSession, workspace_id: str, actor: User | None, action: str, target: str = ""
) -> None:
    assert action in ACTIONS, action
    session.add(
        AuditEntry(
            workspace_id=workspace_id,
            actor_id=actor.id if actor else None,
            actor_name=(actor.display_name if actor else "")[:100],
            action=action,
            target=target[:MAX_TARGET],
        )
    )


def record_instance(
    session: AsyncSession, actor: User | None, action: str, target: str = "", by: str = COMMAND_LINE
) -> None:
    """An administrator's action on the server: an entry of no workspace. No actor: `by` acted
    (the command line, or the provider's group for single sign-on)."""
    assert action in ACTIONS, action
    session.add(
        AuditEntry(
            workspace_id=None,
            actor_id=actor.id if actor else None,
            actor_name=(actor.display_name if actor else by)[:100],
            action=action,
            target=target[:MAX_TARGET],
        )
    )


async def purge_older_than(sessionmaker: async_sessionmaker[AsyncSession], days: int) -> int:
    """Delete entries older than `days` (the retention setting); how many went."""
    cutoff = utcnow() - timedelta(days=days)
    async with sessionmaker() as session, session.begin():
        result = await session.execute(delete(AuditEntry).where(col(AuditEntry.created_at) < cutoff))
    return int(getattr(result, "rowcount", 0) or 0)


async def record_in_every_workspace(
    session: AsyncSession, actor: User, action: str, target: str = ""
) -> None:
    """For what concerns the account itself (signing in, its API tokens, which act with all its
    roles): one entry in each workspace it belongs to, so each workspace's owners see it."""
    workspace_ids = await session.scalars(
        select(col(Membership.workspace_id)).where(col(Membership.user_id) == actor.id)
    )
    for workspace_id in workspace_ids.all():
        record(session, workspace_id, actor, action, target)


@dataclass(frozen=True)
class AuditPage:
    entries: list[AuditEntry]
    page: int
    pages: int
    total: int


async def page_of(session: AsyncSession, workspace_id: str, page: int) -> AuditPage:
    """One page of a workspace's log, newest first (page 1 is the newest)."""
    total = int(
        await session.scalar(
            select(func.count()).select_from(AuditEntry).where(col(AuditEntry.workspace_id) == workspace_id)
        )
        or 0
    )
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    rows = await session.scalars(
        select(AuditEntry)
        .where(col(AuditEntry.workspace_id) == workspace_id)
        .order_by(col(AuditEntry.created_at).desc(), col(AuditEntry.id).desc())
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    )
    return AuditPage(list(rows.all()), page, pages, total)
