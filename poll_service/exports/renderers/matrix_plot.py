"""`matrix`'s plot as geometry both the PDF and the results page draw: the square of the two axes
split into quadrants (named in their corners), the axes' names and ends, and each rated item as a
numbered dot at its mean point with an ellipse for its spread (one standard deviation each way).
y points up here, as in the PDF; the page turns it over."""

import math
from dataclasses import dataclass
from typing import Any, Literal

from reportlab.graphics.shapes import Drawing, Ellipse, Group, Line
from reportlab.lib import colors

from poll_service.exports import pdf_kit
from poll_service.exports.pdf_kit import INK, MUTED, RULE, SOFT, PdfKit
from poll_service.exports.renderers.common import hex_colour

Anchor = Literal["start", "middle", "end"]
Kind = Literal["quadrant", "end", "axis"]
MARGIN_LEFT, MARGIN_BOTTOM, MARGIN_TOP = 40.0, 40.0, 8.0
DOT = 7.0  # a dot's radius


@dataclass(frozen=True)
class Item:
    """What the plot needs of an item: its number in the question and its figures."""

    number: int
    label: str
    mean_x: float | None
    mean_y: float | None
    sd_x: float | None
    sd_y: float | None


@dataclass(frozen=True)
class Dot:
    number: int
    label: str
    x: float
    y: float
    rx: float
    ry: float
    colour: str  # hex
    badge_x: float  # the numbered badge's centre: on the mean, or moved clear of another badge
    badge_y: float


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    anchor: Anchor
    upright: bool  # turned a quarter to read bottom to top (the y axis's words)
    kind: Kind


@dataclass(frozen=True)
class Plot:
    width: float
    height: float
    left: float
    bottom: float
    side: float
    dots: list[Dot]
    texts: list[Text]


def along(value: float, steps: int) -> float:
    """Where a rating sits along an axis, 0..1: step i at the middle of cell i, so the middle step
    lies on the quadrants' border (as js/types/matrix.js `along`)."""
    return (value - 0.5) / steps


def badge_offsets(points: list[tuple[float, float]], radius: float) -> list[tuple[float, float]]:
    """Where each numbered badge sits from its mean point, so that items at the same or nearby
    means stay readable: the first keeps its badge on its mean, a later one that would cover an
    earlier badge moves to the nearest free place on rings around its mean (as js/types/matrix.js
    `badgeOffsets`)."""
    taken: list[tuple[float, float]] = []
    offsets = []
    for x, y in points:
        offset = (0.0, 0.0)
        places = [
            (ring * 2.1 * radius * math.cos(angle), ring * 2.1 * radius * math.sin(angle))
            for ring in range(1, 5)
            for angle in (math.pi / 2 - 2 * math.pi * k / (6 * ring) for k in range(6 * ring))
        ]
        for dx, dy in [(0.0, 0.0), *places]:
            if all(math.hypot(tx - x - dx, ty - y - dy) >= 2 * radius for tx, ty in taken):
                offset = (dx, dy)
                break
        taken.append((x + offset[0], y + offset[1]))
        offsets.append(offset)
    return offsets


def plot(settings: dict[str, Any], steps: int, items: list[Item], side: float) -> Plot:
    left, bottom = MARGIN_LEFT, MARGIN_BOTTOM
    means = [
        (item, left + side * along(item.mean_x, steps), bottom + side * along(item.mean_y, steps))
        for item in items
        if item.mean_x is not None and item.mean_y is not None
    ]
    offsets = badge_offsets([(x, y) for _, x, y in means], DOT)
    dots = [
        Dot(
            item.number,
            item.label,
            x,
            y,
            side * (item.sd_x or 0) / steps,
            side * (item.sd_y or 0) / steps,
            hex_colour(pdf_kit.colour(item.number - 1)),
            x + dx,
            y + dy,
        )
        for (item, x, y), (dx, dy) in zip(means, offsets, strict=True)
    ]
    return Plot(
        left + side + 8, bottom + side + MARGIN_TOP, left, bottom, side, dots, _texts(settings, steps, side)
    )


def _texts(settings: dict[str, Any], steps: int, side: float) -> list[Text]:
    left, bottom = MARGIN_LEFT, MARGIN_BOTTOM
    right, top = left + side, bottom + side

    def end(low: bool, axis: str) -> str:
        name = str(settings.get(f"{axis}_{'low' if low else 'high'}") or "")
        number = "1" if low else str(steps)
        if not name:
            return number
        return f"{number} \N{MIDDLE DOT} {name}" if low else f"{name} \N{MIDDLE DOT} {number}"

    texts = [
        Text(left, bottom - 12, end(True, "x"), "start", False, "end"),
        Text(right, bottom - 12, end(False, "x"), "end", False, "end"),
        Text(
            left + side / 2,
            bottom - 30,
            f"{settings.get('x_label', '')} \N{RIGHTWARDS ARROW}",
            "middle",
            False,
            "axis",
        ),
        Text(left - 6, bottom, end(True, "y"), "start", True, "end"),
        Text(left - 6, top, end(False, "y"), "end", True, "end"),
        Text(
            left - 24,
            bottom + side / 2,
            f"{settings.get('y_label', '')} \N{RIGHTWARDS ARROW}",
            "middle",
            True,
            "axis",
        ),
    ]
    corners: list[tuple[float, float, Anchor]] = [
        (left + 6, top - 14, "start"),
        (right - 6, top - 14, "end"),
        (left + 6, bottom + 6, "start"),
        (right - 6, bottom + 6, "end"),
    ]
    names = list(settings.get("quadrants") or [])
    for (x, y, anchor), name in zip(corners, names, strict=False):
        if name:
            texts.append(Text(x, y, str(name), anchor, False, "quadrant"))
    return texts


