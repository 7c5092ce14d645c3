"""The events a workspace's webhooks can subscribe to and their bodies, queued as delivery rows in the
unit of work that makes the change: they are committed with it (or not at all), and the worker
(`sender.py`) sends them after the commit. A body names rooms and questions and carries totals,
never a participant's name, device or answer beyond what the shared results page shows."""

from collections.abc import Mapping, Sequence
from typing import Any

import orjson
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from poll_service.ids import iso, new_id, utcnow
from poll_service.models import Presentation, Question, Room, WebhookDelivery, WebhookEndpoint

EVENTS: dict[str, str] = {
    "room.started": "a room was opened (its lobby is live)",
    "room.ended": "a room was ended",
    "question.opened": "voting on a question opened",
    "question.closed": "voting on a question closed",
    "results.shared": "a room's results were published at a share link",
    "room.summary": "a room ended: its results as on the shared results page, ready to export",
}
TEST_EVENT = "webhook.test"  # sent by "send test event" whatever the endpoint subscribes to
# A body larger than this (a summary of a huge room) is sent without its data but the room, and
# says so: the receiver fetches the results through the API instead.
MAX_BODY_BYTES = 256 * 1024


async def subscribed(session: AsyncSession, room: Room, event: str) -> list[WebhookEndpoint]:
    """The enabled endpoints of the room's workspace that want this event of its presentation
    (a presentation older than workspaces, without one: its owner's endpoints)."""
    presentation = await session.get(Presentation, room.presentation_id)
    workspace_id = presentation.workspace_id if presentation is not None else None
    whose = (
        col(WebhookEndpoint.workspace_id) == workspace_id
        if workspace_id is not None
        else col(WebhookEndpoint.owner_id) == room.owner_id
    )
    rows = await session.scalars(select(WebhookEndpoint).where(whose, col(WebhookEndpoint.enabled).is_(True)))
    return [e for e in rows if event in e.events and e.presentation_id in (None, room.presentation_id)]


def queue(
    session: AsyncSession, endpoints: Sequence[WebhookEndpoint], event: str, data: Mapping[str, Any]
) -> list[WebhookDelivery]:
    """One delivery per endpoint, each with its own id (its Webhook-Id) and the same event body."""
    now = utcnow()
    deliveries = []
    for endpoint in endpoints:
        delivery_id = new_id()
        envelope = {"id": f"msg_{delivery_id}", "type": event, "timestamp": iso(now)}
        body = orjson.dumps({**envelope, "data": dict(data)})
        if len(body) > MAX_BODY_BYTES:
            body = orjson.dumps({**envelope, "data": {"room": data.get("room"), "too_large": True}})
        delivery = WebhookDelivery(
            id=delivery_id,
            endpoint_id=endpoint.id,
            event=event,
            body=body.decode(),
            next_attempt_at=now,
            created_at=now,
        )
        session.add(delivery)
        deliveries.append(delivery)
    return deliveries


async def record(session: AsyncSession, room: Room, event: str, data: Mapping[str, Any]) -> bool:
    """Queue `event` about `room` for every endpoint that wants it; whether any does."""
    endpoints = await subscribed(session, room, event)
    queue(session, endpoints, event, {"room": room_fields(room), **data})
    return bool(endpoints)


def room_fields(room: Room) -> dict[str, Any]:
    return {
        "id": room.id,
        "presentation_id": room.presentation_id,
        "name": room.name,
        "join_code": room.join_code,
        "status": room.status,
        "created_at": iso(room.created_at),
        "ended_at": iso(room.ended_at) if room.ended_at is not None else None,
    }


def question_fields(question: Question) -> dict[str, Any]:
    return {
        "id": question.id,
        "position": question.position,
        "type": question.type,
        "prompt": question.prompt,
    }
