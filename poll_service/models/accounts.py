"""Accounts and how they sign in: users, the instance's own settings, identities from an
OpenID provider, organiser sessions and API tokens."""

from datetime import datetime

from sqlalchemy import Column, DateTime, UniqueConstraint
from sqlmodel import Field, SQLModel

from poll_service.ids import new_id
from poll_service.models.columns import timestamp_field as _ts


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
