"""New presentations and questions from imported input (a deck, a spreadsheet, a template).

Every question is checked by its type before anything is stored, and a refusal names the field
in the imported file's own terms (`questions[2].options`, `row 3, column A (type)`), so a person
can find what to fix. The rows are then made by the same use cases as the editor's."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from poll_service.decks.deck_media import check_references, renamed, stored
from poll_service.decks.document import DeckDocument
from poll_service.errors import Conflict, InvalidInput, PollError
from poll_service.media.processing import Encoded
from poll_service.models import Presentation, User
from poll_service.presentations.schemas import PresentationCreate, QuestionCreate
from poll_service.presentations.service import (
    MAX_QUESTIONS,
    add_question,
    create_presentation,
    ordered_questions,
)
from poll_service.question_types.base import OptionIn
from poll_service.question_types.registry import question_type
from poll_service.themes.service import set_presentation_theme


@dataclass(frozen=True)
class NewQuestion:
    type: str
    prompt: str
    options: list[OptionIn]
    settings: dict[str, Any] | None
    # Where a field of this question is, for error messages: "options" -> "questions[2].options".
    where: Callable[[str], str]


def deck_questions(deck: DeckDocument) -> list[NewQuestion]:
    def at(index: int) -> Callable[[str], str]:
        return lambda field: f"questions[{index}].{field}"

    return [
        NewQuestion(
            q.type,
            q.prompt,
            [OptionIn(label=o.label, correct=o.correct, image=o.image) for o in q.options],
            q.settings,
            at(i),
        )
        for i, q in enumerate(deck.questions)
    ]


def check_question(question: NewQuestion) -> None:
    """The checks the editor makes, before any row is written, each naming its field."""
    where = question.where
    try:
        kind = question_type(question.type)
    except InvalidInput as exc:
        raise InvalidInput(f"{where('type')}: {exc.message}") from None
    if not question.prompt.strip():
        raise InvalidInput(f"{where('prompt')}: the question is blank")
    try:
        kind.check_options(question.options)
    except InvalidInput as exc:
        raise InvalidInput(f"{where('options')}: {exc.message}") from None
    # Ids are the server's to choose; settings only need to know how many options there are.
    stored = [{"id": str(n), "label": o.label} for n, o in enumerate(question.options)]
    try:
        kind.clean_settings(question.settings, stored)
    except InvalidInput as exc:
        raise InvalidInput(f"{where('settings')}: {exc.message}") from None


async def add_questions(
    session: AsyncSession, presentation: Presentation, questions: Sequence[NewQuestion]
) -> None:
    """All of them after the presentation's own, or none (the caller's unit of work rolls back)."""
    for question in questions:
        check_question(question)
    existing = len(await ordered_questions(session, presentation.id))
    if existing + len(questions) > MAX_QUESTIONS:
        raise Conflict(
            f"a presentation holds at most {MAX_QUESTIONS} questions: it has {existing}, "
            f"the import adds {len(questions)}"
        )
    for question in questions:
        body = QuestionCreate(
            type=question.type,
            prompt=question.prompt,
            options=question.options or None,
            settings=question.settings,
        )
        await add_question(session, presentation, body)


async def presentation_from_deck(
    session: AsyncSession,
    owner: User,
    deck: DeckDocument,
    pictures: dict[str, Encoded] | None = None,
    quota_bytes: int = 0,
) -> Presentation:
    """A new presentation of `owner`, with the deck's title, language, settings and questions, and
    (version 2) its images, already re-encoded (`pictures`, by deck id), and its theme."""
    if not deck.title.strip():
        raise InvalidInput("title: the title is blank")
    check_references(deck)
    body = PresentationCreate(title=deck.title, language=deck.language, settings=deck.settings)
    presentation = await create_presentation(session, owner, body)
    ids = await stored(session, owner, presentation.id, pictures or {}, quota_bytes)
    deck = renamed(deck, ids)
    await add_questions(session, presentation, deck_questions(deck))
    if deck.theme is not None:
        try:
            await set_presentation_theme(session, presentation, deck.theme)
        except PollError as exc:
            raise type(exc)(f"theme: {exc.message}") from None
    return presentation
