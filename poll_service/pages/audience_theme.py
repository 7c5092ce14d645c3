"""A room's theme for its phone page: read once per presentation and kept a few seconds per worker,
so a crowd loading the page costs no query each. A theme saved in the dashboard reaches phones on
their next page load within `_TTL` seconds."""

import time
from typing import TYPE_CHECKING

from sqlmodel import col, select

from poll_service.models import Presentation
from poll_service.themes.stylesheet import ThemeStyle, stored_theme_style

if TYPE_CHECKING:
    from poll_service.context import AppContext

_TTL = 15.0
_MAX = 10_000
_themes: dict[str, tuple[float, ThemeStyle | None]] = {}


async def audience_theme(context: "AppContext", presentation_id: str | None) -> ThemeStyle | None:
    if not presentation_id:
        return None
    now = time.monotonic()
    cached = _themes.get(presentation_id)
    if cached is not None and cached[0] > now:
        return cached[1]
    async with context.sessionmaker() as session:
        stored = await session.scalar(
            select(col(Presentation.theme)).where(col(Presentation.id) == presentation_id)
        )
    style = stored_theme_style(stored, "phone")
    if len(_themes) >= _MAX:
        _themes.clear()
    _themes[presentation_id] = (now + _TTL, style)
    return style


def forget_theme(presentation_id: str) -> None:
    """This worker shows a theme saved through it at once (others within `_TTL`)."""
    _themes.pop(presentation_id, None)
