"""What the server holds: each workspace with its members, presentations, answers and images;
and the latest webhook deliveries, with where each stands."""

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from poll_service.admin.paging import Moment, Page, like_pattern, page_bounds
from poll_service.models import (
    MediaAsset,
    Membership,
    Presentation,
    Response,
    Room,
    User,
    WebhookDelivery,
    WebhookEndpoint,
    Workspace,
)

DELIVERY_STATUSES = ("pending", "sending", "delivered", "failed")


class WorkspaceUsage(BaseModel):
    id: str
    name: str
    personal: bool
    created_at: Moment
    members: int
    presentations: int
    responses: int
    media_bytes: int


async def workspaces(session: AsyncSession, query: str, page: int, per_page: int) -> Page[WorkspaceUsage]:
    """Workspaces by name, with what each holds (counted for the page shown only)."""
    where = [func.lower(col(Workspace.name)).like(like_pattern(query), escape="\\")] if query.strip() else []
    total = int(await session.scalar(select(func.count()).select_from(Workspace).where(*where)) or 0)
    page, pages = page_bounds(total, page, per_page)
    decks = select(col(Presentation.id)).where(col(Presentation.workspace_id) == col(Workspace.id))
    members = (
        select(func.count())
        .select_from(Membership)
        .where(col(Membership.workspace_id) == col(Workspace.id))
        .scalar_subquery()
    )
    presentations = (
        select(func.count())
        .select_from(Presentation)
        .where(col(Presentation.workspace_id) == col(Workspace.id))
        .scalar_subquery()
    )
    responses = (
        select(func.count())
        .select_from(Response)
        .join(Room, col(Room.id) == col(Response.room_id))
        .where(col(Room.presentation_id).in_(decks))
        .scalar_subquery()
    )
    media = (
        select(func.coalesce(func.sum(col(MediaAsset.stored_bytes)), 0))
        .where(col(MediaAsset.presentation_id).in_(decks))
        .scalar_subquery()
    )
    rows = await session.execute(
        select(Workspace, members, presentations, responses, media)
        .where(*where)
        .order_by(col(Workspace.name), col(Workspace.id))
        .offset((page - 1) * per_page)
        .limit(per_page)
    )
    items = [
        WorkspaceUsage(
            **w.model_dump(include={"id", "name", "personal", "created_at"}),
            members=int(m),
            presentations=int(p),
            responses=int(r),
            media_bytes=int(b),
        )
        for w, m, p, r, b in rows.all()
    ]
    return Page(items=items, page=page, pages=pages, total=total)


class DeliveryRow(BaseModel):
    id: str
    event: str
    status: str
    attempts: int
    response_code: int | None
    last_error: str | None
    created_at: Moment
    next_attempt_at: Moment
    finished_at: Moment | None
    endpoint_id: str
    url: str
    owner_email: str
    # The workspace whose events it carries (None only for a row older than workspace webhooks).
    workspace_name: str | None = None


async def deliveries(
    session: AsyncSession, status: str | None, page: int, per_page: int
) -> Page[DeliveryRow]:
    """Webhook deliveries, newest first; `status` keeps one kind (failed ones, say)."""
    where = [col(WebhookDelivery.status) == status] if status else []
    total = int(await session.scalar(select(func.count()).select_from(WebhookDelivery).where(*where)) or 0)
    page, pages = page_bounds(total, page, per_page)
    rows = await session.execute(
        select(WebhookDelivery, col(WebhookEndpoint.url), col(User.email), col(Workspace.name))
        .join(WebhookEndpoint, col(WebhookEndpoint.id) == col(WebhookDelivery.endpoint_id))
        .join(User, col(User.id) == col(WebhookEndpoint.owner_id))
        .outerjoin(Workspace, col(Workspace.id) == col(WebhookEndpoint.workspace_id))
        .where(*where)
        .order_by(col(WebhookDelivery.created_at).desc(), col(WebhookDelivery.id).desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    )
    fields = set(DeliveryRow.model_fields) - {"url", "owner_email", "workspace_name"}
    items = [
        DeliveryRow(**d.model_dump(include=fields), url=url, owner_email=email, workspace_name=name)
        for d, url, email, name in rows.all()
    ]
    return Page(items=items, page=page, pages=pages, total=total)
