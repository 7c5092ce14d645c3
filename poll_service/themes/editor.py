"""What the dashboard's theme editor needs to show contrast as the organiser types: the built-in
theme, the fonts, the chart sets and the pairs with their minimums. The server is the one that
decides (themes/service.checked); the editor mirrors the same rule from this data."""

from typing import Any

from poll_service.themes.contrast import (
    BRIGHT_BARS,
    DARK_BARS,
    GRAPHIC_PAIRS,
    GRAPHICS_AA,
    SCRIM_ALPHA,
    SCRIM_TEXT,
    TEXT_AA,
    TEXT_PAIRS,
)
from poll_service.themes.fonts import FONT_NAMES, FONT_STACKS
from poll_service.themes.schemas import Theme


def editor_data() -> dict[str, Any]:
    return {
        "defaults": Theme().model_dump(),
        "fonts": [{"id": key, "name": FONT_NAMES[key], "stack": stack} for key, stack in FONT_STACKS.items()],
        "bars": {"dark": DARK_BARS, "bright": BRIGHT_BARS},
        "pairs": [{"fg": fg, "ground": ground, "required": TEXT_AA} for fg, ground in TEXT_PAIRS]
        + [{"fg": fg, "ground": ground, "required": GRAPHICS_AA} for fg, ground in GRAPHIC_PAIRS],
        "bars_required": GRAPHICS_AA,
        # A background image's scrim: its text pairs are checked over black and over white.
        "scrim": {"alpha": SCRIM_ALPHA, "text": SCRIM_TEXT, "required": TEXT_AA},
    }
