"""Quiz use cases with I/O: the leaderboard recounted from the stored responses, nicknames on join."""

from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from poll_service.errors import InvalidInput
from poll_service.i18n import catalogues
from poll_service.ids import utcnow
from poll_service.models import Participant, Question, Response, Room
from poll_service.moderation.rules import profanity_filter
from poll_service.question_types.quiz_scoring import leaderboard
from poll_service.question_types.registry import SCORED_TYPES, scored
from poll_service.quiz.naming import PlayerNamer
from poll_service.quiz.nicknames import (
    NamesGenerated,
    NameWords,
    choose_nickname,
    clean_nickname,
    has_quiz,
    names_chosen,
)
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

    @property
    def namer(self) -> PlayerNamer: ...


class _Q:
    """A question row as quiz/rules.Question (public() is never needed here)."""

    def __init__(self, row: Question) -> None:
        self.id, self.type, self.position = row.id, row.type, row.position
        self.options, self.settings = list(row.options or []), dict(row.settings or {})

    def public(self) -> dict[str, Any]:  # pragma: no cover (the protocol asks for it)
        return {}


async def _scored_questions(session: AsyncSession, presentation_id: str) -> list[Question]:
    return list(
        (
            await session.scalars(
                select(Question).where(
                    col(Question.presentation_id) == presentation_id, col(Question.type).in_(SCORED_TYPES)
                )
            )
        ).all()
    )


async def _room_scores(
    session: AsyncSession, room: Room, questions: list[Question], include_open: bool
) -> tuple[list[str], list[tuple[str, int, int | None]]]:
    """The quiz questions a room's board counts (its revealed ones, or with `include_open` all)
    and (participant, score, time) of every stored answer to them."""
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
    return counted, [(str(p), int(s or 0), (a or {}).get("time_ms")) for p, s, a in rows]


async def _nicknames(session: AsyncSession, room_ids: list[str]) -> dict[str, tuple[str | None, str]]:
    """Nickname and room of every participant of these rooms."""
    rows = await session.execute(
        select(col(Participant.id), col(Participant.nickname), col(Participant.room_id)).where(
            col(Participant.room_id).in_(room_ids)
        )
    )
    return {str(p): (nickname, str(room_id)) for p, nickname, room_id in rows.all()}


def _rows(limit: int) -> int:
    return max(1, min(limit, MAX_LEADERBOARD_ROWS))


async def room_leaderboard(
    session: AsyncSession, room: Room, *, limit: int = 10, include_open: bool = False
) -> dict[str, Any]:
    """The leaderboard from the stored Response.score of every revealed quiz question (with
    `include_open`, every quiz question: the organiser's own view)."""
    questions = await _scored_questions(session, room.presentation_id)
    counted, scores = await _room_scores(session, room, questions, include_open)
    names = {p: name for p, (name, _room) in (await _nicknames(session, [room.id])).items()}
    board = leaderboard(scores, names)
    return {
        "room_id": room.id,
        "mode": leaderboard_mode(room_public(room, "", 0)) or "off",
        "questions_counted": len(counted),
        "players": len(board),
        "entries": board[: _rows(limit)],
    }


async def presentation_leaderboard(
    session: AsyncSession, presentation_id: str, *, limit: int = 10, include_open: bool = False
) -> dict[str, Any]:
    """One board over every room of a presentation (parallel breakout rooms of one deck): each
    room counts its own revealed quiz questions; every entry names its room. Names are unique
    across the rooms (nicknames.py), so no two rows read alike."""
    rooms = list(
        (
            await session.scalars(
                select(Room)
                .where(col(Room.presentation_id) == presentation_id)
                .order_by(col(Room.created_at))
            )
        ).all()
    )
    questions = await _scored_questions(session, presentation_id)
    scores: list[tuple[str, int, int | None]] = []
    for room in rooms:
        scores += (await _room_scores(session, room, questions, include_open))[1]
    people = await _nicknames(session, [room.id for room in rooms])
    room_names = {room.id: room.name for room in rooms}
    board = leaderboard(scores, {p: name for p, (name, _room) in people.items()})
    for entry in board:
        room_id = people.get(entry["participant_id"], (None, ""))[1]
        entry["room_id"], entry["room"] = room_id, room_names.get(room_id, "")
    return {
        "presentation_id": presentation_id,
        "rooms": len(rooms),
        "players": len(board),
        "entries": board[: _rows(limit)],
    }


def name_words(settings: Settings) -> dict[str, NameWords]:
    """How each language of the catalogues makes up a player's name."""
    return {lang: NameWords.of(texts) for lang, texts in catalogues(settings.locale_dir).texts.items()}


def allowed_nickname(settings: Settings, raw: str) -> str:
    """A nickname as typed, cleaned (422 when empty or too long) and refused (422) when the
    profanity filter finds a word in it: names are shown on the projector."""
    name = clean_nickname(raw)
    if not profanity_filter(settings).is_clean(name):
        raise InvalidInput("nickname is not allowed here: choose another name")
    return name


async def nickname_on_join(
    context: JoinContext,
    room_id: str,
    presentation_id: str,
    participant_id: str,
    wanted: str | None,
    *,
    taken_is_conflict: bool = False,
    refuse_generated: bool = False,
) -> str | None:
    """A nickname asked for (already allowed_nickname()) is stored; in a room with quiz questions
    everyone gets one (their own, or a generated one in the presentation's language); other rooms
    store none unless asked. A taken name gets a number, or with `taken_is_conflict` a 409.
    Where the organiser has names generated (settings.player_names), a name asked for is a 403
    with `refuse_generated` (a rename) and otherwise dropped (a join never fails on a name)."""
    if wanted is not None:
        async with context.sessionmaker() as session:
            chosen = await names_chosen(session, presentation_id)
        if not chosen:
            if refuse_generated:
                raise NamesGenerated()
            wanted = None
    if wanted is None:
        live = context.rooms.loaded(room_id)
        if live is not None:
            quiz = any(scored(q.type) for q in live.questions.values())
        else:
            async with context.sessionmaker() as session:
                quiz = await has_quiz(session, presentation_id)
        if not quiz:
            return None
        # A generated name: in a batch with the others joining now (quiz/naming.py).
        return await context.namer.name(room_id, participant_id)
    name = await choose_nickname(
        context.sessionmaker,
        room_id,
        participant_id,
        wanted,
        name_words(context.settings),
        taken_is_conflict=taken_is_conflict,
    )
    await context.rooms.publish(room_id, "nickname", names={participant_id: name})
    return name


async def rename_player(
    context: JoinContext, room_id: str, presentation_id: str, participant_id: str, raw: str
) -> str | None:
    """A name the player chose on the phone (the JSON API or the no-script form): 422 when it is
    not allowed, 409 when taken, 403 where the organiser has names generated."""
    return await nickname_on_join(
        context,
        room_id,
        presentation_id,
        participant_id,
        allowed_nickname(context.settings, raw),
        taken_is_conflict=True,
        refuse_generated=True,
    )
