"""Pin on image: each participant places one pin on the question's picture (`settings.image`); the
presenter shows the pins as a heat map.

A pin is `{x, y}`, each a fraction 0..1 of the picture's width and height from its top left
corner, so it means the same spot whatever size the picture is drawn at. The tally is a coarse
grid (GRID x GRID cells) plus the count: small and the same size whatever the crowd, so every push
stays far inside its budget; the exact pins are in the CSV/XLSX and in GET /api/rooms/{rid}/results
(`points`, recounted there, never pushed)."""

import math
from typing import Annotated, Any

from pydantic import Field, StrictFloat, StrictInt

from poll_service.errors import InvalidInput
from poll_service.question_types.base import (
    Answer,
    AnswerBody,
    Examples,
    Fields,
    FormProblem,
    Options,
    PhoneForm,
    Question,
    QuestionType,
    Row,
    RowLimits,
    Settings,
    Strict,
    Values,
    fixed,
    posted,
    row,
)

GRID = 20  # cells per side of the tally's grid: 400 small whole numbers, about 1 KB as JSON
DIGITS = 4  # a pin is stored to 1/10000 of the picture: finer than any finger
MAX_POINTS = 5000  # GET .../results lists at most this many pins (the oldest); the grid counts all
# The result rows' nine regions (3 x 3), named by arrows so the rows need no language.
REGIONS = ("\u2196", "\u2191", "\u2197", "\u2190", "\u25cf", "\u2192", "\u2199", "\u2193", "\u2198")

Fraction = Annotated[StrictFloat | StrictInt, Field(ge=0, le=1, allow_inf_nan=False)]


class PinImageSettings(Strict):
    allow_change: bool = True


class PinAnswer(AnswerBody):
    x: Fraction = Field(description="across the picture, 0 (left edge) to 1 (right edge)")
    y: Fraction = Field(description="down the picture, 0 (top edge) to 1 (bottom edge)")


def check_pin(answer: Any, options: Options, settings: Settings) -> Answer:
    x, y = float(answer.x), float(answer.y)
    if not (math.isfinite(x) and math.isfinite(y)):  # the model refuses them too; never stored
        raise InvalidInput("x and y must be numbers from 0 to 1")
    return {"x": round(x, DIGITS), "y": round(y, DIGITS)}


def cell_of(value: float) -> int:
    """The grid column (or row) a fraction falls in; the far edge (1.0) belongs to the last one."""
    return min(GRID - 1, max(0, int(value * GRID)))


def pin_of(answer: Answer) -> tuple[float, float] | None:
    """A stored answer's pin, or None for anything that is not one (never counted)."""
    x, y = answer.get("x"), answer.get("y")
    ok = all(isinstance(v, int | float) and not isinstance(v, bool) and 0 <= v <= 1 for v in (x, y))
    return (float(x), float(y)) if ok else None  # type: ignore[arg-type]


class PinTally:
    """Pins per grid cell (rows top to bottom, each left to right) and how many pins in all."""

    def __init__(self, _options: Options, _settings: Settings) -> None:
        self.cells = [[0] * GRID for _ in range(GRID)]
        self.count = 0

    def _apply(self, answer: Answer, delta: int) -> None:
        pin = pin_of(answer)
        if pin is None:
            return
        x, y = (cell_of(v) for v in pin)
        if delta < 0 and self.cells[y][x] == 0:
            return
        self.cells[y][x] += delta
        self.count += delta

    def add(self, answer: Answer) -> None:
        self._apply(answer, 1)

    def remove(self, answer: Answer) -> None:
        self._apply(answer, -1)

    def snapshot(self) -> dict[str, Any]:
        return {"grid": GRID, "cells": [list(r) for r in self.cells], "count": self.count}


def points_of(answers: list[Answer]) -> dict[str, Any]:
    """The exact pins for the results JSON (recounted, never pushed): [x, y] each, oldest first, at
    most MAX_POINTS of them; `points_truncated` says when there were more."""
    pins = [list(p) for p in map(pin_of, answers) if p is not None]
    return {"points": pins[:MAX_POINTS], "points_truncated": len(pins) > MAX_POINTS}


def region_counts(tally: dict[str, Any]) -> list[int]:
    """Pins in each third of the picture across and down (REGIONS' order)."""
    grid = int(tally.get("grid") or GRID)
    counts = [0] * 9
    for y, cells in enumerate(tally.get("cells") or []):
        for x, n in enumerate(cells):
            counts[3 * (3 * y // grid) + 3 * x // grid] += int(n)
    return counts


# ----- the phone's form without scripts (fields `x`, `y`: percent across and down), result rows -----
def read_pin(question: Question, fields: Fields) -> Values:
    return {"x": posted(fields, "x").strip(), "y": posted(fields, "y").strip()}


def stored_pin(question: Question, mine: Answer | None) -> Values:
    pin = pin_of(mine or {})
    if pin is None:
        return {"x": "", "y": ""}
    return {"x": percent_text(pin[0]), "y": percent_text(pin[1])}


def percent_text(fraction: float) -> str:
    """A fraction as the form's percent, at most two decimals and no trailing zeros ("37.5")."""
    return fixed(100 * fraction, 2).rstrip("0").rstrip(".") or "0"


def _percent(text: str) -> float | None:
    """A typed percentage 0-100 (a decimal comma too), or None."""
    cleaned = text.replace(",", ".").removesuffix("%").strip()
    if not cleaned or len(cleaned) > 12 or not cleaned.replace(".", "", 1).isdigit() or not cleaned.isascii():
        return None
    value = float(cleaned)
    return value if 0 <= value <= 100 else None


def pin_body(question: Question, values: Values) -> Answer:
    x, y = _percent(values["x"]), _percent(values["y"])
    if x is None or y is None:
        raise FormProblem("phone.error_pin")
    return {"x": round(x / 100, DIGITS), "y": round(y / 100, DIGITS)}


def pin_rows(question: Question, result: dict[str, Any], limits: RowLimits) -> list[Row]:
    """The regions of the picture that have pins, busiest first: each one's share of the pins."""
    counts = region_counts(result["tally"])
    total = sum(counts)
    busy = sorted((i for i in range(9) if counts[i]), key=lambda i: -counts[i])
    return [row(REGIONS[i], f"{fixed(100 * counts[i] / total)}%", 100 * counts[i] / total) for i in busy]


def _valid(options: Options) -> list[Answer]:
    return [{"x": 0, "y": 0}, {"x": 1, "y": 1}, {"x": 0.5, "y": 0.25}, {"x": 0.123456, "y": 0.9}]


def _invalid(options: Options) -> list[Any]:
    return [
        {},
        {"x": 0.5},
        {"x": -0.01, "y": 0.5},
        {"x": 0.5, "y": 1.01},
        {"x": 0.5, "y": 1e300},  # NaN and Infinity are tested apart (JSON has neither)
        {"x": "0.5", "y": 0.5},
        {"x": True, "y": 0.5},
        {"x": None, "y": 0.5},
        {"x": [0.5], "y": 0.5},
        {"x": 0.5, "y": 0.5, "z": 1},
        ["not an object"],
    ]


TYPE = QuestionType(
    "pin_image",
    PinImageSettings,
    0,
    0,
    PinAnswer,
    check_pin,
    PinTally,
    Examples({}, _valid, _invalid),
    phone_form=PhoneForm(read_pin, stored_pin, pin_body),
    result_rows=pin_rows,
    recount_extras=points_of,
    owns_image=True,
)
