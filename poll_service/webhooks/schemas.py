"""What the webhook routes take and give."""

from pydantic import BaseModel, ConfigDict, Field

from poll_service.ids import iso
from poll_service.models import WebhookDelivery, WebhookEndpoint
from poll_service.webhooks.addresses import MAX_URL


class WebhookCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: str = Field(min_length=8, max_length=MAX_URL, description="where events are POSTed (https://...)")
    events: list[str] = Field(
        min_length=1, max_length=20, description="the events to send (docs/webhooks.md)"
    )
    description: str = Field(default="", max_length=100)
    presentation_id: str | None = Field(
        default=None, max_length=32, description="only this presentation's events; none: all of yours"
    )


class WebhookChange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: str | None = Field(default=None, min_length=8, max_length=MAX_URL)
    events: list[str] | None = Field(default=None, min_length=1, max_length=20)
    description: str | None = Field(default=None, max_length=100)
    enabled: bool | None = None


class WebhookPublic(BaseModel):
    id: str
    url: str
    description: str
    events: list[str]
    presentation_id: str | None
    enabled: bool
    disabled_reason: str | None
    consecutive_failures: int
    created_at: str

    @classmethod
    def of(cls, endpoint: WebhookEndpoint) -> "WebhookPublic":
        return cls(
            id=endpoint.id,
            url=endpoint.url,
            description=endpoint.description,
            events=list(endpoint.events),
            presentation_id=endpoint.presentation_id,
            enabled=endpoint.enabled,
            disabled_reason=endpoint.disabled_reason,
            consecutive_failures=endpoint.consecutive_failures,
            created_at=iso(endpoint.created_at),
        )


class WebhookCreated(WebhookPublic):
    secret: str = Field(description="the signing secret (whsec_...): shown this once, never again")


class DeliveryPublic(BaseModel):
    id: str = Field(description="the Webhook-Id header is msg_ and this id")
    event: str
    status: str = Field(description="pending, sending, delivered or failed")
    attempts: int
    response_code: int | None
    last_error: str | None
    created_at: str
    next_attempt_at: str | None = Field(description="when a pending delivery is tried next")
    finished_at: str | None

    @classmethod
    def of(cls, delivery: WebhookDelivery) -> "DeliveryPublic":
        return cls(
            id=delivery.id,
            event=delivery.event,
            status=delivery.status,
            attempts=delivery.attempts,
            response_code=delivery.response_code,
            last_error=delivery.last_error,
            created_at=iso(delivery.created_at),
            next_attempt_at=iso(delivery.next_attempt_at) if delivery.status == "pending" else None,
            finished_at=iso(delivery.finished_at) if delivery.finished_at else None,
        )
