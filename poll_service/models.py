"""Every table. Alembic's migrations mirror this module; tests build their database by migrating."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Index, LargeBinary, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from poll_service.ids import new_id, utcnow


def _ts(**kwargs: Any) -> Any:
    return Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), **kwargs))


class User(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    email: str = Field(max_length=254, unique=True)
    # None: an account that signs in through the organisation's provider only.
    password_hash: str | None = Field(default=None, max_length=255)
    display_name: str = Field(max_length=100)
    # "organiser", or "admin": one of the server's administrators (admin/, docs/administration.md).
    role: str = Field(default="organiser", max_length=12, sa_column_kwargs={"server_default": "organiser"})
    # Set: the account may not sign in by any means (an administrator disabled it).
    disabled_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    created_at: datetime = _ts(nullable=False)


class InstanceSetting(SQLModel, table=True):
    """A setting an administrator changed at runtime (the registration policy): it overrides the
    environment's default for every worker and node, which all read it from here."""

    __tablename__ = "instance_setting"
    key: str = Field(primary_key=True, max_length=40)
    value: str = Field(max_length=200)
    updated_at: datetime = _ts(nullable=False)


class AccountIdentity(SQLModel, table=True):
    """An account's identity at an OpenID provider: its subject there, never its e-mail, which the
    provider may hand to someone else later."""

    __tablename__ = "account_identity"
    __table_args__ = (UniqueConstraint("issuer", "subject", name="uq_account_identity_issuer_subject"),)
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    issuer: str = Field(max_length=255)
    subject: str = Field(max_length=255)
    user_id: str = Field(foreign_key="user.id", index=True, max_length=32, ondelete="CASCADE")
    created_at: datetime = _ts(nullable=False)


class OrganiserSession(SQLModel, table=True):
    """A login: the token itself is never stored, only its SHA-256."""

    __tablename__ = "organiser_session"
    token_hash: str = Field(primary_key=True, max_length=64)
    user_id: str = Field(foreign_key="user.id", index=True, max_length=32, ondelete="CASCADE")
    created_at: datetime = _ts(nullable=False)
    expires_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class ApiToken(SQLModel, table=True):
    """A personal API token for scripts: shown once, only its SHA-256 stored; `read` tokens may
    only read. Revoked tokens stay listed (with when) until their owner deletes the account."""

    __tablename__ = "api_token"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    user_id: str = Field(foreign_key="user.id", index=True, max_length=32, ondelete="CASCADE")
    name: str = Field(max_length=100)
    token_hash: str = Field(max_length=64, unique=True)
    prefix: str = Field(max_length=16)  # the token's first characters, to tell tokens apart
    scope: str = Field(max_length=8)  # "read" or "write"
    created_at: datetime = _ts(nullable=False)
    expires_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    last_used_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    revoked_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )


class Workspace(SQLModel, table=True):
    """A team's shelf of presentations. Every account has a personal one (`personal`), made when it
    first needs it; `personal_owner_id` (unique) makes it one per account even when two first
    requests race (workspaces/access.py)."""

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    name: str = Field(max_length=100)
    personal: bool = Field(default=False, sa_column_kwargs={"server_default": text("false")})
    personal_owner_id: str | None = Field(
        default=None, foreign_key="user.id", unique=True, index=True, max_length=32, ondelete="SET NULL"
    )
    created_at: datetime = _ts(nullable=False)


class Membership(SQLModel, table=True):
    """A member of a workspace and their role: owner, editor, facilitator or viewer
    (accounts/access.py says what each may do)."""

    workspace_id: str = Field(primary_key=True, foreign_key="workspace.id", max_length=32, ondelete="CASCADE")
    user_id: str = Field(
        primary_key=True, foreign_key="user.id", index=True, max_length=32, ondelete="CASCADE"
    )
    role: str = Field(max_length=12)
    created_at: datetime = _ts(nullable=False)


class RoomGrant(SQLModel, table=True):
    """A room handed to a facilitator of its workspace: with one or more of these on a
    presentation, that facilitator sees and runs only those rooms of it (workspaces/access.py)."""

    __tablename__ = "room_grant"
    room_id: str = Field(primary_key=True, foreign_key="room.id", max_length=32, ondelete="CASCADE")
    user_id: str = Field(
        primary_key=True, foreign_key="user.id", index=True, max_length=32, ondelete="CASCADE"
    )
    # Kept beside the room: "the rooms of this deck handed to this user" is one indexed read.
    presentation_id: str = Field(foreign_key="presentation.id", max_length=32, ondelete="CASCADE")
    created_at: datetime = _ts(nullable=False)


