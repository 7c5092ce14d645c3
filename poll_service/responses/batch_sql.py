"""One batch of votes in one transaction. The steps (idempotency, upsert or insert-once, keys) are
written once, in `batch_steps`, as a generator that yields each statement it needs (a store
method's name and arguments) and is sent back its result; a store runs the statements, and
`write_batch` (sync) or `write_batch_async` drives the steps through it.

Three stores: `SqliteStore` runs SQLAlchemy Core statements, compiled once to SQL text, on the
SQLite writer thread's own sqlite3 connection (per row, SQLAlchemy's parameter processing costs
more CPU than SQLite's insert, and on the embedded default that thread shares its core with the
event loop: bench/README.md); `pg_batch.AsyncpgStore` runs one array statement per step on
asyncpg directly; `CoreStore` runs the Core statements through SQLAlchemy on any dialect, the
reference the other two are checked against (tests/test_vote_storage.py)."""

import sqlite3
from collections.abc import Awaitable, Callable, Generator, Iterable, Sequence
from datetime import datetime
from typing import Any, Protocol

import orjson
from sqlalchemy import Connection, DateTime, Table, bindparam, select
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError

from poll_service.errors import Conflict, PollError
from poll_service.ids import utcnow
from poll_service.models import IdempotencyKey, Response
from poll_service.responses.vote import Accepted, Vote

_responses: Table = Response.__table__  # type: ignore[attr-defined]
_keys: Table = IdempotencyKey.__table__  # type: ignore[attr-defined]

Outcomes = list[Accepted | PollError | None]
# (participant_id, key, response_id, question_id)
KnownKey = tuple[str, str, str, str]
RESPONSE_COLUMNS = (
    "id",
    "room_id",
    "question_id",
    "participant_id",
    "slot",
    "answer",
    "status",
    "score",
    "created_at",
)
KEY_COLUMNS = ("participant_id", "key", "response_id", "question_id", "created_at")


class BatchStore(Protocol):
    """The statements of one batch, run inside the caller's transaction. `known_keys` gets the
    pairs (participants[i], keys[i]) and may answer more rows than asked: the caller filters."""

    def known_keys(self, participants: list[str], keys: list[str]) -> Iterable[KnownKey]: ...
    def upsert(self, votes: list[Vote], now: datetime) -> None: ...
    def insert_once(self, votes: list[Vote], now: datetime) -> None: ...
    def stored_ids(self, ids: list[str]) -> set[str]: ...
    def remember_keys(self, pairs: list[tuple[Vote, Accepted]], now: datetime) -> None: ...


class AsyncBatchStore(Protocol):
    """BatchStore's statements as coroutines (a store on an async driver)."""

    async def known_keys(self, participants: list[str], keys: list[str]) -> Iterable[KnownKey]: ...
    async def upsert(self, votes: list[Vote], now: datetime) -> None: ...
    async def insert_once(self, votes: list[Vote], now: datetime) -> None: ...
    async def stored_ids(self, ids: list[str]) -> set[str]: ...
    async def remember_keys(self, pairs: list[tuple[Vote, Accepted]], now: datetime) -> None: ...


class BatchStatements:
    """Statements built once per dialect: building an upsert costs more CPU than executing it."""

    def __init__(self, dialect: str) -> None:
        insert = _dialect_insert(dialect)
        upsert = insert(_responses)
        self.upsert = upsert.on_conflict_do_update(
            index_elements=["participant_id", "question_id", "slot"],
            set_={
                "id": upsert.excluded.id,
                "answer": upsert.excluded.answer,
                "status": upsert.excluded.status,
                "score": upsert.excluded.score,
                "created_at": upsert.excluded.created_at,
            },
        )
        self.insert_once = insert(_responses).on_conflict_do_nothing(
            index_elements=["participant_id", "question_id", "slot"]
        )
        self.stored_ids = select(_responses.c.id).where(_responses.c.id.in_(bindparam("ids", expanding=True)))
        # Two plain IN lists use the primary key's index on every database (a tuple IN may not);
        # the few extra pairs it can return are filtered out afterwards.
        self.known_keys = select(
            _keys.c.participant_id, _keys.c.key, _keys.c.response_id, _keys.c.question_id
        ).where(
            _keys.c.participant_id.in_(bindparam("participants", expanding=True)),
            _keys.c.key.in_(bindparam("keys", expanding=True)),
        )
        self.remember_keys = insert(_keys).on_conflict_do_nothing(index_elements=["participant_id", "key"])


