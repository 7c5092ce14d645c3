"""A number: each phone gives a number in the question's range (an estimate, "guess the number");
the result is a histogram with the mean and the median, and the right value, when the question
has one, for the presenter once voting closes (phones never see it)."""

import itertools
import math
import statistics
from collections import Counter
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import BaseModel, Field, StrictFloat, StrictInt

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

LIMIT = 1e9  # no bound, value or right answer beyond ±a billion
BINS = 10  # histogram columns, fewer when the range holds fewer possible values


class NumberSettings(Strict):
    min: float = Field(default=0, ge=-LIMIT, le=LIMIT, allow_inf_nan=False)
    max: float = Field(default=100, ge=-LIMIT, le=LIMIT, allow_inf_nan=False)
    decimals: int = Field(default=0, ge=0, le=3, description="digits a phone may give after the point")
    unit: str = Field(default="", max_length=16, description="shown after the number: km, €, %")
    correct: float | None = Field(
        default=None, ge=-LIMIT, le=LIMIT, allow_inf_nan=False, description="the right value, if any"
    )
    allow_change: bool = True


def finish_number_settings(settings: BaseModel, values: Settings, options: Options) -> Settings:
    low, high, decimals = values["min"], values["max"], values["decimals"]
    if not low < high:
        raise InvalidInput("invalid settings: min must be below max")
    for name in ("min", "max", "correct"):
        value = values[name]
        if value is not None and not _fits(value, decimals):
            raise InvalidInput(f"invalid settings: {name} has more than {decimals} decimals")
    if values["correct"] is not None and not low <= values["correct"] <= high:
        raise InvalidInput("invalid settings: correct must lie between min and max")
    return values


def _fits(value: float, decimals: int) -> bool:
    """Whether `value` has at most `decimals` digits after the point (as typed, not as a double)."""
    exponent = Decimal(repr(value)).normalize().as_tuple().exponent
    return isinstance(exponent, int) and -exponent <= decimals


class NumberAnswer(AnswerBody):
    value: StrictInt | StrictFloat


def check_number(answer: Any, options: Options, settings: Settings) -> Answer:
    value = float(answer.value)
    low, high, decimals = settings["min"], settings["max"], int(settings["decimals"])
    if not math.isfinite(value) or not low <= value <= high:
        raise InvalidInput(f"value must be a number from {_shown(low)} to {_shown(high)}")
    if not _fits(value, decimals):
        raise InvalidInput(f"value may have at most {decimals} decimals")
    return {"value": int(value) if decimals == 0 else round(value, decimals)}


