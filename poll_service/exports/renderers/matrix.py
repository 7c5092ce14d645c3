"""`matrix`: the plot of every item at its mean point on the two axes with its spread
(matrix_plot.py), then a table of the items' means, spreads, ratings and skips; a presentation that
ran in several rooms adds x̄ · ȳ per room. The spread is the standard deviation on each axis."""

from typing import Any

from reportlab.platypus import Flowable, Spacer, Table

from poll_service.exports.labels import Labels
from poll_service.exports.pdf_kit import CONTENT_WIDTH, PdfKit
from poll_service.exports.renderers.base import Cell, QuestionRenderers, SummaryTable
from poll_service.exports.renderers.common import (
    breakdown,
    mean_text,
    room_columns,
    ruled_style,
    with_rooms,
)
from poll_service.exports.renderers.matrix_plot import Item, drawing, plot, svg
from poll_service.exports.report import QuestionInfo, QuestionResult, QuestionResults
from poll_service.question_types.matrix import mean_pair

PDF_SIDE, PAGE_SIDE = 260.0, 320.0


def _steps(question: QuestionInfo, result: QuestionResult) -> int:
    return int(result.tally.get("steps") or question.settings.get("steps") or 5)


def _entries(question: QuestionInfo, result: QuestionResult) -> list[dict[str, Any]]:
    """Each item's figures in the question's order (an empty entry for an item nobody rated)."""
    tallied = result.tally.get("items", {})
    return [dict(tallied.get(str(o["id"]), {})) for o in question.options]


def _items(question: QuestionInfo, result: QuestionResult) -> list[Item]:
    return [
        Item(i + 1, str(o["label"]), e.get("mean_x"), e.get("mean_y"), e.get("sd_x"), e.get("sd_y"))
        for i, (o, e) in enumerate(zip(question.options, _entries(question, result), strict=True))
    ]


def _axis(question: QuestionInfo, axis: str) -> str:
    return str(question.settings.get(f"{axis}_label") or axis)


def _figure_heads(question: QuestionInfo, labels: Labels) -> list[str]:
    """Mean Effort | Mean Impact | SD Effort | SD Impact"""
    x, y = _axis(question, "x"), _axis(question, "y")
    return [
        labels.format("mean_of", axis=x),
        labels.format("mean_of", axis=y),
        labels.format("spread_of", axis=x),
        labels.format("spread_of", axis=y),
    ]


def _figures(entry: dict[str, Any]) -> list[Cell]:
    return [entry.get(key) for key in ("mean_x", "mean_y", "sd_x", "sd_y")]


# --- PDF -------------------------------------------------------------------------------------------


def pdf(results: QuestionResults, kit: PdfKit) -> list[Flowable]:
    return with_rooms(results, kit, lambda: _plot_and_table(results, kit), lambda: _breakdown(results, kit))


def _plot_and_table(results: QuestionResults, kit: PdfKit) -> list[Flowable]:
    question, total = results.question, results.total
    shape = plot(question.settings, _steps(question, total), _items(question, total), PDF_SIDE)
    note = kit.para(kit.labels["matrix_note"], kit.meta)
    return [drawing(shape, kit), Spacer(1, 4), note, Spacer(1, 6), _table(question, total, kit)]


def _table(question: QuestionInfo, result: QuestionResult, kit: PdfKit) -> Table:
    labels = kit.labels
    heads = [
        labels["question_no"],
        labels["item"],
        *_figure_heads(question, labels),
        labels["count"],
        labels["skipped"],
    ]
    rows: list[list[Any]] = [
        [kit.para(h, kit.head if i < 2 else kit.head_right) for i, h in enumerate(heads)]
    ]
    for i, (o, e) in enumerate(zip(question.options, _entries(question, result), strict=True)):
        figures = [mean_text(labels, v if isinstance(v, int | float) else None) for v in _figures(e)]
        counts = [labels.number(int(e.get("count", 0))), labels.number(int(e.get("skipped", 0)))]
        rows.append(
            [kit.para(str(i + 1), kit.cell), kit.para(o["label"], kit.cell)]
            + [kit.para(text, kit.cell_right) for text in figures + counts]
        )
    number_w, figure_w = CONTENT_WIDTH * 0.06, CONTENT_WIDTH * 0.105
    label_w = CONTENT_WIDTH - number_w - 6 * figure_w
    table = Table(rows, colWidths=[number_w, label_w] + [figure_w] * 6, hAlign="LEFT", repeatRows=1)
    table.setStyle(ruled_style())
    return table


