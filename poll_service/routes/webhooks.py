"""Webhook endpoints of the organiser: register (the secret shown once), list, change, remove,
send a test event, read the delivery log. Changes are rate limited per organiser."""

from fastapi import APIRouter
from fastapi.responses import Response

from poll_service.deps import ContextDep, CurrentOrganiser
from poll_service.webhooks import endpoints as service
from poll_service.webhooks.outbox import EVENTS
from poll_service.webhooks.schemas import (
    DeliveryPublic,
    WebhookChange,
    WebhookCreate,
    WebhookCreated,
    WebhookPublic,
)

router = APIRouter(tags=["webhooks"])


@router.get("/api/webhooks/events", summary="The events a webhook can subscribe to")
async def webhook_events(user: CurrentOrganiser) -> dict[str, str]:
    return EVENTS


@router.get("/api/webhooks", summary="Your webhooks (never their secrets)")
async def list_webhooks(user: CurrentOrganiser, context: ContextDep) -> list[WebhookPublic]:
    async with context.sessionmaker() as session:
        return [WebhookPublic.of(e) for e in await service.listed(session, user)]


@router.post("/api/webhooks", status_code=201, summary="Register a webhook: its secret is shown this once")
async def create_webhook(body: WebhookCreate, user: CurrentOrganiser, context: ContextDep) -> WebhookCreated:
    await context.limits.webhook_changes.hit(user.id)
    async with context.unit_of_work() as work:
        endpoint, secret = await service.create(
            work.session,
            user,
            url=body.url.strip(),
            events=body.events,
            description=body.description.strip(),
            presentation_id=body.presentation_id,
            allow_private=context.settings.webhooks_allow_private_addresses,
        )
        await work.session.flush()
        return WebhookCreated(**WebhookPublic.of(endpoint).model_dump(), secret=secret)


@router.get("/api/webhooks/{webhook_id}", summary="One webhook")
async def get_webhook(webhook_id: str, user: CurrentOrganiser, context: ContextDep) -> WebhookPublic:
    async with context.sessionmaker() as session:
        return WebhookPublic.of(await service.owned(session, user, webhook_id))


@router.patch("/api/webhooks/{webhook_id}", summary="Change a webhook; enabling it clears its failures")
async def change_webhook(
    webhook_id: str, body: WebhookChange, user: CurrentOrganiser, context: ContextDep
) -> WebhookPublic:
    await context.limits.webhook_changes.hit(user.id)
    async with context.unit_of_work() as work:
        endpoint = await service.owned(work.session, user, webhook_id)
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


@router.delete("/api/webhooks/{webhook_id}", status_code=204, summary="Remove a webhook and its log")
async def delete_webhook(webhook_id: str, user: CurrentOrganiser, context: ContextDep) -> Response:
    await context.limits.webhook_changes.hit(user.id)
    async with context.unit_of_work() as work:
        await work.session.delete(await service.owned(work.session, user, webhook_id))
    return Response(status_code=204)


@router.post(
    "/api/webhooks/{webhook_id}/test", status_code=202, summary="Queue a webhook.test event to the webhook"
)
async def test_webhook(webhook_id: str, user: CurrentOrganiser, context: ContextDep) -> DeliveryPublic:
    await context.limits.webhook_changes.hit(user.id)
    async with context.unit_of_work() as work:
        endpoint = await service.owned(work.session, user, webhook_id)
        delivery = service.queue_test(work.session, endpoint)
        work.after_commit(context.webhooks.wake_after_commit)
        await work.session.flush()
        return DeliveryPublic.of(delivery)


@router.get("/api/webhooks/{webhook_id}/deliveries", summary="The webhook's latest deliveries, newest first")
async def webhook_deliveries(
    webhook_id: str, user: CurrentOrganiser, context: ContextDep
) -> list[DeliveryPublic]:
    async with context.sessionmaker() as session:
        endpoint = await service.owned(session, user, webhook_id)
        return [DeliveryPublic.of(d) for d in await service.deliveries(session, endpoint)]
