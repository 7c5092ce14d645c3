"""Ranking: put every item in order (1 = top); average rank and Borda points per item."""

from typing import Any

from pydantic import Field

from poll_service.errors import InvalidInput
from poll_service.question_types.base import (
    Answer,
    AnswerBody,
    Examples,
    Options,
    QuestionType,
    Settings,
    Strict,
    check_known,
    labelled,
)


class RankingSettings(Strict):
    allow_change: bool = True


class RankingAnswer(AnswerBody):
    order: list[str] = Field(min_length=2, max_length=10)


def check_order(answer: Any, options: Options, settings: Settings) -> Answer:
    check_known(answer.order, options, "order")
    if len(answer.order) != len(options):
        raise InvalidInput(f"order must list all {len(options)} items once")
    return {"order": list(answer.order)}


class RankingTally:
    """Average rank per item (1 = top) and Borda points (n for first place … 1 for last)."""

    def __init__(self, options: Options, _settings: Settings) -> None:
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


def _valid(options: Options) -> list[Answer]:
    ids = [o["id"] for o in options]
    return [{"order": ids}, {"order": ids[::-1]}, {"order": ids[1:] + ids[:1]}]


def _invalid(options: Options) -> list[Any]:
    ids = [o["id"] for o in options]
    return [
        {},
        {"order": ids[:1]},
        {"order": ids[:-1]},
        {"order": [ids[0], *ids[:-1]]},
        {"order": [*ids[:-1], "x"]},
    ]


TYPE = QuestionType(
    "ranking",
    RankingSettings,
    2,
    10,
    RankingAnswer,
    check_order,
    RankingTally,
    Examples({"options": labelled("Coffee", "Tea", "Water")}, _valid, _invalid),
)
