"""Participant text made safe to count and show: one normal form, no invisible characters.

Applied to everything an audience types (word cloud entries, open answers, nicknames, Q&A), so
"Bibliotheek", "bibliotheek " and "bibli\u200btheek" are one word, and nobody can hide text
with bidi overrides or stack hundreds of combining marks on one letter.
"""

import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

import regex

from poll_service.errors import InvalidInput

T = TypeVar("T")

# Control characters, zero-width characters and bidi controls (Cc, Cf), never shown to anyone.
_INVISIBLE = regex.compile(r"[\p{Cc}\p{Cf}]")
_SPACES = regex.compile(r"\s+")
_GRAPHEME = regex.compile(r"\X")
MAX_COMBINING_PER_GRAPHEME = 4
# One character as a person counts it (a grapheme cluster) can hold thousands of code points: a
# run of Hangul leading jamo, or a letter followed by variation selectors (U+FE0F), grapheme
# joiners (U+034F) or enclosing marks (U+20DD), none of which is "combining". Ten is room for the
# longest emoji sequences (a couple with two skin tones); a text may hold four per character.
MAX_CODE_POINTS_PER_GRAPHEME = 10
CODE_POINTS_PER_CHARACTER = 4
# A word-cloud word: at most this many characters, and its folded key (the tally's and the hidden
# words' key) at most MAX_WORD_KEY code points, so every word that can be stored can be hidden.
MAX_WORD_LENGTH = 60
MAX_WORD_KEY = 200
# The participant text one push may carry (word-cloud words, open answers, Q&A questions), in
# UTF-8 bytes: every phone and screen of a room gets each push, ten times a second.
PUSH_TEXT_BYTES = 32_000


def max_code_points(max_graphemes: int) -> int:
    """The code-point cap of a text of at most `max_graphemes` characters (its size in memory,
    in every push and in every export is bounded by this, not by what a person sees)."""
    return CODE_POINTS_PER_CHARACTER * max_graphemes


def clean_text(raw: str, *, max_graphemes: int, field: str = "text", single_line: bool = True) -> str:
    """NFC-normalised, invisible characters removed, spaces folded; 422 when empty or too long
    (in characters as people count them, and in code points)."""
    if len(raw) > max_code_points(max_graphemes) + 16:  # before any work: a few for what is stripped
        raise InvalidInput(f"{field} is longer than {max_graphemes} characters")
    text = unicodedata.normalize("NFC", raw)
    if single_line:
        text = _INVISIBLE.sub("", text)
        text = _SPACES.sub(" ", text).strip()
    else:
        text = "\n".join(_SPACES.sub(" ", _INVISIBLE.sub("", line)).strip() for line in text.split("\n"))
        text = regex.sub(r"\n{3,}", "\n\n", text).strip()
    if not text:
        raise InvalidInput(f"{field} is empty")
    graphemes = _GRAPHEME.findall(text)
    if len(graphemes) > max_graphemes:
        raise InvalidInput(f"{field} is longer than {max_graphemes} characters")
    if len(text) > max_code_points(max_graphemes):
        raise InvalidInput(f"{field} is longer than {max_graphemes} characters")
    for grapheme in graphemes:
        if len(grapheme) > MAX_CODE_POINTS_PER_GRAPHEME:
            raise InvalidInput(f"{field} joins too many marks or symbols into one character")
        if sum(1 for ch in grapheme if unicodedata.combining(ch)) > MAX_COMBINING_PER_GRAPHEME:
            raise InvalidInput(f"{field} has too many combining marks on one character")
    return text


def clipped(text: str, max_code_points_total: int) -> str:
    """`text` made safe to lay out whatever was stored before the caps above: each character cut
    to MAX_CODE_POINTS_PER_GRAPHEME code points, the whole to `max_code_points_total` (with "…")."""
    if len(text) <= MAX_CODE_POINTS_PER_GRAPHEME and len(text) <= max_code_points_total:
        return text
    out: list[str] = []
    size = 0
    for grapheme in _GRAPHEME.findall(text):
        piece = grapheme[:MAX_CODE_POINTS_PER_GRAPHEME]
        if size + len(piece) > max_code_points_total:
            out.append("\N{HORIZONTAL ELLIPSIS}")
            break
        out.append(piece)
        size += len(piece)
    return "".join(out)


def utf8_size(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def within_budget(texts: Iterable[T], size: Callable[[T], int], budget: int) -> list[T]:
    """The first items whose sizes add up to at most `budget` (what a push has room for)."""
    kept: list[T] = []
    used = 0
    for item in texts:
        used += size(item)
        if used > budget:
            break
        kept.append(item)
    return kept


def fold_key(text: str) -> str:
    """The key under which two spellings count as the same entry (case and width folded)."""
    return unicodedata.normalize("NFKC", text).casefold()
