"""The profanity filter behind `moderation: "filter"`: whole words and phrases from Dutch and
English lists, matched after the text is folded the way people dodge filters.

Folding: NFKC (full-width and styled letters), case fold, invisible characters out, accents and
other combining marks out, look-alike letters from Cyrillic and Greek mapped to Latin ("fцck"),
leetspeak ("sh1t", "@ss"). Then the text is cut into words, and a word matches only as a whole:
"Scunthorpe", "assessment" and "kunst" stay clean. Letters spelled out one by one ("f u c k",
"f.u.c.k") and stretched ones ("fuuuuck") are joined up before matching.

Pure and deterministic: every worker builds the same filter from the same settings.
"""

# ruff: noqa: RUF001 (look-alike letters are what these lines are about)

import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import regex

WORDLISTS = Path(__file__).resolve().parent / "wordlists"
BUILTIN_LISTS = ("en.txt", "nl.txt")
# Longest phrase (in words) a list may hold; longer entries are refused when the list is loaded.
MAX_PHRASE_WORDS = 4

# Look-alikes that render (nearly) like a Latin letter, and leetspeak.
_LOOKALIKES = {
    # Cyrillic
    "а": "a",
    "в": "b",
    "е": "e",
    "ё": "e",
    "з": "e",
    "и": "u",
    "й": "u",
    "к": "k",
    "л": "n",
    "м": "m",
    "н": "h",
    "о": "o",
    "п": "n",
    "р": "p",
    "с": "c",
    "т": "t",
    "у": "y",
    "х": "x",
    "ц": "u",
    "ч": "y",
    "ш": "w",
    "щ": "w",
    "ь": "b",
    "ы": "bi",
    "і": "i",
    "ї": "i",
    "ј": "j",
    "ѕ": "s",
    "ԁ": "d",
    "ԛ": "q",
    "ԝ": "w",
    "һ": "h",
    "ӏ": "l",
    "ө": "o",
    "ү": "y",
    # Greek
    "α": "a",
    "β": "b",
    "γ": "y",
    "δ": "d",
    "ε": "e",
    "ζ": "z",
    "η": "n",
    "θ": "o",
    "ι": "i",
    "κ": "k",
    "λ": "l",
    "μ": "u",
    "ν": "v",
    "ο": "o",
    "π": "n",
    "ρ": "p",
    "σ": "o",
    "ς": "s",
    "τ": "t",
    "υ": "u",
    "φ": "f",
    "χ": "x",
    "ω": "w",
    # Latin letters that are not plain ASCII and have no combining-mark decomposition
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "ø": "o",
    "ł": "l",
    "đ": "d",
    "ı": "i",
    "ſ": "s",
    # leetspeak and symbols used as letters
    "0": "o",
    "1": "i",
    "3": "e",
    "4": "a",
    "5": "s",
    "7": "t",
    "8": "b",
    "9": "g",
    "@": "a",
    "$": "s",
    "!": "i",
    "|": "l",
    "€": "e",
    "£": "l",
    "¢": "c",
    "+": "t",
}
_TO_LATIN = str.maketrans(_LOOKALIKES)
# "1" and "|" also stand for "l" ("bu11shit"): a second reading tries that.
_TO_LATIN_L = str.maketrans({**_LOOKALIKES, "1": "l", "!": "l"})
# Symbols are punctuation as often as letters ("klootzak!"): a third reading keeps them apart.
_TO_LATIN_NO_SYMBOLS = str.maketrans({k: v for k, v in _LOOKALIKES.items() if k.isalnum()})
# Format characters (zero-width, soft hyphen, bidi) vanish inside a word; control characters
# (line breaks, tabs) separate words.
_INVISIBLE = regex.compile(r"\p{Cf}")
_CONTROL = regex.compile(r"\p{Cc}")
_WORD = regex.compile(r"\p{L}+")
_STRETCHED = regex.compile(r"(\p{L})\1{2,}")


def _unmarked(text: str) -> str:
    """NFKC, case folded, without invisible characters and combining marks."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _CONTROL.sub(" ", _INVISIBLE.sub("", text))
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words_of(text: str, table: dict[int, str] = _TO_LATIN) -> list[str]:
    """The folded words of a text: what the lists are matched against."""
    return _WORD.findall(_unmarked(text).translate(table))


def _readings(text: str) -> list[list[str]]:
    """Every way of reading the text's words that a filter dodger might mean."""
    readings: list[list[str]] = []
    for table in (_TO_LATIN, _TO_LATIN_L, _TO_LATIN_NO_SYMBOLS):
        words = words_of(text, table)
        if words not in readings:
            readings.append(words)
    for words in list(readings):
        joined = _join_spelled_out(words)
        if joined != words:
            readings.append(joined)
    for words in list(readings):
        for squeeze in (r"\1\1", r"\1"):
            squeezed = [_STRETCHED.sub(squeeze, w) for w in words]
            if squeezed != words:
                readings.append(squeezed)
    return readings


def _join_spelled_out(words: list[str]) -> list[str]:
    """Three or more one-letter words in a row ("f u c k") read as one word."""
    out: list[str] = []
    run: list[str] = []
    for word in [*words, ""]:
        if len(word) == 1:
            run.append(word)
            continue
        if len(run) >= 3:
            out.append("".join(run))
        else:
            out.extend(run)
        run = []
        if word:
            out.append(word)
    return out


class ProfanityFilter:
    def __init__(self, entries: Iterable[str]) -> None:
        self.words: set[str] = set()
        self.phrases: set[tuple[str, ...]] = set()
        for entry in entries:
            folded = tuple(words_of(entry))
            if not folded or len(folded) > MAX_PHRASE_WORDS:
                continue
            if len(folded) == 1:
                self.words.add(folded[0])
            else:
                self.phrases.add(folded)
        self.longest = max((len(p) for p in self.phrases), default=1)

    def __len__(self) -> int:
        return len(self.words) + len(self.phrases)

    def find(self, text: str) -> str | None:
        """The first listed word or phrase the text contains (as it is listed), or None."""
        for words in _readings(text):
            for word in words:
                if word in self.words:
                    return word
            if self.phrases:
                for size in range(2, self.longest + 1):
                    for i in range(len(words) - size + 1):
                        phrase = tuple(words[i : i + size])
                        if phrase in self.phrases:
                            return " ".join(phrase)
        return None

    def is_clean(self, *texts: str) -> bool:
        return all(self.find(text) is None for text in texts)


def read_list(path: Path) -> list[str]:
    """One entry per line; blank lines and lines starting with # are skipped."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


@cache
def build_filter(custom_list: str | None = None, extra_words: tuple[str, ...] = ()) -> ProfanityFilter:
    """The built-in Dutch and English lists (or the custom list instead), plus the extra words.
    Cached: built once per process for the configured settings."""
    if custom_list:
        entries = read_list(Path(custom_list))
    else:
        entries = [e for name in BUILTIN_LISTS for e in read_list(WORDLISTS / name)]
    return ProfanityFilter([*entries, *extra_words])
