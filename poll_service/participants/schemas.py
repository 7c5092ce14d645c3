from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class JoinIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    join_code: str = Field(min_length=1, max_length=32)
    nickname: str | None = Field(
        default=None, max_length=200, description="quiz nickname (cleaned, at most 24 characters)"
    )


class JoinOut(BaseModel):
    room_id: str
    participant_id: str
    participant_token: str
    join_code: str
    nickname: str | None = None


class ParticipantState(BaseModel):
    room_id: str
    status: str
    voting_open: bool
    results_visible: bool
    question: dict[str, Any] | None
    my_response: dict[str, Any] | None
    # The room shows its lobby: no question yet (or again); the phone waits (docs/api-extensions.md).
    lobby: bool = False
    # quiz play and audience pacing (docs/quiz-and-self-paced.md)
    pacing: str = "presenter"
    countdown_ends_at: str | None = None
    server_now: str | None = None
    reveal: dict[str, Any] | None = None
    leaderboard: dict[str, Any] | None = None
    questions: list[dict[str, Any]] | None = None
    my_responses: dict[str, dict[str, Any]] | None = None
    progress: dict[str, int] | None = None
    reveals: dict[str, dict[str, Any]] | None = None


class ResponseAccepted(BaseModel):
    response_id: str
    question_id: str
    # Moderation (docs/qna-and-moderation.md): "pending" or "hidden" when the answer is stored but
    # not shown, with a message saying why.
    status: Literal["visible", "pending", "hidden"] = "visible"
    message: str | None = None


# A small fixed set, so reactions can never carry text.
REACTIONS = ("👍", "❤️", "😂", "👏", "🎉", "😮")


class ReactionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    emoji: str = Field(max_length=8, description="one of " + " ".join(REACTIONS))
