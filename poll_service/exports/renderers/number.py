"""`number`: the histogram of the numbers given (one bar per value or span, with its count), then
the mean, the median and the right value when the question has one; a presentation that ran in
several rooms adds the count, mean and median per room."""

from typing import Any

from reportlab.platypus import Flowable, Spacer, Table

from poll_service.exports.labels import Labels
from poll_service.exports.pdf_kit import PdfKit, colour
from poll_service.exports.renderers.base import Cell, QuestionRenderers, SummaryTable
from poll_service.exports.renderers.common import bar_table, breakdown, mean_text, room_columns, with_rooms
from poll_service.exports.report import QuestionInfo, QuestionResult, QuestionResults, percent
from poll_service.question_types.number import bin_label, number_text


def _unit(question: QuestionInfo) -> str:
    unit = str(question.settings.get("unit") or "")
    return f" {unit}" if unit else ""


def _bins(result: QuestionResult) -> list[dict[str, Any]]:
    return list(result.tally.get("bins", []))


def _figures(question: QuestionInfo, result: QuestionResult, labels: Labels) -> str:
    """Mean 48.2 km · median 50 km · right value 42 km"""
    unit = _unit(question)
    parts = [
        f"{labels['mean']} {mean_text(labels, result.tally.get('mean'))}{unit}",
        f"{labels['median']} {mean_text(labels, result.tally.get('median'))}{unit}",
    ]
    correct = question.settings.get("correct")
    if correct is not None:
        parts.append(f"{labels['correct_value']} {number_text(float(correct))}{unit}")
    return " · ".join(parts)


# --- PDF -------------------------------------------------------------------------------------------


def pdf(results: QuestionResults, kit: PdfKit) -> list[Flowable]:
    def combined() -> list[Flowable]:
        figures = _figures(results.question, results.total, kit.labels)
        return [_histogram(results.question, results.total, kit), Spacer(1, 4), kit.para(figures, kit.meta)]

    return with_rooms(results, kit, combined, lambda: _breakdown(results, kit))


def _histogram(question: QuestionInfo, result: QuestionResult, kit: PdfKit) -> Table:
    bins = _bins(result)
    top = max((b["count"] for b in bins), default=0)
    total = sum(b["count"] for b in bins)
    unit = _unit(question)

    def figure(n: int) -> str:
        return f"{kit.labels.number(n)} · {percent(n, total)}%"

    bars = [
        (f"{bin_label(b)}{unit}", b["count"] / top if top else 0.0, colour(0), figure(b["count"]))
        for b in bins
    ]
    return bar_table(kit, bars, label_share=0.25)


def _breakdown(results: QuestionResults, kit: PdfKit) -> list[Flowable]:
    labels = kit.labels
    columns = []
    for name, result in room_columns(results, labels["total"]):
        figures = [
            labels.number(result.response_count),
            mean_text(labels, result.tally.get("mean")),
            mean_text(labels, result.tally.get("median")),
        ]
        columns.append((name, [kit.para(text, kit.cell_right) for text in figures]))
    return breakdown(kit, "", [labels["responses"], labels["mean"], labels["median"]], columns)


# --- CSV / XLSX ------------------------------------------------------------------------------------


class _Table:
    def answer_text(self, question: QuestionInfo, answer: dict[str, Any], labels: Labels) -> str:
        value = answer.get("value")
        return "" if not isinstance(value, int | float) else f"{number_text(float(value))}{_unit(question)}"

    def summary(self, results: QuestionResults, labels: Labels) -> SummaryTable:
        """Value | Count (per room and in total for several rooms), then mean, median, responses."""
        columns = [(room.name, r) for room, r in results.per_room]
        if len(columns) != 1:
            columns.append((labels["total"], results.total))
        several = len(columns) > 1
        header = [labels["value"]] + [
            f"{name}: {labels['count']}" if several else labels["count"] for name, _ in columns
        ]
        rows: list[list[Cell]] = []
        for i, column in enumerate(_bins(results.total)):
            rows.append([bin_label(column), *(_count(r, i) for _, r in columns)])
        for key in ("mean", "median"):
            rows.append([labels[key], *(_figure(r.tally.get(key)) for _, r in columns)])
        rows.append([labels["responses"], *(r.response_count for _, r in columns)])
        return SummaryTable(header, rows)


def _count(result: QuestionResult, index: int) -> int:
    bins = _bins(result)
    return int(bins[index]["count"]) if index < len(bins) else 0


def _figure(value: Any) -> Cell:
    return float(value) if isinstance(value, int | float) else None


# --- shared results page ---------------------------------------------------------------------------


def web(results: QuestionResults, labels: Labels) -> dict[str, Any]:
    question = results.question
    bins = _bins(results.total)
    top = max((b["count"] for b in bins), default=0)
    correct = question.settings.get("correct")
    return {
        "unit": str(question.settings.get("unit") or ""),
        "mean": results.total.tally.get("mean"),
        "median": results.total.tally.get("median"),
        "correct": correct,
        "figures": _figures(question, results.total, labels),
        "bins": [
            {
                "label": bin_label(b),
                "count": int(b["count"]),
                "percent": round(100 * b["count"] / top) if top else 0,
            }
            for b in bins
        ],
    }


def notes(results: QuestionResults, labels: Labels) -> list[str]:
    settings = results.question.settings
    low, high = number_text(float(settings.get("min", 0))), number_text(float(settings.get("max", 100)))
    return [labels.format("number_range", low=low, high=high, unit=_unit(results.question))]


RENDERERS = QuestionRenderers(pdf=pdf, table=_Table(), web=web, web_template="types/number.html", notes=notes)
