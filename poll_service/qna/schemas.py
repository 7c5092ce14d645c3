from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from poll_service.qna.settings import QnaSettings

QnaStatus = Literal["visible", "pending", "hidden"]


class QnaAsk(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # Checked again in characters as people count them (settings.max_length); this bounds the bytes.
    text: str = Field(min_length=1, max_length=4000)
    name: str | None = Field(default=None, max_length=200, description="only when the room allows names")


class QnaItem(BaseModel):
    id: str
    text: str
    author_name: str | None
    upvotes: int
    answered: bool
    created_at: str


class QnaOwnItem(QnaItem):
    status: QnaStatus


class QnaAsked(QnaOwnItem):
    """The new question; `message` says why it is not shown yet (pending or hidden)."""

    message: str | None = None


class QnaPanel(BaseModel):
    settings: QnaSettings
    questions: list[QnaItem]
    count: int


class QnaParticipantPanel(QnaPanel):
    upvoted: list[str]
    mine: list[QnaOwnItem]


class QnaUpvoted(BaseModel):
    id: str
    upvotes: int
    upvoted: bool


class QnaCounts(BaseModel):
    visible: int
    pending: int
    hidden: int


class QnaOrganiserList(BaseModel):
    settings: QnaSettings
    counts: QnaCounts
    questions: list[QnaOwnItem]


class QnaUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    answered: bool | None = None
    status: Literal["visible", "hidden"] | None = Field(
        default=None, description='"visible" approves (or restores) a question, "hidden" hides it'
    )
