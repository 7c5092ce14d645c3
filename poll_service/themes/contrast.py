"""WCAG 2.x contrast: relative luminance, the ratio of two colours, and the pairs a theme must
pass (text 4.5:1, bars and accents 3:1 against the ground they sit on). Pure: no I/O."""

import re
from dataclasses import dataclass

HEX_COLOUR = re.compile(r"^#[0-9a-f]{6}$")
TEXT_AA = 4.5  # WCAG 1.4.3, normal-size text
GRAPHICS_AA = 3.0  # WCAG 1.4.11, graphical objects and parts of controls

# Chart colours (as base.css and present-a11y.css draw them): the Okabe-Ito set darkened for light
# grounds, and its bright twin for dark grounds. A theme takes whichever reads better on its
# background; each bar must still reach 3:1 on the background and the surface.
DARK_BARS = ("#0060a0", "#b34700", "#007558", "#a8327a", "#7f5a00", "#5d3a9b", "#3d6e1f", "#4d4d4d")
BRIGHT_BARS = ("#4fa3ff", "#ff9f1c", "#2ee6a8", "#f0e442", "#ff8fd0", "#b7a6ff", "#9be15d", "#ffffff")


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of `#rrggbb` (sRGB)."""
    if not HEX_COLOUR.match(colour):
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(first: str, second: str) -> float:
    """(L1 + 0.05) / (L2 + 0.05), the lighter over the darker: 1 to 21. Never rounded before it is
    compared: WCAG's 4.5:1 means at least 4.5, so 4.499 fails."""
    a, b = relative_luminance(first), relative_luminance(second)
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def shown_ratio(ratio: float) -> str:
    """A ratio as people read it, cut (never rounded up) to two decimals: a failing 4.499 shows as
    4.49:1, not as a passing-looking 4.50:1."""
    return f"{int(ratio * 100) / 100:.2f}:1"


def is_dark(colour: str) -> bool:
    """A ground on which white text reads better than black."""
    return contrast_ratio(colour, "#ffffff") > contrast_ratio(colour, "#000000")


def bar_colours(background: str) -> tuple[str, ...]:
    """The chart set that reads better on `background` (the better worst bar wins)."""
    return max((DARK_BARS, BRIGHT_BARS), key=lambda bars: min(contrast_ratio(c, background) for c in bars))


@dataclass(frozen=True)
class PairCheck:
    """One pair of a theme: `foreground` on `ground`, its ratio and the AA minimum it needs."""

    pair: str
    foreground: str
    ground: str
    ratio: float
    required: float

    @property
    def passes(self) -> bool:
        return self.ratio >= self.required

    def describe(self) -> str:
        return f"{self.pair}: {shown_ratio(self.ratio)}, needs at least {self.required:g}:1"


# (foreground role, ground role, minimum): what each page draws on what.
TEXT_PAIRS = (
    ("text", "background"),
    ("text", "surface"),
    ("muted", "background"),
    ("muted", "surface"),
    ("on_accent", "accent"),
    ("on_banner", "banner"),
)
GRAPHIC_PAIRS = (("accent", "background"), ("accent", "surface"))


# A background image sits behind a scrim: the theme's background at this opacity. What shows
# through is unknown, so the text is checked on the two extremes: the scrim over pure black and
# over pure white (every other picture gives a ground between them, see docs/themes.md).
SCRIM_ALPHA = 0.85
SCRIM_TEXT = ("text", "muted")


def over(colour: str, alpha: float, under: str) -> str:
    """`colour` at `alpha` over `under`, blended per channel in sRGB as browsers draw it."""
    mixed = (
        round(alpha * int(colour[i : i + 2], 16) + (1 - alpha) * int(under[i : i + 2], 16)) for i in (1, 3, 5)
    )
    return "#" + "".join(f"{value:02x}" for value in mixed)


def scrim_grounds(background: str) -> dict[str, str]:
    return {
        "the scrim over a black image": over(background, SCRIM_ALPHA, "#000000"),
        "the scrim over a white image": over(background, SCRIM_ALPHA, "#ffffff"),
    }


def check_colours(colours: dict[str, str], scrim: bool = False) -> list[PairCheck]:
    """Every pair of a theme's colours (keys: background, surface, text, muted, accent, on_accent,
    banner, on_banner), failing or not, in a fixed order. `scrim`: the theme has a background
    image, so its text is also checked on the scrim drawn over it."""

    def pair(fg: str, ground: str, required: float, name: str | None = None) -> PairCheck:
        fg_colour = colours.get(fg, fg)
        ground_colour = colours[ground]
        return PairCheck(
            name or f"{fg} on {ground}",
            fg_colour,
            ground_colour,
            contrast_ratio(fg_colour, ground_colour),
            required,
        )

    checks = [pair(fg, ground, TEXT_AA) for fg, ground in TEXT_PAIRS]
    checks += [pair(fg, ground, GRAPHICS_AA) for fg, ground in GRAPHIC_PAIRS]
    for number, bar in enumerate(bar_colours(colours["background"]), start=1):
        for ground in ("background", "surface"):
            checks.append(pair(bar, ground, GRAPHICS_AA, f"bar colour {number} ({bar}) on {ground}"))
    if scrim:
        for where, ground_colour in scrim_grounds(colours["background"]).items():
            for fg in SCRIM_TEXT:
                checks.append(
                    PairCheck(
                        f"{fg} on {where}",
                        colours[fg],
                        ground_colour,
                        contrast_ratio(colours[fg], ground_colour),
                        TEXT_AA,
                    )
                )
    return checks


def failures(colours: dict[str, str], scrim: bool = False) -> list[PairCheck]:
    return [check for check in check_colours(colours, scrim) if not check.passes]
