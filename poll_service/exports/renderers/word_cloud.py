"""`word_cloud`: the words drawn as a cloud whose word sizes follow their counts, then a table of
every word with its count (most frequent first, as the tally lists them); per-room counts of the
most frequent words when a presentation ran in several rooms."""

import math
from typing import Any

from reportlab.graphics.shapes import Drawing
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from poll_service.exports import pdf_kit
from poll_service.exports.cloud import Cloud, PlacedWord, cloud_height, layout
from poll_service.exports.labels import DASH, Labels
from poll_service.exports.pdf_fonts import fonts
from poll_service.exports.pdf_kit import (
    CONTENT_WIDTH,
    INK,
    MUTED,
    RULE,
    SOFT,
    TRACK,
    PdfKit,
    colour,
)
from poll_service.exports.renderers.base import Cell, QuestionRenderers, SummaryTable
from poll_service.exports.renderers.common import breakdown, hex_colour, room_columns
from poll_service.exports.report import QuestionInfo, QuestionResult, QuestionResults
from poll_service.text import MAX_WORD_LENGTH, clipped, max_code_points

BREAKDOWN_WORDS = 20  # words in the per-room table of a presentation export


def _words(result: QuestionResult) -> list[dict[str, Any]]:
    return [
        {"text": str(w.get("text", "")), "key": str(w.get("key", "")), "count": int(w.get("count", 0))}
        for w in result.tally.get("words", [])
    ]


def _distinct(result: QuestionResult) -> int:
    return int(result.tally.get("distinct", len(result.tally.get("words", []))))


def _count_in(result: QuestionResult, key: str) -> int | None:
    """A word's count in one room; None when the room's tally is cut off and does not list it."""
    for word in _words(result):
        if word["key"] == key:
            return int(word["count"])
    return 0 if _distinct(result) <= len(_words(result)) else None


def make_cloud(words: list[dict[str, Any]], width: float, printable: bool) -> Cloud:
    # A word stored before today's caps (text.py) is cut to a word's size: the layout measures it.
    texts = [clipped(w["text"], max_code_points(MAX_WORD_LENGTH)) for w in words]
    pairs = [
        (pdf_kit.printable(t) if printable else t, w["count"]) for t, w in zip(texts, words, strict=True)
    ]
    return layout(pairs, width, cloud_height(len(pairs)), fonts().bold)


# --- PDF -------------------------------------------------------------------------------------------


def pdf(results: QuestionResults, kit: PdfKit) -> list[Flowable]:
    words = _words(results.total)
    if not words:
        return []
    several_rooms = len(results.per_room) > 1 and results.total.response_count > 0
    flow: list[Flowable] = []
    if several_rooms:
        flow.append(kit.para(kit.labels["combined"], kit.h3))
    cloud = make_cloud(words, CONTENT_WIDTH, printable=True)
    flow.append(_drawing(cloud, kit))
    flow.append(Spacer(1, 3))
    if cloud.left_out:
        caption = kit.labels.format("cloud_partial", shown=len(cloud.words), n=len(words))
    else:
        caption = kit.labels["cloud_note"]
    flow.append(kit.para(caption, kit.meta))
    flow.append(Spacer(1, 4))
    flow.append(_table(words, kit))
    distinct = _distinct(results.total)
    if distinct > len(words):
        flow.append(kit.para(kit.labels.format("words_top", shown=len(words), n=distinct), kit.meta))
    if several_rooms:
        flow.append(kit.para(kit.labels["per_room"], kit.h3))
        flow.extend(_breakdown(results, words[:BREAKDOWN_WORDS], kit))
    return flow


def _drawing(cloud: Cloud, kit: PdfKit) -> Drawing:
    drawing = Drawing(cloud.width, cloud.height)
    drawing.add(pdf_kit.rect(0, 0, cloud.width, cloud.height, SOFT, radius=4))
    for word in cloud.words:
        drawing.add(
            pdf_kit.label(
                word.x, word.baseline, word.text, kit.font.bold, word.size, colour(word.rank), "middle"
            )
        )
    return drawing


