"""Webhook endpoints of a workspace (its owners): register (the secret shown once), list, change,
remove, send a test event, read the delivery log. The same routes answer twice: under
`/api/workspaces/{workspace_id}/webhooks` for the named workspace, and under `/api/webhooks` for
the caller's personal workspace, as they did when endpoints belonged to an organiser. Changes are
rate limited per organiser."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from poll_service.context import AppContext
from poll_service.deps import ContextDep, CurrentOrganiser
from poll_service.models import User, WebhookEndpoint
from poll_service.unit_of_work import UnitOfWork
from poll_service.webhooks import endpoints as service
from poll_service.webhooks.outbox import EVENTS
from poll_service.webhooks.schemas import (
    DeliveryPublic,
    WebhookChange,
    WebhookCreate,
    WebhookCreated,
    WebhookPublic,
)
from poll_service.workspaces import access

router = APIRouter(tags=["webhooks"])


@router.get("/api/webhooks/events", summary="The events a webhook can subscribe to")
async def webhook_events(user: CurrentOrganiser) -> dict[str, str]:
    return EVENTS


async def personal_workspace(user: CurrentOrganiser, context: ContextDep) -> str:
    """The caller's personal workspace (made if they have none yet): always theirs to own."""
    async with context.unit_of_work() as work:
        return (await access.personal_workspace(work.session, user)).id


async def owned_workspace(workspace_id: str, user: CurrentOrganiser, context: ContextDep) -> str:
    """The named workspace when the caller owns it: a non-member gets 404, a lower role 403
    (secrets and destinations are the owners' alone)."""
    async with context.sessionmaker() as session:
        await access.require_workspace(session, user, workspace_id, access.MANAGE)
    return workspace_id


@asynccontextmanager
async def _changing(
    context: AppContext, user: User, workspace: str, webhook_id: str
) -> AsyncIterator[tuple[UnitOfWork, WebhookEndpoint]]:
    """A change to one of the workspace's webhooks: rate limited, in one unit of work."""
    await context.limits.webhook_changes.hit(user.id)
    async with context.unit_of_work() as work:
        yield work, await service.owned(work.session, workspace, webhook_id)


def _routes(prefix: str, where: Any, whose: str) -> APIRouter:
    """The seven routes of one way of naming the workspace (`where`: a dependency giving its id)."""
    routes = APIRouter()
    Where = Annotated[str, Depends(where)]  # noqa: N806 (a type alias, named as one)

    @routes.get(prefix, summary=f"The webhooks of {whose}, never their secrets")
    async def list_webhooks(workspace: Where, context: ContextDep) -> list[WebhookPublic]:
        async with context.sessionmaker() as session:
            return [WebhookPublic.of(e) for e in await service.listed(session, workspace)]

    @routes.post(prefix, status_code=201, summary=f"Register a webhook of {whose}: its secret is shown once")
    async def create_webhook(
        body: WebhookCreate, workspace: Where, user: CurrentOrganiser, context: ContextDep
    ) -> WebhookCreated:
        await context.limits.webhook_changes.hit(user.id)
        async with context.unit_of_work() as work:
            endpoint, secret = await service.create(
                work.session,
                user,
                workspace,
                url=body.url.strip(),
                events=body.events,
                description=body.description.strip(),
                presentation_id=body.presentation_id,
                allow_private=context.settings.webhooks_allow_private_addresses,
            )
            await work.session.flush()
            return WebhookCreated(**WebhookPublic.of(endpoint).model_dump(), secret=secret)

    @routes.get(prefix + "/{webhook_id}", summary=f"One webhook of {whose}")
    async def get_webhook(webhook_id: str, workspace: Where, context: ContextDep) -> WebhookPublic:
        async with context.sessionmaker() as session:
            return WebhookPublic.of(await service.owned(session, workspace, webhook_id))

    @routes.patch(prefix + "/{webhook_id}", summary="Change a webhook; enabling it clears its failures")
    async def change_webhook(
        webhook_id: str, body: WebhookChange, workspace: Where, user: CurrentOrganiser, context: ContextDep
    ) -> WebhookPublic:
        async with _changing(context, user, workspace, webhook_id) as (work, endpoint):
            await service.change(
                work.session,
                endpoint,
                url=body.url.strip() if body.url is not None else None,
                events=body.events,
                description=body.description.strip() if body.description is not None else None,
                enabled=body.enabled,
                allow_private=context.settings.webhooks_allow_private_addresses,
            )
            return WebhookPublic.of(endpoint)

    @routes.delete(prefix + "/{webhook_id}", status_code=204, summary="Remove a webhook and its log")
    async def delete_webhook(
        webhook_id: str, workspace: Where, user: CurrentOrganiser, context: ContextDep
    ) -> Response:
        async with _changing(context, user, workspace, webhook_id) as (work, endpoint):
            await work.session.delete(endpoint)
        return Response(status_code=204)

    @routes.post(prefix + "/{webhook_id}/test", status_code=202, summary="Queue a webhook.test event to it")
    async def test_webhook(
        webhook_id: str, workspace: Where, user: CurrentOrganiser, context: ContextDep
    ) -> DeliveryPublic:
        async with _changing(context, user, workspace, webhook_id) as (work, endpoint):
            delivery = service.queue_test(work.session, endpoint)
            work.after_commit(context.webhooks.wake_after_commit)
            await work.session.flush()
            return DeliveryPublic.of(delivery)

    @routes.get(prefix + "/{webhook_id}/deliveries", summary="The webhook's latest deliveries, newest first")
    async def webhook_deliveries(
        webhook_id: str, workspace: Where, context: ContextDep
    ) -> list[DeliveryPublic]:
        async with context.sessionmaker() as session:
            endpoint = await service.owned(session, workspace, webhook_id)
            return [DeliveryPublic.of(d) for d in await service.deliveries(session, endpoint)]

    return routes


router.include_router(_routes("/api/webhooks", personal_workspace, "your personal workspace"))
router.include_router(
    _routes("/api/workspaces/{workspace_id}/webhooks", owned_workspace, "the workspace (owners)")
)
