from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Action = Literal[
    "goto",
    "next",
    "previous",
    "open_voting",
    "close_voting",
    "show_results",
    "hide_results",
    "reset_question",
    "lock",
    "unlock",
    "end",
]


class RoomCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(default=None, max_length=200)


class RoomControl(BaseModel):
    model_config = ConfigDict(extra="forbid")
    action: Action
    question_id: str | None = Field(default=None, max_length=64)


class RoomPublic(BaseModel):
    id: str
    presentation_id: str
    name: str
    join_code: str
    join_url: str
    status: Literal["live", "ended"]
    locked: bool
    current_question_id: str | None
    voting_open: bool
    results_visible: bool
    participant_count: int
    created_at: str
    ended_at: str | None = None


class QuestionResult(BaseModel):
    question_id: str
    type: str
    prompt: str
    response_count: int
    tally: dict[str, Any]


class Results(BaseModel):
    room_id: str
    participant_count: int
    questions: list[QuestionResult]
