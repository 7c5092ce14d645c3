"""The PDF summary's cover: title, rooms, time span, the counts, the organiser and a timeline of
the responses (pdf.py puts the questions after it)."""

from datetime import datetime, timedelta
from typing import Any, Literal

from reportlab.graphics.shapes import Drawing, Line
from reportlab.lib import colors
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from poll_service.exports.labels import Labels
from poll_service.exports.pdf_kit import (
    ACCENT,
    CONTENT_WIDTH,
    MUTED,
    RULE,
    SOFT,
    TRACK,
    PdfKit,
    label,
    rect,
)
from poll_service.exports.report import Report

TIMELINE_BUCKETS = 36


def cover(report: Report, kit: PdfKit) -> list[Flowable]:
    labels = kit.labels
    story: list[Flowable] = [
        kit.para(labels["report"].upper(), kit.kicker),
        kit.para(report.presentation_title, kit.title),
    ]
    if report.scope == "room" and report.rooms:
        story.append(kit.para(report.rooms[0].name, kit.subtitle))
    elif report.rooms:
        names = ", ".join(r.name for r in report.rooms)
        story.append(kit.para(f"{labels['rooms']} ({len(report.rooms)}): {names}", kit.subtitle))
    story.append(_stats(report, kit))
    story.append(Spacer(1, 10))
    story.append(_facts(report, kit))
    story.append(Spacer(1, 14))
    story.append(kit.para(labels["timeline"], kit.h3))
    if report.responses:
        story.append(_timeline(report, kit))
    else:
        story.append(kit.note_box(labels["no_responses_at_all"]))
    if report.scope == "presentation" and len(report.rooms) > 1:
        story.append(Spacer(1, 10))
        story.append(kit.para(labels["per_room"], kit.h3))
        story.append(_rooms_table(report, kit))
    story.append(Spacer(1, 18))
    return story


def _stats(report: Report, kit: PdfKit) -> Table:
    labels = kit.labels
    cells = [
        (labels.number(report.participant_count), labels["participants"]),
        (labels.number(report.response_count), labels["responses"]),
        (labels.number(len(report.answered_questions)), labels["questions"]),
    ]
    if report.scope == "presentation":
        cells.append((labels.number(len(report.rooms)), labels["rooms"]))
    row = [[kit.para(value, kit.stat_value), kit.para(caption, kit.stat_label)] for value, caption in cells]
    gap = 8.0
    width = (CONTENT_WIDTH - gap * (len(cells) - 1)) / len(cells)
    boxes: list[Any] = []
    for value, caption in row:
        box = Table([[value], [caption]], colWidths=[width])
        box.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), SOFT),
                    ("LINEABOVE", (0, 0), (-1, 0), 2, ACCENT),
                    ("LEFTPADDING", (0, 0), (-1, -1), 9),
                    ("TOPPADDING", (0, 0), (-1, 0), 8),
                    ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
                    ("TOPPADDING", (0, 1), (-1, 1), 0),
                ]
            )
        )
        boxes.append(box)
    spaced: list[Any] = []
    widths: list[float] = []
    for i, box in enumerate(boxes):
        if i:
            spaced.append("")
            widths.append(gap)
        spaced.append(box)
        widths.append(width)
    outer = Table([spaced], colWidths=widths, hAlign="LEFT")
    outer.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return outer


def _facts(report: Report, kit: PdfKit) -> Table:
    labels = kit.labels
    rows: list[tuple[str, str]] = []
    start, end = report.started_at, report.finished_at
    if start is not None:
        rows.append((labels["date"], labels.date(start)))
        if end is not None and end > start:
            rows.append((labels["time_span"], labels.span(start, end)))
        else:
            rows.append((labels["started"], labels.stamp(start)))
    if report.scope == "room" and report.rooms:
        rows.append((labels["room"], report.rooms[0].name))
    if report.organiser_name:
        rows.append((labels["organiser"], report.organiser_name))
    rows.append((labels["generated"], labels.stamp(report.generated_at)))
    rows.append((labels["time_zone"], labels.time_zone))
    table = Table(
        [[kit.para(k, kit.meta), kit.para(v, kit.body)] for k, v in rows],
        colWidths=[CONTENT_WIDTH * 0.22, CONTENT_WIDTH * 0.78],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, TRACK),
            ]
        )
    )
    return table


