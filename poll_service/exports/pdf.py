"""The PDF summary: a cover (title, rooms, time span, counts, organiser, a timeline of responses),
then one section per question, drawn by its type's renderer. A4, page numbers and generation time
in the footer. Pure and blocking: callers run it in a worker thread."""

import io
from datetime import datetime, timedelta
from typing import Any, Literal

from reportlab.graphics.shapes import Drawing, Line
from reportlab.lib import colors
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
from poll_service.exports.labels import DASH, Labels
from poll_service.exports.pdf_kit import (
    ACCENT,
    CONTENT_WIDTH,
    MARGIN,
    MUTED,
    PAGE_SIZE,
    RULE,
    SOFT,
    TRACK,
    PdfKit,
    esc,
    label,
    printable,
    rect,
)
from poll_service.exports.qna import pdf_section as qna_section
from poll_service.exports.renderers import renderers_for
from poll_service.exports.renderers.quiz import leaderboard_pdf
from poll_service.exports.report import QuestionResults, Report

TIMELINE_BUCKETS = 36


def render_pdf(report: Report) -> bytes:
    kit = PdfKit(Labels(report.language))
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
    story = _cover(report, kit)
    if not report.questions:
        story.append(kit.note_box(kit.labels["questions_none"]))
    for results in report.questions:
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


# --- cover -----------------------------------------------------------------------------------------


def _cover(report: Report, kit: PdfKit) -> list[Flowable]:
    labels = kit.labels
    story: list[Flowable] = [
        kit.para(labels["report"].upper(), kit.kicker),
        kit.para(report.presentation_title, kit.title),
    ]
    if report.scope == "room" and report.rooms:
        story.append(kit.para(report.rooms[0].name, kit.subtitle))
    elif report.rooms:
        names = ", ".join(r.name for r in report.rooms)
        story.append(kit.para(f"{labels['rooms']} ({len(report.rooms)}): {names}", kit.subtitle))
    story.append(_stats(report, kit))
    story.append(Spacer(1, 10))
    story.append(_facts(report, kit))
    story.append(Spacer(1, 14))
    story.append(kit.para(labels["timeline"], kit.h3))
    if report.responses:
        story.append(_timeline(report, kit))
    else:
        story.append(kit.note_box(labels["no_responses_at_all"]))
    if report.scope == "presentation" and len(report.rooms) > 1:
        story.append(Spacer(1, 10))
        story.append(kit.para(labels["per_room"], kit.h3))
        story.append(_rooms_table(report, kit))
    story.append(Spacer(1, 18))
    return story


def _stats(report: Report, kit: PdfKit) -> Table:
    labels = kit.labels
    cells = [
        (labels.number(report.participant_count), labels["participants"]),
        (labels.number(report.response_count), labels["responses"]),
        (labels.number(len(report.questions)), labels["questions"]),
    ]
    if report.scope == "presentation":
        cells.append((labels.number(len(report.rooms)), labels["rooms"]))
    row = [[kit.para(value, kit.stat_value), kit.para(caption, kit.stat_label)] for value, caption in cells]
    gap = 8.0
    width = (CONTENT_WIDTH - gap * (len(cells) - 1)) / len(cells)
    boxes: list[Any] = []
    for value, caption in row:
        box = Table([[value], [caption]], colWidths=[width])
        box.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), SOFT),
                    ("LINEABOVE", (0, 0), (-1, 0), 2, ACCENT),
                    ("LEFTPADDING", (0, 0), (-1, -1), 9),
                    ("TOPPADDING", (0, 0), (-1, 0), 8),
                    ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
                    ("TOPPADDING", (0, 1), (-1, 1), 0),
                ]
            )
        )
        boxes.append(box)
    spaced: list[Any] = []
    widths: list[float] = []
    for i, box in enumerate(boxes):
        if i:
            spaced.append("")
            widths.append(gap)
        spaced.append(box)
        widths.append(width)
    outer = Table([spaced], colWidths=widths, hAlign="LEFT")
    outer.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return outer


def _facts(report: Report, kit: PdfKit) -> Table:
    labels = kit.labels
    rows: list[tuple[str, str]] = []
    start, end = report.started_at, report.finished_at
    if start is not None:
        rows.append((labels["date"], labels.date(start)))
        if end is not None and end > start:
            rows.append((labels["time_span"], labels.span(start, end)))
        else:
            rows.append((labels["started"], labels.stamp(start)))
    if report.scope == "room" and report.rooms:
        rows.append((labels["room"], report.rooms[0].name))
    if report.organiser_name:
        rows.append((labels["organiser"], report.organiser_name))
    rows.append((labels["generated"], labels.stamp(report.generated_at)))
    table = Table(
        [[kit.para(k, kit.meta), kit.para(v, kit.body)] for k, v in rows],
        colWidths=[CONTENT_WIDTH * 0.22, CONTENT_WIDTH * 0.78],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, TRACK),
            ]
        )
    )
    return table


