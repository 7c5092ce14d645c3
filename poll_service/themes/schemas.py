"""A theme as the API takes and gives it."""

from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from poll_service.themes.contrast import HEX_COLOUR, PairCheck, shown_ratio


def _hex(value: object) -> object:
    """`#RRGGBB` in any case, stored lower-case; anything else is refused by the pattern."""
    return value.strip().lower() if isinstance(value, str) and len(value) <= 16 else value


Colour = Annotated[str, BeforeValidator(_hex), Field(pattern=HEX_COLOUR.pattern, max_length=7)]
FontName = Literal["system", "humanist", "wide", "rounded", "serif", "old_style", "monospace"]


class Theme(BaseModel):
    """A presentation's colours and font. Every colour is `#rrggbb`; see docs/themes.md for where
    each one is drawn. Logo and background image: see `media` in docs/themes.md (not yet)."""

    model_config = ConfigDict(extra="forbid")
    background: Colour = "#ffffff"  # the page's ground (presenter stage, phone page, results page)
    surface: Colour = "#f4f5f9"  # cards, answer tiles, bar tracks, panels
    text: Colour = "#12141c"
    muted: Colour = "#4a4f63"  # secondary text: counts, hints, meta lines
    accent: Colour = "#3730a3"  # buttons, selected answers, progress, single-colour bars
    on_accent: Colour = "#ffffff"  # text on accent-filled buttons
    banner: Colour = "#1e1b4b"  # the presenter's join band (code, QR, join address)
    on_banner: Colour = "#ffffff"
    font: FontName = "system"

    def colours(self) -> dict[str, str]:
        return self.model_dump(exclude={"font"})


class ContrastPair(BaseModel):
    pair: str
    foreground: str
    ground: str
    ratio: float = Field(description="unrounded WCAG 2.x contrast ratio")
    shown: str = Field(description='the ratio as shown to people, cut to two decimals: "4.49:1"')
    required: float
    passes: bool

    @classmethod
    def of(cls, check: PairCheck) -> "ContrastPair":
        return cls(
            pair=check.pair,
            foreground=check.foreground,
            ground=check.ground,
            ratio=check.ratio,
            shown=shown_ratio(check.ratio),
            required=check.required,
            passes=check.passes,
        )


class ThemePublic(BaseModel):
    theme: Theme
    # "presentation": its own; "organiser": none set, the organiser's default applies to new ones;
    # "built_in": none set anywhere, the pages keep their own colours.
    source: Literal["presentation", "organiser", "built_in"]
    contrast: list[ContrastPair]
