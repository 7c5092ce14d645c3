"""One renderer per question type and format, looked up by the question's `type`.

A new question type plugs in with one module here that defines its three renderers (see
multiple_choice.py and docs/exports.md):

- `pdf(results, kit) -> [Flowable]`: the chart (and, for a presentation, the per-room breakdown)
  under the question's heading, which pdf.py writes for every type;
- `table`: `answer_text(question, answer, labels)` for the CSV/XLSX responses rows, and
  `summary(results, labels)` for the question's XLSX summary sheet;
- `web(results, labels) -> dict`: the question's part of the shared results page and its JSON,
  drawn by the template `templates/types/<type>.html`.

A type without renderers still exports through FALLBACK: its responses as JSON text, its response
count, and "no chart for this question type".
"""

import json
from typing import Any

from reportlab.platypus import Flowable

from poll_service.exports.labels import Labels
from poll_service.exports.pdf_kit import PdfKit
from poll_service.exports.renderers import (
    image_choice,
    matrix,
    multiple_choice,
    number,
    open_text,
    pin_image,
    points,
    quiz,
    ranking,
    scale,
    shown_only,
    type_answer,
    word_cloud,
)
from poll_service.exports.renderers.base import Cell, Percent, QuestionRenderers, SummaryTable
from poll_service.exports.report import QuestionInfo, QuestionResults

__all__ = ["FALLBACK", "RENDERERS", "Cell", "Percent", "QuestionRenderers", "SummaryTable", "renderers_for"]

# The registry: one entry per question type.
RENDERERS: dict[str, QuestionRenderers] = {
    "multiple_choice": multiple_choice.RENDERERS,
    "quiz": quiz.RENDERERS,
    "word_cloud": word_cloud.RENDERERS,
    "open_text": open_text.RENDERERS,
    "scale": scale.RENDERERS,
    "ranking": ranking.RENDERERS,
    "points": points.RENDERERS,
    "number": number.RENDERERS,
    "type_answer": type_answer.RENDERERS,
    "matrix": matrix.RENDERERS,
    "image_choice": image_choice.RENDERERS,
    "pin_image": pin_image.RENDERERS,
    "slide": shown_only.SLIDE,
    "qna": shown_only.QNA,
}


def _fallback_pdf(results: QuestionResults, kit: PdfKit) -> list[Flowable]:
    return [kit.para(kit.labels["no_chart"], kit.meta)]


class _FallbackTable:
    def answer_text(self, question: QuestionInfo, answer: dict[str, Any], labels: Labels) -> str:
        return json.dumps(answer, ensure_ascii=False, sort_keys=True)

    def summary(self, results: QuestionResults, labels: Labels) -> SummaryTable:
        header = [labels["room"], labels["responses"]]
        rows: list[list[Cell]] = [[room.name, r.response_count] for room, r in results.per_room]
        return SummaryTable(header, rows)


def _fallback_web(results: QuestionResults, labels: Labels) -> dict[str, Any]:
    return {}


FALLBACK = QuestionRenderers(
    pdf=_fallback_pdf, table=_FallbackTable(), web=_fallback_web, web_template="types/fallback.html"
)


def renderers_for(question_type: str) -> QuestionRenderers:
    return RENDERERS.get(question_type, FALLBACK)
