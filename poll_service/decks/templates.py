"""The built-in templates: deck documents shipped in `builtin/`, one file per template and
language (`<id>.<lang>.json`), read and validated once. A template in a language it was not
written in falls back to English."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from poll_service.decks.document import DeckDocument, read_deck
from poll_service.errors import InvalidInput

BUILTIN = Path(__file__).resolve().parent / "builtin"
FALLBACK = "en"
# The order the dashboard lists them in.
ORDER = ("event-evaluation", "icebreaker", "network-meeting", "retrospective")


@dataclass(frozen=True)
class Template:
    id: str
    language: str
    deck: DeckDocument


@cache
def builtin_templates() -> dict[tuple[str, str], Template]:
    found = {}
    for path in sorted(BUILTIN.glob("*.*.json")):
        template_id, language = path.name.removesuffix(".json").rsplit(".", 1)
        found[template_id, language] = Template(template_id, language, read_deck(path.read_bytes()))
    return found


def templates_in(language: str) -> list[Template]:
    """Every template, in `language` where it has one (else in English)."""
    known = builtin_templates()
    ids = sorted({tid for tid, _ in known}, key=_rank)
    return [known.get((tid, language)) or known[tid, FALLBACK] for tid in ids]


def _rank(template_id: str) -> tuple[int, str]:
    return (ORDER.index(template_id) if template_id in ORDER else len(ORDER), template_id)


def template(template_id: str, language: str) -> Template:
    for found in templates_in(language):
        if found.id == template_id:
            return found
    known = ", ".join(t.id for t in templates_in(FALLBACK))
    raise InvalidInput(f"template: unknown template {template_id[:64]!r}; known templates: {known}")
