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
from poll_service.question_types.base import IMAGE_SETTING, MAX_OPTION_LABEL, MAX_OPTIONS, ImageRef
from poll_service.question_types.registry import QUESTION_TYPES
from poll_service.themes.schemas import Theme

FORMAT = "poll-service/deck"
# Version 2 carries the deck's images and theme; version 1 files (no images) are still read.
VERSION = 2
READ_VERSIONS = (1, 2)
# The deck's text: these bound what one import can make the server parse and store, beside
# POLL_MAX_BODY_BYTES (which refuses larger bodies before they are read). The embedded images
# are bounded apart: POLL_DECK_IMPORT_MAX_BYTES for the whole body, and each image by
# POLL_MEDIA_MAX_UPLOAD_BYTES and the importer's quota (decks/deck_media.py).
MAX_DECK_BYTES = 1024 * 1024
MAX_DECK_CODE_POINTS = 300_000
MAX_DECK_MEDIA = 500


class DeckOption(BaseModel):
    model_config = ConfigDict(extra="forbid")
    label: str = Field(min_length=1, max_length=MAX_OPTION_LABEL)
    correct: StrictBool = Field(default=False, description="quiz: a right answer")
    image: ImageRef | None = Field(default=None, description="image_choice: the option's picture")


class DeckMedia(BaseModel):
    """An image the deck shows, embedded: `id` is what the deck's `media_id`s name (an import
    gives it a new one), `data_base64` the picture (decoded and re-encoded on import)."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(min_length=1, max_length=32, pattern=r"^[0-9A-Za-z_-]+$")
    content_type: Literal["image/png", "image/jpeg", "image/webp", "image/gif"]
    data_base64: str = Field(min_length=1)


class DeckQuestion(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: str = Field(min_length=1, max_length=32)
    prompt: str = Field(min_length=1, max_length=1000)
    options: list[DeckOption] = Field(default_factory=list, max_length=MAX_OPTIONS)
    settings: dict[str, Any] = Field(default_factory=dict)


class DeckDocument(BaseModel):
    model_config = ConfigDict(extra="forbid")
    format: Literal["poll-service/deck"]
    version: Literal[1, 2]
    title: str = Field(min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=500)
    language: Language = "en"
    settings: PresentationSettings | None = None
    questions: list[DeckQuestion] = Field(max_length=MAX_QUESTIONS)
    # Version 2: the presentation's theme (its logo and background name `media` ids) and images.
    theme: Theme | None = None
    media: list[DeckMedia] = Field(default_factory=list, max_length=MAX_DECK_MEDIA)


def field_path(loc: Sequence[str | int]) -> str:
    """('questions', 2, 'options', 0, 'label') -> 'questions[2].options[0].label'."""
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "document"


def read_deck(raw: bytes, max_text_bytes: int = MAX_DECK_BYTES) -> DeckDocument:
    """The document in a request body, or a 413/422 that says what is wrong and where. Its text
    without the images' base64 is held to `max_text_bytes` (POLL_MAX_BODY_BYTES, as a deck without
    images always was) and MAX_DECK_BYTES. Slow for a deck with images (tens of MB of JSON):
    callers run it in a worker thread."""
    limit = min(max_text_bytes, MAX_DECK_BYTES)
    try:
        text = raw.decode("utf-8")
        data = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput(f"document: not UTF-8 JSON ({exc})") from None
    # The images' base64 is bounded by the body limit and per image; the rest is the deck's text.
    images = _embedded_chars(data)
    if len(raw) - images > limit:
        raise PayloadTooLarge(f"a deck (without its images) is at most {limit} bytes")
    if len(text) - images > MAX_DECK_CODE_POINTS:
        raise PayloadTooLarge(f"a deck (without its images) is at most {MAX_DECK_CODE_POINTS} characters")
    return parse_deck(data)


def _embedded_chars(data: Any) -> int:
    """About how much of the document is its images' base64 (bounded apart from the text)."""
    media = data.get("media") if isinstance(data, dict) else None
    if not isinstance(media, list):
        return 0
    return sum(
        len(m["data_base64"]) + 200
        for m in media
        if isinstance(m, dict) and isinstance(m.get("data_base64"), str)
    )


def parse_deck(data: Any) -> DeckDocument:
    if isinstance(data, dict) and data.get("format") == FORMAT and data.get("version") not in READ_VERSIONS:
        # A newer file than this server reads: say so, rather than "input should be 1 or 2".
        raise InvalidInput(f"version: this server reads version 1 and 2 decks, not {data.get('version')!r}")
    if isinstance(data, dict) and data.get("version") == 1 and ("media" in data or "theme" in data):
        raise InvalidInput("version: a deck with `media` or `theme` is version 2")
    try:
        return DeckDocument.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise InvalidInput(f"{field_path(err['loc'])}: {err['msg']}") from None


def deck_of(
    title: str,
    language: str,
    settings: dict[str, Any],
    questions: Sequence[Any],
    theme: dict[str, Any] | None = None,
    media: Sequence[dict[str, str]] = (),
) -> dict[str, Any]:
    """A presentation as a deck document: no ids but its images', no answers; options carry
    `correct` and `image` where set; the theme and the images it shows (`media`) too."""
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
        "theme": theme,
        "media": list(media),
    }


def _known(settings: dict[str, Any], model: type[BaseModel]) -> dict[str, Any]:
    """Only the settings this server's model has: a key an older version stored and no longer
    reads would make the document fail its own import."""
    return {k: v for k, v in settings.items() if k in model.model_fields}


def _question_settings(kind: str, settings: dict[str, Any]) -> dict[str, Any]:
    spec = QUESTION_TYPES.get(kind)
    known = _known(settings, spec.settings_model) if spec is not None else dict(settings)
    image = settings.get(IMAGE_SETTING)  # every type's picture above the prompt (version 2)
    if isinstance(image, dict):
        known[IMAGE_SETTING] = {"media_id": image.get("media_id"), "alt": image.get("alt")}
    return known


def _option(option: dict[str, Any]) -> dict[str, Any]:
    shown: dict[str, Any] = {"label": option["label"]}
    if option.get("correct"):
        shown["correct"] = True
    if isinstance(option.get("image"), dict):
        shown["image"] = {"media_id": option["image"]["media_id"], "alt": option["image"]["alt"]}
    return shown