class Invitation(SQLModel, table=True):
    """An invitation to a workspace: a link holding a secret whose SHA-256 only is stored; used
    once (accepted_at), and dead after expires_at."""

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    workspace_id: str = Field(foreign_key="workspace.id", index=True, max_length=32, ondelete="CASCADE")
    email: str = Field(max_length=254)
    role: str = Field(max_length=12)
    token_hash: str = Field(max_length=64, unique=True)
    invited_by: str | None = Field(default=None, foreign_key="user.id", max_length=32, ondelete="SET NULL")
    created_at: datetime = _ts(nullable=False)
    expires_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    accepted_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    accepted_by: str | None = Field(default=None, foreign_key="user.id", max_length=32, ondelete="SET NULL")


class AuditEntry(SQLModel, table=True):
    """Who did what when in a workspace; written in the unit of work of the change itself. An
    administrator's action on the server (admin/) belongs to no workspace: workspace_id None."""

    __tablename__ = "audit_entry"
    __table_args__ = (
        Index("ix_audit_entry_workspace_created", "workspace_id", "created_at"),
        Index("ix_audit_entry_created_at", "created_at"),  # the retention purge and the admin's log
    )
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    workspace_id: str | None = Field(
        default=None, foreign_key="workspace.id", max_length=32, ondelete="CASCADE"
    )
    # None once the account is deleted; actor_name keeps who it was.
    actor_id: str | None = Field(default=None, foreign_key="user.id", max_length=32, ondelete="SET NULL")
    actor_name: str = Field(max_length=100)
    action: str = Field(max_length=40)
    target: str = Field(default="", max_length=300)
    created_at: datetime = _ts(nullable=False)


class Presentation(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    owner_id: str = Field(foreign_key="user.id", index=True, max_length=32, ondelete="CASCADE")
    # The workspace it belongs to (None only for a row written by older code: its owner's alone).
    workspace_id: str | None = Field(
        default=None, foreign_key="workspace.id", index=True, max_length=32, ondelete="CASCADE"
    )
    title: str = Field(max_length=200)
    language: str = Field(default="en", max_length=5)
    # Defaults for the rooms run from it (pacing, Q&A panel, anonymous mode); see docs/api-extensions.md.
    settings: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False, server_default=text("'{}'"))
    )
    # Its colours and font (themes/schemas.Theme); null: the pages' own look.
    theme: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    created_at: datetime = _ts(nullable=False)


class OrganiserTheme(SQLModel, table=True):
    """The theme an organiser's new presentations start with."""

    __tablename__ = "organiser_theme"
    user_id: str = Field(foreign_key="user.id", primary_key=True, max_length=32, ondelete="CASCADE")
    theme: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    updated_at: datetime = _ts(nullable=False)


class Question(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    presentation_id: str = Field(foreign_key="presentation.id", index=True, max_length=32, ondelete="CASCADE")
    position: int
    type: str = Field(max_length=32)
    prompt: str = Field(max_length=1000)
    options: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON))
    settings: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))


class Room(SQLModel, table=True):
    __table_args__ = (
        # A join code is unique among live rooms only; ended rooms free their code.
        Index(
            "ix_room_live_join_code",
            "join_code",
            unique=True,
            sqlite_where=text("status = 'live'"),
            postgresql_where=text("status = 'live'"),
        ),
    )
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    presentation_id: str = Field(foreign_key="presentation.id", index=True, max_length=32, ondelete="CASCADE")
    owner_id: str = Field(foreign_key="user.id", index=True, max_length=32, ondelete="CASCADE")
    name: str = Field(max_length=200)
    join_code: str = Field(max_length=8)
    status: str = Field(default="live", max_length=8)
    locked: bool = False
    current_question_id: str | None = Field(default=None, max_length=32)
    voting_open: bool = False
    results_visible: bool = True
    # Room-level options (pacing, Q&A panel, anonymous mode), copied from the presentation at start.
    settings: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False, server_default=text("'{}'"))
    )
    # When voting on the current question opened (quiz speed bonus) and when a countdown closes it.
    voting_opened_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    countdown_ends_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    created_at: datetime = _ts(nullable=False)
    ended_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))


