"""Every question type, registered here once; what the rest of the service asks of a type.

To add a type: write its module (settings, answer, check, tally, examples; see multiple_choice.py)
and add it to TYPES. docs/question-types.md has the whole list of what a type touches.
"""

from collections.abc import Iterable
from typing import Any

from poll_service.errors import InvalidInput
from poll_service.question_types import (
    image_choice,
    matrix,
    multiple_choice,
    number,
    open_text,
    pin_image,
    points,
    qna,
    quiz,
    ranking,
    scale,
    slide,
    type_answer,
    word_cloud,
)
from poll_service.question_types.base import NOTES, Answer, Options, QuestionType, Scoring, Settings, Tally

TYPES: tuple[QuestionType, ...] = (
    multiple_choice.TYPE,
    quiz.TYPE,
    word_cloud.TYPE,
    open_text.TYPE,
    scale.TYPE,
    ranking.TYPE,
    points.TYPE,
    number.TYPE,
    type_answer.TYPE,
    matrix.TYPE,
    image_choice.TYPE,
    pin_image.TYPE,
    slide.TYPE,
    qna.TYPE,
)
QUESTION_TYPES: dict[str, QuestionType] = {t.name: t for t in TYPES}


def question_type(name: str) -> QuestionType:
    try:
        return QUESTION_TYPES[name]
    except KeyError:
        known = ", ".join(sorted(QUESTION_TYPES))
        raise InvalidInput(f"unknown question type {name!r}; known types: {known}") from None


def scoring_of(question_type_name: str) -> Scoring | None:
    """How a question of this type is scored, or None for a type answered without points."""
    found = QUESTION_TYPES.get(question_type_name)
    return found.scoring if found is not None else None


def scored(question_type_name: str) -> bool:
    return scoring_of(question_type_name) is not None


def takes_answers(question_type_name: str) -> bool:
    """Whether a question of this type is voted on (a content slide and the Q&A item are not)."""
    found = QUESTION_TYPES.get(question_type_name)
    return found is None or found.answered


def owns_image(question_type_name: str | None) -> bool:
    """Whether the type draws the question's picture itself (pin_image), not above the prompt."""
    found = QUESTION_TYPES.get(question_type_name or "")
    return found is not None and found.owns_image


def opens_qna(question_type_name: str | None) -> bool:
    """Whether the room's Q&A panel opens while an item of this type is the current one."""
    found = QUESTION_TYPES.get(question_type_name or "")
    return found is not None and found.opens_qna


SCORED_TYPES: tuple[str, ...] = tuple(t.name for t in TYPES if t.scoring is not None)


def parse_answer(question_type_name: str, options: Options, settings: Settings, body: Any) -> Answer:
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
    return [
        {"id": o["id"], "label": o["label"], **({"image": o["image"]} if "image" in o else {})}
        for o in options
    ]


def public_settings(question_type_name: str, settings: Settings, *, reveal_answers: bool) -> Settings:
    """Settings as the API shows them; a type's secret ones (a right value) and the presenter notes
    only for the organiser."""
    if reveal_answers:
        return dict(settings)
    found = QUESTION_TYPES.get(question_type_name)
    secret = {NOTES, *(found.secret_settings if found is not None else ())}
    return {k: v for k, v in settings.items() if k not in secret}


def new_tally(question_type_name: str, options: Options, settings: Settings | None = None) -> Tally:
    found = QUESTION_TYPES.get(question_type_name)
    if found is None:
        raise ValueError(f"no tally for question type {question_type_name!r}")
    return found.new_tally(options, settings or {})


def tally(
    question_type_name: str,
    options: Options,
    answers: Iterable[Answer],
    settings: Settings | None = None,
    hidden_keys: Iterable[str] = (),
) -> dict[str, Any]:
    """The result of a question from all its answers at once (what a recount gives); a word cloud
    leaves out the words whose folded keys are in `hidden_keys`."""
    result = new_tally(question_type_name, options, settings)
    hide_words(result, hidden_keys)
    for answer in answers:
        result.add(answer)
    return result.snapshot()


def recount_extras(question_type_name: str, answers: list[Answer]) -> dict[str, Any]:
    """What a recount adds beside the tally for this type (the exact pins of pin_image), or {}."""
    found = QUESTION_TYPES.get(question_type_name)
    extras = found.recount_extras if found is not None else None
    return extras(answers) if extras is not None else {}


def hide_words(result: Tally, keys: Iterable[str]) -> None:
    """Words the presenter hid leave a word cloud's snapshot (other tallies have no words)."""
    hide = getattr(result, "hide", None)
    if hide is not None:
        hide(keys)
