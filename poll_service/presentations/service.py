"""Authoring: an organiser's presentations and their ordered questions."""

import copy
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from poll_service.errors import Conflict, InvalidInput, NotFound
from poll_service.ids import iso, new_id
from poll_service.media.service import check_placed
from poll_service.models import Membership, Presentation, Question, Room, User
from poll_service.presentations.projection import question_public
from poll_service.presentations.schemas import (
    PresentationCreate,
    PresentationUpdate,
    QuestionCreate,
    QuestionUpdate,
)
from poll_service.qna.settings import with_qna
from poll_service.question_types.base import OptionIn
from poll_service.question_types.registry import question_type
from poll_service.themes.service import default_theme
from poll_service.unit_of_work import UnitOfWork
from poll_service.workspaces import access, audit
from poll_service.workspaces.access import Need

MAX_QUESTIONS = 200
MAX_PRESENTATIONS = 1000


async def owned_presentation(
    session: AsyncSession, user: User, presentation_id: str, *, need: Need
) -> Presentation:
    """The presentation if the organiser's role in its workspace allows `need` (accounts/access.py):
    another workspace's is the same 404 as a missing one, too low a role a 403."""
    presentation = await session.get(Presentation, presentation_id[:64])
    return await access.require_presentation(session, user, presentation, need, "presentation not found")


async def owned_question(session: AsyncSession, user: User, question_id: str, *, need: Need) -> Question:
    question = await session.get(Question, question_id[:64])
    presentation = None if question is None else await session.get(Presentation, question.presentation_id)
    await access.require_presentation(session, user, presentation, need, "question not found")
    assert question is not None
    return question


async def ordered_questions(session: AsyncSession, presentation_id: str) -> list[Question]:
    rows = await session.scalars(
        select(Question)
        .where(col(Question.presentation_id) == presentation_id)
        .order_by(col(Question.position), Question.id)
    )
    return list(rows.all())


async def presentation_public(
    session: AsyncSession, presentation: Presentation, user: User
) -> dict[str, Any]:
    """The organiser's view of a presentation, with `role`: what the asking user may do with it
    (the dashboard shows only the controls that role allows). Every route that answers with a
    presentation builds it here, so none can leave the role out."""
    role = await access.presentation_role(session, user, presentation)
    if role is None:  # only reachable through a caller that skipped access.require_presentation
        raise NotFound("presentation not found")
    questions = await ordered_questions(session, presentation.id)
    handed = await access.room_scope(session, user, presentation)
    return {
        "role": role,
        "handed_rooms": sorted(handed) if handed is not None else None,
        "id": presentation.id,
        "title": presentation.title,
        "language": presentation.language,
        "created_at": iso(presentation.created_at),
        "workspace_id": presentation.workspace_id,
        "questions": [question_public(q, reveal_answers=True) for q in questions],
        "settings": dict(presentation.settings or {}),
        "theme": dict(presentation.theme) if presentation.theme else None,
    }


async def create_presentation(
    session: AsyncSession, owner: User, body: PresentationCreate, workspace_id: str | None = None
) -> Presentation:
    """A new presentation in the given workspace (the organiser must be an editor there), or in
    the organiser's personal workspace."""
    if workspace_id is None:
        workspace_id = (await access.personal_workspace(session, owner)).id
    else:
        await access.require_workspace(session, owner, workspace_id, access.EDIT)
    count = await session.scalar(
        select(func.count()).select_from(Presentation).where(col(Presentation.workspace_id) == workspace_id)
    )
    if (count or 0) >= MAX_PRESENTATIONS:
        raise Conflict(f"a workspace can hold at most {MAX_PRESENTATIONS} presentations")
    presentation = Presentation(
        owner_id=owner.id, workspace_id=workspace_id, title=body.title.strip(), language=body.language
    )
    presentation.theme = await default_theme(session, owner)  # a new presentation takes the default
    if body.settings is not None:
        presentation.settings = body.settings.model_dump()
        presentation.settings = with_qna({}, presentation.settings, body.settings.qna)
    if not presentation.title:
        raise InvalidInput("title cannot be blank")
    session.add(presentation)
    await session.flush()
    audit.record(
        session, workspace_id, owner, "presentation.create", f"{presentation.title} ({presentation.id})"
    )
    return presentation


async def delete_presentation(work: UnitOfWork, user: User, presentation: Presentation) -> None:
    """Delete it with its rooms; their screens hear so after the commit."""
    for room_id in await live_room_ids(work.session, presentation.id):
        work.publish(room_id, "deleted")
    if presentation.workspace_id is not None:
        target = f"{presentation.title} ({presentation.id})"
        audit.record(work.session, presentation.workspace_id, user, "presentation.delete", target)
    await work.session.delete(presentation)


async def list_presentations(
    session: AsyncSession, user: User, workspace_id: str | None = None
) -> list[Presentation]:
    """The presentations of every workspace the organiser belongs to (or of one of them)."""
    if workspace_id is not None:
        await access.require_workspace(session, user, workspace_id, access.VIEW)
        mine = select(col(Presentation.id)).where(col(Presentation.workspace_id) == workspace_id)
    else:
        member_of = select(col(Membership.workspace_id)).where(col(Membership.user_id) == user.id)
        mine = select(col(Presentation.id)).where(
            col(Presentation.workspace_id).in_(member_of)
            | (col(Presentation.workspace_id).is_(None) & (col(Presentation.owner_id) == user.id))
        )
    rows = await session.scalars(
        select(Presentation)
        .where(col(Presentation.id).in_(mine))
        .order_by(col(Presentation.created_at).desc())
    )
    return list(rows.all())


