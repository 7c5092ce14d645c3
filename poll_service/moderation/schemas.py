from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from poll_service.text import MAX_WORD_LENGTH, max_code_points

ModeratedStatus = Literal["visible", "pending", "hidden"]


class ModeratedResponse(BaseModel):
    id: str
    question_id: str
    type: str
    answer: dict[str, Any]
    status: ModeratedStatus
    created_at: str


class ModerationCounts(BaseModel):
    pending: int
    hidden: int
    visible: int = Field(description="free-text answers shown (approved, or never held back)")


class ModerationQueue(BaseModel):
    counts: ModerationCounts
    responses: list[ModeratedResponse]


class ResponseStatusUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: Literal["visible", "hidden"] = Field(
        description='"visible" approves (or restores) an entry, "hidden" hides it'
    )


class HiddenWordIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # As long as a word-cloud entry may be (text.py): every word that can be stored can be hidden.
    word: str = Field(min_length=1, max_length=max_code_points(MAX_WORD_LENGTH) + 16)


class HiddenWords(BaseModel):
    question_id: str
    words: list[str] = Field(description="the folded keys of the hidden words (as in the tally's `key`)")
