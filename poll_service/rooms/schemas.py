from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from poll_service.qna.settings import QnaSettingsPatch

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
    "lobby",  # back to the room's lobby (docs/api-extensions.md)
    # quiz play and countdown (docs/quiz-and-self-paced.md)
    "start_countdown",
    "stop_countdown",
    "reveal",
    "show_leaderboard",
    "show_podium",
    "hide_leaderboard",
]

Pacing = Literal["presenter", "audience"]


class RoomCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(default=None, max_length=200)
    pacing: Pacing | None = Field(
        default=None,
        description="presenter (default: the presentation's setting) or audience (self-paced survey)",
    )
    qna: QnaSettingsPatch | None = Field(
        default=None, description="Q&A panel (default: the presentation's); docs/qna-and-moderation.md"
    )


class RoomUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(default=None, min_length=1, max_length=200)
    qna: QnaSettingsPatch | None = Field(default=None, description="only the Q&A keys given change")


class RoomControl(BaseModel):
    model_config = ConfigDict(extra="forbid")
    action: Action
    question_id: str | None = Field(default=None, max_length=64)
    seconds: int | None = Field(
        default=None,
        ge=1,
        le=3600,
        description="start_countdown: length (default the question's time_limit_s)",
    )


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
    settings: dict[str, Any] = Field(default_factory=dict)
    voting_opened_at: str | None = None
    countdown_ends_at: str | None = None


class QuestionResult(BaseModel):
    # A type may add fields beside its tally (pin_image: `points`, `points_truncated`).
    model_config = ConfigDict(extra="allow")
    question_id: str
    type: str
    prompt: str
    response_count: int
    tally: dict[str, Any]


class Results(BaseModel):
    room_id: str
    participant_count: int
    questions: list[QuestionResult]
