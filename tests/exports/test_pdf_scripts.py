"""Whatever script a participant types prints in the PDF: emoji, Chinese, Thai, Devanagari are
drawn by a fallback font that has them (never the font's empty box), and a character no font has
is spelled out by its Unicode name. Checked on the exported file (its text read back with pypdf,
the fonts it embeds) and on rendered pixels (pdftoppm): each character's picture differs from the
missing-glyph box and from the others'."""

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from PIL import Image, ImageChops
from pypdf import PdfReader
from reportlab.lib.pagesizes import A6
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate

from poll_service.exports import pdf_fonts
from poll_service.exports.pdf_fonts import fonts
from poll_service.exports.pdf_kit import esc
from tests.exports.support import TypedSpec, build_typed_event, need_pdftoppm, pdf_pages, render_pages, squash

# Rendering an export from the results: the results themselves (every type, recounted from the
# database) are checked on PostgreSQL in tests/test_type_conformance.py.
pytestmark = pytest.mark.sqlite_only

# One character per script or emoji range the main font (DejaVu Sans) lacks.
SAMPLES = {
    "party popper": "\U0001f389",
    "thumbs up": "\U0001f44d",
    "rocket": "\U0001f680",
    "han": "\u4e2d",
    "thai": "\u0e01",
    "devanagari": "\u0915",
}


def _need_fallback_fonts() -> None:
    missing = [name for name, char in SAMPLES.items() if pdf_fonts.resolve(char)[0] is None]
    if missing:
        fonts_needed = "fonts-symbola fonts-noto-core fonts-wqy-zenhei"
        pytest.skip(f"no font for {', '.join(missing)}: apt-get install {fonts_needed}")


def _one_glyph_pdf(markup: str, font: str) -> bytes:
    out = io.BytesIO()
    style = ParagraphStyle("big", fontName=font, fontSize=60, leading=72)
    SimpleDocTemplate(out, pagesize=A6, leftMargin=20, topMargin=20).build([Paragraph(markup, style)])
    return out.getvalue()


def _picture(body: bytes, tmp_path: Path, name: str) -> Image.Image:
    folder = tmp_path / name
    folder.mkdir()
    (page,) = render_pages(body, folder, dpi=40)
    with Image.open(page) as image:
        grey = image.convert("L")
    box = Image.eval(grey, lambda v: 255 if v < 200 else 0).getbbox()
    assert box is not None, f"{name}: nothing was drawn"
    return grey.crop(box).resize((32, 32))


def _differs(a: Image.Image, b: Image.Image) -> bool:
    histogram = ImageChops.difference(a, b).convert("L").point(lambda v: 255 if v > 96 else 0).histogram()
    return histogram[255] > 32  # more than 3 % of the pixels clearly differ


def test_each_script_draws_its_own_glyph_not_the_missing_glyph_box(tmp_path: Path) -> None:
    need_pdftoppm()
    _need_fallback_fonts()
    regular = fonts().regular
    # What a character no font has would look like: the main font's missing-glyph box.
    box = _picture(_one_glyph_pdf("\U0001f9cc", regular), tmp_path, "box")
    pictures = {
        name: _picture(_one_glyph_pdf(esc(char), regular), tmp_path, name) for name, char in SAMPLES.items()
    }
    for name, picture in pictures.items():
        assert _differs(picture, box), f"{name} prints as the empty box"
    names = list(pictures)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            assert _differs(pictures[a], pictures[b]), f"{a} and {b} print alike (boxes?)"


def test_a_character_no_font_has_is_spelled_out() -> None:
    # U+1F9CC TROLL (Unicode 14) is in none of Debian's outline fonts; a private-use character has no name.
    assert "[TROLL]" in esc("\U0001f9cc") or pdf_fonts.resolve("\U0001f9cc")[0] is not None
    assert esc("\ue000") == "[U+E000]"
    assert esc("a <b> & \n") == "a &lt;b&gt; &amp; <br/>"


