"""The deck document: a presentation's questions as portable JSON, versioned so a later server can
read an older file. Validation errors name the field the way a person reads the file:
`questions[2].options[0].label: ...`."""

import json
from collections.abc import Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, ValidationError

from poll_service.errors import InvalidInput, PayloadTooLarge
from poll_service.presentations.schemas import Language, PresentationSettings
from poll_service.presentations.service import MAX_QUESTIONS
from poll_service.question_types.base import MAX_OPTION_LABEL, MAX_OPTIONS
from poll_service.question_types.registry import QUESTION_TYPES

FORMAT = "poll-service/deck"
VERSION = 1
# A deck is text: these bound what one import can make the server parse and store, beside
# POLL_MAX_BODY_BYTES (which refuses larger bodies before they are read).
MAX_DECK_BYTES = 1024 * 1024
MAX_DECK_CODE_POINTS = 300_000


class DeckOption(BaseModel):
    model_config = ConfigDict(extra="forbid")
    label: str = Field(min_length=1, max_length=MAX_OPTION_LABEL)
    correct: StrictBool = Field(default=False, description="quiz: a right answer")


class DeckQuestion(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: str = Field(min_length=1, max_length=32)
    prompt: str = Field(min_length=1, max_length=1000)
    options: list[DeckOption] = Field(default_factory=list, max_length=MAX_OPTIONS)
    settings: dict[str, Any] = Field(default_factory=dict)


class DeckDocument(BaseModel):
    model_config = ConfigDict(extra="forbid")
    format: Literal["poll-service/deck"]
    version: Literal[1]
    title: str = Field(min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=500)
    language: Language = "en"
    settings: PresentationSettings | None = None
    questions: list[DeckQuestion] = Field(max_length=MAX_QUESTIONS)


def field_path(loc: Sequence[str | int]) -> str:
    """('questions', 2, 'options', 0, 'label') -> 'questions[2].options[0].label'."""
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "document"


def read_deck(raw: bytes) -> DeckDocument:
    """The document in a request body, or a 413/422 that says what is wrong and where."""
    if len(raw) > MAX_DECK_BYTES:
        raise PayloadTooLarge(f"a deck is at most {MAX_DECK_BYTES} bytes")
    try:
        text = raw.decode("utf-8")
        data = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput(f"document: not UTF-8 JSON ({exc})") from None
    if len(text) > MAX_DECK_CODE_POINTS:
        raise PayloadTooLarge(f"a deck is at most {MAX_DECK_CODE_POINTS} characters")
    return parse_deck(data)


def parse_deck(data: Any) -> DeckDocument:
    if isinstance(data, dict) and data.get("format") == FORMAT and data.get("version") != VERSION:
        # A newer file than this server reads: say so, rather than "input should be 1".
        raise InvalidInput(f"version: this server reads version {VERSION} decks, not {data.get('version')!r}")
    try:
        return DeckDocument.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise InvalidInput(f"{field_path(err['loc'])}: {err['msg']}") from None


def deck_of(title: str, language: str, settings: dict[str, Any], questions: Sequence[Any]) -> dict[str, Any]:
    """A presentation as a deck document: no ids, no answers; options carry `correct` where set."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "title": title,
        "language": language,
        "settings": _known(settings or {}, PresentationSettings) or None,
        "questions": [
            {
                "type": q.type,
                "prompt": q.prompt,
                "options": [_option(o) for o in q.options],
                "settings": _question_settings(q.type, q.settings or {}),
            }
            for q in questions
        ],
    }


def _known(settings: dict[str, Any], model: type[BaseModel]) -> dict[str, Any]:
    """Only the settings this server's model has: a key an older version stored and no longer
    reads would make the document fail its own import."""
    return {k: v for k, v in settings.items() if k in model.model_fields}


def _question_settings(kind: str, settings: dict[str, Any]) -> dict[str, Any]:
    spec = QUESTION_TYPES.get(kind)
    return _known(settings, spec.settings_model) if spec is not None else dict(settings)


def _option(option: dict[str, Any]) -> dict[str, Any]:
    label = {"label": option["label"]}
    return {**label, "correct": True} if option.get("correct") else label
