"""Q&A options of a room (`room.settings["qna"]`) and the defaults a presentation gives its rooms
(`presentation.settings["qna"]`). docs/qna-and-moderation.md lists them."""

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from poll_service.errors import InvalidInput

Moderation = Literal["off", "filter", "approve"]
MAX_TEXT = 500


class QnaSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    enabled: bool = False
    moderation: Moderation = "off"
    # Participants may sign a question with a name (never required).
    allow_names: bool = True
    allow_upvotes: bool = True
    # Longest question, in characters as people count them (grapheme clusters).
    max_length: int = Field(default=280, ge=10, le=MAX_TEXT)
    # The presenter screen shows the panel (toggled on the screen with Q, or from the dashboard).
    on_screen: bool = False
    # The presenter screen's order: most upvoted first, or newest first.
    sort: Literal["votes", "newest"] = "votes"


class QnaSettingsPatch(BaseModel):
    """Any subset of the settings; the others stay as they are."""

    model_config = ConfigDict(extra="forbid")
    enabled: bool | None = None
    moderation: Moderation | None = None
    allow_names: bool | None = None
    allow_upvotes: bool | None = None
    max_length: int | None = Field(default=None, ge=10, le=MAX_TEXT)
    on_screen: bool | None = None
    sort: Literal["votes", "newest"] | None = None


def qna_settings(settings: dict[str, Any] | None) -> QnaSettings:
    """The Q&A settings stored in a room's or presentation's settings, defaults filled in."""
    stored = (settings or {}).get("qna")
    if not isinstance(stored, dict):
        return QnaSettings()
    try:
        return QnaSettings.model_validate(stored)
    except ValidationError:  # written by an older version: keep what still fits
        known = {k: v for k, v in stored.items() if k in QnaSettings.model_fields}
        try:
            return QnaSettings.model_validate(known)
        except ValidationError:
            return QnaSettings()


def in_effect(settings: QnaSettings, qna_item_on: bool) -> QnaSettings:
    """The settings that hold now: while the deck's Q&A item (question type `qna`) is the current
    one, the panel is open and on the screen whatever the room's own settings say."""
    return settings.model_copy(update={"enabled": True, "on_screen": True}) if qna_item_on else settings


def patched(settings: dict[str, Any] | None, patch: QnaSettingsPatch) -> dict[str, Any]:
    """`settings` (a room's or presentation's) with its Q&A part changed as `patch` says."""
    current = qna_settings(settings).model_dump()
    current.update(patch.model_dump(exclude_none=True))
    try:
        value = QnaSettings.model_validate(current).model_dump()
    except ValidationError as exc:  # pragma: no cover (the patch model has the same bounds)
        raise InvalidInput(f"invalid qna settings: {exc.errors()[0]['msg']}") from exc
    return {**(settings or {}), "qna": value}


def with_qna(
    previous: dict[str, Any], settings: dict[str, Any], patch: QnaSettingsPatch | None
) -> dict[str, Any]:
    """`settings` with its Q&A part as `previous` had it, changed by `patch` key by key (so a
    PATCH of one Q&A setting keeps the others), stored with every default filled in."""
    if patch is None:
        settings = dict(settings)
        if "qna" in previous:
            settings["qna"] = previous["qna"]
        else:
            settings.pop("qna", None)
        return settings
    return patched({**settings, "qna": previous.get("qna")}, patch)
