"""Scales and agree-disagree statements: each statement (an option) rated 1..steps, or skipped."""

from typing import Any

from pydantic import Field

from poll_service.errors import InvalidInput
from poll_service.question_types.base import (
    MAX_OPTIONS,
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


class ScaleSettings(Strict):
    steps: int = Field(default=5, ge=2, le=10)
    min_label: str = Field(default="", max_length=60)
    max_label: str = Field(default="", max_length=60)
    allow_skip: bool = True
    allow_change: bool = True


class ScaleAnswer(AnswerBody):
    ratings: dict[str, int | None] = Field(min_length=1, max_length=MAX_OPTIONS)


def check_ratings(answer: Any, options: Options, settings: Settings) -> Answer:
    ids = list(answer.ratings)
    check_known(ids, options, "ratings")
    missing = option_ids(options) - set(ids)
    if missing:
        raise InvalidInput("ratings must rate every statement (use null to skip one)")
    steps = int(settings["steps"])
    for statement, value in answer.ratings.items():
        if value is None:
            if not settings.get("allow_skip", True):
                raise InvalidInput("skipping a statement is not allowed for this question")
        elif not 1 <= value <= steps:
            raise InvalidInput(f"rating for {statement} must be between 1 and {steps}")
    return {"ratings": dict(answer.ratings)}


class ScaleTally:
    """Per statement: how many chose each step, the mean, and how many skipped."""

    def __init__(self, options: Options, settings: Settings) -> None:
        self.steps = int(settings.get("steps", 5))
        self.distribution = {o["id"]: [0] * self.steps for o in options}
        self.skipped = dict.fromkeys((o["id"] for o in options), 0)

    def _apply(self, answer: Answer, delta: int) -> None:
        for statement, value in answer.get("ratings", {}).items():
            if statement not in self.distribution:
                continue
            if value is None:
                self.skipped[statement] = max(0, self.skipped[statement] + delta)
            elif 1 <= value <= self.steps:
                bucket = self.distribution[statement]
                bucket[value - 1] = max(0, bucket[value - 1] + delta)

    def add(self, answer: Answer) -> None:
        self._apply(answer, 1)

    def remove(self, answer: Answer) -> None:
        self._apply(answer, -1)

    def snapshot(self) -> dict[str, Any]:
        statements = {}
        for statement, counts in self.distribution.items():
            n = sum(counts)
            mean = sum((i + 1) * c for i, c in enumerate(counts)) / n if n else None
            statements[statement] = {
                "distribution": list(counts),
                "count": n,
                "mean": round(mean, 2) if mean is not None else None,
                "skipped": self.skipped[statement],
            }
        return {"steps": self.steps, "statements": statements}


def _valid(options: Options) -> list[Answer]:
    return [{"ratings": {o["id"]: 1 + (n + i) % 5 for i, o in enumerate(options)}} for n in range(3)] + [
        {"ratings": {o["id"]: None if i == 0 else 3 for i, o in enumerate(options)}}
    ]


def _invalid(options: Options) -> list[Any]:
    first = options[0]["id"]
    every = {o["id"]: 3 for o in options}
    return [
        {},
        {"ratings": {}},
        {"ratings": {first: 3}},  # every statement is rated (or skipped with null)
        {"ratings": {**every, first: 6}},
        {"ratings": {**every, first: 0}},
        {"ratings": {**every, "not a statement": 3}},
        {"ratings": {**every, first: "three"}},
    ]


# ----- the phone's form without scripts (field `rate.<id>`: 1..steps or "skip"), and result rows -----
SKIP = "skip"


def read_ratings(question: Question, fields: Fields) -> Values:
    return {"rate": {o["id"]: posted(fields, f"rate.{o['id']}") for o in question["options"]}}


def stored_ratings(question: Question, mine: Answer | None) -> Values:
    ratings = mine.get("ratings", {}) if mine else {}
    return {"rate": {k: SKIP if v is None else str(v) for k, v in ratings.items()}}


def ratings_body(question: Question, values: Values) -> Answer:
    settings = question["settings"]
    steps = int(settings["steps"])
    skip = bool(settings.get("allow_skip", True))
    ratings: dict[str, int | None] = {}
    for o in question["options"]:
        raw = values["rate"].get(o["id"], "")
        number = whole(raw)
        if number is not None and 1 <= number <= steps:
            ratings[o["id"]] = number
        elif skip and raw in ("", SKIP):
            ratings[o["id"]] = None  # left open, or skipped on purpose
        else:
            raise FormProblem("phone.error_rate")
    if all(v is None for v in ratings.values()):
        raise FormProblem("phone.error_rate_one")
    return {"ratings": ratings}


def scale_rows(question: Question, result: dict[str, Any], limits: RowLimits) -> list[Row]:
    """Each statement's mean out of the steps, with a meter from the lowest step to the highest."""
    tally = result["tally"]
    steps = int(tally.get("steps", 5))
    rows = []
    for o in question["options"]:
        mean = tally.get("statements", {}).get(o["id"], {}).get("mean")
        shown = fixed(mean, 1) if mean is not None else "\N{EN DASH}"
        meter = 100 * (mean - 1) / (steps - 1) if mean is not None and steps > 1 else 0
        rows.append(row(o["label"], f"{shown} / {steps}", meter))
    return rows


TYPE = QuestionType(
    "scale",
    ScaleSettings,
    1,
    20,
    ScaleAnswer,
    check_ratings,
    ScaleTally,
    Examples({"options": labelled("The talk was clear", "I learned something")}, _valid, _invalid),
    phone_form=PhoneForm(read_ratings, stored_ratings, ratings_body),
    result_rows=scale_rows,
)
