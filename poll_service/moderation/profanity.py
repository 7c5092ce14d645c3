"""The profanity filter behind `moderation: "filter"`: whole words and phrases from Dutch and
English lists, matched after the text is folded the way people dodge filters.

Folding: NFKC (full-width and styled letters), case fold, invisible characters out, accents and
other combining marks out, look-alike letters mapped to Latin by Unicode's confusables (UTS #39,
the data of the confusable-homoglyphs package: Cyrillic, Greek, Armenian, Lisu, small capitals)
plus a few letters people use that it does not list ("fцck", upside-down "ɟuck"), leetspeak
("sh1t", "@ss"). Symbols and digits inside a word are read both ways: dropped ("fu-ck", "fu2ck")
and as one unknown letter each ("f*ck"). Then the text is cut into words, and a word matches only as a whole:
"Scunthorpe", "assessment" and "kunst" stay clean. Letters spelled out one by one ("f u c k",
"f.u.c.k") and stretched ones ("fuuuuck") are joined up before matching.

Pure and deterministic: every worker builds the same filter from the same settings.
"""

# ruff: noqa: RUF001, RUF002 (look-alike letters are what these lines are about)

import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path

import regex
from confusable_homoglyphs.confusables import confusables_data  # type: ignore[import-untyped]

WORDLISTS = Path(__file__).resolve().parent / "wordlists"
BUILTIN_LISTS = ("en.txt", "nl.txt")
# Longest phrase (in words) a list may hold; longer entries are refused when the list is loaded.
MAX_PHRASE_WORDS = 4

