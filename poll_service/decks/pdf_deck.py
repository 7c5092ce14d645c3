"""A talk's PDF in the deck: each rendered page (media/pdf_pages.py) is stored as an image of the
presentation and shown by a content slide of its own, at the end of the deck or from a position,
so polls and other slides sit between the pages (docs/media.md#a-pdf-deck)."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from poll_service.errors import Conflict, InvalidInput, PayloadTooLarge
from poll_service.i18n import catalogue
from poll_service.media import service as media
from poll_service.media.pdf_pages import RenderedPdf
from poll_service.models import Presentation, User
from poll_service.presentations.schemas import QuestionCreate
from poll_service.presentations.service import (
    MAX_QUESTIONS,
    add_question,
    ordered_questions,
    reorder_questions,
)
from poll_service.question_types.base import MAX_ALT


@dataclass(frozen=True)
class AddedPages:
    question_ids: list[str]
    media_ids: list[str]
    used_bytes: int


async def add_pdf_pages(
    session: AsyncSession,
    owner: User,
    presentation: Presentation,
    pdf: RenderedPdf,
    *,
    position: int | None,
    quota_bytes: int,
) -> AddedPages:
    """One image and one page slide per page, all or none (the caller's unit of work rolls back)."""
    existing = [q.id for q in await ordered_questions(session, presentation.id)]
    if len(existing) + len(pdf.pages) > MAX_QUESTIONS:
        raise Conflict(
            f"a presentation holds at most {MAX_QUESTIONS} items: it has {len(existing)}, "
            f"the PDF adds {len(pdf.pages)} pages"
        )
    if position is not None and not 0 <= position <= len(existing):
        raise InvalidInput(f"position: between 0 and {len(existing)} (the number of items in the deck)")
    needed = sum(len(p.picture.screen.data) + len(p.picture.phone.data) for p in pdf.pages)
    used = await media.used_bytes(session, owner.id)
    if used + needed > quota_bytes:
        raise PayloadTooLarge(
            f"image storage quota exceeded: {used} of {quota_bytes} bytes used, "
            f"the PDF's {len(pdf.pages)} pages need {needed}"
        )
    texts = catalogue(presentation.language if presentation.language in ("en", "nl") else "en")
    # The deck's own title: a PDF's metadata often says "untitled" or names the file it came from.
    title = presentation.title[:150]
    added: list[str] = []
    images: list[str] = []
    for number, page in enumerate(pdf.pages, start=1):
        stored: dict[str, Any] = await media.store(session, owner, presentation.id, page.picture, quota_bytes)
        images.append(str(stored["id"]))
        heading = texts["pdf.page_of"].format(n=number, total=len(pdf.pages), title=title)
        alt = _shortened(page.text) or heading
        slide = QuestionCreate(
            type="slide",
            prompt=heading,
            settings={"image": {"media_id": stored["id"], "alt": alt}, "image_fill": True},
        )
        added.append((await add_question(session, presentation, slide)).id)
        used = int(stored["used_bytes"])
    if position is not None:
        await reorder_questions(session, presentation, [*existing[:position], *added, *existing[position:]])
    return AddedPages(added, images, used)


def _shortened(text: str) -> str:
    """The page's text as alt text: whole words, within the alt text's limit."""
    if len(text) <= MAX_ALT:
        return text
    return text[: MAX_ALT - 1].rsplit(" ", 1)[0].rstrip() + "…"
