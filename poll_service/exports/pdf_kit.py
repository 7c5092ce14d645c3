"""What every part of the PDF shares: fonts, colours, paragraph styles and small chart pieces.

Text always goes through `para()` / `text()`, which escape it: reportlab's Paragraph reads a
mini-HTML (`<b>`, `<font>`, `<img src>`), and participant or organiser text must never be read as
markup (or make the renderer fetch a file or URL)."""

import threading
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal

# Only escapes what we write; parses nothing (bandit B406 is about parsing).
from xml.sax.saxutils import escape  # nosec B406

import reportlab
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, Table, TableStyle

from poll_service.exports.labels import Labels
from poll_service.text import clipped

PAGE_SIZE = A4
# The most of one stored text a page lays out: an open answer at its longest (1,000 characters).
PRINT_MAX_CODE_POINTS = 4000
MARGIN = 18 * mm
CONTENT_WIDTH = PAGE_SIZE[0] - 2 * MARGIN

INK = colors.HexColor("#1f2430")
MUTED = colors.HexColor("#5f6675")
RULE = colors.HexColor("#d9dde5")
TRACK = colors.HexColor("#eef0f4")
ACCENT = colors.HexColor("#3355cc")
SOFT = colors.HexColor("#f5f7fb")
# The presenter view's bar colours, in option order.
PALETTE = tuple(
    colors.HexColor(c)
    for c in ("#3355cc", "#e07a1f", "#2a9d74", "#c8414b", "#7b52c7", "#1f8fb8", "#b8860b", "#d0468f")
)

# Fonts with the glyphs Dutch (and most European) text needs (e-diaeresis, ij ligature, euro sign,
# curly quotes, dashes). First found wins.
# DejaVu comes from Debian's fonts-dejavu-core; reportlab ships Bitstream Vera (DejaVu's parent,
# a little fewer glyphs); Helvetica is the last resort (WinAnsi: no ĳ, no Central European letters).
_SYSTEM_FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/TTF"),
    Path("/usr/local/share/fonts/dejavu"),
)
_REPORTLAB_FONTS = Path(reportlab.__file__).resolve().parent / "fonts"


@dataclass(frozen=True)
class FontPair:
    regular: str
    bold: str
    source: str


_font_lock = threading.Lock()
_fonts: FontPair | None = None


def fonts() -> FontPair:
    """Register the report's fonts once per process (reportlab's registry is global)."""
    global _fonts
    with _font_lock:
        if _fonts is None:
            _fonts = _register_fonts()
        return _fonts


def _register_fonts() -> FontPair:
    candidates: list[tuple[str, Path, Path]] = [
        ("DejaVuSans", d / "DejaVuSans.ttf", d / "DejaVuSans-Bold.ttf") for d in _SYSTEM_FONT_DIRS
    ]
    candidates.append(("Vera", _REPORTLAB_FONTS / "Vera.ttf", _REPORTLAB_FONTS / "VeraBd.ttf"))
    for name, regular, bold in candidates:
        if regular.is_file() and bold.is_file():
            try:
                pdfmetrics.registerFont(TTFont(f"Poll-{name}", str(regular)))
                pdfmetrics.registerFont(TTFont(f"Poll-{name}-Bold", str(bold)))
            # An unreadable font file: try the next one.
            except Exception:  # noqa: S112  # nosec B112
                continue
            pdfmetrics.registerFontFamily(
                f"Poll-{name}",
                normal=f"Poll-{name}",
                bold=f"Poll-{name}-Bold",
                italic=f"Poll-{name}",
                boldItalic=f"Poll-{name}-Bold",
            )
            return FontPair(f"Poll-{name}", f"Poll-{name}-Bold", str(regular))
    return FontPair("Helvetica", "Helvetica-Bold", "built-in Helvetica")


def esc(value: object) -> str:
    """Text for a Paragraph: every character literal, line breaks kept."""
    return escape(printable(str(value))).replace("\n", "<br/>")


def printable(text: str) -> str:
    """A character the font lacks becomes its compatibility form when the font has that (the ĳ
    ligature becomes "ij" in a font without it); anything else is left for the font's box. Text
    stored before today's caps (text.py) is cut to what a page can lay out."""
    text = clipped(text, PRINT_MAX_CODE_POINTS)
    covered = _charmap()
    if covered is None or all(ord(c) in covered or c.isspace() for c in text):
        return text
    return "".join(_substitute(c) for c in text)


@cache
def _substitute(char: str) -> str:
    covered = _charmap() or {}
    if ord(char) in covered or char.isspace():
        return char
    compatible = unicodedata.normalize("NFKC", char)
    return compatible if compatible and all(ord(c) in covered for c in compatible) else char


