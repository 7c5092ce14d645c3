"""Quiz nicknames: cleaned like every participant text, short, unique within the presentation
(every room of it: the combined scoreboard of five breakout rooms must not list a name five
times), compared as they look on a screen (case, accents and look-alike letters folded). A player
without a name of their own gets a generated one ("Swift Otter") in the presentation's language.

Two phones asking for "Sam" at once must not both get it, and there is no unique constraint to lean
on (a participant belongs to a room, the names to the presentation), so choosing a name runs under
a per-presentation lock: PostgreSQL's advisory transaction lock, SQLite's single writer (the
transaction writes first, so a second one waits for it)."""

import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import exists, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from poll_service.errors import Conflict, Forbidden, InvalidInput, NotFound
from poll_service.models import Participant, Presentation, Question, Room
from poll_service.moderation.profanity import look_alike_key
from poll_service.question_types.registry import SCORED_TYPES
from poll_service.text import clean_text

MAX_NICKNAME = 24  # grapheme clusters, as a person counts them
MAX_NICKNAME_CHARS = 40  # the column's width
# Random picks of a generated name before falling back to a numbered one (a full deck of words).
GENERATED_TRIES = 24


@dataclass(frozen=True)
class NameWords:
    """How one language makes up a player's name (from its catalogue: `quiz.name_adjectives`,
    `quiz.name_animals` and `quiz.name_pattern`); without words, `numbered` ("Player {n}")."""

    adjectives: tuple[str, ...] = ()
    animals: tuple[str, ...] = ()
    pattern: str = "{adjective} {animal}"
    numbered: str = "Player {n}"

    @classmethod
    def of(cls, texts: Mapping[str, str]) -> "NameWords":
        def words(key: str) -> tuple[str, ...]:
            return tuple(w.strip() for w in texts.get(key, "").split(",") if 0 < len(w.strip()) <= 16)

        return cls(
            words("quiz.name_adjectives"),
            words("quiz.name_animals"),
            texts.get("quiz.name_pattern", "{adjective} {animal}"),
            texts.get("quiz.default_player", "Player {n}"),
        )

    def generated(self) -> str | None:
        if not self.adjectives or not self.animals:
            return None
        # replace, not format: a catalogue text with other braces must not fail a join
        name = self.pattern.replace("{adjective}", secrets.choice(self.adjectives))
        return name.replace("{animal}", secrets.choice(self.animals))[:MAX_NICKNAME_CHARS].strip() or None


def clean_nickname(raw: str) -> str:
    name = clean_text(raw, max_graphemes=MAX_NICKNAME, field="nickname")
    if len(name) > MAX_NICKNAME_CHARS:
        raise InvalidInput(f"nickname is longer than {MAX_NICKNAME_CHARS} characters")
    return name


def name_key(name: str) -> str:
    """Two names with one key would read as the same name on the scoreboard."""
    return look_alike_key(name)


def unique_name(wanted: str, taken: set[str]) -> str:
    """`wanted`, or `wanted 2`, `wanted 3`, … (`taken` holds name_key()s)."""
    if name_key(wanted) not in taken:
        return wanted
    n = 2
    while True:
        suffix = f" {n}"
        candidate = wanted[: MAX_NICKNAME_CHARS - len(suffix)].rstrip() + suffix
        if name_key(candidate) not in taken:
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


class NameTaken(Conflict):
    """A player chose a name someone in the presentation already plays as."""

    def __init__(self, name: str) -> None:
        super().__init__(f"nickname {name!r} is taken: someone in this quiz already plays as {name!r}")


async def choose_nickname(
    sessionmaker: async_sessionmaker[AsyncSession],
    room_id: str,
    participant_id: str,
    wanted: str | None,
    words: Mapping[str, NameWords] | None = None,
    *,
    taken_is_conflict: bool = False,
) -> str:
    """Store the participant's nickname and return it: `wanted` (cleaned), else the one they have,
    else a generated one in the presentation's language (`words` by language code), since the
    leaderboard is on its presenter screen. A `wanted` name that is taken gets a number ("Sam 2"),
    or with `taken_is_conflict` is refused (NameTaken: the player chose it and should know)."""
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
        taken = await _taken_names(session, presentation_id, but=participant_id)
        if name is None:
            name = made_up_name(await _words_for(session, room_id, words or {}), taken)
        elif taken_is_conflict and name_key(name) in taken:
            raise NameTaken(name)
        participant.nickname = unique_name(name, taken)
        return participant.nickname


