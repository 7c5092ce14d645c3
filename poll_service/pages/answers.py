"""The phone page's answers for the plain-form path: each question type's own phone form
(question_types/<type>.py PhoneForm) does the work; this picks the type's and applies the rules
every type shares. docs/question-types.md has the response bodies."""

from typing import Any

from starlette.datastructures import FormData

from poll_service.question_types.base import Fields, FormProblem, Question, Row, RowLimits, Values, fixed
from poll_service.question_types.registry import QUESTION_TYPES, max_submissions

__all__ = [
    "PHONE_TEXTS",
    "PHONE_WORDS",
    "FormProblem",
    "answer_body",
    "choice_texts",
    "fixed",
    "form_values",
    "result_rows",
    "several",
    "stored_values",
]

# How much of a tally a phone shows under "what everyone answered".
PHONE_WORDS = RowLimits().words
PHONE_TEXTS = RowLimits().texts


def several(question: Question) -> int:
    """How many answers one phone may send (1 unless the question takes several)."""
    return max_submissions(question["settings"])


def choice_texts(question: Question) -> bool:
    """Whether the phone's texts speak of votes and picks (multiple choice) or of answers."""
    kind = QUESTION_TYPES.get(question["type"])
    return bool(kind and kind.choice_texts)


def form_values(question: Question, form: FormData) -> Values:
    """The posted fields as strings; nothing is checked yet."""
    fields: Fields = {name: [v for v in form.getlist(name) if isinstance(v, str)] for name in form}
    kind = QUESTION_TYPES.get(question["type"])
    return kind.phone_form.read(question, fields) if kind else {}


def stored_values(question: Question, mine: dict[str, Any] | None) -> Values:
    """The participant's own answer as form values (an empty form when there is none, or when the
    question takes several answers: then the form is for the next one)."""
    kind = QUESTION_TYPES.get(question["type"])
    if kind is None:
        return {}
    return kind.phone_form.stored(question, None if several(question) > 1 else mine)


def answer_body(question: Question, values: Values) -> dict[str, Any]:
    """The response body for the API (without question_id); FormProblem says what to fix."""
    kind = QUESTION_TYPES.get(question["type"])
    if kind is None:
        raise FormProblem("phone.error_invalid")
    return kind.phone_form.answer(question, values)


def result_rows(
    question: Question, result: dict[str, Any], *, words: int = PHONE_WORDS, texts: int = PHONE_TEXTS
) -> list[Row]:
    """What everyone answered, as rows: a label, a value and a meter (0-100 or None). A phone shows
    the first `words` words and the newest `texts` answers; each type's `rows` (js/types/) draws the
    same rows for the page with scripts (tests/test_result_rows_pinned.py holds the two together)."""
    kind = QUESTION_TYPES.get(question["type"])
    return kind.result_rows(question, result, RowLimits(words, texts)) if kind else []
