"""Storing an organiser's images, within their quota, and finding them again: for serving, for
the dashboard's list, and to check that a question only places its own presentation's images."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from poll_service.errors import Conflict, NotFound, PayloadTooLarge
from poll_service.ids import iso, new_id
from poll_service.media.processing import Encoded
from poll_service.models import MediaAsset, Presentation, Question, User
from poll_service.question_types.base import placed_media_ids
from poll_service.workspaces import access
from poll_service.workspaces.access import EDIT, Need

# The columns that describe an image, without its bytes (a list never loads the pictures).
_DESCRIBED = (
    col(MediaAsset.id),
    col(MediaAsset.content_type),
    col(MediaAsset.width),
    col(MediaAsset.height),
    col(MediaAsset.phone_width),
    col(MediaAsset.phone_height),
    col(MediaAsset.stored_bytes),
    col(MediaAsset.created_at),
)


@dataclass(frozen=True)
class Served:
    content_type: str
    etag: str
    data: bytes


async def presentation_of(session: AsyncSession, user: User, presentation_id: str, need: Need) -> str:
    """The id of a presentation the user's role allows `need` on (workspaces/access.py); another
    workspace's is the same 404 as none."""
    presentation = await session.get(Presentation, presentation_id[:64])
    found = await access.require_presentation(session, user, presentation, need, "presentation not found")
    return found.id


async def used_bytes(session: AsyncSession, owner_id: str) -> int:
    total = await session.scalar(
        select(func.coalesce(func.sum(col(MediaAsset.stored_bytes)), 0)).where(
            col(MediaAsset.owner_id) == owner_id
        )
    )
    return int(total or 0)


async def store(
    session: AsyncSession, owner: User, presentation_id: str, encoded: Encoded, quota_bytes: int
) -> dict[str, Any]:
    """A new image of the presentation, if it fits in what the organiser may still store."""
    # One upload at a time per organiser counts against the quota (PostgreSQL locks the row).
    await session.execute(select(col(User.id)).where(col(User.id) == owner.id).with_for_update())
    size = len(encoded.screen.data) + len(encoded.phone.data)
    used = await used_bytes(session, owner.id)
    if used + size > quota_bytes:
        raise PayloadTooLarge(
            f"image storage quota exceeded: {used} of {quota_bytes} bytes used, this image needs {size}"
        )
    asset = MediaAsset(
        presentation_id=presentation_id,
        owner_id=owner.id,
        content_type=encoded.screen.content_type,
        width=encoded.screen.width,
        height=encoded.screen.height,
        data=encoded.screen.data,
        etag=encoded.screen.etag,
        phone_content_type=encoded.phone.content_type,
        phone_width=encoded.phone.width,
        phone_height=encoded.phone.height,
        phone_data=encoded.phone.data,
        phone_etag=encoded.phone.etag,
        stored_bytes=size,
    )
    session.add(asset)
    await session.flush()
    return {**described(asset), "used_bytes": used + size, "quota_bytes": quota_bytes}


def described(asset: Any) -> dict[str, Any]:
    """An image as the API lists it: where its two variants are served, never its bytes."""
    return {
        "id": asset.id,
        "content_type": asset.content_type,
        "width": asset.width,
        "height": asset.height,
        "phone_width": asset.phone_width,
        "phone_height": asset.phone_height,
        "bytes": asset.stored_bytes,
        "url": f"/media/{asset.id}",
        "phone_url": f"/media/{asset.id}/phone",
        "created_at": iso(asset.created_at),
    }


async def listed(session: AsyncSession, presentation_id: str) -> list[dict[str, Any]]:
    rows = await session.execute(
        select(*_DESCRIBED)
        .where(col(MediaAsset.presentation_id) == presentation_id)
        .order_by(col(MediaAsset.created_at), col(MediaAsset.id))
    )
    return [described(row) for row in rows.all()]


async def delete_unused(session: AsyncSession, user: User, media_id: str) -> Presentation:
    """Delete an image no question of its presentation shows (a shown one is a 409); an editor of
    its presentation may. Gives the presentation (its theme may show the image: the caller lets
    the theme forget it)."""
    presentation_id = await session.scalar(
        select(col(MediaAsset.presentation_id)).where(col(MediaAsset.id) == media_id[:64])
    )
    presentation = None if presentation_id is None else await session.get(Presentation, presentation_id)
    found = await access.require_presentation(session, user, presentation, EDIT, "image not found")
    questions = await session.scalars(
        select(Question).where(col(Question.presentation_id) == presentation_id)
    )
    for question in questions:
        if media_id in placed_media_ids(question.settings, question.options):
            raise Conflict(
                f"the image is shown on the question {question.prompt[:60]!r}; remove it there first"
            )
    await session.execute(delete(MediaAsset).where(col(MediaAsset.id) == media_id))
    return found


async def served(session: AsyncSession, media_id: str, *, phone: bool) -> Served | None:
    columns = (
        (col(MediaAsset.phone_content_type), col(MediaAsset.phone_etag), col(MediaAsset.phone_data))
        if phone
        else (col(MediaAsset.content_type), col(MediaAsset.etag), col(MediaAsset.data))
    )
    row = (await session.execute(select(*columns).where(col(MediaAsset.id) == media_id[:64]))).first()
    return None if row is None else Served(str(row[0]), str(row[1]), bytes(row[2]))


async def not_in_presentation(session: AsyncSession, presentation_id: str, wanted: set[str]) -> set[str]:
    """Those of `wanted` that are not images of the presentation (gone, or someone else's)."""
    if not wanted:
        return set()
    found = await session.scalars(
        select(col(MediaAsset.id)).where(
            col(MediaAsset.id).in_(wanted), col(MediaAsset.presentation_id) == presentation_id
        )
    )
    return wanted - set(found.all())


async def check_placed(session: AsyncSession, presentation_id: str, question: Question) -> None:
    """Every image the question shows is one of its presentation's (anyone else's is a 404)."""
    missing = await not_in_presentation(
        session, presentation_id, placed_media_ids(question.settings, question.options)
    )
    if missing:
        raise NotFound(f"image not found: {sorted(missing)[0]} (upload it to this presentation first)")


async def phone_pictures(
    session: AsyncSession, presentation_id: str, media_ids: set[str]
) -> dict[str, bytes]:
    """The phone-sized bytes of these images of the presentation (the PDF report draws them)."""
    if not media_ids:
        return {}
    rows = await session.execute(
        select(col(MediaAsset.id), col(MediaAsset.phone_data)).where(
            col(MediaAsset.id).in_(media_ids), col(MediaAsset.presentation_id) == presentation_id
        )
    )
    return {str(media_id): bytes(data) for media_id, data in rows.all()}


async def copy_media(session: AsyncSession, source_id: str, target_id: str) -> dict[str, str]:
    """Copies of every image of one presentation in another (a duplicated deck): old id -> new."""
    copies: dict[str, str] = {}
    assets = await session.scalars(select(MediaAsset).where(col(MediaAsset.presentation_id) == source_id))
    for asset in assets:
        copies[asset.id] = new_id()
        session.add(
            MediaAsset(**{**asset.model_dump(), "id": copies[asset.id], "presentation_id": target_id})
        )
    return copies
