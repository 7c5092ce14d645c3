"""Pure tallies: question + answers -> result. No I/O.

Each type has a small class that can add and remove one answer, so a live room keeps its tally
up to date as answers arrive and change; `tally()` builds the same from scratch, which is what a
recount of the stored responses gives (the tests hold the two to be equal).
"""

from collections import Counter
from collections.abc import Iterable
from typing import Any, Protocol

from poll_service.quiz.scoring import correct_ids, is_correct
from poll_service.text import PUSH_TEXT_BYTES, fold_key, utf8_size, within_budget

Answer = dict[str, Any]
Options = list[dict[str, Any]]

WORDS_SHOWN = 150
TEXTS_SHOWN = 100


class Tally(Protocol):
    def add(self, answer: Answer) -> None: ...
    def remove(self, answer: Answer) -> None: ...
    def snapshot(self) -> dict[str, Any]: ...


class ChoiceTally:
    """Counts per option; every option is present, with 0 when nobody chose it."""

    def __init__(self, options: Options, _settings: dict[str, Any]) -> None:
        self.counts: dict[str, int] = dict.fromkeys((o["id"] for o in options), 0)

    def add(self, answer: Answer) -> None:
        for choice in answer.get("choice_ids", ()):
            if choice in self.counts:
                self.counts[choice] += 1

    def remove(self, answer: Answer) -> None:
        for choice in answer.get("choice_ids", ()):
            if self.counts.get(choice, 0) > 0:
                self.counts[choice] -= 1

    def snapshot(self) -> dict[str, Any]:
        return {"counts": dict(self.counts)}


class QuizTally(ChoiceTally):
    """Counts per option plus the right options and how many answers were right. Organiser views
    get all of it; phones get only the counts until voting closes (quiz/rules.py)."""

    def __init__(self, options: Options, settings: dict[str, Any]) -> None:
        super().__init__(options, settings)
        self.options = options
        self.settings = settings
        self.right = 0

    def _is_right(self, answer: Answer) -> bool:
        return is_correct(self.options, self.settings, answer.get("choice_ids", ()))

    def add(self, answer: Answer) -> None:
        super().add(answer)
        self.right += self._is_right(answer)

    def remove(self, answer: Answer) -> None:
        super().remove(answer)
        if self._is_right(answer) and self.right > 0:
            self.right -= 1

    def snapshot(self) -> dict[str, Any]:
        return {
            "counts": dict(self.counts),
            "correct_option_ids": correct_ids(self.options),
            "correct_count": self.right,
        }


class WordTally:
    """Words merged by folded key, most frequent first. Each shows in its most used spelling (ties:
    the one that sorts first), so the display never depends on the order answers arrived in."""

    def __init__(self, _options: Options, _settings: dict[str, Any]) -> None:
        self.counts: Counter[str] = Counter()
        self.spellings: dict[str, Counter[str]] = {}
        # Folded keys the presenter hid (moderation/): still counted, never shown.
        self.hidden: set[str] = set()

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


def _word_size(word: dict[str, Any]) -> int:
    return utf8_size(word["text"]) + utf8_size(word["key"])


class TextTally:
    """Free answers, newest first."""

    def __init__(self, _options: Options, _settings: dict[str, Any]) -> None:
        self.texts: list[str] = []

    def add(self, answer: Answer) -> None:
        self.texts.append(str(answer.get("text", "")))

    def remove(self, answer: Answer) -> None:
        text = str(answer.get("text", ""))
        for i in range(len(self.texts) - 1, -1, -1):
            if self.texts[i] == text:
                del self.texts[i]
                return

    def snapshot(self) -> dict[str, Any]:
        newest = self.texts[::-1][:TEXTS_SHOWN]
        return {"answers": within_budget(newest, utf8_size, PUSH_TEXT_BYTES), "count": len(self.texts)}


