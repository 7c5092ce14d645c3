"""Page texts in English and Dutch: one JSON catalogue per language, chosen by Accept-Language."""

import json
from functools import cache
from pathlib import Path
from typing import Literal

Lang = Literal["en", "nl"]
LANGUAGES: tuple[Lang, ...] = ("en", "nl")
DEFAULT_LANG: Lang = "en"
_CATALOGUE_DIR = Path(__file__).resolve().parent / "i18n"


@cache
def catalogue(lang: Lang) -> dict[str, str]:
    data = json.loads((_CATALOGUE_DIR / f"{lang}.json").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return {str(k): str(v) for k, v in data.items()}


def as_lang(value: str | None) -> Lang:
    """A stored language ("nl", "en") as one we have texts for."""
    return "nl" if value == "nl" else DEFAULT_LANG


def negotiate(accept_language: str | None) -> Lang:
    """The best of our languages for an Accept-Language header ("nl-NL,nl;q=0.9" -> "nl")."""
    best: Lang = DEFAULT_LANG
    best_q = -1.0
    for item in (accept_language or "")[:500].split(",")[:20]:
        tag, _, params = item.strip().partition(";")
        primary = tag.strip().split("-")[0].lower()
        if primary not in LANGUAGES:
            continue
        q = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                q = float(params[2:])
            except ValueError:
                continue
        if q > best_q:  # equal weights: the first one listed wins
            best, best_q = as_lang(primary), q
    return best if best_q > 0 else DEFAULT_LANG


class Translator:
    """`t("key")` or `t("key", n=3)` in templates; unknown keys show up as the key itself."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang
        self.texts = catalogue(lang)

    def __call__(self, key: str, **values: object) -> str:
        text = self.texts.get(key, key)
        return text.format(**values) if values else text

    def subset(self, *prefixes: str) -> dict[str, str]:
        """The texts a page's script needs, handed to it in a data attribute."""
        return {k: v for k, v in self.texts.items() if k.startswith(prefixes)}
