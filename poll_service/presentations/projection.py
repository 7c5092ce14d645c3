"""How a question looks from outside: to its organiser (with the right answers) and to phones and
screens (without them, until a quiz reveals them)."""

from typing import Any, Protocol

from poll_service.question_types.registry import public_options, public_settings


class QuestionLike(Protocol):
    """A stored question (models.Question) or a live room's copy of one (live/state.LiveQuestion)."""

    id: str
    type: str
    prompt: str
    position: int
    options: list[dict[str, Any]]
    settings: dict[str, Any]


def question_public(question: QuestionLike, *, reveal_answers: bool) -> dict[str, Any]:
    return {
        "id": question.id,
        "type": question.type,
        "prompt": question.prompt,
        "position": question.position,
        "options": public_options(question.options, reveal_answers=reveal_answers),
        "settings": public_settings(question.type, question.settings, reveal_answers=reveal_answers),
    }