def _breakdown(results: QuestionResults, kit: PdfKit) -> list[Flowable]:
    question = results.question
    columns = [
        (name, [kit.para(mean_pair(e), kit.cell_right) for e in _entries(question, result)])
        for name, result in room_columns(results, kit.labels["total"])
    ]
    heading = f"{kit.labels['item']} ({_axis(question, 'x')} \N{MIDDLE DOT} {_axis(question, 'y')})"
    return breakdown(kit, heading, [str(o["label"]) for o in question.options], columns)


# --- CSV / XLSX ------------------------------------------------------------------------------------


class _Table:
    def answer_text(self, question: QuestionInfo, answer: dict[str, Any], labels: Labels) -> str:
        """`Item: 2 · 5` (x · y) per item in the question's order, joined by "; " ("skipped" for null)."""
        ratings = {str(k): v for k, v in answer.get("ratings", {}).items()}
        names = question.option_labels()

        def shown(point: Any) -> str:
            if not isinstance(point, dict):
                return labels["skipped_word"]
            return f"{point.get('x')} \N{MIDDLE DOT} {point.get('y')}"

        parts = [
            f"{o['label']}: {shown(ratings[str(o['id'])])}"
            for o in question.options
            if str(o["id"]) in ratings
        ]
        parts += [f"{labels['removed_option']}: {shown(v)}" for k, v in ratings.items() if k not in names]
        return "; ".join(parts)

    def summary(self, results: QuestionResults, labels: Labels) -> SummaryTable:
        """Item | Count | Mean x | Mean y | SD x | SD y | Skipped; with several rooms, a Room column
        and a row per room and in total for each item."""
        question = results.question
        several = len(results.per_room) > 1
        header = [labels["item"]] + ([labels["room"]] if several else [])
        header += [labels["count"], *_figure_heads(question, labels), labels["skipped"]]
        parts = room_columns(results, labels["total"]) if several else [("", results.total)]
        per_part = [(name, _entries(question, result)) for name, result in parts]
        rows: list[list[Cell]] = []
        for i, option in enumerate(question.options):
            for name, entries in per_part:
                e = entries[i]
                row: list[Cell] = [str(option["label"]), *([name] if several else [])]
                rows.append([*row, int(e.get("count", 0)), *_figures(e), int(e.get("skipped", 0))])
        return SummaryTable(header, rows)


# --- shared results page ---------------------------------------------------------------------------


def web(results: QuestionResults, labels: Labels) -> dict[str, Any]:
    question = results.question
    settings = question.settings
    return {
        "steps": _steps(question, results.total),
        "axes": {
            axis: {
                "label": str(settings.get(f"{axis}_label") or ""),
                "low": str(settings.get(f"{axis}_low") or ""),
                "high": str(settings.get(f"{axis}_high") or ""),
            }
            for axis in ("x", "y")
        },
        "quadrants": [str(name) for name in settings.get("quadrants") or []],
        "items": [
            {
                "label": str(o["label"]),
                **{k: e.get(k) for k in ("count", "mean_x", "mean_y", "sd_x", "sd_y", "skipped")},
            }
            for o, e in zip(question.options, _entries(question, results.total), strict=True)
        ],
    }


def page(results: QuestionResults, labels: Labels) -> dict[str, Any]:
    """The plot as SVG geometry, and each item's x̄ · ȳ with a meter for ȳ (as the phone's rows)."""
    question, total = results.question, results.total
    steps = _steps(question, total)
    rows = []
    for i, (o, e) in enumerate(zip(question.options, _entries(question, total), strict=True)):
        my = e.get("mean_y")
        meter = round(100 * (my - 1) / (steps - 1)) if isinstance(my, int | float) and steps > 1 else 0
        rows.append({"number": i + 1, "label": str(o["label"]), "pair": mean_pair(e), "percent": meter})
    return {"plot": svg(plot(question.settings, steps, _items(question, total), PAGE_SIDE)), "rows": rows}


def notes(results: QuestionResults, labels: Labels) -> list[str]:
    question = results.question
    steps = _steps(question, results.total)
    return [labels.format("matrix_axes", x=_axis(question, "x"), y=_axis(question, "y"), steps=steps)]


RENDERERS = QuestionRenderers(
    pdf=pdf, table=_Table(), web=web, web_template="types/matrix.html", notes=notes, page=page
)
