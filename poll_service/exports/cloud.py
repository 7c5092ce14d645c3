"""Word cloud layout, shared by the PDF (reportlab drawing) and the results page (inline SVG).

Pure and deterministic: the same words give the same picture. Font size follows the count (the
square root of its share of the top count, so a word's area grows with its mentions), the most
frequent word sits in the middle, and every next word goes to the first free spot on an elliptical
spiral around it. Free space is tracked on a 2-point grid of bit masks (one int per grid row), so
150 words are placed in a few tens of milliseconds. A word that finds no spot is left out of the
picture (the table next to it lists every word); words are never turned, never overlap and never
leave the box.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

from poll_service.exports.pdf_fonts import text_width

GRID = 2.0  # points per grid cell
ASCENT, DESCENT = 0.80, 0.22  # of the font size: the ink of Latin letters with accents and descenders
MAX_PROBES = 6000  # spiral positions tried per word before it is left out
GIVE_UP_AFTER = 12  # consecutive words without a spot: the cloud is full
FILL = 0.42  # the share of the box that the words' boxes may cover
MIN_FACTOR = 0.72  # shrink many words at most this far (7.5 pt becomes 5.4 pt)
GROW_FILL = 0.26  # a few words grow until their boxes cover this share of the box
MAX_FACTOR = 1.5
ATTEMPTS = 4


@dataclass(frozen=True)
class PlacedWord:
    text: str
    count: int
    rank: int  # 0 = the most frequent word
    x: float  # horizontal centre
    baseline: float  # from the bottom of the box
    size: float  # font size in points
    width: float  # advance width of the text at that size


@dataclass(frozen=True)
class Cloud:
    width: float
    height: float
    words: list[PlacedWord]
    left_out: int  # words that found no spot


def cloud_height(word_count: int) -> float:
    """A box tall enough for the number of words: a few words need little room."""
    if word_count <= 3:
        return 110.0
    if word_count <= 12:
        return 150.0
    if word_count <= 40:
        return 190.0
    if word_count <= 80:
        return 230.0
    return 260.0


def size_range(word_count: int) -> tuple[float, float]:
    """(smallest, largest) font size for a cloud of this many words."""
    if word_count <= 3:
        return 14.0, 40.0
    if word_count <= 12:
        return 11.0, 36.0
    if word_count <= 40:
        return 9.0, 32.0
    return 7.5, 28.0


def font_size(count: int, top: int, smallest: float, largest: float) -> float:
    """Grows with the count: the top count gets the largest size, a word's area follows its count."""
    if top <= 0:
        return smallest
    return max(smallest, largest * math.sqrt(max(count, 0) / top))


def layout(words: Sequence[tuple[str, int]], width: float, height: float, font: str) -> Cloud:
    """Place (text, count) pairs, most frequent first, in a width x height box (points, y up)."""
    if not words:
        return Cloud(width, height, [], 0)
    top = max(count for _, count in words)
    smallest, largest = size_range(len(words))
    units = [text_width(text, font, 1) for text, _ in words]
    sizes = [font_size(count, top, smallest, largest) for _, count in words]
    # Many words: shrink them all alike until their boxes cover at most FILL of the box, which a
    # spiral layout can still pack. A few words: grow them alike (to at most MAX_FACTOR) so they
    # fill the box rather than huddle in its middle. Sizes keep following the counts either way.
    need = sum(u * s * (ASCENT + DESCENT) * s for u, s in zip(units, sizes, strict=True))
    factor = 1.0
    if need > FILL * width * height:
        factor = max(MIN_FACTOR, math.sqrt(FILL * width * height / need))
    elif need and need < GROW_FILL * width * height:
        factor = min(MAX_FACTOR, math.sqrt(GROW_FILL * width * height / need))
    # Words left out: try again a little smaller, a few times.
    best: Cloud | None = None
    for _ in range(ATTEMPTS):
        cloud = _place(words, units, [s * factor for s in sizes], width, height)
        if best is None or len(cloud.words) > len(best.words):
            best = cloud
        if not cloud.left_out or factor <= MIN_FACTOR:
            break
        factor = max(MIN_FACTOR, factor * 0.85)
    assert best is not None
    return best


