"""`points`: each item's total points and its share of all points given, as horizontal bars in the
question's item order (`total · share%`), with the points given in all; a presentation that ran in
several rooms adds the totals and shares per room."""

from typing import Any

from reportlab.platypus import Flowable, Spacer, Table

from poll_service.exports.labels import Labels
from poll_service.exports.pdf_kit import PdfKit, colour
from poll_service.exports.renderers.base import Cell, Percent, QuestionRenderers, SummaryTable
from poll_service.exports.renderers.common import bar_table, breakdown, room_columns, with_rooms
from poll_service.exports.report import QuestionInfo, QuestionResult, QuestionResults, percent


def _totals(question: QuestionInfo, result: QuestionResult) -> list[int]:
    """Points per item, in the question's item order."""
    totals = result.tally.get("totals", {})
    return [int(totals.get(str(o["id"]), 0)) for o in question.options]


def _figure(labels: Labels, points: int, given: int) -> str:
    return f"{labels.number(points)} · {percent(points, given)}%"


# --- PDF -------------------------------------------------------------------------------------------


def pdf(results: QuestionResults, kit: PdfKit) -> list[Flowable]:
    def combined() -> list[Flowable]:
        flow: list[Flowable] = [_bars(results.question, results.total, kit)]
        given = sum(_totals(results.question, results.total))
        if given:
            note = kit.labels.format("points_note", given=kit.labels.number(given))
            flow += [Spacer(1, 4), kit.para(note, kit.meta)]
        return flow

    return with_rooms(results, kit, combined, lambda: _breakdown(results, kit))


def _bars(question: QuestionInfo, result: QuestionResult, kit: PdfKit) -> Table:
    labels = kit.labels
    totals = _totals(question, result)
    given = sum(totals)
    bars = [
        (option["label"], totals[i] / given if given else 0.0, colour(i), _figure(labels, totals[i], given))
        for i, option in enumerate(question.options)
    ]
    total = (labels["points_given"], f"{labels.number(given)} · 100%" if given else "0")
    return bar_table(kit, bars, total=total)


def _breakdown(results: QuestionResults, kit: PdfKit) -> list[Flowable]:
    labels = kit.labels
    question = results.question
    columns = []
    footer = []
    for name, result in room_columns(results, labels["total"]):
        totals = _totals(question, result)
        given = sum(totals)
        columns.append((name, [kit.para(_figure(labels, p, given), kit.cell_right) for p in totals]))
        footer.append(labels.number(given))
    return breakdown(
        kit,
        labels["item"],
        [str(o["label"]) for o in question.options],
        columns,
        footer=(labels["points_given"], footer),
    )


# --- CSV / XLSX ------------------------------------------------------------------------------------


class _Table:
    def answer_text(self, question: QuestionInfo, answer: dict[str, Any], labels: Labels) -> str:
        """`Item: 60; Other: 40` in the question's item order (items given no points left out)."""
        given = {str(k): int(v) for k, v in answer.get("points", {}).items()}
        names = question.option_labels()
        parts = [f"{o['label']}: {given[str(o['id'])]}" for o in question.options if str(o["id"]) in given]
        parts += [f"{labels['removed_option']}: {v}" for k, v in given.items() if k not in names]
        return "; ".join(parts)

    def summary(self, results: QuestionResults, labels: Labels) -> SummaryTable:
        """Item | Points | Share | Average per response (per room and in total for several rooms),
        and a last row with the points given and the number of responses."""
        question = results.question
        columns = [(room.name, r) for room, r in results.per_room]
        if len(columns) != 1:
            columns.append((labels["total"], results.total))
        several = len(columns) > 1
        header = [labels["item"]]
        for name, _ in columns:
            prefix = f"{name}: " if several else ""
            header += [
                f"{prefix}{labels['points']}",
                f"{prefix}{labels['share']}",
                f"{prefix}{labels['average_per_response']}",
            ]
        per_column = [(_totals(question, r), r.response_count) for _, r in columns]
        rows: list[list[Cell]] = []
        for i, option in enumerate(question.options):
            row: list[Cell] = [str(option["label"])]
            for totals, responses in per_column:
                given = sum(totals)
                row += [
                    totals[i],
                    Percent(totals[i] / given if given else 0.0),
                    round(totals[i] / responses, 2) if responses else None,
                ]
            rows.append(row)
        last: list[Cell] = [labels["points_given"]]
        for totals, _ in per_column:
            last += [sum(totals), Percent(1.0) if sum(totals) else None, None]
        rows.append(last)
        responses_row: list[Cell] = [labels["responses"]]
        for _, responses in per_column:
            responses_row += [responses, None, None]
        rows.append(responses_row)
        return SummaryTable(header, rows)


# --- shared results page ---------------------------------------------------------------------------


def web(results: QuestionResults, labels: Labels) -> dict[str, Any]:
    question = results.question
    totals = _totals(question, results.total)
    given = sum(totals)
    return {
        "total": int(question.settings.get("total", 100)),
        "given": given,
        "items": [
            {
                "label": str(o["label"]),
                "points": totals[i],
                "share": round(totals[i] / given, 4) if given else 0.0,
                "percent": percent(totals[i], given),
            }
            for i, o in enumerate(question.options)
        ],
    }


def notes(results: QuestionResults, labels: Labels) -> list[str]:
    return [
        labels.format("points_total", total=labels.number(int(results.question.settings.get("total", 100))))
    ]


RENDERERS = QuestionRenderers(pdf=pdf, table=_Table(), web=web, web_template="types/points.html", notes=notes)