def _shown(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


class Bins:
    """The histogram's columns over min..max: one per possible value when there are at most BINS
    of them (1 to 5 stars, say), else BINS of equal width."""

    def __init__(self, settings: Settings) -> None:
        self.low, self.high = float(settings["min"]), float(settings["max"])
        self.unit = 10.0 ** -int(settings.get("decimals", 0))
        possible = round((self.high - self.low) / self.unit) + 1
        self.each = possible <= BINS
        self.count = possible if self.each else BINS
        self.width = self.unit if self.each else (self.high - self.low) / BINS

    def index(self, value: float) -> int:
        if self.each:
            place = round((value - self.low) / self.unit)
        else:
            place = int((value - self.low) / self.width + 1e-9)  # an edge belongs to the bin above
        return max(0, min(self.count - 1, place))

    def spans(self) -> list[tuple[float, float]]:
        if self.each:
            return [(v, v) for v in (round(self.low + i * self.unit, 6) for i in range(self.count))]
        edges = [round(self.low + i * self.width, 6) for i in range(self.count)] + [self.high]
        return list(itertools.pairwise(edges))


class NumberTally:
    """How often each value was given; the snapshot has the histogram, mean and median."""

    def __init__(self, options: Options, settings: Settings) -> None:
        self.bins = Bins(settings)
        self.values: Counter[float] = Counter()

    def add(self, answer: Answer) -> None:
        if isinstance(answer.get("value"), int | float):
            self.values[answer["value"]] += 1

    def remove(self, answer: Answer) -> None:
        value = answer.get("value")
        if isinstance(value, int | float) and self.values.get(value, 0) > 0:
            self.values[value] -= 1
            if not self.values[value]:
                del self.values[value]

    def snapshot(self) -> dict[str, Any]:
        given = sorted(self.values.elements())
        counts = [0] * self.bins.count
        for value, n in self.values.items():
            counts[self.bins.index(value)] += n
        return {
            "count": len(given),
            "mean": round(statistics.fmean(given), 3) if given else None,
            "median": round(statistics.median(given), 3) if given else None,
            "bins": [
                {"from": a, "to": b, "count": n} for (a, b), n in zip(self.bins.spans(), counts, strict=True)
            ],
        }


# ----- the phone's form without scripts (field `value`), and result rows -----
def _form_values(question: Question, value: str) -> Values:
    """The number as typed, and the range as the form's help text says it."""
    settings = question["settings"]
    return {"value": value, "low": number_text(settings["min"]), "high": number_text(settings["max"])}


def read_number(question: Question, fields: Fields) -> Values:
    return _form_values(question, posted(fields, "value").strip())


def stored_number(question: Question, mine: Answer | None) -> Values:
    return _form_values(question, str(mine["value"]) if mine and "value" in mine else "")


def number_body(question: Question, values: Values) -> Answer:
    text = values["value"].replace(",", ".")  # a decimal comma, as Dutch phones type it
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise FormProblem("phone.error_number") from None
    if not value.is_finite() or len(text) > 24:
        raise FormProblem("phone.error_number")
    settings = question["settings"]
    if not settings["min"] <= value <= settings["max"]:
        raise FormProblem(
            "phone.error_number_range", low=_shown(settings["min"]), high=_shown(settings["max"])
        )
    exponent = value.normalize().as_tuple().exponent
    decimals = int(settings["decimals"])
    if isinstance(exponent, int) and -exponent > decimals:
        raise (
            FormProblem("phone.error_number_decimals", n=decimals)
            if decimals
            else FormProblem("phone.error_number_whole")
        )
    return {"value": float(value) if settings["decimals"] else int(value)}


def number_rows(question: Question, result: dict[str, Any], limits: RowLimits) -> list[Row]:
    """The histogram's columns, each its value or span, its count and a meter against the top one."""
    bins = result["tally"].get("bins", [])
    top = max((b["count"] for b in bins), default=0)
    return [row(bin_label(b), str(b["count"]), 100 * b["count"] / top if top else 0) for b in bins]


def bin_label(column: dict[str, Any]) -> str:
    """ "3" for a column of one value, "10-20" (an en dash) for a span."""
    low, high = number_text(column["from"]), number_text(column["to"])
    return low if low == high else f"{low}\N{EN DASH}{high}"


def number_text(value: float) -> str:
    """A number as the rows show it: at most two decimals (halves up, as the browser's toFixed), no
    trailing zeros."""
    text = fixed(value, 2).rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _valid(options: Options) -> list[Answer]:
    return [{"value": 0}, {"value": 42}, {"value": 100}, {"value": 42}]


def _invalid(options: Options) -> list[Any]:
    return [
        {},
        {"value": -1},
        {"value": 101},
        {"value": 4.5},  # no decimals by default
        {"value": "42"},
        {"value": True},
        {"value": None},
        {"value": 42, "extra": 1},
    ]


TYPE = QuestionType(
    "number",
    NumberSettings,
    0,
    0,
    NumberAnswer,
    check_number,
    NumberTally,
    Examples({}, _valid, _invalid),
    phone_form=PhoneForm(read_number, stored_number, number_body),
    result_rows=number_rows,
    finish_settings=finish_number_settings,
    secret_settings=("correct",),
)
