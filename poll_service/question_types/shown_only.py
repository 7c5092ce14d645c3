"""The parts every item that takes no answers shares (a content slide, the Q&A in the deck): a
vote to one is refused (QuestionType.parse_answer: 409), its tally is empty, its phone shows no
form and no result rows."""

from typing import Any

from poll_service.question_types.base import (
    Answer,
    AnswerBody,
    Examples,
    Fields,
    FormProblem,
    Options,
    PhoneForm,
    Question,
    Row,
    RowLimits,
    Settings,
    Values,
)


class NoAnswer(AnswerBody):
    """Never reached: parse_answer refuses a vote before it reads the body."""


def refuse(answer: Any, options: Options, settings: Settings) -> Answer:
    raise AssertionError("an item that takes no answers never checks one")  # pragma: no cover


class EmptyTally:
    """Nothing to count: the results carry an empty tally."""

    def __init__(self, _options: Options, _settings: Settings) -> None:
        pass

    def add(self, answer: Answer) -> None:
        pass

    def remove(self, answer: Answer) -> None:
        pass

    def snapshot(self) -> dict[str, Any]:
        return {}


def _no_values(question: Question, _given: Fields | Answer | None) -> Values:
    return {}


def _no_body(question: Question, values: Values) -> Answer:
    raise FormProblem("phone.error_no_answers")


NO_FORM = PhoneForm(_no_values, _no_values, _no_body)


def no_rows(question: Question, result: dict[str, Any], limits: RowLimits) -> list[Row]:
    return []


def examples(create: dict[str, Any]) -> Examples:
    """Nothing to answer: the conformance test checks that any vote is refused instead."""
    return Examples(create, lambda _options: [], lambda _options: [])