async def test_emoji_and_scripts_in_answers_print_in_the_exported_pdf(client: httpx.AsyncClient) -> None:
    _need_fallback_fonts()
    answers = [
        "Gezellig \U0001f389\U0001f44d, top!",
        "\u4e2d\u6587\u5f88\u597d \u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35",
        "Dank je \U0001f9cc \u2764\ufe0f",
    ]
    event = await build_typed_event(
        client,
        [
            TypedSpec(
                "open_text",
                "Wat vond u ervan? \U0001f680",
                settings={"max_length": 200},
                answers=[[(i, {"text": t}) for i, t in enumerate(answers)]],
            ),
            TypedSpec(
                "word_cloud",
                "E\u00e9n woord",
                answers=[[(0, {"entries": ["\U0001f389"]}), (1, {"entries": ["\u4e2d\u6587"]})]],
            ),
        ],
        title="Feest \U0001f389 in Oost",
    )
    r = await event.get(f"/api/rooms/{event.rooms[0]['id']}/export.pdf")
    assert r.status_code == 200, r.text
    text = squash("".join(pdf_pages(r.content)))
    for expected in (
        "Gezellig\U0001f389\U0001f44d",
        "\u4e2d\u6587\u5f88\u597d",
        "\U0001f680",
        "Feest\U0001f389",
    ):
        assert expected in text
    assert "[TROLL]" in text or "\U0001f9cc" in text
    embedded = set()
    for page in PdfReader(io.BytesIO(r.content)).pages:
        for font in page["/Resources"]["/Font"].values():
            embedded.add(str(font.get_object()["/BaseFont"]))
    # The fallback fonts are embedded (subset names look like "/AAAAAA+Symbola").
    assert any("Symbola" in f for f in embedded), embedded
    assert any("WenQuanYi" in f or "wqy" in f.lower() for f in embedded), embedded


def _pdf_text_in_a_fresh_process(font_dirs: str) -> str:
    """A room's worth of text rendered by a new process whose fallback fonts are only those in
    `font_dirs` (POLL_PDF_FONT_DIRS), read back with pypdf."""
    script = (
        "import io, sys\n"
        "from reportlab.platypus import Paragraph, SimpleDocTemplate\n"
        "from reportlab.lib.styles import ParagraphStyle\n"
        "from pypdf import PdfReader\n"
        "from poll_service.exports.pdf_kit import esc, fonts\n"
        "out = io.BytesIO()\n"
        "style = ParagraphStyle('s', fontName=fonts().regular)\n"
        "SimpleDocTemplate(out).build([Paragraph(esc(sys.argv[1]), style)])\n"
        "print(PdfReader(io.BytesIO(out.getvalue())).pages[0].extract_text())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, "Feest \U0001f389 \u4e2d"],
        env={**os.environ, "POLL_PDF_FONT_DIRS": font_dirs},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout


def test_without_fallback_fonts_the_characters_are_named_not_boxed(tmp_path: Path) -> None:
    """A machine without the fonts (and no root to install them): a clear stand-in, no error."""
    empty = tmp_path / "no-fonts"
    empty.mkdir()
    text = _pdf_text_in_a_fresh_process(str(empty))
    assert "Feest [PARTY POPPER] [CJK UNIFIED IDEOGRAPH-4E2D]" in " ".join(text.split())


def test_fonts_in_a_folder_of_ones_own_are_used(tmp_path: Path) -> None:
    """No root: TrueType files copied into a folder POLL_PDF_FONT_DIRS names."""
    _need_fallback_fonts()
    own = tmp_path / "my-fonts"
    own.mkdir()
    for name in ("symbola", "zenhei"):
        path = next(p for _, p, _ in pdf_fonts.fallback_chain() if name in p.name.lower())
        shutil.copy(path, own / path.name)
    text = _pdf_text_in_a_fresh_process(str(own))
    assert "Feest \U0001f389 \u4e2d" in " ".join(text.split())
