"""A talk's PDF as one picture per page, with each page's text (docs/media.md#a-pdf-deck).

PDFium (through pypdfium2) reads the PDF in a child process (pdf_child.py), never in the
server's own: a hostile file that crashes or hangs the parser takes only the child down, and it
is killed after its time. Each page is drawn to fit the projector's 1920 x 1920 box whatever
size the file declares, then encoded as every uploaded image is (processing.py: screen JPEG,
phone WebP).

`render_pdf` blocks (callers run it in a worker thread); `RenderGate` lets one PDF render at a
time in a process and refuses (503) past a short queue."""

import asyncio
import json
import logging
import re
import subprocess  # nosec B404 - our own module, in our own interpreter, without a shell
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import pypdfium2 as pdfium

from poll_service.errors import InvalidInput, PayloadTooLarge, PollError, ServiceBusy, UnsupportedMediaType
from poll_service.media.processing import SCREEN_SIDE, Encoded, Variant, encoded_picture

logger = logging.getLogger(__name__)
PDF_TYPE = "application/pdf"
NOT_A_PDF = "not a PDF: upload the talk as a PDF file (Content-Type: application/pdf)"
# The PDF format lets a few bytes of junk come before its header; more is not a PDF.
HEADER_WINDOW = 1024
# PDFium's answer to a document it cannot open without a password (FPDF_ERR_PASSWORD).
ERR_PASSWORD = 4
# Enough words of a page for its alt text and for the deck's own text limits.
MAX_TEXT_CHARS = 4000
# PDFs that may wait for the renderer in one process beside the one rendering.
QUEUE = 2
BUSY_RETRY_S = 10
_ERRORS: dict[int, type[PollError]] = {413: PayloadTooLarge, 415: UnsupportedMediaType, 422: InvalidInput}


@dataclass(frozen=True)
class RenderedPage:
    picture: Encoded
    text: str


@dataclass(frozen=True)
class RenderedPdf:
    pages: list[RenderedPage]


def declared_pdf(content_type: str | None) -> None:
    if (content_type or "").split(";", 1)[0].strip().lower() != PDF_TYPE:
        raise UnsupportedMediaType(NOT_A_PDF)


def render_pdf(data: bytes, max_pages: int, seconds: float) -> RenderedPdf:
    """The pages, rendered by a child process (pdf_child.py) that is killed after `seconds`;
    413/415/422 for a file that is too long, not a PDF, locked or damaged."""
    if b"%PDF-" not in data[:HEADER_WINDOW]:
        raise UnsupportedMediaType(NOT_A_PDF)
    # A fresh interpreter of its own (not multiprocessing: it would import the server's main module).
    command = [sys.executable, "-m", "poll_service.media.pdf_child", str(max_pages)]
    try:
        done = subprocess.run(command, input=data, capture_output=True, timeout=seconds, check=False)  # noqa: S603  # nosec B603
    except subprocess.TimeoutExpired:
        raise InvalidInput(
            f"the PDF took longer than {seconds:g} s to render; try a simpler or shorter file"
        ) from None
    if done.returncode != 0:
        logger.warning(
            "PDF renderer exited with %s: %s", done.returncode, done.stderr[-500:].decode(errors="replace")
        )
        raise InvalidInput("the PDF could not be rendered: the renderer stopped on it")
    return unpacked(done.stdout)


def packed(outcome: RenderedPdf | PollError) -> bytes:
    """What the child writes: a JSON line describing the pages (or the refusal), then the bytes of
    every picture in that order. Plain data, so a child a hostile PDF took over can send nothing
    the server would run."""
    if isinstance(outcome, PollError):
        return json.dumps({"error": outcome.status_code, "detail": outcome.message}).encode() + b"\n"
    pictures = [v for page in outcome.pages for v in (page.picture.screen, page.picture.phone)]
    head = {
        "texts": [page.text for page in outcome.pages],
        "pictures": [[v.content_type, v.width, v.height, len(v.data)] for v in pictures],
    }
    return b"".join([json.dumps(head).encode(), b"\n", *(v.data for v in pictures)])


def unpacked(output: bytes) -> RenderedPdf:
    line, _, rest = output.partition(b"\n")
    try:
        head = json.loads(line)
        if "error" in head:
            raise _ERRORS.get(int(head["error"]), InvalidInput)(str(head["detail"]))
        variants: list[Variant] = []
        for content_type, width, height, size in head["pictures"]:
            variants.append(Variant(str(content_type), int(width), int(height), rest[:size]))
            rest = rest[size:]
        pages = [
            RenderedPage(Encoded(variants[2 * n], variants[2 * n + 1]), str(text))
            for n, text in enumerate(head["texts"])
        ]
    except (ValueError, TypeError, KeyError, IndexError):
        raise InvalidInput("the PDF could not be rendered: the renderer answered nonsense") from None
    return RenderedPdf(pages)


def render_pages(data: bytes, max_pages: int) -> RenderedPdf:
    """Every page as a picture and its text (pure; runs in the child process)."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == ERR_PASSWORD:
            raise InvalidInput(
                "the PDF is protected by a password: save or export it without one, then upload it again"
            ) from None
        raise InvalidInput(f"the PDF could not be read (truncated or damaged): {exc}") from None
    count = len(document)
    if count == 0:
        raise InvalidInput("the PDF has no pages")
    if count > max_pages:
        raise PayloadTooLarge(f"the PDF has {count} pages; at most {max_pages} pages are accepted")
    return RenderedPdf([_page(document, index) for index in range(count)])


def _page(document: pdfium.PdfDocument, index: int) -> RenderedPage:
    page = document[index]
    width, height = page.get_size()
    if not (width > 0 and height > 0):
        raise InvalidInput(f"page {index + 1} of the PDF has no size")
    # Fit the projector's box: a poster-sized or a sliver-thin page is drawn no larger than it.
    scale = min(SCREEN_SIDE / width, SCREEN_SIDE / height)
    try:
        picture = page.render(scale=scale, may_draw_forms=False).to_pil().convert("RGB")
        text = page.get_textpage().get_text_bounded()[:MAX_TEXT_CHARS]
    except pdfium.PdfiumError as exc:
        raise InvalidInput(f"page {index + 1} of the PDF could not be rendered: {exc}") from None
    return RenderedPage(encoded_picture(picture), _plain(text))


def _plain(text: str) -> str:
    """The page's words on one line, without the control characters a PDF's text may hold."""
    return "".join(ch for ch in re.sub(r"\s+", " ", text) if ch.isprintable()).strip()


class RenderGate:
    """One PDF renders at a time in this process; a few more may wait, the rest are told to come
    back later (503 + Retry-After) instead of piling up."""

    def __init__(self, queue: int = QUEUE) -> None:
        self._running = asyncio.Semaphore(1)
        self._queue = queue
        self._inside = 0

    @property
    def admitted(self) -> int:
        """Renders let in: the one running and those waiting for it."""
        return self._inside

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        if self._inside > self._queue:
            raise ServiceBusy("other PDFs are being rendered; try again in a moment", BUSY_RETRY_S)
        self._inside += 1
        try:
            async with self._running:
                yield
        finally:
            self._inside -= 1


async def render_off_loop(gate: RenderGate, data: bytes, max_pages: int, seconds: float) -> RenderedPdf:
    async with gate.slot():
        return await asyncio.to_thread(render_pdf, data, max_pages, seconds)
