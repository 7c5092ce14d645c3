"""What each question type accepts: its settings, its options and the answers a participant may give.

One QuestionType per type in QUESTION_TYPES; the room, response and results code asks this module
instead of branching on the type, so a new type is a new entry here plus its tally in
responses/tally.py. Every type is created from `{type, prompt}` plus `options` where it has them;
settings have defaults. docs/question-types.md documents bodies, settings and tallies.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, ValidationError, model_validator

from poll_service.errors import InvalidInput
from poll_service.text import MAX_WORD_KEY, MAX_WORD_LENGTH, clean_text, fold_key, max_code_points

MAX_OPTIONS = 30
MAX_OPTION_LABEL = 200


class OptionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str | None = Field(default=None, max_length=32, description="keep an option's id on edit")
    label: str = Field(min_length=1, max_length=MAX_OPTION_LABEL)
    correct: StrictBool = Field(default=False, description="quiz: a right answer")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


Moderation = Literal["off", "filter", "approve"]


# ----- settings -----
class MultipleChoiceSettings(_Strict):
    multi_select: bool = False
    max_choices: int | None = Field(default=None, ge=1, le=MAX_OPTIONS)
    allow_change: bool = True
    chart: Literal["bars", "donut"] = "bars"


class QuizSettings(_Strict):
    """Multiple choice with right answers, a time limit and points (docs/quiz-and-self-paced.md)."""

    multi_select: bool = False
    max_choices: int | None = Field(default=None, ge=1, le=MAX_OPTIONS)
    # One answer counts: a changed answer could otherwise chase the points.
    allow_change: bool = False
    chart: Literal["bars", "donut"] = "bars"
    time_limit_s: int = Field(default=20, ge=5, le=300)
    points: int = Field(default=1000, ge=0, le=10000)
    speed_bonus: bool = True
    # Phones and the screen show the right answer as soon as voting on it closes (else: "reveal").
    reveal_on_close: bool = True
    # Phones see the counts only after voting closes (so nobody copies the crowd).
    hide_results_until_closed: bool = True


class WordCloudSettings(_Strict):
    max_entries: int = Field(default=3, ge=1, le=3)
    multiple_submissions: bool = False
    max_submissions: int = Field(default=5, ge=1, le=20)
    max_length: int = Field(default=40, ge=1, le=MAX_WORD_LENGTH)
    allow_change: bool = True
    moderation: Moderation = "off"


class OpenTextSettings(_Strict):
    max_length: int = Field(default=280, ge=1, le=1000)
    multiple_submissions: bool = False
    max_submissions: int = Field(default=5, ge=1, le=20)
    allow_change: bool = True
    layout: Literal["wall", "grid"] = "wall"
    moderation: Moderation = "off"


class ScaleSettings(_Strict):
    steps: int = Field(default=5, ge=2, le=10)
    min_label: str = Field(default="", max_length=60)
    max_label: str = Field(default="", max_length=60)
    allow_skip: bool = True
    allow_change: bool = True


class RankingSettings(_Strict):
    allow_change: bool = True


class PointsSettings(_Strict):
    total: int = Field(default=100, ge=1, le=1000)
    allow_change: bool = True


# ----- answers (the response body without question_id) -----
class _Answer(_Strict):
    question_id: str = Field(max_length=32)


class MultipleChoiceAnswer(_Answer):
    choice_ids: list[str] = Field(min_length=1, max_length=MAX_OPTIONS)


class WordCloudAnswer(_Answer):
    # Each entry is checked again in characters as people count them (settings.max_length).
    entries: list[Annotated[str, Field(max_length=max_code_points(MAX_WORD_LENGTH) + 16)]] = Field(
        min_length=1, max_length=3
    )


class OpenTextAnswer(_Answer):
    text: str = Field(min_length=1, max_length=4000)


class ScaleAnswer(_Answer):
    ratings: dict[str, int | None] = Field(min_length=1, max_length=MAX_OPTIONS)


class RankingAnswer(_Answer):
    order: list[str] = Field(min_length=2, max_length=10)


class PointsAnswer(_Answer):
    points: dict[str, int] = Field(min_length=1, max_length=MAX_OPTIONS)

    @model_validator(mode="after")
    def _non_negative(self) -> "PointsAnswer":
        if any(v < 0 for v in self.points.values()):
            raise ValueError("points cannot be negative")
        return self


Options = list[dict[str, Any]]
Settings = dict[str, Any]


def _option_ids(options: Options) -> set[str]:
    return {str(o["id"]) for o in options}


def _check_known(ids: list[str], options: Options, field: str) -> None:
    known = _option_ids(options)
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise InvalidInput(f"{field} has ids that are not options of this question: {unknown[:3]}")
    if len(set(ids)) != len(ids):
        raise InvalidInput(f"{field} names the same option twice")


def _multiple_choice(answer: Any, options: Options, settings: Settings) -> dict[str, Any]:
    chosen: list[str] = answer.choice_ids
    _check_known(chosen, options, "choice_ids")
    limit = int(settings.get("max_choices") or 1)
    if len(chosen) > limit:
        raise InvalidInput(f"at most {limit} choice(s) allowed, got {len(chosen)}")
    return {"choice_ids": chosen}


def _word_cloud(answer: Any, options: Options, settings: Settings) -> dict[str, Any]:
    limit = int(settings["max_entries"])
    if len(answer.entries) > limit:
        raise InvalidInput(f"at most {limit} word(s) per submission")
    words = [
        clean_text(e, max_graphemes=int(settings["max_length"]), field="entries") for e in answer.entries
    ]
    if any(len(fold_key(word)) > MAX_WORD_KEY for word in words):  # what a presenter can hide
        raise InvalidInput(f"entries is longer than {settings['max_length']} characters")
    return {"entries": words}


def _open_text(answer: Any, options: Options, settings: Settings) -> dict[str, Any]:
    text = clean_text(answer.text, max_graphemes=int(settings["max_length"]), single_line=False)
    return {"text": text}


def _scale(answer: Any, options: Options, settings: Settings) -> dict[str, Any]:
    ids = list(answer.ratings)
    _check_known(ids, options, "ratings")
    missing = _option_ids(options) - set(ids)
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


def _ranking(answer: Any, options: Options, settings: Settings) -> dict[str, Any]:
    _check_known(answer.order, options, "order")
    if len(answer.order) != len(options):
        raise InvalidInput(f"order must list all {len(options)} items once")
    return {"order": list(answer.order)}


def _points(answer: Any, options: Options, settings: Settings) -> dict[str, Any]:
    _check_known(list(answer.points), options, "points")
    total = int(settings["total"])
    spent = sum(answer.points.values())
    if spent > total:
        raise InvalidInput(f"at most {total} points can be spread, got {spent}")
    if spent == 0:
        raise InvalidInput("give at least one point")
    return {"points": {k: v for k, v in answer.points.items() if v}}


@dataclass(frozen=True)
class QuestionType:
    name: str
    settings_model: type[BaseModel]
    min_options: int
    max_options: int
    answer_model: type[_Answer]
    check_answer: Callable[[Any, Options, Settings], dict[str, Any]]
    # Options may (and at least one must) carry `correct: true` (quiz).
    marks_correct: bool = False

    def clean_settings(self, raw: Settings | None, options: Options) -> Settings:
        try:
            settings = self.settings_model.model_validate(raw or {})
        except ValidationError as exc:
            raise InvalidInput(f"invalid settings: {_first_error(exc)}") from exc
        values = settings.model_dump()
        if isinstance(settings, MultipleChoiceSettings | QuizSettings):
            limit = len(options) if settings.multi_select else 1
            if settings.max_choices is None:
                values["max_choices"] = limit
            elif settings.max_choices > limit:
                raise InvalidInput(
                    f"invalid settings: max_choices {settings.max_choices} exceeds {limit}"
                    + ("" if settings.multi_select else " (multi_select is off)")
                )
        return values

    def check_options(self, options: list[OptionIn]) -> None:
        if not self.min_options <= len(options) <= self.max_options:
            if self.max_options == 0:
                raise InvalidInput(f"a {self.name} question has no options")
            raise InvalidInput(
                f"a {self.name} question needs {self.min_options} to {self.max_options} options, "
                f"got {len(options)}"
            )
        labels = [o.label.strip().casefold() for o in options]
        if any(not label for label in labels):
            raise InvalidInput("an option label cannot be blank")
        if len(set(labels)) != len(labels):
            raise InvalidInput("options must have different labels")
        marked = any(o.correct for o in options)
        if self.marks_correct and not marked:
            raise InvalidInput(f"a {self.name} question needs at least one option with correct: true")
        if marked and not self.marks_correct:
            raise InvalidInput(f"only quiz options can be marked correct, not {self.name} options")

    def parse_answer(self, options: Options, settings: Settings, body: Any) -> dict[str, Any]:
        try:
            answer = self.answer_model.model_validate(body)
        except ValidationError as exc:
            raise InvalidInput(f"invalid response: {_first_error(exc)}") from exc
        return self.check_answer(answer, options, settings)


QUESTION_TYPES: dict[str, QuestionType] = {
    t.name: t
    for t in (
        QuestionType(
            "multiple_choice", MultipleChoiceSettings, 2, MAX_OPTIONS, MultipleChoiceAnswer, _multiple_choice
        ),
        QuestionType(
            "quiz", QuizSettings, 2, MAX_OPTIONS, MultipleChoiceAnswer, _multiple_choice, marks_correct=True
        ),
        QuestionType("word_cloud", WordCloudSettings, 0, 0, WordCloudAnswer, _word_cloud),
        QuestionType("open_text", OpenTextSettings, 0, 0, OpenTextAnswer, _open_text),
        QuestionType("scale", ScaleSettings, 1, 20, ScaleAnswer, _scale),
        QuestionType("ranking", RankingSettings, 2, 10, RankingAnswer, _ranking),
        QuestionType("points", PointsSettings, 2, 20, PointsAnswer, _points),
    )
}


def question_type(name: str) -> QuestionType:
    try:
        return QUESTION_TYPES[name]
    except KeyError:
        known = ", ".join(sorted(QUESTION_TYPES))
        raise InvalidInput(f"unknown question type {name!r}; known types: {known}") from None


def parse_answer(question_type_name: str, options: Options, settings: Settings, body: Any) -> dict[str, Any]:
    """Validate a response body against its question; returns the answer as stored."""
    return question_type(question_type_name).parse_answer(options, settings, body)


def allows_change(settings: Settings) -> bool:
    return bool(settings.get("allow_change", True))


def max_submissions(settings: Settings) -> int:
    """How many separate responses one participant may give (1 unless the type allows more)."""
    if settings.get("multiple_submissions"):
        return int(settings.get("max_submissions", 5))
    return 1


def public_options(options: Options, *, reveal_answers: bool) -> Options:
    """Options as the API shows them; `correct` only for the organiser (or once revealed)."""
    if reveal_answers:
        return [dict(o) for o in options]
    return [{"id": o["id"], "label": o["label"]} for o in options]


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"]) or "body"
    return f"{where}: {err['msg']}"
