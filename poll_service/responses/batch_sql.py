"""One batch of votes in one transaction: SQLAlchemy Core statements, built once, run through a
plain (sync) Connection. The writer runs this in a thread of its own on SQLite and through
`AsyncConnection.run_sync` on PostgreSQL, so a batch costs one hand-off, not one per statement."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table, bindparam, select

from poll_service.errors import Conflict, PollError
from poll_service.ids import utcnow
from poll_service.models import IdempotencyKey, Response
from poll_service.responses.vote import Accepted, Vote

_responses: Table = Response.__table__  # type: ignore[attr-defined]
_keys: Table = IdempotencyKey.__table__  # type: ignore[attr-defined]

Outcomes = list[Accepted | PollError | None]


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


def write_batch(conn: Connection, sql: BatchStatements, batch: list[Vote]) -> list[Accepted | PollError]:
    """Store a batch inside the caller's transaction; one outcome per vote, in order."""
    outcomes: Outcomes = [None] * len(batch)
    _answer_retries(conn, sql, batch, outcomes)
    fresh = [i for i, o in enumerate(outcomes) if o is None]
    _upsert(conn, sql, batch, [i for i in fresh if batch[i].allow_change], outcomes)
    _insert_once(conn, sql, batch, [i for i in fresh if not batch[i].allow_change], outcomes)
    _remember_keys(conn, sql, batch, outcomes)
    return [o if o is not None else Conflict("not stored") for o in outcomes]


def _answer_retries(conn: Connection, sql: BatchStatements, batch: list[Vote], outcomes: Outcomes) -> None:
    """A submission whose Idempotency-Key was seen before gets the first answer again."""
    keyed = {(v.participant_id, v.idempotency_key) for v in batch if v.idempotency_key}
    if not keyed:
        return
    rows = conn.execute(
        sql.known_keys, {"participants": list({p for p, _ in keyed}), "keys": list({k for _, k in keyed})}
    )
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
    conn: Connection, sql: BatchStatements, batch: list[Vote], indexes: Sequence[int], outcomes: Outcomes
) -> None:
    if not indexes:
        return
    # Within a batch the last submission of a participant for a question wins, as it would have
    # had they arrived one after another.
    latest: dict[tuple[str, str, int], int] = {}
    for i in indexes:
        latest[(batch[i].participant_id, batch[i].question_id, batch[i].slot)] = i
    now = utcnow()
    conn.execute(sql.upsert, [_row(batch[i], now) for i in latest.values()])
    for i in indexes:
        outcomes[i] = Accepted(batch[i].response_id, batch[i].question_id)


def _insert_once(
    conn: Connection, sql: BatchStatements, batch: list[Vote], indexes: Sequence[int], outcomes: Outcomes
) -> None:
    if not indexes:
        return
    first: dict[tuple[str, str, int], int] = {}
    for i in indexes:
        first.setdefault((batch[i].participant_id, batch[i].question_id, batch[i].slot), i)
    now = utcnow()
    conn.execute(sql.insert_once, [_row(batch[i], now) for i in first.values()])
    ids = [batch[i].response_id for i in first.values()]
    stored = set(conn.scalars(sql.stored_ids, {"ids": ids}).all())
    for i in indexes:
        if batch[i].response_id in stored:
            outcomes[i] = Accepted(batch[i].response_id, batch[i].question_id)
        else:
            outcomes[i] = Conflict("you already answered this question and changes are not allowed")


def _remember_keys(conn: Connection, sql: BatchStatements, batch: list[Vote], outcomes: Outcomes) -> None:
    now = utcnow()
    rows = [
        {
            "participant_id": v.participant_id,
            "key": v.idempotency_key,
            "response_id": o.response_id,
            "question_id": o.question_id,
            "created_at": now,
        }
        for v, o in zip(batch, outcomes, strict=True)
        if v.idempotency_key and isinstance(o, Accepted) and o.stored
    ]
    if rows:
        conn.execute(sql.remember_keys, rows)


def _row(vote: Vote, now: Any) -> dict[str, Any]:
    return {
        "id": vote.response_id,
        "room_id": vote.room_id,
        "question_id": vote.question_id,
        "participant_id": vote.participant_id,
        "slot": vote.slot,
        "answer": vote.answer,
        "status": vote.status,
        "score": vote.answer.get("score"),  # quiz points (quiz/rules.score_answer), else None
        "created_at": now,
    }


def _dialect_insert(dialect: str) -> Any:
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert
    raise RuntimeError(f"unsupported database dialect {dialect!r}")