class CoreStore:
    """SQLAlchemy Core on any dialect."""

    def __init__(self, conn: Connection, sql: BatchStatements) -> None:
        self._conn = conn
        self._sql = sql

    def known_keys(self, participants: list[str], keys: list[str]) -> Iterable[KnownKey]:
        rows = self._conn.execute(self._sql.known_keys, {"participants": participants, "keys": keys})
        return [(r[0], r[1], r[2], r[3]) for r in rows]

    def upsert(self, votes: list[Vote], now: datetime) -> None:
        self._conn.execute(self._sql.upsert, self._response_rows(votes, now))

    def insert_once(self, votes: list[Vote], now: datetime) -> None:
        self._conn.execute(self._sql.insert_once, self._response_rows(votes, now))

    def stored_ids(self, ids: list[str]) -> set[str]:
        return set(self._conn.scalars(self._sql.stored_ids, {"ids": ids}).all())

    def remember_keys(self, pairs: list[tuple[Vote, Accepted]], now: datetime) -> None:
        rows = [dict(zip(KEY_COLUMNS, _key_values(v, a, now), strict=True)) for v, a in pairs]
        self._conn.execute(self._sql.remember_keys, rows)

    @staticmethod
    def _response_rows(votes: list[Vote], now: datetime) -> list[dict[str, Any]]:
        return [dict(zip(RESPONSE_COLUMNS, _response_values(v, v.answer, now), strict=True)) for v in votes]


class SqliteStatements:
    """The same statements as SQL text for the sqlite3 module, compiled once."""

    def __init__(self, dialect: Dialect) -> None:
        core = BatchStatements("sqlite")
        self.upsert = _positional(core.upsert, dialect, RESPONSE_COLUMNS)
        self.insert_once = _positional(core.insert_once, dialect, RESPONSE_COLUMNS)
        self.remember_keys = _positional(core.remember_keys, dialect, KEY_COLUMNS)
        # The stored form of a timestamp, exactly as SQLAlchemy writes it on SQLite.
        timestamp = DateTime(timezone=True).dialect_impl(dialect).bind_processor(dialect)
        assert timestamp is not None, "SQLite stores timestamps as text"
        self.timestamp = timestamp
        self.keys_table = _keys.name
        self.responses_table = _responses.name


class SqliteStore:
    """The writer thread's sqlite3 connection, inside the transaction its engine began."""

    def __init__(self, conn: Connection, sql: SqliteStatements) -> None:
        self._db: Any = conn.connection.driver_connection
        self._sql = sql

    # The f-strings below put in only our own table names and `?` marks; every value is a parameter.
    def known_keys(self, participants: list[str], keys: list[str]) -> Iterable[KnownKey]:
        query = (
            f'SELECT participant_id, "key", response_id, question_id FROM {self._sql.keys_table} '  # noqa: S608  # nosec B608
            f'WHERE participant_id IN ({_marks(participants)}) AND "key" IN ({_marks(keys)})'
        )
        rows: list[KnownKey] = self._db.execute(query, [*participants, *keys]).fetchall()
        return rows

    def upsert(self, votes: list[Vote], now: datetime) -> None:
        self._db.executemany(self._sql.upsert, self._response_rows(votes, now))

    def insert_once(self, votes: list[Vote], now: datetime) -> None:
        self._db.executemany(self._sql.insert_once, self._response_rows(votes, now))

    def stored_ids(self, ids: list[str]) -> set[str]:
        query = f"SELECT id FROM {self._sql.responses_table} WHERE id IN ({_marks(ids)})"  # noqa: S608  # nosec B608
        return {row[0] for row in self._db.execute(query, ids)}

    def remember_keys(self, pairs: list[tuple[Vote, Accepted]], now: datetime) -> None:
        stamp = self._sql.timestamp(now)
        self._db.executemany(self._sql.remember_keys, [_key_values(v, a, stamp) for v, a in pairs])

    def _response_rows(self, votes: list[Vote], now: datetime) -> list[tuple[Any, ...]]:
        stamp = self._sql.timestamp(now)  # one batch, one moment: converted once
        return [_response_values(v, orjson.dumps(v.answer).decode(), stamp) for v in votes]


# A statement a step needs: the store method's name and its arguments.
Step = tuple[str, tuple[Any, ...]]
Steps = Generator[Step, Any, list[Accepted | PollError]]


def batch_steps(batch: list[Vote]) -> Steps:
    """The statements of one batch, in order; returns one outcome per vote, in order."""
    outcomes: Outcomes = [None] * len(batch)
    now = utcnow()
    yield from _answer_retries(batch, outcomes)
    fresh = [i for i, o in enumerate(outcomes) if o is None]
    yield from _upsert(batch, [i for i in fresh if batch[i].allow_change], outcomes, now)
    yield from _insert_once(batch, [i for i in fresh if not batch[i].allow_change], outcomes, now)
    yield from _remember_keys(batch, outcomes, now)
    return [o if o is not None else Conflict("not stored") for o in outcomes]


def write_batch(store: BatchStore, batch: list[Vote]) -> list[Accepted | PollError]:
    """Store a batch inside the caller's transaction (a store whose methods return results)."""
    steps = batch_steps(batch)
    try:
        name, args = next(steps)
        while True:
            name, args = steps.send(getattr(store, name)(*args))
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]


async def write_batch_async(store: AsyncBatchStore, batch: list[Vote]) -> list[Accepted | PollError]:
    """The same, with a store whose methods are coroutines (pg_batch.AsyncpgStore)."""
    steps = batch_steps(batch)
    try:
        name, args = next(steps)
        while True:
            method: Callable[..., Awaitable[Any]] = getattr(store, name)
            name, args = steps.send(await method(*args))
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]


