"""A deck document's images (version 2, docs/reuse.md): embedded on export as the stored screen
picture in base64, and on import decoded and re-encoded by the same Pillow pipeline as an upload
(never the bytes that came in), stored as new images of the importer within their quota, with
every `media_id` of the deck (questions, options, theme) rewritten to the new ids."""

import base64
import binascii
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from poll_service.decks.document import DeckDocument
from poll_service.errors import InvalidInput, PayloadTooLarge, PollError
from poll_service.media.processing import Encoded, reencode
from poll_service.media.service import store
from poll_service.models import MediaAsset, Question, User
from poll_service.question_types.base import placed_media_ids
from poll_service.themes.schemas import Theme


async def embedded(
    session: AsyncSession, presentation_id: str, questions: list[Question], theme: Theme | None
) -> list[tuple[str, str, bytes]]:
    """The images the deck shows (questions, options, theme), each once: (id, type, screen bytes)."""
    wanted: set[str] = set()
    for question in questions:
        wanted |= placed_media_ids(question.settings or {}, question.options or [])
    if theme is not None:
        wanted |= theme.media_ids()
    if not wanted:
        return []
    rows = await session.execute(
        select(col(MediaAsset.id), col(MediaAsset.content_type), col(MediaAsset.data))
        .where(col(MediaAsset.id).in_(wanted), col(MediaAsset.presentation_id) == presentation_id)
        .order_by(col(MediaAsset.id))
    )
    return [(str(media_id), str(kind), bytes(data)) for media_id, kind, data in rows.all()]


def as_base64(media: list[tuple[str, str, bytes]]) -> list[dict[str, str]]:
    """The images as the document carries them (slow for many: callers run it in a worker thread)."""
    return [
        {"id": media_id, "content_type": kind, "data_base64": base64.b64encode(data).decode()}
        for media_id, kind, data in media
    ]


def reencoded(deck: DeckDocument, max_bytes: int, max_pixels: int) -> dict[str, Encoded]:
    """Every embedded image decoded and re-encoded, by its deck id; a 413/415/422 names the image.
    Slow: callers run it in a worker thread."""
    pictures: dict[str, Encoded] = {}
    for index, media in enumerate(deck.media):
        where = f"media[{index}]"
        if media.id in pictures:
            raise InvalidInput(f"{where}.id: {media.id!r} is used twice")
        if len(media.data_base64) > (max_bytes + 2) // 3 * 4 + 4:
            raise PayloadTooLarge(f"{where}.data_base64: an image is at most {max_bytes} bytes")
        try:
            data = base64.b64decode(media.data_base64, validate=True)
        except (binascii.Error, ValueError):
            raise InvalidInput(f"{where}.data_base64: not base64") from None
        try:
            pictures[media.id] = reencode(data, max_pixels)
        except PollError as exc:
            raise type(exc)(f"{where}.data_base64: {exc.message}") from None
    return pictures


def check_references(deck: DeckDocument) -> None:
    """Every image the deck shows is one of its `media` (a 422 names the field that is not)."""
    known = {media.id for media in deck.media}
    for field, media_id in _references(deck):
        if media_id not in known:
            raise InvalidInput(f"{field}: image {media_id!r} is not among the deck's media")


async def stored(
    session: AsyncSession, owner: User, presentation_id: str, pictures: dict[str, Encoded], quota_bytes: int
) -> dict[str, str]:
    """The pictures as new images of the presentation (within the quota: else 413): deck id -> new id."""
    ids: dict[str, str] = {}
    for deck_id, encoded in pictures.items():
        ids[deck_id] = (await store(session, owner, presentation_id, encoded, quota_bytes))["id"]
    return ids


def renamed(deck: DeckDocument, ids: dict[str, str]) -> DeckDocument:
    """The deck with every `media_id` its new image's."""
    copy = deck.model_copy(deep=True)
    for question in copy.questions:
        image = question.settings.get("image")
        if isinstance(image, dict) and image.get("media_id") in ids:
            question.settings["image"] = {**image, "media_id": ids[image["media_id"]]}
        for option in question.options:
            if option.image is not None:
                option.image = option.image.model_copy(update={"media_id": ids[option.image.media_id]})
    if copy.theme is not None:
        swap: Callable[[str | None], str | None] = lambda m: None if m is None else ids[m]  # noqa: E731
        logo = copy.theme.logo
        copy.theme = copy.theme.model_copy(
            update={
                "logo": None if logo is None else logo.model_copy(update={"media_id": swap(logo.media_id)}),
                "background_image": swap(copy.theme.background_image),
            }
        )
    return copy


def _references(deck: DeckDocument) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for q_index, question in enumerate(deck.questions):
        image: Any = question.settings.get("image")
        if isinstance(image, dict) and isinstance(image.get("media_id"), str):
            found.append((f"questions[{q_index}].settings.image.media_id", image["media_id"]))
        for o_index, option in enumerate(question.options):
            if option.image is not None:
                found.append(
                    (f"questions[{q_index}].options[{o_index}].image.media_id", option.image.media_id)
                )
    if deck.theme is not None:
        if deck.theme.logo is not None:
            found.append(("theme.logo.media_id", deck.theme.logo.media_id))
        if deck.theme.background_image is not None:
            found.append(("theme.background_image", deck.theme.background_image))
    return found
