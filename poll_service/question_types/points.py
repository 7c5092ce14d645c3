"""Points (100-point allocation): spread up to `total` points over the items."""

from typing import Any

from pydantic import Field, model_validator

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
    posted,
    row,
    whole,
)


class PointsSettings(Strict):
    total: int = Field(default=100, ge=1, le=1000)
    allow_change: bool = True


class PointsAnswer(AnswerBody):
    points: dict[str, int] = Field(min_length=1, max_length=MAX_OPTIONS)

    @model_validator(mode="after")
    def _non_negative(self) -> "PointsAnswer":
        if any(v < 0 for v in self.points.values()):
            raise ValueError("points cannot be negative")
        return self


def check_points(answer: Any, options: Options, settings: Settings) -> Answer:
    check_known(list(answer.points), options, "points")
    total = int(settings["total"])
    spent = sum(answer.points.values())
    if spent > total:
        raise InvalidInput(f"at most {total} points can be spread, got {spent}")
    if spent == 0:
        raise InvalidInput("give at least one point")
    return {"points": {k: v for k, v in answer.points.items() if v}}


class PointsTally:
    """Points spread over items: total per item and its share of all points given."""

    def __init__(self, options: Options, _settings: Settings) -> None:
        self.totals = dict.fromkeys((o["id"] for o in options), 0)

    def _apply(self, answer: Answer, delta: int) -> None:
        for item, value in answer.get("points", {}).items():
            if item in self.totals:
                self.totals[item] += delta * int(value)

    def add(self, answer: Answer) -> None:
        self._apply(answer, 1)

    def remove(self, answer: Answer) -> None:
        self._apply(answer, -1)

    def snapshot(self) -> dict[str, Any]:
        given = sum(self.totals.values())
        shares = {k: round(v / given, 4) if given else 0.0 for k, v in self.totals.items()}
        return {"totals": dict(self.totals), "shares": shares}


def _valid(options: Options) -> list[Answer]:
    first, second = options[0]["id"], options[1]["id"]
    return [{"points": {first: 100}}, {"points": {first: 30, second: 70}}, {"points": {second: 1, first: 0}}]


def _invalid(options: Options) -> list[Any]:
    first, second = options[0]["id"], options[1]["id"]
    return [
        {},
        {"points": {}},
        {"points": {first: 0}},
        {"points": {first: 60, second: 41}},
        {"points": {first: -1, second: 10}},
        {"points": {"not an item": 10}},
    ]


# ----- the phone's form without scripts (field `points.<id>`: a whole number), and result rows -----
def read_points(question: Question, fields: Fields) -> Values:
    return {"points": {o["id"]: posted(fields, f"points.{o['id']}").strip() for o in question["options"]}}


def stored_points(question: Question, mine: Answer | None) -> Values:
    given = (mine or {}).get("points")
    if not given:
        return {"points": {}}
    return {"points": {o["id"]: str(given.get(o["id"], 0)) for o in question["options"]}}


def points_body(question: Question, values: Values) -> Answer:
    total = int(question["settings"]["total"])
    given: dict[str, int] = {}
    for o in question["options"]:
        raw = values["points"].get(o["id"], "")
        number = whole(raw) if raw else 0
        if number is None:
            raise FormProblem("phone.error_points_number")
        given[o["id"]] = number
    spent = sum(given.values())
    if spent > total:
        raise FormProblem("phone.error_points_over", n=total)
    if spent == 0:
        raise FormProblem("phone.error_points_none")
    return {"points": given}


def points_rows(question: Question, result: dict[str, Any], limits: RowLimits) -> list[Row]:
    """Each option's share of all the points given."""
    shares = result["tally"].get("shares", {})
    return [
        row(o["label"], f"{fixed(100 * shares.get(o['id'], 0))}%", 100 * shares.get(o["id"], 0))
        for o in question["options"]
    ]


TYPE = QuestionType(
    "points",
    PointsSettings,
    2,
    20,
    PointsAnswer,
    check_points,
    PointsTally,
    Examples({"options": labelled("Parks", "Libraries", "Cycle paths")}, _valid, _invalid),
    phone_form=PhoneForm(read_points, stored_points, points_body),
    result_rows=points_rows,
)
