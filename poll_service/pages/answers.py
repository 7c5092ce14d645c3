"""The phone page's answers, per question type, for the plain-form path.

A posted form becomes `values` (the raw strings, by field), and `values` become the API's response
body; a stored answer becomes `values` too, so the same template fills the form from either (a
form sent back with an error keeps what was typed). docs/question-types.md has the bodies.

Form fields: `choice` (repeated) for multiple choice, `entry` (repeated) for a word cloud, `text`
for an open answer, and one field per option for the others: `rate.<id>` (1..steps or "skip"),
`rank.<id>` (1..n) and `points.<id>` (a whole number)."""

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from starlette.datastructures import FormData

from poll_service.question_types.registry import max_submissions

Values = dict[str, Any]
SKIP = "skip"
# How much of a tally a phone shows under "what everyone answered".
PHONE_WORDS = 10
PHONE_TEXTS = 5


class FormProblem(Exception):
    """What is wrong with a posted answer, as a text key of the phone page (plus its values)."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


def several(question: dict[str, Any]) -> int:
    """How many answers one phone may send (1 unless the question takes several)."""
    return max_submissions(question["settings"])


def empty_values(question: dict[str, Any]) -> Values:
    options = question["options"]
    return {
        "choice": [],
        "entries": [],
        "text": "",
        "rate": {},
        "rank": {o["id"]: str(i + 1) for i, o in enumerate(options)},
        "points": {},
    }


def form_values(question: dict[str, Any], form: FormData) -> Values:
    """The posted fields as strings; nothing is checked yet."""

    def field(name: str) -> str:
        value = form.get(name)
        return value if isinstance(value, str) else ""

    ids = [str(o["id"]) for o in question["options"]]
    return {
        "choice": [v for v in form.getlist("choice") if isinstance(v, str)],
        "entries": [v for v in form.getlist("entry") if isinstance(v, str)],
        "text": field("text"),
        "rate": {i: field(f"rate.{i}") for i in ids},
        "rank": {i: field(f"rank.{i}") for i in ids},
        "points": {i: field(f"points.{i}").strip() for i in ids},
    }


def stored_values(question: dict[str, Any], mine: dict[str, Any] | None) -> Values:
    """The participant's own answer as form values (an empty form when there is none, or when the
    question takes several answers: then the form is for the next one)."""
    values = empty_values(question)
    if not mine or several(question) > 1:
        return values
    values["choice"] = list(mine.get("choice_ids", []))
    values["entries"] = list(mine.get("entries", []))
    values["text"] = str(mine.get("text", ""))
    ratings = mine.get("ratings", {})
    values["rate"] = {k: SKIP if v is None else str(v) for k, v in ratings.items()}
    if mine.get("order"):
        values["rank"] = {k: str(i + 1) for i, k in enumerate(mine["order"])}
    points = mine.get("points")
    if points:
        values["points"] = {o["id"]: str(points.get(o["id"], 0)) for o in question["options"]}
    return values


def _whole(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 6 else None


def answer_body(question: dict[str, Any], values: Values) -> dict[str, Any]:
    """The response body for the API (without question_id); FormProblem says what to fix."""
    kind = question["type"]
    settings = question["settings"]
    options = question["options"]
    ids = [str(o["id"]) for o in options]
    if kind in ("multiple_choice", "quiz"):  # a quiz is answered like multiple choice
        chosen = values["choice"]
        limit = int(settings.get("max_choices") or 1)
        if not chosen:
            raise FormProblem("phone.error_pick")
        if len(chosen) > limit:
            raise FormProblem("phone.error_too_many_choices", n=limit)
        return {"choice_ids": chosen}
    if kind == "word_cloud":
        entries = [e.strip() for e in values["entries"] if e.strip()]
        if not entries:
            raise FormProblem("phone.error_word")
        return {"entries": entries[: int(settings["max_entries"])]}
    if kind == "open_text":
        if not values["text"].strip():
            raise FormProblem("phone.error_text")
        return {"text": values["text"]}
    if kind == "scale":
        return {"ratings": _ratings(ids, values["rate"], settings)}
    if kind == "ranking":
        places = {i: _whole(values["rank"].get(i, "")) for i in ids}
        if sorted(p or 0 for p in places.values()) != list(range(1, len(ids) + 1)):
            raise FormProblem("phone.error_rank")
        return {"order": sorted(ids, key=lambda i: places[i] or 0)}
    if kind == "points":
        total = int(settings["total"])
        given: dict[str, int] = {}
        for i in ids:
            raw = values["points"].get(i, "")
            number = _whole(raw) if raw else 0
            if number is None:
                raise FormProblem("phone.error_points_number")
            given[i] = number
        spent = sum(given.values())
        if spent > total:
            raise FormProblem("phone.error_points_over", n=total)
        if spent == 0:
            raise FormProblem("phone.error_points_none")
        return {"points": given}
    raise FormProblem("phone.error_invalid")


def _ratings(ids: list[str], rate: dict[str, str], settings: dict[str, Any]) -> dict[str, int | None]:
    steps = int(settings["steps"])
    skip = bool(settings.get("allow_skip", True))
    ratings: dict[str, int | None] = {}
    for i in ids:
        raw = rate.get(i, "")
        number = _whole(raw)
        if number is not None and 1 <= number <= steps:
            ratings[i] = number
        elif skip and raw in ("", SKIP):
            ratings[i] = None  # left open, or skipped on purpose
        else:
            raise FormProblem("phone.error_rate")
    if all(v is None for v in ratings.values()):
        raise FormProblem("phone.error_rate_one")
    return ratings


def ranked_options(question: dict[str, Any], values: Values) -> list[dict[str, Any]]:
    """The items in the order of their places (for the form without scripts)."""
    options = question["options"]
    position = {o["id"]: n for n, o in enumerate(options)}

    def place(option: dict[str, Any]) -> tuple[int, int]:
        number = _whole(values["rank"].get(option["id"], ""))
        return (number if number is not None else len(options) + 1, position[option["id"]])

    return sorted(options, key=place)


def result_rows(
    question: dict[str, Any], result: dict[str, Any], *, words: int = PHONE_WORDS, texts: int = PHONE_TEXTS
) -> list[dict[str, Any]]:
    """What everyone answered, as rows: a label, a value and a meter (0-100 or None). A phone shows
    the first `words` words and the newest `texts` answers; result-rows.js draws the same rows for
    the page with scripts (tests/test_result_rows_pinned.py holds the two together)."""
    tally = result["tally"]
    options = question["options"]
    labels = {o["id"]: o["label"] for o in options}
    total = int(result["response_count"])
    kind = question["type"]
    if kind == "word_cloud":
        shown = tally.get("words", [])[:words]
        top = max((w["count"] for w in shown), default=0)
        return [_row(w["text"], str(w["count"]), 100 * w["count"] / top if top else 0) for w in shown]
    if kind == "open_text":
        return [_row(text, "", None) for text in tally.get("answers", [])[:texts]]
    if kind == "scale":
        steps = int(tally.get("steps", 5))
        rows = []
        for o in options:
            mean = tally.get("statements", {}).get(o["id"], {}).get("mean")
            shown = fixed(mean, 1) if mean is not None else "\N{EN DASH}"
            rows.append(_row(o["label"], f"{shown} / {steps}", _scale_percent(mean, steps)))
        return rows
    if kind == "ranking":
        items = tally.get("items", [])
        top = max((i["points"] for i in items), default=0)
        return [
            _row(f"{n}. {labels.get(i['option_id'], '')}", str(i["points"]), 100 * i["points"] / (top or 1))
            for n, i in enumerate(items, 1)
        ]
    if kind == "points":
        shares = tally.get("shares", {})
        return [
            _row(o["label"], f"{fixed(100 * shares.get(o['id'], 0))}%", 100 * shares.get(o["id"], 0))
            for o in options
        ]
    counts = tally.get("counts", {})
    rows = []
    for o in options:
        percent = int(fixed(100 * counts.get(o["id"], 0) / total)) if total else 0
        rows.append(_row(o["label"], f"{percent}%", percent))
    return rows


def fixed(value: float, digits: int = 0) -> str:
    """`value` to `digits` decimals with halves rounded up (2.25 -> "2.3"), as the browser's
    toFixed does; Python's own rounding sends halves to the even digit."""
    return str(Decimal(value).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def _scale_percent(mean: float | None, steps: int) -> float:
    return 100 * (mean - 1) / (steps - 1) if mean is not None and steps > 1 else 0


def _row(label: str, value: str, percent: float | None) -> dict[str, Any]:
    return {"label": label, "value": value, "percent": None if percent is None else round(percent, 1)}
