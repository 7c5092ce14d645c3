"""Pure tallies: question + answers -> result. No I/O; the live rooms keep one incrementally."""

from collections.abc import Iterable
from typing import Any, Protocol


class Tally(Protocol):
    def add(self, answer: dict[str, Any]) -> None: ...
    def remove(self, answer: dict[str, Any]) -> None: ...
    def snapshot(self) -> dict[str, Any]: ...


class ChoiceTally:
    """Counts per option; every option is present, with 0 when nobody chose it."""

    def __init__(self, option_ids: Iterable[str]) -> None:
        self.counts: dict[str, int] = dict.fromkeys(option_ids, 0)

    def add(self, answer: dict[str, Any]) -> None:
        for choice in answer.get("choice_ids", ()):
            if choice in self.counts:
                self.counts[choice] += 1

    def remove(self, answer: dict[str, Any]) -> None:
        for choice in answer.get("choice_ids", ()):
            if self.counts.get(choice, 0) > 0:
                self.counts[choice] -= 1

    def snapshot(self) -> dict[str, Any]:
        return {"counts": dict(self.counts)}


def new_tally(question_type: str, options: list[dict[str, Any]]) -> Tally:
    if question_type == "multiple_choice":
        return ChoiceTally(o["id"] for o in options)
    raise ValueError(f"no tally for question type {question_type!r}")


def tally(
    question_type: str, options: list[dict[str, Any]], answers: Iterable[dict[str, Any]]
) -> dict[str, Any]:
    """The result of a question from all its answers at once (what a recount gives)."""
    result = new_tally(question_type, options)
    for answer in answers:
        result.add(answer)
    return result.snapshot()
