"""Report data: everything an export shows, read in one go. The only export code that does I/O;
the PDF, CSV, XLSX and results-page renderers are pure functions of a Report."""

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from poll_service.errors import NotFound
from poll_service.exports.labels import Labels
from poll_service.exports.quiz import quiz_report_fields
from poll_service.ids import as_utc, utcnow
from poll_service.media.service import phone_pictures
from poll_service.models import Participant, Presentation, QnaQuestion, Response, Room, User
from poll_service.moderation.hidden import hidden_words_by_question
from poll_service.presentations.service import ordered_questions
from poll_service.question_types.base import placed_media_ids
from poll_service.question_types.registry import scored, takes_answers, tally
from poll_service.themes.service import existing_media
from poll_service.timezones import DEFAULT_TIME_ZONE, presentation_zone

Scope = Literal["room", "presentation"]


@dataclass(frozen=True)
class RoomInfo:
    id: str
    name: str
    status: str
    created_at: datetime
    ended_at: datetime | None
    participant_count: int
    response_count: int


@dataclass(frozen=True)
class QuestionInfo:
    id: str
    number: int  # 1-based, in the presentation's order
    type: str
    prompt: str
    options: list[dict[str, Any]]
    settings: dict[str, Any]
    # The bytes of the images it shows (above its prompt, on its options), by media id.
    pictures: dict[str, bytes] = field(default_factory=dict, repr=False)

    def option_labels(self) -> dict[str, str]:
        return {str(o["id"]): str(o["label"]) for o in self.options}

    def picture(self, image: Any) -> bytes | None:
        """The bytes of `image` ({media_id, alt}, or None) when the report has them."""
        return self.pictures.get(str(image["media_id"])) if isinstance(image, dict) else None


@dataclass(frozen=True)
class QuestionResult:
    """What GET /api/rooms/{rid}/results says for one question (recounted the same way)."""

    response_count: int
    tally: dict[str, Any]


@dataclass(frozen=True)
class QuestionResults:
    question: QuestionInfo
    total: QuestionResult  # all rooms of the report together (a room report: that room)
    per_room: list[tuple[RoomInfo, QuestionResult]]  # one entry per room, in the report's order


@dataclass(frozen=True)
class ResponseRow:
    room: RoomInfo
    question: QuestionInfo
    participant_id: str
    answer: dict[str, Any]
    created_at: datetime
    # Moderation: "visible" (counted), "pending" or "hidden" (kept, listed, never counted).
    status: str = "visible"


@dataclass(frozen=True)
class QnaRow:
    """A question the audience asked in a room's Q&A panel."""

    room: RoomInfo
    text: str
    author_name: str | None
    upvotes: int
    answered: bool
    status: str
    created_at: datetime


@dataclass(frozen=True)
class Report:
    scope: Scope
    subject_id: str  # the room's or the presentation's id
    presentation_title: str
    language: str
    organiser_name: str
    # The IANA zone its times are shown in (timezones.presentation_zone); stored times stay UTC.
    time_zone: str = field(default="UTC", kw_only=True)
    rooms: list[RoomInfo] = field(repr=False)
    questions: list[QuestionResults] = field(repr=False)
    responses: list[ResponseRow] = field(repr=False)  # oldest first
    generated_at: datetime = field(default_factory=utcnow)
    qna: list[QnaRow] = field(default_factory=list, repr=False)  # per room, most upvoted first
    # Quiz nicknames by participant (exports/quiz.py): the leaderboard and the CSV/XLSX name column.
    nicknames: dict[str, str] = field(default_factory=dict, repr=False)
    # The PDF shows the content slides and the Q&A item between the questions (`?slides=false`
    # leaves them out); the other formats never list them, having nothing to count.
    include_slides: bool = field(default=True, kw_only=True)

    @property
    def answered_questions(self) -> list["QuestionResults"]:
        """The questions that take answers (not the content slides or the Q&A item)."""
        return [q for q in self.questions if takes_answers(q.question.type)]

    # The presentation's theme (themes/schemas.Theme) for the shared results page; None: its own look.
    theme: dict[str, Any] | None = field(default=None, kw_only=True, repr=False)

    @property
    def labels(self) -> Labels:
        """The words in the report's language, times in its zone."""
        return Labels(self.language, self.time_zone)

    @property
    def participant_count(self) -> int:
        return sum(r.participant_count for r in self.rooms)

    @property
    def response_count(self) -> int:
        return sum(1 for r in self.responses if r.status == "visible")  # counted ones

    @property
    def started_at(self) -> datetime | None:
        moments = [r.created_at for r in self.rooms] + [r.created_at for r in self.responses[:1]]
        return min(moments) if moments else None

    @property
    def finished_at(self) -> datetime | None:
        """The last response, or when the last room ended if that was later."""
        moments = [r.ended_at for r in self.rooms if r.ended_at is not None]
        moments += [r.created_at for r in self.responses[-1:]]
        return max(moments) if moments else None