# --- PDF -------------------------------------------------------------------------------------------

SIZES: dict[Kind, float] = {"quadrant": 8.0, "end": 7.0, "axis": 9.0}
# The results page draws the same text larger: its plot is about as wide as a phone, whose reader
# needs 12 px at the least (the PDF is read on paper, closer up). The margins leave it room.
PAGE_TEXT = 1.9


def drawing(shape: Plot, kit: PdfKit) -> Drawing:
    """The plot as vector graphics: quadrants, axes' words, then the spreads under the dots."""
    out = Drawing(shape.width, shape.height)
    left, bottom, side = shape.left, shape.bottom, shape.side
    area = pdf_kit.rect(left, bottom, side, side, SOFT)
    area.strokeColor, area.strokeWidth = RULE, 0.8
    out.add(area)
    half = side / 2
    for x1, y1, x2, y2 in (
        (left + half, bottom, left + half, bottom + side),
        (left, bottom + half, left + side, bottom + half),
    ):
        out.add(Line(x1, y1, x2, y2, strokeColor=RULE, strokeWidth=0.8, strokeDashArray=[3, 2]))
    for text in shape.texts:
        font = kit.font.bold if text.kind != "end" else kit.font.regular
        words = pdf_kit.label(
            0, 0, text.text, font, SIZES[text.kind], INK if text.kind == "axis" else MUTED, text.anchor
        )
        group = Group(words)
        group.translate(text.x, text.y)
        if text.upright:
            group.rotate(90)
        out.add(group)
    for dot in shape.dots:
        colour = colors.HexColor(dot.colour)
        if dot.rx or dot.ry:
            spread = Ellipse(dot.x, dot.y, max(dot.rx, 0.5), max(dot.ry, 0.5))
            spread.fillColor = colors.Color(colour.red, colour.green, colour.blue, alpha=0.12)
            spread.strokeColor = colour
            spread.strokeWidth = 0.8
            spread.strokeDashArray = [2, 1.5]
            out.add(spread)
    # The mean points (with a line to a badge that moved) under every badge, so none hides a number.
    for dot in shape.dots:
        fill = colors.HexColor(dot.colour)
        if (dot.badge_x, dot.badge_y) != (dot.x, dot.y):
            out.add(Line(dot.x, dot.y, dot.badge_x, dot.badge_y, strokeColor=fill, strokeWidth=1))
        out.add(Ellipse(dot.x, dot.y, 2.5, 2.5, fillColor=fill, strokeColor=colors.white, strokeWidth=0.6))
    for dot in shape.dots:
        fill = colors.HexColor(dot.colour)
        out.add(
            Ellipse(
                dot.badge_x, dot.badge_y, DOT, DOT, fillColor=fill, strokeColor=colors.white, strokeWidth=1
            )
        )
        number = pdf_kit.label(
            dot.badge_x, dot.badge_y - 2.5, str(dot.number), kit.font.bold, 7, colors.white, "middle"
        )
        out.add(number)
    return out


# --- the results page's SVG (y down) ---------------------------------------------------------------


def svg(shape: Plot) -> dict[str, Any]:
    flip = shape.height

    def y(value: float) -> float:
        return round(flip - value, 1)

    return {
        "width": round(shape.width),
        "height": round(shape.height),
        "left": shape.left,
        "top": y(shape.bottom + shape.side),
        "side": shape.side,
        "mid_x": round(shape.left + shape.side / 2, 1),
        "mid_y": y(shape.bottom + shape.side / 2),
        "bottom": y(shape.bottom),
        "texts": [
            {
                "x": round(t.x, 1),
                "y": y(t.y),
                "text": t.text,
                "anchor": t.anchor,
                "upright": t.upright,
                "size": round(SIZES[t.kind] * PAGE_TEXT, 1),
                "bold": t.kind != "end",
                "ink": t.kind == "axis",
            }
            for t in shape.texts
        ],
        "dots": [
            {
                "number": d.number,
                "label": d.label,
                "x": round(d.x, 1),
                "y": y(d.y),
                "rx": round(d.rx, 1),
                "ry": round(d.ry, 1),
                "colour": d.colour,
                "badge_x": round(d.badge_x, 1),
                "badge_y": y(d.badge_y),
            }
            for d in shape.dots
        ],
    }
