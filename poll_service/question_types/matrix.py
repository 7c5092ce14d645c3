"""A 2x2 matrix: each item (an option) is rated on two scales at once, x and y (effort and impact,
say), each 1..steps, or skipped; the presenter plots every item at its mean point with its spread.

The spread is the standard deviation of the ratings on each axis (of the people who rated the
item, not a sample estimate): 0 when everyone agrees, at most half the scale's span."""

import math
from typing import Annotated, Any

from pydantic import Field, StrictInt

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
    check_known,
    fixed,
    labelled,
    option_ids,
    posted,
    row,
    whole,
)

MAX_ITEMS = 12  # more dots than this no longer read on one plot
AXES = ("x", "y")
Name = Annotated[str, Field(max_length=40)]


class MatrixSettings(Strict):
    x_label: Name = "Effort"
    y_label: Name = "Impact"
    x_low: Name = "Low"
    x_high: Name = "High"
    y_low: Name = "Low"
    y_high: Name = "High"
    steps: int = Field(default=5, ge=2, le=10, description="steps on each axis")
    # The corners' names: top left, top right, bottom left, bottom right ("" leaves one unnamed).
    quadrants: list[Name] = Field(default_factory=lambda: ["", "", "", ""], min_length=4, max_length=4)
    allow_skip: bool = True
    allow_change: bool = True


class Point(Strict):
    x: StrictInt
    y: StrictInt


class MatrixAnswer(AnswerBody):
    ratings: dict[Annotated[str, Field(max_length=32)], Point | None] = Field(
        min_length=1, max_length=MAX_ITEMS
    )


def check_matrix(answer: Any, options: Options, settings: Settings) -> Answer:
    ids = list(answer.ratings)
    check_known(ids, options, "ratings")
    if option_ids(options) - set(ids):
        raise InvalidInput("ratings must rate every item (use null to skip one)")
    steps = int(settings["steps"])
    stored: dict[str, dict[str, int] | None] = {}
    for item, point in answer.ratings.items():
        if point is None:
            if not settings.get("allow_skip", True):
                raise InvalidInput("skipping an item is not allowed for this question")
            stored[item] = None
        elif not (1 <= point.x <= steps and 1 <= point.y <= steps):
            raise InvalidInput(f"ratings for {item} must have x and y between 1 and {steps}")
        else:
            stored[item] = {"x": point.x, "y": point.y}
    if all(v is None for v in stored.values()):
        raise InvalidInput("ratings must rate at least one item")
    return {"ratings": stored}


class MatrixTally:
    """Per item: how many rated it, the sums of its ratings and of their squares on each axis (whole
    numbers, so adding and removing never drifts), and how many skipped it."""

    def __init__(self, options: Options, settings: Settings) -> None:
        self.steps = int(settings.get("steps", 5))
        self.count = dict.fromkeys((o["id"] for o in options), 0)
        self.skipped = dict.fromkeys(self.count, 0)
        self.sums = {o["id"]: [0, 0, 0, 0] for o in options}  # x, y, x squared, y squared

    def _apply(self, answer: Answer, delta: int) -> None:
        for item, point in answer.get("ratings", {}).items():
            if item not in self.count:
                continue
            if point is None:
                self.skipped[item] = max(0, self.skipped[item] + delta)
                continue
            x, y = point.get("x"), point.get("y")
            if not (isinstance(x, int) and isinstance(y, int)):
                continue
            if delta < 0 and self.count[item] == 0:
                continue
            self.count[item] += delta
            for i, value in enumerate((x, y, x * x, y * y)):
                self.sums[item][i] += delta * value

    def add(self, answer: Answer) -> None:
        self._apply(answer, 1)

    def remove(self, answer: Answer) -> None:
        self._apply(answer, -1)

    def snapshot(self) -> dict[str, Any]:
        items = {}
        for item, n in self.count.items():
            sx, sy, qx, qy = self.sums[item]
            items[item] = {
                "count": n,
                "mean_x": round(sx / n, 2) if n else None,
                "mean_y": round(sy / n, 2) if n else None,
                "sd_x": _deviation(n, sx, qx),
                "sd_y": _deviation(n, sy, qy),
                "skipped": self.skipped[item],
            }
        return {"steps": self.steps, "items": items}


def _deviation(n: int, total: int, squares: int) -> float | None:
    """The standard deviation of n ratings from their sum and sum of squares (exact until the root)."""
    if not n:
        return None
    return round(math.sqrt(max(0, n * squares - total * total)) / n, 2)


