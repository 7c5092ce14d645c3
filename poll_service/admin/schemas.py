"""The administration API's bodies and answers (routes/admin.py)."""

from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from poll_service.admin.audit_log import AuditRow
from poll_service.admin.usage import DeliveryRow, WorkspaceUsage
from poll_service.admin.users import UserRow
from poll_service.errors import InvalidInput
from poll_service.ids import iso

Role = Literal["organiser", "admin"]


class UserChange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    disabled: bool | None = None
    role: Role | None = None


class RegistrationPolicy(BaseModel):
    model_config = ConfigDict(extra="forbid")
    policy: Literal["open", "invitation", "closed"]


class RegistrationPublic(RegistrationPolicy):
    # What the environment sets (POLL_REGISTRATION / POLL_ALLOW_REGISTRATION) before any change.
    default: Literal["open", "invitation", "closed"]


class AdminUser(BaseModel):
    id: str
    email: str
    display_name: str
    role: str
    disabled: bool
    disabled_at: str | None
    created_at: str
    single_sign_on: bool
    presentations: int

    @classmethod
    def of(cls, row: UserRow) -> "AdminUser":
        return cls(
            id=row.id,
            email=row.email,
            display_name=row.display_name,
            role=row.role,
            disabled=row.disabled_at is not None,
            disabled_at=iso(row.disabled_at) if row.disabled_at else None,
            created_at=iso(row.created_at),
            single_sign_on=row.single_sign_on,
            presentations=row.presentations,
        )


class Paged(BaseModel):
    page: int
    pages: int
    total: int


class UserPage(Paged):
    users: list[AdminUser]


class AdminWorkspace(BaseModel):
    id: str
    name: str
    personal: bool
    created_at: str
    members: int
    presentations: int
    responses: int
    media_bytes: int

    @classmethod
    def of(cls, row: WorkspaceUsage) -> "AdminWorkspace":
        return cls(**{**row.__dict__, "created_at": iso(row.created_at)})


class WorkspacePage(Paged):
    workspaces: list[AdminWorkspace]


class AuditPublic(BaseModel):
    id: str
    created_at: str
    workspace_id: str | None
    workspace_name: str | None
    actor_id: str | None
    actor_name: str
    action: str
    target: str

    @classmethod
    def of(cls, row: AuditRow) -> "AuditPublic":
        return cls(**{**row.__dict__, "created_at": iso(row.created_at)})


class AuditPage(Paged):
    entries: list[AuditPublic]


class AdminDelivery(BaseModel):
    id: str
    event: str
    status: str
    attempts: int
    response_code: int | None
    last_error: str | None
    created_at: str
    next_attempt_at: str
    finished_at: str | None
    endpoint_id: str
    url: str
    owner_email: str

    @classmethod
    def of(cls, row: DeliveryRow) -> "AdminDelivery":
        return cls(
            **{
                **row.__dict__,
                "created_at": iso(row.created_at),
                "next_attempt_at": iso(row.next_attempt_at),
                "finished_at": iso(row.finished_at) if row.finished_at else None,
            }
        )


class DeliveryPage(Paged):
    deliveries: list[AdminDelivery]


def parse_moment(value: str | None, name: str) -> datetime | None:
    """A filter's date (2026-12-04) or moment (ISO 8601); naive ones are UTC."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value[:40].replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(f"{name} must be a date (2026-12-04) or an ISO 8601 moment") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
