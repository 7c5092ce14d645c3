"""`scale`: per statement, how many chose each step (a small column chart over the scale 1..steps,
light to dark), the mean marked on the same axis, and the mean, number of ratings and skips beside
it; the scale's end labels above. A presentation that ran in several rooms adds the mean per room."""

from dataclasses import dataclass
from typing import Any

from reportlab.graphics.shapes import Drawing, Line, Polygon
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Table, TableStyle

from poll_service.exports import pdf_kit
from poll_service.exports.labels import Labels
from poll_service.exports.pdf_kit import ACCENT, CONTENT_WIDTH, INK, MUTED, RULE, TRACK, PdfKit
from poll_service.exports.renderers.base import Cell, QuestionRenderers, SummaryTable
from poll_service.exports.renderers.common import breakdown, hex_colour, mean_text, room_columns, two_line
from poll_service.exports.report import QuestionInfo, QuestionResult, QuestionResults

LIGHTEST = colors.HexColor("#c3cdf0")  # step 1; the last step is ACCENT


@dataclass(frozen=True)
class Statement:
    label: str
    distribution: list[int]
    count: int
    mean: float | None
    skipped: int


def _steps(question: QuestionInfo, result: QuestionResult) -> int:
    return int(result.tally.get("steps") or question.settings.get("steps") or 5)


def _statements(question: QuestionInfo, result: QuestionResult) -> list[Statement]:
    steps = _steps(question, result)
    tallied = result.tally.get("statements", {})
    out = []
    for option in question.options:
        entry = tallied.get(str(option["id"]), {})
        distribution = [int(c) for c in entry.get("distribution", [0] * steps)]
        mean = entry.get("mean")
        out.append(
            Statement(
                label=str(option["label"]),
                distribution=distribution,
                count=int(entry.get("count", sum(distribution))),
                mean=float(mean) if mean is not None else None,
                skipped=int(entry.get("skipped", 0)),
            )
        )
    return out


def step_colour(step: int, steps: int) -> colors.Color:
    """From light (step 1) to the accent colour (the last step)."""
    t = step / (steps - 1) if steps > 1 else 1.0
    return colors.linearlyInterpolatedColor(LIGHTEST, ACCENT, 0, 1, t)


# --- the chart, as geometry both the PDF and the page draw ------------------------------------------


@dataclass(frozen=True)
class Column:
    x: float  # left edge
    width: float
    fill: float  # filled height, from the bottom of the band
    count: int
    colour: str  # hex


@dataclass(frozen=True)
class Chart:
    """y up from the bottom: tick numbers under the axis, columns in the band above it, counts over
    the columns, a marker at the mean (on the same axis as the steps' centres)."""

    width: float
    height: float
    axis: float  # y of the axis line
    band: float  # height of the columns' band
    slot: float
    columns: list[Column]
    mean_x: float | None
    ticks: list[tuple[float, str]]


def chart(
    distribution: list[int], mean: float | None, width: float, height: float, top_room: float = 10.0
) -> Chart:
    steps = max(1, len(distribution))
    axis = 14.0
    band = height - axis - top_room
    slot = width / steps
    peak = max(distribution, default=0)
    columns = [
        Column(
            x=i * slot + slot * 0.14,
            width=slot * 0.72,
            fill=band * count / peak if peak else 0.0,
            count=count,
            colour=hex_colour(step_colour(i, steps)),
        )
        for i, count in enumerate(distribution)
    ]
    mean_x = (mean - 0.5) * slot if mean is not None else None
    ticks = [((i + 0.5) * slot, str(i + 1)) for i in range(steps)]
    return Chart(width, height, axis, band, slot, columns, mean_x, ticks)


# --- PDF -------------------------------------------------------------------------------------------

LABEL_SHARE, CHART_SHARE = 0.36, 0.44


def pdf(results: QuestionResults, kit: PdfKit) -> list[Flowable]:
    question = results.question
    several_rooms = len(results.per_room) > 1 and results.total.response_count > 0
    flow: list[Flowable] = []
    if several_rooms:
        flow.append(kit.para(kit.labels["combined"], kit.h3))
    flow.append(_rows(question, results.total, kit))
    if several_rooms:
        flow.append(kit.para(kit.labels["per_room"], kit.h3))
        flow.extend(_breakdown(results, kit))
    return flow