def _table(words: list[dict[str, Any]], kit: PdfKit) -> Table:
    """Every word with its count, in up to three column groups read top to bottom (rank, word,
    count); a few words get one group with a bar each."""
    labels = kit.labels
    groups = 1 if len(words) <= 10 else 2 if len(words) <= 30 else 3
    per_group = -(-len(words) // groups)
    gap = 16.0
    group_w = (CONTENT_WIDTH - gap * (groups - 1)) / groups
    rank_w, count_w = 24.0, 46.0
    top = max(w["count"] for w in words)
    bar_w = group_w * 0.42 if groups == 1 else 0.0
    word_w = group_w - rank_w - count_w - bar_w
    widths: list[float] = []
    header: list[Any] = []
    for g in range(groups):
        if g:
            widths.append(gap)
            header.append("")
        widths += [rank_w, word_w] + ([bar_w] if bar_w else []) + [count_w]
        header += [kit.para("#", kit.head), kit.para(labels["word"], kit.head)]
        header += [""] if bar_w else []
        header.append(kit.para(labels["count"], kit.head_right))
    rows: list[list[Any]] = [header]
    for r in range(per_group):
        row: list[Any] = []
        for g in range(groups):
            if g:
                row.append("")
            index = g * per_group + r
            if index >= len(words):
                row += [""] * (4 if bar_w else 3)
                continue
            word = words[index]
            # Numbers as plain cell text (drawn as is, no paragraph to lay out: 150 words stay quick).
            row += [f"{index + 1}", kit.para(word["text"], kit.cell)]
            if bar_w:
                row.append(pdf_kit.bar(bar_w - 8, word["count"] / top, colour(index)))
            row.append(labels.number(word["count"]))
        rows.append(row)
    table = Table(rows, colWidths=widths, hAlign="LEFT", repeatRows=1)
    style: list[Any] = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    columns_per_group = 4 if bar_w else 3
    for g in range(groups):
        first = g * (columns_per_group + 1)
        last = first + columns_per_group - 1
        style += [
            ("FONTNAME", (first, 1), (last, -1), kit.font.regular),
            ("FONTSIZE", (first, 1), (last, -1), 9.5),
            ("TEXTCOLOR", (first, 1), (last, -1), INK),
            ("FONTSIZE", (first, 1), (first, -1), 9),
            ("TEXTCOLOR", (first, 1), (first, -1), MUTED),
            ("ALIGN", (last, 1), (last, -1), "RIGHT"),
            ("LINEBELOW", (first, 0), (last, 0), 0.8, RULE),
        ]
        filled = min(per_group, len(words) - g * per_group)
        style.append(("LINEBELOW", (first, 1), (last, filled), 0.4, TRACK))
    table.setStyle(TableStyle(style))
    return table


def _breakdown(results: QuestionResults, words: list[dict[str, Any]], kit: PdfKit) -> list[Flowable]:
    labels = kit.labels
    columns = []
    for name, result in room_columns(results, labels["total"]):
        cells = []
        for word in words:
            count = _count_in(result, word["key"])
            cells.append(kit.para(DASH if count is None else labels.number(count), kit.cell_right))
        columns.append((name, cells))
    footer = [labels.number(r.response_count) for _, r in room_columns(results, labels["total"])]
    return breakdown(
        kit, labels["word"], [w["text"] for w in words], columns, footer=(labels["responses"], footer)
    )


# --- CSV / XLSX ------------------------------------------------------------------------------------


class _Table:
    def answer_text(self, question: QuestionInfo, answer: dict[str, Any], labels: Labels) -> str:
        """The submitted words as typed, joined by "; "."""
        return "; ".join(str(e) for e in answer.get("entries", ()))

    def summary(self, results: QuestionResults, labels: Labels) -> SummaryTable:
        """Word | Count (per room and in total for several rooms), most frequent first."""
        columns = [(room.name, r) for room, r in results.per_room]
        if len(columns) != 1:
            columns.append((labels["total"], results.total))
        several = len(columns) > 1
        header = [labels["word"]] + [
            f"{name}: {labels['count']}" if several else labels["count"] for name, _ in columns
        ]
        rows: list[list[Cell]] = []
        for word in _words(results.total):
            row: list[Cell] = [word["text"]]
            row += [_count_in(result, word["key"]) for _, result in columns]
            rows.append(row)
        rows.append([labels["responses"], *(r.response_count for _, r in columns)])
        return SummaryTable(header, rows)


# --- shared results page ---------------------------------------------------------------------------

SVG_WIDTH = 720.0
# A phone's cloud (results.css shows it below 40rem): laid out at about a phone's width, so a
# viewBox unit is about a CSS pixel, and only words of at least PHONE_MIN_SIZE (readable); the
# table under it lists every word.
PHONE_WIDTH, PHONE_MIN_SIZE = 340.0, 12.0
PHONE_WORDS = 30  # the most frequent: no more fit a phone at a readable size (and layout stays fast)


def web(results: QuestionResults, labels: Labels) -> dict[str, Any]:
    return {
        "distinct": _distinct(results.total),
        "words": [{"text": w["text"], "count": w["count"]} for w in _words(results.total)],
    }


def page(results: QuestionResults, labels: Labels) -> dict[str, Any]:
    """The cloud as SVG geometry (y down), wide and for a phone, and each word's bar width in the
    table."""
    words = _words(results.total)
    if not words:
        return {"cloud": None, "phone_cloud": None, "bars": []}
    cloud = make_cloud(words, SVG_WIDTH, printable=False)
    phone = make_cloud(words[:PHONE_WORDS], PHONE_WIDTH, printable=False)
    readable = [w for w in phone.words if w.size >= PHONE_MIN_SIZE]
    top = max(w["count"] for w in words)
    return {
        "cloud": _svg(cloud, cloud.words, labels, len(words)),
        "phone_cloud": _svg(phone, readable, labels, len(words)),
        "bars": [max(1, math.floor(100 * w["count"] / top)) for w in words],
    }


def _svg(cloud: Cloud, shown: list[PlacedWord], labels: Labels, total: int) -> dict[str, Any]:
    return {
        "width": round(cloud.width),
        "height": round(cloud.height),
        "words": [
            {
                "text": w.text,
                "x": round(w.x, 1),
                "y": round(cloud.height - w.baseline, 1),
                "size": round(w.size, 1),
                "length": round(w.width, 1),
                "fill": hex_colour(colour(w.rank)),
            }
            for w in shown
        ],
        "caption": labels["cloud_note"]
        if len(shown) == total
        else labels.format("cloud_partial", shown=len(shown), n=total),
    }


def notes(results: QuestionResults, labels: Labels) -> list[str]:
    distinct = _distinct(results.total)
    if not distinct:
        return []
    return [labels["words_distinct_one"] if distinct == 1 else labels.format("words_distinct", n=distinct)]


RENDERERS = QuestionRenderers(
    pdf=pdf,
    table=_Table(),
    web=web,
    web_template="types/word_cloud.html",
    notes=notes,
    page=page,
)
