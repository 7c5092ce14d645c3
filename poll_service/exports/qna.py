"""The audience Q&A in the exports: rows for the CSV and the XLSX, and the PDF's section.

Pure functions of a Report. The PDF shows only approved (visible) questions, most upvoted first
per room, and says how many more were held back or hidden; the CSV and XLSX list every question
with its status, so the organiser keeps everything."""

from typing import Any

from reportlab.platypus import Flowable, Table, TableStyle

from poll_service.exports.pdf_kit import CONTENT_WIDTH, RULE, SOFT, TRACK, PdfKit
from poll_service.exports.report import QnaRow, Report

# How many questions per room the PDF lists (the spreadsheets hold them all).
PDF_QUESTIONS = 100


def moment(row: QnaRow) -> str:
    return row.created_at.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def pdf_section(report: Report, kit: PdfKit) -> list[Flowable]:
    """A heading, then per room a table: question (and name), upvotes, answered."""
    if not report.qna:
        return []
    labels = kit.labels
    story: list[Flowable] = [kit.para(labels["qna_title"], kit.h2)]
    several = len(report.rooms) > 1
    for room in report.rooms:
        rows = [r for r in report.qna if r.room.id == room.id]
        if not rows:
            continue
        shown = [r for r in rows if r.status == "visible"]
        if several:
            story.append(kit.para(room.name, kit.h3))
        note = labels.format("qna_counts", shown=len(shown), held=len(rows) - len(shown))
        story.append(kit.para(note, kit.meta))
        if shown:
            story.append(_table(shown[:PDF_QUESTIONS], kit))
        if len(shown) > PDF_QUESTIONS:
            story.append(kit.para(labels.format("qna_more", n=len(shown) - PDF_QUESTIONS), kit.note))
    return story


def _table(rows: list[QnaRow], kit: PdfKit) -> Table:
    labels = kit.labels
    data: list[list[Any]] = [
        [
            kit.para("#", kit.head),
            kit.para(labels["qna_question"], kit.head),
            kit.para(labels["qna_upvotes"], kit.head_right),
            kit.para(labels["qna_answered"], kit.head),
        ]
    ]
    for n, row in enumerate(rows, start=1):
        text = row.text if not row.author_name else f"{row.text} ({row.author_name})"
        data.append(
            [
                kit.para(str(n), kit.cell),
                kit.para(text, kit.cell),
                kit.para(labels.number(row.upvotes), kit.cell_right),
                kit.para(labels["yes"] if row.answered else "", kit.cell),
            ]
        )
    w = CONTENT_WIDTH
    table = Table(data, colWidths=[w * 0.06, w * 0.66, w * 0.13, w * 0.15], hAlign="LEFT", repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, RULE),
                ("LINEBELOW", (0, 1), (-1, -1), 0.4, TRACK),
                ("BACKGROUND", (0, 0), (-1, 0), SOFT),
            ]
        )
    )
    return table


def csv_rows(report: Report) -> list[list[str | int]]:
    """One CSV row per Q&A question, in the responses' columns plus status, upvotes, answered:
    question_no is "Q&A", participant holds the name the asker gave (never a pseudonym, which would
    tie a signed question to that person's anonymous answers)."""
    labels = report.labels
    return [
        [
            r.room.name,
            "Q&A",
            labels["qna_title"],
            r.author_name or "",
            r.text,
            moment(r),
            r.status,
            r.upvotes,
            "yes" if r.answered else "no",
        ]
        for r in report.qna
    ]
