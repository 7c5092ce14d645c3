"""What each question type accepts: its settings, its options and the answers a participant may give.

One entry per type in QUESTION_TYPES; the room, response and results code asks this module instead
of branching on the type, so a new type is a new entry here plus its tally in responses/tally.py.
"""

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from poll_service.errors import InvalidInput

MAX_OPTIONS = 30
MAX_OPTION_LABEL = 200


class OptionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str | None = Field(default=None, max_length=32, description="keep an option's id on edit")
    label: str = Field(min_length=1, max_length=MAX_OPTION_LABEL)
    correct: bool = False


class MultipleChoiceSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    multi_select: bool = False
    max_choices: int | None = Field(default=None, ge=1, le=MAX_OPTIONS)
    allow_change: bool = True
    chart: Literal["bars", "donut"] = "bars"


class MultipleChoiceAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question_id: str = Field(max_length=32)
    choice_ids: list[str] = Field(min_length=1, max_length=MAX_OPTIONS)


@dataclass(frozen=True)
class QuestionType:
    name: str
    settings_model: type[BaseModel]
    min_options: int
    max_options: int

    def clean_settings(self, raw: dict[str, Any] | None, options: list[dict[str, Any]]) -> dict[str, Any]:
        try:
            settings = self.settings_model.model_validate(raw or {})
        except ValidationError as exc:
            raise InvalidInput(f"invalid settings: {_first_error(exc)}") from exc
        values = settings.model_dump()
        if isinstance(settings, MultipleChoiceSettings):
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
            raise InvalidInput(
                f"a {self.name} question needs {self.min_options} to {self.max_options} options, "
                f"got {len(options)}"
            )
        labels = [o.label.strip().casefold() for o in options]
        if len(set(labels)) != len(labels):
            raise InvalidInput("options must have different labels")
        if any(not o.label.strip() for o in options):
            raise InvalidInput("an option label cannot be blank")


QUESTION_TYPES: dict[str, QuestionType] = {
    "multiple_choice": QuestionType(
        name="multiple_choice",
        settings_model=MultipleChoiceSettings,
        min_options=2,
        max_options=MAX_OPTIONS,
    ),
}


def question_type(name: str) -> QuestionType:
    try:
        return QUESTION_TYPES[name]
    except KeyError:
        known = ", ".join(sorted(QUESTION_TYPES))
        raise InvalidInput(f"unknown question type {name!r}; known types: {known}") from None


def parse_answer(
    question_type_name: str, options: list[dict[str, Any]], settings: dict[str, Any], body: Any
) -> dict[str, Any]:
    """Validate a response body against its question; returns the answer as stored."""
    if question_type_name != "multiple_choice":
        raise InvalidInput(f"question type {question_type_name!r} takes no responses")
    try:
        answer = MultipleChoiceAnswer.model_validate(body)
    except ValidationError as exc:
        raise InvalidInput(f"invalid response: {_first_error(exc)}") from exc
    chosen = answer.choice_ids
    if len(set(chosen)) != len(chosen):
        raise InvalidInput("choice_ids contains the same option twice")
    valid = {o["id"] for o in options}
    unknown = [c for c in chosen if c not in valid]
    if unknown:
        raise InvalidInput(f"choice_ids has ids that are not options of this question: {unknown[:3]}")
    limit = int(settings.get("max_choices") or 1)
    if len(chosen) > limit:
        raise InvalidInput(f"at most {limit} choice(s) allowed, got {len(chosen)}")
    return {"choice_ids": chosen}


def allows_change(settings: dict[str, Any]) -> bool:
    return bool(settings.get("allow_change", True))


def public_options(options: list[dict[str, Any]], *, reveal_answers: bool) -> list[dict[str, Any]]:
    """Options as the API shows them; `correct` only for the organiser (or once revealed)."""
    if reveal_answers:
        return [dict(o) for o in options]
    return [{"id": o["id"], "label": o["label"]} for o in options]


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"]) or "body"
    return f"{where}: {err['msg']}"
