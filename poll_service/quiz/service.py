"""Quiz use cases with I/O: the leaderboard recounted from the stored responses, nicknames on join."""

from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from poll_service.i18n import catalogues
from poll_service.ids import utcnow
from poll_service.models import Participant, Question, Response, Room
from poll_service.question_types.quiz_scoring import leaderboard
from poll_service.question_types.registry import SCORED_TYPES, scored
from poll_service.quiz.nicknames import choose_nickname, has_quiz
from poll_service.quiz.rules import LiveView, leaderboard_mode, revealed
from poll_service.rooms.projection import room_public
from poll_service.settings import Settings

MAX_LEADERBOARD_ROWS = 1000


class _LiveRooms(Protocol):
    def loaded(self, room_id: str) -> LiveView | None: ...

    async def publish(self, room_id: str, kind: str, **fields: Any) -> None: ...


class JoinContext(Protocol):
    """What naming a player reads of the app (context.AppContext): the quiz package takes this
    instead of the whole context, which holds the live core that imports the quiz rules."""

    @property
    def settings(self) -> Settings: ...

    @property
    def sessionmaker(self) -> async_sessionmaker[AsyncSession]: ...

    @property
    def rooms(self) -> _LiveRooms: ...


class _Q:
    """A question row as quiz/rules.Question (public() is never needed here)."""

    def __init__(self, row: Question) -> None:
        self.id, self.type, self.position = row.id, row.type, row.position
        self.options, self.settings = list(row.options or []), dict(row.settings or {})

    def public(self) -> dict[str, Any]:  # pragma: no cover (the protocol asks for it)
        return {}


async def room_leaderboard(
    session: AsyncSession, room: Room, *, limit: int = 10, include_open: bool = False
) -> dict[str, Any]:
    """The leaderboard from the stored Response.score of every revealed quiz question (with
    `include_open`, every quiz question: the organiser's own view)."""
    questions = (
        await session.scalars(
            select(Question).where(
                col(Question.presentation_id) == room.presentation_id, col(Question.type).in_(SCORED_TYPES)
            )
        )
    ).all()
    state = room_public(room, "", 0)
    now = utcnow()
    counted = [q.id for q in questions if include_open or revealed(state, _Q(q), now)]
    rows = (
        await session.execute(
            select(col(Response.participant_id), col(Response.score), col(Response.answer)).where(
                col(Response.room_id) == room.id,
                col(Response.question_id).in_(counted),
                col(Response.participant_id).is_not(None),
            )
        )
    ).all()
    names = dict(
        (
            await session.execute(
                select(col(Participant.id), col(Participant.nickname)).where(
                    col(Participant.room_id) == room.id
                )
            )
        ).all()
    )
    board = leaderboard(((str(p), int(s or 0), (a or {}).get("time_ms")) for p, s, a in rows), names)
    return {
        "room_id": room.id,
        "mode": leaderboard_mode(state) or "off",
        "questions_counted": len(counted),
        "players": len(board),
        "entries": board[: max(1, min(limit, MAX_LEADERBOARD_ROWS))],
    }


async def nickname_on_join(
    context: JoinContext, room_id: str, presentation_id: str, participant_id: str, wanted: str | None
) -> str | None:
    """A nickname asked for at join is stored; in a room with quiz questions everyone gets one
    (their own, or "Player N" in the presentation's language); other rooms store none unless
    asked."""
    if wanted is None:
        live = context.rooms.loaded(room_id)
        if live is not None:
            quiz = any(scored(q.type) for q in live.questions.values())
        else:
            async with context.sessionmaker() as session:
                quiz = await has_quiz(session, presentation_id)
        if not quiz:
            return None
    names = {
        lang: texts["quiz.default_player"]
        for lang, texts in catalogues(context.settings.locale_dir).texts.items()
    }
    name = await choose_nickname(context.sessionmaker, room_id, participant_id, wanted, names)
    await context.rooms.publish(room_id, "nickname", names={participant_id: name})
    return name