# Cyrillic and Greek letters people use for a Latin one they only resemble in some fonts or in
# handwriting ("fцck"), which Unicode's confusables (UTS #39) do not list.
_SCRIPT_EXTRA = {
    "в": "b",
    "ё": "e",
    "з": "e",
    "и": "u",
    "й": "u",
    "к": "k",
    "л": "n",
    "м": "m",
    "н": "h",
    "п": "n",
    "т": "t",
    "ц": "u",
    "ч": "y",
    "ш": "w",
    "щ": "w",
    "ь": "b",
    "ы": "bi",
    "ї": "i",
    "ӏ": "l",
    "β": "b",
    "δ": "d",
    "ε": "e",
    "ζ": "z",
    "κ": "k",
    "λ": "l",
    "μ": "u",
    "π": "n",
    "ς": "s",
    "τ": "t",
    "φ": "f",
    "χ": "x",
    "ω": "w",
}
# Latin letters with no one-letter look-alike in Unicode's confusables, and "turned" letters that
# upside-down text is written with (UTS #39 does not list those: they do not look alike upright).
_LATIN_EXTRA = {
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "ø": "o",
    "ł": "l",
    "đ": "d",
    "ı": "i",
    "ſ": "s",
    "ɐ": "a",
    "ɔ": "c",
    "ǝ": "e",
    "ɟ": "f",
    "ƃ": "g",
    "ɥ": "h",
    "ɾ": "r",
    "ʞ": "k",
    "ɯ": "m",
    "ɹ": "r",
    "ʇ": "t",
    "ʌ": "v",
    "ʍ": "w",
    "ʎ": "y",
}
# Leetspeak and symbols used as letters.
_LEET = {
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


def _plain_letter(text: str) -> str | None:
    """The one ASCII letter `text` is (ignoring combining marks), lower case, or None."""
    base = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    return base.lower() if len(base) == 1 and base.isascii() and base.isalpha() else None


@cache
def _skeletons() -> dict[str, str]:
    """Every character Unicode's confusables (UTS #39, from confusable-homoglyphs) list as looking
    like one Latin letter, mapped to that letter: Cyrillic, Greek, Armenian, Lisu, small capitals,
    mathematical letters ("fսck", "fᴜck", "ꓝuck", "ƒuck")."""
    table: dict[str, str] = {}
    for char, alikes in confusables_data.items():
        letter = _plain_letter(char)
        for alike in alikes:
            other = alike["c"]
            if letter is not None and len(other) == 1 and not other.isascii():
                table.setdefault(other, letter)  # the look-alike reads as the letter
            elif letter is None and len(char) == 1 and not char.isascii():
                target = _plain_letter(other)
                if target is not None:
                    table.setdefault(char, target)
    return table


_LOOKALIKES = {**_skeletons(), **_SCRIPT_EXTRA, **_LATIN_EXTRA, **_LEET}
_TO_LATIN = str.maketrans(_LOOKALIKES)
# "1" and "|" also stand for "l" ("bu11shit"): a second reading tries that.
_TO_LATIN_L = str.maketrans({**_LOOKALIKES, "1": "l", "!": "l"})
# Symbols are punctuation as often as letters ("klootzak!"): a third reading keeps them apart.
_TO_LATIN_NO_SYMBOLS = str.maketrans({k: v for k, v in _LOOKALIKES.items() if k not in _LEET or k.isalnum()})
# Format characters (zero-width, soft hyphen, bidi) vanish inside a word; control characters
# (line breaks, tabs) separate words.
_INVISIBLE = regex.compile(r"\p{Cf}")
_CONTROL = regex.compile(r"\p{Cc}")
_WORD = regex.compile(r"\p{L}+")
_STRETCHED = regex.compile(r"(\p{L})\1{2,}")
_NOT_LETTER = regex.compile(r"\P{L}+")
_EDGES = regex.compile(r"^\P{L}+|\P{L}+$")
# A piece with symbols between its letters ("f*ck"): each symbol may stand for one letter.
_INNER_SYMBOLS = regex.compile(r"\p{L}[^\p{L}\s]+\p{L}")


def _unmarked(text: str) -> str:
    """NFKC, case folded, without invisible characters and combining marks."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _CONTROL.sub(" ", _INVISIBLE.sub("", text))
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# Only what looks alike (no leetspeak: "Sam 2" and "Sam Z" are different names).
_LOOK_ALIKE = str.maketrans({**_skeletons(), **_LATIN_EXTRA})
_SPACES = regex.compile(r"\s+")


def look_alike_key(text: str) -> str:
    """What a name looks like on a screen: case, width and accents folded, look-alike letters
    of other scripts read as Latin ("Sam", "ＳＡＭ", "Såm" and Cyrillic "Ѕаm" share a key)."""
    return _SPACES.sub(" ", _unmarked(text).translate(_LOOK_ALIKE)).strip()


def words_of(text: str, table: dict[int, str] = _TO_LATIN) -> list[str]:
    """The folded words of a text: what the lists are matched against."""
    return _WORD.findall(_unmarked(text).translate(table))


def _tokens(unmarked: str) -> list[str]:
    """The folded text's space-separated pieces that have symbols or digits between letters,
    without the non-letters around them ("(fu-ck!)" is "fu-ck"): where a word may hide."""
    pieces: list[str] = []
    for table in (_TO_LATIN, _TO_LATIN_NO_SYMBOLS):  # "fu-ck!": the "!" is an i, or punctuation
        for piece in unmarked.translate(table).split():
            piece = _EDGES.sub("", piece)
            if _INNER_SYMBOLS.search(piece) and piece not in pieces:
                pieces.append(piece)
    return pieces


def _readings(unmarked: str, inner: list[str]) -> list[list[str]]:
    """Every way of reading the folded text's words that a filter dodger might mean (`inner`:
    its pieces with symbols between letters, from _tokens)."""
    readings: list[list[str]] = []
    for table in (_TO_LATIN, _TO_LATIN_L, _TO_LATIN_NO_SYMBOLS):
        words = _WORD.findall(unmarked.translate(table))
        if words not in readings:
            readings.append(words)
    if inner:  # symbols and digits inside a word are dropped ("fu-ck", "fu_ck", "fu'ck", "fu2ck")
        readings.append([word for word in (_NOT_LETTER.sub("", piece) for piece in inner) if word])
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


@lru_cache(maxsize=1024)
def _masked(piece: str) -> "regex.Pattern[str]":
    """A pattern for `piece` in which each symbol or digit stands for any one letter."""
    return regex.compile("".join(regex.escape(ch) if ch.isalpha() else r"\p{L}" for ch in piece))


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
        self.by_length: dict[int, list[str]] = {}
        for word in self.words:
            self.by_length.setdefault(len(word), []).append(word)

    def __len__(self) -> int:
        return len(self.words) + len(self.phrases)

    def find(self, text: str) -> str | None:
        """The first listed word or phrase the text contains (as it is listed), or None."""
        unmarked = _unmarked(text)
        inner = _tokens(unmarked) if _INNER_SYMBOLS.search(unmarked) else []
        for piece in inner:
            masked = _masked(piece)
            for word in self.by_length.get(len(piece), ()):
                if masked.fullmatch(word):
                    return word
        for words in _readings(unmarked, inner):
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
