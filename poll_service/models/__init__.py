"""Every table, by what it holds. Alembic's migrations mirror these modules; tests build their
database by migrating. Importing this package registers every table on SQLModel.metadata."""

from poll_service.models.accounts import AccountIdentity, ApiToken, InstanceSetting, OrganiserSession, User
from poll_service.models.decks import MediaAsset, OrganiserTheme, Presentation, Question
from poll_service.models.live import (
    HiddenEntry,
    IdempotencyKey,
    Participant,
    QnaQuestion,
    QnaUpvote,
    Response,
    ResultsShare,
    Room,
)
from poll_service.models.webhooks import WebhookDelivery, WebhookEndpoint
from poll_service.models.workspaces import AuditEntry, Invitation, Membership, RoomGrant, Workspace

__all__ = [
    "AccountIdentity",
    "ApiToken",
    "AuditEntry",
    "HiddenEntry",
    "IdempotencyKey",
    "InstanceSetting",
    "Invitation",
    "MediaAsset",
    "Membership",
    "OrganiserSession",
    "OrganiserTheme",
    "Participant",
    "Presentation",
    "QnaQuestion",
    "QnaUpvote",
    "Question",
    "Response",
    "ResultsShare",
    "Room",
    "RoomGrant",
    "User",
    "WebhookDelivery",
    "WebhookEndpoint",
    "Workspace",
]
