"""Multiple choice: pick one option (or up to `max_choices`); bars or a donut of the counts."""

from typing import Any, Literal

from pydantic import BaseModel, Field

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
    row,
)


class MultipleChoiceSettings(Strict):
    multi_select: bool = False
    max_choices: int | None = Field(default=None, ge=1, le=MAX_OPTIONS)
    allow_change: bool = True
    chart: Literal["bars", "donut"] = "bars"


class ChoiceAnswer(AnswerBody):
    choice_ids: list[str] = Field(min_length=1, max_length=MAX_OPTIONS)


def check_choices(answer: Any, options: Options, settings: Settings) -> Answer:
    chosen: list[str] = answer.choice_ids
    check_known(chosen, options, "choice_ids")
    limit = int(settings.get("max_choices") or 1)
    if len(chosen) > limit:
        raise InvalidInput(f"at most {limit} choice(s) allowed, got {len(chosen)}")
    return {"choice_ids": chosen}


def finish_choice_settings(settings: BaseModel, values: Settings, options: Options) -> Settings:
    """max_choices: as many as there are options with multi_select, else one."""
    multi_select = bool(values["multi_select"])
    limit = len(options) if multi_select else 1
    chosen = values["max_choices"]
    if chosen is None:
        values["max_choices"] = limit
    elif chosen > limit:
        raise InvalidInput(
            f"invalid settings: max_choices {chosen} exceeds {limit}"
            + ("" if multi_select else " (multi_select is off)")
        )
    return values


class ChoiceTally:
    """Counts per option; every option is present, with 0 when nobody chose it."""

    def __init__(self, options: Options, _settings: Settings) -> None:
        self.counts: dict[str, int] = dict.fromkeys((o["id"] for o in options), 0)

    def add(self, answer: Answer) -> None:
        for choice in answer.get("choice_ids", ()):
            if choice in self.counts:
                self.counts[choice] += 1

    def remove(self, answer: Answer) -> None:
        for choice in answer.get("choice_ids", ()):
            if self.counts.get(choice, 0) > 0:
                self.counts[choice] -= 1

    def snapshot(self) -> dict[str, Any]:
        return {"counts": dict(self.counts)}


def valid_choices(options: Options) -> list[Answer]:
    return [{"choice_ids": [o["id"]]} for o in options]


def invalid_choices(options: Options) -> list[Any]:
    first, second = options[0]["id"], options[1]["id"]
    return [
        {},
        {"choice_ids": []},
        {"choice_ids": "not a list"},
        {"choice_ids": ["not an option"]},
        {"choice_ids": [first, second]},  # one choice only by default
        {"choice_ids": [first], "extra": True},
        ["not an object"],
    ]


# ----- the phone's form without scripts (field `choice`, repeated), and result rows -----
def read_choices(question: Question, fields: Fields) -> Values:
    return {"choice": list(fields.get("choice", []))}


def stored_choices(question: Question, mine: Answer | None) -> Values:
    return {"choice": list(mine.get("choice_ids", [])) if mine else []}


def choices_body(question: Question, values: Values) -> Answer:
    chosen = values["choice"]
    limit = int(question["settings"].get("max_choices") or 1)
    if not chosen:
        raise FormProblem("phone.error_pick")
    if len(chosen) > limit:
        raise FormProblem("phone.error_too_many_choices", n=limit)
    return {"choice_ids": chosen}


CHOICE_FORM = PhoneForm(read_choices, stored_choices, choices_body)


def choice_rows(question: Question, result: dict[str, Any], limits: RowLimits) -> list[Row]:
    """Each option with its share of the responses, as whole percents."""
    counts = result["tally"].get("counts", {})
    total = int(result["response_count"])
    rows = []
    for o in question["options"]:
        percent = int(fixed(100 * counts.get(o["id"], 0) / total)) if total else 0
        rows.append(row(o["label"], f"{percent}%", percent))
    return rows


TYPE = QuestionType(
    "multiple_choice",
    MultipleChoiceSettings,
    2,
    MAX_OPTIONS,
    ChoiceAnswer,
    check_choices,
    ChoiceTally,
    Examples({"options": labelled("Yes", "No", "Not sure")}, valid_choices, invalid_choices),
    finish_settings=finish_choice_settings,
    phone_form=CHOICE_FORM,
    result_rows=choice_rows,
    choice_texts=True,
)