def write_batch_core(sql: BatchStatements, conn: Connection, batch: list[Vote]) -> list[Accepted | PollError]:
    return write_batch(CoreStore(conn, sql), batch)


def write_batch_sqlite(
    sql: SqliteStatements, conn: Connection, batch: list[Vote]
) -> list[Accepted | PollError]:
    try:
        return write_batch(SqliteStore(conn, sql), batch)
    except sqlite3.Error as exc:
        # As SQLAlchemy would raise it, so the writer tells a bad vote (IntegrityError: retried
        # alone) from a busy database (OperationalError) the same way on every database.
        raise DBAPIError.instance("vote batch", None, exc, sqlite3.Error) from exc


def _answer_retries(batch: list[Vote], outcomes: Outcomes) -> Generator[Step, Any, None]:
    """A submission whose Idempotency-Key was seen before gets the first answer again."""
    keyed = {(v.participant_id, v.idempotency_key) for v in batch if v.idempotency_key}
    if not keyed:
        return
    pairs = sorted(keyed)
    rows: Iterable[KnownKey] = yield ("known_keys", ([p for p, _ in pairs], [k for _, k in pairs]))
    known = {(r[0], r[1]): Accepted(r[2], r[3], stored=False) for r in rows if (r[0], r[1]) in keyed}
    first_in_batch: dict[tuple[str, str], int] = {}
    for i, vote in enumerate(batch):
        if not vote.idempotency_key:
            continue
        key = (vote.participant_id, vote.idempotency_key)
        if key in known:
            outcomes[i] = known[key]
        elif key in first_in_batch:
            # The same key twice in one batch: the later one echoes the first.
            first = batch[first_in_batch[key]]
            outcomes[i] = Accepted(first.response_id, first.question_id, stored=False)
        else:
            first_in_batch[key] = i


def _upsert(
    batch: list[Vote], indexes: Sequence[int], outcomes: Outcomes, now: datetime
) -> Generator[Step, Any, None]:
    if not indexes:
        return
    # Within a batch the last submission of a participant for a question wins, as it would have
    # had they arrived one after another.
    latest: dict[tuple[str, str, int], int] = {}
    for i in indexes:
        latest[(batch[i].participant_id, batch[i].question_id, batch[i].slot)] = i
    yield ("upsert", ([batch[i] for i in latest.values()], now))
    for i in indexes:
        outcomes[i] = Accepted(batch[i].response_id, batch[i].question_id)


def _insert_once(
    batch: list[Vote], indexes: Sequence[int], outcomes: Outcomes, now: datetime
) -> Generator[Step, Any, None]:
    if not indexes:
        return
    first: dict[tuple[str, str, int], int] = {}
    for i in indexes:
        first.setdefault((batch[i].participant_id, batch[i].question_id, batch[i].slot), i)
    yield ("insert_once", ([batch[i] for i in first.values()], now))
    stored: set[str] = yield ("stored_ids", ([batch[i].response_id for i in first.values()],))
    for i in indexes:
        if batch[i].response_id in stored:
            outcomes[i] = Accepted(batch[i].response_id, batch[i].question_id)
        else:
            outcomes[i] = Conflict("you already answered this question and changes are not allowed")


def _remember_keys(batch: list[Vote], outcomes: Outcomes, now: datetime) -> Generator[Step, Any, None]:
    pairs = [
        (v, o)
        for v, o in zip(batch, outcomes, strict=True)
        if v.idempotency_key and isinstance(o, Accepted) and o.stored
    ]
    if pairs:
        yield ("remember_keys", (pairs, now))


# A row's values in RESPONSE_COLUMNS / KEY_COLUMNS order, for both stores: the answer and the
# timestamp as each store passes them (Python objects for SQLAlchemy, text for sqlite3).
def _response_values(vote: Vote, answer: Any, created_at: Any) -> tuple[Any, ...]:
    score = vote.answer.get("score")  # quiz points (quiz/rules.score_answer), else None
    return (
        vote.response_id,
        vote.room_id,
        vote.question_id,
        vote.participant_id,
        vote.slot,
        answer,
        vote.status,
        score,
        created_at,
    )


def _key_values(vote: Vote, accepted: Accepted, created_at: Any) -> tuple[Any, ...]:
    return (vote.participant_id, vote.idempotency_key, accepted.response_id, accepted.question_id, created_at)


def _positional(statement: Any, dialect: Dialect, columns: Sequence[str]) -> str:
    """SQL text whose `?` placeholders take the columns in the given order."""
    compiled = statement.compile(dialect=dialect, column_keys=list(columns))
    order = compiled.positiontup
    if list(order) != list(columns):  # _response_values and _key_values rely on this order
        raise RuntimeError(f"unexpected parameter order {order} for {columns}")
    return str(compiled)


def _marks(values: Sequence[Any]) -> str:
    return ",".join("?" * len(values))


def _dialect_insert(dialect: str) -> Any:
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert
    raise RuntimeError(f"unsupported database dialect {dialect!r}")
