"""What a question type's export renderers look like (see __init__.py and docs/exports.md)."""

from dataclasses import dataclass
from typing import Any, Protocol

from reportlab.platypus import Flowable

from poll_service.exports.labels import Labels
from poll_service.exports.pdf_kit import PdfKit
from poll_service.exports.report import QuestionInfo, QuestionResults


class Percent(float):
    """A share (0..1) that a spreadsheet should show as a percentage."""


Cell = str | int | float | Percent | None


@dataclass(frozen=True)
class SummaryTable:
    """A question's tally as a table: header row, then one row per answer (option, …)."""

    header: list[str]
    rows: list[list[Cell]]


class PdfRenderer(Protocol):
    def __call__(self, results: QuestionResults, kit: PdfKit) -> list[Flowable]: ...


class TableRenderer(Protocol):
    def answer_text(self, question: QuestionInfo, answer: dict[str, Any], labels: Labels) -> str: ...

    def summary(self, results: QuestionResults, labels: Labels) -> SummaryTable: ...


class WebRenderer(Protocol):
    def __call__(self, results: QuestionResults, labels: Labels) -> dict[str, Any]: ...


class NotesRenderer(Protocol):
    def __call__(self, results: QuestionResults, labels: Labels) -> list[str]: ...


def no_notes(results: QuestionResults, labels: Labels) -> list[str]:
    return []


def no_page_extras(results: QuestionResults, labels: Labels) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class QuestionRenderers:
    pdf: PdfRenderer
    table: TableRenderer
    web: WebRenderer
    web_template: str  # under poll_service/exports/templates/
    # Short remarks after the response count under the question's heading, in the PDF and on the
    # page ("several answers allowed", "scale 1-5").
    notes: NotesRenderer = no_notes
    # Values only the page's template needs (drawing geometry): merged into `q` for the template,
    # never part of the JSON.
    page: WebRenderer = no_page_extras