def _place(
    words: Sequence[tuple[str, int]], units: list[float], sizes: list[float], width: float, height: float
) -> Cloud:
    columns, rows = int(width // GRID), int(height // GRID)
    occupied = [0] * rows
    probes = _spiral(round(width), round(height))
    placed: list[PlacedWord] = []
    # Per spiral direction: (box width, box height, first probe that was free for it). The grid only
    # fills up, so a box at least as wide and tall collides at every probe before that one too.
    tried: dict[int, list[tuple[float, float, int]]] = {}
    misses = 0
    for rank, (text, count) in enumerate(words):
        if misses >= GIVE_UP_AFTER:
            break
        unit, size = units[rank], sizes[rank]
        if unit > 0:
            size = min(size, (width - 8) / unit)  # a very long word is made to fit the box's width
        pad = 0.8 + size * 0.07
        box_w = unit * size + 2 * pad
        box_h = (ASCENT + DESCENT) * size + 2 * pad
        known = tried.setdefault(rank % 4, [])
        start = max((i for w, h, i in known if w <= box_w and h <= box_h), default=0)
        index, spot = _find_spot(occupied, columns, rows, width, height, box_w, box_h, probes, rank, start)
        known.append((box_w, box_h, index))
        if spot is None:
            misses += 1
            continue
        misses = 0
        left, bottom = spot
        _occupy(occupied, left, bottom, box_w, box_h)
        placed.append(
            PlacedWord(
                text=text,
                count=count,
                rank=rank,
                x=left + box_w / 2,
                baseline=bottom + pad + DESCENT * size,
                size=size,
                width=unit * size,
            )
        )
    return Cloud(width, height, _centred(placed, width, height), len(words) - len(placed))


def _centred(placed: list[PlacedWord], width: float, height: float) -> list[PlacedWord]:
    """The same words moved together so that the ink sits in the middle of the box."""
    if not placed:
        return placed
    left = min(w.x - w.width / 2 for w in placed)
    right = max(w.x + w.width / 2 for w in placed)
    bottom = min(w.baseline - DESCENT * w.size for w in placed)
    top = max(w.baseline + ASCENT * w.size for w in placed)
    dx = (width - right - left) / 2
    dy = (height - top - bottom) / 2
    return [replace(w, x=w.x + dx, baseline=w.baseline + dy) for w in placed]


@cache
def _spiral(width: int, height: int) -> tuple[tuple[float, float], ...]:
    """Offsets from the centre along an ellipse-shaped spiral that fills the box, about 3 pt apart."""
    ratio = width / height if height else 1.0
    reach = math.hypot(height / 2, width / 2 / ratio) + 4
    growth = 1.1  # radius per radian, in the box's height units
    points: list[tuple[float, float]] = [(0.0, 0.0)]
    angle = 0.0
    while len(points) < MAX_PROBES:
        radius = growth * angle
        if radius > reach:
            break
        angle += max(0.04, min(0.6, 3.0 / max(radius * ratio, 1.0)))
        points.append((radius * ratio * math.cos(angle), radius * math.sin(angle)))
    return tuple(points)


def _find_spot(
    occupied: list[int],
    columns: int,
    rows: int,
    width: float,
    height: float,
    box_w: float,
    box_h: float,
    probes: tuple[tuple[float, float], ...],
    rank: int,
    start: int,
) -> tuple[int, tuple[float, float] | None]:
    """(index of the first free probe, its box's lower left corner), or (len(probes), None)."""
    if box_w > width or box_h > height:
        return len(probes), None
    # Each word walks the spiral mirrored in its own way, so words spread to every side.
    flip_x = -1.0 if rank % 2 else 1.0
    flip_y = -1.0 if rank % 4 in (1, 2) else 1.0
    centre_x, centre_y = width / 2, height / 2
    for index in range(start, len(probes)):
        dx, dy = probes[index]
        left = centre_x + flip_x * dx - box_w / 2
        bottom = centre_y + flip_y * dy - box_h / 2
        if left < 0 or bottom < 0 or left + box_w > width or bottom + box_h > height:
            continue
        first_col, last_col = int(left / GRID), min(columns, math.ceil((left + box_w) / GRID))
        mask = ((1 << (last_col - first_col)) - 1) << first_col
        first_row, last_row = int(bottom / GRID), min(rows, math.ceil((bottom + box_h) / GRID))
        if not any(occupied[row] & mask for row in range(first_row, last_row)):
            return index, (left, bottom)
    return len(probes), None


def _occupy(occupied: list[int], left: float, bottom: float, box_w: float, box_h: float) -> None:
    rows = len(occupied)
    first_col, last_col = int(left / GRID), math.ceil((left + box_w) / GRID)
    mask = ((1 << (last_col - first_col)) - 1) << first_col
    for row in range(int(bottom / GRID), min(rows, math.ceil((bottom + box_h) / GRID))):
        occupied[row] |= mask