def _charmap() -> dict[int, int] | None:
    font = pdfmetrics.getFont(fonts().regular)
    face = getattr(font, "face", None)
    charmap = getattr(face, "charToGlyph", None)
    return charmap if isinstance(charmap, dict) else None


@dataclass
class PdfKit:
    """Styles in the report's language, built once per document."""

    labels: Labels
    font: FontPair = field(default_factory=fonts)

    def __post_init__(self) -> None:
        f = self.font
        self.kicker = ParagraphStyle(
            "kicker", fontName=f.bold, fontSize=9, leading=12, textColor=ACCENT, spaceAfter=4
        )
        self.title = ParagraphStyle(
            "title", fontName=f.bold, fontSize=24, leading=29, textColor=INK, spaceAfter=4
        )
        self.subtitle = ParagraphStyle(
            "subtitle", fontName=f.regular, fontSize=13, leading=17, textColor=MUTED, spaceAfter=10
        )
        self.h2 = ParagraphStyle(
            "h2", fontName=f.bold, fontSize=13.5, leading=17.5, textColor=INK, spaceBefore=2, spaceAfter=2
        )
        self.qnum = ParagraphStyle("qnum", parent=self.h2, textColor=ACCENT)
        self.h3 = ParagraphStyle(
            "h3", fontName=f.bold, fontSize=10, leading=13, textColor=INK, spaceBefore=6, spaceAfter=3
        )
        self.body = ParagraphStyle("body", fontName=f.regular, fontSize=10, leading=13.5, textColor=INK)
        self.meta = ParagraphStyle("meta", fontName=f.regular, fontSize=9, leading=12, textColor=MUTED)
        self.note = ParagraphStyle("note", fontName=f.regular, fontSize=9.5, leading=13, textColor=MUTED)
        self.cell = ParagraphStyle("cell", fontName=f.regular, fontSize=9.5, leading=12, textColor=INK)
        self.cell_bold = ParagraphStyle("cell_bold", parent=self.cell, fontName=f.bold)
        self.cell_right = ParagraphStyle("cell_right", parent=self.cell, alignment=TA_RIGHT)
        self.head = ParagraphStyle(
            "head", fontName=f.bold, fontSize=8.5, leading=11, textColor=MUTED, alignment=TA_LEFT
        )
        self.head_right = ParagraphStyle("head_right", parent=self.head, alignment=TA_RIGHT)
        self.stat_value = ParagraphStyle(
            "stat_value", fontName=f.bold, fontSize=20, leading=24, textColor=INK
        )
        self.stat_label = ParagraphStyle(
            "stat_label", fontName=f.regular, fontSize=8.5, leading=11, textColor=MUTED
        )

    def para(self, value: object, style: ParagraphStyle) -> Paragraph:
        return Paragraph(esc(value), style)

    def note_box(self, value: object) -> Table:
        """A quiet remark on a light background, as wide as the text column."""
        box = Table([[self.para(value, self.note)]], colWidths=[CONTENT_WIDTH], hAlign="LEFT")
        box.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), SOFT),
                    ("LEFTPADDING", (0, 0), (-1, -1), 8),
                    ("TOPPADDING", (0, 0), (-1, -1), 6),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ]
            )
        )
        return box

    def rich(self, markup: str, style: ParagraphStyle) -> Paragraph:
        """Markup written by this package only; every value inside it must come through esc()."""
        return Paragraph(markup, style)


def colour(index: int) -> colors.Color:
    return PALETTE[index % len(PALETTE)]


def rect(x: float, y: float, width: float, height: float, fill: colors.Color, radius: float = 0) -> Rect:
    shape = Rect(x, y, width, height, rx=radius, ry=radius)
    shape.fillColor = fill
    shape.strokeColor = None
    return shape


def label(
    x: float,
    y: float,
    text: str,
    font: str,
    size: float,
    fill: colors.Color,
    anchor: Literal["start", "middle", "end"] = "start",
) -> String:
    """Text inside a drawing (drawn as is: graphics strings are never parsed as markup)."""
    shape = String(x, y, text)
    shape.fontName = font
    shape.fontSize = size
    shape.fillColor = fill
    shape.textAnchor = anchor
    return shape


def bar(width: float, fraction: float, fill: colors.Color, height: float = 11) -> Drawing:
    """One horizontal bar: a light track and the filled share of it (vector, not a picture)."""
    drawing = Drawing(width, height)
    drawing.add(rect(0, 0, width, height, TRACK, radius=2))
    filled = max(0.0, min(1.0, fraction)) * width
    if filled > 0:
        drawing.add(rect(0, 0, max(filled, 2), height, fill, radius=2))
    return drawing


def swatch(fill: colors.Color, size: float = 8) -> Drawing:
    drawing = Drawing(size, size)
    drawing.add(rect(0, 0, size, size, fill, radius=1.5))
    return drawing
