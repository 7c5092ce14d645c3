"""`ranking`: a table ordered by average rank (best first, as the tally orders it) with each item's
position, average rank and Borda points (a bar of the points out of the most an item can get); a
presentation that ran in several rooms adds average rank and points per room."""

from dataclasses import dataclass
from typing import Any

from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from poll_service.exports import pdf_kit
from poll_service.exports.labels import DASH, Labels
from poll_service.exports.pdf_kit import ACCENT, CONTENT_WIDTH, RULE, TRACK, PdfKit
from poll_service.exports.renderers.base import Cell, QuestionRenderers, SummaryTable
from poll_service.exports.renderers.common import breakdown, mean_text, room_columns, two_line
from poll_service.exports.report import QuestionInfo, QuestionResult, QuestionResults


@dataclass(frozen=True)
class Ranked:
    option_id: str
    label: str
    position: int | None  # 1 = best; items with the same points share one; None before any ranking
    average_rank: float | None
    points: int


def _ranked(question: QuestionInfo, result: QuestionResult, labels: Labels) -> list[Ranked]:
    """The tally's items, best first; before any ranking, in the question's order without positions."""
    names = question.option_labels()
    items = list(result.tally.get("items", []))
    ranked = _votes(result) > 0
    if not ranked:
        order = {str(o["id"]): i for i, o in enumerate(question.options)}
        items.sort(key=lambda item: order.get(str(item.get("option_id")), len(order)))
    out: list[Ranked] = []
    previous: int | None = None
    position = 0
    for index, item in enumerate(items, start=1):
        points = int(item.get("points", 0))
        if points != previous:
            position, previous = index, points
        average = item.get("average_rank")
        option_id = str(item.get("option_id"))
        out.append(
            Ranked(
                option_id=option_id,
                label=names.get(option_id, labels["removed_option"]),
                position=position if ranked else None,
                average_rank=float(average) if average is not None else None,
                points=points,
            )
        )
    return out


def _votes(result: QuestionResult) -> int:
    return int(result.tally.get("votes", 0))


def _most_points(question: QuestionInfo, result: QuestionResult) -> int:
    """What an item gets when every ranking puts it first."""
    return len(question.options) * _votes(result)


# --- PDF -------------------------------------------------------------------------------------------


def pdf(results: QuestionResults, kit: PdfKit) -> list[Flowable]:
    question = results.question
    several_rooms = len(results.per_room) > 1 and results.total.response_count > 0
    flow: list[Flowable] = []
    if several_rooms:
        flow.append(kit.para(kit.labels["combined"], kit.h3))
    flow.append(_table(question, results.total, kit))
    flow.append(Spacer(1, 4))
    flow.append(kit.para(kit.labels.format("borda_note", n=len(question.options)), kit.meta))
    if several_rooms:
        flow.append(kit.para(kit.labels["per_room"], kit.h3))
        flow.extend(_breakdown(results, kit))
    return flow


def _table(question: QuestionInfo, result: QuestionResult, kit: PdfKit) -> Table:
    labels = kit.labels
    most = _most_points(question, result)
    position_w, average_w, points_w = 30.0, 76.0, 52.0
    label_w = CONTENT_WIDTH * 0.40
    bar_w = CONTENT_WIDTH - position_w - label_w - average_w - points_w
    rows: list[list[Any]] = [
        [
            kit.para("#", kit.head),
            kit.para(labels["item"], kit.head),
            kit.para(labels["average_rank"], kit.head_right),
            "",
            kit.para(labels["points"], kit.head_right),
        ]
    ]
    for item in _ranked(question, result, labels):
        style = kit.cell_bold if item.position == 1 else kit.cell
        rows.append(
            [
                kit.para(DASH if item.position is None else f"{item.position}", kit.cell_bold),
                kit.para(item.label, style),
                kit.para(mean_text(labels, item.average_rank), kit.cell_right),
                pdf_kit.bar(bar_w - 14, item.points / most if most else 0.0, ACCENT),
                kit.para(labels.number(item.points), kit.cell_right),
            ]
        )
    table = Table(
        rows, colWidths=[position_w, label_w, average_w, bar_w, points_w], hAlign="LEFT", repeatRows=1
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("LEFTPADDING", (3, 0), (3, -1), 14),
                ("RIGHTPADDING", (3, 0), (3, -1), 0),
                ("RIGHTPADDING", (-1, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, RULE),
                ("LINEBELOW", (0, 1), (-1, -2), 0.4, TRACK),
            ]
        )
    )
    return table