def percent(count: int, total: int) -> int:
    """A whole percentage of the responses, rounded as the presenter view rounds it."""
    return round(100 * count / total) if total else 0


def pseudonym(room_id: str, participant_id: str) -> str:
    """Stable per participant, the same in every export, and reveals nothing about the id."""
    digest = hashlib.sha256(f"poll-service/export/{room_id}/{participant_id}".encode()).hexdigest()
    return f"P-{digest[:10]}"


async def room_report(session: AsyncSession, room: Room, default_zone: str = DEFAULT_TIME_ZONE) -> Report:
    """`default_zone`: the server's POLL_TIME_ZONE, for a presentation without a zone of its own."""
    presentation = await session.get(Presentation, room.presentation_id)
    if presentation is None:  # pragma: no cover (a room's presentation is a foreign key)
        raise NotFound("room not found")
    return await _report(session, "room", room.id, presentation, [room], default_zone)


async def presentation_report(
    session: AsyncSession, presentation: Presentation, default_zone: str = DEFAULT_TIME_ZONE
) -> Report:
    rooms = (
        await session.scalars(
            select(Room)
            .where(col(Room.presentation_id) == presentation.id)
            .order_by(col(Room.created_at), col(Room.id))
        )
    ).all()
    return await _report(session, "presentation", presentation.id, presentation, list(rooms), default_zone)


async def report_for_any(
    session: AsyncSession, subject_id: str, default_zone: str = DEFAULT_TIME_ZONE
) -> Report:
    """For the command line (no owner): a room's report, else a presentation's."""
    room = await session.get(Room, subject_id[:64])
    if room is not None:
        return await room_report(session, room, default_zone)
    presentation = await session.get(Presentation, subject_id[:64])
    if presentation is not None:
        return await presentation_report(session, presentation, default_zone)
    raise NotFound(f"no room or presentation with id {subject_id!r}")