def _rows(question: QuestionInfo, result: QuestionResult, kit: PdfKit) -> Table:
    labels = kit.labels
    steps = _steps(question, result)
    label_w, chart_w = CONTENT_WIDTH * LABEL_SHARE, CONTENT_WIDTH * CHART_SHARE
    figure_w = CONTENT_WIDTH - label_w - chart_w
    inner = chart_w - 12
    rows: list[list[Any]] = [
        [
            kit.para(labels["statement"], kit.head),
            _ends(question, steps, inner, kit),
            kit.para(labels["mean"], kit.head_right),
        ]
    ]
    for statement in _statements(question, result):
        rows.append(
            [kit.para(statement.label, kit.cell), _drawing(statement, inner, kit), _figure(statement, kit)]
        )
    table = Table(rows, colWidths=[label_w, chart_w, figure_w], hAlign="LEFT", repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, -1), 10),
                ("LEFTPADDING", (1, 0), (1, -1), 6),
                ("RIGHTPADDING", (1, 0), (1, -1), 6),
                ("RIGHTPADDING", (-1, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, RULE),
                ("LINEBELOW", (0, 1), (-1, -2), 0.4, TRACK),
            ]
        )
    )
    return table


def _ends(question: QuestionInfo, steps: int, width: float, kit: PdfKit) -> Any:
    """The scale's end labels over the chart column: "1 = …" left, "n = …" right."""
    low = str(question.settings.get("min_label") or "").strip()
    high = str(question.settings.get("max_label") or "").strip()
    if not low and not high:
        return kit.para(kit.labels.format("scale_range", steps=steps), kit.head)
    left = kit.para(f"1 = {low}" if low else "1", kit.head)
    right = kit.para(f"{steps} = {high}" if high else str(steps), kit.head_right)
    ends = Table([[left, right]], colWidths=[width / 2, width / 2])
    ends.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, 0), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return ends


def _drawing(statement: Statement, width: float, kit: PdfKit) -> Drawing:
    shape = chart(statement.distribution, statement.mean, width, 50)
    drawing = Drawing(shape.width, shape.height)
    font, size = kit.font.regular, 7.0
    for column in shape.columns:
        if column.fill > 0:
            fill = colors.HexColor(column.colour)
            drawing.add(
                pdf_kit.rect(column.x, shape.axis, column.width, max(column.fill, 1.5), fill, radius=1.5)
            )
    drawing.add(Line(0, shape.axis, shape.width, shape.axis, strokeColor=RULE, strokeWidth=0.8))
    for x, text in shape.ticks:
        drawing.add(pdf_kit.label(x, 2, text, font, size, MUTED, "middle"))
    if shape.mean_x is not None:
        x = shape.mean_x
        drawing.add(
            Line(
                x,
                shape.axis,
                x,
                shape.axis + shape.band,
                strokeColor=INK,
                strokeWidth=1.2,
                strokeDashArray=[2, 1.5],
            )
        )
        drawing.add(
            Polygon(
                [x - 3.5, shape.axis - 5, x + 3.5, shape.axis - 5, x, shape.axis + 1],
                fillColor=INK,
                strokeColor=None,
            )
        )
    # Counts over the columns, in step order, on a white patch so the mean's line never runs through.
    for column in shape.columns:
        centre, y = column.x + column.width / 2, shape.axis + column.fill + 2.5
        text = str(column.count)
        patch = stringWidth(text, font, size) + 3
        drawing.add(pdf_kit.rect(centre - patch / 2, y - 1.5, patch, size + 1, colors.white))
        drawing.add(pdf_kit.label(centre, y, text, font, size, INK if column.count else MUTED, "middle"))
    return drawing


def _figure(statement: Statement, kit: PdfKit) -> Any:
    labels = kit.labels
    sub = labels.format("ratings_n", n=labels.number(statement.count))
    if statement.skipped:
        sub += " · " + labels.format("skipped_n", n=labels.number(statement.skipped))
    return two_line(kit, mean_text(labels, statement.mean), sub, bold=True)


def _breakdown(results: QuestionResults, kit: PdfKit) -> list[Flowable]:
    labels = kit.labels
    question = results.question
    columns = []
    for name, result in room_columns(results, labels["total"]):
        cells = [
            two_line(kit, mean_text(labels, s.mean), labels.format("ratings_n", n=labels.number(s.count)))
            for s in _statements(question, result)
        ]
        columns.append((name, cells))
    return breakdown(kit, labels["statement"], [str(o["label"]) for o in question.options], columns)


# --- CSV / XLSX ------------------------------------------------------------------------------------


