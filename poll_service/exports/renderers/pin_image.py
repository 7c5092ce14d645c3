"""`pin_image`: the question's picture with the pins' heat map over it (the tally's grid, each cell
shaded by its share of the busiest one), then the pins per region of the picture (thirds across
and down) as a table: the text alternative. CSV/XLSX rows hold each pin as percentages across and
down the picture."""

import io
from typing import Any

from reportlab.lib import colors
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Spacer, Table

from poll_service.exports.labels import Labels
from poll_service.exports.pdf_kit import CONTENT_WIDTH, RULE, SOFT, PdfKit
from poll_service.exports.renderers.base import Cell, QuestionRenderers, SummaryTable
from poll_service.exports.renderers.common import ruled_style
from poll_service.exports.report import QuestionInfo, QuestionResult, QuestionResults, percent
from poll_service.question_types.pin_image import GRID, percent_text, pin_of, region_counts

MAX_HEIGHT = 300.0  # points: the picture and its map, at most this tall
# A colour-blind-safe sequential ramp (viridis, light to dark): a busier cell is darker and more
# opaque, so the map reads by lightness alone, in grey print too. The same ramp as the presenter's.
RAMP = ("#fde725", "#5ec962", "#21918c", "#3b528b", "#440154")


def level(count: int, top: int) -> int:
    """A cell's step on the ramp (0..4) by its share of the busiest cell; -1: no pins."""
    if count <= 0 or top <= 0:
        return -1
    return min(len(RAMP) - 1, (len(RAMP) * count - 1) // top)


class HeatMap(Flowable):
    """The picture (or an empty frame when the question has none yet) with the grid's cells over
    it, as large as fits the content width and MAX_HEIGHT."""

    def __init__(self, picture: bytes | None, cells: list[list[int]]) -> None:
        super().__init__()
        self.picture = None if picture is None else ImageReader(io.BytesIO(picture))
        width, height = self.picture.getSize() if self.picture is not None else (4, 3)
        scale = min(CONTENT_WIDTH / width, MAX_HEIGHT / height)
        self.width, self.height = width * scale, height * scale
        self.cells = cells

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        if self.picture is not None:
            canvas.drawImage(self.picture, 0, 0, self.width, self.height)
        else:
            canvas.setFillColor(SOFT)
            canvas.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        grid = len(self.cells) or GRID
        w, h = self.width / grid, self.height / grid
        top = max((n for row in self.cells for n in row), default=0)
        for y, row in enumerate(self.cells):
            for x, count in enumerate(row):
                step = level(count, top)
                if step < 0:
                    continue
                canvas.setFillColor(colors.HexColor(RAMP[step]), alpha=0.45 + 0.1 * step)
                canvas.setStrokeColor(colors.white, alpha=0.8)
                canvas.rect(x * w, self.height - (y + 1) * h, w, h, stroke=1, fill=1)
        canvas.setStrokeColor(RULE, alpha=1)
        canvas.rect(0, 0, self.width, self.height, stroke=1, fill=0)


def regions(result: QuestionResult, labels: Labels) -> list[tuple[str, int, int]]:
    """Each region of the picture with its pins and their share (percent) of all pins."""
    counts = region_counts(result.tally)
    total = sum(counts)
    return [(labels[f"region_{i}"], n, percent(n, total)) for i, n in enumerate(counts)]


# --- PDF -------------------------------------------------------------------------------------------


def pdf(results: QuestionResults, kit: PdfKit) -> list[Flowable]:
    question, total = results.question, results.total
    cells = [list(map(int, row)) for row in total.tally.get("cells") or []]
    picture = question.picture(question.settings.get("image"))
    labels = kit.labels
    rows = [[labels["region"], labels["pins"], "%"]] + [
        [name, labels.number(n), f"{share}%"] for name, n, share in regions(total, labels)
    ]
    table = Table(
        rows, colWidths=[CONTENT_WIDTH * 0.4, CONTENT_WIDTH * 0.15, CONTENT_WIDTH * 0.15], hAlign="LEFT"
    )
    table.setStyle(ruled_style())
    note = kit.para(labels["pin_note"], kit.meta)
    return [HeatMap(picture, cells), Spacer(1, 4), note, Spacer(1, 6), table]


# --- CSV / XLSX ------------------------------------------------------------------------------------


class _Table:
    def answer_text(self, question: QuestionInfo, answer: dict[str, Any], labels: Labels) -> str:
        pin = pin_of(answer)
        if pin is None:
            return ""
        return labels.format("pin_at", x=percent_text(pin[0]), y=percent_text(pin[1]))

    def summary(self, results: QuestionResults, labels: Labels) -> SummaryTable:
        """Region | Pins (per room and in total for several rooms), then the responses."""
        columns = [(room.name, r) for room, r in results.per_room]
        if len(columns) != 1:
            columns.append((labels["total"], results.total))
        several = len(columns) > 1
        header = [labels["region"]] + [
            f"{name}: {labels['pins']}" if several else labels["pins"] for name, _ in columns
        ]
        counted = [region_counts(r.tally) for _, r in columns]
        rows: list[list[Cell]] = [[labels[f"region_{i}"], *(c[i] for c in counted)] for i in range(9)]
        rows.append([labels["responses"], *(r.response_count for _, r in columns)])
        return SummaryTable(header, rows)


# --- shared results page ---------------------------------------------------------------------------


def web(results: QuestionResults, labels: Labels) -> dict[str, Any]:
    """The grid as counted, the regions (the page's table) and the picture the pins are on."""
    tally = results.total.tally
    return {
        "grid": int(tally.get("grid") or GRID),
        "cells": [list(map(int, row)) for row in tally.get("cells") or []],
        "regions": [
            {"label": name, "count": n, "percent": share} for name, n, share in regions(results.total, labels)
        ],
        "picture": results.question.settings.get("image"),
    }


RENDERERS = QuestionRenderers(pdf=pdf, table=_Table(), web=web, web_template="types/pin_image.html")
