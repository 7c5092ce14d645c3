"""Open text: a free answer of up to `max_length` characters; shown newest first as a wall."""

from typing import Any, Literal

from pydantic import Field

from poll_service.question_types.base import (
    Answer,
    AnswerBody,
    Examples,
    Fields,
    FormProblem,
    FreeTextSettings,
    Options,
    PhoneForm,
    Question,
    QuestionType,
    Row,
    RowLimits,
    Settings,
    Values,
    posted,
    row,
)
from poll_service.text import PUSH_TEXT_BYTES, clean_text, utf8_size, within_budget

TEXTS_SHOWN = 100


class OpenTextSettings(FreeTextSettings):
    max_length: int = Field(default=280, ge=1, le=1000)
    layout: Literal["wall", "grid"] = "wall"


class OpenTextAnswer(AnswerBody):
    text: str = Field(min_length=1, max_length=4000)


def check_text(answer: Any, options: Options, settings: Settings) -> Answer:
    text = clean_text(answer.text, max_graphemes=int(settings["max_length"]), single_line=False)
    return {"text": text}


class TextTally:
    """Free answers, newest first."""

    def __init__(self, _options: Options, _settings: Settings) -> None:
        self.texts: list[str] = []

    def add(self, answer: Answer) -> None:
        self.texts.append(str(answer.get("text", "")))

    def remove(self, answer: Answer) -> None:
        text = str(answer.get("text", ""))
        for i in range(len(self.texts) - 1, -1, -1):
            if self.texts[i] == text:
                del self.texts[i]
                return

    def snapshot(self) -> dict[str, Any]:
        newest = self.texts[::-1][:TEXTS_SHOWN]
        return {"answers": within_budget(newest, utf8_size, PUSH_TEXT_BYTES), "count": len(self.texts)}


# ----- the phone's form without scripts (field `text`), and result rows -----
def read_text(question: Question, fields: Fields) -> Values:
    return {"text": posted(fields, "text")}


def stored_text(question: Question, mine: Answer | None) -> Values:
    return {"text": str(mine.get("text", "")) if mine else ""}


def text_body(question: Question, values: Values) -> Answer:
    if not values["text"].strip():
        raise FormProblem("phone.error_text")
    return {"text": values["text"]}


def text_rows(question: Question, result: dict[str, Any], limits: RowLimits) -> list[Row]:
    """The newest answers, without meters."""
    return [row(text, "", None) for text in result["tally"].get("answers", [])[: limits.texts]]


TYPE = QuestionType(
    "open_text",
    OpenTextSettings,
    0,
    0,
    OpenTextAnswer,
    check_text,
    TextTally,
    Examples(
        {},
        lambda _options: [{"text": "More breaks, please"}, {"text": "Meer pauzes\nen koffie"}],
        lambda _options: [{}, {"text": ""}, {"text": "   "}, {"text": "x" * 281}, {"text": 42}],
    ),
    phone_form=PhoneForm(read_text, stored_text, text_body),
    result_rows=text_rows,
)
