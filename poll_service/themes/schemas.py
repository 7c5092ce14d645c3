"""A theme as the API takes and gives it."""

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from poll_service.question_types.base import ImageRef
from poll_service.themes.contrast import HEX_COLOUR, PairCheck, shown_ratio


def _hex(value: object) -> object:
    """`#RRGGBB` in any case, stored lower-case; anything else is refused by the pattern."""
    return value.strip().lower() if isinstance(value, str) and len(value) <= 16 else value


Colour = Annotated[str, BeforeValidator(_hex), Field(pattern=HEX_COLOUR.pattern, max_length=7)]
FontName = Literal["system", "humanist", "wide", "rounded", "serif", "old_style", "monospace"]
# A media id as the media store makes them (ids.new_id): it is written into the page's style, so
# nothing but these characters may pass.
MediaId = Annotated[str, Field(pattern=r"^[0-9a-f]{32}$", min_length=32, max_length=32)]


class ThemeLogo(ImageRef):
    """The organiser's logo: one of the presentation's images, with the text read out in its place
    (ImageRef's alt text rules). Its id is written into the page's style: only a store-made id."""

    media_id: MediaId


class Theme(BaseModel):
    """A presentation's colours and font. Every colour is `#rrggbb`; see docs/themes.md for where
        each one is drawn. `logo` and `background_image` are images of the same presentation (docs/themes.md,
    "Logo and background image")."""

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
    logo: ThemeLogo | None = None  # drawn in the presenter's top-left corner and on the results page
    background_image: MediaId | None = None  # decorative, behind a scrim of `background` (presenter)

    def colours(self) -> dict[str, str]:
        return self.model_dump(exclude={"font", "logo", "background_image"})

    def media_ids(self) -> set[str]:
        return {m for m in (self.logo.media_id if self.logo else None, self.background_image) if m}

    def without_media(self, gone: set[str]) -> "Theme":
        """The theme with the images in `gone` left out (deleted images fall back to none)."""
        return self.model_copy(
            update={
                "logo": None if self.logo and self.logo.media_id in gone else self.logo,
                "background_image": None if self.background_image in gone else self.background_image,
            }
        )


def forget_media(stored: dict[str, Any] | None, media_id: str) -> dict[str, Any] | None:
    """A stored theme without the image `media_id` (it is being deleted): the rest stays."""
    if not stored or media_id not in (
        stored.get("background_image"),
        (stored.get("logo") or {}).get("media_id"),
    ):
        return stored
    return Theme.model_validate(stored).without_media({media_id}).model_dump(exclude_none=True)


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
