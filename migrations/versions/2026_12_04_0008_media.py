"""media_asset: images uploaded for a presentation, re-encoded, stored in the database.

Revision ID: 0008_media
Revises: 0007_api_token
Create Date: 2026-12-04 11:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_media"
down_revision: str | None = "0007_api_token"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "media_asset",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("presentation_id", sa.String(length=32), nullable=False),
        sa.Column("owner_id", sa.String(length=32), nullable=False),
        sa.Column("content_type", sa.String(length=32), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("etag", sa.String(length=64), nullable=False),
        sa.Column("phone_content_type", sa.String(length=32), nullable=False),
        sa.Column("phone_width", sa.Integer(), nullable=False),
        sa.Column("phone_height", sa.Integer(), nullable=False),
        sa.Column("phone_data", sa.LargeBinary(), nullable=False),
        sa.Column("phone_etag", sa.String(length=64), nullable=False),
        sa.Column("stored_bytes", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["presentation_id"], ["presentation.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["owner_id"], ["user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_media_asset_presentation_id", "media_asset", ["presentation_id"], unique=False)
    op.create_index("ix_media_asset_owner_id", "media_asset", ["owner_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_media_asset_owner_id", table_name="media_asset")
    op.drop_index("ix_media_asset_presentation_id", table_name="media_asset")
    op.drop_table("media_asset")