def _rooms_table(report: Report, kit: PdfKit) -> Table:
    labels = kit.labels
    header = [
        kit.para(labels["room"], kit.head),
        kit.para(labels["started"], kit.head),
        kit.para(labels["participants"], kit.head_right),
        kit.para(labels["responses"], kit.head_right),
    ]
    rows: list[list[Any]] = [header]
    for room in report.rooms:
        rows.append(
            [
                kit.para(room.name, kit.cell),
                kit.para(labels.stamp(room.created_at), kit.cell),
                kit.para(labels.number(room.participant_count), kit.cell_right),
                kit.para(labels.number(room.response_count), kit.cell_right),
            ]
        )
    rows.append(
        [
            kit.para(labels["total"], kit.cell_bold),
            "",
            kit.para(labels.number(report.participant_count), kit.cell_right),
            kit.para(labels.number(report.response_count), kit.cell_right),
        ]
    )
    w = CONTENT_WIDTH
    table = Table(rows, colWidths=[w * 0.36, w * 0.36, w * 0.14, w * 0.14], hAlign="LEFT", repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, RULE),
                ("LINEBELOW", (0, 1), (-1, -2), 0.4, TRACK),
                ("BACKGROUND", (0, -1), (-1, -1), SOFT),
            ]
        )
    )
    return table


def _timeline(report: Report, kit: PdfKit) -> Drawing:
    """Responses per time slice from the first to the last response, as vector bars."""
    labels = kit.labels
    times = [r.created_at for r in report.responses]
    first, last = times[0], times[-1]
    span = max((last - first).total_seconds(), 1.0)
    buckets = TIMELINE_BUCKETS if span >= TIMELINE_BUCKETS else max(1, int(span))
    counts = [0] * buckets
    for moment in times:
        index = int((moment - first).total_seconds() / span * buckets)
        counts[min(index, buckets - 1)] += 1
    width, height = CONTENT_WIDTH, 96.0
    left, bottom, top = 30.0, 16.0, 8.0
    plot_w, plot_h = width - left, height - bottom - top
    peak = max(counts)
    drawing = Drawing(width, height)
    drawing.add(rect(left, bottom, plot_w, plot_h, SOFT))
    for fraction in (0.5, 1.0):
        y = bottom + plot_h * fraction
        drawing.add(Line(left, y, width, y, strokeColor=colors.white, strokeWidth=1))
    slot = plot_w / buckets
    for i, count in enumerate(counts):
        if count:
            h = max(plot_h * count / peak, 1.0)
            drawing.add(rect(left + i * slot + slot * 0.12, bottom, slot * 0.76, h, ACCENT))
    drawing.add(Line(left, bottom, width, bottom, strokeColor=MUTED, strokeWidth=0.6))
    font, small = kit.font.regular, 7.5
    drawing.add(label(left - 4, bottom + plot_h - 3, labels.number(peak), font, small, MUTED, "end"))
    drawing.add(label(left - 4, bottom - 2, "0", font, small, MUTED, "end"))
    multi_day = labels.local(first).date() != labels.local(last).date()
    ticks: tuple[tuple[float, Literal["start", "middle", "end"]], ...] = (
        (0.0, "start"),
        (0.5, "middle"),
        (1.0, "end"),
    )
    for fraction, anchor in ticks:
        moment = first + timedelta(seconds=span * fraction)
        drawing.add(
            label(left + plot_w * fraction, 4, _tick(labels, moment, multi_day), font, small, MUTED, anchor)
        )
    return drawing


def _tick(labels: Labels, moment: datetime, multi_day: bool) -> str:
    """20:04 CET (local, the zone named; across days with the day: 24/11 20:04 CET)."""
    clock = f"{labels.clock(moment)} {labels.zone(moment)}"
    day = labels.local(moment)
    return f"{day.day}/{day.month} {clock}" if multi_day else clock


# --- one question ----------------------------------------------------------------------------------