async def _taken_names(session: AsyncSession, presentation_id: str, but: str | None = None) -> set[str]:
    """The name_key()s of the names players of the presentation have (`but` one of them)."""
    query = (
        select(col(Participant.nickname))
        .join(Room, col(Room.id) == col(Participant.room_id))
        .where(col(Room.presentation_id) == presentation_id, col(Participant.nickname).is_not(None))
    )
    if but is not None:
        query = query.where(col(Participant.id) != but)
    return {name_key(n) for n in (await session.scalars(query)).all() if n}


def made_up_name(words: NameWords, taken: set[str]) -> str:
    """A generated name nobody has; once the words run short, a numbered one ("Player 7")."""
    for _ in range(GENERATED_TRIES):
        name = words.generated()
        if name is None:
            break
        if name_key(name) not in taken:
            return name
    template = words.numbered
    # A catalogue may be a deployment's own file: keep its text short and numbered.
    if "{n}" not in template or len(template) > MAX_NICKNAME_CHARS - 6:
        template = (template.replace("{n}", "").strip()[: MAX_NICKNAME_CHARS - 8] or "Player") + " {n}"
    number = len(taken) + 1
    while name_key(template.replace("{n}", str(number))) in taken:
        number += 1
    return template.replace("{n}", str(number))


async def _words_for(session: AsyncSession, room_id: str, words: Mapping[str, NameWords]) -> NameWords:
    language = await session.scalar(
        select(col(Presentation.language))
        .join(Room, col(Room.presentation_id) == col(Presentation.id))
        .where(col(Room.id) == room_id)
    )
    return words.get(language or "", words.get("en", NameWords()))


# settings.player_names (presentations/schemas.py); a presentation without it lets players choose.
CHOOSE, GENERATED = "choose", "generated"


class NamesGenerated(Forbidden):
    """A player asked to choose their name where the organiser gives everyone a generated one."""

    def __init__(self) -> None:
        super().__init__(
            "names are generated in this quiz: the organiser does not let players choose their name"
        )


async def names_chosen(session: AsyncSession, presentation_id: str) -> bool:
    """May this presentation's players choose their own name (settings.player_names)?"""
    settings = await session.scalar(
        select(col(Presentation.settings)).where(col(Presentation.id) == presentation_id)
    )
    return bool((settings or {}).get("player_names", CHOOSE) != GENERATED)


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


async def name_players(
    sessionmaker: async_sessionmaker[AsyncSession],
    players: list[tuple[str, str]],
    words: Mapping[str, NameWords],
) -> dict[str, str]:
    """Generated names for many joining players at once, [(room_id, participant_id)], in one
    transaction: per presentation one lock and one read of the names taken, where one join at a
    time took a transaction, a lock and a read of every name each (a hall joining a quiz at once
    queued behind itself). Returns {participant_id: name}; a player who already has a name keeps
    it, and one who is gone is left out."""
    names: dict[str, str] = {}
    async with sessionmaker() as session, session.begin():
        rooms = (
            await session.execute(
                select(col(Room.id), col(Room.presentation_id), col(Presentation.language))
                .join(Presentation, col(Presentation.id) == col(Room.presentation_id))
                .where(col(Room.id).in_({room for room, _ in players}))
            )
        ).all()
        presentation_of = {room: (presentation, language) for room, presentation, language in rooms}
        groups: dict[str, list[tuple[str, str]]] = {}
        for room, participant in players:
            if room in presentation_of:
                groups.setdefault(presentation_of[room][0], []).append((room, participant))
        for presentation_id, group in groups.items():
            await _lock_presentation(session, presentation_id, group[0][1])
            language = presentation_of[group[0][0]][1]
            named = await _name_group(
                session, presentation_id, group, words.get(language or "", words.get("en", NameWords()))
            )
            names |= named
    return names


async def _name_group(
    session: AsyncSession, presentation_id: str, group: list[tuple[str, str]], words: NameWords
) -> dict[str, str]:
    rows = (
        await session.execute(
            select(col(Participant.id), col(Participant.room_id), col(Participant.nickname)).where(
                col(Participant.id).in_([participant for _, participant in group])
            )
        )
    ).all()
    current = {pid: (room, nickname) for pid, room, nickname in rows}
    taken = await _taken_names(session, presentation_id)
    names: dict[str, str] = {}
    new: list[dict[str, str]] = []
    for room, participant in group:
        if participant not in current or current[participant][0] != room:
            continue
        name = current[participant][1] or made_up_name(words, taken)
        if not current[participant][1]:
            taken.add(name_key(name))
            new.append({"id": participant, "nickname": name})
        names[participant] = name
    if new:
        await session.execute(update(Participant), new)  # by primary key, one statement for all
    return names