class _Table:
    def answer_text(self, question: QuestionInfo, answer: dict[str, Any], labels: Labels) -> str:
        """`Statement: 4` per statement in the question's order, joined by "; " ("skipped" for null)."""
        ratings = {str(k): v for k, v in answer.get("ratings", {}).items()}
        names = question.option_labels()
        parts = []
        for option in question.options:
            key = str(option["id"])
            if key in ratings:
                value = ratings[key]
                parts.append(f"{option['label']}: {labels['skipped_word'] if value is None else value}")
        parts += [
            f"{labels['removed_option']}: {labels['skipped_word'] if v is None else v}"
            for k, v in ratings.items()
            if k not in names
        ]
        return "; ".join(parts)

    def summary(self, results: QuestionResults, labels: Labels) -> SummaryTable:
        """Statement | Count | Mean | Skipped | one column per step (the ends with their labels);
        with several rooms, a Room column and a row per room and in total for each statement."""
        question = results.question
        steps = _steps(question, results.total)
        low = str(question.settings.get("min_label") or "").strip()
        high = str(question.settings.get("max_label") or "").strip()
        step_heads = [str(i) for i in range(1, steps + 1)]
        if low:
            step_heads[0] = f"1 ({low})"
        if high:
            step_heads[-1] = f"{steps} ({high})"
        several = len(results.per_room) > 1
        header = [labels["statement"]]
        header += [labels["room"]] if several else []
        header += [labels["count"], labels["mean"], labels["skipped"], *step_heads]
        parts: list[tuple[str, QuestionResult]] = (
            room_columns(results, labels["total"]) if several else [("", results.total)]
        )
        per_part = [(name, _statements(question, result)) for name, result in parts]
        rows: list[list[Cell]] = []
        for i, option in enumerate(question.options):
            for name, statements in per_part:
                s = statements[i]
                row: list[Cell] = [str(option["label"])]
                row += [name] if several else []
                row += [s.count, s.mean, s.skipped, *s.distribution]
                rows.append(row)
        return SummaryTable(header, rows)


# --- shared results page ---------------------------------------------------------------------------

SVG_WIDTH, SVG_HEIGHT = 300.0, 60.0


def web(results: QuestionResults, labels: Labels) -> dict[str, Any]:
    question = results.question
    return {
        "steps": _steps(question, results.total),
        "min_label": str(question.settings.get("min_label") or ""),
        "max_label": str(question.settings.get("max_label") or ""),
        "statements": [
            {
                "label": s.label,
                "distribution": s.distribution,
                "count": s.count,
                "mean": s.mean,
                "skipped": s.skipped,
            }
            for s in _statements(question, results.total)
        ],
    }


def page(results: QuestionResults, labels: Labels) -> dict[str, Any]:
    """Each statement's chart as SVG geometry (y down), and its figures as text."""
    charts = []
    for s in _statements(results.question, results.total):
        shape = chart(s.distribution, s.mean, SVG_WIDTH, SVG_HEIGHT, top_room=14.0)
        flip = shape.height
        charts.append(
            {
                "width": round(shape.width),
                "height": round(shape.height),
                "axis": round(flip - shape.axis, 1),
                "columns": [
                    {
                        "x": round(c.x, 1),
                        "width": round(c.width, 1),
                        "y": round(flip - shape.axis - c.fill, 1),
                        "fill": round(c.fill, 1),
                        "count": c.count,
                        "count_y": round(flip - shape.axis - c.fill - 3, 1),
                        "colour": c.colour,
                    }
                    for c in shape.columns
                ],
                "ticks": [{"x": round(x, 1), "text": text} for x, text in shape.ticks],
                "tick_y": round(flip - 2, 1),
                "mean_x": round(shape.mean_x, 1) if shape.mean_x is not None else None,
                "mean_top": round(flip - shape.axis - shape.band, 1),
                "mean": mean_text(labels, s.mean),
                "sub": labels.format("ratings_n", n=labels.number(s.count))
                + (" · " + labels.format("skipped_n", n=labels.number(s.skipped)) if s.skipped else ""),
            }
        )
    return {"charts": charts}


def notes(results: QuestionResults, labels: Labels) -> list[str]:
    return [labels.format("scale_range", steps=_steps(results.question, results.total))]


RENDERERS = QuestionRenderers(
    pdf=pdf, table=_Table(), web=web, web_template="types/scale.html", notes=notes, page=page
)
