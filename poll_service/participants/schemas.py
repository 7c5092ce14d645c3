from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class JoinIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    join_code: str = Field(min_length=1, max_length=32)


class JoinOut(BaseModel):
    room_id: str
    participant_id: str
    participant_token: str
    join_code: str


class ParticipantState(BaseModel):
    room_id: str
    status: str
    voting_open: bool
    results_visible: bool
    question: dict[str, Any] | None
    my_response: dict[str, Any] | None


class ResponseAccepted(BaseModel):
    response_id: str
    question_id: str


# A small fixed set, so reactions can never carry text.
REACTIONS = ("👍", "❤️", "😂", "👏", "🎉", "😮")


class ReactionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    emoji: str = Field(max_length=8, description="one of " + " ".join(REACTIONS))
