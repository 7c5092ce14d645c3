from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from poll_service.qna.settings import QnaSettingsPatch
from poll_service.question_types.base import OptionIn
from poll_service.timezones import check_zone

Language = Literal["nl", "en"]


class PresentationSettings(BaseModel):
    """Defaults for the rooms run from a presentation: each new room starts with a copy."""

    model_config = ConfigDict(extra="forbid")
    # "audience": a self-paced survey (docs/quiz-and-self-paced.md)
    pacing: Literal["presenter", "audience"] = "presenter"
    hide_results_until_closed: bool = False
    # Once voting on a question closes, its answers lose their link to participants (privacy/).
    anonymous: bool = False
    # The audience Q&A panel (docs/qna-and-moderation.md); only the keys given change.
    qna: QnaSettingsPatch | None = None
    # The zone its times are shown in (exports, results page, dashboard): an IANA name such as
    # "Europe/Amsterdam"; null: the server's POLL_TIME_ZONE. Until workspaces exist, a
    # presentation's zone stands in for its workspace's.
    time_zone: str | None = Field(default=None, max_length=64)
    # Quiz names (docs/quiz-and-self-paced.md): "choose": players may choose their own (a
    # generated one until they do); "generated": everyone keeps the name made up for them.
    player_names: Literal["choose", "generated"] = "choose"

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        return None if value is None else check_zone(value)


class PresentationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(min_length=1, max_length=200)
    language: Language = "en"
    settings: PresentationSettings | None = None
    workspace_id: str | None = Field(
        default=None, max_length=32, description="the workspace to hold it (default: your personal one)"
    )


class PresentationUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str | None = Field(default=None, min_length=1, max_length=200)
    language: Language | None = None
    settings: PresentationSettings | None = Field(default=None, description="only the keys given change")


class QuestionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: str = Field(min_length=1, max_length=32)
    prompt: str = Field(min_length=1, max_length=1000)
    options: list[OptionIn] | None = Field(default=None, max_length=100)
    settings: dict[str, Any] | None = None


class QuestionUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    prompt: str | None = Field(default=None, min_length=1, max_length=1000)
    options: list[OptionIn] | None = Field(default=None, max_length=100)
    settings: dict[str, Any] | None = None


class QuestionOrder(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question_ids: list[str] = Field(max_length=500)


class OptionPublic(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    label: str


class QuestionPublic(BaseModel):
    id: str
    type: str
    prompt: str
    position: int
    options: list[OptionPublic]
    settings: dict[str, Any]


class PresentationPublic(BaseModel):
    id: str
    title: str
    language: str
    created_at: str
    questions: list[QuestionPublic]
    settings: dict[str, Any] = Field(default_factory=dict)
    # Its theme (docs/themes.md), null for the pages' own look; changed by /api/presentations/{pid}/theme.
    theme: dict[str, Any] | None = None
    workspace_id: str | None = None
    # The caller's role over it (docs/workspaces.md): which of the dashboard's controls apply.
    role: Literal["owner", "editor", "facilitator", "viewer"]
    # A facilitator handed some of its rooms: their ids (they see and run only those); else null.
    handed_rooms: list[str] | None = None