def _breakdown(results: QuestionResults, kit: PdfKit) -> list[Flowable]:
    """Average rank and points per room, the items in the combined order."""
    labels = kit.labels
    question = results.question
    order = _ranked(question, results.total, labels)
    columns = []
    for name, result in room_columns(results, labels["total"]):
        by_id = {r.option_id: r for r in _ranked(question, result, labels)}
        cells = []
        for item in order:
            room_item = by_id.get(item.option_id)
            average = room_item.average_rank if room_item else None
            points = room_item.points if room_item else 0
            cells.append(
                two_line(
                    kit, mean_text(labels, average), f"{labels.number(points)} {labels['points'].lower()}"
                )
            )
        columns.append((name, cells))
    footer = [labels.number(_votes(r)) for _, r in room_columns(results, labels["total"])]
    return breakdown(
        kit, labels["item"], [i.label for i in order], columns, footer=(labels["rankings"], footer)
    )


# --- CSV / XLSX ------------------------------------------------------------------------------------


class _Table:
    def answer_text(self, question: QuestionInfo, answer: dict[str, Any], labels: Labels) -> str:
        """`1. Best; 2. Next; …` in the participant's order."""
        names = question.option_labels()
        return "; ".join(
            f"{rank}. {names.get(str(item), labels['removed_option'])}"
            for rank, item in enumerate(answer.get("order", ()), start=1)
        )

    def summary(self, results: QuestionResults, labels: Labels) -> SummaryTable:
        """Item | Position | Average rank | Points, best first; per room and in total for several
        rooms; a last row with the number of rankings."""
        question = results.question
        columns = [(room.name, r) for room, r in results.per_room]
        if len(columns) != 1:
            columns.append((labels["total"], results.total))
        several = len(columns) > 1
        header = [labels["item"], labels["position"]]
        for name, _ in columns:
            prefix = f"{name}: " if several else ""
            header += [f"{prefix}{labels['average_rank']}", f"{prefix}{labels['points']}"]
        order = _ranked(question, results.total, labels)
        per_column = [{r.option_id: r for r in _ranked(question, result, labels)} for _, result in columns]
        rows: list[list[Cell]] = []
        for item in order:
            row: list[Cell] = [item.label, item.position]
            for by_id in per_column:
                found = by_id.get(item.option_id)
                row += [found.average_rank if found else None, found.points if found else 0]
            rows.append(row)
        last: list[Cell] = [labels["rankings"], None]
        for _, result in columns:
            last += [None, _votes(result)]
        rows.append(last)
        return SummaryTable(header, rows)


# --- shared results page ---------------------------------------------------------------------------


def web(results: QuestionResults, labels: Labels) -> dict[str, Any]:
    question = results.question
    most = _most_points(question, results.total)
    return {
        "votes": _votes(results.total),
        "max_points": most,
        "items": [
            {
                "label": r.label,
                "position": r.position,
                "average_rank": r.average_rank,
                "points": r.points,
            }
            for r in _ranked(question, results.total, labels)
        ],
    }


def page(results: QuestionResults, labels: Labels) -> dict[str, Any]:
    most = _most_points(results.question, results.total)
    return {
        "rows": [
            {
                "average": mean_text(labels, r.average_rank),
                "bar": round(100 * r.points / most) if most else 0,
            }
            for r in _ranked(results.question, results.total, labels)
        ],
        "note": labels.format("borda_note", n=len(results.question.options)),
    }


RENDERERS = QuestionRenderers(pdf=pdf, table=_Table(), web=web, web_template="types/ranking.html", page=page)
