from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from poll_service.decks.spreadsheet import SheetFormat
from poll_service.presentations.schemas import Language


class DuplicateRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    with_results: bool = Field(default=False, description="also copy rooms, participants and answers")
    title: str | None = Field(default=None, min_length=1, max_length=200, description="default: the copy's")


class SpreadsheetUpload(BaseModel):
    """A spreadsheet as JSON (the API takes JSON bodies only): its bytes in base64."""

    model_config = ConfigDict(extra="forbid")
    format: SheetFormat
    content_base64: str = Field(min_length=1)


class FromTemplate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    template: str = Field(min_length=1, max_length=64, description="an id from GET /api/templates")
    language: Language | None = Field(default=None, description="default: the user's language")


class TemplateSummary(BaseModel):
    id: str
    language: str
    title: str
    description: str | None
    question_count: int
    question_types: list[str]


TemplateLanguage = Literal["en", "nl"]