# ----- the phone's form without scripts (fields `x.<id>`, `y.<id>`: 1..steps; `skip.<id>`) -----
def read_matrix(question: Question, fields: Fields) -> Values:
    ids = [o["id"] for o in question["options"]]
    values: Values = {axis: {i: posted(fields, f"{axis}.{i}") for i in ids} for axis in AXES}
    values["skip"] = {i: posted(fields, f"skip.{i}") == "1" for i in ids}
    return values


def stored_matrix(question: Question, mine: Answer | None) -> Values:
    ratings = mine.get("ratings", {}) if mine else {}
    values: Values = {axis: {k: str(v[axis]) for k, v in ratings.items() if v} for axis in AXES}
    values["skip"] = {k: v is None for k, v in ratings.items()}
    return values


def matrix_body(question: Question, values: Values) -> Answer:
    settings = question["settings"]
    steps = int(settings["steps"])
    skip = bool(settings.get("allow_skip", True))
    ratings: dict[str, dict[str, int] | None] = {}
    for o in question["options"]:
        item = o["id"]
        x, y = (whole(values[axis].get(item, "")) for axis in AXES)
        given = [values[axis].get(item, "") for axis in AXES]
        if skip and (values["skip"].get(item) or given == ["", ""]):
            ratings[item] = None  # skipped on purpose, or left open
        elif x is not None and y is not None and 1 <= x <= steps and 1 <= y <= steps:
            ratings[item] = {"x": x, "y": y}
        elif skip or any(given):
            raise FormProblem("phone.error_matrix_pair", x=settings["x_label"], y=settings["y_label"])
        else:
            raise FormProblem("phone.error_matrix_all")
    if all(v is None for v in ratings.values()):
        raise FormProblem("phone.error_matrix_one")
    return {"ratings": ratings}


def mean_pair(entry: dict[str, Any]) -> str:
    """x̄ · ȳ: the item's mean rating on the x axis, then on the y axis, one decimal each (an en
    dash when nobody rated it)."""
    mx, my = entry.get("mean_x"), entry.get("mean_y")
    if mx is None or my is None:
        return "\N{EN DASH}"
    return f"{fixed(mx, 1)} \N{MIDDLE DOT} {fixed(my, 1)}"


def matrix_rows(question: Question, result: dict[str, Any], limits: RowLimits) -> list[Row]:
    """Each item's x̄ · ȳ, with a meter for ȳ from the lowest step to the highest (how high the
    item sits on the plot)."""
    tally = result["tally"]
    steps = int(tally.get("steps", 5))
    rows = []
    for o in question["options"]:
        entry = tally.get("items", {}).get(o["id"], {})
        my = entry.get("mean_y")
        meter = 100 * (my - 1) / (steps - 1) if my is not None and steps > 1 else 0
        rows.append(row(o["label"], mean_pair(entry), meter))
    return rows


def _valid(options: Options) -> list[Answer]:
    def point(x: int, y: int) -> dict[str, int]:
        return {"x": x, "y": y}

    return [
        {"ratings": {o["id"]: point(1 + (n + i) % 5, 5 - (n * i) % 5) for i, o in enumerate(options)}}
        for n in range(3)
    ] + [{"ratings": {o["id"]: None if i == 0 else point(3, 3) for i, o in enumerate(options)}}]


def _invalid(options: Options) -> list[Any]:
    first = options[0]["id"]
    every = {o["id"]: {"x": 3, "y": 3} for o in options}
    return [
        {},
        {"ratings": {}},
        {"ratings": {first: {"x": 3, "y": 3}}},  # every item is present (null to skip)
        {"ratings": dict.fromkeys(every)},  # at least one is rated
        {"ratings": {**every, first: {"x": 6, "y": 3}}},
        {"ratings": {**every, first: {"x": 3, "y": 0}}},
        {"ratings": {**every, first: {"x": 3}}},
        {"ratings": {**every, first: {"x": 3, "y": 3, "z": 1}}},
        {"ratings": {**every, first: {"x": "3", "y": 3}}},
        {"ratings": {**every, first: {"x": True, "y": 3}}},
        {"ratings": {**every, first: 3}},
        {"ratings": {**every, "not an item": {"x": 3, "y": 3}}},
    ]


TYPE = QuestionType(
    "matrix",
    MatrixSettings,
    1,
    MAX_ITEMS,
    MatrixAnswer,
    check_matrix,
    MatrixTally,
    Examples({"options": labelled("New website", "Staff training", "Coffee machine")}, _valid, _invalid),
    phone_form=PhoneForm(read_matrix, stored_matrix, matrix_body),
    result_rows=matrix_rows,
)
