"""Webhook endpoints of a workspace and their deliveries."""

from datetime import datetime

from sqlalchemy import JSON, Column, DateTime, Index, Text
from sqlmodel import Field, SQLModel

from poll_service.ids import new_id
from poll_service.models.columns import timestamp_field as _ts


class WebhookEndpoint(SQLModel, table=True):
    """Where a workspace's events are POSTed (webhooks/); `owner_id` is who registered it.
    `presentation_id` None: every presentation of the workspace. The secret signs each delivery;
    the receiver holds the same secret, so it is kept as is (shown once, when made)."""

    __tablename__ = "webhook_endpoint"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    owner_id: str = Field(foreign_key="user.id", index=True, max_length=32, ondelete="CASCADE")
    # Set on every row (migration 0014 filled the older ones with their owner's personal workspace).
    workspace_id: str | None = Field(
        default=None, foreign_key="workspace.id", index=True, max_length=32, ondelete="CASCADE"
    )
    presentation_id: str | None = Field(
        default=None, foreign_key="presentation.id", max_length=32, ondelete="CASCADE"
    )
    url: str = Field(max_length=2000)
    description: str = Field(default="", max_length=100)
    events: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    secret: str = Field(max_length=64)
    enabled: bool = True
    disabled_reason: str | None = Field(default=None, max_length=200)
    # Failed attempts in a row, over all its deliveries; at the limit the endpoint is disabled.
    consecutive_failures: int = 0
    created_at: datetime = _ts(nullable=False)


class WebhookDelivery(SQLModel, table=True):
    """One event for one endpoint: the exact body (retries send the same bytes under the same
    Webhook-Id), where it stands and what the receiver last answered."""

    __tablename__ = "webhook_delivery"
    __table_args__ = (Index("ix_webhook_delivery_due", "status", "next_attempt_at"),)
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    endpoint_id: str = Field(foreign_key="webhook_endpoint.id", index=True, max_length=32, ondelete="CASCADE")
    event: str = Field(max_length=40)
    body: str = Field(sa_column=Column(Text, nullable=False))
    # "pending" (due at next_attempt_at), "sending" (claimed until claimed_until), "delivered", "failed".
    status: str = Field(default="pending", max_length=12)
    attempts: int = 0
    next_attempt_at: datetime = _ts(nullable=False)
    claimed_until: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    response_code: int | None = None
    last_error: str | None = Field(default=None, max_length=300)
    created_at: datetime = _ts(nullable=False)
    finished_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
