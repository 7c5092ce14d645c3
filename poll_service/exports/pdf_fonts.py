"""The PDF's fonts: the main pair (regular, bold) and a fallback chain for every script and emoji
a participant may type, so nothing prints as the font's empty box.

The main font is DejaVu Sans (Debian's fonts-dejavu-core), else reportlab's bundled Vera, else
Helvetica. A character it lacks is printed, in this order, as
1. its Unicode compatibility form when the main font has that (the ĳ ligature as "ij" with Vera);
2. the first fallback font that has it: Symbola (fonts-symbola: monochrome emoji and symbols),
   the Noto fonts (fonts-noto-core: Arabic, Hebrew, Devanagari, Thai, Georgian, Ethiopic, …, and
   Noto Sans Symbols/Symbols 2/Math), WenQuanYi Zen Hei (fonts-wqy-zenhei: Chinese, Japanese,
   Korean). Colour emoji fonts (fonts-noto-color-emoji) are bitmaps reportlab cannot embed;
3. a visible stand-in when no font has it: its Unicode name in brackets ("[TROLL]"), or its code
   point ("[U+E000]"), so a reader sees what was typed instead of a box.

Fonts are looked for in the system's font folders, or in `POLL_PDF_FONT_DIRS` instead when that is
set (folders separated by ":"), so a machine without root can use TrueType files in a folder of its
own. Only TrueType
outlines (.ttf, and .ttc collections) can be embedded; OpenType/CFF files are skipped."""

import os
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import reportlab
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

_SYSTEM_FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/TTF"),
    Path("/usr/local/share/fonts/dejavu"),
)
_REPORTLAB_FONTS = Path(reportlab.__file__).resolve().parent / "fonts"
_FALLBACK_ROOTS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))
# Tried first, in this order (file names); any other .ttf/.ttc found afterwards, by name.
_PREFERRED = (
    "NotoSans-Regular.ttf",
    "NotoSansArabic-Regular.ttf",
    "NotoSansHebrew-Regular.ttf",
    "NotoSansDevanagari-Regular.ttf",
    "NotoSansThai-Regular.ttf",
    "wqy-zenhei.ttc",
    "wqy-microhei.ttc",
    "Symbola_hint.ttf",
    "Symbola.ttf",
    "NotoSansSymbols2-Regular.ttf",
    "NotoSansSymbols-Regular.ttf",
    "NotoSansMath-Regular.ttf",
)
# Weights and styles other than regular add no characters: skipped.
_VARIANTS = ("Bold", "Italic", "Light", "Thin", "Black", "Medium", "Semi", "Extra", "Condensed", "Oblique")


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode map, with characters beyond U+FFFF (emoji, rarer Han) written as
    UTF-16 surrogate pairs as the PDF standard asks: reportlab writes them as five hex digits,
    so a reader could not copy, search or extract them."""

    def utf16(code: int) -> str:
        return chr(code).encode("utf-16-be", "surrogatepass").hex().upper() if code >= 0 else "0000"

    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{utf16(v)}>" for i, v in enumerate(subset)),
        "endbfchar",
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    return "\n".join(lines)


ttfonts.makeToUnicodeCMap = _to_unicode_cmap


@dataclass(frozen=True)
class FontPair:
    regular: str
    bold: str
    source: str


_lock = threading.RLock()
_fonts: FontPair | None = None
_chain: list[tuple[str, Path, frozenset[int]]] | None = None
_registered: set[str] = set()


def fonts() -> FontPair:
    """Register the report's fonts once per process (reportlab's registry is global)."""
    global _fonts
    with _lock:
        if _fonts is None:
            _fonts = _register_main()
        return _fonts


def _register_main() -> FontPair:
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
            _family(f"Poll-{name}", f"Poll-{name}-Bold")
            return FontPair(f"Poll-{name}", f"Poll-{name}-Bold", str(regular))
    return FontPair("Helvetica", "Helvetica-Bold", "built-in Helvetica")


def _family(regular: str, bold: str) -> None:
    pdfmetrics.registerFontFamily(regular, normal=regular, bold=bold, italic=regular, boldItalic=bold)


def _font_dirs() -> list[Path]:
    """POLL_PDF_FONT_DIRS when set (folders separated by ":"; empty: no fallback fonts at all),
    else the system's font folders."""
    given = os.environ.get("POLL_PDF_FONT_DIRS")
    if given is None:
        return list(_FALLBACK_ROOTS)
    return [Path(p) for p in given.split(os.pathsep) if p]


