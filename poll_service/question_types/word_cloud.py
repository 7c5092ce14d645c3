"""Word cloud: up to three words per submission; words merged by their folded key (case, accents,
width), most frequent first; a presenter can hide a word (moderation/)."""

from collections import Counter
from collections.abc import Iterable
from typing import Annotated, Any

from pydantic import Field

from poll_service.errors import InvalidInput
from poll_service.question_types.base import (
    Answer,
    AnswerBody,
    Examples,
    Fields,
    FormProblem,
    FreeTextSettings,
    Options,
    PhoneForm,
    Question,
    QuestionType,
    Row,
    RowLimits,
    Settings,
    Values,
    row,
)
from poll_service.text import (
    MAX_WORD_KEY,
    MAX_WORD_LENGTH,
    PUSH_TEXT_BYTES,
    clean_text,
    fold_key,
    max_code_points,
    utf8_size,
    within_budget,
)

WORDS_SHOWN = 150


class WordCloudSettings(FreeTextSettings):
    max_entries: int = Field(default=3, ge=1, le=3)
    max_length: int = Field(default=40, ge=1, le=MAX_WORD_LENGTH)


class WordCloudAnswer(AnswerBody):
    # Each entry is checked again in characters as people count them (settings.max_length).
    entries: list[Annotated[str, Field(max_length=max_code_points(MAX_WORD_LENGTH) + 16)]] = Field(
        min_length=1, max_length=3
    )


def check_words(answer: Any, options: Options, settings: Settings) -> Answer:
    limit = int(settings["max_entries"])
    if len(answer.entries) > limit:
        raise InvalidInput(f"at most {limit} word(s) per submission")
    words = [
        clean_text(e, max_graphemes=int(settings["max_length"]), field="entries") for e in answer.entries
    ]
    if any(len(fold_key(word)) > MAX_WORD_KEY for word in words):  # what a presenter can hide
        raise InvalidInput(f"entries is longer than {settings['max_length']} characters")
    return {"entries": words}


class WordTally:
    """Words merged by folded key, most frequent first. Each shows in its most used spelling (ties:
    the one that sorts first), so the display never depends on the order answers arrived in."""

    def __init__(self, _options: Options, _settings: Settings) -> None:
        self.counts: Counter[str] = Counter()
        self.spellings: dict[str, Counter[str]] = {}
        # Folded keys the presenter hid (moderation/): still counted, never shown.
        self.hidden: set[str] = set()

    def hide(self, keys: Iterable[str]) -> None:
        self.hidden = set(keys)

    def add(self, answer: Answer) -> None:
        for word in answer.get("entries", ()):
            key = fold_key(word)
            self.counts[key] += 1
            self.spellings.setdefault(key, Counter())[word] += 1

    def remove(self, answer: Answer) -> None:
        for word in answer.get("entries", ()):
            key = fold_key(word)
            spellings = self.spellings.get(key)
            if spellings is None or spellings[word] <= 0:
                continue
            spellings[word] -= 1
            if spellings[word] == 0:
                del spellings[word]
            self.counts[key] -= 1
            if self.counts[key] == 0:
                del self.counts[key]
                del self.spellings[key]

    def _shown(self, key: str) -> str:
        return min(self.spellings[key].items(), key=lambda kv: (-kv[1], kv[0]))[0]

    def snapshot(self) -> dict[str, Any]:
        shown = (
            [kv for kv in self.counts.items() if kv[0] not in self.hidden]
            if self.hidden
            else self.counts.items()
        )
        ranked = sorted(shown, key=lambda kv: (-kv[1], kv[0]))[:WORDS_SHOWN]
        words = [{"text": self._shown(k), "key": k, "count": c} for k, c in ranked]
        return {
            "words": within_budget(
                words, lambda w: utf8_size(w["text"]) + utf8_size(w["key"]), PUSH_TEXT_BYTES
            ),
            "distinct": len(self.counts) - len(self.hidden.intersection(self.counts)),
        }


# ----- the phone's form without scripts (field `entry`, repeated), and result rows -----
def read_entries(question: Question, fields: Fields) -> Values:
    return {"entries": list(fields.get("entry", []))}


def stored_entries(question: Question, mine: Answer | None) -> Values:
    return {"entries": list(mine.get("entries", [])) if mine else []}


def entries_body(question: Question, values: Values) -> Answer:
    entries = [e.strip() for e in values["entries"] if e.strip()]
    if not entries:
        raise FormProblem("phone.error_word")
    return {"entries": entries[: int(question["settings"]["max_entries"])]}


def word_rows(question: Question, result: dict[str, Any], limits: RowLimits) -> list[Row]:
    """The most used words, each with a meter against the top word."""
    shown = result["tally"].get("words", [])[: limits.words]
    top = max((w["count"] for w in shown), default=0)
    return [row(w["text"], str(w["count"]), 100 * w["count"] / top if top else 0) for w in shown]


TYPE = QuestionType(
    "word_cloud",
    WordCloudSettings,
    0,
    0,
    WordCloudAnswer,
    check_words,
    WordTally,
    Examples(
        {},
        lambda _options: [{"entries": ["koffie"]}, {"entries": ["Koffie", "thee"]}, {"entries": ["café"]}],
        lambda _options: [
            {},
            {"entries": []},
            {"entries": ["  "]},
            {"entries": ["a", "b", "c", "d"]},
            {"entries": ["x" * 41]},
            {"entries": "koffie"},
        ],
    ),
    phone_form=PhoneForm(read_entries, stored_entries, entries_body),
    result_rows=word_rows,
)
