"""What every part of the PDF shares: fonts, colours, paragraph styles and small chart pieces.

Text always goes through `para()` / `text()`, which escape it: reportlab's Paragraph reads a
mini-HTML (`<b>`, `<font>`, `<img src>`), and participant or organiser text must never be read as
markup (or make the renderer fetch a file or URL)."""

import io
from dataclasses import dataclass, field
from typing import Literal

# Only escapes what we write; parses nothing (bandit B406 is about parsing).
from xml.sax.saxutils import escape  # nosec B406

from reportlab.graphics.shapes import Drawing, Group, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Image, Paragraph, Table, TableStyle

from poll_service.exports.labels import Labels
from poll_service.exports.pdf_fonts import FontPair, fonts, runs
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


def esc(value: object) -> str:
    """Text for a Paragraph: every character literal, line breaks kept, and each piece in a font
    that has its characters (pdf_fonts.runs: fallback fonts, or a visible stand-in)."""
    text = clipped(str(value), PRINT_MAX_CODE_POINTS)
    marked = []
    for font, piece in runs(text):
        escaped = escape(piece)
        marked.append(f'<font name="{font}">{escaped}</font>' if font else escaped)
    return "".join(marked).replace("\n", "<br/>")


def printable(text: str) -> str:
    """The text as the PDF prints it: compatibility forms and stand-ins for characters no font
    has (pdf_fonts); characters a fallback font has are kept, and label() draws them in it. Text
    stored before today's caps (text.py) is cut to what a page can lay out."""
    return "".join(piece for _, piece in runs(clipped(text, PRINT_MAX_CODE_POINTS)))


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
) -> String | Group:
    """Text inside a drawing (drawn as is: graphics strings are never parsed as markup). Characters
    the font lacks are drawn in a fallback font that has them (pdf_fonts), piece by piece."""
    pieces = [(name or font, piece) for name, piece in runs(text)]
    placed: list[tuple[float, str, str, Literal["start", "middle", "end"]]] = []
    if len(pieces) == 1:
        placed.append((x, pieces[0][1], pieces[0][0], anchor))
    else:
        widths = [stringWidth(piece, name, size) for name, piece in pieces]
        left = x - {"start": 0.0, "middle": sum(widths) / 2, "end": sum(widths)}[anchor]
        for (name, piece), width in zip(pieces, widths, strict=True):
            placed.append((left, piece, name, "start"))
            left += width
    shapes = []
    for left, piece, name, align in placed:
        shape = String(left, y, piece)
        shape.fontName = name
        shape.fontSize = size
        shape.fillColor = fill
        shape.textAnchor = align
        shapes.append(shape)
    if len(shapes) == 1:
        return shapes[0]
    group = Group()
    for shape in shapes:
        group.add(shape)
    return group


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


def picture(data: bytes, max_width: float, max_height: float) -> Image:
    """An uploaded image (re-encoded by media/, so a plain picture), as large as fits the box."""
    width, height = ImageReader(io.BytesIO(data)).getSize()
    scale = min(max_width / width, max_height / height)
    return Image(io.BytesIO(data), width=width * scale, height=height * scale, hAlign="LEFT")