def _font_files() -> list[Path]:
    found: dict[str, Path] = {}
    for root in _font_dirs():
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if path.suffix.lower() not in (".ttf", ".ttc") or not path.is_file():
                continue
            stem = path.stem
            if any(v in stem.split("-")[-1] for v in _VARIANTS) or ("Emoji" in stem and "Color" in stem):
                continue
            found.setdefault(path.name, path)
    preferred = [found[name] for name in _PREFERRED if name in found]
    rest = [p for name, p in sorted(found.items()) if name not in _PREFERRED]
    return preferred + rest


def fallback_chain() -> list[tuple[str, Path, frozenset[int]]]:
    """(font name, file, the code points it has) for every usable fallback font, in order. Read
    once per process, the first time the main font lacks a character; a font is registered with
    reportlab only when a character is printed in it (use())."""
    global _chain
    main = fonts()
    with _lock:
        if _chain is None:
            chain: list[tuple[str, Path, frozenset[int]]] = []
            for n, path in enumerate(_font_files()):
                if str(path) == main.source:
                    continue
                try:
                    face = TTFontFace(str(path), subfontIndex=0)
                # Not TrueType outlines (CFF), or unreadable: reportlab cannot embed it.
                except Exception:  # noqa: S112  # nosec B112
                    continue
                chain.append((f"Poll-Fallback-{n}", path, frozenset(face.charToGlyph)))
            _chain = chain
        return _chain


def _use(name: str, path: Path) -> str:
    with _lock:
        if name not in _registered:
            pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=0))
            _family(name, name)
            _registered.add(name)
    return name


def main_charmap() -> frozenset[int] | None:
    return _charmap_of(fonts().regular)


@cache
def _charmap_of(font_name: str) -> frozenset[int] | None:
    font = pdfmetrics.getFont(font_name)
    charmap = getattr(getattr(font, "face", None), "charToGlyph", None)
    return frozenset(charmap) if isinstance(charmap, dict) else None


def _layout(char: str) -> bool:
    """Spaces, joiners, variation selectors and combining marks: they go with the piece before."""
    return char.isspace() or unicodedata.category(char) in ("Cf", "Mn", "Me")


@cache
def resolve(char: str) -> tuple[str | None, str]:
    """(fallback font or None for the main font, the text to print) for one character."""
    covered = main_charmap()
    if covered is None or ord(char) in covered:
        return None, char
    compatible = unicodedata.normalize("NFKC", char)
    if compatible and all(ord(c) in covered for c in compatible):
        return None, compatible
    for name, path, points in fallback_chain():
        if ord(char) in points:
            return _use(name, path), char
    return None, stand_in(char)


def stand_in(char: str) -> str:
    """What is printed for a character no font has: its Unicode name, or else its code point."""
    name = unicodedata.name(char, "")
    return f"[{name}]" if name else f"[U+{ord(char):04X}]"


def runs(text: str) -> Iterator[tuple[str | None, str]]:
    """The text cut into (font or None for the main font, text) pieces that each font can draw."""
    covered = main_charmap()
    if covered is None or all(ord(c) in covered for c in text):
        yield None, text
        return
    current: str | None = None
    piece: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        if _layout(char):
            # Kept when the piece's font draws it (a space, an accent); a joiner or variation
            # selector it lacks would print as a box, and adds nothing a reader misses.
            points = covered if current is None else _charmap_of(current)
            if char.isspace() or points is None or ord(char) in points:
                piece.append(char)
            continue
        font, shown = resolve(char)
        if font != current:
            if piece:
                yield current, "".join(piece)
            current, piece = font, []
        piece.append(shown)
    if piece:
        yield current, "".join(piece)


def text_width(text: str, font: str, size: float) -> float:
    """The width `text` takes when each piece is drawn in the font that has it."""
    return sum(pdfmetrics.stringWidth(piece, name or font, size) for name, piece in runs(text))