class Participant(SQLModel, table=True):
    __table_args__ = (Index("ix_participant_room_source", "room_id", "join_source"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    room_id: str = Field(foreign_key="room.id", index=True, max_length=32, ondelete="CASCADE")
    nickname: str | None = Field(default=None, max_length=40)
    # A participant the presenter removed: their responses are gone and they cannot answer again.
    removed: bool = Field(default=False, sa_column_kwargs={"server_default": text("false")})
    # A keyed hash of the address it joined from (privacy/bursts.py), never the address itself.
    join_source: str | None = Field(default=None, max_length=16)
    created_at: datetime = _ts(nullable=False)


class Response(SQLModel, table=True):
    __table_args__ = (
        # One response per participant per question (slot > 0 is for types that take several).
        UniqueConstraint("participant_id", "question_id", "slot", name="uq_response_once"),
        Index("ix_response_room_question", "room_id", "question_id"),
    )
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    room_id: str = Field(foreign_key="room.id", max_length=32, ondelete="CASCADE")
    question_id: str = Field(foreign_key="question.id", max_length=32, ondelete="CASCADE")
    # None once an anonymous room has dropped the link between participants and their answers.
    # Lookups by participant use uq_response_once, which leads with this column.
    participant_id: str | None = Field(
        default=None, foreign_key="participant.id", max_length=32, ondelete="CASCADE"
    )
    slot: int = 0
    answer: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    # Moderation: "visible", "pending" (approve-first queue) or "hidden".
    status: str = Field(default="visible", max_length=8, sa_column_kwargs={"server_default": "visible"})
    # Quiz points earned (correctness + speed bonus); None for other types.
    score: int | None = None
    created_at: datetime = _ts(nullable=False)


class IdempotencyKey(SQLModel, table=True):
    """The first answer to a keyed submission, so a retry returns it and stores nothing new."""

    __tablename__ = "idempotency_key"
    participant_id: str = Field(
        primary_key=True, foreign_key="participant.id", max_length=32, ondelete="CASCADE"
    )
    key: str = Field(primary_key=True, max_length=128)
    response_id: str = Field(max_length=32)
    question_id: str = Field(max_length=32)
    created_at: datetime = _ts(nullable=False)


class ResultsShare(SQLModel, table=True):
    """A room's results published at a read-only URL: only the SHA-256 of the URL's token is stored,
    one share per room (publishing again replaces it; revoking deletes it)."""

    __tablename__ = "results_share"
    token_hash: str = Field(primary_key=True, max_length=64)
    room_id: str = Field(foreign_key="room.id", unique=True, index=True, max_length=32, ondelete="CASCADE")
    created_at: datetime = _ts(nullable=False)


class QnaQuestion(SQLModel, table=True):
    """An audience question in a room's Q&A panel."""

    __tablename__ = "qna_question"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    room_id: str = Field(foreign_key="room.id", index=True, max_length=32, ondelete="CASCADE")
    participant_id: str | None = Field(
        default=None, foreign_key="participant.id", index=True, max_length=32, ondelete="SET NULL"
    )
    author_name: str | None = Field(default=None, max_length=40)
    text: str = Field(max_length=2000)
    # "visible", "pending" (approve-first queue) or "hidden".
    status: str = Field(default="visible", max_length=8)
    answered: bool = False
    upvotes: int = 0
    created_at: datetime = _ts(nullable=False)


class QnaUpvote(SQLModel, table=True):
    """One upvote per participant per audience question (the primary key makes that so)."""

    __tablename__ = "qna_upvote"
    qna_question_id: str = Field(
        primary_key=True, foreign_key="qna_question.id", max_length=32, ondelete="CASCADE"
    )
    participant_id: str = Field(
        primary_key=True, foreign_key="participant.id", max_length=32, ondelete="CASCADE"
    )
    created_at: datetime = _ts(nullable=False)


class HiddenEntry(SQLModel, table=True):
    """A free-text entry (a word-cloud word, by its folded key) the presenter hid in one room."""

    __tablename__ = "hidden_entry"
    room_id: str = Field(primary_key=True, foreign_key="room.id", max_length=32, ondelete="CASCADE")
    question_id: str = Field(primary_key=True, foreign_key="question.id", max_length=32, ondelete="CASCADE")
    key: str = Field(primary_key=True, max_length=200)
    created_at: datetime = _ts(nullable=False)


class MediaAsset(SQLModel, table=True):
    """An image an organiser uploaded for a presentation, re-encoded (never the uploaded bytes):
    the picture for screens and a small one for phones, in the database so every worker and node
    serves the same bytes. Deleting the presentation deletes it (media/)."""

    __tablename__ = "media_asset"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    presentation_id: str = Field(foreign_key="presentation.id", index=True, max_length=32, ondelete="CASCADE")
    owner_id: str = Field(foreign_key="user.id", index=True, max_length=32, ondelete="CASCADE")
    content_type: str = Field(max_length=32)
    width: int
    height: int
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    etag: str = Field(max_length=64)  # SHA-256 of data, hex
    phone_content_type: str = Field(max_length=32)
    phone_width: int
    phone_height: int
    phone_data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    phone_etag: str = Field(max_length=64)
    # Both variants' bytes: what counts toward the organiser's quota.
    stored_bytes: int
    created_at: datetime = _ts(nullable=False)


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
