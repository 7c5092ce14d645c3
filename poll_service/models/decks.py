"""What an organiser builds: presentations, their questions and slides, themes and media."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, LargeBinary, text
from sqlmodel import Field, SQLModel

from poll_service.ids import new_id
from poll_service.models.columns import timestamp_field as _ts


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