async def _report(
    session: AsyncSession,
    scope: Scope,
    subject_id: str,
    presentation: Presentation,
    rooms: list[Room],
    default_zone: str,
) -> Report:
    owner = await session.get(User, presentation.owner_id)
    room_ids = [r.id for r in rooms]
    participants: dict[str, int] = {}
    rows: list[Any] = []
    if room_ids:
        participants = {
            room_id: int(n)
            for room_id, n in (
                await session.execute(
                    select(col(Participant.room_id), func.count())
                    .where(col(Participant.room_id).in_(room_ids))
                    .group_by(col(Participant.room_id))
                )
            ).all()
        }
        rows = list(
            (
                await session.execute(
                    select(
                        col(Response.room_id),
                        col(Response.question_id),
                        col(Response.participant_id),
                        col(Response.answer),
                        col(Response.created_at),
                        col(Response.status),
                    )
                    .where(col(Response.room_id).in_(room_ids))
                    .order_by(col(Response.created_at), col(Response.id))
                )
            ).all()
        )
    stored = await ordered_questions(session, presentation.id)
    placed = set().union(*(placed_media_ids(q.settings or {}, q.options or []) for q in stored))
    pictures = await phone_pictures(session, presentation.id, placed)
    questions = [
        QuestionInfo(
            id=q.id,
            number=n,
            type=q.type,
            prompt=q.prompt,
            options=list(q.options or []),
            settings=dict(q.settings or {}),
            pictures={
                i: pictures[i] for i in placed_media_ids(q.settings or {}, q.options or []) if i in pictures
            },
        )
        for n, q in enumerate(stored, start=1)
    ]
    responses_per_room: dict[str, int] = dict.fromkeys(room_ids, 0)
    for row in rows:
        if row[5] == "visible":  # held-back answers are listed, not counted
            responses_per_room[row[0]] = responses_per_room.get(row[0], 0) + 1
    infos = [
        RoomInfo(
            id=r.id,
            name=r.name,
            status=r.status,
            created_at=as_utc(r.created_at),
            ended_at=as_utc(r.ended_at) if r.ended_at is not None else None,
            participant_count=participants.get(r.id, 0),
            response_count=responses_per_room.get(r.id, 0),
        )
        for r in rooms
    ]
    room_by_id = {r.id: r for r in infos}
    question_by_id = {q.id: q for q in questions}
    responses = [
        ResponseRow(
            room=room_by_id[room_id],
            question=question_by_id[question_id],
            participant_id=participant_id,
            answer=answer,
            created_at=as_utc(created_at),
            status=status,
        )
        for room_id, question_id, participant_id, answer, created_at, status in rows
        if question_id in question_by_id
    ]
    answers: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for response in responses:
        if response.status == "visible":
            answers.setdefault((response.question.id, response.room.id), []).append(response.answer)
    hidden = await hidden_words_by_question(session, room_ids)
    return Report(
        scope=scope,
        subject_id=subject_id,
        presentation_title=presentation.title,
        language=presentation.language,
        time_zone=presentation_zone(presentation.settings, default_zone),
        theme=await existing_media(session, presentation.theme),
        organiser_name=owner.display_name if owner is not None else "",
        rooms=infos,
        questions=[_results(q, infos, answers, hidden) for q in questions],
        responses=responses,
        qna=await _qna_rows(session, room_by_id),
        **await quiz_report_fields(session, rooms, [q.id for q in questions if scored(q.type)]),
    )


async def _qna_rows(session: AsyncSession, rooms: dict[str, RoomInfo]) -> list[QnaRow]:
    if not rooms:
        return []
    questions = (
        await session.scalars(
            select(QnaQuestion)
            .where(col(QnaQuestion.room_id).in_(list(rooms)))
            .order_by(col(QnaQuestion.upvotes).desc(), col(QnaQuestion.created_at), col(QnaQuestion.id))
        )
    ).all()
    order = {room_id: n for n, room_id in enumerate(rooms)}
    rows = [
        QnaRow(
            room=rooms[q.room_id],
            text=q.text,
            author_name=q.author_name,
            upvotes=q.upvotes,
            answered=q.answered,
            status=q.status,
            created_at=as_utc(q.created_at),
        )
        for q in questions
    ]
    return sorted(rows, key=lambda r: order[r.room.id])  # stable: per room, most upvoted first


def _results(
    question: QuestionInfo,
    rooms: list[RoomInfo],
    answers: dict[tuple[str, str], list[dict[str, Any]]],
    hidden: dict[tuple[str, str], set[str]] | None = None,
) -> QuestionResults:
    per_room: list[tuple[RoomInfo, QuestionResult]] = []
    everything: list[dict[str, Any]] = []
    hidden = hidden or {}
    # A word hidden in any room stays out of the combined cloud too.
    hidden_anywhere = set().union(*(hidden.get((room.id, question.id), set()) for room in rooms))
    for room in rooms:
        given = answers.get((question.id, room.id), [])
        everything.extend(given)
        own = hidden.get((room.id, question.id), set())
        per_room.append((room, QuestionResult(len(given), _tally(question, given, own))))
    total = QuestionResult(len(everything), _tally(question, everything, hidden_anywhere))
    return QuestionResults(question, total, per_room)


def _tally(
    question: QuestionInfo, answers: list[dict[str, Any]], hidden_keys: set[str] | None = None
) -> dict[str, Any]:
    """The same recount as GET /api/rooms/{rid}/results (question_types/registry.tally)."""
    return tally(
        question.type, question.options, answers, settings=question.settings, hidden_keys=hidden_keys or ()
    )
