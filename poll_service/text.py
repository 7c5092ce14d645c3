"""Participant text made safe to count and show: one normal form, no invisible characters.

Applied to everything an audience types (word cloud entries, open answers, nicknames, Q&A), so
"Bibliotheek", "bibliotheek " and "bibli\u200btheek" are one word, and nobody can hide text
with bidi overrides or stack hundreds of combining marks on one letter.
"""

import unicodedata

import regex

from poll_service.errors import InvalidInput

# Control characters, zero-width characters and bidi controls (Cc, Cf), never shown to anyone.
_INVISIBLE = regex.compile(r"[\p{Cc}\p{Cf}]")
_SPACES = regex.compile(r"\s+")
_GRAPHEME = regex.compile(r"\X")
MAX_COMBINING_PER_GRAPHEME = 4


def clean_text(raw: str, *, max_graphemes: int, field: str = "text", single_line: bool = True) -> str:
    """NFC-normalised, invisible characters removed, spaces folded; 422 when empty or too long."""
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
    for grapheme in graphemes:
        if sum(1 for ch in grapheme if unicodedata.combining(ch)) > MAX_COMBINING_PER_GRAPHEME:
            raise InvalidInput(f"{field} has too many combining marks on one character")
    return text


def fold_key(text: str) -> str:
    """The key under which two spellings count as the same entry (case and width folded)."""
    return unicodedata.normalize("NFKC", text).casefold()
