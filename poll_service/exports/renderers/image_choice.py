"""`image_choice`: multiple choice's bars, counts and tables, with each option's picture above its
label in the PDF and beside its bar on the shared results page."""

from typing import Any

from reportlab.platypus import Flowable

from poll_service.exports.labels import Labels
from poll_service.exports.pdf_kit import PdfKit, colour, picture
from poll_service.exports.renderers import multiple_choice
from poll_service.exports.renderers.base import QuestionRenderers
from poll_service.exports.renderers.common import bar_table
from poll_service.exports.report import QuestionResults, percent

THUMBNAIL = 56  # points a side


def pdf(results: QuestionResults, kit: PdfKit) -> list[Flowable]:
    question = results.question
    counts = multiple_choice.counts_of(results.total)
    total = results.total.response_count
    bars = []
    pictures: list[Flowable | None] = []
    for i, option in enumerate(question.options):
        count = counts.get(str(option["id"]), 0)
        figure = f"{kit.labels.number(count)} · {percent(count, total)}%"
        bars.append((str(option["label"]), count / total if total else 0.0, colour(i), figure))
        data = question.picture(option.get("image"))
        pictures.append(None if data is None else picture(data, THUMBNAIL * 1.5, THUMBNAIL))
    flow: list[Flowable] = [bar_table(kit, bars, pictures=pictures)]
    if len(results.per_room) > 1:
        flow += multiple_choice.per_room(results, kit)
    return flow


def web(results: QuestionResults, labels: Labels) -> dict[str, Any]:
    shown = multiple_choice.web(results, labels)
    for option, row in zip(results.question.options, shown["options"], strict=True):
        row["image"] = option.get("image")
    return shown


RENDERERS = QuestionRenderers(
    pdf=pdf,
    table=multiple_choice.RENDERERS.table,
    web=web,
    web_template="types/image_choice.html",
    notes=multiple_choice.notes,
)
