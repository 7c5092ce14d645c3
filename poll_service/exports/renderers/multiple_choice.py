"""`multiple_choice`: horizontal bars (or a donut) with counts and percentages, like the presenter
view; per-room breakdown when a presentation ran in several rooms."""

from typing import Any

from reportlab.graphics.charts.doughnut import Doughnut
from reportlab.graphics.shapes import Circle, Drawing
from reportlab.lib import colors
from reportlab.platypus import Flowable, Table, TableStyle

from poll_service.exports import pdf_kit
from poll_service.exports.labels import Labels
from poll_service.exports.pdf_kit import CONTENT_WIDTH, INK, MUTED, TRACK, PdfKit, colour
from poll_service.exports.renderers.base import Cell, Percent, QuestionRenderers, SummaryTable
from poll_service.exports.renderers.common import bar_table, breakdown, room_columns
from poll_service.exports.report import QuestionInfo, QuestionResult, QuestionResults, percent


def counts_of(result: QuestionResult) -> dict[str, int]:
    counts = result.tally.get("counts", {})
    return {str(k): int(v) for k, v in counts.items()}


def _figure(labels: Labels, count: int, total: int) -> str:
    return f"{labels.number(count)} · {percent(count, total)}%"


# --- PDF -------------------------------------------------------------------------------------------


def pdf(results: QuestionResults, kit: PdfKit) -> list[Flowable]:
    question = results.question
    several_rooms = len(results.per_room) > 1
    flow: list[Flowable] = []
    if several_rooms:
        flow.append(kit.para(kit.labels["combined"], kit.h3))
    if question.settings.get("chart") == "donut":
        flow.append(_donut(question, results.total, kit))
    else:
        flow.append(_bars(question, results.total, kit))
    if several_rooms:
        flow += per_room(results, kit)
    return flow


def per_room(results: QuestionResults, kit: PdfKit) -> list[Flowable]:
    return [kit.para(kit.labels["per_room"], kit.h3), *_breakdown(results, kit)]


def _bars(question: QuestionInfo, result: QuestionResult, kit: PdfKit) -> Table:
    counts = counts_of(result)
    total = result.response_count
    bars = []
    for i, option in enumerate(question.options):
        count = counts.get(str(option["id"]), 0)
        bars.append(
            (option["label"], count / total if total else 0.0, colour(i), _figure(kit.labels, count, total))
        )
    return bar_table(kit, bars)


def _donut(question: QuestionInfo, result: QuestionResult, kit: PdfKit) -> Table:
    counts = counts_of(result)
    total = result.response_count
    values = [counts.get(str(o["id"]), 0) for o in question.options]
    size = 128
    drawing = Drawing(size, size)
    if sum(values) > 0:
        donut = Doughnut()
        donut.x, donut.y, donut.width, donut.height = 4, 4, size - 8, size - 8
        donut.data = [float(v) if v > 0 else 0.0001 for v in values]  # keeps slice colours in option order
        donut.labels = None
        donut.innerRadiusFraction = 0.58
        donut.slices.strokeColor = colors.white
        donut.slices.strokeWidth = 1
        for i in range(len(values)):
            donut.slices[i].fillColor = colour(i)
        drawing.add(donut)
    else:
        drawing.add(Circle(size / 2, size / 2, (size - 8) / 2, fillColor=TRACK, strokeColor=None))
        drawing.add(
            Circle(size / 2, size / 2, (size - 8) / 2 * 0.58, fillColor=colors.white, strokeColor=None)
        )
    middle = size / 2
    drawing.add(pdf_kit.label(middle, middle - 2, kit.labels.number(total), kit.font.bold, 16, INK, "middle"))
    drawing.add(
        pdf_kit.label(
            middle, middle - 15, kit.labels["responses"].lower(), kit.font.regular, 7.5, MUTED, "middle"
        )
    )
    legend_w = CONTENT_WIDTH - size - 16
    legend_rows = [
        [
            pdf_kit.swatch(colour(i)),
            kit.para(option["label"], kit.cell),
            kit.para(_figure(kit.labels, values[i], total), kit.cell_right),
        ]
        for i, option in enumerate(question.options)
    ]
    legend = Table(legend_rows, colWidths=[14, legend_w - 14 - 70, 70], hAlign="LEFT")
    legend.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LINEBELOW", (0, 0), (-1, -2), 0.4, TRACK),
            ]
        )
    )
    outer = Table([[drawing, legend]], colWidths=[size + 16, legend_w], hAlign="LEFT")
    outer.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return outer


def _breakdown(results: QuestionResults, kit: PdfKit) -> list[Flowable]:
    """Counts per option and room with each room's percentages, the combined total in the last column."""
    options = results.question.options
    columns = [
        (
            name,
            [
                kit.para(
                    _figure(kit.labels, counts_of(result).get(str(o["id"]), 0), result.response_count),
                    kit.cell_right,
                )
                for o in options
            ],
        )
        for name, result in room_columns(results, kit.labels["total"])
    ]
    footer = [kit.labels.number(r.response_count) for _, r in room_columns(results, "")]
    return breakdown(
        kit,
        kit.labels["option"],
        [str(o["label"]) for o in options],
        columns,
        footer=(kit.labels["responses"], footer),
    )


# --- CSV / XLSX ------------------------------------------------------------------------------------


class _Table:
    def answer_text(self, question: QuestionInfo, answer: dict[str, Any], labels: Labels) -> str:
        """The chosen options' labels in the question's option order, joined by "; "."""
        chosen = [str(c) for c in answer.get("choice_ids", ())]
        names = question.option_labels()
        ordered = [names[str(o["id"])] for o in question.options if str(o["id"]) in chosen]
        ordered += [labels["removed_option"] for c in chosen if c not in names]
        return "; ".join(ordered)

    def summary(self, results: QuestionResults, labels: Labels) -> SummaryTable:
        columns: list[tuple[str, QuestionResult]] = [(room.name, r) for room, r in results.per_room]
        if len(columns) != 1:
            columns.append((labels["total"], results.total))
        header = [labels["option"]]
        for name, _ in columns:
            prefix = f"{name}: " if len(columns) > 1 else ""
            header += [f"{prefix}{labels['count']}", f"{prefix}{labels['percent']}"]
        rows: list[list[Cell]] = []
        for option in results.question.options:
            row: list[Cell] = [str(option["label"])]
            for _, result in columns:
                count = counts_of(result).get(str(option["id"]), 0)
                total = result.response_count
                row += [count, Percent(count / total if total else 0.0)]
            rows.append(row)
        responses: list[Cell] = [labels["responses"]]
        for _, result in columns:
            responses += [result.response_count, None]
        rows.append(responses)
        return SummaryTable(header, rows)


# --- shared results page ---------------------------------------------------------------------------


def web(results: QuestionResults, labels: Labels) -> dict[str, Any]:
    counts = counts_of(results.total)
    total = results.total.response_count
    return {
        "chart": results.question.settings.get("chart", "bars"),
        "multi_select": bool(results.question.settings.get("multi_select")),
        "options": [
            {
                "label": str(o["label"]),
                "count": counts.get(str(o["id"]), 0),
                "percent": percent(counts.get(str(o["id"]), 0), total),
            }
            for o in results.question.options
        ],
    }


def notes(results: QuestionResults, labels: Labels) -> list[str]:
    return [labels["multi_select"]] if results.question.settings.get("multi_select") else []


RENDERERS = QuestionRenderers(
    pdf=pdf, table=_Table(), web=web, web_template="types/multiple_choice.html", notes=notes
)
