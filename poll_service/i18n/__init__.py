"""Page texts: one JSON catalogue per language, `<lang>.json` in poll_service/i18n/ (plus the
folder POLL_LOCALE_DIR names). A third language is one more file, not a code change: its
`lang.name` key names it in the language switch, and keys it lacks fall back to English.

Which language a page speaks: `?lang=xx` on the URL, else the visitor's choice remembered in the
`poll_lang` cookie (set by GET /lang/{lang}), else the browser's Accept-Language, else the page's
own default (a presentation's language), else English."""

import json
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

# A language code as catalogue files are named: "en", "nl", "de", "fy" (ISO 639).
Lang = str
DEFAULT_LANG: Lang = "en"
LANG_COOKIE = "poll_lang"
LANG_CODE = re.compile(r"^[a-z]{2,3}$")
# A catalogue is small and read once; these bounds only stop a broken file from taking the server.
MAX_CATALOGUE_BYTES = 512 * 1024
MAX_TEXT_CHARS = 4000
_CATALOGUE_DIR = Path(__file__).resolve().parent


class CatalogueError(ValueError):
    """A catalogue file that is not a JSON object of short strings."""


def _read(path: Path) -> dict[str, str]:
    raw = path.read_bytes()
    if len(raw) > MAX_CATALOGUE_BYTES:
        raise CatalogueError(f"{path}: larger than {MAX_CATALOGUE_BYTES} bytes")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CatalogueError(f"{path}: not valid UTF-8 JSON ({exc})") from exc
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and len(v) <= MAX_TEXT_CHARS for k, v in data.items()
    ):
        raise CatalogueError(f"{path}: must be one JSON object of text keys and text values")
    return data


class Catalogues:
    """Every catalogue of the given folders (a later folder adds languages or replaces texts)."""

    def __init__(self, folders: Iterable[Path]) -> None:
        texts: dict[Lang, dict[str, str]] = {}
        for folder in folders:
            for path in sorted(folder.glob("*.json")):
                if LANG_CODE.match(path.stem):
                    texts.setdefault(path.stem, {}).update(_read(path))
        if DEFAULT_LANG not in texts:
            raise CatalogueError(f"no {DEFAULT_LANG}.json catalogue found")
        english = texts[DEFAULT_LANG]
        self.texts = {lang: {**english, **own} for lang, own in texts.items()}
        # English first, then by code: the order of the language switch.
        self.languages: tuple[Lang, ...] = (DEFAULT_LANG, *sorted(set(texts) - {DEFAULT_LANG}))

    def known(self, value: str | None) -> Lang | None:
        """`value` if we have texts for it ("nl", "NL", "nl-BE" -> "nl"), else None."""
        if not value or len(value) > 35:
            return None
        primary = value.strip().split("-")[0].lower()
        return primary if primary in self.texts else None

    def name(self, lang: Lang) -> str:
        return self.texts[lang].get("lang.name", lang)

    def negotiate(self, accept_language: str | None) -> Lang | None:
        """The best of our languages for an Accept-Language header ("nl-NL,nl;q=0.9" -> "nl"), or
        None when it names none of them."""
        best: Lang | None = None
        best_q = 0.0
        for item in (accept_language or "")[:500].split(",")[:20]:
            tag, _, params = item.strip().partition(";")
            lang = self.known(tag)
            if lang is None:
                continue
            q = 1.0
            params = params.strip()
            if params.startswith("q="):
                try:
                    q = float(params[2:])
                except ValueError:
                    continue
            if q > best_q:  # equal weights: the first one listed wins
                best, best_q = lang, q
        return best


@cache
def catalogues(extra: Path | None = None) -> Catalogues:
    """The built-in catalogues, plus those in `extra` (POLL_LOCALE_DIR)."""
    return Catalogues([_CATALOGUE_DIR] if extra is None else [_CATALOGUE_DIR, extra])


def catalogue(lang: Lang) -> dict[str, str]:
    return catalogues().texts[lang]


def as_lang(value: str | None) -> Lang:
    """A stored language ("nl", "en") as one we have texts for."""
    return catalogues().known(value) or DEFAULT_LANG


def negotiate(accept_language: str | None) -> Lang:
    """The browser's language among the built-in ones, English when it names none of them."""
    return catalogues().negotiate(accept_language) or DEFAULT_LANG


class Translator:
    """`t("key")` or `t("key", n=3)` in templates; unknown keys show up as the key itself."""

    def __init__(self, lang: Lang, texts: dict[str, str] | None = None) -> None:
        self.lang = lang
        self.texts = texts if texts is not None else catalogue(lang)

    def __call__(self, key: str, **values: object) -> str:
        text = self.texts.get(key, key)
        return text.format(**values) if values else text

    def subset(self, *prefixes: str) -> dict[str, str]:
        """The texts a page's script needs, handed to it in a data attribute."""
        return {k: v for k, v in self.texts.items() if k.startswith(prefixes)}
