"""Items that take no answers (question_types/shown_only.py): a content slide and the deck's Q&A
item. Only the PDF shows them (pdf.py leaves them out with `include_slides=False`); the XLSX,
the CSV and the results page skip them, having nothing to count."""

from typing import Any

from reportlab.platypus import Flowable

from poll_service.exports.labels import Labels
from poll_service.exports.pdf_kit import PdfKit
from poll_service.exports.renderers.base import QuestionRenderers, SummaryTable
from poll_service.exports.report import QuestionInfo, QuestionResults
from poll_service.question_types.slide import slide_text_of


def slide_pdf(results: QuestionResults, kit: PdfKit) -> list[Flowable]:
    return [kit.para(line, kit.body) for line in slide_text_of(results.question.settings)]


def qna_pdf(results: QuestionResults, kit: PdfKit) -> list[Flowable]:
    return [kit.para(kit.labels["qna_item"], kit.meta)]


class _NoTable:
    def answer_text(self, question: QuestionInfo, answer: dict[str, Any], labels: Labels) -> str:
        return ""

    def summary(self, results: QuestionResults, labels: Labels) -> SummaryTable:
        return SummaryTable([], [])


def _no_web(results: QuestionResults, labels: Labels) -> dict[str, Any]:
    return {}


def _slide_notes(results: QuestionResults, labels: Labels) -> list[str]:
    return [labels["content_slide"]]


SLIDE = QuestionRenderers(
    pdf=slide_pdf, table=_NoTable(), web=_no_web, web_template="types/fallback.html", notes=_slide_notes
)
QNA = QuestionRenderers(pdf=qna_pdf, table=_NoTable(), web=_no_web, web_template="types/fallback.html")
