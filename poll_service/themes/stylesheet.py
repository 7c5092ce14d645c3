"""A theme as CSS custom properties: one small inline `<style>` per page (about 1 KB, no extra
request), allowed by a hash in the page's Content-Security-Policy.

The properties go on `body:not(.contrast)`, for screens (print keeps its own look): the
presenter's high-contrast mode (`K`, the `.contrast` class) drops them at once and draws its own
black-and-yellow look, as it did before themes. Only validated values reach the text (`#rrggbb`
colours and fixed font stacks), so it needs no escaping."""

import base64
import hashlib
from dataclasses import dataclass
from typing import Any, Literal

from poll_service.themes.contrast import (
    BRIGHT_BARS,
    SCRIM_ALPHA,
    TEXT_AA,
    bar_colours,
    contrast_ratio,
    is_dark,
    scrim_grounds,
)
from poll_service.themes.fonts import FONT_STACKS
from poll_service.themes.schemas import Theme

# Message colours the pages draw on their own grounds (ok/info/error and their backgrounds): the
# light set of base.css for a light theme, the dark set of phone.css for a dark one.
_LIGHT_MESSAGES = {
    "ok": "#14602f", "ok-bg": "#dcf5e4", "info": "#1e3a8a", "info-bg": "#e0e9ff",
    "error": "#a11a1a", "error-bg": "#fde4e4",
}  # fmt: skip
_DARK_MESSAGES = {
    "ok": "#86efac", "ok-bg": "#133322", "info": "#bfd2ff", "info-bg": "#1c2a4d",
    "error": "#fca5a5", "error-bg": "#3f1515",
}  # fmt: skip


@dataclass(frozen=True)
class ThemeStyle:
    css: str

    @property
    def csp_source(self) -> str:
        """The CSP source that lets exactly this style text run: 'sha256-…'."""
        digest = base64.b64encode(hashlib.sha256(self.css.encode()).digest()).decode()
        return f"'sha256-{digest}'"


# Which page a style is for: each gets the properties its stylesheets read, so the phone page
# carries only its own (the lightest page stays light).
Page = Literal["phone", "presenter", "results"]


def custom_properties(theme: Theme, page: Page) -> dict[str, str]:
    shared = _shared_properties(theme)
    if page == "presenter":
        # The presenter's own parts (present*.css fall back to their built-in colours).
        return {
            **shared,
            "t-stage": theme.background,
            "t-banner": theme.banner,
            "t-on-banner": theme.on_banner,
            "t-track": theme.surface,
            "t-on-text": theme.background,
        }
    if page == "results":
        return {
            **shared,
            "ink": theme.text,
            "accent": theme.accent,
            "t-accent-text": shared["link"],
            "rule": f"color-mix(in srgb, {theme.text} 20%, {theme.surface})",
            "soft": theme.surface,
            "track": theme.surface,
            "t-page": theme.surface,
            "t-sheet": theme.background,
        }
    return shared


def _shared_properties(theme: Theme) -> dict[str, str]:
    dark = is_dark(theme.background)
    bars = bar_colours(theme.background)
    grounds = [theme.background, theme.surface]
    if theme.background_image:
        grounds += scrim_grounds(theme.background).values()
    readable = all(contrast_ratio(theme.accent, g) >= TEXT_AA for g in grounds)
    accent_text = theme.accent if readable else theme.text
    return {
        "bg": theme.background,
        "surface": theme.surface,
        "text": theme.text,
        "muted": theme.muted,
        "line": f"color-mix(in srgb, {theme.text} 28%, {theme.surface})",
        "primary": theme.accent,
        "primary-strong": theme.accent,
        "on-primary": theme.on_accent,
        # Links, the presenter's small join code and the results page's headings are text: they
        # take the accent only where it also passes 4.5:1, else the text colour.
        "link": accent_text,
        "focus": f"0 0 0 3px {theme.background}, 0 0 0 6px {theme.text}",
        **(_DARK_MESSAGES if dark else _LIGHT_MESSAGES),
        **{f"c{i}": colour for i, colour in enumerate(bars)},
        # Numbers drawn on a bar or swatch: white on the dark set, black on the bright one.
        "on-c": "#000" if bars == BRIGHT_BARS else "#fff",
    }


def theme_style(theme: Theme, page: Page) -> ThemeStyle:
    props = ";".join(f"--{name}:{value}" for name, value in custom_properties(theme, page).items())
    scheme = "dark" if is_dark(theme.background) else "light"
    font = FONT_STACKS[theme.font]
    backdrop = _backdrop(theme) if page == "presenter" else ""
    # Screens only: a printed results page keeps its black-on-white print look.
    return ThemeStyle(
        f"@media screen{{body:not(.contrast){{{props};color-scheme:{scheme}}}{backdrop}"
        f"body{{font-family:{font}}}}}"
    )


def _backdrop(theme: Theme) -> str:
    """The presenter's background image under a scrim of the theme's background (the text is
    checked on that scrim: contrast.scrim_grounds). High contrast drops both. The id is a checked
    32-hex media id, so it needs no escaping."""
    if not theme.background_image:
        return ""
    r, g, b = (int(theme.background[i : i + 2], 16) for i in (1, 3, 5))
    scrim = f"rgb({r} {g} {b} / {SCRIM_ALPHA:g})"
    return (
        f"body.present:not(.contrast){{background-image:linear-gradient({scrim},{scrim}),"
        f'url("/media/{theme.background_image}");background-size:cover;background-position:center}}'
    )


def stored_theme_style(stored: dict[str, Any] | None, page: Page) -> ThemeStyle | None:
    """The style of a stored theme, or None for none (the pages keep their own colours). A stored
    theme that no longer validates (an older shape) is ignored rather than breaking a page."""
    if not stored:
        return None
    try:
        return theme_style(Theme.model_validate(stored), page)
    except ValueError:
        return None


def stored_logo(stored: dict[str, Any] | None) -> dict[str, str] | None:
    """Where a stored theme's logo is served and its alt text, or None (no logo, or a theme that
    no longer validates)."""
    if not stored or not stored.get("logo"):
        return None
    try:
        logo = Theme.model_validate(stored).logo
    except ValueError:
        return None
    return None if logo is None else {"url": f"/media/{logo.media_id}", "alt": logo.alt}