def update_presentation(presentation: Presentation, body: PresentationUpdate) -> None:
    if body.title is not None:
        if not body.title.strip():
            raise InvalidInput("title cannot be blank")
        presentation.title = body.title.strip()
    if body.language is not None:
        presentation.language = body.language
    if body.settings is not None:
        previous = dict(presentation.settings or {})
        given = body.settings.model_dump(exclude_unset=True)
        presentation.settings = {**(presentation.settings or {}), **given}
        presentation.settings = with_qna(previous, presentation.settings, body.settings.qna)


def _stored_options(
    kind: str, options: list[OptionIn], previous: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Options with stable ids: an edit that names an existing option's id keeps it."""
    spec = question_type(kind)
    spec.check_options(options)
    known = {o["id"] for o in previous}
    stored: list[dict[str, Any]] = []
    seen: set[str] = set()
    for option in options:
        keep = option.id is not None and option.id in known and option.id not in seen
        option_id = option.id if keep and option.id else new_id()
        seen.add(option_id)
        stored.append({"id": option_id, "label": option.label.strip()})
        if option.image is not None:
            stored[-1]["image"] = option.image.model_dump()
        if spec.marks_correct and option.correct:
            stored[-1]["correct"] = True  # quiz: shown to organisers only (public_options)
    return stored


async def add_question(session: AsyncSession, presentation: Presentation, body: QuestionCreate) -> Question:
    kind = question_type(body.type)
    existing = await ordered_questions(session, presentation.id)
    if len(existing) >= MAX_QUESTIONS:
        raise Conflict(f"a presentation holds at most {MAX_QUESTIONS} questions")
    prompt = body.prompt.strip()
    if not prompt:
        raise InvalidInput("prompt cannot be blank")
    if body.options is None and kind.min_options:
        raise InvalidInput(f"a {kind.name} question needs options: [{{label}}, ...]")
    options = _stored_options(kind.name, body.options or [], [])
    question = Question(
        presentation_id=presentation.id,
        position=(existing[-1].position + 1) if existing else 0,
        type=kind.name,
        prompt=prompt,
        options=options,
        settings=kind.clean_settings(body.settings, options),
    )
    await check_placed(session, presentation.id, question)
    session.add(question)
    await session.flush()
    return question


def change_question(question: Question, body: QuestionUpdate) -> None:
    kind = question_type(question.type)
    if body.prompt is not None:
        if not body.prompt.strip():
            raise InvalidInput("prompt cannot be blank")
        question.prompt = body.prompt.strip()
    if body.options is not None:
        question.options = _stored_options(kind.name, body.options, question.options)
    if body.options is not None or body.settings is not None:
        raw = body.settings if body.settings is not None else _given_settings(question)
        question.settings = kind.clean_settings(raw, question.options)


def _given_settings(question: Question) -> dict[str, Any]:
    """Stored settings without values derived from the old options (they are derived again)."""
    settings = dict(question.settings)
    if not settings.get("multi_select"):
        settings.pop("max_choices", None)
    elif settings.get("max_choices") is not None and settings["max_choices"] > len(question.options):
        settings.pop("max_choices")
    return settings


async def delete_question(session: AsyncSession, question: Question) -> list[str]:
    """Delete; rooms showing it move to no question. Returns the live rooms to refresh."""
    await session.execute(
        update(Room)
        .where(col(Room.current_question_id) == question.id)
        .values(current_question_id=None, voting_open=False)
    )
    await session.delete(question)
    return await live_room_ids(session, question.presentation_id)


async def reorder_questions(
    session: AsyncSession, presentation: Presentation, question_ids: list[str]
) -> None:
    questions = await ordered_questions(session, presentation.id)
    by_id = {q.id: q for q in questions}
    if len(set(question_ids)) != len(question_ids):
        raise InvalidInput("question_ids lists a question twice")
    if set(question_ids) != set(by_id):
        raise InvalidInput("question_ids must list every question of the presentation exactly once")
    for position, question_id in enumerate(question_ids):
        by_id[question_id].position = position


async def live_room_ids(session: AsyncSession, presentation_id: str) -> list[str]:
    rows = await session.scalars(
        select(col(Room.id)).where(col(Room.presentation_id) == presentation_id, col(Room.status) == "live")
    )
    return list(rows.all())


async def refresh_live_rooms(work: UnitOfWork, presentation_id: str) -> None:
    """Rooms running this presentation pick up the edit at once, on every worker (after the
    commit: the unit of work publishes then)."""
    await work.session.flush()
    room_ids = await live_room_ids(work.session, presentation_id)
    if not room_ids:
        return
    payload = live_questions_payload(await ordered_questions(work.session, presentation_id))
    for room_id in room_ids:
        work.publish(room_id, "questions", questions=payload)


def live_questions_payload(questions: list[Question]) -> list[dict[str, Any]]:
    """Questions as the live rooms keep them (hub message 'questions')."""
    return [
        {
            "id": q.id,
            "type": q.type,
            "prompt": q.prompt,
            "position": q.position,
            "options": q.options,
            "settings": q.settings,
        }
        for q in questions
    ]


async def duplicate_question(session: AsyncSession, question: Question) -> Question:
    """A copy of `question` right after it (the deck editor's "duplicate"): every column, deep-copied
    so the two never share JSON; its option ids stay, as they only mean something within it."""
    questions = await ordered_questions(session, question.presentation_id)
    if len(questions) >= MAX_QUESTIONS:
        raise Conflict(f"a presentation holds at most {MAX_QUESTIONS} questions")
    columns = copy.deepcopy(question.model_dump())
    twin = Question(**{**columns, "id": new_id()})
    at = next(i for i, q in enumerate(questions) if q.id == question.id) + 1
    questions.insert(at, twin)
    for position, item in enumerate(questions):
        item.position = position  # one renumbering: positions may have gaps after deletions
    session.add(twin)
    await session.flush()
    return twin
