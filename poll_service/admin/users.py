"""Accounts as an administrator sees them. Every change is recorded in the instance's audit log in
the same transaction; none may leave the server without an administrator who can sign in."""

from typing import Any

from pydantic import BaseModel, computed_field
from sqlalchemy import Select, delete, exists, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from poll_service.accounts.service import ROLES, end_every_session, normalise_email
from poll_service.admin.paging import Moment, Page, like_pattern, page_bounds
from poll_service.errors import Conflict, InvalidInput, NotFound
from poll_service.ids import utcnow
from poll_service.models import (
    AccountIdentity,
    MediaAsset,
    Membership,
    Presentation,
    Room,
    User,
    WebhookEndpoint,
    Workspace,
)
from poll_service.unit_of_work import UnitOfWork
from poll_service.workspaces import audit

LAST_ADMIN = "this is the last administrator who can sign in: make another account an administrator first"


class UserRow(BaseModel):
    id: str
    email: str
    display_name: str
    role: str
    disabled_at: Moment | None
    created_at: Moment
    single_sign_on: bool
    presentations: int

    @computed_field  # type: ignore[prop-decorator]
    @property
    def disabled(self) -> bool:
        return self.disabled_at is not None


async def list_users(session: AsyncSession, query: str, page: int, per_page: int) -> Page[UserRow]:
    """Accounts by e-mail address; `query` matches part of the address or the name."""
    where: list[Any] = []
    if query.strip():
        pattern = like_pattern(query)
        where.append(
            or_(
                func.lower(col(User.email)).like(pattern, escape="\\"),
                func.lower(col(User.display_name)).like(pattern, escape="\\"),
            )
        )
    total = int(await session.scalar(select(func.count()).select_from(User).where(*where)) or 0)
    page, pages = page_bounds(total, page, per_page)
    items = await _rows(session, where, (page - 1) * per_page, per_page)
    return Page(items=items, page=page, pages=pages, total=total)


async def row_of(session: AsyncSession, user_id: str) -> UserRow:
    rows = await _rows(session, [col(User.id) == user_id[:64]], 0, 1)
    if not rows:
        raise NotFound("no such account")
    return rows[0]


async def _rows(session: AsyncSession, where: list[Any], offset: int, limit: int) -> list[UserRow]:
    owned = (
        select(func.count())
        .select_from(Presentation)
        .where(col(Presentation.owner_id) == col(User.id))
        .scalar_subquery()
    )
    sso = exists().where(col(AccountIdentity.user_id) == col(User.id))
    rows = await session.execute(
        select(User, owned, sso).where(*where).order_by(col(User.email)).offset(offset).limit(limit)
    )
    return [
        UserRow(
            **u.model_dump(include={"id", "email", "display_name", "role", "disabled_at", "created_at"}),
            single_sign_on=bool(s),
            presentations=int(n),
        )
        for u, n, s in rows.all()
    ]


async def account(session: AsyncSession, user_id: str) -> User:
    user = await session.get(User, user_id[:64])
    if user is None:
        raise NotFound("no such account")
    return user


async def account_by_email(session: AsyncSession, email: str) -> User:
    user = (
        await session.scalars(select(User).where(func.lower(User.email) == normalise_email(email)))
    ).first()
    if user is None:
        raise NotFound(f"no account with the address {email}")
    return user


def _active_admin(user: User) -> bool:
    return user.role == "admin" and user.disabled_at is None


async def _keep_an_admin(session: AsyncSession, user: User) -> None:
    """Refuse (409) a change that takes away the last administrator who can sign in."""
    if not _active_admin(user):
        return
    others = await session.scalar(
        select(func.count())
        .select_from(User)
        .where(col(User.role) == "admin", col(User.disabled_at).is_(None), col(User.id) != user.id)
    )
    if not others:
        raise Conflict(LAST_ADMIN)


async def set_disabled(session: AsyncSession, actor: User | None, user: User, disabled: bool) -> User:
    """Disable (signed out everywhere; no password, single sign-on or API token works) or enable."""
    if disabled == (user.disabled_at is not None):
        return user
    if disabled:
        await _keep_an_admin(session, user)
        user.disabled_at = utcnow()
        await end_every_session(session, user.id)
    else:
        user.disabled_at = None
    action = "admin.user_disable" if disabled else "admin.user_enable"
    audit.record_instance(session, actor, action, user.email)
    return user


