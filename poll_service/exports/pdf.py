"""The PDF summary: a cover (title, rooms, time span, counts, organiser, a timeline of responses),
then one section per question, drawn by its type's renderer. A4, page numbers and generation time
in the footer. Pure and blocking: callers run it in a worker thread."""

import io
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)

from poll_service import __version__
from poll_service.exports.labels import DASH
from poll_service.exports.pdf_cover import cover
from poll_service.exports.pdf_fonts import runs, text_width
from poll_service.exports.pdf_kit import (
    CONTENT_WIDTH,
    MARGIN,
    MUTED,
    PAGE_SIZE,
    RULE,
    PdfKit,
    esc,
    picture,
    printable,
)
from poll_service.exports.qna import pdf_section as qna_section
from poll_service.exports.renderers import renderers_for
from poll_service.exports.renderers.quiz import leaderboard_pdf
from poll_service.exports.report import QuestionResults, Report
from poll_service.question_types.registry import owns_image, takes_answers


def render_pdf(report: Report) -> bytes:
    kit = PdfKit(report.labels)
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=PAGE_SIZE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 8,
        title=f"{report.presentation_title} {DASH} {kit.labels['report']}",
        author=report.organiser_name,
        subject=kit.labels["report"],
        creator=f"poll-service {__version__}",
        lang=kit.labels.lang,
    )
    story = cover(report, kit)
    if not report.questions:
        story.append(kit.note_box(kit.labels["questions_none"]))
    for results in report.questions:
        if not report.include_slides and not takes_answers(results.question.type):
            continue
        story.append(CondPageBreak(140))
        story.append(KeepTogether(_question(results, kit)))
    board = leaderboard_pdf(report, kit)  # a quiz: the final leaderboard (renderers/quiz.py)
    if board:
        story.append(CondPageBreak(200))
        story.append(KeepTogether(board[:2]))
        story.extend(board[2:])
    if report.qna:  # the audience Q&A after the questions (exports/qna.py)
        story.append(CondPageBreak(140))
        story.extend(qna_section(report, kit))
    # No frame padding: every flowable gets exactly CONTENT_WIDTH, the tables are sized to it.
    frame = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    footer = _Footer(report, kit)
    doc.build(story, canvasmaker=footer.canvas)
    return buffer.getvalue()


def _question(results: QuestionResults, kit: PdfKit) -> list[Flowable]:
    question = results.question
    labels = kit.labels
    heading = Table(
        [
            [
                kit.rich(f"{esc(labels['question_short'])}{question.number}", kit.qnum),
                kit.para(question.prompt, kit.h2),
            ]
        ],
        colWidths=[34, CONTENT_WIDTH - 34],
        hAlign="LEFT",
    )
    heading.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    renderers = renderers_for(question.type)
    answered = takes_answers(question.type)  # a content slide or the Q&A item counts nothing
    meta = [labels.responses(results.total.response_count)] if answered else []
    meta.extend(renderers.notes(results, labels))
    flow: list[Flowable] = [_Rule(), Spacer(1, 6), heading]
    image = None if owns_image(question.type) else question.picture(question.settings.get("image"))
    if image is not None:  # the picture above the prompt, as the phones and the screen showed it
        flow += [Spacer(1, 4), picture(image, CONTENT_WIDTH * 0.6, 170), Spacer(1, 4)]
    flow += [kit.para(" · ".join(meta), kit.meta), Spacer(1, 6)]
    if answered and results.total.response_count == 0:
        flow.append(kit.note_box(labels["no_responses"]))
    flow.extend(renderers.pdf(results, kit))
    flow.append(Spacer(1, 16))
    return flow


class _Rule(Flowable):
    """A thin full-width line above each question."""

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, 1

    def draw(self) -> None:
        self.canv.setStrokeColor(RULE)
        self.canv.setLineWidth(0.6)
        self.canv.line(0, 0, self.width, 0)


# --- footer ----------------------------------------------------------------------------------------


class _Footer:
    """Page numbers need the page count, so pages are kept and stamped when the document closes."""

    def __init__(self, report: Report, kit: PdfKit) -> None:
        self.kit = kit
        self.left = printable(f"{report.presentation_title} · {kit.labels['report']}")
        self.generated = f"{kit.labels['generated']} {kit.labels.stamp(report.generated_at)}"

    def canvas(self, *args: Any, **kwargs: Any) -> Canvas:
        footer = self

        class NumberedCanvas(Canvas):
            def __init__(self, *a: Any, **kw: Any) -> None:
                super().__init__(*a, **kw)
                self._pages: list[dict[str, Any]] = []

            def showPage(self) -> None:  # noqa: N802 (reportlab's name)
                self._pages.append(dict(self.__dict__))
                self._startPage()  # type: ignore[attr-defined]

            def save(self) -> None:
                total = len(self._pages)
                for state in self._pages:
                    self.__dict__.update(state)
                    footer.draw(self, total)
                    super().showPage()
                super().save()

        return NumberedCanvas(*args, **kwargs)

    def draw(self, canvas: Canvas, pages: int) -> None:
        kit = self.kit
        width = PAGE_SIZE[0]
        y = MARGIN - 4
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, y + 10, width - MARGIN, y + 10)
        font, size = kit.font.regular, 7.5
        page = kit.labels.format("page", page=canvas.getPageNumber(), pages=pages)
        right = f"{self.generated}   ·   {page}"
        room = CONTENT_WIDTH - stringWidth(right, font, size) - 24
        canvas.setFont(font, size)
        canvas.setFillColor(MUTED)
        x = MARGIN
        for name, piece in runs(_fit(self.left, font, size, room)):
            canvas.setFont(name or font, size)
            canvas.drawString(x, y, piece)
            x += stringWidth(piece, name or font, size)
        canvas.setFont(font, size)
        canvas.drawRightString(width - MARGIN, y, right)
        canvas.restoreState()


def _fit(text: str, font: str, size: float, width: float) -> str:
    """Shorten one line of footer text with an ellipsis so it never runs into the next item."""
    if text_width(text, font, size) <= width:
        return text
    while text and text_width(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"
