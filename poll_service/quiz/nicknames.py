"""Quiz nicknames: cleaned like every participant text, short, unique within the presentation
(every room of it: the combined scoreboard of five breakout rooms must not list "Player 1" five
times).

Two phones asking for "Sam" at once must not both get it, and there is no unique constraint to lean
on (a participant belongs to a room, the names to the presentation), so choosing a name runs under
a per-presentation lock: PostgreSQL's advisory transaction lock, SQLite's single writer (the
transaction writes first, so a second one waits for it)."""

from collections.abc import Mapping

from sqlalchemy import exists, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from poll_service.errors import InvalidInput, NotFound
from poll_service.models import Participant, Presentation, Question, Room
from poll_service.question_types.registry import SCORED_TYPES
from poll_service.text import clean_text, fold_key

MAX_NICKNAME = 24  # grapheme clusters, as a person counts them
MAX_NICKNAME_CHARS = 40  # the column's width


def clean_nickname(raw: str) -> str:
    name = clean_text(raw, max_graphemes=MAX_NICKNAME, field="nickname")
    if len(name) > MAX_NICKNAME_CHARS:
        raise InvalidInput(f"nickname is longer than {MAX_NICKNAME_CHARS} characters")
    return name


def unique_name(wanted: str, taken: set[str]) -> str:
    """`wanted`, or `wanted 2`, `wanted 3`, … (case and width folded when comparing)."""
    if fold_key(wanted) not in taken:
        return wanted
    n = 2
    while True:
        suffix = f" {n}"
        candidate = wanted[: MAX_NICKNAME_CHARS - len(suffix)].rstrip() + suffix
        if fold_key(candidate) not in taken:
            return candidate
        n += 1


async def _lock_presentation(session: AsyncSession, presentation_id: str, participant_id: str) -> None:
    if session.get_bind().dialect.name == "postgresql":
        head = presentation_id[:15]
        key = int(head, 16) if all(c in "0123456789abcdef" for c in head) else hash(presentation_id)
        await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
    else:
        # A write takes SQLite's write lock now, before the names are read.
        await session.execute(
            update(Participant)
            .where(col(Participant.id) == participant_id)
            .values(nickname=Participant.nickname)
        )


async def choose_nickname(
    sessionmaker: async_sessionmaker[AsyncSession],
    room_id: str,
    participant_id: str,
    wanted: str | None,
    default_names: Mapping[str, str] | None = None,
) -> str:
    """Store the participant's nickname: `wanted` (cleaned, made unique), else keep the one they
    have, else a default with the first free number: `default_names` ("Player {n}" by language
    code) in the presentation's language, since the leaderboard is on its presenter screen.
    Returns the name stored."""
    name = clean_nickname(wanted) if wanted is not None else None
    async with sessionmaker() as session, session.begin():
        presentation_id = await session.scalar(
            select(col(Room.presentation_id)).where(col(Room.id) == room_id)
        )
        if presentation_id is None:
            raise NotFound("you are not a participant of this room any more; join again")
        await _lock_presentation(session, presentation_id, participant_id)
        participant = await session.get(Participant, participant_id)
        if participant is None or participant.room_id != room_id:
            raise NotFound("you are not a participant of this room any more; join again")
        if name is None and participant.nickname:
            return participant.nickname
        others = (
            await session.scalars(
                select(col(Participant.nickname))
                .join(Room, col(Room.id) == col(Participant.room_id))
                .where(
                    col(Room.presentation_id) == presentation_id,
                    col(Participant.id) != participant_id,
                    col(Participant.nickname).is_not(None),
                )
            )
        ).all()
        taken = {fold_key(n) for n in others if n}
        if name is None:
            default_name = await _default_name(session, room_id, default_names or {})
            number = len(taken) + 1
            while fold_key(default_name.replace("{n}", str(number))) in taken:
                number += 1
            # replace, not format: a catalogue text with other braces must not fail a join
            name = default_name.replace("{n}", str(number))
        participant.nickname = unique_name(name, taken)
        return participant.nickname


async def _default_name(session: AsyncSession, room_id: str, names: Mapping[str, str]) -> str:
    language = await session.scalar(
        select(col(Presentation.language))
        .join(Room, col(Room.presentation_id) == col(Presentation.id))
        .where(col(Room.id) == room_id)
    )
    template = names.get(language or "", names.get("en", "Player {n}"))
    # A catalogue may be a deployment's own file: keep its text short and numbered.
    prefix = template.replace("{n}", "").strip()[: MAX_NICKNAME_CHARS - 8] or "Player"
    return template if "{n}" in template and len(template) <= MAX_NICKNAME_CHARS - 6 else prefix + " {n}"


async def has_quiz(session: AsyncSession, presentation_id: str) -> bool:
    found = await session.scalar(
        select(
            exists().where(
                col(Question.presentation_id) == presentation_id, col(Question.type).in_(SCORED_TYPES)
            )
        )
    )
    return bool(found)


async def nickname_of(session: AsyncSession, participant_id: str) -> str | None:
    return await session.scalar(
        select(col(Participant.nickname)).where(col(Participant.id) == participant_id)
    )


async def nickname_count(session: AsyncSession, room_id: str) -> int:
    count = await session.scalar(
        select(func.count())
        .select_from(Participant)
        .where(col(Participant.room_id) == room_id, col(Participant.nickname).is_not(None))
    )
    return int(count or 0)
