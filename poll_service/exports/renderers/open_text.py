"""`open_text`: the answers as a list, newest first, each wrapped in a quiet card; a presentation
that ran in several rooms lists each room's answers under the room's name. Like the results API, the
list holds the newest 100 answers of a room (the CSV and XLSX hold every answer)."""

from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Flowable, Table, TableStyle

from poll_service.exports.labels import Labels
from poll_service.exports.pdf_kit import ACCENT, CONTENT_WIDTH, SOFT, PdfKit
from poll_service.exports.renderers.base import Cell, QuestionRenderers, SummaryTable
from poll_service.exports.report import QuestionInfo, QuestionResult, QuestionResults


def _answers(result: QuestionResult) -> list[str]:
    return [str(a) for a in result.tally.get("answers", [])]


def _count(result: QuestionResult) -> int:
    return int(result.tally.get("count", len(_answers(result))))


# --- PDF -------------------------------------------------------------------------------------------


def pdf(results: QuestionResults, kit: PdfKit) -> list[Flowable]:
    if len(results.per_room) <= 1 or results.total.response_count == 0:
        return _list(results.total, kit)
    flow: list[Flowable] = []
    for room, result in results.per_room:
        heading = f"{room.name} · {kit.labels.responses(result.response_count)}"
        flow.append(kit.para(heading, kit.h3))
        flow.extend(_list(result, kit) or [kit.para(kit.labels["no_responses"], kit.meta)])
    return flow


def _list(result: QuestionResult, kit: PdfKit) -> list[Flowable]:
    answers = _answers(result)
    if not answers:
        return []
    # One card per answer: a light background with an accent line on its left, a white gap between.
    table = Table([[kit.para(text, kit.body)] for text in answers], colWidths=[CONTENT_WIDTH], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), SOFT),
                ("LINEBEFORE", (0, 0), (0, -1), 2.5, ACCENT),
                ("LINEBELOW", (0, 0), (-1, -2), 5, colors.white),
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
                ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    flow: list[Flowable] = [table]
    if _count(result) > len(answers):
        flow.append(
            kit.para(kit.labels.format("texts_shown", shown=len(answers), n=_count(result)), kit.meta)
        )
    return flow


# --- CSV / XLSX ------------------------------------------------------------------------------------


class _Table:
    def answer_text(self, question: QuestionInfo, answer: dict[str, Any], labels: Labels) -> str:
        return str(answer.get("text", ""))

    def summary(self, results: QuestionResults, labels: Labels) -> SummaryTable:
        """The answers newest first (a room's newest 100, as the results show them); the Room column
        when the presentation ran in several rooms."""
        several = len(results.per_room) > 1
        header = ([labels["room"]] if several else []) + [labels["answer"]]
        rows: list[list[Cell]] = []
        for room, result in results.per_room:
            for text in _answers(result):
                rows.append([room.name, text] if several else [text])
        for room, result in results.per_room:
            if _count(result) > len(_answers(result)):
                note = labels.format("texts_shown", shown=len(_answers(result)), n=_count(result))
                rows.append([room.name, note] if several else [note])
        return SummaryTable(header, rows)


# --- shared results page ---------------------------------------------------------------------------


def web(results: QuestionResults, labels: Labels) -> dict[str, Any]:
    return {"count": _count(results.total), "answers": _answers(results.total)}


def notes(results: QuestionResults, labels: Labels) -> list[str]:
    return [labels["newest_first"]] if results.total.response_count > 1 else []


RENDERERS = QuestionRenderers(
    pdf=pdf, table=_Table(), web=web, web_template="types/open_text.html", notes=notes
)
