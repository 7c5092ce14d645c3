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
