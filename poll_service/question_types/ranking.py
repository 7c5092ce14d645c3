"""Ranking: put every item in order (1 = top); average rank and Borda points per item."""

from typing import Any

from pydantic import Field

from poll_service.errors import InvalidInput
from poll_service.question_types.base import (
    Answer,
    AnswerBody,
    Examples,
    Fields,
    FormProblem,
    Options,
    PhoneForm,
    Question,
    QuestionType,
    Row,
    RowLimits,
    Settings,
    Strict,
    Values,
    check_known,
    labelled,
    posted,
    row,
    whole,
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


# ----- the phone's form without scripts (field `rank.<id>`: 1..n), and result rows -----
def _with_order(question: Question, rank: dict[str, str]) -> Values:
    """The places as typed, and the items in the order of those places (as the form lists them)."""
    options = question["options"]
    position = {o["id"]: n for n, o in enumerate(options)}

    def place(option: dict[str, Any]) -> tuple[int, int]:
        number = whole(rank.get(option["id"], ""))
        return (number if number is not None else len(options) + 1, position[option["id"]])

    return {"rank": rank, "ranked": sorted(options, key=place)}


def read_places(question: Question, fields: Fields) -> Values:
    return _with_order(question, {o["id"]: posted(fields, f"rank.{o['id']}") for o in question["options"]})


def stored_places(question: Question, mine: Answer | None) -> Values:
    order = (mine or {}).get("order") or [o["id"] for o in question["options"]]
    return _with_order(question, {k: str(i + 1) for i, k in enumerate(order)})


def places_body(question: Question, values: Values) -> Answer:
    ids = [o["id"] for o in question["options"]]
    places = {i: whole(values["rank"].get(i, "")) for i in ids}
    if sorted(p or 0 for p in places.values()) != list(range(1, len(ids) + 1)):
        raise FormProblem("phone.error_rank")
    return {"order": sorted(ids, key=lambda i: places[i] or 0)}


def ranking_rows(question: Question, result: dict[str, Any], limits: RowLimits) -> list[Row]:
    """The items by points, best first, numbered, with a meter against the top item."""
    labels = {o["id"]: o["label"] for o in question["options"]}
    items = result["tally"].get("items", [])
    top = max((i["points"] for i in items), default=0)
    return [
        row(f"{n}. {labels.get(i['option_id'], '')}", str(i["points"]), 100 * i["points"] / (top or 1))
        for n, i in enumerate(items, 1)
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
    phone_form=PhoneForm(read_places, stored_places, places_body),
    result_rows=ranking_rows,
)