def _rooms_table(report: Report, kit: PdfKit) -> Table:
    labels = kit.labels
    header = [
        kit.para(labels["room"], kit.head),
        kit.para(labels["started"], kit.head),
        kit.para(labels["participants"], kit.head_right),
        kit.para(labels["responses"], kit.head_right),
    ]
    rows: list[list[Any]] = [header]
    for room in report.rooms:
        rows.append(
            [
                kit.para(room.name, kit.cell),
                kit.para(labels.stamp(room.created_at), kit.cell),
                kit.para(labels.number(room.participant_count), kit.cell_right),
                kit.para(labels.number(room.response_count), kit.cell_right),
            ]
        )
    rows.append(
        [
            kit.para(labels["total"], kit.cell_bold),
            "",
            kit.para(labels.number(report.participant_count), kit.cell_right),
            kit.para(labels.number(report.response_count), kit.cell_right),
        ]
    )
    w = CONTENT_WIDTH
    table = Table(rows, colWidths=[w * 0.36, w * 0.36, w * 0.14, w * 0.14], hAlign="LEFT", repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, RULE),
                ("LINEBELOW", (0, 1), (-1, -2), 0.4, TRACK),
                ("BACKGROUND", (0, -1), (-1, -1), SOFT),
            ]
        )
    )
    return table


def _timeline(report: Report, kit: PdfKit) -> Drawing:
    """Responses per time slice from the first to the last response, as vector bars."""
    labels = kit.labels
    times = [r.created_at for r in report.responses]
    first, last = times[0], times[-1]
    span = max((last - first).total_seconds(), 1.0)
    buckets = TIMELINE_BUCKETS if span >= TIMELINE_BUCKETS else max(1, int(span))
    counts = [0] * buckets
    for moment in times:
        index = int((moment - first).total_seconds() / span * buckets)
        counts[min(index, buckets - 1)] += 1
    width, height = CONTENT_WIDTH, 96.0
    left, bottom, top = 30.0, 16.0, 8.0
    plot_w, plot_h = width - left, height - bottom - top
    peak = max(counts)
    drawing = Drawing(width, height)
    drawing.add(rect(left, bottom, plot_w, plot_h, SOFT))
    for fraction in (0.5, 1.0):
        y = bottom + plot_h * fraction
        drawing.add(Line(left, y, width, y, strokeColor=colors.white, strokeWidth=1))
    slot = plot_w / buckets
    for i, count in enumerate(counts):
        if count:
            h = max(plot_h * count / peak, 1.0)
            drawing.add(rect(left + i * slot + slot * 0.12, bottom, slot * 0.76, h, ACCENT))
    drawing.add(Line(left, bottom, width, bottom, strokeColor=MUTED, strokeWidth=0.6))
    font, small = kit.font.regular, 7.5
    drawing.add(label(left - 4, bottom + plot_h - 3, labels.number(peak), font, small, MUTED, "end"))
    drawing.add(label(left - 4, bottom - 2, "0", font, small, MUTED, "end"))
    multi_day = first.date() != last.date()
    ticks: tuple[tuple[float, Literal["start", "middle", "end"]], ...] = (
        (0.0, "start"),
        (0.5, "middle"),
        (1.0, "end"),
    )
    for fraction, anchor in ticks:
        moment = first + timedelta(seconds=span * fraction)
        drawing.add(
            label(left + plot_w * fraction, 4, _tick(labels, moment, multi_day), font, small, MUTED, anchor)
        )
    return drawing


def _tick(labels: Labels, moment: datetime, multi_day: bool) -> str:
    clock = labels.clock(moment) + " UTC"
    return f"{moment.day}/{moment.month} {clock}" if multi_day else clock


# --- one question ----------------------------------------------------------------------------------


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
    meta = [labels.responses(results.total.response_count), *renderers.notes(results, labels)]
    flow: list[Flowable] = [
        _Rule(),
        Spacer(1, 6),
        heading,
        kit.para(" · ".join(meta), kit.meta),
        Spacer(1, 6),
    ]
    if results.total.response_count == 0:
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
        canvas.drawString(MARGIN, y, _fit(self.left, font, size, room))
        canvas.drawRightString(width - MARGIN, y, right)
        canvas.restoreState()


def _fit(text: str, font: str, size: float, width: float) -> str:
    """Shorten one line of footer text with an ellipsis so it never runs into the next item."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"