async def set_role(session: AsyncSession, actor: User | None, user: User, role: str) -> User:
    if role not in ROLES:
        raise InvalidInput(f"role must be one of {', '.join(ROLES)}")
    if role == user.role:
        return user
    if role != "admin":
        await _keep_an_admin(session, user)
    previous, user.role = user.role, role
    audit.record_instance(session, actor, "admin.user_role", f"{user.email}: {previous} to {role}")
    return user


async def _live_rooms(session: AsyncSession, presentations: Select[Any]) -> list[str]:
    rows = await session.scalars(
        select(col(Room.id)).where(col(Room.presentation_id).in_(presentations), col(Room.status) == "live")
    )
    return list(rows.all())


async def delete_account(work: UnitOfWork, actor: User | None, user: User) -> None:
    """Delete the account with its data: its personal workspace and every workspace it alone is
    in, with their presentations, rooms, answers and images; its tokens, sessions and webhooks.
    A team workspace it shares keeps its decks: they pass to another owner there, and if the
    account is that workspace's only owner the deletion is refused (409) until it has another."""
    session = work.session
    await _keep_an_admin(session, user)
    memberships = (
        await session.execute(
            select(Membership, Workspace)
            .join(Workspace, col(Workspace.id) == col(Membership.workspace_id))
            .where(col(Membership.user_id) == user.id)
        )
    ).all()
    gone: list[str] = []
    for membership, workspace in memberships:
        others = (
            await session.execute(
                select(col(Membership.user_id), col(Membership.role)).where(
                    col(Membership.workspace_id) == workspace.id, col(Membership.user_id) != user.id
                )
            )
        ).all()
        if workspace.personal or not others:
            gone.append(workspace.id)
            continue
        heirs = [uid for uid, role in others if role == "owner"]
        if not heirs:
            if membership.role == "owner":
                raise Conflict(
                    f"{user.email} is the only owner of the workspace {workspace.name!r}, which has other "
                    "members: make one of them an owner first"
                )
            heirs = [others[0][0]]  # an editor's decks pass to a member; the owners may move them
        await _hand_over(session, user.id, workspace.id, heirs[0])
    in_gone = select(col(Presentation.id)).where(
        or_(col(Presentation.workspace_id).in_(gone), col(Presentation.owner_id) == user.id)
    )
    for room_id in await _live_rooms(session, in_gone):
        work.publish(room_id, "deleted")
    audit.record_instance(session, actor, "admin.user_delete", f"{user.email} ({user.id})")
    if gone:
        await session.execute(delete(Workspace).where(col(Workspace.id).in_(gone)))
    # The rest goes with the account: every table that names it cascades (models/).
    await session.execute(delete(User).where(col(User.id) == user.id))


async def _hand_over(session: AsyncSession, user_id: str, workspace_id: str, heir: str) -> None:
    """A team workspace's decks, their rooms and images, and the webhooks, made by a leaving
    account: the heir's (a workspace's webhook outlives whoever registered it)."""
    decks = select(col(Presentation.id)).where(col(Presentation.workspace_id) == workspace_id)
    await session.execute(
        update(Room)
        .where(col(Room.owner_id) == user_id, col(Room.presentation_id).in_(decks))
        .values(owner_id=heir)
    )
    await session.execute(
        update(MediaAsset)
        .where(col(MediaAsset.owner_id) == user_id, col(MediaAsset.presentation_id).in_(decks))
        .values(owner_id=heir)
    )
    await session.execute(
        update(Presentation)
        .where(col(Presentation.owner_id) == user_id, col(Presentation.workspace_id) == workspace_id)
        .values(owner_id=heir)
    )
    await session.execute(
        update(WebhookEndpoint)
        .where(col(WebhookEndpoint.owner_id) == user_id, col(WebhookEndpoint.workspace_id) == workspace_id)
        .values(owner_id=heir)
    )
