"""A workspace's webhook endpoints: register one (its secret shown once), list, change, remove,
queue a test event, and read an endpoint's delivery log. The caller's role (owner) has been checked
by workspaces/access.py before these run; the older /api/webhooks routes act on the caller's
personal workspace."""

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from poll_service.errors import Conflict, InvalidInput, NotFound
from poll_service.models import Presentation, User, WebhookDelivery, WebhookEndpoint
from poll_service.webhooks.addresses import check_destination
from poll_service.webhooks.outbox import EVENTS, TEST_EVENT, queue
from poll_service.webhooks.signing import new_secret

MAX_ENDPOINTS = 10  # per workspace
LOG_LENGTH = 50  # deliveries shown per endpoint, newest first


def _check_events(events: Sequence[str]) -> list[str]:
    unknown = sorted(set(events) - EVENTS.keys())
    if unknown:
        raise InvalidInput(f"unknown events: {', '.join(unknown)}; known: {', '.join(EVENTS)}")
    if not events:
        raise InvalidInput("choose at least one event")
    return sorted(set(events))


async def create(
    session: AsyncSession,
    user: User,
    workspace_id: str,
    *,
    url: str,
    events: Sequence[str],
    description: str,
    presentation_id: str | None,
    allow_private: bool,
) -> tuple[WebhookEndpoint, str]:
    chosen = _check_events(events)
    await check_destination(url, allow_private)
    count = await session.scalar(
        select(func.count())
        .select_from(WebhookEndpoint)
        .where(col(WebhookEndpoint.workspace_id) == workspace_id)
    )
    if (count or 0) >= MAX_ENDPOINTS:
        raise Conflict(f"this workspace has {MAX_ENDPOINTS} webhooks already; remove one first")
    if presentation_id is not None:
        presentation = await session.get(Presentation, presentation_id[:32])
        if presentation is None or presentation.workspace_id != workspace_id:
            raise NotFound("presentation not found")
    secret = new_secret()
    endpoint = WebhookEndpoint(
        owner_id=user.id,
        workspace_id=workspace_id,
        presentation_id=presentation_id,
        url=url,
        description=description,
        events=chosen,
        secret=secret,
    )
    session.add(endpoint)
    return endpoint, secret


async def listed(session: AsyncSession, workspace_id: str) -> list[WebhookEndpoint]:
    rows = await session.scalars(
        select(WebhookEndpoint)
        .where(col(WebhookEndpoint.workspace_id) == workspace_id)
        .order_by(col(WebhookEndpoint.created_at))
    )
    return list(rows)


async def owned(session: AsyncSession, workspace_id: str, endpoint_id: str) -> WebhookEndpoint:
    """The workspace's endpoint; another workspace's answers as a missing one."""
    endpoint = await session.get(WebhookEndpoint, endpoint_id[:32])
    if endpoint is None or endpoint.workspace_id != workspace_id:
        raise NotFound("no such webhook")
    return endpoint


async def change(
    session: AsyncSession,
    endpoint: WebhookEndpoint,
    *,
    url: str | None,
    events: Sequence[str] | None,
    description: str | None,
    enabled: bool | None,
    allow_private: bool,
) -> WebhookEndpoint:
    if url is not None:
        await check_destination(url, allow_private)
        endpoint.url = url
    if events is not None:
        endpoint.events = _check_events(events)
    if description is not None:
        endpoint.description = description
    if enabled is not None:
        endpoint.enabled = enabled
        if enabled:  # switched back on: a clean slate
            endpoint.disabled_reason = None
            endpoint.consecutive_failures = 0
        else:
            endpoint.disabled_reason = "disabled by an owner of its workspace"
    return endpoint


def queue_test(session: AsyncSession, endpoint: WebhookEndpoint) -> WebhookDelivery:
    if not endpoint.enabled:
        raise Conflict("the webhook is disabled; enable it first")
    [delivery] = queue(
        session,
        [endpoint],
        TEST_EVENT,
        {"webhook_id": endpoint.id, "message": "a test event from poll-service"},
    )
    return delivery


async def deliveries(session: AsyncSession, endpoint: WebhookEndpoint) -> list[WebhookDelivery]:
    rows = await session.scalars(
        select(WebhookDelivery)
        .where(col(WebhookDelivery.endpoint_id) == endpoint.id)
        .order_by(col(WebhookDelivery.created_at).desc(), col(WebhookDelivery.id))
        .limit(LOG_LENGTH)
    )
    return list(rows)
