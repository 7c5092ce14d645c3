"""A copy of a presentation: its questions, and with the results also its rooms, participants,
answers, Q&A and hidden words, every row under a new id.

Option ids stay as they are inside each copied question (they are only ever looked up within
their question), so the copied answers need no rewriting. Copied rooms are ended: a copy is for
reading and exporting, never a second live room on the same join code."""

import copy
import json
import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, insert, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import SQLModel, col

from poll_service.ids import new_id, utcnow
from poll_service.media.service import copy_media
from poll_service.models import (
    HiddenEntry,
    Participant,
    Presentation,
    QnaQuestion,
    QnaUpvote,
    Question,
    Response,
    Room,
    User,
)
from poll_service.presentations.schemas import PresentationCreate
from poll_service.presentations.service import create_presentation, ordered_questions

BATCH = 1000
_QUOTED_ID = re.compile(r'"([0-9a-f]{32})"')


async def duplicate_presentation(
    session: AsyncSession,
    owner: User,
    source: Presentation,
    *,
    title: str,
    with_results: bool,
    batch: int = BATCH,
) -> Presentation:
    body = PresentationCreate.model_validate({"title": title, "language": source.language})
    # The copy stays in the source's workspace (where the caller must be an editor).
    presentation = await create_presentation(session, owner, body, source.workspace_id)
    presentation.settings = copy.deepcopy(source.settings or {})
    # Its images too, so the copy keeps its pictures when the original is deleted.
    ids: dict[str, str] = await copy_media(session, source.id, presentation.id)
    # A copy looks like its source; its theme's logo and background image are the copies.
    presentation.theme = _renamed(source.theme, ids) if source.theme else None
    for question in await ordered_questions(session, source.id):
        ids[question.id] = new_id()
        # Every column (a later one too), deep-copied so the two never share JSON; the images
        # it shows are the copies.
        columns = copy.deepcopy(question.model_dump())
        columns["settings"] = _renamed(columns["settings"], ids)
        columns["options"] = _renamed(columns["options"], ids)
        session.add(Question(**{**columns, "id": ids[question.id], "presentation_id": presentation.id}))
    await session.flush()
    if with_results:
        await _copy_results(session, owner, source.id, presentation.id, ids, batch)
    return presentation


async def _copy_results(
    session: AsyncSession, owner: User, source_id: str, copy_id: str, ids: dict[str, str], batch: int
) -> None:
    rooms = list(
        (
            await session.scalars(
                select(Room).where(col(Room.presentation_id) == source_id).order_by(col(Room.created_at))
            )
        ).all()
    )
    if not rooms:
        return
    for room in rooms:
        ids[room.id] = new_id()
    for room in rooms:
        session.add(
            Room(
                id=ids[room.id],
                presentation_id=copy_id,
                owner_id=owner.id,
                name=room.name,
                join_code=room.join_code,
                status="ended",
                locked=True,
                current_question_id=ids.get(room.current_question_id or ""),
                results_visible=room.results_visible,
                # A purged room keeps only its aggregate, which names the old ids.
                settings=_renamed(room.settings or {}, ids),
                created_at=room.created_at,
                ended_at=room.ended_at or utcnow(),
            )
        )
    await session.flush()
    in_rooms = [room.id for room in rooms]
    copies: Sequence[tuple[type[SQLModel], Any, tuple[str, ...]]] = (
        (Participant, col(Participant.room_id).in_(in_rooms), ("id", "room_id")),
        (Response, col(Response.room_id).in_(in_rooms), ("id", "room_id", "question_id", "participant_id")),
        (QnaQuestion, col(QnaQuestion.room_id).in_(in_rooms), ("id", "room_id", "participant_id")),
        (
            QnaUpvote,
            col(QnaUpvote.qna_question_id).in_(
                select(col(QnaQuestion.id)).where(col(QnaQuestion.room_id).in_(in_rooms))
            ),
            ("qna_question_id", "participant_id"),
        ),
        (HiddenEntry, col(HiddenEntry.room_id).in_(in_rooms), ("room_id", "question_id")),
    )
    for model, condition, renamed in copies:
        await _copy_rows(session, model, condition, ids, renamed, batch)


async def _copy_rows(
    session: AsyncSession,
    model: type[SQLModel],
    condition: Any,
    ids: dict[str, str],
    renamed: Sequence[str],
    batch: int,
) -> None:
    """Every row of `model` that meets `condition`, a batch at a time (in key order, so none is read
    twice): a new `id` where the table has one, the other columns in `renamed` mapped through `ids`."""
    table: Table = model.__table__  # type: ignore[attr-defined]
    keys = list(table.primary_key.columns)
    after: tuple[Any, ...] | None = None
    while True:
        query = select(table).where(condition).order_by(*keys).limit(batch)
        if after is not None:
            query = query.where(tuple_(*keys) > tuple_(*after))
        rows = (await session.execute(query)).mappings().all()
        if not rows:
            return
        copies = []
        for row in rows:
            values = dict(row)
            if "id" in renamed:
                ids[values["id"]] = new_id()
            for name in renamed:
                if values[name] is not None:
                    values[name] = ids[values[name]]
            copies.append(values)
        await session.execute(insert(table), copies)
        after = tuple(rows[-1][key.name] for key in keys)


def _renamed(value: Any, ids: dict[str, str]) -> Any:
    """JSON with every id in `ids` replaced by its copy's."""
    text = _QUOTED_ID.sub(lambda m: f'"{ids.get(m.group(1), m.group(1))}"', json.dumps(value))
    return json.loads(text)