class ScaleTally:
    """Per statement: how many chose each step, the mean, and how many skipped."""

    def __init__(self, options: Options, settings: dict[str, Any]) -> None:
        self.steps = int(settings.get("steps", 5))
        self.distribution = {o["id"]: [0] * self.steps for o in options}
        self.skipped = dict.fromkeys((o["id"] for o in options), 0)

    def _apply(self, answer: Answer, delta: int) -> None:
        for statement, value in answer.get("ratings", {}).items():
            if statement not in self.distribution:
                continue
            if value is None:
                self.skipped[statement] = max(0, self.skipped[statement] + delta)
            elif 1 <= value <= self.steps:
                bucket = self.distribution[statement]
                bucket[value - 1] = max(0, bucket[value - 1] + delta)

    def add(self, answer: Answer) -> None:
        self._apply(answer, 1)

    def remove(self, answer: Answer) -> None:
        self._apply(answer, -1)

    def snapshot(self) -> dict[str, Any]:
        statements = {}
        for statement, counts in self.distribution.items():
            n = sum(counts)
            mean = sum((i + 1) * c for i, c in enumerate(counts)) / n if n else None
            statements[statement] = {
                "distribution": list(counts),
                "count": n,
                "mean": round(mean, 2) if mean is not None else None,
                "skipped": self.skipped[statement],
            }
        return {"steps": self.steps, "statements": statements}


class RankingTally:
    """Average rank per item (1 = top) and Borda points (n for first place … 1 for last)."""

    def __init__(self, options: Options, _settings: dict[str, Any]) -> None:
        self.n = len(options)
        self.rank_sum = dict.fromkeys((o["id"] for o in options), 0)
        self.votes = 0

    def _apply(self, answer: Answer, delta: int) -> None:
        order = answer.get("order", [])
        if sorted(order) != sorted(self.rank_sum):
            return  # items changed since this answer: it no longer ranks this list
        self.votes += delta
        for rank, item in enumerate(order, start=1):
            self.rank_sum[item] += delta * rank

    def add(self, answer: Answer) -> None:
        self._apply(answer, 1)

    def remove(self, answer: Answer) -> None:
        self._apply(answer, -1)

    def snapshot(self) -> dict[str, Any]:
        items = [
            {
                "option_id": item,
                "average_rank": round(total / self.votes, 2) if self.votes else None,
                "points": (self.n + 1) * self.votes - total,
            }
            for item, total in self.rank_sum.items()
        ]
        items.sort(key=lambda i: (-i["points"], i["option_id"]))
        return {"items": items, "votes": self.votes}


class PointsTally:
    """Points spread over items: total per item and its share of all points given."""

    def __init__(self, options: Options, _settings: dict[str, Any]) -> None:
        self.totals = dict.fromkeys((o["id"] for o in options), 0)

    def _apply(self, answer: Answer, delta: int) -> None:
        for item, value in answer.get("points", {}).items():
            if item in self.totals:
                self.totals[item] += delta * int(value)

    def add(self, answer: Answer) -> None:
        self._apply(answer, 1)

    def remove(self, answer: Answer) -> None:
        self._apply(answer, -1)

    def snapshot(self) -> dict[str, Any]:
        given = sum(self.totals.values())
        shares = {k: round(v / given, 4) if given else 0.0 for k, v in self.totals.items()}
        return {"totals": dict(self.totals), "shares": shares}


_TALLIES: dict[str, type[Any]] = {
    "multiple_choice": ChoiceTally,
    "quiz": QuizTally,
    "word_cloud": WordTally,
    "open_text": TextTally,
    "scale": ScaleTally,
    "ranking": RankingTally,
    "points": PointsTally,
}


def new_tally(question_type: str, options: Options, settings: dict[str, Any] | None = None) -> Tally:
    try:
        factory = _TALLIES[question_type]
    except KeyError:
        raise ValueError(f"no tally for question type {question_type!r}") from None
    result: Tally = factory(options, settings or {})
    return result


def tally(
    question_type: str,
    options: Options,
    answers: Iterable[Answer],
    settings: dict[str, Any] | None = None,
    hidden_keys: Iterable[str] = (),
) -> dict[str, Any]:
    """The result of a question from all its answers at once (what a recount gives); a word cloud
    leaves out the words whose folded keys are in `hidden_keys`."""
    result = new_tally(question_type, options, settings)
    hide_words(result, hidden_keys)
    for answer in answers:
        result.add(answer)
    return result.snapshot()


def hide_words(result: Tally, keys: Iterable[str]) -> None:
    """Words the presenter hid leave a word cloud's snapshot (other tallies have no words)."""
    if isinstance(result, WordTally):
        result.hidden = set(keys)
