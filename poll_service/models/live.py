"""What a room collects while it runs: the room, its participants, their answers (with the
idempotency keys that make a retry safe), shared results, the Q&A and moderation."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from poll_service.ids import new_id
from poll_service.models.columns import timestamp_field as _ts


class Room(SQLModel, table=True):
    __table_args__ = (
        # A join code is unique among live rooms only; ended rooms free their code.
        Index(
            "ix_room_live_join_code",
            "join_code",
            unique=True,
            sqlite_where=text("status = 'live'"),
            postgresql_where=text("status = 'live'"),
        ),
    )
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    presentation_id: str = Field(foreign_key="presentation.id", index=True, max_length=32, ondelete="CASCADE")
    owner_id: str = Field(foreign_key="user.id", index=True, max_length=32, ondelete="CASCADE")
    name: str = Field(max_length=200)
    join_code: str = Field(max_length=8)
    status: str = Field(default="live", max_length=8)
    locked: bool = False
    current_question_id: str | None = Field(default=None, max_length=32)
    voting_open: bool = False
    results_visible: bool = True
    # Room-level options (pacing, Q&A panel, anonymous mode), copied from the presentation at start.
    settings: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False, server_default=text("'{}'"))
    )
    # When voting on the current question opened (quiz speed bonus) and when a countdown closes it.
    voting_opened_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    countdown_ends_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    created_at: datetime = _ts(nullable=False)
    ended_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))


class Participant(SQLModel, table=True):
    __table_args__ = (Index("ix_participant_room_source", "room_id", "join_source"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    room_id: str = Field(foreign_key="room.id", index=True, max_length=32, ondelete="CASCADE")
    nickname: str | None = Field(default=None, max_length=40)
    # A participant the presenter removed: their responses are gone and they cannot answer again.
    removed: bool = Field(default=False, sa_column_kwargs={"server_default": text("false")})
    # A keyed hash of the address it joined from (privacy/bursts.py), never the address itself.
    join_source: str | None = Field(default=None, max_length=16)
    created_at: datetime = _ts(nullable=False)


class Response(SQLModel, table=True):
    __table_args__ = (
        # One response per participant per question (slot > 0 is for types that take several).
        UniqueConstraint("participant_id", "question_id", "slot", name="uq_response_once"),
        Index("ix_response_room_question", "room_id", "question_id"),
    )
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    room_id: str = Field(foreign_key="room.id", max_length=32, ondelete="CASCADE")
    question_id: str = Field(foreign_key="question.id", max_length=32, ondelete="CASCADE")
    # None once an anonymous room has dropped the link between participants and their answers.
    # Lookups by participant use uq_response_once, which leads with this column.
    participant_id: str | None = Field(
        default=None, foreign_key="participant.id", max_length=32, ondelete="CASCADE"
    )
    slot: int = 0
    answer: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    # Moderation: "visible", "pending" (approve-first queue) or "hidden".
    status: str = Field(default="visible", max_length=8, sa_column_kwargs={"server_default": "visible"})
    # Quiz points earned (correctness + speed bonus); None for other types.
    score: int | None = None
    created_at: datetime = _ts(nullable=False)


class IdempotencyKey(SQLModel, table=True):
    """The first answer to a keyed submission, so a retry returns it and stores nothing new."""

    __tablename__ = "idempotency_key"
    participant_id: str = Field(
        primary_key=True, foreign_key="participant.id", max_length=32, ondelete="CASCADE"
    )
    key: str = Field(primary_key=True, max_length=128)
    response_id: str = Field(max_length=32)
    question_id: str = Field(max_length=32)
    created_at: datetime = _ts(nullable=False)


class ResultsShare(SQLModel, table=True):
    """A room's results published at a read-only URL: only the SHA-256 of the URL's token is stored,
    one share per room (publishing again replaces it; revoking deletes it)."""

    __tablename__ = "results_share"
    token_hash: str = Field(primary_key=True, max_length=64)
    room_id: str = Field(foreign_key="room.id", unique=True, index=True, max_length=32, ondelete="CASCADE")
    created_at: datetime = _ts(nullable=False)


class QnaQuestion(SQLModel, table=True):
    """An audience question in a room's Q&A panel."""

    __tablename__ = "qna_question"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    room_id: str = Field(foreign_key="room.id", index=True, max_length=32, ondelete="CASCADE")
    participant_id: str | None = Field(
        default=None, foreign_key="participant.id", index=True, max_length=32, ondelete="SET NULL"
    )
    author_name: str | None = Field(default=None, max_length=40)
    text: str = Field(max_length=2000)
    # "visible", "pending" (approve-first queue) or "hidden".
    status: str = Field(default="visible", max_length=8)
    answered: bool = False
    upvotes: int = 0
    created_at: datetime = _ts(nullable=False)


class QnaUpvote(SQLModel, table=True):
    """One upvote per participant per audience question (the primary key makes that so)."""

    __tablename__ = "qna_upvote"
    qna_question_id: str = Field(
        primary_key=True, foreign_key="qna_question.id", max_length=32, ondelete="CASCADE"
    )
    participant_id: str = Field(
        primary_key=True, foreign_key="participant.id", max_length=32, ondelete="CASCADE"
    )
    created_at: datetime = _ts(nullable=False)


class HiddenEntry(SQLModel, table=True):
    """A free-text entry (a word-cloud word, by its folded key) the presenter hid in one room."""

    __tablename__ = "hidden_entry"
    room_id: str = Field(primary_key=True, foreign_key="room.id", max_length=32, ondelete="CASCADE")
    question_id: str = Field(primary_key=True, foreign_key="question.id", max_length=32, ondelete="CASCADE")
    key: str = Field(primary_key=True, max_length=200)
    created_at: datetime = _ts(nullable=False)
